"""Near-duplicate passages across agencies' reports (内容雷同, rule X804): passages and the index.

Two halves, used at two moments of a run:

* :func:`passages_of` runs in the per-file phase (``xxgk_lint.facts.collect`` calls it): the narrative
  paragraphs of every section (一 … 六; paragraphs inside tables, the title, the introduction and the
  signature are left out), runs of short paragraphs (numbered items, sub-headings) joined into one
  passage, each :func:`normalise`-d for comparison: NFKC (full-width → half-width), every space and
  punctuation mark dropped, every run of digits replaced by ``#`` (a copied paragraph with changed
  figures still matches), the template's own labels and section titles removed, and the clauses that
  cite the 条例 (“根据《中华人民共和国政府信息公开条例》…规定”) removed.  Cheap: pure ``str`` work, and a
  paragraph seen before (the same text in another report of the run) is not normalised again.
* :func:`find_copies` runs once per run, on the passages of every report: character 4-gram shingles
  (CJK text has no spaces), boilerplate shingles removed, MinHash signatures, LSH banding, and every
  candidate pair verified by the exact Jaccard similarity of the two shingle sets.  Identical passage
  texts (an agency's paragraph repeated from year to year, a city's stock paragraph, copies of one
  report) are shingled, signed and verified once and stand for every passage that holds them.

Boilerplate does not count.  A shingle that occurs in the passages of more than
``max(boilerplate_agencies, boilerplate_share × agencies)`` different agencies (default: more than 3
agencies, no share) is boilerplate: it is dropped from every passage before the signatures are made and
before the similarity is computed, so a heading, a stock phrase or a fee sentence that a city's
departments all print is never evidence of copying, while a paragraph only two agencies share keeps
every one of its shingles (the filter removes the same shingles from both copies, so an exact copy stays
an exact copy).  A passage left with fewer than ``min_chars // 3`` shingles is not compared.  Measured on
the twelve real reports of ``../shared/real`` (nine agencies of one city): the one sentence shared
verbatim across agencies is the fee sentence citing 国办函〔2020〕109号, in four agencies' reports (so
"more than 3"; it is also a citation clause, removed by :func:`normalise`); no other passage of one
agency is more than 40 % like another agency's.  A share of the agencies is off by default: it grows
with the repository, and in a national repository a city's 30 departments sharing a formula would stay
under 20 % and count as copying.

Only reports of *different* agencies are compared: the same agency repeating its own text from year to
year is not copying.  A report whose agency is unknown (``Identity.agency is None``) is compared with
nobody and does not count for the boilerplate either: it may be any agency's, its own other years
included, and a false "copied" finding is worse than a missed one.

Why our own MinHash on numpy rather than datasketch (``bench/similar.py --datasketch 1000``, this machine,
2 cores shared with other jobs, 1,000 synthetic reports = 29,279 passages): datasketch 2.0 builds one
``MinHash`` object per passage, hashes every shingle with SHA-1 in Python (``update_batch``) and inserts
into ``MinHashLSH`` one passage at a time: 25 s for the 1,000 reports, plus 0.7 s to import it (it pulls in
scipy), and it has no boilerplate filter.  The implementation here hashes the shingles of a whole chunk of
passages at once (a rolling polynomial over the concatenated text, multiply-shift hashing, a segmented
``minimum.reduceat``) and bands by sorting: 1.5 s for the same 1,000 reports *with* the boilerplate pass,
13 s for 10,000 reports (293,491 passages, 160 MB peak), time per report flat from 1,000 to 10,000
(bench/README.md).  numpy (a new runtime dependency, the one library used) is imported only when two
agencies' passages are to be compared and their distinct texts hold more than :data:`SMALL_CHARS`
characters (15,000, about a hundred paragraphs): fewer are indexed in pure Python (:func:`_find_small`),
with the same hashes, signatures, buckets and checks, so which index ran never changes a finding
(tests/test_similar.py runs every test on both).

LSH parameters: 64 permutations in 16 bands of 4 rows: a pair with Jaccard 0.7 (the default threshold)
becomes a candidate with probability 1 − (1 − 0.7⁴)¹⁶ ≈ 0.988, one with 0.8 with probability 0.9998, one
with 0.3 with 0.12 (rejected by the exact check), one with 0.1 with 0.0016.  The hashes are fixed (no
per-process seed), so a run gives the same findings every time, whatever the order of the files.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from xxgk_lint.facts import Passage

SHINGLE = 4  # characters per shingle
NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
MERGE_CHARS = 50  # consecutive paragraphs shorter than this (normalised) are joined into one passage
FLOOR_CHARS = 20  # shorter passages are not kept at all (the rule's min-length filters further)
MAX_PASSAGES = 400  # per report: a hostile file cannot blow the index up
MAX_PASSAGE_CHARS = 4000  # a longer passage is cut (normalised characters)
MAX_BUCKET = 200  # an LSH bucket holding more passages than this is boilerplate the filter missed: skipped

DEFAULT_THRESHOLD = 0.7
DEFAULT_MIN_CHARS = 50
DEFAULT_BOILERPLATE_AGENCIES = 3
DEFAULT_BOILERPLATE_SHARE = 0.0  # off: measured, see the module docstring

# -- normalisation -----------------------------------------------------------------------------------------
_DROP = re.compile(r"[\W_]+")  # after NFKC: every space, punctuation mark and symbol (CJK letters are \w)
_DIGITS = re.compile(r"\d+")
_CLAUSE = re.compile(r"[^，。；！？：,;!?:\n]+[，。；！？：,;!?:\n]?")
# a clause that cites a regulation or a document by its title (the 条例, the fee measures of 国办函〔2020〕109号):
# “根据《中华人民共和国政府信息公开条例》…规定”, “按照《…办法》的通知（…）规定的按件、按量收费标准”
_CITATION = re.compile(
    r"(根据|按照|依据|依照|遵照|落实|贯彻|对照).{0,8}《|》.{0,40}?(规定|要求|精神|以下简称)|条例.{0,20}?(规定|要求|第[一二三四五六七八九十百零\d]+条)"
)


# short lines of the signature that the recogniser left in the last section: a date, 抄送/印发, a bare name
_SIGNATURE = re.compile(r"#年#月#日|^抄送|印发$|^.{2,30}(局|办公室|政府|委员会|中心|管理处|街道办事处|公司)$")


# full-width letters and digits to their ASCII twins (what NFKC does to them; the full-width punctuation is
# dropped anyway): a regex finds the few there are, several times faster than NFKC over CJK text.  NFKC
# itself runs only when the text holds another compatibility character (Ⅳ, ①, ㈠, ㎡, 﨑, ︰ …)
_FULLWIDTH = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_WIDTH = {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF21 + i: 0x41 + i for i in range(26)}
_WIDTH |= {0xFF41 + i: 0x61 + i for i in range(26)}
_COMPAT = re.compile(r"[\u2160-\u217f\u2460-\u24ff\u3200-\u33ff\uf900-\ufaff\ufe30-\ufe6f]")


def _fold(text: str) -> str:
    if _COMPAT.search(text):
        return unicodedata.normalize("NFKC", text)
    return _FULLWIDTH.sub(lambda m: m.group().translate(_WIDTH), text)


def _normalise_chars(text: str) -> str:
    s = _fold(text).lower()
    s = _DROP.sub("", s)
    return _DIGITS.sub("#", s)


@cache
def _labels_re(edition: str | None) -> re.Pattern | None:
    """The template's own words (section titles and aliases, table titles, captions, headers, group, row
    and column labels), normalised, longest first: removed from passages before they are compared."""
    if edition is None:
        return None
    from xxgk_lint import templates

    try:
        tpl = templates.load(edition)
    except Exception:  # an unknown edition: nothing to remove
        return None
    words: set[str] = set()
    for s in tpl.sections:
        words.update((s.title, *s.aliases))
    for t in tpl.tables:
        words.update((t.title, *(t.caption_aliases or ()), *t.header, *t.groups))
        if t.caption:
            words.add(t.caption)
        words.update(c.label for c in t.columns)
        words.update(r.label for r in t.rows if r.label)
        words.update(b.label for b in t.blocks)
    norm = sorted({n for w in words if len(n := _normalise_chars(w)) >= 4}, key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, norm))) if norm else None


_MEMO: dict[tuple[str, str | None], str] = {}
MEMO_SIZE = 10_000  # paragraphs remembered (emptied when full): bounded memory, whatever the run's size


def normalise(text: str, edition: str | None = None) -> str:
    """``text`` as it is compared: clauses citing the 条例 removed, NFKC, lower case, no spaces or
    punctuation, digits as ``#``, the template's labels (of ``edition``) removed.

    Remembered per process: the same paragraph in many reports (a city's stock paragraphs, an agency's
    reports of several years, copies of one report) is normalised once."""
    key = (text, edition)
    s = _MEMO.get(key)
    if s is None:
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.clear()
        s = _MEMO[key] = _normalise(text, edition)
    return s


def _normalise(text: str, edition: str | None) -> str:
    if "条例" in text or "《" in text:
        text = "".join(c for c in _CLAUSE.findall(_fold(text)) if not _CITATION.search(c))
    s = _normalise_chars(text)
    labels = _labels_re(edition)
    if labels is not None and s:
        s = labels.sub("", s)
    return s


def passages_of(doc, report) -> list[Passage]:
    """The narrative passages of a recognised report, normalised, with their section and place."""
    from xxgk_lint.document import Span

    edition = report.template.id if getattr(report, "template", None) is not None else None
    out: list[Passage] = []

    def emit(span, section: str | None, text: str) -> None:
        try:
            loc = doc.locate(span)
            line = doc.line_text(loc.line) if loc is not None else ""
        except Exception:  # a source map that cannot place the span: the passage still counts
            loc, line = None, ""
        out.append(Passage(text[:MAX_PASSAGE_CHARS], section, loc, line.strip()[:200]))

    signoff = {p.span.start for p in getattr(report, "signoff", ())}
    in_table = report.in_table
    for sec in report.sections:
        sid = sec.id
        first = None  # the first paragraph of the run of short ones, and the last
        last = None
        run_text = ""
        for para in sec.paragraphs:
            start = para.span.start
            if start in signoff or in_table(start):
                continue
            t = normalise(para.text, edition)
            if not t or (len(t) < MERGE_CHARS and _SIGNATURE.search(t)):
                continue
            if len(t) >= MERGE_CHARS:
                if first is not None:
                    assert last is not None  # set with first
                    if len(run_text) >= FLOOR_CHARS and len(out) < MAX_PASSAGES:
                        emit(Span(first.span.start, last.span.end), sid, run_text)
                    first, run_text = None, ""
                if len(out) < MAX_PASSAGES:  # (t is longer than FLOOR_CHARS)
                    emit(para.span, sid, t)
                continue
            if first is None:
                first = para
            last = para
            run_text += t
            if len(run_text) >= MERGE_CHARS * 2:
                if len(out) < MAX_PASSAGES:
                    emit(Span(first.span.start, para.span.end), sid, run_text)
                first, run_text = None, ""
        if first is not None and len(run_text) >= FLOOR_CHARS and len(out) < MAX_PASSAGES:
            assert last is not None  # set with first
            emit(Span(first.span.start, last.span.end), sid, run_text)
        if len(out) >= MAX_PASSAGES:
            break
    return out


# -- the index ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Match:
    """Passage ``a_passage`` of report ``a`` and passage ``b_passage`` of report ``b`` (``a < b``, indexes
    into what :func:`find_copies` was given) have this Jaccard similarity of their shingle sets."""

    a: int
    a_passage: int
    b: int
    b_passage: int
    similarity: float


@dataclass(slots=True)
class Stats:
    passages: int = 0  # passages given (of reports with a known agency)
    compared: int = 0  # long enough and not boilerplate once the boilerplate shingles were removed
    agencies: int = 0
    boilerplate_limit: int = 0  # a shingle in more agencies than this is boilerplate
    boilerplate_shingles: int = 0  # distinct shingles found to be boilerplate
    shingles: int = 0  # distinct (passage, shingle) pairs
    candidates: int = 0  # pairs the LSH proposed (different agencies)
    skipped_buckets: int = 0  # LSH buckets over MAX_BUCKET
    matches: int = 0
    timings: dict[str, float] = field(default_factory=dict)


_M64 = (1 << 64) - 1


def _odd_constants(n: int, seed: int) -> list[int]:
    """``n`` fixed pseudo-random odd 64-bit constants (splitmix64), the same in every process."""
    out = []
    x = seed
    for _ in range(n):
        x = (x + 0x9E3779B97F4A7C15) & _M64
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _M64
        out.append((z ^ (z >> 31)) | 1)
    return out


def _sorted_unique(np, a):
    """``a``'s distinct values, sorted (a sort and a comparison: numpy 2's ``unique`` hashes first, which is
    several times slower on millions of 64-bit keys)."""
    a = np.sort(a)
    if a.size:
        a = a[np.r_[True, a[1:] != a[:-1]]]
    return a


def _shingle_codes(np, texts: Sequence[str]):
    """Every shingle of every text as a 32-bit code, with the index of its text: ``(codes, owner)`` in
    text order (``owner`` never decreases; a shingle repeated inside a text is repeated here)."""
    if not texts:
        return np.zeros(0, np.uint32), np.zeros(0, np.int32)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    chars = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.uint64)
    n = chars.size - SHINGLE + 1
    if n <= 0:
        return np.zeros(0, np.uint32), np.zeros(0, np.int32)
    p = np.uint64(0x100000001B3)
    code = chars[:n].copy()
    for k in range(1, SHINGLE):
        code *= p
        code += chars[k : k + n]
    del chars
    ends = np.cumsum(lengths)
    owner = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)[:n]
    valid = np.arange(n, dtype=np.int64) + SHINGLE <= ends[owner]
    code, owner = code[valid], owner[valid]
    # mix (multiply-xorshift) and keep the high 32 bits
    code ^= code >> np.uint64(29)
    code *= np.uint64(0xBF58476D1CE4E5B9)
    code ^= code >> np.uint64(32)
    return (code >> np.uint64(32)).astype(np.uint32), owner


def _boiler_table(np, boiler):
    """A 16 MB table of the top 24 bits of the boilerplate codes: a cheap first test before the exact one."""
    table = np.zeros(1 << 24, dtype=bool)
    table[boiler >> np.uint32(8)] = True
    return table


def _drop(np, codes, owner, boiler, table):
    """``codes``/``owner`` without the codes in ``boiler`` (sorted; ``table``: its :func:`_boiler_table`)."""
    if not boiler.size or not codes.size:
        return codes, owner
    maybe = np.flatnonzero(table[codes >> np.uint32(8)])  # most codes are not boilerplate: no search for them
    pos = np.minimum(np.searchsorted(boiler, codes[maybe]), boiler.size - 1)
    keep = np.ones(codes.size, dtype=bool)
    keep[maybe[boiler[pos] == codes[maybe]]] = False
    return codes[keep], owner[keep]


CHUNK = 20_000  # passages shingled at once: bounds the memory of the index (about 2.5 M shingles)


def find_copies(
    reports: Sequence[tuple[str | None, Sequence[str]]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    min_chars: int = DEFAULT_MIN_CHARS,
    boilerplate_agencies: int = DEFAULT_BOILERPLATE_AGENCIES,
    boilerplate_share: float = DEFAULT_BOILERPLATE_SHARE,
    stats: Stats | None = None,
) -> list[Match]:
    """The pairs of passages of *different* agencies whose similarity is at least ``threshold``.

    ``reports`` is a sequence of ``(agency, passage texts)`` (texts as :func:`normalise` makes them);
    reports whose agency is None take no part.  Near-linear in the number of passages: shingling,
    hashing and banding are vectorised, in chunks of :data:`CHUNK` passages (memory: the agencies'
    distinct shingles and 16 band keys per passage); only the pairs LSH proposes are compared.  The
    result is sorted and depends only on the input, not on the order of the reports.

    Identical texts are worked on once: the boilerplate pass shingles each agency's distinct passages
    (a paragraph its reports all repeat adds nothing to its shingles), and the signatures, the banding
    and the exact check are made on the distinct texts of all agencies, each standing for every passage
    that has it (its occurrences).  A bucket's size and agencies are those of its occurrences and a pair
    of texts stands for every pair of their occurrences of different agencies, so the findings, the
    candidates and the skipped buckets are those of the passage-by-passage index.
    """
    import time

    st = stats if stats is not None else Stats()
    t0 = time.perf_counter()
    agency_ids: dict[str, int] = {}
    by_agency: list[dict[str, None]] = []  # each agency's distinct passage texts, in order
    uid_of: dict[str, int] = {}  # every distinct text of all agencies -> its index
    occ: list[list[tuple[int, int, int]]] = []  # its occurrences: (report, passage, agency)
    n_passages = 0
    for r, (agency, passages) in enumerate(reports):
        if agency is None:
            continue
        aid = agency_ids.setdefault(agency, len(agency_ids))
        if aid == len(by_agency):
            by_agency.append({})
        mine = by_agency[aid]
        for i, t in enumerate(passages):
            if len(t) < min_chars:
                continue
            n_passages += 1
            mine[t] = None
            u = uid_of.setdefault(t, len(occ))
            if u == len(occ):
                occ.append([])
            occ[u].append((r, i, aid))
    st.passages, st.agencies = n_passages, len(agency_ids)
    if len(agency_ids) < 2 or n_passages < 2:
        return []
    # the agencies' distinct texts, chunks cut between agencies: a chunk's distinct shingles are its agencies'
    a_texts: list[str] = []
    a_agency: list[int] = []
    a_chunks: list[tuple[int, int]] = []
    lo = 0
    for aid, mine in enumerate(by_agency):
        a_texts.extend(mine)
        a_agency.extend([aid] * len(mine))
        if len(a_texts) - lo >= CHUNK:
            a_chunks.append((lo, len(a_texts)))
            lo = len(a_texts)
    if lo < len(a_texts):
        a_chunks.append((lo, len(a_texts)))
    limit = max(1, int(boilerplate_agencies), math.ceil(boilerplate_share * len(agency_ids)))
    st.boilerplate_limit = limit
    if sum(map(len, uid_of)) <= SMALL_CHARS:  # a few distinct texts (copies of a few reports): no numpy
        small = _find_small(by_agency, list(uid_of), occ, limit, threshold, min_chars, st)
        st.matches = len(small)
        st.timings["total"] = time.perf_counter() - t0
        return small
    del by_agency
    import numpy as np

    # -- pass 1, boilerplate: the number of agencies each shingle occurs in (each agency's distinct
    # shingles, then all of them sorted: a chunk's texts come agency by agency and an agency is in one
    # chunk only, so each agency's codes are one stretch of the chunk's; sorting each stretch alone, in 32
    # bits, is three times faster than sorting the chunk's (shingle, agency) pairs in 64)
    agency_of = np.asarray(a_agency, dtype=np.int64)
    parts: list = []
    for lo, hi in a_chunks:
        codes, owner = _shingle_codes(np, a_texts[lo:hi])
        st.shingles += int(codes.size)
        ag = agency_of[lo:hi][owner]
        cuts = (np.flatnonzero(ag[1:] != ag[:-1]) + 1).tolist()
        parts.extend(_sorted_unique(np, part) for part in np.split(codes, cuts))
    del codes, owner, ag, a_texts, a_agency, agency_of
    ca = np.empty(sum(p.size for p in parts), dtype=np.uint32)
    at = 0
    while parts:  # one copy at a time: the parts go as the whole fills
        part = parts.pop(0)
        ca[at : at + part.size] = part
        at += part.size
    ca.sort()
    # sorted, each shingle once per agency: one in more than `limit` agencies equals its `limit`-th successor
    boiler = _sorted_unique(np, ca[:-limit][ca[:-limit] == ca[limit:]]) if ca.size > limit else ca[:0]
    del ca
    st.boilerplate_shingles = int(boiler.size)
    table = _boiler_table(np, boiler)
    st.timings["boilerplate"] = time.perf_counter() - t0

    # -- pass 2: MinHash of every distinct text long enough once the boilerplate is gone, as 16 band keys
    t1 = time.perf_counter()
    texts = list(uid_of)  # in index order
    del uid_of
    n_occ = np.fromiter((len(o) for o in occ), dtype=np.int64, count=len(occ))
    a_min = np.fromiter((min(x[2] for x in o) for o in occ), dtype=np.int64, count=len(occ))
    a_max = np.fromiter((max(x[2] for x in o) for o in occ), dtype=np.int64, count=len(occ))
    chunks = [(lo, min(lo + CHUNK, len(texts))) for lo in range(0, len(texts), CHUNK)]
    mult = np.asarray(_odd_constants(NUM_PERM, 1), dtype=np.uint64)[:, None]
    mix = np.uint64(0x9E3779B97F4A7C15)
    min_kept = max(min_chars // 3, 1)
    elig_parts, key_parts = [], []
    block = max(1, 500_000 // NUM_PERM)  # shingles hashed at once
    for lo, hi in chunks:
        codes, owner = _shingle_codes(np, texts[lo:hi])
        codes, owner = _drop(np, codes, owner, boiler, table)
        counts = np.bincount(owner, minlength=hi - lo)
        ok = counts >= min_kept
        sel = ok[owner]
        codes, e_counts = codes[sel].astype(np.uint64), counts[ok]
        e_starts = np.r_[0, np.cumsum(e_counts)][:-1]
        sig = np.empty((NUM_PERM, e_counts.size), dtype=np.uint64)
        first = 0
        while first < e_counts.size:  # blocks of whole passages, about `block` shingles each
            last = int(np.searchsorted(e_starts, e_starts[first] + block, side="right"))
            last = max(last, first + 1)
            a = int(e_starts[first])
            b = int(e_starts[last]) if last < e_counts.size else codes.size
            h = codes[a:b][None, :] * mult  # multiply-shift hashing: the high 32 bits of a·x mod 2⁶⁴
            sig[:, first:last] = np.minimum.reduceat(h, e_starts[first:last] - a, axis=1) >> np.uint64(32)
            first = last
        keys = sig[0::ROWS].copy()
        for r in range(1, ROWS):
            keys *= mix
            keys += sig[r::ROWS]
        elig_parts.append(np.flatnonzero(ok) + lo)
        key_parts.append(keys)
    elig = np.concatenate(elig_parts)
    band_keys = np.concatenate(key_parts, axis=1)  # (BANDS, distinct texts compared)
    del elig_parts, key_parts
    e_occ = n_occ[elig]
    st.compared = int(e_occ.sum())
    st.timings["minhash"] = time.perf_counter() - t1
    if st.compared < 2:
        return []

    # -- LSH banding: texts sharing a band key are candidates (when two of their occurrences are of
    # different agencies); a bucket's size is the number of passages in it, its agencies theirs
    t2 = time.perf_counter()
    e_min, e_max = a_min[elig], a_max[elig]
    cand: set[tuple[int, int]] = set()  # indexes into elig, i <= j
    for b in range(BANDS):
        key = band_keys[b]
        order = np.argsort(key, kind="stable")
        k = key[order]
        run_start = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
        run_len = np.diff(np.r_[run_start, k.size])
        size = np.add.reduceat(e_occ[order], run_start)
        # two or more agencies in a bucket: its least agency is not its greatest
        multi = np.minimum.reduceat(e_min[order], run_start) != np.maximum.reduceat(e_max[order], run_start)
        big = size > MAX_BUCKET
        st.skipped_buckets += int((multi & big).sum())
        go = multi & ~big
        for s, n in zip(run_start[go].tolist(), run_len[go].tolist(), strict=True):
            members = order[s : s + n].tolist()
            lows = e_min[order[s : s + n]].tolist()
            highs = e_max[order[s : s + n]].tolist()
            for x in range(n):
                if lows[x] != highs[x]:  # one text in two agencies: its own occurrences pair up
                    cand.add((members[x], members[x]))
                for y in range(x + 1, n):
                    if lows[x] != highs[x] or lows[y] != highs[y] or lows[x] != lows[y]:
                        i, j = members[x], members[y]
                        cand.add((i, j) if i < j else (j, i))
    st.candidates = sum(_pairs_across(occ[int(elig[i])], occ[int(elig[j])], i == j) for i, j in cand)
    st.timings["lsh"] = time.perf_counter() - t2

    # -- verification: exact Jaccard of the boilerplate-free shingle sets of the candidates
    t3 = time.perf_counter()
    out: list[Match] = []
    if cand:
        need = sorted({int(elig[i]) for pair in cand for i in pair})
        codes, owner = _shingle_codes(np, [texts[p] for p in need])
        codes, owner = _drop(np, codes, owner, boiler, table)
        bounds = np.r_[0, np.cumsum(np.bincount(owner, minlength=len(need)))].tolist()
        sets = {p: set(codes[bounds[k] : bounds[k + 1]].tolist()) for k, p in enumerate(need)}
        for i, j in sorted(cand):
            pi, pj = int(elig[i]), int(elig[j])
            sa, sb = sets[pi], sets[pj]
            inter = len(sa & sb)
            sim = inter / (len(sa) + len(sb) - inter)
            if sim < threshold:
                continue
            _expand(out, occ[pi], occ[pj], pi == pj, sim)
    out.sort(key=lambda m: (m.a, m.a_passage, m.b, m.b_passage))
    st.matches = len(out)
    st.timings["verify"] = time.perf_counter() - t3
    st.timings["total"] = time.perf_counter() - t0
    return out


def _expand(out: list[Match], oa: list[tuple[int, int, int]], ob: list[tuple[int, int, int]], same: bool, sim: float):
    """Every pair of passages of different agencies among the occurrences ``oa`` and ``ob`` of two texts
    (``same``: one text) as a :class:`Match` of similarity ``sim``, appended to ``out``."""
    for x, (ra, ia, aa) in enumerate(oa):
        for rb, ib, ab in ob[x + 1 :] if same else ob:
            if aa == ab:
                continue
            if (ra, ia) > (rb, ib):
                out.append(Match(rb, ib, ra, ia, sim))
            else:
                out.append(Match(ra, ia, rb, ib, sim))


# distinct text (characters, every agency's) up to which the index is built in pure Python: about 7 µs a
# character there (64 products per shingle), against 0.13 s to import numpy and about 0.5 µs a character with it
SMALL_CHARS = 15_000


def _codes_py(text: str) -> list[int]:
    """The shingle codes of one text, as :func:`_shingle_codes` makes them (the same 32-bit values)."""
    m, p, c = _M64, 0x100000001B3, 0xBF58476D1CE4E5B9
    o = [ord(ch) for ch in text]
    out = []
    for i in range(len(o) - SHINGLE + 1):
        x = (((o[i] * p + o[i + 1]) * p + o[i + 2]) * p + o[i + 3]) & m
        x ^= x >> 29
        x = (x * c) & m
        x ^= x >> 32
        out.append(x >> 32)
    return out


def _find_small(by_agency, texts, occ, limit, threshold, min_chars, st) -> list[Match]:
    """:func:`find_copies` on a few distinct texts, in pure Python: the same hashes, signatures, band
    keys, buckets and checks as the numpy index (so the same matches and statistics), without importing
    numpy (0.13 s, more than this costs on the distinct text of a thousand copies of a few reports)."""
    import time
    from collections import Counter

    t0 = time.perf_counter()
    codes = [_codes_py(t) for t in texts]
    uid = {t: u for u, t in enumerate(texts)}
    seen: Counter = Counter()
    for mine in by_agency:
        own: set[int] = set()
        for t in mine:
            cs = codes[uid[t]]
            st.shingles += len(cs)
            own.update(cs)
        seen.update(own)
    boiler = {c for c, n in seen.items() if n > limit}
    st.boilerplate_shingles = len(boiler)
    st.timings["boilerplate"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    mults = _odd_constants(NUM_PERM, 1)
    mix, m = 0x9E3779B97F4A7C15, _M64
    min_kept = max(min_chars // 3, 1)
    elig: list[int] = []
    keys: list[list[int]] = []
    sets: dict[int, set[int]] = {}
    for u, cs in enumerate(codes):
        kept = [c for c in cs if c not in boiler] if boiler else cs
        if len(kept) < min_kept:
            continue
        s = set(kept)
        sets[u] = s
        sig = _minhash_py(s, mults)
        band = []
        for b in range(BANDS):
            k = sig[b * ROWS]
            for r in range(1, ROWS):
                k = (k * mix + sig[b * ROWS + r]) & m
            band.append(k)
        elig.append(u)
        keys.append(band)
    st.compared = sum(len(occ[u]) for u in elig)
    st.timings["minhash"] = time.perf_counter() - t1
    if st.compared < 2:
        return []

    t2 = time.perf_counter()
    lows = [min(x[2] for x in occ[u]) for u in elig]
    highs = [max(x[2] for x in occ[u]) for u in elig]
    cand: set[tuple[int, int]] = set()  # indexes into elig, i <= j
    for b in range(BANDS):
        buckets: dict[int, list[int]] = {}
        for e, band in enumerate(keys):
            buckets.setdefault(band[b], []).append(e)
        for members in buckets.values():
            if min(lows[e] for e in members) == max(highs[e] for e in members):
                continue  # one agency
            if sum(len(occ[elig[e]]) for e in members) > MAX_BUCKET:
                st.skipped_buckets += 1
                continue
            for x, i in enumerate(members):
                if lows[i] != highs[i]:
                    cand.add((i, i))
                for j in members[x + 1 :]:
                    if lows[i] != highs[i] or lows[j] != highs[j] or lows[i] != lows[j]:
                        cand.add((i, j) if i < j else (j, i))
    st.candidates = sum(_pairs_across(occ[elig[i]], occ[elig[j]], i == j) for i, j in cand)
    st.timings["lsh"] = time.perf_counter() - t2

    t3 = time.perf_counter()
    out: list[Match] = []
    for i, j in sorted(cand):
        sa, sb = sets[elig[i]], sets[elig[j]]
        inter = len(sa & sb)
        sim = inter / (len(sa) + len(sb) - inter)
        if sim >= threshold:
            _expand(out, occ[elig[i]], occ[elig[j]], i == j, sim)
    out.sort(key=lambda m: (m.a, m.a_passage, m.b, m.b_passage))
    st.timings["verify"] = time.perf_counter() - t3
    return out


def _minhash_py(codes: set[int], mults: list[int]) -> list[int]:
    """The MinHash signature of a set of 32-bit codes: for each odd ``a`` of ``mults``, the least high 32
    bits of ``a·x mod 2⁶⁴`` (as the numpy index computes it).  The codes are packed in 96-bit lanes of one
    integer, so one big multiplication makes every product (``x·a < 2⁹⁶``: no carry into the next lane),
    and the second 32-bit word of each lane (bits 32-63 of the product) is read back as an array: three
    times faster than a product per code."""
    if sys.byteorder != "little" or array("I").itemsize != 4:  # the lanes are read as native 32-bit words
        return [min([(c * a) & _M64 for c in codes]) >> 32 for a in mults]
    lanes = array("I", bytes(12 * len(codes)))
    lanes[0::3] = array("I", codes)
    packed = int.from_bytes(lanes.tobytes(), "little")
    size = 12 * len(codes)
    return [min(array("I", (packed * a).to_bytes(size, "little"))[1::3]) for a in mults]


def _pairs_across(a: list[tuple[int, int, int]], b: list[tuple[int, int, int]], same: bool) -> int:
    """How many pairs of passages of different agencies the occurrences ``a`` and ``b`` of two distinct
    texts make (``same``: one text, ``a is b``, each unordered pair once)."""
    from collections import Counter

    ca = Counter(x[2] for x in a)
    if same:
        n = len(a)
        return (n * (n - 1) - sum(k * (k - 1) for k in ca.values())) // 2
    cb = Counter(x[2] for x in b)
    return len(a) * len(b) - sum(k * cb.get(ag, 0) for ag, k in ca.items())


def jaccard(a: str, b: str) -> float:
    """The exact Jaccard similarity of two normalised texts' shingle sets (no boilerplate removed)."""
    sa = {a[i : i + SHINGLE] for i in range(len(a) - SHINGLE + 1)}
    sb = {b[i : i + SHINGLE] for i in range(len(b) - SHINGLE + 1)}
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)
