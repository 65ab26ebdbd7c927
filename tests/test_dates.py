"""D601-D603: the report's date, the deadlines of 条例 第四十九条 and the statistics period."""

from __future__ import annotations

import pytest

from xxgk_lint.rules.common import example_report
from xxgk_lint.rules.dates import agency_kind
from xxgk_lint.rules.narrative import with_text

from conftest import lint


def run(text, code, name="report.txt", **kw):
    return [d for d in lint(text, name, select=[code], **kw).diagnostics if d.code == code]


def report(agency="某县人民政府办公室", year=2022, header=None, sign=None, edition="2021"):
    text = example_report(edition, year=year, dated=False).replace("某县人民政府办公室", agency, 1)
    if header:
        title, rest = text.split("\n", 1)
        text = f"{title}\n{header}\n{rest}"
    if sign:
        text += f"\n{agency}\n{sign}\n"
    return text


@pytest.mark.parametrize(
    "name, kind",
    [
        ("某县人民政府办公室", "department"),
        ("某省人民政府办公厅", "department"),
        ("某市教育局", "department"),
        ("某区发展和改革委员会", "department"),
        ("某县人民政府", "overall"),
        ("某市", "overall"),
        ("某县", "overall"),
        ("某开发区管委会", "overall"),
        ("某镇人民政府", "township"),
        ("某街道办事处", "township"),
        ("某实验区某某片区管理局", "township"),
        ("某某乡人民政府", "township"),
        (None, None),
        ("某某", None),
    ],
)
def test_agency_kind(name, kind):
    assert agency_kind(name) == kind


def test_d601_department_late_signature():
    (d,) = run(report(sign="2023年2月1日"), "D601")
    assert "2023-02-01" in d.text("zh") and "2023-01-31" in d.text("zh") and "落款日期" in d.text("zh")
    assert "部门报告" in d.text("zh") and "signature date" in d.text("en")


@pytest.mark.parametrize("sign", ["2023年1月31日", "2023年1月5日", "二〇二三年一月三十一日"])
def test_d601_department_on_time(sign):
    assert not run(report(sign=sign), "D601")


def test_d601_chinese_numeral_signature_late():
    (d,) = run(report(sign="二〇二三年二月十日"), "D601")
    assert "2023-02-10" in d.text("zh")


def test_d601_overall_deadline_is_march():
    assert not run(report("某县人民政府", sign="2023年3月31日"), "D601")
    (d,) = run(report("某县人民政府", sign="2023年4月1日"), "D601")
    assert "2023-03-31" in d.text("zh") and "总体报告" in d.text("zh")


def test_d601_publication_date_wins_and_is_named():
    text = report(header="发布时间：2023-02-15 10:00", sign="2023年1月20日")
    (d,) = run(text, "D601")
    assert "页面的发布时间" in d.text("zh") and "2023-02-15" in d.text("zh")
    assert not run(report(header="时间：2023-01-15 10:00", sign="2023年2月20日"), "D601")


