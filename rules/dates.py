"""D6xx — dates and deadlines: publication after the deadline of 条例 第四十九条 (D601), a statistics
period that is not the calendar year (D602), no date at all (D603).

The date of a report is, in this order: the page's own publication date (``发布日期 / 发布时间 / 时间：``
near the top, or an HTML ``<meta name="PubDate">``), else the date of the signature at the end.  Every
message says which one was used.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from xxgk_lint.diagnostics import Severity, Target
from xxgk_lint.document import Span
from xxgk_lint.recognise.narrative import cn_number, fold
from xxgk_lint.report import Report
from xxgk_lint.rule import Rule
from xxgk_lint.rules.common import example_report
from xxgk_lint.rules.narrative import periods, with_text

_CN = "零〇○一二三四五六七八九十"
_ISO = r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})"
# a page's own date line: 发布时间：… / 时间：… (not 会议时间：… or 申请时间：…)
_HEADER = re.compile(
    r"(?:发布日期|发布时间|发文日期|成文日期|公开日期|(?<![\u4e00-\u9fff])日期|(?<![\u4e00-\u9fff])时间)\s*[:]\s*"
    + _ISO
)
_SIGN = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*(?:印发)?\s*$")
_SIGN_CN = re.compile(
    r"(?P<y>[二][" + _CN + r"]{3})\s*年\s*(?P<m>[" + _CN + r"]{1,3})\s*月\s*(?P<d>[" + _CN + r"]{1,3})\s*日\s*$"
)
_META = re.compile(
    r"""<meta\s[^>]{0,200}?(?:name|property)\s*=\s*["']?(?P<name>PubDate|publishdate|pubdate|firstpublishedtime|"""
    r"""article:published_time|dc\.date|dcterms\.issued)["']?[^>]{0,200}?content\s*=\s*["'](?P<content>[^"']{6,40})["']""",
    re.I,
)
_META_REV = re.compile(
    r"""<meta\s[^>]{0,200}?content\s*=\s*["'](?P<content>[^"']{6,40})["'][^>]{0,200}?(?:name|property)\s*=\s*["']?"""
    r"""(?P<name>PubDate|publishdate|pubdate|firstpublishedtime|article:published_time)""",
    re.I,
)
SOURCES = {
    "header": {"zh": "页面的发布时间", "en": "the page's publication date"},
    "meta": {"zh": "网页元数据 {name}", "en": "the page metadata {name}"},
    "signature": {"zh": "落款日期", "en": "the signature date"},
}


@dataclass(frozen=True)
class ReportDate:
    date: dt.date
    source: str  # "header", "meta", "signature"
    span: Span | None
    detail: str = ""  # the metadata name

    def said(self) -> dict[str, str]:
        return {lang: SOURCES[self.source][lang].format(name=self.detail) for lang in ("zh", "en")}


def _date(y, m, d) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except (ValueError, TypeError):
        return None


def _cn_year(s: str) -> int | None:
    digits = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    try:
        return int("".join(str(digits[c]) for c in s))
    except KeyError:
        return None


def meta_dates(report: Report) -> list[tuple[str, dt.date, str]]:
    """(name, date, raw) of the date metadata of an HTML page."""
    src = report.document.source_text
    if not src or report.document.format != "html":
        return []
    out = []
    head = src[:200_000]
    for rx in (_META, _META_REV):
        for m in rx.finditer(head):
            d = re.search(_ISO, fold(m.group("content")))
            if d and (got := _date(d["y"], d["m"], d["d"])):
                out.append((m.group("name"), got, fold(m.group("content"))))
    return out


_META_ANY = re.compile(
    r"""<meta\s[^>]{0,200}?(?:name|property|http-equiv)\s*=\s*["']?(?P<name>[\w:.-]*(?:date|time|modified)[\w:.-]*)["']?"""
    r"""[^>]{0,200}?content\s*=\s*["'](?P<content>[^"']{6,40})["']""",
    re.I,
)


