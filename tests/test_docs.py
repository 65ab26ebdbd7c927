"""The documentation stays true to the code: docs/rules.md is generated from rule metadata, every
rule has an anchor the outputs link to, and the docs name only formats and options that exist."""

from __future__ import annotations

import pathlib
import re

import pytest

from xxgk_lint import output
from xxgk_lint.registry import load_rules
from xxgk_lint.ruledocs import REGENERATE, main, render_all

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _generated() -> str:
    text = render_all(load_rules(), "zh")
    return text if text.endswith("\n") else text + "\n"


def test_rules_md_is_up_to_date():
    path = DOCS / "rules.md"
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    assert current == _generated(), f"docs/rules.md is out of date: run `{REGENERATE}` and commit the result"


def test_every_rule_has_the_anchor_outputs_link_to():
    text = _generated()
    headings = set(re.findall(r"^## (\S+ \S+)$", text, flags=re.M))
    for code, cls in load_rules().items():
        assert f"{code} {cls.name}" in headings
        anchor = output.rule_url(code, cls.name).split("#", 1)[1]
        # GitHub's heading slug: lower case, spaces become hyphens
        assert anchor == f"{code} {cls.name}".lower().replace(" ", "-")
        assert f"](#{anchor})" in text  # the index table links to it


def test_check_and_write(tmp_path, capsys):
    target = tmp_path / "rules.md"
    assert main(["--check", str(target)]) == 1
    assert REGENERATE in capsys.readouterr().err
    assert main(["--write", str(target)]) == 0
    assert main(["--check", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == _generated()
    assert main(["--lang", "en", "--write", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# Rule reference")


@pytest.mark.parametrize("page", ["output-formats.md", "ci.md", "getting-started.md"])
def test_pages_exist_and_mention_only_real_formats(page):
    text = (DOCS / page).read_text(encoding="utf-8")
    named = set(re.findall(r"--format[ =]([a-z]+)", text))
    assert named, f"{page} shows no --format example"
    assert named <= set(output.FORMATS), f"{page} names unknown formats: {named - set(output.FORMATS)}"


def test_output_formats_page_covers_every_format_and_json_field():
    text = (DOCS / "output-formats.md").read_text(encoding="utf-8")
    for fmt in output.FORMATS:
        assert f"`{fmt}`" in text, f"docs/output-formats.md does not describe --format {fmt}"
    import json
    from importlib import resources

    schema = json.loads(resources.files("xxgk_lint").joinpath("schemas/output.schema.json").read_text(encoding="utf-8"))
    fields = set(schema["properties"]) | set(schema["$defs"]["diagnostic"]["properties"])
    missing = sorted(f for f in fields if f"`{f}`" not in text)
    assert not missing, f"docs/output-formats.md does not document: {missing}"
    from xxgk_lint.output.json import SCHEMA_VERSION

    assert f'"schema_version": "{SCHEMA_VERSION}"' in text
