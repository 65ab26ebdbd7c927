"""The default terminal output: excerpt and carets under CJK text, long lines cut around the span,
the place line (section heading · table cell), related places, hyperlinks only with colour."""

from __future__ import annotations

import pytest

from xxgk_lint import output
from xxgk_lint.diagnostics import Diagnostic, Related, Severity
from xxgk_lint.document import Document, Location, Span
from xxgk_lint.output import full
from xxgk_lint.output.style import width
from xxgk_lint.result import FileResult
from xxgk_lint.rules.common import example_report

from conftest import lint, rendered


def _caret_line(lines: list[str]) -> str:
    return next(line for line in lines if "^" in line)


def _excerpt_line(lines: list[str], num: int) -> str:
    return next(line for line in lines if line.lstrip().startswith(f"{num} |"))


def _typo_result():
    text = example_report("2021").replace("行政规范性文件", "行政规范姓文件", 1)
    result = lint(text, "report.txt")
    d = next(d for d in result.diagnostics if d.code == "T206")
    return result, d


def test_carets_sit_under_the_span_in_display_columns():
    result, d = _typo_result()
    lines = full.diagnostic(d, result.document, output.Context())
    assert lines[0].startswith(f"report.txt:{d.location.line}:{d.location.column}: T206 [警告] ")
    src = _excerpt_line(lines, d.location.line)
    carets = _caret_line(lines)
    bar = src.index("|") + 2  # the excerpt starts two characters after the gutter bar
    shown = src[bar:]
    at = carets.index("^") - bar
    n = carets.count("^")
    # the carets cover the span (the label) in display columns: a CJK character takes two
    assert n == width("行政规范姓文件") == 14
    assert width(shown[: shown.index("行政规范姓文件")]) == at


def test_carets_under_mixed_width_text():
    doc = Document("m.txt", "txt", "abc 表三：总计 1,234 件\n")
    start = doc.text.index("1,234")
    d = Diagnostic(
        "A301",
        "row-total",
        Severity.ERROR,
        {"zh": "总计不符", "en": "total"},
        Span(start, start + 5),
        path="m.txt",
        location=doc.locate(Span(start, start + 5)),
    )
    lines = full.diagnostic(d, doc, output.Context())
    carets = _caret_line(lines)
    src = _excerpt_line(lines, 1)
    bar = src.index("|") + 2
    assert carets.index("^") - bar == width("abc 表三：总计 ")
    assert carets.count("^") == 5


def test_long_lines_are_cut_around_the_span():
    line = "一" * 300 + "错字" + "二" * 300
    doc = Document("long.txt", "txt", line + "\n")
    start = line.index("错字")
    span = Span(start, start + 2)
    d = Diagnostic(
        "T206",
        "label-typo",
        Severity.WARNING,
        {"zh": "笔误", "en": "typo"},
        span,
        path="long.txt",
        location=doc.locate(span),
    )
    lines = full.diagnostic(d, doc, output.Context())
    src = _excerpt_line(lines, 1)
    assert "…" in src and src.count("…") == 2
    assert "错字" in src
    assert len(src) < 200
    carets = _caret_line(lines)
    bar = src.index("|") + 2
    assert width(src[bar : src.index("错字")]) == carets.index("^") - bar
    assert carets.count("^") == 4


def test_place_line_shows_the_section_heading_and_table_cell():
    doc = Document("w.docx", "docx", "行政规范姓文件\t3\n")
    loc = Location(1, 1, 1, 8, table=2, row=5, col=3)
    d = Diagnostic(
        "T206", "label-typo", Severity.WARNING, {"zh": "笔误", "en": "typo"}, Span(0, 7), path="w.docx", location=loc
    )
    d.context = "三、收到和处理政府信息公开申请情况"
    lines = full.diagnostic(d, doc, output.Context())
    assert lines[1] == "  --> 三、收到和处理政府信息公开申请情况 · 表格 2 第 5 行第 3 列"
    en = full.diagnostic(d, doc, output.Context(lang="en"))
    assert en[1] == "  --> 三、收到和处理政府信息公开申请情况 · table 2, row 5, column 3"
    # concise: the same place in parentheses
    from xxgk_lint.output import concise

    assert concise.line(d, output.Context()).endswith(
        "笔误 (三、收到和处理政府信息公开申请情况 · 表格 2 第 5 行第 3 列)"
    )


