"""Selecting rules by code, code prefix (``S``, ``T2``), name (``missing-section``), alias or ``ALL``."""

from __future__ import annotations

import difflib

from xxgk_lint.rule import Rule


class SelectionError(ValueError):
    pass


def matches(selector: str, rule: type[Rule]) -> bool:
    s = selector.strip()
    if s.upper() == "ALL":
        return True
    if s.upper() == rule.code or (s[:1].isalpha() and s.upper() == s and rule.code.startswith(s)):
        return True
    return s.lower() == rule.name or s in rule.aliases


def guess_rule(word: str, rules: dict[str, type[Rule]]) -> str | None:
    """The code or name closest to a mistyped rule ("T2O6", "t206", "label-typos"), or None."""
    vocab = list(rules) + [r.name for r in rules.values()]
    guess = difflib.get_close_matches(word, vocab, n=1, cutoff=0.5) or difflib.get_close_matches(
        word.upper(), list(rules), n=1, cutoff=0.5
    )
    return guess[0] if guess else None


def check_known(selectors, rules: dict[str, type[Rule]], where: str = "") -> None:
    for s in selectors:
        if not any(matches(s, r) for r in rules.values()):
            guess = guess_rule(s, rules)
            hint = f"；是不是 {guess}？ / did you mean {guess}?" if guess else ""
            raise SelectionError(f"{where}未知的规则 {s!r} / unknown rule {s!r}{hint}")


def resolve(rules: dict[str, type[Rule]], select=None, extend_select=(), ignore=()) -> list[type[Rule]]:
    select = list(select) if select else ["ALL"]
    for group in (select, extend_select, ignore):
        check_known(group, rules)
    chosen = [
        r
        for r in rules.values()
        if any(matches(s, r) for s in [*select, *extend_select]) and not any(matches(s, r) for s in ignore)
    ]
    return chosen


def specificity(selector: str) -> int:
    """How specific a severity/option key is: ALL < a prefix (longer is more specific) < a code or a name."""
    from xxgk_lint.rule import CODE_RE

    s = selector.strip()
    if s.upper() == "ALL":
        return 0
    if CODE_RE.match(s.upper()) or not (s[:1].isalpha() and s.upper() == s):
        return 100  # a full code, a name or an alias
    return len(s)
