"""Coverage-guided fuzzing of the readers: every input is read as .txt, .md, .html, .docx and .pdf.

A :class:`xxgk_lint.readers.ReaderError` is the expected answer to a bad file (it becomes E001); any
other exception, a hang or a blow-up in memory is a bug.  Run (docs/fuzzing.md)::

    python tests/fuzz/atheris_readers.py -max_total_time=3600 -rss_limit_mb=2048 \\
        -artifact_prefix=tests/fuzz/crashes/ tests/fuzz/corpus/readers
    python tests/fuzz/atheris_readers.py --random 60       # without atheris
"""

from __future__ import annotations

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import harness  # noqa: E402

NAMES = ("r.txt", "r.md", "r.html", "r.docx", "r.pdf")
_STATE: dict = {}


def _setup() -> None:
    from xxgk_lint.readers import Limits, ReaderError, read_path

    # limits well under the defaults: big inputs cost time, not coverage
    limits = Limits(max_file_size=2_000_000, max_docx_uncompressed=20_000_000, max_pdf_pages=20)
    _STATE.update(read=read_path, error=ReaderError, limits=limits)


def one_input(data: bytes) -> None:
    if not _STATE:
        _setup()
    for name in NAMES:
        try:
            doc = _STATE["read"](name, data=data, limits=_STATE["limits"])
        except _STATE["error"]:
            continue
        # what every later stage relies on: positions map back into the text
        doc.locate  # noqa: B018
        n = len(doc.line_starts)
        assert n >= 1
        doc.line_text(n)


def _instrumented() -> None:
    import atheris

    # the editable install loads the package through setuptools' own finder, which atheris's import hook
    # does not see: import first, then instrument every function loaded
    import xxgk_lint.readers  # noqa: F401

    _setup()
    atheris.instrument_all()


if __name__ == "__main__":
    harness.main("readers", one_input, ("txt", "md", "html", "docx", "pdf"), _instrumented)
