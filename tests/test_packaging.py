"""Packaging: one import name (``xxgk_lint``, built-in rules in ``xxgk_lint.rules``), the built-in rule
list in step with the rules/ folder, and no built-in entry points.

The wheel test (integration: builds a wheel and a virtualenv, ``pytest -m integration``) installs the
wheel into a fresh virtualenv next to two small packages that own the top-level names ``rules`` and
``linter`` and shows that all three still import (pip builds and installs from the package index).
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import textwrap
import zipfile
from importlib import import_module

import pytest

from xxgk_lint import registry

from conftest import ROOT

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
EXAMPLE = ROOT / "examples" / "plugin-example"
SKIP_DIRS = {
    ".git",
    ".venv",
    "venv",
    ".venv-ci",
    "__pycache__",
    ".pytest_cache",
    ".hypothesis",
    ".xxgk-lint-cache",
    ".benchmarks",
    "build",
    "dist",
    "node_modules",
}


# -- fast checks ---------------------------------------------------------------------------------------
def test_builtin_modules_are_the_rule_modules_of_the_rules_folder():
    defining = set()
    for path in sorted((ROOT / "rules").glob("*.py")):
        if path.stem == "__init__":
            continue
        module = import_module(f"xxgk_lint.rules.{path.stem}")
        if registry.rules_in(module):
            defining.add(module.__name__)
    assert defining, "no rule module found in rules/"
    assert sorted(registry.BUILTIN_MODULES) == sorted(defining)
    assert len(set(registry.BUILTIN_MODULES)) == len(registry.BUILTIN_MODULES)


def test_no_builtin_entry_points_in_the_rules_group():
    # built-ins load from BUILTIN_MODULES; an entry point of ours would be a second list to keep in step
    groups = PYPROJECT["project"].get("entry-points", {})
    assert registry.GROUP not in groups, groups.get(registry.GROUP)


def test_the_example_plugin_registers_through_the_rules_group(monkeypatch):
    example = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))
    points = example["project"]["entry-points"][registry.GROUP]
    assert points, "the example plug-in declares no entry point in the xxgk_lint.rules group"
    monkeypatch.syspath_prepend(str(EXAMPLE))
    builtin = registry.load_rules()
    for name, target in points.items():
        found = registry.rules_in(import_module(target))
        assert found, f"entry point {name} = {target} defines no rule"
        assert not {cls.code for cls in found} & set(builtin), "the example's codes collide with built-in ones"


def test_every_package_folder_is_declared():
    # package-dir maps linter/ to xxgk_lint and rules/ to xxgk_lint.rules: a folder missing from
    # `packages` would be left out of the wheel while the editable install still finds it
    tool = PYPROJECT["tool"]["setuptools"]
    assert tool["package-dir"] == {"xxgk_lint": "linter", "xxgk_lint.rules": "rules"}
    found = set()
    for prefix, folder in (("xxgk_lint", "linter"), ("xxgk_lint.rules", "rules")):
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder)
            found.add(".".join((prefix, *rel.parts)))
    assert sorted(tool["packages"]) == sorted(found)


# -- the wheel in a fresh virtualenv (integration) -------------------------------------------------------
def _run(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    r = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, f"{' '.join(map(str, args))} failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r


def _owner_package(base: pathlib.Path, dist: str, top: str) -> pathlib.Path:
    """A minimal distribution ``dist`` owning the top-level package ``top``."""
    src = base / dist
    (src / top).mkdir(parents=True)
    (src / top / "__init__.py").write_text(f'OWNER = "{dist}"\n', encoding="utf-8")
    (src / "pyproject.toml").write_text(
        textwrap.dedent(f"""\
        [build-system]
        requires = ["setuptools>=64"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "{dist}"
        version = "1.0"

        [tool.setuptools]
        packages = ["{top}"]
        """),
        encoding="utf-8",
    )
    return src


@pytest.mark.integration
def test_wheel_installs_next_to_packages_named_rules_and_linter(tmp_path):
    # build the wheel from a copy of the working tree (no build/ or egg-info left in the checkout)
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=lambda d, names: [n for n in names if n in SKIP_DIRS or n.endswith(".egg-info")])
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp_path / "dist", src)
    (wheel,) = (tmp_path / "dist").glob("xxgk_lint-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        tops = {n.split("/")[0] for n in names}
        entry_points = next((z.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt")), "")
    assert {t for t in tops if not t.endswith(".dist-info")} == {"xxgk_lint"}
    assert "xxgk_lint/rules/structure.py" in names and "xxgk_lint/templates/2021.json" in names
    assert f"[{registry.GROUP}]" not in entry_points and "xxgk-lint = xxgk_lint.cli:main" in entry_points

    # a fresh virtualenv that already has a `rules` and a `linter` package, then xxgk-lint on top
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, env=env)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    others = [
        _owner_package(tmp_path / "others", "other-rules", "rules"),
        _owner_package(tmp_path / "others", "other-linter", "linter"),
    ]
    _run(python, "-m", "pip", "install", "--quiet", *others, env=env)
    _run(python, "-m", "pip", "install", "--quiet", wheel, env=env)

    check = textwrap.dedent("""\
        import rules, linter
        assert rules.OWNER == "other-rules", rules.__file__
        assert linter.OWNER == "other-linter", linter.__file__
        import xxgk_lint.rules, xxgk_lint.rules.structure
        from xxgk_lint.rule import Rule
        from xxgk_lint.registry import load_rules
        assert xxgk_lint.rules.__file__.endswith("xxgk_lint/rules/__init__.py".replace("/", __import__("os").sep))
        assert len(load_rules()) > 20
        print("ok")
        """)
    out = _run(python, "-c", check, cwd=tmp_path, env=env)
    assert out.stdout.strip() == "ok"
    version = _run(bindir / "xxgk-lint", "--version", cwd=tmp_path, env=env)
    from xxgk_lint import __version__

    assert version.stdout.strip() == f"xxgk-lint, version {__version__}"
    from xxgk_lint.rules.common import example_report

    (tmp_path / "clean.txt").write_text(example_report("2021"), encoding="utf-8")
    _run(bindir / "xxgk-lint", "check", "clean.txt", cwd=tmp_path, env=env)
