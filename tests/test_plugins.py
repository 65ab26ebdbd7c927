"""Third-party rule plug-ins: the example package in examples/plugin-example, installed into a temporary
directory and used through the real command line in a subprocess (``PYTHONPATH=<dir>``).

A plug-in runs only when allowed (``--plugin`` or ``plugins = [...]``), by entry-point or distribution
name; a plug-in that fails to import is reported and skipped without changing the exit code."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from xxgk_lint.rules.common import example_report

from conftest import ROOT

pytestmark = pytest.mark.integration  # pip installs the example plug-in: `pytest -m integration`

PLUGIN_SRC = ROOT / "examples" / "plugin-example"
NO_AGENCY = example_report("2021").replace("某县人民政府办公室2022年", "2022年", 1)


def _pip_install(target, src) -> str | None:
    """Install the example with pip; returns None on success, else pip's complaint."""
    errors = []
    for extra in ([], ["--no-build-isolation"]):
        r = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-deps",
                "--no-input",
                "--disable-pip-version-check",
                "--target",
                str(target),
                *extra,
                str(src),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if r.returncode == 0:
            return None
        errors.append(r.stderr[-2000:])
    return "\n".join(errors)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import shutil

    target = tmp_path_factory.mktemp("site")
    # build from a copy: setuptools leaves build/ and *.egg-info/ in the source tree it builds
    src = tmp_path_factory.mktemp("src") / "plugin-example"
    shutil.copytree(PLUGIN_SRC, src, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    problem = _pip_install(target, src)
    if problem is not None:
        pytest.fail(
            "pip could not install examples/plugin-example (it needs setuptools and wheel, from the "
            "package index or the environment):\n" + problem
        )
    # a second, broken plug-in: its entry point names a module that fails to import
    dist = target / "broken_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[xxgk_lint.rules]\nbroken = broken_plugin_rules\n", encoding="utf-8")
    (target / "broken_plugin_rules.py").write_text(
        "raise ImportError('this plug-in is broken on purpose')\n", encoding="utf-8"
    )
    # plug-ins that raise SystemExit: one while loading, one in check()
    for dist_name, module, source in (
        ("exiting_plugin", "exiting_plugin_rules", "raise SystemExit(0)\n"),
        ("exitcheck_plugin", "exitcheck_plugin_rules", EXIT_IN_CHECK),
    ):
        dist = target / f"{dist_name}-0.1.dist-info"
        dist.mkdir()
        (dist / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist_name.replace('_', '-')}\nVersion: 0.1\n", encoding="utf-8"
        )
        (dist / "entry_points.txt").write_text(
            f"[xxgk_lint.rules]\n{dist_name.split('_')[0]} = {module}\n", encoding="utf-8"
        )
        (target / f"{module}.py").write_text(source, encoding="utf-8")
    return target


EXIT_IN_CHECK = """
from xxgk_lint.diagnostics import Severity
from xxgk_lint.rule import Rule


class Quits(Rule):
    code = "Z990"
    name = "quits"
    severity = Severity.WARNING
    needs_report = False
    summary = {"zh": "退出", "en": "quits"}
    description = basis = summary
    examples = {"fail": "甲", "pass": "乙"}
    messages = {"m": {"zh": "退出", "en": "quits"}}

    def check(self, report):
        raise SystemExit(0)
        yield
"""


