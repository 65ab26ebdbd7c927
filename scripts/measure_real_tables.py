"""Cells read right on ../shared/real (internal API; the same comparison as shared/tools/real-check).

usage: python scripts/measure_real_tables.py [.pdf|.docx|.html ...] [--verbose] [--dir DIR]

``--dir``: another folder of ``<report>.<ext>`` + ``<report>.tables.json`` (e.g. Chromium prints of the real
pages: ``chromium --headless --no-sandbox --print-to-pdf=DIR/<report>.pdf file://…/<report>.html``).
"""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata

from xxgk_lint.readers import read_path
from xxgk_lint.recognise import recognise

REAL = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir, "shared", "real")
PUNCT = re.compile(r"[\s\u00a0\u3000，。、：:；;（）()“”\"'‘’·.．\-—_]+")


def norm(s):
    return PUNCT.sub("", unicodedata.normalize("NFKC", s or "")).lower()


def cell(s):
    return re.sub(r"[\s\u00a0\u3000]+", "", unicodedata.normalize("NFKC", s or ""))


def extract(path):
    rep = recognise(read_path(path))
    out = {}
    for tid, bt in rep.tables.items():
        fam = tid[:2]
        for row_id in bt.definition.row_ids:
            r = bt.rows.get(row_id)
            if r is None:
                continue
            label = (r.group.found + " " if r.group else "") + (r.label.found if r.label else "")
            cells = [
                r.cells[c].figure.raw if c in r.cells else None
                for c in bt.definition.column_ids
                if c in r.cells or False
            ]
            out.setdefault(fam, []).append({"label": label, "cells": cells})
    return out


def main():
    global REAL
    exts = [a for a in sys.argv[1:] if a.startswith(".")] or [".html", ".docx", ".pdf"]
    verbose = "--verbose" in sys.argv
    if "--dir" in sys.argv:
        REAL = sys.argv[sys.argv.index("--dir") + 1]
    totals = {}
    for name in sorted(os.listdir(REAL)):
        if not name.endswith(".tables.json"):
            continue
        stem = name[: -len(".tables.json")]
        truth = json.load(open(os.path.join(REAL, name), encoding="utf-8"))["tables"]
        for ext in exts:
            path = os.path.join(REAL, stem + ext)
            if not os.path.exists(path):
                continue
            rows = extract(path)
            n = ok = 0
            wrong = []
            for fam, truth_rows in truth.items():
                cand = rows.get(fam, [])
                used = set()
                for tr in truth_rows:
                    cells = [cell(c) for c in tr["cells"]]
                    n += len(cells)
                    if fam == "t4":
                        got = [cell(c) for r in cand for c in r["cells"]]
                    else:
                        key = norm(tr["label"])
                        hit = next(
                            (
                                i
                                for i, r in enumerate(cand)
                                if i not in used and key and (norm(r["label"]) == key or norm(r["label"]).endswith(key))
                            ),
                            None,
                        )
                        if hit is None:
                            wrong.append(f"{fam} row {tr['label']!r} not found")
                            continue
                        used.add(hit)
                        got = [cell(c) for c in cand[hit]["cells"]]
                    for i, want in enumerate(cells):
                        have = got[i] if i < len(got) else None
                        if have == want:
                            ok += 1
                        else:
                            wrong.append(f"{fam} {tr['label'] or 'row'} cell {i + 1}: read {have!r}, printed {want!r}")
            a, b = totals.get(ext, (0, 0))
            totals[ext] = (a + ok, b + n)
            print(f"{stem}{ext}: {ok}/{n}" + ("" if ok == n else f"; first: {wrong[0]}"))
            if verbose:
                for w in wrong:
                    print("    " + w)
    for ext, (a, b) in totals.items():
        print(f"{ext}: {a}/{b} = {a / max(b, 1):.1%}")


if __name__ == "__main__":
    main()
