"""The hostile corpus: one file (or special file) per case of issue 16, each with its expected outcome in
``expected.toml`` (tests/hostile/test_hostile_corpus.py runs them all).

Small cases are committed under ``tests/hostile/files/`` (regenerate them with
``python tests/hostile/generate.py --write-small``); large and special ones (a zip bomb, a 20 MB line,
49,000 PDF rulings, a FIFO, symlink loops, a name that is not UTF-8 …) are built by :func:`build` into a
temporary directory at test time and never committed.

Every text is synthetic (written for this corpus or drawn by :mod:`xxgk_lint.synth`)."""

from __future__ import annotations

import io
import os
import pathlib
import shutil
import sys
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
FILES = HERE / "files"
FIXTURES = HERE.parent / "fixtures"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# -- helpers --------------------------------------------------------------------------------------------
def report(edition: str = "2021", **kw) -> str:
    from xxgk_lint.synth import SyntheticReport, render

    out = render(SyntheticReport(edition=edition, **kw), "txt")
    assert isinstance(out, str)
    return out


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


_CT = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _docx(document_xml: bytes) -> bytes:
    return _zip({"[Content_Types].xml": _CT, "word/document.xml": document_xml})


def _doc_xml(body: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document xmlns:w="{W_NS}"><w:body>{body}'
        "</w:body></w:document>"
    ).encode()


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _laughs_dtd(root: str) -> str:
    ents = '<!ENTITY a "' + "哈" * 100 + '">'
    prev = "a"
    for i in range(9):
        ents += f'<!ENTITY e{i} "' + f"&{prev};" * 10 + '">'
        prev = f"e{i}"
    return f"<!DOCTYPE {root} [{ents}]>"


