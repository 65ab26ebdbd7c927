"""Lines of a text, the one definition everything uses: a line ends at ``\\r\\n``, ``\\r`` or ``\\n`` and
nowhere else (not at a form feed, U+2028 or the other breaks ``str.splitlines`` knows), so line numbers
of diagnostics, source excerpts and suppression comments always agree.  Lines are 1-based; columns count
code points, 1-based."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, count
from operator import add

_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """The offset where each line starts (the first is 0)."""
    if "\r" not in text:  # "\n" breaks only: summing the lengths of the pieces is twice as fast as the regex
        return list(map(add, accumulate(map(len, text.split("\n")), initial=0), count()))[:-1]
    return [0, *(m.end() for m in _BREAK.finditer(text))]


_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n)?")  # a line (group 1) and its ending


def text_lines(text: str) -> list[tuple[str, int]]:
    """(text without its ending, start offset) of every line; the empty rest after a final line break
    is no line (``"a\nb\n"`` has two lines, ``""`` none)."""
    if "\r" not in text:  # "\n" breaks only: the pieces of str.split and their lengths (faster than the regex)
        bodies = text.split("\n")
        if not bodies[-1]:
            bodies.pop()
        # start of line k: the lengths of the lines before it, plus k line breaks
        return list(zip(bodies, map(add, accumulate(map(len, bodies), initial=0), count()), strict=False))
    found = [(m.group(1), m.start()) for m in _LINE.finditer(text)]
    found.pop()  # the last match is the empty one at the end of the text
    return found


def line_col(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, given the text's :func:`line_starts`."""
    i = bisect_right(starts, offset) - 1
    return i + 1, offset - starts[i] + 1


def line_text(text: str, line: int, starts: list[int] | None = None) -> str:
    """The text of a 1-based line without its line ending ("" outside the text)."""
    starts = starts if starts is not None else line_starts(text)
    if line < 1 or line > len(starts):
        return ""
    start = starts[line - 1]
    end = starts[line] if line < len(starts) else len(text)
    return text[start:end].rstrip("\r\n")


def split(text: str) -> list[str]:
    """The lines of ``text`` with their line endings (``str.splitlines(keepends=True)``, but breaking
    only where :func:`line_starts` does)."""
    starts = line_starts(text)
    out = [text[a:b] for a, b in zip(starts, starts[1:], strict=False)]
    if starts[-1] < len(text):
        out.append(text[starts[-1] :])
    return out
