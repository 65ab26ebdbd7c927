"""Plain text (.txt) and markdown (.md) reader.

* Encoding: a BOM wins (UTF-8, UTF-16 LE/BE, UTF-32); otherwise strict UTF-8, then GB18030 (which
  covers GBK and GB2312 files: GB2312 is always read as GB18030, its superset).  Anything else is
  an E001 with the reason.
* ``Document.text`` is the decoded file with its line endings untouched (CRLF, CR or LF), so offsets
  map to the file and fixes keep the line endings.
* Blocks: one :class:`Paragraph` per physical line, blank lines included (the table layout of some
  reports marks empty cells with extra blank lines).  Markdown headings keep their level and their
  text without the ``#`` marks; markdown pipe tables become :class:`RawTable` blocks.
"""

from __future__ import annotations

import codecs
import re
from operator import itemgetter

from xxgk_lint.document import Cell, Document, Paragraph, RawTable, Span
from xxgk_lint.lines import text_lines
from xxgk_lint.readers import Limits, ReaderError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Both markdown patterns are matched in two linear steps (a regex for the opening, string methods for
# the rest): the one-regex forms backtracked cubically / quadratically on runs of spaces (issue 16).
_MD_HEADING_OPEN = re.compile(r"(\s{0,3})(#{1,6})[ \t]+")
_MD_SEP_CELL = re.compile(r":?-{2,}:?")


class _Heading:
    """What the heading match gives the reader: the level and the text with its offset in the line."""

    __slots__ = ("level", "text", "start")

    def __init__(self, level: int, text: str, start: int):
        self.level, self.text, self.start = level, text, start


def _md_heading(line: str) -> _Heading | None:
    """An ATX heading ``## 标题 ##``: up to three spaces, 1-6 ``#``, blanks, the text, optional closing ``#``."""
    m = _MD_HEADING_OPEN.match(line)
    if m is None:
        return None
    rest = line[m.end() :]
    text = rest.rstrip(" \t").rstrip("#").rstrip(" \t")
    return _Heading(len(m.group(2)), text, m.end())


def _md_table_sep(line: str) -> bool:
    """A pipe-table separator row ``| --- | :--: |``: cells of two or more dashes with optional colons."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    cells = s.split("|")
    return all(_MD_SEP_CELL.fullmatch(c.strip()) for c in cells)


def decode(data: bytes) -> tuple[str, str, bool]:
    """Return (text, encoding, had_bom)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc, True
            except UnicodeDecodeError as exc:
                raise ReaderError(
                    "encoding",
                    f"文件以 {enc} 的 BOM 开头，但内容无法按 {enc} 解码（第 {exc.start} 字节）",
                    f"the file starts with a {enc} BOM but does not decode as {enc} (byte {exc.start})",
                ) from None
    if b"\x00" in data[:4096]:
        raise ReaderError(
            "binary",
            "文件含有 NUL 字节，似乎是二进制文件或无 BOM 的 UTF-16 文本；请另存为 UTF-8",
            "the file contains NUL bytes: a binary file or UTF-16 without a BOM; save it as UTF-8",
        )
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030", False
    except UnicodeDecodeError as exc:
        raise ReaderError(
            "encoding",
            f"无法识别文件编码：既不是 UTF-8 也不是 GBK/GB18030（第 {exc.start} 字节）",
            f"unknown encoding: neither UTF-8 nor GBK/GB18030 (byte {exc.start})",
        ) from None


def _newline_style(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    best = max((crlf, "\r\n"), (lf, "\n"), (cr, "\r"))
    return best[1] if best[0] else "\n"


def _split_pipe_row(text: str, base: int) -> list[tuple[str, int, int]]:
    """Cells of a markdown pipe-table row as (text, start, end) with absolute offsets."""
    s = text
    start = 0
    end = len(s)
    while start < end and s[start] in " \t":
        start += 1
    if start < end and s[start] == "|":
        start += 1
    while end > start and s[end - 1] in " \t":
        end -= 1
    if end > start and s[end - 1] == "|" and (end < 2 or s[end - 2] != "\\"):
        end -= 1
    cells = []
    i = cell_start = start
    while i <= end:
        if i == end or (s[i] == "|" and (i == 0 or s[i - 1] != "\\")):
            raw = s[cell_start:i]
            lead = len(raw) - len(raw.lstrip())
            stripped = raw.strip()
            a = base + cell_start + lead
            cells.append((stripped.replace("\\|", "|"), a, a + len(stripped)))
            cell_start = i + 1
        i += 1
    return cells


def read(path: str, data: bytes, limits: Limits) -> Document:
    text, encoding, bom = decode(data)
    is_md = path.lower().endswith((".md", ".markdown"))
    blocks: list = []
    lines = text_lines(text)  # (line text, start offset)
    if not is_md:  # plain text: one paragraph per line
        blocks = [Paragraph(body, Span(start, start + len(body))) for body, start in lines]

    i = 0
    n = len(lines) if is_md else 0
    while i < n:
        body, start = lines[i]
        if is_md and "|" in body and i + 1 < n and _md_table_sep(lines[i + 1][0]):
            rows: list[list[Cell]] = []
            j = i
            while j < n and "|" in lines[j][0] and lines[j][0].strip():
                if j != i + 1:  # skip the separator row
                    r = len(rows)
                    cells = [
                        Cell(t, Span(a, b), row=r, col=c)
                        for c, (t, a, b) in enumerate(_split_pipe_row(lines[j][0], lines[j][1]))
                    ]
                    rows.append(cells)
                j += 1
            end = lines[j - 1][1] + len(lines[j - 1][0])
            blocks.append(RawTable(rows, Span(start, end), origin="markup"))
            i = j
            continue
        if is_md:
            hm = _md_heading(body)
            if hm:
                a = start + hm.start
                blocks.append(Paragraph(hm.text, Span(a, a + len(hm.text)), heading_level=hm.level))
                i += 1
                continue
        blocks.append(Paragraph(body, Span(start, start + len(body))))
        i += 1

    return Document(
        path=path,
        format="md" if is_md else "txt",
        text=text,
        blocks=blocks,
        encoding=encoding,
        bom=bom,
        newline=_newline_style(text),
        # the line starts of lines.line_starts, from the lines already split (a text ending with a line
        # break, or empty, has one more, empty, line)
        _line_starts=list(map(itemgetter(1), lines)) + ([len(text)] if not text or text[-1] in "\r\n" else []),
    )
