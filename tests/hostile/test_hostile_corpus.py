"""The hostile corpus (tests/hostile/files/ and the cases tests/hostile/generate.py builds), each case run
through the real command line in-process and held to its expectation in tests/hostile/expected.toml:
finding codes, exit code, a message, and for some an output format that must (not) hold given texts or
workflow commands.  Every run: no traceback, no internal error unless the case expects exit code 2."""

from __future__ import annotations

import json
import os
import pathlib
import sys

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (tests/hostile/generate.py)

CASES: dict[str, dict] = tomllib.loads((HERE / "expected.toml").read_text(encoding="utf-8"))
DEEP_JSON = "[" * 100_000 + "]" * 100_000
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _params():
    for name, case in CASES.items():
        marks = []
        if case.get("slow"):
            marks.append(pytest.mark.integration)
        yield pytest.param(name, case, id=name, marks=marks)


def _cli(args, cwd):
    from click.testing import CliRunner

    from xxgk_lint.cli import main

    old = os.getcwd()
    os.chdir(cwd)
    try:
        env = {"XXGK_LINT_DEBUG": "", "GITHUB_STEP_SUMMARY": "", "NO_COLOR": "1", "GITHUB_WORKSPACE": ""}
        return CliRunner().invoke(main, args, env=env, catch_exceptions=True)
    finally:
        os.chdir(old)


def _prepare(name: str, case: dict, tmp_path: pathlib.Path) -> pathlib.Path:
    if name.startswith("gen/"):
        return generate.build(name, tmp_path)
    src = HERE / "files" / name
    assert src.is_file(), f"{src} is missing: python tests/hostile/generate.py --write-small"
    return src


def _args(case: dict, path: pathlib.Path) -> list[str]:
    extra = case.get("args")
    if extra is None:
        return [str(path)]
    return [a.replace("{path}", str(path)) for a in extra]


def _clean(res) -> None:
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.output, res.output[-3000:]


@pytest.mark.parametrize("name,case", list(_params()))
def test_hostile_case(name, case, tmp_path, monkeypatch):
    if case.get("not_root") and IS_ROOT:
        pytest.skip("root reads any directory")
    if case.get("root_only") and not IS_ROOT:
        pytest.skip("only meaningful as root")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    path = _prepare(name, case, tmp_path)
    cwd = path if case.get("chdir") else tmp_path
    try:
        cache = ["--cache-dir", str(tmp_path / "cache")] if case.get("deep_cache") else ["--no-cache"]
        if case.get("deep_cache"):
            _clean(_cli(["check", *cache, *_args(case, path)], cwd))
            entries = [p for p in (tmp_path / "cache").rglob("*.json") if len(p.stem) == 64]
            assert entries, "the first run wrote no cache entry"
            for p in entries:
                p.write_text(DEEP_JSON, encoding="utf-8")
        res = _cli(["check", *cache, "--format", "json", *_args(case, path)], cwd)
        _clean(res)
        assert res.exit_code == case["exit"], (res.exit_code, res.output[-3000:])
        if case["exit"] == 2:
            assert case["message"] in res.stderr, res.stderr
            return
        data = json.loads(res.stdout)
        assert data["summary"]["internal_errors"] == 0, data["files"]
        codes = sorted({d["code"] for d in data["diagnostics"]})
        assert codes == sorted(case["codes"]), codes
        if "message" in case:
            texts = [d["messages"]["zh"] for d in data["diagnostics"]] + [res.stderr]
            assert any(case["message"] in t for t in texts), texts
        fmt = case.get("format")
        if fmt:
            if case.get("args") and "--fix" in case["args"]:
                return  # the file is fixed now: the second format would see another file
            shown = _cli(["check", "--no-cache", "--format", fmt, *_args(case, path)], cwd)
            _clean(shown)
            out = shown.stdout
            for text in case.get("contains", ()):
                assert text in out, (text, out[-3000:])
            for text in case.get("lacks", ()):
                assert text not in out, (text, out[-3000:])
            if "commands" in case:
                found = [ln.split(" ", 1)[0].split("::")[1] for ln in out.split("\n") if ln.lstrip().startswith("::")]
                assert set(found) <= set(case["commands"]), (found, out[-3000:])
                assert not any(ln.startswith(("::error file=forged", "::stop-commands")) for ln in out.split("\n"))
    finally:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)  # the unreadable directory: let pytest clean it up


def test_every_committed_file_has_an_expectation():
    committed = {p.relative_to(HERE / "files").as_posix() for p in (HERE / "files").rglob("*") if p.is_file()}
    assert committed <= set(CASES), sorted(committed - set(CASES))
    missing = {n for n in CASES if not n.startswith("gen/")} - committed
    assert not missing, sorted(missing)


def test_committed_files_are_what_the_generator_writes():
    """The committed small files are reproducible: generate.py --write-small gives the same bytes."""
    for rel, data in generate.small_cases().items():
        assert (HERE / "files" / rel).read_bytes() == data, rel


def test_committed_corpus_stays_small():
    sizes = [p.stat().st_size for p in (HERE / "files").rglob("*") if p.is_file()]
    assert max(sizes) < 100_000 and sum(sizes) < 1_000_000
