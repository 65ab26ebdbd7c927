"""GitHub Actions: workflow-command annotations, the full log, and a step summary.

* One ``::group::PATH`` … ``::endgroup::`` fold per file with findings.  Inside it, the
  annotations (``::error file=…,line=…,endLine=…,col=…,endColumn=…,title=CODE name::message``,
  ``::warning`` / ``::notice`` for warnings / infos) and the plain ``concise`` line of every finding,
  so the log always holds the complete list.
* GitHub keeps at most 10 error and 10 warning annotations per step (notices likewise) and 50 per
  job, and drops the rest silently; we stop at those caps (``MAX_PER_STEP``, ``MAX_PER_JOB``)
  and say how many were left out.  Errors are never crowded out by warnings: the caps are per level.
* When ``$GITHUB_STEP_SUMMARY`` is set, a Markdown summary is appended to that file: counts per
  severity, the most frequent rules, and the first ``SUMMARY_FINDINGS`` findings, errors first.

Escaping follows actions/toolkit ``command.ts``: in the message ``%``, CR and LF; in property
values also ``:`` and ``,``.  Report text and file names are untrusted: inside commands every value is
escaped so it cannot end the command, and the plain log lines go through
:func:`xxgk_lint.output.safe.log_line`, so no line printed from a report's content or a file name can
start a workflow command (``::error``, ``::stop-commands::``) or carry terminal escapes.
"""

from __future__ import annotations

import os

from xxgk_lint.output import (
    Context,
    Tally,
    ci_root,
    counts,
    internal,
    is_absolute_url,
    other_places,
    relpath,
    rule_url,
    statistics,
    statistics_data,
    summary_line,
)
from xxgk_lint.output.concise import line as concise_line
from xxgk_lint.output.safe import log_line, printable

MAX_PER_STEP = {"error": 10, "warning": 10, "notice": 10}
MAX_PER_JOB = 50
SUMMARY_RULES = 10
SUMMARY_FINDINGS = 20
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d, ctx: Context) -> str:
    command = COMMANDS[d.severity.label]
    props = [("file", printable(relpath(d.path, ci_root(ctx))))]
    loc = d.location
    if loc is not None:
        props += [("line", str(loc.line))]
        if loc.end_line and loc.end_line != loc.line:
            props += [("endLine", str(loc.end_line))]
        props += [("col", str(loc.column))]
        if loc.end_line == loc.line and loc.end_column > loc.column:
            props += [("endColumn", str(loc.end_column))]
    props.append(("title", printable(f"{d.code} {d.name}")))
    message = printable(d.text(ctx.lang), keep_newlines=True)
    extra = []
    place = " · ".join(x for x in (getattr(d, "context", ""), loc.describe(ctx.lang) if loc else "") if x)
    if place:
        extra.append(("where: " if ctx.lang == "en" else "位置：") + printable(place))
    h = d.help_text(ctx.lang)
    if h:
        extra.append(("help: " if ctx.lang == "en" else "建议：") + printable(h))
    for other in other_places(d, ctx.lang, ci_root(ctx)):  # the other file of a cross-report finding
        extra.append(("see: " if ctx.lang == "en" else "参见：") + printable(other))
    if extra:
        message += "\n" + "\n".join(extra)
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{command} {head}::{escape_data(message)}"


class _Budget:
    def __init__(self):
        self.used = {k: 0 for k in MAX_PER_STEP}
        self.total = 0
        self.dropped = {k: 0 for k in MAX_PER_STEP}

    def take(self, command: str) -> bool:
        if self.used[command] >= MAX_PER_STEP[command] or self.total >= MAX_PER_JOB:
            self.dropped[command] += 1
            return False
        self.used[command] += 1
        self.total += 1
        return True


