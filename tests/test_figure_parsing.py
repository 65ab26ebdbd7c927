"""parse_figure: every notation of 本年增/减 and every number format reads back the value written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xxgk_lint.document import Span
from xxgk_lint.recognise.figures import parse_figure
from xxgk_lint.rules.figures import canonical_delta


def _fullwidth(s: str) -> str:
    return s.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789+-"})


# notation -> how n is written in it (None: the notation cannot write this n)
NOTATIONS = {
    "zh-prefix": lambda n: f"增{n}" if n > 0 else f"减{-n}" if n < 0 else "0",
    "zh-prefix-long": lambda n: f"增加{n}" if n > 0 else f"减少{-n}" if n < 0 else "0",
    "zh-prefix-spaced": lambda n: f"增 {n}" if n > 0 else f"减 {-n}" if n < 0 else "0",
    "zh-suffix": lambda n: f"{abs(n)}({'增' if n >= 0 else '减'})",
    "zh-suffix-fullwidth-brackets": lambda n: f"{abs(n)}（{'增' if n >= 0 else '减'}）",
    "sign": lambda n: f"+{n}" if n > 0 else f"-{-n}" if n < 0 else "0",
    "sign-unicode-minus": lambda n: f"+{n}" if n > 0 else f"−{-n}" if n < 0 else "0",
    "sign-fullwidth": lambda n: _fullwidth(f"+{n}" if n > 0 else f"-{-n}" if n < 0 else "0"),
    "plain": lambda n: str(n),
    "canonical-zh": lambda n: canonical_delta(Decimal(n), 0, "zh"),
    "canonical-sign": lambda n: canonical_delta(Decimal(n), 0, "sign"),
}


@given(
    n=st.integers(min_value=-(10**9), max_value=10**9),
    notation=st.sampled_from(sorted(NOTATIONS)),
    pad=st.sampled_from(["", " ", "\u3000", "\t"]),
)
def test_rendering_then_parsing_gives_the_number(n, notation, pad):
    text = pad + NOTATIONS[notation](n) + pad
    fig = parse_figure(text, Span(0, len(text)), "delta")
    assert fig.value == n, (text, fig)
    assert not fig.blank
    assert text[fig.span.start : fig.span.end] == text.strip(" \u3000\t")


@given(n=st.integers(min_value=0, max_value=10**12))
def test_grouped_spaced_and_fullwidth_counts(n):
    grouped = f"{n:,}"
    for text, issue in (
        (grouped, "separator" if n >= 1000 else None),
        (grouped.replace(",", "，"), "separator" if n >= 1000 else None),
        (grouped.replace(",", " "), "space" if n >= 1000 else None),
        (_fullwidth(str(n)), "fullwidth"),
    ):
        fig = parse_figure(text, Span(0, len(text)), "count")
        assert fig.value == n, text
        assert (issue in fig.issues) if issue else not fig.issues, (text, fig.issues)
        assert text[fig.number_span.start : fig.number_span.end] == text


@given(
    units=st.integers(min_value=0, max_value=10**9),
    cents=st.integers(min_value=0, max_value=99),
    unit=st.sampled_from(["", "万元", " 万元", "元", "千元", "亿元"]),
)
def test_amounts_keep_decimals_and_unit(units, cents, unit):
    text = f"{units}.{cents:02d}{unit}"
    fig = parse_figure(text, Span(0, len(text)), "money")
    assert fig.value == Decimal(f"{units}.{cents:02d}")
    assert fig.decimals == 2
    assert fig.unit == (unit.strip() or None)


@pytest.mark.parametrize(
    "text, value, notation",
    [
        ("增50", 50, "zh-prefix"),
        ("减114", -114, "zh-prefix"),
        ("130(增)", 130, "zh-suffix"),
        ("19(减)", -19, "zh-suffix"),
        ("130（增）", 130, "zh-suffix"),
        ("减 16", -16, "zh-prefix-spaced"),
        ("增加5", 5, "zh-prefix"),
        ("+5", 5, "sign"),
        ("-8", -8, "sign"),
        ("−8", -8, "sign"),
        ("0", 0, "plain"),
    ],
)
def test_delta_notations_from_the_spec(text, value, notation):
    fig = parse_figure(text, Span(0, len(text)), "delta")
    assert (fig.value, fig.notation) == (value, notation)


@pytest.mark.parametrize("text", ["", "  ", "\u3000"])
def test_blank_is_not_zero(text):
    fig = parse_figure(text, Span(0, len(text)), "delta")
    assert fig.blank and fig.value is None


@pytest.mark.parametrize("text", ["无", "/", "—", "暂无", "-", "－", "约5"])
def test_placeholders_are_not_numbers(text):
    fig = parse_figure(text, Span(0, len(text)), "count")
    assert fig.value is None and not fig.blank


def test_mixed_separators_are_recorded():
    fig = parse_figure("1，234,567", None, "count")
    assert fig.value == 1234567
    assert {"separator", "mixed-separator"} <= set(fig.issues)
    assert "fullwidth" not in fig.issues  # a full-width comma is a separator, not a full-width digit
