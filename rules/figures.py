"""F4xx — the figures themselves: notation of 本年增/减, text in figure cells, units, implausible
values and number formatting.

Every rule reads the :class:`~xxgk_lint.report.Figure` parsed once per cell by
:mod:`xxgk_lint.recognise.figures`.  Rows whose cells could not be aligned to columns (T203) are skipped:
their figures may belong to another column, so a finding there would name the wrong column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from xxgk_lint.diagnostics import Edit, Fix, Severity
from xxgk_lint.report import BoundCell, BoundTable, Report
from xxgk_lint.rule import Rule
from xxgk_lint.rules.common import bt_name, cell_target, col_name, example_report, row_name
from xxgk_lint.templates import ColumnDef, money_units

FORMAT_BASIS = {
    "zh": "年度报告格式（国办公开办函〔2019〕60号、〔2021〕30号）规定的表二、表三、表四填写的是数字。",
    "en": "The annual report format (国办公开办函〔2019〕60号 and 〔2021〕30号): tables 二, 三 and 四 hold figures.",
}
YUAN = {unit: Decimal(value) for unit, value in money_units().items()}  # unit -> its value in 元


_UNSEEN = object()


_FIGURE_KINDS = ("count", "delta", "money")


def figure_cells(
    report: Report, kinds: tuple[str, ...] = _FIGURE_KINDS
) -> Iterator[tuple[BoundTable, BoundCell, ColumnDef]]:
    """(table, cell, column definition) for every cell of a trusted row whose column kind is in ``kinds``
    (listed once per report and ``kinds``: five rules walk the cells)."""
    if not set(kinds) <= set(_FIGURE_KINDS):
        return _figure_cells(report, kinds)
    every = report.memoised(("figure_cells", _FIGURE_KINDS), lambda: list(_figure_cells(report, _FIGURE_KINDS)))
    # the same walk, in the same order, filtered: once per report and ``kinds``
    return iter(report.memoised(("figure_cells", kinds), lambda: [f for f in every if f[2].kind in kinds]))


def _figure_cells(report: Report, kinds: tuple[str, ...]) -> Iterator[tuple[BoundTable, BoundCell, ColumnDef]]:
    for bt in report.tables.values():
        column = bt.definition.column
        wanted: dict = {}  # column id -> its definition when its kind is wanted, else None (once per table)
        for br in bt.rows.values():
            if not br.trusted:
                continue
            for cid, bc in br.cells.items():
                col = wanted.get(cid, _UNSEEN)
                if col is _UNSEEN:
                    c = column(cid)
                    col = wanted[cid] = c if c.kind in kinds else None
                if col is not None:
                    yield bt, bc, col


def plain(value: Decimal, decimals: int) -> str:
    """The absolute value as plain ASCII digits with the decimals written."""
    return f"{abs(value):.{decimals}f}"


def _where(bt: BoundTable, bc: BoundCell) -> dict:
    """The message arguments naming a cell, and the cell as the finding's ``target``."""
    return dict(
        table=bt_name(bt), row=row_name(bt, bc.row), col=col_name(bt, bc.col), target=cell_target(bt, bc.row, bc.col)
    )


def _rewrite(span, text: str) -> Fix | None:
    if span is None:
        return None
    return Fix((Edit(span, text),), safe=True, description={"zh": f"改写为“{text}”", "en": f"rewrite as “{text}”"})


# -- F401 ---------------------------------------------------------------------------------------------
STYLES = {
    "zh": {"zh": "“增130”“减19”“0”", "en": "“增130”, “减19”, “0”"},
    "sign": {"zh": "“+130”“-19”“0”", "en": "“+130”, “-19”, “0”"},
}
_NOTATION_STYLE = {"zh-prefix": "zh", "zh-prefix-spaced": "zh", "zh-suffix": "zh", "sign": "sign"}


