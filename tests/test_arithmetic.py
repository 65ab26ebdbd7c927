"""A3xx: the identities of the templates, evaluated by xxgk_lint.identities and reported by xxgk_lint.rules.arithmetic."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from xxgk_lint import templates
from xxgk_lint.diagnostics import Severity
from xxgk_lint.identities import Evaluation, expand, holds, interval
from xxgk_lint.rules.arithmetic import _t3
from xxgk_lint.rules.common import example_report

from conftest import codes, lint

INSTANCES = [(ed, inst) for ed in templates.EDITIONS for inst in expand(templates.load(ed))]


def _id(param):
    ed, inst = param
    return f"{ed}-{inst.identity.id}-{inst.key or 'fixed'}"


@pytest.mark.parametrize("edition", templates.EDITIONS)
def test_all_zero_report_satisfies_every_identity(edition):
    assert not [d for d in lint(example_report(edition), select=["A"]).diagnostics]


@pytest.mark.parametrize("case", INSTANCES, ids=[_id(c) for c in INSTANCES])
def test_every_identity_instance_can_fail(case):
    """All zeros, one cell of the instance's left side moved the way that breaks it: its rule fires, once."""
    edition, inst = case
    ref, value = (inst.lhs[-1], "-1") if inst.op == ">=" else (inst.lhs[0], "1")
    text = example_report(edition, figures={f"{ref.table}.{ref.row}": {ref.col: value}})
    found = [d for d in lint(text, select=[inst.rule]).diagnostics if d.code == inst.rule]
    assert len(found) == 1, [d.text("en") for d in found]
    d = found[0]
    assert d.severity == Severity.ERROR
    assert f"= {value}" in d.text("zh") and f"= {value}" in d.text("en")


def test_2021_outcome_total_uses_the_three_sub_rows_of_other():
    ident = next(i for i in templates.load("2021").identities if i.rule == "A302")
    assert {"other_1.*", "other_2.*", "other_3.*"} <= set(ident.rhs)
    for row in ("other_1", "other_2", "other_3"):
        text = example_report("2021", figures={f"t3.{row}": {"natural": "1", "total": "1"}})
        assert codes(lint(text, select=["A302"]).diagnostics) == ["A302"] * 2


def test_rule_coverage_per_edition():
    rules19 = {i.rule for i in templates.load("2019").identities}
    rules21 = {i.rule for i in templates.load("2021").identities}
    assert rules19 == {"A301", "A302", "A303", "A304", "A305", "A306"}
    assert rules21 == {"A301", "A302", "A303", "A304"}


def test_message_shows_both_sides_and_the_difference():
    d = next(
        d
        for d in lint(_t3(partial={"natural": "0", "total": "0"}), select=["A302"]).diagnostics
        if "自然人" in d.text("zh")
    )
    assert (
        d.text("zh")
        == "表三（收到和处理政府信息公开申请情况）“自然人”列：（七）总计 = 3，但（一）至（六）各项之和 = 2（相差 1）"
    )
    assert "（七）总计 = 3, but the sum of the result rows （一）…（六） = 2 (difference 1)" in d.text("en")
    assert d.location.line == _t3().splitlines().index("（七）总计\t3\t1\t0\t0\t0\t0\t4") + 1


def test_inequality_messages():
    a305 = lint(
        example_report("2019", figures={"t2_1.normative": {"published": "7", "total": "5"}}), select=["A305"]
    ).diagnostics
    assert [d.text("zh") for d in a305] == [
        "表二“第二十条第（一）项”“规范性文件”行：本年新公开数量 = 7，大于对外公开总数量 = 5（多 2）"
    ]
    a306 = lint(
        example_report("2019", figures={"t2_8.fees": {"prev": "3", "delta": "减5"}}), select=["A306"]
    ).diagnostics
    assert [d.text("zh") for d in a306] == [
        "表二“第二十条第（八）项”“行政事业性收费”行：上一年项目数量 + 本年增/减 = -2，小于 0"
    ]


def test_a305_a306_only_for_the_2019_edition():
    assert not lint(
        example_report("2021", figures={"t2_1.rules": {"issued": "7", "valid": "5"}}), select=["A305"]
    ).diagnostics


# -- precision -------------------------------------------------------------------------------------


def test_interval_from_written_decimals():
    assert interval(Decimal("4768.65"), 2) == (Decimal("4768.645"), Decimal("4768.655"))
    assert interval(Decimal("12"), 0) == (Decimal(12), Decimal(12))


