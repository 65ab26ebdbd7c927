"""Identities (勾稽关系) are data: expand the template's identities and evaluate them on a Report.

An identity of the template names a table, two sides of cell references ``row.col`` and an operator
(``==``, ``<=``, ``>=``; an empty right side is the constant 0).  ``for_each`` expands ``*`` over every
row or column of the table, so ``t3-row-total`` becomes one :class:`Instance` per row of table 三.
Nothing here knows a particular identity: adding one to a template JSON adds a check.

**Precision.**  A figure written with ``d > 0`` decimals stands for the interval ``v ± ½·10^−d``;
counts (``d = 0``) are exact.  An equality holds when the intervals of its two sides overlap, an
inequality when some values inside the intervals satisfy it (the approach of XBRL Calculations 1.1).

**Cannot check.**  An instance whose cells are not all usable figures is ``unchecked``, never a
mismatch.  The reasons are kept per cell: ``table`` / ``row`` (not found: T201/T202), ``untrusted``
(the row's cells could not be aligned: T203), ``blank`` (T204/T205) and ``text`` (not a number: F402).

**Most likely wrong cell.**  For the failing instances of one table, a cell is a candidate when it
appears in every one of them; the value that balances the first failing equality is substituted,
and the cell is named only if that value makes every identity involving it hold and no other
candidate does the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from xxgk_lint.report import Report
from xxgk_lint.templates import Identity, Template

Interval = tuple[Decimal, Decimal]
ZERO = Decimal(0)


class Ref(NamedTuple):
    """One cell of a table (a named tuple: hashed and compared in C, it keys every look-up here)."""

    table: str
    row: str
    col: str


@dataclass(slots=True)
class Instance:
    identity: Identity
    key: str | None  # the row or column id bound by for_each (None: no for_each)
    lhs: tuple[Ref, ...]
    rhs: tuple[Ref, ...]
    cells: tuple[Ref, ...] = field(init=False, repr=False, compare=False)  # lhs + rhs, made once

    def __post_init__(self) -> None:
        self.cells = self.lhs + self.rhs

    @property
    def rule(self) -> str:
        return self.identity.rule

    @property
    def table(self) -> str:
        return self.identity.table

    @property
    def op(self) -> str:
        return self.identity.op

    def coefficient(self, ref: Ref) -> int:
        return self.lhs.count(ref) - self.rhs.count(ref)


@dataclass(slots=True)
class Outcome:
    instance: Instance
    status: str  # "holds", "fails" or "unchecked"
    lhs: Decimal | None = None  # each side's sum as written
    rhs: Decimal | None = None
    reasons: dict[Ref, str] = field(default_factory=dict)  # unchecked: cell -> reason

    @property
    def difference(self) -> Decimal | None:
        if self.lhs is None:
            return None
        assert self.rhs is not None  # an Outcome has both sums or neither
        return self.lhs - self.rhs


def expand(template: Template) -> list[Instance]:
    """Every identity of ``template`` expanded into concrete instances, in template order (computed
    once per template: instances are never mutated)."""
    cached = _EXPANDED.get(id(template))
    if cached is None or cached[0] is not template:
        cached = _EXPANDED[id(template)] = (template, _expand(template))
    return cached[1]


_EXPANDED: dict[int, tuple[Template, list[Instance]]] = {}


def _expand(template: Template) -> list[Instance]:
    out = []
    for ident in template.identities:
        td = template.table(ident.table)
        assert td is not None  # templates.validate rejects an identity naming an unknown table
        by_axis: dict[str | None, list[str]] = {"row": td.row_ids, "column": td.column_ids}
        keys: list[str] | list[None] = by_axis.get(ident.for_each, [None])
        for key in keys:

            def bind(ref: str, key=key, table_id=td.id) -> Ref:
                row, col = (key if part == "*" else part for part in ref.split("."))
                return Ref(table_id, row, col)

            out.append(Instance(ident, key, tuple(map(bind, ident.lhs)), tuple(map(bind, ident.rhs))))
    return out


def interval(value: Decimal, decimals: int) -> Interval:
    half = Decimal(5).scaleb(-(decimals + 1)) if decimals > 0 else ZERO
    return value - half, value + half


def _side(refs: tuple[Ref, ...], values: dict[Ref, tuple[Decimal, int]]) -> tuple[Decimal, Decimal, Decimal]:
    """(sum as written, lowest, highest) of one side."""
    total = lo = hi = ZERO
    for ref in refs:
        v, d = values[ref]
        if d:
            a, b = interval(v, d)
            total, lo, hi = total + v, lo + a, hi + b
        else:  # a count is exact: its interval is the value itself
            total, lo, hi = total + v, lo + v, hi + v
    return total, lo, hi


def holds(op: str, lhs: Interval, rhs: Interval) -> bool:
    if op == "==":
        return lhs[0] <= rhs[1] and rhs[0] <= lhs[1]
    if op == "<=":
        return lhs[0] <= rhs[1]
    return lhs[1] >= rhs[0]


_CELLS: dict[int, tuple[list[Instance], tuple[tuple[str, str, tuple[Ref, ...]], ...]]] = {}


def _cells_of(instances: list[Instance]) -> tuple[tuple[str, str, tuple[Ref, ...]], ...]:
    """Every cell the instances read, once each, grouped by row: ``(table, row, refs)`` (computed once per
    template, so that a report looks each row up once)."""
    cached = _CELLS.get(id(instances))
    if cached is None or cached[0] is not instances:
        rows: dict[tuple[str, str], list[Ref]] = {}
        for ref in dict.fromkeys(r for inst in instances for r in inst.cells):
            rows.setdefault((ref.table, ref.row), []).append(ref)
        cached = _CELLS[id(instances)] = (instances, tuple((t, r, tuple(refs)) for (t, r), refs in rows.items()))
    return cached[1]


class Evaluation:
    """All identity instances of a report's template, evaluated on its tables.  Use
    :meth:`of` to share one evaluation between the rules that read it."""

    @classmethod
    def of(cls, report: Report) -> Evaluation:
        return report.memoised(cls, lambda: cls(report))

    def __init__(self, report: Report):
        # the tables, not the report: the report keeps this evaluation in its memo, and a cycle between
        # the two would leave every report to the cyclic collector (pool.settle) instead of freeing it
        self.tables = report.tables
        self.values: dict[Ref, tuple[Decimal, int]] = {}  # every usable figure: (value, decimals)
        self.reasons: dict[Ref, str] = {}
        instances = expand(report.template) if report.template else []
        values, reasons = self.values, self.reasons
        for table, row_id, refs in _cells_of(instances):  # what _read does, each row looked up once
            bt = self.tables.get(table)
            row = bt.rows.get(row_id) if bt else None
            if bt is None or row is None:
                reason = "table" if bt is None else "row"
                for ref in refs:
                    reasons[ref] = reason
                continue
            cells, trusted = row.cells, row.trusted
            for ref in refs:
                cell = cells.get(ref.col)
                if cell is None:
                    reasons[ref] = "row"
                elif not trusted:
                    reasons[ref] = "untrusted"
                elif cell.figure.blank:
                    reasons[ref] = "blank"
                elif cell.figure.value is None:
                    reasons[ref] = "text"
                else:
                    values[ref] = (cell.figure.value, cell.figure.decimals)
        self.outcomes = [self._evaluate(inst, self.values) for inst in instances]
        self._likely: dict[str, tuple[Ref, Decimal] | None] = {}

    def _evaluate(self, inst: Instance, values: dict[Ref, tuple[Decimal, int]]) -> Outcome:
        cells = inst.cells
        if not all(map(values.__contains__, cells)):
            return Outcome(inst, "unchecked", reasons={r: self.reasons[r] for r in cells if r not in values})
        lsum, llo, lhi = _side(inst.lhs, values)
        rsum, rlo, rhi = _side(inst.rhs, values)
        return Outcome(inst, "holds" if holds(inst.op, (llo, lhi), (rlo, rhi)) else "fails", lsum, rsum)

    def failures(self, rule: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "fails" and o.instance.rule == rule]

    def unchecked(self, reason: str) -> dict[str, list[Outcome]]:
        """Instances that could not be checked for ``reason``, grouped by identity id (template order)."""
        groups: dict[str, list[Outcome]] = {}
        for o in self.outcomes:
            if o.status == "unchecked" and reason in o.reasons.values():
                groups.setdefault(o.instance.identity.id, []).append(o)
        return groups

    def _likely_cell(self, table: str) -> tuple[Ref, Decimal] | None:
        outcomes = [o for o in self.outcomes if o.instance.table == table and o.status != "unchecked"]
        failing = [o for o in outcomes if o.status == "fails"]
        equality = next((o for o in failing if o.instance.op == "=="), None)
        if equality is None:
            return None
        common = set(failing[0].instance.cells).intersection(*(o.instance.cells for o in failing[1:]))
        difference = equality.difference
        assert difference is not None  # a failing outcome has both sums
        found = []
        for ref in sorted(common):
            coef = equality.instance.coefficient(ref)
            if coef == 0:
                continue
            value, decimals = self.values[ref]
            new = value - difference / coef
            if not self._plausible(ref, new, decimals):
                continue
            trial = {**self.values, ref: (new, decimals)}
            if all(self._evaluate(o.instance, trial).status == "holds" for o in outcomes if ref in o.instance.cells):
                found.append((ref, new))
        return found[0] if len(found) == 1 else None

    def _plausible(self, ref: Ref, value: Decimal, decimals: int) -> bool:
        kind = self.tables[ref.table].definition.column(ref.col).kind
        if kind != "delta" and value < 0:
            return False
        return decimals > 0 or value == value.to_integral_value()

    def likely_cell(self, table: str) -> tuple[Ref, Decimal] | None:
        """The one cell whose change makes every identity of ``table`` hold, with that value, or None."""
        if table not in self._likely:
            self._likely[table] = self._likely_cell(table)
        return self._likely[table]
