"""Narrative statements as data: ``<edition>.statements.json`` says which phrases of the prose name
which template cells (or sums of cells), validated by ``statements.schema.json``.

``load(edition)`` returns the compiled :class:`Statement` list (cached; jsonschema is imported only
the first time a file is loaded).  ``{N}`` in a pattern is the figure: Arabic digits (half or full
width, with separators) or Chinese numerals (两件, 十二条, 零).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

NUMBER = r"(?:\d{1,3}(?:[,，]\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)"
_N = r"\s*(?P<n>" + NUMBER + r")\s*"


class StatementsError(ValueError):
    pass


@dataclass(frozen=True)
class CellRef:
    table: str
    row: str  # may end in "*": every row with that prefix
    column: str

    @classmethod
    def parse(cls, ref: str) -> CellRef:
        t, r, c = ref.split(".")
        return cls(t, r, c)


@dataclass(frozen=True)
class Statement:
    id: str
    name: dict
    patterns: tuple[re.Pattern, ...]
    zero_patterns: tuple[re.Pattern, ...]
    accept: tuple[tuple[CellRef, ...], ...]
    sections: tuple[str, ...]
    require: tuple[re.Pattern, ...]
    exclude: tuple[re.Pattern, ...]
    variants: tuple[tuple[re.Pattern, tuple[tuple[CellRef, ...], ...]], ...]
    priority: int = 0
    trigger: re.Pattern | None = None
    exclude_sentence: tuple[re.Pattern, ...] = ()
    # what every match of ``patterns`` holds: the figure's last character then its unit (None: no such
    # test could be derived from the patterns; they are always tried)
    figure_test: re.Pattern | None = None

    def accepted(self, sentence: str) -> tuple[tuple[CellRef, ...], ...]:
        for when, accept in self.variants:
            if when.search(sentence):
                return accept
        return self.accept


def _accept(raw) -> tuple[tuple[CellRef, ...], ...]:
    return tuple(tuple(CellRef.parse(r) for r in alt) for alt in raw)


_UNIT_GROUP = re.compile(r"\(\?:([^()|\\?*+{}\[\].^$]+(?:\|[^()|\\?*+{}\[\].^$]+)*)\)(?![?*{])")
_UNIT_WORD = re.compile(r"[^()|\\?*+{}\[\].^$\s\d]")
_FIGURE_END = r"[\d零〇一二两三四五六七八九十百千万]"  # the last character of any NUMBER


def figure_test(patterns: list[str]) -> re.Pattern | None:
    """A quick test every match of ``patterns`` passes: a figure's last character, spaces, then the first
    character of the unit each pattern writes right after ``{N}`` (``件``, ``(?:件|份|个)``).  None when
    a pattern has no plain unit there."""
    units: set[str] = set()
    for p in patterns:
        if p.count("{N}") != 1:
            return None
        after = p.split("{N}", 1)[1]
        m = _UNIT_GROUP.match(after)
        if m:
            alternatives = m.group(1).split("|")
        elif _UNIT_WORD.match(after) and after[1:2] not in ("?", "*", "{"):
            alternatives = [after[0]]
        else:
            return None
        units.update(a[0] for a in alternatives)
    if not units:
        return None
    return re.compile(_FIGURE_END + r"\s*[" + "".join(sorted(re.escape(u) for u in units)) + "]")


def _compile(raw: dict) -> Statement:
    def rx(items, number=False):
        return tuple(re.compile(p.replace("{N}", _N) if number else p) for p in items)

    return Statement(
        id=raw["id"],
        name=raw["name"],
        patterns=rx(raw["patterns"], True),
        zero_patterns=rx(raw.get("zero_patterns", ())),
        accept=_accept(raw["accept"]),
        sections=tuple(raw.get("sections", ())),
        require=rx(raw.get("require", ())),
        exclude=rx(raw.get("exclude", ())),
        variants=tuple((re.compile(v["when"]), _accept(v["accept"])) for v in raw.get("variants", ())),
        priority=raw.get("priority", 0),
        trigger=re.compile(raw["trigger"]) if raw.get("trigger") else None,
        exclude_sentence=rx(raw.get("exclude_sentence", ())),
        figure_test=figure_test(raw["patterns"]),
    )


# sha256 of the shipped statement files already validated against the schema: a run then needs no
# jsonschema import; an edited file is validated again (tests keep this current: ``validated_digests()``)
VALIDATED = frozenset(
    {
        "a3c2ac1537d0016a6425303d8ef29109974d6d199abbcd8383c790a0369f0236",  # 2019.statements.json
        "ea045c743de4b2c7c678e531b7a60e1f35ed09ff83e20c74fc0361e7acab5cd3",  # 2021.statements.json
    }
)


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def validate(data: dict, where: str) -> None:
    import jsonschema

    schema = json.loads(
        resources.files("xxgk_lint.templates").joinpath("statements.schema.json").read_text(encoding="utf-8")
    )
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as e:
        path = "/".join(str(p) for p in e.absolute_path)
        raise StatementsError(f"{where}: {path}: {e.message}") from None


def read(edition: str, force: bool = False) -> dict:
    """The raw, validated data of one edition (validated unless that exact content was validated before)."""
    pkg = resources.files("xxgk_lint.templates")
    try:
        text = pkg.joinpath(f"{edition}.statements.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StatementsError(f"no statements for edition {edition!r}") from None
    data = json.loads(text)
    if force or _digest(text) not in VALIDATED:
        validate(data, f"{edition}.statements.json")
    return data


def validated_digests(editions=("2019", "2021")) -> set[str]:
    """Validate every shipped file and return their digests (what ``VALIDATED`` must hold)."""
    pkg = resources.files("xxgk_lint.templates")
    out = set()
    for e in editions:
        read(e, force=True)
        out.add(_digest(pkg.joinpath(f"{e}.statements.json").read_text(encoding="utf-8")))
    return out


@cache
def load(edition: str) -> tuple[Statement, ...]:
    data = read(edition)
    try:
        out = tuple(_compile(s) for s in data["statements"])
    except re.error as e:
        raise StatementsError(f"{edition}.statements.json: bad pattern: {e}") from None
    return tuple(sorted(out, key=lambda s: -s.priority))
