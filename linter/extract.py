"""``xxgk-lint extract``: every table cell the linter read, as data (JSON, CSV or an SQLite database).

Per report: its path, format, edition, agency and year when known; per table (template table id, e.g.
``t2_1``, ``t3``, ``t4``) its rows in template order, each with the template row id, the row label as
printed (with its group label, e.g. "（三）不予公开 1.属于国家秘密") and its cells in the template's column
order: template column id, ``raw`` (the cell text as printed), ``value`` (a number, or null when blank or
not a number), unit and source position.  Unreadable files are listed with their E001 reason; the run goes on.

The JSON follows ``schemas/extract.schema.json`` (shipped with the package)::

    {"reports": [{"path", "format", "edition", "agency", "year", "error",
                  "tables": [{"table", "title", "rows": [{"row", "label", "trusted",
                              "cells": [{"column", "raw", "value", "unit", "position"}]}]}]}]}

CSV is tidy: one line per cell (an unreadable file gets one line with its error).  SQLite (stdlib
``sqlite3``) writes a real database file with the tables ``reports`` and ``cells``.

Exit codes as for ``check``: 0 every file was read, 1 some file could not be read (E001), 2 usage or
configuration error, or an internal failure.  This module imports nothing heavy at import time: the CLI
registers the command on every start.
"""

from __future__ import annotations

import os
import sys

FORMATS = ("json", "csv", "sqlite")
SCHEMA = "schemas/extract.schema.json"
CSV_COLUMNS = (
    "path",
    "format",
    "edition",
    "agency",
    "year",
    "table",
    "row",
    "label",
    "column",
    "column_label",
    "raw",
    "value",
    "unit",
    "trusted",
    "line",
    "column_number",
    "page",
    "paragraph",
    "table_number",
    "table_row",
    "table_col",
    "start",
    "end",
    "error",
)


def schema() -> dict:
    """The JSON Schema of the ``--format json`` output."""
    import json
    from importlib import resources

    return json.loads(resources.files("xxgk_lint").joinpath(SCHEMA).read_text(encoding="utf-8"))


# -- one report -------------------------------------------------------------------------------------------
def _number(value):
    if value is None:
        return None
    if value == value.to_integral_value() and abs(value) < 10**15:
        return int(value)
    return float(value)


def _position(doc, span) -> dict | None:
    if span is None:
        return None
    loc = doc.locate(span)
    out = {"start": span.start, "end": span.end, "line": loc.line, "column": loc.column}
    for key, attr in (("page", "page"), ("paragraph", "paragraph"), ("table", "table"), ("row", "row"), ("col", "col")):
        v = getattr(loc, attr)
        if v is not None:
            out[key] = v
    return out


def _printed(text: str) -> str:
    """A label as printed, with the line breaks inside its cell folded away."""
    lines = [x.strip() for x in text.splitlines() if x.strip()]
    if not lines:
        return ""
    from xxgk_lint.readers import break_joiner

    out = lines[0]
    for x in lines[1:]:
        out += break_joiner(out, x) + x
    return out


def _group_of(bt, br, row_def) -> str | None:
    """The group label printed for a row: the one bound with it, else the last one of its group printed before it."""
    if br.group is not None:
        return br.group.found
    want = row_def.group
    if not want or br.span is None:
        return None
    best = None
    for g in bt.group_labels:
        if g.expected == want and g.span.start <= br.span.start:
            best = g
    return best.found if best is not None else None


