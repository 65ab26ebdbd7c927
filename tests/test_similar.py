"""The copied-text index (xxgk_lint.similar): passages of a report, normalisation, and find_copies
(shingles, boilerplate, MinHash/LSH, exact verification).  The texts are synthetic."""

from __future__ import annotations

import pathlib
import random

import pytest

from xxgk_lint import similar
from xxgk_lint.readers import read_path
from xxgk_lint.recognise import recognise
from xxgk_lint.rules.common import example_report

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# -- synthetic text ------------------------------------------------------------------------------------
# characters of ordinary report prose, written for these tests; random strings of them never repeat a
# 4-character shingle by chance across a few hundred passages
POOL = (
    "政务公开工作机制平台网站栏目信息发布更新审核保密制度培训人员队伍建设基层站所群众企业办事指南服务"
    "便民热线回应关切解读政策文件规范管理档案目录编制依申请答复期限办理流程监督考核评议社会反馈渠道"
    "专栏数据开放统计年度计划重点领域财政预算决算项目资金采购招标应急预案安全生产教育医疗住房交通环境"
)


def text(seed: int, n: int = 120) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(POOL) for _ in range(n))


def edit(t: str, changes: int, seed: int = 0) -> str:
    """``t`` with ``changes`` characters replaced at spread positions."""
    rng = random.Random(seed)
    chars = list(t)
    step = len(chars) // (changes + 1)
    for k in range(1, changes + 1):
        chars[k * step] = rng.choice("甲乙丙丁戊己庚辛壬癸")
    return "".join(chars)


def pairs(matches):
    return {(m.a, m.a_passage, m.b, m.b_passage) for m in matches}


@pytest.fixture(autouse=True, params=["python", "numpy"])
def index(request, monkeypatch):
    """Every test on both indexes of find_copies: the pure-Python one (a few distinct texts) and numpy's."""
    monkeypatch.setattr(similar, "SMALL_CHARS", 10**9 if request.param == "python" else -1)
    return request.param


# -- normalisation -------------------------------------------------------------------------------------
def test_normalise_folds_width_spaces_punctuation_and_digits():
    a = similar.normalise("全年共公开信息 1,234 条，办理申请 56 件。")
    b = similar.normalise("全年共公开信息１２３４条,办理申请７件")
    assert a == b == "全年共公开信息#条办理申请#件"


def test_normalise_removes_citation_clauses_and_template_labels():
    t = "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，本局公开目录已全部更新，"
    assert similar.normalise(t) == "本局公开目录已全部更新"
    fee = "按照《某某收费管理办法》规定的按件、按量收费标准，本年度没有收取费用。"
    assert similar.normalise(fee) == "本年度没有收取费用"
    # a section title and a table label of the template are not the agency's own words
    assert similar.normalise("存在的主要问题及改进情况：栏目更新慢", "2021") == "栏目更新慢"
    assert similar.normalise("行政规范性文件清理工作", "2021") == "清理工作"
    assert similar.normalise("行政规范性文件清理工作") == "行政规范性文件清理工作"  # no edition: kept


def _report(text_: str, name: str = "r.txt"):
    doc = read_path(name, data=text_.encode("utf-8"))
    return doc, recognise(doc)


def test_passages_of_takes_narrative_paragraphs_with_their_section_and_place():
    body = (
        "我局把栏目更新纳入月度考核，部门之间交叉检查，发现的问题当月整改到位并在专栏公开整改结果，群众留言三日内答复。"
    )
    t = example_report("2021").replace(
        "五、存在的主要问题及改进情况\n\n本年度无需要说明的事项。", f"五、存在的主要问题及改进情况\n\n{body}"
    )
    doc, rep = _report(t)
    ps = similar.passages_of(doc, rep)
    (p,) = [p for p in ps if p.section == "s5"]
    assert p.text == similar.normalise(body, "2021")
    assert p.location is not None and doc.line_text(p.location.line) == body
    assert p.line_text == body
    # the tables, the title and the signature give no passage; short lines are merged, or dropped below the floor
    assert all(len(p.text) >= similar.FLOOR_CHARS for p in ps)
    assert not any("行政许可" in p.text or "年度报告" in p.text for p in ps)


