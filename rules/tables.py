"""T2xx — the standard tables of sections 二, 三 and 四: presence, rows, cells, labels, edition."""

from __future__ import annotations

from xxgk_lint.diagnostics import Edit, Fix, Severity
from xxgk_lint.document import Span
from xxgk_lint.rule import Rule
from xxgk_lint.rules.common import (
    DOCUMENT,
    bt_name,
    cell_target,
    col_name,
    column_target,
    example_report,
    minimal_edits,
    row_name,
    row_target,
    table_target,
)

TABLE_BASIS = {
    "zh": "《中华人民共和国政府信息公开条例》第五十条；年度报告格式（国办公开办函〔2019〕60号、〔2021〕30号）规定的"
    "表二（第二十条主动公开事项）、表三（收到和处理政府信息公开申请情况）、表四（行政复议、行政诉讼情况）。",
    "en": "Article 50 of the Regulations; the annual report format (国办公开办函〔2019〕60号 and 〔2021〕30号) and its "
    "tables 二 (proactive disclosure under article 20), 三 (applications) and 四 (review and litigation).",
}

T4_HEADER = (
    "四、政府信息公开行政复议、行政诉讼情况\n\n行政复议\t\t\t\t\t行政诉讼\n"
    "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\n"
    "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
)
T4_FULL = T4_HEADER + "1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n"
T2_1 = (
    "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n行政规范性文件\t3\t1\t25\n"
)


class MissingTable(Rule):
    code = "T201"
    name = "missing-table"
    severity = Severity.ERROR
    summary = {"zh": "缺少规定的表格", "en": "A required table is missing"}
    description = {
        "zh": "年度报告应包含表二的各个分表（2019年版：第二十条第（一）（五）（六）（八）（九）项；2021年版：第（一）（五）（六）（八）项）、"
        "表三和表四。找不到其中任何一张时报告。",
        "en": "The report contains the sub-tables of table 二 (2019 format: article 20 items (一)(五)(六)(八)(九); "
        "2021 format: (一)(五)(六)(八)), table 三 and table 四. Each one not found is reported.",
    }
    basis = TABLE_BASIS
    examples = {"fail": example_report("2021", drop=("t4",)), "pass": example_report("2021")}
    messages = {
        "missing": {"zh": "缺少{table}", "en": "{table} is missing"},
        "help": {
            "zh": "按{edition}补充该表；数字为零的单元格填 0",
            "en": "add the table as the {edition} has it; write 0 in empty cells",
        },
    }

    def check(self, report):
        edition = report.template.label("zh"), report.template.label("en")
        for td in report.template.tables:
            if td.id in report.tables:
                continue
            sec = report.section(td.section)
            anchor = sec.heading.span if sec else report.expected_position(td.section)
            yield self.diagnostic(
                "missing",
                anchor,
                help="help",
                target=table_target(td),
                table=td.name,
                edition={"zh": edition[0], "en": edition[1]},
            )


class MissingRow(Rule):
    code = "T202"
    name = "missing-row"
    severity = Severity.ERROR
    summary = {"zh": "表格缺少规定的行", "en": "A table lacks template rows"}
    description = {
        "zh": "找到了表格，但格式规定的某些行不在表中（例如表三在“（四）无法提供”之后就结束了）。"
        "连续缺少的行合并报告一次。",
        "en": "The table is there but some of its rows are not (e.g. table 三 stops after （四）). Consecutive "
        "missing rows are reported together.",
    }
    basis = TABLE_BASIS
    examples = {"fail": T2_1.replace("行政规范性文件\t3\t1\t25\n", ""), "pass": T2_1}
    messages = {
        "missing": {"zh": "{table}缺少 {count} 行：{rows}", "en": "{table} lacks {count} row(s): {rows}"},
        "help": {
            "zh": "按格式补齐这些行；没有数据的填 0",
            "en": "add these rows; write 0 where there is nothing to report",
        },
    }

    def check(self, report):
        for bt in report.tables.values():
            if bt.header_only or not bt.rows:
                continue
            run = []  # (row id, name) of consecutive missing rows
            prev_end = bt.span.start if bt.span else 0
            anchor = None
            for r in bt.definition.rows:
                br = bt.rows.get(r.id)
                if br is None:
                    if not run:
                        anchor = Span(prev_end, prev_end)
                    run.append((r.id, row_name(bt, r.id)))
                    continue
                if run:
                    yield self._emit(bt, run, anchor)
                    run = []
                if br.span is not None:
                    prev_end = br.span.end
            if run:
                yield self._emit(bt, run, anchor)

    def _emit(self, bt, run, anchor):
        return self.diagnostic(
            "missing",
            anchor,
            help="help",
            target=row_target(bt, run[0][0]),
            table=bt_name(bt),
            count=len(run),
            rows="、".join(name for _, name in run),
        )


