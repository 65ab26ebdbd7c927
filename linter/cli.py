"""Command-line interface: ``xxgk-lint check | config | rules | rule``.

Exit codes: 0 nothing at or above ``--fail-on`` (default ``error``); 1 findings at or above it;
2 usage, configuration or baseline error, or internal failure.  Nothing here prints a traceback unless
``XXGK_LINT_DEBUG=1``.

``check`` turns its options into a :class:`xxgk_lint.session.CheckOptions` and runs a
:class:`xxgk_lint.session.Session` (settings per file from its closest configuration file, discovery and
exclusions, the cache, ``--jobs``, the fix loop, the baseline and the exit code), then renders one output
format (``github`` by default in GitHub Actions).  Other commands are added with ``main.add_command``.
"""

from __future__ import annotations

import os
import re
import sys
import typing

import click

from xxgk_lint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_RULE_ERROR = re.compile(r"^[A-Z]{1,2}\d{3,4} \(")  # "T201 (KeyError: ...)": a rule crashed


EXTRACT_FORMATS = ("json", "csv", "sqlite")  # xxgk_lint.extract.FORMATS (kept here: no import at start-up)


def _edition_option(ctx, param, value):
    """``--template``: one of the editions the template data has (``templates.EDITIONS``, read only when
    the option is given: importing the templates costs start-up time)."""
    if value is None:
        return None
    from xxgk_lint.templates import EDITIONS

    if value not in EDITIONS:
        raise click.BadParameter(
            f"未知的格式版本 {value!r}，可选 / unknown edition {value!r}, choose from: {', '.join(EDITIONS)}"
        )
    return value


