"""Fuzzy matching of cell and heading texts against the labels a template declares.

A :class:`LabelIndex` is built once per template (cached) and answers ``match(text, hint)``:
which caption, header, group or row label a text is, whether it matched exactly (after
normalisation) or only approximately (a typo, T206), and with what score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xxgk_lint.recognise.normalise import norm, similarity, strip_note
from xxgk_lint.templates import Template

_ENUM_PREFIX = re.compile(r"^(\d{1,2}\.|\([一二三四五六七八九十\d]{1,3}\)|[一二三四五六七八九十]{1,2}\.)")
FUZZY_CUTOFF = 0.75
_NUMERALS = re.compile(r"[一二三四五六七八九十\d]+")


def _numerals(key: str) -> list[str]:
    return _NUMERALS.findall(key)


@dataclass(frozen=True, slots=True)
class LabelHit:
    kind: str  # "caption", "header", "group", "row"
    table: str
    ref: str  # row id, group label, column id or header text
    official: str  # the template's label text
    exact: bool
    score: float


@dataclass(frozen=True, slots=True)
class _Entry:
    key: str
    kind: str
    table: str
    ref: str
    official: str
    prefixless: bool  # the key is the label without its enumeration prefix


class LabelIndex:
    def __init__(self, template: Template):
        self.template = template
        self.entries: list[_Entry] = []
        self.exact: dict[str, list[_Entry]] = {}
        for t in template.tables:
            if t.caption:
                self._add(t.caption, "caption", t.id, t.caption, t.caption)
                for a in t.caption_aliases:
                    self._add(a, "caption", t.id, t.caption, t.caption)
            for c in t.columns:
                self._add(c.label, "header", t.id, c.id, c.label)
                for a in c.aliases:
                    self._add(a, "header", t.id, c.id, c.label)
            for h in t.header:
                self._add(h, "header", t.id, "", h)
            for g in t.groups:
                self._add(g, "group", t.id, g, g)
            for r in t.rows:
                if r.label:
                    self._add(r.label, "row", t.id, r.id, r.label)
                    for a in r.aliases:
                        self._add(a, "row", t.id, r.id, r.label)
        self._memo: dict = {}
        self._choices = [e.key for e in self.entries if not e.prefixless]
        self._choice_entries = [e for e in self.entries if not e.prefixless]

    def _add(self, label: str, kind: str, table: str, ref: str, official: str) -> None:
        key = norm(label)
        e = _Entry(key, kind, table, ref, official, False)
        self.entries.append(e)
        self.exact.setdefault(key, []).append(e)
        m = _ENUM_PREFIX.match(key)
        if m and kind in ("row", "group") and len(key) - m.end() >= 2:
            bare = key[m.end() :]
            e2 = _Entry(bare, kind, table, ref, official, True)
            self.entries.append(e2)
            self.exact.setdefault(bare, []).append(e2)

    def tables_with(self, text: str) -> set[str]:
        """Every table that has this exact (normalised) label."""
        return {e.table for e in self.exact.get(norm(text), ())}

    @staticmethod
    def _pick(cands: list[_Entry], hint: str | None, kinds: tuple[str, ...] | None) -> _Entry | None:
        if kinds:
            cands = [c for c in cands if c.kind in kinds]
        if not cands:
            return None
        if hint:
            for c in cands:
                if c.table == hint:
                    return c
        return cands[0]

    def match(self, text: str, hint: str | None = None, kinds: tuple[str, ...] | None = None) -> LabelHit | None:
        key = (text, hint, kinds)
        try:
            return self._memo[key]
        except KeyError:
            pass
        if len(self._memo) > 100_000:
            self._memo.clear()
        hit = self._memo[key] = self._match(text, hint, kinds)
        return hit

    def _match(self, text: str, hint: str | None, kinds: tuple[str, ...] | None) -> LabelHit | None:
        n = norm(text)
        if not n:
            return None
        has_prefix = bool(_ENUM_PREFIX.match(n))
        for key in (n, strip_note(n)):
            cands = self.exact.get(key)
            if cands:
                if has_prefix:
                    cands = [c for c in cands if not c.prefixless]
                e = self._pick(cands, hint, kinds)
                if e:
                    return LabelHit(e.kind, e.table, e.ref, e.official, True, 1.0)
        if len(n) < 3:
            return None
        return self._fuzzy(n, hint, kinds)

    def _fuzzy(self, n: str, hint: str | None, kinds) -> LabelHit | None:
        extract, ratio = _rapidfuzz()
        best = None
        bare = strip_note(n)
        for cut_n in (n, bare) if bare != n else (n,):  # the same text twice would find the same labels
            results = extract(cut_n, self._choices, scorer=ratio, score_cutoff=FUZZY_CUTOFF * 100, limit=8)
            for _key, score, idx in results:
                e = self._choice_entries[idx]
                if kinds and e.kind not in kinds:
                    continue
                if not 0.6 <= len(cut_n) / max(len(e.key), 1) <= 1.6:
                    continue
                if e.kind == "caption" and _numerals(cut_n) != _numerals(e.key):
                    continue  # 第二十条第（九）项 is another item, not a typo of （八）
                bonus = 0.02 if hint and e.table == hint else 0.0
                cand = (score / 100.0 + bonus, e)
                if best is None or cand[0] > best[0]:
                    best = cand
        if best is None:
            return None
        e = best[1]
        return LabelHit(e.kind, e.table, e.ref, e.official, False, similarity(n, e.key))


_RAPIDFUZZ: list = []


def _rapidfuzz():
    """``(process.extract, fuzz.ratio)``, imported on first use (not at start-up, not on every call)."""
    if not _RAPIDFUZZ:
        from rapidfuzz import fuzz, process

        _RAPIDFUZZ.extend((process.extract, fuzz.ratio))
    return _RAPIDFUZZ[0], _RAPIDFUZZ[1]


_INDEXES: dict[int, tuple[Template, LabelIndex]] = {}


def index_for(template: Template) -> LabelIndex:
    """The (cached) index of a template; templates are loaded once, so identity is a fine key."""
    hit = _INDEXES.get(id(template))
    if hit is None or hit[0] is not template:
        hit = (template, LabelIndex(template))
        _INDEXES[id(template)] = hit
    return hit[1]
