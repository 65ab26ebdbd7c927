"""Writers: one module per writable format (named by :attr:`xxgk_lint.formats.Format.writer`), each with
``apply(original: bytes, doc, edits) -> bytes`` returning the file's new bytes.  Writers may import
readers (the .docx writer re-walks the package the way its reader does); readers never import writers.
"""

from __future__ import annotations

from importlib import import_module

from xxgk_lint.errors import FixError
from xxgk_lint.formats import by_name


def apply(doc, original: bytes, edits) -> bytes:
    """The bytes of ``doc``'s file (read as ``original``) with ``edits`` applied, by the format's writer."""
    fmt = by_name(doc.format)
    if fmt is None or fmt.writer is None:
        raise FixError(f"{doc.format} 格式不支持自动修复", f"automatic fixes are not supported for {doc.format} files")
    return import_module(f"{__name__}.{fmt.writer}").apply(original, doc, edits)