class CellCount(Rule):
    code = "T203"
    name = "cell-count"
    severity = Severity.ERROR
    summary = {
        "zh": "行的数值单元格数与表格列数不符",
        "en": "A row has more or fewer value cells than the table has columns",
    }
    description = {
        "zh": "一行中的数字个数多于或少于表格的列数时，无法确定每个数字属于哪一列。该行的数字不会被其他规则采用，"
        "相关的勾稽关系报告为“无法核对”而不是误报不平衡。",
        "en": "When a row holds more or fewer figures than the table has columns, no figure can be assigned to a "
        "column. The row is not trusted by other rules; identities that need it say “cannot check”.",
    }
    basis = TABLE_BASIS
    examples = {"fail": T2_1.replace("规章\t0\t0\t0", "规章\t0\t0\t0\t0"), "pass": T2_1}
    messages = {
        "count": {
            "zh": "{table}“{row}”行有 {found} 个数值单元格，但表格有 {expected} 列；该行数字无法对应到列",
            "en": "{table}, row “{row}”: {found} value cells for {expected} columns; its figures cannot be aligned",
        },
        "help": {
            "zh": "删除多余的单元格或补齐缺少的单元格，使每列一个数字",
            "en": "remove the extra cells or add the missing ones: one figure per column",
        },
    }

    def check(self, report):
        for bt in report.tables.values():
            for br in bt.rows.values():
                if br.cell_count is not None:
                    yield self.diagnostic(
                        "count",
                        br.span,
                        help="help",
                        target=row_target(bt, br.row_id),
                        table=bt_name(bt),
                        row=row_name(bt, br.row_id),
                        found=br.cell_count,
                        expected=len(bt.definition.columns),
                    )


def _blank_parts(report, bt):
    """(whole table blank?, set of blank block ids); worked out once per report and table (T204 and T205
    both ask)."""
    return report.memoised(("blank_parts", bt.id), lambda: _find_blank_parts(bt))


def _find_blank_parts(bt):
    cells = list(bt.bound_cells())
    if bt.header_only or (cells and all(c.figure.blank for c in cells)):
        return True, frozenset()
    blocks = set()
    for b in bt.definition.blocks:
        figs = [bt.figure(rid, cid) for rid in bt.rows for cid in b.columns]
        figs = [f for f in figs if f is not None]
        if figs and all(f.blank for f in figs):
            blocks.add(b.id)
    return False, frozenset(blocks)


class BlankCell(Rule):
    code = "T204"
    name = "blank-cell"
    severity = Severity.WARNING
    fix_safety = "unsafe"
    summary = {"zh": "数字单元格为空", "en": "A figure cell is empty"}
    description = {
        "zh": "规定填写数字的单元格为空。空白与 0 含义不同：读者无法判断是没有发生还是漏填。没有数据的请填 0。"
        "（自动修复会填入 0，改变了报告内容，因此只在 --unsafe-fixes 下执行。）整张表或整块为空的由 T205 报告。",
        "en": "A cell meant for a figure is empty. Blank is not zero: readers cannot tell “none” from “forgot”. "
        "Write 0. (The fix writes 0, which changes what the report says, so it is unsafe.) Whole blank tables "
        "or blocks are T205.",
    }
    basis = {
        "zh": TABLE_BASIS["zh"] + "“空白填 0”是本工具的约定，格式文件未明文规定。",
        "en": TABLE_BASIS["en"] + " Writing 0 in empty cells is this tool's convention, not a cited rule.",
    }
    examples = {"fail": T2_1.replace("规章\t0\t0\t0", "规章\t0\t\t0"), "pass": T2_1}
    messages = {
        "blank": {"zh": "{table}“{row}”行“{col}”列为空", "en": "{table}, row “{row}”, column “{col}” is empty"},
        "row": {
            "zh": "{table}“{row}”行的 {count} 个单元格全部为空",
            "en": "{table}, row “{row}”: all {count} cells are empty",
        },
        "help": {"zh": "填写数字；没有的填 0", "en": "write the figure; write 0 if there is none"},
        "fix": {"zh": "在空单元格中填入 0", "en": "write 0 into the empty cell"},
    }

    def check(self, report):
        for bt in report.tables.values():
            whole, blocks = _blank_parts(report, bt)
            if whole:
                continue
            skip_cols = {c for b in bt.definition.blocks if b.id in blocks for c in b.columns}
            # the columns whose cells must be filled, once per table (not asked again for every cell)
            wanted = {c.id for c in bt.definition.columns if c.required and c.id not in skip_cols}
            for br in bt.rows.values():
                if not br.trusted:
                    continue
                cells = br.cells
                blank = [(cid, bc) for cid, bc in cells.items() if bc.figure.blank and cid in wanted]
                if not blank:
                    continue
                required = [cid for cid in cells if cid in wanted]
                # a cell that exists in the source is a place to type into (the .docx writer creates the
                # run of an empty Word cell); a cell missing from the source is not
                edits = tuple(Edit(bc.figure.span, "0") for _, bc in blank if bc.cell is not None)
                if len(blank) > 1 and len(blank) == len(required):  # a whole empty row: one finding
                    fix = Fix(edits, safe=False, description=self.messages["fix"]) if len(edits) == len(blank) else None
                    anchor = br.label.span if br.label is not None else br.span
                    yield self.diagnostic(
                        "row",
                        anchor,
                        help="help",
                        fix=fix,
                        target=row_target(bt, br.row_id),
                        table=bt_name(bt),
                        row=row_name(bt, br.row_id),
                        count=len(blank),
                    )
                    continue
                for cid, bc in blank:
                    fix = None
                    if bc.cell is not None:
                        fix = Fix((Edit(bc.figure.span, "0"),), safe=False, description=self.messages["fix"])
                    yield self.diagnostic(
                        "blank",
                        bc.figure.span,
                        help="help",
                        fix=fix,
                        target=cell_target(bt, br.row_id, cid),
                        table=bt_name(bt),
                        row=row_name(bt, br.row_id),
                        col=col_name(bt, cid),
                    )


