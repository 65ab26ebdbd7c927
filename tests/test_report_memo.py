"""``Report.memoised``: what several rules read is worked out once per report, under its key."""

from __future__ import annotations

from xxgk_lint.report import Report


def test_computed_once_per_key_none_included():
    report = Report(document=None, template=None)  # type: ignore[arg-type]
    calls = []

    def compute(value):
        calls.append(value)
        return value

    assert report.memoised("a", lambda: compute(None)) is None
    assert report.memoised("a", lambda: compute("again")) is None  # a None result is remembered too
    assert report.memoised(("b", 1), lambda: compute(1)) == 1
    assert report.memoised(("b", 2), lambda: compute(2)) == 2
    assert report.memoised(("b", 1), lambda: compute(3)) == 1
    assert calls == [None, 1, 2]
