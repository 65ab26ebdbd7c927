"""Near-duplicate passages across agencies' reports (内容雷同, rule X804): passages and the index.

Two halves, used at two moments of a run:

* :func:`passages_of` runs in the per-file phase (``xxgk_lint.facts.collect`` calls it): the narrative
  paragraphs of every section (一 … 六; paragraphs inside tables, the title, the introduction and the
  signature are left out), runs of short paragraphs (numbered items, sub-headings) joined into one
  passage, each :func:`normalise`-d for comparison: NFKC (full-width → half-width), every space and
  punctuation mark dropped, every run of digits replaced by ``#`` (a copied paragraph with changed
  figures still matches), the template's own labels and section titles removed, and the clauses that
  cite the 条例 (“根据《中华人民共和国政府信息公开条例》…规定”) removed.  Cheap: pure ``str`` work.
* :func:`find_copies` runs once per run, on the passages of every report: character 4-gram shingles
  (CJK text has no spaces), boilerplate shingles removed, MinHash signatures, LSH banding, and every
  candidate pair verified by the exact Jaccard similarity of the two shingle sets.

Boilerplate does not count.  A shingle that occurs in the passages of more than
``max(boilerplate_agencies, boilerplate_share × agencies)`` different agencies is boilerplate: it is
dropped from every passage before the signatures are made and before the similarity is computed, so a
heading, a table label, a stock phrase or a fee formula that a city's departments all print is never
evidence of copying, while a paragraph only two agencies share keeps every one of its shingles (the
filter removes the same shingles from both copies, so an exact copy stays an exact copy).  A passage left
with fewer than ``min_chars // 3`` shingles is not compared.  Only reports of *different* agencies are
compared: the same agency repeating its own text from year to year is not copying; a report whose agency
is unknown (``Identity.agency is None``) is compared with nobody and does not count for the boilerplate
either (it may be any agency's, including its own other years).

Why our own MinHash on numpy rather than datasketch (measured with ``bench/similar.py --datasketch`` on
this machine, 2 cores, 1,000 synthetic reports = 30,000 passages): datasketch 2.0 builds one ``MinHash``
object per passage and hashes every shingle with SHA-1 in Python (``update_batch``): about 140 µs per
passage for 64 permutations, and its ``MinHashLSH`` inserts one passage at a time (≈ 60 µs more); its
import pulls in scipy (≈ 0.35 s).  The implementation here hashes the shingles of *all* passages at once
(one rolling polynomial over the concatenated text, one multiply-shift per permutation, a segmented
``minimum.reduceat``), bands by sorting: 10,000 reports (300,000 passages) index and query in a few
seconds (numbers in bench/README.md), about 15× faster than datasketch, with the same estimator.  numpy
is imported only when two agencies' passages are to be compared.

LSH parameters: 64 permutations in 16 bands of 4 rows: a pair with Jaccard 0.8 becomes a candidate with
probability 1 − (1 − 0.8⁴)¹⁶ ≈ 0.9998, one with 0.5 with probability 0.64 (then rejected by the exact
check), one with 0.1 with probability 0.0016.  Hashes are fixed (no per-process seed), so a run gives the
same findings every time, whatever the order of the files.
"""

from __future__ import annotations

import math
import re
import unicodedata
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

DEFAULT_THRESHOLD = 0.8
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


def _normalise_chars(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).lower()
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
    norm = {_normalise_chars(w) for w in words}
    norm = sorted((w for w in norm if len(w) >= 4), key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, norm))) if norm else None


def normalise(text: str, edition: str | None = None) -> str:
    """``text`` as it is compared: clauses citing the 条例 removed, NFKC, lower case, no spaces or
    punctuation, digits as ``#``, the template's labels (of ``edition``) removed."""
    if "条例" in text or "《" in text:
        text = "".join(c for c in _CLAUSE.findall(unicodedata.normalize("NFKC", text)) if not _CITATION.search(c))
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

    def emit(paras: list, section: str | None, text: str) -> None:
        if len(text) < FLOOR_CHARS or len(out) >= MAX_PASSAGES:
            return
        span = Span(paras[0].span.start, paras[-1].span.end)
        try:
            loc = doc.locate(span)
            line = doc.line_text(loc.line) if loc is not None else ""
        except Exception:  # a source map that cannot place the span: the passage still counts
            loc, line = None, ""
        out.append(Passage(text[:MAX_PASSAGE_CHARS], section, loc, line.strip()[:200]))

    signoff = {p.span.start for p in getattr(report, "signoff", ())}
    for sec in report.sections:
        run: list = []
        run_text = ""
        for para in sec.paragraphs:
            if para.span.start in signoff or report.in_table(para.span.start):
                continue
            t = normalise(para.text, edition)
            if not t or (len(t) < MERGE_CHARS and _SIGNATURE.search(t)):
                continue
            if len(t) >= MERGE_CHARS:
                if run:
                    emit(run, sec.id, run_text)
                    run, run_text = [], ""
                emit([para], sec.id, t)
                continue
            run.append(para)
            run_text += t
            if len(run_text) >= MERGE_CHARS * 2:
                emit(run, sec.id, run_text)
                run, run_text = [], ""
        if run:
            emit(run, sec.id, run_text)
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


