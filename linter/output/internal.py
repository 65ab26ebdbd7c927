"""Internal errors (a rule that crashed on a file, an engine bug on one file) as every output shows them.

The runner records them as strings in ``FileResult.internal_errors``: ``"W701 (RuntimeError: boom)"``
for a rule, ``"RuntimeError: boom"`` (or ``"WorkerKilled: …"``) for the engine.  :func:`entries`
splits them into ``(path, rule, message)``, ``rule`` being ``None`` when no rule is named, and
:func:`line` words one as a human-readable line naming the rule and the file.
"""

from __future__ import annotations

import re

from xxgk_lint.output.safe import printable

_RULE = re.compile(r"([A-Z]{1,2}[0-9]{3,4}) \((.*)\)", re.DOTALL)


def split(entry: str) -> tuple[str | None, str]:
    """``(rule code or None, message)`` of one recorded internal error."""
    m = _RULE.fullmatch(entry)
    if m:
        return m.group(1), m.group(2)
    return None, entry


def of(result) -> list[tuple[str | None, str]]:
    """The internal errors of one result as ``(rule, message)`` pairs."""
    return [split(e) for e in getattr(result, "internal_errors", ()) or ()]


def entries(results) -> list[tuple[str, str | None, str]]:
    """Every internal error of a run as ``(path, rule, message)``, in file order."""
    return [(r.path, rule, message) for r in results for rule, message in of(r)]


def count(results) -> int:
    return sum(len(getattr(r, "internal_errors", ()) or ()) for r in results)


def line(path: str, rule: str | None, message: str, lang: str) -> str:
    """One line for a terminal or a log, control characters made visible."""
    path, message = printable(path), printable(message)
    if lang == "en":
        if rule:
            return f"{path}: internal error in rule {rule} (the rule did not finish on this file): {message}"
        return f"{path}: internal error (this file was not fully checked): {message}"
    if rule:
        return f"{path}: 规则 {rule} 内部错误（该规则未能检查完此文件）：{message}"
    return f"{path}: 内部错误（此文件未能检查完）：{message}"


def human_lines(results, ctx) -> list[str]:
    """The lines of the ``full`` and ``concise`` formats: one per internal error, in the error colour."""
    from xxgk_lint.output.style import paint

    return [paint(line(path, rule, message, ctx.lang), "error", ctx.color) for path, rule, message in entries(results)]
