"""The Report: a Document bound to one template edition.  Rules read this and nothing else.

* ``report.sections`` — the top-level sections found, in document order, each bound to a template
  section (or ``None`` for a stray heading, see ``report.stray_headings``);
* ``report.tables`` — template table id -> :class:`BoundTable`, whose cells are addressed by
  template ids: ``report.tables["t3"].cell("unavailable_1", "natural")``;
* every figure is parsed once into a :class:`Figure` (raw text, value or ``None``, unit, notation,
  decimals, span).  Blank is not zero: a blank or unreadable figure has ``value is None``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xxgk_lint.document import Cell, Document, Paragraph, Span
from xxgk_lint.templates import SectionDef, TableDef, Template


@dataclass(slots=True)
class Figure:
    raw: str  # the cell text as written (stripped)
    value: Decimal | None  # None when blank or not a number
    span: Span | None = None
    blank: bool = False
    unit: str | None = None  # "万元", "元", ... when written
    notation: str | None = None  # for 本年增/减: "zh-prefix" 增50, "zh-suffix" 130(增), "sign" +5/-8, "plain" 0/5
    decimals: int = 0  # digits written after the decimal point
    number_span: Span | None = None  # the span of the number inside the cell (without unit/notation)
    issues: tuple[str, ...] = ()  # form problems found while parsing: "fullwidth", "space", "separator"


@dataclass(slots=True)
class BoundCell:
    table: str
    row: str
    col: str
    figure: Figure
    cell: Cell | None = None
    trusted: bool = True  # False when the row's cells could not be aligned (T203)


@dataclass(slots=True)
class LabelMatch:
    """A label found in the document matched to a template label."""

    found: str
    span: Span
    expected: str
    exact: bool
    score: float
    kind: str = ""  # what the template label is: "caption", "header", "group" or "row"
    ref: str = ""  # its template id: the row id (row), the column id (header; "" for a header text), ...


@dataclass(slots=True)
class BoundRow:
    row_id: str
    label: LabelMatch | None
    cells: dict[str, BoundCell] = field(default_factory=dict)
    span: Span | None = None
    cell_count: int | None = None  # value cells found when they did not match the template (T203)
    group: LabelMatch | None = None

    @property
    def trusted(self) -> bool:
        return self.cell_count is None


@dataclass(slots=True)
class UnmatchedRow:
    """A table row whose label matches no template row (reported by T208)."""

    label: str
    span: Span
    values: list[Cell] = field(default_factory=list)


@dataclass(slots=True)
class BoundTable:
    definition: TableDef
    span: Span | None = None
    rows: dict[str, BoundRow] = field(default_factory=dict)
    unknown_rows: list[UnmatchedRow] = field(default_factory=list)
    column_labels: list[LabelMatch] = field(default_factory=list)
    group_labels: list[LabelMatch] = field(default_factory=list)
    caption: LabelMatch | None = None
    header_only: bool = False  # headers were found but no data at all

    @property
    def id(self) -> str:
        return self.definition.id

    def row(self, row_id: str) -> BoundRow | None:
        return self.rows.get(row_id)

    def cell(self, row_id: str, col_id: str) -> BoundCell | None:
        r = self.rows.get(row_id)
        return r.cells.get(col_id) if r else None

    def figure(self, row_id: str, col_id: str) -> Figure | None:
        c = self.cell(row_id, col_id)
        return c.figure if c else None

    def bound_cells(self) -> Iterator[BoundCell]:
        for r in self.rows.values():
            yield from r.cells.values()


@dataclass(slots=True)
class Heading:
    """A top-level numbered heading candidate ("一、总体情况")."""

    number: str  # the numeral as written (一, 二, ...)
    ordinal: int  # its value (1, 2, ...)
    title: str  # text after the numeral and separator
    span: Span  # the whole heading line
    title_span: Span
    section_id: str | None  # template section it was bound to (None: stray)
    match: str = "none"  # "exact", "alias", "info-alias", "fuzzy", "keyword", "none"
    score: float = 0.0


@dataclass(slots=True)
class Section:
    definition: SectionDef | None
    heading: Heading
    paragraphs: list[Paragraph] = field(default_factory=list)  # body paragraphs (non-empty, tables excluded)
    span: Span | None = None  # from heading to the end of the body
    tables: list[str] = field(default_factory=list)  # ids of the bound tables inside the section

    @property
    def id(self) -> str | None:
        return self.definition.id if self.definition else None

    @property
    def has_content(self) -> bool:
        return bool(self.paragraphs) or bool(self.tables)


@dataclass
class Report:
    document: Document
    template: Template | None
    template_reason: dict[str, str] = field(default_factory=dict)
    year: int | None = None
    year_span: Span | None = None
    title: Paragraph | None = None
    headings: list[Heading] = field(default_factory=list)  # every top-level heading candidate
    sections: list[Section] = field(default_factory=list)  # bound sections, document order
    stray_headings: list[Heading] = field(default_factory=list)
    intro: list[Paragraph] = field(default_factory=list)  # paragraphs before the first section
    signoff: list[Paragraph] = field(default_factory=list)  # signature and date at the end
    tables: dict[str, BoundTable] = field(default_factory=dict)
    table_spans: list[Span] = field(default_factory=list)  # text regions that are tables (W70x skip them)
    body: list[Paragraph] = field(default_factory=list)  # non-table paragraphs in order
    format_evidence: dict[str, float] = field(default_factory=dict)  # template id -> how well the tables fit
    tables_follow: str | None = None  # template id the tables follow, when it differs from the year's
    # derived results that several rules share (e.g. the identity evaluation), computed once per report
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_report(self) -> bool:
        return bool(self.sections) or bool(self.tables)

    def memoised(self, key, compute: Callable[[], Any]) -> Any:
        """``compute()``, worked out once per report under ``key`` in :attr:`memo` (None included): what
        several rules read (the identity evaluation, the narrative, the report's date, …)."""
        try:
            return self.memo[key]
        except KeyError:
            value = self.memo[key] = compute()
            return value

    def section(self, section_id: str) -> Section | None:
        for s in self.sections:
            if s.id == section_id:
                return s
        return None

    def section_at(self, offset: int) -> Section | None:
        best = None
        for s in self.sections:
            if s.heading.span.start <= offset:
                best = s
        return best

    def expected_position(self, section_id: str) -> Span:
        """Where a missing section would go: at the heading of the next section found, or the end."""
        if self.template is None:  # the rules that ask run only on reports bound to a template
            raise ValueError("expected_position needs a report bound to a template")
        order = [s.id for s in self.template.sections]
        k = order.index(section_id)
        for sec in self.sections:
            if sec.id is not None and order.index(sec.id) > k:  # a heading bound to no template section: skipped
                return sec.heading.span
        end = len(self.document.text.rstrip())
        return Span(end, end)

    def in_table(self, offset: int) -> bool:
        """Whether ``offset`` lies inside one of the document's tables: by bisection over the tables' spans
        merged into disjoint ones, worked out once (``table_spans`` is set when the report is recognised)."""
        starts, ends = self.memoised("table_bounds", self._table_bounds)
        i = bisect_right(starts, offset) - 1
        return i >= 0 and offset < ends[i]

    def _table_bounds(self) -> tuple[list[int], list[int]]:
        starts: list[int] = []
        ends: list[int] = []
        for a, b in sorted((s.start, s.end) for s in self.table_spans):
            if a >= b:
                continue  # an empty span holds no offset
            if ends and a <= ends[-1]:
                ends[-1] = max(ends[-1], b)
            else:
                starts.append(a)
                ends.append(b)
        return starts, ends

    def text(self, span: Span) -> str:
        return self.document.text[span.start : span.end]
