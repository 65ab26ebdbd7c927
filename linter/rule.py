"""The rule base class: a rule is a small, self-describing unit.

A rule declares who it is (``code``, ``name``), how bad its findings are by default
(``severity``), why it exists (``summary``, ``description``, ``basis`` — the legal or format
basis), what it looks like (``examples`` with a failing and a passing report excerpt), which
options it takes (``options``, JSON-Schema fragments with defaults), which template editions it
applies to, whether it can fix (``fix_safety``: ``"safe"``, ``"unsafe"`` or ``None``), and its message
texts in Chinese and English (``messages``).  Its behaviour is one pure generator,
:meth:`Rule.check`, that reads a :class:`xxgk_lint.report.Report` and yields
:class:`xxgk_lint.diagnostics.Diagnostic` objects built with :meth:`Rule.diagnostic`.

Two kinds of rule need more than the report, and say so by their base class (the engine names no
rule codes):

* :class:`InputRule` — about the input itself (E0xx): runs on every file, report or not, and is asked
  about files that cannot be read at all (:meth:`InputRule.unreadable`, with an :class:`InputContext`);
* :class:`AcrossRule` — compares reports with each other (X80x): runs once per run, after every file
  was linted, on the :class:`~xxgk_lint.facts.ReportFacts` of all of them (:meth:`AcrossRule.check_across`,
  with an :class:`AcrossContext`);
* :class:`PostRule` — judges a file's final diagnostics and suppression comments (M0xx): runs after
  the inline suppressions were applied (:meth:`PostRule.after_suppression`, with a :class:`PostContext`).

Everything else — selection, severity overrides, suppression, baselines, fixes, output and exit
codes — is the framework's job.  ``__init_subclass__`` checks the metadata when the class is
defined, so a rule with missing docs or a message in only one language cannot be registered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from xxgk_lint.diagnostics import Diagnostic, Fix, Related, Severity, Target
from xxgk_lint.document import Span
from xxgk_lint.errors import ReaderError

CODE_RE = re.compile(r"^[A-Z][A-Z]?\d{3,4}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
LANGS = ("zh", "en")


class RuleDefinitionError(TypeError):
    pass


def _bilingual(cls_name: str, attr: str, value: Any) -> None:
    if not isinstance(value, dict) or any(
        not isinstance(value.get(lang), str) or not value.get(lang) for lang in LANGS
    ):
        raise RuleDefinitionError(f"{cls_name}.{attr} needs non-empty 'zh' and 'en' texts")


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    summary: ClassVar[dict[str, str]] = {}
    description: ClassVar[dict[str, str]] = {}
    basis: ClassVar[dict[str, str]] = {}
    examples: ClassVar[dict[str, str]] = {}  # {"fail": report excerpt, "pass": report excerpt}
    # False when the examples describe a file rather than being its text (E001: an undecodable file)
    examples_are_text: ClassVar[bool] = True
    # True when each example is several files, each starting with a line "==> path <==" (cross-report
    # rules, X80x: see xxgk_lint.ruledocs.example_files); the finding is on the last file
    examples_are_files: ClassVar[bool] = False
    options: ClassVar[dict[str, dict]] = {}  # option name -> JSON-Schema fragment with "default"
    messages: ClassVar[dict[str, dict[str, str]]] = {}  # message id -> {"zh": ..., "en": ...}
    fix_safety: ClassVar[str | None] = None  # the fixes it offers: "safe", "unsafe" or None (no fix)
    templates: ClassVar[tuple[str, ...]] = ("2019", "2021")  # template editions the rule applies to
    aliases: ClassVar[tuple[str, ...]] = ()
    tags: ClassVar[tuple[str, ...]] = ()
    # False for rules about the input itself (E0xx), which also run on files that are not reports
    needs_report: ClassVar[bool] = True
    abstract: ClassVar[bool] = False
    origin: ClassVar[str] = "xxgk-lint"  # the distribution the rule comes from (set by the registry)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("abstract"):
            return
        n = cls.__name__
        if not CODE_RE.match(cls.code or ""):
            raise RuleDefinitionError(f"{n}.code {cls.code!r} must look like S101")
        if not NAME_RE.match(cls.name or ""):
            raise RuleDefinitionError(f"{n}.name {cls.name!r} must be kebab-case")
        if not isinstance(cls.severity, Severity):
            raise RuleDefinitionError(f"{n}.severity must be a Severity")
        for attr in ("summary", "description", "basis"):
            _bilingual(n, attr, getattr(cls, attr))
        if not isinstance(cls.examples, dict) or not cls.examples.get("fail") or not cls.examples.get("pass"):
            raise RuleDefinitionError(f"{n}.examples needs a 'fail' and a 'pass' example")
        if not cls.messages:
            raise RuleDefinitionError(f"{n}.messages is empty")
        for key, texts in cls.messages.items():
            _bilingual(n, f"messages[{key!r}]", texts)
        if isinstance(cls.__dict__.get("fix"), str):  # the old name: Diagnostic.fix is the Fix object
            raise RuleDefinitionError(f"{n}.fix is now called fix_safety")
        if cls.fix_safety not in (None, "safe", "unsafe"):
            raise RuleDefinitionError(f"{n}.fix_safety must be 'safe', 'unsafe' or None")
        for opt, schema in cls.options.items():
            if not isinstance(schema, dict) or "default" not in schema:
                raise RuleDefinitionError(f"{n}.options[{opt!r}] needs a JSON-Schema fragment with a default")
            _bilingual(n, f"options[{opt!r}].description", schema.get("description"))

    def __init__(self, options: dict[str, Any] | None = None, severity: Severity | None = None):
        merged = {k: v["default"] for k, v in self.options.items()}
        if options:
            merged.update(options)
        self.opts = merged
        self.effective_severity = severity or self.severity

    # -- the one method a rule implements ---------------------------------------------------------
    def check(self, report) -> Iterator[Diagnostic]:  # pragma: no cover - abstract
        raise NotImplementedError
        yield

    # -- helpers for rules ------------------------------------------------------------------------
    def applies_to(self, report) -> bool:
        return report.template is None or report.template.id in self.templates

    @classmethod
    def fixable(cls) -> bool:
        return cls.fix_safety is not None

    def _fmt(self, key: str, args: dict) -> dict[str, str]:
        texts = self.messages[key]
        if not any(isinstance(v, dict) for v in args.values()):  # the same arguments in every language
            return {lang: texts[lang].format(**args) for lang in LANGS}
        out = {}
        for lang in LANGS:
            lang_args = {k: (v.get(lang, v.get("zh")) if isinstance(v, dict) else v) for k, v in args.items()}
            out[lang] = texts[lang].format(**lang_args)
        return out

    def diagnostic(
        self,
        key: str,
        span: Span | None,
        *,
        help: str | None = None,
        fix: Fix | None = None,
        severity: Severity | None = None,
        related: tuple[tuple[Span, str, dict], ...] = (),
        target: Target | None = None,
        **args,
    ) -> Diagnostic:
        """Build a diagnostic from message ``key`` (and optional ``help`` key) with format ``args``.

        An argument may itself be a ``{"zh": ..., "en": ...}`` dict to give language-specific values.
        ``related`` is a tuple of ``(span, message key, args)``.
        """
        return Diagnostic(
            code=self.code,
            name=self.name,
            severity=severity or self.effective_severity,
            message=self._fmt(key, args),
            span=span,
            help=self._fmt(help, args) if help else None,
            fix=fix,
            related=tuple(Related(s, self._fmt(k, a)) for s, k, a in related),
            target=target,
        )

    @classmethod
    def docs_markdown(cls, lang: str = "zh") -> str:
        """The rule's reference page, generated from its metadata (used by ``xxgk-lint rule`` and docs/)."""
        from xxgk_lint.ruledocs import render_rule

        return render_rule(cls, lang)


