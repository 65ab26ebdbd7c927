"""Applying fixes: edits against ``Document.text`` turned into a new file, without ever losing data.

The guarantees, for every format that can be written (``WRITABLE``):

* **only the fixed bytes change**: a text file is re-encoded in its own encoding, with its BOM and
  line endings; the edit is refused when the decoded text would not encode back to the very bytes
  that were read (so splicing text is splicing bytes).  A .docx is rewritten by its reader's
  ``apply_edits`` (only the text of the affected runs in ``word/document.xml`` changes);
* **atomic**: a temporary file in the same directory, flushed and renamed over the original, keeping
  its permission bits;
* **refused when the file changed** since it was read (its sha256 differs);
* **idempotent**: fixes are applied in passes, re-linting in memory after each, until nothing
  fixable is left (at most ``MAX_PASSES``), so a second ``--fix`` run changes nothing;
* overlapping fixes are never applied together: the later one waits for the next pass.

Safe fixes change form only (punctuation, typos in labels, notation, digit width); unsafe fixes
(e.g. writing 0 into a blank cell) change what a reader sees and need ``--unsafe-fixes``.
"""
from __future__ import annotations

import codecs
import hashlib
import os
from dataclasses import dataclass, field
from typing import Callable, Iterable

from xxgk_lint.diagnostics import Diagnostic, Edit

WRITABLE = frozenset({"txt", "md", "docx"})
MAX_PASSES = 10

_BOM = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}


class FixError(Exception):
    """A fix that cannot be applied without risk; ``detail`` is bilingual."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.detail = {"zh": zh, "en": en}


@dataclass
class FixOutcome:
    applied: int = 0  # fixes (diagnostics) applied
    diff: str = ""  # unified diff of the text, when asked for
    error: str | None = None  # why nothing was written (bilingual, one line)
    codes: dict[str, int] = field(default_factory=dict)  # fixes applied per rule code


def can_write(fmt: str) -> bool:
    return fmt in WRITABLE


def wanted(diagnostics: Iterable[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    return [d for d in diagnostics if d.fix is not None and d.fix.edits and (d.fix.safe or unsafe)]


def select_compatible(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Fixes whose edits overlap none of the fixes already taken (in document order)."""
    taken: list[tuple[int, int]] = []
    out = []
    for d in sorted(diagnostics, key=lambda d: min(e.span.start for e in d.fix.edits)):
        spans = [(e.span.start, e.span.end) for e in d.fix.edits]
        if any(_overlap(s, t) for s in spans for t in taken):
            continue
        if any(_overlap(a, b) for i, a in enumerate(spans) for b in spans[i + 1:]):
            continue  # a fix with self-overlapping edits is malformed: never apply it
        taken.extend(spans)
        out.append(d)
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # two insertions at one point, or an insertion inside a replaced range, also conflict
    if a[0] == a[1] or b[0] == b[1]:
        return a[0] <= b[1] and b[0] <= a[1]
    return a[0] < b[1] and b[0] < a[1]


def apply_text(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits to ``text`` (offsets are into the original text)."""
    out = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        if e.span.start < pos or e.span.end > len(text):
            raise FixError("修复的位置重叠或越界，已放弃", "overlapping or out-of-range edits; nothing applied")
        out.append(text[pos:e.span.start])
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
        raise FixError(f"修复后的文字无法用原文件的编码 {enc} 保存（{exc.object[exc.start:exc.end]!r}），未写入",
                       f"the fixed text cannot be stored in the file's encoding {enc}; nothing written") from None
    return (_BOM.get(enc, b"") if doc.bom else b"") + body


def _new_bytes(doc, original: bytes, edits: list[Edit]) -> bytes:
    if doc.format in ("txt", "md"):
        if encode_like(doc, doc.text) != original:
            raise FixError("文件内容无法按原编码无损重写（可能含有非标准字节），为避免损坏数据未作修改",
                           "the file does not re-encode to the same bytes in its encoding; left untouched to avoid data loss")
        return encode_like(doc, apply_text(doc.text, edits))
    if doc.format == "docx":
        from xxgk_lint.readers.docx import apply_edits

        return apply_edits(original, doc, edits)
    raise FixError(f"{doc.format} 格式不支持自动修复", f"automatic fixes are not supported for {doc.format} files")


def write_atomic(path: str, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename, so
    readers see the old file or the new one, never half of one.  ``durable`` also flushes it to disk
    before the rename (a user's file; a cache entry need not be)."""
    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:  # a new file gets the permissions open() would give it, not mkstemp's 0600
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=".xxgk-lint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _diff(path: str, before: str, after: str) -> str:
    import difflib

    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def fix_file(result, unsafe: bool = False, write: bool = True,
             relint: Callable[[bytes], object] | None = None, lang: str = "zh") -> FixOutcome:
    """Apply the fixes of ``result`` (a :class:`xxgk_lint.result.FileResult`) to its file.

    ``relint(data) -> FileResult`` lints new contents in memory; with it, fixes are applied in passes
    until nothing fixable is left.  ``write=False`` computes the outcome (and its diff) only.
    """
    doc = result.document
    if doc is None:
        return FixOutcome()
    if not can_write(doc.format):
        return FixOutcome()
    path = result.path
    try:
        with open(path, "rb") as fh:
            original = fh.read()
    except OSError as exc:
        return FixOutcome(error=_one(lang, f"无法读取文件：{exc.strerror or exc}", f"cannot read the file: {exc.strerror or exc}"))
    if doc.source_bytes_hash and hashlib.sha256(original).hexdigest() != doc.source_bytes_hash:
        return FixOutcome(error=_one(lang, "文件在检查后已被修改，未应用修复；请重新运行",
                                     "the file changed after it was checked; no fix applied, run again"))
    outcome = FixOutcome()
    current, data, first_doc = result, original, doc
    try:
        for _ in range(MAX_PASSES):
            chosen = select_compatible(wanted(current.diagnostics, unsafe))
            if not chosen:
                break
            data = _new_bytes(current.document, data, [e for d in chosen for e in d.fix.edits])
            outcome.applied += len(chosen)
            for d in chosen:
                outcome.codes[d.code] = outcome.codes.get(d.code, 0) + 1
            if relint is None:
                break
            current = relint(data)
            if current.document is None:  # the fixed file no longer reads: never write it
                raise FixError("修复后的文件无法重新读取，已放弃修复", "the fixed file could not be read back; fixes abandoned")
    except FixError as exc:
        return FixOutcome(error=exc.detail["en" if lang == "en" else "zh"])
    if not outcome.applied:
        return outcome
    if not write:
        after = current.document.text if relint is not None else _preview_text(first_doc, result.diagnostics, unsafe)
        outcome.diff = _diff(path, first_doc.text, after)
        return outcome
    try:
        write_atomic(path, data)
    except OSError as exc:
        return FixOutcome(error=_one(lang, f"无法写入文件：{exc.strerror or exc}", f"cannot write the file: {exc.strerror or exc}"))
    return outcome


def _preview_text(doc, diagnostics, unsafe: bool) -> str:
    chosen = select_compatible(wanted(diagnostics, unsafe))
    return apply_text(doc.text, [e for d in chosen for e in d.fix.edits])


def _one(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh
