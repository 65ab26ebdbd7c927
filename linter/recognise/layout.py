"""Rebuild tables from text lines: the layouts that extraction from Word, web pages and PDF leaves.

Seen in real reports:

* **rows**: one table row per line, cells separated by tabs, merged cells left as empty cells
  ("第二十条第（五）项\\t\\t\\t", "\\t(三) 不予公开\\t1. 属于国家秘密\\t0\\t0 ...");
* **tab-marked stream**: one cell per line, each cell line starting with a tab, a label broken
  over several lines continuing without the tab ("\\t本年新" + "制作数量"), "\\t" alone an empty cell;
* **bare stream**: one cell per line separated by blank lines, an extra blank line marking an
  empty cell.

A table *region* is a run of table-like paragraphs (blank, tabbed, short, or figures) that holds
at least one anchor (a caption, header or row label of a template table) and is not crossed by a
section heading.  Each region becomes a :class:`RawTable` with ``origin="layout"``; the binder in
``tables.py`` does the rest for layout and markup tables alike.
"""

from __future__ import annotations

from functools import lru_cache

from xxgk_lint.document import Cell, Paragraph, RawTable, Span
from xxgk_lint.recognise.figures import looks_like_value
from xxgk_lint.recognise.labels import LabelIndex
from xxgk_lint.recognise.normalise import norm
from xxgk_lint.templates import page_number_re

_PAGE_NUMBER = page_number_re()  # the shared conventions (xxgk_lint.templates)
_TRIM = " \u00a0\u3000\r\n"  # what _cell strips from a cell's text
MAX_CELL = 48  # normalised length above which a line without tabs is prose, not a cell


def _is_blank(text: str) -> bool:
    return not text or text.isspace()  # only blanks (str.isspace counts NBSP and U+3000), or nothing


def _stream_cells(cells: list[Cell], text: str, start: int) -> None:
    """Append the cells of ``text`` (starting at offset ``start``), one per tab-separated part, to the
    stream ``cells``: trimmed as :func:`_cell` trims them, in row 0 and numbered in stream order."""
    parts = text.split("\t") if "\t" in text else (text,)  # most lines of the stream layouts: one cell
    pos = start
    for part in parts:
        end = pos + len(part)
        if part and part[0] not in _TRIM and part[-1] not in _TRIM:  # most cells: nothing to trim
            cells.append(Cell(part, Span(pos, end), 0, len(cells)))
        else:
            cells.append(_cell(part, pos, 0, len(cells)))
        pos = end + 1


def _cell(text: str, a: int, row: int = 0, col: int = 0) -> Cell:
    """The cell of ``text`` (at offset ``a``) without the blanks of ``_TRIM`` at either end."""
    if text and text[0] not in _TRIM and text[-1] not in _TRIM:  # most cells: nothing to trim
        return Cell(text, Span(a, a + len(text)), row, col)
    stripped = text.strip(_TRIM)
    lead = len(text) - len(text.lstrip(_TRIM))
    return Cell(stripped, Span(a + lead, a + lead + len(stripped)), row, col)


def _row_cells(text: str, start: int, row: int) -> list[Cell]:
    """The cells of one tab-separated line, each trimmed as :func:`_cell` trims it, in one pass."""
    out = []
    pos = start
    for k, part in enumerate(text.split("\t")):
        end = pos + len(part)
        if not part:  # an empty cell (merged cells leave many)
            out.append(Cell("", Span(pos, pos), row, k))
        elif part[0] not in _TRIM and part[-1] not in _TRIM:
            out.append(Cell(part, Span(pos, end), row, k))
        else:
            out.append(_cell(part, pos, row, k))
        pos = end + 1
    return out


def page_clutter(paragraphs: list[Paragraph]) -> set[int]:
    """Indexes of page furniture: page numbers, and a short line repeated on several pages (a running
    header such as the agency name) — dropped from tables instead of being read as cells."""
    from collections import Counter

    keys = [None if "\t" in p.text else norm(p.text) for p in paragraphs]  # normalised once per paragraph
    counts = Counter(n for n in keys if n is not None and 4 <= len(n) <= 40)
    page_number = _PAGE_NUMBER.match
    out = {k for k, p in enumerate(paragraphs) if page_number(p.text)}
    repeated = {n for n, c in counts.items() if c >= 3}  # most reports have none
    if repeated:
        for k, key in enumerate(keys):
            if key in repeated and not looks_like_value(paragraphs[k].text):
                out.add(k)
    return out


class Classified:
    """How a paragraph's text looks to region finding.  Table lines repeat from report to report, so
    one instance is shared per (text, label index): see :func:`_classify`."""

    __slots__ = ("blank", "tabbed", "anchor", "value", "short", "tableish")

    def __init__(self, t: str, labels: LabelIndex):
        self.blank = _is_blank(t)
        self.tabbed = "\t" in t
        self.value = not self.blank and not self.tabbed and looks_like_value(t)
        n = norm(t)
        self.short = len(n) <= MAX_CELL
        self.anchor = False
        if not self.blank:
            parts = [x for x in t.split("\t") if x.strip()] if self.tabbed else [t]
            for part in parts[:4]:
                if len(norm(part)) <= 60 and not looks_like_value(part) and labels.match(part) is not None:
                    self.anchor = True
                    break
        self.tableish = self.blank or self.tabbed or self.value or self.short


