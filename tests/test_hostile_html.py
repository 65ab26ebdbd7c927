"""Hostile HTML bounded before the work is done (issue 16): colspan padding, entity-written text,
huge numbers of attributes or tags.  Budgets are CPU time (an interval timer), far above what the
bounded reader needs and far below what the unbounded one took."""

from __future__ import annotations

import signal

import pytest

from xxgk_lint.readers import Limits, ReaderError
from xxgk_lint.readers import html as html_reader


class _Budget(Exception):
    pass


def _within(seconds, fn, *args):
    def alarm(signum, frame):
        raise _Budget()

    old = signal.signal(signal.SIGPROF, alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        return fn(*args)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


def _read(source: str):
    return html_reader.read("t.html", source.encode("utf-8"), Limits())


def _page(body: str) -> str:
    return f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>"


def test_colspan_is_clamped_to_the_real_width():
    rows = "<tr><td colspan=1000>标题</td></tr>" + "".join(f"<tr><td>{i}</td><td>件</td></tr>" for i in range(3))
    doc = _read(_page(f"<table>{rows}</table>"))
    table = next(b for b in doc.blocks if hasattr(b, "rows"))
    assert {len(r) for r in table.rows} == {2}
    assert table.rows[0][0].colspan == 2 and table.rows[0][0].text == "标题"


def test_wide_colspans_do_not_pad_every_row():
    # 95 KB of rows, one of them 1000 columns wide: padded, that was 37 s and 2 GB
    rows = "<tr>" + "<td colspan=1000>x</td>" * 3 + "</tr>" + "<tr><td>1</td></tr>" * 8000
    doc = _within(10.0, _read, _page(f"<table>{rows}</table>"))
    table = next(b for b in doc.blocks if hasattr(b, "rows"))
    assert len(table.rows) == 8001 and len(table.rows[0]) == 9  # three cells, each as wide as the table (3)


def test_entities_are_located_in_linear_time():
    n = 50_000
    doc = _within(20.0, _read, _page("<p>&#19968;</p>\n" * n))
    assert doc.text.count("一") == n


def test_many_attributes_on_one_element_stop_before_parsing():
    attrs = " ".join(f"a{i}=1" for i in range(200_000))
    with pytest.raises(ReaderError) as err:
        _within(5.0, _read, _page(f"<p {attrs}>正文</p>"))
    assert "1000" in str(err.value.args) or "max-html-attributes" in str(err.value.args)


def test_too_many_tags_is_a_clear_error():
    with pytest.raises(ReaderError) as err:
        html_reader.read("t.html", _page("<p>一</p>" * 200).encode(), Limits(max_html_elements=100))
    assert "limits.max-html-elements" in str(err.value.args)


def test_ordinary_attributes_are_fine():
    doc = _read(_page("<p class='a' id='b' style='c'>正文内容</p>"))
    assert "正文内容" in doc.text
