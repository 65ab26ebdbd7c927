"""Selecting rules by code, code prefix (``S``, ``T2``), name (``missing-section``), alias or ``ALL``."""
from __future__ import annotations

import difflib

from linter.rule import Rule


class SelectionError(ValueError):
    pass


def matches(selector: str, rule: type[Rule]) -> bool:
    s = selector.strip()
    if s.upper() == "ALL":
        return True
    if s.upper() == rule.code or (s[:1].isalpha() and s.upper() == s and rule.code.startswith(s)):
        return True
    return s.lower() == rule.name or s in rule.aliases


def check_known(selectors, rules: dict[str, type[Rule]], where: str = "") -> None:
    vocab = [c for c in rules] + [r.name for r in rules.values()]
    for s in selectors:
        if not any(matches(s, r) for r in rules.values()):
            guess = difflib.get_close_matches(s, vocab, n=1, cutoff=0.5)
            hint = f"；是不是 {guess[0]}？ / did you mean {guess[0]}?" if guess else ""
            raise SelectionError(f"{where}未知的规则 {s!r} / unknown rule {s!r}{hint}")


def resolve(rules: dict[str, type[Rule]], select=None, extend_select=(), ignore=()) -> list[type[Rule]]:
    select = list(select) if select else ["ALL"]
    for group in (select, extend_select, ignore):
        check_known(group, rules)
    chosen = [r for r in rules.values()
              if any(matches(s, r) for s in [*select, *extend_select]) and not any(matches(s, r) for s in ignore)]
    return chosen
