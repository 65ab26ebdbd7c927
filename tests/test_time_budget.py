"""Per-file time budget (``limits.time-budget``, issue 16): a file that takes longer is an E001 "not checked:
took longer than N s", the run goes on; in one process the alarm interrupts Python work, with ``--jobs`` a
worker stuck where the alarm cannot reach is ended by its watchdog and the other files of its chunk are run
again.  The work on the slow file is a monkeypatched step that loops or sleeps."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from xxgk_lint import pool as pool_mod
from xxgk_lint.readers import Limits
from xxgk_lint.rules.common import example_report
from xxgk_lint.runner import Linter
from xxgk_lint.settings import Settings

posix = pytest.mark.skipif(
    os.name != "posix" or sys.platform == "darwin" or not hasattr(signal, "setitimer"), reason="fork and setitimer"
)


def _files(tmp_path, n: int, slow: int) -> list[str]:
    text = example_report("2021")
    paths = []
    for i in range(n):
        p = tmp_path / (f"r{i:02d}.txt" if i != slow else f"r{i:02d}-slow.txt")
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    return paths


SLOW = 20  # seconds the slow file takes without a budget (then it is checked normally: the tests fail)


def _loop_on_slow(monkeypatch, how: str) -> list:
    real = Linter.lint_document
    calls: list = []

    def lint_document(self, doc, result=None):
        if "slow" in doc.path:
            calls.append(doc.path)
            end = time.monotonic() + SLOW
            if how == "loop":  # pure Python: the alarm interrupts it
                while time.monotonic() < end:
                    pass
            else:  # stuck where the alarm cannot reach: SIGALRM blocked in this thread, a long sleep in C
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
                time.sleep(SLOW)
        return real(self, doc, result)

    monkeypatch.setattr(Linter, "lint_document", lint_document)
    return calls


def _check(results, paths):
    assert [r.path for r in results] == paths
    for r in results:
        codes = [d.code for d in r.diagnostics]
        if "slow" in r.path:
            assert codes == ["E001"] and r.over_budget, codes
            assert "took longer than 1 s (setting limits.time-budget)" in r.diagnostics[0].message["en"]
            assert "用时超过 1 秒" in r.diagnostics[0].message["zh"]
        else:
            assert "E001" not in codes and not r.internal_errors and not r.over_budget


@posix
def test_one_process_interrupts_a_looping_file(tmp_path, monkeypatch):
    _loop_on_slow(monkeypatch, "loop")
    paths = _files(tmp_path, 3, slow=1)
    s = Settings(limits=Limits(time_budget=1))
    started = time.monotonic()
    results = pool_mod.lint_many([(s, p) for p in paths], pool_mod.LinterPool(), jobs=1)
    assert time.monotonic() - started < SLOW
    _check(results, paths)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL  # the handler is restored
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_no_budget_when_zero_or_off_the_main_thread():
    import threading

    assert not pool_mod._Budget(0).__enter__().active
    seen = []
    t = threading.Thread(target=lambda: seen.append(pool_mod._Budget(5).__enter__().active))
    t.start()
    t.join()
    assert seen == [False]


@posix
@pytest.mark.parametrize("how", ["loop", "stuck"])
def test_jobs_replace_the_worker_and_keep_the_other_files(tmp_path, monkeypatch, how):
    _loop_on_slow(monkeypatch, how)
    paths = _files(tmp_path, 8, slow=3)  # not the first file: that one is linted in the parent
    s = Settings(limits=Limits(time_budget=1))
    started = time.monotonic()
    results = pool_mod.lint_many([(s, p) for p in paths], pool_mod.LinterPool(), jobs=2)
    assert time.monotonic() - started < SLOW
    _check(results, paths)


@posix
def test_cli_reports_it_and_goes_on(tmp_path, monkeypatch, run_cli):
    calls = _loop_on_slow(monkeypatch, "loop")
    _files(tmp_path, 2, slow=0)
    (tmp_path / "xxgk-lint.toml").write_text("[limits]\ntime-budget = 1\n", encoding="utf-8")
    r = run_cli("check", str(tmp_path))
    assert r.exit_code == 1
    assert "r00-slow.txt: E001" in r.output and "未予检查：用时超过 1 秒（配置项 limits.time-budget）" in r.output
    assert "r01.txt: E001" not in r.output
    # not cached: the next run tries the file again (and times out again)
    r = run_cli("check", str(tmp_path))
    assert "r00-slow.txt: E001" in r.output and len(calls) == 2