@pytest.mark.parametrize(
    "lhs, op, rhs, ok",
    [
        (("1", 0), "==", ("0.9", 1), False),  # exact 1 vs [0.85, 0.95]
        (("1", 0), "==", ("1.0", 1), True),
        (("1", 0), "==", ("0.95", 2), False),  # [0.945, 0.955]
        (("1.0", 1), "==", ("1.04", 2), True),  # [0.95, 1.05] meets [1.035, 1.045]
        (("1.0", 1), "==", ("1.06", 2), False),  # [1.055, 1.065] is above 1.05
        (("5", 0), "<=", ("4.9", 1), False),  # 5 > 4.95
        (("4.95", 2), "<=", ("4.9", 1), True),  # 4.945 <= 4.95
        (("4.96", 2), "<=", ("4.9", 1), False),  # 4.955 > 4.95
        (("4.9", 1), ">=", ("4.95", 2), True),  # 4.95 >= 4.945
        (("4.9", 1), ">=", ("4.96", 2), False),
    ],
)
def test_holds_uses_intervals(lhs, op, rhs, ok):
    assert holds(op, interval(Decimal(lhs[0]), lhs[1]), interval(Decimal(rhs[0]), rhs[1])) is ok


def test_rounded_figures_balance_within_their_precision():
    # 0.5 + 0.4 written with one decimal each: [0.8, 1.0] contains the total 1
    ok = _t3().replace(
        "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0",
        "二、上年结转政府信息公开申请数量\t0.5\t0.4\t0\t0\t0\t0\t1",
    )
    assert not [d for d in lint(ok, select=["A301"]).diagnostics]
    # 0.4 + 0.4: [0.7, 0.9] does not
    bad = ok.replace("\t0.5\t0.4\t", "\t0.4\t0.4\t")
    found = lint(bad, select=["A301"]).diagnostics
    assert len(found) == 1 and "= 0.8" in found[0].text("zh") and "相差 0.2" in found[0].text("zh")


def test_counts_are_exact():
    text = _t3(new={"total": "5"})
    assert "A301" in codes(lint(text, select=["A301"]).diagnostics)


# -- most likely wrong cell ------------------------------------------------------------------------


def test_hint_names_the_one_cell_that_balances_everything():
    text = _t3(disclosed={"natural": "1"})  # row total 3 and column total 3 both expect 2
    found = lint(text, select=["A301", "A302"]).diagnostics
    assert sorted(codes(found)) == ["A301", "A302"]
    for d in found:
        assert d.help_text("zh").startswith("若“（一）予以公开”行“自然人”列为 2（现为 1），则全部勾稽关系平衡")
        assert "if row “（一）予以公开”, column “自然人” were 2 (it is 1)" in d.help_text("en")
        assert d.fix is None
    a302 = next(d for d in found if d.code == "A302")
    assert [r.message["zh"] for r in a302.related] == ["最可能有误的单元格"]


def test_no_hint_when_several_cells_would_do():
    text = example_report("2021", figures={"t4.data": {"review_upheld": "1", "review_total": "2"}})
    (d,) = lint(text, select=["A304"]).diagnostics
    assert d.help_text("zh").startswith("核对这些数字")


def test_no_hint_for_two_independent_errors():
    text = _t3(new={"total": "5"}, carry_next={"natural": "1"})
    found = lint(text, select=["A"]).diagnostics
    assert found and all(d.help_text("zh").startswith("核对这些数字") for d in found)


def _with_identities(report, extra):
    data = copy.deepcopy(templates.load(report.template.id).raw)
    data["identities"] += extra
    report.template = templates.from_data(data, "test")
    report.memo.clear()  # results derived from the old template are stale
    return report


def _ident(ident_id, rule, table, lhs, op, rhs, for_each=None):
    out = {
        "id": ident_id,
        "rule": rule,
        "table": table,
        "lhs": lhs,
        "op": op,
        "rhs": rhs,
        "description": {"zh": ident_id, "en": ident_id},
    }
    if for_each:
        out["for_each"] = for_each
    return out


