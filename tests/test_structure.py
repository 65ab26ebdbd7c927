"""S1xx: the six sections and their headings, on synthetic reports (failing and passing cases)."""

from __future__ import annotations

import pytest

from xxgk_lint.rules.common import example_report

from conftest import codes, lint

GOOD = {e: example_report(e) for e in ("2019", "2021")}


def run(text, code):
    return [d for d in lint(text, select=[code]).diagnostics if d.code == code]


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_complete_reports_are_clean(edition):
    assert lint(GOOD[edition]).diagnostics == []


@pytest.mark.parametrize("heading", ["五、存在的主要问题及改进情况", "六、其他需要报告的事项", "一、总体情况"])
def test_s101_missing_section(heading):
    text = GOOD["2021"].replace(heading + "\n", "")
    found = run(text, "S101")
    assert len(found) == 1
    assert heading in found[0].text("zh")
    assert found[0].severity.label == "error"


def test_s101_not_fooled_by_table_row_labels():
    # 四、结转下年度继续办理 is a row of table 三, never section 四
    text = GOOD["2021"].replace("四、政府信息公开行政复议、行政诉讼情况\n", "")
    found = run(text, "S101")
    assert [d.text("en") for d in found] == ["section 四 “四、政府信息公开行政复议、行政诉讼情况” is missing"]


def test_s102_wrong_number_and_order():
    text = GOOD["2021"].replace("五、存在的主要问题及改进情况", "四、存在的主要问题及改进情况")
    found = run(text, "S102")
    assert any("numbered" in d.text("en") for d in found)
    swapped = GOOD["2021"]
    a = "五、存在的主要问题及改进情况\n\n本年度无需要说明的事项。\n\n"
    b = "六、其他需要报告的事项\n\n本年度无需要说明的事项。\n"
    assert a in swapped and b in swapped
    swapped = swapped.replace(a + b, b + "\n" + a.replace("五、", "六、"))
    assert run(swapped, "S102")
    assert not run(GOOD["2021"], "S102")


def test_s103_trailing_punctuation_has_a_safe_fix():
    text = GOOD["2021"].replace("二、主动公开政府信息情况", "二、主动公开政府信息情况。")
    found = run(text, "S103")
    assert len(found) == 1 and found[0].fix is not None and found[0].fix.safe
    assert found[0].fix.edits[0].replacement == ""


def test_s103_article_50_wording_is_info_other_drift_is_warning():
    art50 = GOOD["2021"].replace("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况")
    found = run(art50, "S103")
    assert [d.severity.label for d in found] == ["info"]
    drift = GOOD["2021"].replace("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进措施")
    found = run(drift, "S103")
    assert [d.severity.label for d in found] == ["warning"]
    assert "存在的主要问题及改进情况" in found[0].help_text("zh")


def test_s104_empty_section_but_signoff_is_not_content():
    text = GOOD["2021"].replace(
        "六、其他需要报告的事项\n\n本年度无需要说明的事项。\n",
        "六、其他需要报告的事项\n\n某县人民政府办公室\n2023年1月20日\n",
    )
    found = run(text, "S104")
    assert len(found) == 1 and "六" in found[0].text("zh")
    assert not run(GOOD["2021"].rstrip() + "\n\n某县人民政府办公室\n2023年1月20日\n", "S104")


@pytest.mark.parametrize("declared,fires", [("五", True), ("6", False), ("六", False), ("七", True)])
def test_s105_declared_parts(declared, fires):
    intro = f"本报告由总体情况、主动公开政府信息情况等{declared}个部分组成。\n\n"
    text = GOOD["2021"].replace("一、总体情况", intro + "一、总体情况", 1)
    assert bool(run(text, "S105")) is fires


def test_s106_pasted_heading_is_stray_but_table_rows_are_not():
    pasted = "全年依法做好政府信息公开工作。\n\n一、切实提高政治站位\n\n各单位要高度重视。\n"
    text = GOOD["2021"].replace("全年依法做好政府信息公开工作。\n", pasted)
    found = run(text, "S106")
    assert len(found) == 1 and "切实提高政治站位" in found[0].text("zh")
    assert "S101" not in codes(lint(text).diagnostics)


def test_s107_subheading_numbering():
    body = "（一）主动公开。做好公开。\n\n（2）依申请公开。依法答复。\n"
    text = GOOD["2021"].replace("全年依法做好政府信息公开工作。\n", body)
    assert [d.code for d in run(text, "S107")] == ["S107"]
    ok = GOOD["2021"].replace("全年依法做好政府信息公开工作。\n", body.replace("（2）", "（二）"))
    assert not run(ok, "S107")
    twice = GOOD["2021"].replace("全年依法做好政府信息公开工作。", "一是加强领导，一是完善制度，三是强化培训。")
    assert run(twice, "S107")
    seq = GOOD["2021"].replace("全年依法做好政府信息公开工作。", "一是加强领导，二是完善制度，三是强化培训。")
    assert not run(seq, "S107")


def test_s107_one_style_break_is_one_finding():
    body = "（一）主动公开。\n\n（二）依申请公开。\n\n（3）政府信息管理。\n\n（四）平台建设。\n"
    text = GOOD["2021"].replace("全年依法做好政府信息公开工作。\n", body)
    found = run(text, "S107")
    assert [d.text("zh") for d in found] == ["下级标题“（3）”与前面的“（二）”编号样式不一致"]
    assert found[0].help_text("zh") == "按顺序编号：应为“（三）”"


def test_e002_not_a_report():
    found = lint("关于召开会议的通知\n\n请各单位于周五前报送材料。\n").diagnostics
    assert codes(found) == ["E002"]
