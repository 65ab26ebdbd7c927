"""Templates are data: both editions validate against the shipped schema, hold what the format says,
and a broken template is refused with a message naming the place."""
from __future__ import annotations

import copy
import json

import pytest

from xxgk_lint import templates
from xxgk_lint.templates import TemplateError, from_data, load, validate


def _raw(edition):
    return copy.deepcopy(load(edition).raw)


@pytest.mark.parametrize("edition", templates.EDITIONS)
def test_template_validates_against_schema(edition):
    validate(_raw(edition), f"{edition}.json")


@pytest.mark.parametrize("edition,rows3,cells2,has_nine", [("2019", 23, 22, True), ("2021", 25, 10, False)])
def test_template_shapes_match_the_official_formats(edition, rows3, cells2, has_nine):
    t = load(edition)
    assert [s.number for s in t.sections] == list("一二三四五六")
    t3 = t.table("t3")
    assert len(t3.rows) == rows3 and len(t3.columns) == 7
    assert len(t3.rows) * 7 == {"2019": 161, "2021": 175}[edition]
    t4 = t.table("t4")
    assert len(t4.columns) == 15 and len(t4.rows) == 1 and t4.rows[0].label is None
    t2 = [td for td in t.tables if td.id.startswith("t2_")]
    assert sum(len(td.rows) * len(td.columns) for td in t2) == cells2
    assert (t.table("t2_9") is not None) is has_nine


def test_2021_fee_amount_is_in_wan_yuan_and_2019_procurement_has_no_unit():
    assert load("2021").table("t2_8").column("amount").unit == "万元"
    col = load("2019").table("t2_9").column("amount")
    assert col.unit is None and col.unit_required is True


@pytest.mark.parametrize("year,edition", [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2025, "2021")])
def test_edition_for_year(year, edition):
    assert templates.for_year(year).id == edition


def test_2019_format_was_encouraged_only_in_2019():
    t = load("2019")
    assert t.encouraged_only(2019) and not t.encouraged_only(2020)


@pytest.mark.parametrize("mutate,needle", [
    (lambda d: d["sections"][0].pop("title"), "sections/0"),
    (lambda d: d["tables"][0]["columns"][0].update(kind="percent"), "tables/0/columns/0/kind"),
    (lambda d: d["identities"][0].update(table="t9"), "unknown table t9"),
    (lambda d: d["identities"][0]["lhs"].append("nosuchrow.total"), "unknown row nosuchrow"),
    (lambda d: d["tables"][0].update(section="s9"), "unknown section s9"),
])
def test_broken_template_is_refused_with_its_place(mutate, needle):
    data = _raw("2021")
    mutate(data)
    with pytest.raises(TemplateError) as exc:
        from_data(data, "custom.json")
    assert "custom.json" in str(exc.value) and needle in str(exc.value)


def test_template_files_are_valid_json_with_the_schema_reference():
    from importlib import resources

    for edition in templates.EDITIONS:
        text = resources.files("xxgk_lint.templates").joinpath(f"{edition}.json").read_text(encoding="utf-8")
        data = json.loads(text)
        assert data["$schema"] == "./template.schema.json"
        assert data["id"] == edition


def test_validated_digests_are_current():
    from importlib import resources

    committed = resources.files("xxgk_lint.templates").joinpath(templates.VALIDATED).read_text(encoding="utf-8")
    assert committed == templates.write_validated(), \
        "linter/templates/validated.txt is stale: python -m xxgk_lint.templates > linter/templates/validated.txt"


def test_an_edited_shipped_template_is_validated_again(monkeypatch):
    monkeypatch.setattr(templates, "_validated_digests", lambda: frozenset())
    templates.load.cache_clear()
    calls = []
    real = templates.validate
    monkeypatch.setattr(templates, "validate", lambda data, where="t": calls.append(where) or real(data, where))
    try:
        templates.load("2021")
        assert calls == ["2021.json"]
    finally:
        templates.load.cache_clear()


def test_a_run_does_not_import_jsonschema():
    import subprocess
    import sys

    code = ("import sys; from xxgk_lint.runner import Linter, Settings; from xxgk_lint.rules.common import example_report; "
            "Linter(Settings()).lint_file('r.txt', data=example_report('2021').encode()); "
            "print('jsonschema' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
