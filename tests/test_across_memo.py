"""The cross-report phase remembered in the cache (xxgk_lint.session._Stream.plan, Cache.get_across).

The phase's outcome is stored under a key made of every compared file's path and cache key (code stamp,
settings key, path relative to the root, content).  The same key: the stored findings, the phase does not
run and the entries are read without their facts' cells; any change in a file, in the set of files or in a
setting: the phase runs as always.  The outputs are byte for byte those of a cold run.
"""

from __future__ import annotations

import glob
import os

import pytest

from xxgk_lint import across
from xxgk_lint import cache as cache_mod
from xxgk_lint.settings import Settings

import acrosskit as kit

AG_A, AG_B = "某县农业农村局", "某县教育局"


def _files() -> dict[str, str]:
    a20, a21 = kit.synth(AG_A, 2020, seed=1), kit.synth(AG_A, 2021, seed=2)
    kit.continuous(a20, a21)
    a21.set("t3", "carried", "natural", str(int(a21.get("t3", "carried", "natural")) + 3))  # X801
    a21.set("t3", "carried", "total", str(int(a21.get("t3", "carried", "total")) + 3))
    return {
        "a/2020.txt": kit.text(a20),
        "a/2021.txt": kit.text(a21),
        "b/2021.txt": kit.text(kit.synth(AG_B, 2021, seed=3)),  # the same synthetic prose: X804
        "notes.txt": "会议通知\n请各单位按时参加。\n",  # not a report: never compared
    }


@pytest.fixture
def runs(monkeypatch):
    """How many times the phase ran (``across.run`` called)."""
    calls: list[int] = []
    real = across.run

    def counted(results, linter_of):
        calls.append(len(results))
        return real(results, linter_of)

    monkeypatch.setattr(across, "run", counted)
    return calls


def _check(root, cache, **kw):
    return kit.check(root, use_cache=cache is not None, cache_dir=cache, **kw)


def _rows(out):
    return sorted(
        (os.path.basename(os.path.dirname(r.path)), d.code, d.fingerprint, d.message["zh"], r.suppressed)
        for r in out.results
        for d in r.diagnostics
    )


def _phase_entries(cache) -> list[str]:
    return glob.glob(f"{cache}/v{cache_mod.FORMAT}/across/*/*.json")


def test_an_unchanged_rerun_reuses_the_phase(tmp_path, runs):
    root = kit.repo(tmp_path / "r", _files())
    cache = str(tmp_path / "c")
    cold = _check(root, cache)
    assert runs == [3] and len(_phase_entries(cache)) == 1
    assert {d.code for r in cold.results for d in r.diagnostics} >= {"X801", "X804"}
    warm = _check(root, cache)
    assert runs == [3]  # not run again
    assert all(r.cached for r in warm.results)
    assert _rows(warm) == _rows(cold)
    # the facts were read without their cells, but the identity is there for the summary
    reports = [r for r in warm.results if r.facts is not None and r.facts.is_report]
    assert len(reports) == 3 and all(r.facts.identity.known and not r.facts.cells for r in reports)


@pytest.mark.parametrize("change", ["edit", "add", "remove", "rename"])
def test_a_changed_added_removed_or_renamed_file_reruns_the_phase(tmp_path, runs, change):
    files = _files()
    root = kit.repo(tmp_path / "r", files)
    cache = str(tmp_path / "c")
    cold = _check(root, cache)
    if change == "edit":  # last year's carry-over now matches: X801 goes
        a20, a21 = kit.synth(AG_A, 2020, seed=1), kit.synth(AG_A, 2021, seed=2)
        kit.continuous(a20, a21)
        (root / "a/2021.txt").write_text(kit.text(a21), encoding="utf-8")
    elif change == "add":
        (root / "b/2020.txt").write_text(kit.text(kit.synth(AG_B, 2020, seed=4)), encoding="utf-8")
    elif change == "remove":
        (root / "a/2020.txt").unlink()
    else:
        (root / "a/2020.txt").rename(root / "a/2020年报告.txt")
    warm = _check(root, cache)
    assert len(runs) == 2 and len(_phase_entries(cache)) == 2
    fresh = _check(root, None)  # what a run without the cache finds
    assert len(runs) == 3 and _rows(warm) == _rows(fresh)
    if change in ("edit", "remove"):
        assert "X801" in {d.code for r in cold.results for d in r.diagnostics}
        assert "X801" not in {d.code for r in warm.results for d in r.diagnostics}


