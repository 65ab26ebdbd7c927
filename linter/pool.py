"""Running many files: one :class:`~xxgk_lint.runner.Linter` per distinct settings (:class:`LinterPool`)
and :func:`lint_many`, in this process or in a pool of worker processes (``--jobs``).

**Time budget** (``limits.time-budget``, seconds; 0: none).  A file that takes longer is not checked: E001
"not checked: took longer than N s", the run goes on.  In a process, ``SIGALRM`` (``signal.setitimer``)
interrupts the work on the file; that needs the main thread and a POSIX system (elsewhere, e.g. on Windows
or in the ``serve`` threads, a file in this process has no budget), and it interrupts Python code only: a
file stuck inside a C library (a parser) is not stopped in this process.  With ``--jobs`` every worker also
runs a watchdog thread: a file still running ``budget + grace`` seconds after it started (stuck where the
alarm cannot reach) has its worker end itself; the parent gives that file the E001 and re-runs the other
files of the chunks the broken pool lost, in a new pool.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from xxgk_lint.atomic import TermAsExit
from xxgk_lint.facts import CompactCells, compact_cells
from xxgk_lint.readers import ReaderError
from xxgk_lint.result import FileResult
from xxgk_lint.runner import Linter
from xxgk_lint.settings import Settings

# -- the cyclic collector around the per-file work ------------------------------------------------------
# A report allocates tens of thousands of small objects that die with it, freed by reference counting
# (a report of text, Markdown or HTML leaves no cycle: tests/test_gc.py; the .docx and PDF libraries leave a
# few small ones).  Left to its defaults, the collector runs hundreds of
# times per report and promotes the report's live objects into the older generations, which it then scans
# again and again (a sixth of a run's time, more as the kept facts grow).  Instead: automatic young
# collections only after GEN0 net allocations (one normal report never gets there, a huge one still does),
# and one young collection after each file (:func:`settle`), when the file's objects are garbage and its
# cycles are still young: they go, and the few survivors (light results, caches) move on and are not
# scanned again.  Measured: issue 12, bench/README.md.
GEN0 = 200_000


class collector:
    """Context for a run of files: the thresholds above, the caller's restored at the end."""

    def __enter__(self) -> collector:
        import gc

        self.saved = gc.get_threshold()
        gc.set_threshold(max(self.saved[0], GEN0), *self.saved[1:])
        return self

    def __exit__(self, *exc) -> None:
        import gc

        gc.set_threshold(*self.saved)


def settle() -> None:
    """After a file: collect its cyclic garbage while it is young (see :class:`collector`)."""
    import gc

    gc.collect(0)


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

    def all_rules(self) -> dict:
        """Every rule loaded so far (all plug-in allow-lists together), keyed by code."""
        out: dict = {}
        for rules in self._rules.values():
            out.update(rules)
        return out

    def get(self, settings: Settings) -> Linter:
        key = settings.lint_key()
        if key not in self._linters:
            self._linters[key] = Linter(settings, self.rules_for(settings.plugins))
        return self._linters[key]


_WORKER_POOL: LinterPool | None = None
# in a worker: the directory where its watchdog names the file it ended the worker on (None: no watchdog)
_MARKS: list = [None]
# the file a worker is on: (path, monotonic start, budget); read by its watchdog
_CURRENT: list = [None]
_WATCHDOG: list = [None]
WATCHDOG_EXIT = 86  # a worker's exit status when its watchdog ended it


def _quiet(msg: str) -> None:  # workers: plug-in warnings were already shown by the parent
    pass


def grace(budget: float) -> float:
    """How long past its budget a worker's file may run before the watchdog ends the worker: the alarm
    in the worker comes first whenever the file is in Python code."""
    return max(2.0, budget / 4)


def _mark(path: str) -> str:
    import hashlib

    return hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _watch() -> None:
    while True:
        time.sleep(0.1)
        cur, marks = _CURRENT[0], _MARKS[0]
        if cur is None or marks is None:
            continue
        path, started, budget = cur
        if time.monotonic() - started > budget + grace(budget):
            try:  # tell the parent which file it was, then end this worker
                with open(os.path.join(marks, _mark(path)), "w"):
                    pass
            finally:
                os._exit(WATCHDOG_EXIT)


def _init_worker(marks: str | None) -> None:
    """A worker process starts: where its watchdog names a file it ends the worker on."""
    _MARKS[0] = marks


