"""HTML (.html, .htm, .xhtml) reader: agency web pages and Word's "save as web page".

* **Charset**: a BOM wins; then bytes that are valid UTF-8 are UTF-8 (GBK text practically never is,
  so a page whose ``<meta charset>`` claims GBK but is UTF-8 is still read right); then the charset of
  ``<meta charset=...>`` or ``<meta http-equiv="Content-Type" content="...; charset=gbk">`` when the
  bytes decode with it (GB2312 and GBK are read as their superset GB18030); then GB18030 — many
  agency sites serve GBK without any meta tag.  Anything else is an E001.
* **Blocks**: ``<p>``, ``<div>``, ``<li>``, ``<h1>``-``<h6>`` (with ``heading_level``) and the other
  block elements end a paragraph, and so does ``<br>``.  White space collapses as a browser collapses
  it, ``&nbsp;`` is a space.  ``<script>``, ``<style>``, ``<nav>``, ``<header>``, ``<footer>``,
  ``<noscript>``, ``<template>``, ``<head>``, ``<iframe>``, ``<svg>``, ``<select>`` and comments are
  ignored.
* **Tables**: rows of ``<td>``/``<th>`` with ``rowspan``/``colspan`` resolved to a grid; the grid
  positions a merged cell covers are ``merged=True`` cells.  A table used for page layout (one
  that wraps other tables in wide cells) is read through as ordinary content; a table nested in a
  data cell is flattened into that cell's text.  Nesting deeper than ``Limits.max_html_depth`` is
  flattened to text; a page nested beyond what the HTML parser accepts (256 levels) is an E001,
  never a crash.  Short rows are padded with empty cells to the widest row unless the padding would
  be larger than the table's own cells (then they stay short, as in a .docx).  Work is bounded by the
  ``Limits`` of the ``limits`` config table (tags, attributes of one element, text nodes, cells per table,
  columns per row): each one exceeded is an E001 naming its config key.
* ``Document.text`` is one line per paragraph and one line per table row with tab-separated cells
  (merged positions as empty fields).  Positions are line and column **in the HTML source**: every
  text node is located in the source (searching forward from the previous one) and recorded as a
  :class:`~xxgk_lint.document.Segment` with ``source_line``/``source_column``.
  ``Document.source_text`` is the decoded HTML, where inline ``<!-- xxgk-lint: ... -->`` comments
  live.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from xxgk_lint.document import Cell, Document, Paragraph, RawTable, Segment, SegmentSourceMap, Span
from xxgk_lint.lines import line_col, line_starts
from xxgk_lint.readers import Limits, ReaderError, break_joiner
from xxgk_lint.readers.text import _BOMS, decode

_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_WS = re.compile(r"[ \t\n\r\f\u00a0\u200b]+")
_BREAK = "\x00"
_ANCHOR_STOP = set(" \t\n\r\f\u00a0&<>\"'")
SKIP = {
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "noscript",
    "template",
    "head",
    "title",
    "iframe",
    "object",
    "svg",
    "math",
    "select",
    "button",
    "textarea",
    "canvas",
    "map",
    "xml",
    "embed",
    "audio",
    "video",
    "dialog",
    "datalist",
    "option",
}
# site chrome around the article: by ARIA role, and by class/id words that sites use for it
CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar"}
_CHROME_WORD = re.compile(
    r"^(?:nav|navbar|navigation|menu|menus|submenu|breadcrumbs?|crumbs?|bread|footer|foot|bottom|sidebar|side|"
    r"share|bdshare|bdsharebuttonbox|copyright|copy|position|location|curpos|dqwz|weizhi|friendlinks?|links|"
    r"toolbar|tools|pagination|pager|pagebar|prevnext|related|search|topbar|skip|hidden|hide|invisible)$"
)
# words that name the top of a page, or of the article: chrome only when it holds no heading and is links or a
# name (the article's title often sits in a "header" block)
_WEAK_CHROME_WORD = re.compile(r"^(?:header|banner|logo|sitename)$")
_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)", re.I
)
_SPACE_ENTITY = re.compile(r"&(?:nbsp|#0*160|#x0*a0|ensp|emsp|thinsp|#0*8203|#x0*200b|ZeroWidthSpace);", re.I)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_CELL_TAG = re.compile(r"<t[dh](?=[\s>/])", re.I)
PROTECT_TEXT = 1500  # an element with this much text outside links is content, whatever its class says
BLOCK = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "main",
    "aside",
    "blockquote",
    "pre",
    "center",
    "form",
    "address",
    "figure",
    "figcaption",
    "hr",
    "body",
    "html",
    "caption",
    "fieldset",
    "legend",
    "details",
    "summary",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "tfoot",
}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
MAX_SPAN = 1000  # a rowspan/colspan above this is treated as 1 (a broken attribute, not a table)


def decode_html(data: bytes) -> tuple[str, str, bool]:
    """(text, encoding, had_bom) following the rules in the module doc."""
    for bom, _enc in _BOMS:
        if data.startswith(bom):
            return decode(data)
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:8192])
    if m:
        name = m.group(1).decode("ascii", "replace").lower()
        if name in ("gb2312", "gbk", "x-gbk", "gb_2312-80", "chinese", "csgb2312", "euc-cn"):
            name = "gb18030"
        try:
            enc = codecs.lookup(name).name
        except LookupError:
            enc = None
        if enc and enc not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32"):
            try:
                return data.decode(enc), enc, False
            except UnicodeDecodeError:
                pass  # the meta tag lies: detect
    return decode(data)


class _Locator:
    """Finds text nodes in the HTML source, moving forward, and turns offsets into line/column."""

    def __init__(self, source: str):
        self.source = source
        self.cursor = 0
        self.line_starts = line_starts(source)
        self.absent: dict[str, int] = {}  # anchor -> offset from which it is known not to occur

    def line_col(self, offset: int) -> tuple[int, int]:
        return line_col(self.line_starts, offset)

    def line_offset(self, line: int | None) -> int:
        if not line or line < 1:
            return 0
        return self.line_starts[min(line, len(self.line_starts)) - 1]

    def find(self, raw: str, line: int | None) -> int | None:
        """Source offset of the first visible character of the text node ``raw`` (None if not found)."""
        i = 0
        while i < len(raw) and raw[i] in _ANCHOR_STOP:
            i += 1
        j = i
        while j < len(raw) and j - i < 8 and raw[j] not in _ANCHOR_STOP:
            j += 1
        anchor = raw[i:j]
        if not anchor:
            return None
        start = max(self.cursor, self.line_offset(line)) if line else self.cursor
        # An anchor not in the source from some offset on (text written with entities, ``&#19968;``) is
        # not searched for again from there: one scan per distinct anchor, not one per text node.
        absent = self.absent.get(anchor)
        hit = -1 if absent is not None and start >= absent else self.source.find(anchor, start)
        if hit < 0 and start > self.cursor and not (absent is not None and self.cursor >= absent):
            hit = self.source.find(anchor, self.cursor)
        if hit < 0:
            self.absent[anchor] = min(self.cursor, start, absent if absent is not None else start)
            return None
        self.cursor = hit + len(anchor)
        return hit

    def cell_tag(self, line: int | None) -> int:
        """Source offset of the next ``<td>``/``<th>`` tag (cells come in source order), else the line start."""
        m = _CELL_TAG.search(self.source, max(self.cursor, self.line_offset(line)))
        if m is None:
            return self.line_offset(line)
        self.cursor = m.end()
        return m.start()

    def runs(self, text: str, off: int) -> list[tuple[int, int]]:
        """Where the characters of ``text`` (a collapsed text node starting at source offset ``off``) sit
        in the source: ``(index in text, source offset)`` at each point where the source stops running
        one-to-one with the text (collapsed white space, a line break, an entity such as ``&ldquo;``)."""
        src, n = self.source, len(self.source)
        if src.startswith(text, off) and "\n" not in text and "\r" not in text:
            return [(0, off)]  # the usual case: the text is in the source as it is
        out = [(0, off)]
        q = off
        straight = True  # the text so far ran one source character per text character from the last point
        for i, ch in enumerate(text):
            if q >= n:
                break
            c = src[q]
            if ch == " ":
                start = q
                while q < n:
                    if src[q] in " \t\n\r\f\u00a0\u200b":
                        q += 1
                        continue
                    m = _SPACE_ENTITY.match(src, q) if src[q] == "&" else None
                    if m is None:
                        break
                    q = m.end()
                if q == start:  # a space the text has but the source does not (e.g. between two nodes)
                    if not straight:
                        out.append((i, start))
                    straight = False
                    continue
                width = q - start
            elif c == ch:
                start, q, width = q, q + 1, 1
            elif c == "&" and (m := _ENTITY.match(src, q)) is not None:
                start, q, width = q, m.end(), m.end() - q
            else:
                break  # the source does not hold this text as expected: keep the positions found so far
            if not straight and i:
                out.append((i, start))
            straight = width == 1 and src[start] not in "\r\n"
        return out


class _Block:
    """Text pieces of one paragraph or cell: (text, source offset of its first visible char or None)."""

    __slots__ = ("pieces", "level")

    def __init__(self, level: int | None = None):
        self.pieces: list[tuple[str, int | None]] = []
        self.level = level

    def add(self, raw: str, loc: _Locator, line: int | None) -> None:
        if not raw:
            return
        text = _WS.sub(" ", raw)
        if not text.strip():
            if self.pieces and not self.pieces[-1][0].endswith(" "):
                self.pieces.append((" ", None))
            return
        off = loc.find(raw, line)
        if text.startswith(" "):
            if self.pieces and not self.pieces[-1][0].endswith(" "):
                self.pieces.append((" ", None))
            text = text[1:]
        self.pieces.append((text, off))

    def space(self) -> None:
        """A line break inside a cell (``<br>``, a ``<p>`` in a ``<td>``): resolved in :meth:`finish`."""
        if not self.pieces or self.pieces[-1][0] != _BREAK:
            self.pieces.append((_BREAK, None))

    def finish(self) -> list[tuple[str, int | None]]:
        """Pieces with outer white space removed, doubled inner spaces merged, and breaks turned into
        nothing between Chinese characters ("本年新" + "制作数量") or a space between other words."""
        res: list[tuple[str, int | None]] = []
        for text, off in self.pieces:
            if text == _BREAK:
                while res and res[-1][0] != _BREAK and not res[-1][0].strip():
                    res.pop()
                if res and res[-1][0] != _BREAK:
                    res[-1] = (res[-1][0].rstrip(" "), res[-1][1])
                res.append((text, off))
                continue
            if res and res[-1][0] == _BREAK:
                if not text.strip():
                    continue
                text = text.lstrip(" ")
            res.append((text, off))
        pieces: list[tuple[str, int | None]] = []
        for k, (text, off) in enumerate(res):
            if text == _BREAK:
                before = pieces[-1][0][-1:] if pieces else ""
                after = res[k + 1][0][:1] if k + 1 < len(res) else ""
                if before and after and break_joiner(before, after):
                    pieces.append((" ", None))
                continue
            pieces.append((text, off))
        out: list[tuple[str, int | None]] = []
        for text, off in pieces:
            if out and out[-1][0].endswith(" ") and text.startswith(" "):
                text = text[1:]
                if not text:
                    continue
            out.append((text, off))
        while out and not out[0][0].strip():
            out.pop(0)
        if out:
            t, o = out[0]
            out[0] = (t.lstrip(" "), o)
        while out and not out[-1][0].strip():
            out.pop()
        if out:
            t, o = out[-1]
            out[-1] = (t.rstrip(" "), o)
        return out


def _tag(el) -> str | None:
    t = el.tag
    if not isinstance(t, str):
        return None  # comment, processing instruction, entity
    if "}" in t:
        t = t.rsplit("}", 1)[1]
    return t.lower()


def _int(value, default=1) -> int:
    try:
        v = int(str(value).strip().rstrip(";"))
    except (TypeError, ValueError):
        return default
    return v if 1 <= v <= MAX_SPAN else default


class _Reader:
    def __init__(self, source: str, limits: Limits):
        self.loc = _Locator(source)
        self.limits = limits
        self.parts: list[str] = []
        self.pos = 0
        self.blocks: list = []
        self.segments: list[Segment] = []
        self.table_no = 0
        self.paragraph_no = 0

    # -- output ------------------------------------------------------------------------------------
    def _emit(self, pieces, table=None, row=None, col=None) -> tuple[int, int]:
        start = self.pos
        for text, off in pieces:
            if not text:
                continue
            if off is not None:
                runs = self.loc.runs(text, off)
                for k, (at, src_off) in enumerate(runs):
                    end = runs[k + 1][0] if k + 1 < len(runs) else len(text)
                    line, column = self.loc.line_col(src_off)
                    self.segments.append(
                        Segment(
                            self.pos + at,
                            self.pos + end,
                            table=table,
                            row=row,
                            col=col,
                            source_line=line,
                            source_column=column,
                        )
                    )
            self.parts.append(text)
            self.pos += len(text)
        return start, self.pos

    def _raw(self, text: str) -> None:
        self.parts.append(text)
        self.pos += len(text)

    def flush(self, block: _Block | None) -> None:
        if block is None:
            return
        pieces = block.finish()
        if not pieces:
            return
        self.paragraph_no += 1
        start, end = self._emit(pieces)
        self.blocks.append(Paragraph(self._text(start, end), Span(start, end), heading_level=block.level))
        self._raw("\n")

    def _text(self, start: int, end: int) -> str:
        # the text just emitted sits at the end of ``parts``
        acc, n = [], end - start
        for part in reversed(self.parts):
            if n <= 0:
                break
            acc.append(part[-n:] if len(part) > n else part)
            n -= len(part)
        return "".join(reversed(acc))

    # -- flow --------------------------------------------------------------------------------------
    def walk(self, root) -> None:
        from lxml import etree

        block: _Block | None = None
        level_stack: list[int] = []
        depth = 0
        marks: dict[int, str] = {}  # elements whose subtree was skipped (lxml still sends their "end")

        def level() -> int | None:
            return level_stack[-1] if level_stack else None

        chrome = _Chrome(root, self.limits.max_html_text_nodes)
        walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
        for event, el in walker:
            tag = _tag(el)
            if event in ("comment", "pi"):  # ignored, but the text after it is not
                if el.tail:
                    block = block or _Block(level())
                    block.add(el.tail, self.loc, el.sourceline)
                continue
            if event == "start":
                depth += 1
                if tag is None or tag in SKIP or (el is not root and chrome.skip(el, tag)):
                    walker.skip_subtree()
                    marks[id(el)] = "skip"
                    continue
                if tag == "table" and not self._is_layout_table(el):
                    self.flush(block)
                    block = None
                    self.table(el)
                    walker.skip_subtree()
                    marks[id(el)] = "table"
                    continue
                if depth > self.limits.max_html_depth:
                    # too deep to keep structure: its text joins the current paragraph
                    block = block or _Block(level())
                    for raw, line, brk in _text_nodes(el):
                        block.space() if brk else block.add(raw, self.loc, line)
                    walker.skip_subtree()
                    marks[id(el)] = "deep"
                    continue
                if tag == "br" or tag in BLOCK:
                    self.flush(block)
                    block = None
                if tag in HEADINGS:
                    level_stack.append(HEADINGS[tag])
                if el.text:
                    block = block or _Block(level())
                    block.add(el.text, self.loc, el.sourceline)
            else:
                depth -= 1
                if marks.pop(id(el), None) is None:
                    if tag in HEADINGS and level_stack:
                        level_stack.pop()
                    if tag in BLOCK:
                        self.flush(block)
                        block = None
                if el is not root and el.tail:
                    block = block or _Block(level())
                    block.add(el.tail, self.loc, el.sourceline)
        self.flush(block)

    # -- tables ------------------------------------------------------------------------------------
    @staticmethod
    def _rows(table) -> list:
        rows = []
        for child in table:
            t = _tag(child)
            if t == "tr":
                rows.append(child)
            elif t in ("thead", "tbody", "tfoot"):
                rows.extend(x for x in child if _tag(x) == "tr")
        return rows

    def _is_layout_table(self, table) -> bool:
        """A table that lays out the page (wrapping the article and its data tables) rather than data."""
        rows = self._rows(table)
        cells = [c for r in rows for c in r if _tag(c) in ("td", "th")]
        if not cells:
            return True
        if table.find(".//table") is None:
            return False
        ncols = max(sum(_int(c.get("colspan")) for c in r if _tag(c) in ("td", "th")) for r in rows) if rows else 0
        longest = max(len("".join(c.itertext())) for c in cells)
        return ncols <= 2 or longest > 400 or len(cells) <= 3

    def table(self, table) -> None:
        rows = self._rows(table)
        occupied: dict[tuple[int, int], None] = {}
        total = 0
        max_cells, max_columns = self.limits.max_table_cells, self.limits.max_table_columns
        # the table's real width: its widest row in cells; a colspan wider than that (up to 1000) would
        # only pad every row with empty cells
        width = max((sum(1 for td in tr if _tag(td) in ("td", "th")) for tr in rows), default=1) or 1
        if width > max_columns:
            raise _too_many_columns(width, max_columns)
        origin_rows: list[list[tuple[int, Any, int, int]]] = []  # Any: an lxml element
        for r, tr in enumerate(rows):
            col = 0
            row_cells = []
            for td in tr:
                if _tag(td) not in ("td", "th"):
                    continue
                while (r, col) in occupied:
                    col += 1
                rs, cs = _int(td.get("rowspan")), _int(td.get("colspan"))
                rs = min(rs, max(len(rows) - r, 1))
                total += rs * cs  # the spans as written count against the limit ...
                cs = min(cs, width)  # ... but the grid is only as wide as the table
                if total > max_cells:
                    raise ReaderError(
                        "too-large",
                        f"HTML 表格超过 {max_cells} 个单元格（上限见配置项 limits.max-table-cells），未予解析",
                        f"an HTML table has more than {max_cells} cells (the limit is setting limits.max-table-cells); "
                        "not parsed",
                    )
                row_cells.append((col, td, rs, cs))
                for dr in range(rs):
                    for dc in range(cs):
                        occupied[(r + dr, col + dc)] = None
                col += cs
            origin_rows.append(row_cells)
        if not any(origin_rows):
            return
        extent = [0] * len(rows)  # per row: one past its last occupied column
        for r, c in occupied:
            if c >= extent[r]:
                extent[r] = c + 1
        ncols = max(extent, default=0)
        if ncols > max_columns:  # cells pushed right by the rowspans of the rows above
            raise _too_many_columns(ncols, max_columns)
        # Short rows are padded with empty cells up to the widest, as long as the padding is no larger than
        # the table itself: a wide row over thousands of one-cell rows is not blown up into a grid of empty
        # cells (issue 16), its short rows stay short (as a .docx reader gives them).
        padding = len(rows) * ncols - sum(extent)
        padded = padding <= len(occupied)
        self.table_no += 1
        tno = self.table_no
        t_start = self.pos
        origins = {(r, c): (td, rs, cs) for r, row in enumerate(origin_rows) for c, td, rs, cs in row}
        covered: dict[tuple[int, int], tuple[int, int]] = {}
        for (r, c), (_td, rs, cs) in origins.items():
            for dr in range(rs):
                for dc in range(cs):
                    if dr or dc:
                        covered.setdefault((r + dr, c + dc), (r, c))
        out_rows: list[list[Cell]] = []
        cell_src: dict[tuple[int, int], int] = {}
        for r in range(len(rows)):
            out: list[Cell] = []
            for c in range(ncols if padded else extent[r]):
                if c:
                    self._raw("\t")
                if (r, c) in origins:
                    td, rs, cs = origins[(r, c)]
                    blk = _Block()
                    for raw, line, brk in _text_nodes(td):
                        blk.space() if brk else blk.add(raw, self.loc, line)
                    pieces = blk.finish()
                    where = next((off for _, off in pieces if off is not None), None)
                    if where is None:  # an empty cell: its <td> tag, the next one in the source
                        where = self.loc.cell_tag(td.sourceline)
                    cell_src[(r, c)] = where
                    first = len(self.segments)
                    start, end = self._emit(pieces, table=tno, row=r + 1, col=c + 1)
                    self._cell_segment(start, tno, r, c, where, first)
                    out.append(
                        Cell(
                            self._text(start, end) if end > start else "",
                            Span(start, end),
                            row=r,
                            col=c,
                            rowspan=rs,
                            colspan=cs,
                        )
                    )
                else:
                    src = covered.get((r, c))
                    self._cell_segment(self.pos, tno, r, c, cell_src.get(src) if src is not None else None)
                    out.append(Cell("", Span(self.pos, self.pos), row=r, col=c, merged=(r, c) in covered))
            out_rows.append(out)
            self._raw("\n")
        self.blocks.append(RawTable(out_rows, Span(t_start, max(self.pos - 1, t_start)), origin="markup"))

    def _cell_segment(self, start: int, tno: int, r: int, c: int, src: int | None, first: int | None = None) -> None:
        """Make sure the cell's first offset maps to its table/row/column even without located text."""
        recent = self.segments[first:] if first is not None else self.segments[-3:]
        if any(s.start == start and s.source_line is not None for s in recent):
            return
        line, column = self.loc.line_col(src) if src is not None else (None, None)
        self.segments.append(
            Segment(start, start, table=tno, row=r + 1, col=c + 1, source_line=line, source_column=column)
        )