@pytest.fixture
def run(site, tmp_path):
    (tmp_path / "r.txt").write_text(NO_AGENCY, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(example_report("2021"), encoding="utf-8")

    def _run(*args, cwd=tmp_path):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]), "NO_COLOR": "1"}
        env.pop("GITHUB_ACTIONS", None)
        return subprocess.run(
            [sys.executable, "-m", "xxgk_lint", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
        )

    return _run


def test_installed_but_not_allowed_does_not_run(run):
    r = run("check", "--no-cache", "--format", "concise", "r.txt")
    assert "Z901" not in r.stdout, r.stdout + r.stderr
    assert r.returncode == 0
    assert "Z901" not in run("rules").stdout


@pytest.mark.parametrize("name", ["example", "xxgk-lint-example"])
def test_allowed_on_the_command_line(run, name):
    r = run("check", "--no-cache", "--format", "concise", "--plugin", name, "r.txt")
    assert "Z901" in r.stdout, r.stdout + r.stderr
    assert r.returncode == 0  # a warning
    r = run("check", "--no-cache", "--format", "concise", "--plugin", name, "--fail-on", "warning", "r.txt")
    assert r.returncode == 1
    r = run("check", "--no-cache", "--format", "concise", "--plugin", name, "ok.txt")
    assert "Z901" not in r.stdout and r.returncode == 0


def test_allowed_in_the_configuration(run, tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        textwrap.dedent("""\
        [tool.xxgk-lint]
        plugins = ["example"]

        [tool.xxgk-lint.severity]
        agency-name-in-title = "error"
        """),
        encoding="utf-8",
    )
    r = run("check", "--no-cache", "--format", "concise", "r.txt")
    assert "Z901 [错误]" in r.stdout, r.stdout + r.stderr
    assert r.returncode == 1
    assert "Z901" in run("rules").stdout  # the configuration's allow-list counts for `rules` too


def test_plugin_rules_are_selected_and_suppressed_like_builtins(run, tmp_path):
    r = run("check", "--no-cache", "--format", "concise", "--plugin", "example", "--select", "Z9", "r.txt")
    assert [x.split(": ", 1)[1].split()[0] for x in r.stdout.splitlines() if x.startswith("r.txt:")] == ["Z901"]
    (tmp_path / "s.txt").write_text(
        "<!-- xxgk-lint: disable-next-line=agency-name-in-title -->\n" + NO_AGENCY, encoding="utf-8"
    )
    r = run("check", "--no-cache", "--format", "concise", "--plugin", "example", "s.txt")
    assert "Z901" not in r.stdout and "M00" not in r.stdout, r.stdout


def test_rules_and_rule_list_the_plugin(run):
    r = run("rules", "--plugin", "example")
    assert "Z901" in r.stdout and "agency-name-in-title" in r.stdout
    r = run("rule", "agency-name-in-title", "--plugin", "example", "--lang", "en")
    assert r.returncode == 0 and r.stdout.startswith("## Z901 agency-name-in-title")


def test_plugin_examples_fail_and_pass(site, tmp_path):
    code = textwrap.dedent("""\
        import json
        from xxgk_lint.registry import load_rules
        from xxgk_lint.runner import Linter, Settings
        rules = load_rules(["example"])
        cls = rules["Z901"]
        linter = Linter(Settings(select=["Z901"], plugins=["example"]), rules)
        print(json.dumps({k: [d.code for d in linter.lint_file("x.txt", data=cls.examples[k].encode()).diagnostics]
                          for k in ("fail", "pass")}))
        """)
    r = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])},
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    import json

    assert json.loads(r.stdout) == {"fail": ["Z901"], "pass": []}


def test_broken_plugin_is_reported_and_skipped(run):
    clean = run("check", "--no-cache", "--format", "concise", "ok.txt")
    r = run("check", "--no-cache", "--format", "concise", "--plugin", "broken", "--plugin", "example", "ok.txt")
    assert "broken" in r.stderr and "failed to load" in r.stderr and "Traceback" not in r.stderr
    assert clean.returncode == 0
    assert r.returncode == 2  # the run goes on, but a rule set the user asked for did not run
    r = run("check", "--no-cache", "--format", "concise", "--plugin", "broken", "--plugin", "example", "r.txt")
    assert "Z901" in r.stdout  # the good plug-in still runs
    r = run("check", "--no-cache", "--plugin", "not-installed", "ok.txt")
    assert "not installed" in r.stderr and r.returncode == 0


def test_broken_plugin_is_reported_once_with_jobs(run, tmp_path):
    for i in range(6):
        (tmp_path / f"c{i}.txt").write_text(example_report("2021"), encoding="utf-8")
    r = run("check", "--no-cache", "--format", "concise", "--plugin", "broken", "-j", "2", ".")
    assert r.stderr.count("failed to load") == 1, r.stderr
    assert r.returncode == 2


def test_plugin_raising_system_exit_while_loading(run):
    r = run("check", "--no-cache", "--format", "concise", "--plugin", "exiting", "--plugin", "example", "r.txt")
    assert "exiting" in r.stderr and "failed to load" in r.stderr, r.stderr
    assert "Z901" in r.stdout  # the rest still runs
    assert r.returncode == 2


def test_plugin_raising_system_exit_in_check(run):
    r = run(
        "check", "--no-cache", "--format", "concise", "--plugin", "exitcheck", "--plugin", "example", "r.txt", "ok.txt"
    )
    # concise shows each internal error on stdout, naming the rule and the file (once: not repeated on stderr)
    assert "Z990" in r.stdout and "r.txt: 规则 Z990" in r.stdout and "ok.txt: 规则 Z990" in r.stdout, r.stdout
    assert "Z901" in r.stdout and "全部检查通过" not in r.stdout
    assert r.returncode == 2
