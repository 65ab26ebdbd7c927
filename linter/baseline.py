"""Baselines for gradual adoption: remember today's findings, report only new ones.

``xxgk-lint check --baseline FILE --update-baseline`` writes every current finding to ``FILE``;
``xxgk-lint check --baseline FILE`` then hides those findings (they do not count for the exit code)
and reports the rest.  Entries are keyed on the file's path relative to the baseline file's
directory, the rule code and the diagnostic's content fingerprint (code, file name, flagged text,
message, and an occurrence index for repeats — never a line number, so edits above a finding keep it
matched; see :mod:`xxgk_lint.runner`).

The file is JSON, versioned, sorted and indented, so it diffs well in review.  Entries that no longer
occur ("stale") are counted and reported with a hint; ``--update-baseline`` prunes them.  Only files
linted in the run are judged and rewritten: entries of other files are kept as they are, so running on
a few files (pre-commit) neither reports nor drops the rest.  A baseline is a first-class alternative
to inline comments, which .docx and .pdf reports cannot have.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

VERSION = 1


class BaselineError(Exception):
    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(f"{zh}\n  {en}")


@dataclass(frozen=True, order=True)
class Entry:
    path: str
    code: str
    fingerprint: str
    message: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.code, self.fingerprint)


class Baseline:
    def __init__(self, path: str, entries: list[Entry] | None = None):
        self.path = path
        self.root = os.path.dirname(os.path.abspath(path))
        self.entries = list(entries or [])
        self._keys = {e.key for e in self.entries}

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            raise BaselineError(
                f"--baseline：找不到基线文件 {path}（首次使用请加 --update-baseline 生成）",
                f"--baseline: no such baseline file {path} (create it with --update-baseline)",
            ) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BaselineError(
                f"--baseline：无法读取基线文件 {path}：{exc}",
                f"--baseline: cannot read the baseline file {path}: {exc}",
            ) from None
        except RecursionError:  # a hostile file: thousands of nested brackets
            raise BaselineError(
                f"--baseline：基线文件 {path} 嵌套过深，不是 xxgk-lint 基线文件",
                f"--baseline: the baseline file {path} is nested too deeply; not an xxgk-lint baseline",
            ) from None
        if not isinstance(data, dict) or data.get("tool") != "xxgk-lint" or not isinstance(data.get("entries"), list):
            raise BaselineError(
                f"--baseline：{path} 不是 xxgk-lint 基线文件", f"--baseline: {path} is not an xxgk-lint baseline"
            )
        if data.get("version") != VERSION:
            raise BaselineError(
                f"--baseline：{path} 的版本 {data.get('version')!r} 不受支持（应为 {VERSION}）；请用 --update-baseline 重新生成",
                f"--baseline: {path} has unsupported version {data.get('version')!r} (expected {VERSION}); "
                f"regenerate it with --update-baseline",
            )
        entries = []
        for i, e in enumerate(data["entries"]):
            try:
                entries.append(Entry(str(e["path"]), str(e["code"]), str(e["fingerprint"]), str(e.get("message", ""))))
            except (KeyError, TypeError):
                raise BaselineError(
                    f"--baseline：{path} 第 {i + 1} 条记录缺少 path/code/fingerprint",
                    f"--baseline: entry {i + 1} of {path} lacks path/code/fingerprint",
                ) from None
        return cls(path, entries)

    def rel(self, file_path: str) -> str:
        ap = os.path.abspath(file_path)
        try:
            rel = os.path.relpath(ap, self.root)
        except ValueError:
            return ap.replace(os.sep, "/")
        return rel.replace(os.sep, "/")

    def apply(self, results) -> tuple[int, list[Entry]]:
        """Remove the baselined diagnostics from ``results`` (in place).

        Returns (number hidden, stale entries of the files linted)."""
        hidden = 0
        matched: set[tuple[str, str, str]] = set()
        linted: set[str] = set()
        for r in results:
            rel = self.rel(r.path)
            linted.add(rel)
            kept = []
            for d in r.diagnostics:
                k = (rel, d.code, d.fingerprint)
                if k in self._keys:
                    matched.add(k)
                    hidden += 1
                else:
                    kept.append(d)
            r.diagnostics = kept
        stale = [e for e in self.entries if e.path in linted and e.key not in matched]
        return hidden, stale

    def updated(self, results) -> Baseline:
        """A baseline of the current findings of ``results``, keeping the entries of files not linted
        in this run that still exist."""
        linted = {self.rel(r.path) for r in results}
        entries = {}
        for e in self.entries:
            if e.path not in linted and os.path.exists(os.path.join(self.root, e.path)):
                entries[e.key] = e
        for r in results:
            rel = self.rel(r.path)
            for d in r.diagnostics:
                e = Entry(rel, d.code, d.fingerprint, d.text("zh"))
                entries[e.key] = e
        return Baseline(self.path, sorted(entries.values()))

    def matcher(self, update: bool = False) -> Matcher:
        """A per-file filter for results that stream by (:class:`Matcher`)."""
        return Matcher(self, update)

    def dumps(self) -> str:
        data = {
            "tool": "xxgk-lint",
            "version": VERSION,
            "entries": [
                {"path": e.path, "code": e.code, "fingerprint": e.fingerprint, "message": e.message}
                for e in sorted(self.entries)
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def write(self) -> None:
        from xxgk_lint.atomic import write_atomic

        write_atomic(os.path.abspath(self.path), self.dumps().encode("utf-8"))


class Matcher:
    """The baseline applied one result at a time, as results stream out of a run: :meth:`filter` hides a
    result's baselined findings (in place) and remembers only the matched keys and the linted paths, so
    :meth:`finish` can count the stale entries.  ``update`` (``--update-baseline``): every finding goes
    into the new baseline (and is hidden, as it is recorded now); :meth:`finish` returns that baseline."""

    def __init__(self, baseline: Baseline, update: bool = False):
        self.baseline, self.update = baseline, update
        self.hidden = 0
        self._matched: set[tuple[str, str, str]] = set()
        self._linted: set[str] = set()
        self._new: dict[tuple[str, str, str], Entry] = {}

    def filter(self, result) -> int:
        """Hide the baselined findings of ``result``; returns how many were hidden."""
        rel = self.baseline.rel(result.path)
        self._linted.add(rel)
        if self.update:
            for d in result.diagnostics:
                e = Entry(rel, d.code, d.fingerprint, d.text("zh"))
                self._new[e.key] = e
            n = len(result.diagnostics)
            result.diagnostics = []
            self.hidden += n
            return n
        keys, kept = self.baseline._keys, []
        for d in result.diagnostics:
            k = (rel, d.code, d.fingerprint)
            if k in keys:
                self._matched.add(k)
            else:
                kept.append(d)
        n = len(result.diagnostics) - len(kept)
        result.diagnostics = kept
        self.hidden += n
        return n

    def finish(self) -> tuple[list[Entry], Baseline | None]:
        """(stale entries of the files seen, the new baseline when updating)."""
        if self.update:
            entries = dict(self._new)
            for e in self.baseline.entries:
                if e.path not in self._linted and os.path.exists(os.path.join(self.baseline.root, e.path)):
                    entries.setdefault(e.key, e)
            return [], Baseline(self.baseline.path, sorted(entries.values()))
        stale = [e for e in self.baseline.entries if e.path in self._linted and e.key not in self._matched]
        return stale, None
