"""The shortcuts of the per-report facts and the cross-report phase give what the plain computation gives
(issue 12): the unlocated-cell memo, the table-span bisection of Report.in_table, CompactCells equality and
the Decimal memo of the X80x rules."""

from __future__ import annotations

import random
from decimal import Decimal
from types import SimpleNamespace

from xxgk_lint import facts
from xxgk_lint.document import Span
from xxgk_lint.identity import Identity
from xxgk_lint.report import Report


def _report(cells):
    """A stand-in report with one table "t" of one row per (raw, value, trusted) cell, column "c"."""
    rows = {}
    for i, (raw, value, trusted) in enumerate(cells):
        fig = SimpleNamespace(raw=raw, value=value, span=None)
        bc = SimpleNamespace(figure=fig, trusted=trusted, row=f"r{i}", col="c")
        rows[f"r{i}"] = SimpleNamespace(cells={"c": bc})
    doc = SimpleNamespace(path="x.txt", source_map=SimpleNamespace(locate=None))
    return doc, SimpleNamespace(template=None, is_report=True, tables={"t": SimpleNamespace(rows=rows)})


def _values(cells):
    doc, rep = _report(cells)
    f = facts.collect(doc, rep, Identity(), frozenset(), passages=False)
    return [(c.value, c.trusted, c.raw) for c in f.cells.values()]


def test_unlocated_memo_takes_the_value_and_trust_of_each_cell():
    five = Decimal("5")
    first = _values([("5", five, True), ("5", five, False)])
    assert first == [("5", True, "5"), ("5", False, "5")]
    # the same text with another value object (another parse): its own value, not the remembered one
    again = _values([("5", Decimal("5.0"), True), ("5", None, True), ("5", five, False)])
    assert again == [("5.0", True, "5"), (None, True, "5"), ("5", False, "5")]


def test_in_table_is_any_over_the_table_spans():
    rnd = random.Random(7)
    for _ in range(300):
        spans = []
        for _ in range(rnd.randint(0, 6)):
            a = rnd.randint(0, 60)
            spans.append(Span(a, a + rnd.randint(0, 15)))
        inside = Report(document=None, template=None, table_spans=spans).in_table  # type: ignore[arg-type]
        for off in range(-2, 80):
            assert inside(off) == any(s.start <= off < s.end for s in spans), (spans, off)


def test_compact_cells_equality_is_the_dicts():
    c = facts.CellFact
    keys = [("t", "r", "a"), ("t", "r", "b")]
    x = facts._indexed(list(keys), [c("1", True), c("2", True)])
    y = facts._indexed(list(keys), [c("1", True), c("2", True)])
    z = facts._indexed(list(keys), [c("1", True), c("3", True)])
    assert isinstance(x, facts.CompactCells) and x._index is y._index
    assert x == y and x != z and not (x == z)
    assert x == dict(x.items()) and z != dict(x.items())
    assert facts._indexed(keys[:1], [c("1", True)]) != x


def test_across_decimal_memo():
    from xxgk_lint.rules import across as ax

    cell = facts.CellFact("1.50", True)
    assert ax._dec(cell) == Decimal("1.50") and str(ax._dec(cell)) == "1.50"
    assert ax._dec(facts.CellFact("abc", True)) is None
    assert ax._dec(facts.CellFact("1.50", False)) is None
    assert ax._dec(facts.CellFact(None, True)) is None
    assert str(ax._dec(facts.CellFact("1.5", True))) == "1.5"
