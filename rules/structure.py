"""S1xx — the six sections of the report and their headings."""

from __future__ import annotations

import re
from collections.abc import Iterator

from xxgk_lint.diagnostics import Edit, Fix, Severity
from xxgk_lint.document import Span
from xxgk_lint.recognise.normalise import cn_number, cn_numeral
from xxgk_lint.rule import Rule
from xxgk_lint.rules.common import DOCUMENT, section_target

FORMAT_BASIS = {
    "zh": "《中华人民共和国政府信息公开条例》第五十条；国办公开办函〔2019〕60号、国办公开办函〔2021〕30号发布的年度报告格式"
    "（一、总体情况 至 六、其他需要报告的事项）。2021年版格式要求年度报告内容“不能遗漏，也不宜泛化”。",
    "en": "Article 50 of the Regulations on the Disclosure of Government Information; the annual report format issued by "
    "国办公开办函〔2019〕60号 and 〔2021〕30号 (sections 一 总体情况 to 六 其他需要报告的事项). The 2021 format says the "
    "contents must be complete (不能遗漏).",
}

GOOD_REPORT = (
    "某县2021年政府信息公开工作年度报告\n\n一、总体情况\n\n全年主动公开政府信息320条。\n\n"
    "二、主动公开政府信息情况\n\n（表格）\n\n三、收到和处理政府信息公开申请情况\n\n（表格）\n\n"
    "四、政府信息公开行政复议、行政诉讼情况\n\n（表格）\n\n五、存在的主要问题及改进情况\n\n"
    "公开内容还不够全面。\n\n六、其他需要报告的事项\n\n本年度未收取信息处理费。"
)


class MissingSection(Rule):
    code = "S101"
    name = "missing-section"
    severity = Severity.ERROR
    summary = {"zh": "缺少法定的部分", "en": "A required section is missing"}
    description = {
        "zh": "年度报告应依次包括六个部分：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；"
        "四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。"
        "缺少任何一个部分都会报告；没有内容的部分也应保留标题并写明“无”。",
        "en": "An annual report has six sections, 一 to 六, in a fixed order. Each missing one is reported; a section "
        "with nothing to report keeps its heading and says 无 (none).",
    }
    basis = FORMAT_BASIS
    examples = {
        "fail": GOOD_REPORT.replace("\n\n六、其他需要报告的事项\n\n本年度未收取信息处理费。", ""),
        "pass": GOOD_REPORT,
    }
    messages = {
        "missing": {"zh": "缺少第{number}部分“{official}”", "en": "section {number} “{official}” is missing"},
        "help": {
            "zh": "按年度报告格式补充“{official}”；确无内容的，保留标题并写明“无”",
            "en": "add “{official}”; if there is nothing to report, keep the heading and write 无",
        },
    }

    def check(self, report):
        found = {s.id for s in report.sections}
        for sec in report.template.sections:
            if sec.id not in found:
                yield self.diagnostic(
                    "missing",
                    report.expected_position(sec.id),
                    help="help",
                    target=section_target(sec.id),
                    number=sec.number,
                    official=sec.heading,
                )


