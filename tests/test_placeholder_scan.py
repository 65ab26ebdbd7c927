"""W702 looks for template placeholders only near their tokens (``rules.leftovers._placeholders``, speed,
issue 12): it must find exactly what the plain ``_PLACEHOLDER.finditer`` over the whole text finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk_lint.rules.leftovers import _MAYBE_PLACEHOLDER, _PLACEHOLDER, _TOKENS, _placeholders

# the characters and words the pattern is made of, and a few it must not be fooled by
PIECES = list("XxＸｘ×【】此处填写入名称单位机关部门请在申（）()年省市局件月日 \n\u3000aZ0129") + [
    "20",
    "19",
    "单位名称",
    "机关名称",
    "部门名称",
    "此处",
    "填写",
    "填入",
    "请填写",
    "请在此填入",
    "申请填写",
    "20XX年",
    "××局",
]


def spans(matches) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in matches]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_same_matches_as_a_whole_text_scan(text):
    assert spans(_placeholders(text)) == spans(_PLACEHOLDER.finditer(text))


def test_known_placeholders_and_neighbours():
    text = "本机关（单位名称）于20XX年收到申请。请填写数量。××局、XX县；申请填写表格。【此处填写机关名称】"
    found = spans(_placeholders(text))
    assert found == spans(_PLACEHOLDER.finditer(text))
    # "申请填写" is an applicant's form, not a placeholder
    assert [text[a:b] for a, b in found] == ["（单位名称）", "20XX年", "请填写数量", "××", "XX", "【此处填写机关名称】"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_token_words_are_the_token_pattern(text):
    """The token words (``_TOKENS``) are found exactly where the token pattern finds its first token."""
    m = _MAYBE_PLACEHOLDER.search(text)
    first = min((i for i in (text.find(t) for t in _TOKENS) if i >= 0), default=-1)
    assert first == (m.start() if m else -1)


def test_every_token_word_is_a_token():
    for t in _TOKENS:
        assert _MAYBE_PLACEHOLDER.fullmatch(t), t
