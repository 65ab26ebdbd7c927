"""Configuration: finding the closest file, validation with key paths, precedence, per-file settings,
exclusions relative to the project root, ``xxgk-lint config``, and the generated docs."""

from __future__ import annotations

import json
import os

import pytest

from xxgk_lint import config
from xxgk_lint.config import CliOptions, ConfigError, Resolver
from xxgk_lint.rules.common import example_report

FAULTY = example_report("2021", drop=("t3",))  # T201
CLEAN = example_report("2021")


@pytest.fixture(autouse=True)
def fresh(monkeypatch, tmp_path):
    """No memoised lookups between tests, and no configuration above the temporary directory."""
    config._FIND_CACHE.clear()
    config._LOAD_CACHE.clear()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    yield
    config._FIND_CACHE.clear()
    config._LOAD_CACHE.clear()


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- finding ---------------------------------------------------------------------------------------------
def test_closest_file_wins(tmp_path):
    write(tmp_path / "xxgk-lint.toml", 'select = ["S"]\n')
    write(tmp_path / "a" / "pyproject.toml", '[project]\nname = "x"\n')  # no table: does not count
    write(tmp_path / "a" / "b" / ".xxgk-lint.toml", 'select = ["T"]\n')
    write(tmp_path / "c" / "pyproject.toml", '[tool.xxgk-lint]\nselect = ["E"]\n')
    r = Resolver()
    assert r.config_for(str(tmp_path / "a" / "r.txt")).path == str(tmp_path / "xxgk-lint.toml")
    assert r.config_for(str(tmp_path / "a" / "b" / "r.txt")).path == str(tmp_path / "a" / "b" / ".xxgk-lint.toml")
    assert r.config_for(str(tmp_path / "c" / "r.txt")).path == str(tmp_path / "c" / "pyproject.toml")
    assert r.settings_for(str(tmp_path / "c" / "r.txt")).select == ["E"]
    assert r.settings_for(str(tmp_path / "a" / "b" / "r.txt")).select == ["T"]


def test_pyproject_key_path_and_top_level_key_path(tmp_path):
    write(tmp_path / "p" / "pyproject.toml", '[tool.xxgk-lint.severity]\nT204 = "fatal"\n')
    write(tmp_path / "q" / "xxgk-lint.toml", '[severity]\nT204 = "fatal"\n')
    with pytest.raises(ConfigError) as exc:
        Resolver().settings_for(str(tmp_path / "p" / "r.txt"))
    assert "tool.xxgk-lint.severity.T204" in str(exc.value) and "pyproject.toml" in str(exc.value)
    with pytest.raises(ConfigError) as exc:
        Resolver().settings_for(str(tmp_path / "q" / "r.txt"))
    assert "\n    severity.T204: expected one of" in str(exc.value)


def test_forced_and_isolated(tmp_path):
    write(tmp_path / "xxgk-lint.toml", 'select = ["S"]\n')
    other = write(tmp_path / "elsewhere" / "custom.toml", 'select = ["T"]\n')
    assert Resolver(config=str(other)).settings_for("r.txt").select == ["T"]
    assert Resolver(isolated=True).settings_for("r.txt").select is None
    with pytest.raises(ConfigError):
        Resolver(config=str(tmp_path / "missing.toml"))


# -- validation messages --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, where, expect",
    [
        ('selekt = ["S"]\n', "（顶层 / top level）", "did you mean 'select'"),
        ("fail-on = 3\n", "fail-on", "expected string"),
        ('lang = "fr"\n', "lang", "expected one of"),
        ("[limits]\nmax-pdf-pages = 0\n", "limits.max-pdf-pages", "at least 1"),
        ('[per-file-ignores]\n"a/*.txt" = "S101"\n', 'per-file-ignores."a/*.txt"', "expected array"),
        ('select = ["S"\n', "invalid TOML", "TOML"),
    ],
)
def test_schema_errors_are_precise(tmp_path, text, where, expect):
    write(tmp_path / "xxgk-lint.toml", text)
    with pytest.raises(ConfigError) as exc:
        Resolver().settings_for("r.txt")
    msg = str(exc.value)
    assert where in msg and expect in msg, msg
    assert str(tmp_path / "xxgk-lint.toml") in msg


def test_unknown_rule_names_in_config(tmp_path, run_cli):
    write(tmp_path / "xxgk-lint.toml", '[per-file-ignores]\n"old/*" = ["T2O1"]\n')
    write(tmp_path / "r.txt", CLEAN)
    r = run_cli("check", "--no-cache", "r.txt")
    assert r.exit_code == 2
    assert 'per-file-ignores."old/*"' in r.output and "did you mean T201" in r.output


def _rule_with_enum_option():
    from xxgk_lint.registry import load_rules

    for cls in load_rules().values():
        for name, opt in cls.options.items():
            if "enum" in opt and len(opt["enum"]) > 1:
                return cls, name, opt
    pytest.skip("no rule takes an option with a fixed set of values")


