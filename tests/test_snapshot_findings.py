"""Findings on every seed, every example and every real web page are pinned in a snapshot
(``tests/snapshot_findings.json``), so that speed work on the engine cannot change behaviour unnoticed.

The snapshot holds, per file, each finding's code, span and location.  Regenerate it only deliberately, when a change of findings is intended, and review the diff:

    python tests/test_snapshot_findings.py --write

Files under ``../shared`` are checked when that folder is present and skipped otherwise.
"""

from __future__ import annotations

import json
import pathlib
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
SNAPSHOT = HERE / "snapshot_findings.json"
EXAMPLE_SUFFIXES = {".txt", ".md", ".html", ".docx"}


def corpus() -> dict[str, pathlib.Path]:
    """Snapshot key -> file: examples always, seeds and real web pages / Word files when present."""
    files: dict[str, pathlib.Path] = {}
    for p in sorted((ROOT / "examples").iterdir()):
        if p.is_file() and p.suffix in EXAMPLE_SUFFIXES and p.name != "README.md":
            files[f"examples/{p.name}"] = p
    for p in sorted((SHARED / "seeds").glob("[0-9][0-9][0-9]_*.txt")):
        files[f"seeds/{p.name}"] = p
    for pattern in ("*.html", "*.docx"):
        for p in sorted((SHARED / "real").glob(pattern)):
            files[f"real/{p.name}"] = p
    return files


def findings(path: pathlib.Path) -> list[list]:
    """Code, span and location of every finding (messages and targets are left out on purpose: wording
    and the new ``Diagnostic.target`` are still being filled in by other work)."""
    from xxgk_lint.runner import Linter, Settings

    result = Linter(Settings()).lint_file(path.name, data=path.read_bytes())
    out = []
    for d in result.diagnostics:
        span = [d.span.start, d.span.end] if d.span else None
        loc = d.location
        where = [loc.line, loc.column, loc.end_line, loc.end_column] if loc else None
        out.append([d.code, span, where])
    assert not result.internal_errors, result.internal_errors
    return out


def _snapshot() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_snapshot_covers_every_example():
    pinned = _snapshot()
    examples = [k for k in corpus() if k.startswith("examples/")]
    assert examples and all(k in pinned for k in examples)


@pytest.mark.parametrize("key", sorted(json.loads(SNAPSHOT.read_text(encoding="utf-8"))) if SNAPSHOT.exists() else [])
def test_findings_match_the_snapshot(key):
    files = corpus()
    if key not in files:
        pytest.skip(f"{key} is not present (../shared missing)")
    assert findings(files[key]) == _snapshot()[key]


def write() -> None:
    data = {key: findings(path) for key, path in corpus().items()}
    lines = [f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in data.items()]
    SNAPSHOT.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")  # one line per file
    print(f"wrote {SNAPSHOT} ({len(data)} files, {sum(map(len, data.values()))} findings)")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/test_snapshot_findings.py --write")
    write()
