"""The per-file pipeline (:class:`Linter`): read, recognise, run the selected rules, stamp, suppress.

``Linter.lint_file`` never raises for a bad input: an unreadable file becomes an input-rule diagnostic
(E001), a file that is not a report another (E002), and a rule that crashes is reported as an internal
error on that file (``FileResult.internal_errors``, exit code 2) while the other rules still run.

After the rules ran on a document, the linter

1. stamps every diagnostic (:meth:`Linter.stamp`) with its path, source location, the title of the
   report section its span is in (``Diagnostic.context``, e.g. "三、收到和处理政府信息公开申请情况")
   and a fingerprint;
2. applies the inline ``<!-- xxgk-lint: ... -->`` comments (:mod:`xxgk_lint.suppress`) and then runs the
   post rules (:class:`xxgk_lint.rule.PostRule`, such as M001/M002 in :mod:`xxgk_lint.rules.meta`) on the
   final diagnostics; their findings are stamped and filtered the same way;
3. gives each diagnostic a fingerprint that survives edits elsewhere in the file: a hash of the code,
   the file name, the flagged text (or its line) and the message, plus an occurrence index when the
   same finding appears more than once.  It never contains a line number.

Settings live in :mod:`xxgk_lint.settings`, results in :mod:`xxgk_lint.result`, file discovery in
:mod:`xxgk_lint.discover`, many files and workers in :mod:`xxgk_lint.pool`.
"""

from __future__ import annotations

import hashlib
import os
import sys
from fnmatch import fnmatch

from xxgk_lint import lines, registry, selection, suppress
from xxgk_lint.diagnostics import Diagnostic, Severity
from xxgk_lint.discover import relative_path
from xxgk_lint.document import Document
from xxgk_lint.facts import ReportFacts
from xxgk_lint.formats import can_write
from xxgk_lint.readers import ReaderError, read_path
from xxgk_lint.result import FileResult, LightDocument
from xxgk_lint.rule import AcrossRule, InputContext, InputRule, PostContext, PostRule, Rule
from xxgk_lint.settings import Settings

__all__ = ["FileResult", "LightDocument", "Linter", "Settings"]  # ``from xxgk_lint.runner import Linter, Settings``


