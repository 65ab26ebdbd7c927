"""PDF reading speed (a benchmark, not a test): reports per second in one process on the committed
fixtures, and the time per page of one long PDF made by repeating a fixture's pages (linear in pages?).

usage: python scripts/bench_pdf.py [--pages 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import glob
import os
import time

import pypdfium2 as pdfium

from xxgk_lint.pool import lint_one as _lint_one
from xxgk_lint.runner import Linter, Settings

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir)


def long_pdf(src: str, pages: int) -> bytes:
    import io

    source = pdfium.PdfDocument(src)
    out = pdfium.PdfDocument.new()
    n = len(source)
    while len(out) < pages:
        out.import_pages(source, list(range(min(n, pages - len(out)))))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    linter = Linter(Settings())
    files = sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", "*.pdf")))
    files = [f for f in files if "hostile" not in f]
    blobs = [(f, open(f, "rb").read()) for f in files]
    for f, data in blobs:  # warm up
        _lint_one(linter, os.path.basename(f), data)

    t = time.perf_counter()
    for _ in range(args.rounds):
        for f, data in blobs:
            _lint_one(linter, os.path.basename(f), data)
    n = args.rounds * len(blobs)
    dt = time.perf_counter() - t
    pages = sum(len(pdfium.PdfDocument(d)) for _, d in blobs) / len(blobs)
    print(f"check: {n / dt:.1f} reports/s ({1000 * dt / n:.1f} ms each, {pages:.1f} pages on average)")
    t = time.perf_counter()
    for _ in range(args.rounds):
        for _f, data in blobs:
            pdf = pdfium.PdfDocument(data)
            for page in pdf:
                page.get_textpage().get_text_range()
            pdf.close()
    print(f"bare pypdfium2 text: {1000 * (time.perf_counter() - t) / n:.1f} ms each")
    src = os.path.join(ROOT, "tests", "fixtures", "libreoffice_2021_clean.pdf")
    for pages in (args.pages // 10, args.pages):
        data = long_pdf(src, pages)
        t = time.perf_counter()
        _lint_one(linter, "long.pdf", data)
        dt = time.perf_counter() - t
        print(f"{pages} pages: {dt:.2f} s ({1000 * dt / pages:.1f} ms per page)")


if __name__ == "__main__":
    main()