@pytest.mark.parametrize("mmdd", ["02-30", "04-31", "13-01", "00-10"])
def test_d601_an_impossible_deadline_is_a_configuration_error(tmp_path, monkeypatch, run_cli, mmdd):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "xxgk-lint.toml").write_text(f'[rules.D601]\ndeadlines = {{township = "{mmdd}"}}\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(report("某镇人民政府", sign="2023年5月1日"), encoding="utf-8")
    r = run_cli("check", "--no-cache", "r.txt")
    assert r.exit_code == 2 and "D601" in r.output and mmdd in r.output and "deadlines" in r.output


def test_d601_29_february_is_the_end_of_february_in_a_common_year():
    text = report("某镇人民政府", sign="2023年3月1日")
    (d,) = run(text, "D601", rule_options={"D601": {"deadlines": {"township": "02-29"}}})
    assert "2023-02-28" in d.text("zh")
    assert not run(
        report("某镇人民政府", sign="2023年2月28日"),
        "D601",
        rule_options={"D601": {"deadlines": {"township": "02-29"}}},
    )


def test_d601_township_has_no_national_deadline_unless_configured():
    text = report("某镇人民政府", sign="2023年5月1日")
    assert not run(text, "D601")
    (d,) = run(text, "D601", rule_options={"D601": {"deadlines": {"township": "03-31"}}})
    assert "2023-03-31" in d.text("zh")


def test_d601_kind_option():
    text = report("某县人民政府", sign="2023年2月20日")
    assert not run(text, "D601")
    (d,) = run(text, "D601", rule_options={"D601": {"kind": "department"}})
    assert "按配置" in d.text("zh") and "configured" in d.text("en")


def test_d601_html_meta_pubdate():
    body = report().replace("\n", "</p>\n<p>")
    html = (
        f'<html><head><meta charset="utf-8"><meta name="PubDate" content="2023-03-02 09:00"></head>'
        f"<body><p>{body}</p></body></html>"
    )
    (d,) = run(html, "D601", name="report.html")
    assert "PubDate" in d.text("zh") and "2023-03-02" in d.text("zh")
    assert not run(html, "D603", name="report.html")


def test_d603_missing_date():
    (d,) = run(report(), "D603")
    assert d.severity.label == "info" and d.text("en") == "no publication or signature date found"
    assert not run(report(sign="2023年1月20日"), "D603")
    assert not run(report(header="发布日期：2023年1月9日"), "D603")


def test_d603_mentions_other_metadata():
    body = report().replace("\n", "</p>\n<p>")
    html = (
        f'<html><head><meta name="PubDate" content="2023-13-45"><meta name="LastModified" content="2023-02-01">'
        f"</head><body><p>{body}</p></body></html>"
    )
    (d,) = run(html, "D603", name="report.html")
    assert "LastModified=2023-02-01" in d.text("zh") and "PubDate=2023-13-45, LastModified=2023-02-01)" in d.text("en")


# -- D602 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "本报告中所列数据的统计期限自2022年1月1日起至2022年11月30日止。",
        "本报告所列数据统计期限为2022年2月1日至2022年12月31日。",
        "本报告的统计数据时间段为2022年1月1日至2023年1月31日。",
    ],
)
def test_d602_not_the_calendar_year(sentence):
    (d,) = run(with_text("2021", "一", sentence), "D602")
    assert "2022" in d.text("zh") and "whole of 2022" in d.text("en")


@pytest.mark.parametrize(
    "sentence",
    [
        "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
        "本报告中有关情况的统计期限为2022年1月1日至12月31日。",
        "本报告所列数据的统计期限为1月1日至12月31日。",
        "因机构改革，本机关于2022年9月1日组建，本报告所列数据的统计期限自2022年9月1日起至2022年12月31日止。",
        "截至2022年12月31日，主动公开政府信息100条。",
    ],
)
def test_d602_must_not_flag(sentence):
    assert not run(with_text("2021", "一", sentence), "D602"), sentence


def test_seeds_on_time(seed):
    for name in ("001", "004"):
        assert not [d for d in lint(seed(name).read_bytes(), f"{name}.txt", select=["D601", "D602"]).diagnostics]


def test_d601_kind_by_agency_name_and_by_file():
    text = report("某实验区某某片区管理局", sign="2023年2月20日")
    assert not run(text, "D601")
    (d,) = run(text, "D601", rule_options={"D601": {"agency-kinds": {"片区管理局$": "department"}}})
    assert "按配置" in d.text("zh")
    (d,) = run(
        text, "D601", name="reports/dept/a.txt", rule_options={"D601": {"file-kinds": {"reports/dept/*": "department"}}}
    )
    assert "2023-01-31" in d.text("zh")
    assert not run(
        text,
        "D601",
        name="reports/other/a.txt",
        rule_options={"D601": {"file-kinds": {"reports/dept/*": "department"}}},
    )


def test_d601_other_times_in_the_intro_are_not_the_publication_date():
    text = report(header="本机关于会议时间：2023-03-05 召开专题会议研究年度报告。", sign="2023年1月20日")
    assert not run(text, "D601")
    assert run(report(header="来源：本机关　时间：2023-03-05 10:00", sign="2023年1月20日"), "D601")
