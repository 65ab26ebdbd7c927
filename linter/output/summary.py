"""The repository summary of ``xxgk-lint check DIR --statistics``: agencies × years, with the number of
files, errors and warnings in each cell, and the per-file identity lines of ``--verbose``.

Each file counts once, in the cell of its :class:`~xxgk_lint.identity.Identity` (read from
``FileResult.facts.identity``; a file without facts, such as an unreadable one, is unknown).  An
unknown agency is a row of its own and an unknown year a column of its own, both last.  Only counts
are kept (:class:`Summary`), never the findings, so the summary of ten thousand reports costs a few
integers per agency and year.

Renderings: :func:`render_rich` (a rich table, for a terminal), :func:`render_plain` (aligned text, for
pipes and files: the same figures) and :meth:`Summary.as_data` (the ``summary.repository`` object of
the JSON output, see ``linter/schemas/output.schema.json``).
"""

from __future__ import annotations

from dataclasses import dataclass

from xxgk_lint.output.style import width

_UNKNOWN = {"zh": "（未识别）", "en": "(unknown)"}
_SOURCE = {
    "zh": {"config": "配置", "path": "路径", "title": "标题", "text": "正文"},
    "en": {"config": "configuration", "path": "path", "title": "title", "text": "text"},
}


def identity_of(result):
    """The file's identity, or ``None`` when the per-file phase collected no facts for it."""
    facts = getattr(result, "facts", None)
    return getattr(facts, "identity", None) if facts is not None else None


@dataclass
class Cell:
    files: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0

    def add(self, other: Cell) -> None:
        self.files += other.files
        self.errors += other.errors
        self.warnings += other.warnings
        self.infos += other.infos


class Summary:
    """Counts per (agency, year); ``None`` stands for unknown."""

    def __init__(self) -> None:
        self.cells: dict[tuple[str | None, int | None], Cell] = {}

    @classmethod
    def of(cls, results) -> Summary:
        s = cls()
        for r in results:
            s.add(r)
        return s

    def add(self, result) -> None:
        ident = identity_of(result)
        key = (getattr(ident, "agency", None), getattr(ident, "year", None))
        cell = self.cells.setdefault(key, Cell())
        cell.files += 1
        for d in result.diagnostics:
            label = d.severity.label
            if label == "error":
                cell.errors += 1
            elif label == "warning":
                cell.warnings += 1
            else:
                cell.infos += 1

    def agencies(self) -> list[str | None]:
        names = {a for a, _ in self.cells}
        return sorted(n for n in names if n is not None) + ([None] if None in names else [])

    def years(self) -> list[int | None]:
        years = {y for _, y in self.cells}
        return sorted(y for y in years if y is not None) + ([None] if None in years else [])

    def row_total(self, agency: str | None) -> Cell:
        out = Cell()
        for (a, _), c in self.cells.items():
            if a == agency:
                out.add(c)
        return out

    def column_total(self, year: int | None) -> Cell:
        out = Cell()
        for (_, y), c in self.cells.items():
            if y == year:
                out.add(c)
        return out

    def total(self) -> Cell:
        out = Cell()
        for c in self.cells.values():
            out.add(c)
        return out

    def as_data(self) -> dict:
        """``{"agencies": [...], "years": [...], "cells": [{agency, year, files, errors, warnings, infos}]}``:
        the agencies and years in table order (``null``: unknown, last), one cell per agency and year
        that has files, row by row."""
        cells = []
        for a in self.agencies():
            for y in self.years():
                c = self.cells.get((a, y))
                if c is not None:
                    cells.append(
                        {
                            "agency": a,
                            "year": y,
                            "files": c.files,
                            "errors": c.errors,
                            "warnings": c.warnings,
                            "infos": c.infos,
                        }
                    )
        return {"agencies": self.agencies(), "years": self.years(), "cells": cells}


# -- text --------------------------------------------------------------------------------------------------
def _cell_text(c: Cell | None) -> str:
    if c is None or not c.files:
        return "·"
    text = f"{c.errors}/{c.warnings}"
    return text + (f" ×{c.files}" if c.files > 1 else "")


