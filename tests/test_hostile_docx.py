"""A .docx whose XML is huge is refused before lxml builds the tree (issue 16: 190 MB of XML took 173 s
and 6.9 GB)."""

from __future__ import annotations

import io
import zipfile

import pytest

from xxgk_lint.readers import Limits, ReaderError, read_path
from xxgk_lint.readers import docx as docx_reader

_CT = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(paragraphs: int) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>第{i}段</w:t></w:r></w:p>" for i in range(paragraphs))
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("word/document.xml", xml.encode("utf-8"))
    return buf.getvalue()


def test_element_count_is_bounded_before_parsing():
    with pytest.raises(ReaderError) as err:
        read_path("big.docx", data=_docx(400), limits=Limits(max_xml_elements=1000))  # 1,200 elements and more
    assert "XML" in str(err.value.args) and "limits.max-xml-elements" in str(err.value.args)


def test_under_the_bound_is_read():
    doc = read_path("small.docx", data=_docx(100), limits=Limits(max_xml_elements=1000))
    assert "第99段" in doc.text


def test_parse_xml_counts_elements_not_closing_tags():
    data = b'<?xml version="1.0"?><!-- c --><a>' + b"<b/>" * 10 + b"</a>"
    assert docx_reader._parse_xml(data, "x.xml", Limits(max_xml_elements=11)) is not None
    with pytest.raises(ReaderError):
        docx_reader._parse_xml(data, "x.xml", Limits(max_xml_elements=10))