def test_place_line_for_plain_text_is_the_context_only():
    result, d = _typo_result()
    lines = full.diagnostic(d, result.document, output.Context())
    if d.context:  # stamped by the runner: the section the finding is in
        assert lines[1] == f"  --> {d.context}"
    d.context = ""
    lines = full.diagnostic(d, result.document, output.Context())
    assert not any("-->" in line for line in lines)


def test_no_place_line_repeating_the_heading_it_points_at():
    doc = Document("h.txt", "txt", "三、收到处理政府信息公开申请情况\n")
    span = Span(2, 16)
    d = Diagnostic(
        "S103",
        "section-title",
        Severity.WARNING,
        {"zh": "标题不一致", "en": "heading"},
        span,
        path="h.txt",
        location=doc.locate(span),
    )
    d.context = "三、收到处理政府信息公开申请情况"
    assert not any("-->" in line for line in full.diagnostic(d, doc, output.Context()))


def test_related_places_are_listed():
    doc = Document("r.txt", "txt", "总计 5\n小计 3\n")
    d = Diagnostic(
        "A301",
        "row-total",
        Severity.ERROR,
        {"zh": "总计不符", "en": "total differs"},
        Span(3, 4),
        path="r.txt",
        location=doc.locate(Span(3, 4)),
        related=(Related(Span(8, 9), {"zh": "小计在此", "en": "subtotal here"}, doc.locate(Span(8, 9))),),
    )
    lines = full.diagnostic(d, doc, output.Context())
    assert "  = 相关: r.txt:2:4 小计在此" in lines
    assert "  = note: r.txt:2:4 subtotal here" in full.diagnostic(d, doc, output.Context(lang="en"))


def test_help_fix_and_basis_lines_are_stable():
    result, d = _typo_result()
    from xxgk_lint.registry import load_rules

    ctx = output.Context(rules=load_rules())
    lines = full.diagnostic(d, result.document, ctx)
    assert any(line.startswith("  = 建议: ") for line in lines)
    assert "  = 修复: 可用 --fix 自动修复" in lines
    assert any(line.startswith("  = 依据: ") for line in lines)
    en = full.diagnostic(d, result.document, output.Context(lang="en", rules=ctx.rules))
    assert any(line.startswith("  = help: ") for line in en) and any(line.startswith("  = basis: ") for line in en)


def test_render_ends_with_the_summary_line():
    result, _ = _typo_result()
    text = full.render([result], output.Context(files=1))
    assert text.splitlines()[-1].startswith("发现 ")
    assert full.render([FileResult("c.txt")], output.Context(files=1)) == "全部检查通过（共 1 个文件）。"


def test_no_escape_codes_without_colour():
    result, d = _typo_result()
    assert "\x1b" not in "\n".join(full.diagnostic(d, result.document, output.Context()))


@pytest.mark.parametrize("tty", [True, False])
def test_hyperlink_only_on_a_colour_terminal(monkeypatch, tty):
    result, d = _typo_result()
    monkeypatch.setattr("sys.stdout.isatty", lambda: tty)
    monkeypatch.setenv("XXGK_LINT_DOCS_URL", "https://example.org/rules.html")
    head = full.diagnostic(d, result.document, output.Context(color=True))[0]
    link = "\x1b]8;;https://example.org/rules.html#t206-label-typo\x1b\\"
    assert (link in head) is tty
    assert "\x1b[" in head  # colour either way


def test_file_level_diagnostic_without_document():
    d = Diagnostic(
        "E001", "unreadable-file", Severity.ERROR, {"zh": "无法读取文件", "en": "cannot read"}, path="x.docx"
    )
    assert full.diagnostic(d, None, output.Context()) == ["x.docx: E001 [错误] 无法读取文件"]


