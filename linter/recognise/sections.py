"""Top-level headings ("一、总体情况") and the sections they open, template-aware.

A paragraph is a heading *candidate* when it is short, starts with a Chinese numeral and a
separator, and is not a table label: "一、本年新收政府信息公开申请数量" and "四、结转下年度继续办理" are
rows of table 三, never sections.  A candidate is bound to a template section by its title (exact,
alias, fuzzy, or a keyword of the section together with the section's own number).  A candidate
that binds to nothing — "一、切实提高政治站位" from a pasted document — is a stray heading (S106).
"""
from __future__ import annotations

import re

from xxgk_lint.document import Paragraph, Span
from xxgk_lint.recognise.normalise import cn_number, norm, similarity
from xxgk_lint.report import Heading
from xxgk_lint.templates import Template

HEADING_RE = re.compile(
    r"^(?P<lead>[\s\u3000\u00a0#*]*)(?P<num>[一二三四五六七八九十]{1,3})[\s\u3000]*(?P<sep>[、，,.．:：]|[\s\u3000]+)[\s\u3000*]*(?P<title>.*?)[\s\u3000*]*$"
)
MAX_TITLE = 32
_MATCH_RANK = {"exact": 5, "alias": 4, "info-alias": 4, "fuzzy": 3, "keyword": 2, "none": 0}


def _candidate(p: Paragraph) -> Heading | None:
    text = p.text
    if "\t" in text or not text.strip():
        return None
    m = HEADING_RE.match(text)
    if not m:
        return None
    title = m.group("title")
    nt = norm(title)
    if not nt or len(nt) > MAX_TITLE:
        return None
    # a sentence with inner full stops is a list item, not a heading
    if "。" in title.rstrip("。.． ") or "；" in title:
        return None
    if m.group("sep").strip() == "" and len(nt) > 20:
        return None
    ordinal = cn_number(m.group("num"))
    if ordinal is None:
        return None
    start = p.span.start
    return Heading(number=m.group("num"), ordinal=ordinal, title=title,
                   span=Span(start + m.start("num"), start + len(text.rstrip())),
                   title_span=Span(start + m.start("title"), start + m.start("title") + len(title)),
                   section_id=None)


def _bind(h: Heading, template: Template) -> None:
    nt = norm(h.title)
    best = ("none", 0.0, None)
    for s in template.sections:
        if nt == norm(s["title"]):
            cand = ("exact", 1.0, s["id"])
        elif any(nt == norm(a) for a in s["info_aliases"]):
            cand = ("info-alias", 1.0, s["id"])
        elif any(nt == norm(a) for a in s["aliases"]):
            cand = ("alias", 1.0, s["id"])
        else:
            score = max(similarity(nt, norm(x)) for x in [s["title"], *s["aliases"], *s["info_aliases"]])
            if score >= 0.7:
                cand = ("fuzzy", score, s["id"])
            elif h.ordinal == template.sections.index(s) + 1 and any(k in nt for k in s["keywords"]):
                cand = ("keyword", 0.5, s["id"])
            else:
                continue
        if (_MATCH_RANK[cand[0]], cand[1]) > (_MATCH_RANK[best[0]], best[1]):
            best = cand
    h.match, h.score, h.section_id = best


_BOUND: dict[tuple, tuple] = {}  # (template id, normalised title, ordinal) -> (template, match, score, section id)


def find_headings(paragraphs: list[Paragraph], template: Template, labels) -> list[tuple[int, Heading]]:
    """All top-level heading candidates with their paragraph index, each bound to a section id or
    left unbound (stray)."""
    out = []
    for k, p in enumerate(paragraphs):
        h = _candidate(p)
        if h is None:
            continue
        hit = labels.match(p.text, kinds=("row", "group"))
        if hit is not None and hit.score >= 0.8:
            continue  # a table label such as 四、结转下年度继续办理
        key = (id(template), norm(h.title), h.ordinal)  # what _bind reads: the same title binds the same way
        bound = _BOUND.get(key)
        if bound is None or bound[0] is not template:
            _bind(h, template)
            if len(_BOUND) > 4096:
                _BOUND.clear()
            _BOUND[key] = (template, h.match, h.score, h.section_id)
        else:
            h.match, h.score, h.section_id = bound[1:]
        out.append((k, h))
    _resolve_duplicates([h for _, h in out])
    return out


def _resolve_duplicates(headings: list[Heading]) -> None:
    """Two headings bound to one section: the weaker one, if it is only a keyword or fuzzy hit with
    the wrong number, is treated as stray; otherwise both stay (S102 reports the duplicate)."""
    by_section: dict[str, list[Heading]] = {}
    for h in headings:
        if h.section_id:
            by_section.setdefault(h.section_id, []).append(h)
    for sid, hs in by_section.items():
        if len(hs) < 2:
            continue
        hs_sorted = sorted(hs, key=lambda h: (_MATCH_RANK[h.match], h.score), reverse=True)
        for weak in hs_sorted[1:]:
            if _MATCH_RANK[weak.match] < _MATCH_RANK[hs_sorted[0].match] and weak.match in ("keyword", "fuzzy"):
                weak.section_id, weak.match = None, "none"
