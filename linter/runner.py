"""The runner: files in, diagnostics out.  Selection, severity, options, input errors, stamping,
inline suppressions, exclusions, and running many files (one process or a pool of workers).

``lint_file`` never raises for a bad input: an unreadable file becomes an E001 diagnostic, a
file that is not a report an E002, and a rule that crashes is reported as an internal error on
that file (``FileResult.internal_errors``, exit code 2) while the other rules still run.

After the rules ran on a document, the runner

1. stamps every diagnostic with its path, source location, the title of the report section its span
   is in (``Diagnostic.context``, e.g. "三、收到和处理政府信息公开申请情况") and a fingerprint;
2. applies the inline ``<!-- xxgk-lint: ... -->`` comments (:mod:`xxgk_lint.suppress`) and then calls the
   *post-processing* rules (a rule with an ``after_suppression(ctx)`` method, such as M001/M002 in
   :mod:`xxgk_lint.rules.meta`) with the final diagnostics; their findings are stamped and filtered the same way;
3. gives each diagnostic a fingerprint that survives edits elsewhere in the file: a hash of the code,
   the file name, the flagged text (or its line) and the message, plus an occurrence index when the
   same finding appears more than once.  It never contains a line number.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from fnmatch import fnmatch
from typing import Callable, Iterable

from xxgk_lint.diagnostics import Diagnostic, Severity
from xxgk_lint.document import Document
from xxgk_lint.fix import can_write
from xxgk_lint.readers import Limits, ReaderError, read_path, supported
from xxgk_lint.rule import Rule


@dataclass
class Settings:
    """Resolved settings for one configuration (the config module fills it from files and the command line).

    Picklable: ``--jobs`` workers receive it and build their own :class:`Linter`."""

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
    root: str = "."  # the project root: exclude and per-file-ignores patterns are relative to it
    cache_dir: str | None = None
    config_path: str | None = None  # the configuration file these settings came from

    def lint_key(self) -> str:
        """A hash of everything that changes which diagnostics a file gets (not output-only settings)."""
        data = {
            "select": self.select, "extend_select": self.extend_select, "ignore": self.ignore,
            "per_file_ignores": self.per_file_ignores, "severity": self.severity,
            "rule_options": self.rule_options, "template": self.template, "plugins": sorted(self.plugins),
            "limits": asdict(self.limits), "root": os.path.abspath(self.root) if self.per_file_ignores else "",
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode("utf-8")).hexdigest()


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    document: Document | None = None  # a Document, a LightDocument (cache, --jobs) or None
    report: object | None = None
    internal_errors: list[str] = field(default_factory=list)
    suppressed: int = 0  # findings silenced by inline comments
    cached: bool = False  # restored from the cache

    def light(self) -> "FileResult":
        """A picklable copy without the document and report (for the cache and ``--jobs`` workers)."""
        doc = self.document
        if doc is not None and not isinstance(doc, LightDocument):
            doc = LightDocument.of(doc, self.diagnostics)
        return FileResult(self.path, self.diagnostics, doc, None, list(self.internal_errors), self.suppressed, self.cached)


class LightDocument:
    """What the output needs from a document once it is gone: its format, path and the source lines that
    the diagnostics point at (``line_text``).  Results from the cache and from workers carry this."""

    __slots__ = ("path", "format", "lines", "source_text")

    def __init__(self, path: str, format: str, lines: dict[int, str]):
        self.path, self.format, self.lines = path, format, lines
        self.source_text = None

    @classmethod
    def of(cls, doc: Document, diagnostics: Iterable[Diagnostic]) -> "LightDocument":
        wanted = set()
        for d in diagnostics:
            for loc in [d.location, *(r.location for r in d.related)]:
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


class Linter:
    """Holds the resolved rule set; lints documents and files."""

    def __init__(self, settings: Settings, rules: dict[str, type[Rule]] | None = None):
        from xxgk_lint import registry, selection

        self.settings = settings
        self.all_rules = rules if rules is not None else registry.load_rules(settings.plugins)
        chosen = selection.resolve(self.all_rules, settings.select, settings.extend_select, settings.ignore)
        for key in list(settings.severity) + list(settings.rule_options):
            selection.check_known([key], self.all_rules, "配置 / config: ")
        self.rules: list[Rule] = []
        # the most specific key wins: ALL < a prefix (longer is more specific) < a code or a name
        by_specificity = lambda kv: _specificity(kv[0])  # noqa: E731
        severity = sorted(settings.severity.items(), key=by_specificity)
        rule_options = sorted(settings.rule_options.items(), key=by_specificity)
        for cls in chosen:
            sev = None
            opts: dict = {}
            for key, value in severity:
                if selection.matches(key, cls):
                    sev = Severity.parse(value)
            for key, value in rule_options:
                if selection.matches(key, cls):
                    opts.update(value)
            self.rules.append(cls(opts, sev))
        self.codes = {r.code for r in self.rules}
        self.post_rules = [r for r in self.rules if callable(getattr(r, "after_suppression", None))]

    def rule(self, code: str) -> Rule | None:
        return next((r for r in self.rules if r.code == code), None)

    # -- linting -------------------------------------------------------------------------------
    def lint_file(self, path: str, data: bytes | None = None) -> FileResult:
        result = FileResult(path)
        try:
            doc = read_path(path, self.settings.limits, data=data)
        except ReaderError as err:
            e001 = self.rule("E001")
            if e001 is not None and not any(_match_code(s, e001) for s in self._ignored_for(path)):
                result.diagnostics.append(self._stamp(e001.from_error(err), path, None))
                _fingerprints(result.diagnostics, None)
            return result
        return self.lint_document(doc, result)

    def lint_document(self, doc: Document, result: FileResult | None = None) -> FileResult:
        from xxgk_lint.recognise import recognise

        result = result or FileResult(doc.path)
        result.document = doc
        directives = _directives(doc, self.all_rules)
        report = recognise(_masked(doc, directives[0]) if directives[0] else doc, self.settings.template)
        result.report = report
        ignored = self._ignored_for(doc.path)
        found: list[Diagnostic] = []
        active: set[str] = set()
        for rule in self.rules:
            if ignored and any(_match_code(s, rule) for s in ignored):
                continue
            if not report.is_report and rule.needs_report:
                continue
            if rule.needs_report and not rule.applies_to(report):
                continue
            active.add(rule.code)
            try:
                for d in rule.check(report):
                    found.append(self._stamp(d, doc.path, doc, report))
            except Exception as exc:  # a rule bug: report it, keep going
                result.internal_errors.append(f"{rule.code} ({type(exc).__name__}: {exc})")
        found = self._suppress(doc, report, found, active, result, directives)
        found.sort(key=Diagnostic.sort_key)
        _fingerprints(found, doc)
        result.diagnostics = found
        return result

    def _suppress(self, doc: Document, report, found: list[Diagnostic], active: set[str], result: FileResult,
                  directives_orphans) -> list[Diagnostic]:
        """Apply inline suppression comments, then run the post-processing rules."""
        from xxgk_lint import suppress

        directives, orphans = directives_orphans
        if not directives:
            return found
        kept, result.suppressed = suppress.filter_diagnostics(found, directives, self.all_rules)
        post = [r for r in self.post_rules if r.code in active]
        if post:
            ctx = suppress.Context(doc, directives, orphans, self.all_rules, active, result.suppressed)
            extra = []
            for rule in post:
                try:
                    for d in rule.after_suppression(ctx):
                        extra.append(self._stamp(d, doc.path, doc, report))
                except Exception as exc:
                    result.internal_errors.append(f"{rule.code} ({type(exc).__name__}: {exc})")
            extra, n = suppress.filter_diagnostics(extra, directives, self.all_rules)
            result.suppressed += n
            kept.extend(extra)
        return kept

    def _ignored_for(self, path: str) -> list[str]:
        if not self.settings.per_file_ignores:
            return []
        rel, name = _relative(path, self.settings.root)
        out = []
        for pattern, codes in self.settings.per_file_ignores.items():
            pat = pattern[2:] if pattern.startswith("./") else pattern
            if fnmatch(rel, pat) or ("/" not in pat and fnmatch(name, pat)):
                out.extend(codes)
        return out

    def _stamp(self, d: Diagnostic, path: str, doc: Document | None, report=None) -> Diagnostic:
        d.path = path
        if d.fix is not None and doc is not None and not can_write(doc.format):
            d.fix = None  # rules offer fixes whatever the format; only formats the fixer can write keep them
        if d.fix is not None and doc is not None and getattr(doc, "generated", None) and any(
                e.span.start < g.end and g.start < max(e.span.end, e.span.start + 1)
                for e in d.fix.edits for g in doc.generated):
            d.fix = None  # a fix must never edit text the reader generated (Word's automatic numbers)
        if doc is not None and d.span is not None:
            d.location = doc.locate(d.span)
            snippet = doc.text[d.span.start:d.span.end]
            line_text = doc.line_text(d.location.line) if d.location else ""
            if report is not None and not d.context:
                section = report.section_at(d.span.start)
                if section is not None:
                    d.context = doc.text[section.heading.span.start:section.heading.span.end].strip()
        elif doc is not None and d.location is not None:  # placed directly in the source (HTML comments)
            src = doc.source_text if doc.source_text is not None else doc.text
            snippet = _source_line(src, d.location.line)
            line_text = ""
        else:
            snippet = line_text = ""
        for rel in d.related:
            if doc is not None and rel.location is None:
                object.__setattr__(rel, "location", doc.locate(rel.span))
        basis = "\x1f".join([d.code, os.path.basename(path), snippet.strip() or line_text.strip(), d.message.get("en", "")])
        d.fingerprint = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]
        return d


def _directives(doc: Document, all_rules: dict):
    """The suppression comments of a document whose format allows comments: (directives, orphan enables)."""
    from xxgk_lint import suppress

    if doc.format not in suppress.FORMATS_WITH_COMMENTS:
        return [], []
    return suppress.prepare(doc.source_text if doc.source_text is not None else doc.text, all_rules)


def _masked(doc: Document, directives) -> Document:
    """A copy of a text document with its suppression comments blanked out (same length, so every offset
    stays valid), for recognition only: a comment trailing a heading must not change the heading.  The
    original document is kept for output and fixes.  HTML comments never reach ``Document.text``."""
    if doc.source_text is not None:
        return doc
    import copy
    from dataclasses import replace

    from xxgk_lint.document import Paragraph, RawTable

    spans = sorted({(d.start, d.end) for d in directives})
    chars = list(doc.text)
    for a, b in spans:
        for i in range(a, b):
            if chars[i] not in "\r\n":
                chars[i] = " "
    text = "".join(chars)

    def mask(s: str, span) -> str:
        if not any(a < span.end and span.start < b for a, b in spans):
            return s
        if doc.text[span.start:span.end] == s:
            return text[span.start:span.end]
        for d in directives:
            s = s.replace(d.raw, " " * len(d.raw))
        return s

    blocks = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            blocks.append(replace(b, text=mask(b.text, b.span)))
        elif isinstance(b, RawTable):
            rows = [[replace(c, text=mask(c.text, c.span)) for c in row] for row in b.rows]
            blocks.append(replace(b, rows=rows))
        else:
            blocks.append(b)
    out = copy.copy(doc)
    out.text = text
    out.blocks = blocks
    out._line_starts = doc._line_starts
    return out


def _source_line(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


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
            d.fingerprint = hashlib.sha256(f"{base}#{n}".encode("utf-8")).hexdigest()[:16]


def _specificity(selector: str) -> int:
    from xxgk_lint.rule import CODE_RE

    s = selector.strip()
    if s.upper() == "ALL":
        return 0
    if CODE_RE.match(s.upper()) or not (s[:1].isalpha() and s.upper() == s):
        return 100  # a full code, a name or an alias
    return len(s)


def _match_code(selector: str, rule: Rule) -> bool:
    from xxgk_lint.selection import matches

    return matches(selector, type(rule))


def _relative(path: str, root: str) -> tuple[str, str]:
    """(path relative to root with '/', file name); a path outside root is reduced to its name."""
    ap = os.path.abspath(path)
    name = os.path.basename(ap)
    try:
        rel = os.path.relpath(ap, os.path.abspath(root))
    except ValueError:  # another drive (Windows)
        return name, name
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return name, name
    return rel.replace(os.sep, "/"), name


class Excluder:
    """Decides whether a path is excluded by ``patterns`` relative to ``root``.

    A pattern without ``/`` matches any single component (directory or file name) of the path *below
    the root*; a pattern with ``/`` matches the path below the root or any of its leading directories
    (``archive/2019`` excludes everything in it); a leading ``/`` anchors a pattern at the root
    (``/drafts``).  Components above the root are never looked at, so
    a default pattern such as ``build`` cannot exclude a whole checkout that lives in ``/ci/build/``
    (ruff-pre-commit#69), and the root itself is never excluded.
    """

    def __init__(self, patterns: Iterable[str], root: str = "."):
        self.root = os.path.abspath(root)
        self.names, self.paths = [], []
        for p in patterns:
            p = p.replace("\\", "/")
            while p.startswith("./"):
                p = p[2:]
            anchored = p.startswith("/")  # "/drafts": only the "drafts" directly under the root
            p = p.strip("/")
            if not p:
                continue
            (self.paths if anchored or "/" in p else self.names).append(p)

    def __call__(self, path: str) -> bool:
        if not (self.names or self.paths):
            return False
        rel, _ = _relative(path, self.root)
        if rel == ".":
            return False
        parts = rel.split("/")
        if any(fnmatch(part, pat) for part in parts for pat in self.names):
            return True
        if self.paths:
            prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
            return any(fnmatch(pre, pat) for pre in prefixes for pat in self.paths)
        return False


def discover(paths: Iterable[str], exclude: Iterable[str] = (), force_exclude: bool = True,
             is_excluded: Callable[[str], bool] | None = None) -> tuple[list[str], list[str]]:
    """Expand directories into supported files.  Returns (files, missing paths).

    ``is_excluded(path)`` decides exclusions (the CLI passes one that uses each path's own closest
    configuration); without it ``exclude`` patterns are matched relative to the current directory.
    Exclusions apply to files found in directories and, with ``force_exclude`` (the default), to files
    named explicitly too: pre-commit passes file names explicitly.  Hidden files and directories,
    ``node_modules``, ``__pycache__`` and Word lock files (``~$…``) are always skipped in directories.
    """
    excluded = is_excluded or Excluder(exclude, ".")
    files, missing = [], []
    for p in paths:
        if os.path.isdir(p):
            if force_exclude and excluded(p):
                continue
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__")
                                 and not excluded(os.path.join(root, d)))
                for name in sorted(names):
                    full = os.path.normpath(os.path.join(root, name))  # "./a/r.txt" -> "a/r.txt"
                    if supported(full) and not name.startswith(("~$", ".")) and not excluded(full):
                        files.append(full)
        elif os.path.exists(p):
            if not (force_exclude and excluded(p)):
                files.append(p)
        else:
            missing.append(p)
    return files, missing


# -- many files -------------------------------------------------------------------------------------
class LinterPool:
    """One :class:`Linter` per distinct settings (files with different closest configurations get
    different linters); rules are loaded once per plug-in allow-list."""

    def __init__(self, warn=None):
        self._linters: dict[str, Linter] = {}
        self._rules: dict[tuple[str, ...], dict] = {}
        self.warn = warn

    def rules_for(self, plugins) -> dict:
        key = tuple(sorted(plugins))
        if key not in self._rules:
            from xxgk_lint.registry import load_rules

            self._rules[key] = load_rules(list(key), warn=self.warn)
        return self._rules[key]

    def get(self, settings: Settings) -> Linter:
        key = settings.lint_key()
        if key not in self._linters:
            self._linters[key] = Linter(settings, self.rules_for(settings.plugins))
        return self._linters[key]


_WORKER_POOL: LinterPool | None = None


def _quiet(msg: str) -> None:  # workers: plug-in warnings were already shown by the parent
    pass


def _work(chunk: list[tuple[int, Settings, str]]) -> list[tuple[int, FileResult]]:
    """Lint a chunk of files in a worker process; results come back as light, picklable data."""
    global _WORKER_POOL
    if _WORKER_POOL is None:
        _WORKER_POOL = LinterPool(warn=_quiet)
    out = []
    for index, settings, path in chunk:
        linter = _WORKER_POOL.get(settings)
        out.append((index, _lint_one(linter, path).light()))
    return out


def _lint_one(linter: Linter, path: str, data: bytes | None = None) -> FileResult:
    try:
        return linter.lint_file(path, data=data)
    except Exception as exc:  # an engine bug on one file must not take the others down
        if os.environ.get("XXGK_LINT_DEBUG"):
            raise
        r = FileResult(path)
        r.internal_errors.append(f"{type(exc).__name__}: {exc}")
        return r


def lint_many(tasks: list[tuple[Settings, str]], pool: LinterPool, jobs: int = 1,
              progress: Callable[[int], None] | None = None, keep_documents: bool = False) -> list[FileResult]:
    """Lint ``(settings, path)`` tasks; results are in the order of ``tasks``.

    Results are light (:meth:`FileResult.light`: no document or report, only the source lines the
    output needs), so memory stays flat in the number of files; ``keep_documents`` (for fixing) keeps
    the full results and runs in this process.  ``jobs`` > 1 runs chunks of files in a process pool
    (0: one per CPU); each worker builds its linters once and returns light results."""
    if jobs == 0:
        jobs = os.cpu_count() or 1
    results: list[FileResult | None] = [None] * len(tasks)
    if keep_documents or jobs <= 1 or len(tasks) < 2 * jobs:
        for i, (settings, path) in enumerate(tasks):
            r = _lint_one(pool.get(settings), path)
            results[i] = r if keep_documents else r.light()
            if progress:
                progress(1)
        return results  # type: ignore[return-value]
    from concurrent.futures import ProcessPoolExecutor, as_completed

    for settings, _ in tasks:  # load plug-ins in the parent first: their warnings are shown once
        pool.rules_for(settings.plugins)
    # lint the first file here: the imports, templates and per-template caches it warms up are inherited
    # by forked workers instead of being rebuilt in each of them
    results[0] = _lint_one(pool.get(tasks[0][0]), tasks[0][1]).light()
    if progress:
        progress(1)
    size = max(1, min(64, len(tasks) // (jobs * 8)))
    items = [(i, s, p) for i, (s, p) in enumerate(tasks)][1:]
    chunks = [items[k:k + size] for k in range(0, len(items), size)]
    with ProcessPoolExecutor(max_workers=jobs) as ex:
        futures = [ex.submit(_work, c) for c in chunks]
        for fut in as_completed(futures):
            done = fut.result()
            for i, r in done:
                results[i] = r
            if progress:
                progress(len(done))
    return results  # type: ignore[return-value]
