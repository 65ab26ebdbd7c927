"""One line per diagnostic: ``path:line:col: CODE [severity] message (where)``.

``where`` is the section heading the finding is in and, for Word and PDF, the table cell,
paragraph or page; ``[*]`` marks a finding ``--fix`` can fix (``[*unsafe]``: only with
``--unsafe-fixes``).  ``--statistics`` adds the per-rule counts before the summary line.

Many findings of one rule in one table block (:mod:`xxgk_lint.output.grouping`) take one line that
lists the places (``line:col``) of every finding; the machine formats keep one result per finding.
"""

from __future__ import annotations

from xxgk_lint.output import Context, hyperlink, links_on, other_places, rule_link, statistics, summary_line
from xxgk_lint.output.grouping import Group, group
from xxgk_lint.output.internal import human_lines
from xxgk_lint.output.style import paint


def line(d, ctx: Context) -> str:
    loc = d.location
    where = f"{d.path}:{loc.line}:{loc.column}:" if loc else f"{d.path}:1:1:"
    place = " · ".join(
        x for x in (getattr(d, "context", "") or "", loc.describe(ctx.lang) if loc is not None else "") if x
    )
    extra = f" ({place})" if place else ""
    others = other_places(d, messages=False)  # the other file of a cross-report finding
    if others:
        extra += (" [see " if ctx.lang == "en" else " [参见 ") + ", ".join(others) + "]"
    fix = ""
    if d.fix is not None and ctx.show_fixes:
        fix = " [*]" if d.fix.safe else " [*unsafe]"
    sev = d.severity.label_in(ctx.lang)
    links = links_on(ctx)
    code = hyperlink(paint(d.code, d.severity.label, ctx.color), rule_link(d.code, d.name) if links else None, links)
    return f"{paint(where, 'bold', ctx.color)} {code} [{sev}] {d.text(ctx.lang)}{extra}{fix}"


def group_line(g: Group, ctx: Context) -> str:
    d = g.first
    loc = d.location
    where = f"{d.path}:{loc.line}:{loc.column}:" if loc else f"{d.path}:1:1:"
    rule = ctx.rules.get(d.code)
    summary = (rule.summary.get(ctx.lang) or rule.summary.get("zh", "")) if rule is not None else ""
    places = ", ".join(f"{m.location.line}:{m.location.column}" if m.location is not None else "?" for m in g.members)
    label = "at" if ctx.lang == "en" else "位置"
    context = f" · {d.context}" if d.context else ""
    fix = ""
    f = g.fix
    if f is not None and ctx.show_fixes:
        fix = " [*]" if f.safe else " [*unsafe]"
    sev = g.severity.label_in(ctx.lang)
    links = links_on(ctx)
    code = hyperlink(paint(d.code, g.severity.label, ctx.color), rule_link(d.code, d.name) if links else None, links)
    return (
        f"{paint(where, 'bold', ctx.color)} {code} [{sev}] {g.message(ctx.lang, summary)} "
        f"({label} {places}{context}){fix}"
    )


def render(results, ctx: Context) -> str:
    out = []
    for r in results:
        for item in group(r.diagnostics):
            out.append(group_line(item, ctx) if isinstance(item, Group) else line(item, ctx))
    out += human_lines(results, ctx)
    if ctx.statistics:
        stats = statistics(results, ctx)
        if stats:
            out.append(stats)
    out.append(summary_line(results, ctx))
    return "\n".join(out)
