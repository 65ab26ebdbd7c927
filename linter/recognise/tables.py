"""Bind raw tables (from markup or rebuilt from text layout) to the tables of a template.

Each physical row is cut into *segments*: the label cells, then the value cells that follow
them.  Labels are matched against the template (captions switch between the sub-tables of 表二;
row labels name the row; group labels such as （三）不予公开 only give context; header labels name
columns).  Value cells are aligned to the template columns:

* trailing empty cells are merge artefacts and are dropped;
* while there are more cells than columns, leading empty cells (merged label columns) are dropped;
* more non-empty cells than columns, or fewer cells than columns in the source, is a row that
  cannot be aligned: it is bound but marked untrusted (T203), never half-read silently;
* a row with fewer values only because trailing cells are empty gets blank figures (T204).
"""

from __future__ import annotations

from xxgk_lint.document import Cell, RawTable, Span
from xxgk_lint.recognise.figures import looks_like_value, parse_figure
from xxgk_lint.recognise.labels import LabelHit, LabelIndex
from xxgk_lint.report import BoundCell, BoundRow, BoundTable, Figure, LabelMatch, UnmatchedRow
from xxgk_lint.templates import Template


class _Segment:
    """The label cells of one piece of a row, the value cells after them, and the empty cells before any."""

    __slots__ = ("pre", "labels", "values")

    def __init__(self) -> None:
        self.pre: list[Cell] = []
        self.labels: list[Cell] = []
        self.values: list[Cell] = []

    @property
    def has_values(self) -> bool:
        return any(c.text.strip() for c in self.values)


def _segments(row: list[Cell]) -> list[_Segment]:
    segs = []
    cur = _Segment()
    filled = False  # cur.has_values, kept up to date instead of asked at every label
    for c in row:
        if c.merged:
            continue
        text = c.text.strip()
        if not text or looks_like_value(text):  # an empty cell is a value (looks_like_value("") is true)
            if not text and not cur.labels and not cur.values:
                cur.pre.append(c)
            else:
                cur.values.append(c)
                if text:
                    filled = True
            continue
        if filled:
            segs.append(cur)
            cur = _Segment()
            filled = False
        elif cur.values:  # only blank filler between two labels: merged cells
            cur.values = []
        cur.labels.append(c)
    segs.append(cur)
    return [s for s in segs if s.labels or s.values or s.pre]


def _match(hit: LabelHit, cell: Cell) -> LabelMatch:
    # positional (found, span, expected, exact, score, kind, ref): a keyword call costs more, per label of every row
    return LabelMatch(cell.text, cell.span, hit.official, hit.exact, hit.score, hit.kind, hit.ref)


