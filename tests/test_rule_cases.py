"""Every built-in rule's cases, as data (``tests/rule_cases/<CODE>.toml``, format in its README.md).

For each case: the ``fail`` text gives exactly the expected findings of the rule (positions, and the
target when the case names one and the rule sets one), the ``pass`` text gives none, and ``fixed`` is
what ``--fix`` makes of the ``fail`` text.  A built-in rule without a case file fails here.
"""

from __future__ import annotations

import pytest

from xxgk_lint.registry import load_rules

import casekit

RULES = load_rules()
CASES = casekit.all_cases()


def _param(case):
    # a known defect of the rule: the case says how it should behave and is expected to fail (strict: once
    # the rule is fixed the case passes, the xfail is reported as XPASS and must be removed)
    marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
    return pytest.param(case, id=case.id, marks=marks)


def _by(kind: str) -> list:
    return [_param(c) for c in CASES if kind in c.raw]


def test_every_builtin_rule_has_a_case_file():
    files = casekit.case_files()
    assert sorted(set(RULES) - set(files)) == [], "rules without tests/rule_cases/<CODE>.toml"
    assert sorted(set(files) - set(RULES)) == [], "case files for rules that do not exist"


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_failing_and_passing_cases(code):
    cases = [c for c in CASES if c.code == code and not c.xfail]
    assert any("fail" in c.raw for c in cases), f"{code} has no fail case"
    assert any("pass" in c.raw for c in cases), f"{code} has no pass case"
    if RULES[code].fixable():
        assert any("fixed" in c.raw for c in cases), f"{code} offers a fix but no case shows the fixed text"
    else:
        assert not any("fixed" in c.raw for c in cases), f"{code} has no fix, so no case can have a fixed text"


def test_a_broken_case_file_is_refused(tmp_path):
    bad = tmp_path / "S101.toml"
    bad.write_text('[[case]]\nname = "x"\nfail = "text"\nfindings = [{line = 1, column = 1}]\n', encoding="utf-8")
    with pytest.raises(casekit.CaseError, match="target"):
        casekit.load_file(bad)
    bad.write_text('[[case]]\nname = "x"\npas = "text"\n', encoding="utf-8")
    with pytest.raises(casekit.CaseError, match="unknown case keys"):
        casekit.load_file(bad)
    bad.write_text('[[case]]\nname = "x"\npass = {base = "2021", replace = [["不存在的文字", ""]]}\n', encoding="utf-8")
    with pytest.raises(casekit.CaseError, match="not in the base text"):
        casekit.load_file(bad)[0].text("pass")
    bad.write_text(
        '[[case]]\nname = "x"\npass = {base = "2021", figures = {"t2_8.admin_fees" = {amount = "1"}}}\n',
        encoding="utf-8",
    )
    with pytest.raises(casekit.CaseError, match="not a row"):
        casekit.load_file(bad)[0].text("pass")
    bad.write_text(
        '[[case]]\nname = "x"\npass = {base = "2021", figures = {"t2_8.fees" = {money = "1"}}}\n', encoding="utf-8"
    )
    with pytest.raises(casekit.CaseError, match="unknown columns"):
        casekit.load_file(bad)[0].text("pass")


def test_an_xfail_case_is_a_strict_xfail(tmp_path):
    path = tmp_path / "S101.toml"
    path.write_text('[[case]]\nname = "x"\npass = "text"\nxfail = "S101 flags this"\n', encoding="utf-8")
    (param,) = [_param(c) for c in casekit.load_file(path)]
    (mark,) = param.marks
    assert mark.name == "xfail" and mark.kwargs == {"reason": "S101 flags this", "strict": True}
    path.write_text('[[case]]\nname = "x"\npass = "text"\n', encoding="utf-8")
    assert [list(_param(c).marks) for c in casekit.load_file(path)] == [[]]
    path.write_text('[[case]]\nname = "x"\npass = "text"\nxfail = ""\n', encoding="utf-8")
    with pytest.raises(casekit.CaseError, match="xfail"):
        casekit.load_file(path)