def _pdf(content: bytes, extra_trailer: bytes = b"", prev_loop: bool = False, font: bool = False) -> bytes:
    """A one-page PDF drawing ``content`` (a content stream) with a correct cross-reference table;
    ``prev_loop``: the trailer's /Prev points at its own xref, a loop for a naive reader."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << %s>> >>"
        % (b"/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> " if font else b""),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    prev = b" /Prev %d" % xref if prev_loop else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        prev,
        extra_trailer,
        xref,
    )
    return bytes(out)


# -- the small committed cases ------------------------------------------------------------------------------
def small_cases() -> dict[str, bytes]:
    base = report("2021", seed=3)
    gbk_ok = report("2019", seed=4)
    cases: dict[str, bytes] = {}
    # encodings
    cases["enc/gbk.txt"] = gbk_ok.encode("gbk")
    cases["enc/gb18030.txt"] = base.encode("gb18030")
    cases["enc/utf-8-bom.txt"] = base.encode("utf-8-sig")
    cases["enc/utf-16le-bom.txt"] = base.encode("utf-16")
    cases["enc/utf-16be-no-bom.txt"] = base.encode("utf-16-be")
    cases["enc/big5.txt"] = "某縣政府資訊公開年度報告\n一、總體情況\n".encode("big5")
    cases["enc/invalid-utf8-bytes.txt"] = (
        base.encode("utf-8")[:300] + b"\xff\xfe\xc3\x28\xed\xa0\x80" + base.encode()[300:]
    )
    cases["enc/mixed-gbk-and-utf8.txt"] = base[:200].encode("utf-8") + base[200:].encode("gbk")
    cases["enc/lone-surrogate-utf8.txt"] = base.encode("utf-8")[:120] + b"\xed\xb2\x80" + base.encode()[120:]
    cases["enc/latin1-junk.txt"] = bytes(range(0x80, 0x100)) * 20
    cases["enc/cr-only.txt"] = base.replace("\n", "\r").encode()
    cases["enc/crlf.txt"] = base.replace("\n", "\r\n").encode()
    cases["enc/u2028.txt"] = base.replace("\n", "\u2028").encode()
    cases["enc/mixed-endings.txt"] = "".join(
        line + ("\r\n", "\n", "\r")[i % 3] for i, line in enumerate(base.split("\n"))
    ).encode()
    cases["enc/empty.txt"] = b""
    cases["enc/only-bom.txt"] = b"\xef\xbb\xbf"
    cases["enc/gbk-html-no-charset.html"] = (
        "<html><body><p>某县政府信息公开工作年度报告</p><p>一、总体情况</p></body></html>".encode("gbk")
    )
    # NUL and control characters in content
    cases["nul/nul-bytes.txt"] = base[:400].encode() + b"\x00" * 64 + base[400:].encode()
    cases["nul/nul-everywhere.txt"] = b"\x00".join(ch.encode() for ch in base[:2000])
    cases["ctl/esc-osc-in-content.txt"] = (base[:300] + "\x1b]0;owned\x07\x1b[2J\x1b[31m" + base[300:]).encode()
    cases["ctl/forged-workflow-commands.txt"] = (
        base[:300]
        + "\n::error file=forged.txt,line=1::forged\x1b[31m\n::stop-commands::tok\n%0A::warning::x\n"
        + base[300:]
    ).encode()
    # .docx
    cases["docx/not-a-zip.docx"] = b"plain text renamed to .docx\n"
    cases["docx/empty.docx"] = b""
    cases["docx/ole-doc.docx"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000
    cases["docx/no-document-part.docx"] = _zip({"[Content_Types].xml": _CT, "xl/workbook.xml": b"<workbook/>"})
    cases["docx/bad-xml.docx"] = _docx(b"<w:document><w:body><w:p>")
    cases["docx/billion-laughs.docx"] = _docx(
        _doc_xml(_p("某县政府信息公开工作年度报告") + _p("&e8;"), _laughs_dtd("w:document"))
    )
    cases["docx/xxe-file.docx"] = _docx(
        _doc_xml(_p("&xxe;") + _p("一、总体情况"), '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    )
    cases["docx/xxe-parameter.docx"] = _docx(
        _doc_xml(_p("一、总体情况"), '<!DOCTYPE w:document [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>')
    )
    cases["docx/forged-commands-in-cell.docx"] = _docx(
        _doc_xml(
            _p("某县政府信息公开工作年度报告") + _p("一、总体情况\n::error file=forged.txt::forged%0A::warning::x")
        )
    )
    # .html
    cases["html/billion-laughs.html"] = (
        '<?xml version="1.0"?>' + _laughs_dtd("html") + "<html><body><p>&e8;</p></body></html>"
    ).encode()
    cases["html/xxe.html"] = (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<html><body><p>&xxe;</p><p>一、总体情况</p></body></html>"
    ).encode()
    cases["html/huge-colspan.html"] = (
        "<table><tr>" + '<td rowspan="1000" colspan="1000">1</td>' * 400 + "</tr></table>"
    ).encode()
    cases["html/unclosed.html"] = b"<html><body><table><tr><td>1<td>2<tr><td><p><table"
    cases["html/esc-in-title.html"] = (
        "<html><head><title>\x1b]0;owned\x07</title></head><body><p>一、总体情况\x1b[2J</p></body></html>".encode()
    )
    # .pdf
    cases["pdf/encrypted.pdf"] = (FIXTURES / "hostile_encrypted.pdf").read_bytes()
    cases["pdf/image-only.pdf"] = (FIXTURES / "hostile_image_only.pdf").read_bytes()
    cases["pdf/truncated.pdf"] = (FIXTURES / "synth_2021_clean.pdf").read_bytes()[:3000]
    cases["pdf/looping-xref.pdf"] = _pdf(b"0 0 m 100 100 l S", prev_loop=True)
    cases["pdf/not-a-pdf.pdf"] = b"not a pdf at all\n"
    cases["pdf/header-only.pdf"] = b"%PDF-1.7\n"
    cases["pdf/nul-body.pdf"] = b"%PDF-1.4\n" + b"\x00" * 5000
    # markdown
    cases["md/heading-spaces.md"] = ("#" + " " * 3000 + "x\n").encode()
    cases["md/table-separator-spaces.md"] = ("|" + " " * 5000 + "-x\n").encode()
    return cases


def write_small() -> None:
    if FILES.exists():
        shutil.rmtree(FILES)
    for rel, data in small_cases().items():
        path = FILES / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


# -- large and special cases, built at test time ------------------------------------------------------------
def _bomb(size: int) -> bytes:
    return _docx(_doc_xml("<w:p/>" * (size // 6 + 1)))


def build(name: str, root: pathlib.Path) -> pathlib.Path:
    """Build the generated case ``name`` under ``root``; return the path to check."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    base = report("2021", seed=5)
    if name == "gen/zip-bomb.docx":
        path.write_bytes(_bomb(6_000_000))
    elif name == "gen/20mb-line.txt":
        path.write_bytes((base + "\n" + "数" * (20 * 1024 * 1024 // 3)).encode())
    elif name == "gen/over-size-limit.txt":
        path.write_bytes(b"a" * (50 * 1024 * 1024 + 10))
    elif name == "gen/8000-suppressions.txt":
        lines = base.split("\n")
        extra = [f"<!-- xxgk-lint: disable-next-line S107 -->{i}" for i in range(8000)]
        path.write_text("\n".join(lines[:5] + extra + lines[5:]), encoding="utf-8")
    elif name == "gen/49000-rulings.pdf":
        # 49,000 rulings under 600 text fragments: ruling look-ups must not cost fragments x rulings
        content = b"".join(b"%d 100 m %d 700 l S\n" % (x % 500 + 40, x % 500 + 40) for x in range(49_000))
        text = b"".join(
            b"BT /F1 8 Tf %d %d Td (%d) Tj ET\n" % (50 + (k % 20) * 25, 110 + (k // 20) * 19, k) for k in range(600)
        )
        path.write_bytes(_pdf(b"0.1 w\n" + content + text, font=True))
    elif name == "gen/200000-attributes.html":
        attrs = " ".join(f"a{i}=x" for i in range(200_000))
        path.write_bytes(f"<html><body><p {attrs}>一、总体情况</p></body></html>".encode())
    elif name == "gen/50000-entities.html":
        path.write_bytes(("<html><body>" + "<p>&#19968;</p>" * 50_000 + "</body></html>").encode())
    elif name == "gen/deep-tables.html":
        path.write_bytes(
            ("<html><body>" + "<table><tr><td>" * 5000 + "x" + "</td></tr></table>" * 5000 + "</body></html>").encode()
        )
    elif name == "gen/fifo.txt":
        os.mkfifo(path)
    elif name == "gen/fifo-in-dir":
        path.mkdir()
        os.mkfifo(path / "pipe.txt")
        (path / "ok.txt").write_text(base, encoding="utf-8")
    elif name == "gen/dev-zero.txt":
        os.symlink("/dev/zero", path)
    elif name == "gen/dev-urandom.txt":
        os.symlink("/dev/urandom", path)
    elif name == "gen/symlink-loop.txt":
        os.symlink(path.name, path)
    elif name == "gen/symlink-loop-dir":
        path.mkdir()
        os.symlink("..", path / "up")
        os.symlink("loop", path / "loop")
        (path / "ok.txt").write_text(base, encoding="utf-8")
    elif name == "gen/non-utf8-name":
        path.mkdir()
        raw = os.path.join(os.fsencode(path), "报告".encode("gbk") + b".txt")
        with open(raw, "wb") as fh:
            fh.write(base.encode())
    elif name == "gen/esc-in-name":
        path.mkdir()
        (path / "a\x1b]0;owned\x07\x1b[2Jb.txt").write_text(base[:200] + "\x1b[31m" + base[200:], encoding="utf-8")
    elif name == "gen/newline-in-name":
        path.mkdir()
        (path / "a\n::error file=forged.txt::forged.txt").write_text(
            base[:200] + "\x1b[31m" + base[200:], encoding="utf-8"
        )
    elif name == "gen/deep-baseline":
        path.mkdir()
        (path / "ok.txt").write_text(base, encoding="utf-8")
        (path / "baseline.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    elif name == "gen/deep-config":
        path.mkdir()
        (path / "ok.txt").write_text(base, encoding="utf-8")
        (path / "xxgk-lint.toml").write_text("x = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    elif name == "gen/deep-cache-entry":
        path.mkdir()
        (path / "ok.txt").write_text(base, encoding="utf-8")
    elif name == "gen/read-only-fix.txt":
        path.write_text(base.replace("（三）不予公开", "（三）不子公开", 1), encoding="utf-8")
        path.chmod(0o444)
    elif name == "gen/fix-damaged-part.docx":
        # a part the reader never opens is damaged (its local header's magic): reading works, fixing must not crash
        from xxgk_lint.synth import SyntheticReport, render

        rep = SyntheticReport(edition="2021", seed=6).set("t3", "carried", "natural", "")
        data = bytearray(render(rep, "docx"))  # type: ignore[arg-type]
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
            offset = z.getinfo("docProps/app.xml").header_offset
        data[offset : offset + 4] = b"PK\x00\x00"
        path.write_bytes(bytes(data))
    elif name == "gen/unreadable-dir":
        path.mkdir()
        (path / "ok.txt").write_text(base, encoding="utf-8")
        path.chmod(0)
    else:
        raise KeyError(name)
    return path


if __name__ == "__main__":
    if sys.argv[1:] == ["--write-small"]:
        write_small()
        print(f"wrote {len(small_cases())} files under {FILES}")
    else:
        print(__doc__)
