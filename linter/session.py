"""One ``check`` run: the state and the steps between the command line and the per-file linter.

A :class:`Session` holds each file's resolved settings (checked once per configuration file), its
linter (through a :class:`~xxgk_lint.pool.LinterPool`) and the exclusions; :meth:`Session.check` then

1. discovers the files (or takes the standard input),
2. takes unchanged files from the content-hash cache (:mod:`xxgk_lint.cache`) and lints the rest in one
   process or ``--jobs`` workers (:func:`xxgk_lint.pool.lint_many`), ``BATCH`` files at a time,
3. runs the fix loop (``--fix``, ``--diff``; :mod:`xxgk_lint.fix`; it keeps every document, one process),
4. hides each file's baselined findings (:mod:`xxgk_lint.baseline`, :class:`~xxgk_lint.baseline.Matcher`)
   and hands the final result on: to a *sink* (:class:`Sink`, e.g. the output writer of
   :mod:`xxgk_lint.output.stream`), which writes it and lets it go, or, without one, into
   ``CheckOutcome.results``.  Only counts stay (exit code, internal errors) and, when a cross-report rule is
   selected, each report's small facts (already compacted by :func:`xxgk_lint.pool.compact`): memory is flat
   in the number of files,
5. runs the cross-report rules (X80x, :mod:`xxgk_lint.across`) once on the kept facts — not with
   ``--diff`` — and hands their findings on at the end (``sink.across``; without a sink they are merged
   into the files' results), baselined like the others.  Before linting, :meth:`_Stream.plan` keys the
   phase on every compared file's path and cache key: a run with the same key takes the stored findings
   (:meth:`xxgk_lint.cache.Cache.get_across`), the phase does not run and the cache entries are read
   without their facts' cells and passages; any change in a file or a setting runs it as always,
6. counts the stale baseline entries from the matched fingerprints, or writes the updated baseline,

and returns a :class:`CheckOutcome` that knows the exit code.  Rendering stays with the caller (the
CLI).  A configuration or baseline problem is a :class:`RunError` (exit code 2 in the CLI); messages for
the user (a fix that could not be written, a stale baseline) go to ``warn``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from xxgk_lint.diagnostics import Severity
from xxgk_lint.errors import ReaderError
from xxgk_lint.pool import LinterPool, compact, lint_many
from xxgk_lint.result import FileResult

if TYPE_CHECKING:
    from xxgk_lint.runner import Linter

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
BATCH = 1000  # files linted (and results held) at a time when results stream out


class RunError(Exception):
    """A configuration, selection or baseline problem that stops the run (bilingual message)."""


@dataclass
class CheckOptions:
    """What ``xxgk-lint check`` was asked to do, beyond the settings the resolver gives each file."""

    paths: tuple[str, ...] = ()
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False  # print the fixes as a diff, write nothing
    stdin_data: bytes | None = None  # the standard input, when the path is "-"
    stdin_filename: str | None = None
    force_exclude: bool = True
    baseline: str | None = None
    update_baseline: bool = False
    jobs: int = 1
    use_cache: bool = True
    fail_on: str | None = None  # the command line's --fail-on, for results without settings
    lang: str | None = None  # the command line's --lang (messages of the fix engine)

    @property
    def fixing(self) -> bool:
        return self.fix or self.diff


@dataclass
class CheckOutcome:
    results: list[FileResult] = field(default_factory=list)
    settings_of: dict = field(default_factory=dict)  # path -> Settings
    files: int = 0  # files checked
    fixed: int = 0  # fixes applied
    baselined: int = 0  # findings hidden because the baseline records them
    diffs: list[str] | None = None  # with ``diff``: one unified diff per changed file
    fail_on: str | None = None

    # a streamed run (:meth:`Session.check` with a sink) keeps no results: these instead
    streamed_errors: list[tuple[str, str]] = field(default_factory=list)
    streamed_failed: bool = False

    def _note(self, r: FileResult) -> None:
        """Count a streamed result: its internal errors and whether it fails the run."""
        self.streamed_errors += [(r.path, e) for e in r.internal_errors]
        if not self.streamed_failed and self._fails(r):
            self.streamed_failed = True

    @property
    def internal_errors(self) -> list[tuple[str, str]]:
        return self.streamed_errors + [(r.path, e) for r in self.results for e in r.internal_errors]

    def _fails(self, r: FileResult) -> bool:
        s = self.settings_of.get(r.path)
        threshold = Severity.parse(s.fail_on if s is not None else (self.fail_on or "error"))
        return any(d.severity >= threshold for d in r.diagnostics)

    def failed(self) -> bool:
        """A finding at or above each file's ``fail-on`` threshold."""
        if self.streamed_failed:
            return True
        for r in self.results:
            s = self.settings_of.get(r.path)
            threshold = Severity.parse(s.fail_on if s is not None else (self.fail_on or "error"))
            if any(d.severity >= threshold for d in r.diagnostics):
                return True
        return False

    def exit_code(self, exit_zero: bool = False) -> int:
        from xxgk_lint.registry import LOAD_FAILURES

        if self.diffs is not None:
            return EXIT_FINDINGS if self.diffs else EXIT_OK
        if self.internal_errors or LOAD_FAILURES:  # a plug-in that did not load: its rules did not run
            return EXIT_ERROR
        if exit_zero:
            return EXIT_OK
        return EXIT_FINDINGS if self.failed() else EXIT_OK


