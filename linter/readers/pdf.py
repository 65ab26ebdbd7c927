"""PDF reader: text with positions from pdfium (pypdfium2); ruled tables read from their rulings.

Per page (see ``docs/formats.md``):

1. the text pdfium extracts (``FPDFText_GetText``), in content-stream order, with its own line breaks and
   the spaces it generates where glyphs are apart;
2. **ruled tables**: the ruling lines and cell rectangles the page draws (path objects: single strokes,
   rectangles, or a whole grid drawn as one path, as LibreOffice and WPS export them) are grouped into
   tables by their vertical extent (tables in a report are stacked down the page).  A table's distinct
   column and row edges make a grid; two neighbouring grid positions are one cell unless a ruling runs
   between them, so a merged cell (the narrow 三、本年度办理结果 column over （一）…（七）, a group label, a
   two-level header) is one cell with its row and column span.  Column borders running past the last
   horizontal ruling close the table there (Chromium draws no border where a page break cut a row).
   Every character whose middle lies in the grid goes to the cell holding it (one pass over the
   characters, a bisection per character); a cell's characters are regrouped into printed lines top to
   bottom, left to right, and the lines joined as ``break_joiner`` says.  Nothing outside a table's
   rectangle (a heading right after it, a page number) can join it;
3. **everything else** — the page text with the table characters blanked — is cut into *fragments* at
   spaces wider than about half the font size, regrouped into printed lines by vertical position, left to
   right, and cut into cells at wide gaps: a borderless table row becomes a tab-separated line, the
   "tab rows" layout the recogniser reads (``linter/recognise/layout.py``), with a label wrapped inside its
   cell joined back;
4. body lines wrapped at the right margin are joined into paragraphs, never across a table and across a
   page break too (a line that starts with the ideographic indent "　　" or a heading number starts a new
   one); a centred title wrapped onto a second line, and a line that stopped short before a number or a
   bracketed document number that did not fit, are joined as well.

Across pages: a ruled table that ends a page and one that starts the next (page furniture between them
aside) with the same width are one table: header rows the next page repeats are dropped, a cell the page
break cut (a merged label running on, a row Word let break across the pages) is joined with its first part.

Blocks: a :class:`~xxgk_lint.document.RawTable` per ruled table (origin "markup", laid out in the text as
the .docx reader lays out its tables: one line per grid row, one tab-separated field per grid column, a
merged cell at its origin with its spans and ``merged`` empty cells at the positions it covers) and a
:class:`~xxgk_lint.document.Paragraph` per paragraph or line.  Segments record the page and, for a table
cell, the table / row / column ("第 N 页，表格 T 第 R 行第 C 列").  Page numbers and running headers
outside tables are left as lines of their own; the recogniser drops them inside layout tables.

Cost: linear in characters, rulings and grid positions — a page with tens of thousands of rulings, or a
200-page report, no longer costs fragments × rulings.

Errors: encrypted → E001 "PDF 已加密"; no text on any page → E001 (a scan); more pages than
``Limits.max_pdf_pages`` → E001 naming the limit; anything pdfium cannot load → E001.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Sequence

from xxgk_lint.document import Cell, Document, Paragraph, RawTable, Segment, SegmentSourceMap, Span
from xxgk_lint.readers import Limits, ReaderError, break_joiner, is_cjk

GAP_EM = 0.5  # a horizontal gap wider than this many font sizes separates two cells
_SPACES = " \u00a0\u3000"
_STARTS_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[）)])")
_BARE_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[）)])$")
_SOFT_START = re.compile(r"^[0-9A-Za-z〔（(《“\"'\[]")
_TERMINAL = ("。", "！", "？", "；", "：", "…", ".", "!", "?", ";", ":")
_PAGE_NUMBER = re.compile(
    r"^[\s\u3000]*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页.*|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})[\s\u3000]*$"
)


class _Frag:
    __slots__ = ("text", "left", "right", "bottom", "top", "size")

    def __init__(self, text, left, right, bottom, top, size):
        self.text, self.left, self.right, self.bottom, self.top, self.size = text, left, right, bottom, top, size

    @property
    def mid(self) -> float:
        return (self.bottom + self.top) / 2


def _open(data: bytes, limits: Limits):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    if b"%PDF" not in data[:1024]:
        raise ReaderError(
            "corrupt",
            "文件不是 PDF（缺少 %PDF 文件头），可能已损坏或扩展名有误",
            "not a PDF (no %PDF header): the file is corrupt or has the wrong extension",
        )
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            raise ReaderError(
                "encrypted",
                "PDF 已加密（需要密码才能打开），无法检查；请提供未加密的文件",
                "the PDF is encrypted (a password is needed to open it) and cannot be checked; "
                "provide an unencrypted file",
            ) from None
        if code == raw.FPDF_ERR_SECURITY:
            raise ReaderError(
                "encrypted",
                "PDF 使用了不支持的加密方式，无法打开",
                "the PDF uses an unsupported security handler and cannot be opened",
            ) from None
        raise ReaderError(
            "corrupt",
            f"PDF 文件已损坏或不完整，无法打开（{exc}）",
            f"the PDF is corrupt or incomplete and cannot be opened ({exc})",
        ) from None
    return pdf


def _page_text(textpage, raw, n: int) -> str:
    if n <= 0:
        return ""
    buf = ctypes.create_string_buffer((n + 1) * 2)
    got = raw.FPDFText_GetText(textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: max(got - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) != n:  # characters outside the BMP: one code unit pair per char index; rebuild
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(n))
        text = "".join(ch if not 0xD800 <= ord(ch) <= 0xDFFF else "\ufffd" for ch in text)
    return text


def _fragments(textpage, raw, text: str) -> list[_Frag]:
    """Cut pdfium's lines into fragments at wide gaps; give each its box."""
    rect = raw.FS_RECTF()
    ref = ctypes.byref(rect)

    def box(i):
        """(left, right, bottom, top) of the character's loose box: the font's ascent to descent, so
        that a digit and a Chinese character on one baseline get the same vertical extent."""
        if not raw.FPDFText_GetLooseCharBox(textpage, i, ref):
            return None
        return rect.left, rect.right, min(rect.bottom, rect.top), max(rect.bottom, rect.top)

    out: list[_Frag] = []
    n = len(text)
    i = 0
    while i < n:
        # one pdfium line: [i, j)
        j = i
        while j < n and text[j] not in "\r\n":
            j += 1
        a = i
        while a < j:
            while a < j and text[a] in _SPACES and text[a] != "\u3000":
                a += 1
            if a >= j:
                break
            # extend the fragment over spaces whose gap is small
            b = a
            first = box(a)
            last_idx = a
            k = a + 1
            while k < j:
                if text[k] in " \u00a0":
                    while k < j and text[k] in " \u00a0":
                        k += 1
                    if k >= j:
                        break
                    prev = box(last_idx)
                    nxt = box(k)
                    if prev and nxt:
                        size = max(prev[3] - prev[2], nxt[3] - nxt[2], 1.0)
                        gap = nxt[0] - prev[1]
                        if gap > GAP_EM * size * 1.15 or abs((nxt[2] + nxt[3]) - (prev[2] + prev[3])) > size:
                            break
                    continue
                last_idx = k
                k += 1
            b = last_idx + 1
            frag_text = text[a:b]
            if " " in frag_text:
                frag_text = _drop_generated_spaces(textpage, raw, text, a, b)
            lb = box(last_idx)
            if first is None or lb is None:
                a = max(k, b)
                continue
            size = raw.FPDFText_GetFontSize(textpage, a) or (first[3] - first[2])
            out.append(_Frag(frag_text, first[0], lb[1], min(first[2], lb[2]), max(first[3], lb[3]), size))
            a = max(k, b)
        i = j
        while i < n and text[i] in "\r\n":
            i += 1
    return out


