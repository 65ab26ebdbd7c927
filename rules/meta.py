"""M0xx — rules about the linter's own inline suppression comments (see :mod:`xxgk_lint.suppress`).

These rules need the *final* diagnostics of a file (what the other rules found and what the comments
silenced), so they are post rules (:class:`~xxgk_lint.rule.PostRule`): their :meth:`check` yields
nothing and the runner calls :meth:`after_suppression` once the other rules ran and the suppressions
were applied.  They are ordinary rules otherwise: selected, ignored, re-graded and documented like any other, and their findings can be
silenced too (``disable-file=M001``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from xxgk_lint import suppress
from xxgk_lint.diagnostics import Diagnostic, Edit, Fix, Severity
from xxgk_lint.document import Location, Span
from xxgk_lint.lines import line_col, line_starts
from xxgk_lint.rule import PostContext, PostRule
from xxgk_lint.selection import guess_rule

BASIS_META = {
    "zh": "工具约定：抑制注释（<!-- xxgk-lint: ... -->）应当准确、必要，过时或写错的抑制会掩盖真实问题。",
    "en": "Tool convention: suppression comments (<!-- xxgk-lint: ... -->) should be exact and needed; stale or "
    "mistyped ones hide real findings.",
}


class SuppressionRule(PostRule):
    """A post rule about one suppression comment: its findings sit at the comment."""

    abstract = True

    def _place(self, d: Diagnostic, directive, doc) -> Diagnostic:
        """Give a diagnostic the comment's position: a span when the source is ``Document.text``,
        otherwise (HTML) the comment's source line and column directly."""
        if doc.source_text is None:
            d.span = Span(directive.start, directive.end)
        else:
            end_line, end_col = line_col(line_starts(doc.source_text), directive.end)
            d.location = Location(directive.line, directive.column, end_line, end_col)
        return d


_CODE = re.compile(r"([A-Z]{1,2})[0-9]{3,4}")


def _rule_hint(code: str, all_rules: dict) -> dict[str, str]:
    """A "did you mean" for a mistyped rule; for a well-formed code of a family no loaded rule has (a plug-in's
    Z901 while that plug-in is not enabled), say so instead of suggesting an unrelated built-in code."""
    m = _CODE.fullmatch(code)
    families = {k.group(1) for k in map(_CODE.fullmatch, all_rules) if k}
    if m and m.group(1) not in families:
        return {
            "zh": "（可能是未启用的插件规则：用 --plugin 或配置项 plugins 启用该插件）",
            "en": " (a rule of a plug-in that is not enabled? enable the plug-in with --plugin or the plugins setting)",
        }
    return _hint(guess_rule(code, all_rules))


def _hint(guess: str | None) -> dict[str, str]:
    if not guess:
        return {"zh": "", "en": ""}
    return {"zh": f"；是不是 {guess}？", "en": f"; did you mean {guess}?"}


