"""Input rules and post rules are kinds of rule (xxgk_lint.rule.InputRule / PostRule): the engine calls
them by kind, never by code, so a plug-in can add its own."""

from __future__ import annotations

import ast
import pathlib
import re

from xxgk_lint.diagnostics import Severity
from xxgk_lint.registry import load_rules
from xxgk_lint.rule import CODE_RE, InputContext, InputRule, PostContext, PostRule, Rule
from xxgk_lint.runner import Linter, Settings

ENGINE = pathlib.Path(__file__).resolve().parents[1] / "linter"
META = dict(
    severity=Severity.WARNING,
    summary={"zh": "测试", "en": "test"},
    description={"zh": "测试", "en": "test"},
    basis={"zh": "测试", "en": "test"},
    examples={"fail": "甲", "pass": "乙"},
)


class BigFile(InputRule):
    code = "X901"
    name = "too-big-for-test"
    messages = {"m": {"zh": "无法读取：{reason}", "en": "unreadable: {reason}"}}
    locals().update(META)

    def unreadable(self, ctx: InputContext):
        yield self.diagnostic("m", None, reason=ctx.error.reason)


class CountSuppressed(PostRule):
    code = "X902"
    name = "count-suppressed"
    messages = {"m": {"zh": "抑制了 {n} 个问题", "en": "{n} suppressed"}}
    locals().update(META)

    def after_suppression(self, ctx: PostContext):
        yield self.diagnostic("m", None, n=ctx.suppressed)


class DuckTyped(Rule):  # an ordinary rule with a method of the same name is not a post rule
    code = "X903"
    name = "duck-typed"
    messages = {"m": {"zh": "不应出现", "en": "must not appear"}}
    locals().update(META)

    def check(self, report):
        return iter(())

    def after_suppression(self, ctx):
        yield self.diagnostic("m", None)


def _linter(*extra):
    rules = dict(load_rules())
    rules.update({cls.code: cls for cls in extra})
    return Linter(Settings(), rules)


def test_an_input_rule_is_told_about_unreadable_and_missing_files(tmp_path):
    linter = _linter(BigFile)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    codes = [d.code for d in linter.lint_file(str(bad)).diagnostics]
    assert codes == ["E001", "X901"]
    missing = linter.missing(str(tmp_path / "absent.txt"))
    assert [(d.code, d.message["en"]) for d in missing.diagnostics][1] == ("X901", "unreadable: missing")
    ignored = Linter(Settings(ignore=["X901"]), linter.all_rules).lint_file(str(bad))
    assert [d.code for d in ignored.diagnostics] == ["E001"]


def test_a_post_rule_runs_after_the_suppressions_and_duck_typing_does_not(tmp_path):
    from xxgk_lint.rules.common import example_report

    p = tmp_path / "r.txt"
    p.write_text("<!-- xxgk-lint: disable-file=S1 -->\n" + example_report("2021"), encoding="utf-8")
    result = _linter(CountSuppressed, DuckTyped).lint_file(str(p))
    post = [d for d in result.diagnostics if d.code == "X902"]
    assert len(post) == 1 and post[0].message["en"] == f"{result.suppressed} suppressed"
    assert not [d for d in result.diagnostics if d.code == "X903"]


def test_the_engine_names_no_rule_code():
    found = []
    for path in ENGINE.rglob("*.py"):
        if path.name == "synth.py":  # the synthetic report generator writes report text, not rule logic
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE_RE.match(node.value):
                found.append(f"{path.relative_to(ENGINE)}:{node.lineno} {node.value!r}")
    assert found == []


def test_the_old_fix_attribute_name_is_refused():
    import pytest

    from xxgk_lint.rule import RuleDefinitionError

    with pytest.raises(RuleDefinitionError, match="fix_safety"):
        type(
            "OldStyle",
            (Rule,),
            dict(META, code="X904", name="old-style", fix="safe", messages={"m": {"zh": "甲", "en": "a"}}),
        )
    ok = type(
        "NewStyle",
        (Rule,),
        dict(META, code="X905", name="new-style", fix_safety="unsafe", messages={"m": {"zh": "甲", "en": "a"}}),
    )
    assert ok.fixable() and not hasattr(ok, "fix")


class OnlyWithYear(Rule):  # a plug-in rule with its own applies_to: asked for every report
    code = "X906"
    name = "only-with-year"
    messages = {"m": {"zh": "有年度", "en": "has a year"}}
    locals().update(META)

    def applies_to(self, report):
        return report.year is not None

    def check(self, report):
        yield self.diagnostic("m", None)


class Only2019(Rule):  # the template filter, worked out once per kind of report
    code = "X907"
    name = "only-2019"
    templates = ("2019",)
    messages = {"m": {"zh": "2019", "en": "2019"}}
    locals().update(META)

    def check(self, report):
        yield self.diagnostic("m", None)


def test_which_rules_check_a_report_is_asked_per_report(tmp_path):
    from xxgk_lint.rules.common import example_report

    linter = _linter(OnlyWithYear, Only2019)
    with_year = example_report("2021")
    no_year = re.sub(r"20\d\d年", "本", with_year)
    old = example_report("2019")
    found = []
    for name, text in (("a.txt", with_year), ("b.txt", no_year), ("c.txt", old), ("d.txt", with_year)):
        codes = {d.code for d in linter.lint_file(str(tmp_path / name), data=text.encode()).diagnostics}
        found.append((name, "X906" in codes, "X907" in codes))
    assert found == [("a.txt", True, False), ("b.txt", False, False), ("c.txt", True, True), ("d.txt", True, False)]
