"""The xxgk-lint benchmark: every performance target of the project, measured against a floor taken
in the same run on the same machine (docs: bench/README.md).

    python bench/run.py                 # 1000 reports per corpus (synthetic seed-sized, seeds, real pages)
    python bench/run.py --n 200         # quicker
    python bench/run.py --strict        # exit 1 when a target fails (CI)

Standard library only, plus the installed package (``xxgk_lint.synth`` writes the corpus).  Every
measurement runs the real command line in a subprocess, the way users and CI run it.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AGENCIES = (
    "某县农业农村局",
    "某市人民政府办公室",
    "某区教育局",
    "某县卫生健康局",
    "某市自然资源和规划局",
    "某镇人民政府",
    "某县市场监督管理局",
    "某区住房和城乡建设局",
)
LAYOUTS = (("txt", "tabs"), ("txt", "cells"), ("txt", "bare"), ("md", None))

TARGETS = {
    "throughput": 200.0,  # reports/s, one process, text and markdown, --no-cache
    "startup": 0.3,  # s, one small file, best of 5
    "warm_ratio": 0.15,  # warm-cache run / cold run
    "jobs_speedup": 1.6,  # --jobs 2 over --jobs 1
    "memory_growth": 1.25,  # peak RSS for 4N files / for N files ("flat in the number of files")
    "pdf_throughput": 20.0,  # PDF reports/s, one process (<= 50 ms each)
}


# -- corpus ------------------------------------------------------------------------------------
def _defect(report, k: int) -> None:
    """Break a report in one of a few ways (deterministic in ``k``)."""
    kind = k % 4
    if kind == 0:
        report.set("t3", "new", "natural", "99")  # totals no longer add up
    elif kind == 1:
        report.set("t3", "new", "natural", "")  # a blank cell
    elif kind == 2:
        report.relabel("（三）不予公开", "（三）不子公开")  # a label typo
    else:
        report.drop_section("s6")  # a missing section


# Prose written for the benchmark (never taken from a real report): sentences that the padded
# synthetic reports draw on to reach the size of a real county report (~20 KB of text).
PROSE = (
    "本机关把信息公开工作列入班子会议的议事内容，由分管负责同志牵头，办公室具体承办，各业务股室明确专人负责信息的采集和报送",
    "年初制定工作要点，将任务分解到具体岗位，逐项明确完成时限和责任人，年中开展一次督查，年底对照要点逐项总结",
    "对拟公开的文件，起草单位在发文稿纸上注明公开属性，办公室在印发前复核，保密审查与公开审查同步进行",
    "门户网站专栏按照统一目录设置栏目，机构职能、法规文件、规划计划、财政资金等栏目内容做到应设尽设、及时更新",
    "围绕群众关心的补贴发放、项目安排和执法检查，发布通俗易懂的解读材料，采用问答、图表等形式方便群众理解",
    "对网民留言和咨询，按照首问负责的要求登记办理，一般问题当日答复，复杂问题说明理由并在规定时间内反馈",
    "依申请公开实行统一受理、分类办理、集体研究、限时答复的工作流程，答复前由法制审核人员审查文书的合法性",
    "对申请内容不明确的，及时与申请人沟通，一次性告知需要补正的事项，避免因理解偏差造成重复申请",
    "开展已公开文件的清理工作，对失效和废止的文件在网站上加注标识，防止群众误用过期的政策信息",
    "组织机关干部参加政务公开业务培训，邀请上级业务部门的同志讲解公开属性认定和答复文书的写法",
    "将政务公开工作纳入年度绩效考核，考核结果与评先评优挂钩，推动各股室把公开工作当作分内事来抓",
    "建立信息发布前的三级审核制度，做到谁发布谁负责，从源头上杜绝错发、漏发和泄密问题",
    "积极利用政务新媒体发布工作动态，与门户网站信息同步更新，扩大政府信息的传播范围和群众知晓度",
    "针对上级检查中指出的栏目更新不及时问题，逐项制定整改措施，明确整改时限，目前已全部整改到位",
    "在办事大厅设置信息查阅点，配备查阅设备和纸质资料，方便不熟悉网络的群众就近查阅政府信息",
    "加强与同级部门的工作协同，对涉及多个部门职责的申请，及时会商，确保答复口径一致、内容准确",
    "编制并公开政府信息公开指南，载明受理机构、申请方式、办理程序和联系电话，便于申请人依法提出申请",
    "对公开工作中发现的共性问题进行梳理，形成问题清单和整改台账，定期通报整改进展情况",
    "坚持公开与保密相统一，对涉及个人隐私和商业秘密的信息，依法进行处理后再予公开",
    "下一步将继续完善公开制度，细化工作流程，提升答复质量，进一步增强政府工作的透明度和公信力",
)


class PaddedReport:
    """A synthetic report whose sections carry longer prose (sentences of ``PROSE``), so that its text
    is about the size of a real county report; figures, tables and defects are the base report's."""

    @staticmethod
    def make(target_chars: int, **kw):
        from xxgk_lint.synth import SyntheticReport

        class _Padded(SyntheticReport):
            def _narrative(self, section_id):
                paras = list(super()._narrative(section_id))
                if not paras:
                    return paras
                k = int(section_id[1:]) if section_id[1:].isdigit() else 1
                per_section = max(target_chars // 6, 0)
                extra, size, j = [], 0, 0
                while size < per_section:
                    sentences = [PROSE[(self.seed * 7 + k * 5 + j * 3 + m) % len(PROSE)] for m in range(4)]
                    text = "。".join(sentences) + "。"
                    extra.append(text)
                    size += len(text)
                    j += 1
                return paras + extra

        return _Padded(**kw)


def make_corpus(directory: str, n: int, defect_every: int = 7, pad_to: int = 0) -> int:
    """Write ``n`` deterministic synthetic reports in mixed editions, layouts and agencies; return bytes
    written.  ``pad_to``: characters of extra prose per report (0: the plain synthetic reports)."""
    from xxgk_lint.synth import SyntheticReport, render

    total = 0
    for i in range(n):
        edition = "2021" if i % 3 else "2019"
        year = (2022 + i % 3) if edition == "2021" else (2019 + i % 2)
        agency = AGENCIES[i % len(AGENCIES)]
        fmt, layout = LAYOUTS[i % len(LAYOUTS)]
        if pad_to:
            report = PaddedReport.make(pad_to, edition=edition, year=year, agency=agency, seed=i)
        else:
            report = SyntheticReport(edition=edition, year=year, agency=agency, seed=i)
        if i % defect_every == 0:
            _defect(report, i // defect_every)
        text = render(report, fmt, layout=layout) if layout else render(report, fmt)
        sub = os.path.join(directory, f"{i // 250:03d}")
        os.makedirs(sub, exist_ok=True)
        data = text.encode("utf-8")
        with open(os.path.join(sub, f"{i:05d}_{agency}_{year}.{fmt}"), "wb") as fh:
            fh.write(data)
        total += len(data)
    return total


def replicate(src: str, dst: str, times: int) -> None:
    """``times`` copies of a corpus (hard links where possible: the files are only read)."""
    for k in range(times):
        for root, _dirs, names in os.walk(src):
            rel = os.path.relpath(root, src)
            out = os.path.join(dst, f"copy{k}", rel)
            os.makedirs(out, exist_ok=True)
            for name in names:
                a, b = os.path.join(root, name), os.path.join(out, name)
                try:
                    os.link(a, b)
                except OSError:
                    shutil.copyfile(a, b)


SHARED = os.path.join(os.path.dirname(ROOT), "shared")
PAD_CHARS = 4200  # extra prose per padded report: ~20 KB of text, the size of a real county report


def repeat_files(sources: list[str], directory: str, n: int) -> int:
    """``n`` files cycling through ``sources`` (hard links where possible); return bytes written."""
    os.makedirs(directory, exist_ok=True)
    total = 0
    for i in range(n):
        src = sources[i % len(sources)]
        sub = os.path.join(directory, f"{i // 250:03d}")
        os.makedirs(sub, exist_ok=True)
        dst = os.path.join(sub, f"{i:05d}_{os.path.basename(src)}")
        try:
            os.link(src, dst)
        except OSError:
            shutil.copyfile(src, dst)
        total += os.path.getsize(src)
    return total


def shared_corpora() -> list[tuple[str, str, list[str]]]:
    """(key, description, files) of the real reports next to the repository, when ``../shared`` exists."""
    out = []
    seeds = sorted(glob.glob(os.path.join(SHARED, "seeds", "[0-9][0-9][0-9]_*.txt")))
    if seeds:
        out.append(("seeds", f"the {len(seeds)} seeds (../shared/seeds, text)", seeds))
    real = sorted(glob.glob(os.path.join(SHARED, "real", "*.html")))
    if real:
        out.append(("real", f"the {len(real)} real web pages (../shared/real, HTML)", real))
    return out


# -- running the tool ----------------------------------------------------------------------------
def tool_command() -> list[str]:
    script = os.path.join(os.path.dirname(sys.executable), "xxgk-lint")
    if os.path.exists(script):
        return [script]
    found = shutil.which("xxgk-lint")
    return [found] if found else [sys.executable, "-m", "xxgk_lint"]


def check_flags() -> set[str]:
    """The options ``xxgk-lint check`` offers in this install (--jobs, --no-cache may be missing)."""
    proc = subprocess.run(
        tool_command() + ["check", "--help"], capture_output=True, text=True, encoding="utf-8", errors="replace"
    )
    return {w.rstrip(",").split("=")[0] for w in proc.stdout.split() if w.startswith("--")}


class ToolError(RuntimeError):
    pass


RULE_CRASHES: list[str] = []  # runs that finished but reported a crashing rule (exit 2)


LAST_CPU = [0.0]  # the CPU time (user + system, the run and its workers) of the last run_tool


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # not on this platform
        return 0.0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_tool(args: list[str], cwd: str, env: dict) -> float:
    """Wall time of one ``xxgk-lint`` run (its CPU time in ``LAST_CPU[0]``).  Findings (exit 1) are
    expected; a crashing rule (exit 2 after a complete run) is noted and reported at the end; any other
    failure stops the bench."""
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.run(
        tool_command() + args,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    elapsed = time.perf_counter() - t0
    LAST_CPU[0] = _children_cpu() - cpu0
    if proc.returncode in (0, 1):
        return elapsed
    if proc.returncode == 2 and "internal error in rule" in proc.stderr:
        RULE_CRASHES.append(proc.stderr.strip().splitlines()[0])
        return elapsed
    raise ToolError(f"xxgk-lint {' '.join(args)} exited {proc.returncode}: {proc.stderr.strip()[:500]}")


def peak_rss_mb(args: list[str], cwd: str, env: dict) -> float:
    """Peak resident memory of one run, through a fresh parent so earlier children do not count."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, *tool_command(), *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    kb = int(proc.stdout.strip() or 0)
    if sys.platform == "darwin":  # bytes there, kilobytes on Linux
        kb //= 1024
    return kb / 1024


def floor_read(directory: str) -> tuple[int, float]:
    """Files and seconds to only read and decode every file (what any tool must pay)."""
    t0 = time.perf_counter()
    n = 0
    for root, _dirs, names in os.walk(directory):
        for name in names:
            with open(os.path.join(root, name), "rb") as fh:
                fh.read().decode("utf-8")
            n += 1
    return n, time.perf_counter() - t0


def pdf_floor_ms(directory: str) -> float:
    """Milliseconds per file to only extract the text with pypdfium2 (the fastest reader there is)."""
    import pypdfium2

    names = sorted(os.listdir(directory))
    t0 = time.perf_counter()
    for name in names:
        pdf = pypdfium2.PdfDocument(os.path.join(directory, name))
        for page in pdf:
            page.get_textpage().get_text_range()
        pdf.close()
    return (time.perf_counter() - t0) * 1000 / max(len(names), 1)


def bare_python() -> float:
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        best = min(best, time.perf_counter() - t0)
    return best


# -- the report ------------------------------------------------------------------------------------
class Table:
    def __init__(self):
        self.rows: list[dict] = []

    def add(self, name: str, value: str, target: str = "", floor: str = "", verdict: str | None = None, note: str = ""):
        self.rows.append(
            {"name": name, "value": value, "target": target, "floor": floor, "verdict": verdict or "", "note": note}
        )
        print(self.format(self.rows[-1]), flush=True)

    @staticmethod
    def format(row: dict) -> str:
        line = f"{row['name']:<34} {row['value']:>16}  {row['target']:<14} {row['floor']:<30} {row['verdict']}"
        if row["note"]:
            line += f"  ({row['note']})"
        return line.rstrip()

    @property
    def failed(self) -> list[dict]:
        return [r for r in self.rows if r["verdict"] == "FAIL"]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="xxgk-lint benchmark against its floors (see bench/README.md)")
    ap.add_argument("--n", type=int, default=1000, help="number of synthetic reports (default 1000)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    ap.add_argument("--keep", metavar="DIR", help="write the corpus here and keep it (default: a temporary directory)")
    ap.add_argument("--json", metavar="FILE", help="also write the measurements as JSON")
    ap.add_argument("--no-memory", action="store_true", help="skip the 4N memory run (the slowest part)")
    ap.add_argument(
        "--no-shared", action="store_true", help="leave out the seeds and real reports of ../shared even when present"
    )
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("--n must be at least 1")

    work = args.keep or tempfile.mkdtemp(prefix="xxgk-bench-")
    corpus = os.path.join(work, "corpus")
    home = os.path.join(work, "home")  # the tool's working directory: a cache, if any, lands here
    os.makedirs(home, exist_ok=True)
    env = dict(os.environ, NO_COLOR="1", XDG_CACHE_HOME=os.path.join(work, "xdg-cache"))
    # the tool runs as installed, with its modules' bytecode: a wheel install compiles it, but under
    # PYTHONDONTWRITEBYTECODE=1 an editable install would compile every module again on every start
    # (about 0.1 s of each run's start-up, and most of a warm-cache run)
    no_bytecode = env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("GITHUB_ACTIONS", None)  # no annotations, no step summary
    env.pop("GITHUB_STEP_SUMMARY", None)
    table = Table()
    try:
        from xxgk_lint import __version__

        print(f"xxgk-lint {__version__} · Python {sys.version.split()[0]} · {os.cpu_count()} CPUs · {sys.platform}")
        if no_bytecode:
            print("(PYTHONDONTWRITEBYTECODE is set here: unset for the tool's runs, which use bytecode as installs do)")
        t0 = time.perf_counter()
        # the main corpus (throughput, cache, --jobs, memory): synthetic reports padded to seed size;
        # the others are timed for throughput only, each on its own line
        corpora = [("synthetic", f"synthetic reports padded to seed size (+{PAD_CHARS} characters of prose)", corpus)]
        for path in [corpus] + glob.glob(os.path.join(work, "corpus-*")):
            if os.path.isdir(path):
                shutil.rmtree(path)
        sizes = {"synthetic": make_corpus(corpus, args.n, pad_to=PAD_CHARS)}
        small = os.path.join(work, "corpus-small")
        sizes["small"] = make_corpus(small, args.n)
        corpora.append(("small", "synthetic reports, not padded", small))
        for key, what, files in [] if args.no_shared else shared_corpora():
            path = os.path.join(work, f"corpus-{key}")
            sizes[key] = repeat_files(files, path, args.n)
            corpora.append((key, what + ", repeated", path))
        for key, what, _path in corpora:
            print(f"corpus {key}: {args.n} files, {sizes[key] / args.n / 1024:.1f} KB each on average — {what}")
        if args.no_shared:
            print("(--no-shared: the seeds and real reports are left out)")
        elif len(corpora) == 2:
            print("(no ../shared next to the repository: only the synthetic corpora)")
        print(f"written in {time.perf_counter() - t0:.1f} s under {work}\n")
        if args.n < 200:
            print(
                f"note: with only {args.n} reports start-up time dominates the cache and --jobs ratios; "
                "use --n 200 or more to judge them\n"
            )
        print(
            Table.format(
                {
                    "name": "measure",
                    "value": "value",
                    "target": "target",
                    "floor": "floor (same run)",
                    "verdict": "",
                    "note": "",
                }
            )
        )
        flags = check_flags()
        has_cache, has_jobs = "--no-cache" in flags, "--jobs" in flags
        no_cache = ["--no-cache"] if has_cache else []
        base = ["check", corpus, "--format", "concise", "--exit-zero"]

        # start-up: one small file, best of 5, against a bare interpreter
        small_file = os.path.join(work, "small.txt")
        from xxgk_lint.synth import SyntheticReport, render

        with open(small_file, "w", encoding="utf-8") as fh:
            fh.write(
                render(SyntheticReport(edition="2021", year=2022, agency=AGENCIES[0], seed=1), "txt", layout="tabs")
            )
        start = min(run_tool(["check", small_file, "--exit-zero"] + no_cache, home, env) for _ in range(5))
        bare = bare_python()
        table.add(
            "start-up, one small file",
            f"{start:.3f} s",
            f"<= {TARGETS['startup']} s",
            f"python -c pass {bare:.3f} s",
            verdict(start <= TARGETS["startup"]),
            f"{start / bare:.1f}x bare interpreter",
        )

        # throughput, one process, per corpus, against reading + decoding the same files (start-up excluded).
        # The target is for seed-sized text and markdown reports; the small synthetic reports and the
        # HTML pages (their reader costs more) are shown for comparison, without a verdict.
        # The judged corpora take the best of three runs, as the --jobs and warm lines do: on this shared
        # machine the same run of the same code swings by a third from one minute to the next.
        for key, _what, path in corpora:
            n_read, t_read = floor_read(path)
            judged = key in ("synthetic", "seeds")
            runs = 3 if judged else 1
            wall = min(
                run_tool(
                    ["check", path, "--format", "concise", "--exit-zero"]
                    + no_cache
                    + (["--jobs", "1"] if has_jobs else []),
                    home,
                    env,
                )
                for _ in range(runs)
            )
            rate = args.n / max(wall - start, 1e-9)
            table.add(
                f"throughput, one process, {key}",
                f"{rate:.0f} reports/s",
                f">= {TARGETS['throughput']:.0f}/s" if judged else "(no target)",
                f"read+decode {n_read / t_read:.0f} files/s",
                verdict(rate >= TARGETS["throughput"]) if judged else "",
                f"{wall:.2f} s wall for {args.n}{', best of 3' if runs > 1 else ''}, less start-up, "
                f"{sizes[key] / args.n / 1024:.1f} KB each" + ("" if has_cache else "; no --no-cache in this build"),
            )

        # warm cache vs cold
        if has_cache:
            for name in os.listdir(home):
                shutil.rmtree(os.path.join(home, name), ignore_errors=True)
            shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
            cold = run_tool(base, home, env)
            cold_cpu = LAST_CPU[0]
            warms = []
            for _ in range(3):  # the best of three warm runs after the cold one: a busy machine slows some
                warms.append((run_tool(base, home, env), LAST_CPU[0]))
            warm, warm_cpu = min(warms)
            ratio = warm / cold
            table.add(
                "warm-cache re-run / cold run",
                f"{ratio:.0%}",
                f"<= {TARGETS['warm_ratio']:.0%}",
                f"cold {cold:.2f} s, warm {warm:.2f} s",
                verdict(ratio <= TARGETS["warm_ratio"]),
                f"CPU time cold {cold_cpu:.2f} s, warm {warm_cpu:.2f} s; warm: best of 3",
            )
        else:
            table.add(
                "warm-cache re-run / cold run",
                "not available",
                f"<= {TARGETS['warm_ratio']:.0%}",
                "",
                "n/a",
                "this build has no cache (--no-cache missing)",
            )

        # --jobs 2 vs --jobs 1
        if has_jobs:
            ones, twos = [], []
            load0 = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
            for _ in range(3):  # interleaved, the best of three each: a busy machine slows both alike
                ones.append((run_tool(base + no_cache + ["--jobs", "1"], home, env), LAST_CPU[0]))
                twos.append((run_tool(base + no_cache + ["--jobs", "2"], home, env), LAST_CPU[0]))
            (one, one_cpu), (two, two_cpu) = min(ones), min(twos)
            speedup = one / two
            cpus = os.cpu_count() or 1
            load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
            # the bench's own runs count about 1 in the load: above the CPU count, others hold CPUs too
            busy = "; a busy machine: --jobs 2 cannot get two CPUs" if load0 > cpus else ""
            if cpus < 2:
                table.add(
                    "--jobs 2 vs --jobs 1",
                    f"{speedup:.2f}x",
                    f">= {TARGETS['jobs_speedup']}x",
                    f"jobs 1 {one:.2f} s, jobs 2 {two:.2f} s",
                    "n/a",
                    "one CPU: cannot be measured here",
                )
            else:
                table.add(
                    "--jobs 2 vs --jobs 1",
                    f"{speedup:.2f}x",
                    f">= {TARGETS['jobs_speedup']}x",
                    f"jobs 1 {one:.2f} s, jobs 2 {two:.2f} s",
                    verdict(speedup >= TARGETS["jobs_speedup"]),
                    f"best of 3 interleaved; CPU time jobs 1 {one_cpu:.2f} s, jobs 2 {two_cpu:.2f} s; {cpus} CPUs, "
                    f"load average {load0:.1f} before, {load:.1f} after{busy}",
                )
        else:
            table.add(
                "--jobs 2 vs --jobs 1",
                "not available",
                f">= {TARGETS['jobs_speedup']}x",
                "",
                "n/a",
                "this build has no --jobs",
            )

        # memory: flat in the number of files
        if not args.no_memory:
            big = os.path.join(work, "corpus4")
            if os.path.isdir(big):
                shutil.rmtree(big)
            replicate(corpus, big, 4)
            mem_args = ["--format", "concise", "--exit-zero"] + no_cache + (["--jobs", "1"] if has_jobs else [])
            rss_n = peak_rss_mb(["check", corpus] + mem_args, home, env)
            rss_4n = peak_rss_mb(["check", big] + mem_args, home, env)
            growth = rss_4n / rss_n if rss_n else float("inf")
            table.add(f"peak memory, {args.n} files", f"{rss_n:.0f} MB", "", "", None)
            table.add(
                f"peak memory, {4 * args.n} files",
                f"{rss_4n:.0f} MB",
                f"<= {TARGETS['memory_growth']}x of N",
                f"{growth:.2f}x of {args.n} files",
                verdict(growth <= TARGETS["memory_growth"]),
            )

        # PDF: the committed synthetic PDF fixtures, repeated, against bare pypdfium2 text extraction
        pdfs = sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", "synth_*.pdf")))
        if pdfs:
            pdf_dir = os.path.join(work, "pdf")
            os.makedirs(pdf_dir, exist_ok=True)
            n_pdf = max(40, min(args.n // 5, 200))
            for i in range(n_pdf):
                shutil.copyfile(pdfs[i % len(pdfs)], os.path.join(pdf_dir, f"r{i:04d}.pdf"))
            pdf_args = ["--format", "concise", "--exit-zero"] + no_cache + (["--jobs", "1"] if has_jobs else [])
            wall = run_tool(["check", pdf_dir] + pdf_args, home, env)
            # less the start-up of a run on one of the PDFs (best of 3), not of the text start-up: importing
            # the PDF library and its first document are paid once per run, not per report
            one_pdf = os.path.join(pdf_dir, "r0000.pdf")
            start_pdf = min(run_tool(["check", one_pdf] + pdf_args, home, env) for _ in range(3))
            rate = (n_pdf - 1) / max(wall - start_pdf, 1e-9)
            floor_ms = pdf_floor_ms(pdf_dir)
            table.add(
                "PDF reports, one process",
                f"{rate:.0f} reports/s",
                f">= {TARGETS['pdf_throughput']:.0f}/s",
                f"pypdfium2 text {floor_ms:.1f} ms each",
                verdict(rate >= TARGETS["pdf_throughput"]),
                f"{1000 / rate:.1f} ms per report ({len(pdfs)} fixture PDFs of 2-4 pages, repeated; "
                f"{wall:.2f} s wall for {n_pdf}, less a one-PDF run of {start_pdf:.2f} s)",
            )
        else:
            table.add(
                "PDF reports, one process",
                "not measured",
                f">= {TARGETS['pdf_throughput']:.0f}/s",
                "",
                "n/a",
                "no PDF fixtures found (tests/fixtures/synth_*.pdf)",
            )
        across_overhead(table, work, args.n, home, env, no_cache)
    except ToolError as exc:
        print(f"\nbench: {exc}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    failed = table.failed
    print()
    if RULE_CRASHES:
        print(
            f"warning: {len(RULE_CRASHES)} run(s) reported crashing rules (timings include them), e.g.\n  {RULE_CRASHES[0]}"
        )
    print(
        "all targets met" if not failed else f"{len(failed)} target(s) missed: " + ", ".join(r["name"] for r in failed)
    )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"n": args.n, "rows": table.rows}, fh, ensure_ascii=False, indent=2)
    return 1 if failed and args.strict else 0


# -- the cross-report rules (X80x, issue 15) ---------------------------------------------------------------
ACROSS_OVERHEAD = 1.20  # a run with the X rules / the same run without them


def make_repository(directory: str, n: int, years: int = 5) -> None:
    """``n`` reports of ``n // years`` agencies over ``years`` consecutive years (2019-2020 in the 2019
    format, then 2021): the shape the cross-report rules compare (every agency-year once)."""
    from xxgk_lint.synth import SyntheticReport, render

    last = None
    for i in range(n):
        agency, k = f"某县第{i // years + 1}局", i % years
        year = 2019 + k
        report = SyntheticReport(edition="2019" if year <= 2020 else "2021", year=year, agency=agency, seed=i)
        if k:
            _continue(last, report)
        last = report
        sub = os.path.join(directory, f"{i // years:04d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"{year}.txt"), "w", encoding="utf-8") as fh:
            fh.write(render(report, "txt", layout="tabs"))


def _continue(last, this) -> None:
    """Make ``this`` carry on from ``last`` (as a real repository mostly does): table 三's carry-over, kept
    balanced; the 2019 format's item counts; the 2021 format's documents in force."""

    def add(t, row, col, n):
        this.set(t, row, col, str(int(this.get(t, row, col)) + n))

    cols = [c for c in this.template.table("t3").column_ids if c != "total"]
    for col in cols:
        delta = int(last.get("t3", "carry_next", col)) - int(this.get("t3", "carried", col))
        add("t3", "carried", col, delta)
        add("t3", "carry_next" if delta > 0 else "new", col, abs(delta))
    for row in ("new", "carried", "carry_next"):
        this.set("t3", row, "total", str(sum(int(this.get("t3", row, c)) for c in cols)))
    if last.edition != this.edition:
        return
    for tdef in this.template.tables:
        ids = tdef.column_ids
        for row in tdef.row_ids:
            if "prev" in ids and "delta" in ids:
                delta = int(last.get(tdef.id, row, "delta").replace("增", "").replace("减", "-"))
                this.set(tdef.id, row, "prev", str(int(last.get(tdef.id, row, "prev")) + delta))
            if "valid" in ids and "issued" in ids and "repealed" in ids:
                was = int(last.get(tdef.id, row, "valid"))
                repealed = min(int(this.get(tdef.id, row, "repealed")), was)
                this.set(tdef.id, row, "repealed", str(repealed))
                this.set(tdef.id, row, "valid", str(was + int(this.get(tdef.id, row, "issued")) - repealed))


def across_overhead(table, work: str, n: int, home: str, env: dict, no_cache: list[str]) -> None:
    """Time one run over a repository of ``n`` reports with the cross-report rules and one without
    (``--ignore X``).  The issue's bound: at most 20% more."""
    repo = os.path.join(work, "corpus-across")
    if os.path.isdir(repo):
        shutil.rmtree(repo)
    make_repository(repo, n)
    base = ["check", repo, "--format", "concise", "--exit-zero"] + no_cache
    runs: tuple[list[float], list[float]] = ([], [])
    for _ in range(3):  # interleaved, the best of three each: a busy machine slows both alike
        runs[0].append(run_tool(base + ["--ignore", "X"], home, env))
        runs[1].append(run_tool(base, home, env))
    without, with_x = min(runs[0]), min(runs[1])
    ratio = with_x / without if without else float("inf")
    table.add(
        f"cross-report rules, {n} reports",
        f"{ratio:.2f}x",
        f"<= {ACROSS_OVERHEAD:.2f}x",
        f"without X rules {without:.2f} s",
        verdict(ratio <= ACROSS_OVERHEAD),
        f"with {with_x:.2f} s; {n // 5} agencies x 5 years",
    )


if __name__ == "__main__":
    sys.exit(main())
