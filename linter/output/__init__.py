"""Output formats, one module each, each with ``render(results, ctx) -> str``.

``FORMATS`` maps a ``--format`` name to its module; modules are imported only when used, so the
default terminal output never pays for XML or JSON.

Every format renders the same facts (:class:`xxgk_lint.diagnostics.Diagnostic`) and must work when
``FileResult.document`` is ``None`` (an unreadable file, a missing path, or a result restored from
the cache, which may carry only a light object with ``line_text()``): read the document through
:func:`document_of` / :func:`line_text` and never assume more.

Shared helpers live here: counts and the summary line, ``--statistics`` (as data and as text),
paths relative to ``Context.root`` with forward slashes, the docs address of a rule, and fix edits
as line/column positions.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from importlib import import_module

FORMATS: dict[str, str] = {
    "full": "full",
    "concise": "concise",
    "json": "json",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "html": "html",
}

# Where the rule reference lives.  A relative path (the file in this repository) unless a published
# docs site is configured with XXGK_LINT_DOCS_URL (e.g. "https://example.org/xxgk-lint/rules.html"
# or a repository's ".../blob/main/docs/rules.md").  Anchors are the headings of docs/rules.md.
RULES_DOC = "docs/rules.md"
DOCS_URL_ENV = "XXGK_LINT_DOCS_URL"
# The project's home page, for SARIF ``informationUri``; empty until the project has a public one
# (XXGK_LINT_HOMEPAGE overrides).
HOMEPAGE = ""


@dataclass
class Context:
    lang: str = "zh"
    color: bool = False
    root: str = "."  # paths in machine formats are relative to this
    rules: dict = field(default_factory=dict)  # code -> rule class (for docs / descriptions)
    files: int = 0
    show_fixes: bool = True
    fixed: int = 0  # fixes applied in this run
    baselined: int = 0  # findings the baseline hid in this run
    statistics: bool = False


_SURROGATE = re.compile("[\udc80-\udcff]")


def _undecodable(text: str, fmt: str) -> str:
    """A file name that is not valid UTF-8 (a GBK name from a Windows archive) reaches us with
    surrogate escapes (``os.fsdecode``), which no UTF-8 output can hold.  Show each raw byte as a
    printable escape: ``\\xb1`` in human and XML output, the JSON escape ``\\udcb1`` in JSON (valid
    JSON; Python's ``json`` and ``os.fsencode`` give the exact name back)."""
    if fmt in ("json", "sarif"):
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    return _SURROGATE.sub(lambda m: f"\\x{ord(m.group(0)) - 0xDC00:02x}", text)


def render(fmt: str, results, ctx: Context) -> str:
    module = import_module(f"xxgk_lint.output.{FORMATS[fmt]}")
    if fmt in ("full", "concise"):  # a terminal: no raw control character from names or reports
        from xxgk_lint.output.safe import printable_results

        results = printable_results(results)
    return _undecodable(module.render(results, ctx), fmt)


# -- counting ----------------------------------------------------------------------------------
def counts(results) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0, "fixable": 0}
    for r in results:
        for d in r.diagnostics:
            out[d.severity.label] += 1
            if d.fix is not None:
                out["fixable"] += 1
    return out


