"""``--format html``: one self-contained page (styles and script inline, nothing fetched) for one or many
reports, for the clerk who wrote them.

Per report: its text and tables as the linter read them (tables drawn as tables, with their merged
cells), every finding highlighted at its place (the cell, the label, the sentence), and beside it the
rule, the message, what to do, the legal basis and the fix.  Filters by severity and rule.  With several
reports, an overview first: agencies × years coloured by errors, and the findings per rule as an inline
SVG chart.  Many findings of one rule in one table block are one grouped card
(:mod:`xxgk_lint.output.grouping`).  Chinese by default, English with ``--lang en``.

Report text and file names are untrusted: every piece of them goes through :func:`html.escape`; the
page carries a Content-Security-Policy that forbids loading anything, and the script reads the page's
own elements only (no ``innerHTML`` from data).

:func:`page` is shared with ``xxgk-lint serve`` (:mod:`xxgk_lint.serve`), which adds an upload form,
fix check boxes and download links.
"""

from __future__ import annotations

import html as _html
import os
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from xxgk_lint.output import (
    Context,
    counts,
    document_of,
    fix_description,
    is_absolute_url,
    other_places,
    rule_url,
    summary_line,
)
from xxgk_lint.output.grouping import Group, group

MAX_EDITS_SHOWN = 6

T = {
    "zh": {
        "title": "政府信息公开工作年度报告检查结果",
        "overview": "总览",
        "agency": "机关",
        "year": "年度",
        "per_rule": "各规则的问题数",
        "filters": "筛选",
        "severity": "级别",
        "rule": "规则",
        "all_rules": "全部规则",
        "findings": "问题",
        "document": "报告原文（按本工具读取的样子）",
        "where": "位置",
        "help": "建议",
        "see": "参见（另一个文件）",
        "fix": "修复",
        "basis": "依据",
        "safe": "安全修复（只改格式，不改内容）",
        "unsafe": "不安全修复（会改变内容，请核对）",
        "no_fix": "需要手动修改",
        "cells": "涉及的单元格",
        "no_findings": "没有发现问题。",
        "unreadable": "无法读取此文件。",
        "not_placed": "以下问题不在正文的某一处（整个文件）",
        "keys": "键盘：j / k 跳到下一个 / 上一个问题，Enter 定位到原文，Esc 返回问题",
        "errors": "错误",
        "warnings": "警告",
        "infos": "提示",
        "fix_selected": "应用勾选的修复并下载修正后的文件",
        "download_html": "下载检查结果（HTML）",
        "download_json": "下载检查结果（JSON）",
        "apply": "应用此修复",
        "upload": "选择或拖入报告文件（.docx .pdf .html .txt .md）",
        "check": "检查",
        "drop": "把文件拖到这里",
        "config": "配置",
        "none": "（无，使用默认设置）",
        "report_n": "报告",
        "unknown": "未知",
        "no_fix_format": "此格式不能自动修复（只能修复 .docx .txt .md）",
        "another": "检查另一个文件",
        "local": "文件只在本机处理，不会上传到任何地方。",
    },
    "en": {
        "title": "Annual information-disclosure report check",
        "overview": "Overview",
        "agency": "agency",
        "year": "year",
        "per_rule": "Findings per rule",
        "filters": "Filter",
        "severity": "severity",
        "rule": "rule",
        "all_rules": "all rules",
        "findings": "Findings",
        "document": "The report as read by the linter",
        "where": "where",
        "help": "what to do",
        "see": "see (another file)",
        "fix": "fix",
        "basis": "basis",
        "safe": "safe fix (form only, the content stays)",
        "unsafe": "unsafe fix (changes the content: check it)",
        "no_fix": "to be fixed by hand",
        "cells": "cells",
        "no_findings": "No findings.",
        "unreadable": "This file cannot be read.",
        "not_placed": "Findings about the whole file",
        "keys": "Keys: j / k next / previous finding, Enter shows it in the report, Esc back to the finding",
        "errors": "errors",
        "warnings": "warnings",
        "infos": "info",
        "fix_selected": "Apply the ticked fixes and download the fixed file",
        "download_html": "Download the findings (HTML)",
        "download_json": "Download the findings (JSON)",
        "apply": "apply this fix",
        "upload": "Choose or drop a report (.docx .pdf .html .txt .md)",
        "check": "Check",
        "drop": "Drop a file here",
        "config": "configuration",
        "none": "(none: default settings)",
        "report_n": "report",
        "unknown": "unknown",
        "no_fix_format": "this format cannot be fixed automatically (only .docx .txt .md)",
        "another": "Check another file",
        "local": "Files are processed on this computer only and never uploaded anywhere.",
    },
}

SEVERITIES = ("error", "warning", "info")


def esc(text) -> str:
    return _html.escape(str(text if text is not None else ""), quote=True)


def _t(ctx: Context, key: str) -> str:
    return T["en" if ctx.lang == "en" else "zh"][key]