class BlankTable(Rule):
    code = "T205"
    name = "blank-table"
    severity = Severity.ERROR
    summary = {"zh": "整张表格或整块没有数字", "en": "A whole table, or a block of it, has no figures"}
    description = {
        "zh": "表格只有表头、没有任何数字，或某一整块（如行政复议的五个单元格）全部为空。"
        "没有发生的事项也应逐格填 0，否则读者无法判断是否漏报。",
        "en": "A table has headers but no figures, or a whole block of it (e.g. the five 行政复议 cells) is blank. "
        "Even when nothing happened, each cell says 0.",
    }
    basis = TABLE_BASIS
    examples = {"fail": T4_HEADER, "pass": T4_FULL}
    messages = {
        "table": {"zh": "{table}没有填写任何数字", "en": "{table} has no figures at all"},
        "block": {"zh": "{table}“{block}”部分的单元格全部为空", "en": "{table}: every cell of “{block}” is empty"},
        "help": {"zh": "逐格填写数字；没有发生的填 0", "en": "fill in every cell; write 0 where nothing happened"},
    }

    def check(self, report):
        for bt in report.tables.values():
            whole, blocks = _blank_parts(report, bt)
            if whole:
                yield self.diagnostic("table", bt.span, help="help", target=table_target(bt), table=bt_name(bt))
                continue
            for b in bt.definition.blocks:
                if b.id in blocks:
                    spans = [bt.figure(rid, c).span for rid in bt.rows for c in b.columns if bt.figure(rid, c)]
                    yield self.diagnostic(
                        "block",
                        Span.covering(spans) or bt.span,
                        help="help",
                        target=table_target(bt),
                        table=bt_name(bt),
                        block=b.label,
                    )


class LabelTypo(Rule):
    code = "T206"
    name = "label-typo"
    severity = Severity.WARNING
    fix_safety = "safe"
    summary = {"zh": "表格标签疑似笔误", "en": "A table label is a near miss of the official label"}
    description = {
        "zh": "行、列或分组标签与格式规定的标签几乎相同但有个别字不同，多为录入或识别错误（如“不子公开”应为“不予公开”）。"
        "自动修复只改动不同的字，不改变空格、全半角等写法。",
        "en": "A row, column or group label that nearly matches the official one (typing or OCR errors such as "
        "不子公开 for 不予公开). The fix changes only the differing characters.",
    }
    basis = TABLE_BASIS
    examples = {"fail": T2_1.replace("行政规范性文件", "行政规范姓文件"), "pass": T2_1}
    messages = {
        "typo": {
            "zh": "标签“{found}”疑似“{expected}”的笔误",
            "en": "label “{found}” looks like a typo for “{expected}”",
        },
        "help": {"zh": "改为“{expected}”", "en": "change it to “{expected}”"},
        "fix": {"zh": "按格式改正标签", "en": "correct the label to the official text"},
    }

    def check(self, report):
        for bt in report.tables.values():
            labels = [m for m in [bt.caption, *bt.column_labels, *bt.group_labels] if m is not None]
            labels += [br.label for br in bt.rows.values() if br.label is not None]
            seen = set()
            for m in sorted((m for m in labels if not m.exact), key=lambda m: m.span.start):
                if (m.span.start, m.span.end) in seen:
                    continue
                seen.add((m.span.start, m.span.end))
                edits = minimal_edits(m.found, m.span, m.expected)
                if not edits:
                    continue  # differs only in spacing, width or punctuation: not a typo
                fix = (
                    Fix(edits, safe=True, description=self.messages["fix"])
                    if edits and self._single_span(m, report)
                    else None
                )
                yield self.diagnostic(
                    "typo", m.span, help="help", fix=fix, target=self._target(bt, m), found=m.found, expected=m.expected
                )

    @staticmethod
    def _target(bt, m):
        if m.kind == "row" and bt.definition.has_row(m.ref):
            return row_target(bt, m.ref)
        if m.kind == "header" and m.ref in bt.definition.column_ids:
            return column_target(bt, m.ref)
        return table_target(bt)  # a caption, a group label or a header text that names no column

    @staticmethod
    def _single_span(m, report) -> bool:
        # a label joined from two rows has text in between that is not part of it: no automatic fix
        return report.document.text[m.span.start : m.span.end] == m.found


