"""The .docx reader (paragraphs, headings, tables with merged cells, positions) and writing fixes back."""

from __future__ import annotations

import io
import zipfile

import pytest

from xxgk_lint.diagnostics import Edit
from xxgk_lint.document import Span
from xxgk_lint.readers import ReaderError, read_path
from xxgk_lint.synth import SyntheticReport
from xxgk_lint.writers.docx import DocxEditError, apply_edits

from conftest import lint, rendered

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _package(body_xml: str, styles_xml: str | None = None) -> bytes:
    """A minimal .docx package around ``body_xml`` (the children of w:body)."""
    doc = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" '
        f'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body_xml}</w:body></w:document>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        z.writestr("word/document.xml", doc)
        if styles_xml:
            z.writestr("word/styles.xml", styles_xml)
    return buf.getvalue()


def _p(text: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text) if text else '<w:p/>'}</w:tc>"


def test_paragraphs_headings_and_order():
    rep = SyntheticReport(edition="2021")
    doc = read_path("r.docx", data=rendered(rep, "docx"))
    paras = list(doc.paragraphs())
    assert paras[0].text == rep.title and paras[0].heading_level == 1  # the "Title" style
    heads = [p.text for p in paras if p.heading_level]
    assert heads[1:] == [s.heading for s in rep.template.sections]
    kinds = [b.kind for b in doc.blocks]
    assert kinds.count("table") == 3
    # a paragraph written as two runs (bold lead-in + rest) reads as one text
    assert any(p.text.startswith("（一）主动公开。依托") for p in paras)
    for b in doc.blocks:  # spans index the flattened text exactly
        if b.kind == "paragraph":
            assert doc.text[b.span.start : b.span.end] == b.text
        else:
            for c in b.cells():
                assert doc.text[c.span.start : c.span.end] == c.text


def test_locations_name_paragraph_and_table_cell():
    rep = SyntheticReport(edition="2021")
    rep.relabel("2.重复申请", "2.重复申清")
    result = lint(rendered(rep, "docx"), "r.docx")
    t206 = [d for d in result.diagnostics if d.code == "T206"]
    assert len(t206) == 1
    loc = t206[0].location
    # table 2 (三); 3 header rows, then 一, 二, 20 rows of 三 up to 2.重复申请 -> row 3+2+15 = 20; column 3
    assert (loc.table, loc.row, loc.col) == (2, 20, 3)
    assert loc.describe() == "表格 2 第 20 行第 3 列"
    assert loc.describe("en") == "table 2, row 20, column 3"
    doc = result.document
    first = next(doc.paragraphs())
    assert doc.locate(first.span).describe() == "第 1 段"


def test_hand_built_merges_sdt_tracked_changes_and_fallback():
    body = (
        _p("标题", "Heading1")
        + "<w:sdt><w:sdtContent>"
        + _p("控件中的段落")
        + "</w:sdtContent></w:sdt>"
        + "<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>插入</w:t></w:r></w:ins></w:p>"
        + "<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>甲</w:t></mc:Choice>"
        "<mc:Fallback><w:t>甲</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        + "<w:tbl>"
        + "<w:tr>"
        + _tc("横跨", '<w:gridSpan w:val="2"/>')
        + _tc("纵向", '<w:vMerge w:val="restart"/>')
        + "</w:tr>"
        + "<w:tr>"
        + _tc("a")
        + _tc("b")
        + _tc("", "<w:vMerge/>")
        + "</w:tr>"
        + '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>'
        + _tc("c")
        + _tc("", "<w:vMerge/>")
        + "</w:tr>"
        + "</w:tbl>"
    )
    styles = (
        f'<w:styles xmlns:w="{W_NS}"><w:style w:type="paragraph" w:styleId="Heading1">'
        '<w:name w:val="heading 1"/></w:style></w:styles>'
    )
    doc = read_path("h.docx", data=_package(body, styles))
    paras = list(doc.paragraphs())
    assert [p.text for p in paras] == ["标题", "控件中的段落", "保留插入", "甲"]
    assert paras[0].heading_level == 1 and paras[1].heading_level is None
    (table,) = list(doc.tables())
    r0, r1, r2 = table.rows
    assert [(c.text, c.colspan, c.rowspan, c.merged) for c in r0] == [
        ("横跨", 2, 1, False),
        ("", 1, 1, True),
        ("纵向", 1, 3, False),
    ]
    assert [(c.text, c.merged) for c in r1] == [("a", False), ("b", False), ("", True)]
    assert [(c.text, c.merged) for c in r2] == [("", True), ("c", False), ("", True)]
    assert doc.text.splitlines()[-3:] == ["横跨\t\t纵向", "a\tb\t", "\tc\t"]


def test_cell_paragraphs_join_without_space_between_cjk():
    body = (
        "<w:tbl><w:tr><w:tc>"
        + _p("本年新")
        + _p("制作数量")
        + "</w:tc><w:tc>"
        + _p("12")
        + _p("万元")
        + "</w:tc><w:tc>"
        + _p("ab")
        + _p("cd")
        + "</w:tc></w:tr></w:tbl>"
    )
    doc = read_path("c.docx", data=_package(body))
    assert [c.text for c in next(doc.tables()).rows[0]] == ["本年新制作数量", "12万元", "ab cd"]


