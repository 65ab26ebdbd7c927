"""A content-hash cache of lint results, correct in CI (textlint#1327: metadata is not enough).

An entry is keyed on

* the sha256 of the file's bytes and its path relative to the project root (a finding's fingerprint
  mixes in the file name; per-file ignores depend on the path);
* the resolved settings that change diagnostics (:meth:`xxgk_lint.settings.Settings.lint_key`);
* the "code stamp": the tool's version, the size and modification time of every module of the engine
  and of every loaded rule module (built-in or plug-in, so an edited rule or an upgraded plug-in never
  reuses old results), and the plug-in distributions' versions;
* the cache format version.

The value is compact JSON (lists by position rather than objects keyed by field name: a warm run decodes
every entry) — never pickle, so a cache directory committed by someone else cannot run code — holding
the diagnostics, the few source lines the output shows under them (a light document), so ``--format
full`` prints the same on a warm run, and, last, the report's facts (:mod:`xxgk_lint.facts`: identity,
table cells, passages) that the cross-report phase compares, their cells and passages last of all: a
run that will not compare them reads an entry only up to there (``Cache.get(facts=False)``); an entry
without facts (an older format) is a miss.

The cross-report phase's outcome depends on other files, so it has entries of its own
(``v5/across/``, :meth:`Cache.get_across` / :meth:`Cache.put_across`), keyed on every compared file's
path and entry key (:meth:`Cache.across_key`): each compared report's findings of the phase, suppressed
count, source lines and identity.  Any change in any file or setting is another key; the
``MAX_ACROSS`` most recently used are kept.  Writes are atomic
(temporary file + ``os.replace``);
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
from xxgk_lint.facts import CellFact, Passage, ReportFacts
from xxgk_lint.identity import Identity

FORMAT = 5  # 2: diagnostics carry their target; 3: results carry their report facts (X80x); 4: diagnostics
# as positional lists; 5: the facts' cells and passages last (read only when compared), the cross-report
# phase remembered
# Pruning, at the end of a run and at most once a day per directory (cheap: one stat of a marker file on
# the other runs): entries not used for MAX_AGE_DAYS are removed (a hit refreshes an entry's mtime), then
# the oldest until the directory holds at most MAX_BYTES of entries; directories of older cache formats
# and temporaries left by a killed write go too.
MAX_AGE_DAYS = 30
MAX_BYTES = 512 * 1024 * 1024
PRUNE_EVERY = 24 * 3600
MAX_ACROSS = 8  # remembered cross-report phases kept per directory (Cache.put_across)


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
# A warm run decodes every entry, so the encoding is compact and positional (lists, not dicts keyed by
# field names) and rebuilding the objects does no more than building them did.  The entry's container is
# ``encode_entry`` / ``decode_entry``.
_SEVERITY = {s.label: s for s in Severity}


def _loc(loc: Location | None):
    if loc is None:
        return None
    v = [loc.line, loc.column, loc.end_line, loc.end_column, loc.page, loc.paragraph, loc.table, loc.row, loc.col]
    while v[-1] is None:  # the format-specific fields are mostly unset: leave them out
        v.pop()
    return v


def _unloc(v) -> Location | None:
    return None if v is None else Location(*v)


def _span(s: Span | None):
    return None if s is None else [s.start, s.end]


def _unspan(v) -> Span | None:
    return None if v is None else Span(v[0], v[1])


def _trim(v: list) -> list:
    while v and v[-1] is None:
        v.pop()
    return v


def dump_diagnostic(d: Diagnostic) -> list:
    """A diagnostic as a JSON-ready list: ``[code, name, severity, message, span, location, context,
    fingerprint, help, fix, target, related]``, trailing empty fields left out."""
    fix = None
    if d.fix is not None:
        fix = [[[e.span.start, e.span.end, e.replacement] for e in d.fix.edits], d.fix.safe, d.fix.description]
    target = None
    if d.target is not None:
        t = d.target
        target = _trim([t.kind, t.table, t.row, t.column, t.section])
    related = None
    if d.related:
        related = [
            [_span(r.span), r.message, _loc(r.location)] + ([r.path, r.line_text] if r.path is not None else [])
            for r in d.related
        ]
    return _trim(
        [
            d.code,
            d.name,
            d.severity.label,
            d.message,
            _span(d.span),
            _loc(d.location),
            d.context,
            d.fingerprint,
            d.help or None,
            fix,
            target,
            related,
        ]
    )


def load_diagnostic(v: list, path: str) -> Diagnostic:
    """The inverse of :func:`dump_diagnostic`; a malformed value raises (TypeError, ValueError, KeyError,
    IndexError), which :meth:`Cache.get` turns into a miss."""
    n = len(v)
    if n < 8:
        raise ValueError("short diagnostic")
    code, name, severity, message, span, location, context, fingerprint = v[:8]
    help_ = dict(v[8]) if n > 8 and v[8] else None
    fix = None
    if n > 9 and v[9]:
        edits, safe, description = v[9]
        fix = Fix(tuple(Edit(Span(a, b), str(r)) for a, b, r in edits), bool(safe), dict(description or {}))
    target = Target(*v[10]) if n > 10 and v[10] else None
    related: tuple[Related, ...] = ()
    if n > 11 and v[11]:
        related = tuple(
            Related(_unspan(r[0]), dict(r[1]), _unloc(r[2]), *(r[3:5] if len(r) > 3 else ())) for r in v[11]
        )
    return Diagnostic(
        str(code),
        str(name),
        _SEVERITY[severity],
        dict(message),
        _unspan(span),
        help_,
        fix,
        related,
        target,
        path,
        _unloc(location),
        str(context),
        str(fingerprint),
    )


def encode_entry(entry: dict) -> bytes:
    """An entry's bytes: compact JSON in UTF-8.  Never pickle: the directory may come from anyone."""
    try:
        return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # a non-UTF-8 file name (surrogate escapes): \udcXX escapes round-trip
        return json.dumps(entry, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def decode_entry(data: bytes) -> dict:
    """The inverse of :func:`encode_entry`; malformed data raises ValueError (a miss for :meth:`Cache.get`)."""
    entry = json.loads(data)
    if not isinstance(entry, dict):
        raise ValueError("not an entry")
    return entry


def dump_facts(f: ReportFacts | None):
    if f is None:
        return None
    lines: dict[str, int] = {}

    def line(text: str) -> int:
        k = lines.get(text)
        if k is None:
            k = lines[text] = len(lines)
        return k

    return {  # no path: the entry is the file's
        **_facts_head(f),
        # the heavy part last, from "cells" on: a read without it stops there (see _HEAD_END); a source
        # line is stored once, in "lines"; cells and passages give its index (a table row's cells share
        # their line)
        "cells": [
            [t, r, c, x.value, x.trusted, _loc(x.location), x.raw, line(x.line_text)]
            for (t, r, c), x in f.cells.items()
        ],
        "passages": [[p.text, p.section, _loc(p.location), line(p.line_text)] for p in f.passages],
        "lines": list(lines),
    }


def _facts_head(f: ReportFacts | None):
    """What :func:`load_facts` ``body=False`` reads of :func:`dump_facts`, alone."""
    if f is None:
        return None
    return {
        "identity": f.identity.as_dict(),
        "edition": f.edition,
        "is_report": f.is_report,
        "disabled": list(f.disabled),
        "suppressions": [[lo, hi, list(sel)] for lo, hi, sel in f.suppressions],
    }


def load_facts(v, path: str, body: bool = True) -> ReportFacts | None:
    """The inverse of :func:`dump_facts`.  ``body=False``: only what the summary and the suppressions
    need (identity, edition, whether it is a report, the disabled rules), without the cells and passages
    (a warm run whose cross-report phase is remembered never reads them)."""
    if v is None:
        return None
    if not body:
        return ReportFacts(
            path,
            Identity.from_dict(v["identity"]),
            v.get("edition"),
            bool(v.get("is_report")),
            disabled=tuple(str(x) for x in v.get("disabled", ())),
            suppressions=tuple(
                (int(lo), int(hi), tuple(str(x) for x in sel)) for lo, hi, sel in v.get("suppressions", ())
            ),
        )
    lines = [str(x) for x in v["lines"]]
    cells = {}
    for t, r, c, value, trusted, loc, raw, line in v["cells"]:
        cells[(str(t), str(r), str(c))] = CellFact(
            None if value is None else str(value), bool(trusted), _unloc(loc), str(raw), lines[line]
        )
    return ReportFacts(
        path,
        Identity.from_dict(v["identity"]),
        v.get("edition"),
        bool(v.get("is_report")),
        cells,
        [Passage(str(t), sec, _unloc(loc), lines[line]) for t, sec, loc, line in v.get("passages", ())],
        tuple(str(x) for x in v.get("disabled", ())),
        tuple((int(lo), int(hi), tuple(str(x) for x in sel)) for lo, hi, sel in v.get("suppressions", ())),
    )


# Where an entry's head ends: its facts are the last field and their cells come after everything the
# summary reads.  In compact JSON this can only be that key (a quote inside a string is escaped).
_HEAD_END = b',"cells":['
_HEAD_READ = 8192


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

    def get(self, key: str, path: str, facts: bool = True):
        """The result stored under ``key`` for the file ``path``, or None (a miss).  ``facts=False``: the
        facts without their cells and passages (:func:`load_facts` ``body=False``), when the cross-report
        phase will not run on them."""
        from xxgk_lint.result import FileResult, LightDocument

        try:
            with open(self._file(key), "rb") as fh:
                if facts:
                    v = decode_entry(fh.read())
                else:  # the entry up to its facts' cells (the facts come last, their heavy part last)
                    data = fh.read(_HEAD_READ)
                    cut = data.find(_HEAD_END)
                    if cut < 0:
                        data += fh.read()
                        cut = data.find(_HEAD_END)
                    v = decode_entry(data[:cut] + b"}}" if cut >= 0 else data)
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
                facts=load_facts(v["facts"], path, facts),  # no "facts" key: an entry of an older format, a miss
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
        if result.internal_errors or getattr(result, "over_budget", False):
            return  # never remember a crash, nor a file that ran out of time (the machine may be busy)
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
            "facts": dump_facts(result.facts),  # last (see _HEAD_END)
        }
        try:
            self._prepare()
            atomic_write(self._file(key), encode_entry(v))
        except OSError:
            pass  # a read-only or full disk: lint without caching

    # -- the cross-report phase ---------------------------------------------------------------------
    def across_key(self, members) -> str:
        """The key of a cross-report phase over ``members``: ``(path, file key)`` pairs, the path as the
        run names the file and the key :meth:`key` gave its content (which holds the code stamp, the
        settings key and the path relative to the root)."""
        h = hashlib.sha256(f"xxgk-lint {__version__} across {FORMAT}\n".encode())
        for path, key in sorted(members):
            h.update(os.fsencode(path) + b"\0" + key.encode() + b"\n")
        return h.hexdigest()

    def _across_file(self, key: str) -> str:
        return os.path.join(self.directory, f"v{FORMAT}", "across", key[:2], key + ".json")

    def get_across(self, key: str):
        """The remembered outcome of a cross-report phase (:meth:`put_across`): a list of light
        :class:`~xxgk_lint.result.FileResult`, one per report the phase compared, sorted by path, with the
        phase's findings and suppressed counts; None when there is none or it cannot be read."""
        from xxgk_lint.result import FileResult, LightDocument

        file = self._across_file(key)
        try:
            with open(file, "rb") as fh:
                v = decode_entry(fh.read())
            if v.get("key") != key:
                raise ValueError("key mismatch")
            results = []
            for path, fmt, diagnostics, suppressed, lines, facts in v["results"]:
                path = str(path)
                results.append(
                    FileResult(
                        path,
                        [load_diagnostic(x, path) for x in diagnostics],
                        LightDocument(path, str(fmt), {int(k): str(t) for k, t in lines.items()}),
                        suppressed=int(suppressed),
                        facts=load_facts(facts, path, body=False),  # the identity, for the summary
                    )
                )
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
            return None  # none yet, or damaged: the phase runs
        try:
            os.utime(file)
        except OSError:
            pass
        return results

    def put_across(self, key: str, results) -> None:
        """Remember the outcome of a cross-report phase: ``results`` as :func:`xxgk_lint.across.run` left
        them (light results of the compared reports, sorted by path).  Never one with an internal error."""
        if any(r.internal_errors for r in results):
            return
        v = {
            "key": key,
            "results": [
                [
                    r.path,
                    getattr(r.document, "format", "") or "",
                    [dump_diagnostic(d) for d in r.diagnostics],
                    r.suppressed,
                    {str(k): t for k, t in getattr(r.document, "lines", {}).items()},
                    _facts_head(r.facts),
                ]
                for r in results
            ],
        }
        try:
            self._prepare()
            atomic_write(self._across_file(key), encode_entry(v))
        except OSError:
            return
        self._trim_across(keep=key)

    def _trim_across(self, keep: str) -> None:
        """At most ``MAX_ACROSS`` phase entries, the most recently used (a repository's every edit makes a
        new one, of some kilobytes per report)."""
        top = os.path.join(self.directory, f"v{FORMAT}", "across")
        found: list[tuple[float, str]] = []
        try:
            for sub in os.listdir(top):
                for name in os.listdir(os.path.join(top, sub)):
                    p = os.path.join(top, sub, name)
                    if name.endswith(".json") and name != keep + ".json":
                        found.append((os.stat(p).st_mtime, p))
        except OSError:
            return
        for _t, p in sorted(found, reverse=True)[MAX_ACROSS - 1 :]:
            try:
                os.remove(p)
            except OSError:
                pass

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
