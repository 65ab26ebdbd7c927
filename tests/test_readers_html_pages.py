"""Saved web pages: the article is read, the site around it is not (navigation, breadcrumbs, menus, footer,
share bars, link lists, scripts, inline data, hidden blocks, Word's conditional comments); run-in headings;
source positions and the excerpt under a finding."""

from __future__ import annotations

import re

import pytest

from xxgk_lint.output import Context, full
from xxgk_lint.readers import read_path
from xxgk_lint.synth import SyntheticReport, render

from conftest import lint

CHROME_WORDS = [
    "当前位置",
    "网站首页",
    "机构概况",
    "版权所有",
    "分享到",
    "上一篇",
    "下一篇",
    "相关年报",
    "隐藏的旧稿",
    "window.pageData",
    "站点数据",
    "网站标识码",
    "主办单位",
    "无障碍",
    "往年年报",
    "WordDocument",
    "打印本页",
]


def _article(rep) -> str:
    body = render(rep, "html")
    return re.search(r"<body>\s*<div class=\"article\">(.*)</div>\s*</body>", body, re.S).group(1)


PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}_某县人民政府</title>
<script>window.pageData = {{"title": "站点数据", "list": ["一、总体情况"]}};</script>
<style>.menu li {{ float: left }}</style></head>
<body>
<div class="header"><div class="logo"><img src="logo.png" alt="某县人民政府"></div>
  <div class="top-links"><a href="/">网站首页</a> | <a href="/wza">无障碍</a> | <a href="/en">English</a></div></div>
<div class="menu"><ul><li><a href="/">网站首页</a></li><li><a href="/jggk">机构概况</a></li>
  <li><a href="/zwgk">政务公开</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="position">当前位置：<a href="/">网站首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/nb">政府信息公开年报</a></div>
<table width="1000"><tr>
<td width="220" valign="top"><div class="left"><h3>往年年报</h3><ul>
  <li><a href="/nb/2021">某县农业农村局2021年政府信息公开工作年度报告</a></li>
  <li><a href="/nb/2020">某县农业农村局2020年政府信息公开工作年度报告</a></li></ul>
  <div class="side-box">相关年报<a href="/a">甲</a><a href="/b">乙</a></div></div></td>
