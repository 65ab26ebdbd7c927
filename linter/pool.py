"""Running many files: one :class:`~xxgk_lint.runner.Linter` per distinct settings (:class:`LinterPool`)
and :func:`lint_many`, in this process or in a pool of worker processes (``--jobs``)."""

from __future__ import annotations

import os
from collections.abc import Callable

from xxgk_lint.result import FileResult
from xxgk_lint.runner import Linter
from xxgk_lint.settings import Settings


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


def _quiet(msg: str) -> None:  # workers: plug-in warnings were already shown by the parent
    pass


def _work(chunk: list[tuple[int, Settings, str]]) -> list[tuple[int, FileResult]]:
    """Lint a chunk of files in a worker process; results come back as light, picklable data."""
    global _WORKER_POOL
    if _WORKER_POOL is None:
        _WORKER_POOL = LinterPool(warn=_quiet)
        _default_sigterm()
    out = []
    for index, settings, path in chunk:
        linter = _WORKER_POOL.get(settings)
        out.append((index, lint_one(linter, path).light()))
    return out


def _default_sigterm() -> None:
    """A forked worker inherits the parent's SIGTERM handler (``_term_as_exit``: raise SystemExit).  In a
    worker blocked sending a result into a pipe nobody reads any more (a broken pool), that SystemExit is
    caught by concurrent.futures, which then blocks sending the error: the pool's shutdown waits for ever.
    Workers go back to the default action, so ``terminate()`` ends them."""
    import signal

    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except (ValueError, OSError):  # not the main thread of the worker: nothing to undo
        pass


def lint_one(linter: Linter, path: str, data: bytes | None = None) -> FileResult:
    """Lint one file; an engine bug becomes an internal error on that file, never a crash of the run."""
    try:
        return linter.lint_file(path, data=data)
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
            results[i] = r if keep_documents else r.light()
            if progress:
                progress(1)
        return results  # type: ignore[return-value]
    for settings, _ in tasks:  # load plug-ins in the parent first: their warnings are shown once
        pool.rules_for(settings.plugins)
    # lint the first file here: the imports, templates and per-template caches it warms up are inherited
    # by forked workers instead of being rebuilt in each of them
    results[0] = lint_one(pool.get(tasks[0][0]), tasks[0][1]).light()
    if progress:
        progress(1)
    size = max(1, min(64, len(tasks) // (jobs * 8)))
    items = [(i, s, p) for i, (s, p) in enumerate(tasks)][1:]
    chunks = [items[k : k + size] for k in range(0, len(items), size)]
    # a worker killed from outside (the OOM killer) breaks the whole pool: only the chunks not yet
    # done are run again, then file by file, then each file alone in its own worker, which names
    # the file that kills its process
    lost: list = []
    for workers, chunk_list in ((jobs, chunks), (jobs, None), (1, None)):
        if chunk_list is None:
            left = [it for c in lost for it in c]
            if not left:
                break
            chunk_list = [[it] for it in left]
        lost = _run_chunks(chunk_list, workers, results, progress, alone=workers == 1)
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


def _run_chunks(chunks, workers: int, results: list, progress, alone: bool = False) -> list:
    """Run ``chunks`` in a fresh process pool; returns the chunks lost to a broken pool.  ``alone``:
    one pool per chunk, so a chunk that kills its worker costs only itself.  Ctrl-C or SIGTERM cancels
    the queued work and terminates the workers at once."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    lost: list = []
    groups = [[c] for c in chunks] if alone else [chunks]
    with _term_as_exit():
        for group in groups:
            ex = ProcessPoolExecutor(max_workers=workers)
            try:
                futures = {ex.submit(_work, c): c for c in group}
                for fut in as_completed(futures):
                    try:
                        done = fut.result()
                    except BrokenProcessPool:
                        lost.append(futures[fut])
                        continue
                    for i, r in done:
                        results[i] = r
                    if progress:
                        progress(len(done))
            except BaseException:
                _kill(ex)
                raise
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


class _term_as_exit:
    """While the pool runs, SIGTERM to the parent raises SystemExit (so the workers are terminated)
    instead of killing the parent alone and leaving its workers running."""

    def __enter__(self):
        import signal
        import threading

        self.old = None
        if threading.current_thread() is threading.main_thread():

            def on_term(signum, frame):
                raise SystemExit(128 + signum)

            try:
                self.old = signal.signal(signal.SIGTERM, on_term)
            except (ValueError, OSError):
                self.old = None
        return self

    def __exit__(self, *exc):
        if self.old is not None:
            import signal

            signal.signal(signal.SIGTERM, self.old)
        return False
