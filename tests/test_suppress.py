"""Inline suppression comments and the meta rules M001 (unused) and M002 (invalid)."""

from __future__ import annotations

import pytest

from xxgk_lint import suppress
from xxgk_lint.rules.common import example_report

from conftest import EXAMPLES, codes, lint

FAULTY = example_report("2021", drop=("t3",))  # T201 at the heading of section 三
PUNCT = example_report("2021").replace("二、主动公开政府信息情况", "二、主动公开政府信息情况。")  # S103 (fixable)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def insert_before(text: str, needle: str, comment: str) -> str:
    lines = text.split("\n")
    k = line_of(text, needle) - 1
    return "\n".join(lines[:k] + [comment] + lines[k:])


def append_to(text: str, needle: str, comment: str) -> str:
    lines = text.split("\n")
    k = line_of(text, needle) - 1
    lines[k] += " " + comment
    return "\n".join(lines)


def t201_line(text: str) -> int:
    return next(d.location.line for d in lint(text, select=["T201"]).diagnostics)


# -- parsing -----------------------------------------------------------------------------------------
def test_parse_kinds_lists_and_positions():
    src = (
        "a\n<!-- xxgk-lint: disable-next-line=F401, T204 -->\nb <!--xxgk-lint:disable-line-->\n"
        "<!-- xxgk-lint: disable=S1 -->\n<!-- xxgk-lint: enable -->\n<!-- xxgk-lint: disable-file=missing-section -->\n"
        "<!-- xxgk-lint: disable-nextline=S101 -->\n<!-- an ordinary comment -->"
    )
    ds = suppress.parse(src)
    assert [(d.kind, d.selectors, d.line) for d in ds] == [
        ("disable-next-line", ["F401", "T204"], 2),
        ("disable-line", None, 3),
        ("disable", ["S1"], 4),
        ("enable", None, 5),
        ("disable-file", ["missing-section"], 6),
        ("disable-nextline", ["S101"], 7),
    ]
    assert ds[1].column == 3 and not ds[-1].valid_kind


def test_no_directives_is_cheap_and_empty():
    assert suppress.parse("一、总体情况\n<!-- note -->") == []


# -- each directive ---------------------------------------------------------------------------------
@pytest.mark.parametrize("selector", ["T201", "T2", "missing-table", None])
def test_disable_next_line_by_code_prefix_name_or_all(selector):
    line = t201_line(FAULTY)
    lines = FAULTY.split("\n")
    directive = f"<!-- xxgk-lint: disable-next-line{'=' + selector if selector else ''} -->"
    text = "\n".join(lines[: line - 1] + [directive] + lines[line - 1 :])
    result = lint(text)
    assert "T201" not in codes(result.diagnostics)
    assert result.suppressed == 1
    assert "M001" not in codes(result.diagnostics)


def test_disable_line_trailing():
    line = t201_line(FAULTY)
    lines = FAULTY.split("\n")
    lines[line - 1] += "  <!-- xxgk-lint: disable-line=T201 -->"
    result = lint("\n".join(lines))
    assert "T201" not in codes(result.diagnostics) and not {"M001", "M002"} & set(codes(result.diagnostics))


def test_trailing_comment_does_not_change_recognition():
    """A comment after a heading must not turn the heading into something else (S101/S106 …)."""
    text = append_to(PUNCT, "二、主动公开政府信息情况", "<!-- xxgk-lint: disable-line=S103 -->")
    assert codes(lint(text).diagnostics) == []


def test_block_disable_enable_and_to_end_of_file():
    line = t201_line(FAULTY)
    lines = FAULTY.split("\n")
    block = (
        lines[: line - 2]
        + ["<!-- xxgk-lint: disable=T201 -->"]
        + lines[line - 2 : line + 1]
        + ["<!-- xxgk-lint: enable=T201 -->"]
        + lines[line + 1 :]
    )
    assert "T201" not in codes(lint("\n".join(block)).diagnostics)
    to_eof = lines[: line - 2] + ["<!-- xxgk-lint: disable -->"] + lines[line - 2 :]
    assert "T201" not in codes(lint("\n".join(to_eof)).diagnostics)
    closed_before = ["<!-- xxgk-lint: disable=T201 -->", "<!-- xxgk-lint: enable=T201 -->"] + lines
    result = lint("\n".join(closed_before))
    assert "T201" in codes(result.diagnostics) and "M001" in codes(result.diagnostics)


def test_disable_file():
    text = "<!-- xxgk-lint: disable-file=T201 -->\n" + FAULTY
    result = lint(text)
    assert codes(result.diagnostics) == []


def test_whole_file_diagnostics_only_by_disable_file():
    text = "关于召开会议的通知\n\n请各单位于周五前报送材料。\n"
    assert codes(lint(text).diagnostics) == ["E002"]
    assert codes(lint("<!-- xxgk-lint: disable-file=E002 -->\n" + text).diagnostics) == []
    assert set(codes(lint("<!-- xxgk-lint: disable-next-line=E002 -->\n" + text).diagnostics)) == {"E002", "M001"}


def test_markdown_and_html_sources():
    md = EXAMPLES / "clean-2021.md"
    if not md.exists():
        pytest.skip("examples/clean-2021.md is not present")
    text = md.read_text(encoding="utf-8")
    bad = text.replace("二、主动公开政府信息情况", "二、主动公开政府信息情况。", 1)
    found = lint(bad, name="r.md").diagnostics
    if "S103" not in codes(found):
        pytest.skip("the markdown example has no heading to spoil")
    k = next(d.location.line for d in found if d.code == "S103")
    lines = bad.split("\n")
    lines[k - 1] += " <!-- xxgk-lint: disable-line=S103 -->"
    assert "S103" not in codes(lint("\n".join(lines), name="r.md").diagnostics)


