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
