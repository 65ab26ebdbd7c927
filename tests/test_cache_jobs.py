"""The content-hash cache and ``--jobs``: same output, correct invalidation, never a crash.

Speed is measured by bench/ and reported, never asserted here (timings in unit tests are flaky)."""

from __future__ import annotations

import json
import pickle

import pytest

from xxgk_lint import cache as cache_mod
from xxgk_lint.result import LightDocument
from xxgk_lint.rules.common import example_report
from xxgk_lint.runner import Linter, Settings

from conftest import EXAMPLES

FAULTY = example_report("2021", drop=("t3",))
PUNCT = example_report("2019").replace("二、主动公开政府信息情况", "二、主动公开政府信息情况。")


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("CI", raising=False)
    d = tmp_path / "reports"
    d.mkdir()
    texts = [FAULTY, PUNCT, example_report("2021"), "关于召开会议的通知\n\n请各单位于周五前报送材料。\n"]
    for i in range(12):
        (d / f"r{i:02d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
    for name in ("clean-2021.html", "faulty-2019.html", "clean-2021.md", "faulty-labels.docx", "broken.docx"):
        if (EXAMPLES / name).exists():
            (d / name).write_bytes((EXAMPLES / name).read_bytes())
    (d / "garbage.txt").write_bytes(b"\xff\xfe\x00\x00\x00bad")
    return tmp_path


@pytest.fixture
def stable_stamp(monkeypatch):
    """Tests that count cache entries must not see the code stamp change when a source file is edited
    while they run (an editable install being worked on)."""
    monkeypatch.setattr(cache_mod, "code_stamp", lambda rules: "stamp:" + ",".join(sorted(rules)))


def entries(root):
    return sorted((root / ".xxgk-lint-cache").glob("v*/*/*.json"))


def test_warm_run_prints_the_same_full_output(corpus, run_cli, stable_stamp):
    cold = run_cli("check", "reports")
    assert entries(corpus), "the cold run wrote no cache entries"
    warm = run_cli("check", "reports")
    assert warm.output == cold.output and warm.exit_code == cold.exit_code
    assert "|" in warm.output  # source lines are shown under findings on the warm run too
    for fmt in ("concise", "json"):
        a = run_cli("check", "reports", "--format", fmt, "--no-cache").output
        b = run_cli("check", "reports", "--format", fmt).output
        if fmt == "json":
            a, b = json.loads(a), json.loads(b)
            for env in (a, b):  # timings may differ between runs
                env.pop("duration", None)
                env.pop("elapsed", None)
        assert a == b


def test_cache_dir_layout(corpus, run_cli):
    run_cli("check", "reports")
    base = corpus / ".xxgk-lint-cache"
    assert (base / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (base / ".gitignore").read_text().strip().endswith("*")
    run_cli("check", "reports", "--cache-dir", "elsewhere")
    assert list((corpus / "elsewhere").glob("v*/*/*.json"))


def test_cache_dir_next_to_the_closest_config(corpus, run_cli):
    (corpus / "reports" / "xxgk-lint.toml").write_text('cache-dir = ".c"\n', encoding="utf-8")
    run_cli("check", "reports")
    assert list((corpus / "reports" / ".c").glob("v*/*/*.json"))
    assert not (corpus / ".xxgk-lint-cache" / "v1").exists()


def test_no_cache_writes_nothing(corpus, run_cli):
    run_cli("check", "reports", "--no-cache")
    assert not (corpus / ".xxgk-lint-cache").exists()


def test_content_change_and_settings_change_miss(corpus, run_cli, stable_stamp):
    run_cli("check", "reports")
    n = len(entries(corpus))
    (corpus / "reports" / "r00.txt").write_text(example_report("2021"), encoding="utf-8")
    r = run_cli("check", "reports", "--format", "concise")
    assert not any(line.startswith("reports/r00.txt") for line in r.output.splitlines())
    assert len(entries(corpus)) == n + 1
    r = run_cli("check", "reports", "--format", "concise", "--ignore", "T201")
    assert " T201 " not in r.output
    assert len(entries(corpus)) > n + 1  # other settings, other keys
    # lang only changes the output, not the diagnostics: same entries
    m = len(entries(corpus))
    run_cli("check", "reports", "--lang", "en")
    assert len(entries(corpus)) == m


def test_corrupt_entries_are_ignored(corpus, run_cli):
    cold = run_cli("check", "reports", "--format", "concise")
    for i, p in enumerate(entries(corpus)):
        p.write_bytes([b"", b"{", b"[1,2]", b'{"key": "other"}', b"\x00\xff"][i % 5])
    warm = run_cli("check", "reports", "--format", "concise")
    assert warm.output == cold.output and warm.exit_code == cold.exit_code


def test_code_stamp_changes_with_rule_modules(tmp_path):
    from xxgk_lint.registry import load_rules

    rules = load_rules()
    assert cache_mod.code_stamp(rules) == cache_mod.code_stamp(rules)
    fewer = dict(list(rules.items())[:-1])
    assert cache_mod.code_stamp(fewer) != cache_mod.code_stamp(rules)


def test_round_trip_of_diagnostics(corpus):
    linter = Linter(Settings())
    for p in sorted((corpus / "reports").iterdir()):
        r = linter.lint_file(str(p))
        c = cache_mod.Cache(str(corpus / "c"), "stamp")
        key = c.key("s", p.name, p.read_bytes())
        c.put(key, r)
        back = c.get(key, str(p))
        assert back is not None and back.cached
        assert [cache_mod.dump_diagnostic(d) for d in back.diagnostics] == [
            cache_mod.dump_diagnostic(d) for d in r.diagnostics
        ]
        for d in r.diagnostics:
            if d.location is not None and r.document is not None:
                assert back.document.line_text(d.location.line) == r.document.line_text(d.location.line)


def test_fix_bypasses_the_cache(corpus, run_cli):
    (corpus / "reports" / "fixme.txt").write_text(PUNCT, encoding="utf-8")
    run_cli("check", "reports")
    # the cache holds no document; --diff and --fix need one, so they must lint the file afresh
    r = run_cli("check", "reports/fixme.txt", "--diff")
    assert "+++ b/reports/fixme.txt" in r.output and r.exit_code == 1
    r = run_cli("check", "reports/fixme.txt", "--fix", "--format", "concise")
    assert "S103" not in r.output
    assert "二、主动公开政府信息情况。" not in (corpus / "reports" / "fixme.txt").read_text(encoding="utf-8")
    r = run_cli("check", "reports/fixme.txt", "--format", "concise")  # and the cache does not bring it back
    assert "S103" not in r.output


# -- --jobs ----------------------------------------------------------------------------------------------
def test_jobs_give_identical_output_in_the_same_order(corpus, run_cli):
    one = run_cli("check", "reports", "--no-cache", "--format", "concise")
    two = run_cli("check", "reports", "--no-cache", "--format", "concise", "-j", "2")
    allc = run_cli("check", "reports", "--no-cache", "--format", "full", "--jobs", "0")
    assert two.output == one.output and two.exit_code == one.exit_code
    assert allc.output == run_cli("check", "reports", "--no-cache").output


def test_jobs_with_cache_and_per_directory_configs(corpus, run_cli):
    (corpus / "reports" / "sub").mkdir()
    (corpus / "reports" / "sub" / "xxgk-lint.toml").write_text('ignore = ["T201"]\n', encoding="utf-8")
    (corpus / "reports" / "sub" / "x.txt").write_text(FAULTY, encoding="utf-8")
    a = run_cli("check", "reports", "-j", "2", "--format", "concise")
    b = run_cli("check", "reports", "-j", "2", "--format", "concise")
    c = run_cli("check", "reports", "--no-cache", "--format", "concise")
    assert a.output == b.output == c.output
    assert "reports/sub/x.txt" not in c.output


def test_results_are_picklable(corpus):
    linter = Linter(Settings())
    for p in sorted((corpus / "reports").iterdir()):
        r = linter.lint_file(str(p)).light()
        back = pickle.loads(pickle.dumps(r))
        assert [d.fingerprint for d in back.diagnostics] == [d.fingerprint for d in r.diagnostics]
        assert back.document is None or isinstance(back.document, LightDocument)


def test_settings_are_picklable_and_keyed():
    s = Settings(select=["S"], severity={"S101": "warning"})
    assert pickle.loads(pickle.dumps(s)).lint_key() == s.lint_key()
    assert Settings(lang="en").lint_key() == Settings().lint_key()
    assert Settings(ignore=["S101"]).lint_key() != Settings().lint_key()


def test_no_progress_bar_without_a_terminal(corpus, run_cli):
    r = run_cli("check", "reports", "--no-cache", "--format", "concise")
    assert "linting" not in r.output and "检查 / linting" not in r.output


def test_atomic_write(tmp_path):
    p = tmp_path / "d" / "f.json"
    cache_mod.atomic_write(str(p), b"one")
    cache_mod.atomic_write(str(p), b"two")
    assert p.read_bytes() == b"two"
    assert [x.name for x in p.parent.iterdir()] == ["f.json"]
