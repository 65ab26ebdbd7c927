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


def _by(kind: str) -> list:
    return [pytest.param(c, id=c.id) for c in CASES if kind in c.raw]


def test_every_builtin_rule_has_a_case_file():
    files = casekit.case_files()
    assert sorted(set(RULES) - set(files)) == [], "rules without tests/rule_cases/<CODE>.toml"
    assert sorted(set(files) - set(RULES)) == [], "case files for rules that do not exist"


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_failing_and_passing_cases(code):
    cases = [c for c in CASES if c.code == code]
    assert any("fail" in c.raw for c in cases), f"{code} has no fail case"
    assert any("pass" in c.raw for c in cases), f"{code} has no pass case"
    if RULES[code].fix is not None:
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


@pytest.mark.parametrize("case", _by("fail"))
def test_fail_text_gives_the_expected_findings(case):
    rule = RULES[case.code]
    result = casekit.lint_case(case, case.text("fail", rule))
    assert not result.internal_errors, result.internal_errors
    found = casekit.findings_of(case, result)
    expected = case.findings
    shown = "\n".join(casekit.describe(found))
    assert len(found) == len(expected), f"{len(found)} findings, expected {len(expected)}:\n{shown}"
    for d, want in zip(found, expected, strict=True):
        if want.get("whole_file"):
            assert d.location is None, shown
        else:
            assert d.location is not None, shown
            assert (d.location.line, d.location.column) == (want["line"], want["column"]), shown
            if "end_line" in want or "end_column" in want:
                got = (d.location.end_line, d.location.end_column)
                assert got == (want.get("end_line", got[0]), want.get("end_column", got[1])), shown
        if "severity" in want:
            assert d.severity.label == want["severity"], shown
        if "fix" in want:
            assert (d.fix is not None) == want["fix"], shown
        if rule.fix is None:
            assert d.fix is None, f"{case.code} declares no fix but offers one"
        # another part of the engine is teaching rules their targets: compare when both sides have one
        if want.get("target") is not None and d.target is not None:
            assert d.target.as_dict() == want["target"], shown


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
