"""Results kept for the output share the values every report repeats (issue 16: memory flat in the number
of files): the cells of the facts of two reports with the same figures are the same objects, with the same
values as before."""

from __future__ import annotations

from xxgk_lint import pool as pool_mod
from xxgk_lint.rules.common import example_report

from conftest import lint


def _facts(name: str):
    r = lint(example_report("2021"), name).light()
    assert r.facts is not None and r.facts.cells
    return r


def test_compacted_facts_are_equal_and_shared():
    a, b = _facts("a.txt"), _facts("b.txt")
    before = dict(a.facts.cells)
    pool_mod.compact(a)
    pool_mod.compact(b)
    assert a.facts.cells == before  # the same values
    shared = [k for k in a.facts.cells if a.facts.cells[k] is b.facts.cells[k]]
    unlocated = [k for k, c in a.facts.cells.items() if c.location is None]
    assert unlocated and set(unlocated) <= set(shared)  # one object for both reports
    assert all(ka is kb for ka, kb in zip(a.facts.cells, b.facts.cells, strict=True))  # the keys too


def test_lint_many_compacts(tmp_path):
    from xxgk_lint.settings import Settings

    paths = []
    for i in range(2):
        p = tmp_path / f"r{i}.txt"
        p.write_text(example_report("2021"), encoding="utf-8")
        paths.append(str(p))
    s = Settings()
    a, b = pool_mod.lint_many([(s, p) for p in paths], pool_mod.LinterPool())
    key = next(k for k, c in a.facts.cells.items() if c.location is None)
    assert a.facts.cells[key] is b.facts.cells[key]


def test_compact_cells_behave_as_the_dict():
    import pickle

    a = _facts("a.txt")
    plain = dict(a.facts.cells)
    pool_mod.compact(a)
    cells = a.facts.cells
    assert isinstance(cells, pool_mod.CompactCells)
    assert len(cells) == len(plain) and list(cells) == list(plain) and dict(cells.items()) == plain
    key = next(iter(plain))
    assert cells[key] == plain[key] and cells.get(key) == plain[key] and key in cells
    assert cells.get(("t9", "x", "y")) is None and ("t9", "x", "y") not in cells
    assert list(cells.values()) == list(plain.values())
    again = pickle.loads(pickle.dumps(a.facts))  # the cache and workers see a plain dict
    assert again.cells == plain and type(again.cells) is dict
    b = _facts("b.txt")
    pool_mod.compact(b)
    assert b.facts.cells._index is cells._index  # one key index for both reports
