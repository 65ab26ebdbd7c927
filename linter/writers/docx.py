"""The .docx writer: fixes written back into the Word package.

:func:`apply_edits` re-reads the package, derives the same text with the reader's walk
(:func:`xxgk_lint.readers.docx.walk`, so the character-to-``w:t`` mapping is never stored), changes
only the text of the ``w:t`` elements an edit covers, rewrites ``word/document.xml`` and copies every
other entry of the package unchanged, with its own compression type.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from typing import Any

from xxgk_lint.document import Document
from xxgk_lint.errors import FixError, ReaderError
from xxgk_lint.readers import Limits
from xxgk_lint.readers.docx import MAX_RATIO, XML_NS, W
from xxgk_lint.readers.docx import load as _load
from xxgk_lint.readers.docx import walk as _walk

_W = f"{{{W}}}"


class DocxEditError(FixError, ReaderError):
    """A fix cannot be written back into the .docx (the text it edits is not plain run text, or the
    file is not the one that was read).  Both a ``FixError`` (what the fix engine reports as "not
    written") and a ``ReaderError`` (``reason``, bilingual ``detail``)."""

    def __init__(self, reason: str, detail_zh: str, detail_en: str | None = None):
        Exception.__init__(self, detail_en or detail_zh)
        self.reason = reason
        self.detail = {"zh": detail_zh, "en": detail_en or detail_zh}


def apply_edits(data: bytes, doc: Document, edits) -> bytes:
    """Apply ``edits`` (each with ``span`` into ``doc.text`` and ``replacement``) to the .docx bytes
    ``data``; return the new package.  Only ``word/document.xml`` changes; inside it, only the text
    of the ``w:t`` elements that hold the edited characters (their run properties stay)."""
    from lxml import etree

    if doc.source_bytes_hash and hashlib.sha256(data).hexdigest() != doc.source_bytes_hash:
        raise DocxEditError(
            "changed", "文件在检查之后已被修改，未写入修复", "the file changed after it was checked; no fix written"
        )
    limits = Limits(max_docx_uncompressed=max(Limits().max_docx_uncompressed, len(data) * MAX_RATIO))
    try:
        zf, root, headings, part = _load(data, limits)
    except ReaderError as exc:
        raise DocxEditError(exc.reason, exc.detail["zh"], exc.detail["en"]) from None
    b = _walk(root, headings)
    if "".join(b.parts) != doc.text:
        raise DocxEditError(
            "changed",
            "无法把修复对应到 .docx 的内容（文本与检查时不一致）",
            "cannot map the fixes onto the .docx (its text differs from what was checked)",
        )
    starts = [off for off, _ in b.pieces]
    from bisect import bisect_right

    per_el: dict[int, list[tuple[int, int, str]]] = {}
    els: dict[int, Any] = {}
    taken: list[tuple[int, int]] = []
    inserts: list[tuple[object, str]] = []
    for e in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        a, z = e.span.start, e.span.end
        if any(a < tz and ta < z or (a == z == ta) for ta, tz in taken):
            raise DocxEditError(
                "overlap", "两处修复重叠，无法同时写入", "two fixes overlap; they cannot both be written"
            )
        taken.append((a, z))
        # the pieces holding [a, z); every character in it must come from a w:t element
        i = max(bisect_right(starts, a) - 1, 0)
        covered = []
        pos = a
        while i < len(b.pieces) and pos < z:
            off, pc = b.pieces[i]
            pend = off + len(pc.text)
            if off > pos:
                break  # a synthesised character (separator, tab) sits at pos
            if pend > pos:
                cut_end = min(z, pend)
                covered.append((pc, pos - off, cut_end - off))
                pos = cut_end
            i += 1
        if a == z and a in b.empty_cells:  # typing into an empty table cell: a new run
            inserts.append((b.empty_cells[a], e.replacement))
            continue
        if a == z:  # an insertion: at the end of the piece before, or the start of the piece at a
            hit = None
            for off, pc in b.pieces:
                if off <= a <= off + len(pc.text):
                    hit = (pc, a - off, a - off)
                    break
            if hit is None:
                raise DocxEditError(
                    "unmapped",
                    f"修复位置 {a} 不在 Word 文字内，无法写入",
                    f"the fix at offset {a} is not inside Word run text; not written",
                )
            covered = [hit]
            pos = z
        if pos < z or not covered:
            raise DocxEditError(
                "unmapped",
                f"修复的文字（{doc.text[a:z]!r}）跨越了单元格或段落分隔，无法写入 .docx",
                f"the fixed text ({doc.text[a:z]!r}) crosses a cell or paragraph boundary; not written to the .docx",
            )
        for k, (pc, lo, hi) in enumerate(covered):
            key = id(pc.el)
            els[key] = pc.el
            per_el.setdefault(key, []).append((pc.at + lo, pc.at + hi, e.replacement if k == 0 else ""))
    for key, changes in per_el.items():
        el = els[key]
        text = el.text or ""
        for lo, hi, new in sorted(changes, reverse=True):
            text = text[:lo] + new + text[hi:]
        el.text = text
        if text != text.strip():
            el.set(f"{{{XML_NS}}}space", "preserve")
    for tc, text in inserts:
        _insert_run(tc, text)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(out, "w") as zout:
            for info in zf.infolist():
                payload = xml if info.filename == part else zf.read(info)
                zout.writestr(info, payload, compress_type=info.compress_type)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        # a damaged part the reader never opened (zipfile raises ValueError on a bad header offset)
        raise FixError(f"文件已损坏（{exc}），未应用修复", f"the file is damaged ({exc}); no fix applied") from None
    return out.getvalue()


def _insert_run(tc, text: str) -> None:
    """Put ``text`` into the empty cell ``tc``: a new run in its first paragraph, formatted like the
    paragraph mark (what Word gives text typed into the cell)."""
    import copy

    from lxml import etree

    p = tc.find(_W + "p")
    if p is None:
        p = etree.SubElement(tc, _W + "p")
    r = etree.SubElement(p, _W + "r")
    mark = p.find(f"{_W}pPr/{_W}rPr")
    if mark is not None:
        rpr = copy.deepcopy(mark)
        for x in list(rpr):  # revision marks of the paragraph mark do not belong to a run
            if x.tag in (_W + "ins", _W + "del", _W + "moveFrom", _W + "moveTo", _W + "rPrChange"):
                rpr.remove(x)
        r.append(rpr)
    t = etree.SubElement(r, _W + "t")
    t.text = text
    if text != text.strip():
        t.set(f"{{{XML_NS}}}space", "preserve")


def apply(original: bytes, doc: Document, edits) -> bytes:
    """The writer entry point (:mod:`xxgk_lint.writers`)."""
    return apply_edits(original, doc, edits)
