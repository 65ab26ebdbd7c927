"""The readers' work bounds are settings (issue 16): ``Limits`` fields and config keys under ``limits``, each
exceeded one an E001 naming the limit and its config key, the file under it read as before."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from xxgk_lint.config import LIMIT_KEYS, Resolver
from xxgk_lint.readers import Limits, ReaderError, read_path

from conftest import lint

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)
FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")


def _docx(body: str) -> bytes:
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("word/document.xml", xml.encode("utf-8"))
    return buf.getvalue()


def _docx_table(rows: int, cols: int) -> bytes:
    tr = "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>" for c in range(cols)) + "</w:tr>"
    return _docx("<w:p><w:r><w:t>表格</w:t></w:r></w:p><w:tbl>" + tr * rows + "</w:tbl>")


def _html_table(rows: int, cols: int) -> bytes:
    tr = "<tr>" + "<td>1</td>" * cols + "</tr>"
    return f"<html><body><p>正文</p><table>{tr * rows}</table></body></html>".encode()


def _refused(name: str, data: bytes, limits: Limits, key: str) -> ReaderError:
    with pytest.raises(ReaderError) as err:
        read_path(name, data=data, limits=limits)
    zh, en = err.value.detail["zh"], err.value.detail["en"]
    assert f"limits.{key}" in zh and f"limits.{key}" in en, (zh, en)
    return err.value


def _pdf() -> bytes:
    with open(os.path.join(FIXTURES, "synth_2021_clean.pdf"), "rb") as fh:
        return fh.read()


# (key, file name, data, a limit it is over, a limit it is under)
CASES = [
    ("max-table-cells", "t.html", _html_table(10, 5), 49, 50),
    ("max-table-cells", "t.docx", _docx_table(10, 5), 49, 50),
    ("max-table-columns", "t.html", _html_table(2, 30), 29, 30),
    ("max-table-columns", "t.docx", _docx_table(2, 30), 29, 30),
    ("max-html-elements", "t.html", _html_table(1, 10), 29, 30),  # "<" counted, closing tags too
    ("max-html-attributes", "t.html", b"<p " + b" ".join(b"a%d=1" % i for i in range(600)) + b">x</p>", 599, 600),
    ("max-html-text-nodes", "t.html", b"<html><body>" + b"<p>x</p>" * 40 + b"</body></html>", 39, 40),
    ("max-xml-elements", "t.docx", _docx_table(2, 2), 20, 40),
    (
        "max-xml-attributes",
        "t.docx",
        _docx('<w:p a="1" ' + " ".join(f'w:x{i}="1"' for i in range(600)) + "><w:r><w:t>x</w:t></w:r></w:p>"),
        599,
        602,
    ),
    ("max-pdf-page-objects", "t.pdf", _pdf(), 5, 100_000),
]


@pytest.mark.parametrize("key, name, data, over, under", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_limit_refuses_over_and_reads_under(key, name, data, over, under):
    attr = LIMIT_KEYS[key]
    e = _refused(name, data, Limits(**{attr: over}), key)
    assert e.reason == "too-large"
    doc = read_path(name, data=data, limits=Limits(**{attr: under}))
    assert doc.text


def test_exceeded_limit_is_e001_and_the_run_goes_on(tmp_path, run_cli):
    (tmp_path / "xxgk-lint.toml").write_text("[limits]\nmax-table-columns = 10\n", encoding="utf-8")
    (tmp_path / "wide.html").write_bytes(_html_table(2, 30))
    (tmp_path / "ok.html").write_bytes(_html_table(2, 3))
    r = run_cli("check", "--no-cache", str(tmp_path))
    assert r.exit_code == 1
    assert "wide.html" in r.output and "E001" in r.output and "limits.max-table-columns" in r.output
    assert "ok.html: E001" not in r.output and "ok.html: E002" in r.output  # the other file is checked
    r = run_cli("check", "--no-cache", "--lang", "en", str(tmp_path / "wide.html"))
    assert "over the limit of 10 (setting limits.max-table-columns)" in r.output


def test_config_keys_reach_the_limits(tmp_path, monkeypatch):
    text = "[limits]\n" + "\n".join(f"{k} = 7" for k in LIMIT_KEYS) + "\n"
    (tmp_path / "xxgk-lint.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    limits = Resolver().settings_for("r.txt").limits
    assert all(getattr(limits, attr) == 7 for attr in LIMIT_KEYS.values())


def test_html_padding_is_bounded_by_the_table():
    # an ordinary short row is padded to the table's width
    small = "<table><tr><td>甲</td><td>乙</td><td>丙</td></tr><tr><td>1</td></tr></table>"
    doc = read_path("s.html", data=small.encode())
    table = next(b for b in doc.blocks if hasattr(b, "rows"))
    assert [len(r) for r in table.rows] == [3, 3]
    # one wide row over many one-cell rows: the padding would be larger than the table, short rows stay short
    wide = "<table><tr>" + "<td>x</td>" * 50 + "</tr>" + "<tr><td>1</td></tr>" * 200 + "</table>"
    doc = read_path("w.html", data=wide.encode())
    table = next(b for b in doc.blocks if hasattr(b, "rows"))
    assert len(table.rows[0]) == 50 and {len(r) for r in table.rows[1:]} == {1}
    assert sum(len(r) for r in table.rows) == 250


def test_limits_are_in_the_lint_key():
    from xxgk_lint.settings import Settings

    assert Settings(limits=Limits(max_table_cells=5)).lint_key() != Settings().lint_key()
    assert Settings(limits=Limits(time_budget=5)).lint_key() == Settings().lint_key()  # never cached anyway


def test_defaults_do_not_refuse_real_sized_files():
    result = lint(_html_table(40, 12), "r.html")
    assert "E001" not in [d.code for d in result.diagnostics]
