"""The same report gives the same findings whatever the file format.

Synthetic reports (clean and with defects, both editions) are rendered to .txt (three table
layouts), .md, .html and .docx, and linted as files; the diagnostics (code + English message, which
names the table, row and column but no position) must be identical across formats.  The committed
PDF fixtures are compared with the text rendering of the same synthetic report.
"""

from __future__ import annotations

import importlib.util
import pathlib

import pytest

from xxgk_lint.synth import SyntheticReport

from conftest import lint, rendered

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FORMATS = [("txt", "tabs"), ("txt", "cells"), ("txt", "bare"), ("md", None), ("html", None), ("docx", None)]
EXT = {"txt": ".txt", "md": ".md", "html": ".html", "docx": ".docx"}


def _render(rep: SyntheticReport, fmt: str, layout: str | None):
    return rendered(rep, fmt, layout)


def findings(rep_or_bytes, fmt: str, layout: str | None = None, name: str = "report") -> list[tuple[str, str]]:
    data = rep_or_bytes if isinstance(rep_or_bytes, bytes) else _render(rep_or_bytes, fmt, layout)
    result = lint(data, f"{name}{EXT.get(fmt, '.' + fmt)}")
    assert not result.internal_errors, result.internal_errors
    return sorted((d.code, d.message["en"]) for d in result.diagnostics)


def _defects(edition: str):
    """(name, function altering a SyntheticReport) for the defect cases."""

    def typo_group(r):
        r.relabel("（三）不予公开", "（三）不子公开")

    def typo_row(r):
        r.relabel("2.重复申请", "2.重复申清")

    def typo_header(r):
        r.relabel("科研机构", "科研机购")

    def blank(r):
        r.set("t3", "carried", "natural", "")

    def wrong_total(r):
        r.set("t3", "new", "total", str(int(r.get("t3", "new", "total")) + 1))

    def t4_total(r):
        r.set("t4", "data", "direct_total", str(int(r.get("t4", "data", "direct_total")) + 2))

    def t4_blank_first(r):
        r.set("t4", "data", "review_upheld", "")

    def drop_row(r):
        r.drop_row("t3", "declined_1")

    def drop_section(r):
        r.drop_section("s5")

    def drop_table(r):
        r.drop_table("t4")

    def non_numeric(r):
        r.set("t2_6", "penalty", r.template.table("t2_6").column_ids[-1], "无")

    cases = [
        typo_group,
        typo_row,
        typo_header,
        blank,
        wrong_total,
        t4_total,
        t4_blank_first,
        drop_row,
        drop_section,
        drop_table,
        non_numeric,
    ]
    if edition == "2019":

        def delta(r):
            r.set("t2_5", "licensing", "delta", "3(增)")

        def published(r):
            r.set("t2_1", "normative", "published", str(int(r.get("t2_1", "normative", "total")) + 5))

        cases += [delta, published]
    return [(f.__name__, f) for f in cases]


@pytest.mark.parametrize("edition", ["2019", "2021"])
@pytest.mark.parametrize("fmt,layout", FORMATS)
def test_clean_report_has_no_findings(edition, fmt, layout):
    for seed in (0, 1, 2):
        rep = SyntheticReport(edition=edition, seed=seed)
        assert findings(rep, fmt, layout) == [], (edition, fmt, layout, seed)


@pytest.mark.parametrize("edition", ["2019", "2021"])
@pytest.mark.parametrize("case", range(13))
def test_defects_same_in_every_format(edition, case):
    cases = _defects(edition)
    if case >= len(cases):
        pytest.skip("no such case for this edition")
    name, alter = cases[case]
    rep = SyntheticReport(edition=edition, seed=3)
    alter(rep)
    expected = findings(rep, "txt", "tabs")
    assert expected, f"defect {name} produced no finding at all"
    for fmt, layout in FORMATS[1:]:
        got = findings(rep, fmt, layout)
        assert got == expected, f"{edition} {name}: {fmt}/{layout} differs from txt/tabs"


@pytest.mark.parametrize("edition", ["2019", "2021"])
@pytest.mark.parametrize("fmt,layout", FORMATS)
def test_figures_read_back_exactly(edition, fmt, layout):
    """Not only no findings: every figure of every table is bound to the right row and column."""
    rep = SyntheticReport(edition=edition, seed=5)
    result = lint(_render(rep, fmt, layout), f"r{EXT[fmt]}")
    report = result.report
    for tdef in rep.template.tables:
        bt = report.tables[tdef.id]
        for rid, cols in rep.figures[tdef.id].items():
            row = bt.rows[rid]
            for cid, text in cols.items():
                assert row.cells[cid].figure.raw == text, (fmt, layout, tdef.id, rid, cid)


