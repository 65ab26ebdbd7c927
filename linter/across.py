"""The cross-report phase: rules that compare reports with each other (X80x), run once per ``check``.

After every file was linted (or taken from the cache), :func:`run` builds one
:class:`~xxgk_lint.rule.AcrossContext` from the :class:`~xxgk_lint.facts.ReportFacts` of all results,
sorted by path (the order the files were given in never matters), and runs every selected
:class:`~xxgk_lint.rule.AcrossRule` on it.  Selection, severity and options are those of the file a
finding lands on: the results are grouped by their linter (one per distinct settings) and each group's
rule instances run on the whole context, keeping only the findings on the group's own files.  A rule
switched off for a file by ``per-file-ignores`` or by a whole-file ``disable-file`` comment gives nothing
there; a line comment (``disable-next-line=X801`` above the row, a ``disable`` … ``enable`` range) silences
the findings at the lines it covers.  The findings are appended to that file's diagnostics with a stable fingerprint (the rule code,
both files' base names, the target cell and the message with the other file's base name — never a line
number) and the diagnostics are sorted again.

The phase is remembered on its inputs, never on less: the cache holds each file's facts, and the
session (:meth:`xxgk_lint.session._Stream.plan`) stores the phase's outcome under a key made of every
compared file's path and cache key (:meth:`xxgk_lint.cache.Cache.across_key`: the content, the path
relative to the root, the settings key — selection, severities, options, per-file ignores, identity
configuration, limits — and the code stamp).  The same key on a later run: the stored findings are
handed on and the phase does not run (nor is numpy imported); any other file, content or setting: the
phase runs here as always, so editing last year's report changes this year's finding even when this
year's file comes from the cache.  Not remembered: with ``--no-cache``, a file without a cache key (no
cache directory, unreadable) or one that crashed or ran out of time.  With ``--fix`` it runs once, on the final results (after the fixes were written and the
files re-linted), so its findings describe the files as they are now; with ``--diff`` it does not run (the
output is the diff).  A crash of a rule is an internal error (exit code 2) on the first file of the group,
naming the rule.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable

from xxgk_lint import selection
from xxgk_lint.diagnostics import Diagnostic
from xxgk_lint.result import FileResult
from xxgk_lint.rule import AcrossContext, AcrossRule
from xxgk_lint.runner import _crashed, _fingerprints, cap_findings


def context_of(results: Iterable[FileResult]) -> AcrossContext:
    """The facts of every report among ``results``, sorted by path."""
    facts = [r.facts for r in results if r.facts is not None and r.facts.is_report]
    facts.sort(key=lambda f: f.path)
    return AcrossContext(facts)


def run(results: list[FileResult], linter_of: Callable[[str], object]) -> int:
    """Run the cross-report rules over ``results`` (``linter_of(path)``: the file's
    :class:`~xxgk_lint.runner.Linter`) and append their findings; returns how many were added."""
    ctx = context_of(results)
    if not ctx.reports:
        return 0
    by_path = {r.path: r for r in results}
    groups: dict[int, tuple[object, list[FileResult]]] = {}
    for r in results:
        if r.facts is None or not r.facts.is_report:
            continue
        linter = linter_of(r.path)
        groups.setdefault(id(linter), (linter, []))[1].append(r)
    added = 0
    new: dict[str, list[Diagnostic]] = {}
    for linter, members in groups.values():
        rules: list[AcrossRule] = list(getattr(linter, "across_rules", ()))
        if not rules:
            continue
        own = {r.path for r in members}
        first = min(members, key=lambda r: r.path)
        for rule in rules:
            try:
                found = list(rule.check_across(ctx))
            except _RULE_FAILURES as exc:  # a rule bug: an internal error naming it, the other rules go on
                _crashed(first, rule, exc)
                continue
            for d in found:
                if d.path not in own:
                    continue
                target = by_path[d.path]
                if _silenced(rule, target, linter, d):
                    continue
                _stamp(d, target)
                new.setdefault(d.path, []).append(d)
    for path, found_here in new.items():
        found_here.sort(key=Diagnostic.sort_key)
        limits = getattr(getattr(linter_of(path), "settings", None), "limits", None)
        if limits is not None:  # at most max-findings-per-rule of each rule, the rest summed in one
            found_here = cap_findings(found_here, limits.max_findings_per_rule)
        _fingerprints(found_here, None)  # a repeated finding gets its occurrence mixed in
        by_path[path].diagnostics.extend(found_here)
        by_path[path].diagnostics.sort(key=Diagnostic.sort_key)
        added += len(found_here)
    return added


_RULE_FAILURES = (Exception, SystemExit, GeneratorExit)


def _silenced(rule: AcrossRule, result: FileResult, linter, d: Diagnostic) -> bool:
    """Whether ``rule`` is switched off for ``result``'s file by ``per-file-ignores``, or ``d`` silenced by
    the file's suppression comments (``disable-file``; the line kinds and ranges at ``d``'s line; those
    count in the file's suppressed findings)."""
    ignored = linter._ignored_for(result.path) if hasattr(linter, "_ignored_for") else []
    if ignored and any(selection.matches(s, type(rule)) for s in ignored):
        return True
    facts = result.facts
    if facts is None:
        return False
    line = d.location.line if d.location is not None else None
    if facts.silenced(lambda s: selection.matches(s, type(rule)), line):
        result.suppressed += 1
        return True
    return False


def _stamp(d: Diagnostic, result: FileResult) -> None:
    """The fingerprint of a cross-report finding, and the source line of its place for the outputs."""
    others = [rel.path for rel in d.related if rel.path is not None]
    other = others[0] if others else ""
    message = d.message.get("en", "")
    for p in dict.fromkeys(others):
        message = message.replace(p, os.path.basename(p))
    basis = "\x1f".join(
        [
            d.code,
            os.path.basename(d.path),
            os.path.basename(other),
            d.target.path if d.target is not None else "",
            message,
        ]
    )
    d.fingerprint = hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    doc = result.document
    lines = getattr(doc, "lines", None)  # a light document keeps only the lines its findings show
    if isinstance(lines, dict) and d.location is not None and d.location.line not in lines and result.facts:
        places: list = [*result.facts.cells.values(), *result.facts.passages]  # a table cell or a passage (X804)
        for place in places:
            if place.location is not None and place.location.line == d.location.line and place.line_text:
                lines[d.location.line] = place.line_text
                break
