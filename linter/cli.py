"""Command-line interface: ``xxgk-lint check | config | rules | rule``.

Exit codes: 0 nothing at or above ``--fail-on`` (default ``error``); 1 findings at or above it;
2 usage, configuration or baseline error, or internal failure.  Nothing here prints a traceback unless
``XXGK_LINT_DEBUG=1``.

``check`` resolves each file's settings from its closest configuration file (:mod:`xxgk_lint.config`),
discovers files with the configured exclusions (also for files named explicitly, ``--force-exclude``),
takes unchanged files from the content-hash cache (:mod:`xxgk_lint.cache`), lints the rest in one process
or ``--jobs`` workers (:func:`xxgk_lint.runner.lint_many`), applies fixes, hides baselined findings
(:mod:`xxgk_lint.baseline`) and renders one output format (``github`` by default in GitHub Actions).
"""
from __future__ import annotations

import os
import re
import sys

import click

from xxgk_lint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
_RULE_ERROR = re.compile(r"^[A-Z]{1,2}\d{3,4} \(")  # "T201 (KeyError: ...)": a rule crashed


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
        except BrokenPipeError:  # the reader went away (`xxgk-lint rules | head`): stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # Python's final flush must not fail again
            sys.exit(EXIT_FINDINGS)
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


def _settings_options(f):
    """Options that set configuration values (shared by ``check`` and ``config``)."""
    opts = [
        click.option("--select", multiple=True, help="只启用这些规则（代码、前缀或名称，逗号分隔）/ rules to enable."),
        click.option("--extend-select", multiple=True, help="在已选规则之外再启用 / enable in addition."),
        click.option("--ignore", multiple=True, help="停用这些规则 / rules to disable."),
        click.option("--extend-exclude", multiple=True, help="再排除这些文件或目录（通配符）/ exclude more paths (globs)."),
        click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
                     help="达到此级别的问题使退出码为 1（默认 error）/ severity that fails the run."),
        click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="消息语言 / message language."),
        click.option("--template", type=click.Choice(["2019", "2021"]), default=None,
                     help="指定格式版本（默认按报告年度）/ force a format edition."),
        click.option("--plugin", "plugins", multiple=True, help="允许加载的第三方规则插件 / allow a rule plug-in."),
        click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
                     help="对所有文件使用此配置文件 / use this configuration file for every file."),
        click.option("--isolated", is_flag=True, help="忽略所有配置文件 / ignore every configuration file."),
        click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
                     help="缓存目录（默认 .xxgk-lint-cache）/ cache directory."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


class _ConfigProblem(click.ClickException):
    """A configuration or baseline problem: exit code 2, a clear bilingual message, no traceback."""

    exit_code = EXIT_ERROR

    def show(self, file=None):
        click.echo(f"xxgk-lint: 配置错误 / configuration error: {self.format_message()}", err=True)


def _resolver(select, extend_select, ignore, extend_exclude, fail_on, lang, template, plugins, config_file, isolated,
              cache_dir, use_validation_cache=True):
    from xxgk_lint.config import CliOptions, ConfigError, Resolver

    cli = CliOptions(select=_split(select) or None, extend_select=_split(extend_select), ignore=_split(ignore),
                     extend_exclude=_split(extend_exclude), template=template, lang=lang, fail_on=fail_on,
                     plugins=_split(plugins), cache_dir=cache_dir)
    try:
        return Resolver(cli, config=config_file, isolated=isolated, use_validation_cache=use_validation_cache)
    except ConfigError as exc:
        raise _ConfigProblem(str(exc)) from None


def _warn(msg: str) -> None:
    click.echo(msg, err=True)


class _Session:
    """Per-run state: each file's resolved settings, checked once per configuration, and its linter."""

    def __init__(self, resolver):
        from xxgk_lint.runner import LinterPool

        self.resolver = resolver
        self.pool = LinterPool(warn=_warn)
        self._checked: set = set()
        self._excluders: dict = {}

    def settings(self, path: str):
        from xxgk_lint.config import ConfigError
        from xxgk_lint.selection import SelectionError

        try:
            resolved = self.resolver.resolve(path)
            s = resolved.settings
            if s.config_path not in self._checked:
                self.resolver.check_rules(resolved, self.pool.rules_for(s.plugins))
                self.pool.get(s)
                self._checked.add(s.config_path)
            return s
        except ConfigError as exc:
            raise _ConfigProblem(str(exc)) from None
        except SelectionError as exc:
            raise _ConfigProblem(str(exc)) from None

    def linter(self, path: str):
        return self.pool.get(self.settings(path))

    def excluded(self, path: str) -> bool:
        from xxgk_lint.runner import Excluder

        s = self.settings(path)
        key = (s.config_path, tuple(s.exclude))
        if key not in self._excluders:
            self._excluders[key] = Excluder(s.exclude, s.root)
        return self._excluders[key](path)

    def all_rules(self) -> dict:
        out: dict = {}
        for rules in self.pool._rules.values():
            out.update(rules)
        return out


