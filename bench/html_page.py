"""How long the clerk's page takes for one report (issue 17: under a second for a five-page report).

Times, best of ``--repeat`` runs: linting the report (reading included) and rendering the page of
``--format html`` / ``xxgk-lint serve`` for it, and the whole command line
``xxgk-lint check FILE --format html -o OUT`` in a subprocess.  The report is FILE when given, else a
real five-page report from ``../shared/real`` when that folder is there, else a synthetic .docx.
A benchmark, not a test: it prints ``PASS`` / ``FAIL`` and exits 0 (``--strict``: 1 on FAIL).

    python bench/html_page.py [FILE] [--repeat 5] [--strict]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

TARGET = 1.0  # seconds, lint + page for one five-page report
ROOT = pathlib.Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"


def pick(path: str | None, tmp: pathlib.Path) -> pathlib.Path:
    if path:
        return pathlib.Path(path)
    real = sorted(REAL.glob("2024-*.docx")) if REAL.is_dir() else []
    if real:
        return real[0]
    from xxgk_lint.synth import SyntheticReport, render

    rep = SyntheticReport(edition="2021", year=2023, seed=5)
    for row in rep.template.table("t3").row_ids[:10]:
        rep.set("t3", row, "research", "")
    out = tmp / "synthetic.docx"
    out.write_bytes(render(rep, "docx"))
    return out


def best(fn, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t)
    return min(times), value


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()
    from xxgk_lint import output
    from xxgk_lint.output import html
    from xxgk_lint.registry import load_rules
    from xxgk_lint.runner import Linter, Settings

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="xxgk-bench-html-"))
    try:
        path = pick(args.file, tmp)
        linter = Linter(Settings())
        linter.lint_file(str(path))  # warm the templates and imports once, as a long-running server is
        t_lint, result = best(lambda: linter.lint_file(str(path)), args.repeat)
        ctx = output.Context(rules=load_rules(), files=1)
        t_page, page = best(lambda: html.render([result], ctx), args.repeat)
        exe = shutil.which("xxgk-lint") or os.path.join(os.path.dirname(sys.executable), "xxgk-lint")
        out = tmp / "page.html"
        t_cli, _ = best(
            lambda: subprocess.run(
                [exe, "check", str(path), "--isolated", "--no-cache", "--format", "html", "-o", str(out)],
                capture_output=True,
            ),
            max(1, args.repeat // 2),
        )
        total = t_lint + t_page
        size = len(page.encode("utf-8"))
        print(
            f"report: {path.name} ({path.stat().st_size} bytes, {len(result.document.text)} characters, "
            f"{len(result.diagnostics)} findings)"
        )
        print(f"lint (warm)        {t_lint * 1000:8.1f} ms")
        print(f"render the page    {t_page * 1000:8.1f} ms   ({size // 1024} KiB)")
        print(
            f"lint + page        {total * 1000:8.1f} ms   target <= {TARGET * 1000:.0f} ms  {'PASS' if total <= TARGET else 'FAIL'}"
        )
        print(f"command line       {t_cli * 1000:8.1f} ms   (check --format html, start-up included)")
        return 1 if args.strict and total > TARGET else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
