"""The arranged triggers (narrative._triggers) select exactly the statements whose trigger matches."""

import re
from dataclasses import replace

import pytest

from xxgk_lint.recognise import narrative as N
from xxgk_lint.templates import statements as st_data

TEXTS = [
    "本年度共收到政府信息公开申请2件。",
    "上年结转1件，予以公开3件，部分公开1件。",
    "同意公开2件，区分处理0件，不予公开1件，无法提供2件，不予处理1件，其他处理0件。",
    "发生行政复议1件、行政诉讼0件。",
    "制发规范性文件3件，行政许可12件，行政处罚4件，行政强制0件。",
    "全年主动公开信息214条。",
    "",
]


def _by_search(statements, text):
    return [st for st in statements if st.trigger is None or st.trigger.search(text)]


@pytest.mark.parametrize("edition", ["2019", "2021"])
@pytest.mark.parametrize("text", TEXTS)
def test_select_is_every_trigger_searched(edition, text):
    statements = st_data.load(edition)
    arranged = N._triggers(statements)
    assert arranged.select(statements, text) == _by_search(statements, text)
    assert bool(arranged.any.search(text)) == bool(_by_search(statements, text))


def test_a_pattern_trigger_is_searched_and_a_missing_one_always_selects():
    base = st_data.load("2021")
    statements = (
        replace(base[0], trigger=re.compile(r"申请\d")),
        replace(base[1], trigger=None),
        replace(base[2], trigger=re.compile("结转")),
    )
    arranged = N._triggers(statements)
    assert arranged.any is None  # a statement without a trigger: every sentence is tried
    assert arranged.select(statements, "收到申请2件") == [statements[0], statements[1]]
    assert arranged.select(statements, "收到申请两件，结转") == [statements[1], statements[2]]
