"""Recognition: Document -> Report.  Template choice, sections, tables and figures.

Steps, each in its own module:

1. ``sections``: top-level heading candidates bound to template sections (the six sections are the
   same in both editions); stray headings kept apart.  Section headings bound the table regions;
2. ``layout``: table regions rebuilt from text lines (markup tables come from the reader);
3. the report year, from the title, the statistics period or the introduction;
4. template choice: ``--template`` wins; otherwise the year decides (2019-2020 -> 2019 format,
   2021 on -> 2021 format); with no year, the format whose table labels appear.  When the tables
   plainly follow the other format than the year requires, the report is read with the format the
   tables follow and ``report.tables_follow`` records it (T207 reports it), so one wrong choice does
   not cascade into dozens of row errors;
5. ``tables``: every raw table bound to template tables, every figure parsed once.
"""

from __future__ import annotations

import re
from itertools import chain
from typing import cast

from xxgk_lint import templates
from xxgk_lint.document import Document, Paragraph, Span
from xxgk_lint.recognise.labels import LabelIndex, index_for
from xxgk_lint.recognise.layout import build_table, find_regions, page_clutter
from xxgk_lint.recognise.normalise import norm
from xxgk_lint.recognise.sections import find_headings
from xxgk_lint.recognise.tables import bind_tables, label_texts, unique_label_hits
from xxgk_lint.report import Report, Section

_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:至|到|—|-|~)\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日"
)
_INTRO_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?\s*(?:的)?\s*(?:政府信息公开|政务公开)")
_SIGNOFF = re.compile(
    r"^[\s\u3000]*(?:\S.{0,28}(?:人民政府|办公室|办公厅|局|委员会|中心|街道办事处|管委会|政府)(?:[(（]代[)）])?"
    r"|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)[\s\u3000]*$"
)


class _EitherEdition:
    """Label look-up across both editions: a table anchor is a label of either format."""

    _made: dict = {}

    def __new__(cls, *indexes):  # one instance per set of indexes, so that caches keyed by it hit across reports
        made = cls._made.get(indexes)
        if made is None:
            made = cls._made[indexes] = super().__new__(cls)
        return made

    def __init__(self, *indexes):
        self.indexes = indexes

    def match(self, text, hint=None, kinds=None):
        for ix in self.indexes:
            hit = ix.match(text, hint, kinds)
            if hit is not None:
                return hit
        return None


def _others(indexes: dict, edition: str):
    """The label index of every edition but ``edition`` (the one index itself when there are two)."""
    others = [ix for e, ix in indexes.items() if e != edition]
    return others[0] if len(others) == 1 else _EitherEdition(*others)


def _without(paragraphs: list[Paragraph], a: int, b: int, clutter: set[int]) -> list[Paragraph]:
    """The paragraphs ``[a, b)`` of a table region without its page furniture (all of them when that is all)."""
    part = paragraphs[a:b]
    if not clutter or clutter.isdisjoint(range(a, b)):  # most regions cross no page furniture
        return part
    return [p for k, p in enumerate(part, a) if k not in clutter] or part


def _title_and_year(
    paragraphs: list[Paragraph], first_heading: int
) -> tuple[Paragraph | None, int | None, Span | None]:
    head = [p for p in paragraphs[:first_heading] if p.text.strip()][:8]
    title = next((p for p in head if "报告" in p.text and len(norm(p.text)) <= 60), None)
    if title is not None:
        m = _YEAR_IN_TITLE.search(title.text)
        if m:
            return title, int(m.group(1)), Span(title.span.start + m.start(1), title.span.start + m.end(1))
    for p in paragraphs:
        m = _PERIOD.search(p.text)
        if m and m.group(1) == m.group(2):
            return title, int(m.group(1)), Span(p.span.start + m.start(1), p.span.start + m.end(1))
    for p in head:
        m = _INTRO_YEAR.search(p.text)
        if m:
            return title, int(m.group(1)), Span(p.span.start + m.start(1), p.span.start + m.end(1))
    return title, None, None


