"""Word automatic numbering (``word/numbering.xml``), rendered the way Word shows it.

Clerks number headings with Word's lists: the "一、" of "一、总体情况" or the "（一）" of a sub-heading is
not in the paragraph's text but comes from ``w:numPr`` (on the paragraph or on its style) and the list
level's ``w:numFmt`` and ``w:lvlText``.  :class:`Numbering` holds the definitions (abstract lists, list
instances with their level overrides, list styles) and :class:`Counters` the running counters of one
walk through the document, so that paragraphs and table cells get "一、", "二、" … in document order:

* a level's counter starts at ``w:start`` (or the instance's ``w:startOverride``) and counts every
  paragraph of that list at that level; using a level restarts the deeper levels (``w:lvlRestart``);
* list instances that share one abstract list share its counters (Word continues such lists), unless
  the instance overrides the start of a level, which restarts it the first time the instance is used;
* ``%1`` … ``%9`` in ``w:lvlText`` are the counters of those levels, each in its own level's format
  (``w:isLgl``: all in decimal); bullets and ``none`` give no number;
* ``w:numStyleLink`` / ``w:styleLink`` (lists defined through a numbering style) are followed, and a
  paragraph style's ``w:numPr`` (with ``basedOn`` inheritance) numbers the paragraphs of that style.

Files saved by WPS use the same XML.  Nothing here raises for odd input: an unknown list, level or
format simply gives no number (unknown formats fall back to decimal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import overload

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"

_CN_DIGITS = "〇一二三四五六七八九"  # ideographDigital writes 〇; the counting formats write 零 inside a number
_CN_COUNT = "零一二三四五六七八九"
_LEGAL_SIMPLIFIED = "零壹贰叁肆伍陆柒捌玖"
_LEGAL_TRADITIONAL = "零壹貳參肆伍陸柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = (
    [chr(0x2460 + k) for k in range(20)] + [chr(0x3251 + k) for k in range(15)] + [chr(0x32B1 + k) for k in range(15)]
)


def _counting(n: int, digits: str = _CN_COUNT, units: str = "十百千万", ten_alone: bool = True) -> str:
    """1 一, 10 十, 11 十一, 20 二十, 101 一百零一, 110 一百一十 (Word's chineseCounting family)."""
    if n <= 0:
        return "〇" if n == 0 else str(n)
    if n >= 100000:
        return str(n)
    zero = digits[0]
    parts: list[str] = []
    s = str(n)
    L = len(s)
    pending_zero = False
    for i, ch in enumerate(s):
        d = int(ch)
        pos = L - 1 - i
        if d == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append(zero)
            pending_zero = False
        unit = "" if pos == 0 else units[pos - 1]
        if d == 1 and pos == 1 and i == 0 and ten_alone:
            parts.append(unit)
        else:
            parts.append(digits[d] + unit)
    return "".join(parts)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for v, s in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def _letter(n: int) -> str:
    if n <= 0 or n > 26 * 30:  # A..Z, AA..ZZ, ...: a huge start value must not make a huge string
        return str(n)
    k = (n - 1) % 26
    return chr(ord("A") + k) * ((n - 1) // 26 + 1)


def _enclosed(n: int, first: int, count: int) -> str:
    return chr(first + n - 1) if 1 <= n <= count else str(n)


def format_number(n: int, fmt: str) -> str:
    """The counter ``n`` written in the ``w:numFmt`` ``fmt``."""
    f = fmt or "decimal"
    if f in ("decimal", "custom"):
        return str(n)
    if f == "decimalZero":
        return f"{n:02d}" if 0 <= n < 10 else str(n)
    if f in (
        "chineseCounting",
        "japaneseCounting",
        "taiwaneseCounting",
        "chineseCountingThousand",
        "japaneseCountingThousand",
        "taiwaneseCountingThousand",
        "ideographLegalTraditional",
        "chineseLegalSimplified",
        "koreanCounting",
    ):
        if f == "chineseLegalSimplified":
            return _counting(n, _LEGAL_SIMPLIFIED, "拾佰仟万", ten_alone=False)
        if f == "ideographLegalTraditional":
            return _counting(n, _LEGAL_TRADITIONAL, "拾佰仟萬", ten_alone=False)
        if f.startswith("taiwanese"):
            return _counting(n, _CN_COUNT, "十百千萬")
        return _counting(n)
    if f in ("ideographDigital", "japaneseDigitalTenThousand", "taiwaneseDigital"):
        return "".join(_CN_DIGITS[int(c)] for c in str(n))
    if f == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if f == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if f == "ideographZodiacTraditional":
        return _TIANGAN[(n - 1) % 10] + _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if f in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        if f == "ideographEnclosedCircle":
            return _enclosed(n, 0x3280, 10)
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if f in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(c)) for c in str(n))
    if f == "decimalHalfWidth":
        return str(n)
    if f == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488, 20)
    if f == "decimalEnclosedParen":
        return _enclosed(n, 0x2474, 20)
    if f == "upperRoman":
        return _roman(n)
    if f == "lowerRoman":
        return _roman(n).lower()
    if f == "upperLetter":
        return _letter(n)
    if f == "lowerLetter":
        return _letter(n).lower()
    if f == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if f == "none":
        return ""
    return str(n)  # cardinalText, ordinalText, hex, ... : rare in reports, decimal is the honest fallback


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None  # w:lvlText; None: no number
    restart: int | None = None  # w:lvlRestart (1-based level; 0: never)
    legal: bool = False  # w:isLgl
    suffix: str = "tab"  # w:suff: tab, space, nothing
    style: str | None = None  # w:pStyle: the paragraph style linked to this level


