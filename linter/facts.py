"""What the cross-report rules (X80x) and the repository summary need from one report, once its
document is gone: :class:`ReportFacts`.

The per-file pipeline collects the facts while the document and report are at hand
(:func:`collect`); they are small and picklable, travel back from ``--jobs`` workers with the light
result and are stored in the cache with it, so a cross-report check of a thousand files never reads
or recognises a file twice.  Cross-report findings themselves are never cached: they are computed
afresh on every run from the facts of all files (a finding depends on the other file's content).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from xxgk_lint.document import Location
from xxgk_lint.identity import Identity


class CellFact(NamedTuple):
    """One bound table cell: its value (``None`` when blank or not a number) and where it is.  (A named
    tuple: a report has two hundred of them, made on every lint, and a tuple is the cheapest to build.)"""

    value: str | None  # the Decimal as a string (exact, picklable, JSON-friendly); None: blank/unreadable
    trusted: bool  # False when the row could not be aligned with the template (T203): never compare it
    location: Location | None = None  # only for the rows the cross-report rules point at (see collect)
    raw: str = ""  # the cell text as written
    line_text: str = ""  # the source line, for snippets in another file's finding


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of narrative text for the copied-text check (X804), normalised for comparison."""

    text: str  # normalised text (see xxgk_lint.similar)
    section: str | None  # template section id, e.g. "s5"
    location: Location | None = None
    line_text: str = ""


@dataclass(slots=True)
class ReportFacts:
    path: str
    identity: Identity = field(default_factory=Identity)
    edition: str | None = None  # the template id the report was checked against ("2019", "2021")
    is_report: bool = False
    cells: dict[tuple[str, str, str], CellFact] = field(default_factory=dict)  # (table, row, column) -> cell
    passages: list[Passage] = field(default_factory=list)
    # inline suppressions that can silence a cross-report finding: rule codes disabled for the whole file
    disabled: tuple[str, ...] = ()
    # and for some lines: (first line, last line or 0 for the end of the file, rule selectors; "*": all)
    suppressions: tuple[tuple[int, int, tuple[str, ...]], ...] = ()

    def silenced(self, matches, line: int | None) -> bool:
        """Whether the file's comments silence a finding at ``line`` (None: the whole file) of a rule that
        ``matches(selector)``: ``disable-file`` anywhere, the line kinds and ranges where they cover it."""
        if any(s == "*" or matches(s) for s in self.disabled):
            return True
        if line is None:
            return False
        for lo, hi, selectors in self.suppressions:
            if lo <= line and (hi == 0 or line <= hi) and any(s == "*" or matches(s) for s in selectors):
                return True
        return False

    def cell(self, table: str, row: str, column: str) -> CellFact | None:
        return self.cells.get((table, row, column))


def collect(doc, report, identity: Identity, located=None) -> ReportFacts:
    """The facts of one recognised report (``doc``: its Document, ``report``: its Report).

    Every bound cell's value is kept; its location and source line only for the rows in ``located``
    (``(table id, row id)`` pairs, ``(table id, None)`` for every row of a table; None: every cell), the
    rows the cross-report rules name in their findings (``AcrossRule.located_rows``) — locating two hundred
    cells would cost a fifth of a report's linting time."""
    facts = ReportFacts(
        doc.path,
        identity,
        report.template.id if report.template is not None else None,
        report.is_report,
    )
    lines: dict[int, str] = {}
    cells = facts.cells
    for tid, table in report.tables.items():
        whole = located is None or (tid, None) in located
        for bc in table.bound_cells():
            fig = bc.figure
            value = fig.value
            if fig.span is not None and (whole or (tid, bc.row) in located):
                loc = doc.locate(fig.span)
                if loc.line not in lines:
                    lines[loc.line] = doc.line_text(loc.line)
                cells[(tid, bc.row, bc.col)] = CellFact(
                    None if value is None else str(value), bc.trusted, loc, fig.raw, lines[loc.line]
                )
            else:
                cells[(tid, bc.row, bc.col)] = CellFact(
                    None if value is None else str(value), bc.trusted, None, fig.raw
                )
    passages_of = _passages_of()
    if passages_of is not None:
        facts.passages = list(passages_of(doc, report))
    return facts


def _passages_of():
    """``xxgk_lint.similar.passages_of`` when that module is installed (the copied-text work), else None."""
    global _PASSAGES
    if _PASSAGES is _UNSET:
        import importlib
        import importlib.util

        _PASSAGES = None
        if importlib.util.find_spec("xxgk_lint.similar") is not None:
            _PASSAGES = getattr(importlib.import_module("xxgk_lint.similar"), "passages_of", None)
    return _PASSAGES


_UNSET = object()
_PASSAGES: object = _UNSET