def summary_line(results, ctx: Context) -> str:
    c = counts(results)
    safe = sum(1 for r in results for d in r.diagnostics if d.fix is not None and d.fix.safe)
    unsafe = c["fixable"] - safe
    files = ctx.files
    hid = ctx.baselined
    crashed = sum(len(getattr(r, "internal_errors", ()) or ()) for r in results)
    if ctx.lang == "en":
        if crashed:  # never "all passed" when some rule did not run to the end
            text = (
                f"Check incomplete: {crashed} internal error{'s' if crashed != 1 else ''} (see above); "
                f"found {c['error']} error{'s' if c['error'] != 1 else ''}, {c['warning']} warning{'s' if c['warning'] != 1 else ''}, "
                f"{c['info']} info in {files} file{'s' if files != 1 else ''}."
            )
        elif not any(c[k] for k in ("error", "warning", "info")):
            text = f"All checks passed ({files} file{'s' if files != 1 else ''})."
        else:
            text = (
                f"Found {c['error']} error{'s' if c['error'] != 1 else ''}, {c['warning']} warning{'s' if c['warning'] != 1 else ''}, "
                f"{c['info']} info in {files} file{'s' if files != 1 else ''}."
            )
        if hid:
            text += f" {hid} finding{'s' if hid != 1 else ''} recorded in the baseline {'are' if hid != 1 else 'is'} not shown."
        if c["fixable"] and ctx.show_fixes:
            if safe and unsafe:
                text += f" {safe} fixable with --fix, {unsafe} more with --fix --unsafe-fixes."
            elif safe:
                text += f" {safe} fixable with --fix."
            else:
                text += f" {unsafe} fixable only with --fix --unsafe-fixes (changes content: check them)."
        if ctx.fixed:
            text += f" Fixed {ctx.fixed}."
        return text
    if crashed:
        text = (
            f"检查未完成：发生 {crashed} 个内部错误（见上文）；已发现 {c['error']} 个错误、{c['warning']} 个警告、"
            f"{c['info']} 个提示（共 {files} 个文件）。"
        )
    elif not any(c[k] for k in ("error", "warning", "info")):
        text = f"全部检查通过（共 {files} 个文件）。"
    else:
        text = f"发现 {c['error']} 个错误、{c['warning']} 个警告、{c['info']} 个提示（共 {files} 个文件）。"
    if hid:
        text += f"另有 {hid} 个问题已记录在基线中，未显示。"
    if c["fixable"] and ctx.show_fixes:
        if safe and unsafe:
            text += f"其中 {safe} 个可用 --fix 自动修复，{unsafe} 个需加 --fix --unsafe-fixes。"
        elif safe:
            text += f"其中 {safe} 个可用 --fix 自动修复。"
        else:
            text += f"其中 {unsafe} 个只能用 --fix --unsafe-fixes 修复（会改变内容，请核对）。"
    if ctx.fixed:
        text += f"已修复 {ctx.fixed} 处。"
    return text


def statistics_data(results) -> list[dict]:
    """Findings per rule, most frequent first: ``[{code, name, severity, count, fixable}]``."""
    per: dict[tuple[str, str], dict] = {}
    for r in results:
        for d in r.diagnostics:
            row = per.setdefault(
                (d.code, d.name),
                {"code": d.code, "name": d.name, "severity": d.severity.label, "count": 0, "fixable": 0},
            )
            row["count"] += 1
            if d.fix is not None:
                row["fixable"] += 1
            if d.severity.label == "error":  # a rule whose severity varies is shown at its worst
                row["severity"] = "error"
            elif d.severity.label == "warning" and row["severity"] == "info":
                row["severity"] = "warning"
    return sorted(per.values(), key=lambda row: (-row["count"], row["code"]))


def statistics(results, ctx: Context) -> str:
    """``--statistics`` as text: count, code, name, and ``[*]`` when every finding is fixable."""
    lines = []
    for row in statistics_data(results):
        mark = " [*]" if row["fixable"] and row["fixable"] == row["count"] and ctx.show_fixes else ""
        lines.append(f"{row['count']:>6}  {row['code']}  {row['name']}{mark}")
    return "\n".join(lines)


# -- documents, paths, links -------------------------------------------------------------------
def document_of(result):
    """The result's document, or ``None``; cached results may carry a light stand-in."""
    return getattr(result, "document", None)


def line_text(doc, line: int) -> str:
    """A source line, or "" when there is no document or it cannot give lines."""
    fn = getattr(doc, "line_text", None)
    if fn is None:
        return ""
    try:
        return fn(line) or ""
    except Exception:  # a stand-in that lost its text: show no excerpt rather than fail
        return ""


def relpath(path: str, root: str = ".") -> str:
    """``path`` relative to ``root`` with forward slashes; unchanged when it lies elsewhere."""
    if not path:
        return path
    try:
        rel = os.path.relpath(path, root)
    except ValueError:  # another drive on Windows
        rel = path
    if rel.startswith(".." + os.sep) or rel == "..":
        rel = os.path.abspath(path)
    return rel.replace(os.sep, "/")


def ci_root(ctx: Context) -> str:
    """The root for paths in CI formats (``github``, ``sarif``): GitHub resolves them against the
    checkout (``$GITHUB_WORKSPACE``), wherever in it the tool was started; else ``ctx.root``."""
    if ctx.root in ("", "."):
        return os.environ.get("GITHUB_WORKSPACE", "").strip() or "."
    return ctx.root


def rule_anchor(code: str, name: str) -> str:
    """The anchor of a rule's heading ``## CODE name`` in docs/rules.md (GitHub's slug rules)."""
    return f"{code}-{name}".lower()


def docs_base() -> str:
    return os.environ.get(DOCS_URL_ENV, "").strip() or RULES_DOC


def rule_url(code: str, name: str) -> str:
    """The docs address of a rule: a URL when a docs site is configured, else ``docs/rules.md#...``."""
    return f"{docs_base()}#{rule_anchor(code, name)}"


def is_absolute_url(url: str) -> bool:
    head, sep, _ = url.partition("://")
    return bool(sep) and head.isalpha()


