"""``--format html``: a self-contained page with the report as read, every finding highlighted at its
place (cell, label, sentence), grouped cards, filters, an overview for several reports; all text escaped."""

from __future__ import annotations

import lxml.html
import pytest

from xxgk_lint import output
from xxgk_lint.output import html as page_html
from xxgk_lint.runner import FileResult

from conftest import lint, rendered


def _ctx(**kw):
    from xxgk_lint.registry import load_rules

    kw.setdefault("files", 1)
    return output.Context(rules=load_rules(), **kw)


def _faulty(fmt: str = "docx", blanks: int = 8, agency: str = "某县农业农村局", year: int = 2023, name=None):
    from xxgk_lint.synth import SyntheticReport

    rep = SyntheticReport(edition="2021", year=year, seed=3, agency=agency)
    for row in rep.template.table("t3").row_ids[:blanks]:
        rep.set("t3", row, "research", "")
    rep.relabel("行政规范性文件", "行政规范姓文件")
    return lint(rendered(rep, fmt), name or f"faulty.{fmt}")  # rendered once per session


def _tree(results, **kw):
    text = page_html.render(results, _ctx(**kw))
    return text, lxml.html.fromstring(text)


def _marks_of(tree, card_id):
    return [m for m in tree.xpath("//mark") if card_id in (m.get("data-f") or "").split()]


@pytest.mark.parametrize("fmt", ["docx", "txt"])
def test_blank_cells_are_highlighted_in_the_table_and_grouped_in_one_card(fmt):
    result = _faulty(fmt)
    text, tree = _tree([result])
    cards = tree.xpath('//li[contains(@class,"finding")]')
    t204 = [c for c in cards if c.get("data-rule") == "T204"]
    assert len(t204) == 1  # 8 findings, one grouped card listing them
    assert "共 8 处" in t204[0].text_content()
    assert len(t204[0].xpath('.//details[contains(@class,"members")]//li')) == 8
    marks = _marks_of(tree, t204[0].get("id"))
    assert len(marks) == 8
    cells = [m.getparent() for m in marks]
    assert all(c.tag == "td" and "hl-cell" in c.get("class") for c in cells)
    assert all(c.text_content().strip() == "" for c in cells)  # the blank cells themselves
    # every one sits in the 科研机构 column: the same column on eight consecutive rows of one table
    assert len({c.get("data-col") for c in cells}) == 1
    rows = sorted(int(c.get("data-row")) for c in cells)
    assert rows == list(range(rows[0], rows[0] + 8))
    header = cells[0].getparent().getparent()
    assert header.tag == "table"


def test_the_label_typo_is_marked_on_the_label_itself():
    result = _faulty("docx")
    _, tree = _tree([result])
    card = next(c for c in tree.xpath('//li[contains(@class,"finding")]') if c.get("data-rule") == "T206")
    marks = _marks_of(tree, card.get("id"))
    assert [m.text_content() for m in marks] == ["行政规范姓文件"]
    assert "建议" in card.text_content() and "依据" in card.text_content()
    assert card.xpath(".//del")[0].text_content() == "行政规范姓文件"
    assert card.xpath(".//ins")[0].text_content() == "行政规范性文件"


def test_a_sentence_finding_is_marked_in_its_paragraph():
    from xxgk_lint.rules.common import example_report

    text = example_report("2021").replace(
        "四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政复议、行政诉讼情况。", 1
    )
    result = lint(text, "s.txt")
    d = next(d for d in result.diagnostics if d.code == "S103")
    _, tree = _tree([result])
    card = next(c for c in tree.xpath('//li[contains(@class,"finding")]') if c.get("data-rule") == "S103")
    marks = _marks_of(tree, card.get("id"))
    assert [m.text_content() for m in marks] == [result.document.text[d.span.start : d.span.end]]
    assert marks[0].getparent().get("class") == "para"


def test_merged_cells_keep_their_spans():
    _, tree = _tree([_faulty("docx")])
    assert tree.xpath("//table[contains(@class,'src')]//td[@rowspan]")
    assert tree.xpath("//table[contains(@class,'src')]//td[@colspan]")


def test_the_page_is_self_contained():
    text, tree = _tree([_faulty("docx")])
    assert not tree.xpath("//link|//script[@src]|//img|//iframe")
    assert "default-src 'none'" in tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    for attr in tree.xpath("//@href|//@src|//@action"):
        assert not attr.startswith(("http:", "https:", "//")), attr
    assert tree.xpath("//style") and tree.xpath("//script")


