"""End-to-end tests of the command line: exit codes, selection, formats, languages, the rule commands.

Reports are synthetic (``xxgk_lint.rules.common.example_report`` renders a complete, clean, all-zero report).
Every test runs in its own temporary directory with ``--no-cache`` unless it is about the cache, and
with no configuration file above it that could leak in (``--isolated`` where it matters)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from xxgk_lint.rules.common import example_report

from conftest import ROOT

CLEAN = example_report("2021")
FAULTY = example_report("2021", drop=("t3",))  # T201 (error): table 三 is missing


def lines_of(text: str) -> list[str]:
    return [x for x in text.splitlines() if x.strip()]


def codes_in(output: str) -> list[str]:
    """Codes of concise output lines ``path:line:col: CODE [...] ...``."""
    out = []
    for line in output.splitlines():
        parts = line.split(": ", 1)
        if len(parts) == 2 and parts[0].count(":") >= 2:
            out.append(parts[1].split(" ", 1)[0])
    return out


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "faulty.txt").write_text(FAULTY, encoding="utf-8")
    return tmp_path


@pytest.fixture
def cli(run_cli):
    def _run(*args, **kw):
        return run_cli("check", "--no-cache", "--isolated", *args, **kw)

    return _run


# -- exit codes ----------------------------------------------------------------------------------------
def test_clean_report_exits_0(cli, files):
    r = cli("clean.txt")
    assert r.exit_code == 0, r.output
    assert "全部检查通过" in r.output


def test_error_finding_exits_1(cli, files):
    r = cli("faulty.txt", "--format", "concise")
    assert r.exit_code == 1
    assert "T201" in codes_in(r.output)


def test_fail_on_warning_and_exit_zero(cli, files):
    # T201 re-graded to a warning: it no longer fails the run by default …
    r = cli("faulty.txt", "--format", "concise", "--config", _cfg(files, '[severity]\nT201 = "warning"\n'))
    assert r.exit_code == 0, r.output
    assert "T201 [警告]" in r.output
    # … but does with --fail-on warning; --exit-zero always wins
    r = cli("faulty.txt", "--config", str(files / "cfg.toml"), "--fail-on", "warning")
    assert r.exit_code == 1
    r = cli("faulty.txt", "--exit-zero")
    assert r.exit_code == 0


def _cfg(tmp, text: str) -> str:
    p = tmp / "cfg.toml"
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_unknown_rule_is_usage_error_with_did_you_mean(cli, files):
    r = cli("clean.txt", "--select", "S1O1")
    assert r.exit_code == 2
    assert "S1O1" in r.output and "did you mean S101" in r.output
    assert "Traceback" not in r.output
    r = cli("clean.txt", "--ignore", "missing-sectoin")
    assert r.exit_code == 2 and "missing-section" in r.output


def test_bad_config_names_the_key_path(cli, files):
    r = cli("clean.txt", "--config", _cfg(files, '[severity]\nT204 = "fatal"\n'))
    assert r.exit_code == 2
    assert "severity.T204" in r.output and "cfg.toml" in r.output
    assert "expected one of" in r.output and "应为以下之一" in r.output
    assert "Traceback" not in r.output


def test_missing_file_is_e001_and_exit_1(cli, files):
    r = cli("nope.txt", "clean.txt", "--format", "concise")
    assert r.exit_code == 1
    assert codes_in(r.output) == ["E001"]
    assert "nope.txt" in r.output


def test_unreadable_file_keeps_the_run_going(cli, files):
    (files / "bad.txt").write_bytes(b"\x00\x01\x02 binary")
    r = cli("bad.txt", "faulty.txt", "--format", "concise")
    assert r.exit_code == 1
    assert sorted(codes_in(r.output)) == ["E001", "T201"]


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="permissions are not enforced")
def test_permission_denied_is_e001(cli, files):
    p = files / "locked.txt"
    p.write_text(CLEAN, encoding="utf-8")
    p.chmod(0)
    try:
        r = cli("locked.txt", "clean.txt", "--format", "concise")
    finally:
        p.chmod(0o644)
    assert r.exit_code == 1 and codes_in(r.output) == ["E001"]


def test_internal_error_exits_2_without_traceback(run_cli, files, monkeypatch):
    from xxgk_lint import runner

    def boom(self, path, data=None):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(runner.Linter, "lint_file", boom)
    r = run_cli("check", "--no-cache", "--isolated", "clean.txt")
    assert r.exit_code == 2
    assert "kaboom" in r.output and "Traceback" not in r.output


def test_internal_error_in_subprocess_has_no_traceback(files):
    # a directory given as --output-file cannot be written: a clear usage error, exit 2
    (files / "out").mkdir()
    r = subprocess.run(
        [sys.executable, "-m", "xxgk_lint", "check", "--no-cache", "clean.txt", "-o", "out"],
        capture_output=True,
        text=True,
        cwd=files,
    )
    assert r.returncode == 2
    assert "Traceback" not in r.stderr


# -- selection ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("selector", ["T201", "T2", "T", "missing-table"])
def test_select_by_code_prefix_and_name(cli, files, selector):
    r = cli("faulty.txt", "--format", "concise", "--select", selector)
    assert "T201" in codes_in(r.output)
    assert all(c.startswith("T") for c in codes_in(r.output))


@pytest.mark.parametrize("selector", ["T201", "T2", "missing-table"])
def test_ignore_by_code_prefix_and_name(cli, files, selector):
    r = cli("faulty.txt", "--format", "concise", "--ignore", selector)
    assert "T201" not in codes_in(r.output)
    assert r.exit_code == 0


def test_select_comma_separated_and_repeated(cli, files):
    r = cli("faulty.txt", "--format", "concise", "--select", "S101,E", "--extend-select", "T201")
    assert codes_in(r.output) == ["T201"]


# -- output ---------------------------------------------------------------------------------------------
def test_concise_format_one_line_per_finding(cli, files):
    r = cli("faulty.txt", "--format", "concise")
    first = lines_of(r.output)[0]
    assert first.startswith("faulty.txt:") and " T201 [错误] " in first


def test_full_format_shows_source_line(cli, files):
    r = cli("faulty.txt")
    assert "T201" in r.output and "|" in r.output and "依据" in r.output


def test_unknown_format_is_usage_error(cli, files):
    r = cli("clean.txt", "--format", "nope")
    assert r.exit_code == 2 and "unknown format" in r.output


def test_statistics(cli, files):
    r = cli("faulty.txt", "--statistics", "--format", "concise")
    assert any(line.split()[:3] == ["1", "T201", "missing-table"] for line in r.output.splitlines())


def test_output_file(cli, files):
    r = cli("faulty.txt", "--format", "concise", "-o", "report.log")
    assert r.exit_code == 1
    assert "T201" not in r.output
    assert "T201" in (files / "report.log").read_text(encoding="utf-8")


def test_lang_en(cli, files):
    r = cli("faulty.txt", "--format", "concise", "--lang", "en")
    assert "[error]" in r.output and "Found 1 error" in r.output


def test_lang_from_config(cli, files):
    r = cli("faulty.txt", "--format", "concise", "--config", _cfg(files, 'lang = "en"\n'))
    assert "Found 1 error" in r.output


def test_github_format_is_default_in_github_actions(run_cli, files, monkeypatch):
    from xxgk_lint import output

    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    r = run_cli("check", "--no-cache", "--isolated", "faulty.txt")
    if "github" in output.FORMATS:
        assert "::error" in r.output
    else:  # the github format is not installed: fall back to full
        assert "依据" in r.output
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    r = run_cli("check", "--no-cache", "--isolated", "faulty.txt")
    assert "::error" not in r.output


def test_no_show_fixes(cli, files):
    text = CLEAN.replace("二、主动公开政府信息情况", "二、主动公开政府信息情况。")
    (files / "punct.txt").write_text(text, encoding="utf-8")
    r = cli("punct.txt", "--format", "concise")
    assert "[*]" in r.output
    r = cli("punct.txt", "--format", "concise", "--no-show-fixes")
    assert "[*]" not in r.output


def test_context_names_the_section(files):
    from xxgk_lint.runner import Linter, Settings

    result = Linter(Settings(select=["T201"])).lint_file(str(files / "faulty.txt"))
    assert result.diagnostics and all(d.context for d in result.diagnostics)
    assert result.diagnostics[0].context.startswith(("一、", "二、", "三、", "四、", "五、", "六、"))


# -- stdin ----------------------------------------------------------------------------------------------
def test_stdin_with_filename(cli, files):
    r = cli("-", "--stdin-filename", "report.md", "--format", "concise", input=FAULTY.encode("utf-8"))
    assert r.exit_code == 1
    assert lines_of(r.output)[0].startswith("report.md:")


def test_stdin_cannot_be_fixed(cli, files):
    r = cli("-", "--stdin-filename", "clean.txt", "--fix", input=FAULTY.encode("utf-8"))
    assert r.exit_code == 2
    assert (files / "clean.txt").read_text(encoding="utf-8") == CLEAN


def test_stdin_respects_exclude_for_its_filename(run_cli, files):
    (files / "xxgk-lint.toml").write_text('extend-exclude = ["drafts"]\n', encoding="utf-8")
    r = run_cli(
        "check",
        "--no-cache",
        "-",
        "--stdin-filename",
        "drafts/r.txt",
        "--format",
        "concise",
        input=FAULTY.encode("utf-8"),
    )
    assert r.exit_code == 0 and "T201" not in r.output


# -- rule commands ------------------------------------------------------------------------------------
def test_rules_lists_every_rule(run_cli):
    from xxgk_lint.registry import load_rules

    r = run_cli("rules")
    assert r.exit_code == 0
    for code in load_rules():
        assert code in r.output
    r = run_cli("rules", "--lang", "en", "--format", "json")
    assert '"code": "M001"' in r.output


@pytest.mark.parametrize("name", ["S101", "missing-section", "s101"])
def test_rule_by_code_or_name(run_cli, name):
    r = run_cli("rule", name)
    assert r.exit_code == 0
    assert r.output.startswith("## S101 missing-section")


def test_rule_unknown_and_prefix(run_cli):
    r = run_cli("rule", "S1O1")
    assert r.exit_code == 2 and "S101" in r.output
    r = run_cli("rule", "S1")
    assert r.exit_code == 2


def test_version(run_cli):
    from xxgk_lint import __version__

    r = run_cli("--version")
    assert r.exit_code == 0 and __version__ in r.output


def test_python_m_linter_version():
    from xxgk_lint import __version__

    r = subprocess.run([sys.executable, "-m", "xxgk_lint", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and __version__ in r.stdout


def test_real_subprocess_exit_codes(files):
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)

    def run(*a):
        return subprocess.run(
            [sys.executable, "-m", "xxgk_lint", "check", "--no-cache", "--isolated", *a],
            capture_output=True,
            text=True,
            cwd=files,
            env=env,
        )

    assert run("clean.txt").returncode == 0
    assert run("faulty.txt").returncode == 1
    bad = run("clean.txt", "--select", "NOPE")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


@pytest.mark.parametrize(
    "args", [["rules"], ["rule", "T206"], ["check", str(ROOT / "examples" / "faulty-structure.txt"), "--no-cache"]]
)
def test_a_closed_pipe_is_not_an_internal_error(args):
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "xxgk_lint", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before anything is written, like `xxgk-lint rules | head -0`
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=60) == 1
    assert "internal error" not in err and "Traceback" not in err and "Exception ignored" not in err, err


def test_no_files_found_is_said_on_stderr(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from xxgk_lint.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "."])
    assert result.exit_code == 0
    assert "no files to check were found" in result.stderr


def test_template_option_takes_the_editions_of_the_template_data(run_cli, tmp_path):
    from xxgk_lint.templates import EDITIONS

    p = tmp_path / "r.txt"
    p.write_text("某县2022年政府信息公开工作年度报告\n", encoding="utf-8")
    bad = run_cli("check", "--no-cache", "--template", "2020", p)
    assert bad.exit_code == 2 and "2020" in bad.output and ", ".join(EDITIONS) in bad.output
    assert run_cli("check", "--no-cache", "--template", EDITIONS[-1], p).exit_code in (0, 1)