class Linter:
    """Holds the resolved rule set; lints documents and files."""

    def __init__(self, settings: Settings, rules: dict[str, type[Rule]] | None = None):
        self.settings = settings
        self.all_rules = rules if rules is not None else registry.load_rules(settings.plugins)
        chosen = selection.resolve(self.all_rules, settings.select, settings.extend_select, settings.ignore)
        for key in list(settings.severity) + list(settings.rule_options):
            selection.check_known([key], self.all_rules, "配置 / config: ")
        self.rules: list[Rule] = []
        # the most specific key wins: ALL < a prefix (longer is more specific) < a code or a name
        by_specificity = lambda kv: selection.specificity(kv[0])  # noqa: E731
        severity = sorted(settings.severity.items(), key=by_specificity)
        rule_options = sorted(settings.rule_options.items(), key=by_specificity)
        for cls in chosen:
            sev = None
            opts: dict = {}
            for key, value in severity:
                if selection.matches(key, cls):
                    sev = Severity.parse(value)
            for key, options in rule_options:
                if selection.matches(key, cls):
                    opts.update(options)
            self.rules.append(cls(opts, sev))
        self.codes = {r.code for r in self.rules}
        self.input_rules = [r for r in self.rules if isinstance(r, InputRule)]
        self.post_rules = [r for r in self.rules if isinstance(r, PostRule)]
        self.across_rules = [r for r in self.rules if isinstance(r, AcrossRule)]  # run by xxgk_lint.across
        # the table rows whose cells the cross-report rules point at: only those are located in the facts
        self.located_rows = frozenset(row for r in self.across_rules for row in r.located_rows)
        self.needs_passages = any(r.needs_passages for r in self.across_rules)
        self._per_kind: dict[tuple, list[tuple[Rule, bool]]] = {}  # see _checking

    def _checking(self, report) -> list[tuple[Rule, bool]]:
        """The rules that check ``report`` in :meth:`lint_document`, in order, each with whether its own
        ``applies_to`` must still be asked (a rule that overrides it); the rest depends only on whether
        the document is a report and on its template, so it is worked out once per kind of report."""
        key = (report.is_report, report.template.id if report.template is not None else None)
        found = self._per_kind.get(key)
        if found is None:
            found = self._per_kind[key] = []
            for rule in self.rules:
                if isinstance(rule, AcrossRule):
                    continue  # runs once per run on every file's facts (xxgk_lint.across), not here
                if not rule.needs_report:
                    found.append((rule, False))
                elif report.is_report:
                    if type(rule).applies_to is not Rule.applies_to:
                        found.append((rule, True))
                    elif rule.applies_to(report):
                        found.append((rule, False))
        return found

    def rule(self, code: str) -> Rule | None:
        return next((r for r in self.rules if r.code == code), None)

    # -- linting -------------------------------------------------------------------------------
    def lint_file(self, path: str, data: bytes | None = None) -> FileResult:
        result = FileResult(path)
        try:
            doc = read_path(path, self.settings.limits, data=data)
        except ReaderError as err:
            self._unreadable(result, err, self._ignored_for(path))
            return result
        return self.lint_document(doc, result)

    def unreadable(self, path: str, err: ReaderError) -> FileResult:
        """The result for a file that cannot be read: what the input rules say about it."""
        result = FileResult(path)
        self._unreadable(result, err, self._ignored_for(path))
        return result

    def missing(self, path: str, err: ReaderError | None = None) -> FileResult:
        """The result for a path that does not exist: what the input rules say about it (per-file
        ignores are not applied: the path names no file)."""
        result = FileResult(path)
        self._unreadable(result, err or ReaderError("missing", "文件或目录不存在", "no such file or directory"), [])
        return result

    def _unreadable(self, result: FileResult, err: ReaderError, ignored: list[str]) -> None:
        """Ask the input rules about a file that cannot be read."""
        ctx = InputContext(result.path, err)
        for rule in self.input_rules:
            if ignored and any(selection.matches(s, type(rule)) for s in ignored):
                continue
            try:
                for d in rule.unreadable(ctx):
                    result.diagnostics.append(self.stamp(d, result.path, None))
            except _RULE_FAILURES as exc:  # a rule bug (even SystemExit): report it, keep going
                _crashed(result, rule, exc)
        _fingerprints(result.diagnostics, None)

    def lint_document(self, doc: Document, result: FileResult | None = None) -> FileResult:
        from xxgk_lint.recognise import recognise

        result = result or FileResult(doc.path)
        result.document = doc
        directives = suppress.directives_of(doc, self.all_rules)
        report = recognise(suppress.masked(doc, directives[0]) if directives[0] else doc, self.settings.template)
        result.report = report
        ignored = self._ignored_for(doc.path)
        found: list[Diagnostic] = []
        active: set[str] = set()
        for rule, ask in self._checking(report):
            if ignored and any(selection.matches(s, type(rule)) for s in ignored):
                continue
            if ask and not rule.applies_to(report):
                continue
            active.add(rule.code)
            try:
                for d in rule.check(report):
                    found.append(self.stamp(d, doc.path, doc, report))
            except _RULE_FAILURES as exc:  # a rule bug (even SystemExit): report it, keep going
                _crashed(result, rule, exc)
        found = self._suppress(doc, report, found, active, result, directives)
        found.sort(key=Diagnostic.sort_key)
        found = cap_findings(found, self.settings.limits.max_findings_per_rule)
        _fingerprints(found, doc)
        result.diagnostics = found
        if report.is_report:  # every report: the X rules and the repository summary read them
            result.facts = self._facts(doc, report, directives[0])
        return result

    def _facts(self, doc: Document, report, directives) -> ReportFacts:
        """What the cross-report phase needs from this report (:mod:`xxgk_lint.facts`), with the rule
        selectors its suppression comments name (``*``: every rule): ``disable-file`` ones, and the lines
        the others cover."""
        from xxgk_lint import facts, identity

        f = facts.collect(
            doc,
            report,
            identity.identify(doc.path, report, self.settings),
            self.located_rows,
            passages=self.needs_passages,
        )
        off: list[str] = []
        ranges: list[tuple[int, int, tuple[str, ...]]] = []
        for d in directives:
            if not d.valid_kind:
                continue
            selectors = ("*",) if d.selectors is None else tuple(d.selectors)
            if d.kind == "disable-file":
                off.extend(selectors)
            elif d.kind == "disable-line":
                ranges.append((d.line, d.line, selectors))
            elif d.kind == "disable-next-line":
                ranges.append((d.line + 1, d.line + 1, selectors))
            elif d.kind == "disable":
                ranges.append((d.line, d.end_line or 0, selectors))
        f.disabled = tuple(off)
        f.suppressions = tuple(ranges)
        return f

    def _suppress(
        self, doc: Document, report, found: list[Diagnostic], active: set[str], result: FileResult, directives_orphans
    ) -> list[Diagnostic]:
        """Apply inline suppression comments, then run the post-processing rules."""
        directives, orphans = directives_orphans
        if not directives:
            return found
        kept, result.suppressed = suppress.filter_diagnostics(found, directives, self.all_rules)
        post = [r for r in self.post_rules if r.code in active]
        if post:
            ctx = PostContext(doc, directives, orphans, self.all_rules, active, result.suppressed)
            extra = []
            for rule in post:
                try:
                    for d in rule.after_suppression(ctx):
                        extra.append(self.stamp(d, doc.path, doc, report))
                except _RULE_FAILURES as exc:
                    _crashed(result, rule, exc)
            extra, n = suppress.filter_diagnostics(extra, directives, self.all_rules)
            result.suppressed += n
            kept.extend(extra)
        return kept

    def _ignored_for(self, path: str) -> list[str]:
        if not self.settings.per_file_ignores:
            return []
        rel, name = relative_path(path, self.settings.root)
        out = []
        for pattern, codes in self.settings.per_file_ignores.items():
            pat = pattern[2:] if pattern.startswith("./") else pattern
            if fnmatch(rel, pat) or ("/" not in pat and fnmatch(name, pat)):
                out.extend(codes)
        return out

    def stamp(self, d: Diagnostic, path: str, doc: Document | None, report=None) -> Diagnostic:
        d.path = path
        if d.fix is not None and doc is not None and not can_write(doc.format):
            d.fix = None  # rules offer fixes whatever the format; only formats the fixer can write keep them
        if (
            d.fix is not None
            and doc is not None
            and getattr(doc, "generated", None)
            and any(
                e.span.start < g.end and g.start < max(e.span.end, e.span.start + 1)
                for e in d.fix.edits
                for g in doc.generated
            )
        ):
            d.fix = None  # a fix must never edit text the reader generated (Word's automatic numbers)
        if doc is not None and d.span is not None:
            d.location = doc.locate(d.span)
            snippet = doc.text[d.span.start : d.span.end]
            line_text = doc.line_text(d.location.line) if d.location else ""
            if report is not None and not d.context:
                section = report.section_at(d.span.start)
                if section is not None:
                    d.context = doc.text[section.heading.span.start : section.heading.span.end].strip()
        elif doc is not None and d.location is not None:  # placed directly in the source (HTML comments)
            src = doc.source_text if doc.source_text is not None else doc.text
            snippet = lines.line_text(src, d.location.line)
            line_text = ""
        else:
            snippet = line_text = ""
        for rel in d.related:
            if doc is not None and rel.location is None and rel.span is not None and rel.path is None:
                object.__setattr__(rel, "location", doc.locate(rel.span))
        basis = "\x1f".join(
            [d.code, os.path.basename(path), snippet.strip() or line_text.strip(), d.message.get("en", "")]
        )
        d.fingerprint = hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:16]  # GBK names
        return d