def test_doc_extension_is_a_clear_error():
    with pytest.raises(ReaderError) as err:
        read_path("old.doc", data=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "另存为 .docx" in err.value.detail["zh"] and ".docx" in err.value.detail["en"]


# -- fixes --------------------------------------------------------------------------------------------
def _typo_docx():
    rep = SyntheticReport(edition="2021")
    rep.relabel("（三）不予公开", "（三）不子公开")
    return rendered(rep, "docx")


def _fix_edits(result, codes=("T206",)):
    return [e for d in result.diagnostics if d.fix and d.code in codes for e in d.fix.edits]


def test_apply_edits_fixes_exactly_the_typo_and_keeps_the_package():
    data = _typo_docx()
    result = lint(data, "r.docx")
    edits = _fix_edits(result)
    assert len(edits) == 1
    new = apply_edits(data, result.document, edits)
    before, after = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(new))
    assert [i.filename for i in before.infolist()] == [i.filename for i in after.infolist()]
    for info in before.infolist():
        assert after.getinfo(info.filename).compress_type == info.compress_type
        if info.filename != "word/document.xml":
            assert after.read(info.filename) == before.read(info.filename), info.filename
    old_xml, new_xml = before.read("word/document.xml").decode(), after.read("word/document.xml").decode()
    assert "（三）不子公开" in old_xml and "（三）不子公开" not in new_xml and "（三）不予公开" in new_xml
    # nothing else changed: the XML differs only where the text changed
    assert new_xml.count("<w:rPr>") == old_xml.count("<w:rPr>") and new_xml.count("<w:b/>") == old_xml.count("<w:b/>")
    doc2 = read_path("r.docx", data=new)
    assert doc2.text == result.document.text.replace("（三）不子公开", "（三）不予公开")
    again = lint(new, "r.docx")
    assert not [d for d in again.diagnostics if d.fix]  # idempotent: nothing left to fix
    assert apply_edits(new, again.document, []) is not None


def test_apply_edits_across_runs_keeps_run_properties():
    body = (
        "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>（三）不</w:t></w:r>"
        "<w:r><w:rPr><w:i/></w:rPr><w:t>子公开</w:t></w:r></w:p>"
    )
    data = _package(body)
    doc = read_path("p.docx", data=data)
    assert doc.text == "（三）不子公开\n"
    start = doc.text.index("不子")
    new = apply_edits(data, doc, [Edit(Span(start, start + 2), "不予")])
    xml = zipfile.ZipFile(io.BytesIO(new)).read("word/document.xml").decode()
    assert "<w:b/></w:rPr><w:t>（三）不予</w:t>" in xml and "<w:i/></w:rPr><w:t>公开</w:t>" in xml
    assert read_path("p.docx", data=new).text == "（三）不予公开\n"


def test_apply_edits_refuses_unmappable_or_stale_edits():
    body = "<w:tbl><w:tr>" + _tc("规章") + _tc("12") + "</w:tr></w:tbl>"
    data = _package(body)
    doc = read_path("t.docx", data=data)
    tab = doc.text.index("\t")
    with pytest.raises(DocxEditError):  # crosses the boundary between two cells
        apply_edits(data, doc, [Edit(Span(tab - 1, tab + 1), "x")])
    other = _package("<w:tbl><w:tr>" + _tc("规章") + _tc("13") + "</w:tr></w:tbl>")
    doc.source_bytes_hash = None
    with pytest.raises(DocxEditError):  # the file is not the one that was read
        apply_edits(other, doc, [Edit(Span(0, 1), "x")])


def test_apply_edits_types_into_an_empty_cell():
    rep = SyntheticReport(edition="2021")
    rep.set("t4", "data", "review_upheld", "")
    data = rendered(rep, "docx")
    result = lint(data, "r.docx")
    (blank,) = [d for d in result.diagnostics if d.code == "T204"]
    assert blank.span.start == blank.span.end
    new = apply_edits(data, result.document, [Edit(blank.span, "0")])
    doc2 = read_path("r.docx", data=new)
    t4 = list(doc2.tables())[-1]
    assert t4.rows[3][0].text == "0"
    xml = zipfile.ZipFile(io.BytesIO(new)).read("word/document.xml").decode()
    assert (
        xml.count("<w:t>0</w:t>")
        == zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode().count("<w:t>0</w:t>") + 1
    )


def test_cli_fix_rewrites_the_docx(tmp_path, run_cli):
    rep = SyntheticReport(edition="2021")
    rep.relabel("（三）不予公开", "（三）不子公开")
    rep.set("t2_6", "penalty", "decisions", "１２")
    path = tmp_path / "r.docx"
    original = rendered(rep, "docx")
    path.write_bytes(original)
    result = run_cli("check", "--fix", path)
    assert result.exit_code == 0, result.output
    fixed = path.read_bytes()
    doc = read_path(str(path), data=fixed)
    assert "（三）不予公开" in doc.text and "１２" not in doc.text
    before, after = zipfile.ZipFile(io.BytesIO(original)), zipfile.ZipFile(io.BytesIO(fixed))
    for info in before.infolist():
        if info.filename != "word/document.xml":
            assert after.read(info.filename) == before.read(info.filename)
    assert run_cli("check", path).exit_code == 0


def test_main_part_found_through_the_package_relationships():
    doc_xml = (f'<w:document xmlns:w="{W_NS}"><w:body>' + _p("一、总体情况") + "</w:body></w:document>").encode()
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="word/main.xml"/></Relationships>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("_rels/.rels", rels)
        z.writestr("word/main.xml", doc_xml)
    data = buf.getvalue()
    doc = read_path("m.docx", data=data)
    assert doc.text == "一、总体情况\n"
    new = apply_edits(data, doc, [Edit(Span(0, 1), "二")])
    assert read_path("m.docx", data=new).text == "二、总体情况\n"
