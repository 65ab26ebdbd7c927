"""Inline suppression comments, and the diagnostics about them (M001 unused, M002 invalid).

Where the format has comments (:attr:`xxgk_lint.formats.Format.comment`: .txt, .md, .html), a report can silence findings with HTML comments::

    <!-- xxgk-lint: disable-next-line=F401,T204 -->   the next source line
    正文 …… <!-- xxgk-lint: disable-line=F401 -->        the line the comment is on
    <!-- xxgk-lint: disable=F401 --> … <!-- xxgk-lint: enable=F401 -->   a block (to the end of the file
                                                                        when there is no ``enable``)
    <!-- xxgk-lint: disable-file=S107 -->               the whole file
    <!-- xxgk-lint: disable-next-line -->              no list: every rule

Rules are named by code, code prefix or name (``T204``, ``T2``, ``blank-cell``), separated by commas
or spaces.  Lines are lines of the **source**: ``Document.source_text`` for HTML (the same lines that
``Diagnostic.location.line`` reports), ``Document.text`` for text and markdown; a finding belongs to the
line it starts on.  A diagnostic that covers the whole file (no location) can only be silenced with
``disable-file``.  The comments are blanked out of the text that recognition reads (same offsets), so a
comment trailing a heading does not change how the heading is recognised.

After the rules ran, :func:`filter_diagnostics` drops the suppressed diagnostics; the post rules
(:class:`xxgk_lint.rule.PostRule`, :mod:`xxgk_lint.rules.meta`) then judge the comments themselves.  M001 is reported for a directive (or a rule named in it) that silenced nothing — but only for
rules that were selected and actually ran on this file: naming a rule that is switched off for this
run, or that does not apply to this file, is never "unused".  A directive with no list means "every
rule" and is unused when it silenced nothing at all.  M002 is reported for an unknown rule name or an
unknown directive, with a "did you mean".  A range ``enable`` without a matching ``disable`` is also
M002.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from xxgk_lint.formats import HTML_COMMENT, comment_syntax

KINDS = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")

# The comment is found in linear time: ``str.find`` for the opening and the closing, a regex anchored at
# the opening for ``xxgk-lint:``.  (One regex with a lazy body rescanned the rest of the file for every
# opening without a closing, and the body's trailing blanks backtracked quadratically: issue 16.)
# (Leading blanks are skipped by hand before these two: a leading ``[ \t]*`` is quadratic under search.)
_HEAD = re.compile(r"xxgk-lint[ \t]*:")
_BODY = re.compile(r"(?P<kind>[A-Za-z-]+)(?:[ \t]*=(?P<codes>.*)|\s*)", re.S)
_SEPARATORS = re.compile(r"[,\s，、]+")


@dataclass(frozen=True)
class _Comment:
    start: int
    end: int
    body_start: int
    body_end: int
    text: str


def _skip_blanks(s: str, i: int) -> int:
    n = len(s)
    while i < n and s[i] in " \t":
        i += 1
    return i


def _find_comments(source: str, syntax: tuple[str, str]):
    """Every ``opening xxgk-lint: body closing`` in ``source``, left to right, without overlap."""
    opening, closing = syntax
    pos = 0
    while True:
        a = source.find(opening, pos)
        if a < 0:
            return
        h = _HEAD.match(source, _skip_blanks(source, a + len(opening)))
        if h is None:
            pos = a + 1
            continue
        b = source.find(closing, h.end())
        if b < 0:
            return  # no closing anywhere after: no later opening can be closed either
        end = b + len(closing)
        yield _Comment(a, end, h.end(), b, source[a:end])
        pos = end


@dataclass
class Directive:
    kind: str  # one of KINDS, or the unknown word as written
    selectors: list[str] | None  # None: every rule
    line: int  # 1-based source line of the comment
    column: int
    start: int  # offsets of the whole comment in the source text
    end: int
    raw: str
    valid_kind: bool = True
    syntax: tuple[str, str] = HTML_COMMENT  # the comment's (opening, closing)
    # filled while applying
    end_line: int | None = None  # for ``disable``: the line of the matching ``enable`` (None: end of file)
    used: set[str] = field(default_factory=set)  # selectors that silenced something ("*" for a bare directive)
    unknown: list[str] = field(default_factory=list)  # selectors that name no known rule

    @property
    def all_rules(self) -> bool:
        return self.selectors is None

    def covers_line(self, line: int | None) -> bool:
        if self.kind == "disable-file":
            return True
        if line is None:
            return False
        if self.kind == "disable-line":
            return line == self.line
        if self.kind == "disable-next-line":
            return line == self.line + 1
        if self.kind == "disable":
            return line >= self.line and (self.end_line is None or line <= self.end_line)
        return False


def parse(source: str, syntax: tuple[str, str] = HTML_COMMENT) -> list[Directive]:
    """Every ``<!-- xxgk-lint: ... -->`` comment (in the comment ``syntax``) in ``source``, in order."""
    if "xxgk-lint" not in source:
        return []
    from xxgk_lint.lines import line_col, line_starts

    starts = line_starts(source)
    out = []
    for m in _find_comments(source, syntax):
        line, col = line_col(starts, m.start)
        body = source[m.body_start : m.body_end]
        b = _BODY.fullmatch(body, _skip_blanks(body, 0))
        if b is None:
            kind, codes = body.strip().split("=", 1)[0].strip() or "?", None
        else:
            kind, codes = b.group("kind").lower(), b.group("codes")
        selectors = None
        if codes is not None:
            selectors = [c for c in _SEPARATORS.split(codes) if c]
            if not selectors:
                selectors = None
        out.append(Directive(kind, selectors, line, col, m.start, m.end, m.text, kind in KINDS, syntax))
    return out


def _pair_ranges(directives: list[Directive]) -> list[Directive]:
    """Close every ``disable`` at the next ``enable`` naming the same rules (or a bare ``enable``).

    An ``enable`` that names a part of an open range closes it and opens the rest (the range's other
    rules) from the ``enable`` on.  Returns the ``enable`` directives that closed nothing.

    Linear in the number of directives and selectors (issue 16: comparing every ``enable`` with every open
    range was quadratic): the open ranges are indexed by selector, and each is closed once.  Ranges are
    kept in the order they were opened (a sequence number), so the split rests come out in that order."""
    seq = 0
    open_: dict[int, Directive] = {}  # sequence number -> open range, in opening order
    bare: dict[int, Directive] = {}  # the open ranges of every rule
    by_selector: dict[str, dict[int, Directive]] = {}

    def opened(o: Directive) -> None:
        nonlocal seq
        seq += 1
        open_[seq] = o
        if o.selectors is None:
            bare[seq] = o
        else:
            for s in o.selectors:
                by_selector.setdefault(s, {})[seq] = o

    def closed(n: int) -> Directive:
        o = open_.pop(n)
        if o.selectors is None:
            del bare[n]
        else:
            for s in o.selectors:
                by_selector[s].pop(n, None)
        return o

    orphans, extra = [], []
    for d in list(directives):
        if d.kind == "disable":
            opened(d)
        elif d.kind == "enable":
            if d.selectors is None:
                hit = list(open_)
            else:
                found = set(bare)
                for s in d.selectors:
                    found.update(by_selector.get(s, ()))
                hit = sorted(found)
            if not hit:
                orphans.append(d)
                continue
            named = None if d.selectors is None else set(d.selectors)
            for n in hit:
                o = closed(n)
                o.end_line = d.line
                if named is None or o.selectors is None or set(o.selectors) <= named:
                    continue
                # enable a part of the range: the rest stays open from here
                rest = Directive(
                    "disable",
                    [s for s in o.selectors if s not in named],
                    d.line,
                    d.column,
                    o.start,
                    o.end,
                    o.raw,
                    syntax=o.syntax,
                )
                rest.used = o.used  # shares usage with the original comment
                opened(rest)
                extra.append(rest)
    directives.extend(extra)
    return orphans


def prepare(
    source: str, all_rules: dict, syntax: tuple[str, str] = HTML_COMMENT
) -> tuple[list[Directive], list[Directive]]:
    """Parse the directives of ``source``, pair ranges and find unknown rule names.

    Returns (directives, ``enable`` directives that closed nothing)."""
    from xxgk_lint.selection import matches

    directives = parse(source, syntax)
    if not directives:
        return [], []
    orphans = _pair_ranges(directives)
    known: dict[str, bool] = {}  # selector -> names a rule (looked up once per distinct selector)
    for d in directives:
        if d.selectors:
            for s in d.selectors:
                if s not in known:
                    known[s] = any(matches(s, r) for r in all_rules.values())
            d.unknown = [s for s in d.selectors if not known[s]]
    return directives, orphans


def filter_diagnostics(diagnostics: list, directives: list[Directive], all_rules: dict) -> tuple[list, int]:
    """Drop the diagnostics silenced by ``directives`` and record which selectors were used.

    Returns (kept diagnostics, number suppressed).  Linear in the number of diagnostics and of
    directives (times the distinct rule codes found): every directive covers an interval of lines,
    the intervals are merged per rule code and looked up by bisection."""
    from bisect import bisect_left, bisect_right

    from xxgk_lint.selection import matches

    live = [d for d in directives if d.valid_kind and d.kind != "enable"]
    if not live:
        return diagnostics, 0
    lines_of: dict[str, list[int]] = {}  # code -> sorted lines of its findings
    codes_anywhere: set[str] = set()  # codes with a finding (with or without a line)
    for diag in diagnostics:
        codes_anywhere.add(diag.code)
        if diag.location is not None and diag.location.line is not None:
            lines_of.setdefault(diag.code, []).append(diag.location.line)
    for v in lines_of.values():
        v.sort()
    codes = sorted(codes_anywhere)
    matched: dict[str, list[str]] = {}  # selector -> the codes found that it names

    def named(sel: str) -> list[str]:
        if sel not in matched:
            out = []
            for c in codes:
                cls = all_rules.get(c)
                if matches(sel, cls) if cls is not None else sel.upper() == c:
                    out.append(c)
            matched[sel] = out
        return matched[sel]

    def found(code: str, lo: int, hi: float) -> bool:
        v = lines_of.get(code)
        if not v:
            return False
        i = bisect_left(v, lo)
        return i < len(v) and v[i] <= hi

    whole: set[str] = set()  # codes silenced in the whole file
    spans: dict[str, list[tuple[int, float]]] = {}  # code -> line intervals silenced
    for d in live:
        lo: int | None
        hi: float | None
        if d.kind == "disable-file":
            lo, hi = None, None
        elif d.kind == "disable-line":
            lo = hi = d.line
        elif d.kind == "disable-next-line":
            lo = hi = d.line + 1
        elif d.kind == "disable":
            lo, hi = d.line, (d.end_line if d.end_line is not None else float("inf"))
        else:
            continue
        selectors = ["*"] if d.selectors is None else d.selectors
        for sel in selectors:
            targets = codes if sel == "*" else named(sel)
            for c in targets:
                if lo is None:
                    whole.add(c)
                    d.used.add(sel)
                else:
                    assert hi is not None  # every kind that sets lo sets hi
                    spans.setdefault(c, []).append((lo, hi))
                    if found(c, lo, hi):
                        d.used.add(sel)
    merged: dict[str, tuple[list[int], list[float]]] = {}
    for c, ivs in spans.items():
        ivs.sort()
        starts: list[int] = []
        ends: list[float] = []
        for lo, hi in ivs:
            if ends and lo <= ends[-1] + 1:
                ends[-1] = max(ends[-1], hi)
            else:
                starts.append(lo)
                ends.append(hi)
        merged[c] = (starts, ends)
    kept, suppressed = [], 0
    for diag in diagnostics:
        line = diag.location.line if diag.location is not None else None
        hit = diag.code in whole
        if not hit and line is not None and diag.code in merged:
            starts, ends = merged[diag.code]
            i = bisect_right(starts, line) - 1
            hit = i >= 0 and line <= ends[i]
        if hit:
            suppressed += 1
        else:
            kept.append(diag)
    return kept, suppressed


def comments(directives: list[Directive]) -> list[Directive]:
    """One directive per comment (a range split by a partial ``enable`` shares its comment)."""
    seen, unique = set(), []
    for d in directives:
        if (d.start, d.end) not in seen:
            seen.add((d.start, d.end))
            unique.append(d)
    return unique


def unused_selectors(
    d: Directive, all_rules: dict, active: set[str], judge: type | None = None, cache: dict | None = None
) -> list[str] | None:
    """The selectors of ``d`` that silenced nothing although a rule they name ran (``["*"]`` for a bare
    directive that silenced nothing); [] when the directive was useful or cannot be judged.  ``judge`` is
    the rule class asking (the unused-suppression rule): a selector naming it is never judged.  ``cache``:
    a dict kept by the caller for the directives of one file, so each distinct selector is looked up once."""
    from xxgk_lint.selection import matches

    if not d.valid_kind or d.kind == "enable":
        return []
    if d.selectors is None:
        return [] if d.used else ["*"]
    out = []
    for s in d.selectors:
        if s in d.used or s in d.unknown:
            continue
        if judge is not None and matches(s, judge) and s.upper() != "ALL":
            continue  # silencing the judge itself cannot be judged without going round in circles
        ran = cache.get(s) if cache is not None else None
        if ran is None:  # ``cache`` (one per file: same rules, same active set) keeps it linear
            ran = any(c in active and matches(s, r) for c, r in all_rules.items())
            if cache is not None:
                cache[s] = ran
        if ran:
            out.append(s)
    return out


def kind_did_you_mean(word: str) -> str | None:
    guess = difflib.get_close_matches(word.lower(), KINDS, n=1, cutoff=0.5)
    return guess[0] if guess else None


def rewrite(d: Directive, remove: list[str]) -> str:
    """The comment without the selectors in ``remove`` (which must leave at least one)."""
    left = [s for s in d.selectors or [] if s not in remove]
    opening, closing = d.syntax
    return f"{opening} xxgk-lint: {d.kind}={','.join(left)} {closing}"


# -- the runner's side: which comments a document has, and the text recognition reads --------------
def directives_of(doc, all_rules: dict):
    """The suppression comments of a document whose format allows comments: (directives, orphan enables)."""
    syntax = comment_syntax(doc.format)
    if syntax is None:
        return [], []
    return prepare(doc.source_text if doc.source_text is not None else doc.text, all_rules, syntax)


def masked(doc, directives):
    """A copy of a text document with its suppression comments blanked out (same length, so every offset
    stays valid), for recognition only: a comment trailing a heading must not change the heading.  The
    original document is kept for output and fixes.  HTML comments never reach ``Document.text``."""
    if doc.source_text is not None:
        return doc
    import copy
    from bisect import bisect_left
    from dataclasses import replace

    from xxgk_lint.document import Paragraph, RawTable

    spans = sorted({(d.start, d.end) for d in directives})
    span_starts = [a for a, _ in spans]
    reach, far = [], -1  # reach[i]: the furthest end of spans[:i + 1]
    for _, b in spans:
        far = max(far, b)
        reach.append(far)
    chars = list(doc.text)
    for a, b in spans:
        for i in range(a, b):
            if chars[i] not in "\r\n":
                chars[i] = " "
    text = "".join(chars)

    def mask(s: str, span) -> str:
        i = bisect_left(span_starts, span.end)  # spans[:i] start before this one ends
        if i == 0 or reach[i - 1] <= span.start:
            return s
        if doc.text[span.start : span.end] == s:
            return text[span.start : span.end]
        for d in directives:
            s = s.replace(d.raw, " " * len(d.raw))
        return s

    blocks = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            blocks.append(replace(b, text=mask(b.text, b.span)))
        elif isinstance(b, RawTable):
            rows = [[replace(c, text=mask(c.text, c.span)) for c in row] for row in b.rows]
            blocks.append(replace(b, rows=rows))
        else:
            blocks.append(b)
    out = copy.copy(doc)
    out.text = text
    out.blocks = blocks
    out._line_starts = doc._line_starts
    return out
