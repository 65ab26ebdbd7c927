"""What the coverage-guided harnesses (tests/fuzz/atheris_*.py) share: the seed corpus, a plain
random-mutation loop for machines without atheris, and the command line.

    python tests/fuzz/atheris_readers.py [libFuzzer options] [corpus dirs]    # atheris (pip install '.[fuzz]')
    python tests/fuzz/atheris_readers.py --random SECONDS [--seed N]          # no atheris: random mutations

Seeds: synthetic reports in every format (:mod:`xxgk_lint.synth`), the committed PDF fixtures, the small
files of the hostile corpus (tests/hostile/files) and tests/fuzz/corpus/<harness>/ (crash reproducers
kept as regression seeds).  docs/fuzzing.md says how to run for an hour and what to do with a crash."""

from __future__ import annotations

import os
import pathlib
import random
import sys
import time
from collections.abc import Callable

HERE = pathlib.Path(__file__).resolve().parent
TESTS = HERE.parent
CORPUS = HERE / "corpus"


def seeds(kinds: tuple[str, ...]) -> list[bytes]:
    """Seed inputs, each prefixed with one byte naming its format (``FORMATS`` index) for the readers
    harness; ``kinds`` picks the formats."""
    from xxgk_lint.synth import SyntheticReport, render

    out: list[bytes] = []
    for edition in ("2019", "2021"):
        rep = SyntheticReport(edition=edition, seed=1)
        for kind in kinds:
            if kind == "pdf":
                continue
            data = render(rep, kind)
            out.append(data.encode("utf-8") if isinstance(data, str) else data)
    if "pdf" in kinds:
        out += [p.read_bytes() for p in sorted((TESTS / "fixtures").glob("synth_*.pdf"))]
    hostile = TESTS / "hostile" / "files"
    if hostile.is_dir():
        out += [p.read_bytes() for p in sorted(hostile.rglob("*")) if p.is_file() and p.suffix.lstrip(".") in kinds]
    return out


def write_seeds(directory: pathlib.Path, inputs: list[bytes]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for k, data in enumerate(inputs):
        (directory / f"seed-{k:03d}").write_bytes(data)


def _mutate(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not buf:
            buf += rng.randbytes(rng.randint(1, 64))
            continue
        i = rng.randrange(len(buf))
        op = rng.randrange(6)
        if op == 0:
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            del buf[i : i + rng.randint(1, 128)]
        elif op == 2:
            buf[i:i] = rng.randbytes(rng.randint(1, 32))
        elif op == 3:
            j = rng.randrange(len(buf))
            buf[i:i] = buf[j : j + rng.randint(1, 512)]
        elif op == 4:
            buf[i:i] = rng.choice(
                [b"\x00", b"\r", b"\n", b"\t", b"\x1b[2J", b"\xe2\x80\xa8", b"\xef\xbb\xbf", b"9" * 300]
            )
        else:
            del buf[i:]
    return bytes(buf)


def random_loop(one_input: Callable[[bytes], None], inputs: list[bytes], seconds: float, seed: int = 0) -> int:
    """Run ``one_input`` on random mutations of ``inputs`` for ``seconds``; returns the number of runs.
    An exception escapes with the input saved as ``crash-random-<n>`` in the working directory."""
    rng = random.Random(seed)
    end = time.monotonic() + seconds
    runs = 0
    for data in inputs:  # every seed as it is first
        one_input(data)
        runs += 1
    while time.monotonic() < end:
        data = _mutate(rng, rng.choice(inputs))
        try:
            one_input(data)
        except BaseException:
            name = f"crash-random-{runs}"
            pathlib.Path(name).write_bytes(data)
            print(f"crash: input saved as {os.path.abspath(name)}", file=sys.stderr)
            raise
        runs += 1
    return runs


def main(
    name: str, one_input: Callable[[bytes], None], kinds: tuple[str, ...], instrumented: Callable[[], None]
) -> None:
    """The command line of a harness: ``--random SECONDS`` (no atheris needed) or atheris/libFuzzer."""
    argv = sys.argv
    if "--random" not in argv:
        instrumented()  # before anything of the package is imported, so all of it is instrumented
    inputs = seeds(kinds)
    kept = CORPUS / name
    if kept.is_dir():
        inputs += [p.read_bytes() for p in sorted(kept.iterdir()) if p.is_file() and not p.name.startswith(".")]
    if "--random" in argv:
        seconds = float(argv[argv.index("--random") + 1])
        seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 0
        runs = random_loop(one_input, inputs, seconds, seed)
        print(f"{name}: {runs} inputs, no crash")
        return
    import atheris

    dirs = [a for a in argv[1:] if not a.startswith("-")]
    if not dirs:  # no corpus directory given: start from the seeds in a fresh one
        import tempfile

        seed_dir = pathlib.Path(tempfile.mkdtemp(prefix=f"xxgk-fuzz-{name}-"))
        write_seeds(seed_dir, inputs)
        argv = [*argv, str(seed_dir)]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()
