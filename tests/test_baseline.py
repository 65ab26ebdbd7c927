"""Baselines: write, match by content fingerprint (not line numbers), report and prune stale entries."""

from __future__ import annotations

import json

import pytest

from xxgk_lint.baseline import Baseline, BaselineError
from xxgk_lint.rules.common import example_report

from conftest import lint

FAULTY = example_report("2021", drop=("t3",))  # T201 (error)


@pytest.fixture
def proj(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.txt").write_text(FAULTY, encoding="utf-8")
    (tmp_path / "reports" / "b.txt").write_text(FAULTY, encoding="utf-8")
    return tmp_path


@pytest.fixture
def check(run_cli):
    def _run(*args):
        return run_cli("check", "--no-cache", "--isolated", "--format", "concise", *args)

    return _run


def test_update_then_clean_run(proj, check):
    r = check("reports", "--baseline", "bl.json", "--update-baseline")
    assert r.exit_code == 0, r.output
    assert "wrote 2 entries" in r.output
    data = json.loads((proj / "bl.json").read_text(encoding="utf-8"))
    assert data["tool"] == "xxgk-lint" and data["version"] == 1
    assert [(e["path"], e["code"]) for e in data["entries"]] == [("reports/a.txt", "T201"), ("reports/b.txt", "T201")]
    assert all(len(e["fingerprint"]) == 16 and e["message"] for e in data["entries"])
    r = check("reports", "--baseline", "bl.json")
    assert r.exit_code == 0 and "T201" not in r.output
    # the paths are relative to the baseline file, so another working directory matches too
    r = check(str(proj / "reports" / "a.txt"), "--baseline", str(proj / "bl.json"))
    assert r.exit_code == 0


def test_stable_diffs(proj, check):
    check("reports", "--baseline", "bl.json", "--update-baseline")
    first = (proj / "bl.json").read_text(encoding="utf-8")
    check("reports", "--baseline", "bl.json", "--update-baseline")
    assert (proj / "bl.json").read_text(encoding="utf-8") == first
    assert first.endswith("\n") and first.startswith("{\n  ")


def test_lines_inserted_above_keep_the_match(proj, check):
    check("reports", "--baseline", "bl.json", "--update-baseline")
    text = FAULTY.replace("一、总体情况", "一、总体情况\n\n新增加的一段说明。\n\n又一段。", 1)
    (proj / "reports" / "a.txt").write_text(text, encoding="utf-8")
    r = check("reports", "--baseline", "bl.json")
    assert r.exit_code == 0 and "T201" not in r.output and "no longer occur" not in r.output


def test_new_finding_is_reported(proj, check):
    check("reports", "--baseline", "bl.json", "--update-baseline")
    text = example_report("2021", drop=("t3", "t4"))
    (proj / "reports" / "a.txt").write_text(text, encoding="utf-8")
    r = check("reports", "--baseline", "bl.json")
    assert r.exit_code == 1
    found = [x for x in r.output.splitlines() if " T201 " in x]
    assert len(found) == 1 and "表四" in found[0]


def test_repeated_identical_findings_are_counted():
    text = "<!-- xxgk-lint: disable-next-line=S103 -->\n" * 2 + FAULTY
    ds = [d for d in lint(text).diagnostics if d.code == "M001"]
    assert len(ds) == 2 and ds[0].fingerprint != ds[1].fingerprint
    # one more identical finding than baselined is one new finding
    bl = Baseline("bl.json")
    from xxgk_lint.result import FileResult

    bl = bl.updated([FileResult("r.txt", ds[:1])])
    results = [FileResult("r.txt", list(ds))]
    hidden, stale = bl.apply(results)
    assert hidden == 1 and stale == [] and len(results[0].diagnostics) == 1


def test_stale_entries_are_reported_and_pruned(proj, check):
    check("reports", "--baseline", "bl.json", "--update-baseline")
    (proj / "reports" / "a.txt").write_text(example_report("2021"), encoding="utf-8")  # fixed
    r = check("reports", "--baseline", "bl.json")
    assert r.exit_code == 0
    assert "1 baseline entry no longer occur" in r.output and "--update-baseline" in r.output
    r = check("reports", "--baseline", "bl.json", "--update-baseline")
    data = json.loads((proj / "bl.json").read_text(encoding="utf-8"))
    assert [e["path"] for e in data["entries"]] == ["reports/b.txt"]
    assert "no longer occur" not in check("reports", "--baseline", "bl.json").output


def test_files_not_linted_keep_their_entries(proj, check):
    check("reports", "--baseline", "bl.json", "--update-baseline")
    (proj / "reports" / "a.txt").write_text(example_report("2021"), encoding="utf-8")
    check("reports/a.txt", "--baseline", "bl.json", "--update-baseline")  # pre-commit: one file
    data = json.loads((proj / "bl.json").read_text(encoding="utf-8"))
    assert [e["path"] for e in data["entries"]] == ["reports/b.txt"]
    r = check("reports/a.txt", "--baseline", "bl.json")
    assert "no longer occur" not in r.output  # b.txt was not linted: its entry is not judged


def test_baseline_does_not_change_exit_code_but_other_findings_do(proj, check):
    check("reports/a.txt", "--baseline", "bl.json", "--update-baseline")
    r = check("reports", "--baseline", "bl.json")
    assert r.exit_code == 1 and "reports/b.txt" in r.output and "reports/a.txt" not in r.output


def test_missing_or_broken_baseline_is_a_usage_error(proj, check):
    r = check("reports", "--baseline", "missing.json")
    assert r.exit_code == 2 and "missing.json" in r.output and "--update-baseline" in r.output
    (proj / "bad.json").write_text("{not json", encoding="utf-8")
    r = check("reports", "--baseline", "bad.json")
    assert r.exit_code == 2 and "Traceback" not in r.output
    (proj / "old.json").write_text('{"tool": "xxgk-lint", "version": 99, "entries": []}', encoding="utf-8")
    r = check("reports", "--baseline", "old.json")
    assert r.exit_code == 2 and "version" in r.output
    r = check("reports", "--update-baseline")
    assert r.exit_code == 2 and "--baseline" in r.output


def test_load_validates_entries(tmp_path):
    p = tmp_path / "bl.json"
    p.write_text('{"tool": "xxgk-lint", "version": 1, "entries": [{"path": "a.txt"}]}', encoding="utf-8")
    with pytest.raises(BaselineError):
        Baseline.load(str(p))


def test_fingerprints_do_not_use_line_numbers():
    a = lint(FAULTY).diagnostics
    b = lint("\n\n\n" + FAULTY).diagnostics
    assert [d.fingerprint for d in a] == [d.fingerprint for d in b]
    assert [d.location.line for d in a] != [d.location.line for d in b]
