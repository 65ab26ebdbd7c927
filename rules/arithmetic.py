"""A3xx — accounting identities (勾稽关系) of tables 二, 三 and 四.

The identities are data in the templates (``identities``); :mod:`xxgk_lint.identities` expands and
evaluates them.  Each rule here reports the failing instances of the identities whose ``rule`` is its
code, so an identity added to a template JSON is checked without any code change.

What is reported:

* a failing instance: both sides, their values and the difference, at the first cell of the left side
  (the total); when exactly one cell change would make every identity of the table hold, the help
  names that cell and value (a hint, never a fix);
* “cannot check” is its own rule, A307 (info, one finding per identity): only when needed rows could
  not be aligned to columns (T203).  Blank, non-numeric and missing cells are reported once by
  T204/T205, F402 and T202 and then silently skipped, so one blank cell never cascades into more
  findings.  Being a separate code, “cannot check” can be ignored without hiding real mismatches.
"""

from __future__ import annotations

from decimal import Decimal

from xxgk_lint.diagnostics import Severity
from xxgk_lint.identities import Evaluation, Instance, Outcome, Ref
from xxgk_lint.report import Report
from xxgk_lint.rule import Rule
from xxgk_lint.rules.common import bt_name, cell_target, col_name, example_report, row_name, row_target

FORMAT_BASIS = {
    "zh": "年度报告格式（国办公开办函〔2019〕60号、〔2021〕30号）。〔2021〕30号要求“高质量编报年度报告”，"
    "出现“发布内容不准确不全面”等问题并造成不良后果的，依《条例》第四十七条追究责任。",
    "en": "The annual report format (国办公开办函〔2019〕60号 and 〔2021〕30号); the 2021 notice holds agencies "
    "accountable under article 47 of the Regulations for reports whose content is inaccurate (“发布内容不准确”).",
}
TABLE3_BASIS = {
    "zh": FORMAT_BASIS["zh"] + "表三表头印有“（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）”；"
    "“总计”列与“（七）总计”行由表格结构决定。",
    "en": FORMAT_BASIS["en"]
    + " Table 三 prints its identity in the header: “（本列数据的勾稽关系为：第一项加第二项之和，"
    "等于第三项加第四项之和）”; the 总计 column and the （七）总计 row follow from the table's layout.",
}

MESSAGES = {
    "==": {
        "zh": "{table}{where}：{lhs_label} = {lhs}，但{rhs_label} = {rhs}（相差 {diff}）",
        "en": "{table}{where}: {lhs_label} = {lhs}, but {rhs_label} = {rhs} (difference {diff})",
    },
    "<=": {
        "zh": "{table}{where}：{lhs_label} = {lhs}，大于{rhs_label} = {rhs}（多 {diff}）",
        "en": "{table}{where}: {lhs_label} = {lhs} exceeds {rhs_label} = {rhs} (by {diff})",
    },
    ">=": {
        "zh": "{table}{where}：{lhs_label} = {lhs}，小于{rhs_label} = {rhs}（少 {diff}）",
        "en": "{table}{where}: {lhs_label} = {lhs} is below {rhs_label} = {rhs} (by {diff})",
    },
    ">=0": {
        "zh": "{table}{where}：{lhs_label} = {lhs}，小于 0",
        "en": "{table}{where}: {lhs_label} = {lhs} is below 0",
    },
    "help": {"zh": "核对这些数字，使“{identity}”成立", "en": "check these figures so that “{identity}” holds"},
    "hint": {
        "zh": "若“{row}”行“{col}”列为 {value}（现为 {current}），则全部勾稽关系平衡；请先核对该单元格",
        "en": "if row “{row}”, column “{col}” were {value} (it is {current}), every identity would balance; check that cell first",
    },
    "likely": {"zh": "最可能有误的单元格", "en": "the cell most likely wrong"},
}


def number(d: Decimal) -> str:
    s = format(d, "f")
    return "0" if s.strip("-0.") == "" else s


