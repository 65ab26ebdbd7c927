"""``xxgk-lint extract``: every table cell read, as JSON (with its schema), tidy CSV and an SQLite file."""

from __future__ import annotations

import csv
import io
import json
import pathlib
import sqlite3

import jsonschema
import pytest

from xxgk_lint.extract import schema
from xxgk_lint.synth import SyntheticReport, render

from conftest import rendered

REAL = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "real"


def _write(tmp_path, fmt, rep=None, name="报告"):
    rep = rep or SyntheticReport(edition="2021", year=2022, agency="某县农业农村局", seed=3)
    data = rendered(rep, fmt)  # once per session: several tests write the same report
    p = tmp_path / f"{name}.{fmt}"
    if isinstance(data, bytes):
        p.write_bytes(data)
    else:
        p.write_text(data, encoding="utf-8")
    return p, rep


def _json(run_cli, *args):
    res = run_cli("extract", "--format", "json", *args)
    return res, json.loads(res.stdout)


@pytest.mark.parametrize("fmt", ["txt", "html", "docx"])
def test_every_cell_in_template_order(tmp_path, run_cli, fmt):
    p, rep = _write(tmp_path, fmt)
    res, data = _json(run_cli, p)
    assert res.exit_code == 0
    jsonschema.validate(data, schema())
    (r,) = data["reports"]
    assert (r["edition"], r["year"], r["agency"], r["format"]) == ("2021", 2022, "某县农业农村局", fmt)
    tables = {t["table"]: t for t in r["tables"]}
    assert list(tables) == [t.id for t in rep.template.tables if t.id in tables]  # template order
    t3 = tables["t3"]
    assert [x["row"] for x in t3["rows"]] == rep.template.table("t3").row_ids
    for row in t3["rows"]:
        assert [c["column"] for c in row["cells"]] == rep.template.table("t3").column_ids
        for c in row["cells"]:
            assert c["raw"] == rep.get("t3", row["row"], c["column"])
            assert c["value"] == int(c["raw"])
            assert c["position"]["line"] >= 1
    labels = {x["row"]: x["label"] for x in t3["rows"]}
    assert labels["withheld_1"].replace(" ", "").startswith("（三）不予公开")
    assert labels["withheld_1"].endswith("1.属于国家秘密")
    t4 = tables["t4"]["rows"][0]
    assert t4["label"] is None and len(t4["cells"]) == 15


def test_blank_is_null_and_units(tmp_path, run_cli):
    rep = SyntheticReport(edition="2021", year=2022, seed=5)
    rep.set("t3", "new", "natural", "")
    p, _ = _write(tmp_path, "txt", rep)
    _, data = _json(run_cli, p)
    t3 = next(t for t in data["reports"][0]["tables"] if t["table"] == "t3")
    cell = next(c for c in t3["rows"][0]["cells"] if c["column"] == "natural")
    assert cell["raw"] == "" and cell["value"] is None
    fees = next(t for t in data["reports"][0]["tables"] if t["table"] == "t2_8")
    assert fees["rows"][0]["cells"][0]["unit"] == "万元"


def test_unreadable_files_are_listed_and_the_run_goes_on(tmp_path, run_cli):
    good, _ = _write(tmp_path, "txt")
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"not a zip")
    res, data = _json(run_cli, good, bad, tmp_path / "missing.txt")
    assert res.exit_code == 1
    jsonschema.validate(data, schema())
    by = {pathlib.Path(r["path"]).name: r for r in data["reports"]}
    assert by["坏.docx"]["error"]["code"] == "E001" and by["坏.docx"]["tables"] == []
    assert by["missing.txt"]["error"]["reason"] == "missing"
    assert by["报告.txt"]["error"] is None and by["报告.txt"]["tables"]
    assert "E001" in res.stderr


def test_directory_and_jobs_give_the_same_records(tmp_path, run_cli):
    for k in range(5):
        _write(tmp_path, "txt", SyntheticReport(edition="2019", year=2020, seed=k), name=f"r{k}")
    _, one = _json(run_cli, tmp_path)
    _, two = _json(run_cli, tmp_path, "--jobs", "2")
    assert len(one["reports"]) == 5
    assert one == two
    assert {r["edition"] for r in one["reports"]} == {"2019"}