def _drop_generated_spaces(textpage, raw, text: str, a: int, b: int) -> str:
    """``text[a:b]`` without the spaces pdfium generated beside a CJK character: a gap it saw between
    glyphs of two fonts ("增" and a digit drawn in a Latin font), not a space anyone typed."""
    out = []
    for i in range(a, b):
        ch = text[i]
        if (
            ch == " "
            and raw.FPDFText_IsGenerated(textpage, i) == 1
            and (is_cjk(text[i - 1 : i]) or is_cjk(text[i + 1 : i + 2]))
        ):
            continue
        out.append(ch)
    return "".join(out)


def _visual_lines(frags: list[_Frag]) -> list[list[_Frag]]:
    """Group fragments whose vertical extents overlap enough into lines, top to bottom."""
    frags = sorted(frags, key=lambda f: (-f.mid, f.left))
    lines: list[list[_Frag]] = []
    cur: list[_Frag] = []
    cur_mid = cur_h = 0.0
    for f in frags:
        h = max(f.top - f.bottom, 1.0)
        if cur and abs(f.mid - cur_mid) <= 0.45 * max(h, cur_h):  # max: a glyph with only its thin box
            cur.append(f)
            continue
        if cur:
            lines.append(sorted(cur, key=lambda x: x.left))
        cur, cur_mid, cur_h = [f], f.mid, h
    if cur:
        lines.append(sorted(cur, key=lambda x: x.left))
    return lines


class _Rulings:
    """The ruling lines of a page (table borders), the segments of one line that touch merged."""

    def __init__(self, vertical: list[tuple[float, float, float]], horizontal: list[tuple[float, float, float]]):
        # neighbouring cells share their edges: merge the segments of one x that touch or overlap
        merged: list[list[float]] = []
        for x, b, t in sorted(vertical, key=lambda v: (round(v[0] * 2), v[1])):
            last = merged[-1] if merged else None
            if last is not None and abs(last[0] - x) <= 0.5 and b <= last[2] + 0.5:
                last[2] = max(last[2], t)
            else:
                merged.append([x, b, t])
        self.vertical = [tuple(v) for v in merged]  # (x, bottom, top)
        self.horizontal = sorted(horizontal)  # (y, left, right), bottom to top


def _rulings(page, raw, page_height: float, page_width: float = 0.0) -> _Rulings:
    vertical, horizontal = [], []
    left, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    refs = (ctypes.byref(left), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t))
    n = raw.FPDFPage_CountObjects(page)
    if n > 50_000:  # a drawing, not a report: do without rulings
        return _Rulings([], [])
    for i in range(n):
        obj = raw.FPDFPage_GetObject(page, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, *refs):
            continue
        x0, y0, x1, y1 = left.value, b.value, r.value, t.value
        w, h = x1 - x0, y1 - y0
        if h > 0.8 * page_height and (w > 0.5 * page_width or not _near_edge(x0, x1, page_width)):
            if w > 2.5:
                continue  # a frame around the page
            # a thin line that long is a column border of a table filling the page, unless it hugs
            # the page edge (a page border drawn line by line)
        elif h > 0.8 * page_height:
            continue
        if w <= 2.5 and h > 3:
            vertical.append(((x0 + x1) / 2, y0, y1))
        elif h <= 2.5 and w > 3:
            horizontal.append(((y0 + y1) / 2, x0, x1))
        elif w > 3 and h > 3:
            if raw.FPDFPath_CountSegments(obj) <= 5:  # a cell box drawn as a rectangle
                vertical += [(x0, y0, y1), (x1, y0, y1)]
                horizontal += [(y0, x0, x1), (y1, x0, x1)]
            else:  # a whole grid drawn as one path (LibreOffice, WPS)
                _path_lines(obj, raw, vertical, horizontal)
    return _Rulings(vertical, horizontal)


