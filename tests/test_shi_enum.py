"""S107 finds 一是 / 二是 … enumerations with a plain pattern and a test of the character before
(``rules.structure._shi_enums``, speed, issue 12): the same matches as the look-behind pattern it replaced."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk_lint.rules.structure import _shi_enums

# the pattern S107 used before: a look-behind tried at every character
LOOK_BEHIND = re.compile(r"(?<![一二三四五六七八九十统唯同第单总万])([一二三四五六七八九十])是(?!否|非)")
PIECES = list("一二三四五六七八九十统唯同第单总万是否非，。a \n") + ["一是", "二是", "统一是", "唯一是", "是否"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_same_matches_as_the_look_behind_pattern(text):
    assert [m.span() for m in _shi_enums(text)] == [m.span() for m in LOOK_BEHIND.finditer(text)]


def test_known_enumerations():
    text = "一是加强领导，二是完善制度；统一是关键，唯一是目标，三是否定不算，四是落实。"
    assert [m.group(0) for m in _shi_enums(text)] == ["一是", "二是", "四是"]