def other_meta_dates(report: Report) -> list[str]:
    """``name=content`` of every date the file's metadata holds (for D603's message): the date-like
    ``<meta>`` of an HTML page, the core properties of a .docx, the document information of a PDF."""
    doc = report.document
    found = [f"{k}={v}" for k, v in (getattr(doc, "metadata", None) or {}).items() if re.search(_ISO, fold(v))]
    src = doc.source_text
    if src and doc.format == "html":
        found += [
            f"{m['name']}={m['content']}"
            for m in _META_ANY.finditer(src[:200_000])
            if re.search(_ISO, fold(m["content"]))
        ]
    return found


def signature_date(report: Report) -> ReportDate | None:
    doc = report.document
    tail = list(report.signoff) or []
    if not tail:
        tail = [p for p in doc.blocks[-6:] if getattr(p, "kind", "") == "paragraph"]
    for p in reversed(tail[-6:]):
        text = fold(p.text).rstrip()
        if len(text) > 60:
            continue
        m = _SIGN.search(text)
        if m and (d := _date(m["y"], m["m"], m["d"])):
            return ReportDate(d, "signature", Span(p.span.start + m.start(), p.span.start + m.end()))
        m = _SIGN_CN.search(text)
        if m:
            d = _date(_cn_year(m["y"]), cn_number(m["m"].replace("○", "〇")), cn_number(m["d"].replace("○", "〇")))
            if d:
                return ReportDate(d, "signature", Span(p.span.start + m.start(), p.span.start + m.end()))
    return None


def report_date(report: Report) -> ReportDate | None:
    """The report's date (computed once per report)."""
    return report.memoised("report_date", lambda: _report_date(report))


def _report_date(report: Report) -> ReportDate | None:
    found = None
    text = report.document.text
    first_section = report.sections[0].heading.span.start if report.sections else min(len(text), 3000)
    head = text[:first_section]
    for m in _HEADER.finditer(fold(head)):
        if d := _date(m["y"], m["m"], m["d"]):
            found = ReportDate(d, "header", Span(m.start(), m.end()))
            break
    if found is None:
        metas = meta_dates(report)
        if metas:
            name, d, _ = metas[0]
            found = ReportDate(d, "meta", None, name)
    if found is None:
        found = signature_date(report)
    return found


# -- agency kind --------------------------------------------------------------------------------------
_TOWNSHIP = re.compile(r"(?:(?:乡|镇|苏木)(?:人民政府|政府)|街道(?:办事处|办)?|片区(?:管理局|管委会|管理委员会)?)$")
_OFFICE = re.compile(r"(?:办公室|办公厅)$")
_OVERALL = re.compile(r"(?:省|市|县|区|州|旗|盟)(?:人民政府|政府)?$|(?:管委会|管理委员会)$")
_DEPARTMENT = re.compile(r"(?:局|委员会|委|厅|办|中心|院|署|所|站|队|处|部|会|社|馆|行)$")
KINDS = {
    "department": {"zh": "部门报告", "en": "a department's report"},
    "overall": {
        "zh": "县级以上人民政府（或具有同等职权的机构）的总体报告",
        "en": "the overall report of a county-or-higher government (or a body with those powers)",
    },
    "township": {"zh": "乡镇、街道或片区的报告", "en": "a township, street or 片区 report"},
}


def agency_name(report: Report) -> str | None:
    if report.title is None:
        return None
    title = re.sub(r"\s+", "", fold(report.title.text))
    m = re.match(r"^(.{2,40}?)(?:(?:19|20)\d{2})年", title)
    if m:
        return m.group(1)
    m = re.match(r"^(?:19|20)\d{2}年度?(.{2,40}?)(?:政府信息公开|政务公开)", title)
    return m.group(1) if m else None


def agency_kind(name: str | None) -> str | None:
    if not name:
        return None
    if _TOWNSHIP.search(name):
        return "township"
    if _OFFICE.search(name):
        return "department"
    if _OVERALL.search(name):
        return "overall"
    if _DEPARTMENT.search(name):
        return "department"
    return None


