"""Diagnostics are plain data: what a rule found, where, in both languages, and how to fix it.

Rules build them (through :meth:`xxgk_lint.rule.Rule.diagnostic`); the runner stamps the path, the
resolved severity and the source location; every output format renders the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from xxgk_lint.document import Location, Span


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (expected error, warning or info)") from None

    @property
    def label(self) -> str:
        return self.name.lower()

    def label_in(self, lang: str) -> str:
        if lang == "en":
            return self.label
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.label]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``Document.text[span.start:span.end]`` with ``replacement``."""

    span: Span
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    edits: tuple[Edit, ...]
    safe: bool = True
    description: dict[str, str] = field(default_factory=dict)  # {"zh": ..., "en": ...}

    @property
    def applicability(self) -> str:
        return "safe" if self.safe else "unsafe"


@dataclass(frozen=True, slots=True)
class Related:
    span: Span | None
    message: dict[str, str]
    location: Location | None = None
    path: str | None = None  # another file (cross-report findings, X80x); None: the diagnostic's own file
    line_text: str = ""  # the source line in that other file, when the output shows snippets


TARGET_KINDS = ("cell", "row", "column", "table", "section", "document")


@dataclass(frozen=True, slots=True)
class Target:
    """What a finding is about, in the template's own ids (independent of the input format).

    ``kind`` is one of ``cell`` (table + row + column), ``row`` (table + row), ``column`` (table +
    column, e.g. a header label), ``table``, ``section`` (a heading or a section's text: ``section``
    id) or ``document``.  Ids are the template's (``t3``, ``unavailable_1``, ``natural``, ``s3``);
    ``section`` is also given for table targets (the section the table belongs to); unknown parts
    stay ``None``.
    """

    kind: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    section: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {k: v for k in ("kind", "table", "row", "column", "section") if (v := getattr(self, k)) is not None}

    @classmethod
    def from_dict(cls, data: dict) -> Target:
        return cls(
            kind=data["kind"],
            table=data.get("table"),
            row=data.get("row"),
            column=data.get("column"),
            section=data.get("section"),
        )

    @property
    def path(self) -> str:
        """A fully qualified name: ``t3/unavailable_1/natural`` (cell), ``t3/unavailable_1`` (row),
        ``t4/*/review_total`` (column), ``t3`` (table), ``s3`` (section), ``""`` (document)."""
        if self.table is None:
            return self.section or ""
        if self.kind == "column":
            return f"{self.table}/*/{self.column}"
        return "/".join(p for p in (self.table, self.row, self.column) if p is not None)


@dataclass(slots=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: dict[str, str]  # {"zh": ..., "en": ...}, already formatted
    span: Span | None = None  # None: the whole file
    help: dict[str, str] | None = None  # what was expected / how to fix it
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    target: Target | None = None  # the template cell/row/table/section the finding is about
    # stamped by the runner
    path: str = ""
    location: Location | None = None
    context: str = ""  # e.g. the section or table the span is in, for formats without lines
    fingerprint: str = ""  # stable across edits elsewhere in the file (baseline, SARIF)

    def text(self, lang: str = "zh") -> str:
        return self.message.get(lang) or self.message.get("zh") or next(iter(self.message.values()), "")

    def help_text(self, lang: str = "zh") -> str:
        if not self.help:
            return ""
        return self.help.get(lang) or self.help.get("zh", "")

    def sort_key(self):
        loc = self.location
        return (self.path, loc.line if loc else 0, loc.column if loc else 0, self.code)