class Progress(Protocol):
    """A progress display: ``advance(n)`` as files finish, ``close()`` at the end."""

    def advance(self, n: int = 1) -> None: ...

    def close(self) -> None: ...


class _NoProgress:
    def advance(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _stderr(msg: str) -> None:
    import sys

    print(msg, file=sys.stderr)


class Session:
    """Per-run state: each file's resolved settings, checked once per configuration, and its linter."""

    def __init__(
        self, resolver, warn: Callable[[str], None] | None = None, progress: Callable[[int], Progress] | None = None
    ):
        self.resolver = resolver
        self.warn = warn or _stderr
        self.progress: Callable[[int], Progress] = progress or (lambda total: _NoProgress())
        self.pool = LinterPool(warn=self.warn)
        self._checked: set = set()
        self._excluders: dict = {}

    # -- per file ----------------------------------------------------------------------------------
    def settings(self, path: str):
        from xxgk_lint.config import ConfigError
        from xxgk_lint.selection import SelectionError

        try:
            resolved = self.resolver.resolve(path)
            s = resolved.settings
            if s.config_path not in self._checked:
                self.resolver.check_rules(resolved, self.pool.rules_for(s.plugins))
                self.pool.get(s)
                self._checked.add(s.config_path)
            return s
        except (ConfigError, SelectionError) as exc:
            raise RunError(str(exc)) from None

    def linter(self, path: str):
        return self.pool.get(self.settings(path))

    def excluded(self, path: str) -> bool:
        from xxgk_lint.discover import Excluder

        s = self.settings(path)
        key = (s.config_path, tuple(s.exclude))
        if key not in self._excluders:
            self._excluders[key] = Excluder(s.exclude, s.root)
        return self._excluders[key](path)

    def all_rules(self) -> dict:
        return self.pool.all_rules()

    # -- the run -----------------------------------------------------------------------------------
    def check(self, opts: CheckOptions, baseline=None, sink: Sink | None = None) -> CheckOutcome:
        """Run ``check``; ``baseline`` is one loaded beforehand (:func:`load_baseline`), else
        ``opts.baseline`` is loaded here.

        With a ``sink`` the results stream: each file's final result (after its cache put and the
        baseline) goes to ``sink.add`` in file order and is dropped, the cross-report findings go to
        ``sink.across`` at the end, and the outcome keeps counts only (``results`` stays empty).  Without
        one, the outcome collects every result, the cross-report findings merged into their files."""
        if baseline is None:
            baseline = load_baseline(opts.baseline, opts.update_baseline)
        out = CheckOutcome(fail_on=opts.fail_on)
        stream = _Stream(self, out, sink, baseline, opts.update_baseline)
        if opts.stdin_data is not None:
            name = opts.stdin_filename or "stdin.txt"
            out.settings_of[name] = self.settings(name)
            if not (opts.force_exclude and opts.stdin_filename and self.excluded(name)):
                out.files = 1
                stream.add(self.linter(name).lint_file(name, data=opts.stdin_data))
        else:
            from xxgk_lint.discover import discover

            unreadable: list[tuple[str, str]] = []
            files, missing = discover(
                opts.paths or ["."], force_exclude=opts.force_exclude, is_excluded=self.excluded, unreadable=unreadable
            )
            tasks = [(self.settings(p), p) for p in files]
            for s, p in tasks:
                out.settings_of[p] = s
            out.files = len(files)
            early: list[FileResult] = []
            for m in missing:
                out.settings_of[m] = self.settings(m)
                broken = os.path.islink(m)  # a dangling symlink or a loop: say so, not "does not exist"
                early.append(
                    self.linter(m).missing(
                        m,
                        ReaderError(
                            "broken-link",
                            "符号链接无法解析（目标不存在或链接形成循环），未读取",
                            "a symbolic link that cannot be followed (missing target or a loop); not read",
                        )
                        if broken
                        else None,
                    )
                )
            for m, why in unreadable:  # a directory that cannot be listed: E001, never "0 files, all passed"
                out.settings_of[m] = self.settings(m)
                early.append(
                    self.linter(m).missing(
                        m,
                        ReaderError(
                            "unreadable-dir",
                            f"无法读取目录：{why}，其中的文件未检查",
                            f"cannot read the directory: {why}; its files were not checked",
                        ),
                    )
                )
            if not files and not missing and not unreadable:  # a wrong path or pattern in CI must not pass silently
                from xxgk_lint.formats import advertised_extensions

                exts = " ".join(advertised_extensions())
                self.warn(
                    f"xxgk-lint: 警告：没有找到可检查的文件（{exts}，排除规则之外）/ "
                    f"warning: no files to check were found ({exts}, outside the excludes)"
                )
            if opts.fixing:  # fixes need the documents: one process, no cache, every result kept
                results = early + self.lint_files(tasks, jobs=1, use_cache=False, keep_documents=True)
                out.results = results
                self._fix(out, opts)
                if opts.diff:
                    return out
                out.results = []
                for r in results:
                    stream.add(r)
                del results
            else:
                for r in early:
                    stream.add(r)
                del early
                caches: dict = {}
                keys = self.cache_keys(tasks, caches) if opts.use_cache else None
                stream.plan(tasks, keys)
                self.lint_each(
                    tasks,
                    stream.add,
                    jobs=opts.jobs,
                    use_cache=opts.use_cache,
                    keys=keys,
                    facts=stream.needs_facts,
                    caches=caches,
                )
        stream.finish()
        return out

    def lint_files(
        self, tasks, jobs: int = 1, use_cache: bool = True, keep_documents: bool = False
    ) -> list[FileResult]:
        """Lint ``(settings, path)`` tasks, from the cache where possible; results in task order."""
        results: list[FileResult] = []
        self.lint_each(tasks, results.append, jobs=jobs, use_cache=use_cache, keep_documents=keep_documents)
        return results

    def lint_each(
        self,
        tasks,
        each: Callable[[FileResult], None],
        jobs: int = 1,
        use_cache: bool = True,
        keep_documents: bool = False,
        keys: list | None = None,
        facts: bool = True,
        caches: dict | None = None,
    ) -> None:
        """Lint ``(settings, path)`` tasks, from the cache where possible, handing each result to ``each``
        in task order once it is final (after its cache put).  The tasks run in batches of ``BATCH``: the
        results of a batch (which ``--jobs`` finishes out of order) wait for the batch's slowest file, so at
        most one batch of results is held at a time.  ``keys``: the tasks' cache keys from
        :meth:`cache_keys` (else computed here); ``facts=False``: a cache hit's facts without their cells
        and passages (nothing will compare them); ``caches``: the :class:`~xxgk_lint.cache.Cache` objects
        ``keys`` came from, by directory."""
        from xxgk_lint.pool import collector

        bar = self.progress(len(tasks))
        caches = {} if caches is None else caches
        try:
            with collector():  # the cyclic collector's thresholds for many reports (speed, issue 12)
                size = len(tasks) if keep_documents else BATCH
                for k in range(0, len(tasks), size):
                    batch = tasks[k : k + size]
                    if not use_cache:
                        known = [None] * len(batch)
                    elif keys is None:
                        known = self.cache_keys(batch, caches)
                    else:
                        known = keys[k : k + size]
                    for r in self._lint_batch(batch, known, jobs, keep_documents, facts, bar):
                        each(r)
        finally:
            bar.close()
        for cache in caches.values():  # at most once a day: entries unused for a month, or over the size cap
            cache.prune()

    def cache_keys(self, tasks, caches: dict) -> list:
        """Each task's ``(cache, key)`` (:meth:`xxgk_lint.cache.Cache.key`: the code stamp, the settings
        key, the path relative to the root and the content), or None: no cache for it, or unreadable or
        too large (it is linted normally, E001, uncached)."""
        from xxgk_lint.discover import relative_path
        from xxgk_lint.readers import read_bytes

        keys: list = []
        for s, path in tasks:
            if not s.cache_dir:
                keys.append(None)
                continue
            cache = self._cache_for(caches, s)
            try:
                data = read_bytes(path, s.limits)
            except Exception:
                keys.append(None)
                continue
            keys.append((cache, cache.key(s.lint_key(), relative_path(path, s.root)[0], data)))
        return keys

    def _lint_batch(self, tasks, keys: list, jobs: int, keep_documents: bool, facts: bool, bar) -> list:
        results: list = [None] * len(tasks)
        todo: list[int] = []
        for i, known in enumerate(keys):
            if known is not None:
                cache, key = known
                hit = cache.get(key, tasks[i][1], facts=facts)
                if hit is not None:
                    results[i] = compact(hit)  # facts made of shared values (memory, issue 16)
                    bar.advance()
                    continue
            todo.append(i)
        fresh = lint_many(
            [tasks[i] for i in todo], self.pool, jobs=jobs, progress=bar.advance, keep_documents=keep_documents
        )
        for i, r in zip(todo, fresh, strict=True):
            results[i] = r
            if keys[i] is not None:
                cache, key = keys[i]
                cache.put(key, r)
        return results

    def _cache_for(self, caches: dict, settings):
        from xxgk_lint.cache import Cache, code_stamp

        key = (settings.cache_dir, tuple(sorted(settings.plugins)))
        if key not in caches:
            caches[key] = Cache(settings.cache_dir, code_stamp(self.pool.rules_for(settings.plugins)))
        return caches[key]

    # -- fixes -------------------------------------------------------------------------------------
    def _fix(self, out: CheckOutcome, opts: CheckOptions) -> None:
        """Apply (or, with ``diff``, only compute) the fixes, in passes, then re-lint what changed."""
        from xxgk_lint.fix import fix_file

        diffs = []
        results = out.results
        for k, r in enumerate(results):
            if r.document is None or not any(d.fix for d in r.diagnostics):
                continue
            linter = self.linter(r.path)

            def relint(data: bytes, path: str = r.path, lint: Linter = linter) -> FileResult:
                return lint.lint_file(path, data=data)

            try:
                outcome = fix_file(
                    r, unsafe=opts.unsafe_fixes, write=not opts.diff, lang=opts.lang or "zh", relint=relint
                )
            except Exception as exc:  # a writer bug on one file is an internal error there, the run goes on
                if os.environ.get("XXGK_LINT_DEBUG"):
                    raise
                r.internal_errors.append(f"{type(exc).__name__}: {exc}")
                continue
            if outcome.error:
                self.warn(f"xxgk-lint: {r.path}: {outcome.error}")
                continue
            if opts.diff:
                if outcome.diff:
                    diffs.append(outcome.diff)
            elif outcome.applied:
                out.fixed += outcome.applied
                results[k] = linter.lint_file(r.path)  # what remains after the fixes
        if opts.diff:
            out.diffs = diffs

    # -- the baseline ------------------------------------------------------------------------------
    def _baseline_done(self, baseline, matcher) -> None:
        stale, new = matcher.finish()
        if new is not None:
            try:
                new.write()
            except OSError as exc:
                raise RunError(
                    f"无法写入基线文件 {baseline.path} / cannot write the baseline {baseline.path}: "
                    f"{exc.strerror or exc}"
                ) from None
            self.warn(
                f"xxgk-lint: 已写入基线 {baseline.path}（{len(new.entries)} 条记录）/ "
                f"wrote {len(new.entries)} entries to the baseline {baseline.path}"
            )
        if stale:
            self.warn(
                f"xxgk-lint: 基线中有 {len(stale)} 条记录已不再出现，可用 --update-baseline 删除 / "
                f"{len(stale)} baseline entr{'y' if len(stale) == 1 else 'ies'} no longer occur; "
                f"run with --update-baseline to prune {'it' if len(stale) == 1 else 'them'}."
            )


class Sink(Protocol):
    """Where :meth:`Session.check` streams results (e.g. :class:`xxgk_lint.output.stream.Writer`)."""

    def add(self, result: FileResult) -> None: ...

    def across(self, results: list[FileResult]) -> None: ...


class _Stream:
    """Hands each final result on (baseline applied), keeps what the end of the run needs: counts for the
    exit code, the internal errors, and the facts of the reports when a cross-report rule is selected."""

    def __init__(self, session: Session, out: CheckOutcome, sink: Sink | None, baseline, update: bool):
        self.session, self.out, self.sink, self.baseline = session, out, sink, baseline
        self.matcher = baseline.matcher(update) if baseline is not None else None
        self.facts: list = []  # (path, format, facts) of the reports the cross-report rules compare
        self._across_of: dict[int, tuple] = {}  # id(settings) -> (settings, a cross-report rule is selected)
        self.phase: tuple | None = None  # (cache, key) of the cross-report phase, when it can be remembered
        self.memo: list[FileResult] | None = None  # the remembered outcome of the phase (same key)
        self.storable = True  # no compared file crashed or ran out of time: the outcome may be remembered
        self.comparing = True  # a cross-report rule is selected for some file

    def plan(self, tasks, keys: list | None) -> None:
        """Before linting: the key of the cross-report phase (:meth:`xxgk_lint.cache.Cache.across_key`)
        over the files a cross-report rule compares — their paths and cache keys — and its remembered
        outcome.  No key when one of them has no cache key (``--no-cache``, no cache directory, an
        unreadable file): the phase then runs as always, and nothing is remembered."""
        members = [(i, p) for i, (_s, p) in enumerate(tasks) if self._compares(p)]
        self.comparing = bool(members)
        if keys is None or not members or any(keys[i] is None for i, _p in members):
            return
        first = min(members, key=lambda m: m[1])[0]
        cache = keys[first][0]
        key = cache.across_key([(p, keys[i][1]) for i, p in members])
        self.phase = (cache, key)
        self.memo = cache.get_across(key)

    @property
    def needs_facts(self) -> bool:
        """Whether the cross-report phase will read the files' facts (cells, passages): not when no
        cross-report rule is selected, nor when its outcome is remembered."""
        return self.comparing and self.memo is None

    def add(self, r: FileResult) -> None:
        out = self.out
        if self.matcher is not None:
            out.baselined += self.matcher.filter(r)
        f = r.facts
        if self.memo is None and (f is not None and f.is_report or r.internal_errors or r.over_budget):
            if self._compares(r.path):
                if f is not None and f.is_report:
                    doc = r.document
                    self.facts.append((r.path, getattr(doc, "format", None) or "", f))
                if r.internal_errors or r.over_budget:
                    self.storable = False  # its facts are not those of its content: never remember the phase
        if self.sink is None:
            out.results.append(r)
        else:
            out._note(r)
            self.sink.add(r)

    def _compares(self, path: str) -> bool:
        """Whether a cross-report rule is selected for ``path`` (one answer per distinct settings)."""
        s = self.out.settings_of.get(path)
        if s is None:
            return bool(getattr(self.session.linter(path), "across_rules", ()))
        known = self._across_of.get(id(s))
        if known is None:
            known = self._across_of[id(s)] = (s, bool(getattr(self.session.pool.get(s), "across_rules", ())))
        return known[1]

    def finish(self) -> None:
        """The cross-report phase on the kept facts, then the end of the baseline."""
        from xxgk_lint.pool import collector

        # the cyclic collector's thresholds of the linting (pool.collector) here too: with the defaults,
        # the phase's many short-lived objects set off collections of the older generations, which hold
        # every kept result and facts by now (0.3 s of a run over 1,000 reports, none of it garbage)
        with collector():
            self._finish()

    def _finish(self) -> None:
        out = self.out
        light: list[FileResult] = []
        if self.memo is not None:  # the same files and settings as a run before: its outcome
            light, self.memo = self.memo, None
        elif self.facts:
            from xxgk_lint import across
            from xxgk_lint.result import LightDocument

            light = [FileResult(p, [], LightDocument(p, fmt, {}), facts=f) for p, fmt, f in self.facts]
            self.facts = []
            light.sort(key=lambda r: r.path)
            across.run(light, self.session.linter)
            if self.phase is not None and self.storable:
                self.phase[0].put_across(self.phase[1], light)
        elif self.phase is not None and self.storable:
            self.phase[0].put_across(self.phase[1], [])  # no report to compare: remembered too
        if light:
            for r in light:
                if self.matcher is not None:
                    out.baselined += self.matcher.filter(r)
                if self.sink is not None:
                    out._note(r)
            if self.sink is None:
                _merge(out.results, light)
            else:
                self.sink.across(light)
        if self.matcher is not None:
            self.session._baseline_done(self.baseline, self.matcher)


def _merge(results: list[FileResult], light: list[FileResult]) -> None:
    """The cross-report findings (and internal errors) of ``light`` merged into their files' results."""
    from xxgk_lint.diagnostics import Diagnostic

    by_path = {r.path: r for r in results}
    for x in light:
        r = by_path.get(x.path)
        if r is None:
            continue
        r.suppressed += x.suppressed
        if x.diagnostics or x.internal_errors:
            r.diagnostics = sorted([*r.diagnostics, *x.diagnostics], key=Diagnostic.sort_key)
            r.internal_errors += x.internal_errors


def load_baseline(path: str | None, update: bool):
    """The baseline file to apply (``update``: to rewrite; a missing or broken one starts empty)."""
    if path is None:
        return None
    from xxgk_lint.baseline import Baseline, BaselineError

    if update and not os.path.exists(path):
        return Baseline(path)
    try:
        return Baseline.load(path)
    except BaselineError as exc:
        if update:  # a broken or outdated baseline is simply rewritten
            return Baseline(path)
        raise RunError(str(exc)) from None
