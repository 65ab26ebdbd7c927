"""The wording of every rule's messages, in Chinese and in English, tested once and in one place.

The rule cases (``tests/rule_cases``) check where findings are; this file checks what they say: the
first finding of each rule's first failing case, in both languages, and that every message template
of every built-in rule names the same placeholders in both languages.
"""

from __future__ import annotations

import functools
import re
import string

import pytest

from xxgk_lint.registry import load_rules

import casekit

RULES = load_rules()
CJK = re.compile(r"[\u4e00-\u9fff]")

# code: (zh, en) of the first finding of the first case with a fail text (and no xfail) in tests/rule_cases/<code>.toml
WORDING = {
    "A301": (
        "表三（收到和处理政府信息公开申请情况）“一、本年新收政府信息公开申请数量”行：总计 = 5，但自然人与五类法人或其他组织之和 = 4（相差 1）",
        "table 三 (applications received and handled), row “一、本年新收政府信息公开申请数量”: 总计 = 5, but 自然人 plus the five 法人或其他组织 columns = 4 (difference 1)",
    ),
    "A302": (
        "表三（收到和处理政府信息公开申请情况）“自然人”列：（七）总计 = 3，但（一）至（六）各项之和 = 2（相差 1）",
        "table 三 (applications received and handled), column “自然人”: （七）总计 = 3, but the sum of the result rows （一）…（六） = 2 (difference 1)",
    ),
    "A303": (
        "表三（收到和处理政府信息公开申请情况）“自然人”列：第一项加第二项之和 = 3，但第三项（七）总计加第四项之和 = 4（相差 1）",
        "table 三 (applications received and handled), column “自然人”: 一 + 二 = 3, but 三（七）总计 + 四 = 4 (difference 1)",
    ),
    "A304": (
        "表四（行政复议、行政诉讼情况）：行政复议·总计 = 2，但结果维持、结果纠正、其他结果、尚未审结之和 = 1（相差 1）",
        "table 四 (administrative review and litigation): 行政复议·总计 = 2, but 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 1 (difference 1)",
    ),
    "A305": (
        "表二“第二十条第（一）项”“规章”行：本年新公开数量 = 5，大于对外公开总数量 = 3（多 2）",
        "table 二 “第二十条第（一）项”, row “规章”: 本年新公开数量 = 5 exceeds 对外公开总数量 = 3 (by 2)",
    ),
    "A306": (
        "表二“第二十条第（五）项”“行政许可”行：上一年项目数量 + 本年增/减 = -2，小于 0",
        "table 二 “第二十条第（五）项”, row “行政许可”: 上一年项目数量 + 本年增/减 = -2 is below 0",
    ),
    "A307": (
        "无法核对表三（收到和处理政府信息公开申请情况）的勾稽关系（A301）“每一行：总计 = 自然人 + 五类法人或其他组织”：1 处用到的行无法对应到列（（七）总计）",
        "cannot check the identity (A301) “each row: 总计 = 自然人 + the five 法人或其他组织 columns” in table 三 (applications received and handled): 1 instance(s) use rows whose figures cannot be aligned to columns (（七）总计)",
    ),
    "D601": (
        "报告日期 2023-02-20（落款日期）晚于期限 2023-01-31（部门报告：“某县人民政府办公室”）",
        "the report is dated 2023-02-20 (the signature date), after the deadline 2023-01-31 (a department's report: “某县人民政府办公室”)",
    ),
    "D602": (
        "统计期限为 2022-01-01 至 2022-11-30，不是 2022 年全年",
        "the statistics period is 2022-01-01 to 2022-11-30, not the whole of 2022",
    ),
    "D603": ("未找到发布日期或落款日期", "no publication or signature date found"),
    "E001": (
        "无法读取文件：文件以 utf-8 的 BOM 开头，但内容无法按 utf-8 解码（第 0 字节）",
        "cannot read the file: the file starts with a utf-8 BOM but does not decode as utf-8 (byte 0)",
    ),
    "E002": (
        "文件看起来不是政府信息公开工作年度报告（未找到任何部分标题或规定表格），已跳过",
        "the file does not look like an annual report (no section heading or standard table found); skipped",
    ),
    "F401": (
        "表二“第二十条第（五）项”“行政许可”行“本年增/减”列写作“130(增)”，规范写法是“增130”",
        "table 二 “第二十条第（五）项”, row “行政许可”, column “本年增/减” reads “130(增)”; the canonical form is “增130”",
    ),
    "F402": (
        "表二“第二十条第（五）项”“行政许可”行“本年处理决定数量”列写的是“无”，不是数字",
        "table 二 “第二十条第（五）项”, row “行政许可”, column “本年处理决定数量” holds “无”, which is not a number",
    ),
    "F403": (
        "表二“第二十条第（九）项”“政府集中采购”行“采购总金额”列的金额“63744431.4”没有单位，无法判断是元还是万元",
        "table 二 “第二十条第（九）项”, row “政府集中采购”, column “采购总金额”: the amount “63744431.4” has no unit, so 元 and 万元 are both possible",
    ),
    "F404": (
        "表二“第二十条第（九）项”“政府集中采购”行：采购项目数量 2528081，采购总金额 4768.65 万元，平均每项仅 18.86 元，低于 100 元",
        "table 二 “第二十条第（九）项”, row “政府集中采购”: 采购项目数量 2528081 and 采购总金额 4768.65 万元 make 18.86 yuan per item, under 100 yuan",
    ),
    "F405": (
        "表二“第二十条第（五）项”“行政许可”行“本年处理决定数量”列的数字“1,234”使用了千位分隔符",
        "table 二 “第二十条第（五）项”, row “行政许可”, column “本年处理决定数量”: the number “1,234” uses thousands separators",
    ),
    "M001": (
        "抑制注释没有抑制任何问题：<!-- xxgk-lint: disable-next-line -->",
        "the suppression comment silences nothing: <!-- xxgk-lint: disable-next-line -->",
    ),
    "M002": (
        "抑制注释中的规则 S1O3 不存在；是不是 S103？",
        "unknown rule S1O3 in a suppression comment; did you mean S103?",
    ),
    "N501": (
        "正文称收到的政府信息公开申请数为 2，但表三（收到和处理政府信息公开申请情况）“一、本年新收政府信息公开申请数量·总计”为 0",
        "the text gives applications received as 2, but table 三 (applications received and handled) “一、本年新收政府信息公开申请数量·总计” holds 0",
    ),
    "N502": ("分项之和 160 大于总数 150（110＋50）", "the parts add up to 160, more than the total 150 (110＋50)"),
    "N503": ("所述比例 15% 与 20 ÷ 200 = 10.0% 不符", "the stated share 15% does not match 20 ÷ 200 = 10.0%"),
    "N504": ("统计期限的年度 2021 与标题的 2022 年不一致", "the statistics period is in 2021, the title names 2022"),
    "S101": ("缺少第六部分“六、其他需要报告的事项”", "section 六 “六、其他需要报告的事项” is missing"),
    "S102": (
        "“存在的主要问题及改进情况”是第五部分，但编号为“四”",
        "“存在的主要问题及改进情况” is section 五 but is numbered “四”",
    ),
    "S103": ("标题末尾有多余的标点“。”", "the heading ends with stray punctuation “。”"),
    "S104": ("第五部分“存在的主要问题及改进情况”没有任何内容", "section 五 “存在的主要问题及改进情况” is empty"),
    "S105": (
        "引言称报告由 5 个部分组成，但年度报告格式规定为 6 个部分（正文实有 6 个）",
        "the introduction says the report has 5 parts; the format has 6 (the body has 6)",
    ),
    "S106": (
        "一级标题“一、切实加强组织领导”不属于年度报告的任何部分，可能误粘贴了其他文件的内容",
        "top-level heading “一、切实加强组织领导” belongs to no section of the report; text of another document may have been pasted",
    ),
    "S107": (
        "下级标题“（2）”与前面的“（一）”编号样式不一致",
        "sub-heading “（2）” is numbered in another style than “（一）”",
    ),
    "T201": ("缺少表四（行政复议、行政诉讼情况）", "table 四 (administrative review and litigation) is missing"),
    "T202": (
        "表二“第二十条第（一）项”缺少 1 行：行政规范性文件",
        "table 二 “第二十条第（一）项” lacks 1 row(s): 行政规范性文件",
    ),
    "T203": (
        "表二“第二十条第（一）项”“规章”行有 4 个数值单元格，但表格有 3 列；该行数字无法对应到列",
        "table 二 “第二十条第（一）项”, row “规章”: 4 value cells for 3 columns; its figures cannot be aligned",
    ),
    "T204": (
        "表二“第二十条第（一）项”“规章”行“本年废止件数”列为空",
        "table 二 “第二十条第（一）项”, row “规章”, column “本年废止件数” is empty",
    ),
    "T205": (
        "表四（行政复议、行政诉讼情况）没有填写任何数字",
        "table 四 (administrative review and litigation) has no figures at all",
    ),
    "T206": (
        "标签“行政规范姓文件”疑似“行政规范性文件”的笔误",
        "label “行政规范姓文件” looks like a typo for “行政规范性文件”",
    ),
    "T207": (
        "报告年度为 2022 年，应使用 2021 年版格式，但表格按 2019 年版填写",
        "the report year is 2022, which requires the 2021 format, but the tables follow the 2019 format",
    ),
    "T208": (
        "表二“第二十条第（一）项”中的“其他主动公开文件”行不属于格式规定的任何一行",
        "row “其他主动公开文件” of table 二 “第二十条第（一）项” matches no template row",
    ),
    "W701": ("正文中有Markdown 标记“**加强组织领导**”", "the text contains a markdown marker: “**加强组织领导**”"),
    "W702": ("未替换的占位符“20XX年”", "unreplaced placeholder “20XX年”"),
    "W703": (
        "第六部分未说明信息处理费的收取情况",
        "section 六 does not say whether information-processing fees were charged",
    ),
    "X801": (
        "“二、上年结转政府信息公开申请数量”与 2021.txt（2021年）的“四、结转下年度继续办理”不一致：自然人 本年 1、上年 2；总计 本年 1、上年 2",
        "“二、上年结转政府信息公开申请数量” differs from “四、结转下年度继续办理” in 2021.txt (2021): 自然人 1 here, 2 last year; 总计 1 here, 2 last year",
    ),
    "X802": (
        "行政许可的“上一年项目数量”为 30，而 2019.txt（2019年）的项目数量 30 加本年增/减 增2 为 32",
        "行政许可: 上一年项目数量 is 30, but 2019.txt (2019) gives 30 items with a change of 增2, that is 32",
    ),
    "X803": (
        "行政规范性文件的“现行有效件数”为 25，而 2022.txt（2022年）的现行有效件数 25 加本年制发 4、减本年废止 2 为 27",
        "行政规范性文件: 现行有效件数 is 25, but 25 in force in 2022.txt (2022) plus 4 issued minus 2 repealed this year is 27",
    ),
    "X805": (
        "表格中的全部 200 个数字都与 2021.txt（2021年）相同，是否沿用了上一年的报告而没有更新数字？",
        "all 200 table figures are the same as in 2021.txt (2021); was last year's report reused without updating the figures?",
    ),
    "X804": (
        "这段文字与另一机关的报告 甲.txt（第 66 行）雷同（相似度 100%）",
        "this passage is nearly identical to another agency's report, 甲.txt (line 66) (similarity 100%)",
    ),
    "X806": (
        "2022-修订前.txt 也是某县人民政府办公室2022年的报告：同一机关同一年度有 2 个文件，不作跨年比较",
        "2022-修订前.txt is also a report of 某县人民政府办公室 for 2022: 2 files of one agency and year, not compared with other years",
    ),
}