def homepage() -> str:
    return os.environ.get("XXGK_LINT_HOMEPAGE", "").strip() or HOMEPAGE


_LOCAL_DOCS: list[str | None] = []


def rule_link(code: str, name: str) -> str | None:
    """An absolute link to a rule's docs for terminal hyperlinks, or ``None`` when there is none:
    the configured docs site, else docs/rules.md of a source checkout (editable installs)."""
    url = rule_url(code, name)
    if is_absolute_url(url):
        return url
    if not _LOCAL_DOCS:
        here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        candidate = os.path.join(here, *RULES_DOC.split("/"))
        if os.path.isfile(candidate):
            from pathlib import Path

            _LOCAL_DOCS.append(Path(candidate).as_uri())
        else:
            _LOCAL_DOCS.append(None)
    base = _LOCAL_DOCS[0]
    return f"{base}#{rule_anchor(code, name)}" if base else None


def links_on(ctx: Context) -> bool:
    """Terminal hyperlinks only with colour on *and* stdout a terminal: ``--color`` into a pipe gets
    its colour codes stripped by click, which does not strip OSC 8, so links would show as junk."""
    if not ctx.color:
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def hyperlink(text: str, url: str | None, on: bool) -> str:
    """OSC 8 terminal hyperlink around ``text`` (plain ``text`` when off or without a link)."""
    if not on or not url:
        return text
    return f"\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\"


# -- fixes as positions ------------------------------------------------------------------------
def _within(d, span):
    """The location of ``span`` derived from the diagnostic's own one-line span that contains it
    (columns are offsets along the line), or ``None``: for results whose document is gone."""
    loc, dspan = getattr(d, "location", None), getattr(d, "span", None)
    if loc is None or dspan is None or loc.end_line != loc.line:
        return None
    if not (dspan.start <= span.start <= span.end <= dspan.end):
        return None
    from xxgk_lint.document import Location

    col = loc.column + (span.start - dspan.start)
    return Location(loc.line, col, loc.line, col + (span.end - span.start))


def fix_edits(fix, doc, d=None) -> list[dict]:
    """The edits of a fix as ``{start: {line, column}, end: {line, column}, content, offsets}``.

    ``end`` is exclusive (the position just after the replaced text).  Positions come from a
    ``location`` stamped on the edit when there is one, else from the document, else (a cached
    result, whose document is a light stand-in) from the diagnostic ``d`` when its one-line span
    contains the edit; they are ``None`` when none of these applies (then only the offsets into the
    document text are known)."""
    out = []
    locate = getattr(doc, "locate", None)
    for e in fix.edits:
        start = end = None
        loc = getattr(e, "location", None)
        if loc is None and locate is not None:
            try:
                loc = locate(e.span)
            except Exception:  # a stand-in document that cannot map offsets
                loc = None
        if loc is None and d is not None:
            loc = _within(d, e.span)
        if loc is not None:
            start = {"line": loc.line, "column": loc.column}
            end = {"line": loc.end_line, "column": loc.end_column} if e.span.end > e.span.start else dict(start)
        out.append(
            {
                "start": start,
                "end": end,
                "content": e.replacement,
                "offsets": {"start": e.span.start, "end": e.span.end},
            }
        )
    return out


def fix_description(fix, lang: str) -> str:
    desc = fix.description or {}
    text = desc.get(lang) or desc.get("zh") or ""
    if text:
        return text
    if lang == "en":
        return "safe fix (--fix)" if fix.safe else "unsafe fix (--fix --unsafe-fixes)"
    return "安全修复（--fix）" if fix.safe else "不安全修复（--fix --unsafe-fixes），请核对"


def file_format(result) -> str:
    doc = document_of(result)
    fmt = getattr(doc, "format", None)
    if fmt:
        return fmt
    from xxgk_lint.formats import name_for_path

    return name_for_path(result.path)


def other_places(d, lang: str = "zh", root: str | None = None, messages: bool = True) -> list[str]:
    """The places of a finding in other files (cross-report findings, X80x), each once, as
    ``path:line:column message`` (``path`` alone for a whole file; the path relative to ``root`` when
    given)."""
    out: dict[str, None] = {}
    for rel in d.related:
        path = getattr(rel, "path", None)
        if not path:
            continue
        shown = relpath(path, root) if root is not None else path
        loc = rel.location
        where = f"{shown}:{loc.line}:{loc.column}" if loc is not None else shown
        msg = (rel.message.get(lang) or rel.message.get("zh", "")) if messages else ""
        out[f"{where} {msg}".rstrip()] = None
    return list(out)
