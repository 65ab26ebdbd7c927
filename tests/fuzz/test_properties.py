"""Property tests over the whole pipeline, for every input format (strategies: tests/fuzz/fuzzkit.py).

For any synthetic report broken at the report, text or byte level and rendered as .txt, .md, .html,
.docx (or a committed .pdf fixture damaged at the byte level):

* ``xxgk-lint check --format json`` exits 0 or 1, never 2, prints JSON valid against the shipped
  schema and reports no internal error;
* every location (and related location) lies inside the file: line <= number of lines, columns within
  the line;
* every output format renders; the human ones carry no raw control character, the GitHub one no
  workflow command but its own, JUnit parses as XML;
* ``--fix --unsafe-fixes`` loses no text outside the edits (a line no edit of the first pass touches may
  only gain text: a later pass fills a cell the first made readable);
* the JSON output is the same under different ``PYTHONHASHSEED`` (subprocesses: few examples,
  ``integration``).

Each property runs twice over: a quick pass of 12 examples in the default run, and 50 examples in
``pytest -m integration`` (the ``_more`` tests, which ``.ci/run`` runs too); ``XXGK_LINT_FUZZ=long`` runs
2,000 in both (docs/fuzzing.md).
"""

from __future__ import annotations

import difflib
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from importlib import resources

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xxgk_lint import lines as text_lines
from xxgk_lint import output
from xxgk_lint.runner import Linter, Settings

import fuzzkit
from fuzzkit import DEFAULT, FEW, QUICK, inputs, safe_name

_SCHEMA = json.loads(resources.files("xxgk_lint").joinpath("schemas/output.schema.json").read_text(encoding="utf-8"))
_VALIDATOR = jsonschema.Draft202012Validator(_SCHEMA)
_LINTER: list[Linter] = []


def _linter() -> Linter:
    if not _LINTER:
        _LINTER.append(Linter(Settings()))
    return _LINTER[0]


def _cli(*args: str):
    from click.testing import CliRunner

    from xxgk_lint.cli import main

    env = {"XXGK_LINT_DEBUG": "", "GITHUB_STEP_SUMMARY": "", "NO_COLOR": "1"}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=True)


def _write(directory: str, name: str, data: bytes) -> str:
    path = os.path.join(os.fsencode(directory), os.fsencode(safe_name(name)))
    with open(path, "wb") as fh:
        fh.write(data)
    return os.fsdecode(path)


def _no_crash(res) -> None:
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.output, res.output[-3000:]
    assert res.exit_code in (0, 1), (res.exit_code, res.output[-3000:])


# -- 1. no exception escapes, exit 0/1, JSON valid against the schema -------------------------------------
@QUICK
@given(inputs())
def test_json_output_is_valid_and_nothing_crashes(case):
    json_output_is_valid_and_nothing_crashes(case)


@pytest.mark.integration
@DEFAULT
@given(inputs())
def test_json_output_is_valid_and_nothing_crashes_more(case):
    json_output_is_valid_and_nothing_crashes(case)


def json_output_is_valid_and_nothing_crashes(case) -> None:
    name, data = case
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(tmp, name, data)
        res = _cli("check", "--no-cache", "--format", "json", path)
        _no_crash(res)
        out = json.loads(res.stdout)
        _VALIDATOR.validate(out)
        assert out["summary"]["internal_errors"] == 0, out["files"]
        assert len(out["files"]) == 1 and out["files"][0]["diagnostics"] == len(out["diagnostics"])


# -- 2. every location inside the file -----------------------------------------------------------------
def _inside(loc, text: str, what: str) -> None:
    starts = text_lines.line_starts(text)
    n = len(starts)
    assert 1 <= loc.line <= loc.end_line <= n, (what, loc, n)
    first = text_lines.line_text(text, loc.line, starts)
    last = text_lines.line_text(text, loc.end_line, starts)
    assert 1 <= loc.column <= len(first) + 1, (what, loc, first)
    assert 1 <= loc.end_column <= len(last) + 1, (what, loc, last)
    if loc.line == loc.end_line:
        assert loc.column <= loc.end_column, (what, loc)


