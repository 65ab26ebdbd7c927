"""Shared test fixtures.

* ``seeds_dir`` / ``seed``: the real published reports in ``../shared/seeds`` (tests skip when absent);
* ``lint_text``: lint a string as if it were a file (``.txt`` by default) and return the diagnostics;
* ``run_cli``: run ``xxgk-lint`` in-process through click's runner (exit code, stdout, stderr);
* ``codes``: the codes of a list of diagnostics;
* ``rendered``: a synthetic report rendered to a format, cached for the session (a .docx takes python-docx
  a noticeable time, and several test files render the same reports).
"""

from __future__ import annotations

import pathlib
from dataclasses import fields

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
