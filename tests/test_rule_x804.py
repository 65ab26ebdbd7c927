"""X804 duplicated-text, the cross-report rule: run on the facts of several reports (built here from
synthetic texts through the real per-file functions), as the cross-report phase runs it."""

from __future__ import annotations

import random

import pytest

from xxgk_lint.facts import Passage, ReportFacts
from xxgk_lint.identity import Identity
from xxgk_lint.readers import read_path
from xxgk_lint.recognise import recognise
from xxgk_lint.rule import AcrossContext
from xxgk_lint.rules.common import example_report
from xxgk_lint.rules.copied import DuplicatedText
from xxgk_lint.similar import passages_of

COPIED = "我局政务公开专栏栏目设置还不够细，部分基层站所的信息更新慢，群众查找办事指南仍需多次点击。下一步将按业务条线重排栏目，每月通报更新情况。"
OWN = {
    "甲": "我局依申请公开答复文书格式不统一，个别答复未写明救济途径。下一步将制定答复文书范本，由法制科逐件审核后再送达申请人。",
    "乙": "乡镇一级的公开栏多年未换，纸质材料张贴后缺少专人维护。计划年内统一更换为电子屏，由党政办每周核对一次内容。",
    "丙": "部分科室对主动公开范围把握不准，存在该公开未公开的文件。将组织逐项梳理本部门文件，形成公开清单并按季度复核。",
    "丁": "政策解读多为文字稿，图解和视频较少，群众反映看不懂。明年起重要文件同步推出图解，并邀请起草科室负责人在线答问。",
}


def report_text(agency: str, s5: str, year: int = 2022) -> str:
    t = example_report("2021", year=year).replace("某县人民政府办公室", f"某县{agency}局")
    return t.replace(
        "五、存在的主要问题及改进情况\n\n本年度无需要说明的事项。", f"五、存在的主要问题及改进情况\n\n{s5}"
    )


def facts_of(path: str, text: str, agency: str | None = "from-title") -> ReportFacts:
    doc = read_path(path, data=text.encode("utf-8"))
    rep = recognise(doc)
    if agency == "from-title":
        from xxgk_lint.identity import identify

        ident = identify(path, rep)
    else:
        ident = Identity(agency, rep.year)
    return ReportFacts(path, ident, rep.template.id, rep.is_report, passages=passages_of(doc, rep))


def run(facts, **options):
    rule = DuplicatedText(options)
    reports = sorted(facts, key=lambda f: f.path)
    return sorted(rule.check_across(AcrossContext(reports)), key=lambda d: (d.path, d.location.line))


def test_a_copied_passage_is_reported_on_both_files_naming_the_other():
    a = facts_of("a/甲.txt", report_text("甲", COPIED))
    b = facts_of("b/乙.txt", report_text("乙", COPIED + "\n\n" + OWN["乙"]))
    c = facts_of("c/丙.txt", report_text("丙", OWN["丙"]))
    assert a.identity.agency != b.identity.agency
    found = run([c, b, a])
    assert [d.path for d in found] == ["a/甲.txt", "b/乙.txt"]
    da, db = found
    line_a = report_text("甲", COPIED).splitlines().index(COPIED) + 1
    assert da.location.line == line_a and db.location.line == line_a
    assert da.code == "X804" and da.target.kind == "section" and da.target.section == "s5"
    assert da.text("zh") == f"这段文字与另一机关的报告 b/乙.txt（第 {line_a} 行）雷同（相似度 100%）"
    assert da.text("en") == (
        f"this passage is nearly identical to another agency's report, b/乙.txt (line {line_a}) (similarity 100%)"
    )
    (rel,) = da.related
    assert rel.path == "b/乙.txt" and rel.location == db.location and rel.line_text == COPIED
    assert rel.message["zh"] == "雷同段落（某县乙局，相似度 100%）"
    assert rel.message["en"] == "the similar passage (某县乙局, similarity 100%)"
    assert db.related[0].path == "a/甲.txt"