def test_rule_options_validated_against_the_rules_schema(tmp_path, run_cli):
    cls, name, opt = _rule_with_enum_option()
    good = next(v for v in opt["enum"] if v != opt["default"])
    write(tmp_path / "r.txt", CLEAN)
    write(tmp_path / "pyproject.toml", f"[tool.xxgk-lint.rules.{cls.name}]\n{name} = {json.dumps(good)}\n")
    r = run_cli("check", "--no-cache", "r.txt")
    assert r.exit_code == 0, r.output
    config._LOAD_CACHE.clear()
    write(tmp_path / "pyproject.toml", f'[tool.xxgk-lint.rules.{cls.code}]\n{name} = "no-such-value"\n')
    r = run_cli("check", "--no-cache", "r.txt")
    assert r.exit_code == 2
    assert f"tool.xxgk-lint.rules.{cls.code}.{name}" in r.output and "expected one of" in r.output
    config._LOAD_CACHE.clear()
    write(tmp_path / "pyproject.toml", f"[tool.xxgk-lint.rules.{cls.code}]\n{name[:-1]} = 1\n")
    r = run_cli("check", "--no-cache", "r.txt")
    assert r.exit_code == 2 and f"did you mean {name!r}" in r.output


def test_rule_options_reach_the_rule(tmp_path):
    cls, name, opt = _rule_with_enum_option()
    good = next(v for v in opt["enum"] if v != opt["default"])
    write(tmp_path / "xxgk-lint.toml", f"[rules.{cls.code}]\n{name} = {json.dumps(good)}\n")
    from xxgk_lint.runner import Linter

    linter = Linter(Resolver().settings_for("r.txt"))
    assert linter.rule(cls.code).opts[name] == good


# -- precedence and effects -----------------------------------------------------------------------------
def test_command_line_overrides(tmp_path):
    write(tmp_path / "xxgk-lint.toml", 'select = ["S"]\nignore = ["S101"]\nlang = "en"\nfail-on = "info"\n')
    r = Resolver(CliOptions(select=["T"], lang="zh"))
    s = r.settings_for("x.txt")
    assert s.select == ["T"] and s.ignore == [] and s.lang == "zh" and s.fail_on == "info"
    s = Resolver(CliOptions(ignore=["S102"])).settings_for("x.txt")
    assert s.select == ["S"] and s.ignore == ["S101", "S102"]


def test_severity_and_per_file_ignores(tmp_path, run_cli):
    write(tmp_path / "xxgk-lint.toml", '[severity]\nmissing-table = "info"\n[per-file-ignores]\n"old/*.txt" = ["T2"]\n')
    write(tmp_path / "new" / "r.txt", FAULTY)
    write(tmp_path / "old" / "r.txt", FAULTY)
    r = run_cli("check", "--no-cache", "--format", "concise", ".")
    assert r.exit_code == 0  # an info does not fail the run
    lines = [x for x in r.output.splitlines() if "T201" in x]
    assert len(lines) == 1 and lines[0].startswith(os.path.join("new", "r.txt")) and "[提示]" in lines[0]


def test_each_file_uses_its_closest_config(tmp_path, run_cli):
    write(tmp_path / "a" / "xxgk-lint.toml", 'ignore = ["T201"]\n')
    write(tmp_path / "a" / "r.txt", FAULTY)
    write(tmp_path / "b" / "r.txt", FAULTY)
    r = run_cli("check", "--no-cache", "--format", "concise", "a", "b")
    t201 = [x for x in r.output.splitlines() if "T201" in x]
    assert len(t201) == 1 and t201[0].startswith(os.path.join("b", "r.txt"))
    assert r.exit_code == 1


def test_exclude_is_relative_to_the_project_root(tmp_path, run_cli, monkeypatch):
    # the whole project lives under a directory named like a default exclusion ("build")
    proj = tmp_path / "build" / "checkout"
    write(proj / "xxgk-lint.toml", 'extend-exclude = ["drafts", "archive/2019"]\n')
    write(proj / "r.txt", FAULTY)
    write(proj / "drafts" / "r.txt", FAULTY)
    write(proj / "archive" / "2019" / "r.txt", FAULTY)
    write(proj / "archive" / "2020" / "r.txt", FAULTY)
    monkeypatch.chdir(proj)
    r = run_cli("check", "--no-cache", "--format", "concise", ".")
    linted = sorted({x.split(":")[0] for x in r.output.splitlines() if "T201" in x})
    assert linted == sorted(["r.txt", os.path.join("archive", "2020", "r.txt")])
    # explicitly named excluded files are skipped too (pre-commit), unless --no-force-exclude
    r = run_cli("check", "--no-cache", "--format", "concise", "drafts/r.txt")
    assert r.exit_code == 0 and "T201" not in r.output
    r = run_cli("check", "--no-cache", "--format", "concise", "--no-force-exclude", "drafts/r.txt")
    assert r.exit_code == 1
    # from outside the project, with absolute paths
    monkeypatch.chdir(tmp_path)
    r = run_cli("check", "--no-cache", "--format", "concise", str(proj / "drafts" / "r.txt"), str(proj / "r.txt"))
    assert [x for x in r.output.splitlines() if "T201" in x][0].startswith(str(proj / "r.txt"))
    assert "drafts" not in r.output


