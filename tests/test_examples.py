"""The bundled examples behave as examples/README.md says: the clean ones are clean, each faulty one
triggers exactly the codes listed for it in scripts/make_examples.py, and the files are up to date
with the generator (so the README's first command shows what the README promises)."""

from __future__ import annotations

import importlib.util

import pytest

from conftest import EXAMPLES, ROOT, lint

_spec = importlib.util.spec_from_file_location("make_examples", ROOT / "scripts" / "make_examples.py")
make_examples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_examples)
EXPECTED = make_examples.EXPECTED
ALLOWED_EXTRA = {"faulty-tables.txt": {"A307"}, "faulty-figures-2019.txt": {"A303"}, "faulty-figures-2021.md": {"A301"}}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_triggers_what_it_documents(name):
    path = EXAMPLES / name
    found = {d.code for d in lint(path.read_bytes(), path.name).diagnostics}
    assert found - ALLOWED_EXTRA.get(name, set()) == EXPECTED[name]


def test_examples_are_generated_from_the_script():
    for name, content in make_examples.build().items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        assert (EXAMPLES / name).read_bytes() == data, f"examples/{name} is stale: run python scripts/make_examples.py"


def test_readme_lists_every_example():
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for name in EXPECTED:
        assert f"`{name}`" in readme


def test_the_readme_command_lints_exactly_the_examples(run_cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run_cli("check", "examples/", "--format", "json", "--no-cache")
    assert result.exit_code == 1  # faulty reports sit next to the clean ones, on purpose
    import json

    files = {f["path"].split("/")[-1] for f in json.loads(result.output)["files"]}
    assert files == set(EXPECTED)