class SectionOrder(Rule):
    code = "S102"
    name = "section-order"
    severity = Severity.ERROR
    summary = {"zh": "部分顺序错误、重复或编号跳号", "en": "Sections out of order, repeated, or misnumbered"}
    description = {
        "zh": "六个部分必须按一至六的顺序排列、各出现一次，标题编号与所属部分一致。",
        "en": "The six sections come in order 一 to 六, each once, each numbered as the format numbers it.",
    }
    basis = FORMAT_BASIS
    examples = {"fail": GOOD_REPORT.replace("三、收到和处理", "四、收到和处理"), "pass": GOOD_REPORT}
    messages = {
        "number": {
            "zh": "“{title}”是第{expected}部分，但编号为“{found}”",
            "en": "“{title}” is section {expected} but is numbered “{found}”",
        },
        "order": {
            "zh": "第{number}部分“{title}”出现在第{previous}部分之后，顺序错误",
            "en": "section {number} “{title}” comes after section {previous}: out of order",
        },
        "twice": {"zh": "第{number}部分“{title}”重复出现", "en": "section {number} “{title}” appears twice"},
        "help_number": {"zh": "将编号改为“{expected}、”", "en": "number it “{expected}、”"},
        "help_order": {"zh": "按一至六的顺序排列各部分", "en": "put the sections in order 一 to 六"},
        "help_twice": {"zh": "合并重复的部分", "en": "merge the repeated sections"},
    }

    def check(self, report):
        order = {s.id: k for k, s in enumerate(report.template.sections)}
        seen: dict[str, object] = {}
        last = -1
        for sec in report.sections:
            pos = order[sec.id]
            h = sec.heading
            expected = sec.definition.number
            target = section_target(sec.id)
            if sec.id in seen:
                yield self.diagnostic("twice", h.span, help="help_twice", target=target, number=expected, title=h.title)
                continue
            seen[sec.id] = sec
            if h.ordinal != pos + 1:
                num_span = Span(h.span.start, h.span.start + len(h.number))
                yield self.diagnostic(
                    "number",
                    num_span,
                    help="help_number",
                    target=target,
                    title=h.title,
                    expected=expected,
                    found=h.number,
                )
            if pos < last:
                yield self.diagnostic(
                    "order",
                    h.span,
                    help="help_order",
                    target=target,
                    number=expected,
                    title=h.title,
                    previous=cn_numeral(last + 1),
                )
            last = max(last, pos)


_TRAILING_PUNCT = "。．.，,：:；;、\u3000"


def _trailing_start(title: str) -> int:
    """Where the run of punctuation and blanks ending ``title`` starts (``len(title)`` when there is none).

    A backwards scan rather than a ``[…]+$`` search, which is quadratic on a long run of blanks."""
    i = len(title)
    while i > 0 and (title[i - 1] in _TRAILING_PUNCT or title[i - 1].isspace()):
        i -= 1
    return i


class SectionTitle(Rule):
    code = "S103"
    name = "section-title"
    severity = Severity.WARNING
    fix_safety = "safe"
    summary = {"zh": "部分标题与格式规定的表述不一致", "en": "Section heading differs from the official wording"}
    description = {
        "zh": "部分标题应使用年度报告格式的表述。标题末尾多出的标点（如“。”）可自动删除。"
        "使用《条例》第五十条原文表述的（如“因政府信息公开工作被申请行政复议、提起行政诉讼情况”“政府信息公开工作存在的主要问题及改进情况”）"
        "属于合法写法，只作提示。",
        "en": "Headings use the wording of the format. Trailing punctuation (such as 。) is removed by --fix. The "
        "wording of article 50 itself is accepted and reported at most as info.",
    }
    basis = FORMAT_BASIS
    examples = {
        "fail": GOOD_REPORT.replace("三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请情况。"),
        "pass": GOOD_REPORT,
    }
    messages = {
        "punct": {"zh": "标题末尾有多余的标点“{punct}”", "en": "the heading ends with stray punctuation “{punct}”"},
        "wording": {
            "zh": "标题“{found}”与格式规定的“{official}”不一致",
            "en": "heading “{found}” differs from the official “{official}”",
        },
        "article50": {
            "zh": "标题“{found}”使用了《条例》第五十条的表述，格式规定为“{official}”",
            "en": "heading “{found}” uses the wording of article 50; the format says “{official}”",
        },
        "help_punct": {"zh": "删除标题末尾的标点", "en": "remove the punctuation at the end of the heading"},
        "help_wording": {"zh": "改为“{official}”", "en": "use “{official}”"},
        "fix": {"zh": "删除标题末尾的标点", "en": "remove trailing punctuation"},
    }

    def check(self, report):
        for sec in report.sections:
            h = sec.heading
            official = sec.definition.heading
            target = section_target(sec.id)
            t = _trailing_start(h.title)
            tail = h.title[t:]
            if tail.strip():
                a = h.title_span.start + t
                b = h.title_span.start + len(h.title)
                fix = Fix((Edit(Span(a, b), ""),), safe=True, description=self.messages["fix"])
                yield self.diagnostic(
                    "punct", Span(a, b), help="help_punct", fix=fix, target=target, punct=tail.strip()
                )
            found = f"{h.number}、{h.title[:t]}"
            if h.match == "info-alias":
                yield self.diagnostic(
                    "article50",
                    h.title_span,
                    help="help_wording",
                    severity=Severity.INFO,
                    target=target,
                    found=found,
                    official=official,
                )
            elif h.match in ("alias", "fuzzy", "keyword"):
                yield self.diagnostic(
                    "wording", h.title_span, help="help_wording", target=target, found=found, official=official
                )