# a month-day that exists (02-29 is read as the last day of February in a common year): an impossible one such as
# 02-30 is a configuration error, not a check silently switched off
_MMDD = {
    "type": ["string", "null"],
    "pattern": "^(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31|02-29)$",
}


class LatePublication(Rule):
    code = "D601"
    name = "late-publication"
    severity = Severity.WARNING
    summary = {
        "zh": "报告日期晚于《条例》第四十九条规定的期限",
        "en": "the report is dated after the deadline of 条例 art. 49",
    }
    description = {
        "zh": "按《条例》第四十九条：部门的年度报告（包括人民政府办公室/办公厅自身的报告）应于每年1月31日前公布；"
        "县级以上地方人民政府的总体报告（或具有同等职权的机构，如覆盖全区域的管委会的报告）应于3月31日前公布；"
        "乡镇、街道、片区无全国统一期限，除非在配置中设定，否则不检查。期限当日公布不算晚。"
        "机构类型按标题中的机构名称判断（名称末尾为“办公室/办公厅”的为部门，“××县/市/区人民政府”“管委会”为总体报告，"
        "“乡/镇人民政府”“街道办事处”“片区管理局”为乡镇级），并在提示中写明；判断不了时不报告。"
        '报告日期依次取页面发布时间（“发布日期/发布时间/时间：”）、网页元数据（<meta name="PubDate">）和落款日期，'
        "提示中写明用了哪一个。选项 kind 可指定机构类型，agency-kinds 按机构名称、file-kinds 按文件路径指定类型，"
        "deadlines 可设定各类机构的期限（“MM-DD”，null 为不检查）；不同目录的报告也可用各自目录下的配置文件。",
        "en": "条例 art. 49: a department's report (including a government's own 办公室/办公厅 report) is published by "
        "31 January; the overall report of a county-or-higher people's government (or of a body with those powers, "
        "such as a 管委会 whose report covers the whole area) by 31 March; 乡镇 / 街道 / 片区 have no national "
        "deadline and are not checked unless configured. The deadline day itself is on time. The agency kind is "
        "inferred from the agency name in the title (ending in 办公室/办公厅: department; ××县/市/区人民政府 or 管委会: "
        "overall; 乡/镇人民政府, 街道办事处, 片区管理局: township) and said in the message; when it cannot be "
        "inferred nothing is reported. The date is the page's publication date (发布日期 / 发布时间 / 时间：), else the "
        'page metadata (<meta name="PubDate">), else the signature date; the message says which. Option kind '
        "sets the agency kind, agency-kinds sets it by agency name and file-kinds by file path; deadlines sets "
        'each kind\'s deadline ("MM-DD", null: not checked); reports in another directory can also have their '
        "own configuration file there.",
    }
    basis = {
        "zh": "《中华人民共和国政府信息公开条例》第四十九条：县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门"
        "提交本行政机关上一年度政府信息公开工作年度报告并向社会公布；县级以上地方人民政府的政府信息公开工作主管部门应当"
        "在每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告。",
        "en": "条例 art. 49: departments of county-or-higher governments publish their report on the previous year by "
        "31 January; the competent department of a county-or-higher local government publishes the government's "
        "overall report by 31 March.",
    }
    options = {
        "kind": {
            "type": "string",
            "enum": ["auto", "department", "overall", "township"],
            "default": "auto",
            "description": {"zh": "机构类型：auto 为按标题判断", "en": "agency kind: auto infers it from the title"},
        },
        "agency-kinds": {
            "type": "object",
            "additionalProperties": {"enum": ["department", "overall", "township"]},
            "default": {},
            "description": {
                "zh": '按机构名称（正则表达式，匹配标题中的机构名）指定类型，如 {"片区管理局$" = "department"}',
                "en": "agency kind by agency name (a regular expression searched in the title's agency "
                'name), e.g. {"片区管理局$" = "department"}',
            },
        },
        "file-kinds": {
            "type": "object",
            "additionalProperties": {"enum": ["department", "overall", "township"]},
            "default": {},
            "description": {
                "zh": '按文件路径（通配符，如 "reports/overall/*"）指定类型，优先于其他判断',
                "en": 'agency kind by file path (a glob such as "reports/overall/*"); wins over everything else',
            },
        },
        "deadlines": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"department": _MMDD, "overall": _MMDD, "township": _MMDD},
            "default": {"department": "01-31", "overall": "03-31", "township": None},
            "description": {
                "zh": "各类机构次年的公布期限（实际存在的月-日“MM-DD”，如 01-31；02-29 在平年为 2 月 28 日；"
                "null 为不检查）",
                "en": 'each kind\'s deadline in the following year (an existing month-day "MM-DD" '
                "such as 01-31; 02-29 is 28 February in a common year; null: not checked)",
            },
        },
    }
    examples = {
        "fail": example_report("2021", year=2022, dated=False) + "\n某县人民政府办公室\n2023年2月20日\n",
        "pass": example_report("2021", year=2022, dated=False) + "\n某县人民政府办公室\n2023年1月20日\n",
    }
    messages = {
        "late": {
            "zh": "报告日期 {date}（{source}）晚于期限 {deadline}（{kind}：“{agency}”）",
            "en": "the report is dated {date} ({source}), after the deadline {deadline} ({kind}: “{agency}”)",
        },
        "late-configured": {
            "zh": "报告日期 {date}（{source}）晚于期限 {deadline}（按配置为{kind}）",
            "en": "the report is dated {date} ({source}), after the deadline {deadline} (configured as {kind})",
        },
        "help": {
            "zh": "按期公布年度报告；机构类型判断有误时用选项 kind 指定",
            "en": "publish the report in time; if the agency kind is wrong, set it with option kind",
        },
    }

    def check(self, report: Report) -> Iterator:
        if report.year is None:
            return
        when = report_date(report)
        if when is None:
            return
        name = agency_name(report)
        kind = _configured_kind(self.opts, report.document.path, name)
        configured = kind is not None
        if kind is None:
            kind = agency_kind(name)
        if kind is None:
            return
        deadlines = {"department": "01-31", "overall": "03-31", "township": None}
        deadlines.update(self.opts.get("deadlines") or {})
        mmdd = deadlines.get(kind)
        if not mmdd:
            return
        mm, dd = mmdd.split("-")
        deadline = _date(report.year + 1, mm, dd) or (
            _date(report.year + 1, mm, "28") if (mm, dd) == ("02", "29") else None
        )
        if deadline is None or when.date <= deadline:
            return
        key = "late-configured" if configured else "late"
        yield self.diagnostic(
            key,
            when.span or report.year_span,
            help="help",
            target=Target("document"),
            date=when.date.isoformat(),
            source=when.said(),
            deadline=deadline.isoformat(),
            kind=KINDS[kind],
            agency=name or "",
        )


