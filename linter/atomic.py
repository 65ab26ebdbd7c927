"""Atomic file writes, importable from anywhere (this module imports nothing of the package): fixes,
the baseline and cache entries all go through :func:`write_atomic`.

A write respects the file it replaces: a symlink is followed (the target is written, the link stays
a link), the owner, group, mode and extended attributes are copied onto the new file, a file with
several hard links is rewritten in place (so every name sees the fix), and the temporary file is
removed on any exception, Ctrl-C or SIGTERM.  Temporaries left by a run that was killed outright
(SIGKILL, power loss) are removed by the next write in that directory (:func:`clean_stale`).
"""

from __future__ import annotations

import os
import signal
import stat
import threading
import time

PREFIX, SUFFIX = ".xxgk-lint-", ".tmp"
RUN_START = time.time()  # temporaries older than this run belong to a run that died
_CLEANED: set[str] = set()


def clean_stale(directory: str) -> None:
    """Remove ``.xxgk-lint-*.tmp`` files in ``directory`` that are older than this run (once per run)."""
    if directory in _CLEANED:
        return
    _CLEANED.add(directory)
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        if name.startswith(PREFIX) and name.endswith(SUFFIX):
            p = os.path.join(directory, name)
            try:
                st = os.lstat(p)
                if stat.S_ISREG(st.st_mode) and st.st_mtime < RUN_START - 1:
                    os.unlink(p)
            except OSError:
                pass


def _copy_metadata(src_st: os.stat_result, src: str, tmp: str) -> None:
    """Owner, group and extended attributes of ``src`` onto ``tmp`` (each best effort)."""
    if hasattr(os, "chown"):
        try:
            os.chown(tmp, src_st.st_uid, src_st.st_gid)
        except OSError:
            try:  # not root: keep at least the group, when we are in it
                os.chown(tmp, -1, src_st.st_gid)
            except OSError:
                pass
    if hasattr(os, "listxattr"):
        try:
            names = os.listxattr(src)
        except OSError:
            names = []
        for name in names:
            try:
                os.setxattr(tmp, name, os.getxattr(src, name))
            except OSError:
                pass


class TermAsExit:
    """While in the block, SIGTERM raises SystemExit(128 + signal) instead of killing outright, so the
    ``finally`` clauses run: an atomic write removes its temporary file, the ``--jobs`` pool
    (:mod:`xxgk_lint.pool`) terminates its workers.  Only the main thread can set a handler; elsewhere
    the block runs unguarded."""

    def __enter__(self):
        self.old = None
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGTERM"):

            def on_term(signum, frame):
                raise SystemExit(128 + signum)

            try:
                self.old = signal.signal(signal.SIGTERM, on_term)
            except (ValueError, OSError):
                self.old = None
        return self

    def __exit__(self, *exc):
        if self.old is not None:
            signal.signal(signal.SIGTERM, self.old)
        return False


def write_atomic(path: str, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename, so
    readers see the old file or the new one, never half of one.  ``durable`` also flushes it to disk
    before the rename (a user's file; a cache entry need not be).  A symlink is resolved first; a file
    with several hard links is rewritten in place (see the module docstring)."""
    import tempfile

    path = os.path.realpath(path)  # a symlink: fix its target, keep the link
    directory = os.path.dirname(path)
    if durable:
        clean_stale(directory)
    try:
        st = os.stat(path)
        mode = st.st_mode & 0o7777
    except OSError:  # a new file gets the permissions open() would give it, not mkstemp's 0600
        st = None
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with TermAsExit():
        if st is not None and st.st_nlink > 1 and stat.S_ISREG(st.st_mode):
            _write_in_place(path, data, durable)
            return
        fd, tmp = tempfile.mkstemp(prefix=PREFIX, suffix=SUFFIX, dir=directory)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                if durable:
                    fh.flush()
                    os.fsync(fh.fileno())
            if st is not None:
                _copy_metadata(st, path, tmp)
            os.chmod(tmp, mode)  # after chown, which may clear set-id bits
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise


def _write_in_place(path: str, data: bytes, durable: bool) -> None:
    """A file with several hard links: replacing it would cut it off from its other names, so its
    content is overwritten in place (owner, mode, xattrs and links stay as they are).  Not atomic: a
    crash in the middle can leave it half written, so the new content is first written and flushed to
    a temporary file, which is kept as a copy if the overwrite fails."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=PREFIX, suffix=SUFFIX, dir=os.path.dirname(path))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        with open(path, "r+b") as fh:
            fh.write(data)
            fh.truncate()
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