def _where(bt, inst: Instance) -> dict[str, str]:
    each = inst.identity.for_each
    if each == "row":
        name = row_name(bt, inst.key)
        return {"zh": f"“{name}”行", "en": f", row “{name}”"}
    if each == "column":
        name = col_name(bt, inst.key)
        return {"zh": f"“{name}”列", "en": f", column “{name}”"}
    return {"zh": "", "en": ""}


def _cell_name(bt, inst: Instance, ref: Ref) -> str:
    each = inst.identity.for_each
    if each == "row" or (each is None and len(bt.definition.rows) == 1):
        return col_name(bt, ref.col)
    if each == "column":
        return row_name(bt, ref.row)
    return f"{row_name(bt, ref.row)}·{col_name(bt, ref.col)}"


def _side_label(bt, inst: Instance, side: str) -> dict[str, str]:
    given = getattr(inst.identity, f"{side}_label")
    if given:
        return given
    refs = getattr(inst, side)
    names = [_cell_name(bt, inst, r) for r in refs]
    if len(names) > 4:
        names = names[:2] + ["…", names[-1]]
        return {"zh": " + ".join(names) + f"（共 {len(refs)} 项）", "en": " + ".join(names) + f" ({len(refs)} cells)"}
    text = " + ".join(names) or "0"
    return {"zh": text, "en": text}


class IdentityRule(Rule):
    """Reports the identities of the template whose ``rule`` is this rule's code."""

    abstract = True
    severity = Severity.ERROR
    messages = MESSAGES

    def check(self, report: Report):
        ev = Evaluation.of(report)
        for outcome in ev.failures(self.code):
            yield self._mismatch(report, ev, outcome)

    def _mismatch(self, report: Report, ev: Evaluation, o: Outcome):
        inst = o.instance
        bt = report.tables[inst.table]
        first = bt.figure(inst.lhs[0].row, inst.lhs[0].col)
        key = ">=0" if inst.op == ">=" and not inst.rhs else inst.op
        args = dict(
            table=bt_name(bt),
            where=_where(bt, inst),
            lhs_label=_side_label(bt, inst, "lhs"),
            rhs_label=_side_label(bt, inst, "rhs"),
            lhs=number(o.lhs),
            rhs=number(o.rhs),
            diff=number(abs(o.difference)),
            identity=inst.identity.description,
        )
        help_key, related = "help", ()
        likely = ev.likely_cell(inst.table)
        if likely is not None:
            ref, value = likely
            fig = bt.figure(ref.row, ref.col)
            help_key = "hint"
            args.update(
                row=row_name(bt, ref.row), col=col_name(bt, ref.col), value=number(value), current=number(fig.value)
            )
            if fig.span is not None and fig is not first:
                related = ((fig.span, "likely", {}),)
        target = cell_target(bt, inst.lhs[0].row, inst.lhs[0].col)  # the total the finding is reported at
        return self.diagnostic(key, first.span, help=help_key, related=related, target=target, **args)


# A consistent table 三 (3 + 1 applications, all answered) that the failing examples alter.
T3_OK = {
    "t3.new": {"natural": "3", "commercial": "1", "total": "4"},
    "t3.disclosed": {"natural": "2", "commercial": "1", "total": "3"},
    "t3.partial": {"natural": "1", "total": "1"},
    "t3.result_total": {"natural": "3", "commercial": "1", "total": "4"},
}


def _t3(**changes: dict[str, str]) -> str:
    figures = {k: dict(v) for k, v in T3_OK.items()}
    for row, cells in changes.items():
        figures.setdefault(f"t3.{row}", {}).update(cells)
    return example_report("2021", figures=figures)


class RowTotal(IdentityRule):
    code = "A301"
    name = "row-total"
    summary = {
        "zh": "表三某行的“总计”不等于各类申请人之和",
        "en": "A table 三 row's 总计 is not the sum of its applicant columns",
    }
    description = {
        "zh": "表三每一行的“总计”应等于“自然人”与五类“法人或其他组织”（商业企业、科研机构、社会公益组织、法律服务机构、其他）之和。"
        "带小数的数字按所写精度比较；空白或无法识别的单元格不作比较（由 T204、F402 报告）。",
        "en": "In every row of table 三, 总计 equals 自然人 plus the five 法人或其他组织 columns. Figures with decimals are "
        "compared within the precision written; blank or unreadable cells are not compared (T204, F402 report them).",
    }
    basis = TABLE3_BASIS
    examples = {"fail": _t3(new={"total": "5"}), "pass": _t3()}


