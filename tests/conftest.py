"""Shared test fixtures.

* ``seeds_dir`` / ``seed``: the real published reports in ``../shared/seeds`` (tests skip when absent);
* ``lint_text``: lint a string as if it were a file (``.txt`` by default) and return the diagnostics;
* ``run_cli``: run ``xxgk-lint`` in-process through click's runner (exit code, stdout, stderr);
* ``codes``: the codes of a list of diagnostics.
"""
from __future__ import annotations

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = ROOT / "examples"


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