@dataclass
class ServeInfo:
    """What the ``serve`` page adds: per result a token (``None``: nothing to fix or download) and the
    configuration in use."""

    tokens: list = field(default_factory=list)
    config: str | None = None
    upload: bool = True


# -- the page --------------------------------------------------------------------------------------
def render(results, ctx: Context) -> str:
    return page(results, ctx)


def page(results, ctx: Context, serve: ServeInfo | None = None) -> str:
    results = list(results)
    parts = []
    for i, r in enumerate(results):
        token = serve.tokens[i] if serve is not None and i < len(serve.tokens) else None
        parts.append(_report(i, r, ctx, token, serve is not None))
    items = [(r, _items(r)) for r in results]
    body = []
    if serve is not None and serve.upload:
        body.append(_upload_form(ctx, serve))
    if results or serve is None:
        from dataclasses import replace as _replace

        # the page has its own fix controls: the summary says no command-line flags
        body.append(
            f'<p class="summary" role="status">{esc(summary_line(results, _replace(ctx, show_fixes=False)))}</p>'
        )
    if len(results) > 1:
        body.append(_overview(results, ctx))
    if results:
        body.append(_filters(items, ctx))
    body.extend(parts)
    csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:" + (
        "; form-action 'self'; connect-src 'self'" if serve is not None else "; form-action 'none'"
    )
    lang = "en" if ctx.lang == "en" else "zh-CN"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(_t(ctx, 'title'))}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>{esc(_t(ctx, "title"))}</h1><p class="keys">{esc(_t(ctx, "keys"))}</p></header>\n'
        f"<main>\n" + "\n".join(body) + f"\n</main>\n<script>{JS}</script>\n</body>\n</html>\n"
    )


def _items(result) -> list:
    return group(list(result.diagnostics))


def _severity_of(item) -> str:
    return item.severity.label


def _upload_form(ctx: Context, serve: ServeInfo) -> str:
    cfg = esc(serve.config) if serve.config else esc(_t(ctx, "none"))
    return (
        f'<section class="upload" aria-label="{esc(_t(ctx, "upload"))}">'
        f'<form id="upload" method="post" action="/check" enctype="multipart/form-data">'
        f'<label for="file" class="drop" id="drop">{esc(_t(ctx, "upload"))}<br>'
        f'<span class="hint">{esc(_t(ctx, "drop"))}</span></label>'
        f'<input id="file" name="file" type="file" accept=".docx,.pdf,.html,.htm,.txt,.md" required>'
        f'<button type="submit">{esc(_t(ctx, "check"))}</button>'
        f'<p class="hint">{esc(_t(ctx, "config"))}: <code>{cfg}</code> · {esc(_t(ctx, "local"))}</p>'
        f"</form></section>"
    )


# -- overview ---------------------------------------------------------------------------------------
_YEAR = re.compile(r"(20\d\d)\s*年")


def _agency_year(result) -> tuple[str, str]:
    report = getattr(result, "report", None)
    title = getattr(report, "title", None)
    title = getattr(title, "text", title)
    title = title.strip() if isinstance(title, str) else ""
    year = getattr(report, "year", None)
    name = os.path.splitext(os.path.basename(result.path))[0]
    agency = ""
    if title:
        m = _YEAR.search(title)
        agency = title[: m.start()].strip() if m else ""
        agency = re.split(r"[:：]", agency)[-1].strip()  # "标题：某县……" -> "某县……"
        if year is None and m:
            year = int(m.group(1))
    if not agency:
        m = _YEAR.search(name) or re.search(r"(20\d\d)", name)
        agency = re.sub(r"[-_ ]*20\d\d[-_ 年度]*", " ", name).strip(" -_") or name
        if year is None and m:
            year = int(m.group(1))
    return agency or name, str(year) if year else "?"