def test_the_basis_is_printed_once_per_rule_and_file():
    text = example_report("2021").replace("3.补正后申请内容仍不明确", "3.补正启申请内容仍不明确")
    text = text.replace("2.重复申请", "2.重夏申请")
    result = lint(text)
    ctx = output.Context(
        files=1,
        rules={
            d.code: __import__("xxgk_lint.registry", fromlist=["x"]).load_rules()[d.code] for d in result.diagnostics
        },
    )
    rendered = full.render([result], ctx)
    basis = [line for line in rendered.splitlines() if line.startswith("  = 依据: ")]
    assert len([d for d in result.diagnostics if d.code == "T206"]) == 2
    assert len(basis) == 1 and "第五十条" in basis[0]  # the second T206 does not repeat it


# -- grouped findings ---------------------------------------------------------------------------
def _blank_result(n: int = 8, fmt: str = "txt"):
    """A synthetic 2021 report whose 科研机构 column of table three is blank in its first ``n`` rows."""
    from xxgk_lint.synth import SyntheticReport

    rep = SyntheticReport(edition="2021", year=2023, seed=3)
    for row in rep.template.table("t3").row_ids[:n]:
        rep.set("t3", row, "research", "")
    return lint(rendered(rep, fmt), f"blank.{fmt}", select=["T204"])


def _rules_ctx(**kw):
    from xxgk_lint.registry import load_rules

    return output.Context(files=1, rules=load_rules(), **kw)


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_many_blank_cells_of_one_table_are_one_grouped_finding(fmt):
    result = _blank_result(8, fmt)
    assert [d.code for d in result.diagnostics] == ["T204"] * 8
    text = full.render([result], _rules_ctx())
    heads = [line for line in text.splitlines() if f"blank.{fmt}:" in line]
    assert len(heads) == 1
    assert "表三（收到和处理政府信息公开申请情况）中数字单元格为空：共 8 处" in heads[0]
    listed = [line for line in text.splitlines() if line.startswith("  | ")]
    assert len(listed) == 8 and all("“科研机构”列为空" in line for line in listed)
    assert not any("表三（收到和处理" in line for line in listed)  # the shared part is said once, in the head
    assert "  = 修复: 一次修复全部 8 处：可用 --fix --unsafe-fixes 修复（会改变内容，请核对）" in text
    assert sum(line.startswith("  = 依据: ") for line in text.splitlines()) == 1
    assert text.splitlines()[-1].startswith("发现 0 个错误、8 个警告")  # the summary counts every finding
    if fmt == "docx":
        assert "(表格 2 第 4 行第 6 列)" in listed[0]
    en = full.render([result], _rules_ctx(lang="en"))
    assert "a figure cell is empty (8 findings)" in en and "one fix for all 8: fixable with --fix --unsafe-fixes" in en


def test_a_grouped_finding_has_one_fix_with_every_edit():
    from xxgk_lint.output.grouping import Group, group

    result = _blank_result(8)
    items = group(result.diagnostics)
    assert len(items) == 1 and isinstance(items[0], Group)
    fix = items[0].fix
    assert fix is not None and not fix.safe
    assert len(fix.edits) == 8 and {e.replacement for e in fix.edits} == {"0"}


def test_few_findings_stay_single_and_machine_formats_keep_one_result_per_cell():
    import json

    result = _blank_result(2)
    text = full.render([result], _rules_ctx())
    assert text.count("blank.txt:") == 2 and "共 2 处" not in text
    result = _blank_result(8)
    data = json.loads(output.render("json", [result], _rules_ctx()))
    rows = data["diagnostics"] if isinstance(data, dict) else data
    assert len(rows) == 8


def test_concise_lists_the_places_of_a_grouped_finding_on_one_line():
    from xxgk_lint.output import concise

    result = _blank_result(8)
    lines = concise.render([result], _rules_ctx()).splitlines()
    assert len(lines) == 2  # the group and the summary
    places = [f"{d.location.line}:{d.location.column}" for d in result.diagnostics]
    assert lines[0].startswith(f"blank.txt:{places[0]}: T204 [警告] ")
    assert ", ".join(places) in lines[0] and lines[0].endswith("[*unsafe]")


def test_long_groups_list_twenty_cells_and_count_the_rest():
    result = _blank_result(30)
    n = len(result.diagnostics)
    assert n > full.MAX_MEMBERS
    text = full.render([result], _rules_ctx())
    listed = [line for line in text.splitlines() if line.startswith("  | ")]
    assert len(listed) == full.MAX_MEMBERS + 1
    assert listed[-1] == f"  | ……另有 {n - full.MAX_MEMBERS} 处（--format concise 或 json 逐条列出）"


