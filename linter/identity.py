"""Who wrote a report and for which year: its :class:`Identity`, inferred once per file.

The cross-report rules (X80x) compare a report with the same agency's previous year and with other
agencies' reports, and the repository summary (``--statistics``) counts findings per agency and year;
both read ``FileResult.facts.identity``.  Sources, strongest first, each part (agency, year) taken from
the strongest source that gives it:

1. ``config``: the ``[identity] agencies`` mapping of the configuration, path glob → agency (and
   optionally year); the first glob that matches, in the order written, wins;
2. ``path``: the ``[identity] path-pattern`` patterns (``{agency}/{year}.*``, ``{year}-{agency}.*``),
   matched against the path relative to the configuration's root; the first that matches wins;
3. ``title``: the report's title ("某某区人民政府办公室2023年政府信息公开工作年度报告", "2023年度某某局政府
   信息公开工作年度报告", a title split over two lines, in 《》, with spaces); the year is the report
   year the recogniser found (``report.year``) when it found it in the title;
4. ``text``: the year recognised elsewhere (the statistics period, the introduction); the agency from the
   first sentences ("本报告由某某局根据……编制", "现向社会公布某某县2023年度政府信息公开工作年度报告") or
   the sign-off at the end (the agency name above the date).

``*_source`` says which one gave each part, so ``--verbose`` and the JSON output can show where a guess
came from.  Agency names are normalised (:func:`normalise_agency`) so that one agency's years group
together: white space, quotation and title marks removed, full-width forms folded.  Nothing is merged
beyond that: 某区人民政府 and 某区人民政府办公室 are two agencies.

The identity depends only on the file's own path and content and on its configuration, never on the
order files are given in or on other files: two files of one agency and year both get that identity
(and X806 names both).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import lru_cache

SOURCES = ("config", "path", "title", "text")
YEAR_RANGE = (1990, 2100)  # a year outside it is not a report year


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


# -- agency names ---------------------------------------------------------------------------------------
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_MARKS = "《》〈〉“”‘’\"'「」『』【】[]"
_EDGE_PUNCT = "：:，,。.；;、!！?？-—_*#"
_NO_MARKS = str.maketrans("", "", _MARKS)  # str.translate table removing the marks (made once)


def normalise_agency(name: str | None) -> str | None:
    """The form agency names are compared and grouped in: NFKC (full-width forms folded), no white space,
    no quotation or title marks, no punctuation at either end; ``None`` when nothing is left."""
    if not name:
        return None
    s = _SPACE.sub("", unicodedata.normalize("NFKC", name))
    s = s.translate(_NO_MARKS)
    s = s.strip(_EDGE_PUNCT)
    return s or None


# -- patterns in the configuration ----------------------------------------------------------------------
class PatternError(ValueError):
    """A path pattern that cannot be used; ``zh``/``en`` say why."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(en)


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A path pattern as a regular expression.

    ``{agency}`` is one or more characters within one path component, ``{year}`` four digits, ``*`` any
    characters within a component, ``**`` any number of directories, ``?`` one character; everything
    else is literal.  A pattern is matched against the end of the path relative to the configuration's
    root (``{agency}/{year}.*`` matches ``reports/某某局/2023.docx``); a leading ``/`` anchors it at the
    root.  Raises :class:`PatternError` for an unknown placeholder, a placeholder used twice or a
    pattern with neither ``{agency}`` nor ``{year}``."""
    anchored = pattern.startswith("/")
    body = pattern.lstrip("/")
    if body.startswith("./"):
        body = body[2:]
    seen: set[str] = set()
    out: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "{":
            m = _PLACEHOLDER.match(body, i)
            name = m.group(1) if m else None
            if name not in ("agency", "year"):
                shown = m.group(0) if m else body[i:]
                raise PatternError(
                    f"路径模式 {pattern!r} 中有未知的占位符 {shown!r}（可用 {{agency}}、{{year}}）",
                    f"path pattern {pattern!r} has an unknown placeholder {shown!r} (use {{agency}} or {{year}})",
                )
            assert m is not None and name is not None
            if name in seen:
                raise PatternError(
                    f"路径模式 {pattern!r} 中 {{{name}}} 出现了不止一次",
                    f"path pattern {pattern!r} uses {{{name}}} more than once",
                )
            seen.add(name)
            out.append(r"(?P<agency>[^/]+?)" if name == "agency" else r"(?P<year>\d{4})")
            i = m.end()
        elif c == "}":
            raise PatternError(
                f"路径模式 {pattern!r} 中有多余的 '}}'", f"path pattern {pattern!r} has an unmatched '}}'"
            )
        elif body.startswith("**/", i):
            out.append(r"(?:[^/]*/)*")
            i += 3
        elif body.startswith("**", i):
            out.append(r".*")
            i += 2
        elif c == "*":
            out.append(r"[^/]*")
            i += 1
        elif c == "?":
            out.append(r"[^/]")
            i += 1
        else:
            out.append(re.escape(c))
            i += 1
    if not seen:
        raise PatternError(
            f"路径模式 {pattern!r} 既没有 {{agency}} 也没有 {{year}}",
            f"path pattern {pattern!r} has neither {{agency}} nor {{year}}",
        )
    head = r"\A" if anchored else r"(?:\A|(?<=/))"
    return re.compile(head + "".join(out) + r"\Z")


def match_pattern(pattern: str, rel: str) -> tuple[str | None, int | None] | None:
    """(agency, year) that ``pattern`` reads from the relative path ``rel``, or ``None`` when it does
    not match (or its year is not a plausible report year)."""
    m = compile_pattern(pattern).search(rel)
    if m is None:
        return None
    groups = m.groupdict()
    agency = normalise_agency(groups.get("agency"))
    year = int(groups["year"]) if groups.get("year") else None
    if year is not None and not (YEAR_RANGE[0] <= year <= YEAR_RANGE[1]):
        return None
    if "agency" in groups and agency is None:
        return None
    return agency, year


def glob_matches(glob: str, rel: str, name: str) -> bool:
    """Whether a mapping glob matches: against the relative path, a glob without '/' also against the
    file name (as ``per-file-ignores``); ``dir/**`` matches everything below ``dir``."""
    pat = glob[2:] if glob.startswith("./") else glob.lstrip("/")
    if fnmatch(rel, pat) or ("/" not in pat and fnmatch(name, pat)):
        return True
    if pat.endswith("/**"):
        base = pat[:-3]
        return fnmatch(rel, base + "/*") or any(fnmatch(rel[:k], base) for k in _slashes(rel))
    return False


def _slashes(rel: str):
    return [k for k, c in enumerate(rel) if c == "/"]


# -- the title -----------------------------------------------------------------------------------------
_YEAR = r"(?:(?:19|20)\d{2}|[〇○零一二][〇○零一二三四五六七八九]{3})"
_CORE = re.compile(
    r"(?:关于)?(?:" + _YEAR + r"年度?(?:的)?)?"
    r"(?:政府信息公开|政务公开|信息公开)(?:和政务公开|与政务公开)?(?:工作)?(?:情况)?(?:的)?"
    r"(?:" + _YEAR + r"年度?)?(?:年度)?(?:工作)?(?:情况)?(?:的)?报告"
)
_YEAR_IN = re.compile(_YEAR + r"年度?")
_LEAD = re.compile(r"^(?:关于|有关)?(?:印发|发布|公布)?")
_SELF = re.compile(r"^(?:我|本|该)(?:局|委|办|厅|署|单位|机关|部门|县|区|市|州|镇|乡|街道|中心|政府)$")
_TRAIL = ("关于", "有关", "的", "之")  # words that may end the text before the year: stripped (no regex: linear)


def _strip_trail(s: str) -> str:
    end = len(s)
    while True:
        for t in _TRAIL:
            if s.endswith(t, 0, end):
                end -= len(t)
                break
        else:
            return s[:end]


_STOPS = re.compile(r"[。；：:]")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})年")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_NOT_AGENCY = re.compile(r"报告|年度|信息公开工作|[，。；：！？]")


@lru_cache(maxsize=1024)  # the title lines are cleaned several times (agency, year, the joined lines)
def _clean(text: str) -> str:
    s = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    return s.translate(_NO_MARKS)


def _plausible(agency: str | None) -> str | None:
    """An agency name, or ``None`` when the text cannot be one (too short or long, no Chinese, a year)."""
    if not agency:
        return None
    agency = _strip_trail(_LEAD.sub("", agency)).strip(_EDGE_PUNCT)
    if not (2 <= len(agency) <= 40):
        return None
    if not _HAN.search(agency) or _YEAR_IN.fullmatch(agency):
        return None
    if _NOT_AGENCY.search(agency) or _SELF.match(agency) or agency[0] == "我":
        return None
    return agency


def agency_from_title(text: str) -> str | None:
    """The agency a title names ("某某局2023年政府信息公开工作年度报告" → "某某局"), or ``None``."""
    s = _clean(text)
    m = _CORE.search(s)
    if m is None:
        return None
    head = s[: m.start()]
    ym = _YEAR_IN.search(head)
    if ym is not None:
        before, after = head[: ym.start()], head[ym.end() :]
        return _plausible(before) or _plausible(after)
    return _plausible(head)


def _title_lines(report) -> list[str]:
    """The title and, when it names no agency, the short lines just above it (a title set on two lines)."""
    title = getattr(report, "title", None)
    if title is None:
        return []
    lines = [title.text]
    doc = getattr(report, "document", None)
    blocks = getattr(doc, "blocks", None) or []
    from xxgk_lint.document import Paragraph

    # the paragraphs up to the title (it is near the top: the blocks after it are not walked) and the one after
    before: list = []
    below = None
    found = False
    for b in blocks:
        if not isinstance(b, Paragraph):
            continue
        if found:
            below = b
            break
        if b is title:
            found = True
        else:
            before.append(b)
    if not found:
        return lines
    above = [p.text for p in before[-3:] if p.text.strip()]
    joined = title.text
    for line in reversed(above[-2:]):  # at most two lines above, each short (a title, not a sentence)
        if len(_clean(line)) > 30 or _STOPS.search(line):
            break
        joined = line + joined
        lines.append(joined)
    if below is not None and len(_clean(below.text)) <= 20 and _clean(below.text).endswith("报告"):
        lines.append(title.text + below.text)  # "某某局2023年政府信息公开" / "工作年度报告"
    return lines


def _title_year(lines: list[str]) -> int | None:
    for line in lines:
        m = _TITLE_YEAR.search(_clean(line))
        if m:
            return int(m.group(1))
    return None


# -- the text ------------------------------------------------------------------------------------------
_AGENCY_END = (
    r"(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府办|政府|办公室|办公厅|委员会|管委会|管理委员会|"
    r"办事处|街道|局|厅|委|办|中心|署|院|会|所|站|队|处|馆|县|区|市|州|盟|旗|镇|乡)"
)
_ENDS_AGENCY = re.compile(_AGENCY_END + r"$")
_NAME = r"([^\s，。；、：:（）()《》“”\"]{2,40}?" + _AGENCY_END + r")"
_INTRO_PATTERNS = (
    re.compile(r"本(?:年度)?报告(?:是|由)" + _NAME + r"(?:根据|依据|按照|依照|编制|制作|发布)"),
    re.compile(
        r"(?:现|特)(?:向社会)?(?:公布|发布|公开|将|就)"
        + _NAME
        + r"(?:"
        + _YEAR
        + r"年度?)?(?:的)?(?:政府信息公开|政务公开)"
    ),
)
_DATE = re.compile(r"^(?:19|20)\d{2}年\d{1,2}月\d{1,2}日$")


def agency_from_text(report) -> str | None:
    """The agency named by the first sentences or, failing that, the sign-off (the line above the date)."""
    for p in list(getattr(report, "intro", None) or [])[:4]:
        s = _clean(p.text)
        for rx in _INTRO_PATTERNS:
            m = rx.search(s[:300])
            if m:
                found = _plausible(m.group(1))
                if found:
                    return found
    signoff = [_clean(p.text) for p in getattr(report, "signoff", None) or []]
    for k, line in enumerate(signoff):
        if _DATE.match(line) and k > 0:
            found = _plausible(re.sub(r"[(（]代[)）]$", "", signoff[k - 1]))
            if found and _ENDS_AGENCY.search(found):
                return found
    return None


# -- the configuration ---------------------------------------------------------------------------------
def _from_config(rel: str, name: str, settings) -> tuple[str | None, int | None]:
    for glob, value in (getattr(settings, "identity_agencies", None) or {}).items():
        if glob_matches(glob, rel, name):
            if isinstance(value, str):
                return normalise_agency(value), None
            return normalise_agency(value.get("agency")), value.get("year")
    return None, None


def _from_path(rel: str, settings) -> tuple[str | None, int | None]:
    for pattern in getattr(settings, "identity_patterns", None) or ():
        try:
            hit = match_pattern(pattern, rel)
        except PatternError:  # validated with the configuration; never fail on a file
            continue
        if hit is not None:
            return hit
    return None, None


def _relative(path: str, settings) -> tuple[str, str]:
    from xxgk_lint.discover import relative_path

    return relative_path(path, getattr(settings, "root", ".") or ".")


def identify(path: str, report=None, settings=None) -> Identity:
    """The identity of the report at ``path`` (``report``: its recognised :class:`~xxgk_lint.report.Report`,
    ``settings``: its :class:`~xxgk_lint.settings.Settings`, for configured patterns and mappings)."""
    agency: str | None = None
    year: int | None = None
    agency_source: str | None = None
    year_source: str | None = None

    def take(a, y, source) -> None:
        nonlocal agency, year, agency_source, year_source
        if agency is None and a:
            agency, agency_source = a, source
        if year is None and y is not None:
            year, year_source = int(y), source

    if settings is not None and (
        getattr(settings, "identity_agencies", None) or getattr(settings, "identity_patterns", None)
    ):
        rel, name = _relative(path, settings)
        take(*_from_config(rel, name, settings), "config")
        take(*_from_path(rel, settings), "path")
    if report is not None and (agency is None or year is None):
        lines = _title_lines(report)
        found = [agency_from_title(line) for line in lines]
        # a line joined to the title (a title set on two lines) must end like an agency: not "打印本页"
        found = [a for k, a in enumerate(found) if a and (k == 0 or _ENDS_AGENCY.search(a))]
        take(found[0] if found else None, None, "title")
        rep_year = getattr(report, "year", None)
        in_title = _title_year(lines)
        if rep_year is not None:  # the recogniser's report year (title, statistics period, introduction)
            take(None, rep_year, "title" if rep_year == in_title else "text")
        else:
            take(None, in_title, "title")
        if agency is None:
            take(agency_from_text(report), None, "text")
    return Identity(normalise_agency(agency), year, agency_source if agency else None, year_source)
