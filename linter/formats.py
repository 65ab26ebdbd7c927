"""The input formats, one descriptor each: the only place that knows which formats exist.

A :class:`Format` names the format (``Document.format``), the file extensions it is read from, the
reader module (in :mod:`xxgk_lint.readers`, a ``read(path, data, limits) -> Document``), the writer
module that applies fixes (in :mod:`xxgk_lint.writers`, an ``apply(original, doc, edits) -> bytes``) or
``None`` when fixes cannot be written back, and the comment syntax that carries inline suppressions
(``<!-- xxgk-lint: ... -->``) or ``None`` when the format has no comments the linter can see.

Adding a format is one descriptor here plus its reader module (and its writer module, if any).
Nothing in this module imports a reader or a writer: it is data, cheap to import.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

HTML_COMMENT = ("<!--", "-->")


@dataclass(frozen=True)
class Format:
    name: str  # Document.format, "txt", "md", "html", "docx", "pdf"
    extensions: tuple[str, ...]  # lower case, with the dot; the first is the one shown to users
    reader: str  # module in xxgk_lint.readers
    writer: str | None = None  # module in xxgk_lint.writers, None: fixes are not offered
    comment: tuple[str, str] | None = None  # (opening, closing) of a comment, None: no suppression comments
    advertised: bool = True  # listed among the extensions to check (False: found by scans only to explain)

    @property
    def writable(self) -> bool:
        return self.writer is not None


FORMATS: tuple[Format, ...] = (
    Format("txt", (".txt", ".text"), reader="text", writer="text", comment=HTML_COMMENT),
    Format("md", (".md", ".markdown"), reader="text", writer="text", comment=HTML_COMMENT),
    Format("html", (".html", ".htm", ".xhtml"), reader="html", comment=HTML_COMMENT),
    Format("docx", (".docx",), reader="docx", writer="docx"),
    # old binary Word: the docx reader answers with an E001 asking for .docx (found by directory scans,
    # never skipped silently)
    Format("doc", (".doc",), reader="docx", advertised=False),
    Format("pdf", (".pdf",), reader="pdf"),
)

_BY_NAME = {f.name: f for f in FORMATS}
_BY_EXTENSION = {ext: f for f in FORMATS for ext in f.extensions}


def by_name(name: str | None) -> Format | None:
    """The descriptor of a ``Document.format`` name, or ``None``."""
    return _BY_NAME.get(name or "")


def for_path(path: str) -> Format | None:
    """The descriptor for a file name (by its extension, case-insensitive), or ``None``."""
    return _BY_EXTENSION.get(os.path.splitext(path)[1].lower())


def supported(path: str) -> bool:
    """A file the linter reads (directory scans pick these up)."""
    return for_path(path) is not None


def can_write(name: str | None) -> bool:
    """Fixes can be written back into files of this format."""
    f = by_name(name)
    return f is not None and f.writable


def comment_syntax(name: str | None) -> tuple[str, str] | None:
    """The comment syntax inline suppressions use in this format, or ``None``."""
    f = by_name(name)
    return f.comment if f is not None else None


def name_for_path(path: str) -> str:
    """The format name for a file without a document (unreadable or missing): from its extension,
    else the extension itself without the dot."""
    f = for_path(path)
    return f.name if f is not None else os.path.splitext(path)[1].lower().lstrip(".")


def advertised_extensions() -> list[str]:
    """The extensions users are told the linter checks: ``[".txt", ".md", ".html", ".docx", ".pdf"]``."""
    return [f.extensions[0] for f in FORMATS if f.advertised]
