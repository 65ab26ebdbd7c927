"""Every regular expression of the project must cost time linear in its input (issue 16).

The harness walks every module of ``xxgk_lint`` (the engine in ``linter/`` and the built-in rules in
``rules/``), collects the compiled patterns they keep at module level (module globals, the items of
module-level tuples / lists / dicts, and class attributes of the classes defined there), and runs each one
with ``finditer`` over hostile strings of 10 KB and 1 MB: runs of spaces, tabs, U+3000, digits, CJK or
dashes followed by a character that fails the match, repeated prefixes made of the pattern's own literals,
long lines without a newline.

The budget is CPU time, enforced by the harness with an interval timer (``ITIMER_PROF``, which ``re``
and ``regex`` honour while matching): ``BASE + PER_CHAR * len(text)``.  A linear pattern costs well under
0.1 µs a character; PER_CHAR is 100 times more than any linear pattern of the project needs, so load on the
machine cannot make a linear pattern fail, while a quadratic one (10^8 steps at 10 KB, 10^12 at 1 MB) runs
into the budget deterministically.  No wall-clock assertion is made.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import signal
from re import _constants as sre_constants  # the stdlib's own parser (sre_parse is deprecated)
from re import _parser as sre_parse

import pytest

try:
    import regex
except ImportError:  # pragma: no cover - a dependency of the project
    regex = None


# about 45 s of CPU for ~90 patterns at 1 MB: part of `pytest -m integration` (.ci/run runs both)
pytestmark = pytest.mark.integration

BASE = 0.01  # seconds of CPU time for any input
PER_CHAR = 5e-6  # seconds of CPU time per character of input (linear patterns need < 5e-8)
GROWTH = 300  # at 1 MB: times the 10 KB cost of the same shape (linear: 100; quadratic: 10,000)
SIZES = (10_000, 1_000_000)
FILLERS = (" ", "\t", "\u3000", "0", "中", "一", "-", "|", "#")
LARGE_FILLERS = (" ", "\u3000", "0")
FAIL = "\x00"  # fails any pattern of the project

# Patterns in files this harness's author may not change that are super-linear: (module, attribute).
# Each is an expected failure (strict: the test goes red once the pattern is fixed, so the entry is removed).
KNOWN_SLOW: dict[tuple[str, str], str] = {}

_PATTERN_TYPES = (re.Pattern,) + ((regex.Pattern,) if regex is not None else ())


def _modules():
    import contextlib
    import io

    import xxgk_lint.rules

    names = {"xxgk_lint", "xxgk_lint.rules"}
    # the rules are installed from their own folder (package-dir): walk both packages
    for package in (xxgk_lint, xxgk_lint.rules):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            names.add(info.name)
    for name in sorted(names):
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                yield importlib.import_module(name)
        except Exception:  # noqa: BLE001 - an optional dependency missing: nothing to measure there
            continue


def _collect():
    found: dict[tuple[str, str], object] = {}
    seen: set[int] = set()

    def add(module, name, value):
        if isinstance(value, _PATTERN_TYPES) and id(value) not in seen:
            seen.add(id(value))
            found[(module.__name__, name)] = value

    def walk(module, name, value, depth=0):
        if isinstance(value, _PATTERN_TYPES):
            add(module, name, value)
        elif depth < 2 and isinstance(value, (tuple, list, frozenset, set)):
            for i, v in enumerate(value):
                walk(module, f"{name}[{i}]", v, depth + 1)
        elif depth < 2 and isinstance(value, dict):
            for k, v in list(value.items()):
                walk(module, f"{name}[{k!r}]", v, depth + 1)

    for module in _modules():
        for name, value in list(vars(module).items()):
            if isinstance(value, type) and value.__module__ == module.__name__:
                for attr, v in list(vars(value).items()):
                    walk(module, f"{name}.{attr}", v)
            else:
                walk(module, name, value)
    return found


PATTERNS = _collect()


def _literals(pattern) -> str:
    """The literal characters of a pattern, in order (the first alternative of each branch)."""
    if not isinstance(pattern.pattern, str):
        return ""
    out: list[str] = []

    def visit(items):
        for op, av in items:
            if len(out) > 40:
                return
            if op is sre_constants.LITERAL:
                out.append(chr(av))
            elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
                visit(av[2])
            elif op is sre_constants.SUBPATTERN:
                visit(av[-1])
            elif op is sre_constants.BRANCH:
                visit(av[1][0])
            elif op is sre_constants.IN:
                if av and av[0][0] is sre_constants.NEGATE:
                    continue  # a negated set: no literal to repeat
                for iop, iav in av:
                    if iop is sre_constants.CATEGORY:
                        sample = {
                            sre_constants.CATEGORY_DIGIT: "0",
                            sre_constants.CATEGORY_SPACE: " ",
                            sre_constants.CATEGORY_WORD: "a",
                        }.get(iav)
                        if sample:
                            out.append(sample)
                        break
                    if iop is sre_constants.LITERAL:
                        out.append(chr(iav))
                        break
                    if iop is sre_constants.RANGE:
                        out.append(chr(iav[0]))
                        break

    try:
        visit(sre_parse.parse(pattern.pattern, pattern.flags & ~re.UNICODE if isinstance(pattern, re.Pattern) else 0))
    except Exception:  # noqa: BLE001 - a regex-module feature sre cannot parse: no literals then
        return ""
    return "".join(out)


def _heads(pattern) -> list[str]:
    lit = _literals(pattern)
    return [lit[:k] for k in sorted({1, 2, len(lit) - 3, len(lit)}) if 0 < k <= len(lit)]


def _inputs(pattern, size: int):
    """(label, text) of about ``size`` characters each.  At 10 KB every shape; at 1 MB the runs alone and
    after the pattern's longest literal prefix (a pattern quadratic with a small constant shows there)."""
    heads = _heads(pattern)
    if size >= 1_000_000:
        for f in LARGE_FILLERS:
            yield f"{f!r}*n+fail", f * size + FAIL
            for h in heads[-1:] + [h for h in heads if len(h) == 1]:
                yield f"{h!r}+{f!r}*n+fail", h + f * (size - len(h)) + FAIL
        for h in heads[-2:]:
            yield f"{h!r}*k", h * (size // len(h)) + FAIL
        return
    for f in FILLERS:
        yield f"{f!r}*n+fail", f * size + FAIL
        for h in heads:
            yield f"{h!r}+{f!r}*n+fail", h + f * (size - len(h)) + FAIL
            unit = h + f * 3
            yield f"({h!r}+{f!r}*3)*k", unit * (size // len(unit)) + FAIL
    for h in heads:
        yield f"{h!r}*k", h * (size // len(h)) + FAIL
    lit = heads[-1] if heads else ""
    if lit:
        # every literal separated by a run of blanks: the shape of optional blanks between the parts
        yield "literals with blank runs", (" " * (size // (len(lit) + 1))).join(lit) + FAIL


class _Budget(Exception):
    pass


def _alarm(signum, frame):
    raise _Budget()


def _cost(pattern, text: str, budget: float) -> float | None:
    """The CPU time ``finditer`` over ``text`` took, or None when it ran over ``budget``."""
    import time

    if isinstance(pattern.pattern, bytes):
        text = text.encode("utf-8")
    old = signal.signal(signal.SIGPROF, _alarm)
    signal.setitimer(signal.ITIMER_PROF, budget)
    start = time.process_time()
    try:
        for _ in pattern.finditer(text):
            pass
        return time.process_time() - start
    except _Budget:
        return None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


def _slow_inputs(pattern) -> list[str]:
    """The first hostile input on which ``pattern`` runs over its budget ([] when none does).

    At 10 KB the budget is ``BASE + PER_CHAR * n``.  At 1 MB (100 times the size) it is also at least
    ``GROWTH`` times what the same shape cost at 10 KB: a linear pattern with a large constant needs 100
    times its 10 KB cost, a quadratic one 10,000 times."""
    small: dict[str, float] = {}
    for size in SIZES:
        for label, text in _inputs(pattern, size):
            budget = BASE + PER_CHAR * len(text)
            if size > SIZES[0] and label in small:
                budget = max(budget, GROWTH * small[label])
            cost = _cost(pattern, text, budget)
            if cost is None:
                return [f"{label} at {size} characters (CPU budget {budget:.2f} s)"]
            if size == SIZES[0]:
                small[label] = cost
    return []


def _params():
    for key in sorted(PATTERNS):
        marks = ()
        if key in KNOWN_SLOW:
            marks = (pytest.mark.xfail(strict=True, reason=KNOWN_SLOW[key]),)
        yield pytest.param(key, id=f"{key[0]}:{key[1]}", marks=marks)


def test_harness_finds_the_patterns():
    assert len(PATTERNS) > 30
    modules = {m for m, _ in PATTERNS}
    assert any(m.startswith("xxgk_lint.rules.") for m in modules)
    assert "xxgk_lint.readers.text" in modules


@pytest.mark.parametrize("key", list(_params()))
def test_pattern_cost_is_linear(key):
    pattern = PATTERNS[key]
    slow = _slow_inputs(pattern)
    assert not slow, f"{key[0]}.{key[1]} = {pattern.pattern!r} is super-linear: over its CPU budget on {slow}"


@pytest.mark.parametrize(
    "source",
    [
        r"^(\s{0,3})(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$",  # the old markdown heading (cubic)
        r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$",  # the old table separator (quadratic)
        r"(?:由|包括)[^。；]{0,200}?(\d{1,2})\s*个?\s*部分",  # the old S105 sentence (quadratic)
        r"<!--[ \t]*xxgk-lint[ \t]*:(?P<body>.*?)-->",  # the old suppression comment (quadratic)
    ],
)
def test_harness_catches_super_linear_patterns(source):
    """The harness must be able to fail: the shapes issue 16 found are all caught."""
    assert _slow_inputs(re.compile(source, re.S if "xxgk" in source else 0))


def test_harness_passes_linear_patterns():
    for source in (r"[^\r\n]*(?:\r\n|\r|\n)?", r"\d+(?:\.\d+)?", r"第[一二三四五六七八九十]+部分"):
        assert not _slow_inputs(re.compile(source))


# -- the rewritten patterns keep their behaviour on ordinary input --------------------------------------
_OLD_HEADING = re.compile(r"^(\s{0,3})(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_OLD_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_OLD_PARTS = re.compile(r"(?:由|包括|分为|包含)[^。；]{0,200}?([一二三四五六七八九十两]|\d{1,2})\s*个?\s*部分")

_LINES = [
    "# 一、总体情况",
    "## 二、主动公开 ##",
    "   ### 标题 #  ",
    "#标题",
    "####### 七级",
    "#   ",
    "# 标题#",
    "# a # b",
    "\t# 制表",
    "| --- | :-: |",
    "|--|",
    "--|--",
    " | :--- | ---: | ",
    "| -- |  |",
    "|",
    "||",
    "| - |",
    "-- | --",
    "| -- | -- | x",
    "　| -- |　",
    "正文",
]


@pytest.mark.parametrize("line", _LINES)
def test_markdown_heading_and_separator_unchanged(line):
    from xxgk_lint.readers import text

    old = _OLD_HEADING.match(line)
    new = text._md_heading(line)
    assert (old is None) == (new is None)
    if old:
        assert (new.level, new.text, new.start) == (len(old.group(2)), old.group(3), old.start(3))
    assert text._md_table_sep(line) == bool(_OLD_SEP.match(line))


@pytest.mark.parametrize(
    "sentence",
    [
        "本报告由总体情况等六个部分组成。",
        "本报告包括 6 个部分。",
        "报告分为两部分",
        "由于工作需要。本报告共五个部分",
        "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等12个部分组成",
        "包含；三个部分",
        "由" + "甲" * 199 + "七个部分",
        "由" + "甲" * 201 + "七个部分",
        "由甲包括乙九 个 部分",
        "无此说法",
    ],
)
def test_s105_sentence_unchanged(sentence):
    from xxgk_lint.rules import structure

    old = _OLD_PARTS.search(sentence)
    new = structure._declared_parts(sentence)
    assert (old is None) == (new is None)
    if old:
        assert new == (old.group(1), old.start(1), old.end(0))


@pytest.mark.parametrize("title", ["总体情况", "总体情况。", "总体情况 ：", "总体情况\u3000", "。", ""])
def test_s103_trailing_punctuation_unchanged(title):
    from xxgk_lint.rules import structure

    old = re.search(r"[。．.，,：:；;、\s\u3000]+$", title)
    assert structure._trailing_start(title) == (old.start() if old else len(title))