def test_a_changed_cross_report_option_or_selection_reruns_the_phase(tmp_path, runs, run_cli):
    root = kit.repo(tmp_path / "r", _files())
    cache = str(tmp_path / "c")

    def check(name: str, text: str, *more):
        config = tmp_path / name / "xxgk-lint.toml"  # one file per variant: configurations are read once
        config.parent.mkdir(exist_ok=True)
        config.write_text(text, encoding="utf-8")
        return run_cli(
            "check", root, "--format", "concise", "--cache-dir", cache, "--exit-zero", "--config", config, *more
        ).output

    first = check("plain", "")
    assert "X804" in first and len(runs) == 1
    assert check("plain", "") == first and len(runs) == 1
    out = check("long", "[rules.X804]\nmin-length = 100000\n")
    assert len(runs) == 2 and "X804" not in out and "X801" in out
    out = check("info", '[severity]\nX801 = "info"\n')
    assert len(runs) == 3 and "X801 [提示]" in out
    check("plain", "", "--select", "X801")
    assert len(runs) == 4
    assert "X804" not in check("plain", "", "--select", "X801") and len(runs) == 4  # remembered too
    assert check("plain", "") == first and len(runs) == 4  # and the first one still is


def test_no_cache_never_reads_nor_writes_the_phase(tmp_path, runs):
    root = kit.repo(tmp_path / "r", _files())
    cache = str(tmp_path / "c")
    _check(root, cache)
    out = kit.check(root, use_cache=False, cache_dir=cache)
    assert len(runs) == 2 and not any(r.cached for r in out.results)
    other = str(tmp_path / "other")
    kit.check(root, use_cache=False, cache_dir=other)
    assert len(runs) == 3 and not os.path.exists(other)


@pytest.mark.parametrize("damage", [b"", b"{", b'{"key":"x","results":[]}', b"[1]", b'{"key":"K","results":[[1]]}'])
def test_a_damaged_phase_entry_is_recomputed(tmp_path, runs, damage):
    root = kit.repo(tmp_path / "r", _files())
    cache = str(tmp_path / "c")
    cold = _check(root, cache)
    (entry,) = _phase_entries(cache)
    key = os.path.basename(entry)[: -len(".json")]
    with open(entry, "wb") as fh:
        fh.write(damage.replace(b'"K"', f'"{key}"'.encode()))
    warm = _check(root, cache)
    assert len(runs) == 2 and _rows(warm) == _rows(cold)
    again = _check(root, cache)  # rewritten whole
    assert len(runs) == 2 and _rows(again) == _rows(cold)


def test_a_file_that_crashed_is_never_part_of_a_remembered_phase(tmp_path, runs, monkeypatch):
    from xxgk_lint.runner import Linter

    root = kit.repo(tmp_path / "r", _files())
    cache = str(tmp_path / "c")
    real = Linter.lint_file

    def broken(self, path, *a, **kw):
        r = real(self, path, *a, **kw)
        if path.endswith("b/2021.txt"):
            r.internal_errors.append("RuntimeError: boom")
        return r

    monkeypatch.setattr(Linter, "lint_file", broken)
    _check(root, cache)
    assert _phase_entries(cache) == []
    monkeypatch.setattr(Linter, "lint_file", real)
    _check(root, cache)
    assert len(runs) == 2 and len(_phase_entries(cache)) == 1


def test_without_cross_report_rules_the_cells_are_never_read(tmp_path, runs):
    root = kit.repo(tmp_path / "r", _files())
    cache = str(tmp_path / "c")
    _check(root, cache, select=["T"])
    out = _check(root, cache, select=["T"])
    assert runs == [] and all(r.cached for r in out.results)
    assert all(not r.facts.cells and not r.facts.passages for r in out.results if r.facts is not None)
    assert any(r.facts is not None and r.facts.identity.known for r in out.results)
    out = _check(root, cache, select=["T", "X"])  # the phase needs them: read whole
    assert len(runs) == 1 and _rows(out) == _rows(_check(root, None, select=["T", "X"]))