def test_csv_is_tidy(tmp_path, run_cli):
    p, rep = _write(tmp_path, "html")
    out = tmp_path / "cells.csv"
    res = run_cli("extract", "--format", "csv", "-o", out, p)
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    n = sum(len(t.columns) * len(t.rows) for t in rep.template.tables)
    assert len(rows) == n
    hit = [r for r in rows if r["table"] == "t3" and r["row"] == "new" and r["column"] == "total"]
    assert hit and hit[0]["raw"] == rep.get("t3", "new", "total") and hit[0]["column_label"] == "总计"


def test_sqlite_is_a_real_database(tmp_path, run_cli):
    p, rep = _write(tmp_path, "docx")
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-broken")
    db = tmp_path / "cells.sqlite"
    db.write_bytes(b"old contents")  # replaced, not appended to
    res = run_cli("extract", "--format", "sqlite", "-o", db, p, bad)
    assert res.exit_code == 1
    con = sqlite3.connect(db)
    reports = con.execute("SELECT path, edition, year, error_code FROM reports ORDER BY id").fetchall()
    assert [(pathlib.Path(a).name, b, c, d) for a, b, c, d in reports] == [
        ("报告.docx", "2021", 2022, None),
        ("x.pdf", None, None, "E001"),
    ]
    (value,) = con.execute(
        "SELECT value FROM report_cells WHERE \"table\"='t3' AND \"row\"='new' AND \"column\"='total'"
    ).fetchone()
    assert value == int(rep.get("t3", "new", "total"))
    n = con.execute("SELECT count(*) FROM cells").fetchone()[0]
    assert n == sum(len(t.columns) * len(t.rows) for t in rep.template.tables)


def test_sqlite_needs_an_output_file(run_cli, tmp_path):
    p, _ = _write(tmp_path, "txt")
    res = run_cli("extract", "--format", "sqlite", p)
    assert res.exit_code == 2


def test_english_reasons(tmp_path, run_cli):
    res, data = _json(run_cli, "--lang", "en", tmp_path / "nope.txt")
    assert data["reports"][0]["error"]["message"].startswith("cannot read")


def test_real_reports_cells_read():
    """The real reports in ../shared/real: every printed cell of 二/三/四 read from .html and .docx."""
    if not REAL.is_dir():
        pytest.skip("../shared/real is not present")
    import re
    import unicodedata

    from xxgk_lint.extract import extract_file

    def cell(s):
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))

    n = ok = 0
    for truth_file in sorted(REAL.glob("*.tables.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))["tables"]
        stem = truth_file.name[: -len(".tables.json")]
        for ext in (".html", ".docx"):
            path = REAL / (stem + ext)
            if not path.exists():
                continue
            rec = extract_file(str(path))
            got = {}
            for t in rec["tables"]:
                got.setdefault(t["table"][:2], []).extend(t["rows"])
            for fam, rows in truth.items():
                flat = [cell(c["raw"]) for r in got.get(fam, []) for c in r["cells"]]
                want = [cell(c) for r in rows for c in r["cells"]]
                n += len(want)
                if fam == "t4":
                    ok += sum(a == b for a, b in zip(flat, want, strict=False))
                else:
                    labels = [re.sub(r"\W", "", r["label"] or "") for r in got.get(fam, [])]
                    for tr in rows:
                        key = re.sub(r"\W", "", unicodedata.normalize("NFKC", tr["label"]))
                        hit = next(
                            (
                                r
                                for r, lab in zip(got.get(fam, []), labels, strict=False)
                                if unicodedata.normalize("NFKC", lab).endswith(key)
                            ),
                            None,
                        )
                        if hit is not None:
                            ok += sum(
                                cell(c["raw"]) == cell(w) for c, w in zip(hit["cells"], tr["cells"], strict=False)
                            )
    assert n and ok / n >= 0.995


def test_a_file_that_is_no_report_has_no_tables_and_no_edition(tmp_path, run_cli):
    p = tmp_path / "note.txt"
    p.write_text("会议通知\n请各单位于周五前报送材料。\n", encoding="utf-8")
    res, data = _json(run_cli, p)
    assert res.exit_code == 0
    (r,) = data["reports"]
    assert (r["edition"], r["tables"], r["error"]) == (None, [], None)


def test_agency_from_the_sign_off_when_the_title_does_not_name_it(tmp_path, run_cli):
    rep = SyntheticReport(edition="2021", year=2022, agency="某县农业农村局", seed=3)
    text = render(rep, "txt").replace(rep.title, "关于2022年度政府信息公开工作年度报告", 1)
    p = tmp_path / "r.txt"
    p.write_text(text, encoding="utf-8")
    _, data = _json(run_cli, p)
    assert data["reports"][0]["agency"] == "某县农业农村局"
