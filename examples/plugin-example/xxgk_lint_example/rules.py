"""Rules of the example plug-in.  Every :class:`xxgk_lint.rule.Rule` subclass defined in this module is a
rule; xxgk-lint imports the module only when the user allows the plug-in (``--plugin example`` or
``plugins = ["example"]`` in the configuration)."""

from __future__ import annotations

import re

from xxgk_lint.diagnostics import Severity
from xxgk_lint.rule import Rule

# words that make a title name the body issuing the report
AGENCY_WORDS = (
    "人民政府",
    "政府",
    "办公室",
    "办公厅",
    "委员会",
    "局",
    "厅",
    "部",
    "署",
    "院",
    "中心",
    "街道",
    "乡",
    "镇",
)
_TITLE = re.compile(r"(?:19|20)\d\d\s*年度?.*政府信息公开")


class AgencyNameInTitle(Rule):
    code = "Z901"
    name = "agency-name-in-title"
    severity = Severity.WARNING
    summary = {"zh": "报告标题没有写明发布机关", "en": "The report title does not name the issuing agency"}
    description = {
        "zh": "年度报告的标题应以发布机关的名称开头，例如“某县人民政府办公室2021年政府信息公开工作年度报告”。"
        "只写“2021年政府信息公开工作年度报告”时，读者无从判断是哪个机关的报告。",
        "en": "The title of an annual report should start with the name of the issuing agency, e.g. "
        "“某县人民政府办公室2021年政府信息公开工作年度报告”. A bare “2021年政府信息公开工作年度报告” "
        "does not say whose report it is.",
    }
    basis = {
        "zh": "《中华人民共和国政府信息公开条例》第四十九条：各级人民政府部门应当向本级政府信息公开工作主管部门"
        "提交本行政机关上一年度政府信息公开工作年度报告并向社会公布。（示例插件的约定）",
        "en": "Article 49 of the Regulations on the Disclosure of Government Information: each administrative "
        "agency publishes its own annual report. (A convention of this example plug-in.)",
    }
    examples = {
        "fail": "2021年政府信息公开工作年度报告\n\n一、总体情况\n\n全年依法做好政府信息公开工作。",
        "pass": "某县人民政府办公室2021年政府信息公开工作年度报告\n\n一、总体情况\n\n全年依法做好政府信息公开工作。",
    }
    messages = {
        "no_agency": {
            "zh": "报告标题“{title}”没有写明发布机关",
            "en": "the report title “{title}” does not name the issuing agency",
        },
        "help": {
            "zh": "在年份前写上机关全称，如“某县人民政府办公室{title}”",
            "en": "put the agency's full name before the year, e.g. “某县人民政府办公室{title}”",
        },
    }

    def check(self, report):
        title = report.title
        if title is None:
            return
        text = title.text.strip()
        m = _TITLE.search(text)
        if not m:
            return
        before = text[: m.start()]
        if not any(w in before for w in AGENCY_WORDS):
            yield self.diagnostic("no_agency", title.span, help="help", title=text)