@QUICK
@given(inputs())
def test_every_location_is_inside_the_file(case):
    every_location_is_inside_the_file(case)


@pytest.mark.integration
@DEFAULT
@given(inputs())
def test_every_location_is_inside_the_file_more(case):
    every_location_is_inside_the_file(case)


def every_location_is_inside_the_file(case) -> None:
    name, data = case
    result = _linter().lint_file(name, data=data)
    assert not result.internal_errors, result.internal_errors
    doc = result.document
    if doc is None:  # unreadable: only file-level findings
        assert all(d.location is None for d in result.diagnostics)
        return
    text = doc.source_text if doc.source_text is not None else doc.text
    for d in result.diagnostics:
        if d.location is not None:
            _inside(d.location, text, d.code)
        for rel in d.related:
            if rel.location is not None and getattr(rel, "path", None) is None:
                _inside(rel.location, text, d.code + " related")


# -- 3. every output format renders safely ---------------------------------------------------------------
def _commands(text: str) -> list[str]:
    return [ln for ln in text.split("\n") if ln.lstrip().startswith("::")]


@QUICK
@given(inputs(), st.sampled_from(["zh", "en"]))
def test_every_output_format_renders_safely(case, lang):
    every_output_format_renders_safely(case, lang)


@pytest.mark.integration
@DEFAULT
@given(inputs(), st.sampled_from(["zh", "en"]))
def test_every_output_format_renders_safely_more(case, lang):
    every_output_format_renders_safely(case, lang)


def every_output_format_renders_safely(case, lang: str) -> None:
    name, data = case
    result = _linter().lint_file(name, data=data)
    ctx = output.Context(lang=lang, files=1)
    for fmt in ("full", "concise"):
        text = output.render(fmt, [result], ctx)
        assert "\x1b" not in text and "\r" not in text and "\x07" not in text and "\x00" not in text, fmt
        text.encode("utf-8")  # no lone surrogate reaches the terminal
    gh = output.render("github", [result], ctx)
    assert "\r" not in gh and "\x1b" not in gh
    for command in _commands(gh):
        assert command.split(" ", 1)[0].split("::")[1] in ("group", "endgroup", "error", "warning", "notice"), command
    ET.fromstring(output.render("junit", [result], ctx).split("\n", 2)[2].encode("utf-8"))
    json.loads(output.render("sarif", [result], ctx))
    _VALIDATOR.validate(json.loads(output.render("json", [result], ctx)))
    output.render("html", [result], ctx).encode("utf-8")


# -- 4. --fix changes nothing outside the edits -------------------------------------------------------------
def _doc_lines(path: str) -> list[str] | None:
    from xxgk_lint.readers import ReaderError, read_path

    try:
        doc = read_path(path)
    except ReaderError:
        return None
    text = doc.source_text if doc.source_text is not None else doc.text
    return [text_lines.line_text(text, i) for i in range(1, len(text_lines.line_starts(text)) + 1)]


def _kept_in(old: str, new: str) -> bool:
    """Every character of ``old`` is still in ``new``, in order (``new`` only gained text)."""
    it = iter(new)
    return all(ch in it for ch in old)


_NOT_PDF = inputs().filter(lambda c: not c[0].endswith(".pdf"))


@QUICK
@given(_NOT_PDF)
def test_fix_changes_nothing_outside_the_edits(case):
    fix_changes_nothing_outside_the_edits(case)


@pytest.mark.integration
@DEFAULT
@given(_NOT_PDF)
def test_fix_changes_nothing_outside_the_edits_more(case):
    fix_changes_nothing_outside_the_edits(case)