# -- tried as a new user (issue 17) -------------------------------------------------------------
ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def test_getting_started_shows_the_summary_the_tool_prints(run_cli, monkeypatch):
    import re

    page = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")
    shown = re.search(r"`xxgk-lint check examples/` 的汇总.*?\n```text\n(.+?)\n```", page, flags=re.S).group(1)
    monkeypatch.chdir(ROOT)
    r = run_cli("check", "--no-cache", "examples/")
    assert r.output.strip().splitlines()[-1] == shown


def test_t201_help_says_format_once():
    from xxgk_lint.rules.common import example_report

    for lang in ("zh", "en"):
        result = lint(example_report("2021", drop=("t4",)))
        helps = [d.help_text(lang) for d in result.diagnostics if d.code == "T201"]
        assert helps and not any("格式格式" in h or "format format" in h for h in helps)


def _faulty_tables(tmp_path):
    from xxgk_lint.synth import SyntheticReport, render

    rep = SyntheticReport(edition="2021", year=2023, seed=3)
    rep.set("t3", "new", "research", "")
    rep.relabel("行政规范性文件", "行政规范姓文件")
    f = tmp_path / "r.txt"
    f.write_text(render(rep, "txt"), encoding="utf-8")
    return f


def test_after_fix_the_summary_counts_only_what_is_left_to_fix(run_cli, tmp_path):
    f = _faulty_tables(tmp_path)
    before = run_cli("check", "--no-cache", "--isolated", str(f)).output.strip().splitlines()[-1]
    assert before.endswith("其中 1 个可用 --fix 自动修复，1 个需加 --fix --unsafe-fixes。")
    after = run_cli("check", "--no-cache", "--isolated", "--fix", str(f)).output.strip().splitlines()[-1]
    assert "可用 --fix 自动修复" not in after
    assert after.endswith("其中 1 个只能用 --fix --unsafe-fixes 修复（会改变内容，请核对）。已修复 1 处。")
    en = run_cli("check", "--no-cache", "--isolated", "--lang", "en", str(f)).output.strip().splitlines()[-1]
    assert en.endswith("1 fixable only with --fix --unsafe-fixes (changes content: check them).")


def test_a_fully_baselined_run_says_how_many_findings_the_baseline_hid(run_cli, tmp_path):
    f = _faulty_tables(tmp_path)
    base = tmp_path / "baseline.json"
    run_cli("check", "--no-cache", "--isolated", "--baseline", str(base), "--update-baseline", str(f))
    r = run_cli("check", "--no-cache", "--isolated", "--baseline", str(base), str(f))
    assert r.exit_code == 0
    assert r.output.strip().splitlines()[-1] == "全部检查通过（共 1 个文件）。另有 2 个问题已记录在基线中，未显示。"
    r = run_cli("check", "--no-cache", "--isolated", "--lang", "en", "--baseline", str(base), str(f))
    assert (
        r.output.strip().splitlines()[-1]
        == "All checks passed (1 file). 2 findings recorded in the baseline are not shown."
    )


def test_color_always_keeps_colour_in_a_pipe(tmp_path, run_cli):
    import subprocess
    import sys

    f = _faulty_tables(tmp_path)
    base = [sys.executable, "-m", "xxgk_lint", "check", "--no-cache", "--isolated", str(f)]
    # a real pipe for the two cases that depend on it; the other spellings of the option in-process
    # (click's runner is not a terminal either), which saves four interpreter starts (speed, issue 12)
    for args, coloured in ((["--color", "always"], True), ([], False)):
        out = subprocess.run(base + args, capture_output=True, text=True, encoding="utf-8").stdout
        assert ("\x1b[" in out) is coloured, args
        assert "T206" in out
    for args, coloured in (
        (["--color", "always"], True),
        (["--color=always"], True),
        (["--color"], True),
        ([], False),
        (["--color", "never"], False),
        (["--no-color"], False),
    ):
        out = run_cli("check", "--no-cache", "--isolated", str(f), *args).output
        assert ("\x1b[" in out) is coloured, args
        assert "T206" in out
