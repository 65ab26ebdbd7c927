"""Atomic file writes, importable from anywhere (this module imports nothing of the package): fixes,
the baseline and cache entries all go through :func:`write_atomic`."""
from __future__ import annotations

import os


def write_atomic(path: str, data: bytes, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename, so
    readers see the old file or the new one, never half of one.  ``durable`` also flushes it to disk
    before the rename (a user's file; a cache entry need not be)."""
    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:  # a new file gets the permissions open() would give it, not mkstemp's 0600
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=".xxgk-lint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
