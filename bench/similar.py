"""The copied-text index (X804, ``xxgk_lint.similar.find_copies``) on synthetic repositories of 1,000,
3,000 and 10,000 reports: build + query time, peak memory, how the time grows, and precision/recall on
the planted copies (docs: bench/README.md, section "Copied text (X804)").

    python bench/similar.py                      # 1,000 / 3,000 / 10,000 reports
    python bench/similar.py --sizes 1000         # one size
    python bench/similar.py --datasketch 1000    # also the same index built with datasketch, for comparison
    python bench/similar.py --json out.json

The corpus is deterministic (a fixed seed).  Each agency has four years of reports; a report has about
30 passages of 60-220 characters: its own text (random characters of report prose, never repeated by
chance), stock phrases that all agencies use, a few boilerplate paragraphs shared by a city's 25
agencies (a fee sentence, an opening), and most of its own passages again, slightly edited, in the
same agency's other years (which must not count).  About 2 % of the reports get a passage copied from
another agency's report: exactly, or with 1-4 % of its characters changed (to be found), and as many
copies with 35 % changed (not to be found: below the threshold).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import tracemalloc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

POOL = (
    "政务公开工作机制平台网站栏目信息发布更新审核保密制度培训人员队伍建设基层站所群众企业办事指南服务"
    "便民热线回应关切解读政策文件规范管理档案目录编制依申请答复期限办理流程监督考核评议社会反馈渠道"
    "专栏数据开放统计年度计划重点领域财政预算决算项目资金采购招标应急预案安全生产教育医疗住房交通环境"
)
STOCK = 400  # stock phrases every agency may use
CITY = 25  # agencies per city: they share the city's boilerplate paragraphs
YEARS = 4
PASSAGES = 30


def corpus(n_reports: int, seed: int = 15):
    """``(reports, planted)``: reports as ``(agency, [passage texts])``; planted as a dict
    ``(report, passage) -> (report, passage, kind)`` with kind "copy" (to be found) or "far" (not)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    pool = np.array(list(POOL))

    def chars(n: int) -> str:
        return "".join(pool[rng.integers(0, pool.size, n)].tolist())

    def edited(t: str, share: float) -> str:
        s = list(t)
        for k in rng.choice(len(s), max(1, int(len(s) * share)), replace=False).tolist():
            s[k] = POOL[int(rng.integers(0, len(POOL)))]
        return "".join(s)

    stock = [chars(int(rng.integers(6, 14))) for _ in range(STOCK)]
    n_agencies = max(2, n_reports // YEARS)
    n_cities = max(1, n_agencies // CITY)
    city_boiler = [[chars(int(rng.integers(60, 120))) for _ in range(3)] for _ in range(n_cities)]
    reports: list[tuple[str, list[str]]] = []
    for a in range(n_agencies):
        base = []
        for _ in range(PASSAGES - 3):
            parts = [chars(int(rng.integers(40, 160)))]
            for _ in range(int(rng.integers(0, 3))):
                parts.insert(int(rng.integers(0, len(parts) + 1)), stock[int(rng.integers(0, STOCK))])
            base.append("".join(parts))
        for _year in range(YEARS):
            if len(reports) >= n_reports:
                break
            own = [t if rng.random() < 0.5 else edited(t, 0.03) for t in base]
            for k in rng.choice(len(own), 6, replace=False).tolist():  # rewritten this year
                own[k] = chars(int(rng.integers(60, 200)))
            reports.append((f"机关{a:05d}", own + city_boiler[a % n_cities]))
    planted: dict[tuple[int, int], tuple[int, int, str]] = {}
    n = len(reports)
    for k in range(max(2, n // 50)):
        src = int(rng.integers(0, n))
        dst = int(rng.integers(0, n))
        if reports[src][0] == reports[dst][0]:
            continue
        si = int(rng.integers(0, PASSAGES - 3))
        di = int(rng.integers(0, PASSAGES - 3))
        if (src, si) in planted or (dst, di) in planted:
            continue
        text = reports[src][1][si]
        if len(text) < 80:  # a copy worth finding is a long passage
            continue
        kind = "copy" if k % 2 == 0 else "far"
        share = (0.0, 0.01, 0.02, 0.04)[k // 2 % 4] if kind == "copy" else 0.35
        reports[dst][1][di] = edited(text, share) if share else text
        planted[(src, si)] = (dst, di, kind)
    return reports, planted


def measure(n_reports: int, memory: bool = True) -> dict:
    from xxgk_lint import similar

    t = time.perf_counter()
    reports, planted = corpus(n_reports)
    made = time.perf_counter() - t
    st = similar.Stats()
    t = time.perf_counter()
    matches = similar.find_copies(reports, stats=st)
    elapsed = time.perf_counter() - t
    peak = None
    if memory:
        tracemalloc.start()
        similar.find_copies(reports)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    # a found pair is right when it joins a planted copy with its source passage, or with the same passage in
    # the source agency's other years (each year repeats most of its passages, lightly edited)
    dst = {(d, di): (reports[s][0], si, kind) for (s, si), (d, di, kind) in planted.items()}
    right = far_found = 0
    hit: set[tuple[int, int]] = set()
    for m in matches:
        for x, xi, y, yi in ((m.a, m.a_passage, m.b, m.b_passage), (m.b, m.b_passage, m.a, m.a_passage)):
            src = dst.get((x, xi))
            if src is not None and (reports[y][0], yi) == src[:2]:
                if src[2] == "copy":
                    right += 1
                    hit.add((x, xi))
                else:
                    far_found += 1
                break
    want = sum(1 for v in dst.values() if v[2] == "copy")
    far = len(dst) - want
    return {
        "reports": len(reports),
        "passages": st.passages,
        "compared": st.compared,
        "agencies": st.agencies,
        "corpus_s": round(made, 2),
        "index_s": round(elapsed, 2),
        "per_1000_reports_s": round(elapsed / len(reports) * 1000, 3),
        "peak_mb": round(peak / 2**20, 1) if peak is not None else None,
        "timings": {k: round(v, 2) for k, v in st.timings.items()},
        "boilerplate_shingles": st.boilerplate_shingles,
        "candidates": st.candidates,
        "planted": want,
        "planted_far": far,
        "found": len(matches),
        "recall": round(len(hit) / want, 4) if want else None,
        "precision": round(right / len(matches), 4) if matches else None,
        "far_found": far_found,
    }


def datasketch_index(n_reports: int) -> dict:
    """The same signatures and banding built with datasketch (no boilerplate filter): time only."""
    from xxgk_lint import similar

    reports, _ = corpus(n_reports)
    t = time.perf_counter()
    from datasketch import MinHash, MinHashLSH

    imported = time.perf_counter() - t
    t = time.perf_counter()
    lsh = MinHashLSH(num_perm=similar.NUM_PERM, params=(similar.BANDS, similar.ROWS))
    n = 0
    for r, (_, passages) in enumerate(reports):
        for i, text in enumerate(passages):
            if len(text) < similar.DEFAULT_MIN_CHARS:
                continue
            m = MinHash(num_perm=similar.NUM_PERM)
            m.update_batch([text[k : k + similar.SHINGLE].encode() for k in range(len(text) - similar.SHINGLE + 1)])
            lsh.insert((r, i), m)
            lsh.query(m)
            n += 1
    elapsed = time.perf_counter() - t
    return {"reports": len(reports), "passages": n, "import_s": round(imported, 2), "index_s": round(elapsed, 2)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,3000,10000")
    ap.add_argument("--datasketch", type=int, default=0, metavar="N", help="also time datasketch on N reports")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run (halves the time)")
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args(argv)
    rows = []
    for size in [int(s) for s in args.sizes.split(",") if s]:
        row = measure(size, memory=not args.no_memory)
        rows.append(row)
        print(
            f"{row['reports']:>6} reports {row['passages']:>7} passages: index {row['index_s']:>6.2f} s "
            f"({row['per_1000_reports_s']:.3f} s per 1000), peak {row['peak_mb']} MB, "
            f"candidates {row['candidates']}, recall {row['recall']}, precision {row['precision']}, "
            f"far copies found {row['far_found']}/{row['planted_far']}  {row['timings']}"
        )
    if len(rows) > 1:
        a, b = rows[0], rows[-1]
        growth = (b["index_s"] / a["index_s"]) / (b["reports"] / a["reports"])
        print(f"time per report, {b['reports']} vs {a['reports']} reports: x{growth:.2f} (1.0 = linear)")
    out = {"sizes": rows}
    if args.datasketch:
        ds = datasketch_index(args.datasketch)
        out["datasketch"] = ds
        print(
            f"datasketch: {ds['reports']} reports, {ds['passages']} passages: {ds['index_s']} s (+ import {ds['import_s']} s)"
        )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(out, fh, ensure_ascii=False, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
