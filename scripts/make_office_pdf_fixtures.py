"""PDF fixtures made the way agencies make theirs: a Word document exported to PDF by LibreOffice, and
an HTML report printed to PDF by Chromium.  Writes ``tests/fixtures/office_*.pdf`` and
``tests/fixtures/chromium_*.pdf``.

How::

    apt-get install -y libreoffice-writer fonts-noto-cjk fonts-wqy-microhei chromium
    python scripts/make_office_pdf_fixtures.py            # writes tests/fixtures/office_*.pdf, chromium_*.pdf
    python scripts/make_office_pdf_fixtures.py --out DIR  # elsewhere

The Word documents (:func:`build_docx`, also used by the tests to lint the same report as .docx) follow
the official templates with the column widths Word exports carry: table 二 135.7/100/82.5/101.85 pt;
table 三 34.5 pt for the narrow merged column 三、本年度办理结果 (its characters wrap one or two per line),
46.5 pt for the group labels, 100.5 pt for the item labels, 39.75/36.75/36.75/39.75/47.25/34.5/33.75 pt
for the figures; table 四 fifteen 30 pt columns, its header cells set on two lines (结果 / 维持 as two
paragraphs).  Headings are bold paragraphs (no heading styles), one of them with a full-width space
after 一、; body paragraphs have a first-line indent and some carry “” quotes; section 一 is long
enough that the report runs to five pages, so tables 三 and 四 are split by page breaks; a page
number "- N -" sits in every footer; the heading of 五 follows table 四 directly (no paragraph
between).  The fonts named are those of real exports (仿宋_GB2312, 黑体, 方正小标宋简体); a fontconfig
file under the temporary directory maps them all to Noto Sans CJK SC (one embedded font keeps the
files small).  The Chromium print uses WenQuanYi Micro Hei (``fonts-wqy-microhei``), which it draws
as Type 3 glyphs.  Every text is synthetic.

Files written:

* ``office_2021_clean.pdf``   — :func:`clean_2021`, no finding expected;
* ``office_2021_defects.pdf`` — :func:`defects_2021`: a typo in a row label beside the narrow column, a
  wrong 总计 in table 三 and one in table 四;
* ``office_2019_clean.pdf``   — :func:`clean_2019`, the 2019 format, with a running header on every page;
* ``chromium_2021_defects.pdf`` — :func:`defects_2021` rendered as HTML (``xxgk_lint.synth``) with the
  same column widths and printed by Chromium (``--print-to-pdf``).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))

from xxgk_lint.synth import Grid, SyntheticReport, render  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir)

T2_WIDTHS = [135.7, 100, 82.5, 101.85]
T3_WIDTHS = [34.5, 46.5, 100.5, 39.75, 36.75, 36.75, 39.75, 47.25, 34.5, 33.75]
T4_WIDTHS = [30.0] * 15
BODY_FONT, HEAD_FONT, TITLE_FONT = "仿宋_GB2312", "黑体", "方正小标宋简体"

# synthetic narrative (written for these fixtures), to make the report as long as real ones
EXTRA = [
    "（一）主动公开。全年围绕“放管服”改革和优化营商环境，通过门户网站、政务新媒体和公示栏发布各类信息，"
    "及时更新机构职能、领导分工、权责清单和办事指南，做到应公开尽公开。",
    "（二）依申请公开。严格执行“收文登记、审核办理、答复送达”三个环节的工作流程，对每件申请逐一登记，"
    "在法定期限内答复，答复书写明依据和救济途径，做到件件有回音。",
    "（三）政府信息管理。建立公开前保密审查和“三审三校”制度，对拟公开的文件逐件确定公开属性，"
    "定期清理已公开信息中的过期内容，确保信息准确、完整、及时。",
    "（四）平台建设。完善门户网站信息公开专栏，优化栏目设置和检索功能，推进政务新媒体与网站内容同步更新，"
    "方便公众查找和获取信息。",
    "（五）监督保障。把信息公开纳入年度工作要点和考核内容，明确分管领导和专职人员，组织业务培训两次，"
    "邀请群众代表对公开内容和形式提出意见。",
]


RUNNING_HEADER = "某镇人民政府政务公开专栏"  # on every page of office_2019_clean.pdf


def clean_2021() -> SyntheticReport:
    return SyntheticReport(edition="2021", year=2023, agency="某县市场监督管理局", seed=3)


def defects_2021() -> SyntheticReport:
    r = clean_2021()
    r.relabel("1.属于国家秘密", "1.属于国家秘蜜")
    r.set("t3", "new", "total", str(int(r.get("t3", "new", "total")) + 1))
    r.set("t4", "data", "review_total", str(int(r.get("t4", "data", "review_total")) + 2))
    return r


def clean_2019() -> SyntheticReport:
    return SyntheticReport(edition="2019", year=2020, agency="某镇人民政府", seed=5)


def _widths(key: str, ncols: int) -> list[float]:
    widths = {"t2": T2_WIDTHS, "t3": T3_WIDTHS, "t4": T4_WIDTHS}[key]
    return widths if len(widths) == ncols else [sum(widths) / ncols] * ncols


def _lines(key: str, text: str) -> list[str]:
    """A header cell of table 四 is set on two lines (结果 / 维持), as agencies type it."""
    if key == "t4" and len(text) == 4 and not text.isdigit():
        return [text[:2], text[2:]]
    return [text]


def _fonts(run, east_asia: str, size: float | None = None, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:ascii"), "Times New Roman")
    fonts.set(qn("w:hAnsi"), "Times New Roman")


def _page_number_footer(section) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("- ")
    fld = p._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
    r = fld.makeelement(qn("w:r"), {})
    t = r.makeelement(qn("w:t"), {})
    t.text = "1"
    r.append(t)
    fld.append(r)
    p._p.append(fld)
    p.add_run(" -")


def _table(d, key: str, grid: Grid) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    widths = _widths(key, grid.ncols)
    table = d.add_table(rows=len(grid.rows), cols=grid.ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    layout = tblpr.makeelement(qn("w:tblLayout"), {qn("w:type"): "fixed"})
    tblpr.append(layout)
    for k, col in enumerate(table.columns):
        col.width = Pt(widths[k])
    for row in table.rows:
        for k, cell in enumerate(row.cells):
            cell.width = Pt(widths[k])
    # the grid's cells, looked up once: table.cell() walks the whole table at each call, and a merge changes
    # only the cells of its own (never overlapping) span
    cells = table._cells
    for row in grid.rows:
        for c in row:
            cell = cells[c.row * grid.ncols + c.col]
            if c.rowspan > 1 or c.colspan > 1:
                cell = cell.merge(cells[(c.row + c.rowspan - 1) * grid.ncols + c.col + c.colspan - 1])
            for extra in cell.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)
            if not c.text:
                continue
            for n, line in enumerate(_lines(key, c.text)):
                para = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
                if c.header or c.text.replace(".", "").isdigit():
                    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _fonts(para.add_run(line), BODY_FONT, 9, bold=c.header)


def build_docx(rep: SyntheticReport, header: str | None = None) -> bytes:
    """The report as agencies write it in Word (see the module docstring); ``header``: a running header
    on every page."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from xxgk_lint.synth import _fixed_zip_times

    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Pt(595.3), Pt(841.9)
    sec.left_margin = sec.right_margin = Pt(79.4)
    sec.top_margin = sec.bottom_margin = Pt(72)
    _page_number_footer(sec)
    if header:
        hp = sec.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fonts(hp.add_run(header), BODY_FONT, 10.5)
    blocks = rep.blocks()
    # table 四 ends its section: the heading of 五 follows it directly (no paragraph, no blank line)
    k4 = next(k for k, b in enumerate(blocks) if b[0] == "table" and b[1] == "t4")
    while k4 + 1 < len(blocks) and blocks[k4 + 1][0] == "para":
        del blocks[k4 + 1]
    first_heading = True
    for k, b in enumerate(blocks):
        if b[0] == "title":
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _fonts(p.add_run(b[1]), TITLE_FONT, 18)
        elif b[0] == "heading":
            text = b[2]
            if first_heading:  # 一、 then a full-width space, as clerks type it
                text = text.replace("、", "、\u3000", 1)
                first_heading = False
            p = d.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(32)
            _fonts(p.add_run(text), HEAD_FONT, 16)
            if b[2].startswith("一、"):
                for extra in EXTRA:
                    q = d.add_paragraph()
                    q.paragraph_format.first_line_indent = Pt(32)
                    q.paragraph_format.line_spacing = Pt(28)
                    _fonts(q.add_run(extra), BODY_FONT, 16)
        elif b[0] == "para":
            p = d.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(32)
            p.paragraph_format.line_spacing = Pt(28)
            _fonts(p.add_run(b[1]), BODY_FONT, 16)
        else:
            _table(d, b[1], b[2])
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            if b[1] != "t4" or nxt is None or nxt[0] != "heading":
                d.add_paragraph()  # a blank line after the table, except before the heading after 四
    buf = io.BytesIO()
    d.save(buf)
    return _fixed_zip_times(buf.getvalue())


