"""The text writer (.txt, .md): fixes spliced into the decoded text and re-encoded the way the file was
stored (same encoding, same BOM; line endings are part of the text and never touched)."""

from __future__ import annotations

import codecs
from collections.abc import Iterable

from xxgk_lint.diagnostics import Edit
from xxgk_lint.errors import FixError

_BOM = {
    "utf-8": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}


def apply_text(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits to ``text`` (offsets are into the original text)."""
    out = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        if e.span.start < pos or e.span.end > len(text):
            raise FixError("修复的位置重叠或越界，已放弃", "overlapping or out-of-range edits; nothing applied")
        out.append(text[pos : e.span.start])
        out.append(e.replacement)
        pos = e.span.end
    out.append(text[pos:])
    return "".join(out)


def encode_like(doc, text: str) -> bytes:
    """Encode ``text`` the way ``doc`` was stored: same encoding, same BOM."""
    enc = doc.encoding or "utf-8"
    try:
        body = text.encode(enc)
    except UnicodeEncodeError as exc:
        raise FixError(
            f"修复后的文字无法用原文件的编码 {enc} 保存（{exc.object[exc.start : exc.end]!r}），未写入",
            f"the fixed text cannot be stored in the file's encoding {enc}; nothing written",
        ) from None
    return (_BOM.get(enc, b"") if doc.bom else b"") + body


def apply(original: bytes, doc, edits: list[Edit]) -> bytes:
    """The new bytes of a text file: refused when the decoded text does not encode back to ``original``
    (splicing text must be splicing bytes)."""
    if encode_like(doc, doc.text) != original:
        raise FixError(
            "文件内容无法按原编码无损重写（可能含有非标准字节），为避免损坏数据未作修改",
            "the file does not re-encode to the same bytes in its encoding; left untouched to avoid data loss",
        )
    return encode_like(doc, apply_text(doc.text, edits))
