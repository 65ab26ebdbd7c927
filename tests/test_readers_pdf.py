"""The PDF reader on the committed fixtures (made by scripts/make_pdf_fixture.py; no PDF tool needed)."""
from __future__ import annotations

import pathlib

import pytest

from conftest import lint
from xxgk_lint.readers import Limits, ReaderError, read_path

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def clean_doc():
    return read_path("clean.pdf", data=(FIXTURES / "synth_2021_clean.pdf").read_bytes())


def test_fixtures_are_small():
    for f in FIXTURES.glob("*.pdf"):
        assert f.stat().st_size < 200_000, f


def test_table_rows_become_tab_separated_lines(clean_doc):
    lines = clean_doc.text.splitlines()
    assert "信息内容\t本年制发件数\t本年废止件数\t现行有效件数" in lines
    # table 四: one unlabelled row of fifteen figures
    assert any(len(line.split("\t")) == 15 and all(x.strip().isdigit() for x in line.split("\t")) for line in lines)
    # a label wrapped inside its cell is joined back into the cell
    assert any("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t" in line for line in lines)
    # rows under merged group labels keep empty fields for the merged columns, like the "tab rows" layout
    assert any(line.startswith("\t\t2.其他法律行政法规禁止公开\t") for line in lines)
    # a header wrapped inside narrow cells
    assert any("商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他" in line for line in lines)


def test_body_lines_are_joined_into_paragraphs(clean_doc):
    paras = [p.text for p in clean_doc.paragraphs()]
    intro = next(p for p in paras if p.startswith("\u3000\u3000本报告根据"))
    assert intro.endswith("共六个部分。")
    assert "一、总体情况" in paras and "六、其他需要报告的事项" in paras


def test_positions_name_the_page(clean_doc):
    first = next(clean_doc.paragraphs())
    assert clean_doc.locate(first.span).page == 1
    last_heading = next(p for p in clean_doc.paragraphs() if p.text == "六、其他需要报告的事项")
    loc = clean_doc.locate(last_heading.span)
    assert loc.page >= 2 and loc.describe() == f"第 {loc.page} 页" and loc.describe("en") == f"page {loc.page}"


def test_diagnostics_on_the_defective_fixture_point_at_pages():
    result = lint((FIXTURES / "synth_2021_defects.pdf").read_bytes(), "d.pdf")
    by_code = {d.code: d for d in result.diagnostics}
    assert by_code["T206"].location.page is not None
    assert "不子公开" in result.document.text[by_code["T206"].span.start:by_code["T206"].span.end]


def test_page_limit():
    with pytest.raises(ReaderError) as err:
        read_path("c.pdf", data=(FIXTURES / "synth_2021_clean.pdf").read_bytes(), limits=Limits(max_pdf_pages=1))
    assert err.value.reason == "too-large" and "max-pdf-pages" in err.value.detail["en"] and "1 页" in err.value.detail["zh"]


def test_no_heavy_imports_at_start_up():
    import subprocess
    import sys

    code = ("import sys, xxgk_lint.cli, xxgk_lint.readers, xxgk_lint.runner; "
            "bad = [m for m in ('lxml', 'docx', 'pypdfium2') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


# -- PDFs exported by a word processor (LibreOffice Writer from examples/*.docx, Letter paper) -------
# Their tables fill whole pages (column borders longer than 80% of the page), their narrow label cells
# wrap over several printed lines with jittering baselines, a label merged over rows has no ruling
# across its own column, and a row is split by a page break.

@pytest.mark.parametrize("name", ["libreoffice_2021_clean.pdf", "libreoffice_2019_clean.pdf", "libreoffice_2021_quotes.pdf"])
def test_word_processor_pdf_of_a_clean_report_is_clean(name):
    # 2019: 增6 drawn as 增 + a digit in a Latin font (pdfium generates a space between them);
    # quotes: “三安全一稳定” wrapped in a narrow cell, the quotes drawn in another font
    result = lint((FIXTURES / name).read_bytes(), "clean.pdf")
    assert result.diagnostics == [], [d.text("en") for d in result.diagnostics]


def test_spaces_pdfium_generated_beside_cjk_are_dropped():
    doc = read_path("r.pdf", data=(FIXTURES / "libreoffice_2019_clean.pdf").read_bytes())
    rows = [line for line in doc.text.splitlines() if line.startswith("行政许可\t")]
    assert rows and all(" " not in cell for cell in rows[0].split("\t")[1:])


def test_word_processor_pdf_gives_the_findings_of_its_docx():
    import pathlib

    docx = pathlib.Path(__file__).resolve().parent.parent / "examples" / "faulty-labels.docx"
    from_docx = sorted(d.text("en") for d in lint(docx.read_bytes(), "r.docx").diagnostics)
    from_pdf = lint((FIXTURES / "libreoffice_2021_labels.pdf").read_bytes(), "r.pdf").diagnostics
    assert sorted(d.text("en") for d in from_pdf) == from_docx
    assert all(d.location.page for d in from_pdf)  # every finding names its page


def test_a_row_split_by_a_page_break_is_one_row():
    doc = read_path("r.pdf", data=(FIXTURES / "libreoffice_2021_clean.pdf").read_bytes())
    row = next(line for line in doc.text.splitlines() if "本机关不掌握相关政府信息" in line)
    assert "（四）无法提供" in row and row.count("\t") >= 8
