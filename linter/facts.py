"""What the cross-report rules (X80x) and the repository summary need from one report, once its
document is gone: :class:`ReportFacts`.

The per-file pipeline collects the facts while the document and report are at hand
(:func:`collect`); they are small and picklable, travel back from ``--jobs`` workers with the light
result and are stored in the cache with it, so a cross-report check of a thousand files never reads
or recognises a file twice.  Cross-report findings are not cached with a file (a finding depends on the
other file's content): they are computed from the facts of all files, and the phase's outcome is
remembered only under a key made of every compared file's path and cache key (:mod:`xxgk_lint.across`),
so any change in any file runs it again.  The cells are built from shared values (:func:`compact_cells`):
the facts of 10,000 reports would otherwise hold millions of equal small tuples and strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, NamedTuple, cast

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

    def __init__(self, text: str, section: str | None, location: Location | None = None, line_text: str = ""):
        # the generated frozen __init__ sets each field through object.__setattr__; the slot descriptors
        # directly (set below the class, as document.Location does) are several times cheaper: a report makes
        # a few dozen passages on every lint
        _P_TEXT(self, text)
        _P_SECTION(self, section)
        _P_LOCATION(self, location)
        _P_LINE_TEXT(self, line_text)


_P_TEXT, _P_SECTION, _P_LOCATION, _P_LINE_TEXT = (
    cast(Any, getattr(Passage, name)).__set__ for name in ("text", "section", "location", "line_text")
)
_PASSAGE_FIELDS = attrgetter("text", "section", "location", "line_text")


def _reduce_passage(self: Passage):
    return (Passage, _PASSAGE_FIELDS(self))  # pickled as a call (see document._reduce_span)


Passage.__reduce__ = _reduce_passage  # type: ignore[method-assign,assignment]


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


# Values every report repeats (cell keys, figures such as "0", whole unlocated cell facts), shared by all the
# results of a run: the facts of 10,000 reports (two hundred cells each) would otherwise hold two million
# small tuples and strings and 10,000 dicts.  Bounded by the distinct values seen, not by the number of files.
_SHARED: dict = {}
_SHARED_MAX = 200_000
_INDEXES: dict[tuple, dict] = {}  # the keys of a report's cells, in order -> key -> position
_INDEXES_MAX = 2_000


class CompactCells(Mapping):
    """The cells of a report's facts as a read-only mapping: a key index shared by every report with the same
    cells (one per template and set of rows, in practice) and one tuple of values per report."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict, values: tuple):
        self._index, self._values = index, values

    def __getitem__(self, key):
        return self._values[self._index[key]]

    def get(self, key, default=None):
        i = self._index.get(key)
        return default if i is None else self._values[i]

    def __contains__(self, key) -> bool:
        return key in self._index

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._values)

    def items(self):  # type: ignore[override]
        return zip(self._index, self._values, strict=True)

    def values(self):  # type: ignore[override]
        return iter(self._values)

    def __eq__(self, other):
        # two reports of the same cells share their key index: their values in order say it (the equal values
        # are mostly the same shared objects), without the two dicts Mapping.__eq__ would make
        if isinstance(other, CompactCells) and other._index is self._index:
            return self._values == other._values
        return Mapping.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]  # (a mapping: as Mapping's)

    def __reduce__(self):  # pickled (the cache, workers) as the plain dict it stands for
        return (dict, (dict(self.items()),))


def _same(v, _default=None):
    """``_SHARED.setdefault`` once the shared values are at their bound: nothing more is shared."""
    return v


def _sharer():
    """What shares a value: ``_SHARED.setdefault``, or :func:`_same` once the shared values are at their bound."""
    return _SHARED.setdefault if len(_SHARED) <= _SHARED_MAX else _same


