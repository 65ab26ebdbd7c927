"""The default, rustc/ruff-like output: location, message, where in the report (section heading,
Word table cell or PDF page), the source line with the span underlined, related places, what was
expected (``help:``), the fix, the legal basis (once per rule and file), and a summary.  Many findings
of one rule in one table block (:mod:`xxgk_lint.output.grouping`) are shown as one grouped finding
listing the cells, with one fix for all of them.

With colour on, the rule code is a terminal hyperlink (OSC 8) to the rule's documentation.
"""

from __future__ import annotations

from xxgk_lint.output import Context, document_of, hyperlink, line_text, links_on, rule_link, statistics, summary_line
from xxgk_lint.output.grouping import Group, group
from xxgk_lint.output.internal import human_lines
from xxgk_lint.output.style import paint, width

MAX_SHOWN = 120  # characters of a source line shown around the span
MAX_MEMBERS = 20  # cells listed for a grouped finding; the rest are counted


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


def diagnostic(d, doc, ctx: Context, basis_shown: set | None = None) -> list[str]:
    """The lines of one finding.  ``basis_shown``: codes whose legal basis was already printed for this
    file; later findings of the same rule leave the paragraph out."""
    c = ctx.color
    loc = d.location
    where = f"{d.path}:{loc.line}:{loc.column}" if loc else d.path
    sev = d.severity.label
    links = links_on(ctx)
    code = hyperlink(paint(d.code, sev, c), rule_link(d.code, d.name) if links else None, links)
    head = f"{paint(where, 'bold', c)}: {code} {paint('[' + d.severity.label_in(ctx.lang) + ']', sev, c)} {d.text(ctx.lang)}"
    out = [head]
    text = line_text(doc, loc.line) if loc is not None and doc is not None else ""
    context = getattr(d, "context", "") or ""
    if context and context.strip() == text.strip():
        context = ""  # the finding is on the heading itself: the excerpt already shows it
    place = " · ".join(x for x in (context, loc.describe(ctx.lang) if loc is not None else "") if x)
    if place:
        out.append(f"  {paint('-->', 'blue', c)} {place}")
    if loc is not None and text.strip():
        length = (loc.end_column - loc.column) if loc.end_line == loc.line else len(text) - loc.column + 1
        shown, at, w = _excerpt(text, loc.column, length)
        num = str(loc.line)
        pad = " " * len(num)
        out.append(f"  {pad} {paint('|', 'blue', c)}")
        out.append(f"  {paint(num, 'blue', c)} {paint('|', 'blue', c)} {shown}")
        out.append(f"  {pad} {paint('|', 'blue', c)} {' ' * at}{paint('^' * w, sev, c)}")
    for rel in d.related:
        msg = rel.message.get(ctx.lang) or rel.message.get("zh", "")
        rloc = rel.location
        label = "note" if ctx.lang == "en" else "相关"
        rpath = getattr(rel, "path", None) or d.path  # another file: a cross-report finding (X80x)
        at_ = f"{rpath}:{rloc.line}:{rloc.column}" if rloc is not None else rpath
        desc = rloc.describe(ctx.lang) if rloc is not None else ""
        out.append(f"  {paint('= ' + label + ':', 'blue', c)} {at_}{' (' + desc + ')' if desc else ''} {msg}".rstrip())
        if getattr(rel, "path", None) and rloc is not None and rel.line_text.strip():
            shown, _, _ = _excerpt(rel.line_text, rloc.column, max(1, rloc.end_column - rloc.column))
            out.append(f"  {paint(str(rloc.line), 'blue', c)} {paint('|', 'blue', c)} {shown}")
    h = d.help_text(ctx.lang)
    if h:
        label = "help" if ctx.lang == "en" else "建议"
        out.append(f"  {paint('= ' + label + ':', 'help', c)} {h}")
    if d.fix is not None and ctx.show_fixes:
        out.append(_fix_line(d.fix, ctx))
    out.append(_basis_line(d.code, ctx, basis_shown))
    return [x for x in out if x]