_classify_cached = lru_cache(maxsize=8192)(Classified)  # (text, labels) -> the shared Classified


def _classify(t: str, labels: LabelIndex) -> Classified:
    # prose lines are cheap to class and rarely repeat: only table-sized lines go through the cache
    return _classify_cached(t, labels) if len(t) <= 160 else Classified(t, labels)


def find_regions(
    paragraphs: list[Paragraph],
    labels: LabelIndex,
    boundaries: set[int],
    clutter: set[int] | frozenset[int] = frozenset(),
) -> list[tuple[int, int]]:
    """Index ranges ``[i, j)`` of paragraphs that form table regions.  ``boundaries``: indexes of
    paragraphs that are section headings (a region never crosses one); ``clutter``: page furniture,
    which a region passes over."""
    texts = [p.text for p in paragraphs]
    for k in clutter:
        texts[k] = ""
    cached = _classify_cached
    cls = [cached(t, labels) if len(t) <= 160 else Classified(t, labels) for t in texts]  # _classify, inline
    regions = []
    i, n = 0, len(cls)
    while i < n:
        if not cls[i].anchor or i in boundaries:
            i += 1
            continue
        j = i
        last_good = i
        stray: list[int] = []  # non-blank texts since the last table-like paragraph
        while j < n and j not in boundaries and cls[j].tableish:
            c = cls[j]
            if c.anchor or c.value or c.tabbed:
                last_good = j
                stray = []
            elif not c.blank:
                stray.append(len(norm(paragraphs[j].text)))
                # header fragments ("结", "果") are tiny; sentences mean the table has ended
                if len(stray) > 12 or (len(stray) > 2 and max(stray) > 12):
                    break
            j += 1
        # label-like lines with no figure, no tab and only one label between them are sentences that
        # resemble a label ("说明：行政规范性文…" in section 一), not a table (a blank table still has
        # several header or row labels)
        if not any(cls[k].value or cls[k].tabbed for k in range(i, last_good + 1)) and (
            len(_labels_in(paragraphs, cls, i, last_good + 1, labels)) < 2
        ):
            i = last_good + 1
            continue
        regions.append((i, last_good + 1))
        i = last_good + 1
    return regions


def _labels_in(paragraphs: list[Paragraph], cls: list[Classified], a: int, b: int, labels: LabelIndex) -> set:
    """The distinct template labels the anchor lines of paragraphs ``[a, b)`` match."""
    found = set()
    for k in range(a, b):
        if cls[k].anchor:
            hit = labels.match(paragraphs[k].text)
            if hit is not None:
                found.add((hit.table, hit.kind, hit.ref, hit.official))
    return found


def _row_line(text: str) -> bool:
    """Whether a line is a table row: two tabs or more, or two non-blank cells either side of one tab."""
    tabs = text.count("\t")
    if tabs != 1:
        return tabs > 1
    a, b = text.split("\t")
    return bool(a.strip() and b.strip())


def build_table(paragraphs: list[Paragraph]) -> RawTable:
    nonblank = [p for p in paragraphs if p.text and not p.text.isspace()]  # not _is_blank
    span = Span(paragraphs[0].span.start, paragraphs[-1].span.end)
    row_lines = sum(1 for p in nonblank if "\t" in p.text and _row_line(p.text))  # no tab: no row line
    if nonblank and row_lines >= 0.5 * len(nonblank):
        rows: list[list[Cell]] = []
        for p in nonblank:
            rows.append(_row_cells(p.text, p.span.start, len(rows)))
        return RawTable(rows, span, stream=False, origin="layout")

    tab_marked = sum(1 for p in nonblank if p.text.startswith("\t")) >= 0.5 * max(len(nonblank), 1)
    cells: list[Cell] = []
    if tab_marked:
        for p in paragraphs:
            t = p.text
            if (not t or t.isspace()) and "\t" not in t:  # _is_blank, inline
                continue
            if t.startswith("\t"):
                _stream_cells(cells, t[1:], p.span.start + 1)
            elif cells:
                prev = cells[-1]
                extra = t.strip(" \u00a0\u3000")
                if extra:
                    lead = len(t) - len(t.lstrip(" \u00a0\u3000"))
                    end = p.span.start + lead + len(extra)
                    start = prev.span.start if prev.text else p.span.start + lead
                    prev.text = prev.text + extra
                    prev.span = Span(start, end)
            else:
                cells.append(_cell(t, p.span.start, 0, len(cells)))  # the whole line, tabs and all
    else:
        blank_run: list[Paragraph] = []
        for p in paragraphs:
            t = p.text
            if not t or t.isspace():  # _is_blank, inline
                blank_run.append(p)
                continue
            if blank_run:
                if cells and len(blank_run) >= 2:  # an extra blank line is an empty cell
                    for bp in blank_run[1:]:
                        cells.append(Cell("", Span(bp.span.start, bp.span.start), 0, len(cells)))
                blank_run = []
            if "\t" not in t and t[0] not in _TRIM and t[-1] not in _TRIM:  # one cell, nothing to trim (most lines)
                span = p.span  # the cell is the whole line: its span (Spans are immutable), unless the reader's differs
                if span.end - span.start != len(t):
                    span = Span(span.start, span.start + len(t))
                cells.append(Cell(t, span, 0, len(cells)))
            else:
                _stream_cells(cells, t, p.span.start)
    return RawTable([cells], span, stream=True, origin="layout")