class OutcomeTotal(IdentityRule):
    code = "A302"
    name = "outcome-total"
    summary = {
        "zh": "表三“（七）总计”不等于各项办理结果之和",
        "en": "Table 三's （七）总计 is not the sum of the results",
    }
    description = {
        "zh": "表三每一列的“（七）总计”应等于（一）予以公开、（二）部分公开、（三）不予公开 1–8、（四）无法提供 1–3、"
        "（五）不予处理 1–5、（六）其他处理（2021年版为 1–3 三行）之和。",
        "en": "In every column of table 三, （七）总计 equals the sum of （一）, （二）, （三）1–8, （四）1–3, （五）1–5 and "
        "（六） (three sub-rows in the 2021 format).",
    }
    basis = TABLE3_BASIS
    examples = {"fail": _t3(partial={"natural": "0", "total": "0"}), "pass": _t3()}


class Balance(IdentityRule):
    code = "A303"
    name = "balance"
    summary = {
        "zh": "表三收支不平衡：一 + 二 ≠ 三（七）总计 + 四",
        "en": "Table 三 does not balance: 一 + 二 ≠ 三（七）总计 + 四",
    }
    description = {
        "zh": "表三每一列：本年新收申请数（一）加上年结转数（二），应等于本年办理结果总计（三（七））加结转下年度继续办理数（四）。"
        "这一勾稽关系印在表三表头上。",
        "en": "In every column of table 三: new applications (一) plus those carried over (二) equal the results "
        "(三（七）总计) plus those carried to next year (四). The table prints this identity in its header.",
    }
    basis = TABLE3_BASIS
    examples = {"fail": _t3(carry_next={"natural": "1", "total": "1"}), "pass": _t3()}


class ReviewLitigationTotal(IdentityRule):
    code = "A304"
    name = "review-litigation-total"
    summary = {"zh": "表四“总计”不等于其前四项之和", "en": "A table 四 总计 is not the sum of the four cells before it"}
    description = {
        "zh": "表四的行政复议、未经复议直接起诉、复议后起诉三部分，各自的“总计”应等于结果维持、结果纠正、其他结果、尚未审结之和。",
        "en": "In each of the three parts of table 四 (行政复议, 未经复议直接起诉, 复议后起诉), 总计 equals 结果维持 + "
        "结果纠正 + 其他结果 + 尚未审结.",
    }
    basis = {
        "zh": FORMAT_BASIS["zh"] + "表四每部分的“总计”列由表格结构决定。",
        "en": FORMAT_BASIS["en"] + " Each 总计 column of table 四 follows from the table's layout.",
    }
    examples = {
        "fail": example_report("2021", figures={"t4.data": {"review_upheld": "1", "review_total": "2"}}),
        "pass": example_report("2021", figures={"t4.data": {"review_upheld": "1", "review_total": "1"}}),
    }


class PublishedExceedsTotal(IdentityRule):
    code = "A305"
    name = "published-exceeds-total"
    templates = ("2019",)
    summary = {"zh": "表二本年新公开数量大于对外公开总数量", "en": "Table 二: 本年新公开数量 exceeds 对外公开总数量"}
    description = {
        "zh": "2019年版表二第二十条第（一）项：本年新公开的规章或规范性文件不会多于对外公开的总数，否则至少有一个数字填错。",
        "en": "2019 format, table 二, article 20 (一): the documents newly published this year cannot outnumber all "
        "documents published; otherwise one of the figures is wrong.",
    }
    basis = {
        "zh": FORMAT_BASIS["zh"] + "“对外公开总数量”包含本年新公开的数量。",
        "en": FORMAT_BASIS["en"] + " 对外公开总数量 includes those newly published this year.",
    }
    examples = {
        "fail": example_report("2019", figures={"t2_1.rules": {"made": "2", "published": "5", "total": "3"}}),
        "pass": example_report("2019", figures={"t2_1.rules": {"made": "2", "published": "2", "total": "5"}}),
    }


