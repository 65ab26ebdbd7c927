"""Hostile and broken inputs: each is a clear E001 (or is read correctly), never a traceback; the CLI
exits with 1 (an E001 is an error finding), never 2 (an internal error)."""

from __future__ import annotations

import io
import pathlib
import zipfile

import pytest

from xxgk_lint.readers import Limits, ReaderError, read_path
from xxgk_lint.synth import SyntheticReport, render

from conftest import lint, rendered

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def _doc_xml(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def _bomb(size: int) -> bytes:
    body = "<w:p/>" * (size // 6 + 1)  # a well-formed document.xml that is only very big
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": _doc_xml(body)})


def _reason(data: bytes, name: str, limits: Limits | None = None) -> ReaderError:
    with pytest.raises(ReaderError) as err:
        read_path(name, data=data, limits=limits)
    e = err.value
    assert e.detail["zh"] and e.detail["en"] and e.detail["zh"] != e.detail["en"]
    return e


def _e001(data: bytes, name: str, **settings):
    result = lint(data, name, **settings)
    codes = [d.code for d in result.diagnostics]
    assert codes == ["E001"], codes
    assert not result.internal_errors
    return result.diagnostics[0]


# -- .docx ----------------------------------------------------------------------------------------
def test_docx_over_the_uncompressed_limit():
    data = _bomb(2_000_000)
    assert len(data) < 100_000
    e = _reason(data, "b.docx", Limits(max_docx_uncompressed=1_000_000))
    assert e.reason == "too-large" and "max-docx-uncompressed" in e.detail["en"]


def test_docx_zip_bomb_ratio():
    data = _bomb(6_000_000)  # under the default size limit, but an absurd compression ratio
    assert _reason(data, "b.docx").reason == "zip-bomb"


def test_docx_bomb_through_the_linter_and_cli(tmp_path, run_cli):
    path = tmp_path / "bomb.docx"
    path.write_bytes(_bomb(6_000_000))
    d = _e001(path.read_bytes(), str(path))
    assert "压缩炸弹" in d.message["zh"]
    result = run_cli("check", path)
    assert result.exit_code == 1, result.output


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("not-a-zip", b"Hello, this is plain text renamed to .docx", "corrupt"),
        ("empty", b"", "corrupt"),
        ("ole", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000, "not-docx"),
        ("no-document", _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), "corrupt"),
        ("bad-xml", _zip({"word/document.xml": b"<w:document><w:body><w:p>"}), "corrupt"),
    ],
)
def test_broken_docx(name, data, reason):
    assert _reason(data, f"{name}.docx").reason == reason


def test_truncated_docx():
    data = rendered(SyntheticReport(), "docx")
    for cut in (len(data) // 2, len(data) - 30, 200):
        e = _reason(data[:cut], "t.docx")
        assert e.reason == "corrupt" and ("截断" in e.detail["zh"] or "损坏" in e.detail["zh"])


def test_docx_entity_expansion_is_not_performed():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "'
        + b"x" * 1000
        + b'">'
        + b"".join(
            b'<!ENTITY %s "%s">' % (f"e{i}".encode(), (b"&" + (f"e{i - 1}" if i else "a").encode() + b";") * 10)
            for i in range(8)
        )
        + b']><w:document xmlns:w="'
        + W_NS.encode()
        + b'"><w:body><w:p><w:r><w:t>&e7;</w:t></w:r></w:p></w:body></w:document>'
    )
    data = _zip({"word/document.xml": laughs})
    try:
        doc = read_path("l.docx", data=data)
    except ReaderError:
        return
    assert len(doc.text) < 10_000


# -- .pdf -----------------------------------------------------------------------------------------
def test_encrypted_pdf():
    e = _reason((FIXTURES / "hostile_encrypted.pdf").read_bytes(), "e.pdf")
    assert e.reason == "encrypted" and "PDF 已加密" in e.detail["zh"] and "encrypted" in e.detail["en"]


def test_image_only_pdf():
    e = _reason((FIXTURES / "hostile_image_only.pdf").read_bytes(), "s.pdf")
    assert e.reason == "scanned" and "扫描件，没有可提取的文字" in e.detail["zh"]


@pytest.mark.parametrize("frac", [0.1, 0.5, 0.9, 0.99])
def test_truncated_pdf_never_crashes(frac):
    data = (FIXTURES / "synth_2021_clean.pdf").read_bytes()
    cut = data[: int(len(data) * frac)]
    # a cut PDF loses its cross-reference table: pdfium refuses it, so it is one clear E001, never a crash
    assert _reason(cut, "t.pdf").reason == "corrupt"
    d = _e001(cut, "t.pdf")
    assert "PDF" in d.text("en") and d.location is None


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\n", b"not a pdf at all", b"%PDF-1.4\n" + b"\x00" * 5000])
def test_broken_pdf(data):
    _e001(data, "b.pdf")


# -- .html ----------------------------------------------------------------------------------------
def test_deeply_nested_tables():
    html = "<html><body>" + "<table><tr><td>" * 5000 + "x" + "</td></tr></table>" * 5000 + "</body></html>"
    d = _e001(html.encode(), "n.html")
    assert "嵌套过深" in d.message["zh"] and "nested too deeply" in d.message["en"]


def test_deep_divs_within_the_parser_limit_are_flattened():
    html = "<html><body>" + "<div>" * 240 + "<p>一、总体情况</p>" + "</div>" * 240 + "</body></html>"
    doc = read_path("d.html", data=html.encode(), limits=Limits(max_html_depth=100))
    assert "一、总体情况" in doc.text


def test_gbk_report_without_meta_charset_reads_clean():
    html = render(SyntheticReport(edition="2021", seed=2), "html").replace('<meta charset="utf-8">', "")
    assert lint(html.encode("gbk"), "g.html").diagnostics == []


def test_meta_charset_that_lies_reads_clean():
    html = render(SyntheticReport(edition="2019", seed=2), "html").replace(
        '<meta charset="utf-8">', '<meta charset="gb2312">'
    )
    assert lint(html.encode("utf-8"), "l.html").diagnostics == []
    html = html.replace('<meta charset="gb2312">', '<meta charset="utf-8">')
    assert lint(html.encode("gb18030"), "l.html").diagnostics == []


@pytest.mark.parametrize("data", [b"", b"   ", b"\xff\xfe\x00", b"<html", b"<<<>>>&&&", b"\x00\x01\x02binary"])
def test_odd_html_never_crashes(data):
    result = lint(data, "o.html")
    assert not result.internal_errors
    assert all(d.code in ("E001", "E002") for d in result.diagnostics)


# -- the CLI --------------------------------------------------------------------------------------
def test_cli_exit_code_is_1_for_unreadable_files(tmp_path, run_cli):
    files = {
        "enc.pdf": (FIXTURES / "hostile_encrypted.pdf").read_bytes(),
        "scan.pdf": (FIXTURES / "hostile_image_only.pdf").read_bytes(),
        "cut.pdf": (FIXTURES / "synth_2021_clean.pdf").read_bytes()[:2000],
        "cut.docx": rendered(SyntheticReport(), "docx")[:3000],
        "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
        "deep.html": ("<table><tr><td>" * 3000).encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        result = run_cli("check", tmp_path / name)
        assert result.exit_code == 1, (name, result.output)
        assert "E001" in result.output, name


def test_html_table_with_absurd_spans():
    cells = '<td rowspan="1000" colspan="1000">x</td>' * 400
    d = _e001(f"<table><tr>{cells}</tr></table>".encode(), "s.html")
    assert "单元格" in d.message["zh"]
