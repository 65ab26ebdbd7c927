"""The shared error types, importable from anywhere (this module imports nothing of the package).

* :class:`ReaderError`: a file cannot be read as a report (an input rule turns it into E001);
* :class:`FixError`: a fix cannot be applied without risk (the fix engine reports "not written").

Both carry a bilingual ``detail`` (``{"zh": ..., "en": ...}``).
"""

from __future__ import annotations


class ReaderError(Exception):
    """The file cannot be read as a report.  ``reason`` is a short machine key, ``detail`` says why."""

    def __init__(self, reason: str, detail_zh: str, detail_en: str | None = None):
        super().__init__(detail_en or detail_zh)
        self.reason = reason
        self.detail = {"zh": detail_zh, "en": detail_en or detail_zh}


class FixError(Exception):
    """A fix that cannot be applied without risk; ``detail`` is bilingual."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.detail = {"zh": zh, "en": en}