def _configured_kind(opts: dict, path: str, name: str | None) -> str | None:
    from fnmatch import fnmatch

    norm = (path or "").replace("\\", "/")
    for pattern, kind in (opts.get("file-kinds") or {}).items():
        if (
            fnmatch(norm, pattern)
            or fnmatch(norm, "*/" + pattern.lstrip("/"))
            or fnmatch(norm.rsplit("/", 1)[-1], pattern)
        ):
            return kind
    if name:
        for pattern, kind in (opts.get("agency-kinds") or {}).items():
            try:
                if re.search(pattern, name):
                    return kind
            except re.error:
                continue
    return opts["kind"] if opts.get("kind", "auto") != "auto" else None


_REASON = re.compile(r"由于|因此|因为|鉴于|机构改革|成立|组建|挂牌|启动|设立|调整")


class StatisticsPeriod(Rule):
    code = "D602"
    name = "statistics-period"
    severity = Severity.WARNING
    summary = {
        "zh": "所述统计期限不是报告年度的1月1日至12月31日",
        "en": "the declared statistics period is not 1 January – 31 December of the report year",
    }
    description = {
        "zh": "“本报告所列数据的统计期限自……起至……止”应为报告年度的1月1日至12月31日。只写“1月1日至12月31日”而不写第二个年份的，"
        "视为全年。句中说明了原因（如机构改革、新设立）的不报告。年份与标题不一致由 N504 报告。",
        "en": "The statistics period (本报告所列数据的统计期限自……起至……止) should be 1 January – 31 December of the report "
        "year; “1月1日至12月31日” without a second year is the full year. A period whose sentence gives a reason "
        "(a reorganisation, a new agency) is not reported. A year that differs from the title is N504's.",
    }
    basis = {
        "zh": "《条例》第五十条：年度报告报告上一年度（自然年度）的政府信息公开工作情况。",
        "en": "条例 art. 50: the report covers the previous (calendar) year.",
    }
    examples = {
        "fail": with_text("2021", "一", "本报告中所列数据的统计期限自2022年1月1日起至2022年11月30日止。"),
        "pass": with_text("2021", "一", "本报告中所列数据的统计期限为2022年1月1日至12月31日。"),
    }
    messages = {
        "period": {
            "zh": "统计期限为 {start} 至 {end}，不是 {year} 年全年",
            "en": "the statistics period is {start} to {end}, not the whole of {year}",
        },
        "help": {
            "zh": "统计期限应为 {year} 年1月1日至12月31日",
            "en": "the period should be 1 January – 31 December {year}",
        },
    }

    def check(self, report: Report) -> Iterator:
        if report.year is None:
            return
        for m, start in periods(report):
            y1 = int(m["y1"]) if m["y1"] else report.year
            y2 = int(m["y2"]) if m["y2"] else y1
            a, b = _date(y1, m["m1"], m["d1"]), _date(y2, m["m2"], m["d2"])
            if a is None or b is None:
                continue
            if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) and y1 == y2:
                continue
            sentence = m.string[max(0, m.start() - 60) : m.end() + 10]
            if _REASON.search(sentence):
                continue
            yield self.diagnostic(
                "period",
                Span(start + m.start(), start + m.end()),
                help="help",
                target=Target("document"),
                start=a.isoformat(),
                end=b.isoformat(),
                year=report.year,
            )


