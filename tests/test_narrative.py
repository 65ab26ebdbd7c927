"""N501-N504 and the narrative-figure finder: figures stated in the text against the tables, breakdowns,
shares and the report year.  Every pattern is also tried on texts that must not be flagged."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from xxgk_lint.recognise.narrative import cn_number, parse_number
from xxgk_lint.rules.narrative import with_text
from xxgk_lint.templates import statements

from conftest import lint


def run(text, code, **kw):
    return [d for d in lint(text, select=[code], **kw).diagnostics if d.code == code]


T3_NEW = {"t3.new": {"natural": "2", "total": "2"}, "t3.disclosed": {"natural": "2", "total": "2"}}


# -- the finder -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, value",
    [
        ("0", 0),
        ("零", 0),
        ("两", 2),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("三千二百", 3200),
        ("1,234", 1234),
        ("12", 12),
    ],
)
def test_numbers(raw, value):
    assert parse_number(raw) == Decimal(value)


def test_not_a_numeral():
    assert cn_number("二三十") is None and parse_number("abc") is None


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_statement_data_is_valid_and_names_real_cells(edition):
    from xxgk_lint import templates

    t = templates.load(edition)
    data = statements.read(edition)
    assert data["edition"] == edition
    for st in statements.load(edition):
        for alt in st.accept + tuple(a for _, accept in st.variants for a in accept):
            for ref in alt:
                td = t.table(ref.table)
                assert td is not None, (st.id, ref)
                rows = [r for r in td.row_ids if r.startswith(ref.row[:-1])] if ref.row.endswith("*") else [ref.row]
                assert rows and all(r in td.row_ids for r in rows), (st.id, ref)
                assert ref.column in td.column_ids, (st.id, ref)


def test_validated_digests_are_current():
    assert statements.validated_digests() == set(statements.VALIDATED), (
        "update statements.VALIDATED: the statement files changed"
    )


def test_an_edited_statement_file_is_validated_again(monkeypatch):
    calls = []
    monkeypatch.setattr(statements, "VALIDATED", frozenset())
    monkeypatch.setattr(statements, "validate", lambda data, where: calls.append(where))
    statements.read("2021")
    assert calls == ["2021.statements.json"]
    monkeypatch.undo()
    calls.clear()
    statements.read("2021")
    assert calls == []


def test_bad_statement_data_is_rejected(monkeypatch, tmp_path):
    import jsonschema

    schema = json.loads(
        (statements.resources.files("xxgk_lint.templates") / "statements.schema.json").read_text("utf-8")
    )
    bad = {
        "edition": "2021",
        "version": "1.0.0",
        "statements": [
            {"id": "x", "name": {"zh": "甲", "en": "a"}, "patterns": ["收到申请"], "accept": [["t3.new.total"]]}
        ],
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)  # a pattern without {N}


# -- N501 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度共收到政府信息公开申请2件，均已按时答复。",
        "全年受理依申请公开2件。",
        "我单位共受理群众通过网络提交的政府信息公开申请共计2件。",
        "今年收到两件政府信息公开申请。",
    ],
)
def test_n501_applications_contradict(sentence):
    (d,) = run(with_text("2021", "三", sentence), "N501")
    assert "为 0" in d.text("zh") and "holds 0" in d.text("en")
    assert d.target.kind == "cell" and (d.target.table, d.target.row, d.target.column) == ("t3", "new", "total")
    assert d.related and d.severity.label == "error"


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度共收到政府信息公开申请2件，均已按时答复。",
        "全年新收政府信息公开申请两件。",
        "本年度予以公开2件。",
    ],
)
def test_n501_agreeing_text_passes(sentence):
    assert not run(with_text("2021", "三", sentence, figures=T3_NEW), "N501")


def test_n501_zero_statement():
    text = with_text("2021", "三", "本年度未收到政府信息公开申请。", figures=T3_NEW)
    (d,) = run(text, "N501")
    assert "未收到政府信息公开申请" in d.text("zh")
    assert not run(with_text("2021", "三", "本年度未收到政府信息公开申请。"), "N501")


def test_n501_total_including_carry_over_compares_with_one_plus_two():
    figs = {
        "t3.new": {"natural": "2", "total": "2"},
        "t3.carried": {"natural": "1", "total": "1"},
        "t3.disclosed": {"natural": "3", "total": "3"},
    }
    assert not run(with_text("2021", "三", "共收到政府信息公开申请3件（含上年结转1件）。", figures=figs), "N501")
    # stated as "including the carry-over" but equal to 一 alone: contradiction
    (d,) = run(
        with_text("2021", "三", "共收到政府信息公开申请2件（含上年结转1件），已全部办结。", figures=figs), "N501"
    )
    assert "一、本年新收政府信息公开申请数量·总计＋二、上年结转政府信息公开申请数量·总计" in d.text("zh")
    # not said: either 一 or 一 + 二 agrees
    assert not run(with_text("2021", "三", "共收到政府信息公开申请3件。", figures=figs), "N501")
    assert not run(with_text("2021", "三", "共收到政府信息公开申请2件。", figures=figs), "N501")


def test_n501_combined_results_are_a_sum():
    figs = {
        "t3.new": {"natural": "3", "total": "3"},
        "t3.disclosed": {"natural": "2", "total": "2"},
        "t3.partial": {"natural": "1", "total": "1"},
    }
    assert not run(with_text("2021", "三", "共收到申请3件，其中予以公开及部分公开3件。", figures=figs), "N501")
    (d,) = run(with_text("2021", "三", "共收到申请3件，其中予以公开及部分公开2件。", figures=figs), "N501")
    assert d.target.kind == "table"


def test_n501_targets_name_the_section_of_the_table():
    (d,) = run(with_text("2021", "三", "本年度共收到政府信息公开申请2件。"), "N501")
    assert d.target.section == "s3"
    figs = {
        "t3.new": {"natural": "3", "total": "3"},
        "t3.disclosed": {"natural": "2", "total": "2"},
        "t3.partial": {"natural": "1", "total": "1"},
    }
    (d,) = run(with_text("2021", "三", "共收到申请3件，其中予以公开及部分公开2件。", figures=figs), "N501")
    assert (d.target.kind, d.target.section) == ("table", "s3")


def test_n501_a_wrong_total_cell_is_compared_with_its_parts():
    figs = {"t3.new": {"natural": "5", "commercial": "1", "total": "0"}}
    # the text agrees with 5 + 1: the 总计 cell is the table's own mistake (A301's)
    assert not run(with_text("2021", "三", "本年度共受理政府信息公开申请6件。", figures=figs), "N501")
    # agreeing with neither the 总计 nor its parts: still a contradiction, reported against the 总计
    (d,) = run(with_text("2021", "三", "本年度共受理政府信息公开申请4件。", figures=figs), "N501")
    assert d.target.column == "total" and "为 0" in d.text("zh")
    figs = {"t4.data": {"review_upheld": "1", "review_corrected": "1", "review_total": "1"}}
    assert not run(with_text("2021", "四", "本年度发生政府信息公开行政复议案件2件。", figures=figs), "N501")


def test_n501_withheld_is_the_sum_of_its_rows():
    figs = {
        "t3.new": {"natural": "3", "total": "3"},
        "t3.withheld_1": {"natural": "1", "total": "1"},
        "t3.withheld_4": {"natural": "2", "total": "2"},
    }
    assert not run(with_text("2021", "三", "办理申请中不予公开3件。", figures=figs), "N501")
    assert run(with_text("2021", "三", "办理申请中不予公开1件。", figures=figs), "N501")


def test_n501_review_and_litigation():
    assert run(with_text("2021", "四", "本年度发生政府信息公开行政复议1件。"), "N501")
    assert not run(with_text("2021", "四", "本年度未发生政府信息公开行政复议和行政诉讼案件。"), "N501")
    t4 = {"t4.data": {"review_upheld": "1", "review_total": "1"}}
    assert run(with_text("2021", "四", "本年度未发生政府信息公开行政复议。", figures=t4), "N501")
    assert not run(with_text("2021", "四", "本年度行政复议1件，行政诉讼0件。", figures=t4), "N501")


def test_n501_normative_documents():
    figs = {"t2_1.normative": {"issued": "3", "repealed": "1", "valid": "20"}}
    assert not run(
        with_text("2021", "二", "本年制发规范性文件3件，废止规范性文件1件，现行有效规范性文件20件。", figures=figs),
        "N501",
    )
    found = run(with_text("2021", "二", "本年制发规范性文件三件，废止规范性文件2件。", figures=figs), "N501")
    assert [d.target.column for d in found] == ["repealed"]


@pytest.mark.parametrize(
    "sentence",
    [
        "主动公开政策文件类信息5条。",  # a category of proactive disclosure, not table 二's 规范性文件
        "上年度共收到政府信息公开申请7件。",  # last year
        "自条例施行以来累计收到政府信息公开申请7件。",
        "全年收到自然人提出的政府信息公开申请7件。",  # one column only
        "受理行政许可申请7件。",
        "接听政府信息公开咨询电话7次。",
        "发布政策解读信息7条。",
        "政府信息公开申请办理答复率100%。",
        "行政复议被纠错0件。",
        "第七条规定收到政府信息公开申请的，应当登记。",
        "未收到因政府信息公开申请引起的行政复议。",
        "本机关作为被申请人的行政复议案件3件，均非政府信息公开类案件。",
        "全年收到政府信息公开申请5件，比上年增加2件。",
    ],
)
def test_n501_must_not_flag(sentence):
    for sec in ("一", "三", "四"):
        assert not run(with_text("2021", sec, sentence), "N501"), (sec, sentence)


def test_n501_blank_or_unaligned_cells_are_not_compared():
    text = with_text("2021", "三", "共收到政府信息公开申请5件。", figures={"t3.new": {"total": ""}})
    assert not run(text, "N501")


# -- N502 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "全年主动公开政府信息120条，其中网站发布90条，政务新媒体发布40条。",
        "全年主动公开政府信息120条（其中网站发布90条、政务新媒体发布四十条）。",
        "共发布信息120条，包括各类动态，其中网站发布90条，微博发布40条。",
    ],
)
def test_n502_parts_exceed_total(sentence):
    (d,) = run(with_text("2021", "二", sentence), "N502")
    assert "大于总数 120" in d.text("zh") and "more than the total 120" in d.text("en")


def test_n502_overlapping_parts_or_a_complete_run_then_another_kind():
    # both leaders may attend one conference: not a partition
    assert not run(with_text("2021", "五", "全年召开新闻发布会6场，其中主要领导出席3场，分管领导出席4场。"), "N502")
    # 450 + 50 make up the total; 政策解读 is another kind of information
    assert not run(
        with_text(
            "2021", "二", "全年主动公开政府信息500条，其中门户网站发布450条，政务微博发布50条，发布政策解读30条。"
        ),
        "N502",
    )
    # the same wording of kind (…信息 N 条) for every part: the extra part is one more channel's share
    (d,) = run(
        with_text(
            "2021",
            "二",
            "全年主动公开政府信息500条，其中门户网站发布信息450条，政务微博发布信息50条，发布解读信息30条。",
        ),
        "N502",
    )
    assert "530" in d.text("zh")
    # no run of the parts makes up the total: still reported
    (d,) = run(with_text("2021", "五", "全年召开新闻发布会6场，其中线上发布会3场，线下发布会4场。"), "N502")


def test_n502_exhaustive_list_short_of_total():
    (d,) = run(with_text("2021", "二", "全年公开信息100条，其中工作动态60条，通知公告30条，其他信息5条。"), "N502")
    assert "其他" in d.text("zh")


@pytest.mark.parametrize(
    "sentence",
    [
        "全年主动公开政府信息120条，其中网站发布90条，政务新媒体发布30条。",
        "全年公开信息100条，其中工作动态60条，通知公告30条等。",  # examples only
        "全年公开信息100条，其中主要有工作动态60条，通知公告30条。",
        "全年公开信息100条，其中工作动态60条，通知公告30条。",  # not exhaustive: fewer is fine
        "全年公开信息100条，其中工作动态60条（其中图片新闻50条），通知公告40条。",  # nested breakdown
        "全年公开信息100条，其中工作动态占60%，通知公告占40%。",
        "全年公开信息100条，其中政策解读10篇，图解20篇，动态90篇。",  # other unit than the total
        "清理政务新媒体20个（其中5个已关停），现保留15个，注销10个。",
        "2023年，其中第一季度公开30条，第二季度公开40条。",
        "全年公开信息100条，其中通过门户网站发布100条，政务微博同步发布60条。",  # overlapping channels
        "全年公开信息100条，其中工作动态60条，通知公告30条；此外转载上级信息40条。",
    ],
)
def test_n502_must_not_flag(sentence):
    assert not run(with_text("2021", "二", sentence), "N502"), sentence


# -- N503 -------------------------------------------------------------------------------------------


def test_n503_wrong_share():
    (d,) = run(
        with_text(
            "2021", "二", "全年主动公开政府信息200条，其中政策解读20条，占总数的15%；其他信息180条，占总数的90%。"
        ),
        "N503",
    )
    assert "15%" in d.text("zh") and "10.0%" in d.text("zh")


@pytest.mark.parametrize(
    "sentence",
    [
        "全年主动公开政府信息3240条，其中：动态信息272条，占总数的8.4%；目录信息2834条，占总数的87.5%；其他信息134条，占总数的4.1%。",
        "共公开信息3条，其中政策解读1条，占比33%；其他2条，占比67%。",  # rounded
        "共公开信息3条，其中政策解读2条，占比66%；其他1条，占比33%。",  # truncated
        "共公开信息200条，同比增长15%。",  # not a share
        "政策解读20条，占比15%。",  # no total named: not checked
        "共公开信息200条，其中政策解读20条，占全市政策解读总量的5%。",  # another base
    ],
)
def test_n503_must_not_flag(sentence):
    assert not run(with_text("2021", "二", sentence), "N503"), sentence


def test_n503_precision_and_option():
    text = with_text("2021", "二", "全年公开信息3240条，其中动态信息272条，占总数的8.5%；其他2968条，占总数的91.6%。")
    assert len(run(text, "N503")) == 1  # 8.395 is not 8.5 to 0.05 points (91.60 is right)
    assert not run(text, "N503", rule_options={"N503": {"tolerance": 0.2}})


# -- N504 -------------------------------------------------------------------------------------------


def test_n504_period_year():
    (d,) = run(with_text("2021", "一", "本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。"), "N504")
    assert "2021" in d.text("zh") and "2022" in d.text("zh")


def test_n504_intro_year():
    text = with_text("2021", "一", "")
    text = text.replace("\n\n一、", "\n\n现将本机关2021年度政府信息公开工作情况报告如下。\n\n一、", 1)
    (d,) = run(text, "N504")
    assert d.text("en").startswith("the intro names 2021")
    text = with_text("2021", "一", "").replace(
        "\n\n一、", "\n\n本报告参照上年结构编制，反映本机关2021年度政府信息公开工作情况。\n\n一、", 1
    )
    (d,) = run(text, "N504")
    assert "2021" in d.text("zh")


@pytest.mark.parametrize(
    "intro",
    [
        "根据《关于做好2021年度政府信息公开工作年度报告有关事项的通知》要求，现将本机关2022年度政府信息公开工作情况报告如下。",
        "现将2022年度政府信息公开工作年度报告公布如下。",
        "本报告依据2019年修订的政府信息公开条例编制，反映本机关2022年度政府信息公开工作情况。",
        "本报告参照2021年度报告的结构编制，报告本机关2022年度政府信息公开工作。",
        "本报告可在2023年1月起于本机关门户网站查阅，现将2022年度工作情况报告如下。",
    ],
)
def test_n504_must_not_flag(intro):
    text = with_text("2021", "五", "2023年将进一步做好政府信息公开工作。")
    text = text.replace("\n\n一、", f"\n\n{intro}\n\n一、", 1)
    assert not run(text, "N504")


# -- seeds ------------------------------------------------------------------------------------------


def test_seed_findings(seed):
    d001 = lint(seed("001").read_bytes(), "001.txt", select=["N"]).diagnostics
    assert {(d.code, d.location.line) for d in d001} == {("N502", 13), ("N501", 17)}
    for name in ("000", "002", "003", "004"):
        assert not [
            d
            for d in lint(seed(name).read_bytes(), f"{name}.txt", select=["N"]).diagnostics
            if d.code in ("N501", "N502", "N503", "N504")
        ], name


def test_n501_carry_overs():
    figs = {
        "t3.new": {"natural": "4", "total": "4"},
        "t3.carried": {"natural": "1", "total": "1"},
        "t3.disclosed": {"natural": "4", "total": "4"},
        "t3.carry_next": {"natural": "1", "total": "1"},
    }
    ok = "本年度新收政府信息公开申请4件，另有1件为上年结转；结转下年度继续办理1件。"
    assert not run(with_text("2021", "三", ok, figures=figs), "N501")
    bad = "本年度新收政府信息公开申请4件，另有2件为上年结转；结转下年度继续办理3件。"
    found = run(with_text("2021", "三", bad, figures=figs), "N501")
    assert sorted(d.target.row for d in found) == ["carried", "carry_next"]


def test_n501_2019_edition_other_handling_and_normative():
    figs = {
        "t3.new": {"natural": "1", "total": "1"},
        "t3.other": {"natural": "1", "total": "1"},
        "t2_1.normative": {"made": "2", "published": "2", "total": "9"},
    }
    text = with_text("2019", "三", "本年度收到政府信息公开申请1件，其他处理1件。", figures=figs)
    assert not run(text, "N501")
    assert run(with_text("2019", "三", "本年度收到政府信息公开申请1件，其他处理2件。", figures=figs), "N501")
    assert not run(with_text("2019", "二", "本年制发规范性文件2件。", figures=figs), "N501")
    assert run(with_text("2019", "二", "本年制发规范性文件5件。", figures=figs), "N501")


def test_n501_decisions():
    figs = {"t2_5.licensing": {"decisions": "12"}, "t2_6.penalty": {"decisions": "3"}}
    assert not run(with_text("2021", "二", "全年作出行政许可决定十二件，行政处罚决定3件。", figures=figs), "N501")
    (d,) = run(with_text("2021", "二", "全年作出行政许可决定12件，行政处罚决定5件。", figures=figs), "N501")
    assert (d.target.table, d.target.row, d.target.column) == ("t2_6", "penalty", "decisions")


def test_n501_english_message_and_related_cell():
    (d,) = run(with_text("2021", "三", "本年度共收到政府信息公开申请2件。"), "N501")
    assert d.text("en").startswith("the text gives applications received as 2, but table 三")
    assert d.related[0].message["en"] == "the table's figure: 0"


def test_thousands_separators_and_lists_of_figures():
    figs = {"t3.new": {"natural": "1234", "total": "1234"}, "t3.disclosed": {"natural": "1234", "total": "1234"}}
    assert not run(with_text("2021", "三", "全年共收到政府信息公开申请1,234件。", figures=figs), "N501")
    text = with_text("2021", "二", "全年公开信息1,200条，其中网站发布1,000条，微信发布300条。")
    (d,) = run(text, "N502")
    assert "1300" in d.text("zh")
    # "2，3" is not one number
    assert not run(with_text("2021", "二", "全年公开信息10条，其中第2，3季度各发布5条。"), "N502")


def test_hostile_prose_is_bounded():
    import time

    text = with_text("2021", "二", "全年公开信息10条" + "，其中网站发布1条" * 40000 + "。")
    t = time.perf_counter()
    result = lint(text, select=["N"])
    assert time.perf_counter() - t < 20
    assert not result.internal_errors
