"""The HTML reader: charset, blocks, ignored elements, tables, positions in the HTML source."""

from __future__ import annotations

import re

import pytest

from xxgk_lint.readers import Limits, read_path
from xxgk_lint.readers.html import decode_html
from xxgk_lint.synth import SyntheticReport, render

from conftest import lint

PAGE = """<!DOCTYPE html>
<html><head>{meta}<title>标题栏</title>
<script>var s = "一、总体情况";</script><style>p {{ color: red }}</style></head>
<body><nav>首页 &gt; 政务公开</nav><header>某县人民政府网站</header>
<!-- xxgk-lint: disable=S104 -->
<h1>某县2022年政府信息公开工作年度报告</h1>
<p>第一行<br>第二行&nbsp;&nbsp;续写<b>加粗</b>结尾</p>
<div>块<span>内联</span></div>
<h2>一、总体情况</h2>
<footer>版权所有</footer></body></html>
"""


def _read(html: str | bytes, name: str = "p.html", **kw):
    data = html.encode("utf-8") if isinstance(html, str) else html
    return read_path(name, data=data, limits=Limits(**kw) if kw else None)


def test_blocks_and_ignored_elements():
    doc = _read(PAGE.format(meta='<meta charset="utf-8">'))
    assert [(p.text, p.heading_level) for p in doc.paragraphs()] == [
        ("某县2022年政府信息公开工作年度报告", 1),
        ("第一行", None),
        ("第二行 续写加粗结尾", None),
        ("块内联", None),
        ("一、总体情况", 2),
    ]
    assert "首页" not in doc.text and "var s" not in doc.text and "版权" not in doc.text and "标题栏" not in doc.text
    assert "<!-- xxgk-lint: disable=S104 -->" in doc.source_text
    assert doc.format == "html"


@pytest.mark.parametrize(
    "meta,encoding,expect",
    [
        ("", "gbk", "gb18030"),  # GBK served without any meta tag
        ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gbk", "gb18030"),
        ('<meta charset="gbk">', "utf-8", "utf-8"),  # the meta tag lies: the bytes are UTF-8
        ('<meta charset="utf-8">', "gb18030", "gb18030"),  # the meta tag lies the other way
        ('<meta charset="big5">', "big5", "big5"),
    ],
)
def test_charset(meta, encoding, expect):
    page = PAGE.format(meta=meta)
    if encoding == "big5":
        page = f"<html><head>{meta}</head><body><p>一、總體情況</p></body></html>"
    doc = _read(page.encode(encoding))
    assert doc.encoding == expect
    assert any("情况" in p.text or "情況" in p.text for p in doc.paragraphs())


def test_bom_wins():
    doc = _read(b"\xef\xbb\xbf" + PAGE.format(meta='<meta charset="gbk">').encode("utf-8"))
    assert doc.encoding == "utf-8" and doc.bom


def test_decode_html_unknown_encoding_is_e001():
    from xxgk_lint.readers import ReaderError

    with pytest.raises(ReaderError):
        decode_html(b"\x81\x20\xff\xfe\x81\x20" * 10)


def test_xml_declaration_and_xhtml():
    doc = _read(
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        "<p>一、总体情况</p></body></html>",
        "p.xhtml",
    )
    assert [p.text for p in doc.paragraphs()] == ["一、总体情况"]


def test_positions_are_html_source_lines_and_columns():
    rep = SyntheticReport(edition="2021")
    rep.relabel("（三）不予公开", "（三）不子公开")
    html = render(rep, "html")
    result = lint(html, "r.html")
    (d,) = [d for d in result.diagnostics if d.code == "T206"]
    line = html.splitlines()[d.location.line - 1]
    # the finding covers the whole label as written, group number included
    assert line[d.location.column - 1 :].startswith("（三）不子公开</td>")
    assert (d.location.table, d.location.col) == (2, 2)
    # a paragraph position, too
    doc = result.document
    heading = next(p for p in doc.paragraphs() if p.text == "三、收到和处理政府信息公开申请情况")
    loc = doc.locate(heading.span)
    assert html.splitlines()[loc.line - 1][loc.column - 1 :].startswith("三、收到和处理")


def test_layout_table_around_the_report_is_read_through():
    rep = SyntheticReport(edition="2021", seed=4)
    html = render(rep, "html")
    body = html[html.index("<body>") + 6 : html.index("</body>")]
    wrapped = (
        '<html><head><meta charset="utf-8"></head><body><table width="100%"><tr><td>导航</td></tr>'
        f"<tr><td>{body}</td></tr></table></body></html>"
    )
    assert lint(wrapped, "w.html").diagnostics == []


def test_depth_beyond_the_limit_is_flattened_to_text():
    html = (
        "<html><body>" + "<div>" * 120 + "<p>深处的文字</p><p>第二段</p>" + "</div>" * 120 + "<p>之后</p></body></html>"
    )
    doc = _read(html, max_html_depth=50)
    texts = [p.text for p in doc.paragraphs()]
    assert any("深处的文字" in t for t in texts) and texts[-1] == "之后"


def test_rowspan_colspan_grid_and_broken_attributes():
    html = (
        '<table><tr><td rowspan="2">甲</td><td colspan="2">乙</td></tr>'
        '<tr><td>1</td><td colspan="abc">2</td></tr>'
        '<tr><td rowspan="99999">3</td><td>4</td><td>5</td></tr></table>'
    )
    doc = _read(html)
    (t,) = list(doc.tables())
    assert [(c.text, c.rowspan, c.colspan, c.merged) for c in t.rows[0]] == [
        ("甲", 2, 1, False),
        ("乙", 1, 2, False),
        ("", 1, 1, True),
    ]
    assert [(c.text, c.merged) for c in t.rows[1]] == [("", True), ("1", False), ("2", False)]
    assert [c.text for c in t.rows[2]] == ["3", "4", "5"] and t.rows[2][0].rowspan == 1


def test_nested_table_in_a_data_cell_is_flattened():
    html = (
        "<table><tr><td>规章</td><td>1</td><td>2</td></tr>"
        "<tr><td>行政规范性文件<table><tr><td>注</td><td>见附件</td></tr></table></td><td>3</td><td>4</td></tr></table>"
    )
    (t,) = list(_read(html).tables())
    assert t.rows[1][0].text == "行政规范性文件注见附件"
    assert re.sub(r"\s", "", t.rows[1][0].text) == "行政规范性文件注见附件"


def test_paragraphs_inside_a_cell_join_like_a_browser_shows_them():
    html = (
        "<table><tr><td><p>本年新</p>\n <p>制作数量</p></td><td>12<br>万元</td><td>ab<br/>cd</td>"
        "<td>\n  x&nbsp;</td></tr></table>"
    )
    (t,) = list(_read(html).tables())
    assert [c.text for c in t.rows[0]] == ["本年新制作数量", "12万元", "ab cd", "x"]


def test_text_after_a_comment_is_kept():
    doc = _read("<p>前<!-- 注释 -->后<b>粗</b>尾</p><table><tr><td><!--k-->规章</td><td>1</td></tr></table>")
    assert doc.text == "前后粗尾\n规章\t1\n"


def test_inline_suppression_comment_in_a_table_cell():
    rep = SyntheticReport(edition="2021")
    rep.relabel("（三）不予公开", "（三）不子公开")
    html = render(rep, "html")
    assert [d.code for d in lint(html, "r.html").diagnostics] == ["T206"]
    quiet = html.replace(
        '<td rowspan="8">（三）不子公开', '<td rowspan="8"><!-- xxgk-lint: disable-line=T206 -->（三）不子公开'
    )
    assert quiet != html and lint(quiet, "r.html").diagnostics == []