class MissingDate(Rule):
    code = "D603"
    name = "missing-date"
    severity = Severity.INFO
    summary = {"zh": "未找到发布日期或落款日期", "en": "no publication or signature date found"}
    description = {
        "zh": "报告中找不到发布时间（“发布日期/发布时间/时间：”）、网页元数据日期或落款日期，无法核对第四十九条的期限。"
        "文件元数据（网页的 <meta>、Word 文档属性的创建/修改时间、PDF 文档信息）中有日期时在提示中列出，供核对。",
        "en": "The report has no publication date (发布日期 / 发布时间 / 时间：), no page date metadata and no signature "
        "date, so the deadline of art. 49 cannot be checked. Dates the file's metadata holds (an HTML page's <meta>, a "
        "Word file's created/modified properties, a PDF's document information) are listed to help.",
    }
    basis = {
        "zh": "《条例》第四十九条规定了年度报告的公布期限；报告应写明成文或发布日期。",
        "en": "条例 art. 49 sets the deadlines; a report should carry its date.",
    }
    examples = {"fail": example_report("2021", dated=False), "pass": example_report("2021")}
    messages = {
        "missing": {"zh": "未找到发布日期或落款日期{meta}", "en": "no publication or signature date found{meta}"},
        "meta": {"zh": "（文件元数据：{dates}）", "en": " (file metadata: {dates})"},
        "help": {"zh": "在落款处写明成文日期", "en": "date the report at its signature"},
    }

    def check(self, report: Report) -> Iterator:
        if report_date(report) is not None:
            return
        metas = other_meta_dates(report)
        meta = (
            self._fmt("meta", {"dates": {"zh": "，".join(metas), "en": ", ".join(metas)}})
            if metas
            else {"zh": "", "en": ""}
        )
        yield self.diagnostic("missing", None, help="help", target=Target("document"), meta=meta)
