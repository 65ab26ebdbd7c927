"""Rule reference pages, generated from rule metadata only (``xxgk-lint rule`` and docs/rules.md)."""
from __future__ import annotations

import json

L = {
    "zh": {"sev": "默认级别", "fix": "自动修复", "fix_safe": "安全修复（--fix）", "fix_unsafe": "不安全修复（--fix --unsafe-fixes）",
           "fix_none": "无", "what": "检查内容", "why": "依据", "fail": "错误示例", "pass": "正确示例", "options": "选项",
           "editions": "适用格式", "none": "无", "default": "默认值"},
    "en": {"sev": "Default severity", "fix": "Fix", "fix_safe": "safe (--fix)", "fix_unsafe": "unsafe (--fix --unsafe-fixes)",
           "fix_none": "none", "what": "What it checks", "why": "Basis", "fail": "Fails", "pass": "Passes", "options": "Options",
           "editions": "Format editions", "none": "none", "default": "default"},
}


def render_rule(cls, lang: str = "zh") -> str:
    t = L[lang]
    fix = {"safe": t["fix_safe"], "unsafe": t["fix_unsafe"], None: t["fix_none"]}[cls.fix]
    out = [f"## {cls.code} {cls.name}", "", cls.summary[lang], "",
           f"- {t['sev']}: {cls.severity.label}",
           f"- {t['fix']}: {fix}",
           f"- {t['editions']}: {', '.join(cls.templates)}", "",
           f"### {t['what']}", "", cls.description[lang], "",
           f"### {t['why']}", "", cls.basis[lang], ""]
    if cls.options:
        out += [f"### {t['options']}", ""]
        for name, schema in cls.options.items():
            out.append(f"- `{name}` ({t['default']} `{json.dumps(schema['default'], ensure_ascii=False)}`): {schema['description'][lang]}")
        out.append("")
    out += [f"### {t['fail']}", "", "```text", cls.examples["fail"], "```", "",
            f"### {t['pass']}", "", "```text", cls.examples["pass"], "```", ""]
    return "\n".join(out)


def render_all(rules: dict, lang: str = "zh") -> str:
    title = "# 规则参考" if lang == "zh" else "# Rule reference"
    note = ("本文件由 `python -m linter.ruledocs` 根据规则元数据生成，请勿手工修改。" if lang == "zh"
            else "Generated from rule metadata by `python -m linter.ruledocs`; do not edit by hand.")
    head = [title, "", note, "", "| code | name | severity | fix |", "|---|---|---|---|"]
    head += [f"| [{r.code}](#{r.code.lower()}-{r.name}) | {r.name} | {r.severity.label} | {r.fix or ''} |" for r in rules.values()]
    return "\n".join(head + [""] + [render_rule(r, lang) for r in rules.values()])


if __name__ == "__main__":  # pragma: no cover
    import sys

    from linter.registry import load_rules

    print(render_all(load_rules(), sys.argv[1] if len(sys.argv) > 1 else "zh"))