class TemplateMismatch(Rule):
    code = "T207"
    name = "template-mismatch"
    severity = Severity.ERROR
    summary = {
        "zh": "表格使用了与报告年度不符的格式版本",
        "en": "Tables follow the other format edition than the report year requires",
    }
    description = {
        "zh": "2019、2020年度报告使用2019年版格式，2021年度起使用2021年版格式（国办公开办函〔2021〕30号）。"
        "2019年度报告使用统一格式只是“鼓励”，因此对2019年度报告仅作警告。检测到版本不符时，其余检查按表格实际采用的版本进行。",
        "en": "2019 and 2020 reports use the 2019 format; reports from 2021 on use the 2021 format. For 2019 reports "
        "the unified format was only encouraged, so this is a warning there. The other checks then follow the "
        "edition the tables actually use.",
    }
    basis = {
        "zh": "国办公开办函〔2019〕60号（2019年度“鼓励按照统一格式发布”）；国办公开办函〔2021〕30号（“请认真贯彻执行”）。",
        "en": "国办公开办函〔2019〕60号 (for 2019 reports the format was encouraged); 国办公开办函〔2021〕30号 (mandatory).",
    }
    examples = {
        "fail": "某县2022年政府信息公开工作年度报告\n\n第二十条第（一）项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n",
        "pass": "某县2022年政府信息公开工作年度报告\n\n" + T2_1,
    }
    messages = {
        "mismatch": {
            "zh": "报告年度为 {year} 年，应使用 {expected} 年版格式，但表格按 {found} 年版填写",
            "en": "the report year is {year}, which requires the {expected} format, but the tables follow the {found} format",
        },
        "help": {"zh": "按 {expected} 年版格式重新制作表格", "en": "redo the tables in the {expected} format"},
    }

    def check(self, report):
        if not report.tables_follow or report.year is None:
            return
        from xxgk_lint import templates

        expected = templates.for_year(report.year)
        sev = Severity.WARNING if expected.encouraged_only(report.year) else None
        yield self.diagnostic(
            "mismatch",
            report.year_span,
            help="help",
            severity=sev,
            target=DOCUMENT,
            year=report.year,
            expected=expected.id,
            found=report.tables_follow,
        )


class UnknownRow(Rule):
    code = "T208"
    name = "unknown-row"
    severity = Severity.INFO
    summary = {"zh": "表格中有格式未规定的行", "en": "A table row matches no template row"}
    description = {
        "zh": "表格中的一行与格式规定的任何一行都对不上，可能是地方自行增加的行，或标签错得太多无法识别。",
        "en": "A row that matches no row of the template: a locally added row, or a label too garbled to recognise.",
    }
    basis = TABLE_BASIS
    examples = {"fail": T2_1 + "其他主动公开文件\t5\t0\t5\n", "pass": T2_1}
    messages = {
        "unknown": {
            "zh": "{table}中的“{label}”行不属于格式规定的任何一行",
            "en": "row “{label}” of {table} matches no template row",
        },
        "unlabelled": {"zh": "{table}中有一行没有标签的数字", "en": "{table} has a row of figures without a label"},
        "help": {
            "zh": "核对标签是否写错；格式未规定的行可删除或在文字中说明",
            "en": "check the label; rows the format does not have can go into the text",
        },
    }

    def check(self, report):
        for bt in report.tables.values():
            for u in bt.unknown_rows:
                if u.label:
                    yield self.diagnostic(
                        "unknown", u.span, help="help", target=table_target(bt), table=bt_name(bt), label=u.label
                    )
                else:
                    yield self.diagnostic("unlabelled", u.span, help="help", target=table_target(bt), table=bt_name(bt))