class UnusedSuppression(SuppressionRule):
    code = "M001"
    name = "unused-suppression"
    severity = Severity.WARNING
    fix_safety = "safe"
    tags = ("suppression",)
    summary = {"zh": "抑制注释没有抑制任何问题", "en": "A suppression comment silences nothing"}
    description = {
        "zh": "<!-- xxgk-lint: ... --> 注释（或其中列出的某条规则）没有抑制任何问题：问题已经改正，或注释写错了位置。"
        "只有本次实际运行了的规则才会被判断为“未使用”：通过 --select、ignore 或 per-file-ignores 关闭的规则，"
        "以及不适用于该文件的规则，都不会被报告。不带规则列表的注释在没有抑制任何问题时报告。"
        "自动修复会删除整条注释（独占一行时连同该行，位于行尾时连同前面的空白），或只删去未使用的规则。",
        "en": "A <!-- xxgk-lint: ... --> comment (or a rule named in it) silenced nothing: the finding was fixed or the "
        "comment is in the wrong place. Only rules that actually ran are judged: rules switched off with "
        "--select, ignore or per-file-ignores, and rules that do not apply to the file, are never reported. A "
        "comment without a rule list is reported when it silenced nothing at all. The fix deletes the comment "
        "(with its line when it is alone on it, with the blanks before it when it ends a line) or only the "
        "unused rule names.",
    }
    basis = BASIS_META
    examples = {
        "fail": "某县人民政府办公室2021年政府信息公开工作年度报告\n\n<!-- xxgk-lint: disable-next-line -->\n一、总体情况\n\n全年依法做好政府信息公开工作。",
        "pass": "某县人民政府办公室2021年政府信息公开工作年度报告\n\n一、总体情况\n\n全年依法做好政府信息公开工作。\n\n"
        "<!-- xxgk-lint: disable-next-line=S103 -->\n五、政府信息公开工作存在的主要问题及改进措施\n\n本年度无需要说明的事项。",
    }
    messages = {
        "unused": {
            "zh": "抑制注释没有抑制任何问题：{comment}",
            "en": "the suppression comment silences nothing: {comment}",
        },
        "unused_codes": {
            "zh": "抑制注释中的 {codes} 没有抑制任何问题",
            "en": "{codes} in the suppression comment silence nothing",
        },
        "delete": {"zh": "删除该注释", "en": "delete the comment"},
        "drop_codes": {"zh": "从注释中删去 {codes}", "en": "remove {codes} from the comment"},
    }

    def after_suppression(self, ctx: PostContext) -> Iterator[Diagnostic]:
        looked_up: dict = {}
        for directive in suppress.comments(ctx.directives):
            unused = suppress.unused_selectors(directive, ctx.all_rules, ctx.active, judge=type(self), cache=looked_up)
            if not unused:
                continue
            whole = unused == ["*"] or set(unused) >= set(directive.selectors or [])
            if whole:
                d = self.diagnostic("unused", None, comment=directive.raw, fix=self._delete(directive, ctx.doc))
            else:
                codes = ", ".join(unused)
                fix = None
                if ctx.doc.source_text is None:
                    fix = Fix(
                        (Edit(Span(directive.start, directive.end), suppress.rewrite(directive, unused)),),
                        True,
                        self._fmt("drop_codes", {"codes": codes}),
                    )
                d = self.diagnostic("unused_codes", None, codes=codes, fix=fix)
            yield self._place(d, directive, ctx.doc)

    def _delete(self, directive, doc) -> Fix | None:
        """Delete the comment: with its line when it is alone on it, with the blanks before it when it
        ends a line.  None for a comment in the middle of a line or in a source other than ``doc.text``."""
        if doc.source_text is not None:
            return None
        text = doc.text
        ls = doc.line_starts[doc.line_col(directive.start)[0] - 1]
        le = directive.end
        while le < len(text) and text[le] in " \t":
            le += 1
        before = text[ls : directive.start]
        at_eol = le >= len(text) or text[le] in "\r\n"
        if not at_eol:
            return None
        desc = self._fmt("delete", {})
        if before.strip() == "":
            if le < len(text) and text[le] == "\r":
                le += 1
            if le < len(text) and text[le] == "\n":
                le += 1
            return Fix((Edit(Span(ls, le), ""),), True, desc)
        start = directive.start
        while start > ls and text[start - 1] in " \t":
            start -= 1
        return Fix((Edit(Span(start, le), ""),), True, desc)


class InvalidSuppression(SuppressionRule):
    code = "M002"
    name = "invalid-suppression"
    severity = Severity.ERROR
    tags = ("suppression",)
    summary = {"zh": "抑制注释写错了", "en": "A suppression comment is invalid"}
    description = {
        "zh": "<!-- xxgk-lint: ... --> 注释中有不存在的规则代码或名称、未知的指令（应为 disable-next-line、disable-line、"
        "disable、enable 或 disable-file），或者 enable 之前没有对应的 disable。写错的注释什么也不抑制。",
        "en": "A <!-- xxgk-lint: ... --> comment names a rule that does not exist, uses an unknown directive (expected "
        "disable-next-line, disable-line, disable, enable or disable-file), or has an enable without a matching "
        "disable. A mistyped comment silences nothing.",
    }
    basis = BASIS_META
    examples = {
        "fail": "某县人民政府办公室2021年政府信息公开工作年度报告\n\n<!-- xxgk-lint: disable-next-line=S1O3 -->\n"
        "五、政府信息公开工作存在的主要问题及改进措施\n\n本年度无需要说明的事项。",
        "pass": "某县人民政府办公室2021年政府信息公开工作年度报告\n\n<!-- xxgk-lint: disable-next-line=S103 -->\n"
        "五、政府信息公开工作存在的主要问题及改进措施\n\n本年度无需要说明的事项。",
    }
    messages = {
        "unknown_rule": {
            "zh": "抑制注释中的规则 {code} 不存在{hint}",
            "en": "unknown rule {code} in a suppression comment{hint}",
        },
        "unknown_kind": {
            "zh": "未知的抑制指令 {kind}{hint}（可用：disable-next-line、disable-line、disable、enable、disable-file）",
            "en": "unknown suppression directive {kind}{hint} (expected disable-next-line, disable-line, "
            "disable, enable or disable-file)",
        },
        "orphan_enable": {
            "zh": "enable 之前没有对应的 disable：{comment}",
            "en": "enable without a matching disable: {comment}",
        },
    }

    def after_suppression(self, ctx: PostContext) -> Iterator[Diagnostic]:
        for directive in suppress.comments(ctx.directives):
            if not directive.valid_kind:
                d = self.diagnostic(
                    "unknown_kind", None, kind=directive.kind, hint=_hint(suppress.kind_did_you_mean(directive.kind))
                )
                yield self._place(d, directive, ctx.doc)
                continue
            for code in directive.unknown:
                d = self.diagnostic("unknown_rule", None, code=code, hint=_rule_hint(code, ctx.all_rules))
                yield self._place(d, directive, ctx.doc)
        for directive in ctx.orphan_enables:
            yield self._place(self.diagnostic("orphan_enable", None, comment=directive.raw), directive, ctx.doc)
