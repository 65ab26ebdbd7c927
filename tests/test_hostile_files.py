"""Hostile files on disk: special files, unlimited devices, unreadable directories, undecodable names
(issue 16, part A)."""

from __future__ import annotations

import os
import sys

import pytest

from xxgk_lint.errors import ReaderError
from xxgk_lint.readers import Limits, read_bytes

REPORT = "某某区人民政府2023年政府信息公开工作年度报告\n\n一、总体情况\n\n本年度我区依法主动公开政府信息。\n"

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@needs_fifo
def test_named_fifo_is_e001_not_a_hang(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    os.mkfifo("pipe.txt")
    res = run_cli("check", "--no-cache", "pipe.txt")
    assert "E001" in res.output and "FIFO" in res.output
    assert res.exit_code == 1


@needs_fifo
def test_fifo_in_a_directory_is_skipped(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    os.mkdir("d")
    os.mkfifo("d/pipe.txt")
    (tmp_path / "d" / "a.txt").write_text(REPORT, encoding="utf-8")
    res = run_cli("check", "--no-cache", "--format", "json", "d")
    assert "pipe.txt" not in res.output
    assert "a.txt" in res.output


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_symlink_to_dev_zero_is_not_read(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(ReaderError) as err:
        read_bytes(str(link), Limits(max_file_size=1000))
    assert err.value.reason == "not-regular"


def test_limit_enforced_while_reading(tmp_path, monkeypatch):
    """A file whose size, as stat reports it, is wrong (a growing file, /proc) is still cut at the limit."""
    p = tmp_path / "big.txt"
    p.write_bytes(b"x" * 5000)
    real_stat = os.stat

    class Small:
        def __init__(self, st):
            self.st_mode, self.st_size = st.st_mode, 0

    monkeypatch.setattr(os, "stat", lambda path, *a, **k: Small(real_stat(path, *a, **k)))
    with pytest.raises(ReaderError) as err:
        read_bytes(str(p), Limits(max_file_size=1000))
    assert err.value.reason == "too-large"


def test_regular_file_read_in_full(tmp_path):
    p = tmp_path / "ok.txt"
    p.write_bytes(b"y" * 1000)
    assert read_bytes(str(p), Limits(max_file_size=1000)) == b"y" * 1000


def test_unreadable_directory_is_an_error(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    os.makedirs("reports/locked")
    (tmp_path / "reports" / "a.txt").write_text(REPORT, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    res = run_cli("check", "--no-cache", "reports")
    assert "locked" in res.output and "E001" in res.output
    assert "全部检查通过" not in res.output
    assert res.exit_code == 1


# -- file names that are not UTF-8 ------------------------------------------------------------------
GBK_NAME = b"\xb1\xa8\xb8\xe6.txt"  # "报告.txt" in GBK, as unzipped from a Windows archive


def _gbk_file(tmp_path) -> str:
    d = os.path.join(os.fsencode(tmp_path), b"nu")
    os.mkdir(d)
    try:
        with open(os.path.join(d, GBK_NAME), "wb") as fh:
            fh.write(REPORT.encode("utf-8"))
    except (OSError, UnicodeError):
        pytest.skip("the file system does not take non-UTF-8 names")
    return "nu"


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are Unicode there")
@pytest.mark.parametrize("cache", [True, False])
@pytest.mark.parametrize("fmt", ["full", "concise", "github", "json", "sarif", "junit", "html"])
def test_non_utf8_file_name(tmp_path, monkeypatch, run_cli, fmt, cache):
    import json

    monkeypatch.chdir(tmp_path)
    d = _gbk_file(tmp_path)
    cache_args = ["--cache-dir", str(tmp_path / "cache")] if cache else ["--no-cache"]
    res = run_cli("check", "--format", fmt, *cache_args, d)
    assert "internal error" not in res.output and "内部错误" not in res.output
    assert res.exit_code in (0, 1), res.output
    out = res.output
    if fmt == "json":
        data = json.loads(out)
        assert os.fsencode(data["files"][0]["path"]).endswith(GBK_NAME)  # the exact name comes back
    elif fmt == "sarif":
        json.loads(out)
        assert "%B1%A8%B8%E6.txt" in out
    else:
        assert "\\xb1\\xa8\\xb8\\xe6.txt" in out
    out.encode("utf-8")  # no lone surrogates reach the output


# -- internal errors -----------------------------------------------------------------------------------
def _crashing_w701(monkeypatch, exc):
    from xxgk_lint.rules.leftovers import FormattingArtifact as cls

    def boom(self, report):
        raise exc
        yield  # pragma: no cover

    monkeypatch.setattr(cls, "check", boom)


@pytest.mark.parametrize("select", [None, "W701"])
@pytest.mark.parametrize("exc", [RuntimeError("boom"), MemoryError()])
def test_a_crashing_rule_never_reads_all_passed(tmp_path, monkeypatch, run_cli, select, exc):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(REPORT, encoding="utf-8")
    _crashing_w701(monkeypatch, exc)
    res = run_cli("check", "--no-cache", *(["--select", select] if select else []), ".")
    assert "全部检查通过" not in res.output
    assert "检查未完成" in res.output
    assert "W701" in res.output and "a.txt" in res.output and "b.txt" in res.output  # names the rule and each file
    assert res.exit_code == 2


def test_debug_shows_the_traceback(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XXGK_LINT_DEBUG", "")  # restored after the test (--debug sets it to 1)
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    _crashing_w701(monkeypatch, RuntimeError("boom"))
    assert "Traceback" not in run_cli("check", "--no-cache", "a.txt").output
    res = run_cli("--debug", "check", "--no-cache", "a.txt")
    assert "Traceback" in res.output and res.exit_code == 2


# -- deeply nested JSON and TOML ---------------------------------------------------------------------
DEEP_JSON = "[" * 100_000 + "]" * 100_000


def test_deep_cache_entry_is_a_miss(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    first = run_cli("check", "--cache-dir", "c", "a.txt")
    entries = [p for p in (tmp_path / "c").rglob("*.json") if len(p.stem) == 64]
    assert entries
    for p in entries:
        p.write_text(DEEP_JSON, encoding="utf-8")
    again = run_cli("check", "--cache-dir", "c", "a.txt")
    assert "internal error" not in again.output and "内部错误" not in again.output
    assert again.exit_code == first.exit_code != 2
    assert again.output == first.output


def test_deep_baseline_is_a_baseline_error(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "bl.json").write_text(DEEP_JSON, encoding="utf-8")
    res = run_cli("check", "--no-cache", "--baseline", "bl.json", "a.txt")
    assert res.exit_code == 2
    assert "嵌套过深" in res.output and "RecursionError" not in res.output


@pytest.mark.parametrize("depth", [900, 5000])
def test_deep_config_is_a_config_error(tmp_path, monkeypatch, run_cli, depth):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "xxgk-lint.toml").write_text("select = " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    res = run_cli("check", "--no-cache", "a.txt")
    assert res.exit_code == 2
    assert "RecursionError" not in res.output and ("配置" in res.output)


# -- findings floods ------------------------------------------------------------------------------------
def _flood(n: int) -> str:
    from xxgk_lint.rules.common import example_report

    return example_report("2021").replace("一、总体情况", "一、总体情况\n\n" + "本年度依法公开&amp;信息。\n" * n, 1)


@pytest.mark.parametrize("limit, n", [(100, 250), (5, 250), (100, 100)])
def test_findings_per_rule_are_capped(limit, n):
    from xxgk_lint.runner import Linter, Settings

    r = Linter(Settings(limits=Limits(max_findings_per_rule=limit))).lint_file("r.txt", data=_flood(n).encode())
    w701 = [d for d in r.diagnostics if d.code == "W701"]
    summed = [d for d in w701 if "另有" in d.message["zh"]]
    if n <= limit:
        assert len(w701) == n and not summed
    else:
        assert len(w701) == limit + 1 and len(summed) == 1
        assert f"另有 {n - limit} 处同类问题未列出" in summed[0].message["zh"]
        assert f"{n - limit} more findings" in summed[0].message["en"]
        assert summed[0] is w701[-1] and summed[0].fix is None
    assert len({d.fingerprint for d in r.diagnostics}) == len(r.diagnostics)


def test_findings_cap_from_the_configuration(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.txt").write_text(_flood(30), encoding="utf-8")
    (tmp_path / "xxgk-lint.toml").write_text("[limits]\nmax-findings-per-rule = 3\n", encoding="utf-8")
    res = run_cli("check", "--no-cache", "--format", "concise", "--select", "W701", "r.txt")
    assert res.output.count("W701") == 4, res.output
    assert "另有 27 处同类问题未列出" in res.output
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "r.txt").write_text(_flood(30), encoding="utf-8")
    (sub / "xxgk-lint.toml").write_text("[limits]\nmax-findings-per-rule = 0\n", encoding="utf-8")
    assert run_cli("check", "--no-cache", "sub/r.txt").exit_code == 2  # below the minimum: a config error
