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
