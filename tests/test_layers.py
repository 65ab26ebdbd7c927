"""The one-direction import rules of docs/architecture.md ("Imports go one way"), checked on every module
of the engine and the built-in rules, lazy imports inside functions included."""

from __future__ import annotations

import ast
import functools
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _modules() -> dict[str, pathlib.Path]:
    out = {}
    for base, package in ((ROOT / "linter", "xxgk_lint"), (ROOT / "rules", "xxgk_lint.rules")):
        for path in base.rglob("*.py"):
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join([package, *parts])] = path
    return out


MODULES = _modules()


@functools.cache
def _imports(path: pathlib.Path) -> frozenset[str]:
    """The modules ``path`` imports, parsed once for all the tests (speed, issue 12)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            for a in node.names:  # ``from xxgk_lint import suppress`` imports the module xxgk_lint.suppress
                if f"{node.module}.{a.name}" in MODULES:
                    found.add(f"{node.module}.{a.name}")
    return frozenset(found)


def _inside(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _own(module: str) -> set[str]:
    return {m for m in _imports(MODULES[module]) if m.startswith("xxgk_lint.")}


def _of(prefix: str) -> list[str]:
    return sorted(m for m in MODULES if _inside(m, [prefix]))


E = "xxgk_lint."


@pytest.mark.parametrize("module", ["xxgk_lint.formats", "xxgk_lint.errors", "xxgk_lint.lines", "xxgk_lint.atomic"])
def test_low_level_modules_import_nothing_of_the_package(module):
    assert {m for m in _imports(MODULES[module]) if m.startswith("xxgk_lint")} == set()


def test_readers_import_nothing_of_recognition_or_later_stages():
    allowed = [E + "document", E + "errors", E + "formats", E + "lines", E + "readers"]
    bad = {m: sorted(i for i in _own(m) if not _inside(i, allowed)) for m in _of(E + "readers")}
    assert {m: v for m, v in bad.items() if v} == {}


def test_recognition_imports_no_rules_output_or_run_stages():
    allowed = [E + "document", E + "report", E + "templates", E + "recognise"]
    bad = {m: sorted(i for i in _own(m) if not _inside(i, allowed)) for m in _of(E + "recognise")}
    assert {m: v for m, v in bad.items() if v} == {}


def test_rules_import_nothing_of_output_cli_runner_pool_or_session():
    banned = [E + "output", E + "cli", E + "runner", E + "pool", E + "session"]
    bad = {m: sorted(i for i in _own(m) if _inside(i, banned)) for m in _of(E + "rules")}
    assert {m: v for m, v in bad.items() if v} == {}


def test_output_imports_nothing_of_rules_or_run_stages():
    banned = [E + "rules", E + "runner", E + "pool", E + "session", E + "cli"]
    bad = {m: sorted(i for i in _own(m) if _inside(i, banned)) for m in _of(E + "output")}
    assert {m: v for m, v in bad.items() if v} == {}


def test_run_stages_import_downwards_only():
    order = [E + "runner", E + "pool", E + "session", E + "cli"]
    for k, module in enumerate(order):
        later = order[k + 1 :]
        assert sorted(i for i in _own(module) if _inside(i, later)) == [], module
    clicky = sorted(m for m, p in MODULES.items() if "click" in _imports(p))
    assert clicky == [E + "cli"]
