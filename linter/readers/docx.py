"""Word (.docx) reader (fixes are written back by :mod:`xxgk_lint.writers.docx`).

The package is checked before anything is parsed: it must be a zip archive (an old binary .doc or
an encrypted Word file is an OLE compound file, not a zip, and gets its own message), its total
uncompressed size must stay under ``Limits.max_docx_uncompressed`` and no entry may have an absurd
compression ratio (a zip bomb).  Then ``word/document.xml`` is parsed with lxml (``styles.xml`` for
heading levels) — python-docx's object model is not needed for reading and is much slower.  The reader
streams it (``iterparse``: each body child walked when complete, then dropped; the bytes checked against
the limits on their way to the parser), so memory follows the largest paragraph or table, not the tree.

``Document.text`` is a flattened text:

* one line per non-empty body paragraph (paragraphs inside content controls included, text boxes
  and deleted text of tracked changes left out; a tab or line break inside a paragraph is a space);
* one line per table row, with one tab-separated field per grid column, so that every cell's text
  is contiguous and a span can cover exactly one cell.  A merged cell (``gridSpan``, ``vMerge``,
  legacy ``hMerge``) is one :class:`~xxgk_lint.document.Cell` with ``rowspan``/``colspan`` at its
  origin; each grid position it covers is an empty ``merged=True`` cell, so table 三's merged group
  labels and table 四's two header rows land on the template grid exactly.  The paragraphs of one
  cell are joined (directly between CJK characters, with a space otherwise); a table nested in a
  cell is flattened into that cell's text.

Positions map back through a :class:`~xxgk_lint.document.SegmentSourceMap`: "第 N 段" (N counts the
non-empty body paragraphs, 1-based) or "表格 T 第 R 行第 C 列" (1-based table, row and grid column,
as a Word user counts them).

The writer (:mod:`xxgk_lint.writers.docx`) re-reads the package with the same walk (:func:`load`,
:func:`walk`), so the character-to-``w:t`` mapping is never stored.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from xxgk_lint.document import Cell, Document, Paragraph, RawTable, Segment, SegmentSourceMap, Span
from xxgk_lint.readers import Limits, ReaderError, break_joiner

if TYPE_CHECKING:
    from xxgk_lint.readers.wordnum import Numbering

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_W = f"{{{W}}}"
DOCUMENT_XML = "word/document.xml"
STYLES_XML = "word/styles.xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_RATIO = 400  # uncompressed/compressed size above which an entry is treated as a zip bomb
RATIO_FLOOR = 4 * 1024 * 1024  # ... once the entry is bigger than this

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


# -- the package ----------------------------------------------------------------------------------
def open_package(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Open and vet the zip package; raise ReaderError for anything that is not a sound .docx."""
    if data.startswith(OLE_MAGIC):
        raise ReaderError(
            "not-docx",
            "文件不是 .docx：它是 OLE 复合文档，即旧版 Word 97-2003（.doc）文件或加密的 Word 文件。请在 Word 中取消密码并另存为 .docx",
            "not a .docx: this is an OLE compound file, an old Word 97-2003 (.doc) document or an encrypted Word "
            "file; remove the password and save it as .docx in Word",
        )
    if not data.startswith(b"PK"):
        raise ReaderError(
            "corrupt",
            "文件不是有效的 .docx（不是 zip 压缩包），可能已损坏或扩展名有误",
            "not a valid .docx (not a zip package): the file is corrupt or has the wrong extension",
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ReaderError(
            "corrupt",
            f".docx 文件已损坏或不完整（可能下载或复制时被截断）：{exc}",
            f"the .docx is corrupt or incomplete (truncated while downloading or copying?): {exc}",
        ) from None
    total = sum(max(i.file_size, 0) for i in infos)
    if total > limits.max_docx_uncompressed:
        raise ReaderError(
            "too-large",
            f".docx 解压后共 {total} 字节，超过上限 {limits.max_docx_uncompressed} 字节（配置项 limits.max-docx-uncompressed），为防止压缩炸弹未予解析",
            f"the .docx unpacks to {total} bytes, over the limit of {limits.max_docx_uncompressed} bytes "
            f"(setting limits.max-docx-uncompressed); not parsed, to guard against zip bombs",
        )
    for i in infos:
        if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise ReaderError(
                "zip-bomb",
                f".docx 中的 {i.filename} 压缩比异常（{i.compress_size} 字节解压为 {i.file_size} 字节），疑似压缩炸弹，未予解析",
                f"{i.filename} in the .docx has an absurd compression ratio ({i.compress_size} bytes unpack to "
                f"{i.file_size}): a suspected zip bomb, not parsed",
            )
    if main_part(zf, limits) is None:
        raise ReaderError(
            "corrupt",
            "压缩包中没有 Word 正文（word/document.xml），不是 Word 文档（可能是其他 Office 文件改了扩展名）",
            "the package has no Word main document (word/document.xml): not a Word document "
            "(another Office file renamed?)",
        )
    return zf


_OFFICE_DOC = re.compile(rb"""<Relationship\b[^>]*?Type=["'][^"']*/officeDocument["'][^>]*>""")
_TARGET = re.compile(rb"""Target=["']([^"']+)["']""")


def main_part(zf: zipfile.ZipFile, limits: Limits) -> str | None:
    """The name of the main document part: the officeDocument target of ``_rels/.rels`` (most
    writers use ``word/document.xml``; a few name it otherwise)."""
    names = set(zf.namelist())
    if "_rels/.rels" in names:
        try:
            rels = _read_entry(zf, "_rels/.rels", limits)
        except ReaderError:
            rels = b""
        m = _OFFICE_DOC.search(rels)
        t = _TARGET.search(m.group(0)) if m else None
        if t:
            target = t.group(1).decode("utf-8", "replace").lstrip("/")
            if target in names:
                return target
    return DOCUMENT_XML if DOCUMENT_XML in names else None


def _read_entry(zf: zipfile.ZipFile, name: str, limits: Limits) -> bytes:
    try:
        with zf.open(name) as fh:
            data = fh.read(limits.max_docx_uncompressed + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ReaderError(
            "corrupt",
            f".docx 文件已损坏：无法解压 {name}（{exc}）",
            f"the .docx is corrupt: cannot unpack {name} ({exc})",
        ) from None
    if len(data) > limits.max_docx_uncompressed:  # the header lied about the size
        raise ReaderError(
            "zip-bomb",
            f".docx 中的 {name} 解压后超过上限 {limits.max_docx_uncompressed} 字节"
            "（配置项 limits.max-docx-uncompressed），疑似压缩炸弹",
            f"{name} in the .docx unpacks to more than {limits.max_docx_uncompressed} bytes "
            "(setting limits.max-docx-uncompressed): a suspected zip bomb",
        )
    return data


# Elements of one XML part and attributes of one element parsed at most (issue 16: 190 MB of XML cost 6.9 GB
# as a tree; libxml2 spends minutes on 200,000 attributes of one element): ``Limits.max_xml_elements`` and
# ``max_xml_attributes``, counted on the bytes before lxml builds anything; far above a real report (a few
# hundred thousand elements, a dozen attributes).
_LONG_TAG = re.compile(rb"<[^<>]{4000,}")  # only a tag this long can hold that many attributes


def _over_elements(name: str, elements: int, limit: int) -> NoReturn:
    raise ReaderError(
        "too-large",
        f".docx 中的 {name} 含约 {elements} 个 XML 元素，超过上限 {limit}（配置项 limits.max-xml-elements），未予解析",
        f"{name} in the .docx has about {elements} XML elements, over the limit of {limit} "
        "(setting limits.max-xml-elements); not parsed",
    )


def _over_attributes(name: str, attributes: int, limit: int) -> NoReturn:
    raise ReaderError(
        "too-large",
        f".docx 中的 {name} 有一个 XML 元素含约 {attributes} 个属性，超过上限 {limit}"
        "（配置项 limits.max-xml-attributes），未予解析",
        f"an XML element of {name} in the .docx has about {attributes} attributes, over the limit of "
        f"{limit} (setting limits.max-xml-attributes); not parsed",
    )


def _check_xml(data: bytes, name: str, limits: Limits) -> None:
    max_elements, max_attributes = limits.max_xml_elements, limits.max_xml_attributes
    elements = data.count(b"<") - data.count(b"</") - data.count(b"<?") - data.count(b"<!")
    if elements > max_elements:
        _over_elements(name, elements, max_elements)
    for m in _LONG_TAG.finditer(data):
        attributes = m.group(0).count(b"=")
        if attributes > max_attributes:
            _over_attributes(name, attributes, max_attributes)


def _parse_xml(data: bytes, name: str, limits: Limits | None = None):
    from lxml import etree

    _check_xml(data, name, limits or Limits())

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ReaderError(
            "corrupt",
            f".docx 文件已损坏：{name} 不是有效的 XML（{exc}）",
            f"the .docx is corrupt: {name} is not well-formed XML ({exc})",
        ) from None


class _StyleInfo(dict):
    """styleId -> heading level, plus the package's list definitions (``numbering``) for the walk."""

    numbering: Numbering | None = None


NUMBERING_XML = "word/numbering.xml"
_NUMBERING_REL = re.compile(rb"""<Relationship\b[^>]*?Type=["'][^"']*/numbering["'][^>]*>""")


def _numbering_part(zf: zipfile.ZipFile, limits: Limits, part: str) -> str | None:
    """The numbering part named by the main document's relationships (else ``word/numbering.xml``)."""
    names = set(zf.namelist())
    folder, _, base = part.rpartition("/")
    rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
    if rels_name in names:
        try:
            m = _NUMBERING_REL.search(_read_entry(zf, rels_name, limits))
        except ReaderError:
            m = None
        t = _TARGET.search(m.group(0)) if m else None
        if t:
            target = t.group(1).decode("utf-8", "replace")
            target = target.lstrip("/") if target.startswith("/") else (f"{folder}/{target}" if folder else target)
            if target in names:
                return target
    return NUMBERING_XML if NUMBERING_XML in names else None


def _style_info(zf: zipfile.ZipFile, limits: Limits, part: str) -> _StyleInfo:
    """Heading levels of the styles and the automatic numbering (a broken numbering part numbers nothing)."""
    from xxgk_lint.readers.wordnum import Numbering

    styles_root = None
    if STYLES_XML in zf.namelist():
        styles_root = _parse_xml(_read_entry(zf, STYLES_XML, limits), STYLES_XML, limits)
    info = _StyleInfo(_heading_styles(styles_root))
    name = _numbering_part(zf, limits, part)
    if name is not None:
        try:
            info.numbering = Numbering(_parse_xml(_read_entry(zf, name, limits), name, limits), styles_root)
        except ReaderError:
            info.numbering = None
    return info


def _heading_styles(root) -> dict[str, int]:
    """styleId -> heading level, from style names (Heading N / 标题 N / Title) and outline levels."""
    if root is None:
        return {}
    out: dict[str, int] = {}
    based: dict[str, str] = {}
    for st in root.iter(_W + "style"):
        sid = st.get(_W + "styleId")
        if not sid:
            continue
        name_el = st.find(_W + "name")
        name = (name_el.get(_W + "val") if name_el is not None else "") or ""
        m = _HEADING_STYLE.match(name.strip())
        lvl = st.find(f"{_W}pPr/{_W}outlineLvl")
        if name.strip().lower() == "title":
            out[sid] = 1
        elif m:
            out[sid] = int(m.group(1))
        elif lvl is not None and (lvl.get(_W + "val") or "").isdigit() and int(lvl.get(_W + "val")) < 9:
            out[sid] = int(lvl.get(_W + "val")) + 1
        b = st.find(_W + "basedOn")
        if b is not None and b.get(_W + "val"):
            based[sid] = b.get(_W + "val")
    for sid in list(based):  # a style based on a heading style is a heading of that level
        seen, cur = set(), sid
        while cur in based and cur not in out and cur not in seen:
            seen.add(cur)
            cur = based[cur]
        if sid not in out and cur in out:
            out[sid] = out[cur]
    return out


# -- the walk (shared by read() and apply_edits()) ------------------------------------------------
@dataclass
class _Piece:
    """A run of characters of Document.text: from a ``w:t`` element (``el``, ``at`` = offset in its
    text) or synthesised (separators, tabs, line breaks: ``el is None``)."""

    text: str
    el: object | None = None
    at: int = 0
    generated: bool = False  # automatic numbering rendered by the reader: never edited by a fix


def _number_pieces(p, counters) -> list[_Piece]:
    """The automatic number Word shows before paragraph ``p`` ("一、", "（一）", "1."), as generated pieces."""
    if counters is None:
        return []
    got = counters.number(p)
    if got is None:
        return []
    number, suffix = got
    out = [_Piece(number, generated=True)]
    if suffix in ("tab", "space"):  # Word's tab or space after the number: a space, but none beside CJK
        out.append(_Piece(" ", generated=True))
    return out


def _numbered(number: list[_Piece], pieces: list[_Piece]) -> list[_Piece]:
    """A (stripped) paragraph with its automatic number in front; an empty paragraph stays empty."""
    if not number or not pieces:
        return pieces
    if len(number) > 1 and not break_joiner(number[0].text, pieces[0].text):
        number = number[:1]
    elif len(number) == 1 and break_joiner(number[0].text, pieces[0].text):
        number = number + [_Piece(" ", generated=True)]
    return number + pieces


def _para_pieces(p) -> list[_Piece]:
    out: list[_Piece] = []
    for el in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen"):
        if _in_fallback(el, p):
            continue
        tag = el.tag
        if tag == _W + "t":
            if el.text:
                out.append(_Piece(el.text, el, 0))
        elif tag == _W + "noBreakHyphen":
            out.append(_Piece("-"))
        elif tag == _W + "tab" and el.getparent() is not None and el.getparent().tag != _W + "r":
            continue  # a tab stop definition (w:tabs/w:tab), not a tab character
        else:
            out.append(_Piece(" "))
    return out


def _in_fallback(el, stop) -> bool:
    """True for text inside mc:Fallback (duplicate of mc:Choice) or a text box inside a paragraph."""
    cur = el.getparent()
    while cur is not None and cur is not stop:
        t = cur.tag
        if t == f"{{{MC}}}Fallback" or t == _W + "txbxContent" or t == _W + "del" or t == _W + "moveFrom":
            return True
        cur = cur.getparent()
    return False


def _text_of(pieces: list[_Piece]) -> str:
    return "".join(x.text for x in pieces)


def _strip_pieces(pieces: list[_Piece]) -> list[_Piece]:
    """Drop leading/trailing white space (keeping the mapping of what is left)."""
    ws = " \t\u3000\u00a0\r\n"
    out = [x for x in pieces]
    while out:
        t = out[0].text.lstrip(ws)
        if t:
            cut = len(out[0].text) - len(t)
            out[0] = _Piece(t, out[0].el, out[0].at + cut, out[0].generated)
            break
        out.pop(0)
    while out:
        t = out[-1].text.rstrip(ws)
        if t:
            out[-1] = _Piece(t, out[-1].el, out[-1].at, out[-1].generated)
            break
        out.pop()
    return out


def _join(parts: list[list[_Piece]]) -> list[_Piece]:
    """Join the paragraphs of a table cell into one field."""
    out: list[_Piece] = []
    for part in parts:
        if not part:
            continue
        if out:
            if break_joiner(_text_of(out), part[0].text):
                out.append(_Piece(" "))
        out.extend(part)
    return out


def _cell_pieces(tc, counters=None) -> list[_Piece]:
    parts: list[list[_Piece]] = []
    for child in tc:
        if child.tag == _W + "p":
            number = _number_pieces(child, counters)
            parts.append(
                _numbered(
                    number,
                    _strip_pieces(
                        [
                            _Piece(x.text.replace("\t", " "), x.el, x.at) if x.el is None else x
                            for x in _para_pieces(child)
                        ]
                    ),
                )
            )
        elif child.tag == _W + "tbl":  # a nested table: its cells' text, in reading order
            for tc2 in child.iter(_W + "tc"):
                parts.append(_strip_pieces(_cell_pieces_flat(tc2, counters)))
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                parts.append(_strip_pieces(_cell_pieces(content, counters)))
    return _join(parts)


def _cell_pieces_flat(tc, counters=None) -> list[_Piece]:
    return _join(
        [_numbered(_number_pieces(p, counters), _strip_pieces(_para_pieces(p))) for p in tc if p.tag == _W + "p"]
    )


def _int_attr(el, path: str, default: int) -> int:
    x = el.find(path)
    if x is None:
        return default
    v = x.get(_W + "val")
    try:
        return max(int(v), 0) if v is not None else default
    except ValueError:
        return default


@dataclass
class _GridCell:
    pieces: list[_Piece]
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    merged: bool = False
    origin: _GridCell | None = None
    tc: object | None = None


def _table_grid(tbl, counters=None, limits: Limits | None = None) -> list[list[_GridCell]]:
    """Rows of grid cells: origins with their spans, covered positions as merged cells."""
    limits = limits or Limits()
    max_cells, max_columns = limits.max_table_cells, limits.max_table_columns
    rows: list[list[_GridCell]] = []
    below: dict[int, _GridCell] = {}  # grid column -> origin cell open for vertical merging
    count = 0
    for r, tr in enumerate(x for x in tbl if x.tag == _W + "tr"):
        row: list[_GridCell] = []
        col = _int_attr(tr, f"{_W}trPr/{_W}gridBefore", 0)
        col = min(col, 64)
        for k in range(col):
            row.append(_GridCell([], r, k, merged=True))
        open_now: dict[int, _GridCell] = {}
        tcs = []
        for child in tr:
            if child.tag == _W + "tc":
                tcs.append(child)
            elif child.tag == _W + "sdt":  # a content control around cells
                content = child.find(_W + "sdtContent")
                if content is not None:
                    tcs.extend(x for x in content if x.tag == _W + "tc")
        for tc in tcs:
            span = min(max(_int_attr(tc, f"{_W}tcPr/{_W}gridSpan", 1), 1), 64)
            vm = tc.find(f"{_W}tcPr/{_W}vMerge")
            hm = tc.find(f"{_W}tcPr/{_W}hMerge")
            count += span
            if count > max_cells:
                raise ReaderError(
                    "too-large",
                    f".docx 中的表格超过 {max_cells} 个单元格（上限见配置项 limits.max-table-cells），未予解析",
                    f"a table in the .docx has more than {max_cells} cells (the limit is setting "
                    "limits.max-table-cells); not parsed",
                )
            vval = (vm.get(_W + "val") or "continue") if vm is not None else None
            hval = (hm.get(_W + "val") or "continue") if hm is not None else None
            if vval == "continue" and col in below:
                origin = below[col]
                if origin.row + origin.rowspan == r:
                    origin.rowspan += 1
                for k in range(span):
                    row.append(_GridCell([], r, col + k, merged=True, origin=origin))
                open_now[col] = origin
            elif hval == "continue" and row and not row[-1].merged:
                left = row[-1]
                left.colspan += span
                for k in range(span):
                    row.append(_GridCell([], r, col + k, merged=True, origin=left))
            else:
                cell = _GridCell(_strip_pieces(_cell_pieces(tc, counters)), r, col, colspan=span, tc=tc)
                row.append(cell)
                for k in range(1, span):
                    row.append(_GridCell([], r, col + k, merged=True, origin=cell))
                if vval == "restart":
                    open_now[col] = cell
            col += span
            if col > max_columns:
                raise ReaderError(
                    "too-large",
                    f".docx 中的表格有一行超过 {max_columns} 列（配置项 limits.max-table-columns），未予解析",
                    f"a table row in the .docx has more than {max_columns} columns "
                    "(setting limits.max-table-columns); not parsed",
                )
        below = open_now
        rows.append(row)
    return rows


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.pieces: list[tuple[int, _Piece]] = []  # (offset in text, piece) for mapped pieces
        self.blocks: list = []
        self.segments: list[Segment] = []
        self.paragraph_no = 0
        self.table_no = 0
        self.empty_cells: dict[int, object] = {}  # offset of an empty cell -> its w:tc (fixes insert there)
        self.counters = None  # automatic numbering counters of this walk (wordnum.Counters)
        self.generated: list[Span] = []  # spans of text the reader generated (automatic numbers)
        self.limits = Limits()
        self.keep_elements = True  # the writer maps text back to w:t elements; the reader keeps none

    def emit(self, pieces: list[_Piece]) -> tuple[int, int]:
        start = self.pos
        for x in pieces:
            if x.el is not None:
                if self.keep_elements:
                    self.pieces.append((self.pos, x))
            elif x.generated and x.text:
                self.generated.append(Span(self.pos, self.pos + len(x.text)))
            self.parts.append(x.text)
            self.pos += len(x.text)
        return start, self.pos

    def raw(self, text: str) -> None:
        self.parts.append(text)
        self.pos += len(text)


def _walk(root, headings: dict[str, int], limits: Limits | None = None) -> _Builder:
    b = _Builder()
    b.limits = limits or Limits()
    numbering = getattr(headings, "numbering", None)
    b.counters = numbering.counters() if numbering else None
    body = root.find(_W + "body")
    if body is None:
        raise ReaderError(
            "corrupt",
            ".docx 文件已损坏：word/document.xml 中没有正文（w:body）",
            "the .docx is corrupt: word/document.xml has no body (w:body)",
        )
    _walk_children(body, b, headings)
    return b


def _walk_children(parent, b: _Builder, headings: dict[str, int]) -> None:
    for child in parent:
        _block(child, b, headings)


def _block(child, b: _Builder, headings: dict[str, int]) -> None:
    """One child of the body (or of a content control around body paragraphs)."""
    tag = child.tag
    if tag == _W + "p":
        _paragraph(child, b, headings)
    elif tag == _W + "tbl":
        _table(child, b)
    elif tag in (_W + "sdt", _W + "customXml", _W + "ins", _W + "smartTag"):
        content = child.find(_W + "sdtContent") if tag == _W + "sdt" else child
        if content is not None:
            _walk_children(content, b, headings)


# -- streaming the main part (the reader) ----------------------------------------------------------------
# The reader does not build the tree of word/document.xml (issue 16: about 36 bytes of memory per byte of
# XML): lxml's iterparse reads the part from the zip stream, each child of the body is walked as soon as
# it is complete, then dropped with everything before it.  Memory is that of the largest body child (a
# paragraph, a table, a content control) plus the text read so far.  The bytes are checked on their way
# to the parser (size, elements, attributes of one element), so lxml never sees what is over a limit.
_CHUNK = 1 << 20
_BLOCK_TAGS = (_W + "p", _W + "tbl", _W + "sdt", _W + "customXml", _W + "ins", _W + "smartTag", _W + "body")


class _CheckedStream:
    """A file-like view of a zip entry that raises ReaderError once the bytes read so far go over the
    uncompressed size, the element count or the attributes of one element."""

    def __init__(self, fh, name: str, limits: Limits):
        self.fh, self.name, self.limits = fh, name, limits
        self.total = 0
        self.elements = 0
        self.last = b""  # the previous chunk's last byte ("<" then "/" across the boundary)
        self.open_tag = False  # the previous chunk ended inside a tag
        self.tag_eq = 0  # "=" in that open tag so far

    def read(self, n: int = -1) -> bytes:
        try:
            data = self.fh.read(_CHUNK if n is None or n < 0 else min(n, _CHUNK))
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error) as exc:
            raise ReaderError(
                "corrupt",
                f".docx 文件已损坏：无法解压 {self.name}（{exc}）",
                f"the .docx is corrupt: cannot unpack {self.name} ({exc})",
            ) from None
        if not data:
            return data
        self.total += len(data)
        limit = self.limits.max_docx_uncompressed
        if self.total > limit:  # the header lied about the size
            raise _entry_too_large(self.name, limit)
        self._elements(data)
        self._attributes(data)
        self.last = data[-1:]
        return data

    def _elements(self, data: bytes) -> None:
        both = self.last + data
        self.elements += data.count(b"<") - both.count(b"</") - both.count(b"<?") - both.count(b"<!")
        if self.elements > self.limits.max_xml_elements:
            _over_elements(self.name, self.elements, self.limits.max_xml_elements)

    def _attributes(self, data: bytes) -> None:
        max_attributes = self.limits.max_xml_attributes
        rest = data
        if self.open_tag:  # the tag the previous chunk ended in
            gt = data.find(b">")
            head = data if gt < 0 else data[:gt]
            self.tag_eq += head.count(b"=")
            if self.tag_eq > max_attributes:
                _over_attributes(self.name, self.tag_eq, max_attributes)
            if gt < 0:
                return
            self.open_tag = False
            rest = data[gt + 1 :]
        for m in _LONG_TAG.finditer(rest):
            attributes = m.group(0).count(b"=")
            if attributes > max_attributes:
                _over_attributes(self.name, attributes, max_attributes)
        lt = rest.rfind(b"<")
        if lt >= 0 and rest.find(b">", lt) < 0:
            self.open_tag = True
            self.tag_eq = rest.count(b"=", lt)


def _entry_too_large(name: str, limit: int) -> ReaderError:
    return ReaderError(
        "zip-bomb",
        f".docx 中的 {name} 解压后超过上限 {limit} 字节（配置项 limits.max-docx-uncompressed），疑似压缩炸弹",
        f"{name} in the .docx unpacks to more than {limit} bytes (setting limits.max-docx-uncompressed): "
        "a suspected zip bomb",
    )


def _stream_walk(zf: zipfile.ZipFile, part: str, headings: dict[str, int], limits: Limits) -> _Builder:
    """The walk of :func:`_walk` over the part as it is parsed (same text, blocks and segments)."""
    from lxml import etree

    b = _Builder()
    b.limits = limits
    b.keep_elements = False
    numbering = getattr(headings, "numbering", None)
    b.counters = numbering.counters() if numbering else None
    try:
        fh = zf.open(part)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, KeyError, RuntimeError) as exc:
        raise ReaderError(
            "corrupt",
            f".docx 文件已损坏：无法解压 {part}（{exc}）",
            f"the .docx is corrupt: cannot unpack {part} ({exc})",
        ) from None
    body = None
    done = False
    with fh:
        stream = _CheckedStream(fh, part, limits)
        events = etree.iterparse(
            stream,
            events=("start", "end"),
            tag=_BLOCK_TAGS,
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            remove_blank_text=False,
        )
        try:
            for event, el in events:
                if event == "start":
                    if body is None and not done and el.tag == _W + "body" and _is_root(el.getparent()):
                        body = el
                    continue
                if el is body:
                    body, done = None, True
                    continue
                if body is None or el.getparent() is not body:
                    continue
                _block(el, b, headings)
                while el.getprevious() is not None:  # what came before: already walked, or not text
                    del body[0]
                body.remove(el)
        except etree.XMLSyntaxError as exc:
            raise ReaderError(
                "corrupt",
                f".docx 文件已损坏：{part} 不是有效的 XML（{exc}）",
                f"the .docx is corrupt: {part} is not well-formed XML ({exc})",
            ) from None
    if not done:
        raise ReaderError(
            "corrupt",
            ".docx 文件已损坏：word/document.xml 中没有正文（w:body）",
            "the .docx is corrupt: word/document.xml has no body (w:body)",
        )
    return b