def test_report_text_and_file_names_are_escaped():
    from xxgk_lint.rules.common import example_report

    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    text = example_report("2021").replace("行政规范性文件", "行政规范姓文件" + evil, 1)
    result = lint(text, f'a"><svg onload=alert(1)>{evil}.txt')
    page = page_html.render([result], _ctx())
    assert evil not in page and "<svg onload" not in page and "<img" not in page
    assert page.count("<script>") == 1  # ours only
    tree = lxml.html.fromstring(page)
    assert tree.xpath("//h2")[0].text_content().startswith('a"><svg onload=alert(1)>')
    assert not [e for e in tree.iter() if isinstance(e.tag, str) and any(k.startswith("on") for k in e.attrib)]


def test_filters_list_severities_and_rules_with_counts():
    _, tree = _tree([_faulty("docx")])
    values = tree.xpath("//select[@id='f-rule']/option/@value")
    assert values[0] == "" and "T204" in values and "T206" in values
    assert tree.xpath("//input[@class='f-sev']/@value") == ["error", "warning", "info"]
    assert "(9)" in tree.xpath("//label[contains(@class,'sev-warning')]")[0].text_content()


def test_several_reports_get_an_overview_and_a_chart():
    a = _faulty("docx", agency="某县农业农村局", year=2023, name="a.docx")
    b = _faulty("txt", blanks=0, agency="某县交通运输局", year=2022, name="b.txt")
    _, tree = _tree([a, b], files=2)
    ov = tree.xpath("//table[contains(@class,'overview')]")[0]
    text = ov.text_content()
    assert "某县农业农村局" in text and "某县交通运输局" in text and "2023" in text and "2022" in text
    assert ov.xpath(".//a[@href='#r0']") and ov.xpath(".//a[@href='#r1']")
    bars = tree.xpath("//svg[contains(@class,'chart')]//*[local-name()='g']")
    assert {g.xpath("./*[local-name()='title']")[0].text.split()[0] for g in bars} >= {"T204", "T206"}
    assert len(tree.xpath("//section[contains(@class,'report')]")) == 2
    # one report only: no overview
    _, one = _tree([a])
    assert not one.xpath("//table[contains(@class,'overview')]")


def test_english_page():
    _, tree = _tree([_faulty("docx")], lang="en")
    assert tree.get("lang") == "en"
    card = next(c for c in tree.xpath('//li[contains(@class,"finding")]') if c.get("data-rule") == "T204")
    assert "8 findings" in card.text_content() and "what to do" in card.text_content()


def test_unreadable_and_missing_files_do_not_break_the_page(tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip")
    from xxgk_lint.runner import Linter, Settings

    r = Linter(Settings()).lint_file(str(bad))
    assert [d.code for d in r.diagnostics] == ["E001"]
    _, tree = _tree([r, FileResult(str(tmp_path / "gone.txt"))], files=2)
    assert "E001" in tree.xpath("//li[contains(@class,'finding')]/@data-rule")
    assert len(tree.xpath("//p[@class='unreadable']")) == 2


def test_cli_format_html_from_the_cache_reads_the_document_again(run_cli, tmp_path):
    from xxgk_lint.synth import SyntheticReport, render

    rep = SyntheticReport(edition="2021", year=2023, seed=3)
    rep.relabel("行政规范性文件", "行政规范姓文件")
    f = tmp_path / "r.txt"
    f.write_text(render(rep, "txt"), encoding="utf-8")
    for _ in range(2):  # the second run takes light results from the cache
        out = tmp_path / "out.html"
        r = run_cli(
            "check", str(f), "--isolated", "--format", "html", "-o", str(out), "--cache-dir", str(tmp_path / "cache")
        )
        assert r.exit_code == 0, r.output  # a warning only
        tree = lxml.html.fromstring(out.read_text(encoding="utf-8"))
        assert [m.text_content() for m in tree.xpath("//mark")] == ["行政规范姓文件"]


def test_each_listed_cell_of_a_group_links_to_its_mark():
    _, tree = _tree([_faulty("docx")])
    card = next(c for c in tree.xpath('//li[contains(@class,"finding")]') if c.get("data-rule") == "T204")
    links = card.xpath('.//a[@class="jump"]/@href')
    assert len(links) == 8 and len(set(links)) == 8
    for href in links:
        mark = tree.get_element_by_id(href[1:])
        assert mark.tag == "mark" and card.get("id") in mark.get("data-f").split()
    # the eight "write 0" edits are one line, counted
    assert [li.text_content() for li in card.xpath('.//ul[@class="edits"]/li')] == ["∅ → 0 ×8"]
