"""The check session (xxgk_lint.session) runs without click: cache, fix loop, baseline and exit code."""

from __future__ import annotations

import shutil

import pytest

from xxgk_lint.config import CliOptions, Resolver
from xxgk_lint.session import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, CheckOptions, RunError, Session

from conftest import ROOT

EXAMPLES = ROOT / "examples"


def _session(**cli):
    messages = []
    return Session(Resolver(CliOptions(**cli), isolated=True), warn=messages.append), messages


def test_exit_codes_follow_the_findings(tmp_path):
    shutil.copy(EXAMPLES / "faulty-tables.txt", tmp_path / "a.txt")
    shutil.copy(EXAMPLES / "clean-2021.txt", tmp_path / "b.txt")
    session, _ = _session()
    out = session.check(CheckOptions(paths=(str(tmp_path / "a.txt"),), use_cache=False))
    assert out.files == 1 and out.results[0].diagnostics and out.exit_code() == EXIT_FINDINGS
    assert out.exit_code(exit_zero=True) == EXIT_OK
    clean = session.check(CheckOptions(paths=(str(tmp_path / "b.txt"),), use_cache=False))
    assert clean.exit_code() == EXIT_OK
    clean.results[0].internal_errors.append("boom")
    assert clean.exit_code(exit_zero=True) == EXIT_ERROR


def test_missing_paths_and_no_files(tmp_path):
    session, messages = _session()
    out = session.check(CheckOptions(paths=(str(tmp_path / "absent.txt"),), use_cache=False))
    assert [d.code for d in out.results[0].diagnostics] == ["E001"] and out.files == 0
    (tmp_path / "empty").mkdir()
    session.check(CheckOptions(paths=(str(tmp_path / "empty"),), use_cache=False))
    assert any("no files to check" in m and ".txt .md .html .docx .pdf" in m for m in messages)


def test_diff_writes_nothing_and_fix_writes(tmp_path):
    p = tmp_path / "r.txt"
    shutil.copy(EXAMPLES / "faulty-tables.txt", p)
    before = p.read_bytes()
    session, _ = _session()
    out = session.check(CheckOptions(paths=(str(p),), diff=True))
    assert out.diffs and out.diffs[0].startswith("--- a/") and out.exit_code() == EXIT_FINDINGS
    assert p.read_bytes() == before
    fixed = session.check(CheckOptions(paths=(str(p),), fix=True))
    assert fixed.fixed > 0 and p.read_bytes() != before
    assert not any(d.fix and d.fix.safe for d in fixed.results[0].diagnostics)


def test_baseline_hides_known_findings_and_a_broken_one_is_a_run_error(tmp_path):
    p = tmp_path / "r.txt"
    shutil.copy(EXAMPLES / "faulty-tables.txt", p)
    base = tmp_path / "baseline.json"
    session, messages = _session()
    session.check(CheckOptions(paths=(str(p),), baseline=str(base), update_baseline=True, use_cache=False))
    assert base.exists() and any("wrote" in m for m in messages)
    again = session.check(CheckOptions(paths=(str(p),), baseline=str(base), use_cache=False))
    assert again.results[0].diagnostics == [] and again.exit_code() == EXIT_OK
    base.write_text("{not json", encoding="utf-8")
    with pytest.raises(RunError):
        session.check(CheckOptions(paths=(str(p),), baseline=str(base), use_cache=False))


def test_a_bad_selection_is_a_run_error(tmp_path):
    session, _ = _session(select=["NOPE999"])
    with pytest.raises(RunError):
        session.check(CheckOptions(paths=(str(tmp_path),), use_cache=False))


def test_the_cache_is_used_on_a_second_run(tmp_path):
    p = tmp_path / "r.txt"
    shutil.copy(EXAMPLES / "faulty-tables.txt", p)
    session, _ = _session(cache_dir=str(tmp_path / "cache"))
    first = session.check(CheckOptions(paths=(str(p),)))
    second = session.check(CheckOptions(paths=(str(p),)))
    assert not first.results[0].cached and second.results[0].cached
    assert [d.fingerprint for d in first.results[0].diagnostics] == [
        d.fingerprint for d in second.results[0].diagnostics
    ]
