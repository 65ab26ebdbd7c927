"""Helpers for the cross-report tests: write a synthetic repository of reports and check it as a whole.

``repo(tmp_path, files)`` writes ``{relative path: text or bytes}``; ``check(root, ...)`` runs one
:class:`~xxgk_lint.session.Session` over the directory (or the given paths) and returns the outcome;
``found(out, code)`` lists the findings as ``(file relative to the root, code, line)`` triples, sorted.
``report(agency, year, edition, seed, **cells)`` renders a :mod:`xxgk_lint.synth` report with the cells
``"t3.carried.natural" = "3"`` written in.
"""

from __future__ import annotations

import os
import pathlib

from xxgk_lint.config import CliOptions, Resolver
from xxgk_lint.session import CheckOptions, Session
from xxgk_lint.synth import SyntheticReport, render


def repo(root: pathlib.Path, files: dict) -> pathlib.Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
    return root


def check(root, paths=None, select=None, jobs: int = 1, use_cache: bool = False, cache_dir=None, **cli):
    messages: list[str] = []
    session = Session(
        Resolver(CliOptions(select=select, cache_dir=cache_dir, **cli), isolated=True), warn=messages.append
    )
    targets = tuple(str(p) for p in (paths or [root]))
    out = session.check(CheckOptions(paths=targets, jobs=jobs, use_cache=use_cache))
    out.messages = messages  # type: ignore[attr-defined]
    return out


def rel(root, path: str) -> str:
    return os.path.relpath(path, str(root)).replace(os.sep, "/")


def found(out, code: str | None = None, root=None) -> list[tuple[str, str, int]]:
    rows = []
    for r in out.results:
        for d in r.diagnostics:
            if code is None or d.code == code or (code.endswith("*") and d.code.startswith(code[:-1])):
                path = rel(root, r.path) if root is not None else r.path
                rows.append((path, d.code, d.location.line if d.location else 0))
    return sorted(rows)


def synth(agency: str, year: int, edition: str | None = None, seed: int = 0, cells: dict | None = None):
    """A :class:`SyntheticReport` of ``agency`` for ``year`` (edition: 2019 up to 2020, else 2021)."""
    edition = edition or ("2019" if year <= 2020 else "2021")
    rep = SyntheticReport(edition=edition, year=year, agency=agency, seed=seed)
    for key, value in (cells or {}).items():
        t, r, c = key.split(".")
        rep.set(t, r, c, value)
    return rep


def _add(rep: SyntheticReport, t: str, row: str, col: str, n: int) -> None:
    rep.set(t, row, col, str(int(rep.get(t, row, col)) + n))


def carry(last: SyntheticReport, this: SyntheticReport) -> SyntheticReport:
    """Make ``this`` year's 二、上年结转 row equal ``last`` year's 四、结转下年度继续办理, keeping table 三
    balanced (一 + 二 = 三（七）+ 四, no negative figure): more carried over goes to 四 as well, less carried
    over is made up by more new applications (一)."""
    cols = [c for c in this.template.table("t3").column_ids if c != "total"]
    for col in cols:
        delta = int(last.get("t3", "carry_next", col)) - int(this.get("t3", "carried", col))
        _add(this, "t3", "carried", col, delta)
        _add(this, "t3", "carry_next" if delta > 0 else "new", col, abs(delta))
    for row in ("new", "carried", "carry_next"):  # the row totals
        this.set("t3", row, "total", str(sum(int(this.get("t3", row, c)) for c in cols)))
    return this


def continuous(last: SyntheticReport, this: SyntheticReport) -> SyntheticReport:
    """``this`` continues ``last`` in every cross-year figure: table 三's carry-over (:func:`carry`), the
    2019 format's 上一年项目数量 (last year's plus its change) and the 2021 format's 现行有效件数 (last
    year's plus this year's issued minus repealed)."""
    carry(last, this)
    if last.edition == this.edition:
        for tdef in this.template.tables:
            cols = tdef.column_ids
            for row in tdef.row_ids:
                if "prev" in cols and "delta" in cols:
                    delta = last.get(tdef.id, row, "delta").replace("增", "").replace("减", "-")
                    this.set(tdef.id, row, "prev", str(int(last.get(tdef.id, row, "prev")) + int(delta)))
                if {"valid", "issued", "repealed"} <= set(cols):
                    was = int(last.get(tdef.id, row, "valid"))
                    repealed = min(int(this.get(tdef.id, row, "repealed")), was)
                    this.set(tdef.id, row, "repealed", str(repealed))
                    issued = int(this.get(tdef.id, row, "issued"))
                    this.set(tdef.id, row, "valid", str(was + issued - repealed))
    return this


def text(rep: SyntheticReport, fmt: str = "txt"):
    return render(rep, fmt)