class _ProgressBar:
    """A progress bar on stderr (rich, imported only when shown): a terminal and more than 50 files, never in CI."""

    def __init__(self, total: int):
        self.bar = None
        if total <= 50 or not sys.stderr.isatty() or os.environ.get("CI") or os.environ.get("GITHUB_ACTIONS"):
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("检查 / linting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=True)
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
@click.option("--format", "fmt", default=None,
              help="输出格式 / output format: full, concise, json, sarif, github, junit（GitHub Actions 中默认 github）.")
@_settings_options
@click.option("--exit-zero", is_flag=True, help="发现问题也以 0 退出 / exit 0 even with findings.")
@click.option("--color/--no-color", default=None, help="彩色输出（默认仅在终端）/ colour (default: on a terminal).")
@click.option("--statistics", is_flag=True, help="按规则统计问题数 / count findings per rule.")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False), default=None, help="写入文件而非标准输出 / write to a file.")
@click.option("--show-fixes/--no-show-fixes", default=True, help="显示可修复提示 / show which findings are fixable.")
@click.option("--fix", is_flag=True, help="自动修复安全的问题 / apply safe fixes.")
@click.option("--unsafe-fixes", is_flag=True, help="同时应用会改变内容的修复（如空白填 0）/ also apply unsafe fixes.")
@click.option("--diff", "show_diff", is_flag=True, help="只显示修复的差异，不写文件 / print the fixes as a diff, write nothing.")
@click.option("--stdin-filename", default=None, help="从标准输入（路径 -）读取时使用的文件名 / file name for input read from stdin (path '-').")
@click.option("--force-exclude/--no-force-exclude", default=True,
              help="配置的排除规则也适用于命令行明确给出的文件（默认开启）/ apply exclusions to files named explicitly (default: on).")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), default=None,
              help="忽略基线文件中已记录的问题 / ignore the findings recorded in this baseline file.")