def report_data(report, settings=None) -> dict:
    """The extract record of one recognised report (``settings``: for the configured identity of the file)."""
    from xxgk_lint.identity import identify

    doc = report.document
    tables = []
    for tdef in report.template.tables if report.template is not None else ():
        bt = report.tables.get(tdef.id)
        if bt is None or not bt.rows:
            continue
        rows = []
        for row_def in tdef.rows:
            br = bt.rows.get(row_def.id)
            if br is None:
                continue
            label = _printed(br.label.found) if br.label is not None else None
            group = _group_of(bt, br, row_def)
            if group and label is not None:
                group = _printed(group)
                if not label.startswith(group):
                    label = f"{group} {label}"
            cells = []
            for col in tdef.columns:
                bc = br.cells.get(col.id)
                if bc is None:
                    continue
                fig = bc.figure
                span = fig.span if fig.span is not None else (bc.cell.span if bc.cell is not None else None)
                if bc.cell is None:  # a column the source did not print (a short row): no position of its own
                    span = None
                cells.append(
                    {
                        "column": col.id,
                        "raw": fig.raw,
                        "value": _number(fig.value),
                        "unit": fig.unit or col.unit,
                        "position": _position(doc, span),
                    }
                )
            rows.append({"row": row_def.id, "label": label, "trusted": br.trusted, "cells": cells})
        tables.append({"table": tdef.id, "title": tdef.title, "rows": rows})
    known = report.template is not None and report.is_report  # a file that is no report has no edition
    who = identify(doc.path, report, settings)  # the same agency and year as check --verbose and X80x
    return {
        "path": doc.path,
        "format": doc.format,
        "edition": report.template.id if known else None,
        "agency": who.agency,
        "year": who.year,
        "error": None,
        "tables": tables,
    }


_POOL = None  # one LinterPool per process: the input rules (E0xx) say why a file cannot be read


def _input_error(path: str, err, settings, lang: str) -> dict:
    """The extract error of an unreadable file, as the input rules of ``check`` report it."""
    global _POOL
    from xxgk_lint.pool import LinterPool
    from xxgk_lint.settings import Settings

    if _POOL is None:
        _POOL = LinterPool(warn=lambda msg: None)
    linter = _POOL.get(settings if settings is not None else Settings())
    found = (linter.missing(path) if err is None else linter.unreadable(path, err)).diagnostics
    d = found[0] if found else None
    reason = err.reason if err is not None else "missing"
    if d is None:  # the input rules were deselected: still say why
        detail = err.detail if err is not None else {"zh": "文件或目录不存在", "en": "no such file or directory"}
        return {"code": None, "reason": reason, "message": detail.get(lang, detail["zh"])}
    return {"code": d.code, "reason": reason, "message": d.text(lang)}


def _empty(path: str, error: dict) -> dict:
    return {
        "path": path,
        "format": os.path.splitext(path)[1].lower().lstrip(".") or None,
        "edition": None,
        "agency": None,
        "year": None,
        "error": error,
        "tables": [],
    }


def extract_file(path: str, settings=None, data: bytes | None = None, lang: str = "zh") -> dict:
    """Read and recognise one file; never raises for a bad input (the record carries the E001 reason)."""
    from xxgk_lint.readers import ReaderError, read_path
    from xxgk_lint.recognise import recognise

    limits = settings.limits if settings is not None else None
    template = settings.template if settings is not None else None
    try:
        doc = read_path(path, limits, data=data)
    except ReaderError as err:
        return _empty(path, _input_error(path, err, settings, lang))
    return report_data(recognise(doc, template), settings)


def _missing(path: str, lang: str, settings=None) -> dict:
    return _empty(path, _input_error(path, None, settings, lang))


def _safe(path: str, settings, lang: str) -> dict:
    try:
        return extract_file(path, settings, lang=lang)
    except Exception as exc:  # an engine bug on one file must not take the others down
        if os.environ.get("XXGK_LINT_DEBUG"):
            raise
        return _empty(path, {"code": "internal", "reason": "internal", "message": f"{type(exc).__name__}: {exc}"})


def _work(chunk):
    return [(i, _safe(p, s, lang)) for i, s, p, lang in chunk]


