"""A report's objects are freed by reference counting, not left to the cyclic collector (speed, issue 12).

The per-file work runs with the collector's young threshold raised (``pool.collector``) and one young
collection after each file (``pool.settle``).  That is cheap only while a linted report leaves no reference
cycles behind: a cycle between a report and what its rules memoise (an identity evaluation holding the
report, say) would make every report cyclic garbage again, thousands of objects per file to trace.
"""

from __future__ import annotations

import gc

import pytest

from xxgk_lint.pool import GEN0, collector, compact, settle
from xxgk_lint.runner import Linter, Settings
from xxgk_lint.synth import SyntheticReport

from conftest import rendered


def _report(**kw) -> SyntheticReport:
    rep = SyntheticReport(edition=kw.pop("edition", "2021"), year=2022, agency="某县测试局", seed=3)
    for t, row, col, value in kw.pop("cells", ()):
        rep.set(t, row, col, value)
    return rep


@pytest.mark.parametrize(
    ("fmt", "layout", "edition"),
    [("txt", "tabs", "2021"), ("txt", "cells", "2019"), ("md", None, "2021"), ("html", None, "2019")],
)
def test_a_linted_report_leaves_no_cycles(fmt, layout, edition):
    # a faulty report too: the arithmetic rules' evaluation (and its memo on the report) is exercised
    rep = _report(edition=edition, cells=[("t3", "new", "natural", "99")])
    data = rendered(rep, fmt, layout)
    linter = Linter(Settings())
    name = f"report.{fmt}"
    first = compact(linter.lint_file(name, data=data).light())  # warm-up: templates, caches, imports
    assert any(d.code.startswith("A") for d in first.diagnostics), "the arithmetic rules must have run"
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        r = linter.lint_file(name, data=data)
        assert r.report is not None
        light = compact(r.light())
        del r
        found = gc.collect()
    finally:
        if was:
            gc.enable()
    assert light.diagnostics
    assert found == 0, f"linting one {fmt} report left {found} objects in reference cycles"


def test_collector_raises_the_young_threshold_and_restores_it():
    saved = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        with collector():
            assert gc.get_threshold() == (GEN0, 10, 10)
            settle()  # a young collection: no error, thresholds unchanged
            assert gc.get_threshold() == (GEN0, 10, 10)
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(GEN0 * 2, 5, 5)  # a caller's higher threshold is kept
        with collector():
            assert gc.get_threshold() == (GEN0 * 2, 5, 5)
    finally:
        gc.set_threshold(*saved)


def test_the_cross_report_phase_runs_with_the_raised_threshold(tmp_path, monkeypatch):
    """The phase after the linting allocates many short-lived objects while every kept result is in the
    older generations: with the default thresholds those would be scanned again and again."""
    import shutil

    from xxgk_lint import across
    from xxgk_lint.config import CliOptions, Resolver
    from xxgk_lint.session import CheckOptions, Session

    from conftest import ROOT

    for k, name in enumerate(("clean-2021.txt", "faulty-tables.txt")):
        shutil.copy(ROOT / "examples" / name, tmp_path / f"{k}.txt")
    seen = []
    real_run = across.run
    monkeypatch.setattr(across, "run", lambda *a, **kw: (seen.append(gc.get_threshold()[0]), real_run(*a, **kw))[1])
    saved = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        Session(Resolver(CliOptions(), isolated=True)).check(CheckOptions(paths=(str(tmp_path),), use_cache=False))
        assert gc.get_threshold() == (700, 10, 10)  # restored after the run
    finally:
        gc.set_threshold(*saved)
    assert seen == [GEN0]
