"""W7xx — leftovers a reader sees: formatting artefacts (W701), unreplaced template placeholders (W702),
and, in the 2021 format, a section 六 that says nothing about information-processing fees (W703)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from xxgk_lint.diagnostics import Edit, Fix, Severity, Target
from xxgk_lint.document import Span
from xxgk_lint.report import Report
from xxgk_lint.rule import Rule
from xxgk_lint.rules.common import example_report
from xxgk_lint.rules.narrative import with_text

# -- W701 -----------------------------------------------------------------------------------------------
_BOLD = re.compile(r"(\*\*|__)(?=\S)([^*\n_]{1,80}?)(?<=\S)\1")
_HASH = re.compile(r"(?m)^[ \t]*(#{1,6})[ \t]+(?=\S)")
_ENTITY = re.compile(
    r"&(?:nbsp|ensp|emsp|amp|lt|gt|quot|apos|middot|ldquo|rdquo|lsquo|rsquo|mdash|hellip|#\d{2,6}|#x[0-9a-fA-F]{2,5});"
)
_WORD = re.compile(
    r"<!--\[if[^\]]{0,40}\]>(?:(?!<!--\[if).){0,4000}?<!\[endif\]-->|<!--\[if[^\]]{0,40}\]>|<!\[if[^\]]{0,40}\]>|"
    r"<!\[endif\]-->|<!\[endif\]>",
    re.S,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_KINDS = {
    "markdown": {"zh": "Markdown 标记", "en": "a markdown marker"},
    "entity": {"zh": "未转换的 HTML 实体", "en": "an HTML entity written out"},
    "word": {"zh": "Word 条件注释的残留", "en": "a Word conditional comment shown as text"},
    "control": {"zh": "控制字符", "en": "a control character"},
}


def _entity_text(raw: str) -> str:
    s = html.unescape(raw)
    return " " if s in ("\u00a0", "\u2002", "\u2003") else s


class FormattingArtifact(Rule):
    code = "W701"
    name = "formatting-artifact"
    severity = Severity.WARNING
    fix_safety = "safe"
    summary = {
        "zh": "正文中有排版残留（Markdown 标记、HTML 实体、Word 条件注释、控制字符）",
        "en": "formatting artefacts in the text (markdown markers, HTML entities, Word conditional comments, control characters)",
    }
    description = {
        "zh": "读者看到的正文中出现了排版残留：非 Markdown 文件中的“**加粗**”“# 标题”标记，写成文字的 HTML 实体（&nbsp;、&amp;），"
        "从 Word 粘贴来的条件注释（<!--[if gte mso 9]>…<![endif]-->），以及控制字符。.md 文件中的 Markdown 标记是排版本身，不报告。"
        "自动修复删除标记和注释、把实体换成它表示的字符（只用于能写回的格式）。",
        "en": "Formatting artefacts in the text a reader sees: markdown markers (**bold**, # heading) outside a markdown "
        "file, HTML entities written out (&nbsp;, &amp;), Word conditional comments pasted as text (<!--[if gte mso "
        "9]>…<![endif]-->) and control characters. Markdown in a .md file is its markup and is not reported. The fix "
        "removes markers and comments and replaces an entity by its character (for the formats that can be written).",
    }
    basis = {
        "zh": "《条例》第五十条要求公布年度报告；带排版残留的文本影响阅读，也说明发布前未经校对。",
        "en": "条例 art. 50: the report is published for the public; leftover markup hampers reading and shows the text was not proofread.",
    }
    examples = {
        "fail": with_text("2021", "一", "一是**加强组织领导**，明确专人负责。"),
        "pass": with_text("2021", "一", "一是加强组织领导，明确专人负责。"),
    }
    messages = {
        "artifact": {"zh": "正文中有{kind}“{raw}”", "en": "the text contains {kind}: “{raw}”"},
        "help": {"zh": "删除排版残留", "en": "remove the leftover formatting"},
    }

    def check(self, report: Report) -> Iterator:
        doc = report.document
        text = doc.text
        found: list[tuple[str, Span, str, tuple[Edit, ...]]] = []
        if doc.format != "md" and ("**" in text or "__" in text):
            for m in _BOLD.finditer(text):
                if report.in_table(m.start()):
                    continue
                a, b = Span(m.start(1), m.end(1)), Span(m.end(2), m.end())
                found.append(("markdown", Span(m.start(), m.end()), m.group(0), (Edit(a, ""), Edit(b, ""))))
        if doc.format != "md" and "#" in text:
            for m in _HASH.finditer(text):
                found.append(
                    ("markdown", Span(m.start(1), m.end()), m.group(1), (Edit(Span(m.start(1), m.end()), ""),))
                )
        if doc.format != "md" and "&" in text:
            for m in _ENTITY.finditer(text):
                found.append(
                    (
                        "entity",
                        Span(m.start(), m.end()),
                        m.group(0),
                        (Edit(Span(m.start(), m.end()), _entity_text(m.group(0))),),
                    )
                )
        for m in _WORD.finditer(text) if "<!" in text else ():
            raw = m.group(0)
            found.append(
                (
                    "word",
                    Span(m.start(), m.end()),
                    raw if len(raw) <= 40 else raw[:37] + "…",
                    (Edit(Span(m.start(), m.end()), ""),),
                )
            )
        control = (
            _CONTROL if doc.format != "pdf" else re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
        )  # \f: PDF page breaks
        for m in control.finditer(text):
            found.append(
                ("control", Span(m.start(), m.end()), f"U+{ord(m.group(0)):04X}", (Edit(Span(m.start(), m.end()), ""),))
            )
        found.sort(key=lambda f: f[1].start)
        last_end = -1
        for kind, span, raw, edits in found:
            if span.start < last_end:
                continue  # inside an artefact already reported (an entity inside a Word comment)
            last_end = span.end
            # a heading's marker (“## 五、…”) lies before the heading's span: it belongs to the section it opens
            sec = report.section_at(span.end if raw.startswith("#") else span.start)
            yield self.diagnostic(
                "artifact",
                span,
                help="help",
                target=Target("section", section=sec.id) if sec and sec.id else Target("document"),
                kind=_KINDS[kind],
                raw=raw,
                fix=Fix(edits, safe=True, description={"zh": "删除排版残留", "en": "remove the leftover formatting"}),
            )


# -- W702 -----------------------------------------------------------------------------------------------
_PLACEHOLDER = re.compile(
    r"(?:19|20)[XxＸｘ×]{2}\s*年"
    r"|(?<![A-Za-z×])(?:[XxＸｘ]{2,}|×{2,}|Ｘ{2,})(?=\s*(?:省|市|县|区|州|旗|乡|镇|街道|局|委|办公室|办公厅|部门|厅|中心|单位|机关|年|月|日|件|条))"
    r"|【[^】\n]{0,12}(?:填写|填入|输入|单位名称|机关名称)[^】\n]{0,12}】|此处(?:填写|填入|输入|插入|粘贴)|"
    r"[（(](?:单位名称|机关名称|部门名称|填写[^）)\n]{0,10})[）)]|(?<![申邀聘提报呈恳敬])请(?:在此|此处)?(?:填写|填入)[^。\n]{0,10}"
)


# the characters and words every _PLACEHOLDER match holds near its start, and the pattern that finds them
# (an alternation of literals: re scans for their first characters)
_TOKENS = ("X", "x", "Ｘ", "ｘ", "×", "【", "此处", "填写", "填入", "名称")
_MAYBE_PLACEHOLDER = re.compile("|".join(map(re.escape, _TOKENS)))
_LEAD = 3  # every _PLACEHOLDER match has a _MAYBE_PLACEHOLDER token at most this far from its start


def _placeholders(text: str) -> Iterator[re.Match]:
    """What ``_PLACEHOLDER.finditer(text)`` finds, trying the pattern only just before its tokens (one
    search for the tokens over a whole report instead of every alternative at every character): the
    same matches, leftmost first, none overlapping."""
    done = 0  # the end of the last match: finditer never looks back before it
    tried = 0  # positions below this were tried already
    for t in _MAYBE_PLACEHOLDER.finditer(text):
        for start in range(max(t.start() - _LEAD, done, tried), t.start() + 1):
            m = _PLACEHOLDER.match(text, start)
            if m is not None:
                yield m
                done = m.end()
                break
        tried = max(tried, t.start() + 1, done)


class TemplatePlaceholder(Rule):
    code = "W702"
    name = "template-placeholder"
    severity = Severity.ERROR
    summary = {"zh": "有未替换的模板占位符", "en": "unreplaced template placeholders"}
    description = {
        "zh": "照模板起草后留下的占位符：“20XX年”“××县”“XX局”“【填写】”“此处填写”“（单位名称）”等。"
        "人名中用于隐去姓名的“张××”不算（后面不是地名、机构或日期）。",
        "en": "Placeholders left from the template the report was drafted from: 20XX年, ××县, XX局, 【填写】, 此处填写, "
        "（单位名称）. A name anonymised as 张×× is not one (no place, body or date follows).",
    }
    basis = {
        "zh": "年度报告应为本机关的实际情况；未替换的占位符说明报告未完成即发布。",
        "en": "The report states the agency's own facts; a placeholder means it was published unfinished.",
    }
    examples = {
        "fail": with_text("2021", "一", "20XX年，本机关认真贯彻《条例》。"),
        "pass": with_text("2021", "一", "2022年，本机关认真贯彻《条例》。"),
    }
    messages = {
        "placeholder": {"zh": "未替换的占位符“{raw}”", "en": "unreplaced placeholder “{raw}”"},
        "help": {"zh": "换成实际内容", "en": "replace it with the actual text"},
    }

    def check(self, report: Report) -> Iterator:
        text = report.document.text
        for m in _placeholders(text):
            sec = report.section_at(m.start())
            yield self.diagnostic(
                "placeholder",
                Span(m.start(), m.end()),
                help="help",
                raw=m.group(0).strip(),
                target=Target("section", section=sec.id) if sec and sec.id else Target("document"),
            )


# -- W703 -----------------------------------------------------------------------------------------------
_FEES = re.compile(r"信息处理费|处理费|收费|免费|(?:收取|收缴|缴纳|产生|涉及)[^。；\n]{0,15}费|费用")


class MissingFeeStatement(Rule):
    code = "W703"
    name = "missing-fee-statement"
    severity = Severity.WARNING
    templates = ("2021",)
    summary = {
        "zh": "第六部分未说明信息处理费收取情况",
        "en": "section 六 says nothing about fees charged for information requests",
    }
    description = {
        "zh": "2021 年版格式要求第六部分“其他需要报告的事项”报告依据《政府信息公开信息处理费管理办法》收取信息处理费的情况。"
        "写明未收取也算（“未收取”“无收取”“没有产生信息处理费”等任何说法）；报告其他位置（如单独的收费表格）已说明的也不报告。",
        "en": "The 2021 format asks section 六 (其他需要报告的事项) to report the fees charged under the 《政府信息公开信息处理费"
        "管理办法》. A statement that none were charged counts, whatever its wording (未收取, 无收取, 没有产生信息处理费 …); "
        "a statement elsewhere in the report (such as a separate fee table) counts too.",
    }
    basis = {
        "zh": "国办公开办函〔2021〕30号：第六部分报告收取信息处理费的情况。",
        "en": "国办公开办函〔2021〕30号: section 六 reports the information-processing fees charged.",
    }
    examples = {"fail": example_report("2021", fees=False), "pass": example_report("2021")}
    messages = {
        "missing": {
            "zh": "第六部分未说明信息处理费的收取情况",
            "en": "section 六 does not say whether information-processing fees were charged",
        },
        "help": {
            "zh": "写明本年度收取信息处理费的情况（未收取也应写明）",
            "en": "state the fees charged this year (or that none were)",
        },
    }

    def check(self, report: Report) -> Iterator:
        if report.year is not None and report.year < 2021:
            return
        sec = report.section("s6")
        if sec is None:
            return
        text = report.document.text
        if "处理费" in text:  # what the loop below would find first or return on before: no search needed
            return
        for m in _FEES.finditer(text):
            if "处理费" in m.group(0):
                return
            if text[max(0, m.start() - 3) : m.start()].endswith("事业性") or report.in_table(m.start()):
                continue  # 行政事业性收费 (table 二) is another matter
            return
        yield self.diagnostic("missing", sec.heading.span, help="help", target=Target("section", section="s6"))
