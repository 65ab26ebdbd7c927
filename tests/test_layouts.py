"""Table recognition in the layouts that text extraction leaves (the seeds show each of them):
tab rows, one cell per line (tab-marked or separated by blank lines), labels broken over lines or
spaced out, page furniture inside a table, and the 勾稽 identities read back from every layout."""

from __future__ import annotations

import pytest

from xxgk_lint.synth import SyntheticReport, render

from conftest import codes, lint

LAYOUTS = ["tabs", "cells", "bare"]


def _report(edition="2019", seed=1):
    return SyntheticReport(edition=edition, year=2020 if edition == "2019" else 2022, seed=seed)


@pytest.mark.parametrize("edition", ["2019", "2021"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_cell_is_bound_in_every_layout(edition, layout):
    rep = _report(edition)
    result = lint(render(rep, "txt", layout=layout))
    assert result.diagnostics == [], [d.text("en") for d in result.diagnostics]
    tables = result.report.tables
    for table_id, rows in rep.figures.items():
        for row_id, cells in rows.items():
            for col_id, text in cells.items():
                fig = tables[table_id].figure(row_id, col_id)
                assert fig is not None and fig.raw == text, (table_id, row_id, col_id)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_wrong_figure_is_found_in_every_layout(layout):
    rep = _report("2021")
    rep.set("t3", "new", "natural", str(int(rep.get("t3", "new", "natural")) + 2))
    found = codes(lint(render(rep, "txt", layout=layout)).diagnostics)
    assert "A301" in found and "A303" in found


def test_label_broken_over_two_lines_in_a_cell_stream():
    rep = _report("2019")
    text = render(rep, "txt", layout="cells").replace("\t本年新制作数量\n", "\t本年新\n制作数量\n")
    result = lint(text)
    assert result.diagnostics == []
    assert "本年新制作数量" in [m.expected for m in result.report.tables["t2_1"].column_labels]


def test_spaced_out_labels_are_the_same_labels():
    rep = _report("2019")
    text = (
        render(rep, "txt", layout="tabs")
        .replace("（三）不予公开", "（三）不 予 公 开")
        .replace("行政许可", "行 政 许 可")
    )
    assert lint(text).diagnostics == []


@pytest.mark.parametrize("layout", ["cells", "bare"])
def test_page_furniture_inside_a_table_is_skipped(layout):
    rep = _report("2021")
    text = render(rep, "txt", layout=layout)
    cut = text.index("4.保护第三方合法权益")
    page_break = "\n— 3 —\n\n某县农业农村局2022年政府信息公开工作年度报告\n\n"
    text = text[:cut].rstrip("\t") + page_break + ("\t" if layout == "cells" else "") + text[cut:]
    header = "某县农业农村局2022年政府信息公开工作年度报告"
    assert text.count(header) >= 2
    text = text.replace(rep.title, header)
    # the running header must repeat to be furniture: put it at two more page breaks
    for page, label in ((4, "1.信访举报投诉类申请"), (5, "四、结转下年度继续办理")):
        k = text.index(label)
        text = text[:k].rstrip("\t") + f"\n— {page} —\n\n{header}\n\n" + ("\t" if layout == "cells" else "") + text[k:]
    found = lint(text).diagnostics
    assert not [d for d in found if d.code.startswith(("T2", "A3"))], [d.text("en") for d in found]


def test_a_row_that_cannot_be_aligned_is_reported_not_half_read():
    rep = _report("2021")
    text = render(rep, "txt", layout="tabs")
    row = next(line for line in text.splitlines() if "2.重复申请\t" in line)
    result = lint(text.replace(row, row + "\t7"))
    assert "T203" in codes(result.diagnostics)
    assert not result.report.tables["t3"].row("declined_2").trusted
    assert not any(d.code in ("A301", "A302", "A303") for d in result.diagnostics)
