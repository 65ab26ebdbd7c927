"""Suppressions scale linearly with their number (issue 16: 8,000 comments took 11.5 s, quadratic).

Counted, not timed: the number of selector look-ups (``selection.matches``) must not grow with
diagnostics × directives; where a count is not available, a CPU-time budget (interval timer) bounds the
work far above what a linear implementation needs."""

from __future__ import annotations

import signal
from dataclasses import dataclass

from xxgk_lint import selection, suppress


@dataclass
class _Loc:
    line: int


@dataclass
class _Diag:
    code: str
    location: _Loc | None


class _Budget(Exception):
    pass


def _within(seconds, fn, *args):
    def alarm(signum, frame):
        raise _Budget()

    old = signal.signal(signal.SIGPROF, alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        return fn(*args)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


def test_filter_is_linear_in_directives_and_diagnostics(monkeypatch):
    n = 4000
    source = "\n".join(f"第{i}行 <!-- xxgk-lint: disable-line=S107,F401 -->" for i in range(1, n + 1))
    from xxgk_lint.registry import load_rules

    rules = load_rules()
    directives, _ = suppress.prepare(source, rules)
    assert len(directives) == n
    diags = [_Diag("S107", _Loc(i)) for i in range(1, n + 1, 2)] + [_Diag("T204", _Loc(i)) for i in range(1, n + 1)]
    calls = []
    real = selection.matches

    def counting(s, r):
        calls.append(s)
        return real(s, r)

    monkeypatch.setattr(selection, "matches", counting)
    kept, suppressed = suppress.filter_diagnostics(diags, directives, rules)
    assert suppressed == n // 2
    assert {d.code for d in kept} == {"T204"}
    # the two selectors against the two codes found, not 4,000 directives × 6,000 findings
    assert len(calls) <= 10
    used = [d for d in directives if d.used]
    assert len(used) == n // 2 and all(d.used == {"S107"} for d in used)


def test_ranges_and_whole_file_are_looked_up_not_scanned():
    n = 5000
    parts = []
    for _i in range(n):
        parts.append("<!-- xxgk-lint: disable=T204 -->\n正文\n<!-- xxgk-lint: enable=T204 -->\n空行\n")
    parts.append("<!-- xxgk-lint: disable-file=S107 -->\n")
    source = "".join(parts)
    directives, orphans = suppress.prepare(source, {})
    assert not orphans
    diags = [_Diag("T204", _Loc(4 * i + 2)) for i in range(n)] + [_Diag("T204", _Loc(4 * i + 4)) for i in range(n)]
    diags += [_Diag("S107", None), _Diag("S101", _Loc(3))]
    kept, suppressed = _within(5.0, suppress.filter_diagnostics, diags, directives, {})
    assert suppressed == n + 1
    assert sorted(d.code for d in kept if d.location.line % 4) == ["S101"]


def test_many_unclosed_comments_are_linear():
    source = "<!-- xxgk-lint: disable-line=S107 " * 50_000 + " " * 100_000 + "x"
    assert _within(5.0, suppress.parse, source) == []


def test_masking_many_comments_is_linear(tmp_path):
    from conftest import lint  # noqa: PLC0415

    n = 20_000  # quadratic masking: 4*10^8 span tests (about a minute); linear: about a second
    text = "\n".join(f"第{i}行正文 <!-- xxgk-lint: disable-line=S107 -->" for i in range(n))
    result = _within(10.0, lint, text)
    assert result is not None


# -- pairing ranges (``_pair_ranges``): indexed by selector, each range closed once ------------------------
def _old_pair_ranges(directives):
    """The former quadratic pairing (every ``enable`` against every open range): the reference."""
    open_, orphans, extra = [], [], []
    for d in list(directives):
        if d.kind == "disable":
            open_.append(d)
        elif d.kind == "enable":
            closed = False
            for o in list(open_):
                if d.selectors is None or o.selectors is None or set(d.selectors) & set(o.selectors):
                    o.end_line = d.line
                    open_.remove(o)
                    if not (d.selectors is None or o.selectors is None or set(o.selectors) <= set(d.selectors)):
                        rest = suppress.Directive(
                            "disable", [s for s in o.selectors if s not in d.selectors], d.line, d.column,
                            o.start, o.end, o.raw, syntax=o.syntax,
                        )  # fmt: skip
                        rest.used = o.used
                        open_.append(rest)
                        extra.append(rest)
                    closed = True
            if not closed:
                orphans.append(d)
    directives.extend(extra)
    return orphans


def _random_directives(rng, n):
    out = []
    for i in range(n):
        kind = rng.choice(("disable", "disable", "enable", "enable", "disable-line"))
        selectors = None if rng.random() < 0.2 else rng.sample(["A", "B", "C", "D"], rng.randint(0, 3))
        out.append(suppress.Directive(kind, selectors, i + 1, 1, 10 * i, 10 * i + 5, f"c{i}"))
    return out


def _summary(directives, orphans):
    return [(d.kind, d.selectors, d.line, d.end_line, d.raw) for d in directives], [d.line for d in orphans]


def test_pairing_same_as_before():
    import random

    rng = random.Random(16)
    for _ in range(3000):
        seed = rng.random()
        a, b = _random_directives(random.Random(seed), 12), _random_directives(random.Random(seed), 12)
        assert _summary(b, suppress._pair_ranges(b)) == _summary(a, _old_pair_ranges(a))


class _Counted(suppress.Directive):
    reads = 0

    def __getattribute__(self, name):
        _Counted.reads += 1
        return object.__getattribute__(self, name)


def _counted_reads(pair, n):
    # n ranges that stay open (each a rule of its own) and n enables that close none of them
    directives = [_Counted("disable", [f"R{i}"], i + 1, 1, 0, 1, "") for i in range(n)]
    directives += [_Counted("enable", [f"X{i}"], n + i + 1, 1, 0, 1, "") for i in range(n)]
    _Counted.reads = 0
    orphans = pair(directives)
    assert len(orphans) == n
    return _Counted.reads


def test_pairing_is_linear_in_directives():
    """Counted: the attribute reads of the directives grow linearly (the former pairing: n²)."""
    assert _counted_reads(suppress._pair_ranges, 4000) <= 20 * 4000
    assert _counted_reads(_old_pair_ranges, 300) > 300 * 300  # the count can fail: quadratic shows