def extract_many(tasks: list, jobs: int = 1, lang: str = "zh") -> list[dict]:
    """``(settings, path)`` tasks -> records in task order; ``jobs`` > 1 uses a process pool (0: one per CPU)."""
    if jobs == 0:
        jobs = os.cpu_count() or 1
    if jobs <= 1 or len(tasks) < 2 * jobs:
        return [_safe(p, s, lang) for s, p in tasks]
    from concurrent.futures import ProcessPoolExecutor

    out: list = [None] * len(tasks)
    out[0] = _safe(tasks[0][1], tasks[0][0], lang)  # warm imports and templates before forking
    items = [(i, s, p, lang) for i, (s, p) in enumerate(tasks)][1:]
    size = max(1, min(32, len(items) // (jobs * 4) or 1))
    chunks = [items[k : k + size] for k in range(0, len(items), size)]
    with ProcessPoolExecutor(max_workers=jobs) as ex:
        for done in ex.map(_work, chunks):
            for i, rec in done:
                out[i] = rec
    return out


# -- output -----------------------------------------------------------------------------------------------
def to_json(records: list[dict]) -> str:
    import json

    return json.dumps({"reports": records}, ensure_ascii=False, indent=2)


def _cell_lines(records: list[dict]):
    """Tidy rows (dicts keyed by CSV_COLUMNS): one per cell, one per unreadable file."""
    from xxgk_lint import templates

    for rec in records:
        base = {k: rec.get(k) for k in ("path", "format", "edition", "agency", "year")}
        if rec.get("error"):
            yield dict(base, error=f"{rec['error']['code']}: {rec['error']['message']}")
            continue
        tpl = templates.load(rec["edition"]) if rec.get("edition") in templates.EDITIONS else None
        for t in rec["tables"]:
            tdef = tpl.table(t["table"]) if tpl is not None else None
            labels = {c.id: c.label for c in tdef.columns} if tdef is not None else {}
            for r in t["rows"]:
                for c in r["cells"]:
                    pos = c.get("position") or {}
                    yield dict(
                        base,
                        table=t["table"],
                        row=r["row"],
                        label=r["label"],
                        column=c["column"],
                        column_label=labels.get(c["column"]),
                        raw=c["raw"],
                        value=c["value"],
                        unit=c["unit"],
                        trusted=int(bool(r.get("trusted", True))),
                        line=pos.get("line"),
                        column_number=pos.get("column"),
                        page=pos.get("page"),
                        paragraph=pos.get("paragraph"),
                        table_number=pos.get("table"),
                        table_row=pos.get("row"),
                        table_col=pos.get("col"),
                        start=pos.get("start"),
                        end=pos.get("end"),
                        error=None,
                    )


def to_csv(records: list[dict]) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for line in _cell_lines(records):
        w.writerow({k: ("" if v is None else v) for k, v in line.items()})
    return buf.getvalue()


_SQL = """
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    format TEXT,
    edition TEXT,
    agency TEXT,
    year INTEGER,
    error_code TEXT,
    error_reason TEXT,
    error_message TEXT
);
CREATE TABLE cells (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    "table" TEXT NOT NULL,
    "row" TEXT NOT NULL,
    label TEXT,
    "column" TEXT NOT NULL,
    column_label TEXT,
    raw TEXT NOT NULL,
    value REAL,
    unit TEXT,
    trusted INTEGER NOT NULL,
    line INTEGER,
    column_number INTEGER,
    page INTEGER,
    paragraph INTEGER,
    table_number INTEGER,
    table_row INTEGER,
    table_col INTEGER,
    start INTEGER,
    "end" INTEGER
);
CREATE INDEX cells_by_report ON cells(report_id);
CREATE VIEW report_cells AS
    SELECT r.path, r.edition, r.agency, r.year, c.* FROM cells c JOIN reports r ON r.id = c.report_id;
"""


def write_sqlite(records: list[dict], path: str) -> None:
    """A fresh SQLite database at ``path`` (replaced atomically when it exists)."""
    import sqlite3
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".extract-", suffix=".sqlite", dir=folder)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.executescript(_SQL)
            cols = [c for c in CSV_COLUMNS if c not in ("path", "format", "edition", "agency", "year", "error")]
            quoted = ", ".join(f'"{c}"' for c in cols)
            for k, rec in enumerate(records, 1):
                err = rec.get("error") or {}
                con.execute(
                    "INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        k,
                        rec["path"],
                        rec.get("format"),
                        rec.get("edition"),
                        rec.get("agency"),
                        rec.get("year"),
                        err.get("code"),
                        err.get("reason"),
                        err.get("message"),
                    ),
                )
                if err:
                    continue
                for line in _cell_lines([rec]):
                    con.execute(
                        f"INSERT INTO cells (report_id, {quoted}) VALUES (?{', ?' * len(cols)})",
                        (k, *[line.get(c) for c in cols]),
                    )
            con.commit()
        finally:
            con.close()
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# -- the run ----------------------------------------------------------------------------------------------
class UsageProblem(Exception):
    """A wrong use of the command (the CLI shows it as a usage error, exit 2)."""