def canonical_delta(value: Decimal, decimals: int, style: str) -> str:
    if value == 0:
        return "0"
    signs = ("增", "减") if style == "zh" else ("+", "-")
    return (signs[0] if value > 0 else signs[1]) + plain(value, decimals)


_ASCII_DIGITS = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９．"}


def _shape(raw: str) -> str:
    """The cell text with the number's own formatting (full-width digits, separators, spaces between
    digits) normalised: F401 judges the notation around the number (signs included), F405 the digits."""
    return re.sub(r"(?<=\d)[\s,，](?=\d)", "", raw.translate(_ASCII_DIGITS))


class DeltaNotation(Rule):
    code = "F401"
    name = "delta-notation"
    severity = Severity.WARNING
    fix_safety = "safe"
    templates = ("2019",)
    summary = {
        "zh": "“本年增/减”的写法不规范或不统一",
        "en": "本年增/减 is written in a non-canonical or mixed notation",
    }
    description = {
        "zh": '“本年增/减”列可写作“增130”“减19”“0”（默认），或按选项 delta-style = "sign" 写作“+130”“-19”“0”。'
        "“130(增)”“19（减）”“减 16”“增加5”等写法都能读懂，但不规范，自动修复改写为规范写法（只改形式，不改数值）。"
        "默认写法下，不带“增”字的正数（如“5”）看不出是增加还是漏写了“减”，也会提示改为“增5”；"
        "“+/-”写法下，不带符号的正数按惯例表示增加，视为规范。"
        "同一报告中既有“增50”式又有“+5/-8”式时，另报告一次写法不统一（逐格提示仍保留，用来修复）。",
        "en": 'The 本年增/减 column is written 增130 / 减19 / 0 (default) or, with delta-style = "sign", +130 / -19 / 0. '
        "Forms such as 130(增), 19（减）, 减 16 or 增加5 are readable but not canonical; the fix rewrites them (form "
        "only, never the value). In the default style a bare positive number (5) does not say whether 增 or a "
        "forgotten 减 was meant, so it is flagged too (fix: 增5); in the sign style a bare positive number is an "
        "increase by convention and is accepted. A report that mixes the 增/减 style and the +/- style gets one "
        "extra finding saying so (the per-cell findings stay: they carry the fixes).",
    }
    basis = {
        "zh": "国家格式（国办公开办函〔2019〕60号）对“本年增/减”未规定写法；湖北省要求“减用负值表示，如-8”，"
        "因此两种写法均可通过选项采用，但同一报告应统一。",
        "en": "The national format (国办公开办函〔2019〕60号) prescribes no notation for 本年增/减; Hubei instructed "
        "“减用负值表示，如-8” (decreases as negative numbers), so both styles are configurable, but one "
        "report should use one.",
    }
    options = {
        "delta-style": {
            "type": "string",
            "enum": ["zh", "sign"],
            "default": "zh",
            "description": {
                "zh": '规范写法："zh" 为“增130/减19/0”，"sign" 为“+130/-19/0”（不带符号的正数也可）',
                "en": 'canonical notation: "zh" is 增130 / 减19 / 0, "sign" is +130 / -19 / 0 (a bare '
                "positive number is accepted too)",
            },
        }
    }
    examples = {
        "fail": example_report("2019", figures={"t2_5.licensing": {"prev": "181", "delta": "130(增)"}}),
        "pass": example_report("2019", figures={"t2_5.licensing": {"prev": "181", "delta": "增130"}}),
    }
    messages = {
        "cell": {
            "zh": "{table}“{row}”行“{col}”列写作“{raw}”，规范写法是“{expected}”",
            "en": "{table}, row “{row}”, column “{col}” reads “{raw}”; the canonical form is “{expected}”",
        },
        "help": {
            "zh": "本年增/减统一写作{style}（选项 delta-style 可改为另一种写法）",
            "en": "write 本年增/减 as {style} throughout (option delta-style selects the other notation)",
        },
        "mixed": {
            "zh": "本年增/减的写法不统一：“增50/减8”式 {zh} 处，“+5/-8”式 {sign} 处",
            "en": "本年增/减 mixes notations: {zh} cell(s) in the 增50/减8 style, {sign} in the +5/-8 style",
        },
        "mixed-help": {"zh": "全报告统一写作{style}", "en": "use one notation throughout: {style}"},
    }

    def check(self, report):
        style = self.opts["delta-style"]
        seen = {"zh": [], "sign": []}
        for bt, bc, _ in figure_cells(report, ("delta",)):
            fig = bc.figure
            if fig.value is None:
                continue
            if fig.value != 0 and fig.notation in _NOTATION_STYLE:
                seen[_NOTATION_STYLE[fig.notation]].append((fig, cell_target(bt, bc.row, bc.col)))
            expected = canonical_delta(fig.value, fig.decimals, style)
            shape = _shape(fig.raw)
            bare_ok = style == "sign" and fig.value > 0 and shape == plain(fig.value, fig.decimals)
            if shape == expected or bare_ok:
                continue
            yield self.diagnostic(
                "cell",
                fig.span,
                help="help",
                fix=_rewrite(fig.span, expected),
                raw=fig.raw,
                expected=expected,
                style=STYLES[style],
                **_where(bt, bc),
            )
        if seen["zh"] and seen["sign"]:
            other = "sign" if style == "zh" else "zh"
            fig, target = seen[other][0]
            yield self.diagnostic(
                "mixed",
                fig.span,
                help="mixed-help",
                target=target,
                zh=len(seen["zh"]),
                sign=len(seen["sign"]),
                style=STYLES[style],
            )