def _indexed(keys: list, values: list):
    """The cells as a :class:`CompactCells` (the key index shared with every report of the same cells;
    the keys of a new index made of shared objects), or a plain dict once the indexes are at their bound."""
    order = tuple(keys)
    index = _INDEXES.get(order)
    if index is None:
        if len(_INDEXES) >= _INDEXES_MAX:
            return dict(zip(order, values, strict=True))
        share = _sharer()
        index = {share(k, k): i for i, k in enumerate(order)}
        _INDEXES[tuple(index)] = index
    return CompactCells(index, tuple(values))


_NEW_CELL = tuple.__new__  # CellFact(...) without the named tuple's Python-level __new__: (CellFact, fields)


def _located_fact(share, value: str | None, trusted: bool, location, raw: str, line_text: str) -> CellFact:
    """A located cell's fact with its value and text shared (its location and source line are its own)."""
    return _NEW_CELL(
        CellFact, (value if value is None else share(value, value), trusted, location, share(raw, raw), line_text)
    )


def compact_cells(items):
    """``(key, CellFact)`` pairs (the cells of facts from the cache or a worker) as :func:`collect` makes
    them: made of shared objects, in a :class:`CompactCells`."""
    if len(_SHARED) > _SHARED_MAX:
        return dict(items)
    share = _SHARED.setdefault
    keys, values = [], []
    for key, c in items:
        if c.location is None and not c.line_text:
            c = share(c, c)
        else:
            c = _located_fact(share, c.value, c.trusted, c.location, c.raw, c.line_text)
        keys.append(key)
        values.append(c)
    return _indexed(keys, values)


# An unlocated cell's fact depends only on its figure's text, its value and whether the row is trusted, and a
# report repeats few figure texts ("0" most of all) whose parsed values are shared objects (the recogniser
# parses each text once): the figure text -> (value object, its fact), one table for trusted cells, one for
# the others; a hit needs the very value object (``is``), so the fact is the one ``str(value)`` would give.
# Bounded: emptied when full.
_CELL_MEMO: tuple[dict, dict] = ({}, {})  # (trusted, untrusted): raw -> (Decimal | None, CellFact)
_CELL_MEMO_MAX = 20_000


def collect(doc, report, identity: Identity, located=None, passages: bool = True) -> ReportFacts:
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
    # the cells made of shared values as they are built (see compact_cells): no second pass over them
    share = _sharer()
    keys: list[tuple[str, str, str]] = []
    values: list[CellFact] = []
    memo = _CELL_MEMO
    if len(memo[0]) + len(memo[1]) > _CELL_MEMO_MAX:
        memo[0].clear()
        memo[1].clear()
    locate = doc.source_map.locate  # Document.locate without its own call
    new = _NEW_CELL
    for tid, table in report.tables.items():
        whole = located is None or (tid, None) in located
        for rid, br in table.rows.items():  # BoundTable.bound_cells(), with the row's questions asked once
            locate_row = whole or (tid, rid) in located
            for bc in br.cells.values():
                fig = bc.figure
                v = fig.value
                if locate_row and fig.span is not None:
                    loc = locate(doc, fig.span)
                    line = lines.get(loc.line)
                    if line is None:
                        line = lines[loc.line] = doc.line_text(loc.line)
                    c = _located_fact(share, None if v is None else str(v), bc.trusted, loc, fig.raw, line)
                else:
                    raw, trusted = fig.raw, bc.trusted
                    table_memo = memo[0] if trusted is True else memo[1] if trusted is False else {}
                    hit = table_memo.get(raw)
                    if hit is not None and hit[0] is v:
                        c = hit[1]
                    else:
                        c = new(CellFact, (None if v is None else str(v), trusted, None, raw, ""))
                        c = share(c, c)  # the same figure in the same cell as another report: one object for both
                        table_memo[raw] = (v, c)
                keys.append((tid, bc.row, bc.col))
                values.append(c)
    facts.cells = _indexed(keys, values)  # type: ignore[assignment]
    passages_of = _passages_of() if passages else None
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
