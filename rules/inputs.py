"""E0xx — problems with the input itself: input rules (:class:`~xxgk_lint.rule.InputRule`), which run on
every file, report or not, and are told about files that cannot be read."""

from __future__ import annotations

from xxgk_lint.diagnostics import Severity
from xxgk_lint.rule import InputContext, InputRule

BASIS_INPUT = {
    "zh": "输入检查：无法读取的文件无法核对，需要先修复文件本身。",
    "en": "Input check: a file that cannot be read cannot be checked; fix the file first.",
}


class UnreadableFile(InputRule):
    code = "E001"
    name = "unreadable-file"
    severity = Severity.ERROR
    summary = {"zh": "文件无法读取或解析", "en": "The file cannot be read or parsed"}
    description = {
        "zh": "文件编码无法识别、.docx/.pdf 已损坏或加密、PDF 是没有文字的扫描件、文件超过大小或工作量上限"
        "（配置项 limits），或检查用时超过时间预算（limits.time-budget）时报告。其他文件照常检查。",
        "en": "Reported when the encoding is unknown, a .docx/.pdf is corrupt or encrypted, a PDF is a scan with no "
        "text, the file is over a size or work limit (the limits settings), or checking it took longer than the "
        "time budget (limits.time-budget). The other files are still checked.",
    }
    basis = BASIS_INPUT
    examples_are_text = False
    examples = {
        "fail": "（一个以 GBK 以外未知编码保存、无法解码的 .txt 文件）",
        "pass": "（以 UTF-8 或 GBK 保存的 .txt 文件）",
    }
    messages = {"unreadable": {"zh": "无法读取文件：{detail}", "en": "cannot read the file: {detail}"}}

    def unreadable(self, ctx: InputContext):
        yield self.diagnostic("unreadable", None, detail=ctx.error.detail)


class NotAReport(InputRule):
    code = "E002"
    name = "not-a-report"
    severity = Severity.INFO
    summary = {"zh": "文件不像政府信息公开工作年度报告", "en": "The file does not look like an annual report"}
    description = {
        "zh": "文件中找不到年度报告的任何一个部分标题，也找不到任何一张规定表格，因此跳过，不做其他检查。",
        "en": "None of the report's section headings and none of its tables were found, so the file is skipped.",
    }
    basis = {
        "zh": "《中华人民共和国政府信息公开条例》第五十条规定了年度报告应包括的内容。",
        "en": "Article 50 of the Regulations on the Disclosure of Government Information lists what an annual report contains.",
    }
    examples = {
        "fail": "关于召开会议的通知\n\n请各单位于周五前报送材料。",
        "pass": "某县2021年政府信息公开工作年度报告\n\n一、总体情况\n\n……",
    }
    messages = {
        "skip": {
            "zh": "文件看起来不是政府信息公开工作年度报告（未找到任何部分标题或规定表格），已跳过",
            "en": "the file does not look like an annual report (no section heading or standard table found); skipped",
        }
    }

    def check(self, report):
        if not report.is_report:
            yield self.diagnostic("skip", None)
