"""The runner: files in, diagnostics out.  Selection, severity, options, input errors, stamping.

``lint_file`` never raises for a bad input: an unreadable file becomes an E001 diagnostic, a
file that is not a report an E002, and a rule that crashes is reported as an internal error on
that file (``FileResult.internal_errors``, exit code 2) while the other rules still run.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import Iterable

from linter.diagnostics import Diagnostic, Severity
from linter.document import Document
from linter.readers import Limits, ReaderError, read_path, supported
from linter.rule import Rule


@dataclass
class Settings:
    """Resolved settings for one run (the config module fills it from files and the command line)."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)  # rule code/name -> error|warning|info
    rule_options: dict[str, dict] = field(default_factory=dict)  # rule code/name -> {option: value}
    template: str | None = None
    lang: str = "zh"
    fail_on: str = "error"
    plugins: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    document: Document | None = None
    report: object | None = None
    internal_errors: list[str] = field(default_factory=list)


class Linter:
    """Holds the resolved rule set; lints documents and files."""

    def __init__(self, settings: Settings, rules: dict[str, type[Rule]] | None = None):
        from linter import registry, selection

        self.settings = settings
        self.all_rules = rules if rules is not None else registry.load_rules(settings.plugins)
        chosen = selection.resolve(self.all_rules, settings.select, settings.extend_select, settings.ignore)
        for key in list(settings.severity) + list(settings.rule_options):
            selection.check_known([key], self.all_rules, "配置 / config: ")
        self.rules: list[Rule] = []
        for cls in chosen:
            sev = None
            opts: dict = {}
            for key, value in settings.severity.items():
                if selection.matches(key, cls):
                    sev = Severity.parse(value)
            for key, value in settings.rule_options.items():
                if selection.matches(key, cls):
                    opts.update(value)
            self.rules.append(cls(opts, sev))
        self.codes = {r.code for r in self.rules}

    def rule(self, code: str) -> Rule | None:
        return next((r for r in self.rules if r.code == code), None)

    # -- linting -------------------------------------------------------------------------------
    def lint_file(self, path: str, data: bytes | None = None) -> FileResult:
        result = FileResult(path)
        try:
            doc = read_path(path, self.settings.limits, data=data)
        except ReaderError as err:
            e001 = self.rule("E001")
            if e001 is not None:
                result.diagnostics.append(self._stamp(e001.from_error(err), path, None))
            return result
        return self.lint_document(doc, result)

    def lint_document(self, doc: Document, result: FileResult | None = None) -> FileResult:
        from linter.recognise import recognise

        result = result or FileResult(doc.path)
        result.document = doc
        report = recognise(doc, self.settings.template)
        result.report = report
        ignored = self._ignored_for(doc.path)
        for rule in self.rules:
            if ignored and any(_match_code(s, rule) for s in ignored):
                continue
            if not report.is_report and rule.needs_report:
                continue
            if rule.needs_report and not rule.applies_to(report):
                continue
            try:
                for d in rule.check(report):
                    result.diagnostics.append(self._stamp(d, doc.path, doc))
            except Exception as exc:  # a rule bug: report it, keep going
                result.internal_errors.append(f"{rule.code} ({type(exc).__name__}: {exc})")
        result.diagnostics.sort(key=Diagnostic.sort_key)
        return result

    def _ignored_for(self, path: str) -> list[str]:
        if not self.settings.per_file_ignores:
            return []
        from fnmatch import fnmatch

        rel = os.path.relpath(path).replace(os.sep, "/")
        out = []
        for pattern, codes in self.settings.per_file_ignores.items():
            if fnmatch(rel, pattern) or fnmatch(os.path.basename(path), pattern):
                out.extend(codes)
        return out

    def _stamp(self, d: Diagnostic, path: str, doc: Document | None) -> Diagnostic:
        d.path = path
        if doc is not None and d.span is not None:
            d.location = doc.locate(d.span)
            snippet = doc.text[d.span.start:d.span.end]
            line_text = doc.line_text(d.location.line) if d.location else ""
        else:
            snippet = line_text = ""
        for rel in d.related:
            if doc is not None and rel.location is None:
                object.__setattr__(rel, "location", doc.locate(rel.span))
        basis = "\x1f".join([d.code, os.path.basename(path), snippet.strip() or line_text.strip(), d.message.get("en", "")])
        d.fingerprint = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]
        return d


def _match_code(selector: str, rule: Rule) -> bool:
    from linter.selection import matches

    return matches(selector, type(rule))


def discover(paths: Iterable[str], exclude: Iterable[str] = (), force_exclude: bool = True) -> tuple[list[str], list[str]]:
    """Expand directories into supported files.  Returns (files, missing paths).

    Exclude patterns (fnmatch, matched against the relative path and every path component) apply
    to files found in directories and, with ``force_exclude`` (the default), to files named
    explicitly too: pre-commit passes file names explicitly.
    """
    from fnmatch import fnmatch

    exclude = list(exclude)

    def excluded(p: str) -> bool:
        if not exclude:
            return False
        rel = os.path.relpath(p).replace(os.sep, "/")
        parts = rel.split("/")
        return any(fnmatch(rel, pat) or fnmatch(os.path.basename(p), pat) or any(fnmatch(x, pat) for x in parts)
                   for pat in exclude)

    files, missing = [], []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__")
                                 and not excluded(os.path.join(root, d)))
                for name in sorted(names):
                    full = os.path.join(root, name)
                    if supported(full) and not name.startswith(("~$", ".")) and not excluded(full):
                        files.append(full)
        elif os.path.exists(p):
            if not (force_exclude and excluded(p)):
                files.append(p)
        else:
            missing.append(p)
    return files, missing
