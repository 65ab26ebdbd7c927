"""Word automatic numbering: the "一、" / "（一）" that numbering.xml gives a paragraph is part of its text."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from xxgk_lint.readers import read_path
from xxgk_lint.readers.wordnum import format_number
from xxgk_lint.synth import SyntheticReport

from conftest import lint, rendered

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _lvl(ilvl, fmt, text, start=1, extra=""):
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def _numbering(abstracts: dict[int, str], nums: dict[int, tuple[int, str]]) -> str:
    body = "".join(f'<w:abstractNum w:abstractNumId="{a}">{lv}</w:abstractNum>' for a, lv in abstracts.items())
    body += "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="{a}"/>{ov}</w:num>' for n, (a, ov) in nums.items())
    return f'<?xml version="1.0"?><w:numbering xmlns:w="{W_NS}" xmlns:mc="{MC_NS}">{body}</w:numbering>'


def _package(body_xml: str, numbering_xml: str | None, styles_xml: str | None = None, rels: bool = True) -> bytes:
    doc = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" xmlns:mc="{MC_NS}">'
        f"<w:body>{body_xml}</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        z.writestr("word/document.xml", doc)
        if numbering_xml is not None:
            z.writestr("word/numbering.xml", numbering_xml)
        if styles_xml:
            z.writestr("word/styles.xml", styles_xml)
    return buf.getvalue()


def _p(text: str, num: int | None = None, ilvl: int | None = 0, style: str | None = None) -> str:
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        ppr += (
            "<w:numPr>"
            + (f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else "")
            + f'<w:numId w:val="{num}"/></w:numPr>'
        )
    return f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"


def _texts(data: bytes) -> list[str]:
    return [p.text for p in read_path("r.docx", data=data).paragraphs()]


@pytest.mark.parametrize(
    "fmt,values",
    [
        (
            "chineseCounting",
            {
                1: "一",
                9: "九",
                10: "十",
                11: "十一",
                20: "二十",
                21: "二十一",
                100: "一百",
                101: "一百零一",
                110: "一百一十",
            },
        ),
        ("chineseCountingThousand", {1: "一", 10: "十", 15: "十五", 1000: "一千", 1010: "一千零一十"}),
        ("japaneseCounting", {3: "三", 12: "十二"}),
        ("ideographTraditional", {1: "甲", 2: "乙", 10: "癸", 11: "甲"}),
        ("ideographZodiac", {1: "子", 12: "亥"}),
        ("chineseLegalSimplified", {1: "壹", 10: "壹拾", 12: "壹拾贰"}),
        ("decimalEnclosedCircle", {1: "①", 10: "⑩", 20: "⑳", 21: "㉑"}),
        ("decimalEnclosedCircleChinese", {3: "③"}),
        ("decimalFullWidth", {7: "７", 12: "１２"}),
        ("decimalEnclosedParen", {2: "⑵"}),
        ("decimalEnclosedFullstop", {2: "⒉"}),
        ("decimal", {12: "12"}),
        ("decimalZero", {3: "03", 12: "12"}),
        ("upperRoman", {4: "IV", 9: "IX"}),
        ("lowerLetter", {1: "a", 27: "aa", 10**9: str(10**9)}),
        ("chineseCounting", {10**9: str(10**9), 0: "〇"}),
        ("none", {1: ""}),
        ("somethingNew", {5: "5"}),
    ],
)
def test_formats(fmt, values):
    for n, want in values.items():
        assert format_number(n, fmt) == want, (fmt, n)


def test_levels_counters_and_restarts():
    numbering = _numbering(
        {
            0: _lvl(0, "chineseCounting", "%1、")
            + _lvl(1, "chineseCounting", "（%2）")
            + _lvl(2, "decimal", "%3.")
            + _lvl(3, "decimal", "%1.%2.%3.%4", extra="<w:isLgl/>")
        },
        {1: (0, "")},
    )
    body = "".join(
        [
            _p("总体情况", 1, 0),
            _p("主动公开", 1, 1),
            _p("第一项", 1, 2),
            _p("第二项", 1, 2),
            _p("依申请公开", 1, 1),
            _p("第一项", 1, 2),
            _p("深一层", 1, 3),
            _p("主动公开政府信息情况", 1, 0),
            _p("新的一组", 1, 1),
            _p("不编号"),
            _p("", 1, 0),
            _p("存在的问题", 1, 0),
        ]
    )
    assert _texts(_package(body, numbering)) == [
        "一、总体情况",
        "（一）主动公开",
        "1.第一项",
        "2.第二项",
        "（二）依申请公开",
        "1.第一项",
        "1.2.1.1深一层",
        "二、主动公开政府信息情况",
        "（一）新的一组",
        "不编号",
        "四、存在的问题",
    ]  # the empty paragraph counted 三


def test_instances_share_counters_unless_start_is_overridden():
    numbering = _numbering(
        {0: _lvl(0, "chineseCounting", "%1、")},
        {
            1: (0, ""),
            2: (0, ""),
            3: (0, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
            4: (
                0,
                '<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="5"/>'
                '<w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%1"/></w:lvl></w:lvlOverride>',
            ),
        },
    )
    body = _p("甲", 1) + _p("乙", 2) + _p("丙", 3) + _p("丁", 3) + _p("戊", 4) + _p("己", 4)
    assert _texts(_package(body, numbering)) == ["一、甲", "二、乙", "一、丙", "二、丁", "⑤戊", "⑥己"]


def test_styles_carry_numbering_and_lvlrestart():
    styles = (
        f'<w:styles xmlns:w="{W_NS}">'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="H2b"><w:name w:val="my heading"/><w:basedOn w:val="H2"/></w:style>'
        "</w:styles>"
    )
    numbering = _numbering(
        {
            3: _lvl(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="H1"/>')
            + _lvl(1, "chineseCounting", "（%2）", extra='<w:lvlRestart w:val="0"/>')
        },
        {7: (3, "")},
    )
    body = (
        _p("甲", style="H1")
        + _p("乙", style="H2")
        + _p("丙", style="H1")
        + _p("丁", style="H2b")
        + _p("不编号", 0, style="H1")
    )  # numId 0 switches the style's numbering off
    texts = _texts(_package(body, numbering, styles))
    assert texts == ["一、甲", "（一）乙", "二、丙", "（二）丁", "不编号"]  # lvlRestart 0: never restarted


def test_bullets_suffix_and_custom_formats():
    custom = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14">'
        '<w:numFmt w:val="custom" w:format="01, 02, 03, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimalZero"/>'
        '</mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1"/><w:suff w:val="space"/></w:lvl>'
    )
    numbering = _numbering(
        {0: _lvl(0, "bullet", "\u25cf"), 1: custom, 2: _lvl(0, "decimal", "%1.")}, {1: (0, ""), 2: (1, ""), 3: (2, "")}
    )
    texts = _texts(_package(_p("要点", 1) + _p("Item", 2) + _p("第一", 3) + _p("Word", 3), numbering))
    assert texts == ["要点", "01 Item", "1.第一", "2. Word"]


def test_numbering_in_table_cells_and_spans_map_to_the_paragraph():
    numbering = _numbering({0: _lvl(0, "chineseCounting", "（%1）")}, {1: (0, "")})
    cell = f"<w:tc>{_p('予以公开', 1)}</w:tc><w:tc>{_p('5')}</w:tc>"
    body = (
        _p("前言")
        + f"<w:tbl><w:tr>{cell}</w:tr><w:tr><w:tc>{_p('部分公开', 1)}</w:tc><w:tc>{_p('0')}</w:tc></w:tr></w:tbl>"
    )
    doc = read_path("r.docx", data=_package(body, numbering))
    table = list(doc.tables())[0]
    assert [c.text for c in table.rows[0]] == ["（一）予以公开", "5"]
    assert table.rows[1][0].text == "（二）部分公开"
    g = doc.generated[0]
    assert doc.text[g.start : g.end] == "（一）"
    loc = doc.locate(g)
    assert (loc.table, loc.row, loc.col) == (1, 1, 1)


def test_broken_numbering_part_numbers_nothing():
    texts = _texts(_package(_p("总体情况", 1), "<w:numbering"))
    assert texts == ["总体情况"]
    assert _texts(_package(_p("总体情况", 9), _numbering({}, {}))) == ["总体情况"]  # unknown list


def _numbered_report(edition="2021") -> tuple[bytes, SyntheticReport]:
    """The synthetic report as a Word file whose six headings and （一）… sub-headings come from numbering."""
    rep = SyntheticReport(edition=edition, seed=2)
    data = rendered(rep, "docx")
    zin = zipfile.ZipFile(io.BytesIO(data))
    xml = zin.read("word/document.xml").decode("utf-8")
    heads = re.compile(
        r'(<w:p>)(<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>)(<w:r>(?:<w:rPr>[^<]*(?:<[^/][^>]*/>)*</w:rPr>)?<w:t>)'
        r"([一二三四五六])、"
    )
    n = 0

    def strip(m):
        nonlocal n
        n += 1
        ppr = '<w:pPr><w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr></w:pPr>'
        return f"{m.group(1)}{ppr}{m.group(3)}"

    xml = heads.sub(strip, xml)
    assert n == 6
    numbering = zin.read("word/numbering.xml").decode("utf-8")
    extra = (
        _lvl(0, "chineseCounting", "%1、").join(['<w:abstractNum w:abstractNumId="90">', "</w:abstractNum>"])
        + '<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
    )
    # abstractNum elements must come before num elements
    first_num = numbering.index("<w:num ")
    numbering = (
        numbering[:first_num]
        + extra.split("<w:num ")[0]
        + numbering[first_num:].replace("</w:numbering>", "<w:num " + extra.split("<w:num ")[1] + "</w:numbering>")
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            payload = zin.read(info)
            if info.filename == "word/document.xml":
                payload = xml.encode("utf-8")
            elif info.filename == "word/numbering.xml":
                payload = numbering.encode("utf-8")
            zout.writestr(info, payload)
    return out.getvalue(), rep


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_report_with_numbered_headings_has_its_six_sections(edition):
    data, rep = _numbered_report(edition)
    heads = [p.text for p in read_path("r.docx", data=data).paragraphs() if p.heading_level == 1][1:]
    assert heads == [f"{s.number}、{s.title}" for s in rep.template.sections]
    result = lint(data, "r.docx")
    found = {d.code for d in result.diagnostics}
    assert not found & {"S101", "S105"}, sorted(found)
    assert len(result.report.sections) == 6


def test_without_numbering_the_same_file_misses_its_headings():
    """The control: the very same file with its numbering part removed gets S101 (so the test above can fail)."""
    data, _ = _numbered_report()
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            if info.filename != "word/numbering.xml":
                zout.writestr(info, zin.read(info))
    assert "S101" in {d.code for d in lint(out.getvalue(), "r.docx").diagnostics}


def test_fixes_never_edit_generated_numbers():
    from xxgk_lint.diagnostics import Diagnostic, Edit, Fix, Severity
    from xxgk_lint.document import Span
    from xxgk_lint.runner import Linter, Settings

    data, _ = _numbered_report()
    result = lint(data, "r.docx")
    doc = result.document
    gen = doc.generated
    assert len(gen) == 6 and [doc.text[g.start : g.end] for g in gen][:2] == ["一、", "二、"]
    linter = Linter(Settings())

    def stamped(span):
        d = Diagnostic("S103", "x", Severity.WARNING, {"zh": "x", "en": "x"}, span=span, fix=Fix((Edit(span, "一，"),)))
        return linter.stamp(d, "r.docx", doc).fix

    assert stamped(Span(gen[0].start, gen[0].end)) is None  # on the generated number: dropped
    assert stamped(Span(gen[0].start, gen[0].start)) is None  # an insertion before it: dropped too
    after = Span(gen[0].end, gen[0].end + 2)  # the heading's own text: kept
    assert stamped(after) is not None


def test_wps_style_numbering_xml():
    """WPS writes the same numbering XML, with its own extra attributes and elements around it."""
    numbering = (
        f'<?xml version="1.0"?><w:numbering xmlns:w="{W_NS}" xmlns:wpsCustomData="http://www.wps.cn/officeDocument/2013/wpsCustomData">'
        '<w:abstractNum w:abstractNumId="5"><w:nsid w:val="4A1B2C3D"/><w:multiLevelType w:val="singleLevel"/>'
        '<w:tmpl w:val="0A1B2C3D"/><w:lvl w:ilvl="0" w:tentative="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr><w:rPr><w:rFonts w:hint="default"/></w:rPr></w:lvl>'
        '</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="5"/></w:num></w:numbering>'
    )
    body = "".join(_p(t, 3, None) for t in ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况"))
    assert _texts(_package(body, numbering)) == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
    ]


def test_lists_defined_through_a_numbering_style():
    """w:numStyleLink: the list instance's abstract list only points at a numbering style, whose own
    abstract list (w:styleLink) holds the levels."""
    styles = (
        f'<w:styles xmlns:w="{W_NS}"><w:style w:type="numbering" w:styleId="CnList"><w:name w:val="中文编号"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>'
    )
    numbering = (
        f'<?xml version="1.0"?><w:numbering xmlns:w="{W_NS}">'
        '<w:abstractNum w:abstractNumId="0"><w:styleLink w:val="CnList"/>'
        + _lvl(0, "chineseCounting", "%1、")
        + _lvl(1, "chineseCounting", "（%2）")
        + "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="CnList"/></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )
    body = _p("总体情况", 2, 0) + _p("主动公开", 2, 1) + _p("主动公开政府信息情况", 2, 0)
    assert _texts(_package(body, numbering, styles)) == ["一、总体情况", "（一）主动公开", "二、主动公开政府信息情况"]