def test_hint_candidate_must_keep_holding_identities_true():
    """review_total = 2 but its parts sum to 1: any of the five cells could be wrong (no hint), until
    other identities tie four of them down; then only 结果维持 remains."""
    text = example_report(
        "2021",
        figures={
            "t4.data": {
                "review_upheld": "1",
                "review_total": "2",
                "direct_total": "2",
                "direct_upheld": "1",
                "direct_corrected": "1",
            }
        },
    )
    report = lint(text, select=["A304"]).report
    assert Evaluation(report).likely_cell("t4") is None
    ties = [
        _ident(f"tie-{c}", "A304", "t4", [f"data.review_{c}"], "==", [f"data.direct_{c}"])
        for c in ("total", "corrected", "other", "pending")
    ]
    ev = Evaluation(_with_identities(report, ties))
    assert [o.instance.identity.id for o in ev.outcomes if o.status == "fails"] == ["t4-review-total", "tie-corrected"]
    # review_corrected = 1 would fix both failures and break nothing: the unique candidate
    ref, value = ev.likely_cell("t4")
    assert (ref.row, ref.col, value) == ("data", "review_corrected", Decimal(1))


def test_identity_added_to_a_template_is_checked_without_code_change():
    from xxgk_lint.rules.arithmetic import ReviewLitigationTotal

    text = example_report("2021", figures={"t2_6.penalty": {"decisions": "1"}, "t2_6.enforcement": {"decisions": "5"}})
    report = lint(text, select=["A304"]).report
    rule = ReviewLitigationTotal()
    assert not list(rule.check(report))
    _with_identities(
        report, [_ident("t2_6-test", "A304", "t2_6", ["penalty.decisions"], ">=", ["enforcement.decisions"])]
    )
    (d,) = list(rule.check(report))
    assert (
        d.text("zh")
        == "表二“第二十条第（六）项”：行政处罚·本年处理决定数量 = 1，小于行政强制·本年处理决定数量 = 5（少 4）"
    )


def test_for_each_identity_added_to_a_template_expands_over_rows():
    data = copy.deepcopy(templates.load("2019").raw)
    data["identities"].append(_ident("t2_5-decisions", "A306", "t2_5", ["*.decisions"], "<=", ["*.prev"], "row"))
    t = templates.from_data(data, "test")
    added = [i for i in expand(t) if i.identity.id == "t2_5-decisions"]
    assert [(i.key, i.lhs[0].col, i.rhs[0].row) for i in added] == [
        ("licensing", "decisions", "licensing"),
        ("other_services", "decisions", "other_services"),
    ]


# -- cannot check ----------------------------------------------------------------------------------


def test_blank_cell_is_not_a_mismatch_and_not_repeated():
    text = _t3().replace("（一）予以公开\t2\t1", "（一）予以公开\t\t1")
    assert codes(lint(text, select=["A"]).diagnostics) == []
    assert "T204" in codes(lint(text, select=["T204", "A"]).diagnostics)


def test_non_numeric_cell_is_not_a_mismatch():
    text = _t3().replace("（一）予以公开\t2\t1", "（一）予以公开\t无\t1")
    assert codes(lint(text, select=["A", "F402"]).diagnostics) == ["F402"]


def test_missing_row_is_not_a_mismatch():
    text = "\n".join(ln for ln in _t3().splitlines() if not ln.startswith("四、结转下年度继续办理"))
    assert codes(lint(text, select=["A", "T202"]).diagnostics) == ["T202"]


def test_untrusted_row_gives_one_info_per_identity():
    text = _t3().replace("（七）总计\t3\t1\t0\t0\t0\t0\t4", "（七）总计\t3\t1\t0\t0\t0\t0\t0\t4")
    found = lint(text, select=["A"]).diagnostics
    assert codes(found) == ["A307"] * 3
    assert {d.severity for d in found} == {Severity.INFO}
    assert [d.text("zh").split("（A", 1)[1][:3] for d in found] == ["301", "302", "303"]
    assert "7 处" in found[1].text("zh") and "（七）总计" in found[1].text("zh")


# -- seeds -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_seeds_without_identity_findings(seed, prefix):
    path = seed(prefix)
    assert not [c for c in codes(lint(path.read_bytes(), path.name).diagnostics) if c.startswith("A")]


def test_seed_004_untrusted_rows_cannot_be_checked(seed):
    path = seed("004")
    found = [d for d in lint(path.read_bytes(), path.name).diagnostics if d.code.startswith("A")]
    assert codes(found) == ["A307"] * 3
    assert all(d.severity == Severity.INFO for d in found)
