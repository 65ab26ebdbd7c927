"""Templates are data: both editions validate against the shipped schema, hold what the format says,
and a broken template is refused with a message naming the place."""

from __future__ import annotations

import copy
import dataclasses
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


@pytest.mark.parametrize(
    "mutate,needle",
    [
        (lambda d: d["sections"][0].pop("title"), "sections/0"),
        (lambda d: d["tables"][0]["columns"][0].update(kind="percent"), "tables/0/columns/0/kind"),
        (lambda d: d["identities"][0].update(table="t9"), "unknown table t9"),
        (lambda d: d["identities"][0]["lhs"].append("nosuchrow.total"), "unknown row nosuchrow"),
        (lambda d: d["tables"][0].update(section="s9"), "unknown section s9"),
    ],
)
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
    assert committed == templates.write_validated(), (
        "linter/templates/validated.txt is stale: python -m xxgk_lint.templates > linter/templates/validated.txt"
    )


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

    code = (
        "import sys; from xxgk_lint.runner import Linter, Settings; from xxgk_lint.rules.common import example_report; "
        "Linter(Settings()).lint_file('r.txt', data=example_report('2021').encode()); "
        "print('jsonschema' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- the typed model and the shared conventions --------------------------------------------------
def test_model_is_typed_and_built_once_per_edition():
    t = load("2021")
    assert t is load("2021")
    t3 = t.table("t3")
    assert t3.name == {
        "zh": "表三（收到和处理政府信息公开申请情况）",
        "en": "table 三 (applications received and handled)",
    }
    assert t.table("t2_1").name["zh"] == "表二“第二十条第（一）项”"
    col = t3.column("natural")
    assert (col.id, col.label, col.kind, col.required) == ("natural", "自然人", "count", True)
    assert t3.row("withheld_1").group == "（三）不予公开" and t3.row("new").group is None
    assert [s.ordinal for s in t.sections] == [1, 2, 3, 4, 5, 6] and t.section(
        "s3"
    ).heading == "三、收到和处理政府信息公开申请情况"
    assert t.table("t4").block_of("direct_total").id == "direct" and t3.block_of("natural") is None
    ident = next(i for i in t.identities if i.id == "t3-balance")
    assert (ident.rule, ident.for_each, ident.lhs) == ("A303", "column", ("new.*", "carried.*"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        col.label = "x"


def test_sample_year_is_a_year_the_edition_applies_to():
    for edition in templates.EDITIONS:
        t = load(edition)
        assert t.applies_to_year(t.sample_year) and templates.for_year(t.sample_year) is t


def test_editions_are_the_year_files_only():
    from importlib import resources

    names = {p.name for p in resources.files("xxgk_lint.templates").iterdir()}
    assert {"conventions.json", "template.schema.json"} <= names  # sibling JSON files are not editions
    assert templates.EDITIONS == tuple(sorted(n[:-5] for n in names if n[:4].isdigit() and n[4:] == ".json"))
    assert templates.EDITIONS == ("2019", "2021")


def test_sibling_json_files_do_not_disturb_the_editions(monkeypatch):
    """h-narrative adds <edition>.statements.json beside the templates: not an edition."""
    from importlib import resources

    real = resources.files("xxgk_lint.templates")

    class Fake:
        def __init__(self, name):
            self.name = name

    monkeypatch.setattr(
        resources,
        "files",
        lambda pkg: type(
            "D",
            (),
            {
                "iterdir": lambda self: [Fake(p.name) for p in real.iterdir()] + [Fake("2021.statements.json")],
                "joinpath": lambda self, n: real.joinpath(n),
            },
        )(),
    )
    assert templates._editions() == ("2019", "2021")


@pytest.mark.parametrize(
    "line,page",
    [
        ("- 3 -", True),
        ("第3页 共8页", True),
        ("3/8", True),
        ("Page 3 of 8", True),
        ("  第 12 页  ", True),
        ("3", False),
        ("三、收到和处理", False),
        ("12万元", False),
    ],
)
def test_page_number_patterns_come_from_the_conventions(line, page):
    assert bool(templates.page_number_re().match(line)) is page
    assert templates.page_number_re(page_edge=True).match(line) if page or line == "3" else True
    assert not templates.page_number_re(page_edge=True).match("三、收到和处理")


def test_heading_numbering_levels():
    assert [h.example for h in templates.conventions().heading_levels] == ["一、", "（一）", "1.", "（1）"]
    top = templates.heading_number_re((1,))
    assert top.match("一、总体情况") and not top.match("（一）做法")
    pdf = templates.heading_number_re((1, 2, 4))
    assert pdf.match("（一）做法") and pdf.match("(3) 其他") and not pdf.match("1.属于国家秘密")


def test_money_units_and_the_figure_parser_agree():
    from xxgk_lint.recognise.figures import parse_figure

    assert templates.money_units() == {"元": 1, "千元": 1000, "万元": 10000, "亿元": 100000000}
    for unit in templates.money_units():
        assert parse_figure(f"12.5 {unit}", kind="money").unit == unit
    assert parse_figure("增5项", kind="delta").value == 5


@pytest.mark.parametrize(
    "mutate,needle",
    [
        (lambda d: d.pop("money_units"), "money_units"),
        (lambda d: d["page_numbers"][0].update(example="no page"), "page_numbers/0"),
        (lambda d: d["heading_levels"][1].update(pattern="([一"), "heading_levels/1/pattern"),
    ],
)
def test_broken_conventions_are_refused(mutate, needle):
    from importlib import resources

    data = json.loads(resources.files("xxgk_lint.templates").joinpath("conventions.json").read_text(encoding="utf-8"))
    mutate(data)
    with pytest.raises(TemplateError) as exc:
        templates.validate_conventions(data)
    assert needle in str(exc.value)
