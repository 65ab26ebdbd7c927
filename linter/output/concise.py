"""One line per diagnostic: ``path:line:col: CODE [severity] message``."""
from __future__ import annotations

from linter.output import Context, summary_line
from linter.output.style import paint


def line(d, ctx: Context) -> str:
    loc = d.location
    where = f"{d.path}:{loc.line}:{loc.column}:" if loc else f"{d.path}:1:1:"
    extra = ""
    if loc is not None:
        desc = loc.describe(ctx.lang)
        if desc:
            extra = f" ({desc})"
    fix = ""
    if d.fix is not None and ctx.show_fixes:
        fix = " [*]" if d.fix.safe else " [*unsafe]"
    sev = d.severity.label_in(ctx.lang)
    return (f"{paint(where, 'bold', ctx.color)} {paint(d.code, d.severity.label, ctx.color)} [{sev}] "
            f"{d.text(ctx.lang)}{extra}{fix}")


def render(results, ctx: Context) -> str:
    out = []
    for r in results:
        for d in r.diagnostics:
            out.append(line(d, ctx))
    out.append(summary_line(results, ctx))
    return "\n".join(out)
