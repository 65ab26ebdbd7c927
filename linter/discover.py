"""Finding the files to lint: directory walking (:func:`discover`) and exclusions (:class:`Excluder`),
with paths relative to the project root (:func:`relative_path`)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from fnmatch import fnmatch

from xxgk_lint.formats import supported


def relative_path(path: str, root: str) -> tuple[str, str]:
    """(path relative to root with '/', file name); a path outside root is reduced to its name."""
    ap = os.path.abspath(path)
    name = os.path.basename(ap)
    try:
        rel = os.path.relpath(ap, os.path.abspath(root))
    except ValueError:  # another drive (Windows)
        return name, name
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return name, name
    return rel.replace(os.sep, "/"), name


class Excluder:
    """Decides whether a path is excluded by ``patterns`` relative to ``root``.

    A pattern without ``/`` matches any single component (directory or file name) of the path *below
    the root*; a pattern with ``/`` matches the path below the root or any of its leading directories
    (``archive/2019`` excludes everything in it); a leading ``/`` anchors a pattern at the root
    (``/drafts``).  Components above the root are never looked at, so
    a default pattern such as ``build`` cannot exclude a whole checkout that lives in ``/ci/build/``
    (ruff-pre-commit#69), and the root itself is never excluded.
    """

    def __init__(self, patterns: Iterable[str], root: str = "."):
        self.root = os.path.abspath(root)
        self.names: list[str] = []
        self.paths: list[str] = []
        for p in patterns:
            p = p.replace("\\", "/")
            while p.startswith("./"):
                p = p[2:]
            anchored = p.startswith("/")  # "/drafts": only the "drafts" directly under the root
            p = p.strip("/")
            if not p:
                continue
            (self.paths if anchored or "/" in p else self.names).append(p)

    def __call__(self, path: str) -> bool:
        if not (self.names or self.paths):
            return False
        rel, _ = relative_path(path, self.root)
        if rel == ".":
            return False
        parts = rel.split("/")
        if any(fnmatch(part, pat) for part in parts for pat in self.names):
            return True
        if self.paths:
            prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
            return any(fnmatch(pre, pat) for pre in prefixes for pat in self.paths)
        return False


def _regular(path: str) -> bool:
    """A regular file, following symlinks (a broken link is kept: its reader reports it)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


def discover(
    paths: Iterable[str],
    exclude: Iterable[str] = (),
    force_exclude: bool = True,
    is_excluded: Callable[[str], bool] | None = None,
    unreadable: list[tuple[str, str]] | None = None,
) -> tuple[list[str], list[str]]:
    """Expand directories into supported files.  Returns (files, missing paths).

    ``is_excluded(path)`` decides exclusions (the CLI passes one that uses each path's own closest
    configuration); without it ``exclude`` patterns are matched relative to the current directory.
    Exclusions apply to files found in directories and, with ``force_exclude`` (the default), to files
    named explicitly too: pre-commit passes file names explicitly.  Hidden files and directories,
    ``node_modules``, ``__pycache__`` and Word lock files (``~$…``) are always skipped in directories.

    Inside directories only regular files (or symlinks to them) are kept, as ruff does: a FIFO, socket or
    device with a report's extension is skipped (reading a FIFO would hang the run).  A file named
    explicitly is always kept, so its reader reports E001 ("not a regular file").  A directory that
    cannot be listed (no permission) is appended to ``unreadable`` as ``(path, strerror)``: it must not
    pass silently as "0 files".
    """
    excluded = is_excluded or Excluder(exclude, ".")
    files, missing = [], []
    for p in paths:
        if os.path.isdir(p):
            if force_exclude and excluded(p):
                continue

            def onerror(exc: OSError, top: str = p) -> None:
                if unreadable is not None:
                    unreadable.append((os.path.normpath(exc.filename or top), exc.strerror or str(exc)))

            for root, dirs, names in os.walk(p, onerror=onerror):
                dirs[:] = sorted(
                    d
                    for d in dirs
                    if not d.startswith(".")
                    and d not in ("node_modules", "__pycache__")
                    and not excluded(os.path.join(root, d))
                )
                for name in sorted(names):
                    full = os.path.normpath(os.path.join(root, name))  # "./a/r.txt" -> "a/r.txt"
                    if supported(full) and not name.startswith(("~$", ".")) and _regular(full) and not excluded(full):
                        files.append(full)
        elif os.path.exists(p):
            if not (force_exclude and excluded(p)):
                files.append(p)
        else:
            missing.append(p)
    return files, missing