class EmptySection(Rule):
    code = "S104"
    name = "empty-section"
    severity = Severity.WARNING
    summary = {"zh": "部分没有任何内容", "en": "A section has no content"}
    description = {
        "zh": "部分标题下没有任何文字或表格。确无可报告的事项时，也应写明“无”，以免读者以为内容遗漏。"
        "报告末尾的落款（单位名称、日期）不算内容。",
        "en": "A heading with nothing under it. Even with nothing to report, write 无 so readers do not suspect an "
        "omission. The sign-off at the end (agency name, date) does not count as content.",
    }
    basis = FORMAT_BASIS
    examples = {"fail": GOOD_REPORT.replace("本年度未收取信息处理费。", "").rstrip(), "pass": GOOD_REPORT}
    messages = {
        "empty": {"zh": "第{number}部分“{title}”没有任何内容", "en": "section {number} “{title}” is empty"},
        "help": {"zh": "补充本部分内容；确无内容的，写明“无”", "en": "add the content; if there is none, write 无"},
    }

    def check(self, report):
        for sec in report.sections:
            if not sec.has_content:
                yield self.diagnostic(
                    "empty",
                    sec.heading.span,
                    help="help",
                    target=section_target(sec.id),
                    number=sec.definition.number,
                    title=sec.definition.title,
                )


_EN_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
# "由……N个部分组成": a verb, then within 200 characters of the same clause the first "N个部分".  Found in
# linear time: the verbs and the "N个部分" are searched separately and paired by bisection (the one-regex
# form, a lazy gap followed by ``\s*个?\s*``, was quadratic on runs of blanks).
_PARTS_VERB = re.compile(r"由|包括|分为|包含")
_PARTS_COUNT = re.compile(r"([一二三四五六七八九十两]|\d{1,2})\s*(?:个\s*)?部分")
_PARTS_NUMERAL = re.compile(r"[一二三四五六七八九十两\d]")
_PARTS_GAP = 200


def _declared_parts(text: str) -> tuple[str, int, int] | None:
    """(numeral, its offset, end of "部分") of the first "由……N个部分" of ``text``, or None."""
    from bisect import bisect_left

    if "部分" not in text:  # every count holds it: no need to try the numerals
        return None
    counts = []  # (offset of the numeral, match)
    for n in _PARTS_NUMERAL.finditer(text):
        m = _PARTS_COUNT.match(text, n.start())
        if m:
            counts.append((n.start(), m))
    if not counts:
        return None
    offsets = [o for o, _ in counts]
    stops = [i for i, ch in enumerate(text) if ch in "。；"]
    for v in _PARTS_VERB.finditer(text):
        lo = v.end()
        k = bisect_left(stops, lo)
        hi = min(lo + _PARTS_GAP, stops[k] - 1 if k < len(stops) else len(text))
        i = bisect_left(offsets, lo)
        if i < len(offsets) and offsets[i] <= hi:
            m = counts[i][1]
            return m.group(1), m.start(1), m.end(0)
    return None