def _near_edge(x0: float, x1: float, page_width: float) -> bool:
    return page_width > 0 and (x1 < 0.12 * page_width or x0 > 0.88 * page_width)


_MAX_SEGMENTS = 20_000  # a path with more segments is a drawing, not table borders


def _path_lines(obj, raw, vertical: list, horizontal: list) -> None:
    """The straight horizontal and vertical strokes of one path object, in page coordinates."""
    n = raw.FPDFPath_CountSegments(obj)
    if n <= 0 or n > _MAX_SEGMENTS:
        return
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        m.a, m.b, m.c, m.d, m.e, m.f = 1, 0, 0, 1, 0, 0
    x, y = ctypes.c_float(), ctypes.c_float()
    start = prev = None
    for i in range(n):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        if not raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        pt = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO or prev is None:
            start = prev = pt
            continue
        if kind == raw.FPDF_SEGMENT_LINETO:
            _add_stroke(prev, pt, vertical, horizontal)
        prev = pt
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            _add_stroke(prev, start, vertical, horizontal)
            prev = start


def _add_stroke(a, b, vertical: list, horizontal: list) -> None:
    (xa, ya), (xb, yb) = a, b
    if abs(xa - xb) <= 0.5 and abs(ya - yb) > 3:
        vertical.append(((xa + xb) / 2, min(ya, yb), max(ya, yb)))
    elif abs(ya - yb) <= 0.5 and abs(xa - xb) > 3:
        horizontal.append(((ya + yb) / 2, min(xa, xb), max(xa, xb)))


class _Line:
    """A printed line outside the ruled tables: its cells, left to right, each a run of fragments with
    small gaps (a borderless table row has several)."""

    __slots__ = ("cells", "mid", "size", "left", "right")

    def __init__(self, frags: list[_Frag]):
        self.size = max(max(f.top - f.bottom for f in frags), 1.0)
        self.mid = sum(f.mid for f in frags) / len(frags)
        self.cells: list[list] = []  # [text, left, right]
        for f in frags:
            if self.cells:
                cell = self.cells[-1]
                if f.left - cell[2] <= GAP_EM * self.size * 1.15:
                    cell[:3] = self._join([_Frag(cell[0], cell[1], cell[2], f.bottom, f.top, f.size), f])
                    continue
            self.cells.append([f.text, f.left, f.right])
        if len(self.cells) == 2 and _BARE_NUMBER.match(self.cells[0][0]) and not _VALUE.match(self.cells[1][0]):
            # "一、" and its title apart: a full-width space after the number (or a tab stop), one heading
            a, b = self.cells
            self.cells = [[a[0] + "\u3000" + b[0], a[1], b[2]]]
        texts = [c for c in self.cells if c[0]]
        self.left = texts[0][1] if texts else self.cells[0][1]
        self.right = max(c[2] for c in (texts or self.cells))

    def _join(self, frags: list[_Frag]) -> list:
        text = frags[0].text
        for prev, f in zip(frags, frags[1:], strict=False):
            if abs(prev.mid - f.mid) > 0.45 * self.size:  # the next printed line of a wrapped cell
                text += break_joiner(prev.text, f.text)
            elif f.left - prev.right > 0.15 * self.size and (prev.text[-1:].isascii() or f.text[:1].isascii()):
                text += " "
            text += f.text
        return [text, frags[0].left, max(f.right for f in frags)]

    @property
    def text(self) -> str:
        return "\t".join(c[0] for c in self.cells)


# blanks inside the number only where a digit or separator follows (linear on long blank runs)
_VALUE = re.compile(
    r"^[\s\u3000]*(?:(?:[增减+\-−]\s*)?[\d０-９](?:[\d０-９,，.．]|\s+(?=[\d０-９,，.．]))*"
    r"(?:\s*(?:万元|元|[(（][增减][)）]))?|[-—/／]|无)[\s\u3000]*$"
)


def _merge_wrapped(lines: list[_Line]) -> list[_Line]:
    """Join a label wrapped inside its cell of a borderless table back into the cell: the line just
    below a table row, holding no figure, each of whose cells starts where a text cell of the row
    above starts, closer than a row apart."""
    out: list[_Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and len([c for c in prev.cells if c[0]]) >= 2
            and 0 < prev.mid - line.mid <= 1.6 * max(prev.size, line.size)
            and not any(_VALUE.match(c[0]) for c in line.cells if c[0])
        ):
            targets = []
            for c in line.cells:
                if not c[0]:
                    continue
                hit = next(
                    (
                        pc
                        for pc in prev.cells
                        if pc[0] and not _VALUE.match(pc[0]) and abs(pc[1] - c[1]) <= 0.6 * prev.size
                    ),
                    None,
                )
                if hit is None:
                    break
                targets.append((hit, c))
            else:
                if targets:
                    for pc, c in targets:
                        pc[0] += c[0]
                        pc[2] = max(pc[2], c[2])
                    prev.mid = line.mid  # a third wrapped line continues from this one
                    continue
        out.append(line)
    return out


# -- ruled tables: a grid from the rulings, every character in the cell that holds it ------------------

_MARKER = re.compile(
    r"^[\s\u3000]*(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、])"
)


