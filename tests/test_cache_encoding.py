"""The cache entry encoding (linter/cache.py): compact positional diagnostics and JSON Lines sections."""

from __future__ import annotations

import json

import pytest

from xxgk_lint import cache as cache_mod
from xxgk_lint.diagnostics import Diagnostic, Edit, Fix, Related, Severity, Target
from xxgk_lint.document import Location, Span


def _full() -> Diagnostic:
    return Diagnostic(
        code="T201",
        name="row-sum",
        severity=Severity.WARNING,
        message={"zh": "合计不符", "en": "the total does not add up"},
        span=Span(10, 14),
        help={"zh": "核对", "en": "check"},
        fix=Fix((Edit(Span(10, 14), "12"),), safe=False, description={"zh": "改为 12", "en": "make it 12"}),
        related=(
            Related(Span(1, 2), {"zh": "此处", "en": "here"}, Location(1, 2, 1, 3)),
            Related(None, {"zh": "另一份", "en": "the other"}, Location(4, 1, 4, 9, page=2), "b.txt", "第二行"),
        ),
        target=Target("cell", "t3", "unavailable_1", "natural", "s4"),
        path="a.txt",
        location=Location(3, 5, 3, 9, table=1, row=2, col=3),
        context="三、收到和处理政府信息公开申请情况",
        fingerprint="0123456789abcdef",
    )


def test_a_diagnostic_survives_the_round_trip_field_by_field():
    d = _full()
    back = cache_mod.load_diagnostic(json.loads(json.dumps(cache_mod.dump_diagnostic(d))), "a.txt")
    assert back == d


def test_a_bare_diagnostic_is_short_and_survives():
    d = Diagnostic("S101", "missing-section", Severity.ERROR, {"zh": "缺少", "en": "missing"}, path="a.txt")
    v = cache_mod.dump_diagnostic(d)
    assert len(v) == 8  # no help, fix, target or related: nothing stored for them
    assert cache_mod.load_diagnostic(v, "a.txt") == d


def test_the_container_is_compact_json_and_rejects_what_is_not_an_entry():
    data = cache_mod.encode_entry({"key": "k", "diagnostics": [], "facts": None})
    assert data == b'{"key":"k","diagnostics":[],"facts":null}'
    assert cache_mod.decode_entry(data)["key"] == "k"
    for bad in (b"[1,2]", b"", b"{", b'"k"'):
        with pytest.raises(ValueError):
            cache_mod.decode_entry(bad)


def test_facts_store_each_source_line_once(tmp_path):
    from xxgk_lint.runner import Linter, Settings
    from xxgk_lint.synth import SyntheticReport, render

    p = tmp_path / "r.txt"
    p.write_text(render(SyntheticReport(edition="2021", year=2022, seed=1), "txt", layout="tabs"), encoding="utf-8")
    facts = Linter(Settings()).lint_file(str(p)).facts
    assert facts is not None and len(facts.cells) > 100
    v = cache_mod.dump_facts(facts)
    assert len(v["lines"]) == len(set(v["lines"])) < len(facts.cells)  # a row's cells share one line
    assert cache_mod.load_facts(json.loads(json.dumps(v)), facts.path) == facts


@pytest.mark.parametrize(
    "value",
    [
        [],
        ["T201", "row-sum", "fatal", {}, None, None, "", ""],  # unknown severity
        ["T201", "row-sum", "warning", "not a dict", None, None, "", ""],
        ["T201", "row-sum", "warning", {}, [1], None, "", ""],
    ],
)
def test_a_malformed_diagnostic_raises(value):
    with pytest.raises((ValueError, TypeError, KeyError, IndexError)):
        cache_mod.load_diagnostic(value, "a.txt")


def test_a_corrupt_entry_is_a_miss(tmp_path):
    c = cache_mod.Cache(str(tmp_path), "stamp")
    key = c.key("s", "a.txt", b"x")
    path = tmp_path / f"v{cache_mod.FORMAT}" / key[:2] / f"{key}.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(cache_mod.encode_entry({"key": key, "diagnostics": [["T201"]], "suppressed": 0, "facts": None}))
    assert c.get(key, "a.txt") is None and c.misses == 1


def test_a_file_name_that_is_not_utf8_round_trips():
    name = b"\xb1\xa8\xb8\xe6.txt".decode("utf-8", "surrogateescape")  # GBK bytes, as os.fsdecode gives them
    data = cache_mod.encode_entry({"key": "k", "facts": {"path": name, "text": "报告"}})
    assert cache_mod.decode_entry(data)["facts"] == {"path": name, "text": "报告"}
