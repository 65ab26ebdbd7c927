"""W701-W703: formatting artefacts, template placeholders, the fee statement of section 六."""

from __future__ import annotations

import pytest

from xxgk_lint.rules.common import example_report
from xxgk_lint.rules.narrative import with_text

from conftest import lint


def run(text, code, name="report.txt"):
    return [d for d in lint(text, name, select=[code]).diagnostics if d.code == code]


def apply(text, diagnostics):
    edits = sorted((e for d in diagnostics if d.fix for e in d.fix.edits), key=lambda e: e.span.start, reverse=True)
    for e in edits:
        text = text[: e.span.start] + e.replacement + text[e.span.end :]
    return text


# -- W701 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, fixed",
    [
        ("一是**加强组织领导**，明确专人负责。", "一是加强组织领导，明确专人负责。"),
        ("本机关&nbsp;认真落实《条例》。", "本机关 认真落实《条例》。"),
        ("公开渠道包括网站&amp;微信。", "公开渠道包括网站&微信。"),
        (
            "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->本机关认真落实《条例》。",
            "本机关认真落实《条例》。",
        ),
        ("本机关认真落实\x07《条例》。", "本机关认真落实《条例》。"),
    ],
)
def test_w701_flags_and_fixes(sentence, fixed):
    text = with_text("2021", "一", sentence)
    found = run(text, "W701")
    assert found and all(d.fix.safe for d in found)
    assert fixed in apply(text, found)
    assert not run(apply(text, found), "W701")


def test_w701_heading_marker():
    text = with_text("2021", "一", "## 加强组织领导")
    (d,) = run(text, "W701")
    assert "Markdown" in d.text("zh") and "markdown marker" in d.text("en")
    assert "\n加强组织领导" in apply(text, [d])
    # a marker before a section heading belongs to the section it opens
    (d,) = run(example_report("2021").replace("\n五、", "\n## 五、", 1), "W701")
    assert d.target.section == "s5"


@pytest.mark.parametrize(
    "sentence",
    [
        "一是加强组织领导，明确专人负责。",
        "信息公开申请受理率达100%，满意度为“优”。",
        "本机关共有工作人员 3*2 个班组。",
        "第#1号通知已公开。",
        "网站&微信同步发布。",
        "公开了 C# 编程培训通知。",
    ],
)
def test_w701_must_not_flag(sentence):
    assert not run(with_text("2021", "一", sentence), "W701"), sentence


def test_w701_markdown_is_markup_in_a_markdown_file():
    text = with_text("2021", "一", "一是**加强组织领导**，明确专人负责。")
    assert not run(text, "W701", name="report.md")


def test_w701_seed_003(seed):
    found = [d for d in lint(seed("003").read_bytes(), "003.txt", select=["W701"]).diagnostics]
    assert found and all(d.location.line == 11 for d in found)


# -- W702 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "20XX年，本机关认真贯彻《条例》。",
        "××县人民政府办公室认真落实。",
        "XX县推进政务公开。",
        "全年主动公开信息【填写数字】条。",
        "此处填写本年度重点工作。",
        "（单位名称）认真落实《条例》。",
        "请填写本年度重点工作。",
    ],
)
def test_w702_placeholders(sentence):
    (d,) = run(with_text("2021", "一", sentence), "W702")
    assert d.severity.label == "error" and "placeholder" in d.text("en")


@pytest.mark.parametrize(
    "sentence",
    [
        "2022年，本机关认真贯彻《条例》。",
        "主动公开信息 XML 格式数据 10 条。",
        "乘以 3×2 计算。",
        "访问 http://www.example.gov.cn/xxgk 查询。",
        "【重要】本机关认真落实《条例》。",
        "申请人王××要求公开相关信息，已按时答复。",
        "XXL 号服装采购信息已公开。",
        "在受理窗口为申请人提供申请填写指导。",
        "邀请填写满意度问卷的群众共20人。",
    ],
)
def test_w702_must_not_flag(sentence):
    assert not run(with_text("2021", "一", sentence), "W702"), sentence


# -- W703 -------------------------------------------------------------------------------------------


def test_w703_missing():
    (d,) = run(example_report("2021", fees=False), "W703")
    assert not run(example_report("2021"), "W703")
    assert d.target.section == "s6"


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度未收取信息处理费。",
        "本年度无收取信息公开处理费。",
        "本机关本年度没有收取任何费用。",
        "按照《政府信息公开信息处理费管理办法》，本年度没有产生信息处理费。",
        "本年度收取信息处理费 0 元。",
        "本年度依申请公开的政府信息均免费提供。",
    ],
)
def test_w703_any_wording_counts(sentence):
    assert not run(with_text("2021", "六", sentence, fees=False), "W703"), sentence


def test_w703_only_2021_format():
    assert not run(example_report("2019", fees=False), "W703")
