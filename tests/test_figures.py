"""F4xx: 本年增/减 notation, text in figure cells, units, implausible figures, number format."""

from __future__ import annotations

import pytest

from xxgk_lint.rules.common import example_report

from conftest import codes, lint


def _apply(text: str, diagnostics) -> str:
    edits = sorted((e for d in diagnostics if d.fix for e in d.fix.edits), key=lambda e: e.span.start, reverse=True)
    for e in edits:
        text = text[: e.span.start] + e.replacement + text[e.span.end :]
    return text


def delta_report(*deltas: str, prev: str = "500") -> str:
    rows = ["t2_5.licensing", "t2_5.other_services", "t2_6.penalty", "t2_6.enforcement", "t2_8.fees"]
    return example_report(
        "2019", figures={row: {"prev": prev, "delta": d} for row, d in zip(rows, deltas, strict=False)}
    )


def f401(text, style=None):
    opts = {"rule_options": {"F401": {"delta-style": style}}} if style else {}
    return [d for d in lint(text, select=["F401"], **opts).diagnostics]


# -- F401 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, expected",
    [
        ("130(增)", "增130"),
        ("19(减)", "减19"),
        ("130（增）", "增130"),
        ("减 16", "减16"),
        ("增加5", "增5"),
        ("减少3", "减3"),
        ("+5", "增5"),
        ("-8", "减8"),
        ("−8", "减8"),
        ("5", "增5"),
        ("增0", "0"),
    ],
)
def test_non_canonical_delta_in_zh_style(written, expected):
    text = delta_report(written)
    (d,) = f401(text)
    assert d.text("zh").endswith(f"“本年增/减”列写作“{written}”，规范写法是“{expected}”")
    assert d.fix.safe and len(d.fix.edits) == 1
    fixed = _apply(text, [d])
    assert f"\t{expected}\t" in fixed and not f401(fixed)


@pytest.mark.parametrize("written", ["增50", "减114", "0", ""])
def test_canonical_zh_and_blank_are_clean(written):
    assert not f401(delta_report(written))


@pytest.mark.parametrize(
    "written, expected", [("增130", "+130"), ("19(减)", "-19"), ("减 16", "-16"), ("−8", "-8"), ("－8", "-8")]
)
def test_sign_style(written, expected):
    text = delta_report(written)
    (d,) = f401(text, "sign")
    fixed = _apply(text, [d])
    assert f"\t{expected}\t" in fixed and not f401(fixed, "sign")


def test_fullwidth_sign_and_digits_converge():
    """F401 rewrites the notation (the whole cell), F405 only the digits: after F401's fix both are clean."""
    text = delta_report("－８")
    found = lint(text, select=["F401", "F405"], rule_options={"F401": {"delta-style": "sign"}}).diagnostics
    assert sorted(codes(found)) == ["F401", "F405"]
    fixed = _apply(text, [d for d in found if d.code == "F401"])
    assert "\t-8\t" in fixed
    assert not lint(fixed, select=["F401", "F405"], rule_options={"F401": {"delta-style": "sign"}}).diagnostics


@pytest.mark.parametrize("written", ["+130", "-130", "0", "5"])
def test_sign_style_accepts_signs_and_bare_positive(written):
    assert not f401(delta_report(written), "sign")


def test_mixed_styles_get_one_extra_finding():
    found = f401(delta_report("增50", "-8", "增2", "+5", "0"))
    per_cell = [d for d in found if "写作" in d.text("zh")]
    mixed = [d for d in found if "不统一" in d.text("zh")]
    assert len(per_cell) == 2 and len(mixed) == 1
    assert mixed[0].text("zh") == "本年增/减的写法不统一：“增50/减8”式 2 处，“+5/-8”式 2 处"
    assert mixed[0].fix is None


def test_one_style_throughout_is_not_mixed():
    assert not [d for d in f401(delta_report("增50", "减8")) if "不统一" in d.text("zh")]
    assert not [d for d in f401(delta_report("+5", "-8")) if "不统一" in d.text("zh")]


def test_delta_style_option_is_validated_by_schema():
    from xxgk_lint.rules.figures import DeltaNotation

    assert DeltaNotation.options["delta-style"]["enum"] == ["zh", "sign"]
    assert DeltaNotation.options["delta-style"]["default"] == "zh"


# -- F402 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["无", "/", "—", "暂无", "-"])
def test_non_numeric(written):
    text = example_report("2021", figures={"t2_6.penalty": {"decisions": written}})
    (d,) = lint(text, select=["F402"]).diagnostics
    assert d.text("zh") == f"表二“第二十条第（六）项”“行政处罚”行“本年处理决定数量”列写的是“{written}”，不是数字"


def test_blank_is_t204_not_f402():
    text = example_report("2021", figures={"t2_6.penalty": {"decisions": ""}})
    assert codes(lint(text, select=["F402", "T204"]).diagnostics) == ["T204"]


# -- F403 -----------------------------------------------------------------------------------------