class Binder:
    def __init__(self, template: Template, labels: LabelIndex):
        self.template = template
        self.labels = labels
        self.tables: dict[str, BoundTable] = {}
        self.current: str | None = None
        self.last: BoundRow | None = None  # the row bound last, whose label a fragment may continue
        self.order = {t.id: k for k, t in enumerate(template.tables)}  # template order breaks ties
        # table id -> [start, end] of everything bound to it so far: its span, made once in finish()
        self.bounds: dict[str, list[int]] = {}

    def table(self, table_id: str) -> BoundTable:
        bt = self.tables.get(table_id)
        if bt is None:
            td = self.template.table(table_id)
            assert td is not None  # table ids come from self.labels, the index of this template (bind_tables)
            bt = BoundTable(td)
            self.tables[table_id] = bt
        return bt

    def _extend(self, table_id: str, span: Span | None) -> None:
        if span is not None:
            b = self.bounds.get(table_id)
            if b is None:
                self.bounds[table_id] = [span.start, span.end]
            else:
                if span.start < b[0]:
                    b[0] = span.start
                if span.end > b[1]:
                    b[1] = span.end

    def finish(self) -> None:
        """Give every table the span that covers what was bound to it (None when nothing had a span)."""
        for table_id, (start, end) in self.bounds.items():
            self.tables[table_id].span = Span(start, end)

    def bind(self, rt: RawTable) -> None:
        self.current = None
        self.last = None
        for row in rt.rows:
            for seg in _segments(row):
                self._segment(seg)

    def _segment(self, seg: _Segment) -> None:
        match, hint = self.labels.match, self.current  # every label matched with the hint as the segment starts
        row_hits: list[tuple[Cell, LabelHit]] = []
        header_hits: list[tuple[Cell, LabelHit]] = []
        group_hits: list[tuple[Cell, LabelHit]] = []
        unknown: list[Cell] = []
        for c in seg.labels:  # each label matched once, in order; a caption switches the current table
            h = match(c.text, hint)  # (text, hint): positional, cheaper than a keyword call
            if h is None:
                unknown.append(c)
            elif h.kind == "caption":
                self.current = h.table
                bt = self.table(h.table)
                bt.caption = _match(h, c)
                self._extend(h.table, c.span)
            elif h.kind == "row":
                row_hits.append((c, h))
            elif h.kind == "header":
                header_hits.append((c, h))
            elif h.kind == "group":
                group_hits.append((c, h))

        if header_hits and (self.current is None or all(h.table != self.current for _, h in header_hits)):
            if len(header_hits) >= 2 or self.current is None:
                # a label shared by several tables ("总计", "其他") counts for each of them only in part
                weight: dict[str, float] = {}
                for c, h in header_hits:
                    owners = self.labels.tables_with(c.text) or {h.table}
                    for t in owners:
                        weight[t] = weight.get(t, 0.0) + 1.0 / len(owners)
                # a tie goes to the table that comes first in the template (never to set order)
                order = self.order
                self.current = max(weight, key=lambda t: (round(weight[t], 9), -order.get(t, len(order))))
                header_hits = [
                    (c, self.labels.match(c.text, hint=self.current, kinds=("header",)) or h) for c, h in header_hits
                ]
        if self.current and header_hits:
            bt = self.table(self.current)
            for c, h in header_hits:
                if h.table == self.current:
                    bt.column_labels.append(_match(h, c))
                    self._extend(h.table, c.span)

        if row_hits:
            c, h = row_hits[-1]
            if h.table != self.current:
                self.current = h.table
            bt = self.table(h.table)
            for gc, gh in group_hits:
                if gh.table == bt.id:
                    bt.group_labels.append(_match(gh, gc))
            if h.ref in bt.rows:
                bt.unknown_rows.append(UnmatchedRow(c.text, c.span, seg.values))
                return
            br = BoundRow(h.ref, label=_match(h, c), span=c.span)
            self.last = br
            if group_hits:
                br.group = _match(group_hits[-1][1], group_hits[-1][0])
            self._assign(bt, br, seg.values, c.span)
            bt.rows[h.ref] = br
            self._extend(h.table, br.span)
            return
        if group_hits and self.current:
            bt = self.table(self.current)
            for gc, gh in group_hits:
                if gh.table == bt.id:
                    bt.group_labels.append(_match(gh, gc))
        if not seg.has_values:
            if unknown and not header_hits and not group_hits and self.last is not None:
                self._continue_label(unknown)
            return  # headers, captions, or a label fragment continuing the previous row's label
        if self.current is None:
            return
        bt = self.table(self.current)
        unlabelled = [r for r in bt.definition.rows if r.label is None]
        if unlabelled and (header_hits or not seg.labels):
            rid = unlabelled[0].id
            if rid not in bt.rows:
                values = (seg.pre + seg.values) if not seg.labels else seg.values
                anchor = values[0].span if values else None
                br = BoundRow(rid, label=None, span=Span.covering(v.span for v in values))
                self._assign(bt, br, values, anchor)
                bt.rows[rid] = br
                self._extend(self.current, br.span)
                return
        label = "".join(c.text for c in unknown) or ""
        span = Span.covering([c.span for c in (unknown or seg.values)])
        assert span is not None  # seg.has_values: there is at least one cell
        bt.unknown_rows.append(UnmatchedRow(label, span, seg.values))

    def _continue_label(self, fragments: list[Cell]) -> None:
        """A label broken over two rows ("…不计其" + "他情形）"): join and match again."""
        br = self.last
        assert br is not None  # called only when a row was bound last
        if br.label is None or br.label.exact:
            return
        joined = br.label.found + "".join(c.text for c in fragments)
        hit = self.labels.match(joined, hint=self.current, kinds=("row",))
        if hit is not None and hit.ref == br.row_id and hit.score >= br.label.score:
            covered = Span.covering(c.span for c in fragments)
            assert covered is not None  # called only with fragments to join
            br.label = LabelMatch(
                found=joined,
                span=br.label.span.cover(covered),
                expected=hit.official,
                exact=hit.exact,
                score=hit.score,
                kind=hit.kind,
                ref=hit.ref,
            )

    def _assign(self, bt: BoundTable, br: BoundRow, values: list[Cell], anchor: Span | None) -> None:
        cols = bt.definition.columns
        ncols = len(cols)
        vals = [c for c in values if not c.merged]
        raw_count = len(vals)
        while len(vals) > ncols and not vals[-1].text.strip():
            vals.pop()
        while len(vals) > ncols and not vals[0].text.strip():
            vals.pop(0)
        if len(vals) > ncols:
            br.cell_count = len(vals)
        elif raw_count < ncols:
            br.cell_count = raw_count
        end = vals[-1].span.end if vals else (anchor.end if anchor else 0)
        cells = br.cells
        table_id, row_id, trusted = bt.id, br.row_id, br.cell_count is None
        for col, cell in zip(cols, vals, strict=False):  # the columns with a cell, in order
            fig = parse_figure(cell.text, cell.span, col.kind)
            cells[col.id] = BoundCell(table_id, row_id, col.id, fig, cell, trusted)
        for col in cols[len(vals) :]:  # the columns past the last cell: blank figures at its end
            cells[col.id] = BoundCell(table_id, row_id, col.id, Figure("", None, Span(end, end), True), None, trusted)
        if vals:
            lo, hi = vals[0].span.start, vals[0].span.end  # Span.covering of the cells, in one pass
            for v in vals:
                s = v.span
                if s.start < lo:
                    lo = s.start
                if s.end > hi:
                    hi = s.end
            cur = br.span
            if cur is None:
                br.span = Span(lo, hi)
            elif lo < cur.start or hi > cur.end:
                br.span = Span(min(lo, cur.start), max(hi, cur.end))


