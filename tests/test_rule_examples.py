"""Every rule's own documented examples are tests: the failing example makes the rule fire, the
passing example does not.  A rule added without examples that behave as documented fails here."""

from __future__ import annotations

import pytest

from xxgk_lint.registry import load_rules

from conftest import lint

RULES = load_rules()


def _lint_example(cls, which: str, tmp_path):
    """The findings of ``cls`` on its ``which`` example: one text, or (``examples_are_files``) several files
    checked together as one repository, the findings on the last file."""
    if not cls.examples_are_files:
        return lint(cls.examples[which], select=[cls.code]).diagnostics
    from xxgk_lint.ruledocs import example_files

    import acrosskit

    files = example_files(cls.examples[which])
    assert len(files) >= 2, f"{cls.code}: a several-file example needs two files or more"
    acrosskit.repo(tmp_path, files)
    out = acrosskit.check(tmp_path, select=[cls.code])
    assert not out.internal_errors, out.internal_errors
    last = str(tmp_path / list(files)[-1])
    return [d for r in out.results if r.path == last for d in r.diagnostics]


def _ids():
    return [f"{code}-{cls.name}" for code, cls in RULES.items()]


@pytest.mark.parametrize("code", list(RULES), ids=_ids())
def test_failing_example_fires(code, tmp_path):
    cls = RULES[code]
    if not cls.examples_are_text:
        pytest.skip("the examples describe a file, not its text")
    found = _lint_example(cls, "fail", tmp_path)
    assert code in [d.code for d in found], f"{code} did not fire on its failing example"


@pytest.mark.parametrize("code", list(RULES), ids=_ids())
def test_passing_example_is_clean(code, tmp_path):
    cls = RULES[code]
    if not cls.examples_are_text:
        pytest.skip("the examples describe a file, not its text")
    found = [d for d in _lint_example(cls, "pass", tmp_path) if d.code == code]
    assert not found, f"{code} fired on its passing example: {[d.text('en') for d in found]}"


@pytest.mark.parametrize("code", [c for c, cls in RULES.items() if cls.examples_are_files])
def test_several_file_examples_are_alone_in_failing(code, tmp_path):
    """Each file of a failing several-file example is clean on its own: the finding needs both."""
    from xxgk_lint.ruledocs import example_files

    import acrosskit

    for n, (name, text) in enumerate(example_files(RULES[code].examples["fail"]).items()):
        acrosskit.repo(tmp_path / str(n), {name: text})
        out = acrosskit.check(tmp_path / str(n), select=[code])
        assert acrosskit.found(out, code) == [] and not out.internal_errors


@pytest.mark.parametrize("code", list(RULES), ids=_ids())
def test_metadata_renders_in_both_languages(code):
    cls = RULES[code]
    for lang in ("zh", "en"):
        page = cls.docs_markdown(lang)
        assert page.startswith(f"## {code} {cls.name}")
        assert cls.basis[lang] in page