def _is_root(el) -> bool:
    return el is not None and el.getparent() is None


def _paragraph(p, b: _Builder, headings: dict[str, int]) -> None:
    number = _number_pieces(p, b.counters)  # the counter advances even for an empty paragraph, as in Word
    pieces = _numbered(number, _strip_pieces(_para_pieces(p)))
    if not pieces:
        return
    b.paragraph_no += 1
    start, end = b.emit(pieces)
    level = None
    style = p.find(f"{_W}pPr/{_W}pStyle")
    if style is not None:
        level = headings.get(style.get(_W + "val") or "")
    lvl = p.find(f"{_W}pPr/{_W}outlineLvl")
    if lvl is not None and (lvl.get(_W + "val") or "").isdigit() and int(lvl.get(_W + "val")) < 9:
        level = int(lvl.get(_W + "val")) + 1
    b.blocks.append(Paragraph(_text_of(pieces), Span(start, end), heading_level=level))
    b.segments.append(Segment(start, end, paragraph=b.paragraph_no))
    b.raw("\n")


def _table(tbl, b: _Builder) -> None:
    grid = _table_grid(tbl, b.counters, b.limits)
    if not any(not c.merged and c.pieces for row in grid for c in row):
        return  # an empty layout table
    b.table_no += 1
    t_start = b.pos
    cells_by_origin: dict[int, Cell] = {}
    rows: list[list[Cell]] = []
    for r, row in enumerate(grid):
        out_row: list[Cell] = []
        for k, gc in enumerate(row):
            if k:
                b.raw("\t")
            seg_start = b.pos
            if gc.merged:
                c = Cell("", Span(b.pos, b.pos), row=r, col=gc.col, merged=True)
            else:
                start, end = b.emit(gc.pieces)
                if start == end and gc.tc is not None and b.keep_elements:
                    b.empty_cells[start] = gc.tc
                c = Cell(_text_of(gc.pieces), Span(start, end), row=r, col=gc.col, colspan=gc.colspan)
                cells_by_origin[id(gc)] = c
            out_row.append(c)
            b.segments.append(Segment(seg_start, max(b.pos, seg_start), table=b.table_no, row=r + 1, col=gc.col + 1))
        rows.append(out_row)
        b.raw("\n")
    for row in grid:  # rowspans are only known once the whole table is read
        for gc in row:
            if not gc.merged and id(gc) in cells_by_origin:
                cells_by_origin[id(gc)].rowspan = gc.rowspan
    b.blocks.append(RawTable(rows, Span(t_start, max(b.pos - 1, t_start)), origin="markup"))