@click.option("--update-baseline", is_flag=True, help="把当前所有问题写入 --baseline 文件（并删去过时记录）/ write the current findings to the --baseline file.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="并行进程数（0 = 全部 CPU）/ worker processes (0: one per CPU).")
@click.option("--no-cache", is_flag=True, help="不读写缓存 / do not read or write the cache.")
def check(paths, fmt, select, extend_select, ignore, extend_exclude, fail_on, lang, template, plugins, config_file,
          isolated, cache_dir, exit_zero, color, statistics, output_file, show_fixes, fix, unsafe_fixes, show_diff,
          stdin_filename, force_exclude, baseline_file, update_baseline, jobs, no_cache):
    """检查年度报告 / lint reports (files or directories; default: the current directory; '-' reads stdin)."""
    from xxgk_lint import output
    from xxgk_lint.diagnostics import Severity

    fmt = fmt or _default_format(output)
    if fmt not in output.FORMATS:
        raise click.UsageError(f"未知的输出格式 {fmt!r} / unknown format {fmt!r}; 可选 / choose from: {', '.join(output.FORMATS)}")
    if update_baseline and not baseline_file:
        raise click.UsageError("--update-baseline 需要同时给出 --baseline FILE / --update-baseline needs --baseline FILE")
    use_stdin = "-" in paths
    if use_stdin and len(paths) > 1:
        raise click.UsageError("'-'（标准输入）不能与其他路径同时使用 / '-' (stdin) cannot be combined with other paths")
    if use_stdin and (fix or show_diff):
        raise click.UsageError("--fix/--diff 不能用于标准输入，请检查文件本身 / --fix and --diff need a file, not stdin")
    baseline = _load_baseline(baseline_file, update_baseline)
    session = _Session(_resolver(select, extend_select, ignore, extend_exclude, fail_on, lang, template, plugins,
                                 config_file, isolated, cache_dir, use_validation_cache=not no_cache))

    results: list = []
    settings_of: dict[str, object] = {}
    n_files = 0
    if use_stdin:
        name = stdin_filename or "stdin.txt"
        stream = getattr(sys.stdin, "buffer", None)
        data = stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
        settings_of[name] = session.settings(name)
        if not (force_exclude and stdin_filename and session.excluded(name)):
            results.append(session.linter(name).lint_file(name, data=data))
            n_files = 1
    else:
        from xxgk_lint.runner import discover

        files, missing = discover(paths or ["."], force_exclude=force_exclude, is_excluded=session.excluded)
        for m in missing:
            settings_of[m] = session.settings(m)
            results.append(_missing(session.linter(m), m))
        tasks = [(session.settings(p), p) for p in files]
        for (s, p) in tasks:
            settings_of[p] = s
        n_files = len(files)
        if not files and not missing:  # a wrong path or pattern in CI must not pass silently
            click.echo("xxgk-lint: 警告：没有找到可检查的文件（.txt .md .html .docx .pdf，排除规则之外）/ "
                       "warning: no files to check were found (.txt .md .html .docx .pdf, outside the excludes)", err=True)
        fixing = fix or show_diff  # fixes need the documents: one process, no cache
        results += _lint_files(tasks, session, jobs=1 if fixing else jobs, use_cache=not (no_cache or fixing),
                               keep_documents=fixing)

    fixed = 0
    if fix or show_diff:
        from xxgk_lint.fix import fix_file

        diffs = []
        for k, r in enumerate(results):
            if r.document is None or not any(d.fix for d in r.diagnostics):
                continue
            linter = session.linter(r.path)
            outcome = fix_file(r, unsafe=unsafe_fixes, write=not show_diff, lang=lang or "zh",
                               relint=lambda data, path=r.path, lint=linter: lint.lint_file(path, data=data))
            if outcome.error:
                click.echo(f"xxgk-lint: {r.path}: {outcome.error}", err=True)
                continue
            if show_diff:
                if outcome.diff:
                    diffs.append(outcome.diff)
            elif outcome.applied:
                fixed += outcome.applied
                results[k] = linter.lint_file(r.path)  # what remains after the fixes
        if show_diff:
            click.echo("".join(diffs), nl=False)
            sys.exit(EXIT_FINDINGS if diffs else EXIT_OK)

    if baseline is not None:
        _apply_baseline(baseline, results, update_baseline)

    out_lang = lang or (next(iter(settings_of.values())).lang if settings_of else session.settings(".").lang)
    use_color = color if color is not None else (output_file is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    ctx = output.Context(lang=out_lang, color=bool(use_color), rules=session.all_rules(), files=n_files,
                         statistics=statistics, fixed=fixed, show_fixes=show_fixes)
    text = output.render(fmt, results, ctx)
    if output_file:
        try:
            with open(output_file, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        except OSError as exc:
            raise click.UsageError(f"无法写入 {output_file} / cannot write {output_file}: {exc.strerror or exc}") from None
    else:
        click.echo(text)

    internal = [(r.path, e) for r in results for e in r.internal_errors]
    for path, e in internal:
        if _RULE_ERROR.match(e):
            click.echo(f"xxgk-lint: 规则内部错误 / internal error in rule {e} on {path}", err=True)
        else:
            click.echo(f"xxgk-lint: 内部错误 / internal error on {path}: {e}", err=True)
    if internal:
        sys.exit(EXIT_ERROR)
    if exit_zero:
        sys.exit(EXIT_OK)
    failed = False
    for r in results:
        s = settings_of.get(r.path)
        threshold = Severity.parse(s.fail_on if s is not None else (fail_on or "error"))
        if any(d.severity >= threshold for d in r.diagnostics):
            failed = True
            break
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


def _missing(linter, path: str):
    """A path that does not exist: an E001 (when selected), and the run goes on."""
    from xxgk_lint.readers import ReaderError
    from xxgk_lint.runner import FileResult

    r = FileResult(path)
    e001 = linter.rule("E001")
    if e001 is not None:
        err = ReaderError("missing", "文件或目录不存在", "no such file or directory")
        r.diagnostics.append(linter._stamp(e001.from_error(err), path, None))
    return r


def _lint_files(tasks, session, jobs: int, use_cache: bool, keep_documents: bool = False) -> list:
    """Lint ``(settings, path)`` tasks, from the cache where possible; results in task order."""
    from xxgk_lint.readers import read_bytes
    from xxgk_lint.runner import lint_many

    results: list = [None] * len(tasks)
    todo: list[int] = []
    keys: dict[int, tuple] = {}
    caches: dict = {}
    bar = _ProgressBar(len(tasks))
    try:
        for i, (s, path) in enumerate(tasks):
            if use_cache and s.cache_dir:
                cache = _cache_for(caches, s, session)
                try:
                    data = read_bytes(path, s.limits)
                except Exception:  # unreadable or too large: lint it normally (E001), uncached
                    todo.append(i)
                    continue
                from xxgk_lint.runner import _relative

                key = cache.key(s.lint_key(), _relative(path, s.root)[0], data)
                hit = cache.get(key, path)
                if hit is not None:
                    results[i] = hit
                    bar.advance()
                    continue
                keys[i] = (cache, key)
            todo.append(i)
        fresh = lint_many([tasks[i] for i in todo], session.pool, jobs=jobs, progress=bar.advance,
                          keep_documents=keep_documents)
    finally:
        bar.close()
    for i, r in zip(todo, fresh):
        results[i] = r
        if i in keys:
            cache, key = keys[i]
            cache.put(key, r)
    return results


def _cache_for(caches: dict, settings, session):
    from xxgk_lint.cache import Cache, code_stamp

    key = (settings.cache_dir, tuple(sorted(settings.plugins)))
    if key not in caches:
        caches[key] = Cache(settings.cache_dir, code_stamp(session.pool.rules_for(settings.plugins)))
    return caches[key]


def _load_baseline(path: str | None, update: bool):
    if path is None:
        return None
    from xxgk_lint.baseline import Baseline, BaselineError

    if update and not os.path.exists(path):
        return Baseline(path)
    try:
        return Baseline.load(path)
    except BaselineError as exc:
        if update:  # a broken or outdated baseline is simply rewritten
            return Baseline(path)
        raise _ConfigProblem(str(exc)) from None


def _apply_baseline(baseline, results, update: bool) -> None:
    if update:
        new = baseline.updated(results)
        try:
            new.write()
        except OSError as exc:
            raise _ConfigProblem(f"无法写入基线文件 {baseline.path} / cannot write the baseline {baseline.path}: "
                                 f"{exc.strerror or exc}") from None
        click.echo(f"xxgk-lint: 已写入基线 {baseline.path}（{len(new.entries)} 条记录）/ "
                   f"wrote {len(new.entries)} entries to the baseline {baseline.path}", err=True)
        baseline = new
    hidden, stale = baseline.apply(results)
    if stale:
        click.echo(f"xxgk-lint: 基线中有 {len(stale)} 条记录已不再出现，可用 --update-baseline 删除 / "
                   f"{len(stale)} baseline entr{'y' if len(stale) == 1 else 'ies'} no longer occur; "
                   f"run with --update-baseline to prune {'it' if len(stale) == 1 else 'them'}.", err=True)


@main.command("config")
@click.argument("path", required=False, default=".", type=click.Path())
@_settings_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def config_cmd(path, select, extend_select, ignore, extend_exclude, fail_on, lang, template, plugins, config_file,
               isolated, cache_dir, fmt):
    """显示某个文件的生效配置及每项的来源 / show the resolved settings for a file and where each value came from."""
    from xxgk_lint.config import describe, describe_text

    session = _Session(_resolver(select, extend_select, ignore, extend_exclude, fail_on, lang, template, plugins,
                                 config_file, isolated, cache_dir))
    session.settings(path)  # validates names and rule options too
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

        data = [{"code": r.code, "name": r.name, "severity": r.severity.label, "fix": r.fix,
                 "summary": r.summary, "templates": list(r.templates)} for r in rules.values()]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    head = ("代码", "名称", "级别", "修复", "说明") if lang == "zh" else ("code", "name", "severity", "fix", "summary")
    rows = [(r.code, r.name, r.severity.label_in(lang), r.fix or "-", r.summary[lang]) for r in rules.values()]
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


from xxgk_lint.extract import extract_cmd  # noqa: E402  (click only; the work is imported when it runs)

main.add_command(extract_cmd)


if __name__ == "__main__":  # pragma: no cover
    main()
