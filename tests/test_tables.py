"""T2xx: the standard tables — presence, rows, cell counts, blanks, label typos, edition, unknown rows."""

from __future__ import annotations

import pytest

from xxgk_lint.rules.common import example_report

from conftest import codes, lint

GOOD = {e: example_report(e) for e in ("2019", "2021")}


def run(text, code, **kw):
    return [d for d in lint(text, select=[code], **kw).diagnostics if d.code == code]


def _line_with(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


@pytest.mark.parametrize(
    "edition,drop,name",
    [
        ("2021", "t4", "table 四"),
        ("2021", "t3", "table 三"),
        ("2021", "t2_5", "（五）"),
        ("2019", "t2_9", "（九）"),
        ("2019", "t2_1", "（一）"),
    ],
)
def test_t201_missing_table(edition, drop, name):
    text = example_report(edition, drop=(drop,))
    found = run(text, "T201")
    assert len(found) == 1 and name in found[0].text("en")
    assert not run(GOOD[edition], "T201")


def test_t201_2021_has_no_item_nine():
    assert not any("（九）" in d.text("en") for d in run(GOOD["2021"], "T201"))


def test_t202_consecutive_missing_rows_reported_once():
    lines = GOOD["2021"].splitlines(keepends=True)
    text = "".join(ln for ln in lines if not ln.startswith(("1.信访举报", "2.重复申请", "3.要求提供公开出版物")))
    found = run(text, "T202")
    assert len(found) == 1
    msg = found[0].text("en")
    assert "3 row(s)" in msg and "信访举报" in msg and "公开出版物" in msg


def test_t203_extra_or_missing_cells_are_untrusted():
    row = _line_with(GOOD["2021"], "（一）予以公开")
    extra = GOOD["2021"].replace(row, row + "\t0")
    found = run(extra, "T203")
    assert len(found) == 1 and "8 value cells for 7 columns" in found[0].text("en")
    assert not run(GOOD["2021"], "T203")


def test_t204_blank_cell_and_unsafe_fix():
    row = _line_with(GOOD["2019"], "行政许可")
    cells = row.split("\t")
    cells[2] = ""
    text = GOOD["2019"].replace(row, "\t".join(cells))
    found = run(text, "T204")
    assert len(found) == 1
    assert "本年增/减" in found[0].text("zh") and "行政许可" in found[0].text("zh")
    assert found[0].fix is not None and not found[0].fix.safe


def test_t205_blank_table_and_blank_block():
    t4_values = "\t".join(["0"] * 15)
    assert t4_values in GOOD["2021"]
    blank = GOOD["2021"].replace(t4_values, "\t".join([""] * 15))
    found = run(blank, "T205")
    assert len(found) == 1 and "table 四" in found[0].text("en")
    assert "T204" not in codes(lint(blank).diagnostics), "a blank table is reported once, not cell by cell"
    review_blank = GOOD["2021"].replace(t4_values, "\t".join([""] * 5 + ["0"] * 10))
    found = run(review_blank, "T205")
    assert len(found) == 1 and "行政复议" in found[0].text("zh")


@pytest.mark.parametrize(
    "good,bad",
    [
        ("3.补正后申请内容仍不明确", "3.补正启申请内容仍不明确"),
        ("2.没有现成信息需要另行制作", "12.没有现成信息需要另行制作"),
        ("行政规范性文件", "行政规范姓文件"),
        ("本年废止件数", "本年废只件数"),
    ],
)
def test_t206_label_typo_with_minimal_safe_fix(good, bad):
    text = GOOD["2021"].replace(good, bad, 1)
    found = run(text, "T206")
    assert len(found) == 1
    d = found[0]
    assert bad in d.text("zh") and good in d.text("zh")
    assert d.fix is not None and d.fix.safe
    from xxgk_lint.fix import apply_text

    assert apply_text(text, d.fix.edits) == GOOD["2021"]


@pytest.mark.parametrize(
    "variant", ["3. 补正后申请内容仍不明确", "３．补正后申请内容仍不明确", "3.补 正 后 申 请 内 容 仍 不 明 确"]
)
def test_t206_spacing_and_width_are_not_typos(variant):
    text = GOOD["2021"].replace("3.补正后申请内容仍不明确", variant)
    assert not run(text, "T206")
    assert "T202" not in codes(lint(text).diagnostics)


def test_t207_edition_mismatch_error_and_2019_warning():
    t19_tables = GOOD["2019"].split("\n", 1)[1]
    for year, level in ((2022, "error"), (2019, None), (2020, None)):
        text = f"某县人民政府办公室{year}年政府信息公开工作年度报告\n" + t19_tables
        found = run(text, "T207")
        if level is None:
            assert not found
        else:
            assert [d.severity.label for d in found] == [level]
    t21_tables = GOOD["2021"].split("\n", 1)[1]
    found = run("某县人民政府办公室2019年政府信息公开工作年度报告\n" + t21_tables, "T207")
    assert [d.severity.label for d in found] == ["warning"]


def test_t207_other_rules_follow_the_tables_edition():
    text = "某县人民政府办公室2022年政府信息公开工作年度报告\n" + GOOD["2019"].split("\n", 1)[1]
    found = codes(lint(text).diagnostics)
    assert "T207" in found
    assert "T201" not in found and "T202" not in found and "T208" not in found


def test_t208_unknown_row():
    row = _line_with(GOOD["2021"], "行政规范性文件")
    text = GOOD["2021"].replace(row, row + "\n其他主动公开文件\t5\t0\t5")
    found = run(text, "T208")
    assert len(found) == 1 and "其他主动公开文件" in found[0].text("zh")
    assert found[0].severity.label == "info"


def test_template_override_option():
    result = lint(GOOD["2019"], template="2021")
    assert result.report.template.id == "2021"
    assert "option" in result.report.template_reason["en"]
    found = result.diagnostics
    # 2019's three-column rows of （五） do not fit 2021's one column
    assert any(d.code == "T203" and "行政许可" in d.text("zh") for d in found)
    assert not any(d.code == "T206" and "第二十条" in d.text("zh") for d in found)


def test_hubei_style_trailing_note_on_a_label_is_accepted():
    text = GOOD["2019"].replace("规章\t", "规章（设区的市、自治州人民政府应提供相关数据）\t", 1)
    found = codes(lint(text).diagnostics)
    assert "T206" not in found and "T202" not in found and "T208" not in found


def test_t204_a_whole_empty_row_is_one_finding_at_its_label_with_a_fix():
    row = _line_with(GOOD["2021"], "规章")
    text = GOOD["2021"].replace(row, "规章\t\t\t")
    found = run(text, "T204")
    assert [d.text("en") for d in found] == ["table 二 “第二十条第（一）项”, row “规章”: all 3 cells are empty"]
    assert found[0].location.column == 1 and found[0].fix is not None and not found[0].fix.safe
    from xxgk_lint.fix import apply_text

    assert apply_text(text, found[0].fix.edits) == GOOD["2021"]


def test_t204_trailing_empty_cell_of_a_row_is_fixable():
    row = _line_with(GOOD["2019"], "行政事业性收费")
    text = GOOD["2019"].replace(row, "行政事业性收费\t0\t")
    (d,) = run(text, "T204")
    assert d.fix is not None
    from xxgk_lint.fix import apply_text

    assert apply_text(text, d.fix.edits) == GOOD["2019"]


@pytest.mark.parametrize("variant", ["3.危及三安全一稳定", '3.危及"三安全一稳定"', "3.危及「三安全一稳定」"])
def test_quotation_marks_do_not_make_a_label_typo(variant):
    text = GOOD["2021"].replace("3.危及“三安全一稳定”", variant)
    assert variant in text
    assert lint(text).diagnostics == []