class DeclaredParts(Rule):
    code = "S105"
    name = "declared-parts"
    severity = Severity.WARNING
    summary = {"zh": "引言所述的部分数与实际不符", "en": "The introduction declares the wrong number of parts"}
    description = {
        "zh": "引言中写明“本报告由……N个部分组成”时，N 应为 6，并与正文实际的部分数一致。",
        "en": "When the introduction says the report has N parts (由……N个部分组成), N must be 6 and match the body.",
    }
    basis = FORMAT_BASIS
    examples = {
        "fail": GOOD_REPORT.replace("\n\n一、总体情况", "\n\n本报告由总体情况等五个部分组成。\n\n一、总体情况"),
        "pass": GOOD_REPORT.replace("\n\n一、总体情况", "\n\n本报告由总体情况等六个部分组成。\n\n一、总体情况"),
    }
    messages = {
        "count": {
            "zh": "引言称报告由 {declared} 个部分组成，但年度报告格式规定为 {expected} 个部分（正文实有 {found} 个）",
            "en": "the introduction says the report has {declared} parts; the format has {expected} (the body has {found})",
        },
        "mismatch": {
            "zh": "引言称报告由 {declared} 个部分组成，但正文有 {found} 个部分",
            "en": "the introduction says {declared} parts, but the body has {found}",
        },
        "help": {
            "zh": "按格式补齐{parts}个部分，并把引言改为“{parts}个部分”",
            "en": "give the report all {parts} parts and say so in the introduction",
        },
    }

    def check(self, report):
        found = len({s.id for s in report.sections})
        expected = len(report.template.sections)  # the format's parts (six in both editions)
        parts = {
            "zh": cn_numeral(expected),
            "en": _EN_NUMBERS[expected] if expected < len(_EN_NUMBERS) else str(expected),
        }
        candidates = list(report.intro)
        if report.title is not None:
            candidates.insert(0, report.title)
        for p in candidates:
            m = _declared_parts(p.text)
            if not m:
                continue
            raw, start, end = m
            declared = int(raw) if raw.isdigit() else (2 if raw == "两" else cn_number(raw))
            span = Span(p.span.start + start, p.span.start + end)
            if declared != expected:
                yield self.diagnostic(
                    "count",
                    span,
                    help="help",
                    target=DOCUMENT,
                    declared=declared,
                    found=found,
                    expected=expected,
                    parts=parts,
                )
            elif declared != found:
                yield self.diagnostic(
                    "mismatch", span, help="help", target=DOCUMENT, declared=declared, found=found, parts=parts
                )
            return


class StrayHeading(Rule):
    code = "S106"
    name = "stray-heading"
    severity = Severity.WARNING
    summary = {"zh": "出现不属于任何部分的一级标题", "en": "A top-level heading that belongs to no section"}
    description = {
        "zh": "形如“一、……”的一级标题，但不是年度报告的任何一个部分，常见于误粘贴了其他文件（通知、制度）的正文。"
        "表格中的行标签（如“一、本年新收政府信息公开申请数量”）不在此列。",
        "en": "A numbered top-level heading that is none of the six sections, typically from another document pasted "
        "into the report. Table row labels such as 一、本年新收政府信息公开申请数量 are not headings.",
    }
    basis = {
        "zh": "2021年版年度报告格式：年度报告内容要严格按照《条例》第五十条确定，“不宜泛化”。",
        "en": "2021 format: the contents follow article 50 strictly and should not stray (不宜泛化).",
    }
    examples = {
        "fail": GOOD_REPORT.replace(
            "全年主动公开政府信息320条。", "全年主动公开政府信息320条。\n\n一、切实提高政治站位\n\n各单位要高度重视。"
        ),
        "pass": GOOD_REPORT,
    }
    messages = {
        "stray": {
            "zh": "一级标题“{heading}”不属于年度报告的任何部分，可能误粘贴了其他文件的内容",
            "en": "top-level heading “{heading}” belongs to no section of the report; text of another document may have been pasted",
        },
        "help": {
            "zh": "删除粘贴的内容，或改为本部分的下级标题（如“（一）”）",
            "en": "remove the pasted text, or make it a sub-heading such as （一）",
        },
    }

    def check(self, report):
        for h in report.stray_headings:
            owner = report.section_at(h.span.start)  # the section whose text the heading interrupts
            yield self.diagnostic(
                "stray",
                h.span,
                help="help",
                target=section_target(owner.id) if owner else DOCUMENT,
                heading=f"{h.number}、{h.title}",
            )


_PAREN_ENUM = re.compile(r"^[\s\u3000]*[（(]\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*[)）]")
# 一是 … 二是 …: a numeral before 是, not itself after a numeral or a word that makes it 统一是, 唯一是 … (that
# test is made in _shi_enums: a pattern starting with a look-behind is tried at every character)
_SHI_ENUM = re.compile(r"([一二三四五六七八九十])是(?!否|非)")
_NOT_BEFORE_SHI = frozenset("一二三四五六七八九十统唯同第单总万")