def run(
    paths,
    fmt="json",
    output_file=None,
    template=None,
    lang=None,
    config_file=None,
    isolated=False,
    extend_exclude=(),
    force_exclude=True,
    jobs=1,
    echo=None,
) -> int:
    """Extract every file under ``paths``; write the records; return the exit code (0, 1 or 2).

    ``echo(text, err=False, nl=True)`` prints (the CLI passes ``click.echo``)."""
    if echo is None:

        def echo(text, err=False, nl=True):
            print(text, file=sys.stderr if err else sys.stdout, end="\n" if nl else "")

    from xxgk_lint.config import CliOptions, ConfigError, Resolver
    from xxgk_lint.discover import discover

    if fmt == "sqlite" and not output_file:
        raise UsageProblem(
            "--format sqlite 需要 -o FILE（数据库文件）/ --format sqlite needs -o FILE (the database file)"
        )
    if "-" in paths:
        raise UsageProblem("extract 不读标准输入，请给出文件 / extract does not read stdin: name the files")
    cli = CliOptions(
        template=template,
        lang=lang,
        extend_exclude=[x.strip() for v in extend_exclude for x in v.split(",") if x.strip()],
    )
    try:
        resolver = Resolver(cli, config=config_file, isolated=isolated)
        files, missing = discover(
            paths or ["."], force_exclude=force_exclude, is_excluded=lambda p: _excluded(resolver, p)
        )
        tasks = [(resolver.settings_for(p), p) for p in files]
        out_lang = lang or resolver.settings_for(".").lang
    except ConfigError as exc:
        echo(f"xxgk-lint: 配置错误 / configuration error: {exc}", err=True)
        return 2
    if not files and not missing:
        echo(
            "xxgk-lint: 警告：没有找到可读取的文件（.txt .md .html .docx .pdf，排除规则之外）/ "
            "warning: no files to read were found (.txt .md .html .docx .pdf, outside the excludes)",
            err=True,
        )
    records = [_missing(m, out_lang) for m in missing] + extract_many(tasks, jobs=jobs, lang=out_lang)
    for rec in records:
        if rec.get("error"):
            echo(f"xxgk-lint: {rec['path']}: {rec['error']['code']} {rec['error']['message']}", err=True)
    try:
        if fmt == "sqlite":
            write_sqlite(records, output_file)
        else:
            text = to_json(records) if fmt == "json" else to_csv(records)
            if output_file:
                with open(output_file, "w", encoding="utf-8", newline="") as fh:
                    fh.write(text if text.endswith("\n") else text + "\n")
            else:
                echo(text, nl=not text.endswith("\n"))
    except OSError as exc:
        raise UsageProblem(f"无法写入 {output_file} / cannot write {output_file}: {exc.strerror or exc}") from None
    if any(r["error"] and r["error"]["code"] == "internal" for r in records):
        return 2
    sys.exit(1 if any(r.get("error") for r in records) else 0)


_EXCLUDERS: dict = {}


def _excluded(resolver, path: str) -> bool:
    from xxgk_lint.discover import Excluder

    s = resolver.settings_for(path)
    key = (s.config_path, tuple(s.exclude))
    if key not in _EXCLUDERS:
        _EXCLUDERS[key] = Excluder(s.exclude, s.root)
    return _EXCLUDERS[key](path)