def _overview(results, ctx: Context) -> str:
    grid: dict[tuple[str, str], list[int]] = {}
    for i, r in enumerate(results):
        grid.setdefault(_agency_year(r), []).append(i)
    agencies = sorted({a for a, _ in grid})
    years = sorted({y for _, y in grid})
    rows = [
        f'<tr><th scope="col">{esc(_t(ctx, "agency"))} \\ {esc(_t(ctx, "year"))}</th>'
        + "".join(f'<th scope="col">{esc(y)}</th>' for y in years)
        + "</tr>"
    ]
    for a in agencies:
        cells = [f'<th scope="row">{esc(a)}</th>']
        for y in years:
            idx = grid.get((a, y))
            if not idx:
                cells.append('<td class="ov-none">–</td>')
                continue
            links = []
            worst = 0
            for i in idx:
                c = counts([results[i]])
                worst = max(worst, c["error"])
                links.append(
                    f'<a href="#r{i}">{c["error"]} {esc(_t(ctx, "errors"))} · {c["warning"]} {esc(_t(ctx, "warnings"))}</a>'
                )
            level = 0 if worst == 0 else 1 if worst <= 2 else 2 if worst <= 9 else 3
            cells.append(f'<td class="ov ov-{level}">' + "<br>".join(links) + "</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    table = '<table class="overview">' + "".join(rows) + "</table>"
    return (
        f'<section class="ov-box" aria-labelledby="ov-h"><h2 id="ov-h">{esc(_t(ctx, "overview"))}</h2>'
        f'<div class="scroll">{table}</div><h3>{esc(_t(ctx, "per_rule"))}</h3>{_chart(results, ctx)}</section>'
    )


def _chart(results, ctx: Context) -> str:
    per: dict[str, list] = {}
    for r in results:
        for d in r.diagnostics:
            row = per.setdefault(d.code, [0, d.severity.label, d.name])
            row[0] += 1
            if SEVERITIES.index(d.severity.label) < SEVERITIES.index(row[1]):
                row[1] = d.severity.label
    if not per:
        return f"<p>{esc(_t(ctx, 'no_findings'))}</p>"
    data = sorted(per.items(), key=lambda kv: (-kv[1][0], kv[0]))
    top = max(v[0] for _, v in data)
    bar_h, gap, left, width = 22, 6, 210, 420
    height = len(data) * (bar_h + gap) + gap
    out = [
        f'<svg class="chart" role="img" aria-label="{esc(_t(ctx, "per_rule"))}" viewBox="0 0 {left + width + 60} {height}" '
        f'width="{left + width + 60}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for k, (code, (n, sev, name)) in enumerate(data):
        y = gap + k * (bar_h + gap)
        w = max(2, round(width * n / top))
        out.append(
            f'<g class="bar sev-{sev}"><title>{esc(code)} {esc(name)}: {n}</title>'
            f'<text x="{left - 8}" y="{y + bar_h - 6}" text-anchor="end">{esc(code)} {esc(name[:24])}</text>'
            f'<rect x="{left}" y="{y}" width="{w}" height="{bar_h}" rx="3"></rect>'
            f'<text x="{left + w + 6}" y="{y + bar_h - 6}">{n}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)


# -- filters ----------------------------------------------------------------------------------------
def _filters(items, ctx: Context) -> str:
    sev_n = {s: 0 for s in SEVERITIES}
    rules: dict[str, list] = {}
    for _, its in items:
        for it in its:
            members = it.members if isinstance(it, Group) else [it]
            for d in members:
                sev_n[d.severity.label] += 1
                rules.setdefault(d.code, [d.name, 0])[1] += 1
    boxes = "".join(
        f'<label class="chk sev-{s}"><input type="checkbox" class="f-sev" value="{s}" checked> '
        f"{esc(_t(ctx, s + 's'))} ({sev_n[s]})</label>"
        for s in SEVERITIES
    )
    opts = f'<option value="">{esc(_t(ctx, "all_rules"))}</option>' + "".join(
        f'<option value="{esc(code)}">{esc(code)} {esc(name)} ({n})</option>'
        for code, (name, n) in sorted(rules.items())
    )
    return (
        f'<nav class="filters" aria-label="{esc(_t(ctx, "filters"))}"><fieldset><legend>{esc(_t(ctx, "severity"))}</legend>{boxes}</fieldset>'
        f'<label class="rule-sel">{esc(_t(ctx, "rule"))} <select id="f-rule">{opts}</select></label></nav>'
    )


# -- one report -------------------------------------------------------------------------------------
def _report(i: int, result, ctx: Context, token, serving: bool) -> str:
    doc = _full_document(result)
    items = _items(result)
    fid: dict[int, str] = {}
    for k, it in enumerate(items):
        for d in it.members if isinstance(it, Group) else [it]:
            fid[id(d)] = f"r{i}-f{k}"
    marks = _Marks(i)
    doc_html, placed = (
        _document_html(doc, getattr(result, "report", None), result.diagnostics, fid, marks)
        if doc is not None
        else ("", set())
    )
    c = counts([result])
    head = (
        f'<h2 id="r{i}-h">{esc(result.path)}</h2>'
        f'<p class="counts"><span class="sev-error">{c["error"]} {esc(_t(ctx, "errors"))}</span> · '
        f'<span class="sev-warning">{c["warning"]} {esc(_t(ctx, "warnings"))}</span> · '
        f'<span class="sev-info">{c["info"]} {esc(_t(ctx, "infos"))}</span></p>'
    )
    actions = ""
    writable = doc is not None and getattr(doc, "format", "") in ("docx", "txt", "md")
    if serving and token:
        fix_btn = (
            f'<button type="submit" form="fix-{i}" id="fix-btn-{i}">{esc(_t(ctx, "fix_selected"))}</button>'
            if writable and any(d.fix is not None for d in result.diagnostics)
            else ""
        )
        actions = (
            f'<div class="actions"><form id="fix-{i}" method="post" action="/fix/{esc(token)}"></form>{fix_btn} '
            f'<a class="btn" href="/findings/{esc(token)}.html" download>{esc(_t(ctx, "download_html"))}</a> '
            f'<a class="btn" href="/findings/{esc(token)}.json" download>{esc(_t(ctx, "download_json"))}</a> '
            f'<a class="btn" href="/">{esc(_t(ctx, "another"))}</a></div>'
        )
    cards = []
    for k, it in enumerate(items):
        cards.append(_card(f"r{i}-f{k}", it, doc, ctx, i if serving and token and writable else None, marks.first))
    if not cards:
        cards.append(f'<p class="none">{esc(_t(ctx, "no_findings"))}</p>')
    if doc is None:
        body = f'<p class="unreadable">{esc(_t(ctx, "unreadable"))}</p>'
    else:
        body = f'<div class="doc" lang="zh-CN" aria-label="{esc(_t(ctx, "document"))}">{doc_html}</div>'
    return (
        f'<section class="report" id="r{i}" aria-labelledby="r{i}-h">{head}{actions}<div class="cols">'
        f'<div class="doc-col"><h3>{esc(_t(ctx, "document"))}</h3>{body}</div>'
        f'<div class="find-col"><h3>{esc(_t(ctx, "findings"))}</h3><ol class="findings">{"".join(cards)}</ol></div>'
        f"</div></section>"
    )


def _full_document(result):
    """The result's Document; a light stand-in (cache, --jobs) is replaced by reading the file again."""
    doc = document_of(result)
    if doc is not None and hasattr(doc, "blocks") and hasattr(doc, "text"):
        return doc
    if doc is None and not result.diagnostics:
        pass
    path = result.path
    if not path or not os.path.isfile(path):
        return None
    try:
        from xxgk_lint.readers import read_path

        doc = read_path(path)
    except Exception:  # unreadable now (E001 already says so): show the findings only
        return None
    if getattr(result, "report", None) is None:
        try:
            from xxgk_lint.recognise import recognise

            result.report = recognise(doc)
        except Exception:
            pass
    return doc


def _card(cid: str, item, doc, ctx: Context, fix_form, first_mark: dict) -> str:
    grouped = isinstance(item, Group)
    d = item.first if grouped else item
    sev = _severity_of(item)
    rule = ctx.rules.get(d.code)
    summary = (rule.summary.get(ctx.lang) or rule.summary.get("zh", "")) if rule is not None else ""
    message = item.message(ctx.lang, summary) if grouped else d.text(ctx.lang)
    url = rule_url(d.code, d.name)
    code = f'<a href="{esc(url)}" rel="noreferrer">{esc(d.code)}</a>' if is_absolute_url(url) else esc(d.code)
    loc = d.location
    place = " · ".join(
        x for x in (d.context or "", loc.describe(ctx.lang) if loc is not None and not grouped else "") if x
    )
    out = [
        f'<li class="finding sev-{sev}" id="{cid}" data-sev="{sev}" data-rule="{esc(d.code)}" tabindex="0" '
        f'aria-label="{esc(d.code)} {esc(d.severity.label_in(ctx.lang))}: {esc(message)}">'
        f'<p class="f-head"><span class="badge sev-{sev}">{esc(d.severity.label_in(ctx.lang))}</span> '
        f'<b class="code">{code}</b> <span class="rname">{esc(d.name)}</span></p>'
        f'<p class="msg">{esc(message)}</p>'
    ]
    if place:
        out.append(f'<p class="where"><span class="lbl">{esc(_t(ctx, "where"))}</span> {esc(place)}</p>')
    if grouped:
        lis = []
        for m in item.members:
            mp = m.location.describe(ctx.lang) if m.location is not None else ""
            extra = f' <span class="mp">({esc(mp)})</span>' if mp else ""
            mid = first_mark.get(id(m))
            label = esc(item.member_text(m, ctx.lang))
            lis.append(
                f'<li><a class="jump" href="#{mid}">{label}</a>{extra}</li>' if mid else f"<li>{label}{extra}</li>"
            )
        out.append(
            f'<details class="members" open><summary>{esc(_t(ctx, "cells"))} ({len(item)})</summary>'
            f"<ol>{''.join(lis)}</ol></details>"
        )
    h = d.help_text(ctx.lang)
    if h:
        out.append(f'<p class="help"><span class="lbl">{esc(_t(ctx, "help"))}</span> {esc(h)}</p>')
    others = other_places(d, ctx.lang, ctx.root)  # the other file of a cross-report finding (X80x)
    if others:
        items = "".join(f"<li>{esc(o)}</li>" for o in others)
        out.append(f'<div class="others"><span class="lbl">{esc(_t(ctx, "see"))}</span><ul>{items}</ul></div>')
    fix = item.fix
    if fix is not None and ctx.show_fixes:
        kind = _t(ctx, "safe" if fix.safe else "unsafe")
        edits = []
        text = getattr(doc, "text", None)
        pairs: dict[tuple[str, str], int] = {}
        for pair in _edit_pairs(fix, None if grouped else d, text):
            pairs[pair] = pairs.get(pair, 0) + 1
        for (before, after), n in list(pairs.items())[:MAX_EDITS_SHOWN]:
            times = f' <span class="times">×{n}</span>' if n > 1 else ""
            edits.append(f"<li><del>{esc(before) or '∅'}</del> → <ins>{esc(after) or '∅'}</ins>{times}</li>")
        more = f"<li>… +{len(pairs) - MAX_EDITS_SHOWN}</li>" if len(pairs) > MAX_EDITS_SHOWN else ""
        box = ""
        if fix_form is not None:
            fps = " ".join(m.fingerprint for m in (item.members if grouped else [item]))
            box = (
                f'<label class="apply"><input type="checkbox" name="fix" value="{esc(fps)}" form="fix-{fix_form}"'
                f"{' checked' if fix.safe else ''}> {esc(_t(ctx, 'apply'))}</label>"
            )
        out.append(
            f'<div class="fix fix-{"safe" if fix.safe else "unsafe"}"><p><span class="lbl">{esc(_t(ctx, "fix"))}</span> '
            f'{esc(fix_description(fix, ctx.lang))} <span class="kind">({esc(kind)})</span></p>'
            f'<ul class="edits">{"".join(edits)}{more}</ul>{box}</div>'
        )
    elif d.span is not None:  # a finding about a place in the text (not "the file cannot be read")
        out.append(f'<p class="fix no-fix"><span class="lbl">{esc(_t(ctx, "fix"))}</span> {esc(_t(ctx, "no_fix"))}</p>')
    if rule is not None:
        basis = rule.basis.get(ctx.lang) or rule.basis.get("zh", "")
        if basis:
            out.append(
                f'<details class="basis"><summary>{esc(_t(ctx, "basis"))}</summary><p>{esc(basis)}</p></details>'
            )
    out.append("</li>")
    return "".join(out)


def _edit_pairs(fix, d, text) -> list[tuple[str, str]]:
    """(before, after) of a fix: the finding's whole span before and after its edits when the edits lie
    inside it (a clerk sees "行政规范姓文件 → 行政规范性文件", not "姓 → 性"), else edit by edit."""
    if text is None:
        return [("", e.replacement) for e in fix.edits]
    span = getattr(d, "span", None) if d is not None else None
    if (
        span is not None
        and span.end > span.start
        and span.end - span.start <= 200
        and all(span.start <= e.span.start <= e.span.end <= span.end for e in fix.edits)
    ):
        from xxgk_lint.diagnostics import Edit
        from xxgk_lint.document import Span
        from xxgk_lint.fix import apply_text

        try:
            shifted = [Edit(Span(e.span.start - span.start, e.span.end - span.start), e.replacement) for e in fix.edits]
            return [(text[span.start : span.end], apply_text(text[span.start : span.end], shifted))]
        except Exception:  # overlapping edits: show them one by one
            pass
    return [(text[e.span.start : e.span.end] if e.span.end <= len(text) else "", e.replacement) for e in fix.edits]


# -- the document with its highlights ---------------------------------------------------------------
class _Marks:
    def __init__(self, report_index: int):
        self.prefix = f"r{report_index}-m"
        self.n = 0
        self.first: dict[int, str] = {}  # id(diagnostic) -> the id of its first mark

    def next_id(self) -> str:
        self.n += 1
        return f"{self.prefix}{self.n}"


class _Spans:
    """The findings' spans, sorted, with the finding id and severity of each."""

    def __init__(self, diagnostics, fid):
        rows = []
        for d in diagnostics:
            if d.span is None or id(d) not in fid:
                continue
            rows.append((d.span.start, d.span.end, fid[id(d)], d.severity.label, id(d)))
        rows.sort()
        self.rows = rows
        self.starts = [r[0] for r in rows]
        self.max_len = max((r[1] - r[0] for r in rows), default=0)

    def touching(self, a: int, b: int) -> list[tuple]:
        """Spans overlapping ``[a, b)``, and empty spans (or spans on an empty piece) inside ``[a, b]``."""
        lo = bisect_left(self.starts, a - self.max_len)
        hi = bisect_right(self.starts, b)
        out = []
        for r in self.rows[lo:hi]:
            s, e = r[0], r[1]
            if (s < b and e > a) or (s == e and a <= s <= b) or (a == b and s <= a <= e):
                out.append(r)
        return out


def _document_html(doc, report, diagnostics, fid, marks) -> tuple[str, set]:
    from xxgk_lint.document import Paragraph, RawTable

    spans = _Spans(diagnostics, fid)
    placed: set = set()
    text = doc.text
    table_spans = sorted((s.start, s.end) for s in (getattr(report, "table_spans", None) or []))
    out: list[str] = []
    layout_rows: list = []  # consecutive text lines inside a table region: one <table>

    def in_layout(p) -> bool:
        if doc.format not in ("txt", "md", "pdf"):
            return False
        if table_spans:
            k = bisect_right([s for s, _ in table_spans], p.span.start) - 1
            return k >= 0 and table_spans[k][0] <= p.span.start < table_spans[k][1] and bool(p.text.strip())
        return "\t" in p.text

    def flush():
        if layout_rows:
            out.append(_layout_table(layout_rows, text, spans, placed, marks))
            layout_rows.clear()

    for b in doc.blocks:
        if isinstance(b, RawTable):
            flush()
            out.append(_markup_table(b, text, spans, placed, marks))
        elif isinstance(b, Paragraph):
            if in_layout(b):
                layout_rows.append(b)
                continue
            flush()
            if not b.text.strip():
                if doc.format in ("txt", "md"):
                    continue
            tag = f"h{min(6, b.heading_level + 2)}" if b.heading_level else "p"
            out.append(f'<{tag} class="para">{_piece(text, b.span, b.text, spans, placed, marks)}</{tag}>')
    flush()
    rest = [r for r in spans.rows if r[4] not in placed]
    if rest:  # spans no block covers (e.g. between blocks): pin them at the end
        pins = "".join(_mark("⁁", [r], marks, pin=True) for r in rest)
        out.append(f'<p class="para rest">{pins}</p>')
    return "\n".join(out), placed


def _piece(text: str, span, shown: str, spans: _Spans, placed: set, marks: _Marks) -> str:
    """A paragraph's or cell's text with the findings on it marked."""
    a, b = span.start, span.end
    hits = spans.touching(a, b)
    if not hits:
        return esc(shown)
    if text[a:b] != shown:  # the block's text is not the text at its span: mark the whole block
        for r in hits:
            placed.add(r[4])
        return _mark(shown, hits, marks)
    points = {a, b}
    for s, e, *_ in hits:
        points.add(min(max(s, a), b))
        points.add(min(max(e, a), b))
    cuts = sorted(points)
    out = []
    pins_at: dict[int, list] = {}
    for r in hits:
        placed.add(r[4])
        if r[0] == r[1] or a == b:
            pins_at.setdefault(min(max(r[0], a), b), []).append(r)
    for x, y in zip(cuts, cuts[1:] + [None], strict=False):
        if x in pins_at:
            out.append(_mark("⁁" if a != b else "\u2003", pins_at[x], marks, pin=True))
        if y is None:
            break
        seg = text[x:y]
        cover = [r for r in hits if r[0] < y and r[1] > x and r[0] != r[1]]
        out.append(_mark(seg, cover, marks) if cover else esc(seg))
    return "".join(out)


def _mark(seg: str, rows, marks: _Marks, pin: bool = False) -> str:
    fids = " ".join(dict.fromkeys(r[2] for r in rows))
    worst = min((SEVERITIES.index(r[3]) for r in rows), default=2)
    cls = f"hl sev-{SEVERITIES[worst]}" + (" pin" if pin else "")
    mid = marks.next_id()
    for r in rows:
        marks.first.setdefault(r[4], mid)
    return f'<mark class="{cls}" id="{mid}" data-f="{esc(fids)}" tabindex="0">{esc(seg)}</mark>'


def _cell_td(
    cell_text: str,
    span,
    text: str,
    spans: _Spans,
    placed: set,
    marks: _Marks,
    r: int,
    c: int,
    rowspan: int = 1,
    colspan: int = 1,
    header: bool = False,
) -> str:
    hits = spans.touching(span.start, span.end)
    inner = _piece(text, span, cell_text, spans, placed, marks)
    attrs = f' data-row="{r}" data-col="{c}"'
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    if hits:
        worst = min(SEVERITIES.index(h[3]) for h in hits)
        attrs += f' class="hl-cell sev-{SEVERITIES[worst]}"'
    tag = "th" if header else "td"
    return f"<{tag}{attrs}>{inner}</{tag}>"


def _markup_table(t, text: str, spans: _Spans, placed: set, marks: _Marks) -> str:
    rows = []
    for row in t.rows:
        tds = []
        for cell in row:
            if cell.merged:
                continue
            tds.append(
                _cell_td(
                    cell.text, cell.span, text, spans, placed, marks, cell.row, cell.col, cell.rowspan, cell.colspan
                )
            )
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return f'<div class="scroll"><table class="src">{"".join(rows)}</table></div>'


def _layout_table(paras, text: str, spans: _Spans, placed: set, marks: _Marks) -> str:
    from xxgk_lint.document import Span

    rows = []
    for r, p in enumerate(paras):
        src = text[p.span.start : p.span.end]
        if src != p.text:
            rows.append(
                f'<tr><td data-row="{r}" data-col="0">{_piece(text, p.span, p.text, spans, placed, marks)}</td></tr>'
            )
            continue
        tds = []
        pos = p.span.start
        for c, part in enumerate(src.split("\t")):
            span = Span(pos, pos + len(part))
            tds.append(_cell_td(part, span, text, spans, placed, marks, r, c))
            pos += len(part) + 1
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return f'<div class="scroll"><table class="src layout">{"".join(rows)}</table></div>'


CSS = """
:root{--err:#a4001d;--err-bg:#fde2e6;--warn:#7a4d00;--warn-bg:#fff0c2;--info:#03506a;--info-bg:#d5f2fb;--fg:#1b1b1b;--bg:#fff;--line:#c9ccd1}
*{box-sizing:border-box}
body{margin:0;font:1rem/1.6 system-ui,"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;color:var(--fg);background:var(--bg)}
header{padding:.6rem 1rem;border-bottom:1px solid var(--line);background:#f5f6f8}
h1{font-size:1.35rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1rem 0 .3rem;word-break:break-all}h3{font-size:1rem;margin:.4rem 0}
.keys,.hint{font-size:.85rem;color:#444;margin:.2rem 0}
main{padding:0 1rem 2rem}
.summary{font-weight:600;margin:.8rem 0}
.filters{display:flex;flex-wrap:wrap;gap:.6rem 1.2rem;align-items:center;position:sticky;top:0;background:#fff;z-index:2;padding:.4rem 0;border-bottom:1px solid var(--line)}
.filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.8rem}.filters legend{float:left;margin-right:.6rem;font-weight:600}
.chk{white-space:nowrap}select,button,input{font:inherit}
.cols{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.2rem;align-items:start}
@media (max-width:900px){.cols{grid-template-columns:minmax(0,1fr)}}
.find-col{position:sticky;top:3rem;max-height:calc(100vh - 3.5rem);overflow:auto}
@media (max-width:900px){.find-col{position:static;max-height:none}}
.doc{border:1px solid var(--line);padding:.6rem .8rem;border-radius:4px;background:#fff}
.para{margin:.25rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
.scroll{overflow-x:auto;max-width:100%}
table.src,table.overview{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
table.src td,table.src th,table.overview td,table.overview th{border:1px solid #8a8f98;padding:.15rem .35rem;vertical-align:top;min-width:1.6rem}
table.src td{white-space:pre-wrap}
.hl-cell.sev-error{outline:3px solid var(--err);outline-offset:-3px;background:var(--err-bg)}
.hl-cell.sev-warning{outline:3px solid #c98a00;outline-offset:-3px;background:var(--warn-bg)}
.hl-cell.sev-info{outline:2px dashed var(--info);outline-offset:-2px;background:var(--info-bg)}
mark.hl{color:inherit;border-bottom:3px solid;padding:0 1px;cursor:pointer;border-radius:2px}
mark.sev-error{background:var(--err-bg);border-color:var(--err)}mark.sev-warning{background:var(--warn-bg);border-color:#c98a00}
mark.sev-info{background:var(--info-bg);border-color:var(--info)}
mark.pin{font-weight:700}
mark.hl.off{background:none;border-bottom-color:transparent}
mark.hl.now,.finding.now{box-shadow:0 0 0 3px #1a56db}
:focus-visible{outline:3px solid #1a56db;outline-offset:2px}
.findings{list-style:none;margin:0;padding:0}
.finding{border:1px solid var(--line);border-left:6px solid;border-radius:4px;padding:.4rem .6rem;margin:0 0 .6rem;background:#fff}
.finding.sev-error{border-left-color:var(--err)}.finding.sev-warning{border-left-color:#c98a00}.finding.sev-info{border-left-color:var(--info)}
.finding p{margin:.15rem 0}.msg{font-weight:600}
.badge{display:inline-block;padding:0 .4rem;border-radius:3px;font-size:.85rem;font-weight:700}
.badge.sev-error{background:var(--err);color:#fff}.badge.sev-warning{background:#ffd24d;color:#222}.badge.sev-info{background:var(--info);color:#fff}
.counts .sev-error{color:var(--err)}.counts .sev-warning{color:var(--warn)}.counts .sev-info{color:var(--info)}
.lbl{font-weight:700;margin-right:.3rem}.lbl::after{content:":"}
.rname,.mp,.kind{color:#444}
.edits{margin:.1rem 0 .2rem 1.2rem;padding:0}del{background:#fde2e6}ins{background:#d7f5dd;text-decoration:none}
.times{color:#444;font-weight:600}.jump{color:inherit}
.members ol{margin:.2rem 0;padding-left:1.6rem;max-height:16rem;overflow:auto}
.upload{margin:1rem 0;padding:1rem;border:2px dashed #8a8f98;border-radius:6px}
.drop{display:block;padding:1rem;text-align:center;font-weight:600}
.drop.over{background:#e8f0fe}
.actions{margin:.4rem 0 .8rem;display:flex;flex-wrap:wrap;gap:.6rem}
.btn,button{display:inline-block;padding:.35rem .8rem;border:1px solid #1a56db;border-radius:4px;background:#1a56db;color:#fff;text-decoration:none;cursor:pointer}
a.btn{background:#fff;color:#1a56db}
.ov{text-align:center}.ov-0{background:#d7f5dd}.ov-1{background:#fff0c2}.ov-2{background:#ffc9a8}.ov-3{background:#f7a1ad}
.ov a{color:#111}
svg.chart{max-width:100%;height:auto;font-size:12px}svg.chart text{fill:#1b1b1b}
.bar.sev-error rect{fill:#c8102e}.bar.sev-warning rect{fill:#e0a100}.bar.sev-info rect{fill:#1479a0}
[hidden]{display:none!important}
"""

JS = """
(function(){
  'use strict';
  var cards = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  var marks = Array.prototype.slice.call(document.querySelectorAll('mark.hl'));
  function marksOf(id){ return marks.filter(function(m){ return (' ' + m.getAttribute('data-f') + ' ').indexOf(' ' + id + ' ') >= 0; }); }
  function flash(el){ el.classList.add('now'); setTimeout(function(){ el.classList.remove('now'); }, 1600); }
  function showMark(card){
    var ms = marksOf(card.id);
    if (!ms.length) { return; }
    var m = ms[0];
    var cell = m.closest('td,th');
    m.scrollIntoView({block: 'center'});
    m.focus({preventScroll: true});
    ms.forEach(flash);
    if (cell) { flash(cell); }
  }
  function showCard(mark){
    var ids = (mark.getAttribute('data-f') || '').split(' ');
    for (var i = 0; i < ids.length; i++) {
      var card = document.getElementById(ids[i]);
      if (card && !card.hidden) { card.scrollIntoView({block: 'nearest'}); card.focus({preventScroll: true}); flash(card); return; }
    }
  }
  cards.forEach(function(card){
    card.addEventListener('click', function(ev){
      var t = ev.target;
      if (t.closest('a,button,input,label,summary,select')) { return; }
      showMark(card);
    });
    card.addEventListener('keydown', function(ev){
      if ((ev.key === 'Enter' || ev.key === ' ') && ev.target === card) { ev.preventDefault(); showMark(card); }
    });
  });
  marks.forEach(function(m){
    m.addEventListener('click', function(){ showCard(m); });
    m.addEventListener('keydown', function(ev){
      if (ev.key === 'Enter' || ev.key === ' ' || ev.key === 'Escape') { ev.preventDefault(); showCard(m); }
    });
  });
  function visible(){ return cards.filter(function(c){ return !c.hidden; }); }
  document.addEventListener('keydown', function(ev){
    var t = ev.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) { return; }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (ev.key !== 'j' && ev.key !== 'k') { return; }
    var vis = visible();
    if (!vis.length) { return; }
    var cur = t && t.closest ? t.closest('.finding') : null;
    if (!cur && t && t.matches && t.matches('mark.hl')) {
      var first = document.getElementById((t.getAttribute('data-f') || '').split(' ')[0]);
      cur = first;
    }
    var i = cur ? vis.indexOf(cur) : -1;
    var next = ev.key === 'j' ? vis[Math.min(vis.length - 1, i + 1)] : vis[Math.max(0, i < 0 ? 0 : i - 1)];
    ev.preventDefault();
    next.scrollIntoView({block: 'nearest'});
    next.focus({preventScroll: true});
  });
  var sevBoxes = Array.prototype.slice.call(document.querySelectorAll('.f-sev'));
  var ruleSel = document.getElementById('f-rule');
  function apply(){
    var sev = {};
    sevBoxes.forEach(function(b){ sev[b.value] = b.checked; });
    var rule = ruleSel ? ruleSel.value : '';
    var shown = {};
    cards.forEach(function(c){
      var ok = sev[c.getAttribute('data-sev')] !== false && (!rule || c.getAttribute('data-rule') === rule);
      c.hidden = !ok;
      shown[c.id] = ok;
    });
    marks.forEach(function(m){
      var ids = (m.getAttribute('data-f') || '').split(' ');
      var on = ids.some(function(id){ return shown[id]; });
      m.classList.toggle('off', !on);
      if (on) { m.setAttribute('tabindex', '0'); } else { m.setAttribute('tabindex', '-1'); }
    });
    Array.prototype.forEach.call(document.querySelectorAll('.hl-cell'), function(td){
      var ms = td.querySelectorAll('mark.hl');
      var on = ms.length === 0 || Array.prototype.some.call(ms, function(m){ return !m.classList.contains('off'); });
      td.classList.toggle('hl-off', !on);
    });
  }
  sevBoxes.forEach(function(b){ b.addEventListener('change', apply); });
  if (ruleSel) { ruleSel.addEventListener('change', apply); }
  var drop = document.getElementById('drop');
  var input = document.getElementById('file');
  if (drop && input) {
    ['dragenter', 'dragover'].forEach(function(n){ drop.addEventListener(n, function(ev){ ev.preventDefault(); drop.classList.add('over'); }); });
    ['dragleave', 'drop'].forEach(function(n){ drop.addEventListener(n, function(ev){ ev.preventDefault(); drop.classList.remove('over'); }); });
    drop.addEventListener('drop', function(ev){
      if (ev.dataTransfer && ev.dataTransfer.files && ev.dataTransfer.files.length) {
        input.files = ev.dataTransfer.files;
        document.getElementById('upload').submit();
      }
    });
  }
})();
"""
