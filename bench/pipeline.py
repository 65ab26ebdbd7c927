"""Time or profile the in-process pipeline (read -> recognise -> rules, no CLI, no output) on a corpus
held in memory: the part that recognition and rule work changes (docs: bench/README.md).

    python bench/pipeline.py                      # the seeds (or padded synthetic reports), best of 7
    python bench/pipeline.py --corpus synthetic   # padded synthetic reports
    python bench/pipeline.py --corpus real        # the real web pages of ../shared/real
    python bench/pipeline.py --profile tottime    # cProfile, sorted by own time (or cumtime, ncalls)

Timings are the best of several repetitions, in wall-clock and in CPU time of this process (the machine
may be shared: CPU time does not count the waits for a core); compare call counts of the profile
between two versions rather than single wall-clock runs.
"""

from __future__ import annotations

import argparse
import cProfile
import glob
import os
import pstats
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import run  # noqa: E402  (bench/run.py: the corpora)


def load_corpus(kind: str, n_synthetic: int = 20) -> list[tuple[str, bytes]]:
    if kind in ("seeds", "real"):
        found = {k: files for k, _what, files in run.shared_corpora()}
        if kind in found:
            return [(os.path.basename(f), open(f, "rb").read()) for f in found[kind]]
        if kind == "real":
            sys.exit("bench/pipeline.py: ../shared/real is not present")
        print("(../shared/seeds is not present: padded synthetic reports instead)")
    with tempfile.TemporaryDirectory() as tmp:
        run.make_corpus(tmp, n_synthetic, pad_to=run.PAD_CHARS)
        files = sorted(glob.glob(os.path.join(tmp, "*", "*")))
        return [(os.path.basename(f), open(f, "rb").read()) for f in files]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=("seeds", "synthetic", "real"), default="seeds")
    ap.add_argument("--repeat", type=int, default=20, help="passes over the corpus per timing (default 20)")
    ap.add_argument(
        "--files",
        type=int,
        default=20,
        help="distinct synthetic reports (default 20; with --repeat 1, every report is new to the caches)",
    )
    ap.add_argument("--best-of", type=int, default=7, help="timings to take the best of (default 7)")
    ap.add_argument("--profile", metavar="SORT", help="run cProfile instead, sorted by SORT (tottime, cumtime, ncalls)")
    ap.add_argument("--lines", type=int, default=40, help="profile lines to print (default 40)")
    args = ap.parse_args(argv)

    from xxgk_lint.runner import Linter, Settings

    corpus = load_corpus(args.corpus, args.files)
    # what the session does around the per-file work (pool.collector and pool.settle): without it a sixth
    # of the time here is the cyclic collector, which the command line does not pay
    from xxgk_lint.pool import collector, settle

    collector().__enter__()
    linter = Linter(Settings())
    for name, data in corpus:  # warm up: templates, label indexes, rapidfuzz, lazy imports
        linter.lint_file(name, data=data)

    def one_pass() -> None:
        for name, data in corpus:
            linter.lint_file(name, data=data)
            settle()

    n = args.repeat * len(corpus)
    if n == 0:  # start-up and warm-up only: the baseline for counting instructions (bench/README.md)
        print(f"{len(corpus)} files linted once (warm-up); --repeat 0: nothing timed")
        return 0
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(args.repeat):
            one_pass()
        prof.disable()
        print(f"{n} reports ({len(corpus)} files x {args.repeat})")
        pstats.Stats(prof).sort_stats(args.profile).print_stats(args.lines)
        return 0
    best = best_cpu = float("inf")
    for _ in range(args.best_of):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(args.repeat):
            one_pass()
        best, best_cpu = min(best, time.perf_counter() - t0), min(best_cpu, time.process_time() - c0)
    size = sum(len(d) for _, d in corpus) / len(corpus) / 1024
    print(
        f"{args.corpus}: {len(corpus)} files ({size:.1f} KB each) x {args.repeat}, best of {args.best_of}: "
        f"{best / n * 1000:.2f} ms per report = {n / best:.0f} reports/s in one process "
        f"(CPU time {best_cpu / n * 1000:.2f} ms = {n / best_cpu:.0f}/s: less sensitive to a busy machine)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