# -- F402 ---------------------------------------------------------------------------------------------
class NonNumeric(Rule):
    code = "F402"
    name = "non-numeric"
    severity = Severity.WARNING
    summary = {"zh": "数字单元格中写的不是数字", "en": "A figure cell holds text that is not a number"}
    description = {
        "zh": "规定填写数字的单元格中写了“无”“/”“—”“暂无”“-”等文字。读者和程序都无法据此核对勾稽关系；"
        "没有发生的事项应填 0。空白单元格由 T204 报告。",
        "en": "A cell meant for a figure holds text such as 无, /, —, 暂无 or a lone -. Neither readers nor tools can check "
        "the identities with it; write 0 when nothing happened. Blank cells are T204's.",
    }
    basis = FORMAT_BASIS
    examples = {
        "fail": example_report("2021", figures={"t2_5.licensing": {"decisions": "无"}}),
        "pass": example_report("2021"),
    }
    messages = {
        "text": {
            "zh": "{table}“{row}”行“{col}”列写的是“{raw}”，不是数字",
            "en": "{table}, row “{row}”, column “{col}” holds “{raw}”, which is not a number",
        },
        "help": {"zh": "填写数字；没有发生的填 0", "en": "write the figure; write 0 when nothing happened"},
    }

    def check(self, report):
        for bt, bc, _ in figure_cells(report):
            if not bc.figure.blank and bc.figure.value is None:
                yield self.diagnostic("text", bc.figure.span, help="help", raw=bc.figure.raw, **_where(bt, bc))


