"""Results travel back from ``--jobs`` workers pickled; ``Span``, ``Location`` and ``Passage`` pickle as a
call with their fields (speed, issue 12: the generated state methods of slotted dataclasses ran in
Python).  The round trip must give equal objects of the same class, for every field."""

from __future__ import annotations

import copy
import pickle

from xxgk_lint.document import Location, Span
from xxgk_lint.facts import Passage
from xxgk_lint.runner import Linter, Settings

from conftest import EXAMPLES


def test_span_location_passage_round_trip():
    loc = Location(3, 4, 5, 6, page=2, paragraph=None, table=1, row=7, col=8)
    for obj in (Span(2, 9), loc, Location(1, 1, 1, 2), Passage("本机关公开", "s2", loc, "第一行"), Passage("x", None)):
        for back in (pickle.loads(pickle.dumps(obj, protocol=p)) for p in (2, pickle.HIGHEST_PROTOCOL)):
            assert type(back) is type(obj) and back == obj
        assert copy.copy(obj) == obj and copy.deepcopy(obj) == obj


def test_a_light_result_round_trips():
    path = EXAMPLES / "faulty-figures-2019.txt"
    r = Linter(Settings()).lint_file(str(path)).light()
    assert r.diagnostics and r.facts is not None
    back = pickle.loads(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.diagnostics == r.diagnostics
    assert [d.location for d in back.diagnostics] == [d.location for d in r.diagnostics]
    assert back.facts.passages == r.facts.passages
    assert dict(back.facts.cells) == dict(r.facts.cells)