@dataclass
class Instance:
    abstract: str
    start_override: dict[int, int] = field(default_factory=dict)
    levels: dict[int, Level] = field(default_factory=dict)  # w:lvlOverride/w:lvl


def _val(el, name: str, default=None):
    x = el.find(_W + name)
    if x is None:
        return default
    v = x.get(_W + "val")
    return default if v is None else v


@overload
def _int(v, default: int) -> int: ...
@overload
def _int(v, default: None = None) -> int | None: ...
def _int(v, default: int | None = None) -> int | None:
    try:
        n = int(v)
    except (TypeError, ValueError):
        return default
    return max(min(n, 10**9), -(10**9))


def _numfmt(lvl) -> str:
    el = lvl.find(_W + "numFmt")
    if el is None:  # Word 2010+ writes custom formats in mc:AlternateContent with a plain fallback
        for alt in lvl.findall(f"{{{MC}}}AlternateContent"):
            el = alt.find(f"{{{MC}}}Fallback/{_W}numFmt")
            if el is None:
                el = alt.find(f"{{{MC}}}Choice/{_W}numFmt")
            if el is not None:
                break
    return (el.get(_W + "val") if el is not None else None) or "decimal"


def _level(lvl) -> Level:
    text_el = lvl.find(_W + "lvlText")
    text = text_el.get(_W + "val") if text_el is not None else None
    legal_el = lvl.find(_W + "isLgl")
    legal = legal_el is not None and (legal_el.get(_W + "val") or "1") not in ("0", "false", "off")
    return Level(
        start=_int(_val(lvl, "start"), 1),
        fmt=_numfmt(lvl),
        text=text,
        restart=_int(_val(lvl, "lvlRestart")),
        legal=legal,
        suffix=_val(lvl, "suff", "tab") or "tab",
        style=_val(lvl, "pStyle"),
    )


