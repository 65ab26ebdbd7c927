"""Hostile inputs for the fuzz tests and the atheris harnesses: synthetic reports built from the templates
(:mod:`xxgk_lint.synth`), broken at the report level (hostile cell texts, labels and agency names, dropped
sections, rows and tables), rendered in every input format, then broken at the text or byte level
(lines deleted, duplicated or shuffled, control characters, NUL, huge numbers, broken table separators,
CRLF / CR / U+2028 line ends, BOMs, GBK / GB18030 / UTF-16 bytes, truncation; byte flips and cuts of
the committed PDF fixtures).

Every text here is synthetic; no sentence of a real report is used.

``XXGK_LINT_FUZZ=long`` selects the long hypothesis profile (see docs/fuzzing.md)."""

from __future__ import annotations

import os
import pathlib

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from xxgk_lint import templates
from xxgk_lint.synth import SyntheticReport, render

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures"
PDFS = ("synth_2021_clean.pdf", "synth_2021_defects.pdf", "synth_2019_centred.pdf", "synth_2021_borderless.pdf")

_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]
# the default run (`pytest`) takes a quick pass of each property; `pytest -m integration` the 50 examples
settings.register_profile("xxgk-quick", max_examples=12, deadline=None, suppress_health_check=_HEALTH)
settings.register_profile("xxgk-default", max_examples=50, deadline=None, suppress_health_check=_HEALTH)
settings.register_profile("xxgk-few", max_examples=4, deadline=None, suppress_health_check=_HEALTH)
settings.register_profile("xxgk-long", max_examples=2000, deadline=None, suppress_health_check=_HEALTH)
LONG = os.environ.get("XXGK_LINT_FUZZ", "") == "long"
# the profile of each property (a decorator); a property run in a subprocess takes few examples
QUICK = settings.get_profile("xxgk-long" if LONG else "xxgk-quick")
DEFAULT = settings.get_profile("xxgk-long" if LONG else "xxgk-default")
FEW = settings.get_profile("xxgk-long" if LONG else "xxgk-few")
if LONG:
    FEW = settings(FEW, max_examples=100)

# (format, layout) of every renderer of the synthetic reports
FORMATS = [("txt", "tabs"), ("txt", "cells"), ("txt", "bare"), ("md", None), ("html", None), ("docx", None)]
EXT = {"txt": ".txt", "md": ".md", "html": ".html", "docx": ".docx", "pdf": ".pdf"}

# pieces of hostile text: controls, escapes, separators, direction marks, workflow commands, odd figures
HOSTILE = [
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x1b]8;;http://x\x1b\\",
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u200b",
    "\u202e",
    "\ufffd",
    "\r",
    "\r\n",
    "\n",
    "\t",
    "\t\t\t",
    " " * 50,
    "\u3000",
    "::error file=x.txt,line=1::forged",
    "::stop-commands::tok",
    "%0A::warning::x",
    "9" * 400,
    "-0",
    "1e308",
    "１２３",
    "一千二百",
    "NaN",
    "0.000000001",
    "99999999999999999999",
    "|",
    "| --- |",
    "&#19968;",
    "<td colspan=999>",
    "<!--",
    "]]>",
    "\U00020000",
    "𠮷",
    "（三）不予公开",
    "总计",
    "增",
    "减",
    "xxgk-lint: disable",
    "<!-- xxgk-lint: disable -->",
]