def cap_findings(found: list[Diagnostic], limit: int) -> list[Diagnostic]:
    """At most ``limit`` findings of each rule (in document order); the rest of a rule's findings are
    summed up in one more finding of that rule, placed at the first one left out (one 20 MB line must
    not flood the output with 18,000 findings)."""
    if limit <= 0 or len(found) <= limit:
        return found
    per: dict[str, int] = {}
    for d in found:
        per[d.code] = per.get(d.code, 0) + 1
    if all(n <= limit for n in per.values()):
        return found
    import dataclasses

    kept: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for d in found:
        n = seen[d.code] = seen.get(d.code, 0) + 1
        if n <= limit:
            kept.append(d)
        elif n == limit + 1:
            rest = per[d.code] - limit
            kept.append(
                dataclasses.replace(
                    d,
                    fix=None,
                    related=(),
                    help=None,
                    message={
                        "zh": f"另有 {rest} 处同类问题未列出（每条规则每个文件最多列出 {limit} 处，配置项 max-findings-per-rule）",
                        "en": f"{rest} more finding{'s' if rest != 1 else ''} of this kind not listed (at most {limit} "
                        f"per rule and file, setting max-findings-per-rule)",
                    },
                )
            )
    return kept


# what a rule (built-in or plug-in) may raise without ending the run: everything but Ctrl-C
_RULE_FAILURES = (Exception, SystemExit, GeneratorExit)


def _crashed(result: FileResult, rule, exc: BaseException) -> None:
    """Record a rule's crash on one file (the other rules and files go on); with XXGK_LINT_DEBUG=1 (or
    ``--debug``) the traceback goes to stderr too."""
    result.internal_errors.append(f"{rule.code} ({type(exc).__name__}: {exc})")
    if os.environ.get("XXGK_LINT_DEBUG"):
        import traceback

        print(f"xxgk-lint: rule {rule.code} on {result.path}:", file=sys.stderr)
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)


def _fingerprints(diagnostics: list[Diagnostic], doc) -> None:
    """Make fingerprints unique within a file: the n-th repeat of the same finding (same code, text
    and message) gets ``#n`` mixed in, in document order.  No line numbers, so inserting lines above a
    finding keeps its fingerprint."""
    seen: dict[str, int] = {}
    for d in diagnostics:
        base = d.fingerprint
        n = seen.get(base, 0)
        seen[base] = n + 1
        if n:
            d.fingerprint = hashlib.sha256(f"{base}#{n}".encode()).hexdigest()[:16]
