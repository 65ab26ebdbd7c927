"""X804 — passages copied from another agency's report (内容雷同): a cross-report rule
(:class:`~xxgk_lint.rule.AcrossRule`) on the passages the per-file phase collected
(``ReportFacts.passages``, made by :func:`xxgk_lint.similar.passages_of`); the index is
:func:`xxgk_lint.similar.find_copies`."""

from __future__ import annotations

from xxgk_lint.diagnostics import Related, Severity, Target
from xxgk_lint.rule import AcrossContext, AcrossRule
from xxgk_lint.similar import (
    DEFAULT_BOILERPLATE_AGENCIES,
    DEFAULT_BOILERPLATE_SHARE,
    DEFAULT_MIN_CHARS,
    DEFAULT_THRESHOLD,
    find_copies,
)

MAX_RELATED = 5  # other places named in one finding (the count of the rest is given)

_COPIED = (
    "我局政务公开专栏栏目设置还不够细，部分基层站所的信息更新慢，群众查找办事指南仍需多次点击。"
    "下一步将按业务条线重排栏目，每月通报更新情况。"
)
_OWN = (
    "我局依申请公开答复文书格式不统一，个别答复未写明救济途径。"
    "下一步将制定答复文书范本，由法制科逐件审核后再送达申请人。"
)


def _file(path: str, agency: str, passage: str) -> str:
    """One file of a two-file example (``==> path <==``: xxgk_lint.ruledocs.example_files)."""
    return f"==> {path} <==\n{agency}2023年政府信息公开工作年度报告\n\n五、存在的主要问题及改进情况\n\n{passage}\n"


