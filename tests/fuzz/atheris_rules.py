"""Coverage-guided fuzzing of recognition and the rules on text: every input is linted as a .txt and a
.md file with every built-in rule; an internal error (a rule or the engine raising) is a crash.

    python tests/fuzz/atheris_rules.py -max_total_time=3600 -rss_limit_mb=2048 \\
        -artifact_prefix=tests/fuzz/crashes/ tests/fuzz/corpus/rules
    python tests/fuzz/atheris_rules.py --random 60       # without atheris
"""

from __future__ import annotations

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import harness  # noqa: E402

_STATE: dict = {}


def _setup() -> None:
    from xxgk_lint.runner import Linter, Settings

    _STATE["linter"] = Linter(Settings())


class InternalError(Exception):
    pass


def one_input(data: bytes) -> None:
    if not _STATE:
        _setup()
    linter = _STATE["linter"]
    # always valid UTF-8, so the rules run rather than the encoding check stopping at E001
    data = data.decode("utf-8", "replace").encode("utf-8")
    for name in ("r.txt", "r.md"):
        result = linter.lint_file(name, data=data)
        if result.internal_errors:
            raise InternalError(f"{name}: {result.internal_errors}")
        for d in result.diagnostics:
            loc = d.location
            if loc is not None and result.document is not None and result.document.source_text is None:
                assert 1 <= loc.line <= len(result.document.line_starts), (d.code, loc)


def _instrumented() -> None:
    import atheris

    # the editable install loads the package through setuptools' own finder, which atheris's import hook
    # does not see: import first, then instrument every function loaded
    import xxgk_lint.recognise  # noqa: F401
    import xxgk_lint.rules  # noqa: F401
    import xxgk_lint.runner  # noqa: F401

    _setup()
    atheris.instrument_all()


if __name__ == "__main__":
    harness.main("rules", one_input, ("txt", "md"), _instrumented)
