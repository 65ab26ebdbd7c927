"""Regenerate ``examples/``: synthetic reports (clean and faulty) in every input format.

    python scripts/make_examples.py

The reports come from :mod:`xxgk_lint.synth` (deterministic: same seed, same bytes), with defects made
through its API or by editing the rendered text, so every example is reproducible and none copies a
published report.  ``EXPECTED`` (imported by ``tests/test_examples.py``) lists the codes each example
must trigger; the clean ones must trigger nothing.
"""

from __future__ import annotations

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "examples"

# file name -> codes it must trigger (the clean examples: none)
EXPECTED: dict[str, set[str]] = {
    "clean-2021.txt": set(),
    "clean-2019.txt": set(),
    "clean-2021.md": set(),
    "clean-2021.html": set(),
    "clean-2021.docx": set(),
    "faulty-structure.txt": {"S101", "S102", "S103", "S104", "S105", "S106", "S107"},
    "faulty-tables.txt": {"T201", "T202", "T203", "T204", "T205", "T206", "T208"},
    "faulty-edition.txt": {"T207"},
    "faulty-figures-2019.txt": {"A301", "A304", "A305", "A306", "F401", "F402", "F403", "F404", "F405"},
    "faulty-figures-2021.md": {"A302", "A303", "F403"},
    "faulty-labels.docx": {"T206", "S103", "F405"},
    "faulty-2019.html": {"T206", "F401", "T205"},
    "not-a-report.txt": {"E002"},
    "broken.docx": {"E001"},
}


def _cut_section_body(text: str, heading: str, next_heading: str) -> str:
    """Remove everything between ``heading`` and ``next_heading`` (an empty section)."""
    a = text.index(heading) + len(heading)
    b = text.index(next_heading, a)
    return text[:a] + "\n\n" + text[b:]


