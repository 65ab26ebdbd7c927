"""The .docx reader streams word/document.xml (issue 16): each body child is walked when it is complete and
then dropped, so memory follows the largest paragraph or table, not the whole tree.  The streamed walk must
give what the walk over the whole tree gives (the writer still uses that one), on every .docx at hand."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile

import pytest

from xxgk_lint.readers import Limits, ReaderError, read_path
from xxgk_lint.readers import docx as docx_reader
from xxgk_lint.synth import SyntheticReport

from conftest import ROOT, rendered

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_CT = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def _docx(body: str) -> bytes:
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}" xmlns:mc="{_MC}">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("word/document.xml", xml.encode("utf-8"))
    return buf.getvalue()


def _p(text: str, extra: str = "") -> str:
    return f"<w:p>{extra}<w:r><w:t>{text}</w:t></w:r></w:p>"


_HAND_MADE = {
    "content controls and custom XML around body paragraphs": _docx(
        _p("一、总体情况")
        + f"<w:sdt><w:sdtPr/><w:sdtContent>{_p('控件中的段落')}{_p('第二段')}</w:sdtContent></w:sdt>"
        + f"<w:customXml>{_p('自定义标记中的段落')}</w:customXml>"
        + f"<w:bookmarkStart w:id='0' w:name='a'/>{_p('书签后的段落')}<w:bookmarkEnd w:id='0'/>"
    ),
    "tables: merged cells, nested table, empty cells": _docx(
        _p("表格前")
        + "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val='2'/></w:tcPr>"
        + _p("合并")
        + "</w:tc><w:tc><w:tcPr><w:vMerge w:val='restart'/></w:tcPr>"
        + _p("纵向")
        + "</w:tc></w:tr><w:tr><w:tc>"
        + _p("1")
        + "</w:tc><w:tc><w:p/></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>"
        + "<w:tr><w:tc><w:tbl><w:tr><w:tc>"
        + _p("嵌套")
        + "</w:tc></w:tr></w:tbl><w:p/></w:tc><w:tc>"
        + _p("2")
        + "</w:tc><w:tc>"
        + _p("3")
        + "</w:tc></w:tr></w:tbl>"
        + _p("表格后")
    ),
    "alternate content, text boxes, deleted text, headings": _docx(
        _p("标题", "<w:pPr><w:outlineLvl w:val='0'/></w:pPr>")
        + "<w:p><w:r><w:t>甲</w:t></w:r><mc:AlternateContent><mc:Choice><w:r><w:t>选</w:t></w:r></mc:Choice>"
        + "<mc:Fallback><w:r><w:t>备</w:t></w:r></mc:Fallback></mc:AlternateContent>"
        + "<w:del><w:r><w:t>删</w:t></w:r></w:del><w:r><w:tab/><w:t>乙</w:t><w:br/></w:r></w:p>"
        + "<w:p/>" * 3
        + "<w:sectPr/>"
    ),
}


# the generated reports are rendered when their test runs (conftest's session cache), not at collection
_SYNTH = {f"synth {edition}/{seed}": (edition, seed) for edition in ("2019", "2021") for seed in (0, 3)}


def _data(name: str) -> bytes:
    if name in _SYNTH:
        edition, seed = _SYNTH[name]
        return rendered(SyntheticReport(edition=edition, seed=seed), "docx")
    return CASES[name]


def _on_disk() -> dict[str, bytes]:
    out = {}
    for folder in (ROOT / "tests", ROOT.parent / "shared"):
        if not folder.is_dir():
            continue
        for dirpath, _dirs, files in os.walk(folder):
            for name in files:
                if name.lower().endswith(".docx"):
                    with open(os.path.join(dirpath, name), "rb") as fh:
                        out[name] = fh.read()
    return out


def _state(b) -> tuple:
    return ("".join(b.parts), repr(b.blocks), repr(b.segments), repr(b.generated), b.paragraph_no, b.table_no)


CASES = {**_HAND_MADE, **_on_disk()}
NAMES = sorted({*CASES, *_SYNTH})


@pytest.mark.parametrize("name", NAMES)
def test_streamed_walk_is_the_tree_walk(name):
    data, limits = _data(name), Limits()
    try:
        zf, root, headings, part = docx_reader.load(data, limits)
    except ReaderError:  # a hostile file (tests/hostile): the streaming reader refuses it too
        with pytest.raises(ReaderError):
            read_path(name if name.endswith(".docx") else name + ".docx", limits, data=data)
        return
    tree = docx_reader.walk(root, headings, limits)
    zf = docx_reader.open_package(data, limits)
    streamed = docx_reader._stream_walk(zf, part, docx_reader._style_info(zf, limits, part), limits)
    assert _state(streamed) == _state(tree)
    assert not streamed.pieces and not streamed.empty_cells  # the reader keeps no element


def test_cases_include_real_and_generated_files():
    assert len(NAMES) >= len(_HAND_MADE) + 4 and len(NAMES) == len(CASES) + len(_SYNTH)
    assert all(_data(name)[:2] == b"PK" for name in _SYNTH)  # each a real zip package


def test_broken_streams_are_clear_errors():
    with pytest.raises(ReaderError) as err:
        read_path("x.docx", data=_docx(_p("正文") + "<w:p><w:r>"))  # not well-formed
    assert err.value.reason == "corrupt"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("word/document.xml", f'<w:document xmlns:w="{_W}"><w:x/></w:document>')
    with pytest.raises(ReaderError) as err:
        read_path("x.docx", data=buf.getvalue())
    assert "w:body" in err.value.detail["en"]


def test_limits_are_checked_on_the_stream_across_chunks(monkeypatch):
    monkeypatch.setattr(docx_reader, "_CHUNK", 64)  # every tag crosses a chunk boundary somewhere
    attrs = " ".join(f'w:a{i}="1"' for i in range(300))
    data = _docx(_p("正文") * 50 + f"<w:p {attrs}/>")
    with pytest.raises(ReaderError) as err:
        read_path("x.docx", data=data, limits=Limits(max_xml_attributes=200))
    assert "limits.max-xml-attributes" in err.value.detail["en"]
    assert read_path("x.docx", data=data, limits=Limits(max_xml_attributes=400)).text.startswith("正文")
    with pytest.raises(ReaderError) as err:
        read_path("x.docx", data=data, limits=Limits(max_xml_elements=150))
    assert "limits.max-xml-elements" in err.value.detail["en"]
    assert read_path("x.docx", data=data, limits=Limits(max_xml_elements=300)).text


_PEAK = """
import sys
from xxgk_lint.readers import Limits, read_path
def hwm():
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
print(hwm())
read_path(sys.argv[1], Limits(max_file_size=1 << 30, max_docx_uncompressed=1 << 30))
print(hwm())
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs /proc (VmHWM)")
def test_memory_follows_the_text_not_the_tree(tmp_path):
    """Measured, not timed: the peak RSS a read adds for 8 MB of XML (bench/memory.py writes the file).
    The tree took about 13 bytes per byte of XML (about 105 MB here); streamed, what stays is the document's
    text, blocks and positions (about 1.5 bytes per byte of XML: about 17 MB here, with the modules the read
    imports).  The bound, 36 MB, is 4.5 bytes per byte of XML (the 24 MB file of bench/memory.py, 100 MB
    before)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_memory", ROOT / "bench" / "memory.py")
    memory = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(memory)
    path = tmp_path / "big.docx"
    path.write_bytes(memory.make_docx(8_000_000))
    out = subprocess.run([sys.executable, "-c", _PEAK, str(path)], capture_output=True, text=True, check=True)
    before, after = (int(x) for x in out.stdout.split())
    grown_mb = (after - before) / 1024
    assert grown_mb < 36, grown_mb
