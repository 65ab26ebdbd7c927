"""Small helpers shared by the built-in rules (labels for messages, minimal text edits)."""

from __future__ import annotations

import unicodedata
from difflib import SequenceMatcher

from xxgk_lint.diagnostics import Edit, Target
from xxgk_lint.document import Span
from xxgk_lint.report import BoundTable, Report

_PUNCT = {"、": ".", "，": ".", ",": ".", "．": ".", "。": ".", "：": ":", "“": '"', "”": '"'}


def bt_name(bt: BoundTable) -> dict[str, str]:
    return bt.definition.name


def row_name(bt: BoundTable, row_id: str) -> str:
    r = bt.definition.row(row_id)
    if r.label is None:
        return "数据行"
    return f"{r.group} {r.label}" if r.group and r.label[:1].isdigit() else r.label


def col_name(bt: BoundTable, col_id: str) -> str:
    c = bt.definition.column(col_id)
    b = bt.definition.block_of(col_id)
    return f"{b.label}·{c.label}" if b is not None else c.label


def _cnorm(ch: str) -> str:
    s = unicodedata.normalize("NFKC", ch)
    if not s.strip() or s == "*" or s in "\u00a0\u3000":
        return ""
    return "".join(_PUNCT.get(x, x) for x in s)


def minimal_edits(found: str, span: Span, expected: str) -> tuple[Edit, ...]:
    """The smallest character edits turning ``found`` (at ``span``) into ``expected``, comparing
    normalised characters so that width, spacing and punctuation variants are left as written."""
    f_chars, f_index = [], []
    for i, ch in enumerate(found):
        n = _cnorm(ch)
        for x in n:
            f_chars.append(x)
            f_index.append(i)
    e_chars, e_orig = [], []
    for ch in expected:
        n = _cnorm(ch)
        for x in n:
            e_chars.append(x)
            e_orig.append(ch)
    edits = []
    sm = SequenceMatcher(None, "".join(f_chars), "".join(e_chars), autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        repl = "".join(e_orig[j] for j in range(j1, j2))
        if i1 < i2:
            a = span.start + f_index[i1]
            b = span.start + f_index[i2 - 1] + 1
        else:
            pos = span.start + (f_index[i1] if i1 < len(f_index) else len(found))
            a = b = pos
        edits.append(Edit(Span(a, b), repl))
    return tuple(edits)


def report_has_tables(report: Report) -> bool:
    return bool(report.tables)


def example_report(
    edition: str | None = None,
    drop: tuple[str, ...] = (),
    year: int | None = None,
    figures: dict[str, dict[str, str]] | None = None,
    dated: bool = True,
    fees: bool = True,
) -> str:
    """A complete, correct report in the tab-separated layout, rendered from the template data with
    every figure 0 (used for rule examples, so the docs show real input).  ``drop``: table ids to leave out;
    ``figures``: cells written instead of 0, as ``{"t3.new": {"natural": "3", "total": "3"}}``; ``dated``: end
    with a signature dated 20 January of the next year (D603); ``fees``: say no fees were charged (W703)."""
    from xxgk_lint import templates

    t = templates.load(edition or templates.EDITIONS[-1])  # default: the newest edition
    year = year or t.sample_year
    lines = [f"某县人民政府办公室{year}年政府信息公开工作年度报告", ""]
    for sec in t.sections:
        lines += [sec.heading, ""]
        tables = [td for td in t.tables_in(sec.id) if td.id not in drop]
        if not tables:
            lines += ["本年度无需要说明的事项。" if sec.ordinal != 1 else "全年依法做好政府信息公开工作。", ""]
            if sec.ordinal == 1 and fees:
                lines += ["本年度未收取信息处理费。", ""]
        for td in tables:
            if td.caption:
                lines.append(td.caption)
                lines.append("\t".join([td.header[0]] + [c.label for c in td.columns]))
            elif td.groups:  # table 三: the applicant header over the columns
                lines.append("\t".join(list(td.header[:2]) + [c.label for c in td.columns[1:]]))
            else:
                lines.append("\t".join(td.header[:2]))
                lines.append("\t".join(c.label for c in td.columns))
            for r in td.rows:
                given = (figures or {}).get(f"{td.id}.{r.id}", {})
                cells = [
                    given.get(
                        c.id, f"0 {c.assumed_unit}" if c.kind == "money" and not c.unit and c.assumed_unit else "0"
                    )
                    for c in td.columns
                ]
                lines.append("\t".join(([r.label] if r.label else []) + cells))
            lines.append("")
    if dated:
        lines += ["某县人民政府办公室", f"{year + 1}年1月20日", ""]
    return "\n".join(lines)


# -- structured targets (Diagnostic.target) ------------------------------------------------------------
def table_target(table) -> Target:
    """``table``: a :class:`BoundTable` or a template :class:`TableDef`."""
    td = getattr(table, "definition", table)
    return Target("table", table=td.id, section=td.section)


def row_target(bt: BoundTable, row_id: str) -> Target:
    return Target("row", table=bt.id, row=row_id, section=bt.definition.section)


def column_target(bt: BoundTable, col_id: str) -> Target:
    return Target("column", table=bt.id, column=col_id, section=bt.definition.section)


def cell_target(bt: BoundTable, row_id: str, col_id: str) -> Target:
    return Target("cell", table=bt.id, row=row_id, column=col_id, section=bt.definition.section)


def section_target(section_id: str | None) -> Target:
    return Target("section", section=section_id)


DOCUMENT = Target("document")
