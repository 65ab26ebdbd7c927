"""``lines.text_lines``: the text reader's lines (speed, issue 12: ``str.split`` when there is no ``\\r``)
are the lines of :mod:`xxgk_lint.lines`, whichever path computes them."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk_lint.lines import line_starts, text_lines

_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n)?")


def by_regex(text: str) -> list[tuple[str, int]]:
    found = [(m.group(1), m.start()) for m in _LINE.finditer(text)]
    found.pop()
    return found


TEXTS = st.lists(st.sampled_from(["a", "表", " ", "\n", "\r", "\r\n", "\x0c", "\u2028", "\t"]), max_size=30).map(
    "".join
)


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_same_lines_on_both_paths(text):
    got = text_lines(text)
    assert got == by_regex(text)
    starts = line_starts(text)
    assert [s for _, s in got] == starts[: len(got)]  # the same line starts as every other user of lines
    for body, start in got:
        assert "\n" not in body and "\r" not in body and text.startswith(body, start)


def test_edges():
    assert text_lines("") == []
    assert text_lines("\n") == [("", 0)]
    assert text_lines("a\nb") == [("a", 0), ("b", 2)]
    assert text_lines("a\nb\n") == [("a", 0), ("b", 2)]
    assert text_lines("a\n\nb\n\n") == [("a", 0), ("", 2), ("b", 3), ("", 5)]
    assert text_lines("a\r\nb\rc\x0cd\u2028e") == [("a", 0), ("b", 3), ("c\x0cd\u2028e", 5)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "表", "|", "# ", "\n", "\r", "\r\n", "|---|", "\t"]), max_size=30).map("".join))
def test_the_text_reader_hands_its_line_starts_to_the_document(text):
    from xxgk_lint.readers import Limits
    from xxgk_lint.readers.text import read

    for name in ("report.txt", "report.md"):
        doc = read(name, text.encode("utf-8"), Limits())
        assert doc._line_starts is not None  # set by the reader, not computed again
        assert doc._line_starts == line_starts(doc.text)
