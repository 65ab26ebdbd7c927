"""Every rule's own documented examples are tests: the failing example makes the rule fire, the
passing example does not.  A rule added without examples that behave as documented fails here."""

from __future__ import annotations

import pytest

from xxgk_lint.registry import load_rules

from conftest import lint

RULES = load_rules()


def _ids():
    return [f"{code}-{cls.name}" for code, cls in RULES.items()]


@pytest.mark.parametrize("code", list(RULES), ids=_ids())
def test_failing_example_fires(code):
    cls = RULES[code]
    if not cls.examples_are_text:
        pytest.skip("the examples describe a file, not its text")
    result = lint(cls.examples["fail"], select=[code])
    assert code in [d.code for d in result.diagnostics], f"{code} did not fire on its failing example"


@pytest.mark.parametrize("code", list(RULES), ids=_ids())
def test_passing_example_is_clean(code):
    cls = RULES[code]
    if not cls.examples_are_text:
        pytest.skip("the examples describe a file, not its text")
    result = lint(cls.examples["pass"], select=[code])
    found = [d for d in result.diagnostics if d.code == code]
    assert not found, f"{code} fired on its passing example: {[d.text('en') for d in found]}"


@pytest.mark.parametrize("code", list(RULES), ids=_ids())
def test_metadata_renders_in_both_languages(code):
    cls = RULES[code]
    for lang in ("zh", "en"):
        page = cls.docs_markdown(lang)
        assert page.startswith(f"## {code} {cls.name}")
        assert cls.basis[lang] in page
