"""``--jobs`` under signals and killed workers (issue 16): Ctrl-C and SIGTERM stop at once and take the
workers with them; a worker killed from outside costs only the file it was checking."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from xxgk_lint import pool as pool_mod
from xxgk_lint.rules.common import example_report
from xxgk_lint.settings import Settings

posix = pytest.mark.skipif(os.name != "posix" or sys.platform == "darwin", reason="fork start method")


@posix
def test_a_killed_worker_costs_only_its_file(tmp_path, monkeypatch):
    parent = os.getpid()
    real = pool_mod.lint_one

    def lint_one(linter, path, data=None):
        if "killer" in path and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer does
        return real(linter, path, data)

    monkeypatch.setattr(pool_mod, "lint_one", lint_one)
    text = example_report("2021")
    paths = []
    for i in range(12):
        p = tmp_path / (f"r{i:02d}.txt" if i != 5 else "r05-killer.txt")
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    s = Settings()
    results = pool_mod.lint_many([(s, p) for p in paths], pool_mod.LinterPool(), jobs=2)
    assert [r.path for r in results] == paths
    for r in results:
        if "killer" in r.path:
            assert r.internal_errors and "WorkerKilled" in r.internal_errors[0]
        else:
            assert not r.internal_errors, r.internal_errors
            assert r.document is not None  # really linted


SLOW_RUN = """
import os, sys, time
from xxgk_lint import pool
real = pool.lint_one
DIR = sys.argv[1]
def slow(linter, path, data=None):
    if os.getpid() != PARENT:
        with open(os.path.join(DIR, "pids"), "a") as fh:
            fh.write(f"{os.getpid()}\\n")
        print("working", flush=True)
        time.sleep(3)
    return real(linter, path, data)
PARENT = os.getpid()
pool.lint_one = slow
from xxgk_lint.cli import main
sys.argv = ["xxgk-lint", "check", "--no-cache", "-j", "2", DIR]
main()
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ")[1][0] != "Z"
    except OSError:
        return False


@posix
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_stops_promptly_and_takes_the_workers(tmp_path, sig):
    text = example_report("2021")
    for i in range(40):  # 40 files x 3 s on 2 workers: a minute if the queue were drained
        (tmp_path / f"r{i:02d}.txt").write_text(text, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_RUN, str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # as from a terminal: a test run started in the background (``pytest &``) ignores SIGINT, and a child
        # would inherit that and never see the Ctrl-C this test sends
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert "working" in proc.stdout.readline()
        proc.send_signal(sig)
        proc.wait(timeout=30)  # far less than the minute of queued work
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            for p in _pids(tmp_path):  # leave no worker behind when the test fails
                if _alive(p):
                    os.kill(p, signal.SIGKILL)
    assert proc.returncode != 0
    time.sleep(0.5)
    pids = _pids(tmp_path)
    assert pids and not [p for p in pids if _alive(p)]


def _pids(tmp_path) -> list[int]:
    try:
        return [int(x) for x in (tmp_path / "pids").read_text().split()]
    except OSError:
        return []
