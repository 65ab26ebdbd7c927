"""Writing a run's output while it runs (issue 16: memory flat in the number of files).

The session hands each file's final result to :meth:`Writer.add` (in the order of the files, after the
cache and the baseline) and then drops it; the cross-report findings (X80x), known only once every file was
seen, come last through :meth:`Writer.across`, one light result per file that has some; :meth:`Writer.close`
writes the tail.

* ``full``, ``concise`` and ``github`` **stream**: each file's findings are written as its result arrives,
  and only a :class:`~xxgk_lint.output.Tally` is kept (counts, findings per rule, the internal errors, the
  agency x year summary, the first findings of each severity for the GitHub step summary).  The
  cross-report findings follow under a heading of their own ("跨报告检查" / "Across reports"), then the
  internal errors, ``--statistics`` and the summary line, as in a run without streaming.
* ``json``, ``sarif``, ``junit`` and ``html`` are one document each (the JSON envelope and the SARIF run
  carry counts and rule tables before or around the findings; the page has an overview first): the
  writer keeps the light results (no document, no report; the source lines the findings show) and renders
  them at the end, with the cross-report findings merged into their files' entries, as before.  Their
  memory grows with the findings, not with the reports' size.
"""

from __future__ import annotations

from collections.abc import Callable

from xxgk_lint.diagnostics import Diagnostic
from xxgk_lint.output import Context, Tally, _undecodable, render
from xxgk_lint.output.style import paint

STREAMED = ("full", "concise", "github")

ACROSS_HEADING = {
    "zh": "跨报告检查（比较多个报告得出的问题）：",
    "en": "Across reports (findings that compare the reports with each other):",
}


class Writer:
    """The output of one run in ``fmt``, written through ``write`` (text pieces, in order)."""

    def __init__(
        self,
        fmt: str,
        ctx: Context,
        write: Callable[[str], None],
        repository_summary: bool = False,
        rich: bool = False,
    ):
        self.fmt, self.ctx, self.write = fmt, ctx, write
        self.streams = fmt in STREAMED
        self.repository_summary = repository_summary and self.streams
        self.rich = rich
        self.tally = Tally()
        self.kept: list = []  # the formats that are one document: the light results
        self.written = 0
        self._budget = None
        if fmt == "github":
            from xxgk_lint.output.github import _Budget

            self._budget = _Budget()

    @property
    def _plain(self) -> Context:  # workflow logs: no ANSI in the plain lines
        return Context(**{**self.ctx.__dict__, "color": False})

    # -- per file ----------------------------------------------------------------------------------
    def add(self, result) -> None:
        """One file's final result; written now (streamed formats) or kept (the others)."""
        if not self.streams:
            self.kept.append(result)
            return
        self.tally.add(result)
        self._emit(self._pieces(result))

    def across(self, results: list) -> None:
        """The cross-report findings: light results (sorted by path) holding only those findings and the
        internal errors of a cross-report rule that crashed."""
        results = [r for r in results if r.diagnostics or r.internal_errors]
        if not results:
            return
        if not self.streams:
            by_path = {r.path: r for r in self.kept}
            for x in results:
                r = by_path.get(x.path)
                if r is None:
                    self.kept.append(x)
                    continue
                r.diagnostics = sorted([*r.diagnostics, *x.diagnostics], key=Diagnostic.sort_key)
                r.internal_errors += x.internal_errors
            return
        pieces: list[str] = []
        for x in results:
            self.tally.add(x, new_file=False)
            pieces += self._pieces(x)
        if pieces:
            heading = ACROSS_HEADING.get(self.ctx.lang, ACROSS_HEADING["zh"])
            if self.fmt == "github":
                pieces.insert(0, heading)
            elif self.fmt == "full":  # the heading right above the first finding (blocks are apart)
                pieces[0] = paint(heading, "bold", self.ctx.color) + "\n" + pieces[0]
            else:
                pieces.insert(0, paint(heading, "bold", self.ctx.color))
            self._emit(pieces)

    def _pieces(self, r) -> list[str]:
        if self.fmt == "github":
            from xxgk_lint.output import github

            assert self._budget is not None
            return github.file_lines(r, self._plain, self._budget)
        from xxgk_lint.output.safe import printable_results

        (r,) = printable_results([r])
        if self.fmt == "full":
            from xxgk_lint.output import full

            return full.file_blocks(r, self.ctx)
        from xxgk_lint.output import concise

        return concise.file_lines(r, self.ctx)

    def _sep(self) -> str:
        return "\n\n" if self.fmt == "full" else "\n"

    def _emit(self, pieces: list[str]) -> None:
        if not pieces:
            return
        sep = self._sep()
        text = sep.join(pieces)
        if self.written:
            text = sep + text
        self.written += len(pieces)
        self.write(_undecodable(text, self.fmt))

    # -- the end -----------------------------------------------------------------------------------
    def close(self, files: int, fixed: int = 0, baselined: int = 0) -> None:
        """Write the tail (or, for a format that is one document, the whole of it)."""
        ctx = self.ctx
        ctx.files, ctx.fixed, ctx.baselined = files, fixed, baselined
        if not self.streams:
            self.write(render(self.fmt, self.kept, self.ctx) + "\n")
            return
        if self.fmt == "github":
            from xxgk_lint.output import github

            assert self._budget is not None
            tail = "\n".join(github.tail(self.tally, self.ctx, self._budget))
        elif self.fmt == "full":
            from xxgk_lint.output import full

            tail = full.tail(self.tally, self.ctx)
        else:
            from xxgk_lint.output import concise

            tail = "\n".join(concise.tail(self.tally, self.ctx))
        text = (self._sep() if self.written else "") + _undecodable(tail, self.fmt)
        if self.repository_summary:
            from xxgk_lint.output import summary

            text += "\n\n" + summary.render(self.tally.summary, self.ctx.lang, rich=self.rich, color=self.rich)
        self.write(text + "\n")
