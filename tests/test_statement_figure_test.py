"""``Statement.figure_test`` (speed, issue 12): a quick test derived from a statement's patterns that every
match passes (a figure's last character, then the unit the pattern writes after ``{N}``).  The narrative
recogniser skips a statement's patterns in a clause that fails it, so it must never reject a clause
that a pattern matches."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk_lint.templates import statements as S

STATEMENTS = [s for edition in ("2019", "2021") for s in S.load(edition)]

# the words the shipped patterns are made of, figures, units and a few others
PIECES = [
    "收到",
    "受理",
    "新收",
    "接到",
    "办理",
    "政府信息公开",
    "依申请公开",
    "信息公开",
    "申请",
    "共",
    "共计",
    "为",
    "其中",
    "予以公开",
    "部分公开",
    "不予公开",
    "结转",
    "上年度",
    "行政复议",
    "行政诉讼",
    "规范性文件",
    "制发",
    "废止",
    "现行有效",
    "行政许可",
    "行政处罚",
    "行政强制",
    "本年",
    "3",
    "12",
    "1,234",
    "十二",
    "两",
    "零",
    " ",
    "件",
    "份",
    "个",
    "宗",
    "起",
    "条",
    "次",
    "部",
    "项",
    "，",
    "；",
    "未",
]


def test_every_shipped_statement_has_a_test():
    # the test is derived from the data: if a pattern changes shape, this says the speed-up is gone
    assert all(s.figure_test is not None for s in STATEMENTS)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join))
def test_a_clause_a_pattern_matches_passes_the_test(text):
    _passes(text)


def _passes(text: str) -> None:
    for s in STATEMENTS:
        if any(rx.search(text) for rx in s.patterns):
            assert s.figure_test is not None and s.figure_test.search(text), (s.id, text)


# clauses shaped as the statements are written: a verb, what was received or decided, a figure and a unit
SHAPED = st.tuples(
    st.sampled_from(["", "本年", "全年"]),
    st.sampled_from(["收到", "受理", "新收", "接到", "办理", "制发", "废止", "予以公开", "部分公开", "不予公开", ""]),
    st.sampled_from(
        ["政府信息公开申请", "依申请公开", "信息公开申请", "行政复议", "行政诉讼", "规范性文件", "结转申请", ""]
    ),
    st.sampled_from(["", "共", "共计", "为", "总数为"]),
    st.sampled_from(["3", "12", "1,234", "十二", "两", "零", " 7 "]),
    st.sampled_from(["件", "份", "个", "宗", "起", "条", "次", "部", "项", ""]),
    st.sampled_from(["", "政府信息公开申请", "行政复议", "行政诉讼", "申请", "予以公开", "结转", "，其中"]),
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(SHAPED)
def test_a_shaped_clause_a_pattern_matches_passes_the_test(text):
    _passes(text)


def test_the_shaped_clauses_do_match_patterns():
    # the shaped strategy reaches the patterns (else the property above would hold vacuously)
    for text in ("收到政府信息公开申请共3件", "本年新收依申请公开12件", "接到行政复议两起", "制发规范性文件3件"):
        assert any(rx.search(text) for s in STATEMENTS for rx in s.patterns), text


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        (["收到{N}件"], "[件]"),
        (["收到{N}(?:件|份|个)申请", "另有{N}宗"], "[个件份宗]"),
        (["收到{N}(?:件|份)?"], None),  # the unit may be missing: no test
        (["收到{N}件?"], None),
        (["{N}"], None),
        (["{N}件与{N}件"], None),  # two figures
        (["共{N}\\s*件"], None),  # not a plain unit
    ],
)
def test_figure_test_from_patterns(patterns, expected):
    got = S.figure_test(patterns)
    if expected is None:
        assert got is None
    else:
        assert got is not None and got.pattern.endswith(expected)
