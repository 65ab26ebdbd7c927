"""Terminal colours (plain ANSI: no import cost) and display width of CJK text."""

from __future__ import annotations

import unicodedata

_CODES = {"error": "1;31", "warning": "1;33", "info": "1;36", "bold": "1", "dim": "2", "help": "1;32", "blue": "1;34"}


def paint(text: str, style: str, on: bool) -> str:
    if not on or not text:
        return text
    return f"\x1b[{_CODES.get(style, '0')}m{text}\x1b[0m"


def width(text: str) -> int:
    """Terminal columns: wide and full-width characters take two."""
    return sum(
        2 if unicodedata.east_asian_width(ch) in ("W", "F") else (0 if unicodedata.combining(ch) else 1) for ch in text
    )