def test_a_passage_copied_by_several_agencies_is_one_finding_per_file():
    reps = [facts_of(f"{k}.txt", report_text(k, COPIED)) for k in ("甲", "乙", "丙")]
    found = run(reps)
    assert [d.path for d in found] == ["丙.txt", "乙.txt", "甲.txt"]
    for d in found:
        assert len(d.related) == 2
        assert "另有 1 份报告也雷同" in d.text("zh") and "; 1 more report too" in d.text("en")


def test_an_edited_copy_above_the_threshold_and_below_it():
    edited = COPIED.replace("每月", "每季度").replace("多次", "反复")
    a = facts_of("a.txt", report_text("甲", COPIED))
    b = facts_of("b.txt", report_text("乙", edited))
    found = run([a, b])
    assert len(found) == 2
    percent = int(found[0].text("en").split("similarity ")[1].split("%")[0])
    assert 70 <= percent < 80  # two words changed in 64 characters: 72 %
    assert run([a, b], threshold=(percent + 1) / 100) == []


def test_the_same_agency_in_another_year_and_an_unknown_agency_are_not_compared():
    a22 = facts_of("甲2022.txt", report_text("甲", COPIED, 2022))
    a23 = facts_of("甲2023.txt", report_text("甲", COPIED, 2023))
    assert a22.identity.agency == a23.identity.agency
    assert run([a22, a23]) == []
    unknown = facts_of("x.txt", report_text("乙", COPIED), agency=None)
    assert run([a22, a23, unknown]) == []


def test_boilerplate_and_single_files_give_nothing():
    # four agencies print the same paragraph: more than 3, boilerplate
    reps = [facts_of(f"{k}.txt", report_text(k, COPIED + "\n\n" + OWN[k])) for k in OWN]
    assert run(reps) == []
    assert len(run(reps, **{"boilerplate-agencies": 4})) == 4
    assert run([reps[0]]) == []
    assert run([]) == []


def test_findings_do_not_depend_on_the_order_of_the_files():
    reps = [facts_of(f"{k}.txt", report_text(k, (COPIED if k in "甲丁" else "") + "\n\n" + OWN[k])) for k in OWN]

    def key(ds):
        return [(d.path, d.location, d.text("en"), tuple((r.path, r.location) for r in d.related)) for d in ds]

    first = key(run(reps))
    assert len(first) == 2
    for seed in range(3):
        shuffled = reps[:]
        random.Random(seed).shuffle(shuffled)
        assert key(run(shuffled)) == first


def test_min_length_option_and_passages_without_location():
    short = "栏目设置还不够细，信息更新慢，查找指南需多次点击。"  # 23 characters once normalised
    a = ReportFacts(
        "a.txt", Identity("甲", 2022), passages=[Passage("栏目设置还不够细信息更新慢查找指南需多次点击", "s5")]
    )
    b = ReportFacts(
        "b.txt", Identity("乙", 2022), passages=[Passage("栏目设置还不够细信息更新慢查找指南需多次点击", "s5")]
    )
    assert len(short) > 20
    assert run([a, b]) == []
    found = sorted(DuplicatedText({"min-length": 20}).check_across(AcrossContext([a, b])), key=lambda d: d.path)
    assert [d.path for d in found] == ["a.txt", "b.txt"]
    assert found[0].location is None and "b.txt 雷同" in found[0].text("zh")


def test_the_documented_examples_are_two_files_of_two_agencies():
    from xxgk_lint.ruledocs import example_files

    for kind, expected in (("fail", 2), ("pass", 0)):
        files = example_files(DuplicatedText.examples[kind])
        assert len(files) == 2
        reps = [facts_of(path, text) for path, text in files.items()]
        assert reps[0].identity.agency != reps[1].identity.agency
        assert len(run(reps)) == expected, kind


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_rule_page_renders(lang):
    page = DuplicatedText.docs_markdown(lang)
    assert page.startswith("## X804 duplicated-text")
    for opt in ("threshold", "min-length", "boilerplate-agencies", "boilerplate-share"):
        assert opt in page