def _shi_enums(text: str) -> Iterator[re.Match]:
    """The 一是 / 二是 … enumerations of a paragraph, in order."""
    for m in _SHI_ENUM.finditer(text):
        k = m.start()
        if k == 0 or text[k - 1] not in _NOT_BEFORE_SHI:
            yield m


class SubheadingNumbering(Rule):
    code = "S107"
    name = "subheading-numbering"
    severity = Severity.INFO
    summary = {"zh": "下级标题编号不连续或样式混用", "en": "Sub-heading numbering is broken"}
    description = {
        "zh": "同一部分内的（一）（二）（三）编号应连续、样式一致（不要在“（一）”之后出现“（2）”）；"
        "“一是……二是……”的列举不应重复或跳号。",
        "en": "Within a section, （一）（二）（三） run in sequence in one style (no （2） after （一）), and "
        "一是 … 二是 … enumerations neither repeat nor skip.",
    }
    basis = {
        "zh": "公文写作规范：层次序号依次为“一、”“（一）”“1.”“（1）”。",
        "en": "Official document style: levels are numbered 一、 then （一） then 1. then （1）.",
    }
    examples = {
        "fail": GOOD_REPORT.replace(
            "公开内容还不够全面。", "（一）存在的问题。公开内容还不够全面。\n\n（2）改进措施。加强培训。"
        ),
        "pass": GOOD_REPORT.replace(
            "公开内容还不够全面。", "（一）存在的问题。公开内容还不够全面。\n\n（二）改进措施。加强培训。"
        ),
    }
    messages = {
        "style": {
            "zh": "下级标题“{found}”与前面的“{previous}”编号样式不一致",
            "en": "sub-heading “{found}” is numbered in another style than “{previous}”",
        },
        "paren_seq": {
            "zh": "下级标题编号“{found}”不连续（上一个是“{previous}”）",
            "en": "sub-heading number “{found}” breaks the sequence (previous “{previous}”)",
        },
        "shi_seq": {
            "zh": "列举“{found}”不连续（上一个是“{previous}”）",
            "en": "enumeration “{found}” breaks the sequence (previous “{previous}”)",
        },
        "help": {"zh": "按顺序编号：应为“{expected}”", "en": "number in sequence: expected “{expected}”"},
    }

    def check(self, report):
        for sec in report.sections:
            target = section_target(sec.id)
            prev = None  # (value, style, text)
            for p in sec.paragraphs:
                m = _PAREN_ENUM.match(p.text)
                if m:
                    raw = m.group(1)
                    style = "digit" if raw.isdigit() else "cn"
                    value = int(raw) if raw.isdigit() else cn_number(raw)
                    span = Span(p.span.start + m.start(), p.span.start + m.end())
                    text = m.group(0).strip()
                    if prev is not None and value != 1:
                        exp_val = prev[0] + 1
                        expected = f"（{cn_numeral(exp_val) if prev[1] == 'cn' else exp_val}）"
                        if style != prev[1]:
                            yield self.diagnostic(
                                "style",
                                span,
                                help="help",
                                target=target,
                                found=text,
                                previous=prev[2],
                                expected=expected,
                            )
                            # keep counting in the established style: （一）（二）（3）（四） is one finding
                            style = prev[1]
                            text = f"（{cn_numeral(value) if style == 'cn' else value}）"
                        elif value != exp_val:
                            yield self.diagnostic(
                                "paren_seq",
                                span,
                                help="help",
                                target=target,
                                found=text,
                                previous=prev[2],
                                expected=expected,
                            )
                    prev = (value, style, text)
            last = None
            for p in sec.paragraphs:
                in_para = False
                for m in _shi_enums(p.text) if "是" in p.text else ():  # every match holds 是
                    value = cn_number(m.group(1))
                    span = Span(p.span.start + m.start(), p.span.start + m.end())
                    if last is not None and (value != 1 or in_para) and value != last + 1:
                        yield self.diagnostic(
                            "shi_seq",
                            span,
                            help="help",
                            target=target,
                            found=m.group(0),
                            previous=f"{cn_numeral(last)}是",
                            expected=f"{cn_numeral(last + 1)}是",
                        )
                    last = value
                    in_para = True