def _dropped_line(dropped: dict[str, int], lang: str) -> str:
    n = sum(dropped.values())
    per = MAX_PER_STEP
    if lang == "en":
        parts = ", ".join(f"{v} {k}{'s' if v != 1 else ''}" for k, v in dropped.items() if v)
        return (
            f"xxgk-lint: {n} annotation{'s' if n != 1 else ''} left out ({parts}): GitHub shows at most "
            f"{per['error']} errors and {per['warning']} warnings per step and {MAX_PER_JOB} per job. "
            "Every finding is listed in the log above; the job summary has the counts per rule."
        )
    names = {"error": "错误", "warning": "警告", "notice": "提示"}
    parts = "、".join(f"{names[k]} {v} 个" for k, v in dropped.items() if v)
    return (
        f"xxgk-lint: 另有 {n} 个标注未显示（{parts}）：GitHub 每个步骤最多显示 {per['error']} 个错误和 "
        f"{per['warning']} 个警告标注，每个作业最多 {MAX_PER_JOB} 个。全部问题见上方日志，作业摘要中有按规则的统计。"
    )


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def step_summary(results, ctx: Context) -> str:
    """The Markdown written to ``$GITHUB_STEP_SUMMARY``."""
    en = ctx.lang == "en"
    c = counts(results)
    out = ["## xxgk-lint", ""]
    out.append(summary_line(results, ctx))
    out.append("")
    if not any(c[k] for k in ("error", "warning", "info")):
        return "\n".join(out) + "\n"
    if en:
        out += ["| errors | warnings | infos | fixable |", "|---:|---:|---:|---:|"]
    else:
        out += ["| 错误 | 警告 | 提示 | 可自动修复 |", "|---:|---:|---:|---:|"]
    out += [f"| {c['error']} | {c['warning']} | {c['info']} | {c['fixable']} |", ""]
    rows = statistics_data(results)
    out += [("### Most frequent rules" if en else "### 最常见的问题"), ""]
    out += ["| rule | name | severity | count |" if en else "| 规则 | 名称 | 级别 | 数量 |", "|---|---|---|---:|"]
    for row in rows[:SUMMARY_RULES]:
        url = rule_url(row["code"], row["name"])
        # a relative docs path would resolve against the run's page: link only to a published site
        code = f"[{row['code']}]({url})" if is_absolute_url(url) else row["code"]
        out.append(f"| {code} | {row['name']} | {row['severity']} | {row['count']} |")
    if len(rows) > SUMMARY_RULES:
        more = len(rows) - SUMMARY_RULES
        out.append("")
        out.append(f"… {more} more rule{'s' if more != 1 else ''}" if en else f"…… 另有 {more} 条规则")
    out.append("")
    if isinstance(results, Tally):  # a streamed run kept the first findings of each severity
        shown = [d for label in ("error", "warning", "info") for d in results.top[label]][:SUMMARY_FINDINGS]
        total = c["error"] + c["warning"] + c["info"]
    else:
        diags = [d for r in results for d in r.diagnostics]
        # the most severe first, in file order within a severity
        shown = sorted(diags, key=lambda d: -int(d.severity))[:SUMMARY_FINDINGS]
        total = len(diags)
    out += [("### Findings" if en else "### 问题列表"), ""]
    out += ["| where | rule | severity | message |" if en else "| 位置 | 规则 | 级别 | 说明 |", "|---|---|---|---|"]
    for d in shown:
        where = relpath(d.path, ci_root(ctx)) + (f":{d.location.line}" if d.location is not None else "")
        out.append(
            f"| `{_cell(printable(where))}` | {d.code} | {d.severity.label_in(ctx.lang)} | "
            f"{_cell(printable(d.text(ctx.lang)))} |"
        )
    if total > len(shown):
        more = total - len(shown)
        out.append("")
        out.append(f"… and {more} more: see the job log." if en else f"…… 另有 {more} 个问题，见作业日志。")
    return "\n".join(out) + "\n"


def write_step_summary(results, ctx: Context) -> bool:
    """Append the summary to ``$GITHUB_STEP_SUMMARY`` when set; return whether it was written."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(step_summary(results, ctx))
    except OSError:
        return False  # a summary is a courtesy: never fail the lint over it
    return True


def file_lines(r, ctx: Context, budget: _Budget) -> list[str]:
    """One file's lines as :mod:`xxgk_lint.output.stream` writes them: its internal errors (always shown;
    they take from the budget), then its fold of annotations and plain lines.  ``ctx`` without colour."""
    rel = printable(relpath(r.path, ci_root(ctx)))
    out = [_internal_error(rel, rule, message, ctx, budget) for rule, message in internal.of(r)]
    return out + _group(r, rel, ctx, budget)


def _internal_error(rel: str, rule: str | None, message: str, ctx: Context, budget: _Budget) -> str:
    """The ``::error`` annotation of an internal error (always shown; it takes from the budget)."""
    budget.take("error")
    title = f"xxgk-lint internal error {rule}" if rule else "xxgk-lint internal error"
    head = f"file={escape_property(rel)},title={escape_property(title)}"
    return f"::error {head}::{escape_data(internal.line(rel, rule, message, ctx.lang))}"


def _group(r, rel: str, ctx: Context, budget: _Budget) -> list[str]:
    """A file's fold: its annotations (as many as the budget allows), then every finding as a plain line."""
    if not r.diagnostics:
        return []
    out = [f"::group::{escape_data(rel)}"]
    for d in r.diagnostics:
        if budget.take(COMMANDS[d.severity.label]):
            out.append(annotation(d, ctx))
    for d in r.diagnostics:
        out.append(log_line(concise_line(d, ctx)))
    out.append("::endgroup::")
    return out


def tail(tally: Tally, ctx: Context, budget: _Budget) -> list[str]:
    """What follows the files in a streamed run: the annotations left out, ``--statistics``, the summary line
    (and the step summary is written)."""
    plain = Context(**{**ctx.__dict__, "color": False})
    out: list[str] = []
    if any(budget.dropped.values()):
        out.append(_dropped_line(budget.dropped, ctx.lang))
    if ctx.statistics:
        stats = statistics(tally, plain)
        if stats:
            out.append(stats)
    out.append(summary_line(tally, ctx))
    write_step_summary(tally, ctx)
    return out


def render(results, ctx: Context) -> str:
    plain = Context(**{**ctx.__dict__, "color": False})  # workflow logs: no ANSI in the plain lines
    budget = _Budget()
    # the internal errors first, so no finding crowds them out
    out = [
        _internal_error(printable(relpath(path, ci_root(ctx))), rule, message, ctx, budget)
        for path, rule, message in internal.entries(results)
    ]
    for r in results:
        out += _group(r, printable(relpath(r.path, ci_root(ctx))), plain, budget)
    return "\n".join(out + tail(results, ctx, budget))
