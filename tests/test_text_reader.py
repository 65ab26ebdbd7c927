"""The .txt/.md reader: encodings, line endings and positions, markdown headings and pipe tables."""

from __future__ import annotations

import codecs

import pytest

from xxgk_lint.readers import Limits, ReaderError, read_path
from xxgk_lint.rules.common import example_report

from conftest import codes, lint

GOOD = example_report("2021")
TYPO = ("3.补正后申请内容仍不明确", "3.补正启申请内容仍不明确")


@pytest.mark.parametrize(
    "raw,encoding,bom",
    [
        (codecs.BOM_UTF8 + GOOD.encode("utf-8"), "utf-8", True),
        (GOOD.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be"), "utf-16-be", True),
        (GOOD.encode("gbk"), "gb18030", False),
        (GOOD.encode("gb2312", errors="strict"), "gb18030", False),
    ],
)
def test_encodings_are_detected(raw, encoding, bom):
    doc = read_path("r.txt", data=raw)
    assert (doc.encoding, doc.bom) == (encoding, bom)
    assert doc.text == GOOD
    assert lint(raw).diagnostics == []


@pytest.mark.parametrize(
    "raw,reason",
    [
        (b"\x00\x01binary\x00" * 10, "binary"),
        (GOOD.encode("utf-16-le"), "binary"),  # UTF-16 without a BOM
        (codecs.BOM_UTF8 + b"\xff\xfe\xfa", "encoding"),
        (bytes(range(0x80, 0x100)) * 4, "encoding"),
    ],
)
def test_undecodable_input_is_a_clear_e001(raw, reason):
    with pytest.raises(ReaderError) as exc:
        read_path("r.txt", data=raw)
    assert exc.value.reason == reason
    found = lint(raw).diagnostics
    assert codes(found) == ["E001"]
    assert found[0].text("zh").startswith("无法读取文件")


def test_over_the_size_limit_is_e001():
    with pytest.raises(ReaderError) as exc:
        read_path("r.txt", Limits(max_file_size=100), data=GOOD.encode())
    assert exc.value.reason == "too-large" and "max-file-size" in exc.value.detail["en"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_are_right_whatever_the_line_endings(newline):
    text = GOOD.replace(*TYPO).replace("\n", newline)
    found = [d for d in lint(text).diagnostics if d.code == "T206"]
    assert len(found) == 1
    # the label's line in the clean report (the row goes on with tabs and figures after the label)
    line_no = next(i for i, line in enumerate(GOOD.split("\n"), 1) if line.startswith(TYPO[0] + "\t"))
    assert line_no > 1
    loc = found[0].location
    assert (loc.line, loc.column) == (line_no, 1)
    assert loc.end_column == 1 + len(TYPO[1])


def test_columns_count_code_points_after_full_width_text():
    text = GOOD.replace("二、主动公开政府信息情况", "二、主动公开政府信息情况。")
    d = next(d for d in lint(text).diagnostics if d.code == "S103")
    assert d.location.column == len("二、主动公开政府信息情况") + 1


def test_markdown_headings_and_pipe_tables():
    md = ["# 某县人民政府办公室2022年政府信息公开工作年度报告", ""]
    for block in GOOD.split("\n\n")[1:]:
        lines = block.split("\n")
        if any("\t" in line for line in lines):
            rows = [line.split("\t") for line in lines if "\t" in line]
            width = max(len(r) for r in rows)
            caption = [line for line in lines if "\t" not in line]
            md += caption
            md.append("| " + " | ".join(rows[0] + [""] * (width - len(rows[0]))) + " |")
            md.append("|" + "---|" * width)
            for r in rows[1:]:
                md.append("| " + " | ".join(r + [""] * (width - len(r))) + " |")
        elif lines[0][:2] in {f"{n}、" for n in "一二三四五六"}:
            md.append("## " + lines[0])
            md += lines[1:]
        else:
            md += lines
        md.append("")
    text = "\n".join(md)
    result = lint(text, "report.md")
    assert result.document.format == "md"
    assert any(b.kind == "table" for b in result.document.blocks)
    assert result.diagnostics == [], [d.text("en") for d in result.diagnostics]
    typo = lint(text.replace(*TYPO), "report.md").diagnostics
    assert codes(typo) == ["T206"]
    assert typo[0].location.column > 1  # inside the pipe row


def test_blank_text_is_not_a_report():
    assert codes(lint("").diagnostics) == ["E002"]
