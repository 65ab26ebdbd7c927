"""One definition of lines (xxgk_lint.lines): a form feed or U+2028 inside a line never starts a new one,
so diagnostics, source excerpts, suppression comments, fingerprints and diffs agree on line numbers."""

from __future__ import annotations

from xxgk_lint import lines
from xxgk_lint.fix import unified_diff
from xxgk_lint.rules.common import example_report

from conftest import lint

ODD = "全年工作\f继续推进\u2028相关事项\u2029已完成\x0b\x1c\x85。"


def test_only_cr_lf_and_crlf_end_a_line():
    text = "甲\f乙\r\n丙\u2028丁\r戊\n己"
    assert lines.line_starts(text) == [0, 5, 9, 11]
    assert [lines.line_text(text, n) for n in range(1, 5)] == ["甲\f乙", "丙\u2028丁", "戊", "己"]
    assert lines.line_col(lines.line_starts(text), text.index("丁")) == (2, 3)
    assert "".join(lines.split(text)) == text and len(lines.split(text)) == 4


def test_txt_positions_agree_between_diagnostics_snippets_and_comments():
    report = example_report("2021")
    head, rest = report.split("\n", 1)
    text = (
        f"{head}\n{ODD}\n<!-- xxgk-lint: disable-next-line=M002 -->\n<!-- xxgk-lint: bogus -->\n"
        f"{ODD}\n<!-- xxgk-lint: disable-line=S9O9 -->\n{rest}"
    )
    result = lint(text)
    doc = result.document
    m002 = [d for d in result.diagnostics if d.code == "M002"]
    # the bogus directive on line 4 is silenced by the comment on line 3; the unknown rule on line 6 is not
    assert len(m002) == 1 and m002[0].location.line == 6
    loc = m002[0].location
    assert doc.line_text(loc.line)[loc.column - 1 :].startswith("<!-- xxgk-lint: disable-line=S9O9")
    assert text.split("\n")[loc.line - 1] == doc.line_text(loc.line)
    assert result.suppressed == 1


def _html(extra: str) -> str:
    return (
        "<html><body>\n<h1>某县2021年政府信息公开工作年度报告</h1>\n"
        f"<p>一、总体情况</p>\n<p>全年依法做好公开工作{extra}。</p>\n"
        "<!-- xxgk-lint: disable-next-line=S9O9 -->\n<p>二、主动公开政府信息情况</p>\n</body></html>\n"
    )


def test_html_comment_findings_keep_line_and_fingerprint_with_odd_breaks_above():
    plain = [d for d in lint(_html(""), name="r.html").diagnostics if d.code == "M002"]
    odd = [d for d in lint(_html(ODD), name="r.html").diagnostics if d.code == "M002"]
    assert len(plain) == len(odd) == 1
    assert odd[0].location.line == plain[0].location.line == 5
    assert odd[0].fingerprint == plain[0].fingerprint


def test_diffs_split_lines_where_the_linter_does():
    diff = unified_diff("r.txt", "甲\f乙\n丙\n", "甲\f乙\n丁\n")
    assert " 甲\f乙\n" in diff and "-丙\n" in diff and "+丁\n" in diff
    assert "No newline" not in diff