class DuplicatedText(AcrossRule):
    code = "X804"
    name = "duplicated-text"
    severity = Severity.WARNING
    summary = {
        "zh": "大段文字与另一机关的年度报告雷同",
        "en": "A long passage is (nearly) identical to another agency's report",
    }
    description = {
        "zh": "把本次检查的所有报告的叙述段落（一至六各部分的正文，不含表格）逐段比较：一段文字与另一机关报告中的某段"
        "相同或几乎相同（默认相似度不低于 70%），两份报告各报告一次，并指出另一份报告中的位置。"
        "比较前去掉空白、标点，数字视为相同，删去模板自带的标题和表格标签以及引用《条例》等文件的句子；"
        "超过 3 个机关的报告中都出现的文字（套话、统一的收费说明）视为通用表述，不算雷同；"
        "同一机关不同年度的报告之间不比较；无法确定机关的报告不参与比较。",
        "en": "Every narrative paragraph of every report of the run (the text of sections 一 to 六, tables left out) is "
        "compared with the other agencies' reports: a passage identical or nearly identical to one in another "
        "agency's report (similarity 70 % or more by default) is reported on both files, each naming the other "
        "place. Spaces and punctuation are ignored, figures compare equal, the template's own titles and table "
        "labels and the clauses citing the 条例 or other documents are removed first; wording found in the reports "
        "of more than 3 agencies (stock phrases, a city's common fee sentence) is boilerplate and does not count; "
        "the same agency's reports of other years are not compared; a report whose agency is unknown is compared "
        "with none.",
    }
    basis = {
        "zh": "《中华人民共和国政府信息公开条例》第四十九条、第五十条：年度报告应当如实反映本行政机关本年度的"
        "政府信息公开工作情况；照抄其他机关的问题和改进措施不能反映本机关的情况。",
        "en": "Articles 49 and 50 of the Regulations on the Disclosure of Government Information: the annual report "
        "reports on the agency's own work of the year; problems and measures copied from another agency do not.",
    }
    examples = {
        "fail": _file("某县财政局/2023.txt", "某县财政局", _COPIED)
        + "\n"
        + _file("某县教育局/2023.txt", "某县教育局", _COPIED),
        "pass": _file("某县财政局/2023.txt", "某县财政局", _COPIED)
        + "\n"
        + _file("某县教育局/2023.txt", "某县教育局", _OWN),
    }
    options = {
        "threshold": {
            "type": "number",
            "minimum": 0.5,
            "maximum": 1,
            "default": DEFAULT_THRESHOLD,
            "description": {
                "zh": "相似度下限（0.5–1，按 4 字片段的 Jaccard 相似度计算，不计通用表述）",
                "en": "the least similarity reported (0.5-1: Jaccard similarity of the 4-character shingles, "
                "boilerplate left out)",
            },
        },
        "min-length": {
            "type": "integer",
            "minimum": 20,
            "default": DEFAULT_MIN_CHARS,
            "description": {
                "zh": "参与比较的段落最少字数（去掉空白和标点后）",
                "en": "the shortest passage compared, in characters (spaces and punctuation left out)",
            },
        },
        "boilerplate-agencies": {
            "type": "integer",
            "minimum": 2,
            "default": DEFAULT_BOILERPLATE_AGENCIES,
            "description": {
                "zh": "出现在超过这么多个机关报告中的文字视为通用表述，不算雷同",
                "en": "wording found in the reports of more agencies than this is boilerplate and does not count",
            },
        },
        "boilerplate-share": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "default": DEFAULT_BOILERPLATE_SHARE,
            "description": {
                "zh": "按机关比例放宽通用表述的界限：界限取“机关数 × 比例”与上一项中较大者（0：不按比例）",
                "en": "raises the boilerplate limit with the number of agencies: the limit is the larger of "
                "agencies × share and boilerplate-agencies (0: no share)",
            },
        },
    }
    messages = {
        "copied": {
            "zh": "这段文字与另一机关的报告 {other}{where}雷同（相似度 {percent}%）{more}",
            "en": "this passage is nearly identical to another agency's report, {other}{where}(similarity {percent}%){more}",
        },
        "other": {
            "zh": "雷同段落（{agency}，相似度 {percent}%）",
            "en": "the similar passage ({agency}, similarity {percent}%)",
        },
    }

    def check_across(self, ctx: AcrossContext):
        reports = ctx.reports
        matches = find_copies(
            [(f.identity.agency, [p.text for p in f.passages]) for f in reports],
            threshold=float(self.opts["threshold"]),
            min_chars=int(self.opts["min-length"]),
            boilerplate_agencies=int(self.opts["boilerplate-agencies"]),
            boilerplate_share=float(self.opts["boilerplate-share"]),
        )
        # every copied passage of each file, with the places it matches in other files
        found: dict[tuple[int, int], list[tuple[float, int, int]]] = {}
        for m in matches:
            found.setdefault((m.a, m.a_passage), []).append((m.similarity, m.b, m.b_passage))
            found.setdefault((m.b, m.b_passage), []).append((m.similarity, m.a, m.a_passage))
        for (r, i), others in sorted(found.items()):
            facts = reports[r]
            passage = facts.passages[i]
            others.sort(key=lambda o: (-o[0], reports[o[1]].path, o[2]))
            best, br, bi = others[0]
            other = reports[br].passages[bi]
            rest = len(others) - 1
            d = self.diagnostic(
                "copied",
                None,
                target=Target("section", section=passage.section),
                other=reports[br].path,
                where=_where(other.location),
                percent=_percent(best),
                more={
                    "zh": f"；另有 {rest} 份报告也雷同",
                    "en": f"; {rest} more {'report' if rest == 1 else 'reports'} too",
                }
                if rest
                else "",
            )
            d.path = facts.path
            d.location = passage.location
            d.related = tuple(
                Related(
                    None,
                    self._fmt("other", {"agency": reports[o_r].identity.agency or "", "percent": _percent(sim)}),
                    reports[o_r].passages[o_i].location,
                    reports[o_r].path,
                    reports[o_r].passages[o_i].line_text,
                )
                for sim, o_r, o_i in others[:MAX_RELATED]
            )
            yield d


def _percent(similarity: float) -> int:
    return int(similarity * 100 + 1e-9)  # never rounded up to a threshold it did not reach


def _where(location) -> dict[str, str]:
    """The other place, for the message: ``（第 12 行）`` / `` (line 12) ``; a blank when it is unknown."""
    if location is None:
        return {"zh": " ", "en": " "}
    zh = location.describe("zh") or f"第 {location.line} 行"
    en = location.describe("en") or f"line {location.line}"
    return {"zh": f"（{zh}）", "en": f" ({en}) "}