def _split(values) -> list[str]:
    out: list[str] = []
    for v in values or ():
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _stdout_safe() -> None:
    """A GBK Windows console cannot print every character: replace, never crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # io.TextIOWrapper's; sys.stdout is typed TextIO
        try:
            if reconfigure is not None:
                reconfigure(errors="replace")
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
        except BrokenPipeError:  # the reader went away (`xxgk-lint rules | head`): stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # Python's final flush must not fail again
            sys.exit(EXIT_FINDINGS)
        except Exception as exc:  # never a traceback for a clerk
            if os.environ.get("XXGK_LINT_DEBUG"):
                raise
            click.echo(
                f"xxgk-lint: 内部错误 / internal error: {type(exc).__name__}: {exc}\n"
                "请设置 XXGK_LINT_DEBUG=1 重新运行以查看详情并报告此问题。 / "
                "Set XXGK_LINT_DEBUG=1 for details and please report it.",
                err=True,
            )
            sys.exit(EXIT_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="xxgk-lint")
@click.option(
    "--debug", is_flag=True, help="内部错误时显示调用栈（同 XXGK_LINT_DEBUG=1）/ show tracebacks of internal errors."
)
def main(debug: bool = False) -> None:
    """xxgk-lint：政府信息公开工作年度报告检查工具 / a linter for government information-disclosure annual reports.

    \b
    示例 / examples:
      xxgk-lint check 报告.docx
      xxgk-lint check reports/ --format concise
      xxgk-lint rule S101
    """
    if debug:
        os.environ["XXGK_LINT_DEBUG"] = "1"  # read by the runner, also in --jobs workers
    _stdout_safe()


def _option(name: str):
    """A fresh ``click.option`` decorator for an option several commands share (``check``, ``config``,
    ``extract``), so each is declared once.  (A decorator object made once and applied to two commands
    would share its parameter between them: one per use.)"""
    args, kwargs = _SHARED_OPTIONS[name]
    return click.option(*args, **kwargs)


_SHARED_OPTIONS: dict[str, tuple[tuple[str, ...], dict]] = {
    "--extend-exclude": (
        ("--extend-exclude",),
        {"multiple": True, "help": "再排除这些文件或目录（通配符）/ exclude more paths (globs)."},
    ),
    "--lang": (
        ("--lang",),
        {"type": click.Choice(["zh", "en"]), "default": None, "help": "消息语言 / message language."},
    ),
    "--template": (
        ("--template",),
        {
            "callback": _edition_option,
            "metavar": "EDITION",
            "default": None,
            "help": "指定格式版本（默认按报告年度）/ force a format edition.",
        },
    ),
    "--config": (
        ("--config", "config_file"),
        {
            "type": click.Path(dir_okay=False),
            "default": None,
            "help": "对所有文件使用此配置文件 / use this configuration file for every file.",
        },
    ),
    "--isolated": (("--isolated",), {"is_flag": True, "help": "忽略所有配置文件 / ignore every configuration file."}),
    "--output-file": (
        ("--output-file", "-o"),
        {"type": click.Path(dir_okay=False), "default": None, "help": "写入文件而非标准输出 / write to a file."},
    ),
    "--force-exclude": (
        ("--force-exclude/--no-force-exclude",),
        {
            "default": True,
            "help": "配置的排除规则也适用于命令行明确给出的文件（默认开启）/ apply exclusions to files named explicitly "
            "(default: on).",
        },
    ),
    "--jobs": (
        ("--jobs", "-j"),
        {
            "type": click.IntRange(min=0),
            "default": 1,
            "show_default": True,
            "help": "并行进程数（0 = 全部 CPU）/ worker processes (0: one per CPU).",
        },
    ),
}


def _settings_options(f):
    """Options that set configuration values (shared by ``check`` and ``config``)."""
    opts = [
        click.option("--select", multiple=True, help="只启用这些规则（代码、前缀或名称，逗号分隔）/ rules to enable."),
        click.option("--extend-select", multiple=True, help="在已选规则之外再启用 / enable in addition."),
        click.option("--ignore", multiple=True, help="停用这些规则 / rules to disable."),
        _option("--extend-exclude"),
        click.option(
            "--fail-on",
            type=click.Choice(["error", "warning", "info"]),
            default=None,
            help="达到此级别的问题使退出码为 1（默认 error）/ severity that fails the run.",
        ),
        _option("--lang"),
        _option("--template"),
        click.option("--plugin", "plugins", multiple=True, help="允许加载的第三方规则插件 / allow a rule plug-in."),
        _option("--config"),
        _option("--isolated"),
        click.option(
            "--cache-dir",
            type=click.Path(file_okay=False),
            default=None,
            help="缓存目录（默认 .xxgk-lint-cache）/ cache directory.",
        ),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


class _ConfigProblem(click.ClickException):
    """A configuration or baseline problem: exit code 2, a clear bilingual message, no traceback."""

    exit_code = EXIT_ERROR

    def show(self, file=None):
        click.echo(f"xxgk-lint: 配置错误 / configuration error: {self.format_message()}", err=True)


def _resolver(o: dict, use_validation_cache: bool = True):
    """The configuration resolver for the settings options ``o`` (:func:`_settings_options`)."""
    from xxgk_lint.config import CliOptions, ConfigError, Resolver

    cli = CliOptions(
        select=_split(o["select"]) or None,
        extend_select=_split(o["extend_select"]),
        ignore=_split(o["ignore"]),
        extend_exclude=_split(o["extend_exclude"]),
        template=o["template"],
        lang=o["lang"],
        fail_on=o["fail_on"],
        plugins=_split(o["plugins"]),
        cache_dir=o["cache_dir"],
    )
    try:
        return Resolver(cli, config=o["config_file"], isolated=o["isolated"], use_validation_cache=use_validation_cache)
    except ConfigError as exc:
        raise _ConfigProblem(str(exc)) from None


def _warn(msg: str) -> None:
    click.echo(msg, err=True)


class _ProgressBar:
    """A progress bar on stderr (rich, imported only when shown): a terminal and more than 50 files, never in CI."""

    def __init__(self, total: int):
        self.bar = None
        if total <= 50 or not sys.stderr.isatty() or os.environ.get("CI") or os.environ.get("GITHUB_ACTIONS"):
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("检查 / linting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.bar.add_task("", total=total)
        self.bar.start()

    def advance(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _default_format(output) -> str:
    if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in output.FORMATS:
        return "github"
    return "full"


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    default=None,
    help="输出格式 / output format: full, concise, json, sarif, github, junit, html（GitHub Actions 中默认 github）.",
)
@_settings_options
@click.option("--exit-zero", is_flag=True, help="发现问题也以 0 退出 / exit 0 even with findings.")
@click.option(
    "--color",
    type=click.Choice(["always", "never", "auto"]),
    is_flag=False,
    flag_value="always",
    default=None,
    help="彩色输出：always（也用于管道和文件）、never、auto（默认，仅在终端）/ colour: always (also into a pipe), never, auto (default: on a terminal).",
)
@click.option("--no-color", is_flag=True, help="不用彩色 / no colour (= --color never).")
@click.option(
    "--statistics",
    is_flag=True,
    help="按规则统计问题数，并按机关×年度汇总 / count findings per rule, and per agency and year (after the findings).",
)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="在标准错误输出中列出每个文件识别出的机关、年度及其来源 / print each file's agency and year and where they came from (stderr).",
)
@_option("--output-file")
@click.option("--show-fixes/--no-show-fixes", default=True, help="显示可修复提示 / show which findings are fixable.")
@click.option("--fix", is_flag=True, help="自动修复安全的问题 / apply safe fixes.")
@click.option("--unsafe-fixes", is_flag=True, help="同时应用会改变内容的修复（如空白填 0）/ also apply unsafe fixes.")
@click.option(
    "--diff", "show_diff", is_flag=True, help="只显示修复的差异，不写文件 / print the fixes as a diff, write nothing."
)
@click.option(
    "--stdin-filename",
    default=None,
    help="从标准输入（路径 -）读取时使用的文件名 / file name for input read from stdin (path '-').",
)
@_option("--force-exclude")
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="忽略基线文件中已记录的问题 / ignore the findings recorded in this baseline file.",
)
@click.option(
    "--update-baseline",
    is_flag=True,
    help="把当前所有问题写入 --baseline 文件（并删去过时记录）/ write the current findings to the --baseline file.",
)
@_option("--jobs")
@click.option("--no-cache", is_flag=True, help="不读写缓存 / do not read or write the cache.")
def check(paths, fmt, **o):
    """检查年度报告 / lint reports (files or directories; default: the current directory; '-' reads stdin)."""
    from xxgk_lint import output
    from xxgk_lint.session import CheckOptions, RunError, load_baseline

    fmt = fmt or _default_format(output)
    if fmt not in output.FORMATS:
        raise click.UsageError(
            f"未知的输出格式 {fmt!r} / unknown format {fmt!r}; 可选 / choose from: {', '.join(output.FORMATS)}"
        )
    if o["update_baseline"] and not o["baseline_file"]:
        raise click.UsageError(
            "--update-baseline 需要同时给出 --baseline FILE / --update-baseline needs --baseline FILE"
        )
    use_stdin = "-" in paths
    if use_stdin and len(paths) > 1:
        raise click.UsageError(
            "'-'（标准输入）不能与其他路径同时使用 / '-' (stdin) cannot be combined with other paths"
        )
    if use_stdin and (o["fix"] or o["show_diff"]):
        raise click.UsageError(
            "--fix/--diff 不能用于标准输入，请检查文件本身 / --fix and --diff need a file, not stdin"
        )
    try:
        baseline = load_baseline(o["baseline_file"], o["update_baseline"])
    except RunError as exc:
        raise _ConfigProblem(str(exc)) from None
    session = _session(_resolver(o, use_validation_cache=not o["no_cache"]))
    stdin_data = None
    if use_stdin:
        stream = getattr(sys.stdin, "buffer", None)
        stdin_data = stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
    opts = CheckOptions(
        paths=tuple(paths),
        fix=o["fix"],
        unsafe_fixes=o["unsafe_fixes"],
        diff=o["show_diff"],
        stdin_data=stdin_data,
        stdin_filename=o["stdin_filename"],
        force_exclude=o["force_exclude"],
        baseline=o["baseline_file"],
        update_baseline=o["update_baseline"],
        jobs=o["jobs"],
        use_cache=not o["no_cache"],
        fail_on=o["fail_on"],
        lang=o["lang"],
    )
    writer = None if opts.diff else _Output(fmt, session, o, paths=opts.paths)
    try:
        try:
            outcome = session.check(opts, baseline=baseline, sink=writer)
        except RunError as exc:
            raise _ConfigProblem(str(exc)) from None
        if outcome.diffs is not None:
            click.echo("".join(outcome.diffs), nl=False)
            sys.exit(outcome.exit_code())
        assert writer is not None
        writer.close(outcome)
    finally:
        if writer is not None:
            writer.release()
    # full and concise on stdout already show each internal error in place; stderr gets them otherwise
    shown = fmt in ("full", "concise") and not o["output_file"]
    for path, e in [] if shown else outcome.internal_errors:
        if _RULE_ERROR.match(e):
            click.echo(f"xxgk-lint: 规则内部错误 / internal error in rule {e} on {path}", err=True)
        else:
            click.echo(f"xxgk-lint: 内部错误 / internal error on {path}: {e}", err=True)
    sys.exit(outcome.exit_code(o["exit_zero"]))


class _Output:
    """The output of ``check`` as the session streams results into it (:mod:`xxgk_lint.output.stream`):
    stdout or ``--output-file`` (opened at the first write, so it is never among the files discovered),
    and the ``--verbose`` identity lines on stderr as each file is done."""

    def __init__(self, fmt: str, session, o: dict, paths=()):
        from xxgk_lint import output
        from xxgk_lint.output.stream import Writer

        self.o, self.session = o, session
        self.lang = o["lang"] or "zh"  # else the first file's (set at the first result, see _language)
        self.lang_known = bool(o["lang"])
        self.out_file = o["output_file"]
        self.fh: typing.IO[str] | None = None
        color = "never" if o["no_color"] else (o["color"] or "auto")
        self.use_color = color == "always" or (
            color == "auto" and self.out_file is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        )
        ctx = output.Context(
            lang=self.lang,
            color=self.use_color,
            rules=session.all_rules(),
            statistics=o["statistics"],
            show_fixes=o["show_fixes"],
        )
        self.writer = Writer(fmt, ctx, self._write, repository_summary=o["statistics"], rich=self.use_color)
        self.rule_sets = len(session.pool._rules)

    def _language(self, path: str) -> None:
        """Without ``--lang``: the language of the first file's settings, for the whole output."""
        if not self.lang_known:
            self.lang = self.writer.ctx.lang = _settings(self.session, path).lang
            self.lang_known = True

    def add(self, result) -> None:
        self._language(result.path)
        pool = self.session.pool
        if len(pool._rules) != self.rule_sets:  # plug-ins load with the settings of the files that allow them
            self.rule_sets = len(pool._rules)
            self.writer.ctx.rules = self.session.all_rules()
        self.writer.add(result)
        if self.o["verbose"]:
            from xxgk_lint.output import relpath
            from xxgk_lint.output.summary import identity_line, identity_of

            click.echo(f"xxgk-lint: {identity_line(relpath(result.path), identity_of(result), self.lang)}", err=True)

    def across(self, results) -> None:
        self.writer.across(results)

    def close(self, outcome) -> None:
        self._language(next(iter(outcome.settings_of), "."))
        self.writer.ctx.rules = self.session.all_rules()
        self.writer.close(outcome.files, outcome.fixed, outcome.baselined)

    def _write(self, text: str) -> None:
        if self.out_file is None:
            click.echo(text, nl=False, color=True if self.use_color else None)  # --color always: codes in a pipe too
            return
        try:
            if self.fh is None:
                self.fh = open(self.out_file, "w", encoding="utf-8")
            self.fh.write(text)
        except OSError as exc:
            raise click.UsageError(
                f"无法写入 {self.out_file} / cannot write {self.out_file}: {exc.strerror or exc}"
            ) from None

    def release(self) -> None:
        if self.fh is not None:
            try:
                self.fh.close()
            except OSError:
                pass
            self.fh = None