@pytest.mark.parametrize("case", _by("fail"))
def test_fail_text_gives_the_expected_findings(case):
    rule = RULES[case.code]
    result = casekit.lint_case(case, case.text("fail", rule))
    assert not result.internal_errors, result.internal_errors
    found = casekit.findings_of(case, result)
    problems = casekit.mismatches(case, found, fixable=rule.fixable())
    assert not problems, "\n".join(problems + ["found:"] + casekit.describe(found))


def test_mismatches_are_reported():
    from xxgk_lint.diagnostics import Diagnostic, Severity, Target
    from xxgk_lint.document import Location

    case = casekit.Case(
        "T204",
        "x",
        {
            "fail": "",
            "findings": [
                {
                    "line": 3,
                    "column": 5,
                    "end_column": 6,
                    "severity": "warning",
                    "fix": False,
                    "target": {"kind": "cell", "table": "t3", "row": "new", "column": "total", "section": "s3"},
                },
                {"whole_file": True},
            ],
        },
    )

    def diag(line, column, end_column=6, severity=Severity.WARNING, target=None):
        return Diagnostic(
            "T204",
            "blank-cell",
            severity,
            {"zh": "x", "en": "x"},
            target=target,
            location=None if line is None else Location(line, column, line, end_column),
        )

    good = Target("cell", "t3", "new", "total", "s3")
    assert casekit.mismatches(case, [diag(3, 5, target=good), diag(None, 0)]) == []
    assert casekit.mismatches(case, [diag(3, 5, target=None), diag(None, 0)]) == []  # no target yet: not compared
    assert casekit.mismatches(case, [diag(3, 5)]) == ["1 findings, expected 2"]
    assert casekit.mismatches(case, [diag(4, 5), diag(None, 0)]) == ["finding 1: line 4 column 5, expected 3:5"]
    assert casekit.mismatches(case, [diag(3, 5, end_column=7), diag(None, 0)]) == [
        "finding 1: end_column 7, expected 6"
    ]
    assert casekit.mismatches(case, [diag(3, 5, severity=Severity.ERROR), diag(None, 0)]) == [
        "finding 1: severity error, expected warning"
    ]
    assert casekit.mismatches(case, [diag(3, 5), diag(2, 1)]) == ["finding 2: at line 2, expected the whole file"]
    wrong = Target("cell", "t3", "new", "natural", "s3")
    (problem,) = casekit.mismatches(case, [diag(3, 5, target=wrong), diag(None, 0)])
    assert problem.startswith("finding 1: target {") and "'natural'" in problem
    # a rule that does not name the table's section yet is compared without it; one that names another is not
    assert casekit.mismatches(case, [diag(3, 5, target=Target("cell", "t3", "new", "total")), diag(None, 0)]) == []
    (problem,) = casekit.mismatches(
        case, [diag(3, 5, target=Target("cell", "t3", "new", "total", "s2")), diag(None, 0)]
    )
    assert problem.startswith("finding 1: target {") and "'s2'" in problem


@pytest.mark.parametrize("case", _by("pass"))
def test_pass_text_gives_no_finding(case):
    result = casekit.lint_case(case, case.text("pass", RULES[case.code]))
    assert not result.internal_errors, result.internal_errors
    found = casekit.findings_of(case, result)
    assert found == [], "\n".join(casekit.describe(found))


@pytest.mark.parametrize("case", _by("fixed"))
def test_fix_gives_the_fixed_text(case, tmp_path):
    rule = RULES[case.code]
    fixed, applied = casekit.fix_case(case, case.text("fail", rule), tmp_path)
    assert applied >= 1
    assert fixed == case.text("fixed", rule)
    # and the fix is complete: the fixed text offers no further fix of this rule
    again = casekit.lint_case(case, fixed)
    unsafe = bool(case.raw.get("unsafe_fixes"))
    left = [d for d in casekit.findings_of(case, again) if d.fix is not None and (d.fix.safe or unsafe)]
    assert left == [], "\n".join(casekit.describe(left))