def _labels(lang: str) -> dict:
    if lang == "en":
        return {
            "title": "Findings per agency and year: errors/warnings (×n: n files in the cell; ·: no file)",
            "agency": "agency",
            "files": "files",
            "errors": "errors",
            "warnings": "warnings",
            "total": "total",
            "year": "unknown",
        }
    return {
        "title": "各机关、各年度的问题数：错误/警告（×n：该格有 n 个文件；·：没有文件）",
        "agency": "机关",
        "files": "文件",
        "errors": "错误",
        "warnings": "警告",
        "total": "合计",
        "year": "未识别",
    }


def table_rows(summary: Summary, lang: str = "zh") -> tuple[list[str], list[list[str]], list[str]]:
    """(header, body rows, total row) as strings: agency, one column per year, files, errors, warnings."""
    lab = _labels(lang)
    years = summary.years()
    header = [lab["agency"], *(str(y) if y is not None else lab["year"] for y in years)]
    header += [lab["files"], lab["errors"], lab["warnings"]]
    rows = []
    for a in summary.agencies():
        t = summary.row_total(a)
        rows.append(
            [
                a if a is not None else _UNKNOWN.get(lang, _UNKNOWN["zh"]),
                *(_cell_text(summary.cells.get((a, y))) for y in years),
                str(t.files),
                str(t.errors),
                str(t.warnings),
            ]
        )
    tot = summary.total()
    total = [lab["total"], *(_cell_text(summary.column_total(y)) for y in years)]
    total += [str(tot.files), str(tot.errors), str(tot.warnings)]
    return header, rows, total


def render_plain(summary: Summary, lang: str = "zh") -> str:
    """The table as aligned plain text (CJK characters take two columns)."""
    header, rows, total = table_rows(summary, lang)
    grid = [header, *rows, total]
    widths = [max(width(r[i]) for r in grid) for i in range(len(header))]

    def line(r: list[str]) -> str:
        cells = [r[0] + " " * (widths[0] - width(r[0]))]
        cells += [" " * (widths[i] - width(r[i])) + r[i] for i in range(1, len(r))]
        return "  ".join(cells).rstrip()

    rule = "-" * width(line(header))
    return "\n".join([_labels(lang)["title"], line(header), rule, *map(line, rows), rule, line(total)])


def render_rich(summary: Summary, lang: str = "zh", color: bool = True, columns: int | None = None) -> str:
    """The table drawn by rich (box lines, colour when ``color``), as a string for the terminal."""
    import io
    import shutil

    from rich.console import Console
    from rich.table import Table

    header, rows, total = table_rows(summary, lang)
    table = Table(title=_labels(lang)["title"], show_footer=False, title_justify="left")
    for k, h in enumerate(header):
        table.add_column(h, justify="left" if k == 0 else "right", no_wrap=k != 0, style="bold" if k == 0 else None)
    for r in rows:
        table.add_row(*r)
    table.add_section()
    table.add_row(*total, style="bold")
    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=columns or shutil.get_terminal_size((120, 24)).columns,
        highlight=False,
    )
    console.print(table)
    return buf.getvalue().rstrip("\n")


def render(results, lang: str = "zh", rich: bool = False, color: bool = False) -> str:
    """The repository summary of ``results``: a rich table when ``rich`` (a terminal), else plain text."""
    summary = Summary.of(results)
    if rich:
        return render_rich(summary, lang, color)
    return render_plain(summary, lang)


# -- --verbose ---------------------------------------------------------------------------------------------
def identity_line(path: str, ident, lang: str = "zh") -> str:
    """What ``--verbose`` prints for one file: ``path: 机关 某某局 ← 标题；年度 2023 ← 路径``."""
    src = _SOURCE.get(lang, _SOURCE["zh"])
    unknown = "unknown" if lang == "en" else "未识别"
    agency = getattr(ident, "agency", None)
    year = getattr(ident, "year", None)
    a = f"{agency} ← {src.get(ident.agency_source, ident.agency_source)}" if agency else unknown
    y = f"{year} ← {src.get(ident.year_source, ident.year_source)}" if year is not None else unknown
    if lang == "en":
        return f"{path}: agency {a}; year {y}"
    return f"{path}: 机关 {a}；年度 {y}"