def _choose_template(year, template_id, evidence):
    if template_id:
        t = templates.load(template_id)
        return t, None, {"zh": f"按选项指定使用 {t.id} 年版格式", "en": f"the {t.id} format was chosen by option"}
    if year is None:
        t = templates.load(max(templates.EDITIONS[::-1], key=evidence.get))  # a tie goes to the newest
        return (
            t,
            None,
            {
                "zh": f"未找到报告年度，按表格内容选用 {t.id} 年版格式",
                "en": f"no report year found; the tables match the {t.id} format best",
            },
        )
    t = templates.for_year(year)
    other = max((e for e in templates.EDITIONS[::-1] if e != t.id), key=evidence.get)
    if evidence[t.id] == 0 and evidence[other] >= 2:
        return (
            templates.load(other),
            other,
            {
                "zh": f"报告年度 {year} 应适用 {t.id} 年版格式，但表格按 {other} 年版填写，故按 {other} 年版核对",
                "en": f"report year {year} requires the {t.id} format, but the tables follow the {other} format; checked against {other}",
            },
        )
    return t, None, {"zh": f"报告年度 {year} 适用 {t.id} 年版格式", "en": f"report year {year} uses the {t.id} format"}


def recognise(doc: Document, template_id: str | None = None) -> Report:
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    markup_tables = [b for b in doc.blocks if not isinstance(b, Paragraph)]
    editions = [templates.load(e) for e in templates.EDITIONS]  # oldest first
    indexes = {t.id: index_for(t) for t in editions}
    either = _EitherEdition(*indexes.values())

    headings = find_headings(paragraphs, editions[-1], either)
    boundaries = {k for k, h in headings if h.section_id}
    clutter = page_clutter(paragraphs)
    # _EitherEdition stands in for a LabelIndex: region finding only calls match()
    regions = find_regions(paragraphs, cast(LabelIndex, either), boundaries, clutter)
    raw_tables = [build_table(_without(paragraphs, a, b, clutter)) for a, b in regions]
    outside: list[range] = []  # the paragraph indexes between the table regions (in order, none overlapping)
    prev = 0
    for a, b in regions:
        outside.append(range(prev, a))
        prev = b
    outside.append(range(prev, len(paragraphs)))
    all_tables = sorted(raw_tables + markup_tables, key=lambda t: t.span.start)

    title, year, year_span = _title_and_year(paragraphs, min(boundaries, default=len(paragraphs)))
    texts = label_texts(all_tables)  # once for every edition
    evidence = {e: unique_label_hits(texts, ix, _others(indexes, e)) for e, ix in indexes.items()}
    template, follows, reason = _choose_template(year, template_id, evidence)

    report = Report(
        document=doc,
        template=template,
        template_reason=reason,
        year=year,
        year_span=year_span,
        title=title,
        headings=[h for _, h in headings],
        format_evidence={k: float(v) for k, v in evidence.items()},
        tables_follow=follows,
    )
    report.tables = bind_tables(all_tables, template, index_for(template))
    report.table_spans = [t.span for t in all_tables]
    report.stray_headings = [h for k, h in headings if not h.section_id and not any(a <= k < b for a, b in regions)]

    heading_of = {k: h for k, h in headings}
    current: Section | None = None
    body = report.body
    for k in chain.from_iterable(outside):  # section headings are never inside a region
        p = paragraphs[k]
        if k in boundaries:
            h = heading_of[k]
            current = Section(definition=template.section(h.section_id), heading=h, span=h.span)
            report.sections.append(current)
            continue
        if not p.text.strip():
            continue
        body.append(p)
        if current is None:
            if p is not title:
                report.intro.append(p)
        else:
            current.paragraphs.append(p)
    for sec in report.sections:  # a section covers its heading and paragraphs (one Span each, not one per paragraph)
        if sec.paragraphs:
            assert sec.span is not None  # a section starts with its heading's span
            sec.span = Span(
                min(sec.span.start, min(p.span.start for p in sec.paragraphs)),
                max(sec.span.end, max(p.span.end for p in sec.paragraphs)),
            )
    for bt in report.tables.values():
        owner = None
        for sec in report.sections:
            if bt.span is not None and sec.heading.span.start <= bt.span.start:
                owner = sec
        if owner is not None:
            assert owner.span is not None and bt.span is not None  # owner is only set when bt.span is not None
            owner.span = owner.span.cover(bt.span)
            owner.tables.append(bt.id)
    if report.sections:  # the sign-off (agency name, date) closing the report is not section content
        last = report.sections[-1]
        while last.paragraphs and _SIGNOFF.match(last.paragraphs[-1].text):
            report.signoff.insert(0, last.paragraphs.pop())
    return report
