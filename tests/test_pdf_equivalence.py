"""PDFs made the way agencies make them read like their sources.

``tests/fixtures/office_*.pdf`` are Word documents (``scripts/make_office_pdf_fixtures.py``:
``build_docx``) exported by LibreOffice; ``chromium_2021_defects.pdf`` is the HTML rendering of the same
defective report printed by Chromium.  The tests rebuild the .docx / .html from the script and lint
both: the findings must be the same.  ``../shared/real`` (when present): the four PDF renderings of
real reports read every table cell and give the check codes of their .docx and .html.
"""

from __future__ import annotations

import importlib.util
import json
import pathlib
import re
import unicodedata

import pytest

from xxgk_lint.document import RawTable
from xxgk_lint.readers import read_path
from xxgk_lint.recognise import recognise

from conftest import lint

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
REAL = ROOT.parent / "shared" / "real"


def _script():
    spec = importlib.util.spec_from_file_location(
        "make_office_pdf_fixtures", ROOT / "scripts" / "make_office_pdf_fixtures.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


MOD = _script()
_BUILT: dict[tuple[str, str], bytes] = {}


def _source(make: str, fmt: str) -> bytes:
    """The .docx (``fmt="docx"``) or .html of the synthetic report ``make``, built once per session:
    python-docx takes seconds for the three tables, and several tests need the same report."""
    key = (make, fmt)
    if key not in _BUILT:
        rep = getattr(MOD, make)()
        _BUILT[key] = MOD.build_docx(rep) if fmt == "docx" else MOD.build_html(rep).encode("utf-8")
    return _BUILT[key]


def findings(data: bytes, name: str) -> list[tuple[str, str]]:
    return sorted((d.code, d.text("en")) for d in lint(data, name).diagnostics)


@pytest.mark.parametrize(
    "name, make",
    [
        ("office_2021_clean.pdf", "clean_2021"),
        ("office_2021_defects.pdf", "defects_2021"),
        ("office_2019_clean.pdf", "clean_2019"),
    ],
)
def test_libreoffice_pdf_gives_the_findings_of_its_docx(name, make):
    from_docx = findings(_source(make, "docx"), "r.docx")
    from_pdf = findings((FIXTURES / name).read_bytes(), "r.pdf")
    assert from_pdf == from_docx
    if "defects" in name:
        # a typo beside the narrow merged column, a wrong 总计 in 三 and in 四: each found once
        assert [c for c, _ in from_pdf].count("T206") == 1 and {"A301", "A303", "A304"} <= {c for c, _ in from_pdf}
        assert not {"S101", "S105", "T202", "T203", "T205", "T208"} & {c for c, _ in from_pdf}
    else:
        assert from_pdf == []


def test_chromium_pdf_gives_the_findings_of_its_html():
    from_html = findings(_source("defects_2021", "html"), "r.html")
    from_pdf = findings((FIXTURES / "chromium_2021_defects.pdf").read_bytes(), "r.pdf")
    assert from_pdf == from_html
    assert {c for c, _ in from_pdf} == {"A301", "A303", "A304", "T206"}


@pytest.mark.parametrize(
    "name, make",
    [
        ("office_2021_defects.pdf", "defects_2021"),
        ("office_2019_clean.pdf", "clean_2019"),
        ("chromium_2021_defects.pdf", "defects_2021"),
    ],
)
def test_every_figure_is_read_as_in_the_source(name, make):
    src = recognise(read_path("r.docx", data=_source(make, "docx")))
    pdf = recognise(read_path("r.pdf", data=(FIXTURES / name).read_bytes()))
    assert set(pdf.tables) == set(src.tables)
    n = 0
    for tid, bt in src.tables.items():
        for rid, row in bt.rows.items():
            for cid, cell in row.cells.items():
                assert pdf.tables[tid].rows[rid].cells[cid].figure.raw == cell.figure.raw, (tid, rid, cid)
                n += 1
    assert n > 150


# -- the real renderings ------------------------------------------------------------------------------
PUNCT = re.compile(r"[\s\u00a0\u3000，。、：:；;（）()“”\"'‘’·.．\-—_]+")


def _norm(s):
    return PUNCT.sub("", unicodedata.normalize("NFKC", s or "")).lower()


def _cell(s):
    return re.sub(r"[\s\u00a0\u3000]+", "", unicodedata.normalize("NFKC", s or ""))


def _cells_right(path: pathlib.Path, truth: dict) -> tuple[int, int]:
    rep = recognise(read_path(str(path)))
    rows: dict[str, list] = {}
    for tid, bt in rep.tables.items():
        for rid in bt.definition.row_ids:
            r = bt.rows.get(rid)
            if r is not None:
                label = (r.group.found + " " if r.group else "") + (r.label.found if r.label else "")
                rows.setdefault(tid[:2], []).append((label, [c.figure.raw for c in r.cells.values()]))
    ok = n = 0
    for fam, truth_rows in truth.items():
        used: set[int] = set()
        for tr in truth_rows:
            want = [_cell(c) for c in tr["cells"]]
            n += len(want)
            if fam == "t4":
                got = [_cell(c) for _, cells in rows.get(fam, []) for c in cells]
            else:
                key = _norm(tr["label"])
                hit = next(
                    (
                        i
                        for i, (lab, _) in enumerate(rows.get(fam, []))
                        if i not in used and (_norm(lab) == key or _norm(lab).endswith(key))
                    ),
                    None,
                )
                if hit is None:
                    continue
                used.add(hit)
                got = [_cell(c) for c in rows[fam][hit][1]]
            ok += sum(1 for i, w in enumerate(want) if i < len(got) and got[i] == w)
    return ok, n


def _real_pdfs():
    return sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []


@pytest.mark.skipif(not _real_pdfs(), reason="../shared/real is not here")
def test_real_pdf_renderings_read_every_table_cell():
    ok = n = 0
    for pdf in _real_pdfs():
        truth = json.loads(pdf.with_suffix(".tables.json").read_text(encoding="utf-8"))["tables"]
        a, b = _cells_right(pdf, truth)
        ok, n = ok + a, n + b
    assert n > 700 and ok / n >= 0.995, f"{ok}/{n}"


@pytest.mark.skipif(not _real_pdfs(), reason="../shared/real is not here")
@pytest.mark.parametrize("pdf", _real_pdfs(), ids=lambda p: p.stem[-8:])
def test_real_pdf_renderings_give_the_codes_of_their_docx_and_html(pdf):
    codes = {}
    for ext in (".pdf", ".docx", ".html"):
        path = pdf.with_suffix(ext)
        codes[ext] = sorted(d.code for d in lint(path.read_bytes(), path.name).diagnostics)
    assert codes[".pdf"] == codes[".docx"] == codes[".html"]


def test_tables_are_markup_tables_in_reading_order():
    doc = read_path("r.pdf", data=(FIXTURES / "office_2021_clean.pdf").read_bytes())
    kinds = [b.kind for b in doc.blocks]
    assert kinds.count("table") == 3  # 二 (its sub-tables touch: one grid), 三 and 四, each one table
    assert all(t.origin == "markup" for t in doc.tables())
    # every table sits between the paragraphs around it
    for k, b in enumerate(doc.blocks):
        if isinstance(b, RawTable):
            assert doc.blocks[k - 1].span.end <= b.span.start and b.span.end <= doc.blocks[k + 1].span.start
