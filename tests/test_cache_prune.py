"""The cache is pruned at the end of a run, at most once a day: entries unused for MAX_AGE_DAYS, the oldest
beyond MAX_BYTES, older format directories and stale temporaries go; a hit keeps an entry fresh."""

from __future__ import annotations

import os
import time

from xxgk_lint import cache as cache_mod
from xxgk_lint.synth import SyntheticReport, render

DAY = 86400


def _entries(root):
    return sorted((root / "c").glob(f"v{cache_mod.FORMAT}/*/*.json"))


def _age(path, days: float) -> None:
    t = time.time() - days * DAY
    os.utime(path, (t, t))


def _setup(tmp_path, monkeypatch, run_cli, n=3):
    monkeypatch.chdir(tmp_path)
    for k in range(n):
        (tmp_path / f"r{k}.txt").write_text(render(SyntheticReport(seed=k), "txt"), encoding="utf-8")
    res = run_cli("check", "--cache-dir", "c", *[f"r{k}.txt" for k in range(n)])
    assert res.exit_code == 0, res.output
    entries = _entries(tmp_path)
    assert len(entries) == n
    return entries


def test_unused_entries_are_pruned_and_a_hit_keeps_one(tmp_path, monkeypatch, run_cli):
    entries = _setup(tmp_path, monkeypatch, run_cli)
    for p in entries:
        _age(p, cache_mod.MAX_AGE_DAYS + 5)
    _age(tmp_path / "c" / ".last-prune", 2)
    old_format = tmp_path / "c" / "v1" / "ab"
    old_format.mkdir(parents=True)
    (old_format / "x.json").write_text("{}", encoding="utf-8")
    stale_tmp = entries[0].parent / ".xxgk-lint-123.tmp"
    stale_tmp.write_bytes(b"x" * 100)
    _age(stale_tmp, 1)
    res = run_cli("check", "--cache-dir", "c", "r0.txt")  # a hit on r0's entry refreshes it
    assert res.exit_code == 0
    left = _entries(tmp_path)
    assert len(left) == 1 and time.time() - left[0].stat().st_mtime < DAY
    assert not (tmp_path / "c" / "v1").exists() and not stale_tmp.exists()


def test_pruning_runs_at_most_once_a_day(tmp_path, monkeypatch, run_cli):
    entries = _setup(tmp_path, monkeypatch, run_cli)
    for p in entries:
        _age(p, cache_mod.MAX_AGE_DAYS + 5)
    # the first run pruned just now (the marker is fresh): old entries stay until tomorrow
    assert (tmp_path / "c" / ".last-prune").exists()
    c = cache_mod.Cache(str(tmp_path / "c"), "stamp")
    assert c.prune() == 0 and len(_entries(tmp_path)) == 3
    assert c.prune(now=time.time() + 2 * DAY) == 3 and _entries(tmp_path) == []


def test_size_cap_removes_the_oldest(tmp_path, monkeypatch, run_cli):
    entries = _setup(tmp_path, monkeypatch, run_cli, n=4)
    for k, p in enumerate(entries):
        _age(p, 10 - k)  # entries[0] is the oldest
    sizes = [p.stat().st_size for p in entries]
    monkeypatch.setattr(cache_mod, "MAX_BYTES", sum(sizes) - 1)
    c = cache_mod.Cache(str(tmp_path / "c"), "stamp")
    removed = c.prune(now=time.time() + 2 * DAY)
    left = _entries(tmp_path)
    assert removed >= 1 and entries[0] not in left and entries[-1] in left
    assert sum(p.stat().st_size for p in left) <= cache_mod.MAX_BYTES


def test_prune_never_raises_on_a_missing_directory(tmp_path):
    assert cache_mod.Cache(str(tmp_path / "nowhere"), "stamp").prune() == 0