def _fix_line(fix, ctx: Context, count: int = 1) -> str:
    c = ctx.color
    if ctx.lang == "en":
        how = "fixable with --fix" if fix.safe else "fixable with --fix --unsafe-fixes"
        if count > 1:
            how = f"one fix for all {count}: {how}"
        return f"  {paint('= fix:', 'help', c)} {how}"
    how = "可用 --fix 自动修复" if fix.safe else "可用 --fix --unsafe-fixes 修复（会改变内容，请核对）"
    if count > 1:
        how = f"一次修复全部 {count} 处：{how}"
    return f"  {paint('= 修复:', 'help', c)} {how}"


def _basis_line(code: str, ctx: Context, basis_shown: set | None) -> str:
    """The legal basis once per rule and file: later findings of the rule leave it out ("" then)."""
    c = ctx.color
    rule = ctx.rules.get(code)
    if rule is None:
        return ""
    if basis_shown is not None:
        if code in basis_shown:
            return ""
        basis_shown.add(code)
    label = "basis" if ctx.lang == "en" else "依据"
    basis = rule.basis.get(ctx.lang) or rule.basis.get("zh")
    return f"  {paint('= ' + label + ':', 'dim', c)} {basis}"


def grouped(g: Group, doc, ctx: Context, basis_shown: set | None = None) -> list[str]:
    """The lines of a grouped finding: one head, the place, the cells it covers (one line each, at most
    ``MAX_MEMBERS``), what to do, one fix for all of them and the legal basis."""
    c = ctx.color
    d = g.first
    loc = d.location
    where = f"{d.path}:{loc.line}:{loc.column}" if loc else d.path
    sev = g.severity.label
    links = links_on(ctx)
    code = hyperlink(paint(d.code, sev, c), rule_link(d.code, d.name) if links else None, links)
    rule = ctx.rules.get(d.code)
    summary = (rule.summary.get(ctx.lang) or rule.summary.get("zh", "")) if rule is not None else ""
    out = [
        f"{paint(where, 'bold', c)}: {code} {paint('[' + g.severity.label_in(ctx.lang) + ']', sev, c)} "
        f"{g.message(ctx.lang, summary)}"
    ]
    if d.context:
        out.append(f"  {paint('-->', 'blue', c)} {d.context}")
    shown = g.members[:MAX_MEMBERS]
    at = [f"{m.location.line}:{m.location.column}" if m.location is not None else "" for m in shown]
    pad = max((len(a) for a in at), default=0)
    for m, a in zip(shown, at, strict=False):
        place = m.location.describe(ctx.lang) if m.location is not None else ""
        extra = f" ({place})" if place else ""
        out.append(f"  {paint('|', 'blue', c)} {a.ljust(pad)}  {g.member_text(m, ctx.lang)}{extra}")
    rest = len(g) - len(shown)
    if rest > 0:
        more = (
            f"… and {rest} more (--format concise or json lists every one)"
            if ctx.lang == "en"
            else f"……另有 {rest} 处（--format concise 或 json 逐条列出）"
        )
        out.append(f"  {paint('|', 'blue', c)} {more}")
    h = d.help_text(ctx.lang)
    if h:
        label = "help" if ctx.lang == "en" else "建议"
        out.append(f"  {paint('= ' + label + ':', 'help', c)} {h}")
    fix = g.fix
    if fix is not None and ctx.show_fixes:
        out.append(_fix_line(fix, ctx, len(g)))
    out.append(_basis_line(d.code, ctx, basis_shown))
    return [x for x in out if x]


def file_blocks(r, ctx: Context) -> list[str]:
    """The blocks of one file's findings (joined by blank lines), as :mod:`xxgk_lint.output.stream` writes them."""
    blocks = []
    doc = document_of(r)
    shown: set = set()
    for item in group(r.diagnostics):
        if isinstance(item, Group):
            blocks.append("\n".join(grouped(item, doc, ctx, shown)))
        else:
            blocks.append("\n".join(diagnostic(item, doc, ctx, shown)))
    return blocks


def tail(results, ctx: Context) -> str:
    """Internal errors, ``--statistics`` and the summary line (``results`` may be a Tally)."""
    tail = human_lines(results, ctx)
    if ctx.statistics:
        stats = statistics(results, ctx)
        if stats:
            tail.append(stats)
    tail.append(paint(summary_line(results, ctx), "bold", ctx.color))
    return "\n".join(tail)


def render(results, ctx: Context) -> str:
    blocks = []
    for r in results:
        blocks += file_blocks(r, ctx)
    return "\n\n".join(blocks + [tail(results, ctx)])
