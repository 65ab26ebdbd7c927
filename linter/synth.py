"""Deterministic synthetic annual reports, for tests, examples and the benchmark.

A :class:`SyntheticReport` holds the figures of one report, generated from a seed so that every
identity of the template holds (table 三 row totals, outcome totals and the printed balance
一 + 二 = 三（七）+ 四; table 四 block totals; 2019 table 二: 本年新公开数量 <= 对外公开总数量 and
上一年项目数量 + 本年增/减 >= 0).  Tests then break it on purpose::

    from xxgk_lint.synth import SyntheticReport, render
    r = SyntheticReport(edition="2021", year=2022, agency="某县农业农村局", seed=0)
    r.set("t3", "new", "natural", "5")         # one cell
    r.relabel("（三）不予公开", "（三）不子公开")  # a label typo (caption, header, group or row label)
    r.drop_section("s6")                       # the heading, its text and its tables
    r.drop_row("t3", "declined_1"); r.drop_table("t4")
    render(r, "txt", layout="tabs")            # also "cells" and "bare"; "md", "html" -> str; "docx" -> bytes

Every label, caption and header comes from :func:`xxgk_lint.templates.load`; none is written here.
The tables are drawn as the official form draws them: table 二 as one four-column table with a
caption row per sub-table, table 三 with its 3x3 top-left note cell, "申请人情况" over seven columns,
the merged group labels (三、本年度办理结果 spanning 20 or 22 rows, （三）不予公开 …), and table 四 with
its two-level header over one unlabelled row of fifteen figures.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from xxgk_lint import templates

__all__ = ["SyntheticReport", "render", "GridCell", "Grid"]


# -- figures --------------------------------------------------------------------------------------
def _count(rng: random.Random, hi: int, zero_share: float = 0.3) -> int:
    return 0 if rng.random() < zero_share else rng.randint(1, hi)


def _delta_text(value: int) -> str:
    if value > 0:
        return f"增{value}"
    if value < 0:
        return f"减{-value}"
    return "0"


def _make_t2(tdef, rng: random.Random) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    ids = tdef.column_ids
    for row in tdef.rows:
        cells: dict[str, str] = {}
        if {"made", "published", "total"} <= set(ids):  # 2019 （一）: published <= total
            made = _count(rng, 12)
            published = rng.randint(0, made) if made else 0
            cells.update(made=str(made), published=str(published), total=str(published + rng.randint(0, 60)))
        elif {"issued", "repealed", "valid"} <= set(ids):  # 2021 （一）
            cells.update(issued=str(_count(rng, 10)), repealed=str(_count(rng, 4, 0.5)), valid=str(rng.randint(0, 80)))
        for col in tdef.columns:
            cid = col.id
            if cid in cells:
                continue
            if col.kind == "delta":
                prev = int(cells.get("prev", "0"))
                cells[cid] = _delta_text(rng.randint(-min(prev, 5), 8))
            elif col.kind == "money":
                if col.unit:  # the unit is printed in the header: a bare number in that unit
                    cells[cid] = "0" if rng.random() < 0.5 else f"{Decimal(rng.randint(1, 9999)) / 100:.2f}"
                else:  # no unit in the template: write one, amounts consistent with the project count
                    n = int(cells.get("count", "0") or 0)
                    amount = f"{Decimal(rng.randint(500 * n, 9000 * n)) / 100:.2f}" if n else "0"
                    cells[cid] = f"{amount} {col.assumed_unit}" if n and col.assumed_unit else amount
            elif cid == "prev":
                cells[cid] = str(rng.randint(0, 400))
            else:
                cells[cid] = str(_count(rng, 300))
        out[row.id] = {c: cells[c] for c in ids}
    return out


def _make_t3(tdef, rng: random.Random, tpl_identities: tuple) -> dict[str, dict[str, str]]:
    cols = [c.id for c in tdef.columns]
    value_cols, total_col = cols[:-1], cols[-1]
    rows = tdef.row_ids
    outcome = next(i for i in tpl_identities if i.rule == "A302" and i.table == tdef.id)
    outcome_rows = [ref.split(".")[0] for ref in outcome.rhs]
    result_total = outcome.lhs[0].split(".")[0]
    balance = next(i for i in tpl_identities if i.rule == "A303" and i.table == tdef.id)
    first, second = (ref.split(".")[0] for ref in balance.lhs)
    carry_next = next(ref.split(".")[0] for ref in balance.rhs if not ref.startswith(result_total + "."))
    grid: dict[str, dict[str, int]] = {r: {} for r in rows}
    for k, col in enumerate(value_cols):
        hi = 40 if k == 0 else 4
        new = _count(rng, hi, 0.2 if k == 0 else 0.6)
        carried = _count(rng, 3, 0.7)
        nxt = rng.randint(0, min(2, new + carried))
        done = new + carried - nxt
        share = {r: 0 for r in outcome_rows}
        for _ in range(done):  # most requests are disclosed; the rest spread over the other outcomes
            r = outcome_rows[0] if rng.random() < 0.55 else rng.choice(outcome_rows)
            share[r] += 1
        grid[first][col], grid[second][col], grid[carry_next][col], grid[result_total][col] = new, carried, nxt, done
        for r in outcome_rows:
            grid[r][col] = share[r]
    out = {}
    for r in rows:
        vals = grid[r]
        for col in value_cols:
            vals.setdefault(col, 0)
        vals[total_col] = sum(vals[c] for c in value_cols)
        out[r] = {c: str(vals[c]) for c in cols}
    return out


def _make_t4(tdef, rng: random.Random) -> dict[str, dict[str, str]]:
    row = {}
    for block in tdef.blocks:
        parts = [_count(rng, 3, 0.6) for _ in block.columns[:-1]]
        for cid, v in zip(block.columns[:-1], parts, strict=True):
            row[cid] = str(v)
        row[block.columns[-1]] = str(sum(parts))
    return {tdef.rows[0].id: {c: row[c] for c in tdef.column_ids}}


def _to_int(text: str | None) -> int | None:
    if text is None:
        return None
    t = text.strip()
    return int(t) if t.isdigit() else None


# -- the report -----------------------------------------------------------------------------------
@dataclass
class SyntheticReport:
    edition: str = templates.EDITIONS[-1]  # the newest
    year: int | None = None
    agency: str = "某县农业农村局"
    seed: int = 0
    figures: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    dropped_sections: set[str] = field(default_factory=set)
    dropped_rows: set[tuple[str, str]] = field(default_factory=set)
    dropped_tables: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)  # official label -> text written instead

    def __post_init__(self) -> None:
        self.template = templates.load(self.edition)
        if self.year is None:
            self.year = self.template.sample_year
        if not self.figures:
            rng = random.Random(f"{self.edition}/{self.year}/{self.agency}/{self.seed}")
            for tdef in self.template.tables:
                if tdef.id == "t3":
                    self.figures[tdef.id] = _make_t3(tdef, rng, self.template.identities)
                elif tdef.id == "t4":
                    self.figures[tdef.id] = _make_t4(tdef, rng)
                else:
                    self.figures[tdef.id] = _make_t2(tdef, rng)
        self.variant = self.seed % 3

    # -- alterations (tests build defects with these) ----------------------------------------
    def set(self, table_id: str, row_id: str, col_id: str, text: str) -> SyntheticReport:
        tdef = self.template.table(table_id)
        if tdef is None or row_id not in tdef.row_ids or col_id not in tdef.column_ids:
            raise KeyError(f"{table_id}.{row_id}.{col_id} is not a cell of the {self.edition} template")
        self.figures[table_id][row_id][col_id] = text
        return self

    def get(self, table_id: str, row_id: str, col_id: str) -> str:
        return self.figures[table_id][row_id][col_id]

    def relabel(self, official: str, written: str) -> SyntheticReport:
        """Write ``written`` wherever the template's ``official`` label (row, group, column header or
        caption) would appear, e.g. a typo ``relabel("（三）不予公开", "（三）不子公开")``."""
        self.labels[official] = written
        return self

    def drop_section(self, section_id: str) -> SyntheticReport:
        if self.template.section(section_id) is None:
            raise KeyError(section_id)
        self.dropped_sections.add(section_id)
        return self

    def drop_row(self, table_id: str, row_id: str) -> SyntheticReport:
        if row_id not in self.tdef(table_id).row_ids:
            raise KeyError(f"{table_id}.{row_id}")
        self.dropped_rows.add((table_id, row_id))
        return self

    def drop_table(self, table_id: str) -> SyntheticReport:
        if self.template.table(table_id) is None:
            raise KeyError(table_id)
        self.dropped_tables.add(table_id)
        return self

    # -- content ---------------------------------------------------------------------------------
    @property
    def _year(self) -> int:
        assert self.year is not None  # __post_init__ sets it
        return self.year

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def tdef(self, table_id: str) -> templates.TableDef:
        """The template's table ``table_id`` (KeyError when the edition has none)."""
        tdef = self.template.table(table_id)
        if tdef is None:
            raise KeyError(table_id)
        return tdef

    def label(self, official: str | None) -> str:
        """The text written for the template's ``official`` label; nothing for an unlabelled one (None)."""
        if official is None:
            return ""
        return self.labels.get(official, official)

    def blocks(self) -> list[tuple]:
        """The report as abstract blocks: ("title", text), ("heading", level, text), ("para", text),
        ("table", table_key, grid).  Every renderer draws these."""
        out: list[tuple] = [("title", self.title)]
        out += [("para", p) for p in self._intro()]
        tables_by_section: dict[str, list[str]] = {}
        for tdef in self.template.tables:
            tables_by_section.setdefault(tdef.section, []).append(tdef.id)
        for sec in self.template.sections:
            if sec.id in self.dropped_sections:
                continue
            out.append(("heading", 1, self.label(sec.heading)))
            paras = self._narrative(sec.id)
            for p in paras[:1]:
                out.append(("para", p))
            ids = [t for t in tables_by_section.get(sec.id, []) if t not in self.dropped_tables]
            if sec.id == "s2" and ids:
                out.append(("table", "t2", _grid_t2(self, ids)))
            elif "t3" in ids:
                out.append(("table", "t3", _grid_t3(self)))
            elif "t4" in ids:
                out.append(("table", "t4", _grid_t4(self)))
            for p in paras[1:]:
                out.append(("para", p))
        out.append(("para", self.agency))
        out.append(("para", f"{self._year + 1}年1月{18 + self.seed % 9}日"))
        return out

    def _intro(self) -> list[str]:
        names = "、".join(s.title for s in self.template.sections)
        return [
            f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和上级关于做好政府信息公开工作年度报告的要求，"
            f"由{self.agency}编制。全文包括{names}，共六个部分。",
            f"本报告中所列数据的统计期限为{self.year}年1月1日至{self.year}年12月31日。"
            f"本报告电子版可在本机关门户网站政府信息公开专栏查阅，如对本报告有疑问，请与本机关办公室联系。",
        ]

    def _num(self, table_id: str, row_id: str, col_id: str) -> int | None:
        if table_id in self.dropped_tables or (table_id, row_id) in self.dropped_rows:
            return None
        try:
            return _to_int(self.figures[table_id][row_id][col_id])
        except KeyError:
            return None

    def _narrative(self, section_id: str) -> list[str]:
        v = self.variant
        a = self.agency
        if section_id == "s1":
            lead = [
                f"{self.year}年，{a}坚持以公开为常态、不公开为例外，把政府信息公开工作纳入年度重点工作统筹推进，"
                f"围绕群众关切的涉农政策、项目资金和执法监管信息，持续提升公开质量。",
                f"{self.year}年，{a}按照全县政务公开工作部署，健全信息发布、政策解读和回应关切机制，"
                f"推动政府信息公开工作规范化、标准化。",
                f"{self.year}年，{a}围绕中心工作，压实公开责任，公开的广度和深度进一步拓展，群众获取信息更加便捷。",
            ][v]
            items = [
                "（一）主动公开。依托门户网站和政务新媒体，及时发布惠农补贴、项目安排和行政执法信息，重要政策文件同步发布解读材料。",
                "（二）依申请公开。畅通网上申请、信函申请和当面申请渠道，严格按照法定时限答复，答复书说明理由和救济途径。",
                "（三）政府信息管理。落实公开属性源头认定，发文前逐件审查，定期清理已公开的规范性文件并标注效力状态。",
                "（四）政府信息公开平台建设。优化门户网站政府信息公开专栏，调整栏目设置，修正失效链接，提升检索和浏览体验。",
                "（五）监督保障。将政务公开纳入机关年度绩效考核，组织业务培训，主动接受社会监督，本年度未发生因公开工作被追责的情形。",
            ]
            return [lead, *items]
        if section_id == "s2":
            return [
                "本年度主动公开政府信息情况如下表。",
                [
                    "主动公开内容以政策文件、行政许可和行政执法信息为主，均在信息形成或者变更之日起二十个工作日内公开。",
                    "各类主动公开信息均按规定时限发布，未发现应公开未公开的情形。",
                    "本机关将继续围绕群众关注的重点领域，做好主动公开信息的日常维护。",
                ][v],
            ]
        if section_id == "s3":
            new = self._num("t3", "new", "total")
            carried = self._num("t3", "carried", "total")
            first = "本年度收到和处理政府信息公开申请情况如下表。"
            if new is not None:
                first = (
                    f"本年度共收到政府信息公开申请{new}件"
                    + (f"，上年结转{carried}件" if carried is not None else "")
                    + "，均已按照《条例》规定的时限和程序办理。收到和处理政府信息公开申请情况如下表。"
                )
            return [
                first,
                "办理过程中，对申请内容不明确的，一次性告知申请人补正事项；对涉及第三方权益的，依法征求第三方意见。",
            ]
        if section_id == "s4":
            review = self._num("t4", "data", "review_total")
            if review is not None:
                first = f"本年度发生政府信息公开行政复议案件{review}件，具体情况如下表。"
            else:
                first = "本年度政府信息公开行政复议、行政诉讼情况如下表。"
            return [first, "本机关认真对待复议和诉讼中反映出的问题，逐案分析原因，改进答复文书的规范性。"]
        if section_id == "s5":
            return [
                [
                    "本年度政府信息公开工作仍存在一些不足：一是政策解读形式较为单一，图解和视频解读偏少；二是部分栏目更新不够及时。",
                    "工作中还存在一些问题：一是基层工作人员业务能力有待提升；二是依申请公开答复文书的说理还不够充分。",
                    "当前主要问题是：一是公开内容的系统性还不够强；二是与公众的互动回应渠道有待拓展。",
                ][v],
                "下一步，本机关将加强业务培训，完善信息发布审核流程，丰富解读形式，定期检查栏目内容，切实提升公开实效。",
            ]
        if section_id == "s6":
            if self.edition == "2019":
                return ["本年度无其他需要报告的事项。"]
            return [
                "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本机关本年度未收取信息处理费。",
                "本年度无其他需要报告的事项。",
            ]
        return []


