"""N5xx — what the text says against the tables: stated figures (N501), breakdowns (N502), shares
(N503) and the report year (N504).

The figures are found once per report by :mod:`xxgk_lint.recognise.narrative`; which wording names which
table cell is data (``linter/templates/<edition>.statements.json``).  Only plainly the same quantity is
compared, and a table cell that is blank, unreadable or in a row that could not be aligned (T203) is never
compared: a false alarm here costs an agency more than a miss.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from xxgk_lint.diagnostics import Severity, Target
from xxgk_lint.document import Span
from xxgk_lint.recognise.narrative import fold, narrative
from xxgk_lint.report import Report
from xxgk_lint.rule import Rule
from xxgk_lint.rules.common import bt_name, cell_target, col_name, example_report, row_name, row_target, table_target

FORMAT_BASIS = {
    "zh": "《中华人民共和国政府信息公开条例》第五十条规定年度报告应当包括的内容；正文的数字与表格应当一致，"
    "不一致的报告一经公布即难以更正。",
    "en": "条例 art. 50 lists what the annual report contains; the figures in the text must agree with the "
    "tables, and a published contradiction is hard to correct.",
}


def with_text(edition: str, section: str, text: str, figures: dict | None = None, year: int | None = None, **kw) -> str:
    """An example report (every figure 0 unless given) with ``text`` as the first paragraph of section ``section``
    (its heading number, e.g. "三")."""
    rep = example_report(edition, figures=figures, year=year, **kw)
    lines = rep.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(section + "、"):
            lines[i + 1 : i + 1] = ["", text]
            break
    return "\n".join(lines)


def _parts_of(bt, col: str) -> list[str] | None:
    """The columns a total column of table 三 or 四 adds up (总计 = the applicants' columns; review_total =
    review_upheld … review_pending), or None."""
    ids = bt.definition.column_ids
    if bt.id.split(".")[-1] == "t3" and col == "total":
        return [c for c in ids if c != "total"]
    if bt.id.split(".")[-1] == "t4" and col.endswith("_total"):
        pre = col[: -len("total")]
        return [c for c in ids if c.startswith(pre) and c != col]
    return None


def _sum(report: Report, alt, parts: bool = False) -> tuple[Decimal | None, list]:
    """The sum of the cells of one alternative, or None when any of them cannot be read.  ``parts``: a total
    cell is replaced by the sum of the cells it totals (the text may agree with those while the 总计 cell is
    the table's own mistake, which A301 reports)."""
    total, cells = Decimal(0), []
    for ref in alt:
        bt = report.tables.get(ref.table)
        if bt is None:
            return None, []
        if ref.row.endswith("*"):
            ids = [r for r in bt.definition.row_ids if r.startswith(ref.row[:-1])]
        else:
            ids = [ref.row] if ref.row in bt.definition.row_ids else []
        if not ids:
            return None, []
        for rid in ids:
            br = bt.row(rid)
            if br is None or not br.trusted:
                return None, []
            cols = (_parts_of(bt, ref.column) if parts else None) or [ref.column]
            for col in cols:
                bc = br.cells.get(col)
                if bc is None or bc.figure.value is None or not bc.trusted:
                    return None, []
                total += bc.figure.value
                cells.append((bt, bc))
    return total, cells


def _num(v: Decimal) -> str:
    return format(v.normalize(), "f") if v == v.to_integral() else str(v)


class NarrativeContradictsTable(Rule):
    code = "N501"
    name = "narrative-contradicts-table"
    severity = Severity.ERROR
    summary = {"zh": "正文所述数字与表格不一致", "en": "a figure stated in the text contradicts the table"}
    description = {
        "zh": "正文中关于申请数量（收到/受理/新收…申请 N 件，未收到申请即为 0）、办理结果（予以公开、部分公开、不予公开、"
        "无法提供、不予处理、其他处理及“予以公开及部分公开”之和）、结转、行政复议和行政诉讼案件数、规范性文件"
        "（制发/废止/现行有效）以及行政许可、处罚、强制决定数的表述，与表格中同一数量的单元格（或单元格之和）比较。"
        "写明“含上年结转”的总数与表三“一＋二”比较；未写明时与“一”或“一＋二”之一相符即可。"
        "只比较明确为同一数量的表述：第一部分“政策文件类信息 N 条”是主动公开信息的类别，不与表二规范性文件比较；"
        "表格单元格为空、无法读取或该行未能对齐时不比较。哪些措辞对应哪些单元格写在模板数据"
        "（linter/templates/<版本>.statements.json）中。",
        "en": "Statements of the text about applications (收到/受理/新收…申请 N 件; 未收到申请 is 0), results (予以公开, 部分公开, "
        "不予公开, 无法提供, 不予处理, 其他处理, and sums such as 予以公开及部分公开), carry-overs, administrative reviews "
        "and lawsuits, 规范性文件 (issued / repealed / in force) and licensing, penalty and enforcement decisions are "
        "compared with the table cell (or sum of cells) holding the same quantity. A total that says it includes "
        "the carried-over applications (含上年结转) is compared with 一 + 二 of table 三; otherwise agreeing with 一 "
        "or with 一 + 二 is enough. Only plainly the same quantity is compared: 政策文件类信息 in section 一 is a "
        "category of proactive disclosure, not table 二's 规范性文件; blank, unreadable or unaligned cells are "
        "never compared. Which wording names which cells is template data (linter/templates/<edition>.statements.json).",
    }
    basis = FORMAT_BASIS
    examples = {
        "fail": with_text("2021", "三", "本年度共收到政府信息公开申请2件，均已按时答复。"),
        "pass": with_text(
            "2021",
            "三",
            "本年度共收到政府信息公开申请两件，均已按时答复。",
            figures={"t3.new": {"natural": "2", "total": "2"}, "t3.disclosed": {"natural": "2", "total": "2"}},
        ),
    }
    messages = {
        "contradiction": {
            "zh": "正文称{quantity}为 {stated}，但{table}“{cell}”为 {actual}",
            "en": "the text gives {quantity} as {stated}, but {table} “{cell}” holds {actual}",
        },
        "cell": {"zh": "表格中的数字：{actual}", "en": "the table's figure: {actual}"},
        "help": {
            "zh": "核对正文与表格，改正其中错误的一处",
            "en": "check the text against the table and correct whichever is wrong",
        },
    }

    def check(self, report: Report) -> Iterator:
        for st in narrative(report).stated:
            known, agree = [], False
            for alt in st.accept:
                value, cells = _sum(report, alt)
                if value is None:
                    known = None
                    break
                if value == st.value or _sum(report, alt, parts=True)[0] == st.value:
                    agree = True
                    break
                known.append((value, cells))
            if agree or not known:
                continue
            value, cells = known[0]
            bt = cells[0][0]
            rows = list(dict.fromkeys(bc.row for _, bc in cells))
            if len(cells) == 1:
                bc = cells[0][1]
                cell = f"{row_name(bt, bc.row)}·{col_name(bt, bc.col)}"
                target = cell_target(bt, bc.row, bc.col)
            elif len(cells) <= 2 or len({bc.col for _, bc in cells}) > 1:
                cell = "＋".join(f"{row_name(b, c.row)}·{col_name(b, c.col)}" for b, c in cells)
                target = row_target(bt, rows[0]) if len(rows) == 1 else table_target(bt)
            else:
                first, last = row_name(bt, rows[0]), row_name(bt, rows[-1])
                cell = f"{first}…{last} 之和·{col_name(bt, cells[0][1].col)}"
                target = table_target(bt)
            related = tuple(
                (bc.figure.span, "cell", {"actual": bc.figure.raw}) for _, bc in cells[:3] if bc.figure.span is not None
            )
            yield self.diagnostic(
                "contradiction",
                st.span,
                help="help",
                related=related,
                target=target,
                quantity=st.statement.name,
                stated=st.raw,
                table=bt_name(bt),
                cell=cell,
                actual=_num(value),
            )


# parts naming who took part or what a case touches may overlap (both leaders at one press conference; one
# application about two matters): they are not a partition of the total
_OVERLAP = re.compile(r"出席|参加|参与|主持|陪同|列席|到场|带队|接待|涉及")


def _noun(label: str) -> str:
    """The last two characters of a part's wording: the kind it counts (…信息, …发布, …解读)."""
    return re.sub(r"(?:共|共计|合计|为|达|有|约)+$", "", label)[-2:]


def _partition(bd) -> bool:
    """Whether parts adding up to more than the total plainly contradict it: not when they may overlap, nor when a
    first run of them already makes up the total exactly and the rest is of another kind (channels that make up the
    total, then “发布政策解读30条”, a kind of information also published through them); the rest still counts when
    it is worded as the same kind as the run (all “…信息 N 条”)."""
    labels = bd.labels or [""] * len(bd.parts)
    if any(_OVERLAP.search(lb) for lb in labels):
        return False
    run = Decimal(0)
    for i, p in enumerate(bd.parts[:-1]):
        run += p.value
        if run == bd.total.value:
            kinds = {_noun(lb) for lb in labels[: i + 1]}
            same = len(kinds) == 1 and "" not in kinds and all(_noun(lb) in kinds for lb in labels[i + 1 :])
            return same
    return True


class BreakdownSum(Rule):
    code = "N502"
    name = "breakdown-sum"
    severity = Severity.WARNING
    summary = {
        "zh": "“共 X，其中 a、b…”的分项之和与总数不符",
        "en": "the parts of “共 X，其中 a、b…” do not add up to the total",
    }
    description = {
        "zh": "“共 X 条，其中 a 条、b 条…”（或总数后紧跟的括号内列举）中，同一单位的分项之和大于总数；或列举以“其他/其余”"
        "结尾（即列举完整）而分项之和小于总数。以“等”“主要有”“包括”表明只是举例的列举不视为完整；"
        "括号内的再分项、其他单位的数字和百分比不计入。",
        "en": "In “共 X 条，其中 a 条、b 条…” (or a parenthesised list right after the total) the parts in the same unit "
        "add up to more than X, or, when the list is exhaustive (it ends with 其他 / 其余), to less than X. Lists "
        "marked as examples (等, 主要有, 包括) are not exhaustive; nested breakdowns in brackets, figures in "
        "other units and percentages are not counted.",
    }
    basis = FORMAT_BASIS
    examples = {
        "fail": with_text("2021", "二", "全年主动公开政府信息120条，其中网站发布90条，政务新媒体发布40条。"),
        "pass": with_text("2021", "二", "全年主动公开政府信息120条，其中网站发布90条，政务新媒体发布30条。"),
    }
    messages = {
        "over": {
            "zh": "分项之和 {sum} 大于总数 {total}（{parts}）",
            "en": "the parts add up to {sum}, more than the total {total} ({parts})",
        },
        "under": {
            "zh": "列举以“其他”结尾，但分项之和 {sum} 小于总数 {total}（{parts}）",
            "en": "the list ends with 其他 but its parts add up to {sum}, less than the total {total} ({parts})",
        },
        "total": {"zh": "总数 {total}", "en": "the total {total}"},
        "help": {"zh": "核对总数和各分项", "en": "check the total and each part"},
    }

    def check(self, report: Report) -> Iterator:
        for bd in narrative(report).breakdowns:
            s = sum((p.value for p in bd.parts), Decimal(0))
            total = bd.total.value
            key = "over" if s > total else ("under" if s < total and bd.exhaustive else None)
            if key is None or (key == "over" and not _partition(bd)):
                continue
            sec = report.section_at(bd.total.span.start)
            parts = "＋".join(p.raw for p in bd.parts)
            yield self.diagnostic(
                key,
                Span(bd.total.span.start, bd.parts[-1].span.end),
                help="help",
                related=((bd.total.span, "total", {"total": bd.total.raw}),),
                target=Target("section", section=sec.id) if sec and sec.id else Target("document"),
                sum=_num(s),
                total=bd.total.raw,
                parts=parts,
            )


class Percentage(Rule):
    code = "N503"
    name = "percentage"
    severity = Severity.WARNING
    summary = {"zh": "所述比例与其所指的数字不符", "en": "a stated share does not match the figures it names"}
    description = {
        "zh": "“A N 条，占总数的 p%”“占比 p%”中的比例与 N ÷ 总数 比较。总数为同一句中“共/累计/合计 X”的数字或"
        "“共 X，其中…”的总数；找不到总数的比例不检查。容差随写法的精度：写成整数百分比时，四舍五入或截尾得到该整数即为正确；"
        "“8.4%”按 0.05 个百分点核对。选项 tolerance 可再放宽（单位：百分点）。",
        "en": "A share (“N 条，占总数的 p%”, “占比 p%”) is compared with N ÷ the total; the total is the figure marked "
        "共 / 累计 / 合计 in the same sentence or the total of a “共 X，其中…” list; a share without a total is not "
        "checked. The tolerance follows the precision written: a whole percent is right when rounding or truncating "
        "gives it; 8.4% is checked to 0.05 points. Option tolerance widens it (in points).",
    }
    basis = FORMAT_BASIS
    options = {
        "tolerance": {
            "type": "number",
            "minimum": 0,
            "default": 0,
            "description": {
                "zh": "在写法精度之外再放宽的容差（百分点）",
                "en": "extra tolerance beyond the written precision, in percentage points",
            },
        }
    }
    examples = {
        "fail": with_text(
            "2021", "二", "全年主动公开政府信息200条，其中政策解读20条，占总数的15%；其他信息180条，占总数的90%。"
        ),
        "pass": with_text(
            "2021", "二", "全年主动公开政府信息200条，其中政策解读20条，占总数的10%；其他信息180条，占总数的90%。"
        ),
    }
    messages = {
        "share": {
            "zh": "所述比例 {percent}% 与 {figure} ÷ {base} = {actual}% 不符",
            "en": "the stated share {percent}% does not match {figure} ÷ {base} = {actual}%",
        },
        "help": {"zh": "核对比例或其所指的数字", "en": "check the share or the figures it refers to"},
    }

    def check(self, report: Report) -> Iterator:
        extra = Decimal(str(self.opts["tolerance"]))
        for sh, fig, base in narrative(report).shares:
            actual = fig.value * 100 / base.value
            step = Decimal(1).scaleb(-sh.decimals)
            diff = actual - sh.percent
            if abs(diff) <= step / 2 + extra or (0 <= diff < step):
                continue
            shown = actual.quantize(step / 10, rounding=ROUND_HALF_UP)
            sec = report.section_at(sh.span.start)
            yield self.diagnostic(
                "share",
                sh.span,
                help="help",
                related=(
                    (fig.span, "share", {"percent": sh.percent, "figure": fig.raw, "base": base.raw, "actual": shown}),
                ),
                target=Target("section", section=sec.id) if sec and sec.id else Target("document"),
                percent=_num(sh.percent),
                figure=fig.raw,
                base=base.raw,
                actual=str(shown),
            )


_YEAR = r"((?:19|20)\d{2})\s*年"
# the intro's claim of the report year: “现将…2023年度…报告/工作情况…”, or a year that itself names the
# disclosure work (“本报告…2023年度政府信息公开工作…”); not the year a regulation was revised, last year's report
# used as a model or the month the report can be read from
_INTRO_CLAIMS = (
    re.compile(
        r"(?:现将|现就|现予|现向社会公布|现公布)[^。；]{0,40}?" + _YEAR + r"(?!\s*\d{1,2}\s*月)\s*度?\s*(?:的)?"
        r"[^。；]{0,30}?(?:年度报告|工作情况|年度情况)"
    ),
    re.compile(
        r"(?:编制|本报告[为是]?|特?发布)[^。；]{0,40}?" + _YEAR + r"\s*度?\s*(?:的)?(?:本机关|本单位|本局|本部门)?"
        r"(?:政府信息公开|信息公开|政务公开)"
    ),
)
_DATE_RANGE = (
    r"(?:(?P<y1>(?:19|20)\d{2})\s*年\s*)?(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日\s*(?:起)?\s*(?:至|到|—|–|-|~|～)\s*"
    r"(?:(?P<y2>(?:19|20)\d{2})\s*年\s*)?(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日"
)
# the wording of a statistics period: 统计期限/统计时限/…, or 数据统计/统计数据/所列数据 right before the range
# (“所列数据自…起至…止”); not any range a little after 数据统计 (“数据统计专项培训，时间为3月1日至3月3日”)
PERIOD = re.compile(
    r"(?:(?:(?:所列数据|数据统计|统计数据)(?:的)?)?(?:统计期限|统计期间|统计时限|统计时间|统计区间|统计时段|统计周期|统计范围|统计日期|统计口径)[^。；，,]{0,16}?"
    r"|(?:数据统计|统计数据|所列数据)(?:的)?(?:时间段|时间|期限|时限|期间|区间|时段|范围|周期)?(?:均)?"
    r"(?:为|是|:)?\s*(?:自|从)?\s*)" + _DATE_RANGE
)


def periods(report: Report) -> list:
    """The declared statistics periods: (match, paragraph start) over the intro and body paragraphs (a paragraph
    in both lists is read once); found once per report (N504 and D60x read them)."""
    return report.memoised("periods", lambda: list(_periods(report)))


def _periods(report: Report):
    seen = set()
    for p in report.intro + report.body:
        if p.span.start in seen:
            continue
        seen.add(p.span.start)
        text = fold(p.text)
        if "统计" not in text and "所列数据" not in text:
            continue
        for m in PERIOD.finditer(text):
            yield m, p.span.start


class YearMismatch(Rule):
    code = "N504"
    name = "year-mismatch"
    severity = Severity.ERROR
    summary = {
        "zh": "标题、引言、统计期限或表格标题中的报告年度不一致",
        "en": "the report year differs between the title, the intro, the statistics period and the table headings",
    }
    description = {
        "zh": "以标题中的年度为准（无标题年度时以引言为准），与引言（“现将 2023 年度…报告如下”）、数据统计期限"
        "（“统计期限为 2023 年 1 月 1 日至 12 月 31 日”）和第二、三、四部分标题中写明的年度比较，不一致即报告。"
        "引用的文件名（如《关于 2023 年…的通知》）、下一年的工作计划不算。",
        "en": "The year in the title (or, without one, in the intro) is compared with the year of the intro (现将 2023 "
        "年度…报告如下), of the statistics period (统计期限为 2023 年 1 月 1 日至 12 月 31 日) and of the headings of "
        "sections 二, 三 and 四; any disagreement is reported. Titles of cited documents (《关于 2023 年…的通知》) and "
        "next year's plans do not count.",
    }
    basis = {
        "zh": "《条例》第五十条：年度报告报告上一年度的政府信息公开工作情况。",
        "en": "条例 art. 50: the annual report covers the previous calendar year.",
    }
    examples = {
        "fail": with_text("2021", "一", "本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。"),
        "pass": with_text("2021", "一", "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"),
    }
    messages = {
        "intro": {
            "zh": "引言所述年度 {found} 与标题的 {year} 年不一致",
            "en": "the intro names {found}, the title {year}",
        },
        "period": {
            "zh": "统计期限的年度 {found} 与标题的 {year} 年不一致",
            "en": "the statistics period is in {found}, the title names {year}",
        },
        "heading": {
            "zh": "标题“{heading}”中的年度 {found} 与报告标题的 {year} 年不一致",
            "en": "the heading “{heading}” names {found}, the report title {year}",
        },
        "title": {"zh": "报告标题的年度", "en": "the year in the report title"},
        "help": {"zh": "统一全文的报告年度", "en": "use one report year throughout"},
    }

    def check(self, report: Report) -> Iterator:
        year, yspan = report.year, report.year_span
        if year is None:
            return
        rel = ((yspan, "title", {}),) if yspan else ()
        doc = report.document.text
        for p in report.intro:
            text, seen = fold(p.text), set()
            for m in (m for rx in _INTRO_CLAIMS for m in rx.finditer(text)):
                if "《" in m.group(0) or "通知" in m.group(0) or m.start(1) in seen:
                    continue
                seen.add(m.start(1))
                y = int(m.group(1))
                s = Span(p.span.start + m.start(1), p.span.start + m.end(1))
                if y != year and (not yspan or s != yspan):
                    yield self.diagnostic(
                        "intro", s, help="help", related=rel, target=Target("document"), found=y, year=year
                    )
        for m, start in periods(report):
            for g in ("y1", "y2"):
                if m.group(g) and int(m.group(g)) != year:
                    yield self.diagnostic(
                        "period",
                        Span(start + m.start(g), start + m.end(g)),
                        help="help",
                        related=rel,
                        target=Target("document"),
                        found=int(m.group(g)),
                        year=year,
                    )
                    break
        for sec in report.sections:
            if sec.id not in ("s2", "s3", "s4"):
                continue
            h = sec.heading
            title = fold(doc[h.title_span.start : h.title_span.end])
            for m in re.finditer(_YEAR, title):
                y = int(m.group(1))
                if y != year:
                    yield self.diagnostic(
                        "heading",
                        Span(h.title_span.start + m.start(1), h.title_span.start + m.end(1)),
                        help="help",
                        related=rel,
                        target=Target("section", section=sec.id),
                        heading=title.strip(),
                        found=y,
                        year=year,
                    )