class NegativeCount(IdentityRule):
    code = "A306"
    name = "negative-count"
    templates = ("2019",)
    summary = {"zh": "表二上一年项目数量加本年增/减小于 0", "en": "Table 二: 上一年项目数量 + 本年增/减 is below 0"}
    description = {
        "zh": "2019年版表二第二十条第（五）（六）（八）项：上一年的项目数量加上本年的增减，就是本年的项目数量，不可能小于 0。"
        "多为增减方向写反，或减少数写成了本年数量。",
        "en": "2019 format, table 二, article 20 (五)(六)(八): last year's number of items plus this year's change is this "
        "year's number, which cannot be negative. Usually the direction of the change is wrong.",
    }
    basis = {
        "zh": FORMAT_BASIS["zh"] + "“本年增/减”是相对“上一年项目数量”的变化。",
        "en": FORMAT_BASIS["en"] + " 本年增/减 is the change from 上一年项目数量.",
    }
    examples = {
        "fail": example_report("2019", figures={"t2_5.licensing": {"prev": "10", "delta": "减12"}}),
        "pass": example_report("2019", figures={"t2_5.licensing": {"prev": "10", "delta": "减2"}}),
    }


class UncheckedIdentity(Rule):
    code = "A307"
    name = "unchecked-identity"
    severity = Severity.INFO
    summary = {
        "zh": "勾稽关系无法核对：所需的行无法对应到列",
        "en": "An identity cannot be checked: rows it needs are not aligned",
    }
    description = {
        "zh": "A301–A306 需要的某些行，其数字个数与表格列数不符（T203），无法确定每个数字属于哪一列，"
        "因此相应的勾稽关系无法核对（不会误报不平衡）。每条勾稽关系只报告一次，并列出涉及的行。"
        "空白、非数字或缺少的单元格已由 T204/T205、F402、T202 报告，不在此重复。",
        "en": "Rows that A301–A306 need hold more or fewer figures than the table has columns (T203), so no figure can "
        "be assigned to a column and the identity cannot be checked (rather than reported as a mismatch). "
        "Reported once per identity, naming the rows. Blank, non-numeric and missing cells are already reported "
        "by T204/T205, F402 and T202 and are not repeated here.",
    }
    basis = TABLE3_BASIS
    examples = {
        "fail": _t3().replace("（七）总计\t3\t1\t0\t0\t0\t0\t4", "（七）总计\t3\t1\t0\t0\t0\t0\t0\t4"),
        "pass": _t3(),
    }
    messages = {
        "unchecked": {
            "zh": "无法核对{table}的勾稽关系（{rule}）“{identity}”：{count} 处用到的行无法对应到列（{rows}）",
            "en": "cannot check the identity ({rule}) “{identity}” in {table}: {count} instance(s) use rows "
            "whose figures cannot be aligned to columns ({rows})",
        },
        "help": {
            "zh": "先按 T203 修正这些行的单元格数，才能核对勾稽关系",
            "en": "fix the cell count of these rows (T203) so that the identity can be checked",
        },
    }

    def check(self, report: Report):
        for outcomes in Evaluation.of(report).unchecked("untrusted").values():
            inst = outcomes[0].instance
            bt = report.tables[inst.table]
            rows = sorted(
                {r.row for o in outcomes for r, why in o.reasons.items() if why == "untrusted"},
                key=bt.definition.row_ids.index,
            )
            yield self.diagnostic(
                "unchecked",
                bt.row(rows[0]).span or bt.span,
                help="help",
                target=row_target(bt, rows[0]),
                table=bt_name(bt),
                rule=inst.rule,
                identity=inst.identity.description,
                count=len(outcomes),
                rows="、".join(row_name(bt, r) for r in rows),
            )
