"""The typed template model: one edition of the format as small frozen dataclasses.

Built once per edition from the validated JSON (:func:`build`), cached by
:func:`xxgk_lint.templates.load`, and read by recognition, the identities and the rules through
attributes (``table.column("amount").unit``), never through string keys.  Nothing here knows a
particular edition: every fact comes from the data.

Collections are tuples, bilingual texts are ``{"zh": ..., "en": ...}`` dicts (message arguments take
them as they are).  The classes compare by identity (``eq=False``): a model is built once and shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Bilingual = dict  # {"zh": str, "en": str}


@dataclass(frozen=True, eq=False)
class SectionDef:
    id: str  # "s1" … "s6"
    ordinal: int  # 1-based position in the template (the number the heading should carry)
    number: str  # the numeral as printed: "一"
    title: str  # official heading without the number
    aliases: tuple[str, ...] = ()
    info_aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    basis: str = ""

    @property
    def heading(self) -> str:
        """The official heading: ``一、总体情况``."""
        return f"{self.number}、{self.title}"


@dataclass(frozen=True, eq=False)
class ColumnDef:
    id: str
    label: str
    kind: str  # "count", "delta" or "money"
    aliases: tuple[str, ...] = ()
    unit: str | None = None  # unit printed in the header
    unit_required: bool = False
    required: bool = True  # a blank cell is reported (T204)
    assumed_unit: str | None = None  # how a bare amount is read when the header gives no unit


@dataclass(frozen=True, eq=False)
class RowDef:
    id: str
    label: str | None  # None: the single unlabelled data row (table 四)
    aliases: tuple[str, ...] = ()
    group: str | None = None  # the merged label the row sits under


@dataclass(frozen=True, eq=False)
class BlockDef:
    id: str
    label: str
    columns: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class TableDef:
    id: str
    section: str
    title: str
    name: Bilingual  # how messages name the table: 表三（…）, 表二“第二十条第（一）项”
    caption: str | None
    columns: tuple[ColumnDef, ...]
    rows: tuple[RowDef, ...]
    caption_aliases: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    blocks: tuple[BlockDef, ...] = ()
    signature: tuple[str, ...] = ()
    _columns: dict = field(default_factory=dict, repr=False)
    _rows: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._columns.update((c.id, c) for c in self.columns)
        self._rows.update((r.id, r) for r in self.rows)

    def column(self, col_id: str) -> ColumnDef:
        return self._columns[col_id]

    def row(self, row_id: str) -> RowDef:
        return self._rows[row_id]

    def has_row(self, row_id: str) -> bool:
        return row_id in self._rows

    @property
    def column_ids(self) -> list[str]:
        return [c.id for c in self.columns]

    @property
    def row_ids(self) -> list[str]:
        return [r.id for r in self.rows]

    def block_of(self, col_id: str) -> BlockDef | None:
        return next((b for b in self.blocks if col_id in b.columns), None)


@dataclass(frozen=True, eq=False)
class Identity:
    id: str
    rule: str  # the rule code that reports a violation
    table: str
    op: str  # "==", "<=", ">="
    lhs: tuple[str, ...]  # "row.col" references, "*" bound by for_each
    rhs: tuple[str, ...]
    description: Bilingual
    for_each: str | None = None  # "row", "column" or None
    lhs_label: Bilingual | None = None
    rhs_label: Bilingual | None = None


@dataclass(frozen=True, eq=False)
class Template:
    id: str  # the edition: "2019", "2021"
    version: str
    name: Bilingual
    source: str
    years_from: int
    years_to: int | None
    year_status: dict  # report year (str) -> "encouraged" | "required"
    sections: tuple[SectionDef, ...]
    tables: tuple[TableDef, ...]
    identities: tuple[Identity, ...]
    raw: dict = field(default_factory=dict, repr=False)  # the validated source data (read-only by convention)
    _tables: dict = field(default_factory=dict, repr=False)
    _sections: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._tables.update((t.id, t) for t in self.tables)
        self._sections.update((s.id, s) for s in self.sections)

    def table(self, table_id: str) -> TableDef | None:
        return self._tables.get(table_id)

    def section(self, section_id: str | None) -> SectionDef | None:
        return self._sections.get(section_id)

    def tables_in(self, section_id: str) -> list[TableDef]:
        return [t for t in self.tables if t.section == section_id]

    def applies_to_year(self, year: int) -> bool:
        return self.years_from <= year and (self.years_to is None or year <= self.years_to)

    def encouraged_only(self, year: int) -> bool:
        return self.year_status.get(str(year)) == "encouraged"

    @property
    def sample_year(self) -> int:
        """A report year this edition applies to (its last, or the year after it was issued when still
        current): the year of example reports."""
        return self.years_to if self.years_to is not None else self.years_from + 1

    def label(self, lang: str = "zh") -> str:
        return self.name[lang]


def _labels(d: dict, key: str) -> tuple[str, ...]:
    return tuple(d.get(key) or ())


def _table_name(t: dict) -> Bilingual:
    return dict(t["name"]) if "name" in t else {"zh": t["id"], "en": t["id"]}


def build(data: dict) -> Template:
    """The model of validated template data (see :func:`xxgk_lint.templates.validate`)."""
    sections = tuple(
        SectionDef(
            id=s["id"],
            ordinal=k,
            number=s["number"],
            title=s["title"],
            aliases=_labels(s, "aliases"),
            info_aliases=_labels(s, "info_aliases"),
            keywords=_labels(s, "keywords"),
            basis=s.get("basis", ""),
        )
        for k, s in enumerate(data["sections"], 1)
    )
    tables = tuple(
        TableDef(
            id=t["id"],
            section=t["section"],
            title=t["title"],
            name=_table_name(t),
            caption=t["caption"],
            columns=tuple(
                ColumnDef(
                    id=c["id"],
                    label=c["label"],
                    kind=c["kind"],
                    aliases=_labels(c, "aliases"),
                    unit=c.get("unit"),
                    unit_required=c.get("unit_required", False),
                    required=c.get("required", True),
                    assumed_unit=c.get("assumed_unit"),
                )
                for c in t["columns"]
            ),
            rows=tuple(
                RowDef(id=r["id"], label=r["label"], aliases=_labels(r, "aliases"), group=r.get("group"))
                for r in t["rows"]
            ),
            caption_aliases=_labels(t, "caption_aliases"),
            header=_labels(t, "header"),
            groups=_labels(t, "groups"),
            blocks=tuple(
                BlockDef(id=b["id"], label=b["label"], columns=tuple(b["columns"])) for b in t.get("blocks", ())
            ),
            signature=_labels(t, "signature"),
        )
        for t in data["tables"]
    )
    identities = tuple(
        Identity(
            id=i["id"],
            rule=i["rule"],
            table=i["table"],
            op=i["op"],
            lhs=tuple(i["lhs"]),
            rhs=tuple(i["rhs"]),
            description=dict(i["description"]),
            for_each=i.get("for_each"),
            lhs_label=i.get("lhs_label"),
            rhs_label=i.get("rhs_label"),
        )
        for i in data["identities"]
    )
    return Template(
        id=data["id"],
        version=data["version"],
        name=dict(data["name"]),
        source=data["source"],
        years_from=data["years"]["from"],
        years_to=data["years"]["to"],
        year_status=dict(data.get("year_status", {})),
        sections=sections,
        tables=tables,
        identities=identities,
        raw=data,
    )


@dataclass(frozen=True, eq=False)
class PageNumberDef:
    pattern: str  # a regular expression for the whole line, without anchors
    example: str
    page_edge_only: bool = False  # a page number only at the top or bottom of a page (PDF): a bare "3"


@dataclass(frozen=True, eq=False)
class HeadingLevelDef:
    level: int  # 1: 一、  2: （一）  3: 1.  4: （1）
    numerals: str  # "zh" or "digit"
    pattern: str  # a regular expression for the numbering at the start of the heading
    example: str


@dataclass(frozen=True, eq=False)
class Conventions:
    """Writing conventions every edition shares (``conventions.json``)."""

    money_units: dict  # unit -> its value in 元 (int)
    count_units: tuple[str, ...]
    page_numbers: tuple[PageNumberDef, ...]
    heading_levels: tuple[HeadingLevelDef, ...]


def build_conventions(data: dict) -> Conventions:
    return Conventions(
        money_units=dict(data["money_units"]),
        count_units=tuple(data["count_units"]),
        page_numbers=tuple(
            PageNumberDef(p["pattern"], p["example"], p.get("page_edge_only", False)) for p in data["page_numbers"]
        ),
        heading_levels=tuple(
            HeadingLevelDef(h["level"], h["numerals"], h["pattern"], h["example"]) for h in data["heading_levels"]
        ),
    )