def _work(chunk: list[tuple[int, Settings, str]]) -> list[tuple[int, FileResult]]:
    """Lint a chunk of files in a worker process; results come back as light, picklable data."""
    global _WORKER_POOL
    if _WORKER_POOL is None:
        _WORKER_POOL = LinterPool(warn=_quiet)
        _default_sigterm()
    out = []
    with collector():
        for index, settings, path in chunk:
            linter = _WORKER_POOL.get(settings)
            out.append((index, lint_one(linter, path).light()))
            settle()
    return out


def _default_sigterm() -> None:
    """A forked worker inherits the parent's SIGTERM handler (:class:`~xxgk_lint.atomic.TermAsExit`: raise SystemExit).  In a
    worker blocked sending a result into a pipe nobody reads any more (a broken pool), that SystemExit is
    caught by concurrent.futures, which then blocks sending the error: the pool's shutdown waits for ever.
    Workers go back to the default action, so ``terminate()`` ends them."""
    import signal

    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except (ValueError, OSError):  # not the main thread of the worker: nothing to undo
        pass


class _Watched:
    """In a worker with a time budget: the worker's watchdog watches the file while the block runs."""

    def __init__(self, path: str, budget: float):
        self.on = budget > 0 and _MARKS[0] is not None
        self.path, self.budget = path, budget

    def __enter__(self) -> None:
        if not self.on:
            return
        if _WATCHDOG[0] is None:
            watchdog = threading.Thread(target=_watch, name="xxgk-lint-watchdog", daemon=True)
            watchdog.start()
            _WATCHDOG[0] = watchdog
        _CURRENT[0] = (self.path, time.monotonic(), self.budget)

    def __exit__(self, *exc) -> None:
        _CURRENT[0] = None


class TimeBudgetExceeded(BaseException):
    """Raised by the alarm in the work on a file that ran over its budget.  A BaseException (not an
    Exception, SystemExit or GeneratorExit) so that the runner's guards around each rule let it through."""


