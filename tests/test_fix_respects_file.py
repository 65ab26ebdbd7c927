"""``--fix`` respects the file it rewrites (issue 16): read-only files are refused, symlinks are
followed, hard links, owner, mode and extended attributes are kept, temporaries never stay behind."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from xxgk_lint import atomic
from xxgk_lint.fix import fix_file
from xxgk_lint.rules.common import example_report
from xxgk_lint.runner import Linter, Settings

TYPO = ("3.补正后申请内容仍不明确", "3.补正启申请内容仍不明确")
GOOD = example_report("2021")
BAD = GOOD.replace(*TYPO)
posix = pytest.mark.skipif(os.name != "posix", reason="POSIX file semantics")


def _fix(path):
    linter = Linter(Settings())
    result = linter.lint_file(str(path))
    return fix_file(result, relint=lambda data: linter.lint_file(str(path), data=data))


def _bad(tmp_path, name="r.txt"):
    p = tmp_path / name
    p.write_text(BAD, encoding="utf-8")
    return p


def _temps(directory):
    return [n for n in os.listdir(directory) if n.startswith(".xxgk-lint-") and n.endswith(".tmp")]


@posix
def test_read_only_file_is_refused(tmp_path):
    p = _bad(tmp_path)
    p.chmod(0o444)
    out = _fix(p)
    assert out.error is not None and "只读" in out.error
    assert p.read_text(encoding="utf-8") == BAD  # untouched, even as root
    assert stat.S_IMODE(p.stat().st_mode) == 0o444


@posix
def test_symlink_target_is_fixed_and_link_kept(tmp_path):
    target = _bad(tmp_path, "real.txt")
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")
    out = _fix(link)
    assert out.error is None and out.applied == 1
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert target.read_text(encoding="utf-8") == GOOD


@posix
def test_hard_links_are_kept(tmp_path):
    p = _bad(tmp_path)
    other = tmp_path / "other.txt"
    os.link(p, other)
    ino = p.stat().st_ino
    assert _fix(p).applied == 1
    assert p.stat().st_ino == ino and p.stat().st_nlink == 2
    assert other.read_text(encoding="utf-8") == GOOD
    assert not _temps(tmp_path)


@posix
def test_mode_owner_and_group_are_kept(tmp_path):
    p = _bad(tmp_path)
    p.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(p, 12345, 23456)
    before = p.stat()
    assert _fix(p).applied == 1
    after = p.stat()
    assert after.st_ino != before.st_ino  # rewritten through a temporary file
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)


@pytest.mark.skipif(not hasattr(os, "setxattr"), reason="no extended attributes")
def test_extended_attributes_are_kept(tmp_path):
    p = _bad(tmp_path)
    try:
        os.setxattr(p, "user.xxgk.test", b"kept")
    except OSError:
        pytest.skip("the file system does not take user xattrs")
    assert _fix(p).applied == 1
    assert os.getxattr(p, "user.xxgk.test") == b"kept"


def test_stale_temporaries_are_removed_by_the_next_run(tmp_path, monkeypatch):
    p = _bad(tmp_path)
    stale = tmp_path / ".xxgk-lint-abc123.tmp"
    stale.write_bytes(b"x" * 1000)
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = tmp_path / ".xxgk-lint-def456.tmp"  # another run's, still being written: kept
    fresh.write_bytes(b"y")
    monkeypatch.setattr(atomic, "_CLEANED", set())
    assert _fix(p).applied == 1
    assert not stale.exists() and fresh.exists()


@posix
def test_sigterm_during_the_write_leaves_no_temporary(tmp_path):
    """A child process writes a big file through write_atomic and is sent SIGTERM mid-write."""
    script = (
        "import os, sys, time\n"
        "from xxgk_lint import atomic\n"
        "real = os.fsync\n"
        "def slow(fd):\n"
        "    print('writing', flush=True); time.sleep(30); real(fd)\n"
        "os.fsync = slow\n"
        "atomic.write_atomic(sys.argv[1], b'z' * 5_000_000)\n"
    )
    target = tmp_path / "big.txt"
    target.write_bytes(b"old")
    proc = subprocess.Popen([sys.executable, "-c", script, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        assert _temps(tmp_path)  # the temporary exists while writing
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not _temps(tmp_path)
    assert target.read_bytes() == b"old"
