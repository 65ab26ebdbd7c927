"""An internal error (a plug-in rule that raises on a file, an engine bug on one file) is carried by every
output format, names the rule and the file, and makes the exit code 2: JSON per file ``internal_errors``
and a count in the summary (valid against the schema), SARIF ``toolExecutionNotifications`` with
``executionSuccessful: false``, JUnit an ``<error>``, GitHub an ``::error`` line, full and concise a line.

The plug-in is a distribution written into a temporary directory on ``sys.path`` (a ``.dist-info`` with
an entry point and a module), loaded in-process with ``--plugin``."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import resources

import jsonschema
import pytest

from xxgk_lint.rules.common import example_report

RAISES = """
from xxgk_lint.diagnostics import Severity
from xxgk_lint.rule import Rule


class Raises(Rule):
    code = "Z977"
    name = "raises-on-purpose"
    severity = Severity.WARNING
    needs_report = False
    summary = {"zh": "出错", "en": "raises"}
    description = basis = summary
    examples = {"fail": "甲", "pass": "乙"}
    messages = {"m": {"zh": "出错", "en": "raises"}}

    def check(self, report):
        raise RuntimeError("boom on purpose")
        yield
"""


@pytest.fixture
def crashing(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    dist = site / "raises_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: raises-plugin\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[xxgk_lint.rules]\nraises = raises_plugin_rules\n", encoding="utf-8")
    (site / "raises_plugin_rules.py").write_text(RAISES, encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("XXGK_LINT_DEBUG", raising=False)
    (work / "bad.txt").write_text(example_report("2021"), encoding="utf-8")
    return work


def _check(run_cli, fmt, *extra):
    res = run_cli("check", "--no-cache", "--plugin", "raises", "--format", fmt, "--no-color", *extra, "bad.txt")
    assert res.exit_code == 2, res.output
    return res


def _schema():
    return json.loads(resources.files("xxgk_lint").joinpath("schemas/output.schema.json").read_text(encoding="utf-8"))


def test_json(crashing, run_cli):
    out = _check(run_cli, "json", "-o", "out.json")
    data = json.loads((crashing / "out.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(_schema()).validate(data)
    (entry,) = data["files"]
    assert entry["internal_errors"] == [{"rule": "Z977", "message": "RuntimeError: boom on purpose"}]
    assert data["summary"]["internal_errors"] == 1
    assert "Z977" in out.output  # stderr still names it when the output goes to a file


def test_json_without_internal_errors_has_a_zero_count(crashing, run_cli):
    res = run_cli("check", "--no-cache", "--format", "json", "bad.txt")
    data = json.loads(res.output)
    jsonschema.Draft202012Validator(_schema()).validate(data)
    assert data["summary"]["internal_errors"] == 0 and "internal_errors" not in data["files"][0]


def test_sarif(crashing, run_cli):
    _check(run_cli, "sarif", "-o", "out.sarif")
    run = json.loads((crashing / "out.sarif").read_text(encoding="utf-8"))["runs"][0]
    (inv,) = run["invocations"]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert note["level"] == "error" and note["associatedRule"] == {"id": "Z977"}
    assert "Z977" in note["message"]["text"] and "bad.txt" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.txt"


def test_sarif_success(crashing, run_cli):
    res = run_cli("check", "--no-cache", "--format", "sarif", "bad.txt")
    assert json.loads(res.output)["runs"][0]["invocations"] == [{"executionSuccessful": True}]


def test_junit(crashing, run_cli):
    _check(run_cli, "junit", "-o", "out.xml")
    root = ET.fromstring((crashing / "out.xml").read_text(encoding="utf-8"))
    assert root.get("errors") == "1"
    (suite,) = root.findall("testsuite")
    assert suite.get("errors") == "1"
    (error,) = suite.iter("error")
    assert "Z977" in error.get("message") and "bad.txt" in error.get("message")
    assert error.text == "RuntimeError: boom on purpose"
    assert error.get("type") == "internal"


def test_github(crashing, run_cli):
    res = _check(run_cli, "github")
    lines = [ln for ln in res.output.split("\n") if ln.startswith("::error ")]
    internal = [ln for ln in lines if "internal error Z977" in ln]
    assert len(internal) == 1, res.output
    head, _, message = internal[0][len("::error ") :].partition("::")
    assert "file=bad.txt" in head.split(",")
    assert "Z977" in message and "boom on purpose" in message and "\n" not in message


@pytest.mark.parametrize("fmt", ["full", "concise"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_human_formats_name_the_rule_and_file_once(crashing, run_cli, fmt, lang):
    res = _check(run_cli, fmt, "--lang", lang)
    shown = [ln for ln in res.output.split("\n") if "Z977" in ln]
    assert len(shown) == 1, res.output  # on stdout, not repeated on stderr
    assert shown[0].startswith("bad.txt: ") and "boom on purpose" in shown[0]
    assert ("internal error in rule Z977" if lang == "en" else "规则 Z977 内部错误") in shown[0]
    assert ("Check incomplete" if lang == "en" else "检查未完成") in res.output


def test_engine_error_names_no_rule(tmp_path, monkeypatch, run_cli):
    """An engine bug on one file (here: the reader raising) is an internal error without a rule."""
    from xxgk_lint import runner

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(example_report("2021"), encoding="utf-8")

    def broken(self, path, data=None):
        raise ValueError("engine bug on purpose")

    monkeypatch.setattr(runner.Linter, "lint_file", broken)
    monkeypatch.delenv("XXGK_LINT_DEBUG", raising=False)
    res = run_cli("check", "--no-cache", "--format", "json", "a.txt")
    assert res.exit_code == 2
    data = json.loads(res.stdout)
    jsonschema.Draft202012Validator(_schema()).validate(data)
    assert data["files"][0]["internal_errors"] == [{"rule": None, "message": "ValueError: engine bug on purpose"}]
    res = run_cli("check", "--no-cache", "--format", "concise", "--lang", "en", "a.txt")
    assert "a.txt: internal error (this file was not fully checked): ValueError: engine bug on purpose" in res.output


def test_a_fix_that_raises_is_an_internal_error_on_its_file(tmp_path, monkeypatch, run_cli):
    """A writer bug on one file during --fix: an internal error naming that file, the others still fixed."""
    from xxgk_lint import fix
    from xxgk_lint.synth import SyntheticReport, render

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("XXGK_LINT_DEBUG", raising=False)
    typo = render(SyntheticReport(edition="2021").relabel("（三）不予公开", "（三）不子公开"), "txt")
    (tmp_path / "a.txt").write_text(typo, encoding="utf-8")
    (tmp_path / "b.txt").write_text(typo, encoding="utf-8")
    real = fix.fix_file

    def flaky(result, **kw):
        if result.path.endswith("a.txt"):
            raise ValueError("writer bug on purpose")
        return real(result, **kw)

    monkeypatch.setattr(fix, "fix_file", flaky)
    res = run_cli("check", "--no-cache", "--fix", "--format", "json", "a.txt", "b.txt")
    assert res.exit_code == 2, res.output
    data = json.loads(res.stdout)
    jsonschema.Draft202012Validator(_schema()).validate(data)
    crashed = {f["path"]: f.get("internal_errors") for f in data["files"]}
    assert crashed["a.txt"] == [{"rule": None, "message": "ValueError: writer bug on purpose"}]
    assert crashed["b.txt"] is None
    assert "不子公开" in (tmp_path / "a.txt").read_text(encoding="utf-8")
    assert "不子公开" not in (tmp_path / "b.txt").read_text(encoding="utf-8")