def build_html(rep: SyntheticReport) -> str:
    """The synthetic HTML rendering with the tables' column widths and a print style."""
    html = render(rep, "html")
    style = (
        "<style>@page{size:A4;margin:2.5cm 2.8cm}body{font-family:'WenQuanYi Micro Hei';font-size:16px}"
        "table{border-collapse:collapse;table-layout:fixed;margin:8px auto}td{border:1px solid #000;"
        "font-size:12px;padding:2px;vertical-align:middle;word-break:break-all}"
        "h1{text-align:center;font-size:22px}h2{font-size:18px}p{text-indent:2em;line-height:1.8}</style>"
    )
    html = html.replace("</head>", style + "</head>")
    out, k = [], 0
    keys = [b[1] for b in rep.blocks() if b[0] == "table"]
    for part in html.split('<table border="1" cellspacing="0" cellpadding="4">'):
        if out:
            key = keys[k]
            grid = next(b[2] for b in rep.blocks() if b[0] == "table" and b[1] == key)
            cols = "".join(f'<col style="width:{w:.2f}pt">' for w in _widths(key, grid.ncols))
            out.append(f'<table style="width:{sum(_widths(key, grid.ncols)):.2f}pt"><colgroup>{cols}</colgroup>')
            k += 1
        out.append(part)
    html = "".join(out)
    # the same long section 一 as the Word documents, and its heading with a full-width space
    head = next(b[2] for b in rep.blocks() if b[0] == "heading")
    extra = "".join(f"<p>{p}</p>" for p in EXTRA)
    spaced = head.replace("、", "、\u3000", 1)
    return html.replace(f"<h2>{head}</h2>", f"<h2>{spaced}</h2>{extra}", 1)