def _session(resolver):
    from xxgk_lint.session import Session

    return Session(resolver, warn=_warn, progress=_ProgressBar)


def _settings(session, path: str):
    """A file's settings; a configuration problem is exit code 2 with a clear message."""
    from xxgk_lint.session import RunError

    try:
        return session.settings(path)
    except RunError as exc:
        raise _ConfigProblem(str(exc)) from None


@main.command("config")
@click.argument("path", required=False, default=".", type=click.Path())
@_settings_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def config_cmd(path, fmt, **o):
    """显示某个文件的生效配置及每项的来源 / show the resolved settings for a file and where each value came from."""
    from xxgk_lint.config import describe, describe_text

    session = _session(_resolver(o))
    _settings(session, path)  # validates names and rule options too
    info = describe(session.resolver.resolve(path), path)
    if fmt == "json":
        import json

        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
    else:
        click.echo(describe_text(info))


def _allowed_plugins(plugins) -> list[str]:
    """``--plugin`` names plus the ``plugins`` allow-list of the configuration for the current directory."""
    from xxgk_lint.config import ConfigError, Resolver

    try:
        return sorted({*_split(plugins), *Resolver().settings_for(".").plugins})
    except ConfigError as exc:
        raise _ConfigProblem(str(exc)) from None


@main.command("rules")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--plugin", "plugins", multiple=True, help="同时列出此插件的规则 / include a plug-in's rules.")
def rules_cmd(lang, fmt, plugins):
    """列出全部规则 / list every rule (code, name, severity, fixable)."""
    from xxgk_lint.registry import load_rules

    rules = load_rules(_allowed_plugins(plugins))
    if fmt == "json":
        import json

        data = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.label,
                "fix": r.fix_safety,
                "summary": r.summary,
                "templates": list(r.templates),
            }
            for r in rules.values()
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    head = ("代码", "名称", "级别", "修复", "说明") if lang == "zh" else ("code", "name", "severity", "fix", "summary")
    rows = [(r.code, r.name, r.severity.label_in(lang), r.fix_safety or "-", r.summary[lang]) for r in rules.values()]
    from xxgk_lint.output.style import width

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
    from xxgk_lint.registry import load_rules
    from xxgk_lint.selection import SelectionError, check_known, matches

    rules = load_rules(_allowed_plugins(plugins))
    try:
        check_known([code], rules)
    except SelectionError as exc:
        raise click.UsageError(str(exc)) from None
    for r in rules.values():
        if matches(code, r) and (code.upper() == r.code or code == r.name or code in r.aliases):
            click.echo(r.docs_markdown(lang))
            return
    raise click.UsageError(f"{code!r} 不是单条规则（可能是前缀）/ is not a single rule (a prefix?)")


