"""The narrative reads only the text that may hold a figure or a wording of zero
(``recognise.narrative._maybe``, a character class and one plain search since issue 12): it must say yes
exactly where the alternation it replaced found something."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk_lint.recognise.narrative import _maybe

ALTERNATION = re.compile(r"[\d零〇一二两三四五六七八九十百千万]|未|没有|无")
PIECES = list("0９一两十百千万未无没有，。a 件") + ["没有", "没", "有"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join))
def test_same_answer_as_the_alternation(text):
    assert _maybe(text) == (ALTERNATION.search(text) is not None)


def test_known_texts():
    assert _maybe("本年度没有收到申请") and _maybe("收到12件") and _maybe("未收取费用")
    assert not _maybe("认真贯彻落实条例") and not _maybe("没办法")
