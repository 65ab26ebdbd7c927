"""X80x — comparisons between reports: one agency's consecutive years, and files of the same report.

These are :class:`~xxgk_lint.rule.AcrossRule`\\ s: they run once per run, after every file was linted,
on the :class:`~xxgk_lint.facts.ReportFacts` of all reports (:mod:`xxgk_lint.across`).  "Last year" is
the same agency's report for the year before, exactly (identity: :mod:`xxgk_lint.identity`); a missing
year gives nothing, and an agency-year with two files is not compared (X806 names both files).  A cell
is compared only when it is bound to the template in both reports (trusted) and holds a figure.  Rows
and columns are matched through the template data of each report's edition (by id, then by label), so
a 2020 report in the 2019 format is compared with the 2021 report in the 2021 format wherever the two
tables have the same cells.

Every finding names both files and both cells (``related`` entries carry the other file's path and
source line), and the outcome does not depend on the order the files were given in.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from xxgk_lint import templates
from xxgk_lint.diagnostics import Diagnostic, Severity, Target
from xxgk_lint.facts import CellFact, ReportFacts
from xxgk_lint.rule import AcrossContext, AcrossRule

ACROSS_BASIS = {
    "zh": "《中华人民共和国政府信息公开条例》第五十条（年度报告应当包括的内容）；年度报告格式（国办公开办函〔2019〕60号、"
    "〔2021〕30号）：同一机关相邻两年的报告是连续的统计，上一年的期末数（结转下年度继续办理、现行有效件数、"
    "项目数量）就是下一年的期初数。",
    "en": "Article 50 of the Regulations on the Disclosure of Government Information (what the annual report contains); "
    "the annual report format (国办公开办函〔2019〕60号 and 〔2021〕30号): one agency's reports of consecutive years "
    "are one continuous count, last year's closing figures (carried over to the next year, documents in force, "
    "numbers of items) are this year's opening figures.",
}

# the two-file examples: each file starts with a "==> path <==" line (xxgk_lint.ruledocs.example_files)
_T3_HEAD = "三、收到和处理政府信息公开申请情况\n\n申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n"


def _t3_file(path: str, agency: str, year: int, carried: str, carry_next: str, new: str | None = None) -> str:
    first = f"一、本年新收政府信息公开申请数量\t{new}\n" if new is not None else ""
    return (
        f"==> {path} <==\n{agency}{year}年政府信息公开工作年度报告\n\n{_T3_HEAD}{first}"
        f"二、上年结转政府信息公开申请数量\t{carried}\n四、结转下年度继续办理\t{carry_next}\n"
    )


_DECIMALS: dict[str, Decimal | None] = {}  # a cell's value text -> its Decimal (None: not a number)
_DECIMALS_MAX = 50_000  # distinct texts remembered (emptied when full): the reports repeat few figures


def _dec(cell: CellFact | None) -> Decimal | None:
    """The figure of a trusted, non-blank cell, else None (never compared)."""
    if cell is None or not cell.trusted:
        return None
    value = cell.value
    if value is None:
        return None
    try:
        return _DECIMALS[value]
    except KeyError:
        pass
    try:
        d: Decimal | None = Decimal(value)
    except (InvalidOperation, ValueError):
        d = None
    if len(_DECIMALS) >= _DECIMALS_MAX:
        _DECIMALS.clear()
    _DECIMALS[value] = d
    return d


def _figures(facts: ReportFacts) -> dict[tuple[str, str, str], tuple[CellFact, Decimal]]:
    """The cells of ``facts`` that hold a figure (:func:`_dec`), with it."""
    out = {}
    for k, c in facts.cells.items():
        d = _dec(c)
        if d is not None:
            out[k] = (c, d)
    return out


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return text


def _tdef(facts: ReportFacts, table_id: str):
    if facts.edition is None:
        return None
    try:
        return templates.load(facts.edition).table(table_id)
    except Exception:  # an unknown edition id (a custom template): nothing to map
        return None


def _names(c) -> set[str]:
    return {c.label, *c.aliases}


def corresponding_columns(this_def, last_def) -> list[tuple[str, str]]:
    """``(this year's column id, last year's column id)`` for the columns the two tables share: the same
    id, else the same label (or alias) in the template data; columns without a counterpart are left out."""
    out = []
    for c in this_def.columns:
        if c.id in last_def.column_ids:
            out.append((c.id, c.id))
            continue
        match = next((o for o in last_def.columns if _names(o) & _names(c)), None)
        if match is not None:
            out.append((c.id, match.id))
    return out


def _row_id(tdef, row_id: str) -> str | None:
    return row_id if tdef is not None and tdef.has_row(row_id) else None


def _row_label(tdef, row_id: str) -> str:
    label = tdef.row(row_id).label
    return label or row_id


def _target(tdef, row_id: str, col_id: str | None = None) -> Target:
    if col_id is None:
        return Target("row", table=tdef.id, row=row_id, section=tdef.section)
    return Target("cell", table=tdef.id, row=row_id, column=col_id, section=tdef.section)


def _year(f: ReportFacts) -> int:
    return int(f.identity.year or 0)


class CarryoverMismatch(AcrossRule):
    code = "X801"
    name = "carryover-mismatch"
    severity = Severity.ERROR
    located_rows = (("t3", "carried"), ("t3", "carry_next"))
    tags = ("across", "tables")
    summary = {
        "zh": "表三“二、上年结转”与上一年报告的“四、结转下年度继续办理”不一致",
        "en": "Table 三's 二、上年结转 differs from last year's 四、结转下年度继续办理",
    }
    description = {
        "zh": "同一机关上一年报告表三“四、结转下年度继续办理”的申请，就是本年报告表三“二、上年结转政府信息公开申请数量”。"
        "逐列比较（自然人、各类法人或其他组织、其他、总计），每一行报告一处，列出不一致的列及两边的数字。"
        "2020 年报告（2019 年格式）与 2021 年报告（2021 年格式）之间也比较：两种格式的行、列按模板数据对应，"
        "没有对应的列不比较。只比较两个文件中都已对齐模板且填有数字的单元格；没有上一年的报告（缺一年）、"
        "同一机关同一年有两个文件（见 X806）时不比较。",
        "en": "The applications an agency carried over to the next year (table 三, 四、结转下年度继续办理) in last year's "
        "report are the applications carried over from last year (二、上年结转政府信息公开申请数量) in this year's. "
        "Compared column by column (natural persons, each kind of legal person or organisation, other, total); one "
        "finding per row listing the columns that differ with both figures. Also compared from a 2020 report (2019 "
        "format) to a 2021 report (2021 format): rows and columns are matched through the template data, columns "
        "without a counterpart are skipped. Only cells bound to the template and holding a figure in both files "
        "are compared; nothing is said when last year's report is missing or when one agency-year has two files "
        "(see X806).",
    }
    basis = ACROSS_BASIS
    examples = {
        "fail": _t3_file(
            "某县人民政府办公室/2021.txt", "某县人民政府办公室", 2021, "0\t0\t0\t0\t0\t0\t0", "3\t1\t0\t0\t0\t0\t4"
        )
        + "\n"
        + _t3_file(
            "某县人民政府办公室/2022.txt", "某县人民政府办公室", 2022, "2\t1\t0\t0\t0\t0\t3", "0\t0\t0\t0\t0\t0\t0"
        ),
        "pass": _t3_file(
            "某县人民政府办公室/2021.txt", "某县人民政府办公室", 2021, "0\t0\t0\t0\t0\t0\t0", "3\t1\t0\t0\t0\t0\t4"
        )
        + "\n"
        + _t3_file(
            "某县人民政府办公室/2022.txt", "某县人民政府办公室", 2022, "3\t1\t0\t0\t0\t0\t4", "0\t0\t0\t0\t0\t0\t0"
        ),
    }
    messages = {
        "mismatch": {
            "zh": "“{row}”与 {other}（{last_year}年）的“{other_row}”不一致：{cells}",
            "en": "“{row}” differs from “{other_row}” in {other} ({last_year}): {cells}",
        },
        "cell": {"zh": "{column} 本年 {this}、上年 {last}", "en": "{column} {this} here, {last} last year"},
        "fix": {
            "zh": "核对两年的表三：本年“{row}”应逐列等于上一年的“{other_row}”；若上一年报告有误，在本年报告中说明",
            "en": "check table 3 of both years: this year's “{row}” should equal last year's “{other_row}” column by "
            "column; if last year's report was wrong, say so in this year's report",
        },
        "last": {
            "zh": "上一年报告的“{other_row}”：{column} {last}",
            "en": "last year's “{other_row}”: {column} {last}",
        },
    }

    def check_across(self, ctx: AcrossContext) -> Iterator[Diagnostic]:
        for last, this in ctx.pairs():
            yield from self._compare(last, this)

    def _compare(self, last: ReportFacts, this: ReportFacts) -> Iterator[Diagnostic]:
        this_def, last_def = _tdef(this, "t3"), _tdef(last, "t3")
        if this_def is None or last_def is None:
            return
        row, last_row = _row_id(this_def, "carried"), _row_id(last_def, "carry_next")
        if row is None or last_row is None:
            return
        diffs = []
        for col, last_col in corresponding_columns(this_def, last_def):
            a, b = this.cell("t3", row, col), last.cell("t3", last_row, last_col)
            va, vb = _dec(a), _dec(b)
            if va is None or vb is None or va == vb:
                continue
            diffs.append((col, last_col, a, b, va, vb))
        if not diffs:
            return
        parts = [
            self._fmt("cell", {"column": this_def.column(c).label, "this": _fmt(va), "last": _fmt(vb)})
            for c, _, _, _, va, vb in diffs
        ]
        cells = {"zh": "；".join(p["zh"] for p in parts), "en": "; ".join(p["en"] for p in parts)}
        other_row = _row_label(last_def, last_row)
        yield self.across_diagnostic(
            "mismatch",
            this,
            diffs[0][2],
            help="fix",
            target=_target(this_def, row) if len(diffs) > 1 else _target(this_def, row, diffs[0][0]),
            related=tuple(
                (last, b, "last", {"other_row": other_row, "column": last_def.column(lc).label, "last": _fmt(vb)})
                for _, lc, _, b, _, vb in diffs
            ),
            row=_row_label(this_def, row),
            other=last.path,
            last_year=_year(last),
            other_row=other_row,
            cells=cells,
        )


def _continuity_rows(tdef, columns: tuple[str, ...]) -> list[str]:
    """The rows of ``tdef`` when it has every column of ``columns``, else none."""
    if tdef is None or any(c not in tdef.column_ids for c in columns):
        return []
    return tdef.row_ids


class ItemCountContinuity(AcrossRule):
    code = "X802"
    name = "item-count-continuity"
    severity = Severity.WARNING
    templates = ("2019",)
    located_rows = (("t2_5", None), ("t2_6", None), ("t2_8", None))  # the tables with 上一年项目数量
    tags = ("across", "tables")
    summary = {
        "zh": "2019 年格式：本年“上一年项目数量”不等于上一年报告的“上一年项目数量”加“本年增/减”",
        "en": "2019 format: this year's 上一年项目数量 is not last year's 上一年项目数量 plus its 本年增/减",
    }
    description = {
        "zh": "2019 年格式表二的第二十条第（五）、（六）、（八）项列出“上一年项目数量”和“本年增/减”。上一年报告的"
        "项目数量加上它的本年增/减，就是本年报告的“上一年项目数量”。两年都是 2019 年格式时逐行比较（增/减的各种写法，"
        "如“增5”“5（增）”“-8”，都按带符号的数读取）。只比较两个文件中都已对齐模板且填有数字的单元格；"
        "2021 年格式没有这两列，不比较。",
        "en": "Table 二 of the 2019 format gives, for items (五), (六) and (八) of article 20, the number of items of the "
        "previous year (上一年项目数量) and this year's change (本年增/减). Last year's number plus last year's change "
        "is this year's 上一年项目数量. Compared row by row when both years use the 2019 format (every notation of the "
        "change, 增5, 5（增）, -8, is read as a signed number). Only cells bound to the template and holding a figure "
        "in both files are compared; the 2021 format has neither column.",
    }
    basis = ACROSS_BASIS
    _T25 = "第二十条第（五）项\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n"
    examples = {
        "fail": f"==> 某县人民政府办公室/2019.txt <==\n某县人民政府办公室2019年政府信息公开工作年度报告\n\n"
        f"二、主动公开政府信息情况\n\n{_T25}行政许可\t30\t增2\t12\n\n"
        f"==> 某县人民政府办公室/2020.txt <==\n某县人民政府办公室2020年政府信息公开工作年度报告\n\n"
        f"二、主动公开政府信息情况\n\n{_T25}行政许可\t30\t0\t9\n",
        "pass": f"==> 某县人民政府办公室/2019.txt <==\n某县人民政府办公室2019年政府信息公开工作年度报告\n\n"
        f"二、主动公开政府信息情况\n\n{_T25}行政许可\t30\t增2\t12\n\n"
        f"==> 某县人民政府办公室/2020.txt <==\n某县人民政府办公室2020年政府信息公开工作年度报告\n\n"
        f"二、主动公开政府信息情况\n\n{_T25}行政许可\t32\t0\t9\n",
    }
    messages = {
        "mismatch": {
            "zh": "{row}的“上一年项目数量”为 {this}，而 {other}（{last_year}年）的项目数量 {prev} 加本年增/减 {delta} 为 {expected}",
            "en": "{row}: 上一年项目数量 is {this}, but {other} ({last_year}) gives {prev} items with a change of {delta}, "
            "that is {expected}",
        },
        "prev": {"zh": "上一年报告的“上一年项目数量”：{prev}", "en": "last year's 上一年项目数量: {prev}"},
        "fix": {
            "zh": "核对两年的表二：本年的“上一年项目数量”一般应为 {expected}（上一年的项目数量加本年增/减）",
            "en": "check table 2 of both years: this year's 上一年项目数量 should normally be {expected} (last year's "
            "count plus its change)",
        },
        "delta": {"zh": "上一年报告的“本年增/减”：{delta}", "en": "last year's 本年增/减: {delta}"},
    }

    def check_across(self, ctx: AcrossContext) -> Iterator[Diagnostic]:
        for last, this in ctx.pairs():
            if last.edition not in self.templates or this.edition not in self.templates:
                continue
            for tid in sorted({t for (t, _, _) in this.cells}):
                tdef, ldef = _tdef(this, tid), _tdef(last, tid)
                rows = set(_continuity_rows(ldef, ("prev", "delta")))
                for row in _continuity_rows(tdef, ("prev", "delta")):
                    if row not in rows:
                        continue
                    cur, prev, delta = (
                        this.cell(tid, row, "prev"),
                        last.cell(tid, row, "prev"),
                        last.cell(tid, row, "delta"),
                    )
                    vc, vp, vd = _dec(cur), _dec(prev), _dec(delta)
                    if vc is None or vp is None or vd is None or vc == vp + vd:
                        continue
                    yield self.across_diagnostic(
                        "mismatch",
                        this,
                        cur,
                        help="fix",
                        target=_target(tdef, row, "prev"),
                        related=(
                            (last, prev, "prev", {"prev": _fmt(vp)}),
                            (
                                last,
                                delta,
                                "delta",
                                {"delta": delta.raw if delta is not None and delta.raw else _fmt(vd)},
                            ),
                        ),
                        row=_row_label(tdef, row),
                        this=_fmt(vc),
                        other=last.path,
                        last_year=_year(last),
                        prev=_fmt(vp),
                        delta=delta.raw if delta is not None and delta.raw else _fmt(vd),
                        expected=_fmt(vp + vd),
                    )


class ValidDocumentsContinuity(AcrossRule):
    code = "X803"
    name = "valid-documents-continuity"
    severity = Severity.WARNING
    templates = ("2021",)
    located_rows = (("t2_1", None),)
    tags = ("across", "tables")
    summary = {
        "zh": "2021 年格式：上一年“现行有效件数”加本年制发、减本年废止，不等于本年“现行有效件数”",
        "en": "2021 format: last year's 现行有效件数 plus this year's issued minus repealed is not this year's",
    }
    description = {
        "zh": "2021 年格式表二第二十条第（一）项（规章、行政规范性文件）列出“本年制发件数”“本年废止件数”“现行有效件数”。"
        "上一年年底现行有效的件数，加上本年制发的、减去本年废止的，就是本年年底现行有效的件数："
        "上一年报告的现行有效件数 + 本年报告的本年制发件数 − 本年报告的本年废止件数 = 本年报告的现行有效件数。"
        "制发和废止用本年报告的数字，因为它们是本年内发生的变化（上一年报告的制发、废止已经计入上一年的现行有效件数）。"
        "两年都是 2021 年格式时才比较：2019 年格式的“对外公开总数量”不是现行有效件数，2020 年到 2021 年不比较。"
        "只比较两个文件中都已对齐模板且填有数字的单元格。",
        "en": "Table 二 of the 2021 format gives, for item (一) of article 20 (规章 and 行政规范性文件), the documents issued "
        "this year, repealed this year and in force (本年制发件数, 本年废止件数, 现行有效件数). Those in force at the end "
        "of last year, plus those issued this year, minus those repealed this year, are those in force now: last "
        "year's 现行有效件数 + this year's 本年制发件数 − this year's 本年废止件数 = this year's 现行有效件数. The issued "
        "and repealed counts are this year's report's, because they are this year's changes (last year's are already "
        "in last year's stock). Compared only when both years use the 2021 format: the 2019 format's 对外公开总数量 is "
        "not a count of documents in force, so 2020 → 2021 is not compared. Only cells bound to the template and "
        "holding a figure in both files are compared.",
    }
    basis = ACROSS_BASIS
    _T21 = "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
    examples = {
        "fail": f"==> 某县人民政府办公室/2022.txt <==\n某县人民政府办公室2022年政府信息公开工作年度报告\n\n"
        f"二、主动公开政府信息情况\n\n{_T21}规章\t0\t0\t0\n行政规范性文件\t3\t1\t25\n\n"
        f"==> 某县人民政府办公室/2023.txt <==\n某县人民政府办公室2023年政府信息公开工作年度报告\n\n"
        f"二、主动公开政府信息情况\n\n{_T21}规章\t0\t0\t0\n行政规范性文件\t4\t2\t25\n",
        "pass": f"==> 某县人民政府办公室/2022.txt <==\n某县人民政府办公室2022年政府信息公开工作年度报告\n\n"
        f"二、主动公开政府信息情况\n\n{_T21}规章\t0\t0\t0\n行政规范性文件\t3\t1\t25\n\n"
        f"==> 某县人民政府办公室/2023.txt <==\n某县人民政府办公室2023年政府信息公开工作年度报告\n\n"
        f"二、主动公开政府信息情况\n\n{_T21}规章\t0\t0\t0\n行政规范性文件\t4\t2\t27\n",
    }
    messages = {
        "mismatch": {
            "zh": "{row}的“现行有效件数”为 {this}，而 {other}（{last_year}年）的现行有效件数 {last} 加本年制发 {issued}、"
            "减本年废止 {repealed} 为 {expected}",
            "en": "{row}: 现行有效件数 is {this}, but {last} in force in {other} ({last_year}) plus {issued} issued minus "
            "{repealed} repealed this year is {expected}",
        },
        "last": {"zh": "上一年报告的“现行有效件数”：{last}", "en": "last year's 现行有效件数: {last}"},
        "issued": {"zh": "本年制发件数：{issued}", "en": "issued this year: {issued}"},
        "repealed": {"zh": "本年废止件数：{repealed}", "en": "repealed this year: {repealed}"},
        "fix": {
            "zh": "核对表二：现行有效件数应为 {expected}（上一年现行有效件数加本年制发、减本年废止），或核对本年制发、废止件数",
            "en": "check table 2: the number in force should be {expected} (last year's plus issued minus repealed), or "
            "check the issued and repealed counts",
        },
    }
    COLUMNS = ("issued", "repealed", "valid")

    def check_across(self, ctx: AcrossContext) -> Iterator[Diagnostic]:
        for last, this in ctx.pairs():
            if last.edition not in self.templates or this.edition not in self.templates:
                continue
            for tid in sorted({t for (t, _, _) in this.cells}):
                tdef, ldef = _tdef(this, tid), _tdef(last, tid)
                rows = set(_continuity_rows(ldef, self.COLUMNS))
                for row in _continuity_rows(tdef, self.COLUMNS):
                    if row not in rows:
                        continue
                    valid, issued, repealed = (this.cell(tid, row, c) for c in ("valid", "issued", "repealed"))
                    was = last.cell(tid, row, "valid")
                    vv, vi, vr, vw = _dec(valid), _dec(issued), _dec(repealed), _dec(was)
                    if vv is None or vi is None or vr is None or vw is None or vv == vw + vi - vr:
                        continue
                    yield self.across_diagnostic(
                        "mismatch",
                        this,
                        valid,
                        help="fix",
                        target=_target(tdef, row, "valid"),
                        related=(
                            (last, was, "last", {"last": _fmt(vw)}),
                            (this, issued, "issued", {"issued": _fmt(vi)}),
                            (this, repealed, "repealed", {"repealed": _fmt(vr)}),
                        ),
                        row=_row_label(tdef, row),
                        this=_fmt(vv),
                        other=last.path,
                        last_year=_year(last),
                        last=_fmt(vw),
                        issued=_fmt(vi),
                        repealed=_fmt(vr),
                        expected=_fmt(vw + vi - vr),
                    )


class UnchangedFigures(AcrossRule):
    code = "X805"
    name = "unchanged-figures"
    severity = Severity.WARNING
    located_rows = (("t2_1", None),)  # the finding points at the first figure of table 二
    tags = ("across", "tables")
    options = {
        "min-figures": {
            "type": "integer",
            "minimum": 1,
            "default": 20,
            "description": {
                "zh": "至少有这么多个两年都填有数字的单元格才判断（单元格太少时相同并不说明问题）",
                "en": "judge only when at least this many cells hold a figure in both years (a few equal cells say "
                "nothing)",
            },
        }
    }
    summary = {
        "zh": "表格中的每一个数字都与同一机关上一年的报告相同",
        "en": "Every table figure is the same as in the agency's report of the previous year",
    }
    description = {
        "zh": "本年报告表格中每一个已对齐模板、填有数字的单元格，都与同一机关上一年报告的同一单元格相同（且至少有 "
        "min-figures 个这样的单元格，其中至少一个不为 0）：很可能是把上一年的报告复制过来，没有更新数字。"
        "两年格式不同时，只要本年有一个单元格在上一年没有对应，就不报告。全部为 0 的表格（没有收到申请的机关）不报告。",
        "en": "Every cell of this year's tables that is bound to the template and holds a figure equals the same cell "
        "in the agency's report of the previous year (at least min-figures such cells, one of them not 0): most "
        "likely last year's report was copied without updating the figures. When the editions differ, one cell of "
        "this year without a counterpart last year means no finding. Tables that are all 0 (an agency that received "
        "no application) are not reported.",
    }
    basis = ACROSS_BASIS
    _A, _B, _C = "5\t1\t0\t0\t0\t0\t6", "1\t0\t0\t0\t0\t0\t1", "2\t0\t0\t0\t0\t0\t2"
    examples = {  # three rows of table 三: 21 figures
        "fail": _t3_file("某县人民政府办公室/2021.txt", "某县人民政府办公室", 2021, _B, _C, _A)
        + "\n"
        + _t3_file("某县人民政府办公室/2022.txt", "某县人民政府办公室", 2022, _B, _C, _A),
        "pass": _t3_file("某县人民政府办公室/2021.txt", "某县人民政府办公室", 2021, _B, _C, _A)
        + "\n"
        + _t3_file("某县人民政府办公室/2022.txt", "某县人民政府办公室", 2022, _C, _B, _A),
    }
    messages = {
        "unchanged": {
            "zh": "表格中的全部 {count} 个数字都与 {other}（{last_year}年）相同，是否沿用了上一年的报告而没有更新数字？",
            "en": "all {count} table figures are the same as in {other} ({last_year}); was last year's report reused "
            "without updating the figures?",
        },
        "other": {"zh": "上一年报告的表格（首个数字）", "en": "last year's tables (first figure)"},
        "fix": {
            "zh": "按本年度的实际统计数字填写各表；数字确实与上一年完全相同的，可在报告中说明",
            "en": "fill in the tables with this year's own figures; if they really are all the same, say so in the report",
        },
    }

    def check_across(self, ctx: AcrossContext) -> Iterator[Diagnostic]:
        need = int(self.opts.get("min-figures", 20))
        seen: tuple = (None, {})  # the last report's figures: it is often the next pair's last year
        for last, this in ctx.pairs():
            theirs = seen[1] if seen[0] is last else _figures(last)
            mine = _figures(this)
            seen = (this, mine)
            if len(mine) < need or mine.keys() != theirs.keys():
                continue
            if any(d != theirs[k][1] for k, (_, d) in mine.items()) or all(d == 0 for _, d in mine.values()):
                continue
            first = min(mine, key=lambda k: _order(mine[k][0]))  # the first located figure
            yield self.across_diagnostic(
                "unchanged",
                this,
                mine[first][0],
                help="fix",
                target=Target("document"),
                related=((last, theirs[first][0], "other", {}),),
                count=len(mine),
                other=last.path,
                last_year=_year(last),
            )


def _some(paths, most: int = 3, total: int | None = None) -> dict[str, str]:
    """At most ``most`` paths for a message (every one is a related place anyway); ``total``: how many
    there are, when ``paths`` holds only the first of them."""
    paths = list(paths)
    shown = paths[:most]
    total = len(paths) if total is None else total
    more = total - len(shown)
    zh = "、".join(shown) + (f" 等 {total} 个文件" if more else "")
    en = ", ".join(shown) + (f" and {more} more" if more else "")
    return {"zh": zh, "en": en}


def _order(cell: CellFact) -> tuple[int, int, int]:
    loc = cell.location
    return (0, loc.line, loc.column) if loc is not None else (1, 0, 0)


class DuplicateReport(AcrossRule):
    code = "X806"
    name = "duplicate-report"
    severity = Severity.WARNING
    tags = ("across",)
    summary = {
        "zh": "两个文件是同一机关同一年度的报告",
        "en": "Two files are reports of the same agency and year",
    }
    description = {
        "zh": "两个（或更多）文件的机关和年度相同（机关和年度的来源见 xxgk-lint check --verbose），而且表格中的数字不同："
        "同一份报告的两个版本，或者某个文件的标题写错了机关或年度。每个文件报告一处，列出其他文件。这一机关这一年度不参与"
        "跨年比较（X801–X805），因为无法判断哪个文件才是正式报告。同一份报告的副本（两个文件都填有的单元格数字全部相同，"
        "如同一报告的 .docx 和 .pdf）不是重复，默认不报告（选项 copies），跨年比较照常进行，每个副本各自得到结果。",
        "en": "Two (or more) files have the same agency and year (where they were read from: xxgk-lint check "
        "--verbose) and their tables differ: two versions of one report, or a title with the wrong agency or year. "
        "One finding on each file, naming the others. That agency-year takes no part in the comparisons between "
        "years (X801–X805): which file is the report is not guessed. Copies of one report (every cell both files "
        "fill holds the same figure, such as the .docx and the .pdf of one report) are not duplicates and are not "
        "reported by default (option copies); the comparisons between years go on, each copy gets its own findings.",
    }
    basis = {
        "zh": "《中华人民共和国政府信息公开条例》第五十条：每个行政机关每年公布一份年度报告。",
        "en": "Article 50 of the Regulations: each administrative agency publishes one annual report a year.",
    }
    examples = {
        "fail": _t3_file(
            "某县人民政府办公室/2022.txt", "某县人民政府办公室", 2022, "0\t0\t0\t0\t0\t0\t0", "0\t0\t0\t0\t0\t0\t0"
        )
        + "\n"
        + _t3_file(
            "某县人民政府办公室/2022-修订.txt", "某县人民政府办公室", 2022, "1\t0\t0\t0\t0\t0\t1", "0\t0\t0\t0\t0\t0\t0"
        ),
        "pass": _t3_file(
            "某县人民政府办公室/2022.txt", "某县人民政府办公室", 2022, "0\t0\t0\t0\t0\t0\t0", "0\t0\t0\t0\t0\t0\t0"
        )
        + "\n"
        + _t3_file(
            "某县人民政府办公室/2023.txt", "某县人民政府办公室", 2023, "0\t0\t0\t0\t0\t0\t0", "0\t0\t0\t0\t0\t0\t0"
        ),
    }
    options = {
        "copies": {
            "type": "boolean",
            "default": False,
            "description": {
                "zh": "同时报告同一份报告的副本（两个文件中的数字全部相同，如同一报告的 .docx 和 .pdf）",
                "en": "also report copies of one report (every figure the same in both files, such as the .docx "
                "and the .pdf of one report)",
            },
        }
    }
    messages = {
        "duplicate": {
            "zh": "{others} 也是{agency}{year}年的报告：同一机关同一年度有 {count} 个文件，不作跨年比较",
            "en": "{others} is also a report of {agency} for {year}: {count} files of one agency and year, not compared "
            "with other years",
        },
        "other": {"zh": "同一机关同一年度的另一个文件", "en": "another file of the same agency and year"},
        "fix": {
            "zh": "只保留正式报告，或更正写错的机关名称或年度（也可在配置 [identity] 中指定）",
            "en": "keep only the published report, or correct the agency or year in the title (or set them in the "
            "[identity] configuration)",
        },
    }

    def check_across(self, ctx: AcrossContext) -> Iterator[Diagnostic]:
        for group in ctx.duplicates(copies=bool(self.opts.get("copies", False))):
            for f in group:
                # the first ten others only (f is among the first eleven or not at all): 10,000 copies of one
                # agency-year must not make 10^8 related places, nor walk the group once per file
                others = [o for o in group[:11] if o is not f][:10]
                yield self.across_diagnostic(
                    "duplicate",
                    f,
                    None,
                    help="fix",
                    target=Target("document"),
                    related=tuple((o, None, "other", {}) for o in others),
                    others=_some((o.path for o in others), total=len(group) - 1),
                    agency=f.identity.agency,
                    year=_year(f),
                    count=len(group),
                )