def _cluster(values: list[float], tol: float) -> list[float]:
    """Sorted distinct positions: values closer than ``tol`` to the previous one are the same line."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _intervals(pairs: list[tuple[float, float]]) -> list[list[float]]:
    """Touching or overlapping intervals merged, sorted."""
    out: list[list[float]] = []
    for a, b in sorted(pairs):
        if out and a <= out[-1][1] + 1.0:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


def _covered(cov: tuple, a: float, b: float) -> float:
    """The share of [a, b] the merged intervals ``cov`` (starts, intervals) cover."""
    if b <= a or not cov:
        return 0.0
    from bisect import bisect_right

    starts, intervals = cov
    k0 = max(bisect_right(starts, a) - 1, 0)
    if intervals[k0][0] <= a and intervals[k0][1] >= b:
        return 1.0  # the usual case: one ruling runs the whole edge
    total = 0.0
    for k in range(k0, len(intervals)):
        lo, hi = intervals[k]
        if lo >= b:
            break
        if hi > a:
            total += min(hi, b) - max(lo, a)
    return total / (b - a)


class _Grid:
    """One ruled table on one page: column edges ``xs`` (left to right), row edges ``ys`` (top to bottom)
    and the cells, each a component of grid positions that no ruling separates."""

    __slots__ = ("xs", "ys", "_asc", "comp", "cells", "top", "bottom", "left", "right")

    def __init__(self, xs: list[float], ys: list[float], comp: list[int]):
        self.xs, self.ys, self.comp = xs, ys, comp
        self._asc = [-y for y in ys]  # ascending, for bisect
        self.top, self.bottom, self.left, self.right = ys[0], ys[-1], xs[0], xs[-1]
        ncols = len(xs) - 1
        boxes: dict[int, list[int]] = {}
        for pos, root in enumerate(comp):
            r, c = divmod(pos, ncols)
            b = boxes.get(root)
            if b is None:
                boxes[root] = [r, r, c, c]
            else:
                b[0], b[1], b[2], b[3] = min(b[0], r), max(b[1], r), min(b[2], c), max(b[3], c)
        self.cells: dict[int, _TCell] = {}
        for root, (r0, r1, c0, c1) in boxes.items():
            self.cells[root] = _TCell(r0, r1 - r0 + 1, xs[c0], xs[c1 + 1])

    def holds(self, x: float, y: float) -> bool:
        return self.left - 0.5 <= x <= self.right + 0.5 and self.bottom - 0.5 <= y <= self.top + 0.5

    def cell_at(self, x: float, y: float) -> _TCell:
        from bisect import bisect_right

        c = min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        r = min(max(bisect_right(self._asc, -y) - 1, 0), len(self.ys) - 2)
        return self.cells[self.comp[r * (len(self.xs) - 1) + c]]


class _TCell:
    """A cell of a ruled table: its first row, rows spanned, horizontal extent, and its characters
    (index, text, x-middle, y-middle, height, generated space) until :meth:`finish` turns them into text."""

    __slots__ = ("r", "rowspan", "x0", "x1", "chars", "text", "page")

    def __init__(self, r: int, rowspan: int, x0: float, x1: float):
        self.r, self.rowspan, self.x0, self.x1 = r, rowspan, x0, x1
        self.chars: list[tuple] = []
        self.text = ""
        self.page = 0

    def finish(self) -> None:
        """The cell's printed lines top to bottom (characters whose middles are within half a line share
        one, left to right), joined as a line break inside a cell is joined."""
        if not self.chars:
            return
        lines: list[list[tuple]] = []
        for ch in sorted(self.chars, key=lambda c: -c[3]):
            # max: a glyph whose font gives no ascent (Chromium's "一") has only its own thin box
            if lines and abs(lines[-1][0][3] - ch[3]) <= 0.45 * max(lines[-1][0][4], ch[4], 1.0):
                lines[-1].append(ch)
            else:
                lines.append([ch])
        text = ""
        for line in lines:
            line.sort(key=lambda c: c[2])  # left to right (the drawing order can differ: font runs)
            # a space pdfium generated beside a CJK character is a gap between two fonts' glyphs
            s = _tidy(
                "".join(
                    c[1]
                    for k, c in enumerate(line)
                    if not (
                        c[5]
                        and (is_cjk(line[k - 1][1] if k else "") or is_cjk(line[k + 1][1] if k + 1 < len(line) else ""))
                    )
                )
            )
            if not s:
                continue
            text = text + break_joiner(text, s) + s if text else s
        self.text = text
        self.chars = []


def _tidy(s: str) -> str:
    """A printed line of a cell: no blanks around it, runs of spaces as one."""
    if " " not in s and "\u00a0" not in s and "\t" not in s and "\u3000" not in s:
        return s
    return re.sub(r"[ \u00a0\t]+", " ", s).strip(_SPACES)


def _grids(rulings: _Rulings) -> list[_Grid]:
    """The ruled tables of a page.  Rulings whose vertical extents touch form one table (tables in a
    report are stacked down the page); its distinct vertical and horizontal ruling positions are the
    grid, and two neighbouring grid positions are one cell unless a ruling runs between them.  Linear in
    the number of rulings (sorting aside) and in the number of grid positions."""
    segs = [(b, t, 0, x, b, t) for x, b, t in rulings.vertical] + [
        (y, y, 1, y, l0, r0) for y, l0, r0 in rulings.horizontal
    ]
    segs.sort()
    bands: list[list[tuple]] = []
    top = None
    for s in segs:
        if top is None or s[0] > top + 1.0:
            bands.append([s])
            top = s[1]
        else:
            bands[-1].append(s)
            top = max(top, s[1])
    out = []
    for band in bands:
        g = _grid(band)
        if g is not None:
            out.append(g)
    return out


def _grid(band: list[tuple]) -> _Grid | None:
    from bisect import bisect_right

    vert = [(s[3], s[4], s[5]) for s in band if s[2] == 0]
    hori = [(s[3], s[4], s[5]) for s in band if s[2] == 1]
    if len(vert) < 2 or len(hori) < 2:
        return None
    xs = _cluster([v[0] for v in vert], 1.5)
    ys_up = _cluster([h[0] for h in hori], 1.0)
    # a row cut by a page break may have no border on the cut side (Chromium): the column borders
    # running past the last horizontal ruling close the table there
    v_top, v_bottom = max(v[2] for v in vert), min(v[1] for v in vert)
    if len(xs) >= 2 and ys_up and v_top > ys_up[-1] + 3.0:
        ys_up.append(v_top)
        hori.append((v_top, xs[0], xs[-1]))
    if len(xs) >= 2 and ys_up and v_bottom < ys_up[0] - 3.0:
        ys_up.insert(0, v_bottom)
        hori.append((v_bottom, xs[0], xs[-1]))
    if len(xs) < 2 or len(ys_up) < 2 or (len(xs) - 1) * (len(ys_up) - 1) < 2:
        return None
    if (len(xs) - 1) * (len(ys_up) - 1) > 200_000:
        return None
    v_at: dict[int, list] = {}
    for x, b, t in vert:
        v_at.setdefault(min(max(bisect_right(xs, x + 1.5) - 1, 0), len(xs) - 1), []).append((b, t))
    h_at: dict[int, list] = {}
    for y, l0, r0 in hori:
        h_at.setdefault(min(max(bisect_right(ys_up, y + 1.0) - 1, 0), len(ys_up) - 1), []).append((l0, r0))
    vcov = {k: (lambda iv: ([i[0] for i in iv], iv))(_intervals(v)) for k, v in v_at.items()}
    hcov = {k: (lambda iv: ([i[0] for i in iv], iv))(_intervals(v)) for k, v in h_at.items()}
    ys = ys_up[::-1]
    nrows, ncols = len(ys) - 1, len(xs) - 1
    parent = list(range(nrows * ncols))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            if ra < rb:
                parent[rb] = ra
            else:
                parent[ra] = rb

    for r in range(nrows):
        y_top, y_bot = ys[r], ys[r + 1]
        for c in range(ncols - 1):
            if _covered(vcov.get(c + 1, ()), y_bot, y_top) < 0.5:
                union(r * ncols + c, r * ncols + c + 1)
    for r in range(nrows - 1):
        line = hcov.get(len(ys_up) - 2 - r, ())  # the ruling between row r and row r + 1
        for c in range(ncols):
            if _covered(line, xs[c], xs[c + 1]) < 0.5:
                union(r * ncols + c, (r + 1) * ncols + c)
    return _Grid(xs, ys, [find(k) for k in range(nrows * ncols)])


def _page_chars(textpage, raw, text: str, grids: list[_Grid]) -> str:
    """Put every character inside a table's grid into the cell holding its middle; the page text with
    those characters blanked out (as line breaks, so the text outside the tables reads as before)."""
    from bisect import bisect_right

    rect = raw.FS_RECTF()
    ref = ctypes.byref(rect)
    loose = raw.FPDFText_GetLooseCharBox
    generated = raw.FPDFText_IsGenerated
    out = list(text)
    lo = min(g.bottom for g in grids) - 0.5
    hi = max(g.top for g in grids) + 0.5
    boxes = [
        (
            g.left - 0.5,
            g.right + 0.5,
            g.bottom - 0.5,
            g.top + 0.5,
            g.xs,
            g._asc,
            len(g.xs) - 2,
            len(g.ys) - 2,
            g.comp,
            g.cells,
        )
        for g in grids
    ]

    def far(i: int) -> int:
        """-1 / 1: character ``i`` is well below / above every table; 0: near one, or no box."""
        if not loose(textpage, i, ref):
            return 0
        y = (rect.bottom + rect.top) / 2
        return -1 if y < lo - 20 else 1 if y > hi + 20 else 0

    todo: list[int] = []
    for m in re.finditer(r"[^\r\n]+", text):  # pdfium's lines: skip a line far from every table whole
        a, b = m.start(), m.end() - 1
        side = far(a)
        if side and far(b) == side and far((a + b) // 2) == side:
            continue
        todo.extend(range(a, b + 1))
    for i in todo:
        ch = text[i]
        if not loose(textpage, i, ref):
            continue
        top, bottom = rect.top, rect.bottom
        y = (bottom + top) / 2
        if y < lo or y > hi:
            continue
        x = (rect.left + rect.right) / 2
        for left, right, b0, t0, xs, asc, cmax, rmax, comp, cells in boxes:
            if left <= x <= right and b0 <= y <= t0:
                out[i] = "\n"
                c = bisect_right(xs, x) - 1
                c = 0 if c < 0 else cmax if c > cmax else c
                r = bisect_right(asc, -y) - 1
                r = 0 if r < 0 else rmax if r > rmax else r
                gen = ch == " " and generated(textpage, i) == 1
                cells[comp[r * (cmax + 1) + c]].chars.append((i, ch, x, y, abs(top - bottom), gen))
                break
    return "".join(out)


class _TItem:
    """A ruled table (its parts on consecutive pages joined): cells with their first row, rows spanned
    and horizontal extent."""

    __slots__ = ("cells", "nrows", "left", "right", "top", "clutter", "ends_open", "continues")

    def __init__(self, grid: _Grid, page: int):
        self.cells = []
        for c in grid.cells.values():
            c.finish()
            c.page = page
            self.cells.append(c)
        self.cells.sort(key=lambda c: (c.r, c.x0))
        self.nrows = len(grid.ys) - 1
        self.left, self.right, self.top = grid.left, grid.right, grid.top
        self.clutter = self.ends_open = self.continues = False

    def empty(self) -> bool:
        return not any(c.text for c in self.cells)

    def row_texts(self, r: int) -> tuple:
        return tuple(c.text for c in self.cells if c.r == r)

    def continue_with(self, nxt: _TItem) -> bool:
        """Join the part of the table on the next page (``nxt``) if it is one: the same width; its
        repeated header rows dropped; a cell the page break cut (a merged label running on, a row
        Word let break across the pages) joined with its first part."""
        if abs(self.left - nxt.left) > 3 or abs(self.right - nxt.right) > 3:
            return False
        skip = 0
        while (
            skip < min(nxt.nrows - 1, self.nrows)
            and any(nxt.row_texts(skip))
            and nxt.row_texts(skip) == self.row_texts(skip)
        ):
            skip += 1
        if skip:  # repeated header rows
            if any(c.r < skip < c.r + c.rowspan for c in nxt.cells):
                skip = 0
            else:
                nxt.cells = [c for c in nxt.cells if c.r >= skip]
                for c in nxt.cells:
                    c.r -= skip
                nxt.nrows -= skip
        last = [c for c in self.cells if c.r + c.rowspan == self.nrows]
        first = [c for c in nxt.cells if c.r == 0]

        def partner(c):
            return next((p for p in last if abs(p.x0 - c.x0) <= 2 and abs(p.x1 - c.x1) <= 2), None)

        # a row broken across the pages: no figure in its second part, every text continuing a label
        # (not starting a numbered one of its own)
        split = (
            bool(first)
            and any(c.text for c in first)
            and all(
                not c.text
                or (
                    not _VALUE.match(c.text)
                    and not _MARKER.match(c.text)
                    and (p := partner(c)) is not None
                    and p.text
                    and not _VALUE.match(p.text)
                )
                for c in first
            )
        )
        shift = 1 if split else 0
        base = self.nrows - shift
        for c in nxt.cells:
            p = partner(c) if c.r == 0 else None
            if p is not None and (
                split
                or ((c.rowspan > 1 or p.rowspan > 1) and not _VALUE.match(c.text or "") and not _MARKER.match(c.text))
            ):
                p.text = p.text + break_joiner(p.text, c.text) + c.text if p.text and c.text else p.text or c.text
                p.rowspan = base + c.rowspan - p.r
                continue
            if split and c.r == 0:
                if c.rowspan == 1:
                    continue
                c.r, c.rowspan = 1, c.rowspan - 1  # the rows it spans below the split row
            c.r += base
            self.cells.append(c)
        self.nrows = base + nxt.nrows
        self.cells.sort(key=lambda c: (c.r, c.x0))
        return True


def read(path: str, data: bytes, limits: Limits) -> Document:
    import pypdfium2.raw as raw

    pdf = _open(data, limits)
    try:
        npages = len(pdf)
        if npages > limits.max_pdf_pages:
            raise ReaderError(
                "too-large",
                f"PDF 共 {npages} 页，超过上限 {limits.max_pdf_pages} 页（配置项 limits.max-pdf-pages）",
                f"the PDF has {npages} pages, over the limit of {limits.max_pdf_pages} (setting limits.max-pdf-pages)",
            )
        if npages == 0:
            raise ReaderError("corrupt", "PDF 没有任何页面", "the PDF has no pages")
        any_text = False
        pages: list[list] = []
        for pno in range(npages):
            try:
                page = pdf[pno]
                textpage = page.get_textpage()
            except Exception as exc:  # a page pdfium cannot load: the file is damaged
                raise ReaderError(
                    "corrupt",
                    f"PDF 第 {pno + 1} 页已损坏，无法读取（{exc}）",
                    f"page {pno + 1} of the PDF is damaged and cannot be read ({exc})",
                ) from None
            grids: list[_Grid] = []
            try:
                objects = raw.FPDFPage_CountObjects(page.raw)
                if objects > limits.max_pdf_page_objects:  # bounded before the rulings are looked at
                    raise ReaderError(
                        "too-large",
                        f"PDF 第 {pno + 1} 页有 {objects} 个绘图对象，超过上限 {limits.max_pdf_page_objects}"
                        "（配置项 limits.max-pdf-page-objects），未予解析",
                        f"page {pno + 1} of the PDF has {objects} drawing objects, over the limit of "
                        f"{limits.max_pdf_page_objects} (setting limits.max-pdf-page-objects); not parsed",
                    )
                n = raw.FPDFText_CountChars(textpage.raw)
                text = _page_text(textpage.raw, raw, n)
                if text.strip():
                    any_text = True
                    grids = _grids(_rulings(page.raw, raw, page.get_height(), page.get_width()))
                    if grids:
                        text = _page_chars(textpage.raw, raw, text, grids)
                frags = _fragments(textpage.raw, raw, text) if text.strip() else []
            finally:
                textpage.close()
                page.close()
            tables = [t for t in (_TItem(g, pno + 1) for g in grids) if not t.empty()]
            items = _paragraphs(frags, tables)
            for it in items:
                if isinstance(it, _Item):
                    it.parts = [(t, pno + 1) for t, _ in it.parts]
            pages.append(items)
        _mark_running_lines(pages)
        pages = _join_pages(pages)
        metadata = _info_dates(pdf)
        if not any_text:
            raise ReaderError(
                "scanned",
                "PDF 是扫描件，没有可提取的文字，请提供文字版 PDF 或 Word 文件",
                "the PDF is a scan with no extractable text; provide a text PDF or a Word file",
            )
    finally:
        pdf.close()
    out = _Out()
    for items in pages:
        for it in items:
            if isinstance(it, _TItem):
                out.table(it)
            else:
                out.paragraph(it)
    return Document(
        path=path,
        format="pdf",
        text="".join(out.parts),
        blocks=out.blocks,
        newline="\n",
        source_map=SegmentSourceMap(out.segments),
        metadata=metadata,
    )


_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?")


def _info_dates(pdf) -> dict[str, str]:
    """The dates of the PDF's document information (CreationDate, ModDate), as ``YYYY-MM-DD[THH:MM:SS]``;
    {} when there are none or pdfium cannot read them (metadata never makes a PDF unreadable)."""
    try:
        info = pdf.get_metadata_dict(skip_empty=True)
    except Exception:
        return {}
    out = {}
    for key in ("CreationDate", "ModDate"):
        m = _PDF_DATE.match(str(info.get(key, ""))[:40])
        if not m or not m.group(2) or not m.group(3):
            continue
        y, mo, d, hh, mi, ss = m.groups()
        out[key] = f"{y}-{mo}-{d}" + (f"T{hh}:{mi or '00'}:{ss or '00'}" if hh else "")
    return out


def _mark_running_lines(pages: list[list]) -> None:
    """A short line that opens or closes two pages or more with the same words (digits aside) is a
    running header or footer: page furniture, like a page number."""
    from collections import Counter

    if len(pages) < 2:
        return
    ends = []
    for items in pages:
        lines = [it for it in items if isinstance(it, _Item) and not it.clutter]
        ends.append({id(it): it for it in lines[:1] + lines[-1:]}.values())

    def key(it):
        return re.sub(r"\d+", "#", it.parts[0][0].strip())

    counts = Counter(key(it) for e in ends for it in e)
    for e in ends:
        for it in e:
            t = it.parts[0][0].strip()
            if (
                counts[key(it)] >= 2
                and len(it.parts) == 1
                and 0 < len(t) <= 40
                and "\t" not in t
                and not _STARTS_HEADING.match(t)
            ):
                it.clutter = True


def _join_pages(pages: list[list]) -> list[list]:
    """Join what a page break cut: a paragraph running on from the previous page (past its page number
    and running lines), a ruled table continued on the next page, a borderless table row split in two."""
    out: list[list] = []
    for items in pages:
        if out:
            _join_split_row(out[-1], items)
        prev = next((it for before in reversed(out) for it in reversed(before) if not it.clutter), None)
        head = next((k for k, it in enumerate(items) if not it.clutter), None)
        if prev is not None and head is not None:
            first = items[head]
            if isinstance(prev, _TItem) and isinstance(first, _TItem):
                if prev.continue_with(first):
                    del items[head]
            elif isinstance(prev, _Item) and isinstance(first, _Item) and prev.ends_open and first.continues:
                prev.parts.append(first.parts[0])
                prev.ends_open = first.ends_open
                del items[head]
        out.append(items)
    return out


class _Out:
    """Document text, blocks and segments, built in reading order."""

    def __init__(self):
        self.parts: list[str] = []
        self.blocks: list = []
        self.segments: list[Segment] = []
        self.pos = 0
        self.tables = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.pos += len(text)

    def paragraph(self, it: _Item) -> None:
        start = self.pos
        for t, pg in it.parts:
            self.segments.append(Segment(self.pos, self.pos + len(t), page=pg))
            self.add(t)
        self.blocks.append(Paragraph("".join(t for t, _ in it.parts), Span(start, self.pos)))
        self.add("\n")

    def table(self, t: _TItem) -> None:
        """One line per grid row, one tab-separated field per grid column, as the .docx reader lays a
        table out: a merged cell is one Cell with its spans at its origin, the positions it covers are
        empty ``merged`` cells."""
        xs = _cluster([c.x0 for c in t.cells] + [c.x1 for c in t.cells], 2.0)
        from bisect import bisect_right

        def col(x):
            return min(max(bisect_right(xs, x + 2.0) - 1, 0), len(xs) - 1)

        ncols = max(len(xs) - 1, 1)
        grid: list[list] = [[None] * ncols for _ in range(t.nrows)]
        for c in t.cells:
            c0, c1 = col(c.x0), max(col(c.x1), col(c.x0) + 1)
            c1 = min(c1, ncols)
            for r in range(c.r, min(c.r + c.rowspan, t.nrows)):
                for k in range(c0, c1):
                    if grid[r][k] is None:
                        grid[r][k] = (c, r == c.r and k == c0, c1 - c0)
        self.tables += 1
        tno = self.tables
        t_start = pos = self.pos
        rows: list[list[Cell]] = []
        segments = self.segments
        texts: list[str] = []
        page = t.cells[0].page if t.cells else None
        for r, line in enumerate(grid):
            out_row: list[Cell] = []
            page = next((slot[0].page for slot in line if slot is not None), page)  # for a position no cell covers
            for k, slot in enumerate(line):
                if k:
                    texts.append("\t")
                    pos += 1
                if slot is not None and slot[1]:
                    c, _, span = slot
                    end = pos + len(c.text)
                    texts.append(c.text)
                    out_row.append(
                        Cell(c.text, Span(pos, end), row=r, col=k, rowspan=min(c.rowspan, t.nrows - r), colspan=span)
                    )
                    segments.append(Segment(pos, end, page=c.page, table=tno, row=r + 1, col=k + 1))
                    pos = end
                else:
                    out_row.append(Cell("", Span(pos, pos), row=r, col=k, merged=slot is not None))
                    segments.append(
                        Segment(pos, pos, page=slot[0].page if slot else page, table=tno, row=r + 1, col=k + 1)
                    )
            rows.append(out_row)
            texts.append("\n")
            pos += 1
        self.add("".join(texts))
        self.blocks.append(RawTable(rows, Span(t_start, max(self.pos - 1, t_start)), origin="markup"))


class _Item:
    """A paragraph (or table line) of one page, as (text, page) parts."""

    __slots__ = ("parts", "continues", "ends_open", "clutter", "size", "centred", "soft_open")

    def __init__(self, text: str, continues: bool, clutter: bool):
        self.parts = [(text, 0)]
        self.size = 0.0
        self.centred = False  # its last line is centred between the margins (a title)
        self.soft_open = False  # its last line stops short of the margin before a Latin/digit run
        self.continues = continues  # a flush-left body line: may continue a paragraph from before
        self.ends_open = False  # its last line reaches the right margin: the next line may continue it
        self.clutter = clutter  # a page number


def _lines(frags: list[_Frag]) -> list[_Line]:
    """Fragments outside the ruled tables -> printed lines, top to bottom, wrapped cell labels of a
    borderless table rejoined."""
    return _merge_wrapped([_Line(fl) for fl in _visual_lines(frags)])


def _join_split_row(before: list[_Item], items: list[_Item]) -> None:
    """A table row that a page break split (Word lets a row break across pages): the first table line
    of the page holds no figure and has the cells of the last table line of the previous page, each of
    its texts continuing a label there.  Join it into that row, cell by cell."""
    if any(isinstance(it, _TItem) for it in before + items):
        return  # ruled tables: a part on the next page is joined by _TItem.continue_with
    j = next((i for i in range(len(before) - 1, -1, -1) if "\t" in before[i].parts[0][0]), None)
    k = next((i for i, it in enumerate(items) if "\t" in it.parts[0][0]), None)
    if j is None or k is None or len(before[j].parts) != 1 or len(items[k].parts) != 1:
        return
    # only page furniture (a page number, a running header or footer) may stand between the two
    if any(len(it.parts[0][0]) > 40 for it in before[j + 1 :] + items[:k]):
        return
    last = before[j]
    above, below = last.parts[0][0].split("\t"), items[k].parts[0][0].split("\t")
    if len(above) != len(below) or not any(c.strip() for c in below):
        return
    for a, b in zip(above, below, strict=False):
        if b.strip() and (_VALUE.match(b) or not a.strip() or _VALUE.match(a)):
            return
    last.parts = [("\t".join(a + b.strip() for a, b in zip(above, below, strict=False)), last.parts[0][1])]
    del items[k]


def _paragraphs(frags: list[_Frag], tables: Sequence[_TItem] = ()) -> list:
    """Fragments -> paragraphs, in reading order with the page's ruled tables: lines outside the
    tables (borderless table rows as tab-separated lines, wrapped cell labels rejoined), body lines
    wrapped at the right margin joined, never across a table."""
    lines = _lines(frags) if frags else []
    texts = [ln.text for ln in lines]
    plain = [k for k, t in enumerate(texts) if "\t" not in t and not _PAGE_NUMBER.match(t)]
    right = max((lines[k].right for k in plain), default=0.0)
    left = min((lines[k].left for k in plain), default=0.0)
    out: list = []
    tables = sorted(tables, key=lambda t: -t.top)
    ti = 0
    for line, t in zip(lines, texts, strict=False):
        while ti < len(tables) and tables[ti].top > line.mid:
            out.append(tables[ti])
            ti += 1
        number = bool(_PAGE_NUMBER.match(t))
        is_plain = "\t" not in t and not number
        size = line.size
        flush = (
            is_plain
            and line.left <= left + 0.6 * size
            and not t.startswith(("\u3000", " "))
            and not _STARTS_HEADING.match(t)
        )
        centred = (
            is_plain and line.left > left + 2 * size and abs((line.left + line.right) - (left + right)) <= 2 * size
        )
        last = next((it for it in reversed(out) if not it.clutter), None)
        joins = isinstance(last, _Item) and out[-1] is last
        if joins and isinstance(last, _Item) and not (flush and last.ends_open):
            # a centred title wrapped onto a second centred line; a line that stopped short because
            # the next run (a number, a bracketed document number) did not fit
            joins = abs(last.size - size) <= 0.1 * max(last.size, size) and (
                (centred and last.centred and last.ends_open and not _STARTS_HEADING.match(t))
                or (flush and last.soft_open and _SOFT_START.match(t) is not None)
            )
        if joins and isinstance(last, _Item):  # joins only when last is an _Item
            last.parts[0] = (last.parts[0][0] + t, 0)
        else:
            last = _Item(t, flush, number)
            out.append(last)
        # this line reaches the right margin: the next line may continue its paragraph
        if not number:
            last.size = size
            last.ends_open = (
                is_plain and line.right >= right - 1.6 * size and (line.left <= left + 2.5 * size or centred)
            )
            last.centred = centred or (
                last.ends_open and line.left <= left + 2.5 * size and len(last.parts[0][0]) == len(t)
            )
            last.soft_open = (
                is_plain
                and line.right >= right - 8 * size
                and line.left <= left + 2.5 * size
                and not t.rstrip().endswith(_TERMINAL)
            )
    out.extend(tables[ti:])
    return out