class _Budget:
    """While the ``with`` block runs, SIGALRM after ``seconds`` (then every half second, should the first
    be swallowed) raises :class:`TimeBudgetExceeded`; the previous handler and timer are restored after.
    Inactive (no budget) off the main thread, without ``setitimer`` (Windows), or when a real-time timer
    is already set by someone else."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.active = self.armed = False
        self.old: Any = None

    def _fire(self, signum, frame) -> None:
        if self.armed:
            raise TimeBudgetExceeded(self.seconds)

    def __enter__(self) -> _Budget:
        if (
            self.seconds > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0
        ):
            try:
                self.old = signal.signal(signal.SIGALRM, self._fire)
            except (ValueError, OSError):
                return self
            self.active = self.armed = True
            signal.setitimer(signal.ITIMER_REAL, self.seconds, 0.5)
        return self

    def __exit__(self, *exc) -> None:
        if self.active:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)


def over_budget(linter: Linter, path: str, budget: float) -> FileResult:
    """The result of a file that took longer than its time budget: an E001, the file not checked."""
    r = linter.unreadable(
        path,
        ReaderError(
            "time-budget",
            f"未予检查：用时超过 {budget:g} 秒（配置项 limits.time-budget）",
            f"not checked: took longer than {budget:g} s (setting limits.time-budget)",
        ),
    )
    r.over_budget = True
    return r


def lint_one(linter: Linter, path: str, data: bytes | None = None) -> FileResult:
    """Lint one file; an engine bug becomes an internal error on that file, never a crash of the run; a file
    over the time budget (``limits.time-budget``) is an E001."""
    budget = linter.settings.limits.time_budget
    try:
        try:
            with _Watched(path, budget), _Budget(budget):
                return linter.lint_file(path, data=data)
        except TimeBudgetExceeded:
            return over_budget(linter, path, budget)
    except (
        Exception,
        SystemExit,
        GeneratorExit,
    ) as exc:  # an engine or plug-in bug on one file must not take the others down
        if os.environ.get("XXGK_LINT_DEBUG"):
            raise
        r = FileResult(path)
        r.internal_errors.append(f"{type(exc).__name__}: {exc}")
        return r


def compact(r: FileResult) -> FileResult:
    """``r`` with its facts' cells made of shared objects (:func:`xxgk_lint.facts.compact_cells`: same
    values, less memory) when they are not yet (a cache hit, a worker's result); returns ``r``."""
    f = r.facts
    if f is not None and f.cells and not isinstance(f.cells, CompactCells):
        f.cells = compact_cells(f.cells.items())  # type: ignore[assignment]
    return r


def chunk_sizes(n: int, jobs: int, largest: int = 64) -> list[int]:
    """How ``n`` files are cut into chunks for ``jobs`` workers: large chunks first (few round trips between
    the parent and the workers), then smaller and smaller ones (each a quarter of a worker's share of what is
    left), so that the workers run out of files at about the same time instead of one finishing a whole
    large chunk while the others wait."""
    sizes = []
    left = n
    while left > 0:
        size = max(1, min(largest, left // (jobs * 4)))
        sizes.append(size)
        left -= size
    return sizes


def lint_many(
    tasks: list[tuple[Settings, str]],
    pool: LinterPool,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    keep_documents: bool = False,
) -> list[FileResult]:
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
            r = lint_one(pool.get(settings), path)
            results[i] = r if keep_documents else compact(r.light())
            del r  # the full result (document, report) is garbage now: settle() collects its cycles
            settle()
            if progress:
                progress(1)
        return results  # type: ignore[return-value]
    for settings, _ in tasks:  # load plug-ins in the parent first: their warnings are shown once
        pool.rules_for(settings.plugins)
    # lint the first file here: the imports, templates and per-template caches it warms up are inherited
    # by forked workers instead of being rebuilt in each of them
    results[0] = compact(lint_one(pool.get(tasks[0][0]), tasks[0][1]).light())
    if progress:
        progress(1)
    items = [(i, s, p) for i, (s, p) in enumerate(tasks)][1:]
    chunks = []
    k = 0
    for size in chunk_sizes(len(items), jobs):
        chunks.append(items[k : k + size])
        k += size
    # a worker killed from outside (the OOM killer) breaks the whole pool: only the chunks not yet
    # done are run again, then file by file, then each file alone in its own worker, which names
    # the file that kills its process
    import tempfile

    lost: list = []
    with tempfile.TemporaryDirectory(prefix="xxgk-lint-budget-") as marks:
        for workers, chunk_list in ((jobs, chunks), (jobs, None), (1, None)):
            if chunk_list is None:
                left = [it for c in lost for it in c]
                if not left:
                    break
                chunk_list = [[it] for it in left]
            lost = _run_chunks(chunk_list, workers, results, progress, alone=workers == 1, marks=marks)
            lost = _over_budget_files(lost, marks, pool, results, progress)
            if not lost:
                break
    for c in lost:  # each killed its own worker
        for i, _s, path in c:
            r = FileResult(path)
            r.internal_errors.append(
                "WorkerKilled: 检查此文件的工作进程被终止（内存不足？）/ "
                "the worker process checking this file was killed (out of memory?)"
            )
            results[i] = r
            if progress:
                progress(1)
    return results  # type: ignore[return-value]


def _over_budget_files(lost: list, marks: str, pool: LinterPool, results: list, progress) -> list:
    """The files whose worker's watchdog ended it (named in ``marks``) get their E001; returns the lost
    chunks without them (the rest is run again)."""
    try:
        named = set(os.listdir(marks))
    except OSError:
        named = set()
    if not named:
        return lost
    left = []
    for c in lost:
        rest = []
        for it in c:
            i, settings, path = it
            if _mark(path) in named:
                results[i] = over_budget(pool.get(settings), path, settings.limits.time_budget).light()
                if progress:
                    progress(1)
            else:
                rest.append(it)
        if rest:
            left.append(rest)
    return left


def _run_chunks(chunks, workers: int, results: list, progress, alone: bool = False, marks: str | None = None) -> list:
    """Run ``chunks`` in a fresh process pool; returns the chunks lost to a broken pool.  ``alone``:
    one pool per chunk, so a chunk that kills its worker costs only itself.  Ctrl-C or SIGTERM cancels
    the queued work and terminates the workers at once."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    lost: list = []
    groups = [[c] for c in chunks] if alone else [chunks]
    with TermAsExit():
        for group in groups:
            ex = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(marks,))
            broken = False
            try:
                futures = {ex.submit(_work, c): c for c in group}
                for fut in as_completed(futures):
                    try:
                        done = fut.result()
                    except BrokenProcessPool:
                        lost.append(futures[fut])
                        broken = True
                        continue
                    for i, r in done:
                        results[i] = compact(r)
                    if progress:
                        progress(len(done))
            except BaseException:
                _kill(ex)
                raise
            if broken:  # a surviving worker may be blocked writing a result nobody reads any more
                _kill(ex)
            else:
                ex.shutdown(wait=True)
    return lost


def _kill(ex) -> None:
    """Stop a process pool now: cancel what is queued, terminate the workers."""
    procs = list((getattr(ex, "_processes", None) or {}).values())
    try:
        ex.shutdown(wait=False, cancel_futures=True)
    except Exception:
        pass
    for proc in procs:
        try:
            proc.terminate()
        except Exception:
            pass
    for proc in procs:
        try:
            proc.join(2)
            if proc.is_alive():
                proc.kill()
        except Exception:
            pass
