"""M002 on a suppression naming a plug-in rule whose plug-in is not enabled says so, instead of suggesting an
unrelated built-in code; a mistyped built-in code still gets its "did you mean"."""

from __future__ import annotations

from xxgk_lint.synth import SyntheticReport, render

from conftest import lint


def _m002(selector: str):
    text = render(SyntheticReport(edition="2021"), "txt").replace(
        "\n二、", f"\n<!-- xxgk-lint: disable-next-line={selector} -->\n二、", 1
    )
    found = [d for d in lint(text).diagnostics if d.code == "M002"]
    assert len(found) == 1, [d.code for d in lint(text).diagnostics]
    return found[0]


def test_a_plugin_code_is_not_matched_to_a_builtin_rule():
    d = _m002("Z901")
    assert "插件" in d.message["zh"] and "plug-in" in d.message["en"]
    assert "是不是" not in d.message["zh"] and "did you mean" not in d.message["en"]


def test_a_mistyped_builtin_code_still_gets_a_guess():
    d = _m002("S1O3")
    assert "did you mean S103" in d.message["en"] and "插件" not in d.message["zh"]
