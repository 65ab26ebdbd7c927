"""Normalisation for *matching only*: never used to report positions or to rewrite text.

``norm`` folds full-width forms (NFKC), drops every kind of white space (spaces, tabs, NBSP,
ideographic space), markdown emphasis marks and quotation marks, folds punctuation variants, so that
"不 予 公 开", "（三）不予公开" and "(三)不予公开" compare equal.  ``similarity`` is a 0..1 score.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff*]+")
_PUNCT = str.maketrans(
    {
        "、": ".",
        "，": ".",
        ",": ".",
        "．": ".",
        "。": ".",
        "：": ":",
        ";": ".",
        "；": ".",
        "〔": "[",
        "〕": "]",
        "【": "[",
        "】": "]",
        # quotation marks are decoration: 危及三安全一稳定 and 危及“三安全一稳定” are one label
        "“": None,
        "”": None,
        "‘": None,
        "’": None,
        '"': None,
        "'": None,
        "「": None,
        "」": None,
        "『": None,
        "』": None,
    }
)
_TRAILING_NOTE = re.compile(r"[(\[（【][^()\[\]（）【】]*[)\]）】]$")
CN_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
    s = _WS.sub("", s)
    s = s.translate(_PUNCT)
    return s.rstrip(".")


def strip_note(normalised: str) -> str:
    """Drop one trailing bracketed note: "规章(设区的市...提供相关数据)" -> "规章"."""
    return _TRAILING_NOTE.sub("", normalised)


def similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    from rapidfuzz.fuzz import ratio

    return ratio(a, b) / 100.0


def cn_number(text: str) -> int | None:
    """Value of a Chinese numeral up to 99 (一, 十, 十二, 二十三)."""
    if not text:
        return None
    if all(ch in CN_NUMERALS for ch in text):
        if len(text) == 1:
            return CN_NUMERALS[text]
        if len(text) == 2 and text[0] == "十":
            return 10 + CN_NUMERALS[text[1]]
        if len(text) == 2 and text[1] == "十":
            return CN_NUMERALS[text[0]] * 10
        if len(text) == 3 and text[1] == "十":
            return CN_NUMERALS[text[0]] * 10 + CN_NUMERALS[text[2]]
    return None


NUMERALS = "一二三四五六七八九十"


def cn_numeral(n: int) -> str:
    if 1 <= n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + NUMERALS[n - 11]
    tens, ones = divmod(n, 10)
    return NUMERALS[tens - 1] + "十" + (NUMERALS[ones - 1] if ones else "")
