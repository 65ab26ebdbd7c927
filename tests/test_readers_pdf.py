"""The PDF reader on the committed fixtures (made by scripts/make_pdf_fixture.py; no PDF tool needed)."""

from __future__ import annotations

import pathlib
import re

import pytest

from xxgk_lint.readers import Limits, ReaderError, read_path

from conftest import lint

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def clean_doc():
    return read_path("clean.pdf", data=(FIXTURES / "synth_2021_clean.pdf").read_bytes())


def test_fixtures_are_small():
    for f in FIXTURES.glob("*.pdf"):
        # Chromium draws CJK text as Type 3 glyph outlines: its one fixture is larger
        assert f.stat().st_size < (400_000 if f.name.startswith("chromium") else 200_000), f


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
    assert "不子公开" in result.document.text[by_code["T206"].span.start : by_code["T206"].span.end]


def test_page_limit():
    with pytest.raises(ReaderError) as err:
        read_path("c.pdf", data=(FIXTURES / "synth_2021_clean.pdf").read_bytes(), limits=Limits(max_pdf_pages=1))
    assert (
        err.value.reason == "too-large"
        and "max-pdf-pages" in err.value.detail["en"]
        and "1 页" in err.value.detail["zh"]
    )


def test_no_heavy_imports_at_start_up():
    import subprocess
    import sys

    code = (
        "import sys, xxgk_lint.cli, xxgk_lint.readers, xxgk_lint.runner; "
        "bad = [m for m in ('lxml', 'docx', 'pypdfium2') if m in sys.modules]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


# -- PDFs exported by a word processor (LibreOffice Writer from examples/*.docx, Letter paper) -------
# Their tables fill whole pages (column borders longer than 80% of the page), their narrow label cells
# wrap over several printed lines with jittering baselines, a label merged over rows has no ruling
# across its own column, and a row is split by a page break.


@pytest.mark.parametrize(
    "name", ["libreoffice_2021_clean.pdf", "libreoffice_2019_clean.pdf", "libreoffice_2021_quotes.pdf"]
)
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


# -- ruled tables read from their rulings (LibreOffice and Chromium exports of the official tables with
# their real column widths: scripts/make_office_pdf_fixtures.py) -------------------------------------


@pytest.fixture(scope="module")
def office_doc():
    return read_path("r.pdf", data=(FIXTURES / "office_2021_clean.pdf").read_bytes())


def _table_with(doc, text):
    return next(t for t in doc.tables() if any(c.text == text for c in t.cells()))


def test_the_narrow_merged_column_is_one_cell_over_its_rows(office_doc):
    t3 = _table_with(office_doc, "三、本年度办理结果")
    cell = next(c for c in t3.cells() if c.text == "三、本年度办理结果")
    assert cell.rowspan == 22 and cell.colspan == 1  # （一）…（七）总计 in the 2021 format, across a page break
    # its characters never reach the row labels beside it
    labels = [c.text for c in t3.cells() if c.col in (1, 2) and not c.merged and c.text]
    assert "（一）予以公开" in labels and "1.属于国家秘密" in labels and "3.危及“三安全一稳定”" in labels
    assert not any(x.startswith(("三", "度", "办", "结果", "本年")) for x in labels if not x.startswith("三安全"))
    # the positions the merged cell covers are empty merged cells, as the .docx reader gives them
    below = [row[0] for row in t3.rows[cell.row + 1 : cell.row + cell.rowspan]]
    assert all(c.merged and c.text == "" for c in below)


def test_a_table_split_by_page_breaks_is_one_table(office_doc):
    t3 = _table_with(office_doc, "三、本年度办理结果")
    pages = {office_doc.locate(c.span).page for c in t3.cells() if c.text}
    assert len(pages) >= 2
    labels = [c.text for c in t3.cells() if c.text]
    assert labels.count("商业企业") == 1  # a header repeated on the next page is not a row
    assert not any(re.fullmatch(r"-\s*\d+\s*-", x) for x in labels)  # nor is the page number
    assert len(t3.rows) == 3 + 2 + 22 + 1


def test_header_cells_set_on_two_lines_do_not_split_the_data_row(office_doc):
    t4 = _table_with(office_doc, "行政复议")
    assert [c.text for c in t4.rows[1][:5]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    data = t4.rows[-1]
    assert len(data) == 15 and all(c.text.isdigit() and not c.merged for c in data)


def test_a_heading_right_after_a_table_is_a_paragraph(office_doc):
    # table 四 ends its section: heading 五 follows it on the same page, no blank line between
    k, t4 = next(
        (k, b)
        for k, b in enumerate(office_doc.blocks)
        if b.kind == "table" and any(c.text == "行政复议" for c in b.cells())
    )
    after = [b for b in office_doc.blocks[k + 1 :] if not re.fullmatch(r"-\s*\d+\s*-", getattr(b, "text", ""))]
    assert after[0].kind == "paragraph" and after[0].text == "五、存在的主要问题及改进情况"
    assert office_doc.locate(after[0].span).page == office_doc.locate(t4.rows[-1][0].span).page
    assert all("存在的主要问题" not in c.text for t in office_doc.tables() for c in t.cells())
    assert [c.text for c in t4.rows[-1]] == [c.text for c in t4.rows[-1] if c.text.isdigit()]


def test_text_outside_tables_keeps_its_order(office_doc):
    paras = [p.text for p in office_doc.paragraphs()]
    assert "一、\u3000总体情况" in paras  # a full-width space after 一、: still one heading line
    assert any("围绕“放管服”改革" in p for p in paras)  # quotes in place
    # a line that stopped short before a bracketed document number continues its paragraph
    assert any("（国办函〔2020〕109号）" in p for p in paras)
    assert paras[0] == "某县市场监督管理局2023年政府信息公开工作年度报告"  # a title wrapped when centred


def test_chromium_headings_with_a_full_width_space_and_split_rows():
    doc = read_path("r.pdf", data=(FIXTURES / "chromium_2021_defects.pdf").read_bytes())
    paras = [p.text for p in doc.paragraphs()]
    assert "一、\u3000总体情况" in paras
    t3 = _table_with(doc, "三、本年度办理结果")
    labels = [c.text for c in t3.cells() if c.text]
    assert "（一）予以公开" in labels and "3.补正后申请内容仍不明确" in labels  # a row cut by the page break


def test_cell_positions_name_page_table_row_and_column(office_doc):
    t3 = _table_with(office_doc, "三、本年度办理结果")
    cell = next(c for c in t3.cells() if c.text == "1.属于国家秘密")
    loc = office_doc.locate(cell.span)
    assert (loc.table, loc.row, loc.col) == (2, cell.row + 1, cell.col + 1)
    assert loc.describe() == f"第 {loc.page} 页，表格 2 第 {cell.row + 1} 行第 {cell.col + 1} 列"
    assert loc.describe("en").startswith(f"page {loc.page}, table 2, row")
    assert office_doc.text[cell.span.start : cell.span.end] == "1.属于国家秘密"


def _ruling_grid(vertical, horizontal):
    from xxgk_lint.readers.pdf import _grids, _Rulings

    return _grids(_Rulings(vertical, horizontal))


def test_grid_cells_are_what_no_ruling_separates():
    # two columns, three rows; the left column merged over the lower two rows (no ruling across it)
    v = [(0, 0, 30), (50, 0, 30), (100, 0, 30)]
    h = [(30, 0, 100), (20, 0, 100), (10, 50, 100), (0, 0, 100)]
    (g,) = _ruling_grid(v, h)
    spans = sorted((c.r, c.rowspan, c.x0, c.x1) for c in g.cells.values())
    assert spans == [(0, 1, 0, 50), (0, 1, 50, 100), (1, 1, 50, 100), (1, 2, 0, 50), (2, 1, 50, 100)]
    assert g.cell_at(25, 5) is g.cell_at(25, 15)
    assert g.cell_at(75, 5) is not g.cell_at(75, 15)


def test_a_table_whose_cut_side_has_no_border_is_closed_by_its_column_borders():
    v = [(0, 0, 40), (50, 0, 40), (100, 0, 40)]
    h = [(30, 0, 100), (0, 0, 100)]  # nothing at the top, y = 40: a row cut by the page break
    (g,) = _ruling_grid(v, h)
    assert len(g.ys) == 3 and g.top == 40


def test_a_lone_box_or_rule_is_not_a_table():
    assert _ruling_grid([(0, 0, 30), (100, 0, 30)], [(30, 0, 100), (0, 0, 100)]) == []  # a frame
    assert _ruling_grid([], [(500, 50, 550)]) == []  # a rule under the title


def test_many_rulings_are_read_in_linear_time():
    import time

    from xxgk_lint.readers.pdf import _grids, _Rulings

    def grid(n):
        v = [(x * 2.0, 0.0, n * 2.0) for x in range(n + 1)]
        h = [(y * 2.0, 0.0, n * 2.0) for y in range(n + 1)]
        t = time.perf_counter()
        (g,) = _grids(_Rulings(v, h))
        assert len(g.cells) == n * n
        return time.perf_counter() - t

    small, big = grid(50), grid(200)  # 16 times the grid positions
    assert big < 40 * small + 0.5


def test_running_headers_and_page_numbers_do_not_cut_a_table():
    doc = read_path("r.pdf", data=(FIXTURES / "office_2019_clean.pdf").read_bytes())
    tables = list(doc.tables())
    assert len(tables) == 3  # 二, 三 (across a page number and the running header of the next page), 四
    t3 = _table_with(doc, "三、本年度办理结果")
    assert len({doc.locate(c.span).page for c in t3.cells() if c.text}) >= 2
    assert all("政务公开专栏" not in c.text for t in tables for c in t.cells())
    # the running header stays a line of its own on every page
    assert sum(p.text == "某镇人民政府政务公开专栏" for p in doc.paragraphs()) == 5


def test_a_paragraph_runs_on_past_the_page_number_and_running_header():
    from xxgk_lint.readers.pdf import _Item, _join_pages, _mark_running_lines

    def item(text, flush=True, clutter=False, open_=False, page=1):
        it = _Item(text, flush, clutter)
        it.parts = [(text, page)]
        it.ends_open = open_
        return it

    p1 = [
        item("页眉文字", page=1),
        item("本年度共办理申请二十件，均在法定期限内", open_=True, page=1),
        item("- 1 -", clutter=True, page=1),
    ]
    p2 = [item("页眉文字", page=2), item("答复。", page=2), item("- 2 -", clutter=True, page=2)]
    _mark_running_lines([p1, p2])
    assert p1[0].clutter and p2[0].clutter and not p1[1].clutter
    pages = _join_pages([p1, p2])
    body = [it for page in pages for it in page if not it.clutter]
    assert ["".join(t for t, _ in it.parts) for it in body] == ["本年度共办理申请二十件，均在法定期限内答复。"]
    assert [pg for _, pg in body[0].parts] == [1, 2]


def test_a_glyph_pdfium_gives_only_its_thin_box_stays_on_its_line():
    # Chromium's "一" (or a quotation mark in another font): no font ascent, only the glyph's own
    # box, a point high and above the middle of the line it sits on
    from xxgk_lint.readers.pdf import _Frag, _visual_lines

    lines = _visual_lines(
        [_Frag("第", 0, 10, 100, 110, 10), _Frag("一", 11, 20, 105.8, 106.8, 10), _Frag("项", 21, 30, 100, 110, 10)]
    )
    assert [[f.text for f in line] for line in lines] == [["第", "一", "项"]]


def _part(rows, spans=None):
    """A ruled table part: ``rows`` of cell texts over columns 0-50-100; ``spans`` {(row, col): rowspan}."""
    from xxgk_lint.readers.pdf import _TCell, _TItem

    t = _TItem.__new__(_TItem)
    t.cells, t.nrows, t.left, t.right, t.top = [], len(rows), 0.0, 100.0, 0.0
    t.clutter = t.ends_open = t.continues = False
    for r, row in enumerate(rows):
        for k, text in enumerate(row):
            if text is None:
                continue  # covered by a cell spanning from above
            c = _TCell(r, (spans or {}).get((r, k), 1), 50.0 * k, 50.0 * (k + 1))
            c.text = text
            t.cells.append(c)
    return t


def _grid_texts(t):
    return sorted((c.r, c.rowspan, c.x0, c.text) for c in t.cells)


def test_a_row_broken_across_two_pages_is_one_row():
    first = _part([["规章", "0"], ["其他对外管理", "3"]])
    assert first.continue_with(_part([["服务事项", ""], ["行政处罚", "1"]]))
    assert first.nrows == 3
    assert _grid_texts(first) == [
        (0, 1, 0.0, "规章"),
        (0, 1, 50.0, "0"),
        (1, 1, 0.0, "其他对外管理服务事项"),
        (1, 1, 50.0, "3"),
        (2, 1, 0.0, "行政处罚"),
        (2, 1, 50.0, "1"),
    ]


def test_a_merged_label_running_on_to_the_next_page_is_one_cell():
    first = _part([["三、本年", "（一）予以公开"], [None, "（二）部分公开"]], {(0, 0): 2})
    assert first.continue_with(_part([["度办理结果", "（三）不予公开"], [None, "（四）无法提供"]], {(0, 0): 2}))
    merged = next(c for c in first.cells if c.x0 == 0)
    assert merged.text == "三、本年度办理结果" and merged.rowspan == 4 and first.nrows == 4
    assert [c.text for c in first.cells if c.x0 == 50] == [
        "（一）予以公开",
        "（二）部分公开",
        "（三）不予公开",
        "（四）无法提供",
    ]


def test_repeated_header_rows_are_dropped_and_other_tables_are_not_joined():
    first = _part([["信息内容", "数量"], ["规章", "0"]])
    assert first.continue_with(_part([["信息内容", "数量"], ["行政许可", "2"]]))
    assert [c.text for c in first.cells] == ["信息内容", "数量", "规章", "0", "行政许可", "2"]
    narrower = _part([["a", "b"]])
    narrower.right = 80.0
    assert not _part([["x", "y"]]).continue_with(narrower)
