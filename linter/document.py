"""The format-neutral document model every reader produces and every later stage reads.

A reader turns a file into a :class:`Document`: the text the linter sees (``Document.text``), cut
into ordered blocks (:class:`Paragraph` and :class:`RawTable`).  Every block and cell carries a
:class:`Span`, a pair of offsets into ``Document.text``.  Offsets are the one currency of positions:
recognition, rules and fixes all speak in offsets, and only the output turns them into something a
person can find, through the document's :class:`SourceMap`:

* plain text and markdown: line and column in the file (columns count code points, 1-based);
* Word (.docx): paragraph number, or table / row / column of a cell;
* HTML: line and column in the HTML source;
* PDF: page (and line on the page).

For text files ``Document.text`` *is* the decoded file, line endings included, so a fix expressed
as offsets edits the file byte-for-byte outside its span.  Readers know formats and nothing about
reports; they never interpret a table.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Protocol, cast

from xxgk_lint import lines


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open range ``[start, end)`` of offsets into :attr:`Document.text`."""

    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        # what the generated __init__ + __post_init__ did, without the slow frozen-dataclass attribute
        # setting: a report makes about a thousand spans (the slot descriptors are set below the class)
        if end < start:
            raise ValueError(f"span end {end} before start {start}")
        _SET_START(self, start)
        _SET_END(self, end)

    def cover(self, other: Span) -> Span:
        return Span(min(self.start, other.start), max(self.end, other.end))

    @staticmethod
    def covering(spans) -> Span | None:
        spans = [s for s in spans if s is not None]
        if not spans:
            return None
        return Span(min(s.start for s in spans), max(s.end for s in spans))


_SET_START, _SET_END = cast(Any, Span).start.__set__, cast(Any, Span).end.__set__  # the slot descriptors
_SPAN_FIELDS = attrgetter("start", "end")


def _reduce_span(self: Span):
    # pickled (results from --jobs workers) as a call with the fields: the generated __getstate__ /
    # __setstate__ of a slotted dataclass run in Python and took most of a result's pickling time
    return (Span, _SPAN_FIELDS(self))


Span.__reduce__ = _reduce_span  # type: ignore[method-assign,assignment]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a span sits in the source file, in that format's own terms.

    Only the fields that make sense for the format are set.  ``line``/``column`` are always set
    for text-like sources; for .docx they index the linter's flattened text (one line per
    paragraph or cell) so that machine formats still get numbers, while ``paragraph`` or
    ``table``/``row``/``col`` tell a Word user where to look.
    """

    line: int
    column: int
    end_line: int
    end_column: int
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None

    def __init__(
        self,
        line: int,
        column: int,
        end_line: int,
        end_column: int,
        page: int | None = None,
        paragraph: int | None = None,
        table: int | None = None,
        row: int | None = None,
        col: int | None = None,
    ) -> None:
        # the generated frozen __init__ sets each field through object.__setattr__ (1.8 µs); the slot
        # descriptors directly (set below the class) take a fifth of that: a report locates about a hundred places
        _L_LINE(self, line)
        _L_COLUMN(self, column)
        _L_END_LINE(self, end_line)
        _L_END_COLUMN(self, end_column)
        _L_PAGE(self, page)
        _L_PARAGRAPH(self, paragraph)
        _L_TABLE(self, table)
        _L_ROW(self, row)
        _L_COL(self, col)

    def describe(self, lang: str = "zh") -> str:
        """A short human description of the place, for formats where line/column is not enough."""
        if self.table is not None:
            if lang == "en":
                where = f"table {self.table}, row {self.row}, column {self.col}"
                return f"page {self.page}, {where}" if self.page is not None else where
            where = f"表格 {self.table} 第 {self.row} 行第 {self.col} 列"
            return f"第 {self.page} 页，{where}" if self.page is not None else where
        if self.paragraph is not None:
            return f"paragraph {self.paragraph}" if lang == "en" else f"第 {self.paragraph} 段"
        if self.page is not None:
            return f"page {self.page}" if lang == "en" else f"第 {self.page} 页"
        return ""


_LOCATION_FIELDS = ("line", "column", "end_line", "end_column", "page", "paragraph", "table", "row", "col")
_L_LINE, _L_COLUMN, _L_END_LINE, _L_END_COLUMN, _L_PAGE, _L_PARAGRAPH, _L_TABLE, _L_ROW, _L_COL = (
    cast(Any, getattr(Location, name)).__set__ for name in _LOCATION_FIELDS
)
_LOCATION_GET = attrgetter(*_LOCATION_FIELDS)


def _reduce_location(self: Location):
    return (Location, _LOCATION_GET(self))  # as _reduce_span: a call with the fields


Location.__reduce__ = _reduce_location  # type: ignore[method-assign,assignment]


class SourceMap(Protocol):
    def locate(self, doc: Document, span: Span) -> Location: ...


class TextSourceMap:
    """Offsets of ``Document.text`` are offsets of the source file: line/column come straight out."""

    def locate(self, doc: Document, span: Span) -> Location:
        # Document.line_col of the start and of the last character, with one search when both are on a line
        starts = doc.line_starts
        start, end = span.start, span.end
        i = bisect_right(starts, start) - 1
        if end <= start:
            return Location(i + 1, start - starts[i] + 1, i + 1, start - starts[i] + 1)
        # an end offset sitting right after the last character of a line stays on that line
        last = end - 1
        j = i if i + 1 == len(starts) or last < starts[i + 1] else bisect_right(starts, last) - 1
        ecol = last - starts[j] + 2
        # a span ending with a line break ends at the end of its line
        if end <= len(doc.text) and doc.text[last] in "\r\n":
            ecol = min(ecol, len(doc.line_text(j + 1)) + 1)
        return Location(i + 1, start - starts[i] + 1, j + 1, ecol)


@dataclass(frozen=True, slots=True)
class Segment:
    """One piece of flattened text and where it came from (used by structured readers)."""

    start: int
    end: int
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    source_line: int | None = None  # e.g. HTML source line of the element
    source_column: int | None = None


class SegmentSourceMap:
    """Maps offsets of a flattened text back to the segments a structured reader recorded."""

    def __init__(self, segments: list[Segment]):
        self.segments = sorted(segments, key=lambda s: s.start)
        self._starts = [s.start for s in self.segments]
        self._source_starts: list[int] | None = None  # line starts of the source text, computed once
        self._source_of: str | None = None

    def _source_width(self, doc: Document, line: int) -> int | None:
        """The length of ``line`` of the document's source text (None without one)."""
        src = doc.source_text
        if src is None:
            return None
        starts = self._source_starts
        if starts is None or self._source_of is not src:
            starts = lines.line_starts(src)
            self._source_starts, self._source_of = starts, src
        if not 1 <= line <= len(starts):
            return None
        return len(lines.line_text(src, line, starts))

    def segment_at(self, offset: int) -> Segment | None:
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        return self.segments[i]

    def locate(self, doc: Document, span: Span) -> Location:
        base = TextSourceMap().locate(doc, span)
        seg = self.segment_at(span.start)
        if seg is None:
            return base
        line, col, eline, ecol = base.line, base.column, base.end_line, base.end_column
        if seg.source_line is not None:
            # a text-like source (HTML): report the element's own source position
            delta = span.start - seg.start
            line, col = seg.source_line, (seg.source_column or 1) + delta
            eline, ecol = line, col + max(span.end - span.start, 1)
        elif doc.source_text is not None:
            # a segment whose text was not found in the markup (a cell of control characters the parser
            # dropped): the nearest earlier element that was, never a position of the flattened text
            line, col = 1, 1
            i = bisect_right(self._starts, span.start) - 1
            for j in range(i - 1, max(-1, i - 64), -1):
                prev = self.segments[j]
                if prev.source_line is not None:
                    line, col = prev.source_line, prev.source_column or 1
                    break
            eline, ecol = line, col + 1
        if doc.source_text is not None:
            # text and markup differ in length (tags, entities, a line break inside a cell): stay in the line
            width = self._source_width(doc, line)
            if width is not None:
                col, ecol = min(col, width + 1), min(ecol, width + 1)
        return Location(
            line, col, eline, ecol, page=seg.page, paragraph=seg.paragraph, table=seg.table, row=seg.row, col=seg.col
        )


