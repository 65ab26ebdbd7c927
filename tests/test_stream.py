"""Results stream out of a run (issue 16): the session hands each file's final result to a sink, in file
order, and drops it; the cross-report findings (X80x) come at the end, in every format."""

from __future__ import annotations

import gc
import json
import weakref
import xml.etree.ElementTree as ET

import pytest

from xxgk_lint import session as session_mod
from xxgk_lint.config import CliOptions, Resolver
from xxgk_lint.session import CheckOptions, Session
from xxgk_lint.synth import SyntheticReport, render

import acrosskit as kit

AGENCY = "某县水利局"


@pytest.fixture(autouse=True)
def _frozen_heap():
    """``Recorder.alive`` runs the full collector at every result: what the test session made before this test
    is moved to the permanent generation (``gc.freeze``, as conftest does after collection), so each
    collection looks at this test's objects only (a full collection of the whole session takes a good part
    of a second).  References from frozen objects still count: what they hold stays alive, as it would.
    Not unfrozen after: ``gc.unfreeze`` would hand the collection's objects back to the collector too."""
    gc.freeze()
    yield


class Recorder:
    """A sink that keeps only weak references and what it was given, in order."""

    def __init__(self):
        self.paths: list[str] = []
        self.refs: list = []
        self.alive_at_add: list[int] = []
        self.across_paths: list[str] = []
        self.alive_at_across = -1

    def alive(self) -> int:
        gc.collect()
        return sum(ref() is not None for ref in self.refs)

    def add(self, result) -> None:
        self.alive_at_add.append(self.alive())  # the earlier results: dropped once handed on
        self.paths.append(result.path)
        self.refs.append(weakref.ref(result))

    def across(self, results) -> None:
        self.alive_at_across = self.alive()
        self.across_paths += [r.path for r in results if r.diagnostics]


def _session(select=None, fail_on=None):
    return Session(Resolver(CliOptions(select=select, fail_on=fail_on), isolated=True), warn=lambda m: None)