# -- kinds of rule the framework calls at other moments -------------------------------------------------
@dataclass
class InputContext:
    """What an input rule is told about a file that could not be read."""

    path: str
    error: ReaderError  # why (``reason``, bilingual ``detail``)


class InputRule(Rule):
    """A rule about the input itself (E0xx).  It runs on every file, report or not (``needs_report`` is
    False), and :meth:`unreadable` is called for a file that cannot be read (or a path that does not
    exist) instead of :meth:`check`, which then has no report to look at."""

    abstract = True
    needs_report = False

    def check(self, report) -> Iterator[Diagnostic]:
        return iter(())

    def unreadable(self, ctx: InputContext) -> Iterator[Diagnostic]:
        return iter(())


@dataclass
class PostContext:
    """What a post rule sees for one file, once the other rules ran and the suppressions were applied."""

    doc: Any  # xxgk_lint.document.Document
    directives: list  # xxgk_lint.suppress.Directive, every suppression comment of the file
    orphan_enables: list  # ``enable`` directives that closed nothing
    all_rules: dict  # code -> rule class, every known rule
    active: set[str] = field(default_factory=set)  # codes of the rules that ran on this file
    suppressed: int = 0  # findings silenced by the comments


class PostRule(Rule):
    """A rule computed from a file's final diagnostics and suppression comments (M0xx).  Its
    :meth:`check` yields nothing; :meth:`after_suppression` is called after the suppressions were
    applied, and its findings are stamped and can be silenced like any other."""

    abstract = True
    needs_report = False

    def check(self, report) -> Iterator[Diagnostic]:
        return iter(())

    def after_suppression(self, ctx: PostContext) -> Iterator[Diagnostic]:  # pragma: no cover - abstract
        raise NotImplementedError
        yield