def fix_changes_nothing_outside_the_edits(case) -> None:
    name, data = case
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(tmp, name, data)
        before = _doc_lines(path)
        res = _cli("check", "--no-cache", "--format", "json", path)
        _no_crash(res)
        touched: set[int] = set()
        fixable = False
        for d in json.loads(res.stdout)["diagnostics"]:
            if d["fix"] is None:
                continue
            fixable = True
            for e in d["fix"]["edits"]:
                if e["start"] is None:  # position unknown: any line may change
                    return
                touched.update(range(e["start"]["line"], e["end"]["line"] + 1))
        fixed = _cli("check", "--no-cache", "--fix", "--unsafe-fixes", "--format", "json", path)
        _no_crash(fixed)
        after = _doc_lines(path)
        if not fixable:
            assert pathlib.Path(path).read_bytes() == data
            return
        assert before is not None and after is not None
        if len(before) == len(after):  # line for line (a diff could align equal blank lines elsewhere)
            # a later fix pass may fill a cell the first pass made readable (edits not in the first JSON):
            # an untouched line may gain text, never lose any
            changed = [
                n for n in range(1, len(before) + 1) if n not in touched and not _kept_in(before[n - 1], after[n - 1])
            ]
            assert not changed, [(n, before[n - 1], after[n - 1]) for n in changed][:5]
            return
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
            if tag in ("replace", "delete"):
                lost = [n for n in range(i1 + 1, i2 + 1) if n not in touched]
                assert not lost, (tag, [before[n - 1] for n in lost][:5], sorted(touched)[:20])


# -- 5. the same results under different PYTHONHASHSEED -----------------------------------------------------
def _json_in_subprocess(directory: str, hash_seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed, NO_COLOR="1")
    env.pop("GITHUB_ACTIONS", None)
    env.pop("XXGK_LINT_DEBUG", None)
    r = subprocess.run(
        [sys.executable, "-m", "xxgk_lint", "check", ".", "--format", "json", "--no-cache"],
        cwd=directory,
        env=env,
        capture_output=True,
        timeout=300,
    )
    assert r.returncode in (0, 1), r.stderr[-3000:]
    return r.stdout.decode("utf-8")


@pytest.mark.integration
@FEW
@given(st.lists(inputs(), min_size=3, max_size=6))
def test_results_do_not_depend_on_the_hash_seed(cases):
    with tempfile.TemporaryDirectory() as tmp:
        for k, (name, data) in enumerate(cases):
            _write(tmp, f"{k}-{name}", data)
        first = _json_in_subprocess(tmp, "1")
        assert first == _json_in_subprocess(tmp, "2")
        assert first == _json_in_subprocess(tmp, "987654")


def test_profiles():
    """The default run stays short (a quick pass), -m integration takes 50 examples of every property; the
    long profile is there for XXGK_LINT_FUZZ=long."""
    from hypothesis import settings

    assert settings.get_profile("xxgk-quick").max_examples == 12
    assert settings.get_profile("xxgk-default").max_examples == 50
    assert settings.get_profile("xxgk-long").max_examples >= 1000
    assert DEFAULT.deadline is None and FEW.deadline is None and QUICK.deadline is None
    if not fuzzkit.LONG:
        assert (QUICK.max_examples, DEFAULT.max_examples) == (12, 50)


def test_every_quick_property_has_its_longer_run_in_integration():
    """A property of the default run keeps its 50-example run, marked integration (issue 12)."""
    tests = {name: obj for name, obj in globals().items() if name.startswith("test_") and callable(obj)}
    quick = [n for n, f in tests.items() if getattr(f, "_hypothesis_internal_use_settings", None) is QUICK]
    assert len(quick) == 4, quick
    for name in quick:
        more = tests.get(name + "_more")
        assert more is not None, name
        assert more._hypothesis_internal_use_settings is DEFAULT, name
        assert any(m.name == "integration" for m in getattr(more, "pytestmark", [])), name
    assert fuzzkit.LONG == (os.environ.get("XXGK_LINT_FUZZ") == "long")