# -- extract ----------------------------------------------------------------------------------------------
@main.command("extract")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXTRACT_FORMATS),
    default="json",
    show_default=True,
    help="输出格式 / output format (sqlite 需要 -o FILE / sqlite needs -o FILE).",
)
@_option("--output-file")
@_option("--template")
@_option("--lang")
@_option("--config")
@_option("--isolated")
@_option("--extend-exclude")
@_option("--force-exclude")
@_option("--jobs")
def extract_cmd(paths, fmt, output_file, template, lang, config_file, isolated, extend_exclude, force_exclude, jobs):
    """导出读到的全部表格数据 / export every table cell read, as data (JSON, CSV or SQLite).

    \b
    示例 / examples:
      xxgk-lint extract 报告.docx
      xxgk-lint extract reports/ --format csv -o cells.csv
      xxgk-lint extract reports/ --format sqlite -o cells.sqlite
    """
    from xxgk_lint import extract

    try:
        code = extract.run(
            paths,
            fmt,
            output_file,
            template,
            lang,
            config_file,
            isolated,
            extend_exclude,
            force_exclude,
            jobs,
            echo=click.echo,
        )
    except extract.UsageProblem as exc:
        raise click.UsageError(str(exc)) from None
    sys.exit(code)


# -- serve ------------------------------------------------------------------------------------------------
@main.command("serve")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="端口（0 = 任选空闲端口）/ port (0: any free port).",
)
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器 / do not open a browser.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="使用此配置文件（默认与 check 相同：从当前目录查找）/ use this configuration file.",
)
@_option("--isolated")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="页面语言 / page language.")
def serve_cmd(port, no_browser, config_file, isolated, lang):
    """在本机打开检查网页（只监听 127.0.0.1）/ a local web page to check a report (127.0.0.1 only)."""
    from xxgk_lint import serve

    try:
        sys.exit(
            serve.run(
                port=port,
                open_browser=not no_browser,
                config=config_file,
                isolated=isolated,
                lang=lang,
                echo=click.echo,
            )
        )
    except serve.ServeError as exc:
        click.echo(f"xxgk-lint: {exc}", err=True)
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":  # pragma: no cover
    main()
