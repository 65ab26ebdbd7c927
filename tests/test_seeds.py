"""The five real published reports in ../shared/seeds (skipped when absent).

Two layers: the precise findings the issues name (code, line, what), and the catalogue's
expectations in ../shared/tools/seed-expectations.json (every "must" is found near its line, no
"must_not" code appears), restricted to the rules this project ships.
"""

from __future__ import annotations

import functools
import json
import pathlib

import pytest

from xxgk_lint.registry import load_rules

from conftest import ROOT, SEEDS, lint, seed_path

CODES = set(load_rules())


@functools.cache
def _all_diags(path: pathlib.Path) -> tuple:
    """Every finding on one seed, linted once for all the tests that read it (speed, issue 12)."""
    return tuple(lint(path.read_bytes(), path.name).diagnostics)


def _diags(prefix: str, select=None):
    p = seed_path(prefix)
    return _all_diags(p) if select is None else lint(p.read_bytes(), p.name, select=select).diagnostics


def _at(diags, code):
    return [(d.location.line if d.location else 0, d.text("en")) for d in diags if d.code == code]


def test_003_lacks_section_four_and_table_three_is_truncated():
    d = _diags("003")
    s101 = _at(d, "S101")
    assert len(s101) == 1 and "section 四" in s101[0][1]
    t202 = _at(d, "T202")
    assert len(t202) == 1 and "table 三" in t202[0][1] and "（五）不予处理" in t202[0][1]


def test_004_missing_six_declared_five_parts_extra_cells_blank_review_block():
    d = _diags("004")
    assert [m for _, m in _at(d, "S101")] == ["section 六 “六、其他需要报告的事项” is missing"]
    assert [ln for ln, _ in _at(d, "S105")] == [5]
    t203 = _at(d, "T203")
    assert t203 and all(80 <= ln <= 83 for ln, _ in t203)
    assert all("8 value cells for 7 columns" in m for _, m in t203)
    t205 = _at(d, "T205")
    assert len(t205) == 1 and "行政复议" in t205[0][1]


def test_000_stray_heading_blank_table_four_and_blank_cells_of_table_two():
    d = _diags("000")
    assert [ln for ln, _ in _at(d, "S106")] == [53]
    t205 = _at(d, "T205")
    assert len(t205) == 1 and "table 四" in t205[0][1]
    t204 = [m for _, m in _at(d, "T204")]
    assert any("row “规章”" in m for m in t204)
    assert any("本年增/减" in m for m in t204)
    assert all("table 二" in m for m in t204)


def test_001_empty_section_six_and_label_typos():
    d = _diags("001")
    assert any("section 六" in m for _, m in _at(d, "S104"))
    found = " | ".join(m for _, m in _at(d, "T206"))
    for typo in ("不子公开", "不子处理", "补正启", "12.没有现成信息"):
        assert typo in found, f"T206 should flag {typo}"


def test_002_is_structurally_sound():
    d = _diags("002")
    assert not {x.code for x in d} & {"S101", "T201", "T202", "T203"}


def _expectations():
    path = ROOT.parent / "shared" / "tools" / "seed-expectations.json"
    if not path.is_file():
        return []
    spec = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for name, exp in spec.items():
        for item in exp["must"]:
            codes = item.partition("@")[0].split("|")
            if any(c in CODES for c in codes):
                out.append(pytest.param(name, "must", item, id=f"{name[:3]}-must-{item}"))
        for prefix in exp["must_not"]:
            out.append(pytest.param(name, "must_not", prefix, id=f"{name[:3]}-not-{prefix}"))
    return out


@pytest.mark.parametrize("name,kind,item", _expectations())
def test_catalogue_expectations(name, kind, item):
    p = SEEDS / name
    if not p.is_file():
        pytest.skip("seed not present")
    diags = _all_diags(p)
    found: dict[str, list[int]] = {}
    for d in diags:
        found.setdefault(d.code, []).append(d.location.line if d.location else 1)
    if kind == "must":
        codes, _, near = item.partition("@")
        lines = [ln for c in codes.split("|") for ln in found.get(c, [])]
        assert lines, f"{name}: expected {codes}"
        if near:
            assert any(abs(ln - int(near)) <= 3 for ln in lines), (
                f"{name}: {codes} expected near line {near}, got {lines}"
            )
    else:
        bad = sorted(c for c in found if c.startswith(item))
        assert not bad, f"{name}: expected no {item}*, found {bad}"


def test_001_narrative_contradicts_table_and_breakdown_exceeds_total():
    d = _diags("001", select=["N"])
    n501 = _at(d, "N501")
    assert [ln for ln, _ in n501] == [17] and "holds 0" in n501[0][1]
    n502 = _at(d, "N502")
    assert [ln for ln, _ in n502] == [13] and "10638" in n502[0][1] and "10565" in n502[0][1]


def test_003_markdown_markers():
    assert {ln for ln, _ in _at(_diags("003", select=["W701"]), "W701")} == {11}


def test_breakdowns_and_shares_of_000_002_004_are_right():
    for name in ("000", "002", "004"):
        assert not _at(_diags(name, select=["N502", "N503"]), "N502"), name
    assert not _at(_diags("004", select=["N503"]), "N503")


def test_001_and_004_are_on_time():
    for name in ("001", "004"):
        assert not _at(_diags(name, select=["D601"]), "D601"), name
