"""Shared test fixtures.

* ``seeds_dir`` / ``seed``: the real published reports in ``../shared/seeds`` (tests skip when absent);
* ``lint_text``: lint a string as if it were a file (``.txt`` by default) and return the diagnostics;
* ``run_cli``: run ``xxgk-lint`` in-process through click's runner (exit code, stdout, stderr);
* ``codes``: the codes of a list of diagnostics;
* ``rendered``: a synthetic report rendered to a format, cached for the session (a .docx takes python-docx
  a noticeable time, and several test files render the same reports).

The default run (``pytest`` with no path and the ``-m 'not integration'`` of addopts) is spread over the
machine's cores by pytest-xdist when it is installed (``pytest_cmdline_main`` below, at most 4 workers);
``-n 0``, ``-p no:xdist``, a path, ``--pdb``, ``-s`` or another ``-m`` run in one process as before.
"""

from __future__ import annotations

import gc
import os
import pathlib
import sys
from dataclasses import fields

import pytest

# PYTHONDONTWRITEBYTECODE (set in this machine's environment) would have every run, every xdist worker and
# every subprocess test compile the package and rewrite the assertions of every test module anew, about
# 10 s of CPU per run: the test run writes its compiled files to __pycache__ (ignored by git) as a plain
# Python run does, and the subprocesses read them.
sys.dont_write_bytecode = False

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = ROOT / "examples"


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """The default run takes ``-n`` (at most 4 workers): the test extra installs pytest-xdist.  Not set in a
    worker (xdist starts each with ``numprocesses`` None), nor when the command names what to run."""
    if not config.pluginmanager.hasplugin("xdist") or hasattr(config, "workerinput"):
        return
    if config.option.numprocesses is not None or config.option.dist != "no" or config.option.tx:
        return  # -n, --dist or --tx given: xdist as asked
    default_run = (
        config.args_source == pytest.Config.ArgsSource.TESTPATHS
        and config.option.markexpr == "not integration"
        and not config.option.usepdb
        and config.option.capture != "no"
        and not config.option.collectonly
    )
    workers = min(_cores(), 4)
    if default_run and workers > 1:
        config.option.numprocesses = workers


def pytest_collection_finish(session):
    """What collection made (test modules, parameters, the imported packages) lives to the end of the run: it is
    moved out of the cyclic collector's way (``gc.freeze``), so that the collector's full collections during
    the run trace only what the tests make (about 4 s of full collections in a run before)."""
    gc.collect()
    gc.freeze()


def seed_path(prefix: str) -> pathlib.Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} is not present")
    return found[0]


@pytest.fixture
def seed():
    return seed_path


def lint(text: str, name: str = "report.txt", select=None, template=None, **settings_kw):
    """Lint ``text`` (str, or bytes as read from disk) as the file ``name``; return the FileResult."""
    from xxgk_lint.runner import Linter, Settings

    data = text.encode("utf-8") if isinstance(text, str) else text
    settings = Settings(select=select, template=template, **settings_kw)
    return Linter(settings).lint_file(name, data=data)


@pytest.fixture
def lint_text():
    def _lint(text, name="report.txt", select=None, template=None, **kw):
        return lint(text, name, select, template, **kw).diagnostics

    return _lint


def codes(diagnostics) -> list[str]:
    return [d.code for d in diagnostics]


@pytest.fixture
def run_cli():
    from click.testing import CliRunner

    from xxgk_lint.cli import main

    def _run(*args, input=None, env=None):
        runner = CliRunner()
        result = runner.invoke(main, [str(a) for a in args], input=input, env=env, catch_exceptions=False)
        return result

    return _run


_RENDERS: dict[tuple, bytes] = {}


def _state(rep) -> tuple:
    """Everything that decides how a SyntheticReport renders, as a hashable value."""

    def frozen(v):
        if isinstance(v, dict):
            return tuple(sorted((k, frozen(x)) for k, x in v.items()))
        if isinstance(v, (set, frozenset)):
            return tuple(sorted(frozen(x) for x in v))
        if isinstance(v, (list, tuple)):
            return tuple(frozen(x) for x in v)
        return v

    return tuple((f.name, frozen(getattr(rep, f.name))) for f in fields(rep)) + (("variant", rep.variant),)


def rendered(rep, fmt: str, layout: str | None = None) -> bytes:
    """``synth.render(rep, fmt, layout)`` as bytes, rendered once per session for equal reports."""
    from xxgk_lint.synth import render

    key = (_state(rep), fmt, layout)
    if key not in _RENDERS:
        out = render(rep, fmt, layout=layout) if layout else render(rep, fmt)
        _RENDERS[key] = out.encode("utf-8") if isinstance(out, str) else out
    return _RENDERS[key]
