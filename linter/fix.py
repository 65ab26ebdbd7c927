"""Applying fixes: edits against ``Document.text`` turned into a new file, without ever losing data.

The guarantees, for every format that has a writer (:mod:`xxgk_lint.formats`, :mod:`xxgk_lint.writers`):

* **only the fixed bytes change**: a text file is re-encoded in its own encoding, with its BOM and
  line endings; the edit is refused when the decoded text would not encode back to the very bytes
  that were read (so splicing text is splicing bytes) (:mod:`xxgk_lint.writers.text`).  A .docx is
  rewritten by :mod:`xxgk_lint.writers.docx` (only the text of the affected runs in
  ``word/document.xml`` changes);
* **atomic**: a temporary file in the same directory, flushed and renamed over the original, keeping
  its owner, group, mode and extended attributes (:mod:`xxgk_lint.atomic`); a symlink is followed
  (its target is fixed, the link stays); a file with several hard links is overwritten in place so
  every name sees the fix; temporaries are removed on Ctrl-C/SIGTERM and, after a hard kill, by the
  next run;
* **refused for a read-only file** (no owner write bit, or not writable by us; even as root);
* **refused when the file changed** since it was read (its sha256 differs);
* **idempotent**: fixes are applied in passes, re-linting in memory after each, until nothing
  fixable is left (at most ``MAX_PASSES``), so a second ``--fix`` run changes nothing;
* overlapping fixes are never applied together: the later one waits for the next pass.

Safe fixes change form only (punctuation, typos in labels, notation, digit width); unsafe fixes
(e.g. writing 0 into a blank cell) change what a reader sees and need ``--unsafe-fixes``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from xxgk_lint import writers
from xxgk_lint.atomic import write_atomic
from xxgk_lint.diagnostics import Diagnostic, Edit
from xxgk_lint.errors import FixError
from xxgk_lint.formats import can_write
from xxgk_lint.writers.text import apply_text, encode_like

__all__ = [
    "FixError",
    "FixOutcome",
    "MAX_PASSES",
    "apply_text",
    "can_write",
    "encode_like",
    "fix_file",
    "select_compatible",
    "unified_diff",
    "wanted",
    "write_atomic",
]

MAX_PASSES = 10


@dataclass
class FixOutcome:
    applied: int = 0  # fixes (diagnostics) applied
    diff: str = ""  # unified diff of the text, when asked for
    error: str | None = None  # why nothing was written (bilingual, one line)
    codes: dict[str, int] = field(default_factory=dict)  # fixes applied per rule code


def wanted(diagnostics: Iterable[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    return [d for d in diagnostics if d.fix is not None and d.fix.edits and (d.fix.safe or unsafe)]


def _edits(d: Diagnostic) -> tuple[Edit, ...]:
    return d.fix.edits if d.fix is not None else ()


def select_compatible(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Fixes whose edits overlap none of the fixes already taken (in document order)."""
    taken: list[tuple[int, int]] = []
    out = []
    for d in sorted(diagnostics, key=lambda d: min(e.span.start for e in _edits(d))):
        spans = [(e.span.start, e.span.end) for e in _edits(d)]
        if any(_overlap(s, t) for s in spans for t in taken):
            continue
        if any(_overlap(a, b) for i, a in enumerate(spans) for b in spans[i + 1 :]):
            continue  # a fix with self-overlapping edits is malformed: never apply it
        taken.extend(spans)
        out.append(d)
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # two insertions at one point, or an insertion inside a replaced range, also conflict
    if a[0] == a[1] or b[0] == b[1]:
        return a[0] <= b[1] and b[0] <= a[1]
    return a[0] < b[1] and b[0] < a[1]


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of a file's text before and after its fixes (lines as :mod:`xxgk_lint.lines` cuts them)."""
    import difflib

    from xxgk_lint.lines import split

    lines = difflib.unified_diff(split(before), split(after), fromfile=f"a/{path}", tofile=f"b/{path}")
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def fix_file(
    result, unsafe: bool = False, write: bool = True, relint: Callable[[bytes], Any] | None = None, lang: str = "zh"
) -> FixOutcome:
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
        return FixOutcome(
            error=_one(lang, f"无法读取文件：{exc.strerror or exc}", f"cannot read the file: {exc.strerror or exc}")
        )
    if doc.source_bytes_hash and hashlib.sha256(original).hexdigest() != doc.source_bytes_hash:
        return FixOutcome(
            error=_one(
                lang,
                "文件在检查后已被修改，未应用修复；请重新运行",
                "the file changed after it was checked; no fix applied, run again",
            )
        )
    outcome = FixOutcome()
    current, data, first_doc = result, original, doc
    try:
        for _ in range(MAX_PASSES):
            chosen = select_compatible(wanted(current.diagnostics, unsafe))
            if not chosen:
                break
            data = writers.apply(current.document, data, [e for d in chosen for e in _edits(d)])
            outcome.applied += len(chosen)
            for d in chosen:
                outcome.codes[d.code] = outcome.codes.get(d.code, 0) + 1
            if relint is None:
                break
            current = relint(data)
            if current.document is None:  # the fixed file no longer reads: never write it
                raise FixError(
                    "修复后的文件无法重新读取，已放弃修复", "the fixed file could not be read back; fixes abandoned"
                )
    except FixError as exc:
        return FixOutcome(error=exc.detail["en" if lang == "en" else "zh"])
    if not outcome.applied:
        return outcome
    if not write:
        after = current.document.text if relint is not None else _preview_text(first_doc, result.diagnostics, unsafe)
        outcome.diff = unified_diff(path, first_doc.text, after)
        return outcome
    refused = _refuse(path, lang)
    if refused:
        return FixOutcome(error=refused)
    try:
        write_atomic(path, data)
    except OSError as exc:
        return FixOutcome(
            error=_one(lang, f"无法写入文件：{exc.strerror or exc}", f"cannot write the file: {exc.strerror or exc}")
        )
    return outcome


def _refuse(path: str, lang: str) -> str | None:
    """Why ``path`` must not be written, or None.  A read-only file (no write permission for its
    owner, or none for us) is the user's "do not touch": refused, even for root, who could replace it."""
    import stat

    try:
        st = os.stat(path)  # follows a symlink: the target is what gets fixed
    except OSError as exc:
        return _one(lang, f"无法写入文件：{exc.strerror or exc}", f"cannot write the file: {exc.strerror or exc}")
    if not stat.S_ISREG(st.st_mode):
        return _one(lang, "不是普通文件，未写入修复", "not a regular file; no fix written")
    if not st.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        return _one(
            lang,
            "文件是只读的，未写入修复（如需修复，请先去掉只读属性）",
            "the file is read-only; no fix written (make it writable to fix it)",
        )
    return None


def _preview_text(doc, diagnostics, unsafe: bool) -> str:
    chosen = select_compatible(wanted(diagnostics, unsafe))
    return apply_text(doc.text, [e for d in chosen for e in _edits(d)])


def _one(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh
