"""Render synthetic reports to PDF: the committed fixtures under ``tests/fixtures/``.

How (reproducible, no system fonts needed)::

    pip install reportlab            # a development tool only; the linter and its tests do not need it
    python scripts/make_pdf_fixture.py            # writes tests/fixtures/*.pdf
    python scripts/make_pdf_fixture.py --out DIR  # elsewhere

The PDFs are drawn with reportlab's canvas and its built-in Adobe CID font ``STSong-Light``
(referenced, not embedded, with the ``UniGB-UCS2-H`` encoding), so no CJK font file has to be
installed and the files stay small; pdfium maps the CIDs back to Unicode through its built-in CMaps.
The layout imitates a Word document printed to PDF: A4 portrait, body text wrapped to the margins,
tables ruled with every cell's text top-aligned (Word's default) — table 三's merged group labels
(三、本年度办理结果 over 20/22 rows, （三）不予公开 …) and table 四's two-level header drawn as merged
boxes — and a page number "- N -" at the foot of every page.

Files written:

* ``synth_2021_clean.pdf``     — ``SyntheticReport(edition="2021", seed=0)``: no diagnostic expected;
* ``synth_2021_defects.pdf``   — the same report with the defects of :func:`defective` (a label typo,
  a wrong total, a blank cell, a dropped row);
* ``synth_2019_centred.pdf``   — :func:`centred`, a 2019-format report with every table cell vertically
  centred (no diagnostic expected);
* ``synth_2021_borderless.pdf`` — :func:`borderless`, tables drawn without any ruling line (no diagnostic
  expected: cells are cut at gaps and wrapped labels rejoined by position);
* ``hostile_encrypted.pdf``    — a one-page report encrypted with a user password ("secret");
* ``hostile_image_only.pdf``   — two pages of drawings and no text at all, like a scan.

The tests rebuild the same synthetic reports with :mod:`xxgk_lint.synth` and compare the diagnostics of
the PDF with those of the text renderings, so regenerate the fixtures after changing ``synth``.
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))

from xxgk_lint.synth import Grid, SyntheticReport  # noqa: E402

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.28, 841.89  # A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 56.0, 64.0, 64.0
WIDTH = PAGE_W - 2 * MARGIN_X


def clean() -> SyntheticReport:
    return SyntheticReport(edition="2021", year=2022, agency="某县农业农村局", seed=0)


def defective() -> SyntheticReport:
    """The defects the PDF fixture carries (the tests apply the same ones to the text renderings)."""
    r = clean()
    r.relabel("（三）不予公开", "（三）不子公开")
    r.set("t3", "new", "total", str(int(r.get("t3", "new", "total")) + 1))
    r.set("t4", "data", "review_upheld", "")
    r.drop_row("t3", "declined_4")
    return r


def centred() -> SyntheticReport:
    """A 2019-format report whose table cells are vertically centred (merged labels in the middle of
    their rows, figures beside the middle of wrapped labels)."""
    return SyntheticReport(edition="2019", year=2020, agency="某市人民政府办公室", seed=7)


def borderless() -> SyntheticReport:
    """A 2021-format report whose tables have no ruling lines (top-aligned cells)."""
    return SyntheticReport(edition="2021", year=2023, agency="某某街道办事处", seed=11)


class _Pdf:
    def __init__(self, path: str, encrypt: str | None = None):
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        self.width_of = lambda text, size: pdfmetrics.stringWidth(text, FONT, size)
        kwargs = {}
        if encrypt:
            from reportlab.lib.pdfencrypt import StandardEncryption

            kwargs["encrypt"] = StandardEncryption(encrypt, ownerPassword=encrypt + "-owner", strength=128)
        self.c = canvas.Canvas(path, pagesize=(PAGE_W, PAGE_H), invariant=1, **kwargs)
        self.c.setTitle("synthetic report")
        self.page = 1
        self.y = PAGE_H - MARGIN_TOP

    def new_page(self) -> None:
        self._footer()
        self.c.showPage()
        self.page += 1
        self.y = PAGE_H - MARGIN_TOP

    def _footer(self) -> None:
        self.c.setFont(FONT, 9)
        self.c.drawCentredString(PAGE_W / 2, MARGIN_BOTTOM / 2, f"- {self.page} -")

    def finish(self) -> None:
        self._footer()
        self.c.save()

    def wrap(self, text: str, size: float, width: float) -> list[str]:
        lines, cur = [], ""
        for ch in text:
            if self.width_of(cur + ch, size) > width and cur:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        if cur or not lines:
            lines.append(cur)
        if len(lines) > 1 and len(lines[-1]) == 1 and len(lines[-2]) > 2:
            # pdfium's text extraction drops a lone CJK glyph drawn with this non-embedded CID font
            # right under another line; wrap one character earlier, as a typesetter would anyway
            lines[-2], lines[-1] = lines[-2][:-1], lines[-2][-1] + lines[-1]
        return lines

    def paragraph(
        self, text: str, size: float = 10.5, indent: bool = True, centre: bool = False, gap: float = 4
    ) -> None:
        lead = size * 1.6
        body = ("\u3000\u3000" + text) if indent else text
        for line in self.wrap(body, size, WIDTH):
            if self.y - lead < MARGIN_BOTTOM:
                self.new_page()
            self.y -= lead
            self.c.setFont(FONT, size)
            if centre:
                self.c.drawCentredString(PAGE_W / 2, self.y, line)
            else:
                self.c.drawString(MARGIN_X, self.y, line)
        self.y -= gap

    def table(self, grid: Grid, widths: list[float], size: float, centre: bool = False, ruled: bool = True) -> None:
        scale = WIDTH / sum(widths)
        widths = [w * scale for w in widths]
        xs = [MARGIN_X]
        for w in widths:
            xs.append(xs[-1] + w)
        lead = size * 1.3
        pad = 2.5
        # lines of every origin cell, and each row's height from its single-row cells
        lines = {}
        heights = [lead + 2 * pad for _ in grid.rows]
        for row in grid.rows:
            for cell in row:
                w = xs[cell.col + cell.colspan] - xs[cell.col] - 2 * pad
                lines[(cell.row, cell.col)] = self.wrap(cell.text, size, w) if cell.text else []
                if cell.rowspan == 1:
                    heights[cell.row] = max(heights[cell.row], len(lines[(cell.row, cell.col)]) * lead + 2 * pad)
        for row in grid.rows:  # a merged cell taller than its rows stretches its last row
            for cell in row:
                if cell.rowspan > 1:
                    need = len(lines[(cell.row, cell.col)]) * lead + 2 * pad
                    have = sum(heights[cell.row : cell.row + cell.rowspan])
                    if need > have:
                        heights[cell.row + cell.rowspan - 1] += need - have
        tops: dict[int, float] = {}
        page_of: dict[int, int] = {}
        self.y -= 4
        for r, row in enumerate(grid.rows):
            if self.y - heights[r] < MARGIN_BOTTOM:
                self.new_page()
            tops[r] = self.y
            page_of[r] = self.page
            c = self.c
            c.setLineWidth(0.5)
            c.setFont(FONT, size)
            for cell in row:
                x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
                # the box: rows of a merged cell that continue on this page
                last = cell.row + cell.rowspan - 1
                bottom = self.y - sum(heights[cell.row : last + 1])
                if ruled:
                    c.rect(x0, max(bottom, MARGIN_BOTTOM), x1 - x0, self.y - max(bottom, MARGIN_BOTTOM))
                ty = self.y - pad
                if centre:  # vertically centred in its (possibly merged) box, as many templates set it
                    box_h = min(self.y - bottom, self.y - MARGIN_BOTTOM)
                    ty -= max(box_h - 2 * pad - len(lines[(cell.row, cell.col)]) * lead, 0) / 2
                for line in lines[(cell.row, cell.col)]:
                    ty -= lead
                    c.drawString(x0 + pad, ty + size * 0.25, line)
            self.y -= heights[r]
        self.y -= 10


def draw_report(
    rep: SyntheticReport, path: str, encrypt: str | None = None, centre: bool = False, ruled: bool = True
) -> None:
    pdf = _Pdf(path, encrypt)
    for b in rep.blocks():
        kind = b[0]
        if kind == "title":
            pdf.paragraph(b[1], size=16, indent=False, centre=True, gap=12)
        elif kind == "heading":
            pdf.paragraph(b[2], size=12, indent=False, gap=6)
        elif kind == "para":
            text = b[1]
            pdf.paragraph(text, indent=not (text == rep.agency or text.endswith("日") and len(text) < 14))
        else:
            key, grid = b[1], b[2]
            if key == "t2":
                pdf.table(grid, [40] + [20] * (grid.ncols - 1), 8.5, centre, ruled)
            elif key == "t3":
                pdf.table(grid, [17, 13, 33] + [6.5] * (grid.ncols - 3), 7, centre, ruled)
            else:
                pdf.table(grid, [1] * grid.ncols, 6.5, centre, ruled)
    pdf.finish()


def draw_image_only(path: str) -> None:
    pdf = _Pdf(path)
    for _ in range(2):
        c = pdf.c
        c.setFillGray(0.85)
        c.rect(MARGIN_X, 300, WIDTH, 400, fill=1, stroke=0)
        c.setFillGray(0.2)
        for k in range(30):  # scan-like strokes, no text objects
            c.rect(MARGIN_X + 10, 680 - k * 12, WIDTH - 20 - (k * 7) % 90, 5, fill=1, stroke=0)
        c.showPage()
    c.save()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tests", "fixtures")
    )
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    targets = {
        "synth_2021_clean.pdf": lambda p: draw_report(clean(), p),
        "synth_2021_defects.pdf": lambda p: draw_report(defective(), p),
        "synth_2019_centred.pdf": lambda p: draw_report(centred(), p, centre=True),
        "synth_2021_borderless.pdf": lambda p: draw_report(borderless(), p, ruled=False),
        "hostile_encrypted.pdf": lambda p: draw_report(SyntheticReport(edition="2021", seed=1), p, encrypt="secret"),
        "hostile_image_only.pdf": draw_image_only,
    }
    for name, fn in targets.items():
        path = os.path.join(args.out, name)
        fn(path)
        print(f"{path}: {os.path.getsize(path)} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