@functools.cache
def _cases() -> tuple:
    return tuple(casekit.all_cases())  # the case files are read once, not once per rule and test


def _first_fail(code):
    return next(c for c in _cases() if c.code == code and "fail" in c.raw and not c.xfail)


@functools.cache
def _first_findings(code) -> tuple:
    """The findings of ``code`` on its first failing case, linted once for both tests that read them."""
    case = _first_fail(code)
    return tuple(casekit.findings_of(case, casekit.lint_case(case, case.text("fail", RULES[code]))))


def test_every_rule_has_its_wording_here():
    assert sorted(WORDING) == sorted(RULES)


@pytest.mark.parametrize("code", sorted(WORDING))
def test_first_finding_reads_as_written_in_both_languages(code):
    found = _first_findings(code)
    assert found, f"{code}'s first case gives no finding"
    zh, en = WORDING[code]
    assert found[0].text("zh") == zh
    assert found[0].text("en") == en
    assert found[0].text("zh") != found[0].text("en")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(RULES))
def test_message_templates_agree_across_languages(code):
    cls = RULES[code]
    for key, texts in cls.messages.items():
        assert _fields(texts["zh"]) == _fields(texts["en"]), f"{code} messages[{key!r}]"
        assert CJK.search(texts["zh"]), f"{code} messages[{key!r}] has no Chinese text"
        assert texts["zh"] != texts["en"], f"{code} messages[{key!r}] is not translated"


@pytest.mark.parametrize("code", sorted(RULES))
def test_help_is_given_in_both_languages(code):
    found = _first_findings(code)
    assert found, f"{code}'s first case gives no finding: no help to check"
    for d in found:
        if d.help:
            assert d.help_text("zh") and d.help_text("en") and d.help_text("zh") != d.help_text("en")
