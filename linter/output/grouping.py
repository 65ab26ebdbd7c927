"""Grouped findings for the human-facing outputs (full, concise, html, the ``serve`` page).

A report whose 法人 columns were left blank gives dozens of T204 findings in one table; a clerk stops
reading after the tenth.  :func:`group` folds the findings of one rule in one table block (same rule,
same file, same template table — or, while a rule sets no ``Diagnostic.target``, the same section and
Word table) into one :class:`Group` listing the cells, with one fix that makes all the edits when every
member has one.  Machine formats (json, sarif, junit, github) keep one result per finding and never
call this.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from xxgk_lint.diagnostics import Diagnostic, Fix

GROUP_MIN = 3  # this many findings of one rule in one table block become one group


@dataclass
class Group:
    members: list[Diagnostic]

    @property
    def first(self) -> Diagnostic:
        return self.members[0]

    @property
    def code(self) -> str:
        return self.first.code

    @property
    def name(self) -> str:
        return self.first.name

    @property
    def severity(self):
        return max(d.severity for d in self.members)

    @property
    def location(self):
        return self.first.location

    @property
    def context(self) -> str:
        return self.first.context

    @property
    def path(self) -> str:
        return self.first.path

    def __len__(self) -> int:
        return len(self.members)

    @property
    def fix(self) -> Fix | None:
        """One fix with every member's edits, when every member has a fix; unsafe if any member's is."""
        fixes = [d.fix for d in self.members if d.fix is not None]
        if len(fixes) < len(self.members):
            return None
        edits = tuple(e for f in fixes for e in f.edits)
        return Fix(edits, safe=all(f.safe for f in fixes), description=dict(fixes[0].description))

    def fixable(self) -> int:
        return sum(1 for d in self.members if d.fix is not None)

    def message(self, lang: str, summary: str = "") -> str:
        """The head line: the common part of the members' messages (or the rule's summary) and the count."""
        head = common_head(self.members, lang)
        what = summary or self.first.text(lang)
        n = len(self.members)
        if lang == "en":
            return f"{head}: {what[:1].lower() + what[1:]} ({n} findings)" if head else f"{what} ({n} findings)"
        return f"{head}中{what}：共 {n} 处" if head else f"{what}：共 {n} 处"

    def member_text(self, d: Diagnostic, lang: str) -> str:
        """A member's message without the part every member shares."""
        text = d.text(lang)
        head = common_head(self.members, lang)
        if head and text.startswith(head):
            rest = text[len(head) :].lstrip("，,：: ")
            return rest or text
        return text


def common_head(members: list[Diagnostic], lang: str) -> str:
    """The longest common start of the members' messages that ends at a closing quote or bracket, e.g.
    ``表三（收到和处理政府信息公开申请情况）`` or ``表二“第二十条第（五）项”``; "" when there is none."""
    texts = [d.text(lang) for d in members]
    prefix = os.path.commonprefix(texts)
    if lang == "en":
        prefix = prefix[: prefix.rfind(",")] if "," in prefix else ""
        return prefix.strip()
    cut = max(prefix.rfind(ch) for ch in "”）)")
    if cut <= 0:
        return ""
    if prefix.count("“", 0, cut + 1) != prefix.count("”", 0, cut + 1):
        return ""  # cut inside a quotation
    return prefix[: cut + 1].strip()


def _block_key(d: Diagnostic):
    t = getattr(d, "target", None)
    if t is not None and t.table:
        return ("t", t.table)
    if t is not None and t.kind in ("section", "document"):
        return None
    loc = d.location
    table = getattr(loc, "table", None) if loc is not None else None
    if table is None and not d.context:
        return None
    return ("c", d.context, table)


def group(diagnostics: list[Diagnostic], minimum: int = GROUP_MIN) -> list:
    """The findings of one file in order, with runs of one rule in one table block folded into a
    :class:`Group` (placed where its first member was).  Other findings stay :class:`Diagnostic`."""
    buckets: dict[tuple, list[Diagnostic]] = {}
    for d in diagnostics:
        key = _block_key(d)
        if key is None or d.span is None:
            continue
        buckets.setdefault((d.code, d.severity, key), []).append(d)
    grouped = {id(d): members for members in buckets.values() if len(members) >= minimum for d in members}
    out: list = []
    placed: set[int] = set()
    for d in diagnostics:
        members = grouped.get(id(d))
        if members is None:
            out.append(d)
        elif id(members[0]) not in placed:
            placed.add(id(members[0]))
            out.append(Group(members))
    return out


def is_group(item) -> bool:
    return isinstance(item, Group)