# -- merged cells of the official Word/HTML form --------------------------------------------------------
def _t3_table(doc):
    for t in doc.tables():
        if any("申请人情况" in c.text for c in t.cells()):
            return t
    raise AssertionError("table 三 not found")


def _t4_table(doc):
    for t in doc.tables():
        if t.rows and t.rows[0] and t.rows[0][0].text == "行政复议":
            return t
    raise AssertionError("table 四 not found")


@pytest.mark.parametrize("fmt", ["docx", "html"])
@pytest.mark.parametrize("edition,span", [("2019", 20), ("2021", 22)])
def test_merged_cells_of_the_official_form(fmt, edition, span):
    from xxgk_lint.readers import read_path

    rep = SyntheticReport(edition=edition)
    doc = read_path(f"r.{fmt}", data=_render(rep, fmt, None))
    t3 = _t3_table(doc)
    origin = next(c for c in t3.cells() if c.text == "三、本年度办理结果")
    assert (origin.rowspan, origin.colspan, origin.col) == (span, 1, 0)
    covered = [t3.rows[origin.row + k][0] for k in range(1, span)]
    assert all(c.merged and c.text == "" for c in covered)
    note = t3.rows[0][0]
    assert note.text.startswith("（本列数据的勾稽关系为") and (note.rowspan, note.colspan) == (3, 3)
    assert all(t3.rows[r][c].merged for r in range(3) for c in range(3) if (r, c) != (0, 0))
    top = t3.rows[0][3]
    assert (top.text, top.colspan) == ("申请人情况", 7)
    natural = t3.rows[1][3]
    assert (natural.text, natural.rowspan) == ("自然人", 2)
    org = t3.rows[1][4]
    assert (org.text, org.colspan) == ("法人或其他组织", 5)
    withheld = next(c for c in t3.cells() if c.text == "（三）不予公开")
    assert (withheld.rowspan, withheld.col) == (8, 1)

    t4 = _t4_table(doc)
    assert [(c.text, c.colspan) for c in t4.rows[0] if not c.merged] == [("行政复议", 5), ("行政诉讼", 10)]
    row2 = [c for c in t4.rows[1] if not c.merged]
    assert [c.rowspan for c in row2[:5]] == [2] * 5
    assert [(c.text, c.colspan) for c in row2[5:]] == [("未经复议直接起诉", 5), ("复议后起诉", 5)]
    assert [c.text for c in t4.rows[2] if not c.merged] == [c.text for c in row2[:5]] * 2
    assert len(t4.rows[3]) == 15 and not any(c.merged for c in t4.rows[3])


# -- PDF fixtures -----------------------------------------------------------------------------------
def _fixture_module():
    spec = importlib.util.spec_from_file_location("make_pdf_fixture", ROOT / "scripts" / "make_pdf_fixture.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


PDF_FIXTURES = {
    "clean": "synth_2021_clean.pdf",
    "defective": "synth_2021_defects.pdf",
    "centred": "synth_2019_centred.pdf",
    "borderless": "synth_2021_borderless.pdf",
}


@pytest.mark.parametrize("which", sorted(PDF_FIXTURES))
def test_pdf_fixture_matches_text_rendering(which):
    mod = _fixture_module()
    rep = getattr(mod, which)()
    pdf = findings((FIXTURES / PDF_FIXTURES[which]).read_bytes(), "pdf")
    assert pdf == findings(rep, "txt", "tabs")
    if which == "defective":
        assert {c for c, _ in pdf} >= {"T206", "A301", "T202", "T204"}
    else:
        assert pdf == []


@pytest.mark.parametrize("which", ["clean", "centred", "borderless"])
def test_pdf_figures_read_back_exactly(which):
    mod = _fixture_module()
    rep = getattr(mod, which)()
    result = lint((FIXTURES / PDF_FIXTURES[which]).read_bytes(), "r.pdf")
    for tdef in rep.template.tables:
        bt = result.report.tables[tdef.id]
        for rid, cols in rep.figures[tdef.id].items():
            for cid, text in cols.items():
                assert bt.rows[rid].cells[cid].figure.raw == text, (tdef.id, rid, cid)