# -- F403 ---------------------------------------------------------------------------------------------
class AmountUnit(Rule):
    code = "F403"
    name = "amount-unit"
    severity = Severity.WARNING
    summary = {
        "zh": "金额没有单位或单位与表头不符",
        "en": "A money amount has no unit, or another unit than the header's",
    }
    description = {
        "zh": "2021年版表二第二十条第（八）项“本年收费金额”的表头印有“（单位：万元）”：不带单位的数字按万元理解，"
        "写了“元”“千元”等其他单位则与表头矛盾。2019年版“采购总金额”的表头没有单位，实际报告有写万元的也有写元的，"
        "不带单位的非零金额（如“63744431.4”）无法判断是元还是万元。",
        "en": "The 2021 header of 本年收费金额 (table 二, article 20 (八)) prints “（单位：万元）”: a bare number is in 万元, "
        "and a figure written in 元 or 千元 contradicts the header. The 2019 header of 采购总金额 gives no unit and "
        "reports use both 万元 and 元, so a bare non-zero amount (e.g. 63744431.4) is ambiguous.",
    }
    basis = {
        "zh": "国办公开办函〔2021〕30号格式表二“本年收费金额（单位：万元）”；国办公开办函〔2019〕60号格式“采购总金额”未规定单位。",
        "en": "The 2021 format (国办公开办函〔2021〕30号), table 二: “本年收费金额（单位：万元）”; the 2019 format "
        "(国办公开办函〔2019〕60号) gives no unit for 采购总金额.",
    }
    examples = {
        "fail": example_report("2019", figures={"t2_9.procurement": {"count": "1878", "amount": "63744431.4"}}),
        "pass": example_report("2019", figures={"t2_9.procurement": {"count": "1878", "amount": "6374.44 万元"}}),
    }
    messages = {
        "mismatch": {
            "zh": "{table}“{row}”行“{col}”列写的单位是“{unit}”，但表头规定的单位是“{expected}”",
            "en": "{table}, row “{row}”, column “{col}” is written in {unit}, but the header's unit is {expected}",
        },
        "mismatch-help": {
            "zh": "换算成{expected}后填写，不必再写单位",
            "en": "convert the amount to {expected} and write the number alone",
        },
        "ambiguous": {
            "zh": "{table}“{row}”行“{col}”列的金额“{raw}”没有单位，无法判断是元还是万元",
            "en": "{table}, row “{row}”, column “{col}”: the amount “{raw}” has no unit, so 元 and 万元 are both possible",
        },
        "ambiguous-help": {
            "zh": "在数字后写明单位，如“{raw}元”或“{raw}万元”",
            "en": "write the unit after the number, e.g. “{raw}元” or “{raw}万元”",
        },
    }

    def check(self, report):
        for bt, bc, col in figure_cells(report, ("money",)):
            fig = bc.figure
            if fig.value is None:
                continue
            expected = col.unit
            if expected and fig.unit and fig.unit != expected:
                yield self.diagnostic(
                    "mismatch", fig.span, help="mismatch-help", unit=fig.unit, expected=expected, **_where(bt, bc)
                )
            elif not expected and col.unit_required and not fig.unit and fig.value != 0:
                yield self.diagnostic("ambiguous", fig.span, help="ambiguous-help", raw=fig.raw, **_where(bt, bc))


