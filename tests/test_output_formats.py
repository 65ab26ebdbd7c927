"""Machine output formats: JSON (validated against the shipped schema on real CLI output), SARIF,
GitHub workflow commands, JUnit XML; and every format on results without a document."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import resources

import jsonschema
import pytest

from xxgk_lint import output
from xxgk_lint.diagnostics import Diagnostic, Edit, Fix, Related, Severity
from xxgk_lint.document import Location, Span
from xxgk_lint.output import github
from xxgk_lint.result import FileResult
from xxgk_lint.rules.common import example_report

ALL_FORMATS = sorted(output.FORMATS)


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch):
    """These tests may themselves run in GitHub Actions: start from a clean environment."""
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE", "XXGK_LINT_DOCS_URL"):
        monkeypatch.delenv(name, raising=False)


# -- a small repository of reports with many kinds of findings -------------------------------------
def _many_kinds(edition: str = "2021") -> str:
    text = example_report(edition)
    text = text.replace("行政规范性文件", "行政规范姓文件", 1)  # T206, safe fix
    text = text.replace("三、收到和处理", "三、收到处理", 1)  # S103
    # T204 (unsafe fix) and totals that no longer add up
    text = text.replace("一、本年新收政府信息公开申请数量\t0\t0", "一、本年新收政府信息公开申请数量\t\t5", 1)
    return text.replace("五、存在的主要问题及改进情况", "", 1)  # S101


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "many.txt").write_text(_many_kinds(), encoding="utf-8")
    (tmp_path / "reports" / "农业农村局2020.txt").write_text(
        example_report("2019").replace("\t0\n", "\t\n", 1), encoding="utf-8"
    )  # T204 in a CJK file name
    # another agency: two different reports of one agency and year would be duplicates (X806)
    (tmp_path / "reports" / "clean.md").write_text(
        example_report("2021").replace("某县人民政府办公室", "某县财政局"), encoding="utf-8"
    )
    (tmp_path / "reports" / "note.txt").write_text("会议通知\n请各单位按时参加。\n", encoding="utf-8")  # E002
    (tmp_path / "reports" / "broken.txt").write_bytes(b"\x00\x01\x02\xff\xfe" * 50)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def _cli_output(run_cli, fmt, *extra):
    result = run_cli("check", "reports", "missing.txt", "--format", fmt, *extra)
    # broken.txt (E001), missing.txt and many.txt hold error findings: exit 1, never 0 nor 2
    assert result.exit_code == 1, result.output
    return result.stdout


def _schema():
    text = resources.files("xxgk_lint").joinpath("schemas/output.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


# -- JSON --------------------------------------------------------------------------------------------
def test_json_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(_schema())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_output_validates_against_the_shipped_schema(repo, run_cli, lang):
    data = json.loads(_cli_output(run_cli, "json", "--lang", lang, "--statistics"))
    jsonschema.Draft202012Validator(_schema()).validate(data)
    codes = {d["code"] for d in data["diagnostics"]}
    assert {"E001", "E002", "S101", "S103", "T204", "T206"} <= codes
    assert data["schema_version"] == "1.2"
    assert data["tool"]["name"] == "xxgk-lint"
    # the envelope's counts agree with the diagnostics
    summary = data["summary"]
    sev = [d["severity"] for d in data["diagnostics"]]
    assert summary["errors"] == sev.count("error")
    assert summary["warnings"] == sev.count("warning") and summary["infos"] == sev.count("info")
    assert summary["fixable"] == sum(1 for d in data["diagnostics"] if d["fix"])
    assert sum(s["count"] for s in data["statistics"]) == len(data["diagnostics"])
    assert {f["path"] for f in data["files"]} >= {"reports/many.txt", "reports/clean.md", "missing.txt"}


def test_json_fields(repo, run_cli):
    data = json.loads(_cli_output(run_cli, "json"))
    by_code = {
        d["code"]: d
        for d in data["diagnostics"]
        if d["path"] in ("reports/many.txt", "missing.txt", "reports/note.txt")
    }
    typo = by_code["T206"]
    assert typo["path"] == "reports/many.txt"
    assert typo["url"].endswith("#t206-label-typo")
    assert typo["messages"]["zh"] == typo["message"] and typo["messages"]["en"]
    assert typo["fix"]["applicability"] == "safe"
    edit = typo["fix"]["edits"][0]
    assert edit["content"] == "性" and edit["start"]["line"] == typo["location"]["line"]
    assert edit["end"]["column"] == edit["start"]["column"] + 1
    assert by_code["T204"]["fix"]["applicability"] == "unsafe"
    assert by_code["E001"]["location"] is None and by_code["E001"]["fix"] is None
    assert by_code["E002"]["location"] is None
    assert typo["fingerprint"] and len({d["fingerprint"] for d in data["diagnostics"]}) == len(data["diagnostics"])
    assert "statistics" not in data  # only with --statistics
    assert next(f for f in data["files"] if f["path"] == "reports/clean.md")["format"] == "md"


def test_json_lang_en(repo, run_cli):
    data = json.loads(_cli_output(run_cli, "json", "--lang", "en"))
    typo = next(d for d in data["diagnostics"] if d["code"] == "T206")
    assert typo["message"] == typo["messages"]["en"]


# -- SARIF -------------------------------------------------------------------------------------------
# A hand-written subset of the SARIF 2.1.0 schema: the properties GitHub code scanning reads.
_REGION = {
    "type": "object",
    "required": ["startLine"],
    "properties": {
        "startLine": {"type": "integer", "minimum": 1},
        "startColumn": {"type": "integer", "minimum": 1},
        "endLine": {"type": "integer", "minimum": 1},
        "endColumn": {"type": "integer", "minimum": 1},
    },
}
_ARTIFACT = {
    "type": "object",
    "required": ["uri"],
    "properties": {"uri": {"type": "string", "minLength": 1}, "uriBaseId": {"type": "string"}},
}
_MESSAGE = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "minLength": 1}}}
SARIF_SUBSET = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "$schema", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "$schema": {"type": "string", "format": "uri"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "maxItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "informationUri": {"type": "string", "format": "uri"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id", "shortDescription"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "name": {"type": "string"},
                                                "shortDescription": _MESSAGE,
                                                "fullDescription": _MESSAGE,
                                                "help": {"type": "object", "required": ["text"]},
                                                "helpUri": {"type": "string", "format": "uri"},
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "properties": {
                                                        "level": {"enum": ["none", "note", "warning", "error"]}
                                                    },
                                                },
                                                "properties": {
                                                    "type": "object",
                                                    "properties": {
                                                        "tags": {
                                                            "type": "array",
                                                            "maxItems": 20,
                                                            "items": {"type": "string"},
                                                        }
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "message", "locations"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": 0},
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": _MESSAGE,
                                "locations": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation", "region"],
                                                "properties": {"artifactLocation": _ARTIFACT, "region": _REGION},
                                            }
                                        },
                                    },
                                },
                                "partialFingerprints": {"type": "object", "additionalProperties": {"type": "string"}},
                                "fixes": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["artifactChanges"],
                                        "properties": {
                                            "description": _MESSAGE,
                                            "artifactChanges": {
                                                "type": "array",
                                                "minItems": 1,
                                                "items": {
                                                    "type": "object",
                                                    "required": ["artifactLocation", "replacements"],
                                                    "properties": {
                                                        "artifactLocation": _ARTIFACT,
                                                        "replacements": {
                                                            "type": "array",
                                                            "minItems": 1,
                                                            "items": {
                                                                "type": "object",
                                                                "required": ["deletedRegion"],
                                                                "properties": {
                                                                    "deletedRegion": _REGION,
                                                                    "insertedContent": {
                                                                        "type": "object",
                                                                        "required": ["text"],
                                                                    },
                                                                },
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_sarif_structure(repo, run_cli):
    data = json.loads(_cli_output(run_cli, "sarif"))
    jsonschema.Draft202012Validator(SARIF_SUBSET).validate(data)
    run = data["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not loc["artifactLocation"]["uri"].startswith("/") and "\\" not in loc["artifactLocation"]["uri"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["E001"] == "error" and levels["E002"] == "note" and levels["T206"] == "warning"
    typo = next(r for r in run["results"] if r["ruleId"] == "T206")
    assert typo["partialFingerprints"]["xxgkLint/v1"]
    replacement = typo["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == "性"
    assert "农业农村局2020.txt" in {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].split("/")[-1] for r in run["results"]
    }
    t206 = rules[typo["ruleIndex"]]
    assert t206["defaultConfiguration"]["level"] == "warning" and "T206" in t206["help"]["markdown"]
    # no docs site configured: docs/rules.md#... is no address a SARIF viewer can open, so no helpUri
    assert "helpUri" not in t206


def test_sarif_help_uri_with_a_docs_site(repo, run_cli, monkeypatch):
    monkeypatch.setenv("XXGK_LINT_DOCS_URL", "https://example.org/xxgk-lint/rules.html")
    data = json.loads(_cli_output(run_cli, "sarif"))
    rule = next(r for r in data["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "T206")
    assert rule["helpUri"] == "https://example.org/xxgk-lint/rules.html#t206-label-typo"


# -- JUnit -------------------------------------------------------------------------------------------
def test_junit_parses_and_counts(repo, run_cli):
    text = _cli_output(run_cli, "junit", "--statistics")
    root = ET.fromstring(text.encode("utf-8"))
    data = json.loads(_cli_output(run_cli, "json"))
    n = len([d for d in data["diagnostics"] if d["severity"] != "info"])  # an info is no failure
    assert root.tag == "testsuites"
    assert int(root.get("failures")) == n
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {f["path"] for f in data["files"]}
    clean = suites["reports/clean.md"]
    assert clean.get("tests") == "1" and clean.get("failures") == "0" and clean.find("testcase/failure") is None
    many = suites["reports/many.txt"]
    per_file = next(f["diagnostics"] for f in data["files"] if f["path"] == "reports/many.txt")
    infos = sum(1 for d in data["diagnostics"] if d["path"] == "reports/many.txt" and d["severity"] == "info")
    assert int(many.get("failures")) + infos == per_file == len(many.findall("testcase"))
    names = [c.get("name") for c in many.findall("testcase")]
    assert any(name.startswith("T206 reports/many.txt:") for name in names)
    failures = many.findall("testcase/failure")
    severities = [
        d["severity"] for d in data["diagnostics"] if d["path"] == "reports/many.txt" and d["severity"] != "info"
    ]
    assert [f.get("type") for f in failures] == severities
    assert {"error", "warning"} <= set(severities)  # both kinds of failure are in the file
    assert all(f.text for f in failures)


def test_junit_info_is_not_a_failure():
    info = _diag("S103", Severity.INFO, "提示一下", line=3)
    warn = _diag("T206", Severity.WARNING, "笔误", line=4)
    root = ET.fromstring(output.render("junit", [FileResult("a.txt", [info, warn])], output.Context()).encode())
    suite = root.find("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "1" and root.get("failures") == "1"
    first, second = suite.findall("testcase")
    assert first.find("failure") is None and "提示一下" in first.find("system-out").text
    assert second.find("failure").get("type") == "warning"


def test_junit_escapes_markup():
    d = _diag("S103", Severity.WARNING, '标题 <b>“&”</b> \x07 "引号"', line=3)
    text = output.render("junit", [FileResult("a&b<c>.txt", [d])], output.Context())
    root = ET.fromstring(text.encode("utf-8"))
    case = root.find("testsuite/testcase")
    assert case.get("classname") == "a&b<c>.txt"
    assert "<b>“&”</b>" in case.find("failure").get("message")


# -- GitHub ------------------------------------------------------------------------------------------
def _diag(code, severity, text, line=None, path="reports/a.txt", fix=None, context=""):
    loc = Location(line, 2, line, 5) if line else None
    d = Diagnostic(
        code=code,
        name="label-typo" if code != "E001" else "unreadable-file",
        severity=severity,
        message={"zh": text, "en": text},
        span=Span(0, 3) if line else None,
        fix=fix,
        path=path,
        location=loc,
        fingerprint=f"fp{code}{line}",
    )
    if context:
        d.context = context
    return d


def test_github_escaping():
    assert github.escape_data("50% 完成\r\n下一行") == "50%25 完成%0D%0A下一行"
    assert github.escape_property("a:b,c%d\n") == "a%3Ab%2Cc%25d%0A"
    d = _diag("T206", Severity.ERROR, "表三：第1行,第2列 100%\n说明", line=7, path="报告,2022:终稿.txt")
    ann = github.annotation(d, output.Context())
    assert ann.startswith("::error file=报告%2C2022%3A终稿.txt,line=7,col=2,endColumn=5,title=T206 label-typo::")
    assert ann.endswith("::表三：第1行,第2列 100%25%0A说明")
    assert "\n" not in ann


def test_github_file_level_annotation_has_no_line():
    ann = github.annotation(_diag("E001", Severity.INFO, "无法读取"), output.Context())
    assert ann == "::notice file=reports/a.txt,title=E001 unreadable-file::无法读取"


def test_github_caps_and_full_log(monkeypatch):
    diags = (
        [_diag("T206", Severity.ERROR, f"错误{i}", line=i + 1) for i in range(15)]
        + [_diag("T206", Severity.WARNING, f"警告{i}", line=i + 1) for i in range(12)]
        + [_diag("T206", Severity.INFO, f"提示{i}", line=i + 1) for i in range(3)]
    )
    text = github.render([FileResult("reports/a.txt", diags)], output.Context(files=1))
    lines = text.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == github.MAX_PER_STEP["error"] == 10
    assert sum(line.startswith("::warning ") for line in lines) == github.MAX_PER_STEP["warning"] == 10
    assert sum(line.startswith("::notice ") for line in lines) == 3
    # the plain log still lists every finding
    assert sum(" T206 [" in line and not line.startswith("::") for line in lines) == 30
    assert lines[0] == "::group::reports/a.txt" and "::endgroup::" in lines
    assert any("另有 7 个标注未显示" in line for line in lines)

    monkeypatch.setattr(github, "MAX_PER_JOB", 12)
    text = github.render([FileResult("reports/a.txt", diags)], output.Context(lang="en", files=1))
    assert sum(line.startswith("::") and " file=" in line for line in text.splitlines()) == 12
    assert "18 annotations left out" in text


def test_github_step_summary(tmp_path, monkeypatch):
    target = tmp_path / "summary.md"
    target.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    diags = [_diag("T206", Severity.ERROR, f"第{i}处 | 有竖线", line=i + 1) for i in range(25)]
    diags.append(_diag("E001", Severity.WARNING, "无法读取", path="reports/b.txt"))
    github.render(
        [FileResult("reports/a.txt", diags[:-1]), FileResult("reports/b.txt", diags[-1:])], output.Context(files=2)
    )
    md = target.read_text(encoding="utf-8")
    assert md.startswith("earlier step\n## xxgk-lint")  # appended, never overwritten
    assert "| 25 | 1 | 0 | 0 |" in md
    assert "| T206 | label-typo | error | 25 |" in md  # no relative link: it would not resolve on GitHub
    assert "| `reports/a.txt:1` | T206 | 错误 | 第0处 \\| 有竖线 |" in md
    assert md.count("| `reports/") == github.SUMMARY_FINDINGS
    assert "另有 6 个问题" in md


def test_github_step_summary_links_to_a_docs_site(monkeypatch):
    monkeypatch.setenv("XXGK_LINT_DOCS_URL", "https://example.org/rules.html")
    md = github.step_summary([FileResult("a.txt", [_diag("T206", Severity.ERROR, "笔误", line=1)])], output.Context())
    assert "| [T206](https://example.org/rules.html#t206-label-typo) | label-typo | error | 1 |" in md


def test_github_no_summary_without_env(tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert github.write_step_summary([], output.Context()) is False


def test_github_clean_run_prints_only_the_summary_line():
    text = github.render([FileResult("reports/a.txt", [])], output.Context(files=1))
    assert text == "全部检查通过（共 1 个文件）。"


def test_github_via_cli(repo, run_cli, monkeypatch):
    summary = repo / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    text = _cli_output(run_cli, "github")
    assert "::group::reports/many.txt" in text
    assert "::warning file=reports/many.txt,line=" in text
    assert "::error file=missing.txt,title=E001 unreadable-file::" in text
    assert "## xxgk-lint" in summary.read_text(encoding="utf-8")


# -- every format without a document -------------------------------------------------------------------
class _LightDocument:
    """What a cache may hand back: lines only."""

    format = "txt"

    def __init__(self, text):
        self._lines = text.split("\n")

    def line_text(self, line):
        return self._lines[line - 1] if 0 < line <= len(self._lines) else ""


def _real_results(tmp_path):
    from xxgk_lint.runner import Linter, Settings

    p = tmp_path / "many.txt"
    p.write_text(_many_kinds(), encoding="utf-8")
    linter = Linter(Settings())
    return linter, [linter.lint_file(str(p)), linter.lint_file(str(tmp_path / "absent.txt"))]


@pytest.mark.parametrize("fmt", ALL_FORMATS)
@pytest.mark.parametrize("doc", ["none", "light"])
def test_every_format_without_a_document(tmp_path, monkeypatch, fmt, doc):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    linter, results = _real_results(tmp_path)
    text = (tmp_path / "many.txt").read_text(encoding="utf-8")
    for r in results:
        r.document = None if doc == "none" else _LightDocument(text)
    # the missing file: an E001 without a span, as the CLI makes it
    results[1].diagnostics = linter.missing("absent.txt").diagnostics
    ctx = output.Context(rules=linter.all_rules, files=2, statistics=True, root=str(tmp_path))
    out = output.render(fmt, results, ctx)
    assert "T206" in out and "E001" in out
    if fmt == "json":
        data = json.loads(out)
        jsonschema.Draft202012Validator(_schema()).validate(data)
        typo = next(d for d in data["diagnostics"] if d["code"] == "T206")
        # the edit's position is derived from the diagnostic's own span: the same as with the document
        edit = typo["fix"]["edits"][0]
        assert edit["start"] == {"line": typo["location"]["line"], "column": typo["location"]["column"] + 4}
        assert edit["end"] == {"line": typo["location"]["line"], "column": typo["location"]["column"] + 5}
    elif fmt == "sarif":
        jsonschema.Draft202012Validator(SARIF_SUBSET).validate(json.loads(out))
    elif fmt == "junit":
        ET.fromstring(out.encode("utf-8"))
    elif fmt == "full" and doc == "light":
        assert "行政规范姓文件" in out  # the excerpt still comes from the light document


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_every_format_on_a_clean_run(fmt, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    out = output.render(fmt, [FileResult("clean.txt", [])], output.Context(files=1))
    assert out
    if fmt in ("json", "sarif"):
        json.loads(out)
    if fmt == "junit":
        assert ET.fromstring(out.encode("utf-8")).get("failures") == "0"


@pytest.mark.parametrize("fmt", ["full", "concise", "github"])
def test_statistics_in_text_formats(fmt, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    diags = [_diag("T206", Severity.WARNING, "笔误", line=1), _diag("T206", Severity.WARNING, "笔误", line=2)]
    out = output.render(fmt, [FileResult("a.txt", diags)], output.Context(files=1, statistics=True))
    assert "     2  T206  label-typo" in out
    out = output.render(fmt, [FileResult("a.txt", diags)], output.Context(files=1))
    assert "     2  T206" not in out


def test_related_and_context_in_machine_formats():
    rel = Related(Span(5, 6), {"zh": "总计在这里", "en": "the total is here"}, Location(9, 1, 9, 2))
    fix = Fix((Edit(Span(0, 3), "abc"),), safe=True, description={"zh": "改正", "en": "correct"})
    d = _diag("T206", Severity.WARNING, "笔误", line=4, fix=fix, context="三、收到和处理政府信息公开申请情况")
    d.related = (rel,)
    data = json.loads(output.render("json", [FileResult("reports/a.txt", [d])], output.Context(lang="en")))
    diag = data["diagnostics"][0]
    assert diag["context"] == "三、收到和处理政府信息公开申请情况"
    assert diag["related"] == [
        {
            "message": "the total is here",
            "location": {"line": 9, "column": 1, "end_line": 9, "end_column": 2, "description": None},
            "path": "reports/a.txt",  # schema 1.2: the file of the place (another file for X80x)
        }
    ]
    assert diag["fix"]["description"] == "correct"
    assert diag["fix"]["edits"][0]["start"] == {"line": 4, "column": 2}  # from the diagnostic's span
    sarif = json.loads(output.render("sarif", [FileResult("reports/a.txt", [d])], output.Context()))
    result = sarif["runs"][0]["results"][0]
    assert result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 9
    assert result["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"] == {
        "startLine": 4,
        "startColumn": 2,
        "endLine": 4,
        "endColumn": 5,
    }
    assert "三、收到和处理政府信息公开申请情况" in result["message"]["text"]
    # an edit outside the diagnostic's span, without a document: position unknown, no SARIF fix
    d.fix = Fix((Edit(Span(40, 41), "x"),), safe=True)
    data = json.loads(output.render("json", [FileResult("reports/a.txt", [d])], output.Context()))
    assert data["diagnostics"][0]["fix"]["edits"][0]["start"] is None
    assert data["diagnostics"][0]["fix"]["edits"][0]["offsets"] == {"start": 40, "end": 41}
    sarif = json.loads(output.render("sarif", [FileResult("reports/a.txt", [d])], output.Context()))
    assert "fixes" not in sarif["runs"][0]["results"][0]


@pytest.mark.parametrize("fmt", ["json", "sarif", "full"])
def test_warm_cache_output_equals_cold(repo, run_cli, fmt):
    """A result restored from the cache carries a light document: the output must not change."""
    from xxgk_lint.cli import check

    if not any(p.name == "cache_dir" for p in check.params):
        pytest.skip("this build has no result cache")
    args = ("check", "reports", "--format", fmt, "--cache-dir", str(repo / "cache"))
    cold = run_cli(*args)
    warm = run_cli(*args)
    assert cold.exit_code == warm.exit_code == 1
    assert warm.stdout == cold.stdout


def test_ci_paths_are_relative_to_the_github_workspace(tmp_path, monkeypatch):
    sub = tmp_path / "reports"
    sub.mkdir()
    monkeypatch.chdir(sub)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    d = _diag("T206", Severity.WARNING, "笔误", line=3, path="a.txt")  # as given on the command line, in reports/
    assert github.annotation(d, output.Context()).startswith("::warning file=reports/a.txt,line=3,")
    sarif = json.loads(output.render("sarif", [FileResult("a.txt", [d])], output.Context()))
    assert (
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "reports/a.txt"
    )


def test_sarif_uris():
    from xxgk_lint.output.sarif import uri_path

    assert uri_path("reports/某县 2022#1.txt") == "reports/某县%202022%231.txt"
    assert uri_path("a/100%.md") == "a/100%25.md"
    d = _diag("T206", Severity.WARNING, "笔误", line=1, path="/elsewhere/报告.txt")
    data = json.loads(output.render("sarif", [FileResult(d.path, [d])], output.Context(root="/work")))
    artifact = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "file:///elsewhere/%E6%8A%A5%E5%91%8A.txt"}


def test_sarif_result_limit_keeps_the_most_severe(monkeypatch):
    from xxgk_lint.output import sarif

    monkeypatch.setattr(sarif, "MAX_RESULTS", 3)
    diags = [_diag("T206", Severity.INFO, f"提示{i}", line=i + 1) for i in range(4)]
    diags += [_diag("T206", Severity.ERROR, "错误", line=9), _diag("T206", Severity.WARNING, "警告", line=10)]
    run = sarif.sarif([FileResult("a.txt", diags)], output.Context())["runs"][0]
    assert [r["level"] for r in run["results"]] == ["note", "error", "warning"]
    assert run["results"][0]["message"]["text"] == "提示0"
    assert run["properties"]["omittedResults"] == 3


def test_github_annotation_carries_place_and_help():
    d = _diag("T206", Severity.WARNING, "笔误", line=3, context="三、收到和处理政府信息公开申请情况")
    d.help = {"zh": "改为“不予公开”", "en": "write “不予公开”"}
    ann = github.annotation(d, output.Context())
    assert ann.endswith("::笔误%0A位置：三、收到和处理政府信息公开申请情况%0A建议：改为“不予公开”")
    en = github.annotation(d, output.Context(lang="en"))
    assert en.endswith("%0Awhere: 三、收到和处理政府信息公开申请情况%0Ahelp: write “不予公开”")


def _log_commands(out: str) -> list[str]:
    """The lines a GitHub runner would take for workflow commands."""
    return [ln for ln in out.split("\n") if ln.lstrip().startswith("::")]


def test_github_untrusted_file_name_and_content_cannot_forge_commands(monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    evil_path = "reports/a\n::error file=forged.txt,line=1::forged\n::stop-commands::tok\n.txt"
    evil_text = "标签“（三）不子公开\n::warning::forged\r::add-mask::x\x1b]0;title\x07\x1b[2J”有误"
    d = _diag("T206", Severity.ERROR, evil_text, line=3, path=evil_path, context="三\n::notice::forged")
    r = FileResult(path=evil_path, diagnostics=[d])
    out = github.render([r], output.Context(root="."))
    commands = _log_commands(out)
    # our own commands only: one group, one annotation, one endgroup
    assert [c.split(" ", 1)[0].split("::")[1] for c in commands] == ["group", "error", "endgroup"]
    ann = commands[1]
    head, _, message = ann[2:].partition("::")
    props = dict(kv.split("=", 1) for kv in head.split(" ", 1)[1].split(","))
    assert set(props) == {"file", "line", "col", "endColumn", "title"}
    assert props["line"] == "3"
    # the forged commands stay inside escaped values: no raw separator survives
    assert ":" not in props["file"] and "\\n" in props["file"] and "%3A%3Aerror" in props["file"]
    assert "\n" not in message and "\r" not in message and "%0A::warning::forged" in message
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out
    # the plain log line is still there, with the escapes visible
    assert any("\\e]0;title" in ln and not ln.startswith("::") for ln in out.split("\n"))


def test_printable_and_log_line():
    from xxgk_lint.output.safe import log_line, printable

    assert printable("a\x1b[31mb\x07\n\u2028c\td") == "a\\e[31mb\\x07\\n\\u2028c\td"
    assert printable("x\ny\x1b", keep_newlines=True) == "x\ny\\e"
    assert log_line("::error::x").startswith("\u00bb ")
    assert log_line("  ::error::x").startswith("\u00bb ")
    assert log_line("a.txt:1:1: ::error::x") == "a.txt:1:1: ::error::x"