# -- grids ----------------------------------------------------------------------------------------
@dataclass
class GridCell:
    """One origin cell of a drawn table (covered positions are not listed)."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


@dataclass
class Grid:
    ncols: int
    rows: list[list[GridCell]]  # origin cells per row, left to right

    def expanded(self) -> list[list[str]]:
        """Every grid position: the text at an origin, "" at a covered position."""
        out = [["" for _ in range(self.ncols)] for _ in self.rows]
        for row in self.rows:
            for c in row:
                out[c.row][c.col] = c.text
        return out


def _g_add(rows: list[list[GridCell]], r: int, c: int, text: str, rowspan=1, colspan=1, header=False) -> None:
    while len(rows) <= r:
        rows.append([])
    rows[r].append(GridCell(text, r, c, rowspan, colspan, header))


def _grid_t2(rep: SyntheticReport, ids: list[str]) -> Grid:
    tdefs = [rep.tdef(t) for t in ids]
    width = 1 + max(len(t.columns) for t in rep.template.tables if t.id.startswith("t2"))
    rows: list[list[GridCell]] = []
    r = 0
    for tdef in tdefs:
        _g_add(rows, r, 0, rep.label(tdef.caption), colspan=width, header=True)
        r += 1
        header = tdef.header
        _g_add(rows, r, 0, rep.label(header[0]), header=True)
        n = len(tdef.columns)
        for k, col in enumerate(tdef.columns):
            span = width - 1 - k if k == n - 1 else 1
            _g_add(rows, r, 1 + k, rep.label(col.label), colspan=span, header=True)
        r += 1
        for row in tdef.rows:
            if (tdef.id, row.id) in rep.dropped_rows:
                continue
            _g_add(rows, r, 0, rep.label(row.label))
            for k, col in enumerate(tdef.columns):
                span = width - 1 - k if k == n - 1 else 1
                _g_add(rows, r, 1 + k, rep.figures[tdef.id][row.id][col.id], colspan=span)
            r += 1
    return Grid(width, rows)


def _grid_t3(rep: SyntheticReport) -> Grid:
    tdef = rep.tdef("t3")
    cols = tdef.columns
    col_labels = {c.label for c in cols}
    extra = [h for h in tdef.header if h not in col_labels]
    top, org, note = extra[0], extra[1], extra[-1]
    lw = 3
    width = lw + len(cols)
    rows: list[list[GridCell]] = []
    _g_add(rows, 0, 0, rep.label(note), rowspan=3, colspan=lw, header=True)
    _g_add(rows, 0, lw, rep.label(top), colspan=len(cols), header=True)
    _g_add(rows, 1, lw, rep.label(cols[0].label), rowspan=2, header=True)
    _g_add(rows, 1, lw + 1, rep.label(org), colspan=len(cols) - 2, header=True)
    _g_add(rows, 1, lw + len(cols) - 1, rep.label(cols[-1].label), rowspan=2, header=True)
    for k, c in enumerate(cols[1:-1]):
        _g_add(rows, 2, lw + 1 + k, rep.label(c.label), header=True)
    outer = (tdef.groups or (None,))[0]
    kept = [row for row in tdef.rows if ("t3", row.id) not in rep.dropped_rows]
    r = 3
    k = 0
    while k < len(kept):
        row = kept[k]
        if not row.group:
            _g_add(rows, r, 0, rep.label(row.label), colspan=lw)
            _t3_values(rep, rows, r, row, lw)
            r += 1
            k += 1
            continue
        run = []  # the rows under the outer group label (三、本年度办理结果)
        while k < len(kept) and kept[k].group:
            run.append(kept[k])
            k += 1
        _g_add(rows, r, 0, rep.label(outer), rowspan=len(run))
        j = 0
        while j < len(run):
            row = run[j]
            if row.group == outer:
                _g_add(rows, r, 1, rep.label(row.label), colspan=lw - 1)
                _t3_values(rep, rows, r, row, lw)
                r += 1
                j += 1
                continue
            n = 0
            while j + n < len(run) and run[j + n].group == row.group:
                n += 1
            _g_add(rows, r, 1, rep.label(row.group), rowspan=n)
            for x in run[j : j + n]:
                _g_add(rows, r, 2, rep.label(x.label))
                _t3_values(rep, rows, r, x, lw)
                r += 1
            j += n
    return Grid(width, rows)


def _t3_values(rep: SyntheticReport, rows, r: int, row, lw: int) -> None:
    for k, c in enumerate(rep.tdef("t3").columns):
        _g_add(rows, r, lw + k, rep.figures["t3"][row.id][c.id])


def _grid_t4(rep: SyntheticReport) -> Grid:
    tdef = rep.tdef("t4")
    width = len(tdef.columns)
    rows: list[list[GridCell]] = [[], [], []]
    c = 0
    outer_done: dict[str, int] = {}
    for block in tdef.blocks:
        n = len(block.columns)
        parts = block.label.split("·")
        if len(parts) == 1:
            _g_add(rows, 0, c, rep.label(parts[0]), colspan=n, header=True)
            for k, cid in enumerate(block.columns):
                _g_add(rows, 1, c + k, rep.label(tdef.column(cid).label), rowspan=2, header=True)
        else:
            outer, inner = parts
            if outer not in outer_done:
                span = sum(len(b.columns) for b in tdef.blocks if b.label.split("·")[0] == outer)
                _g_add(rows, 0, c, rep.label(outer), colspan=span, header=True)
                outer_done[outer] = c
            _g_add(rows, 1, c, rep.label(inner), colspan=n, header=True)
            for k, cid in enumerate(block.columns):
                _g_add(rows, 2, c + k, rep.label(tdef.column(cid).label), header=True)
        c += n
    rid = tdef.rows[0].id
    if ("t4", rid) not in rep.dropped_rows:
        for k, cid in enumerate(tdef.column_ids):
            _g_add(rows, 3, k, rep.figures["t4"][rid][cid])
    for row in rows:
        row.sort(key=lambda x: x.col)
    return Grid(width, rows)


# -- renderers ------------------------------------------------------------------------------------
def render(report: SyntheticReport, fmt: str, layout: str = "tabs") -> str | bytes:
    """Draw the report: ``fmt`` is "txt" (``layout`` "tabs", "cells" or "bare"), "md", "html" (str)
    or "docx" (bytes)."""
    if fmt == "txt":
        if layout not in ("tabs", "cells", "bare"):
            raise ValueError(f"unknown layout {layout!r} (tabs, cells or bare)")
        return _render_txt(report, layout)
    if fmt == "md":
        return _render_md(report)
    if fmt in ("html", "htm"):
        return _render_html(report)
    if fmt == "docx":
        return _render_docx(report)
    raise ValueError(f"unknown format {fmt!r} (txt, md, html or docx)")


def _render_txt(rep: SyntheticReport, layout: str) -> str:
    out: list[str] = []
    for b in rep.blocks():
        if b[0] == "table":
            grid: Grid = b[2]
            if layout == "tabs":
                out.extend("\t".join(r) for r in grid.expanded())
            elif layout == "cells":
                for row in grid.rows:
                    out.extend("\t" + c.text for c in row)
                    out.append("")
                out.pop()
            else:  # bare: one cell per line, blank line between cells, an extra blank line for an empty cell
                for row in grid.rows:
                    for c in row:
                        if c.text:
                            out.append(c.text)
                        out.append("")
                while out and out[-1] == "":
                    out.pop()
            out.append("")
            continue
        out.append(b[-1])
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def _render_md(rep: SyntheticReport) -> str:
    out: list[str] = []
    for b in rep.blocks():
        if b[0] == "title":
            out += [f"# {b[1]}", ""]
        elif b[0] == "heading":
            out += [f"## {b[2]}", ""]
        elif b[0] == "para":
            out += [b[1], ""]
        else:
            grid: Grid = b[2]
            rows = grid.expanded()
            for k, r in enumerate(rows):
                out.append("| " + " | ".join(_md_cell(x) for x in r) + " |")
                if k == 0:
                    out.append("|" + "|".join(["---"] * grid.ncols) + "|")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _render_html(rep: SyntheticReport) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_esc(rep.title)}</title>",
        "</head>",
        "<body>",
        '<div class="article">',
    ]
    for b in rep.blocks():
        if b[0] == "title":
            out.append(f"<h1>{_esc(b[1])}</h1>")
        elif b[0] == "heading":
            out.append(f"<h2>{_esc(b[2])}</h2>")
        elif b[0] == "para":
            out.append(f"<p>{_esc(b[1])}</p>")
        else:
            grid: Grid = b[2]
            out.append('<table border="1" cellspacing="0" cellpadding="4">')
            out.append("<tbody>")
            for row in grid.rows:
                cells = []
                for c in row:
                    attrs = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (
                        f' colspan="{c.colspan}"' if c.colspan > 1 else ""
                    )
                    text = _esc(c.text) if c.text else "&nbsp;"
                    cells.append(f"<td{attrs}>{text}</td>")
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</tbody>")
            out.append("</table>")
    out += ["</div>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _render_docx(rep: SyntheticReport) -> bytes:
    import io

    import docx
    from docx.shared import Pt

    d = docx.Document()
    for b in rep.blocks():
        if b[0] == "title":
            p = d.add_heading(level=0)
            p.add_run(b[1])
        elif b[0] == "heading":
            p = d.add_heading(level=b[1])
            p.add_run(b[2])
        elif b[0] == "para":
            text = b[1]
            p = d.add_paragraph()
            # two runs where the paragraph has a lead-in sentence, the first one bold, as authors do
            cut = text.find("。")
            if text.startswith("（") and 0 < cut < len(text) - 1:
                p.add_run(text[: cut + 1]).bold = True
                p.add_run(text[cut + 1 :])
            else:
                p.add_run(text)
        else:
            grid: Grid = b[2]
            table = d.add_table(rows=len(grid.rows), cols=grid.ncols)
            table.style = "Table Grid"
            # the cells looked up once, before any merge (table.cell() rebuilds the whole list per call);
            # merging only removes cells inside a merged region, never an origin or a corner used later
            cells = table._cells
            for row in grid.rows:
                for c in row:
                    cell = cells[c.row * grid.ncols + c.col]
                    if c.rowspan > 1 or c.colspan > 1:
                        cell = cell.merge(cells[(c.row + c.rowspan - 1) * grid.ncols + c.col + c.colspan - 1])
                    para = cell.paragraphs[0]
                    for extra in cell.paragraphs[1:]:
                        extra._p.getparent().remove(extra._p)
                    if c.text:
                        run = para.add_run(c.text)
                        run.font.size = Pt(9)
                        if c.header:
                            run.bold = True
            d.add_paragraph()
    buf = io.BytesIO()
    d.save(buf)
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same package with every entry dated 1980-01-01, so that rendering is byte-for-byte
    deterministic (python-docx stamps the time of saving)."""
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = info.compress_type, info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
