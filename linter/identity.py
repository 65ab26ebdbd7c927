"""Who wrote a report and for which year: its :class:`Identity`, inferred once per file.

The cross-report rules (X80x) compare a report with the same agency's previous year and with other
agencies' reports, and the repository summary (``--statistics``) counts findings per agency and year;
both read ``FileResult.facts.identity``.  Sources, strongest first: a mapping in the configuration, a
path pattern (``{agency}/{year}.*``), the title, the text.  ``*_source`` says which one gave each part,
so ``--verbose`` and the JSON output can show where a guess came from.

(Interface stub: the sources beyond the title and the recognised report year are filled in by the
identity work of issue 15.)
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCES = ("config", "path", "title", "text")


@dataclass(frozen=True, slots=True)
class Identity:
    agency: str | None = None  # the agency's name, normalised (whitespace removed), e.g. "某市某区人民政府办公室"
    year: int | None = None  # the year reported on (a 2023 report, published in 2024: 2023)
    agency_source: str | None = None  # one of SOURCES, None when unknown
    year_source: str | None = None

    @property
    def known(self) -> bool:
        return self.agency is not None and self.year is not None

    def as_dict(self) -> dict:
        return {
            "agency": self.agency,
            "year": self.year,
            "agency_source": self.agency_source,
            "year_source": self.year_source,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Identity:
        return cls(data.get("agency"), data.get("year"), data.get("agency_source"), data.get("year_source"))


def identify(path: str, report=None, settings=None) -> Identity:
    """The identity of the report at ``path`` (``report``: its recognised :class:`~xxgk_lint.report.Report`,
    ``settings``: its :class:`~xxgk_lint.settings.Settings`, for configured patterns and mappings)."""
    year = getattr(report, "year", None)
    agency = None
    title = getattr(report, "title", None)
    if title is not None:
        import re

        m = re.search(
            r"(?:\d{4}\s*年\s*(?:度)?)?\s*(.{2,40}?)\s*(?:\d{4}\s*年\s*(?:度)?)?\s*政府信息公开工作年度报告", title.text
        )
        if m:
            agency = re.sub(r"\s+", "", m.group(1)).strip('《》“”"') or None
    return Identity(agency, year, "title" if agency else None, "title" if year is not None else None)
