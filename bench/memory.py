"""Peak memory of xxgk-lint (issue 16): flat in the number of files, linear in the size of one file.

    python bench/memory.py files --n 1000 10000     # peak RSS of `check` over N small reports
    python bench/memory.py docx --mb 20 190          # peak RSS of reading one .docx of that much XML
    python bench/memory.py report --mb 50            # peak RSS of `check` on one large text report

Each measurement runs in a fresh subprocess (its peak RSS: ``VmHWM``, else ``ru_maxrss``); the corpora are
generated in a temporary directory and removed after.
Results: bench/README.md ("Memory").  Standard library only, plus the installed package.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)
# synthetic prose, not from any real report
_PROSE = "本机关依照条例规定，通过门户网站、政务新媒体和公开栏主动公开政府信息，并按时答复申请人。"


def _run_xml(text: str, k: int) -> str:
    # runs as Word writes them: run properties, language, a bookmark now and then
    return (
        f'<w:r><w:rPr><w:rFonts w:ascii="仿宋" w:hAnsi="仿宋" w:eastAsia="仿宋"/><w:sz w:val="{28 + k % 4}"/>'
        f'<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'
    )


def make_docx(xml_bytes: int) -> bytes:
    """A .docx whose document.xml is about ``xml_bytes`` long: paragraphs and, every 40 paragraphs, a table
    of 6 x 8 cells."""
    parts = []
    size = 0
    k = 0
    while size < xml_bytes:
        if k % 40 == 39:
            rows = "".join(
                "<w:tr>"
                + "".join(
                    f'<w:tc><w:tcPr><w:tcW w:w="900" w:type="dxa"/></w:tcPr><w:p>{_run_xml(str(r * c + k), k)}</w:p></w:tc>'
                    for c in range(8)
                )
                + "</w:tr>"
                for r in range(6)
            )
            piece = f"<w:tbl><w:tblPr><w:tblStyle w:val='a'/></w:tblPr>{rows}</w:tbl>"
        else:
            piece = (
                '<w:p><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLine="640"/></w:pPr>'
                + "".join(_run_xml(f"{_PROSE[(k + j) % 20 :]}{k}", k + j) for j in range(3))
                + "</w:p>"
            )
        parts.append(piece)
        size += len(piece.encode("utf-8"))
        k += 1
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'
        + "".join(parts)
        + "</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("word/document.xml", xml.encode("utf-8"))
    return buf.getvalue()


# Peak RSS of a child: VmHWM of its own image (ru_maxrss would carry the parent's size over fork + exec).
_PEAK = """
def peak_rss():
    import resource
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
"""
_READ = (
    _PEAK
    + """
import json, sys, time
from xxgk_lint.readers import Limits, read_path
t = time.process_time()
# limits far up: the size of the file is what is measured, not the guards
doc = read_path(sys.argv[1], Limits(max_file_size=1 << 30, max_docx_uncompressed=1 << 30, max_xml_elements=1 << 30))
cpu = time.process_time() - t
print(json.dumps({"rss": peak_rss(), "cpu": cpu, "text": len(doc.text)}))
"""
)


def _child(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"the measured child failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_docx(mbs: list[float]) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="xxgk-bench-docx-") as tmp:
        for mb in mbs:
            data = make_docx(int(mb * 1_000_000))
            path = os.path.join(tmp, f"big{mb}.docx")
            with open(path, "wb") as fh:
                fh.write(data)
            size = len(data)
            del data
            r = _child(_READ, path)
            r.update(xml_mb=mb, docx_mb=round(size / 1e6, 1))
            rows.append(r)
            print(
                f"docx: {mb:g} MB of XML ({r['docx_mb']} MB file): peak RSS {r['rss'] / 1e6:.0f} MB"
                + f", {r['cpu']:.1f} s CPU",
                flush=True,
            )
    return rows


# `check` in this child (the CLI's main, as the console script runs it), its peak RSS after
_CHECK = (
    _PEAK
    + """
