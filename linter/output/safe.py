"""Text from reports and file names is untrusted: make it safe to print.

A file name or a .docx cell can hold ESC/OSC sequences (which set a terminal's title or clear its
screen), carriage returns that overwrite what was printed, or a newline followed by ``::error …``
that a CI runner would take for a workflow command.  Every human-readable output passes such text
through :func:`printable` before adding its own colours, and the GitHub format also passes its plain
log lines through :func:`log_line`.
"""

from __future__ import annotations

import re

# C0 controls except TAB, DEL, C1 controls, and the Unicode line/paragraph separators and bidi overrides
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMES = {"\n": "\\n", "\r": "\\r", "\x1b": "\\e"}


def _visible(m: re.Match) -> str:
    ch = m.group(0)
    named = _NAMES.get(ch)
    if named:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown as an escape (``\\e``, ``\\n``, ``\\x07`` …).

    With ``keep_newlines`` a LF stays a line break (for multi-line texts we lay out ourselves)."""
    if not text:
        return text
    if keep_newlines:
        return "\n".join(_CONTROL.sub(_visible, part) for part in text.split("\n"))
    return _CONTROL.sub(_visible, text)


def log_line(text: str) -> str:
    """One line for a CI log that no runner takes for a command: controls escaped, and a line that
    would start with ``::`` (a GitHub workflow command) gets a visible marker in front."""
    line = printable(text)
    if line.lstrip().startswith("::"):
        line = "\u00bb " + line
    return line


class _PrintableLines:
    """A document stand-in whose source lines are :func:`printable` (for the excerpts of ``full``)."""

    def __init__(self, doc):
        self._doc = doc
        self.format = getattr(doc, "format", None)
        self.path = getattr(doc, "path", None)

    def line_text(self, line: int) -> str:
        fn = getattr(self._doc, "line_text", None)
        return printable(fn(line) or "") if fn is not None else ""


def _clean(mapping):
    return {k: printable(v, keep_newlines=True) if isinstance(v, str) else v for k, v in mapping.items()}


def printable_results(results):
    """Copies of ``results`` for the terminal formats (``full``, ``concise``): file names, messages, help,
    context, related messages and source lines with control characters made visible (results and
    diagnostics with nothing to escape are kept as they are)."""
    import dataclasses

    out = []
    for r in results:
        diags = []
        changed = bool(_CONTROL.search(r.path or ""))
        for d in r.diagnostics:
            texts = [d.path, d.context or "", *d.message.values(), *(d.help or {}).values()]
            texts += [t for rel in d.related for t in (*rel.message.values(), rel.path or "")]
            if any(_CONTROL.search(t) for t in texts if isinstance(t, str)):
                changed = True
                d = dataclasses.replace(
                    d,
                    path=printable(d.path),
                    context=printable(d.context or ""),
                    message=_clean(d.message),
                    help=_clean(d.help) if d.help else d.help,
                    related=tuple(
                        dataclasses.replace(
                            rel, message=_clean(rel.message), path=printable(rel.path) if rel.path else rel.path
                        )
                        for rel in d.related
                    ),
                )
            diags.append(d)
        doc = getattr(r, "document", None)
        if doc is not None:
            changed = True  # source lines may hold anything: checked as they are shown
        if changed:
            r = dataclasses.replace(
                r,
                path=printable(r.path),
                diagnostics=diags,
                document=_PrintableLines(doc) if doc is not None else None,
            )
        out.append(r)
    return out