@dataclass(slots=True)
class Paragraph:
    """A paragraph (or, for plain text, one physical line; blank lines are kept as empty text)."""

    text: str
    span: Span
    heading_level: int | None = None  # from markup: markdown '#', HTML <h1>-<h6>, Word heading styles

    kind = "paragraph"


@dataclass(slots=True)
class Cell:
    text: str
    span: Span
    row: int = 0
    col: int = 0
    rowspan: int = 1
    colspan: int = 1
    merged: bool = False  # a grid position covered by a merged cell whose text sits elsewhere


@dataclass(slots=True)
class RawTable:
    """A table as the source drew it: rows of cells, merged cells resolved to grid positions.

    ``stream`` is true when the source gave cells in reading order with no row boundaries (text laid
    out one cell per line); then ``rows`` holds one row with every cell.
    """

    rows: list[list[Cell]]
    span: Span
    stream: bool = False
    origin: str = "markup"  # "markup" (docx/html/md pipe table) or "layout" (rebuilt from text lines)

    kind = "table"

    def cells(self) -> Iterator[Cell]:
        for row in self.rows:
            yield from row


Block = Paragraph | RawTable


@dataclass
class Document:
    """What a reader produces.  ``text`` is what positions index; ``blocks`` are in reading order."""

    path: str
    format: str  # "txt", "md", "html", "docx", "pdf"
    text: str
    blocks: list[Block] = field(default_factory=list)
    encoding: str | None = None
    bom: bool = False
    newline: str = "\n"
    source_map: SourceMap = field(default_factory=TextSourceMap)
    source_bytes_hash: str | None = None  # sha256 of the bytes read, to refuse fixes on a changed file
    # the decoded source when it differs from ``text`` (HTML: the markup; positions of its comments and
    # lines are what inline suppressions and locations refer to); None when ``text`` is the source
    source_text: str | None = None
    # spans of text the reader generated rather than read (Word's automatic numbers): a fix never edits them
    generated: list[Span] = field(default_factory=list)
    # what the file says about itself, name -> value as written: a .docx's core properties
    # (``created``, ``modified``, ``lastPrinted``), a PDF's document information (``CreationDate``, ``ModDate``)
    metadata: dict[str, str] = field(default_factory=dict)
    _line_starts: list[int] | None = field(default=None, repr=False)

    # -- positions -----------------------------------------------------------------------------
    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = lines.line_starts(self.text)
        return self._line_starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (code points) of an offset."""
        return lines.line_col(self.line_starts, offset)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line ending."""
        return lines.line_text(self.text, line, self.line_starts)

    def locate(self, span: Span) -> Location:
        return self.source_map.locate(self, span)

    # -- convenience ---------------------------------------------------------------------------
    def paragraphs(self) -> Iterator[Paragraph]:
        for b in self.blocks:
            if isinstance(b, Paragraph):
                yield b

    def tables(self) -> Iterator[RawTable]:
        for b in self.blocks:
            if isinstance(b, RawTable):
                yield b