def _load(data: bytes, limits: Limits):
    zf = open_package(data, limits)
    part = main_part(zf, limits)
    assert part is not None  # open_package refuses a package without one
    headings = _style_info(zf, limits, part)
    root = _parse_xml(_read_entry(zf, part, limits), part, limits)
    return zf, root, headings, part


_CORE_PART = "docProps/core.xml"
_CORE_DATES = ("created", "modified", "lastPrinted")


def _core_properties(zf: zipfile.ZipFile, limits: Limits) -> dict[str, str]:
    """The dates of the package's core properties (``docProps/core.xml``), as written; {} when absent or
    unreadable (metadata is a courtesy: a broken core part never makes the document unreadable)."""
    try:
        if _CORE_PART not in zf.namelist():
            return {}
        root = _parse_xml(_read_entry(zf, _CORE_PART, limits), _CORE_PART, limits)
    except ReaderError:
        return {}
    out = {}
    for el in root:
        tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
        if tag in _CORE_DATES and (el.text or "").strip():
            out[tag] = el.text.strip()[:40]
    return out


def read(path: str, data: bytes, limits: Limits) -> Document:
    if path.lower().endswith(".doc"):
        raise ReaderError(
            "unsupported",
            "不支持旧版 Word 97-2003（.doc）文件，请在 Word 或 WPS 中另存为 .docx 后再检查",
            "old Word 97-2003 (.doc) files are not supported; save the file as .docx in Word or WPS and check it again",
        )
    zf = open_package(data, limits)
    part = main_part(zf, limits)
    assert part is not None  # open_package refuses a package without one
    headings = _style_info(zf, limits, part)
    b = _stream_walk(zf, part, headings, limits)
    text = "".join(b.parts)
    return Document(
        path=path,
        format="docx",
        text=text,
        blocks=b.blocks,
        encoding=None,
        newline="\n",
        source_map=SegmentSourceMap(b.segments),
        generated=b.generated,
        metadata=_core_properties(zf, limits),
    )


# -- shared with the writer (xxgk_lint.writers.docx re-derives the text with the same walk) ----------
load = _load
walk = _walk
