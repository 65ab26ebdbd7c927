"""The coverage-guided harnesses (tests/fuzz/atheris_*.py) run a few seconds each: under atheris when it
is installed (`pip install '.[fuzz]'`), else as a plain random-mutation loop.  A crash fails the test with
the harness's output (the input is saved in the temporary directory)."""

from __future__ import annotations

import importlib.util
import os
import pathlib
import subprocess
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
HARNESSES = sorted(p.name for p in HERE.glob("atheris_*.py"))
HAVE_ATHERIS = importlib.util.find_spec("atheris") is not None
SECONDS = int(os.environ.get("XXGK_LINT_FUZZ_SECONDS", "5"))


def _run(harness: str, args: list[str], cwd) -> subprocess.CompletedProcess:
    env = dict(os.environ, XXGK_LINT_DEBUG="")
    return subprocess.run(
        [sys.executable, str(HERE / harness), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=SECONDS * 20 + 120,
    )


def test_there_are_harnesses_for_the_readers_and_the_rules():
    assert HARNESSES == ["atheris_readers.py", "atheris_rules.py"]


@pytest.mark.integration
@pytest.mark.parametrize("harness", HARNESSES)
def test_random_loop_finds_no_crash(harness, tmp_path):
    r = _run(harness, ["--random", str(SECONDS)], tmp_path)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-4000:]
    assert "no crash" in r.stdout


@pytest.mark.integration
@pytest.mark.skipif(not HAVE_ATHERIS, reason="atheris is not installed (pip install '.[fuzz]')")
@pytest.mark.parametrize("harness", HARNESSES)
def test_atheris_finds_no_crash(harness, tmp_path):
    r = _run(harness, [f"-max_total_time={SECONDS}", "-rss_limit_mb=2048", f"-artifact_prefix={tmp_path}/"], tmp_path)
    assert r.returncode == 0, r.stderr[-4000:]
    assert "Done" in r.stderr and "cov:" in r.stderr
    assert not list(tmp_path.glob("crash-*")), r.stderr[-4000:]


def test_a_harness_reports_a_crash(tmp_path, monkeypatch):
    """The random loop lets an exception through and keeps the input that raised it."""
    sys.path.insert(0, str(HERE))
    import harness

    monkeypatch.chdir(tmp_path)

    def one_input(data: bytes) -> None:
        if b"\x00" in data:
            raise ValueError("found")

    with pytest.raises(ValueError):
        harness.random_loop(one_input, [b"abc" * 100], seconds=30, seed=1)
    (saved,) = tmp_path.glob("crash-random-*")
    assert b"\x00" in saved.read_bytes()
