"""The result of linting one file (:class:`FileResult`) and its light form (:class:`LightDocument`).

A full result carries the document and the report (needed for fixing); the light form keeps only the
diagnostics and the few source lines the output shows, so the cache and ``--jobs`` workers can carry
it and memory stays flat in the number of files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from xxgk_lint.diagnostics import Diagnostic
from xxgk_lint.document import Document
from xxgk_lint.facts import ReportFacts


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    document: Document | LightDocument | None = None  # LightDocument: from the cache or a --jobs worker
    report: object | None = None
    internal_errors: list[str] = field(default_factory=list)
    suppressed: int = 0  # findings silenced by inline comments
    cached: bool = False  # restored from the cache
    facts: ReportFacts | None = None  # what the cross-report rules and the summary need (kept in light form)
    over_budget: bool = False  # not checked: over the time budget (limits.time-budget); never cached

    def light(self) -> FileResult:
        """A picklable copy without the document and report (for the cache and ``--jobs`` workers)."""
        doc = self.document
        if doc is not None and not isinstance(doc, LightDocument):
            doc = LightDocument.of(doc, self.diagnostics)
        return FileResult(
            self.path, self.diagnostics, doc, None, list(self.internal_errors), self.suppressed, self.cached, self.facts,
            self.over_budget,
        )  # fmt: skip


class LightDocument:
    """What the output needs from a document once it is gone: its format, path and the source lines that
    the diagnostics point at (``line_text``).  Results from the cache and from workers carry this."""

    __slots__ = ("path", "format", "lines", "source_text")

    def __init__(self, path: str, format: str, lines: dict[int, str]):
        self.path, self.format, self.lines = path, format, lines
        self.source_text = None

    @classmethod
    def of(cls, doc: Document, diagnostics: Iterable[Diagnostic]) -> LightDocument:
        wanted: set[int] = set()
        for d in diagnostics:
            for loc in [d.location, *(r.location for r in d.related if r.path is None)]:
                if loc is not None:
                    wanted.update(range(loc.line, min(loc.end_line, loc.line + 20) + 1))
        return cls(doc.path, doc.format, {n: doc.line_text(n) for n in sorted(wanted)})

    def line_text(self, line: int) -> str:
        return self.lines.get(line, "")

    def __getstate__(self):
        return (self.path, self.format, self.lines)

    def __setstate__(self, state):
        self.path, self.format, self.lines = state
        self.source_text = None