FONTCONF = """<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<alias binding="same"><family>仿宋_GB2312</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
<alias binding="same"><family>方正小标宋简体</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
<alias binding="same"><family>黑体</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>
</fontconfig>
"""


def export_docx(data: bytes, out_pdf: str, tmp: str) -> None:
    src = os.path.join(tmp, os.path.splitext(os.path.basename(out_pdf))[0] + ".docx")
    with open(src, "wb") as fh:
        fh.write(data)
    env = dict(os.environ, FONTCONFIG_FILE=os.path.join(tmp, "fonts.conf"), HOME=tmp)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, src],
        check=True,
        env=env,
        capture_output=True,
        timeout=300,
    )
    shutil.move(src[:-5] + ".pdf", out_pdf)


def print_html(html: str, out_pdf: str, tmp: str) -> None:
    src = os.path.join(tmp, "report.html")
    with open(src, "w", encoding="utf-8") as fh:
        fh.write(html)
    env = dict(os.environ, FONTCONFIG_FILE=os.path.join(tmp, "fonts.conf"), HOME=tmp)
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out_pdf}",
            "file://" + src,
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=300,
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "fixtures"))
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "fonts.conf"), "w", encoding="utf-8") as fh:
            fh.write(FONTCONF)
        for name, make in (
            ("office_2021_clean", clean_2021),
            ("office_2021_defects", defects_2021),
            ("office_2019_clean", clean_2019),
        ):
            header = RUNNING_HEADER if name == "office_2019_clean" else None
            export_docx(build_docx(make(), header), os.path.join(args.out, name + ".pdf"), tmp)
            print("wrote", name + ".pdf")
        if shutil.which("chromium"):
            print_html(build_html(defects_2021()), os.path.join(args.out, "chromium_2021_defects.pdf"), tmp)
            print("wrote chromium_2021_defects.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
