"""Diagnostic.target: every rule names the template cell, row, column, table or section a finding is
about; JSON (schema 1.1), SARIF (logical locations) and the cache carry it."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from xxgk_lint import cache as cache_mod
from xxgk_lint import output
from xxgk_lint.diagnostics import Target
from xxgk_lint.registry import load_rules
from xxgk_lint.rules.arithmetic import _t3
from xxgk_lint.rules.common import example_report
from xxgk_lint.synth import SyntheticReport, render

from conftest import lint

RULES = load_rules()
TEMPLATE_RULES = sorted(code for code in RULES if code[0] in "STAF")


def _by_code(result, code):
    found = [d for d in result.diagnostics if d.code == code]
    assert found, f"{code} did not fire"
    return found


@pytest.mark.parametrize("code", TEMPLATE_RULES)
def test_every_structure_table_arithmetic_and_figure_rule_sets_a_target(code):
    cls = RULES[code]
    for d in _by_code(lint(cls.examples["fail"], select=[code]), code):
        assert d.target is not None, code
        t = d.target
        assert t.kind in ("cell", "row", "column", "table", "section", "document")
        if t.kind == "cell":
            assert t.table and t.row and t.column and t.section
        elif t.kind == "row":
            assert t.table and t.row and t.column is None
        elif t.kind in ("column", "table"):
            assert t.table and t.row is None
        elif t.kind == "section":
            assert t.table is None and t.section


@pytest.mark.parametrize(
    "code,text,expected",
    [
        # S: sections and headings
        ("S101", RULES["S101"].examples["fail"], Target("section", section="s6")),
        ("S102", RULES["S102"].examples["fail"], Target("section", section="s3")),
        ("S103", RULES["S103"].examples["fail"], Target("section", section="s3")),
        ("S104", RULES["S104"].examples["fail"], Target("section", section="s6")),
        ("S105", RULES["S105"].examples["fail"], Target("document")),
        ("S106", RULES["S106"].examples["fail"], Target("section", section="s1")),
        ("S107", RULES["S107"].examples["fail"], Target("section", section="s5")),
        # T: tables, rows, cells, labels
        ("T201", example_report("2021", drop=("t4",)), Target("table", table="t4", section="s4")),
        ("T202", RULES["T202"].examples["fail"], Target("row", table="t2_1", row="normative", section="s2")),
        ("T203", RULES["T203"].examples["fail"], Target("row", table="t2_1", row="rules", section="s2")),
        (
            "T204",
            RULES["T204"].examples["fail"],
            Target("cell", table="t2_1", row="rules", column="repealed", section="s2"),
        ),
        ("T205", RULES["T205"].examples["fail"], Target("table", table="t4", section="s4")),
        ("T206", RULES["T206"].examples["fail"], Target("row", table="t2_1", row="normative", section="s2")),
        ("T208", RULES["T208"].examples["fail"], Target("table", table="t2_1", section="s2")),
        # A: identities, at the total they are reported at
        ("A301", _t3(new={"total": "5"}), Target("cell", table="t3", row="new", column="total", section="s3")),
        (
            "A303",
            _t3(carry_next={"natural": "1", "total": "1"}),
            Target("cell", table="t3", row="new", column="natural", section="s3"),
        ),
        (
            "A304",
            RULES["A304"].examples["fail"],
            Target("cell", table="t4", row="data", column="review_total", section="s4"),
        ),
        ("A307", RULES["A307"].examples["fail"], Target("row", table="t3", row="result_total", section="s3")),
        # F: figures
        (
            "F401",
            RULES["F401"].examples["fail"],
            Target("cell", table="t2_5", row="licensing", column="delta", section="s2"),
        ),
        (
            "F402",
            RULES["F402"].examples["fail"],
            Target("cell", table="t2_5", row="licensing", column="decisions", section="s2"),
        ),
        (
            "F403",
            RULES["F403"].examples["fail"],
            Target("cell", table="t2_9", row="procurement", column="amount", section="s2"),
        ),
        (
            "F404",
            RULES["F404"].examples["fail"],
            Target("cell", table="t2_9", row="procurement", column="count", section="s2"),
        ),
        (
            "F405",
            RULES["F405"].examples["fail"],
            Target("cell", table="t2_5", row="licensing", column="decisions", section="s2"),
        ),
    ],
)
def test_representative_targets(code, text, expected):
    got = [d.target for d in _by_code(lint(text, select=[code]), code)]
    assert got[0].as_dict() == expected.as_dict(), (code, [t.as_dict() for t in got])


def test_a_column_label_typo_targets_the_column_and_a_whole_blank_row_the_row():
    r = SyntheticReport(edition="2021", seed=1).relabel("本年废止件数", "本年废至件数")
    r.set("t2_6", "penalty", "decisions", "")
    res = lint(render(r, "txt", layout="tabs"), select=["T206", "T204"])
    typo = _by_code(res, "T206")
    assert {d.target.as_dict()["kind"] for d in typo} == {"column"}
    assert typo[0].target.as_dict() == {"kind": "column", "table": "t2_1", "column": "repealed", "section": "s2"}
    blank = _by_code(res, "T204")
    assert [d.target.as_dict() for d in blank] == [
        {"kind": "cell", "table": "t2_6", "row": "penalty", "column": "decisions", "section": "s2"}
    ]


def test_a_missing_run_of_rows_targets_its_first_row():
    r = SyntheticReport(edition="2021").drop_row("t3", "declined_2").drop_row("t3", "declined_3")
    found = _by_code(lint(render(r, "txt", layout="tabs"), select=["T202"]), "T202")
    assert [d.target.as_dict() for d in found] == [{"kind": "row", "table": "t3", "row": "declined_2", "section": "s3"}]


@pytest.mark.parametrize(
    "target,path",
    [
        (Target("cell", "t3", "unavailable_1", "natural", "s3"), "t3/unavailable_1/natural"),
        (Target("row", "t3", "unavailable_1", section="s3"), "t3/unavailable_1"),
        (Target("column", "t4", column="review_total", section="s4"), "t4/*/review_total"),
        (Target("table", "t3", section="s3"), "t3"),
        (Target("section", section="s3"), "s3"),
        (Target("document"), ""),
    ],
)
def test_target_path_and_dict_round_trip(target, path):
    assert target.path == path
    assert Target.from_dict(target.as_dict()) == target


# -- outputs and cache -----------------------------------------------------------------------------
def _schema():
    return json.loads(resources.files("xxgk_lint").joinpath("schemas/output.schema.json").read_text(encoding="utf-8"))


def _faulty():
    r = SyntheticReport(edition="2021", seed=2)
    r.set("t3", "new", "natural", "99").set("t2_5", "licensing", "decisions", "无").drop_section("s6")
    return lint(render(r, "txt", layout="tabs"), name="reports/faulty.txt")


def test_json_carries_the_target_and_validates():
    res = _faulty()
    data = json.loads(output.render("json", [res], output.Context(lang="en")))
    jsonschema.Draft202012Validator(_schema()).validate(data)
    assert data["schema_version"] == "1.2"
    assert [d["target"] for d in data["diagnostics"]] == [
        d.target.as_dict() if d.target else None for d in res.diagnostics
    ]
    kinds = {d["target"]["kind"] for d in data["diagnostics"] if d["target"]}
    assert {"cell", "section"} <= kinds
    a301 = next(d for d in data["diagnostics"] if d["code"] == "A301")
    assert a301["target"] == {"kind": "cell", "table": "t3", "row": "new", "column": "total", "section": "s3"}


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "cell", "table": "t3", "row": "new"},  # a cell needs its column
        {"kind": "row", "table": "t3"},
        {"kind": "sheet"},
        {"kind": "table", "table": "T3"},
    ],
)
def test_the_schema_refuses_an_incomplete_target(bad):
    data = json.loads(output.render("json", [_faulty()], output.Context()))
    data["diagnostics"][0]["target"] = bad
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(_schema()).validate(data)


def test_sarif_carries_the_logical_location():
    res = _faulty()
    sarif = json.loads(output.render("sarif", [res], output.Context()))
    results = sarif["runs"][0]["results"]
    assert len(results) == len(res.diagnostics)
    for d, r in zip(sorted(res.diagnostics, key=lambda d: d.sort_key()), results, strict=True):
        assert r["ruleId"] == d.code
        logical = r["locations"][0].get("logicalLocations")
        if d.target is None or not d.target.path:
            assert logical is None
            continue
        assert logical == [
            {
                "name": d.target.path.rsplit("/", 1)[-1],
                "fullyQualifiedName": d.target.path,
                "kind": "element",
                "properties": d.target.as_dict(),
            }
        ]
        assert r["properties"]["target"] == d.target.as_dict()
    names = {
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        for r in results
        if "logicalLocations" in r["locations"][0]
    }
    assert {"t3/new/total", "t2_5/licensing/decisions", "s6"} <= names


def test_cache_round_trip_keeps_the_target(tmp_path):
    res = _faulty()
    assert any(d.target is not None for d in res.diagnostics)
    c = cache_mod.Cache(str(tmp_path / "c"), "stamp")
    key = c.key("s", "faulty.txt", b"x")
    c.put(key, res)
    back = c.get(key, "reports/faulty.txt")
    assert back is not None and back.cached
    assert [d.target for d in back.diagnostics] == [d.target for d in res.diagnostics]
