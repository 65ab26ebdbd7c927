"""Figures the prose states, found once per report and shared by the N rules (``narrative(report)``).

* :class:`Stated` — a figure the text states about a table quantity (收到申请 2 件, 未收到…申请 = 0),
  found by the patterns of ``linter/templates/<edition>.statements.json``, with the cell sums it may be
  compared with;
* :class:`Count` — every counted figure of the prose (``214 条``, ``两件``, ``十二条``) with its unit,
  and :class:`Share` — every stated share (``占总数的 8.4%``, ``占比 43%``);
* :class:`Breakdown` — "共 X 条，其中 a 条、b 条…" (or a parenthesised list right after the total).

Only body paragraphs are read (tables, the title and page furniture are not prose).  Full-width digits
and signs are folded one character for one, so every span is an offset into ``Document.text``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from xxgk_lint.document import Span
from xxgk_lint.templates.statements import CellRef, Statement

_FOLD_MAP = {
    **{chr(0xFF10 + i): str(i) for i in range(10)},
    "％": "%",
    "．": ".",
    "　": " ",
    "\u00a0": " ",
    "：": ":",
    "－": "-",
    "／": "/",
}
_FOLD_RX = re.compile("[" + "".join(_FOLD_MAP) + "]")


def fold(text: str) -> str:
    """Full-width digits and signs folded to ASCII, one character for one (so offsets stay valid).
    (A regular expression finds the few characters to fold: ``str.translate`` is slow on CJK text.)"""
    if _FOLD_RX.search(text) is None:
        return text
    return _FOLD_RX.sub(lambda m: _FOLD_MAP[m.group(0)], text)


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}
UNITS = "人次|万元|件|条|篇|个|项|起|宗|份|期|场|家|次|批|元"
# ``NUMBER`` followed by a unit, linear (issue 16): the same matches as ``NUMBER + \s* + UNITS`` under
# ``finditer``, without the starts that cannot match where an earlier start of the same run did not.
# A digit run is tried from its first digit only (``\d+`` from inside a run reaches the same end); a grouped
# figure (1,234,567) not from a digit within two of its comma (the digit before takes it in) nor from a
# three-digit group after a comma (the start of the previous group takes it in); a Chinese numeral from the
# first character of its run only.  The pattern starts with the number's first character, a character class
# (``re`` then skips ahead to the next digit or numeral instead of trying the look-arounds at every
# character), and the look-arounds follow it, each widened by that one character:
# ``(?<!\d)\d+`` is ``\d(?<!\d\d)\d*``, and so on.  tests/test_count_pattern.py compares it with the
# plain pattern.
_CN_NUMERAL = "零〇一二两三四五六七八九十百千万"
_COUNT_NUMBER = (
    r"[\d" + _CN_NUMERAL + r"]"
    r"(?:(?<=\d)"
    r"(?:(?!(?<=\d\d)\d?[,，])(?!(?<=\d[,，]\d)\d{2}[,，])\d{0,2}(?:[,，]\d{3})+(?!\d)(?:\.\d+)?"  # 1,234,567
    r"|(?<!\d\d)\d*(?:\.\d+)?)"  # 1234 or 12.5
    r"|(?<=[" + _CN_NUMERAL + r"])(?<![" + _CN_NUMERAL + r"][" + _CN_NUMERAL + r"])[" + _CN_NUMERAL + r"]*)"  # 三十
)
_COUNT = re.compile(r"(?P<n>" + _COUNT_NUMBER + r")\s*(?P<u>" + UNITS + r")")
# a share of the total only: 占总数的 / 占比 / 占申请总数的; not 占全市…的 (another base)
_SHARE = re.compile(
    r"(?:占(?:比|比重|比例)?(?:(?:(?!全[市省县区国州])[^，。；,;%\d]){0,4}?(?:总数|总量|总体|全部))?(?:的)?(?:比例|比重)?"
    r"(?:为|是|达)?|比例为|比重为)\s*(?P<p>\d+(?:\.\d+)?)\s*%"
)
_LIST_ENDS = re.compile(r"[，,；;。]\s*(?:另外|此外|另有|同时|还|并|全年|累计|截至)")
_SENT_END = re.compile(r"[。！？!?\n]")
_TOTAL_MARK = re.compile(r"(?:共|共计|累计|合计|总计|总数|总量|总共)(?:为|达|有)?[^，。；,;\d]{0,12}?$")
_NOT_EXHAUSTIVE = re.compile(r"^\s*(?:等|等等|……|…)")
_EXAMPLES = re.compile(r"^[：:，,\s]*(?:主要有|主要包括|包括|如|例如|比如)")
_REST = re.compile(r"(?:其他|其余|其它|剩余)[^，。；、,;\d]{0,12}$")


def cn_number(s: str) -> int | None:
    """两 -> 2, 十二 -> 12, 一百零五 -> 105, 三千 -> 3000; None when not a numeral."""
    if not s:
        return None
    if all(c in _CN_DIGITS for c in s):
        if len(s) == 1:
            return _CN_DIGITS[s]
        return int("".join(str(_CN_DIGITS[c]) for c in s))  # 二〇一九
    total, section, digit = 0, 0, None
    for c in s:
        if c in _CN_DIGITS:
            if digit is not None and _CN_DIGITS[c] != 0:
                return None  # 二三 inside a unit numeral: not a number
            digit = _CN_DIGITS[c] or None
        elif c in _CN_UNITS:
            u = _CN_UNITS[c]
            if u == 10_000:
                total += (section + (digit or 0)) * u
                section = 0
            else:
                section += (digit if digit is not None else 1) * u
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def parse_number(raw: str) -> Decimal | None:
    if raw[:1].isdigit():
        try:
            return Decimal(raw.replace(",", "").replace("，", ""))
        except InvalidOperation:
            return None
    v = cn_number(raw)
    return Decimal(v) if v is not None else None


@dataclass(slots=True)
class Sentence:
    text: str  # folded (same length as the original)
    start: int  # offset of text[0] in Document.text
    section: str | None

    def span(self, a: int, b: int) -> Span:
        return Span(self.start + a, self.start + b)


@dataclass(slots=True)
class Stated:
    statement: Statement
    value: Decimal
    raw: str
    span: Span  # the figure (or the whole wording for a zero statement)
    sentence: Span
    accept: tuple[tuple[CellRef, ...], ...]
    section: str | None = None


@dataclass(slots=True)
class Count:
    value: Decimal
    raw: str
    unit: str
    span: Span
    at: int  # offset in the sentence
    end: int


@dataclass(slots=True)
class Share:
    percent: Decimal
    decimals: int
    span: Span
    at: int
    end: int


@dataclass(slots=True)
class Breakdown:
    total: Count
    parts: list[Count]
    exhaustive: bool  # the list ends with 其他 / 其余
    examples: bool  # 等 / 主要有: the parts are examples
    sentence: Span
    span: Span  # the total to the last part
    labels: list[str] = field(default_factory=list)  # the wording before each part (其中 or the previous part to it)


@dataclass
class Narrative:
    stated: list[Stated] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    shares: list[tuple[Share, Count, Count]] = field(default_factory=list)  # (share, figure, base)


def sentences(report) -> list[Sentence]:
    """The sentences of the report's body that hold a figure or a wording of zero (``_maybe``): the only
    ones :func:`narrative` reads (a paragraph without any is not split)."""
    out = []
    secs = report.sections
    starts = [sec.heading.span.start for sec in secs]
    ordered = starts == sorted(starts)  # as recognise makes them: a bisection gives what section_at gives
    for p in report.body:
        text = fold(p.text)
        if not _maybe(text):
            continue
        if ordered:
            k = bisect_right(starts, p.span.start) - 1
            section = secs[k] if k >= 0 else None
        else:
            section = report.section_at(p.span.start)
        sid = section.id if section else None
        a = 0
        for m in _SENT_END.finditer(text + "\n"):
            b = m.end() if m.start() < len(text) else len(text)
            chunk = text[a:b]
            if chunk.strip():
                out.append(Sentence(chunk, p.span.start + a, sid))
            a = b
    return out


def _overlaps(span: Span, claimed: list[Span]) -> bool:
    return any(span.start < c.end and c.start < span.end for c in claimed)


_CLAUSE = re.compile(r"[；;]")
_ANY_FIGURE = re.compile(r"[\d零〇一二两三四五六七八九十](?:\s*(?:" + UNITS + r"|%))")
# a figure, or a wording of zero (未, 无, 没有): one character class (which re scans for quickly) and one
# plain search, not an alternation tried at every character
_MAYBE_CHAR = re.compile(r"[\d零〇一二两三四五六七八九十百千万未无]")


def _maybe(text: str) -> bool:
    """Whether ``text`` may hold a figure or a wording of zero."""
    return _MAYBE_CHAR.search(text) is not None or "没有" in text


def _stated(sentence: Sentence, statements: list[Statement]) -> list[Stated]:
    """Statements found in one sentence, among ``statements``: those whose trigger the sentence holds
    (``_Triggers.select``).  Patterns, ``require`` and ``exclude`` are read per clause
    (the sentence cut at ；); ``exclude`` only looks at the clause up to a few characters after the match,
    so a later clause or list ("…8件，申请事项涉及机构设置信息1件") does not hide the statement."""
    out: list[Stated] = []
    claimed: list[Span] = []
    full = sentence.text
    a = 0
    clauses = []
    for m in _CLAUSE.finditer(full + "；"):
        if full[a : m.start()].strip():  # a blank clause holds no statement
            clauses.append((a, full[a : m.start()]))
        a = m.end()
    for st in statements:
        if any(r.search(full) for r in st.exclude_sentence):
            continue
        if st.sections and sentence.section not in st.sections and "政府信息公开" not in full:
            continue
        for off, text in clauses:
            if any(not r.search(text) for r in st.require):
                continue
            accept = None  # the cells the clause's wording names: looked up at its first match
            if st.figure_test is None or st.figure_test.search(text):  # no figure with its unit: no pattern matches
                found = [(m, m.start("n"), m.end("n"), m.group("n")) for rx in st.patterns for m in rx.finditer(text)]
            else:
                found = []
            found += [(m, m.start(), m.end(), None) for rx in st.zero_patterns for m in rx.finditer(text)]
            for m, a, b, raw in found:
                whole = Span(sentence.start + off + m.start(), sentence.start + off + m.end())
                if _overlaps(whole, claimed) or any(r.search(text[: m.end() + 6]) for r in st.exclude):
                    continue
                value = parse_number(raw) if raw is not None else Decimal(0)
                if value is None:
                    continue
                claimed.append(whole)
                if accept is None:
                    accept = st.accepted(text)
                span = Span(sentence.start + off + a, sentence.start + off + b)
                out.append(
                    Stated(
                        st,
                        value,
                        raw if raw is not None else m.group(0),
                        span,
                        sentence.span(0, len(full)),
                        accept,
                        sentence.section,
                    )
                )
    return out


def _counts(sentence: Sentence) -> list[Count]:
    out = []
    text = sentence.text
    for m in _COUNT.finditer(text):
        raw = m.group("n")
        if not raw[:1].isdigit():
            # a Chinese numeral counts only as a whole word: not 统一件, 第三条, 一是
            prev = text[m.start() - 1 : m.start()]
            if prev in ("第", "统", "单", "唯", "逐", "每", "同") or len(raw) > 6:
                continue
        elif "." in raw and m.group("u") not in ("万元", "元"):
            continue
        v = parse_number(raw)
        if v is None:
            continue
        out.append(Count(v, raw, m.group("u"), sentence.span(m.start("n"), m.end("n")), m.start(), m.end()))
    return out


def _shares(sentence: Sentence) -> list[Share]:
    out = []
    for m in _SHARE.finditer(sentence.text):
        p = m.group("p")
        out.append(
            Share(
                Decimal(p),
                len(p.split(".")[1]) if "." in p else 0,
                sentence.span(m.start(), m.end()),
                m.start(),
                m.end(),
            )
        )
    return out


_QIZHONG = re.compile(r"其中")
_PUNCT_GAP = re.compile(r"\s*[，,：:；;]?\s*")
_STOP = re.compile(r"[。；;]")
_CLOSE = re.compile(r"[）)]")


def _share_of(after: str) -> bool:
    r"""Whether ``after`` opens with 占 (spaces and one comma before it allowed): what ``\s*[，,]?\s*占``
    matches, in string methods (a module-level ``\s*`` pattern is quadratic under ``search``)."""
    t = after.lstrip()
    if t.startswith(("，", ",")):
        t = t[1:].lstrip()
    return t.startswith("占")


_NEW_TOTAL = re.compile(r"(?:共|合计|总计|累计)[^，、。；,;\d]{0,6}$")


def _breakdowns(sentence: Sentence, counts: list[Count]) -> list[Breakdown]:
    text = sentence.text
    out = []
    for m in _QIZHONG.finditer(text):
        before = [c for c in counts if c.end <= m.start()]
        if not before:
            continue
        total = before[-1]
        gap = text[total.end : m.start()]
        paren = gap.strip() in ("（", "(")  # \s*[（(]\s*
        if not (paren or _PUNCT_GAP.fullmatch(gap)):
            # a total further back counts only when the text marks it as one (共 / 累计 / 合计 …)
            if not _TOTAL_MARK.search(text[max(0, total.at - 14) : total.at]) or _STOP.search(gap):
                continue
        end = len(text)
        if paren:
            close = _CLOSE.search(text, m.end())
            end = close.start() if close else len(text)
        nxt = _QIZHONG.search(text, m.end(), end)
        if nxt:
            end = nxt.start()
        parts, depth, last_end = [], 0, m.end()
        cands = [c for c in counts if m.end() <= c.at and c.end <= end]
        for c in cands:
            seg = text[last_end : c.at]
            depth += seg.count("（") + seg.count("(") - seg.count("）") - seg.count(")")
            last_end = c.at
            if depth > 0 or c.unit != total.unit:
                continue
            after = text[c.end : c.end + 3]
            if not _share_of(after) and after.lstrip().startswith("%"):
                continue
            if _NEW_TOTAL.search(text[max(m.end(), c.at - 8) : c.at]) or _LIST_ENDS.search(seg):
                break  # another total or another statement begins: the list ended
            parts.append(c)
        if len(parts) < 2 or any(p.value >= total.value for p in parts):
            continue  # one part as large as the total: overlapping channels, not a partition
        tail = text[parts[-1].end : end]
        last_label = text[(parts[-2].end if len(parts) > 1 else m.end()) : parts[-1].at]
        examples = bool(_NOT_EXHAUSTIVE.match(tail) or _EXAMPLES.match(text[m.end() : m.end() + 6]))
        exhaustive = bool(_REST.search(last_label)) and not examples
        labels = [text[(parts[i - 1].end if i else m.end()) : p.at].strip(" ，,、：:；;") for i, p in enumerate(parts)]
        out.append(
            Breakdown(
                total,
                parts,
                exhaustive,
                examples,
                sentence.span(0, len(text)),
                Span(total.span.start, parts[-1].span.end),
                labels,
            )
        )
    return out


def _share_pairs(
    sentence_text: str, shares: list[Share], counts: list[Count], bds: list[Breakdown]
) -> list[tuple[Share, Count, Count]]:
    out = []
    for sh in shares:
        before = [c for c in counts if c.end <= sh.at]
        if not before:
            continue
        fig = before[-1]
        # no other share between the figure and this one: the share names the figure right before it
        if any(fig.end <= o.at < sh.at for o in shares if o is not sh):
            continue
        base = None
        for bd in bds:
            if any(p is fig for p in bd.parts):
                base = bd.total
        if base is None and not _TOTAL_MARK.search(sentence_text[max(0, fig.at - 14) : fig.at]):
            marked = [
                c
                for c in before[:-1]
                if c.unit == fig.unit and _TOTAL_MARK.search(sentence_text[max(0, c.at - 14) : c.at])
            ]
            if marked:
                base = marked[-1]
        if base is None or base.value == 0 or base.unit != fig.unit:
            continue
        out.append((sh, fig, base))
    return out


MAX_SENTENCE = 3000  # characters: longer "sentences" are not prose (bounds the list and share pairing)
# a trigger that is only plain words (申请, 予以公开|同意公开): it matches exactly where one of them occurs
_PLAIN_WORDS = re.compile(r"[^\\.^$*+?{}\[\]()|]+(?:\|[^\\.^$*+?{}\[\]()|]+)*")


@dataclass(frozen=True, slots=True)
class _Triggers:
    """The triggers of one statement set, arranged once (``_triggers``) so that a sentence finds the
    statements whose trigger it holds without searching every trigger."""

    any: re.Pattern | None  # matches where some statement's trigger does (None: one has no trigger)
    words: dict[str, tuple[int, ...]]  # each word of a plain trigger -> the statements (indexes) it triggers
    tested: tuple[int, ...]  # statements whose trigger is not plain words (or is absent): checked one by one

    def select(self, statements: tuple[Statement, ...], text: str) -> list[Statement]:
        """The statements (in order) whose trigger matches ``text``, or that have none."""
        chosen = {i for w, ids in self.words.items() if w in text for i in ids}
        for i in self.tested:
            trigger = statements[i].trigger
            if trigger is None or trigger.search(text):
                chosen.add(i)
        return [statements[i] for i in sorted(chosen)]


_TRIGGERS: dict[int, tuple[tuple[Statement, ...], _Triggers]] = {}


def _triggers(statements: tuple[Statement, ...]) -> _Triggers:
    """The arranged triggers of ``statements`` (one entry per statement set: the editions' cached tuples)."""
    got = _TRIGGERS.get(id(statements))
    if got is not None and got[0] is statements:
        return got[1]
    words: dict[str, list[int]] = {}
    tested = []
    for i, st in enumerate(statements):
        if st.trigger is not None and _PLAIN_WORDS.fullmatch(st.trigger.pattern) and not st.trigger.flags & re.I:
            for w in st.trigger.pattern.split("|"):
                words.setdefault(w, []).append(i)
        else:
            tested.append(i)
    if not tested:  # plain words only: one alternation of them (Python's re scans for their first letters)
        any_rx = re.compile("|".join(words))
    elif all(st.trigger is not None for st in statements):
        any_rx = re.compile("|".join(f"(?:{st.trigger.pattern})" for st in statements if st.trigger is not None))
    else:
        any_rx = None
    arranged = _Triggers(any_rx, {w: tuple(ids) for w, ids in words.items()}, tuple(tested))
    _TRIGGERS[id(statements)] = (statements, arranged)
    return arranged


def narrative(report) -> Narrative:
    """The report's narrative figures, computed once (``report.memoised``)."""
    return report.memoised("narrative", lambda: _narrative(report))


def _narrative(report) -> Narrative:
    from xxgk_lint.templates import statements as st_data

    result = Narrative()
    statements: tuple[Statement, ...] = ()
    if report.template is not None:
        try:
            statements = st_data.load(report.template.id)
        except st_data.StatementsError:
            statements = ()
    triggers = _triggers(statements) if statements else None
    for s in sentences(report):
        if triggers is not None and _maybe(s.text) and (triggers.any is None or triggers.any.search(s.text)):
            result.stated.extend(_stated(s, triggers.select(statements, s.text)))
        if _ANY_FIGURE.search(s.text) is None or len(s.text) > MAX_SENTENCE:
            continue  # no figure; or not prose (a hostile or broken file): lists and shares are not read
        counts = _counts(s)
        bds = _breakdowns(s, counts) if "其中" in s.text else []
        result.breakdowns.extend(bds)
        if "%" in s.text:
            result.shares.extend(_share_pairs(s.text, _shares(s), counts, bds))
    return result