def test_html_lines_are_source_lines():
    html = EXAMPLES / "faulty-2019.html"
    if not html.exists():
        pytest.skip("examples/faulty-2019.html is not present")
    src = html.read_text(encoding="utf-8")
    found = lint(src, name="r.html").diagnostics
    located = [d for d in found if d.location is not None]
    if not located:
        pytest.skip("no located finding in the HTML example")
    target = located[0]
    lines = src.split("\n")
    lines[target.location.line - 1] += f"<!-- xxgk-lint: disable-line={target.code} -->"
    after = lint("\n".join(lines), name="r.html")
    assert [d for d in after.diagnostics if d.code == target.code and d.location == target.location] == []
    # an unused comment in HTML is reported at its own source line (no fix: the source is not Document.text)
    lines.append("<!-- xxgk-lint: disable-next-line -->")
    unused = [d for d in lint("\n".join(lines), name="r.html").diagnostics if d.code == "M001"]
    assert len(unused) == 1 and unused[0].location.line == len(lines) and unused[0].fix is None


def test_docx_has_no_comments():
    from xxgk_lint.formats import comment_syntax

    assert comment_syntax("docx") is None and comment_syntax("txt") is not None


# -- M001 unused-suppression ---------------------------------------------------------------------------
def test_unused_whole_comment_and_its_fix():
    text = insert_before(FAULTY, "一、总体情况", "<!-- xxgk-lint: disable-next-line=S103 -->")
    result = lint(text)
    m = [d for d in result.diagnostics if d.code == "M001"]
    assert len(m) == 1 and m[0].fix is not None and m[0].fix.safe
    (edit,) = m[0].fix.edits
    fixed = text[: edit.span.start] + edit.replacement + text[edit.span.end :]
    assert fixed == FAULTY  # the whole line goes


def test_unused_trailing_comment_fix_keeps_the_line():
    text = append_to(FAULTY, "一、总体情况", "<!-- xxgk-lint: disable-line=S103 -->")
    (m,) = [d for d in lint(text).diagnostics if d.code == "M001"]
    (edit,) = m.fix.edits
    assert text[: edit.span.start] + edit.replacement + text[edit.span.end :] == FAULTY


def test_partially_unused_comment():
    line = t201_line(FAULTY)
    lines = FAULTY.split("\n")
    lines.insert(line - 1, "<!-- xxgk-lint: disable-next-line=T201,S103 -->")
    text = "\n".join(lines)
    (m,) = [d for d in lint(text).diagnostics if d.code == "M001"]
    assert "S103" in m.text("en") and "T201" not in m.text("en")
    (edit,) = m.fix.edits
    assert edit.replacement == "<!-- xxgk-lint: disable-next-line=T201 -->"


def test_rules_that_did_not_run_are_never_unused():
    text = insert_before(FAULTY, "一、总体情况", "<!-- xxgk-lint: disable-next-line=S103 -->")
    assert "M001" not in codes(lint(text, select=["T", "M"]).diagnostics)  # S103 was not selected
    assert "M001" not in codes(lint(text, ignore=["S103"]).diagnostics)
    assert "M001" not in codes(lint(text, per_file_ignores={"*.txt": ["S1"]}).diagnostics)
    assert "M001" in codes(lint(text, select=["S", "M"]).diagnostics)


def test_m001_can_be_switched_off_and_silenced():
    text = insert_before(FAULTY, "一、总体情况", "<!-- xxgk-lint: disable-next-line=S103 -->")
    assert "M001" not in codes(lint(text, ignore=["M001"]).diagnostics)
    silenced = lint("<!-- xxgk-lint: disable-file=M001 -->\n" + text)
    assert "M001" not in codes(silenced.diagnostics)


# -- M002 invalid-suppression --------------------------------------------------------------------------
def test_unknown_code_with_did_you_mean():
    text = insert_before(FAULTY, "一、总体情况", "<!-- xxgk-lint: disable-next-line=S1O3 -->")
    (m,) = [d for d in lint(text).diagnostics if d.code == "M002"]
    assert "S1O3" in m.text("en") and "did you mean S103" in m.text("en")
    assert "是不是 S103" in m.text("zh")
    assert "M001" not in codes(lint(text).diagnostics)  # an unknown name is invalid, not "unused"


def test_unknown_directive_and_orphan_enable():
    text = "<!-- xxgk-lint: disabel-line=S101 -->\n<!-- xxgk-lint: enable=T201 -->\n" + FAULTY
    msgs = [d.text("en") for d in lint(text).diagnostics if d.code == "M002"]
    assert any("disabel-line" in m and "did you mean disable-line" in m for m in msgs)
    assert any("enable without a matching disable" in m for m in msgs)
    assert "T201" in codes(lint(text).diagnostics)


def test_meta_findings_are_located_and_fingerprinted():
    text = insert_before(FAULTY, "一、总体情况", "<!-- xxgk-lint: disable-next-line=S1O3 -->")
    (m,) = [d for d in lint(text).diagnostics if d.code == "M002"]
    assert m.location.line == line_of(text, "S1O3") and m.fingerprint