@dataclass
class AcrossContext:
    """What a cross-report rule sees: the facts of every report of the run, in a stable order (by
    path), whatever order the files were given in."""

    reports: list  # xxgk_lint.facts.ReportFacts, sorted by path

    def by_agency(self) -> dict[str, list]:
        """Agency -> its reports sorted by year (reports with no known agency or year are left out)."""
        out: dict[str, list] = {}
        for f in self.reports:
            if f.identity.agency is not None and f.identity.year is not None:
                out.setdefault(f.identity.agency, []).append(f)
        for v in out.values():
            v.sort(key=lambda f: (f.identity.year, f.path))
        return out

    def _by_agency_year(self) -> dict[tuple, list]:
        seen: dict[tuple, list] = {}
        for f in self.reports:
            if f.identity.known:
                seen.setdefault((f.identity.agency, f.identity.year), []).append(f)
        return seen

    def duplicates(self, copies: bool = False) -> list[list]:
        """Groups of two or more reports of the same agency and year (X806), each sorted by path.  Copies
        of one report (every figure they both hold is the same: one report in several formats, or the same
        file twice) are one report, not a duplicate, unless ``copies``."""
        groups = self._by_agency_year()
        return [
            v for _, v in sorted(groups.items(), key=lambda kv: kv[0]) if len(v) > 1 and (copies or not one_report(v))
        ]

    def pairs(self) -> Iterator[tuple]:
        """``(last year's facts, this year's facts)`` for every agency with reports for two consecutive
        years (year − 1 exactly).  An agency-year with two or more different files is left out: which of
        them is the report is not guessed (X806 names them).  Copies of one report (:func:`one_report`)
        are compared through each of this year's files (each gets its finding) with the first of last
        year's."""
        groups = self._by_agency_year()
        for (agency, year), files in sorted(groups.items(), key=lambda kv: kv[0]):
            prev = groups.get((agency, year - 1))
            if prev is None or (len(prev) > 1 and not one_report(prev)) or (len(files) > 1 and not one_report(files)):
                continue
            for f in files:
                yield prev[0], f


def one_report(files: list) -> bool:
    """Whether ``files`` (facts of one agency and year) are copies of one report: the same figure in every
    cell that two of them both hold (trusted and not blank) — one report in several formats (2022.docx,
    2022.pdf), or the same file under two names.  Two versions with one figure changed are not."""
    from decimal import Decimal, InvalidOperation

    def figure(value: str):
        try:
            return Decimal(value)
        except (InvalidOperation, ValueError):
            return None

    # the same text is the same figure (NaN aside): Decimals only for the cells whose texts differ
    first = {k: c.value for k, c in files[0].cells.items() if c.trusted and c.value is not None}
    for other in files[1:]:
        if other.cells == files[0].cells:  # the same cells (a copy of the file): the same figures
            continue
        for key, cell in other.cells.items():
            mine = first.get(key)
            if mine is None or not cell.trusted or cell.value is None:
                continue
            if mine == cell.value and "n" not in mine and "N" not in mine:
                continue
            a, b = figure(mine), figure(cell.value)
            if a is not None and b is not None and a != b:
                return False
    return True


class AcrossRule(Rule):
    """A rule that compares reports with each other (X80x).  Its :meth:`check` yields nothing;
    :meth:`check_across` is called once per run with the facts of every report and yields
    diagnostics whose ``path`` names the file they are reported on and whose ``location`` is set
    directly (there is no document any more); ``related`` entries name the other file (``path``)."""

    abstract = True
    examples_are_files = True
    # the rows whose cells the rule's findings point at, as (table id, row id) or (table id, None) for
    # every row of a table: the per-file facts keep the location and source line of these cells only
    located_rows: ClassVar[tuple[tuple[str, str | None], ...]] = ()
    # True when the rule compares narrative text: the per-file facts then keep the report's passages
    # (xxgk_lint.similar.passages_of), which cost a tenth of a file's time; otherwise they are not collected
    needs_passages: ClassVar[bool] = False

    def check(self, report) -> Iterator[Diagnostic]:
        return iter(())

    def check_across(self, ctx: AcrossContext) -> Iterator[Diagnostic]:  # pragma: no cover - abstract
        raise NotImplementedError
        yield

    def across_diagnostic(
        self,
        key: str,
        facts,
        place=None,
        *,
        target: Target | None = None,
        related: tuple = (),
        help: str | None = None,
        **args,
    ) -> Diagnostic:
        """A finding on the report ``facts`` (a :class:`~xxgk_lint.facts.ReportFacts`) at the cell
        ``place`` (a :class:`~xxgk_lint.facts.CellFact`; None: the whole file).  ``related`` is a tuple of
        ``(facts of the file, CellFact or None, message key, args)``: places in the other file (or in this
        one), each carried with its path and source line."""
        d = self.diagnostic(key, None, help=help, target=target, **args)
        d.path = facts.path
        d.location = place.location if place is not None else None
        if target is not None and target.section and facts.edition:
            from xxgk_lint import templates

            try:
                section = templates.load(facts.edition).section(target.section)
            except Exception:  # a template that cannot be loaded: no heading to show
                section = None
            d.context = section.heading if section is not None else ""
        d.related = tuple(
            Related(
                None,
                self._fmt(k, a),
                cell.location if cell is not None else None,
                other.path if other.path != facts.path else None,
                cell.line_text if cell is not None else "",
            )
            for other, cell, k, a in related
        )
        return d
