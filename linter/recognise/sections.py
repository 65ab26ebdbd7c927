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
# what both heading patterns (HEADING_RE, _RUN_IN) start with: lines without it are never headings.  Anchored
# like them, so that it stays linear even under search (a run of blanks tried at every offset is quadratic)
_NUMERAL_START = re.compile(r"^[\s\u3000\u00a0#*]*[一二三四五六七八九十]")
# the numeral and separator of a heading that shares its paragraph with the section's first sentence
_RUN_IN = re.compile(
    r"^(?P<lead>[\s\u3000\u00a0#*]*)(?P<num>[一二三四五六七八九十]{1,2})[\s\u3000]*[、，,.．:：][\s\u3000*]*"
)
# what follows a section title when the words still belong to a sentence about it, not to a new sentence
_CONTINUES = (
    "的",
    "之",
    "及",
    "和",
    "与",
    "等",
    "方面",
    "良好",
    "较好",
    "稳定",
    "平稳",
    "有所",
    "得到",
    "不断",
    "持续",
    "明显",
    "如下",
)
# how the first sentence of a section usually begins: a worded title ("……及改进措施") is split off only before one
_OPENER = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年|[（(][一二三四五六七八九十]{1,2}[)）]|[一二三四五六七八九十]是|本(?:机关|单位|局|委|年|年度|部门|中心|办|报告)|"
    r"我(?:局|委|办|中心|单位|区|县|市|镇|乡|们|部门)|今年|全年|无[。.．]?$|无其他)"
)
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
    return Heading(
        number=m.group("num"),
        ordinal=ordinal,
        title=title,
        span=Span(start + m.start("num"), start + len(text.rstrip())),
        title_span=Span(start + m.start("title"), start + m.start("title") + len(title)),
        section_id=None,
    )


def _bind(h: Heading, template: Template) -> None:
    nt = norm(h.title)
    best: tuple[str, float, str | None] = ("none", 0.0, None)
    for s in template.sections:
        if nt == norm(s.title):
            cand = ("exact", 1.0, s.id)
        elif any(nt == norm(a) for a in s.info_aliases):
            cand = ("info-alias", 1.0, s.id)
        elif any(nt == norm(a) for a in s.aliases):
            cand = ("alias", 1.0, s.id)
        else:
            score = max(similarity(nt, norm(x)) for x in [s.title, *s.aliases, *s.info_aliases])
            if score >= 0.7:
                cand = ("fuzzy", score, s.id)
            elif h.ordinal == s.ordinal and any(k in nt for k in s.keywords):
                cand = ("keyword", 0.5, s.id)
            else:
                continue
        if (_MATCH_RANK[cand[0]], cand[1]) > (_MATCH_RANK[best[0]], best[1]):
            best = cand
    h.match, h.score, h.section_id = best


_BOUND: dict[tuple, tuple] = {}  # (template id, normalised title, ordinal) -> (template, match, score, section id)


def _title_prefix(rest: str, title: str) -> int | None:
    """Length of the shortest prefix of ``rest`` that is ``title`` (compared normalised), or None."""
    want = norm(title)
    if not want:
        return None
    for j in range(len(title), min(len(rest), 2 * len(title) + 6) + 1):
        got = norm(rest[:j])
        if got == want:
            return j
        if len(got) > len(want):
            return None
    return None


def run_in_heading(p: Paragraph, template: Template) -> int | None:
    """Where a run-in heading ends: "五、存在的主要问题及改进情况2023年，本单位……" (as Word exports a bold run
    heading followed by the section's first sentence in one paragraph) gives the length of
    "五、存在的主要问题及改进情况".  Only the template's own title (or an alias) of the section with that
    number counts, and only when a new sentence follows it, so ordinary sentences that start with
    "一、" stay body text."""
    m = _RUN_IN.match(p.text)
    if not m or "\t" in p.text:
        return None
    ordinal = cn_number(m.group("num"))
    if ordinal is None or not 1 <= ordinal <= len(template.sections):
        return None
    section = template.sections[ordinal - 1]
    rest = p.text[m.end() :]
    titles = sorted({section.title, *section.aliases, *section.info_aliases}, key=len, reverse=True)
    for title in titles:
        k = _title_prefix(rest, title)
        if k is None:
            continue
        tail = rest[k:].lstrip(" \t\u3000\u00a0*：:")
        if not tail.strip(" 。.．") or tail.startswith(_CONTINUES):
            return None  # a plain heading (perhaps with a full stop), or the title goes on as a sentence
        return m.end() + k
    # a worded title ("五、存在的主要问题及改进措施2023年，……"): close to the template's title, and followed by
    # the way a section's first sentence begins
    best = None
    for j in range(4, min(len(rest), 2 * max(len(t) for t in titles) + 6)):
        if not _OPENER.match(rest[j:].lstrip(" \t\u3000\u00a0*：:")):
            continue
        head = norm(rest[:j])
        score = max(similarity(head, norm(t)) for t in titles)
        if score >= 0.8 and (best is None or score > best[0]):
            best = (score, j)
    return m.end() + best[1] if best is not None else None


def _split_run_in(paragraphs: list[Paragraph], template: Template, numbered: list[int]) -> bool:
    """Split run-in headings off their paragraphs, in place (the heading, then the body text); only the
    paragraphs at indexes ``numbered`` (those that start with a numeral) can hold one.  True when one was split."""
    cuts = {}
    for k in numbered:
        p = paragraphs[k]
        if p.text[:8].strip() and _RUN_IN.match(p.text):
            cut = run_in_heading(p, template)
            if cut is not None:
                cuts[k] = cut
    if not cuts:
        return False
    out: list[Paragraph] = []
    for k, p in enumerate(paragraphs):
        cut = cuts.get(k)
        if cut is None:
            out.append(p)
            continue
        head = p.text[:cut].rstrip(" \t\u3000\u00a0*")
        body_at = cut + (len(p.text[cut:]) - len(p.text[cut:].lstrip(" \t\u3000\u00a0*：:")))
        start = p.span.start
        out.append(Paragraph(head, Span(start, start + len(head)), heading_level=p.heading_level))
        out.append(Paragraph(p.text[body_at:], Span(start + body_at, p.span.end)))
    paragraphs[:] = out
    return True


def _numbered(paragraphs: list[Paragraph]) -> list[int]:
    """Indexes of the paragraphs that start (after blanks and markup marks) with a Chinese numeral."""
    start = _NUMERAL_START.match
    return [k for k, p in enumerate(paragraphs) if start(p.text)]


def find_headings(paragraphs: list[Paragraph], template: Template, labels) -> list[tuple[int, Heading]]:
    """All top-level heading candidates with their paragraph index, each bound to a section id or
    left unbound (stray).  A run-in heading (:func:`run_in_heading`) is first split off its paragraph:
    ``paragraphs`` is updated in place, so the indexes returned refer to the list as it is after."""
    numbered = _numbered(paragraphs)
    if _split_run_in(paragraphs, template, numbered):
        numbered = _numbered(paragraphs)
    out = []
    for k in numbered:  # a heading starts with its numeral: no other paragraph is a candidate
        p = paragraphs[k]
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
    for _sid, hs in by_section.items():
        if len(hs) < 2:
            continue
        hs_sorted = sorted(hs, key=lambda h: (_MATCH_RANK[h.match], h.score), reverse=True)
        for weak in hs_sorted[1:]:
            if _MATCH_RANK[weak.match] < _MATCH_RANK[hs_sorted[0].match] and weak.match in ("keyword", "fuzzy"):
                weak.section_id, weak.match = None, "none"