# -- F404 ---------------------------------------------------------------------------------------------
class ImplausibleFigure(Rule):
    code = "F404"
    name = "implausible-figure"
    severity = Severity.WARNING
    summary = {"zh": "数字明显不可能", "en": "A figure that cannot be right"}
    description = {
        "zh": "检查明显不可能的数字：件数带小数、件数为负、件数超过上限（选项 max-count），以及同一行中件数与金额"
        "（如政府集中采购的采购项目数量与采购总金额）折算的平均金额低于下限（选项 min-average-procurement，单位元）。"
        "金额未写单位时按万元折算——这是对平均金额最宽松的假设，按元只会更低。",
        "en": "Flags figures that cannot be right: a count with decimals, a negative count, a count above a ceiling "
        "(option max-count), and a count and an amount in one row (such as 政府集中采购's projects and total amount) "
        "whose average per item is under a floor (option min-average-procurement, in yuan). An amount without a "
        "unit is taken as 万元, the most generous reading; in 元 the average would be lower still.",
    }
    basis = {
        "zh": FORMAT_BASIS["zh"] + "件数是非负整数；金额与项目数同行时二者须相互吻合。",
        "en": FORMAT_BASIS["en"] + " Counts are whole numbers of at least 0; an amount and the count of its items "
        "must agree.",
    }
    options = {
        "min-average-procurement": {
            "type": "number",
            "minimum": 0,
            "default": 100,
            "description": {
                "zh": "同一行中金额除以件数（如采购总金额÷采购项目数量）的下限，单位元",
                "en": "floor for the amount per item in one row (e.g. 采购总金额 ÷ 采购项目数量), in yuan",
            },
        },
        "max-count": {
            "type": "integer",
            "minimum": 1,
            "default": 10_000_000,
            "description": {"zh": "件数的上限", "en": "ceiling for any count"},
        },
    }
    examples = {
        "fail": example_report("2019", figures={"t2_9.procurement": {"count": "2528081", "amount": "4768.65 万元"}}),
        "pass": example_report("2019", figures={"t2_9.procurement": {"count": "25", "amount": "4768.65 万元"}}),
    }
    messages = {
        "average": {
            "zh": "{table}“{row}”行：{count_col} {count}，{amount_col} {amount}，平均每项仅 {average} 元，低于 {minimum} 元{assumed}",
            "en": "{table}, row “{row}”: {count_col} {count} and {amount_col} {amount} make {average} yuan per item, under {minimum} yuan{assumed}",
        },
        "average-help": {
            "zh": "核对这两个数字：是否把金额填进了数量栏，或金额的单位写错",
            "en": "check both figures: an amount in the count column, or a wrong unit?",
        },
        "assumed": {
            "zh": "（金额未写单位，按{unit}折算；按元折算更低）",
            "en": " (no unit written: taken as {unit}; in 元 it would be lower still)",
        },
        "decimals": {
            "zh": "{table}“{row}”行“{col}”列是件数，却写作“{raw}”（带小数）",
            "en": "{table}, row “{row}”, column “{col}” is a count but reads “{raw}” (with decimals)",
        },
        "decimals-help": {
            "zh": "件数应为整数；核对是否填入了金额或百分比",
            "en": "counts are whole numbers; is this an amount or a percentage?",
        },
        "negative": {
            "zh": "{table}“{row}”行“{col}”列是件数，却写作负数“{raw}”",
            "en": "{table}, row “{row}”, column “{col}” is a count but reads “{raw}”, a negative number",
        },
        "negative-help": {
            "zh": "件数不能小于 0；减少的数量写在“本年增/减”列",
            "en": "a count cannot be below 0; decreases go into 本年增/减",
        },
        "too-large": {
            "zh": "{table}“{row}”行“{col}”列的件数“{raw}”超过 {maximum}，不可信",
            "en": "{table}, row “{row}”, column “{col}”: the count “{raw}” exceeds {maximum}",
        },
        "too-large-help": {
            "zh": "核对该数字：是否多写了位数，或把金额填进了数量栏",
            "en": "check the figure: extra digits, or an amount in a count column?",
        },
    }

    def check(self, report):
        maximum = self.opts["max-count"]
        ceiling = Decimal(maximum)  # compared with a Decimal, not converted from an int at every cell
        for bt, bc, col in figure_cells(report, ("count", "delta")):
            fig = bc.figure
            if fig.value is None:
                continue
            if not fig.decimals and not fig.value.is_signed() and fig.value <= ceiling:
                continue  # nothing to report: spare naming the cell (the costly part of this loop)
            where = _where(bt, bc)
            if fig.decimals > 0:
                yield self.diagnostic("decimals", fig.span, help="decimals-help", raw=fig.raw, **where)
            elif col.kind == "count" and fig.value < 0:
                yield self.diagnostic("negative", fig.span, help="negative-help", raw=fig.raw, **where)
            elif abs(fig.value) > maximum:
                yield self.diagnostic(
                    "too-large", fig.span, help="too-large-help", raw=fig.raw, maximum=maximum, **where
                )
        yield from self._averages(report)

    def _averages(self, report):
        minimum = Decimal(str(self.opts["min-average-procurement"]))
        for bt in report.tables.values():
            kinds = {c.kind: c for c in bt.definition.columns}
            count_col, amount_col = kinds.get("count"), kinds.get("money")
            if count_col is None or amount_col is None:
                continue
            for br in bt.rows.values():
                count, amount = bt.figure(br.row_id, count_col.id), bt.figure(br.row_id, amount_col.id)
                if not br.trusted or count.value is None or amount.value is None or count.value <= 0:
                    continue
                unit = amount.unit or amount_col.unit
                read_as = unit or amount_col.assumed_unit
                if read_as not in YUAN:
                    continue
                average = amount.value * YUAN[read_as] / count.value
                if average < minimum:
                    assumed = (
                        {lang: text.format(unit=read_as) for lang, text in self.messages["assumed"].items()}
                        if unit is None
                        else {"zh": "", "en": ""}
                    )
                    yield self.diagnostic(
                        "average",
                        count.span,
                        help="average-help",
                        target=cell_target(bt, br.row_id, count_col.id),
                        table=bt_name(bt),
                        row=row_name(bt, br.row_id),
                        count_col=count_col.label,
                        count=count.raw,
                        amount_col=amount_col.label,
                        amount=amount.raw,
                        average=f"{average:.2f}",
                        minimum=minimum,
                        assumed=assumed,
                    )