@pytest.fixture
def many(tmp_path):
    for k in range(7):
        rep = SyntheticReport(edition="2021", year=2022, seed=k)
        if k % 2:
            rep.relabel("（三）不予公开", "（三）不子公开")
        (tmp_path / f"r{k}.txt").write_text(render(rep, "txt"), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_sink_sees_each_result_once_in_order_and_none_is_kept(many, monkeypatch, jobs):
    # several batches (of 4: with two jobs a batch runs in worker processes): a batch's results are dropped
    # before the next one is linted
    monkeypatch.setattr(session_mod, "BATCH", 4)
    rec = Recorder()
    out = _session(fail_on="warning").check(CheckOptions(paths=(str(many),), jobs=jobs, use_cache=False), sink=rec)
    assert rec.paths == sorted(str(p) for p in many.glob("*.txt"))  # each once, in file order
    assert out.results == [] and out.files == 7
    assert rec.alive() == 0  # nothing holds a result after the run
    # at most the rest of the current batch is alive when a result is handed on
    assert rec.alive_at_add == [0, 1, 2, 3, 0, 1, 2], rec.alive_at_add
    assert out.exit_code() == 1  # the counts stay: T206 is a warning, and fail-on is warning


def test_without_a_sink_the_outcome_keeps_the_results(many):
    out = _session().check(CheckOptions(paths=(str(many),), use_cache=False))
    assert [r.path for r in out.results] == sorted(str(p) for p in many.glob("*.txt"))


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """a/2021 and a/2022 of one agency (2022's carry-over wrong: X801 on a/2022), and c/b.txt after them with
    a label typo (T206)."""
    last, this = kit.synth(AGENCY, 2021, seed=1), kit.synth(AGENCY, 2022, seed=2)
    kit.continuous(last, this)
    this.set("t3", "carried", "natural", str(int(this.get("t3", "carried", "natural")) + 2))
    this.set("t3", "carried", "total", str(int(this.get("t3", "carried", "total")) + 2))
    typo = SyntheticReport(edition="2021", year=2022, agency="某县林业局", seed=3).relabel(
        "（三）不予公开", "（三）不子公开"
    )
    kit.repo(tmp_path, {"a/2021.txt": kit.text(last), "a/2022.txt": kit.text(this), "c/b.txt": kit.text(typo)})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_cross_report_findings_reach_the_sink_at_the_end_and_results_are_dropped_before(repo):
    rec = Recorder()
    _session(select=["X801", "T206"]).check(CheckOptions(paths=(str(repo),), use_cache=False), sink=rec)
    assert [p.rsplit("/", 2)[-1] for p in rec.paths] == ["2021.txt", "2022.txt", "b.txt"]
    assert [p.rsplit("/", 2)[-2:] for p in rec.across_paths] == [["a", "2022.txt"]]
    assert rec.alive_at_across == 0  # only the facts were kept for the cross-report phase


def _check(run_cli, *args):
    return run_cli("check", ".", "--select", "X801,T206", "--no-cache", "--isolated", *args)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_concise_writes_the_cross_report_findings_last_under_a_heading(repo, run_cli, lang):
    r = _check(run_cli, "--format", "concise", "--lang", lang)
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    heading = "跨报告检查" if lang == "zh" else "Across reports"
    at = [k for k, ln in enumerate(lines) if ln.startswith(heading)]
    assert len(at) == 1, r.stdout
    (t206,) = [k for k, ln in enumerate(lines) if " T206 " in ln]
    (x801,) = [k for k, ln in enumerate(lines) if " X801 " in ln]
    assert t206 < at[0] < x801  # c/b.txt's finding first, although a/2022.txt comes before it
    assert lines[x801].startswith("a/2022.txt:")
    assert lines[-1].startswith("发现" if lang == "zh" else "Found")


@pytest.mark.parametrize("fmt", ["full", "github"])
def test_full_and_github_too(repo, run_cli, fmt):
    r = _check(run_cli, "--format", fmt)
    out = r.stdout
    assert out.index("T206") < out.index("跨报告检查") < out.index("X801"), out
    if fmt == "github":
        assert out.count("::group::a/2022.txt") == 1 and "::error file=a/2022.txt" in out


def test_machine_formats_carry_the_cross_report_findings_as_more_entries(repo, run_cli):
    data = json.loads(_check(run_cli, "--format", "json").stdout)
    assert sorted(d["code"] for d in data["diagnostics"]) == ["T206", "X801"]
    assert (data["summary"]["errors"], data["summary"]["warnings"]) == (1, 1)
    (entry,) = [f for f in data["files"] if f["path"] == "a/2022.txt"]
    assert entry["diagnostics"] == 1
    sarif = json.loads(_check(run_cli, "--format", "sarif").stdout)
    assert sorted(x["ruleId"] for x in sarif["runs"][0]["results"]) == ["T206", "X801"]
    root = ET.fromstring(_check(run_cli, "--format", "junit").stdout.split("\n", 2)[2].encode())
    assert sorted(c.get("name").split()[0] for c in root.iter("testcase") if c.find("failure") is not None) == [
        "T206",
        "X801",
    ]
    page = _check(run_cli, "--format", "html").stdout
    assert "X801" in page and "T206" in page


def test_statistics_and_the_repository_summary_count_the_cross_report_findings(repo, run_cli):
    out = _check(run_cli, "--format", "concise", "--statistics", "--lang", "en").stdout
    assert "     1  X801" in out and "     1  T206" in out
    assert "Found 1 error, 1 warning" in out
    # the summary table: three files, the error is the cross-report finding
    total = [ln for ln in out.splitlines() if ln.startswith("total")]
    assert total and total[-1].split()[-3:] == ["3", "1", "1"], out


def test_the_baseline_hides_streamed_and_cross_report_findings(repo, run_cli):
    base = repo / "baseline.json"
    r = _check(run_cli, "--baseline", str(base), "--update-baseline", "--format", "concise")
    assert r.exit_code == 0, r.output
    codes = sorted(e["code"] for e in json.loads(base.read_text(encoding="utf-8"))["entries"])
    assert codes == ["T206", "X801"]
    r = _check(run_cli, "--baseline", str(base), "--format", "concise")
    assert r.exit_code == 0 and "X801" not in r.stdout and "跨报告检查" not in r.stdout, r.output
    assert "另有 2 个问题已记录在基线中" in r.stdout
    # the typo fixed by hand: its entry is stale, the cross-report one still matches
    b = repo / "c" / "b.txt"
    b.write_text(b.read_text(encoding="utf-8").replace("不子公开", "不予公开"), encoding="utf-8")
    r = _check(run_cli, "--baseline", str(base), "--format", "concise")
    assert "1 baseline entry no longer occur" in r.stderr and r.exit_code == 0, r.output


def test_output_file_gets_the_streamed_output(repo, run_cli):
    r = _check(run_cli, "--format", "concise", "-o", "out.txt")
    assert r.exit_code == 1 and r.stdout == ""
    text = (repo / "out.txt").read_text(encoding="utf-8")
    assert text.index("T206") < text.index("跨报告检查") < text.index("X801") and text.endswith("。\n")
