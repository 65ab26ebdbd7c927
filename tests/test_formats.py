"""The format registry (xxgk_lint.formats) is the one list of input formats: readers, writers, comment
syntax and the extension list the CLI shows all come from it."""

from __future__ import annotations

import subprocess
import sys
from importlib import import_module

import pytest

from xxgk_lint import formats, suppress


def test_every_descriptor_names_modules_that_exist():
    for f in formats.FORMATS:
        assert callable(import_module(f"xxgk_lint.readers.{f.reader}").read), f.name
        if f.writer is not None:
            assert callable(import_module(f"xxgk_lint.writers.{f.writer}").apply), f.name


def test_extensions_belong_to_one_format_each():
    seen = [ext for f in formats.FORMATS for ext in f.extensions]
    assert len(seen) == len(set(seen))
    assert all(ext.startswith(".") and ext == ext.lower() for ext in seen)


@pytest.mark.parametrize(
    "path, name",
    [
        ("a.TXT", "txt"),
        ("b.markdown", "md"),
        ("c.htm", "html"),
        ("d.docx", "docx"),
        ("e.pdf", "pdf"),
        ("old.doc", "doc"),
    ],
)
def test_lookup_by_path(path, name):
    assert formats.for_path(path).name == name
    assert formats.supported(path)
    assert formats.name_for_path(path) == name


def test_unknown_extension():
    assert formats.for_path("sheet.xlsx") is None and not formats.supported("sheet.xlsx")
    assert formats.name_for_path("sheet.xlsx") == "xlsx"


def test_writable_and_commented_formats():
    assert {f.name for f in formats.FORMATS if f.writable} == {"txt", "md", "docx"}
    assert {f.name for f in formats.FORMATS if f.comment} == {"txt", "md", "html"}
    assert formats.advertised_extensions() == [".txt", ".md", ".html", ".docx", ".pdf"]


def test_a_comment_syntax_is_read_from_the_descriptor():
    src = "一、总体情况\n/* xxgk-lint: disable-next-line=S101 */\n二、主动公开政府信息情况\n"
    assert suppress.parse(src) == []  # not an HTML comment
    (d,) = suppress.parse(src, ("/*", "*/"))
    assert d.kind == "disable-next-line" and d.selectors == ["S101"] and d.line == 2
    assert (
        suppress.rewrite(suppress.parse("/* xxgk-lint: disable=S101,S102 */", ("/*", "*/"))[0], ["S101"])
        == "/* xxgk-lint: disable=S102 */"
    )


def test_readers_do_not_import_the_fix_engine_or_writers():
    code = (
        "import sys, xxgk_lint.readers.docx, xxgk_lint.readers.text, xxgk_lint.readers.html; "
        "print(sorted(m for m in sys.modules if m.startswith(('xxgk_lint.fix', 'xxgk_lint.writers'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
