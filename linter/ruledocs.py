"""Rule reference pages, generated from rule metadata only (``xxgk-lint rule`` and docs/rules.md).

Regenerate the reference after adding or changing a rule::

    python -m xxgk_lint.ruledocs --write          # rewrites docs/rules.md
    python -m xxgk_lint.ruledocs --check          # exit 1 when docs/rules.md is out of date (CI)
    python -m xxgk_lint.ruledocs --lang en        # print the English reference
"""

from __future__ import annotations

import json
import os
import sys

DEFAULT_PATH = os.path.join("docs", "rules.md")
REGENERATE = "python -m xxgk_lint.ruledocs --write"

L = {
    "zh": {
        "sev": "默认级别",
        "fix": "自动修复",
        "fix_safe": "安全修复（--fix）",
        "fix_unsafe": "不安全修复（--fix --unsafe-fixes）",
        "fix_none": "无",
        "what": "检查内容",
        "why": "依据",
        "fail": "错误示例",
        "pass": "正确示例",
        "options": "选项",
        "editions": "适用格式",
        "none": "无",
        "default": "默认值",
        "files": "示例是几个文件：每个文件从“==> 路径 <==”一行开始，用 `xxgk-lint check 目录` 一起检查，"
        "问题报告在最后一个文件上。",
    },
    "en": {
        "sev": "Default severity",
        "fix": "Fix",
        "fix_safe": "safe (--fix)",
        "fix_unsafe": "unsafe (--fix --unsafe-fixes)",
        "fix_none": "none",
        "what": "What it checks",
        "why": "Basis",
        "fail": "Fails",
        "pass": "Passes",
        "options": "Options",
        "editions": "Format editions",
        "none": "none",
        "default": "default",
        "files": "The examples are several files: each starts with a line “==> path <==”; they are checked together "
        "with `xxgk-lint check DIRECTORY` and the finding is on the last file.",
    },
}


def render_rule(cls, lang: str = "zh") -> str:
    t = L[lang]
    fix = {"safe": t["fix_safe"], "unsafe": t["fix_unsafe"], None: t["fix_none"]}[cls.fix_safety]
    out = [
        f"## {cls.code} {cls.name}",
        "",
        cls.summary[lang],
        "",
        f"- {t['sev']}: {cls.severity.label}",
        f"- {t['fix']}: {fix}",
        f"- {t['editions']}: {', '.join(cls.templates)}",
        "",
        f"### {t['what']}",
        "",
        cls.description[lang],
        "",
        f"### {t['why']}",
        "",
        cls.basis[lang],
        "",
    ]
    if cls.options:
        out += [f"### {t['options']}", ""]
        for name, schema in cls.options.items():
            out.append(
                f"- `{name}` ({t['default']} `{json.dumps(schema['default'], ensure_ascii=False)}`): {schema['description'][lang]}"
            )
        out.append("")
    if getattr(cls, "examples_are_files", False):
        out += [t["files"], ""]
    out += [
        f"### {t['fail']}",
        "",
        "```text",
        cls.examples["fail"],
        "```",
        "",
        f"### {t['pass']}",
        "",
        "```text",
        cls.examples["pass"],
        "```",
        "",
    ]
    return "\n".join(out)


def example_files(text: str) -> dict[str, str]:
    """The files of a several-file example (``examples_are_files``): ``{path: text}`` in order, each file
    starting at a line ``==> path <==`` (as ``head`` prints several files)."""
    files: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.split("\n"):
        if line.startswith("==> ") and line.endswith(" <=="):
            current = files.setdefault(line[4:-4].strip(), [])
        elif current is not None:
            current.append(line)
    return {path: "\n".join(lines).rstrip("\n") + "\n" for path, lines in files.items()}


def render_all(rules: dict, lang: str = "zh") -> str:
    title = "# 规则参考" if lang == "zh" else "# Rule reference"
    note = (
        f"本文件由 `{REGENERATE}` 根据规则元数据生成，请勿手工修改。"
        if lang == "zh"
        else "Generated from rule metadata by `python -m xxgk_lint.ruledocs --lang en`; do not edit by hand."
    )
    if lang == "zh":
        intro = (
            "每条规则有代码（如 `T206`，永不复用）和名称（如 `label-typo`），在命令行和配置中两者通用。"
            "`xxgk-lint rule 代码` 在终端显示同样的说明。"
        )
        cols = "| 代码 | 名称 | 默认级别 | 自动修复 | 说明 |"
    else:
        intro = (
            "Every rule has a code (such as `T206`, never reused) and a name (such as `label-typo`); both work on "
            "the command line and in configuration. `xxgk-lint rule CODE --lang en` prints the same page."
        )
        cols = "| code | name | default severity | fix | summary |"
    head = [title, "", note, "", intro, "", cols, "|---|---|---|---|---|"]
    for r in rules.values():
        summary = r.summary[lang].replace("|", "\\|")
        head.append(
            f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.severity.label} | {r.fix_safety or ''} | {summary} |"
        )
    return "\n".join(head + [""] + [render_rule(r, lang) for r in rules.values()])


def default_path() -> str:
    """docs/rules.md of the source checkout this package lives in, else of the current directory."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if os.path.isdir(os.path.join(here, "docs")):
        return os.path.join(here, DEFAULT_PATH)
    return DEFAULT_PATH


def main(argv: list[str] | None = None) -> int:
    import argparse

    from xxgk_lint.registry import load_rules

    ap = argparse.ArgumentParser(
        prog="python -m xxgk_lint.ruledocs", description="Generate the rule reference from rule metadata."
    )
    ap.add_argument("lang_arg", nargs="?", choices=["zh", "en"], help=argparse.SUPPRESS)
    ap.add_argument("--lang", choices=["zh", "en"], default=None, help="language (default zh)")
    ap.add_argument(
        "--write",
        nargs="?",
        const="",
        default=None,
        metavar="PATH",
        help="write the reference to PATH (default docs/rules.md) instead of printing it",
    )
    ap.add_argument(
        "--check",
        nargs="?",
        const="",
        default=None,
        metavar="PATH",
        help="exit 1 if PATH (default docs/rules.md) differs from the generated reference",
    )
    args = ap.parse_args(argv)
    lang = args.lang or args.lang_arg or "zh"
    text = render_all(load_rules(), lang)
    if not text.endswith("\n"):
        text += "\n"
    if args.check is not None:
        path = args.check or default_path()
        try:
            with open(path, encoding="utf-8") as fh:
                current = fh.read()
        except OSError:
            current = None
        if current != text:
            print(f"{path} is out of date; run: {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    if args.write is not None:
        path = args.write or default_path()
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        print(f"wrote {path}", file=sys.stderr)
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
