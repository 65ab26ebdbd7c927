"""The default, rustc/ruff-like output: location, message, the source line with the span
underlined, what was expected (``help:``), the legal basis, and a summary."""
from __future__ import annotations

from linter.output import Context, statistics, summary_line
from linter.output.style import paint, width

MAX_SHOWN = 120  # characters of a source line shown around the span


def _excerpt(line: str, col: int, length: int) -> tuple[str, int, int]:
    """Cut long lines around the span; return (shown text, caret offset in columns, caret width)."""
    line = line.replace("\t", " ")
    start = col - 1
    end = min(len(line), start + max(length, 1))
    lo = max(0, start - 40)
    hi = min(len(line), max(end + 40, lo + MAX_SHOWN))
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(line) else ""
    shown = prefix + line[lo:hi] + suffix
    caret_at = width(prefix + line[lo:start])
    caret_w = max(1, width(line[start:end]))
    return shown, caret_at, caret_w


def diagnostic(d, doc, ctx: Context) -> list[str]:
    c = ctx.color
    loc = d.location
    where = f"{d.path}:{loc.line}:{loc.column}" if loc else d.path
    sev = d.severity.label
    head = f"{paint(where, 'bold', c)}: {paint(d.code, sev, c)} {paint('[' + d.severity.label_in(ctx.lang) + ']', sev, c)} {d.text(ctx.lang)}"
    out = [head]
    if loc is not None and doc is not None:
        desc = loc.describe(ctx.lang)
        if desc:
            out.append(f"  {paint('-->', 'blue', c)} {desc}")
        line_text = doc.line_text(loc.line)
        if line_text.strip():
            length = (loc.end_column - loc.column) if loc.end_line == loc.line else len(line_text) - loc.column + 1
            shown, at, w = _excerpt(line_text, loc.column, length)
            num = str(loc.line)
            pad = " " * len(num)
            out.append(f"  {pad} {paint('|', 'blue', c)}")
            out.append(f"  {paint(num, 'blue', c)} {paint('|', 'blue', c)} {shown}")
            out.append(f"  {pad} {paint('|', 'blue', c)} {' ' * at}{paint('^' * w, sev, c)}")
    h = d.help_text(ctx.lang)
    if h:
        label = "help" if ctx.lang == "en" else "建议"
        out.append(f"  {paint('= ' + label + ':', 'help', c)} {h}")
    if d.fix is not None and ctx.show_fixes:
        if ctx.lang == "en":
            out.append(f"  {paint('= fix:', 'help', c)} {'fixable with --fix' if d.fix.safe else 'fixable with --fix --unsafe-fixes'}")
        else:
            out.append(f"  {paint('= 修复:', 'help', c)} {'可用 --fix 自动修复' if d.fix.safe else '可用 --fix --unsafe-fixes 修复（会改变内容，请核对）'}")
    rule = ctx.rules.get(d.code)
    if rule is not None:
        basis = rule.basis.get(ctx.lang) or rule.basis.get("zh")
        label = "basis" if ctx.lang == "en" else "依据"
        out.append(f"  {paint('= ' + label + ':', 'dim', c)} {basis}")
    return out


def render(results, ctx: Context) -> str:
    blocks = []
    for r in results:
        for d in r.diagnostics:
            blocks.append("\n".join(diagnostic(d, r.document, ctx)))
    tail = []
    if ctx.statistics:
        stats = statistics(results, ctx)
        if stats:
            tail.append(stats)
    tail.append(paint(summary_line(results, ctx), "bold", ctx.color))
    return "\n\n".join(blocks + ["\n".join(tail)])