import contextlib, json, os, sys, time
from xxgk_lint.cli import main
code = 0
with open(os.devnull, "w") as null, contextlib.redirect_stdout(null), contextlib.redirect_stderr(null):
    try:
        main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"rss": peak_rss(), "rc": code, "cpu": time.process_time()}))
"""
)


def _corpus(tmp: str, n: int, same_agencies: bool = False) -> str:
    """N synthetic reports in bench/run.py's mix (editions, layouts, defects every other one), each of its
    own agency as in a real repository; ``same_agencies``: run.py's corpus as it is (eight agencies, so
    hundreds of files per agency and year: the cross-report rules flag each as a duplicate of all others)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import run  # bench/run.py

    d = os.path.join(tmp, f"c{n}")
    os.makedirs(d)
    if same_agencies:
        run.make_corpus(d, n, defect_every=2)
        return d
    from xxgk_lint.synth import SyntheticReport, render

    for i in range(n):
        edition = "2021" if i % 3 else "2019"
        year = (2022 + i % 3) if edition == "2021" else (2019 + i % 2)
        agency = run.AGENCIES[i % len(run.AGENCIES)].replace("某", f"第{i}", 1)
        fmt, layout = run.LAYOUTS[i % len(run.LAYOUTS)]
        report = SyntheticReport(edition=edition, year=year, agency=agency, seed=i)
        if i % 2 == 0:
            run._defect(report, i // 2)
        text = render(report, fmt, layout=layout) if layout else render(report, fmt)
        sub = os.path.join(d, f"{i // 250:03d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"{i:05d}.{fmt}"), "w", encoding="utf-8") as fh:
            fh.write(text)
    return d


def bench_files(ns: list[int], fmt: str, jobs: int, same_agencies: bool = False) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="xxgk-bench-files-") as tmp:
        for n in ns:
            d = _corpus(tmp, n, same_agencies)
            r = _child(_CHECK, "check", "--no-cache", "--isolated", "--format", fmt, "--jobs", str(jobs), d)
            r.update(n=n, format=fmt, jobs=jobs)
            rows.append(r)
            print(
                f"files: {n} reports, --format {fmt}, --jobs {jobs}: peak RSS {r['rss'] / 1e6:.0f} MB (exit {r['rc']})",
                flush=True,
            )
    return rows


def bench_report(mbs: list[float]) -> list[dict]:
    from xxgk_lint.rules.common import example_report

    rows = []
    with tempfile.TemporaryDirectory(prefix="xxgk-bench-report-") as tmp:
        for mb in mbs:
            base = example_report("2021")
            body = "\n".join(f"{_PROSE}（第{i}段）" for i in range(int(mb * 1_000_000 / 150)))
            path = os.path.join(tmp, f"big{mb}.txt")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(base.replace("\n二、", "\n" + body + "\n二、", 1))
            size = os.path.getsize(path)
            r = _child(_CHECK, "check", "--no-cache", "--isolated", path)
            r.update(mb=round(size / 1e6, 1))
            rows.append(r)
            print(
                f"report: one {r['mb']} MB text report: peak RSS {r['rss'] / 1e6:.0f} MB, {r['cpu']:.0f} s CPU (exit {r['rc']})",
                flush=True,
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    f = sub.add_parser("files")
    f.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    f.add_argument("--format", default="concise")
    f.add_argument("--jobs", type=int, default=1)
    f.add_argument("--same-agencies", action="store_true", help="eight agencies for all files (duplicates)")
    d = sub.add_parser("docx")
    d.add_argument("--mb", type=float, nargs="+", default=[20, 190])
    r = sub.add_parser("report")
    r.add_argument("--mb", type=float, nargs="+", default=[10, 48])  # under max-file-size (50 MiB)
    ap.add_argument("--json", help="write the numbers to this file")
    args = ap.parse_args(argv)
    if args.what == "files":
        rows = bench_files(args.n, args.format, args.jobs, args.same_agencies)
    elif args.what == "docx":
        rows = bench_docx(args.mb)
    else:
        rows = bench_report(args.mb)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