def _shingle_codes(np, texts: list[str]):
    """Every shingle of every text as a 32-bit code, with the index of its text: ``(codes, owner)``,
    unique per text and sorted by (owner, code)."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    if not len(texts) or int(lengths.max()) < SHINGLE:
        return np.zeros(0, np.uint32), np.zeros(0, np.int64)
    chars = np.frombuffer("".join(texts).encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    n = chars.size - SHINGLE + 1
    p = np.uint64(0x100000001B3)
    code = chars[:n].copy()
    for k in range(1, SHINGLE):
        code *= p
        code += chars[k : k + n]
    ends = np.cumsum(lengths)
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)[:n]
    valid = np.arange(n, dtype=np.int64) + SHINGLE <= ends[owner]
    code, owner = code[valid], owner[valid]
    # mix (a multiply-xorshift), keep the high 32 bits, and make (owner, code) unique
    code ^= code >> np.uint64(29)
    code *= np.uint64(0xBF58476D1CE4E5B9)
    code ^= code >> np.uint64(32)
    key = (owner.astype(np.uint64) << np.uint64(32)) | (code >> np.uint64(32))
    key = np.unique(key)
    return (key & np.uint64(0xFFFFFFFF)).astype(np.uint32), (key >> np.uint64(32)).astype(np.int64)


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
    hashing and banding are vectorised; only the pairs LSH proposes are compared.  The result is sorted
    and depends only on the input (not on the order of equal things inside it).
    """
    import time

    st = stats if stats is not None else Stats()
    t0 = time.perf_counter()
    agency_ids: dict[str, int] = {}
    texts: list[str] = []
    p_report: list[int] = []
    p_index: list[int] = []
    p_agency: list[int] = []
    for r, (agency, passages) in enumerate(reports):
        if agency is None:
            continue
        aid = agency_ids.setdefault(agency, len(agency_ids))
        for i, t in enumerate(passages):
            if len(t) >= min_chars:
                texts.append(t)
                p_report.append(r)
                p_index.append(i)
                p_agency.append(aid)
    st.passages, st.agencies = len(texts), len(agency_ids)
    if len(agency_ids) < 2 or len(texts) < 2:
        return []
    import numpy as np

    codes, owner = _shingle_codes(np, texts)
    agency_of = np.asarray(p_agency, dtype=np.int64)
    st.shingles = int(codes.size)
    st.timings["shingles"] = time.perf_counter() - t0

    # -- boilerplate: document frequency of each shingle over agencies
    t1 = time.perf_counter()
    limit = max(int(boilerplate_agencies), math.ceil(boilerplate_share * len(agency_ids)))
    st.boilerplate_limit = limit
    ca = np.unique((codes.astype(np.uint64) << np.uint64(32)) | agency_of[owner].astype(np.uint64))
    ca_codes = (ca >> np.uint64(32)).astype(np.uint32)
    starts = np.flatnonzero(np.r_[True, ca_codes[1:] != ca_codes[:-1]])
    df = np.diff(np.r_[starts, ca_codes.size])
    boiler = ca_codes[starts[df > limit]]  # sorted
    st.boilerplate_shingles = int(boiler.size)
    del ca, ca_codes
    if boiler.size:
        pos = np.minimum(np.searchsorted(boiler, codes), boiler.size - 1)
        keep = boiler[pos] != codes
        codes, owner = codes[keep], owner[keep]
    counts = np.bincount(owner, minlength=len(texts))
    offsets = np.r_[0, np.cumsum(counts)]
    eligible = counts >= max(min_chars // 3, 1)
    st.compared = int(eligible.sum())
    st.timings["boilerplate"] = time.perf_counter() - t1
    if st.compared < 2:
        return []

    # -- MinHash signatures of the eligible passages (vectorised, in blocks to bound memory)
    t2 = time.perf_counter()
    elig = np.flatnonzero(eligible)
    sel = eligible[owner]
    e_codes = codes[sel].astype(np.uint64)
    e_counts = counts[elig]
    e_offsets = np.r_[0, np.cumsum(e_counts)][:-1]
    mult = np.asarray(_odd_constants(NUM_PERM, 1), dtype=np.uint64)[:, None]
    add = np.asarray(_odd_constants(NUM_PERM, 2), dtype=np.uint64)[:, None]
    sig = np.empty((NUM_PERM, elig.size), dtype=np.uint32)
    block = max(1, 2_000_000 // NUM_PERM)  # shingles per block
    first = 0
    while first < elig.size:
        last = first
        total = 0
        while last < elig.size and (total == 0 or total + e_counts[last] <= block):
            total += int(e_counts[last])
            last += 1
        lo = int(e_offsets[first])
        hi = lo + total
        h = e_codes[lo:hi][None, :] * mult + add
        h >>= np.uint64(32)
        sig[:, first:last] = np.minimum.reduceat(h, e_offsets[first:last] - lo, axis=1).astype(np.uint32)
        first = last
    del e_codes
    st.timings["minhash"] = time.perf_counter() - t2

    # -- LSH banding: passages sharing all the rows of one band are candidates (of different agencies)
    t3 = time.perf_counter()
    e_agency = agency_of[elig]
    cand: set[tuple[int, int]] = set()
    mix = np.uint64(0x9E3779B97F4A7C15)
    for b in range(BANDS):
        rows = sig[b * ROWS : (b + 1) * ROWS].astype(np.uint64)
        key = rows[0]
        for r in range(1, ROWS):
            key = key * mix + rows[r]
        order = np.lexsort((e_agency, key))
        k = key[order]
        ag = e_agency[order]
        new_key = np.r_[True, k[1:] != k[:-1]]
        run_start = np.flatnonzero(new_key)
        run_len = np.diff(np.r_[run_start, k.size])
        # runs with two or more agencies (sorted by agency inside a run: the agency changes inside it)
        changes = np.r_[False, (ag[1:] != ag[:-1]) & ~new_key[1:]]
        run_id = np.cumsum(new_key) - 1
        multi = np.bincount(run_id[changes], minlength=run_start.size) > 0
        big = run_len > MAX_BUCKET
        st.skipped_buckets += int((multi & big).sum())
        for s, n in zip(run_start[multi & ~big].tolist(), run_len[multi & ~big].tolist(), strict=True):
            members = order[s : s + n].tolist()
            agencies = ag[s : s + n].tolist()
            for x in range(n):
                for y in range(x + 1, n):
                    if agencies[x] != agencies[y]:
                        i, j = members[x], members[y]
                        cand.add((i, j) if i < j else (j, i))
    st.candidates = len(cand)
    st.timings["lsh"] = time.perf_counter() - t3

    # -- verification: exact Jaccard of the (boilerplate-free) shingle sets
    t4 = time.perf_counter()
    out: list[Match] = []
    for i, j in sorted(cand):
        pi, pj = int(elig[i]), int(elig[j])
        a = codes[offsets[pi] : offsets[pi + 1]]
        b = codes[offsets[pj] : offsets[pj + 1]]
        inter = np.intersect1d(a, b, assume_unique=True).size
        sim = inter / (a.size + b.size - inter)
        if sim >= threshold:
            ra, rb = p_report[pi], p_report[pj]
            ia, ib = p_index[pi], p_index[pj]
            if (ra, ia) > (rb, ib):
                ra, ia, rb, ib = rb, ib, ra, ia
            out.append(Match(ra, ia, rb, ib, sim))
    out.sort(key=lambda m: (m.a, m.a_passage, m.b, m.b_passage))
    st.matches = len(out)
    st.timings["verify"] = time.perf_counter() - t4
    st.timings["total"] = time.perf_counter() - t0
    return out


def jaccard(a: str, b: str) -> float:
    """The exact Jaccard similarity of two normalised texts' shingle sets (no boilerplate removed)."""
    sa = {a[i : i + SHINGLE] for i in range(len(a) - SHINGLE + 1)}
    sb = {b[i : i + SHINGLE] for i in range(len(b) - SHINGLE + 1)}
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)