def procurement(count: str, amount: str) -> str:
    return example_report("2019", figures={"t2_9.procurement": {"count": count, "amount": amount}})


@pytest.mark.parametrize(
    "amount, fires", [("63744431.4", True), ("52.15", True), ("0", False), ("4768.65 万元", False), ("251000元", False)]
)
def test_2019_procurement_amount_needs_a_unit(amount, fires):
    found = lint(procurement("12", amount), select=["F403"]).diagnostics
    assert codes(found) == (["F403"] if fires else [])
    if fires:
        assert "无法判断是元还是万元" in found[0].text("zh") and "元 and 万元" in found[0].text("en")


@pytest.mark.parametrize("amount, fires", [("5", False), ("5万元", False), ("5 元", True), ("5千元", True)])
def test_2021_fee_amount_in_the_header_unit(amount, fires):
    text = example_report("2021", figures={"t2_8.fees": {"amount": amount}})
    found = lint(text, select=["F403"]).diagnostics
    assert codes(found) == (["F403"] if fires else [])
    if fires:
        assert "表头规定的单位是“万元”" in found[0].text("zh")


# -- F404 -----------------------------------------------------------------------------------------


def test_average_procurement_too_low():
    (d,) = lint(procurement("2528081", "4768.65 万元"), select=["F404"]).diagnostics
    assert "平均每项仅 18.86 元，低于 100 元" in d.text("zh")
    assert "按万元" not in d.text("zh")


def test_average_without_unit_assumes_wan_yuan_and_says_so():
    (d,) = lint(procurement("2528081", "4768.65"), select=["F404"]).diagnostics
    assert "未写单位，按万元折算" in d.text("zh") and "taken as 万元" in d.text("en")
    assert not lint(procurement("1878", "63744431.4"), select=["F404"]).diagnostics


def test_average_threshold_is_an_option():
    text = procurement("100", "1000元")  # 10 yuan per project
    assert codes(lint(text, select=["F404"]).diagnostics) == ["F404"]
    assert not lint(text, select=["F404"], rule_options={"F404": {"min-average-procurement": 5}}).diagnostics


@pytest.mark.parametrize("written, key", [("2.5", "带小数"), ("-3", "负数"), ("12345678", "超过 10000000")])
def test_implausible_counts(written, key):
    text = example_report("2021", figures={"t2_5.licensing": {"decisions": written}})
    (d,) = lint(text, select=["F404"]).diagnostics
    assert key in d.text("zh")


def test_max_count_option():
    text = example_report("2021", figures={"t2_5.licensing": {"decisions": "5000"}})
    assert not lint(text, select=["F404"]).diagnostics
    assert codes(lint(text, select=["F404"], rule_options={"F404": {"max-count": 1000}}).diagnostics) == ["F404"]


# -- F405 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, problem",
    [
        ("１２３", "全角数字"),
        ("1 234", "空格"),
        ("1,234", "千位分隔符"),
        ("1，234", "千位分隔符"),
        ("1,234，567", "混用"),
    ],
)
def test_number_format(written, problem):
    text = example_report("2021", figures={"t2_5.licensing": {"decisions": written}})
    (d,) = lint(text, select=["F405"]).diagnostics
    assert problem in d.text("zh")
    fixed = _apply(text, [d])
    plain = written.translate({ord(c): None for c in " ,，"}).translate({ord(c): ord(c) - 0xFEE0 for c in "１２３"})
    assert f"\t{plain}" in fixed and not lint(fixed, select=["F405"]).diagnostics


def test_number_format_keeps_unit_and_notation():
    text = example_report(
        "2019",
        figures={
            "t2_9.procurement": {"count": "1", "amount": "1,234.5 万元"},
            "t2_5.licensing": {"prev": "9", "delta": "减１"},
        },
    )
    found = lint(text, select=["F405"]).diagnostics
    fixed = _apply(text, found)
    assert "\t1234.5 万元" in fixed and "\t减1\t" in fixed


# -- seeds ----------------------------------------------------------------------------------------


def _seed(seed, prefix):
    path = seed(prefix)
    return [d for d in lint(path.read_bytes(), path.name).diagnostics if d.code.startswith("F")]


def test_seed_001(seed):
    found = _seed(seed, "001")
    assert [d.text("zh").rsplit("写作", 1)[-1] for d in found if d.code == "F401"] == [
        "“130(增)”，规范写法是“增130”",
        "“19(减)”，规范写法是“减19”",
        "“3(减)”，规范写法是“减3”",
    ]
    assert ["63744431.4" in d.text("zh") for d in found if d.code == "F403"] == [True]


def test_seed_004(seed):
    found = _seed(seed, "004")
    assert codes(found) == ["F401"] * 3
    assert "“减 16”，规范写法是“减16”" in found[0].text("zh")


def test_seed_002_clean(seed):
    assert _seed(seed, "002") == []


def test_seed_000_average(seed):
    found = _seed(seed, "000")
    assert [(d.code, d.location.line) for d in found] == [("F404", 93)]