def test_short_paragraphs_of_a_section_are_joined():
    items = ["一是栏目设置还不够细致需要调整。", "二是基层站所更新偏慢需要督促。", "三是解读材料形式单一需要丰富。"]
    t = example_report("2021").replace(
        "五、存在的主要问题及改进情况\n\n本年度无需要说明的事项。",
        "五、存在的主要问题及改进情况\n\n" + "\n\n".join(items),
    )
    doc, rep = _report(t)
    (p,) = [p for p in similar.passages_of(doc, rep) if p.section == "s5"]
    assert p.text == "".join(similar.normalise(i, "2021") for i in items)
    assert doc.line_text(p.location.line) == items[0]


def test_passages_of_is_bounded_on_a_huge_report():
    body = "\n\n".join(text(i, 80) for i in range(3000))
    t = example_report("2021").replace(
        "五、存在的主要问题及改进情况\n\n本年度无需要说明的事项。", f"五、存在的主要问题及改进情况\n\n{body}"
    )
    doc, rep = _report(t)
    assert len(similar.passages_of(doc, rep)) == similar.MAX_PASSAGES


def test_passages_of_an_empty_or_non_report():
    doc, rep = _report("")
    assert similar.passages_of(doc, rep) == []
    doc, rep = _report("会议通知\n\n请各单位周五前报送材料。")
    assert similar.passages_of(doc, rep) == []


# -- find_copies ---------------------------------------------------------------------------------------
def corpus(n_agencies: int = 8, per: int = 6):
    return [(f"机关{a}", [text(1000 * a + i) for i in range(per)]) for a in range(n_agencies)]


def test_a_planted_copy_is_found_once_whatever_else_is_there():
    reps = corpus()
    reps[5][1][2] = reps[1][1][4]
    ms = similar.find_copies(reps)
    assert pairs(ms) == {(1, 4, 5, 2)}
    assert ms[0].similarity == 1.0


def test_an_edited_copy_above_the_threshold_is_found_below_it_is_not():
    reps = corpus()
    src = reps[0][1][0]
    reps[3][1][1] = edit(src, 3)  # 120 characters, 3 changed: Jaccard about 0.9
    reps[4][1][1] = edit(src, 20, seed=1)  # 20 changed: Jaccard about 0.4
    j3, j20 = similar.jaccard(src, reps[3][1][1]), similar.jaccard(src, reps[4][1][1])
    assert j3 >= 0.8 > 0.5 > j20
    ms = similar.find_copies(reps)
    assert pairs(ms) == {(0, 0, 3, 1)}
    assert ms[0].similarity == pytest.approx(j3)
    assert pairs(similar.find_copies(reps, threshold=0.95)) == set()


def test_changed_figures_and_punctuation_still_match():
    a = similar.normalise("本年共受理申请12件，办结11件，" + text(7, 60))
    b = similar.normalise("本年共受理申请３件；办结３件。" + text(7, 60))
    reps = [("甲", [a]), ("乙", [b])]
    assert pairs(similar.find_copies(reps)) == {(0, 0, 1, 0)}


def test_boilerplate_shared_by_many_agencies_does_not_count():
    reps = corpus(8)
    stock = text(99)
    for a in range(5):  # five agencies print the same paragraph: boilerplate
        reps[a][1].append(stock)
    assert similar.find_copies(reps) == []
    st = similar.Stats()
    assert similar.find_copies(reps, boilerplate_agencies=5, stats=st) != []  # the limit is an option
    assert st.boilerplate_limit == 5
    # shared by three: still a copy (the limit is "more than 3")
    reps = corpus(8)
    for a in range(3):
        reps[a][1].append(stock)
    assert len(similar.find_copies(reps)) == 3