def build() -> dict[str, str | bytes]:
    from xxgk_lint.synth import SyntheticReport, render

    files: dict[str, str | bytes] = {}
    clean21 = SyntheticReport(edition="2021", year=2022, agency="某市生态环境局", seed=3)
    clean19 = SyntheticReport(edition="2019", year=2020, agency="某县自然资源局", seed=5)
    files["clean-2021.txt"] = render(clean21, "txt", layout="tabs")
    files["clean-2019.txt"] = render(clean19, "txt", layout="cells")
    files["clean-2021.md"] = render(SyntheticReport(edition="2021", year=2023, agency="某区教育局", seed=7), "md")
    files["clean-2021.html"] = render(
        SyntheticReport(edition="2021", year=2023, agency="某县卫生健康局", seed=11), "html"
    )
    files["clean-2021.docx"] = render(
        SyntheticReport(edition="2021", year=2022, agency="某县交通运输局", seed=13), "docx"
    )

    # S1xx: section 六 missing, 五 numbered 四, a trailing 。, an empty section, five parts declared,
    # a heading pasted from another document, （3） after （二）
    s = SyntheticReport(edition="2021", year=2022, agency="某镇人民政府", seed=17)
    s.drop_section("s6")
    s.relabel("五、存在的主要问题及改进情况", "四、存在的主要问题及改进情况")
    s.relabel("三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请情况。")
    text = render(s, "txt", layout="tabs")
    text = text.replace("共六个部分", "共五个部分")
    text = _cut_section_body(text, "四、存在的主要问题及改进情况", s.agency + "\n")
    text = text.replace("（三）政府信息管理", "（3）政府信息管理")
    first_para_end = text.index("\n\n", text.index("一、总体情况") + len("一、总体情况\n\n"))
    pasted = "\n\n一、切实加强组织领导\n\n各村（社区）要明确专人负责公开工作，按时报送公开材料。"
    files["faulty-structure.txt"] = text[:first_para_end] + pasted + text[first_para_end:]

    # T2xx: 2019 format, tab layout
    t = SyntheticReport(edition="2019", year=2020, agency="某县市场监督管理局", seed=19)
    t.drop_table("t2_9")
    t.drop_row("t3", "declined_4").drop_row("t3", "declined_5")
    t.set("t2_5", "licensing", "delta", "")
    for col in ("review_upheld", "review_corrected", "review_other", "review_pending", "review_total"):
        t.set("t4", "data", col, "")
    t.relabel("（三）不予公开", "（三）不子公开")
    t.relabel("3.补正后申请内容仍不明确", "3.补正启申请内容仍不明确")
    text = render(t, "txt", layout="tabs")
    normative = next(line for line in text.splitlines() if line.startswith("规范性文件\t"))
    text = text.replace(normative, normative + "\n其他主动公开文件\t2\t2\t9")
    keep = next(line for line in text.splitlines() if "1.属于国家秘密\t" in line)
    files["faulty-tables.txt"] = text.replace(keep, keep + "\t0")

    # T207: a 2022 report drawn in the 2019 format
    files["faulty-edition.txt"] = render(
        SyntheticReport(edition="2019", year=2022, agency="某县水利局", seed=23), "txt", layout="tabs"
    )

    # A3xx / F4xx, 2019 format
    f = SyntheticReport(edition="2019", year=2020, agency="某县住房和城乡建设局", seed=29)
    f.set("t3", "new", "total", str(int(f.get("t3", "new", "total")) + 2))  # A301 (and A303)
    f.set("t4", "data", "review_total", str(int(f.get("t4", "data", "review_total")) + 1))  # A304
    f.set("t2_1", "normative", "published", "40").set("t2_1", "normative", "total", "12")  # A305
    f.set("t2_6", "penalty", "prev", "3").set("t2_6", "penalty", "delta", "减5")  # A306
    f.set("t2_5", "licensing", "delta", "130(增)")  # F401
    f.set("t2_6", "enforcement", "delta", "无")  # F402
    f.set("t2_9", "procurement", "count", "2528081").set("t2_9", "procurement", "amount", "4768.65")  # F404, F403
    f.set("t2_8", "fees", "prev", "１２")  # F405
    files["faulty-figures-2019.txt"] = render(f, "txt", layout="tabs")

    # A302 / A303 / F403, 2021 format, markdown
    g = SyntheticReport(edition="2021", year=2023, agency="某区司法局", seed=31)
    g.set("t3", "result_total", "natural", str(int(g.get("t3", "result_total", "natural")) + 3))
    g.set("t2_8", "fees", "amount", "3500元")
    files["faulty-figures-2021.md"] = render(g, "md")

    # .docx with fixable problems (try: xxgk-lint check --fix on a copy)
    d = SyntheticReport(edition="2021", year=2022, agency="某县文化和旅游局", seed=37)
    d.relabel("（五）不予处理", "（五）不子处理")
    d.relabel("六、其他需要报告的事项", "六、其他需要报告的事项。")
    d.set("t2_6", "penalty", "decisions", "１２")
    files["faulty-labels.docx"] = render(d, "docx")

    # .html, 2019 format
    h = SyntheticReport(edition="2019", year=2020, agency="某县发展和改革局", seed=41)
    h.relabel("2.重复申请", "2.重夏申请")
    h.set("t2_6", "penalty", "delta", "19(减)")
    for col in [c for c in h.template.table("t4").column_ids]:
        h.set("t4", "data", col, "")
    files["faulty-2019.html"] = render(h, "html")

    files["not-a-report.txt"] = (
        "关于做好年终安全检查工作的通知\n\n各科室：\n\n"
        "请于本月底前完成办公场所安全隐患自查，并将自查情况报送办公室。\n\n县水利局办公室\n"
    )
    good = files["clean-2021.docx"]
    files["broken.docx"] = good[: len(good) // 3]  # a truncated upload
    return files


def main() -> int:
    files = build()
    OUT.mkdir(exist_ok=True)
    for name, content in files.items():
        path = OUT / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