FORMATS = ["full", "concise", "json", "sarif", "github", "junit", "html"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_cold_and_warm_outputs_are_byte_identical(tmp_path, run_cli, fmt, monkeypatch):
    kit.repo(tmp_path / "r", _files())
    monkeypatch.chdir(tmp_path)
    base = ["check", "r", "--format", fmt, "--isolated", "--exit-zero", "--statistics", "--cache-dir", "c"]
    cold = run_cli(*base).output
    assert glob.glob(f"c/v{cache_mod.FORMAT}/across/*/*.json")
    warm = run_cli(*base).output
    assert warm == cold
    assert run_cli(*base[:-2], "--no-cache").output == cold


def test_the_head_of_an_entry_is_read_without_its_cells(tmp_path):
    from xxgk_lint.runner import Linter

    p = tmp_path / "2021.txt"
    p.write_text(kit.text(kit.synth(AG_A, 2021, seed=1)), encoding="utf-8")
    r = Linter(Settings()).lint_file(str(p)).light()
    c = cache_mod.Cache(str(tmp_path / "c"), "stamp")
    key = c.key("s", "2021.txt", p.read_bytes())
    c.put(key, r)
    data = open(c._file(key), "rb").read()
    assert data.index(cache_mod._HEAD_END) < data.index(b'"passages"')  # the heavy part last
    head = c.get(key, str(p), facts=False)
    whole = c.get(key, str(p))
    assert whole.facts == r.facts and len(whole.facts.cells) > 100
    assert head.facts.identity == r.facts.identity and head.facts.edition == r.facts.edition
    assert head.facts.is_report and head.facts.cells == {} and head.facts.passages == []
    assert head.diagnostics == whole.diagnostics and head.document.lines == whole.document.lines
    with open(c._file(key), "wb") as fh:  # cut short: a miss, never a crash
        fh.write(data[: data.index(cache_mod._HEAD_END) - 3])
    assert c.get(key, str(p), facts=False) is None


def test_the_lint_key_is_computed_once_and_again_when_a_field_is_replaced(monkeypatch):
    s = Settings()
    first = s.lint_key()
    calls = []
    real = Settings._compute_lint_key
    monkeypatch.setattr(Settings, "_compute_lint_key", lambda self: calls.append(1) or real(self))
    assert s.lint_key() == first and calls == []
    s.ignore = ["S101"]
    assert s.lint_key() != first and calls == [1]
    assert s.lint_key() == Settings(ignore=["S101"]).lint_key()


def test_only_the_most_recent_phases_are_kept(tmp_path, monkeypatch):
    import time

    from xxgk_lint.result import FileResult

    monkeypatch.setattr(cache_mod, "MAX_ACROSS", 3)
    c = cache_mod.Cache(str(tmp_path / "c"), "stamp")
    keys = [c.across_key([("a.txt", str(k))]) for k in range(5)]
    for k, key in enumerate(keys):
        c.put_across(key, [FileResult("a.txt")])
        os.utime(c._across_file(key), (time.time() - 100 + k, time.time() - 100 + k))
    assert len(_phase_entries(str(tmp_path / "c"))) == 3
    assert [c.get_across(k) is not None for k in keys] == [False, False, True, True, True]


def test_a_remembered_phase_does_not_import_numpy(tmp_path):
    import subprocess
    import sys

    root = kit.repo(tmp_path / "r", _files())
    probe = (
        "import sys\n"
        "from xxgk_lint.cli import main\n"
        "import xxgk_lint.similar\n"
        "xxgk_lint.similar.SMALL_CHARS = -1\n"  # the numpy index even on a few texts (else never imported)
        "try:\n"
        f"    main(['check', {str(root)!r}, '--isolated', '--exit-zero', '--format', 'concise',"
        f" '--cache-dir', {str(tmp_path / 'c')!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('numpy' in sys.modules, file=sys.stderr)\n"
    )
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True) for _ in range(2)]
    assert [r.stderr.strip().splitlines()[-1] for r in runs] == ["True", "False"]  # X804 compared once
    assert runs[0].stdout == runs[1].stdout and "X804" in runs[1].stdout