def test_exclusion_matcher():
    from xxgk_lint.discover import Excluder

    ex = Excluder(["build", "a/b", "*.tmp.txt"], root="/p/build/x")
    assert not ex("/p/build/x/r.txt")  # "build" above the root does not count
    assert not ex("/p/build/x")
    assert ex("/p/build/x/build/r.txt")
    assert ex("/p/build/x/a/b/c/r.txt") and not ex("/p/build/x/c/a/b/r.txt")
    assert ex("/p/build/x/q/r.tmp.txt")
    anchored = Excluder(["/drafts"], root="/p")
    assert anchored("/p/drafts/r.txt") and not anchored("/p/sub/drafts/r.txt")


# -- xxgk-lint config ---------------------------------------------------------------------------------
def test_config_command_shows_values_and_sources(tmp_path, run_cli):
    write(tmp_path / "pyproject.toml", '[tool.xxgk-lint]\nignore = ["S103"]\nfail-on = "warning"\n')
    r = run_cli("config", "r.txt", "--lang", "en", "--format", "json")
    assert r.exit_code == 0, r.output
    info = json.loads(r.output)
    assert info["config-file"] == str(tmp_path / "pyproject.toml")
    s = info["settings"]
    assert s["ignore"] == {"value": ["S103"], "source": "file"}
    assert s["lang"] == {"value": "en", "source": "command line"}
    assert s["select"]["source"] == "default" and s["exclude"]["source"] == "default"
    r = run_cli("config", "r.txt", "--ignore", "S101")
    assert 'ignore           = ["S103", "S101"]' in r.output and "file + command line" in r.output
    r = run_cli("config", "r.txt", "--isolated")
    assert "（无，使用默认值）" in r.output


def test_config_command_reports_bad_config(tmp_path, run_cli):
    write(tmp_path / "xxgk-lint.toml", '[severity]\nS101 = "loud"\n')
    r = run_cli("config")
    assert r.exit_code == 2 and "severity.S101" in r.output


# -- the schema and the docs --------------------------------------------------------------------------
def test_schema_is_valid_and_matches_the_code():
    from jsonschema import Draft202012Validator

    from xxgk_lint.readers import Limits

    s = config.schema()
    Draft202012Validator.check_schema(s)
    assert set(s["properties"]) == set(config.KEYS)
    assert s["properties"]["exclude"]["default"] == list(config.DEFAULT_EXCLUDE)
    limits = s["properties"]["limits"]["properties"]
    for key, attr in config.LIMIT_KEYS.items():
        assert limits[key]["default"] == getattr(Limits(), attr)


def test_schema_is_shipped_as_package_data():
    import tomllib

    from conftest import ROOT

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "schemas/*.json" in data["tool"]["setuptools"]["package-data"]["xxgk_lint"]


def test_validation_result_is_cached(tmp_path):
    write(tmp_path / "xxgk-lint.toml", 'select = ["S"]\n')
    Resolver().settings_for("r.txt")
    markers = list((tmp_path / ".xxgk-lint-cache" / "config-ok").iterdir())
    assert len(markers) == 1
    assert (tmp_path / ".xxgk-lint-cache" / ".gitignore").exists()
    config._LOAD_CACHE.clear()
    write(tmp_path / "xxgk-lint.toml", 'select = ["S"]\nlang = "fr"\n')  # changed: validated again
    with pytest.raises(ConfigError):
        Resolver().settings_for("r.txt")


def test_configuration_docs_are_up_to_date():
    from conftest import ROOT

    committed = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    from xxgk_lint.configdocs import render_docs

    assert committed == render_docs(), (
        "docs/configuration.md is out of date; regenerate it with:\n"
        "    python -m xxgk_lint.config --docs > docs/configuration.md"
    )


def test_most_specific_severity_wins(tmp_path):
    from xxgk_lint.runner import Linter

    write(tmp_path / "xxgk-lint.toml", '[severity]\nT201 = "info"\nT = "warning"\nALL = "error"\n')
    linter = Linter(Resolver().settings_for("r.txt"))
    assert linter.rule("T201").effective_severity.label == "info"
    assert linter.rule("T202").effective_severity.label == "warning"
    assert linter.rule("S101").effective_severity.label == "error"
