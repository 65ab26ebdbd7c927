"""Small fixed tests for what the fuzz tests found (each failed before its fix)."""

from __future__ import annotations

from xxgk_lint import lines, output
from xxgk_lint.document import Document, Span
from xxgk_lint.synth import SyntheticReport, render

from conftest import lint


def test_a_span_ending_with_a_line_break_ends_inside_its_line():
    for text in ("甲乙\n丙", "甲乙\r\n丙", "甲乙\r丙"):
        doc = Document("r.txt", "txt", text)
        loc = doc.locate(Span(0, text.index("丙")))
        assert (loc.line, loc.end_line, loc.end_column) == (1, 1, 3), (text, loc)


def _inside(result):
    text = result.document.source_text or result.document.text
    for d in result.diagnostics:
        loc = d.location
        if loc is not None:
            assert loc.end_column <= len(lines.line_text(text, loc.end_line)) + 1, (d.code, loc)
            assert loc.column <= len(lines.line_text(text, loc.line)) + 1, (d.code, loc)


def test_html_locations_stay_in_the_markup_line():
    rep = SyntheticReport(edition="2021", seed=2)
    html = render(rep, "html").replace("<td>规章</td><td>", "<td>规章</td><td>\r::x\t", 1)
    html = html.replace("</td><td>0</td>", "</td><td>\x00</td>", 1)
    _inside(lint(html.encode(), "r.html"))


def test_terminal_formats_escape_a_file_name():
    result = lint(b"\xff\xfe\x00", "a\x1b]0;owned\x07b.txt")
    for fmt in ("full", "concise"):
        out = output.render(fmt, [result], output.Context(files=1))
        assert "\x1b" not in out and "\x07" not in out and "a\\e]0;owned\\x07b.txt" in out
