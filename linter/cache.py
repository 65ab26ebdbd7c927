"""A content-hash cache of lint results, correct in CI (textlint#1327: metadata is not enough).

An entry is keyed on

* the sha256 of the file's bytes and its path relative to the project root (a finding's fingerprint
  mixes in the file name; per-file ignores depend on the path);
* the resolved settings that change diagnostics (:meth:`xxgk_lint.settings.Settings.lint_key`);
* the "code stamp": the tool's version, the size and modification time of every module of the engine
  and of every loaded rule module (built-in or plug-in, so an edited rule or an upgraded plug-in never
  reuses old results), and the plug-in distributions' versions;
* the cache format version.

The value is JSON — never pickle, so a cache directory committed by someone else cannot run code —
holding the diagnostics and the few source lines the output shows under them (a light document), so
``--format full`` prints the same on a warm run.  Writes are atomic (temporary file + ``os.replace``);
an unreadable or corrupt entry is a miss, never a crash.  The directory gets a ``CACHEDIR.TAG`` and a
``.gitignore`` of ``*`` so backups and git skip it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys

from xxgk_lint import __version__
from xxgk_lint.atomic import write_atomic
from xxgk_lint.diagnostics import Diagnostic, Edit, Fix, Related, Severity, Target
from xxgk_lint.document import Location, Span

FORMAT = 2  # 2: diagnostics carry their target
# Pruning, at the end of a run and at most once a day per directory (cheap: one stat of a marker file on
# the other runs): entries not used for MAX_AGE_DAYS are removed (a hit refreshes an entry's mtime), then
# the oldest until the directory holds at most MAX_BYTES of entries; directories of older cache formats
# and temporaries left by a killed write go too.
MAX_AGE_DAYS = 30
MAX_BYTES = 512 * 1024 * 1024
PRUNE_EVERY = 24 * 3600


def atomic_write(path: str, data: bytes) -> None:
    """Write a cache entry atomically (no fsync: a lost entry is only a cache miss)."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    write_atomic(path, data, durable=False)


# -- the code stamp ----------------------------------------------------------------------------------
def _stat_tree(directory: str, h) -> None:
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".py", ".json")):
                p = os.path.join(root, name)
                try:
                    st = os.stat(p)
                except OSError:
                    continue
                h.update(f"{os.path.relpath(p, directory)}:{st.st_size}:{st.st_mtime_ns}\n".encode())


def code_stamp(rules: dict) -> str:
    """A hash of the code that produced results: engine modules, rule modules and plug-in versions."""
    import xxgk_lint

    h = hashlib.sha256(f"xxgk-lint {__version__} cache {FORMAT}\n".encode())
    _stat_tree(os.path.dirname(xxgk_lint.__file__), h)
    import xxgk_lint.rules

    _stat_tree(os.path.dirname(xxgk_lint.rules.__file__), h)
    files, dists = set(), set()
    for cls in rules.values():
        mod = sys.modules.get(cls.__module__)
        f = getattr(mod, "__file__", None)
        if f:
            files.add(f)
        origin = getattr(cls, "origin", "xxgk-lint")
        if origin != "xxgk-lint":
            dists.add(origin)
    for f in sorted(files):
        try:
            st = os.stat(f)
            h.update(f"{f}:{st.st_size}:{st.st_mtime_ns}\n".encode())
        except OSError:
            pass
    if dists:
        from importlib.metadata import entry_points

        for ep in entry_points(group="xxgk_lint.rules"):
            if ep.name in dists and ep.dist is not None:
                h.update(f"{ep.dist.name}=={ep.dist.version}\n".encode())
    h.update(",".join(sorted(rules)).encode())
    return h.hexdigest()


# -- (de)serialising results -----------------------------------------------------------------------------
def _loc(loc: Location | None):
    if loc is None:
        return None
    return [loc.line, loc.column, loc.end_line, loc.end_column, loc.page, loc.paragraph, loc.table, loc.row, loc.col]


def _unloc(v) -> Location | None:
    return None if v is None else Location(*v)


def _span(s: Span | None):
    return None if s is None else [s.start, s.end]


def _unspan(v) -> Span | None:
    return None if v is None else Span(v[0], v[1])


def dump_diagnostic(d: Diagnostic) -> dict:
    out = {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.label,
        "message": d.message,
        "span": _span(d.span),
        "location": _loc(d.location),
        "context": d.context,
        "fingerprint": d.fingerprint,
    }
    if d.help:
        out["help"] = d.help
    if d.fix is not None:
        out["fix"] = {
            "edits": [[e.span.start, e.span.end, e.replacement] for e in d.fix.edits],
            "safe": d.fix.safe,
            "description": d.fix.description,
        }
    if d.target is not None:
        out["target"] = d.target.as_dict()
    if d.related:
        out["related"] = [
            {"span": _span(r.span), "message": r.message, "location": _loc(r.location)} for r in d.related
        ]
    return out


def load_diagnostic(v: dict, path: str) -> Diagnostic:
    fix = None
    if v.get("fix"):
        f = v["fix"]
        fix = Fix(
            tuple(Edit(Span(a, b), r) for a, b, r in f["edits"]), bool(f["safe"]), dict(f.get("description") or {})
        )
    related = tuple(
        Related(Span(*r["span"]), dict(r["message"]), _unloc(r.get("location"))) for r in v.get("related", ())
    )
    return Diagnostic(
        code=v["code"],
        name=v["name"],
        severity=Severity.parse(v["severity"]),
        message=dict(v["message"]),
        span=_unspan(v.get("span")),
        help=v.get("help"),
        fix=fix,
        related=related,
        path=path,
        location=_unloc(v.get("location")),
        context=v.get("context", ""),
        fingerprint=v.get("fingerprint", ""),
        target=Target.from_dict(v["target"]) if v.get("target") else None,
    )