class Numbering:
    """The list definitions of one package (numbering.xml and the list-related parts of styles.xml)."""

    def __init__(self, numbering_root=None, styles_root=None):
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.abstract_links: dict[str, str] = {}  # abstractNumId -> numbering style id (numStyleLink)
        self.style_defines: dict[str, str] = {}  # numbering style id -> abstractNumId that defines it (styleLink)
        self.instances: dict[str, Instance] = {}
        self.style_numpr: dict[str, tuple[str | None, int | None]] = {}  # paragraph style -> (numId, ilvl)
        self.style_based: dict[str, str] = {}
        self.default_style: str | None = None
        if numbering_root is not None:
            for an in numbering_root.iter(_W + "abstractNum"):
                aid = an.get(_W + "abstractNumId")
                if aid is None:
                    continue
                levels = {}
                for lvl in an.findall(_W + "lvl"):
                    il = _int(lvl.get(_W + "ilvl"))
                    if il is not None and 0 <= il < 9:
                        levels[il] = _level(lvl)
                self.abstracts[aid] = levels
                link = _val(an, "numStyleLink")
                if link:
                    self.abstract_links[aid] = link
                defines = _val(an, "styleLink")
                if defines:
                    self.style_defines[defines] = aid
            for num in numbering_root.iter(_W + "num"):
                nid = num.get(_W + "numId")
                aid = _val(num, "abstractNumId")
                if nid is None or aid is None:
                    continue
                inst = Instance(aid)
                for ov in num.findall(_W + "lvlOverride"):
                    il = _int(ov.get(_W + "ilvl"))
                    if il is None or not 0 <= il < 9:
                        continue
                    so = _int(_val(ov, "startOverride"))
                    lvl = ov.find(_W + "lvl")
                    if lvl is not None:
                        inst.levels[il] = _level(lvl)
                        if so is None and lvl.find(_W + "start") is not None:
                            so = inst.levels[il].start
                    if so is not None:
                        inst.start_override[il] = so
                self.instances[nid] = inst
        if styles_root is not None:
            for st in styles_root.iter(_W + "style"):
                sid = st.get(_W + "styleId")
                if not sid:
                    continue
                if st.get(_W + "type") in (None, "paragraph") and st.get(_W + "default") in ("1", "true", "on"):
                    self.default_style = self.default_style or sid
                numpr = st.find(f"{_W}pPr/{_W}numPr")
                if numpr is not None:
                    self.style_numpr[sid] = (_val(numpr, "numId"), _int(_val(numpr, "ilvl")))
                b = _val(st, "basedOn")
                if b:
                    self.style_based[sid] = b

    def __bool__(self) -> bool:
        return bool(self.instances)

    def abstract_of(self, num_id: str) -> str | None:
        """The abstract list that really holds the levels of a list instance (numStyleLink followed)."""
        inst = self.instances.get(num_id)
        if inst is None:
            return None
        aid, seen = inst.abstract, set()
        while aid in self.abstract_links and aid not in seen:
            seen.add(aid)
            style = self.abstract_links[aid]
            target = self.style_defines.get(style)
            if target is None:
                nid, _ = self.style_numpr.get(style, (None, None))
                target = self.instances[nid].abstract if nid in self.instances else None
            if target is None or target == aid:
                break
            aid = target
        return aid

    def level(self, num_id: str, ilvl: int) -> Level | None:
        inst = self.instances.get(num_id)
        if inst is None:
            return None
        if ilvl in inst.levels:
            return inst.levels[ilvl]
        return self.abstracts.get(self.abstract_of(num_id) or "", {}).get(ilvl)

    def style_list(self, style: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style gives its paragraphs, following basedOn."""
        seen = set()
        cur = style or self.default_style
        while cur and cur not in seen:
            seen.add(cur)
            if cur in self.style_numpr:
                nid, il = self.style_numpr[cur]
                if il is None and nid in self.instances:  # the level whose w:pStyle is this style
                    aid = self.abstract_of(nid)
                    il = next((k for k, lv in self.abstracts.get(aid or "", {}).items() if lv.style == style), None)
                return nid, il
            cur = self.style_based.get(cur)
        return None, None

    def counters(self) -> Counters:
        return Counters(self)


class Counters:
    """The running counters of one walk through the document."""

    def __init__(self, numbering: Numbering):
        self.nb = numbering
        self.values: dict[str, dict[int, int]] = {}  # abstractNumId -> level -> last value
        self.started: set[str] = set()  # numIds already used (their startOverride applied)
        self.pending: dict[str, dict[int, int]] = {}  # abstractNumId -> level -> start of its next use

    def number(self, p) -> tuple[str, str] | None:
        """(number text, suffix) for paragraph ``p``, advancing the counters; None when not numbered."""
        nb = self.nb
        if not nb:
            return None
        ppr = p.find(_W + "pPr")
        num_id, ilvl = None, None
        style = None
        if ppr is not None:
            style = _val(ppr, "pStyle")
            numpr = ppr.find(_W + "numPr")
            if numpr is not None:
                num_id = _val(numpr, "numId")
                ilvl = _int(_val(numpr, "ilvl"))
                if num_id is None:  # a level without a list: the style's list at that level
                    num_id = nb.style_list(style)[0]
        if num_id is None:
            num_id, style_ilvl = nb.style_list(style)
            if ilvl is None:
                ilvl = style_ilvl
        elif ilvl is None:
            s_nid, s_il = nb.style_list(style)
            ilvl = s_il if s_nid == num_id else None
        if num_id is None or num_id == "0" or num_id not in nb.instances:
            return None
        ilvl = ilvl if ilvl is not None and 0 <= ilvl < 9 else 0
        lvl = nb.level(num_id, ilvl)
        if lvl is None:
            return None
        aid = nb.abstract_of(num_id) or num_id
        vals = self.values.setdefault(aid, {})
        pending = self.pending.setdefault(aid, {})
        inst = nb.instances[num_id]
        if num_id not in self.started:
            self.started.add(num_id)
            for k, v in inst.start_override.items():  # an instance that overrides a start restarts that level
                vals.pop(k, None)
                pending[k] = v
        if ilvl in vals:
            vals[ilvl] += 1
        else:
            vals[ilvl] = pending.pop(ilvl, lvl.start)
        for k in range(ilvl + 1, 9):  # deeper levels restart after this one (unless lvlRestart says otherwise)
            deeper = nb.level(num_id, k)
            restart = deeper.restart if deeper is not None else None
            if restart is None or (restart != 0 and ilvl < restart):
                vals.pop(k, None)
        if lvl.text is None or lvl.fmt == "bullet":
            return None
        out = []
        text = lvl.text
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "%" and i + 1 < len(text) and text[i + 1].isdigit():
                k = int(text[i + 1]) - 1
                ref = nb.level(num_id, k) if 0 <= k < 9 else None
                value = vals.get(k)
                if value is None:
                    value = ref.start if ref is not None else 1
                fmt = "decimal" if lvl.legal else (ref.fmt if ref is not None else "decimal")
                out.append(format_number(value, fmt))
                i += 2
                continue
            out.append(ch)
            i += 1
        number = "".join(out)
        if not number.strip():
            return None
        return number, lvl.suffix