def bind_tables(raw_tables: list[RawTable], template: Template, labels: LabelIndex) -> dict[str, BoundTable]:
    binder = Binder(template, labels)
    for rt in raw_tables:
        binder.bind(rt)
    binder.finish()
    for bt in binder.tables.values():
        bt.header_only = not bt.rows and bool(bt.column_labels or bt.caption)
    # a table seen only through one stray header word (e.g. "其他" in prose) is not a table
    return {k: v for k, v in binder.tables.items() if v.rows or v.caption or len(v.column_labels) >= 2}


def label_texts(raw_tables: list[RawTable]) -> list[str]:
    """The distinct texts of the tables' cells that may be labels (not empty, not a value), in order."""
    # RawTable.cells() written out: its generator would be resumed once per cell of every table here
    texts = dict.fromkeys(c.text for rt in raw_tables for row in rt.rows for c in row)
    return [t for t in texts if t and not looks_like_value(t)]


def unique_label_hits(texts: list[str], index: LabelIndex, other: LabelIndex) -> int:
    """How many distinct labels of ``index`` that ``other`` lacks appear exactly among ``texts``
    (:func:`label_texts` of the tables)."""
    seen = set()
    for text in texts:
        h = index.match(text)
        if h is None or not h.exact or h.kind == "caption":
            continue
        o = other.match(text)
        if o is not None and o.exact:
            continue
        seen.add((h.table, h.kind, h.ref))
    return len(seen)
