"""The counted-figure pattern of the narrative (``_COUNT``) is linear and matches what the plain pattern
``NUMBER + \\s* + UNITS`` matched (issue 16): same spans and groups under ``finditer``.  Its cost is checked by tests/test_regex_cost.py."""

from __future__ import annotations

import random
import re

import pytest

from xxgk_lint.recognise import narrative
from xxgk_lint.templates.statements import NUMBER

_PLAIN = re.compile(r"(?P<n>" + NUMBER + r")\s*(?P<u>" + narrative.UNITS + r")")
# the characters and pieces whose interplay the rewritten pattern reasons about
_PIECES = list("0000011,，. 件万元三十x人次") + ["人次", "万元", "000,", "1,", "，000", "一百"]


def _matches(pattern, text):
    return [(m.span(), m.group("n"), m.group("u")) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "收到申请 1,234 件，办结 1234 件",
        "12345,000件",
        "1,0000件",
        "000,00,000件",
        "1.000,000件",
        "三万元和两件",
        "5三件",
        "统一件",
        "共 12.5 万元，其中 3 件",
        "1,000,000,000,000条",
        "00,000，000人次",
    ],
)
def test_same_matches_as_the_plain_pattern(text):
    assert _matches(narrative._COUNT, text) == _matches(_PLAIN, text)


def test_same_matches_on_random_text():
    rng = random.Random(16)
    for _ in range(20_000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 24)))
        assert _matches(narrative._COUNT, text) == _matches(_PLAIN, text), text