class Cache:
    """One cache directory.  ``get``/``put`` take a key from :meth:`key`."""

    def __init__(self, directory: str, stamp: str):
        self.directory = os.path.abspath(directory)
        self.stamp = stamp
        self.hits = self.misses = 0
        self._ready = False

    def key(self, settings_key: str, relpath: str, content: bytes) -> str:
        h = hashlib.sha256()
        for part in (self.stamp, settings_key, relpath):
            h.update(os.fsencode(part) + b"\0")  # a GBK file name (surrogateescape) is still a key
        h.update(hashlib.sha256(content).digest())
        return h.hexdigest()

    def _file(self, key: str) -> str:
        return os.path.join(self.directory, f"v{FORMAT}", key[:2], key + ".json")

    def get(self, key: str, path: str):
        from xxgk_lint.result import FileResult, LightDocument

        try:
            with open(self._file(key), "rb") as fh:
                v = json.loads(fh.read())
            if v.get("key") != key:
                raise ValueError("key mismatch")
            doc = None
            if v.get("document") is not None:
                dv = v["document"]
                doc = LightDocument(path, dv["format"], {int(k): t for k, t in dv["lines"].items()})
            result = FileResult(
                path,
                [load_diagnostic(x, path) for x in v["diagnostics"]],
                doc,
                suppressed=int(v.get("suppressed", 0)),
                cached=True,
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
            self.misses += 1  # a missing, stale or corrupt entry (even one nested 100,000 deep): a miss
            return None
        self.hits += 1
        try:
            os.utime(self._file(key))  # last used: what pruning keeps
        except OSError:
            pass
        return result

    def put(self, key: str, result) -> None:
        if result.internal_errors:
            return  # never remember a crash
        doc = result.document
        if doc is not None and not hasattr(doc, "lines"):
            from xxgk_lint.result import LightDocument

            doc = LightDocument.of(doc, result.diagnostics)
        v = {
            "key": key,
            "diagnostics": [dump_diagnostic(d) for d in result.diagnostics],
            "suppressed": result.suppressed,
            "document": None
            if doc is None
            else {"format": doc.format, "lines": {str(k): t for k, t in doc.lines.items()}},
        }
        try:
            self._prepare()
            atomic_write(self._file(key), json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass  # a read-only or full disk: lint without caching

    def prune(self, now: float | None = None) -> int:
        """Drop stale entries (see ``MAX_AGE_DAYS`` / ``MAX_BYTES``); at most once per ``PRUNE_EVERY``.
        Returns the number of files removed.  Never raises: a cache that cannot be pruned is left as it is."""
        import shutil
        import time

        if not os.path.isdir(self.directory):
            return 0
        now = time.time() if now is None else now
        marker = os.path.join(self.directory, ".last-prune")
        try:
            if now - os.stat(marker).st_mtime < PRUNE_EVERY:
                return 0
        except OSError:
            pass
        try:
            atomic_write(marker, b"")
            os.utime(marker, (now, now))
        except OSError:
            return 0
        removed = 0
        entries: list[tuple[float, int, str]] = []
        try:
            names = os.listdir(self.directory)
        except OSError:
            return 0
        for name in names:
            if name.startswith("v") and name[1:].isdigit() and name != f"v{FORMAT}":
                shutil.rmtree(os.path.join(self.directory, name), ignore_errors=True)  # an older format
        for dirpath, _dirs, files in os.walk(os.path.join(self.directory, f"v{FORMAT}")):
            for f in files:
                p = os.path.join(dirpath, f)
                try:
                    st = os.lstat(p)
                    if f.endswith(".json") and now - st.st_mtime <= MAX_AGE_DAYS * 86400:
                        entries.append((st.st_mtime, st.st_size, p))
                        continue
                    if not f.endswith(".json") and now - st.st_mtime <= 3600:
                        continue  # a temporary of a write that may still be under way
                    os.remove(p)
                    removed += 1
                except OSError:
                    continue
        total = sum(size for _t, size, _p in entries)
        if total > MAX_BYTES:
            for _t, size, p in sorted(entries):
                try:
                    os.remove(p)
                except OSError:
                    continue
                removed += 1
                total -= size
                if total <= MAX_BYTES * 0.8:
                    break
        return removed

    def _prepare(self) -> None:
        if not self._ready:
            prepare_dir(self.directory)
            self._ready = True


def prepare_dir(directory: str) -> None:
    """Create a cache directory with a ``CACHEDIR.TAG`` and a ``.gitignore`` of ``*``."""
    os.makedirs(directory, exist_ok=True)
    tag = os.path.join(directory, "CACHEDIR.TAG")
    if not os.path.exists(tag):
        atomic_write(
            tag,
            b"Signature: 8a477f597d28d172789f06886806bc55\n"
            b"# This file is a cache directory tag created by xxgk-lint.\n",
        )
        atomic_write(os.path.join(directory, ".gitignore"), b"# created by xxgk-lint\n*\n")