<td valign="top"><div class="content">
<div class="article-header"><h1>{title}</h1></div>
<div class="TRS_Editor"><!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View>一、总体情况</w:WordDocument></xml><![endif]-->
<!--[if gte mso 10]><style>table.MsoNormalTable {{ mso-style-name: 普通表格 }}</style><![endif]-->
{article}
<div style="display: none">隐藏的旧稿：一、总体情况 二、主动公开政府信息情况</div>
<p hidden>隐藏的旧稿</p><div class="hide">隐藏的旧稿</div><span style="visibility: hidden">隐藏的旧稿</span>
<xml id="meta"><item>站点数据</item></xml>
<script type="application/json">{{"note": "站点数据"}}</script>
</div>
<div class="bdsharebuttonbox">分享到：<a href="#" class="bds_weixin">微信</a><a href="#" class="bds_tsina">微博</a></div>
<div class="tools"><a href="javascript:print()">打印本页</a> <a href="javascript:close()">关闭窗口</a></div>
<div class="prevnext"><p>上一篇：<a href="/p">某县开展政务公开培训</a></p><p>下一篇：<a href="/n">某县召开工作会议</a></p></div>
</div></td></tr></table>
<div id="footer"><p>版权所有：某县人民政府办公室　主办单位：某县人民政府办公室</p><p>网站标识码：0000000000　某ICP备00000000号</p></div>
</body></html>
"""


def _page(rep) -> str:
    return PAGE.format(title=rep.title, article=_article(rep).replace(f"<h1>{rep.title}</h1>", ""))


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_saved_page_reads_as_the_article(edition):
    rep = SyntheticReport(edition=edition, seed=4)
    bare = read_path("a.html", data=render(rep, "html").encode("utf-8"))
    page = read_path("p.html", data=_page(rep).encode("utf-8"))
    for word in CHROME_WORDS:
        assert word not in page.text, word
    assert [p.text for p in page.paragraphs()] == [p.text for p in bare.paragraphs()]
    assert [[c.text for c in row] for t in page.tables() for row in t.rows] == [
        [c.text for c in row] for t in bare.tables() for row in t.rows
    ]
    assert [d.code for d in lint(_page(rep), "p.html").diagnostics] == []


def test_content_is_kept_whatever_its_container_is_called():
    """A class that names chrome does not hide the article itself, and a heading block stays."""
    rep = SyntheticReport(edition="2021", seed=4)
    article = _article(rep)
    page = f'<html><body><div class="main-footer-wrap"><div class="header"><h1>{rep.title}</h1></div>{article}</div></body></html>'
    doc = read_path("p.html", data=page.encode("utf-8"))
    assert doc.paragraphs().__next__().text == rep.title
    assert [d.code for d in lint(page, "p.html").diagnostics] == []


def test_links_in_the_article_stay():
    page = (
        '<html><body><p>本报告电子版可在<a href="http://www.example.gov.cn">本机关门户网站</a>查阅，'
        '咨询请登录<a href="http://www.example.gov.cn/hd">互动平台</a>留言。</p>'
        '<ul><li><a href="/a">甲页</a></li><li><a href="/b">乙页</a></li></ul></body></html>'
    )
    page = page.replace(
        "</body>",
        '<p>网址：<a href="http://www.example.gov.cn">www.example.gov.cn</a> '
        '邮箱：<a href="mailto:gk@example.gov.cn">gk@example.gov.cn</a></p></body>',
    )
    texts = [p.text for p in read_path("p.html", data=page.encode("utf-8")).paragraphs()]
    assert texts == [
        "本报告电子版可在本机关门户网站查阅，咨询请登录互动平台留言。",
        "网址：www.example.gov.cn 邮箱：gk@example.gov.cn",
    ]


def test_comments_and_word_conditional_comments():
    page = (
        '<html><body><p class="MsoNormal"><![if !supportLists]><span>一、<span style="font:7.0pt">&nbsp;</span>'
        "</span><![endif]>总体情况</p><!--[if gte mso 9]><xml><w:WordDocument>藏</w:WordDocument></xml><![endif]-->"
        "<p>前文<!-- 注释 -->后文<!--[if !mso]><!-->可见<!--<![endif]--></p>"
        '<p><span style="display:none;mso-hide:all">藏</span>正文</p></body></html>'
    )
    texts = [p.text for p in read_path("p.html", data=page.encode("utf-8")).paragraphs()]
    assert texts == ["一、 总体情况", "前文后文可见", "正文"]


# -- run-in headings ----------------------------------------------------------------------------------
def _run_in(rep, numbers="一五六", tag="strong") -> str:
    h = render(rep, "html")
    for n in numbers:
        h = re.sub(rf"<h2>({n}、[^<]*)</h2>\s*<p>", rf"<p><{tag}>\1</{tag}>", h)
    return h


@pytest.mark.parametrize("edition", ["2019", "2021"])
@pytest.mark.parametrize("tag", ["strong", "b", "span"])
def test_run_in_headings_are_headings(edition, tag):
    rep = SyntheticReport(edition=edition, seed=6)
    page = _run_in(rep, tag=tag)
    assert page.count(f"<{tag}>五、") == 1
    result = lint(page, "r.html")
    assert [d.code for d in result.diagnostics] == []
    s5 = result.report.section("s5")
    assert result.report.text(s5.heading.span) == "五、存在的主要问题及改进情况"
    assert s5.paragraphs and not s5.paragraphs[0].text.startswith("五")


def test_run_in_heading_in_plain_text_and_word():
    rep = SyntheticReport(edition="2021", seed=6)
    txt = render(rep, "txt")
    txt = re.sub(r"(五、存在的主要问题及改进情况)\s*\n", r"\1", txt)
    txt = re.sub(r"(六、其他需要报告的事项)\s*\n", r"\1：", txt)
    assert "五、存在的主要问题及改进情况\n" not in txt and "六、其他需要报告的事项：" in txt
    assert [d.code for d in lint(txt, "r.txt").diagnostics] == []
    # the same in a Word file: the heading is a bold run at the start of the paragraph
    import io
    import zipfile

    data = render(rep, "docx")
    zin = zipfile.ZipFile(io.BytesIO(data))
    xml = zin.read("word/document.xml").decode("utf-8")
    xml, n = re.subn(
        r'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r>(<w:t>五、[^<]*</w:t>)</w:r></w:p><w:p>',
        r"<w:p><w:r><w:rPr><w:b/></w:rPr>\1</w:r>",
        xml,
    )
    assert n == 1
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, xml.encode("utf-8") if info.filename == "word/document.xml" else zin.read(info))
    doc = read_path("r.docx", data=out.getvalue())
    assert any(p.text.startswith("五、存在的主要问题及改进情况本年度") for p in doc.paragraphs())
    assert [d.code for d in lint(out.getvalue(), "r.docx").diagnostics] == []


@pytest.mark.parametrize(
    "sentence",
    [
        "一、加强组织领导，明确责任分工，把政务公开纳入年度重点工作。",
        "一、总体情况良好，全年未发生泄密事件。",
        "二、主动公开政府信息情况的统计口径与上年一致，均按发文日期统计。",
        "三、收到和处理政府信息公开申请情况及时在平台公布。",
        "四、是本年度重点推进的工作。",
    ],
)
def test_ordinary_sentences_are_not_headings(sentence):
    from xxgk_lint import templates
    from xxgk_lint.document import Paragraph, Span
    from xxgk_lint.recognise.sections import run_in_heading

    assert run_in_heading(Paragraph(sentence, Span(0, len(sentence))), templates.load("2021")) is None


def test_run_in_split_only_with_the_sections_own_number():
    from xxgk_lint import templates
    from xxgk_lint.document import Paragraph, Span
    from xxgk_lint.recognise.sections import run_in_heading

    t = templates.load("2021")
    text = "五、存在的主要问题及改进情况2023年，本单位还存在不足。"
    assert run_in_heading(Paragraph(text, Span(0, len(text))), t) == len("五、存在的主要问题及改进情况")
    wrong = "二、存在的主要问题及改进情况2023年，本单位还存在不足。"
    assert run_in_heading(Paragraph(wrong, Span(0, len(wrong))), t) is None


@pytest.mark.parametrize(
    "text,head",
    [
        ("五、存在的主要问题及改进措施2023年，本单位还存在不足。", "五、存在的主要问题及改进措施"),
        ("五、存在的主要问题和改进情况（一）存在的问题", "五、存在的主要问题和改进情况"),
        ("六、其他需要报告的事项无。", "六、其他需要报告的事项"),
        ("六、其他需要报告的事项：本机关本年度未收取信息处理费。", "六、其他需要报告的事项"),
        ("五、存在的问题较多，本年度将改进。", None),
    ],
)
def test_worded_titles_split_only_before_a_first_sentence(text, head):
    from xxgk_lint import templates
    from xxgk_lint.document import Paragraph, Span
    from xxgk_lint.recognise.sections import run_in_heading

    k = run_in_heading(Paragraph(text, Span(0, len(text))), templates.load("2021"))
    assert (text[:k] if k is not None else None) == head


# -- positions and excerpts ---------------------------------------------------------------------------
def _faulty(rep, one_line=False) -> str:
    h = render(rep, "html").replace("（三）不予公开", "（三）不子公开", 1)
    return h.replace("\n", " ") if one_line else h


def _finding(page: str):
    result = lint(page, "r.html")
    (d,) = [d for d in result.diagnostics if d.code == "T206"]
    return result, d


@pytest.mark.parametrize("one_line", [False, True])
def test_excerpt_shows_the_source_line_and_column(one_line):
    rep = SyntheticReport(edition="2021", seed=1)
    page = _faulty(rep, one_line)
    result, d = _finding(page)
    src_line = page.splitlines()[d.location.line - 1]
    at = d.location.column - 1
    assert src_line[at : at + len("（三）不子公开")] == "（三）不子公开"
    lines = full.diagnostic(d, result.document, Context(lang="zh", color=False, rules={}))
    code_line = next(x for x in lines if re.match(rf"\s*{d.location.line} \|", x))
    caret = lines[lines.index(code_line) + 1]
    assert "（三）不子公开" in code_line
    bar = code_line.index("|")
    from xxgk_lint.output.style import width

    shown = code_line[bar + 2 :]
    caret_at = caret.index("^") - (bar + 2)
    assert width(shown[: shown.index("（三）不子公开")]) == caret_at


def test_cached_and_worker_results_keep_the_source_line():
    rep = SyntheticReport(edition="2021", seed=1)
    result, d = _finding(_faulty(rep, one_line=True))
    light = result.light()
    assert "（三）不子公开" in light.document.line_text(d.location.line)


def test_positions_inside_text_nodes_follow_the_source():
    page = (
        "<html><body>\n<p>第一行文字，\n      第二行&ldquo;三安全&rdquo;&nbsp;错字在此。</p>\n"
        "<table><tr><td>甲</td><td>&nbsp;</td><td>\n  乙</td></tr></table></body></html>"
    )
    doc = read_path("p.html", data=page.encode("utf-8"))
    src = page.splitlines()

    def at(text: str, needle: str):
        k = doc.text.index(needle)
        from xxgk_lint.document import Span

        loc = doc.locate(Span(k, k + len(needle)))
        return src[loc.line - 1][loc.column - 1 : loc.column - 1 + len(needle)]

    assert at(doc.text, "第二行") == "第二行"
    assert at(doc.text, "错字在此") == "错字在此"
    assert at(doc.text, "三安全") == "三安全"
    assert at(doc.text, "乙") == "乙"
    empty = list(doc.tables())[0].rows[0][1]
    loc = doc.locate(empty.span)
    assert src[loc.line - 1][loc.column - 1 :].startswith("<td>&nbsp;")
