"""The pre-commit hooks, run by the real ``pre-commit`` tool against a temporary git repository.

The hook repository is a snapshot of this project's *working tree* (copied into a temporary git
repository and committed there), so the test checks the files as they are, committed or not.
pre-commit builds the hook's virtualenv with pip, which needs the package index (about a minute).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT

pytestmark = [
    pytest.mark.integration,  # pre-commit builds the hook's virtualenv with pip: `pytest -m integration`
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(
        importlib.util.find_spec("pre_commit") is None, reason="pre-commit is not installed (pip install -e '.[test]')"
    ),
]

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


def _git(cwd, *args):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def _snapshot(dest):
    """Copy the project's working tree (without virtualenvs and caches) into a new git repository."""

    def ignore(directory, names):
        return [n for n in names if n in SKIP_DIRS or n.endswith(".egg-info")]

    shutil.copytree(ROOT, dest, ignore=ignore)
    _git(dest, "init", "-q")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-q", "-m", "snapshot", "--no-verify")
    return _git(dest, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    base = tmp_path_factory.mktemp("precommit")
    proj = base / "xxgk-lint"
    rev = _snapshot(proj)
    work = base / "reports"
    work.mkdir()
    _git(work, "init", "-q")
    from xxgk_lint.rules.common import example_report

    (work / "clean.txt").write_text(example_report("2021"), encoding="utf-8")
    (work / "faulty.txt").write_text(example_report("2021", drop=("t3",)), encoding="utf-8")
    (work / "drafts").mkdir()
    (work / "drafts" / "faulty.txt").write_text(example_report("2021", drop=("t3",)), encoding="utf-8")
    (work / "xxgk-lint.toml").write_text('extend-exclude = ["drafts"]\n', encoding="utf-8")
    (work / ".pre-commit-config.yaml").write_text(
        textwrap.dedent(f"""\
        repos:
          - repo: {proj.as_posix()}
            rev: {rev}
            hooks:
              - id: xxgk-lint
        """),
        encoding="utf-8",
    )
    _git(work, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "pre-commit-home"), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)  # plain output, whatever CI runs the test

    def run(*files):
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "xxgk-lint", "--files", *files],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    # build the hook environment once; report the reason clearly when it cannot be built
    first = run("clean.txt")
    if "An unexpected error has occurred" in first.stdout + first.stderr or "CalledProcessError" in first.stdout:
        pytest.fail("pre-commit could not install the hook environment:\n" + first.stdout + first.stderr)
    return run, first


def test_manifest_is_valid():
    from pre_commit.clientlib import load_manifest

    hooks = {h["id"]: h for h in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"xxgk-lint", "xxgk-lint-fix"}
    for h in hooks.values():
        assert h["language"] == "python" and h["require_serial"] is True
        assert "--force-exclude" in h["entry"]
        assert "docx" in h["files"]
    assert "--fix" in hooks["xxgk-lint-fix"]["entry"]


def test_clean_report_passes(hook_repo):
    _, first = hook_repo
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Passed" in first.stdout


def test_faulty_report_fails(hook_repo):
    run, _ = hook_repo
    r = run("faulty.txt")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Failed" in r.stdout and "T201" in r.stdout


def test_config_exclude_applies_to_explicit_files(hook_repo):
    run, _ = hook_repo
    r = run("drafts/faulty.txt")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "T201" not in r.stdout