# -- F405 ---------------------------------------------------------------------------------------------
PROBLEMS = {
    "fullwidth": {"zh": "使用了全角数字", "en": "uses full-width digits"},
    "space": {"zh": "数字中间有空格", "en": "has spaces inside"},
    "separator": {"zh": "使用了千位分隔符", "en": "uses thousands separators"},
    "mixed-separator": {"zh": "混用了不同的分隔符", "en": "mixes separators"},
}


class NumberFormat(Rule):
    code = "F405"
    name = "number-format"
    severity = Severity.WARNING
    fix_safety = "safe"
    summary = {
        "zh": "数字写法不规范（全角、空格、分隔符）",
        "en": "A number uses full-width digits, inner spaces or separators",
    }
    description = {
        "zh": "表格中的数字应为半角阿拉伯数字，不加空格和千位分隔符：“１２３”“1 234”“1,234”“1，234”都能读懂，"
        "但不便检索和统计，也容易被误读为几个数字。自动修复把数字改写为半角数字，数值不变。",
        "en": "Table figures are plain ASCII digits without spaces or thousands separators: １２３, 1 234, 1,234 and 1，234 "
        "are readable but hinder search and statistics and can be misread as several numbers. The fix rewrites the "
        "number in plain digits; the value does not change.",
    }
    basis = FORMAT_BASIS
    examples = {
        "fail": example_report("2021", figures={"t2_5.licensing": {"decisions": "1,234"}}),
        "pass": example_report("2021", figures={"t2_5.licensing": {"decisions": "1234"}}),
    }
    messages = {
        "format": {
            "zh": "{table}“{row}”行“{col}”列的数字“{raw}”{problems}",
            "en": "{table}, row “{row}”, column “{col}”: the number “{raw}” {problems}",
        },
        "help": {"zh": "改写为“{expected}”", "en": "write it as “{expected}”"},
    }

    def check(self, report):
        for bt, bc, _ in figure_cells(report):
            fig = bc.figure
            if fig.value is None or not fig.issues:
                continue
            problems = {
                lang: ("、" if lang == "zh" else ", ").join(PROBLEMS[i][lang] for i in fig.issues if i in PROBLEMS)
                for lang in ("zh", "en")
            }
            expected = plain(fig.value, fig.decimals)
            yield self.diagnostic(
                "format",
                fig.number_span or fig.span,
                help="help",
                fix=_rewrite(fig.number_span, expected),
                raw=fig.raw,
                problems=problems,
                expected=expected,
                **_where(bt, bc),
            )
