"""Command-line interface: ``xxgk-lint check | rules | rule``.

Exit codes: 0 nothing at or above ``--fail-on`` (default ``error``); 1 findings at or above it;
2 usage error or internal failure.  Nothing here prints a traceback unless ``XXGK_LINT_DEBUG=1``.
"""
from __future__ import annotations

import os
import sys

import click

from linter import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split(values) -> list[str]:
    out = []
    for v in values or ():
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _stdout_safe() -> None:
    """A GBK Windows console cannot print every character: replace, never crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("xxgk-lint: 已中断 / interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # never a traceback for a clerk
            if os.environ.get("XXGK_LINT_DEBUG"):
                raise
            click.echo(f"xxgk-lint: 内部错误 / internal error: {type(exc).__name__}: {exc}\n"
                       "请设置 XXGK_LINT_DEBUG=1 重新运行以查看详情并报告此问题。 / "
                       "Set XXGK_LINT_DEBUG=1 for details and please report it.", err=True)
            sys.exit(EXIT_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="xxgk-lint")
def main() -> None:
    """xxgk-lint：政府信息公开工作年度报告检查工具 / a linter for government information-disclosure annual reports.

    \b
    示例 / examples:
      xxgk-lint check 报告.docx
      xxgk-lint check reports/ --format concise
      xxgk-lint rule S101
    """
    _stdout_safe()


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", default=None, help="输出格式 / output format: full, concise.")
@click.option("--select", multiple=True, help="只启用这些规则（代码、前缀或名称，逗号分隔）/ rules to enable.")
@click.option("--extend-select", multiple=True, help="在已选规则之外再启用 / enable in addition.")
@click.option("--ignore", multiple=True, help="停用这些规则 / rules to disable.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="达到此级别的问题使退出码为 1（默认 error）/ severity that fails the run.")
@click.option("--exit-zero", is_flag=True, help="发现问题也以 0 退出 / exit 0 even with findings.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="消息语言 / message language.")
@click.option("--template", type=click.Choice(["2019", "2021"]), default=None,
              help="指定格式版本（默认按报告年度）/ force a format edition.")
@click.option("--plugin", "plugins", multiple=True, help="允许加载的第三方规则插件 / allow a rule plug-in.")
@click.option("--color/--no-color", default=None, help="彩色输出（默认仅在终端）/ colour (default: on a terminal).")
@click.option("--statistics", is_flag=True, help="按规则统计问题数 / count findings per rule.")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False), default=None, help="写入文件而非标准输出 / write to a file.")
def check(paths, fmt, select, extend_select, ignore, fail_on, exit_zero, lang, template, plugins, color,
          statistics, output_file):
    """检查年度报告 / lint reports (files or directories; default: the current directory)."""
    from linter import output
    from linter.diagnostics import Severity
    from linter.runner import FileResult, Linter, Settings, discover
    from linter.selection import SelectionError

    settings = Settings(select=_split(select) or None, extend_select=_split(extend_select), ignore=_split(ignore),
                        template=template, lang=lang or "zh", fail_on=fail_on or "error", plugins=list(plugins))
    fmt = fmt or "full"
    if fmt not in output.FORMATS:
        raise click.UsageError(f"未知的输出格式 {fmt!r} / unknown format {fmt!r}; 可选 / choose from: {', '.join(output.FORMATS)}")
    try:
        linter = Linter(settings)
    except SelectionError as exc:
        raise click.UsageError(str(exc)) from None

    files, missing = discover(paths or ["."], settings.exclude)
    results = []
    e001 = linter.rule("E001")
    for m in missing:
        r = FileResult(m)
        if e001 is not None:
            from linter.readers import ReaderError

            err = ReaderError("missing", "文件或目录不存在", "no such file or directory")
            r.diagnostics.append(linter._stamp(e001.from_error(err), m, None))
        results.append(r)
    for path in files:
        results.append(linter.lint_file(path))

    use_color = color if color is not None else (output_file is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    ctx = output.Context(lang=settings.lang, color=bool(use_color), rules=linter.all_rules, files=len(files),
                         statistics=statistics)
    text = output.render(fmt, results, ctx)
    if output_file:
        with open(output_file, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    else:
        click.echo(text)

    internal = [(r.path, e) for r in results for e in r.internal_errors]
    for path, e in internal:
        click.echo(f"xxgk-lint: 规则内部错误 / internal error in rule {e} on {path}", err=True)
    if internal:
        sys.exit(EXIT_ERROR)
    if exit_zero:
        sys.exit(EXIT_OK)
    threshold = Severity.parse(settings.fail_on)
    failed = any(d.severity >= threshold for r in results for d in r.diagnostics)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@main.command("rules")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--plugin", "plugins", multiple=True, help="同时列出此插件的规则 / include a plug-in's rules.")
def rules_cmd(lang, fmt, plugins):
    """列出全部规则 / list every rule (code, name, severity, fixable)."""
    from linter.registry import load_rules

    rules = load_rules(plugins)
    if fmt == "json":
        import json

        data = [{"code": r.code, "name": r.name, "severity": r.severity.label, "fix": r.fix,
                 "summary": r.summary, "templates": list(r.templates)} for r in rules.values()]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    head = ("代码", "名称", "级别", "修复", "说明") if lang == "zh" else ("code", "name", "severity", "fix", "summary")
    rows = [(r.code, r.name, r.severity.label_in(lang), r.fix or "-", r.summary[lang]) for r in rules.values()]
    from linter.output.style import width

    widths = [max(width(x[i]) for x in [head, *rows]) for i in range(4)]
    for row in [head, *rows]:
        cells = [row[i] + " " * (widths[i] - width(row[i])) for i in range(4)]
        click.echo("  ".join(cells + [row[4]]))


@main.command("rule")
@click.argument("code")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
@click.option("--plugin", "plugins", multiple=True)
def rule_cmd(code, lang, plugins):
    """显示一条规则的完整说明 / explain one rule (code or name)."""
    from linter.registry import load_rules
    from linter.selection import SelectionError, check_known, matches

    rules = load_rules(plugins)
    try:
        check_known([code], rules)
    except SelectionError as exc:
        raise click.UsageError(str(exc)) from None
    for r in rules.values():
        if matches(code, r) and (code.upper() == r.code or code == r.name or code in r.aliases):
            click.echo(r.docs_markdown(lang))
            return
    raise click.UsageError(f"{code!r} 不是单条规则（可能是前缀）/ is not a single rule (a prefix?)")


if __name__ == "__main__":  # pragma: no cover
    main()
