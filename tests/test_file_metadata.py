"""A .docx's core properties and a PDF's document information reach Document.metadata (D603 names them
when the text carries no date); a missing or broken metadata part never makes the document unreadable."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from xxgk_lint.readers import read_path


def _docx(created=None, modified=None) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("某县人民政府办公室2023年政府信息公开工作年度报告")
    if created:
        d.core_properties.created = created
    if modified:
        d.core_properties.modified = modified
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _replace_part(data: bytes, name: str, content: bytes | None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == name:
                if content is not None:
                    dst.writestr(item, content)
                continue
            dst.writestr(item, src.read(item.filename))
    return out.getvalue()


def test_core_property_dates_are_read():
    data = _docx(dt.datetime(2024, 1, 18, 9, 30), dt.datetime(2024, 1, 25, 16, 0))
    doc = read_path("r.docx", data=data)
    assert doc.metadata["created"] == "2024-01-18T09:30:00Z"
    assert doc.metadata["modified"] == "2024-01-25T16:00:00Z"


def test_missing_or_broken_core_part_gives_no_metadata_and_still_reads():
    data = _docx(dt.datetime(2024, 1, 18))
    for content in (
        None,
        b"<not xml",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<cp:coreProperties xmlns:cp="x"><created>&e;</created></cp:coreProperties>',
    ):
        doc = read_path("r.docx", data=_replace_part(data, "docProps/core.xml", content))
        assert "年度报告" in doc.text
        assert "root:" not in "".join(doc.metadata.values())
        assert "created" not in doc.metadata


def test_d603_names_the_dates_of_the_word_properties():
    import docx

    from xxgk_lint.rules.common import example_report

    from conftest import lint

    d = docx.Document()
    for line in example_report("2021", dated=False).split("\n"):
        d.add_paragraph(line)
    d.core_properties.created = dt.datetime(2024, 1, 18, 9, 30)
    buf = io.BytesIO()
    d.save(buf)
    found = [x for x in lint(buf.getvalue(), "r.docx", select=["D603"]).diagnostics if x.code == "D603"]
    assert len(found) == 1
    assert "created=2024-01-18T09:30:00Z" in found[0].text("zh")
    assert "file metadata: created=2024-01-18" in found[0].text("en")


def test_pdf_document_information_dates():
    import pathlib

    from xxgk_lint.readers.pdf import _info_dates

    class _Pdf:
        def __init__(self, info):
            self.info = info

        def get_metadata_dict(self, skip_empty=True):
            if isinstance(self.info, Exception):
                raise self.info
            return self.info

    assert _info_dates(_Pdf({"CreationDate": "D:20240118093000+08'00'", "ModDate": "D:202401"})) == {
        "CreationDate": "2024-01-18T09:30:00"
    }
    assert _info_dates(_Pdf({"CreationDate": "garbage"})) == {}
    assert _info_dates(_Pdf(RuntimeError("pdfium"))) == {}
    fixture = pathlib.Path(__file__).parent / "fixtures" / "libreoffice_2019_clean.pdf"
    assert read_path(str(fixture)).metadata["CreationDate"].startswith("20")
