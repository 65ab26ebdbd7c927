"""Parse a table cell into a :class:`xxgk_lint.report.Figure`, once, for every rule to share.

Recognised forms (``kind`` is the template column kind):

* counts and amounts: ``0``, ``37``, ``4768.65``, ``4768.65 万元``, ``１２３`` (full width),
  ``1,234`` (separators), ``1 234`` (spaces inside);
* 本年增/减: ``增50`` / ``减114`` (zh-prefix), ``减 16`` (zh-prefix with a space), ``130(增)`` /
  ``19（减）`` (zh-suffix), ``+5`` / ``-8`` (sign), ``0`` or ``5`` (plain);
* blank: empty or white space only -> ``blank=True, value=None``;
* anything else (``无``, ``/``, ``—``, ``暂无``) -> ``value=None`` (F402 reports it).

``issues`` records form problems of the number for F405: ``fullwidth`` (full-width digits or
point), ``space`` (spaces between digits), ``separator`` (thousands separators), ``mixed-separator``
(both ``,`` and ``，``).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from xxgk_lint.document import Span
from xxgk_lint.report import Figure
from xxgk_lint.templates import conventions, units_pattern

_SPACES = " \t\u00a0\u3000"
_NUM = r"\d+(?:[.]\d+)?"
_GROUPED = r"\d{1,3}(?:[,，]\d{3})+(?:[.]\d+)?"
_UNITS = units_pattern()  # the money units of the shared conventions (xxgk_lint.templates)
_COUNT_UNITS = "|".join(conventions().count_units)
_RE_PLAIN = re.compile(rf"^(?P<num>{_GROUPED}|{_NUM})\s*(?P<unit>{_UNITS})?$")
_RE_ZH_PREFIX = re.compile(rf"^(?P<word>增加|减少|增|减)(?P<sp>\s*)(?P<num>{_NUM})(?P<unit>{_COUNT_UNITS})?$")
_RE_ZH_SUFFIX = re.compile(rf"^(?P<num>{_NUM})\s*[(（](?P<word>增加|减少|增|减)[)）]$")
_RE_SIGN = re.compile(rf"^(?P<sign>[+\-−])\s*(?P<num>{_NUM})$")
_FULLWIDTH = re.compile(r"[\uff10-\uff19\uff0e]")  # digits and point (signs are the notation: F401)


def _dec(num: str) -> Decimal | None:
    try:
        return Decimal(num.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None


def _decimals(num: str) -> int:
    return len(num.split(".", 1)[1]) if "." in num else 0


def parse_figure(text: str, span: Span | None = None, kind: str = "count") -> Figure:
    # A report repeats few cell texts ("0" most of all): the form is parsed once per (text, kind) with
    # spans relative to the start of ``text``, and only the spans are moved to where this cell is.
    f = _parse_at_zero(text, kind) if len(text) <= 64 else _parse_at_zero.__wrapped__(text, kind)
    if span is None:
        return Figure(f.raw, f.value, None, f.blank, f.unit, f.notation, f.decimals, None, f.issues)
    fs = f.span
    assert fs is not None  # _parse_at_zero always gives a span
    at = span.start
    if fs.start == 0 and fs.end == span.end - at:  # the figure is the whole cell (most cells): its span
        rspan = span
    else:
        rspan = Span(fs.start + at, fs.end + at)
    ns = f.number_span
    if ns is not None:
        ns = rspan if ns.start == fs.start and ns.end == fs.end else Span(ns.start + at, ns.end + at)
    return Figure(f.raw, f.value, rspan, f.blank, f.unit, f.notation, f.decimals, ns, f.issues)


@lru_cache(maxsize=16384)
def _parse_at_zero(text: str, kind: str) -> Figure:
    """The figure of ``text`` as if the text started at offset 0 (shared: never hand it out as is)."""
    span = Span(0, len(text))
    raw = text.strip(_SPACES + "\r\n")
    lead = len(text) - len(text.lstrip(_SPACES + "\r\n"))
    rspan = Span(span.start + lead, span.start + lead + len(raw)) if span is not None else None
    if not raw:
        return Figure(raw="", value=None, span=rspan, blank=True)
    issues = []
    s = raw
    if _FULLWIDTH.search(s):
        issues.append("fullwidth")
    s = unicodedata.normalize("NFKC", s).replace("−", "-")
    compact = re.sub(r"(?<=\d)[ \u00a0\u3000]+(?=\d)", "", s)
    if compact != s:
        issues.append("space")
        s = compact

    m = _RE_PLAIN.match(s)
    if m:
        num = m.group("num")
        if "," in num or "，" in num:
            issues.append("separator")
            if "," in raw and "，" in raw:
                issues.append("mixed-separator")
        value = _dec(num)
        notation = "plain" if kind == "delta" else None
        return Figure(
            raw,
            value,
            rspan,
            unit=m.group("unit"),
            notation=notation,
            decimals=_decimals(num),
            number_span=_num_span(raw, rspan),
            issues=tuple(issues),
        )
    # the 增/减 and sign notations are read in every column (F404 flags a negative count)
    m = _RE_ZH_PREFIX.match(s)
    if m:
        value = _dec(m.group("num"))
        assert value is not None  # _NUM is digits with at most one point: Decimal always parses it
        if m.group("word").startswith("减"):
            value = -value
        notation = "zh-prefix-spaced" if m.group("sp") else "zh-prefix"
        return Figure(
            raw,
            value,
            rspan,
            notation=notation,
            decimals=_decimals(m.group("num")),
            number_span=_num_span(raw, rspan),
            issues=tuple(issues),
        )
    m = _RE_ZH_SUFFIX.match(s)
    if m:
        value = _dec(m.group("num"))
        assert value is not None  # _NUM is digits with at most one point: Decimal always parses it
        if m.group("word").startswith("减"):
            value = -value
        return Figure(
            raw,
            value,
            rspan,
            notation="zh-suffix",
            decimals=_decimals(m.group("num")),
            number_span=_num_span(raw, rspan),
            issues=tuple(issues),
        )
    m = _RE_SIGN.match(s)
    if m:
        value = _dec(m.group("num"))
        assert value is not None  # _NUM is digits with at most one point: Decimal always parses it
        if m.group("sign") == "-":
            value = -value
        return Figure(
            raw,
            value,
            rspan,
            notation="sign",
            decimals=_decimals(m.group("num")),
            number_span=_num_span(raw, rspan),
            issues=tuple(issues),
        )
    return Figure(raw, None, rspan, issues=tuple(issues))


def _num_span(raw: str, rspan: Span | None) -> Span | None:
    if rspan is None:
        return None
    m = re.search(r"[\d\uff10-\uff19][\d\uff10-\uff19,，.．\s\u00a0\u3000]*[\d\uff10-\uff19]|[\d\uff10-\uff19]", raw)
    if not m:
        return rspan
    return Span(rspan.start + m.start(), rspan.start + m.end())


# blanks inside the number only where a digit or separator follows, so the run of blanks before a unit or
# at the end belongs to one loop alone (no quadratic backtracking on long blank runs)
_LOOKS_NUMERIC = re.compile(
    r"^[\s\u00a0\u3000]*([+\-−＋－]?[\d\uff10-\uff19]"
    r"(?:[\d\uff10-\uff19,，.．]|[\s\u00a0\u3000]+(?=[\d\uff10-\uff19,，.．]))*"
    rf"(?:[\s\u00a0\u3000]*(?:{units_pattern(count=True)}))?"
    r"|(增加|减少|增|减)\s*[\d\uff10-\uff19]+|[\d\uff10-\uff19]+\s*[(（](增|减)[)）])[\s\u00a0\u3000]*$"
)
_PLACEHOLDER = re.compile(r"^[\s\u00a0\u3000]*(无|/|／|—|——|-|－|--|暂无|空|×|\\)[\s\u00a0\u3000]*$")


@lru_cache(maxsize=65536)
def looks_like_value(text: str) -> bool:
    """True for a cell that holds a figure or a figure placeholder (blank cells are values too)."""
    t = text.strip(_SPACES + "\r\n")
    return not t or bool(_LOOKS_NUMERIC.match(t)) or bool(_PLACEHOLDER.match(t))


def is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.match(text))
