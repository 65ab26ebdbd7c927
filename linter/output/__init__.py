"""Output formats, one module each, each with ``render(results, ctx) -> str``.

``FORMATS`` maps a ``--format`` name to its module; modules are imported only when used.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

FORMATS: dict[str, str] = {
    "full": "full",
    "concise": "concise",
}


@dataclass
class Context:
    lang: str = "zh"
    color: bool = False
    root: str = "."  # paths in machine formats are relative to this
    rules: dict = field(default_factory=dict)  # code -> rule class (for docs / descriptions)
    files: int = 0
    show_fixes: bool = True
    fixed: int = 0  # fixes applied in this run
    statistics: bool = False


def render(fmt: str, results, ctx: Context) -> str:
    module = import_module(f"linter.output.{FORMATS[fmt]}")
    return module.render(results, ctx)


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
    files = ctx.files
    if ctx.lang == "en":
        if not any(c[k] for k in ("error", "warning", "info")):
            text = f"All checks passed ({files} file{'s' if files != 1 else ''})."
        else:
            text = (f"Found {c['error']} error{'s' if c['error'] != 1 else ''}, {c['warning']} warning{'s' if c['warning'] != 1 else ''}, "
                    f"{c['info']} info in {files} file{'s' if files != 1 else ''}.")
        if c["fixable"] and ctx.show_fixes:
            text += f" {c['fixable']} fixable with --fix (some only with --unsafe-fixes)."
        if ctx.fixed:
            text += f" Fixed {ctx.fixed}."
        return text
    if not any(c[k] for k in ("error", "warning", "info")):
        text = f"全部检查通过（共 {files} 个文件）。"
    else:
        text = f"发现 {c['error']} 个错误、{c['warning']} 个警告、{c['info']} 个提示（共 {files} 个文件）。"
    if c["fixable"] and ctx.show_fixes:
        text += f"其中 {c['fixable']} 个可用 --fix 自动修复（部分需加 --unsafe-fixes）。"
    if ctx.fixed:
        text += f"已修复 {ctx.fixed} 处。"
    return text


def statistics(results, ctx: Context) -> str:
    per: dict[tuple[str, str], int] = {}
    for r in results:
        for d in r.diagnostics:
            per[(d.code, d.name)] = per.get((d.code, d.name), 0) + 1
    lines = [f"{n:>6}  {code}  {name}" for (code, name), n in sorted(per.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join(lines)