_XML_BAD = {chr(c) for c in range(0x20) if c not in (9, 10, 13)} | {"\ufffe", "\uffff"}


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (python-docx refuses them)."""
    return "".join(ch for ch in text if ch not in _XML_BAD and not 0xD800 <= ord(ch) <= 0xDFFF)


hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6), st.integers(-(10**30), 10**30).map(str)),
    min_size=1,
    max_size=4,
).map("".join)


def _cells(edition: str) -> list[tuple[str, str, str]]:
    tpl = templates.load(edition)
    return [(t.id, r, c) for t in tpl.tables for r in t.row_ids for c in t.column_ids]


def _labels(edition: str) -> list[str]:
    tpl = templates.load(edition)
    out = [s.heading for s in tpl.sections if s.heading]
    for t in tpl.tables:
        out += [r.label for r in t.rows if getattr(r, "label", None)]
        out += [c.label for c in t.columns if getattr(c, "label", None)]
    return sorted(set(out))


_CELLS = {e: _cells(e) for e in templates.EDITIONS}
_LABELS = {e: _labels(e) for e in templates.EDITIONS}


@st.composite
def reports(draw) -> SyntheticReport:
    """A synthetic report of either edition, broken at the report level."""
    edition = draw(st.sampled_from(templates.EDITIONS))
    agency = draw(st.one_of(st.just("某县农业农村局"), hostile_text.map(lambda t: "某县" + t + "局")))
    rep = SyntheticReport(edition=edition, seed=draw(st.integers(0, 30)), agency=agency)
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["cell", "cell", "label", "section", "row", "table"]))
        if kind == "cell":
            t, r, c = draw(st.sampled_from(_CELLS[edition]))
            rep.set(t, r, c, draw(st.one_of(hostile_text, st.integers(-5, 10**12).map(str), st.just(""))))
        elif kind == "label" and _LABELS[edition]:
            rep.relabel(draw(st.sampled_from(_LABELS[edition])), draw(hostile_text))
        elif kind == "section":
            rep.drop_section(draw(st.sampled_from([s.id for s in rep.template.sections])))
        elif kind == "row":
            t, r, _c = draw(st.sampled_from(_CELLS[edition]))
            rep.drop_row(t, r)
        else:
            rep.drop_table(draw(st.sampled_from([t.id for t in rep.template.tables])))
    return rep


def render_bytes(rep: SyntheticReport, fmt: str, layout: str | None) -> bytes:
    if fmt == "docx":
        rep.agency = xml_safe(rep.agency)
        rep.labels = {k: xml_safe(v) for k, v in rep.labels.items()}
        for rows in rep.figures.values():
            for cells in rows.values():
                for k, v in cells.items():
                    cells[k] = xml_safe(v)
        return render(rep, "docx")  # type: ignore[return-value]
    out = render(rep, fmt, layout=layout) if layout else render(rep, fmt)
    assert isinstance(out, str)
    return out.encode("utf-8", "surrogatepass")


# -- text-level mutations ----------------------------------------------------------------------------
@st.composite
def mutated_text(draw, text: str) -> str:
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 5))):
        if not lines:
            lines = [""]
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "shuffle", "insert", "number", "table", "cut", "blank"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines[i:i] = [lines[i]] * draw(st.integers(1, 3))
        elif op == "shuffle":
            j = min(len(lines), i + draw(st.integers(2, 8)))
            lines[i:j] = draw(st.permutations(lines[i:j]))
        elif op == "insert":
            line = lines[i]
            k = draw(st.integers(0, len(line)))
            lines[i] = line[:k] + draw(hostile_text) + line[k:]
        elif op == "number":
            lines[i] = lines[i] + "\t" + draw(st.sampled_from(["9" * 300, "-1", "1,000,000", "3.14", "１０", "0x1F"]))
        elif op == "table":
            line = lines[i]
            lines[i] = draw(
                st.sampled_from([line.replace("\t", ""), line.replace("\t", "|"), "|" + line, line + "\t" * 30])
            )
        elif op == "cut":
            lines = lines[:i]
        else:
            lines[i] = ""
    out = "\n".join(lines)
    ending = draw(st.sampled_from(["\n", "\n", "\r\n", "\r", "\u2028", "mixed"]))
    if ending == "mixed":
        out = "".join(ch + ("\r" if ch == "\n" and draw(st.booleans()) else "") for ch in out[:5000]) + out[5000:]
    elif ending != "\n":
        out = out.replace("\n", ending)
    return out


ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "big5"]


@st.composite
def encoded(draw, text: str) -> bytes:
    enc = draw(st.sampled_from(ENCODINGS))
    data = text.encode(enc, "replace") if enc != "utf-8" else text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:  # a few bytes that decode in no encoding
        k = draw(st.integers(0, len(data)))
        data = (
            data[:k] + draw(st.sampled_from([b"\xff\xfe", b"\x80", b"\xc3", b"\xed\xa0\x80", b"\x00\x00"])) + data[k:]
        )
    return data


@st.composite
def mutated_bytes(draw, data: bytes, flips: int = 8) -> bytes:
    """Byte-level damage: flipped, deleted or inserted bytes, a cut."""
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, flips))):
        if not buf:
            break
        i = draw(st.integers(0, len(buf) - 1))
        op = draw(st.sampled_from(["flip", "delete", "insert", "cut", "splice"]))
        if op == "flip":
            buf[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "delete":
            del buf[i : i + draw(st.integers(1, 64))]
        elif op == "insert":
            buf[i:i] = draw(st.binary(min_size=1, max_size=16))
        elif op == "cut":
            del buf[i:]
        else:
            j = draw(st.integers(0, len(buf) - 1))
            buf[i:i] = buf[j : j + draw(st.integers(1, 256))]
    return bytes(buf)


NAMES = st.sampled_from(
    ["report", "报告", "报告\udcb1\udca8", "a\x1b]0;t\x07b", "a\nb", "::error::x", "a b", "-x", "%0A", "\u202ereport"]
)


@st.composite
def inputs(draw) -> tuple[str, bytes]:
    """``(file name, bytes)``: any input format, broken at one or more levels."""
    fmt, layout = draw(st.sampled_from([*FORMATS, ("pdf", None)]))
    stem = draw(NAMES)
    if fmt == "pdf":
        data = (FIXTURES / draw(st.sampled_from(PDFS))).read_bytes()
        if draw(st.booleans()):
            data = draw(mutated_bytes(data))
        return stem + ".pdf", data
    rep = draw(reports())
    data = render_bytes(rep, fmt, layout)
    if fmt == "docx":
        if draw(st.integers(0, 3)) == 0:
            data = draw(mutated_bytes(data, flips=3))
        return stem + ".docx", data
    text = data.decode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        text = draw(mutated_text(text))
    if draw(st.integers(0, 5)) == 0:
        text = "\ufeff" + text
    return stem + EXT[fmt], draw(encoded(text))


def safe_name(name: str) -> str:
    """A file name the file system takes: no slash or NUL; a LF stays (Linux allows it)."""
    return name.replace("/", "_").replace("\x00", "_")