def test_a_boilerplate_sentence_inside_a_copy_leaves_the_rest_compared():
    reps = corpus(8)
    stock = text(98, 60)
    for a in range(8):
        reps[a][1][0] = stock + reps[a][1][0]  # every agency starts with the same sentence
    assert similar.find_copies(reps) == []  # the shared sentence alone is no copy
    reps[6][1][3] = reps[2][1][0]  # a copy of agency 2's passage, stock sentence included
    ms = similar.find_copies(reps)
    assert pairs(ms) == {(2, 0, 6, 3)} and ms[0].similarity == 1.0


def test_the_boilerplate_share_raises_the_limit_with_the_number_of_agencies():
    st = similar.Stats()
    similar.find_copies(corpus(20), boilerplate_share=0.25, stats=st)
    assert st.boilerplate_limit == 5
    similar.find_copies(corpus(20), stats=st)
    assert st.boilerplate_limit == similar.DEFAULT_BOILERPLATE_AGENCIES


def test_the_same_agency_is_not_compared_and_an_unknown_agency_with_nobody():
    reps = corpus(4)
    reps.append(("机关1", [reps[1][1][0]]))  # agency 1's next year repeats its own paragraph
    assert similar.find_copies(reps) == []
    reps.append((None, [reps[2][1][0]]))  # unknown agency: compared with nobody
    assert similar.find_copies(reps) == []
    reps.append(("机关9", [reps[2][1][0]]))
    assert pairs(similar.find_copies(reps)) == {(2, 0, 6, 0)}


def test_the_result_does_not_depend_on_the_order_of_the_reports():
    reps = corpus(10)
    reps[7][1][0] = reps[2][1][3]
    reps[9][1][5] = edit(reps[4][1][1], 2)
    ms = similar.find_copies(reps)
    found = {frozenset({(reps[m.a][0], m.a_passage), (reps[m.b][0], m.b_passage)}) for m in ms}
    assert len(found) == 2
    for seed in range(3):
        order = list(range(len(reps)))
        random.Random(seed).shuffle(order)
        shuffled = [reps[k] for k in order]
        again = similar.find_copies(shuffled)
        assert {frozenset({(shuffled[m.a][0], m.a_passage), (shuffled[m.b][0], m.b_passage)}) for m in again} == found
        assert all(m.a < m.b for m in again)


def test_short_and_empty_passages_are_not_compared():
    short = text(5, 30)
    reps = [("甲", [short, ""]), ("乙", [short, ""]), ("丙", [])]
    assert similar.find_copies(reps) == []
    assert pairs(similar.find_copies(reps, min_chars=20)) == {(0, 0, 1, 0)}
    assert similar.find_copies([]) == []
    assert similar.find_copies([("甲", ["一二三"] * 5)]) == []


def test_odd_characters_do_not_break_the_index():
    odd = text(3) + "\ud800\x00\U0001f600" + text(4)  # a lone surrogate (a badly decoded file), NUL, an emoji
    reps = [("甲", [odd]), ("乙", [odd]), ("丙", [text(5)])]
    assert pairs(similar.find_copies(reps)) == {(0, 0, 1, 0)}
    assert similar.normalise("\ud800①Ⅳ㈠") == "#iv一"  # NFKC for the compatibility forms; \W drops the rest


def test_many_copies_of_one_passage_give_bounded_work():
    # one passage printed by 300 agencies: boilerplate, removed before the index: nothing to verify
    stock = text(77)
    reps = [(f"机关{a}", [stock, text(a + 5000)]) for a in range(300)]
    st = similar.Stats()
    assert similar.find_copies(reps, stats=st) == []
    assert st.candidates == 0 and st.compared == 300
    # with the limit raised above it, the LSH buckets are too big to pair and are skipped, not squared
    st = similar.Stats()
    assert similar.find_copies(reps, boilerplate_agencies=1000, stats=st) == []
    assert st.skipped_buckets > 0 and st.candidates == 0