def _too_many_columns(ncols: int, limit: int) -> ReaderError:
    return ReaderError(
        "too-large",
        f"HTML 表格有一行 {ncols} 列，超过上限 {limit} 列（配置项 limits.max-table-columns），未予解析",
        f"an HTML table row has {ncols} columns, over the limit of {limit} (setting limits.max-table-columns); "
        "not parsed",
    )


def _hidden(el) -> bool:
    """Hidden from a reader of the page: the ``hidden`` attribute or an inline display:none / visibility:hidden."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(style.replace(" ", "").replace("\n", "")))


class _Chrome:
    """Decides which elements are the site around the article (navigation, breadcrumbs, menus, footer,
    share bars, link lists) or hidden.  Text and link sizes of every element are counted once, bottom-up."""

    def __init__(self, root, max_text_nodes: int = 2_000_000):
        # element -> (text, link text, links, table rows, headings); keyed by the element itself, which keeps
        # lxml's proxy alive (an id() of a proxy can be reused once it is gone)
        self.sizes: dict = {}
        self._measure(root, max_text_nodes)

    def _measure(self, root, max_text_nodes: int) -> None:
        from lxml import etree

        stack: list[list[int]] = [[0, 0, 0, 0, 0]]
        nodes = 0  # text nodes (an element's text, its tail), bounded before the page is walked
        for event, el in etree.iterwalk(root, events=("start", "end")):
            tag = _tag(el)
            nodes += (el.text is not None) if event == "start" else (el.tail is not None)
            if nodes > max_text_nodes:
                raise ReaderError(
                    "too-large",
                    f"HTML 页面的文本节点超过上限 {max_text_nodes} 个（配置项 limits.max-html-text-nodes），未予解析",
                    f"the HTML page has more than {max_text_nodes} text nodes, over the limit "
                    "(setting limits.max-html-text-nodes); not parsed",
                )
            if event == "start":
                if tag is None or tag in SKIP:
                    stack.append(None)  # type: ignore[arg-type]
                    continue
                own = len(el.text.strip()) if el.text else 0
                stack.append(
                    [
                        own,
                        own if tag == "a" else 0,
                        1 if tag == "a" and own else 0,
                        1 if tag == "tr" else 0,
                        1 if tag in ("h1", "h2", "h3") else 0,
                    ]
                )
                continue
            acc = stack.pop()
            parent = stack[-1]
            tail = len(el.tail.strip()) if el.tail else 0
            if acc is not None:
                if tag == "a":  # every character inside a link is link text
                    acc[1] = acc[0]
                    acc[2] = max(acc[2], 1 if acc[0] else 0)
                self.sizes[el] = tuple(acc)
            if parent is not None:
                if acc is not None:
                    for k in range(5):
                        parent[k] += acc[k]
                parent[0] += tail

    def skip(self, el, tag: str) -> bool:
        if _hidden(el):
            return True
        text, links_text, links, rows, heads = self.sizes.get(el, (0, 0, 0, 0, 0))
        if text - links_text >= PROTECT_TEXT or rows >= 5:
            return False  # the article itself (or a container around it), whatever its class says
        if tag == "aside" or (el.get("role") or "").strip().lower() in CHROME_ROLES:
            return True
        words = " ".join(x for x in (el.get("class"), el.get("id")) if x)
        if words:
            parts = [w for w in re.split(r"[\s_\-]+", words.lower()) if w]
            if any(_CHROME_WORD.match(w) for w in parts):
                return True
            if not heads and (links >= 2 or text <= 20) and any(_WEAK_CHROME_WORD.match(w) for w in parts):
                return True
        # a block that is mostly links (menus, breadcrumbs, "previous / next", related articles)
        return tag in _LINK_BLOCKS and links >= 2 and text > 0 and links_text >= 0.6 * text


# containers judged by their links; a paragraph, cell or item of the article that happens to be mostly links
# (a contact line with a web address and a mail address) is content
_LINK_BLOCKS = {"div", "ul", "ol", "dl", "table", "tbody", "section", "menu"}


def _text_nodes(el):
    """(raw text, source line, is_break) of everything inside ``el``, in document order, skipping
    ignored elements and comments; iterative, so any nesting depth is safe."""
    from lxml import etree

    walker = etree.iterwalk(el, events=("start", "end", "comment", "pi"))
    for event, x in walker:
        tag = _tag(x)
        if event in ("comment", "pi"):
            if x.tail:
                yield x.tail, x.sourceline, False
            continue
        if event == "start":
            if tag is None or tag in SKIP:
                walker.skip_subtree()  # its "end" event still comes, with the tail
                continue
            if tag in ("br", "p", "div", "li", "tr", "td", "th", "table"):
                yield "", x.sourceline, True
            if x.text:
                yield x.text, x.sourceline, False
        else:
            if x is not el and x.tail:
                yield x.tail, x.sourceline, False


# Work bounds checked on the source before lxml parses it (lxml spends minutes on 200,000 attributes of
# one element): ``Limits.max_html_elements`` and ``max_html_attributes`` (config keys under ``limits``),
# far above any real report (a 50 MB report has about a million tags).
_LONG_TAG = re.compile(r"<[^<>]{4000,}")  # only a tag this long can hold that many attributes


def _check_size(text: str, limits: Limits) -> None:
    max_elements, max_attributes = limits.max_html_elements, limits.max_html_attributes
    tags = text.count("<")
    if tags > max_elements:
        raise ReaderError(
            "too-large",
            f"HTML 含 {tags} 个标签，超过上限 {max_elements}（配置项 limits.max-html-elements），未予解析",
            f"the HTML has {tags} tags, over the limit of {max_elements} (setting limits.max-html-elements); not parsed",
        )
    for m in _LONG_TAG.finditer(text):
        attributes = m.group(0).count("=")
        if attributes > max_attributes:
            raise ReaderError(
                "too-large",
                f"HTML 某个元素有约 {attributes} 个属性，超过上限 {max_attributes}（配置项 limits.max-html-attributes），未予解析",
                f"an HTML element has about {attributes} attributes, over the limit of {max_attributes} "
                "(setting limits.max-html-attributes); not parsed",
            )


def read(path: str, data: bytes, limits: Limits) -> Document:
    from lxml import etree
    from lxml import html as lxml_html

    text, encoding, bom = decode_html(data)
    source = text
    # lxml refuses str input with an XML encoding declaration: blank it out, keeping every offset
    m = _XML_DECL.match(text)
    parse_text = text if not m else " " * m.end() + text[m.end() :]
    parse_text = parse_text.replace("\x00", " ")
    _check_size(parse_text, limits)
    parser = lxml_html.HTMLParser(remove_comments=False, remove_pis=True, no_network=True, huge_tree=False)
    try:
        root = lxml_html.document_fromstring(parse_text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        if not parse_text.strip():
            root = None
        else:
            raise ReaderError("corrupt", f"无法解析 HTML：{exc}", f"cannot parse the HTML: {exc}") from None
    for err in parser.error_log:
        if err.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in (err.message or ""):
            raise ReaderError(
                "too-deep",
                "HTML 元素嵌套过深（超过 256 层，如层层嵌套的表格），无法可靠解析；请另存为简单网页或 Word 文件",
                "the HTML is nested too deeply (over 256 levels, e.g. tables inside tables) to parse reliably; "
                "save it as a plain page or a Word file",
            )
    r = _Reader(source, limits)
    if root is not None:
        body = root.find("body")
        r.walk(body if body is not None else root)
    doc_text = "".join(r.parts)
    return HtmlDocument(
        path=path,
        format="html",
        text=doc_text,
        blocks=r.blocks,
        encoding=encoding,
        bom=bom,
        newline="\n",
        source_map=SegmentSourceMap(r.segments),
        source_text=source,
    )


class HtmlDocument(Document):
    """A Document whose locations are lines of the HTML source: ``line_text`` gives that source line, so the
    excerpt under a finding shows the markup line (and column) the location names, not a line of the
    flattened text."""

    def line_text(self, line: int) -> str:
        starts = self.__dict__.get("_source_starts")
        src = self.source_text if self.source_text is not None else self.text
        if starts is None:
            starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", src)]
            self.__dict__["_source_starts"] = starts
        if line < 1 or line > len(starts):
            return ""
        end = starts[line] if line < len(starts) else len(src)
        return src[starts[line - 1] : end].rstrip("\r\n")