def test_copies_of_one_passage_in_many_reports_pair_up_across_agencies_only():
    shared = text(4242)
    reps = [("甲", [shared, text(1)]), ("甲", [text(2), shared]), ("乙", [shared]), ("甲", [shared]), ("丙", [text(3)])]
    st = similar.Stats()
    ms = similar.find_copies(reps, stats=st)
    assert pairs(ms) == {(0, 0, 2, 0), (1, 1, 2, 0), (2, 0, 3, 0)}  # 甲's three copies with 乙's, never with 甲's
    assert all(m.similarity == 1.0 for m in ms) and st.candidates == 3 and st.compared == 7
    # the same paragraph twice in 乙's report: two more pairs with each of 甲's copies
    reps[2] = ("乙", [shared, shared])
    assert len(similar.find_copies(reps)) == 6


def test_a_bucket_is_as_big_as_the_passages_in_it(monkeypatch):
    monkeypatch.setattr(similar, "MAX_BUCKET", 10)
    shared = text(4343)
    reps = [("甲", [shared])] * 5 + [("乙", [shared])] * 5 + [("丙", [text(9)])]
    assert len(similar.find_copies(reps)) == 25  # ten passages: paired
    st = similar.Stats()
    assert similar.find_copies([*reps, ("丁", [shared])], stats=st) == []  # eleven: skipped
    assert st.skipped_buckets == similar.BANDS and st.candidates == 0


def test_both_indexes_give_the_same_matches_and_statistics(monkeypatch):
    reps = corpus(12, 8)
    reps[3][1][2] = reps[1][1][4]
    reps[7][1][0] = edit(reps[2][1][1], 3)
    reps[9][1][5] = edit(reps[2][1][1], 40)  # far: not a copy
    reps += [reps[4], (reps[5][0], reps[6][1]), (None, reps[1][1])]
    stock = text(555)
    for a in range(6):
        reps[a][1].append(stock)
    got = []
    for small in (10**9, -1):
        monkeypatch.setattr(similar, "SMALL_CHARS", small)
        for kw in ({}, {"boilerplate_agencies": 10}, {"threshold": 0.5, "min_chars": 30}):
            st = similar.Stats()
            ms = similar.find_copies(reps, stats=st, **kw)
            st.timings = {}
            got.append((ms, st))
    assert got[:3] == got[3:]
    assert len(got[0][0]) >= 10 and got[1][0] != got[0][0]  # some copies, and the options change them


def test_normalise_remembers_a_bounded_number_of_paragraphs(monkeypatch):
    monkeypatch.setattr(similar, "MEMO_SIZE", 3)
    monkeypatch.setattr(similar, "_MEMO", {})
    texts = [f"本年共受理申请{k}件，" + text(k, 30) for k in range(7)]
    first = [similar.normalise(t, "2021") for t in texts]
    assert len(similar._MEMO) <= 3
    assert [similar.normalise(t, "2021") for t in texts] == first == [similar._normalise(t, "2021") for t in texts]
    assert similar.normalise("行政规范性文件清理工作", "2021") == "清理工作"  # the edition is part of the key
    assert similar.normalise("行政规范性文件清理工作") == "行政规范性文件清理工作"


# -- the real reports ------------------------------------------------------------------------------------
def _shared(kind: str, pattern: str) -> list[pathlib.Path]:
    folder = SHARED / kind
    if not folder.is_dir():
        pytest.skip(f"../shared/{kind} is not present")
    return sorted(folder.glob(pattern))


def test_real_reports_give_passages_and_no_copy_between_agencies():
    from xxgk_lint.identity import identify

    paths = _shared("real", "*.html") + _shared("seeds", "*.txt")
    reps = []
    for p in paths:
        doc = read_path(str(p))
        rep = recognise(doc)
        ps = similar.passages_of(doc, rep)
        assert ps, p.name
        assert {q.section for q in ps} <= {"s1", "s2", "s3", "s4", "s5", "s6"}
        reps.append((identify(str(p), rep).agency, [q.text for q in ps]))
    # measured: the twelve real reports (nine agencies of one city) share stock phrases and the fee sentence
    # of 国办函〔2020〕109号 (four agencies), which is a citation and boilerplate; no passage of one agency is
    # more than 40 % like another agency's
    assert similar.find_copies(reps) == []
    assert similar.find_copies(reps, threshold=0.5) == []
