"""Templates are data: one JSON file per edition of the annual-report format, validated by jsonschema.

``load(id)`` returns a :class:`Template` (cached).  Recognition and the rules read labels, rows,
columns and identities from here; no rule hard-codes a table label.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

EDITIONS = ("2019", "2021")


class TemplateError(ValueError):
    pass


@dataclass
class TableDef:
    raw: dict
    id: str
    section: str
    title: str
    caption: str | None
    columns: list[dict]
    rows: list[dict]
    blocks: list[dict] = field(default_factory=list)

    def column(self, col_id: str) -> dict:
        for c in self.columns:
            if c["id"] == col_id:
                return c
        raise KeyError(col_id)

    def row(self, row_id: str) -> dict:
        for r in self.rows:
            if r["id"] == row_id:
                return r
        raise KeyError(row_id)

    @property
    def column_ids(self) -> list[str]:
        return [c["id"] for c in self.columns]

    @property
    def row_ids(self) -> list[str]:
        return [r["id"] for r in self.rows]


@dataclass
class Template:
    raw: dict
    id: str
    version: str
    sections: list[dict]
    tables: list[TableDef]
    identities: list[dict]

    def table(self, table_id: str) -> TableDef | None:
        for t in self.tables:
            if t.id == table_id:
                return t
        return None

    def section(self, section_id: str) -> dict | None:
        for s in self.sections:
            if s["id"] == section_id:
                return s
        return None

    def applies_to_year(self, year: int) -> bool:
        y = self.raw["years"]
        return y["from"] <= year and (y["to"] is None or year <= y["to"])

    def encouraged_only(self, year: int) -> bool:
        return self.raw.get("year_status", {}).get(str(year)) == "encouraged"

    def label(self, lang: str = "zh") -> str:
        return self.raw["name"][lang]


@lru_cache(maxsize=None)
def schema() -> dict:
    return json.loads(resources.files(__package__).joinpath("template.schema.json").read_text(encoding="utf-8"))


def validate(data: dict, where: str = "template") -> None:
    """Validate template data against the schema and the cross-references the schema cannot express."""
    import jsonschema

    errors = sorted(jsonschema.Draft202012Validator(schema()).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        path = "/".join(str(p) for p in e.absolute_path) or "(root)"
        raise TemplateError(f"{where}: {path}: {e.message}")
    section_ids = {s["id"] for s in data["sections"]}
    tables = {t["id"]: t for t in data["tables"]}
    for t in data["tables"]:
        if t["section"] not in section_ids:
            raise TemplateError(f"{where}: table {t['id']} names unknown section {t['section']}")
        col_ids = {c["id"] for c in t["columns"]}
        for b in t.get("blocks", []):
            for c in b["columns"]:
                if c not in col_ids:
                    raise TemplateError(f"{where}: table {t['id']} block {b['id']} names unknown column {c}")
    for ident in data["identities"]:
        t = tables.get(ident["table"])
        if t is None:
            raise TemplateError(f"{where}: identity {ident['id']} names unknown table {ident['table']}")
        rows = {r["id"] for r in t["rows"]}
        cols = {c["id"] for c in t["columns"]}
        for ref in ident["lhs"] + ident["rhs"]:
            r, c = ref.split(".")
            if r == "*" or c == "*":
                want = "row" if r == "*" else "column"
                if ident.get("for_each") != want:
                    raise TemplateError(f"{where}: identity {ident['id']} uses {ref} without for_each={want}")
            if r != "*" and r not in rows:
                raise TemplateError(f"{where}: identity {ident['id']} names unknown row {r}")
            if c != "*" and c not in cols:
                raise TemplateError(f"{where}: identity {ident['id']} names unknown column {c}")


def from_data(data: dict, where: str = "template", validated: bool = False) -> Template:
    if not validated:
        validate(data, where)
    tables = [TableDef(raw=t, id=t["id"], section=t["section"], title=t["title"], caption=t["caption"],
                       columns=t["columns"], rows=t["rows"], blocks=t.get("blocks", [])) for t in data["tables"]]
    return Template(raw=data, id=data["id"], version=data["version"], sections=data["sections"],
                    tables=tables, identities=data["identities"])


VALIDATED = "validated.txt"  # sha256 of shipped template files already validated against the schema


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=None)
def _validated_digests() -> frozenset[str]:
    try:
        lines = resources.files(__package__).joinpath(VALIDATED).read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(line.split()[0] for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=None)
def load(edition: str) -> Template:
    """A shipped edition.  Its content is validated against the schema unless that exact content was
    validated when the package was built (``validated.txt``, kept current by the tests), which spares
    every run the import of jsonschema; an edited file is validated again."""
    if edition not in EDITIONS:
        raise TemplateError(f"unknown template {edition!r} (expected one of {', '.join(EDITIONS)})")
    text = resources.files(__package__).joinpath(f"{edition}.json").read_text(encoding="utf-8")
    return from_data(json.loads(text), f"{edition}.json", validated=_digest(text) in _validated_digests())


def write_validated() -> str:
    """Validate every shipped edition and return the content of ``validated.txt``."""
    lines = ["# sha256 of the shipped template files validated against template.schema.json",
             "# regenerate: python -m xxgk_lint.templates > linter/templates/validated.txt"]
    for edition in EDITIONS:
        text = resources.files(__package__).joinpath(f"{edition}.json").read_text(encoding="utf-8")
        validate(json.loads(text), f"{edition}.json")
        lines.append(f"{_digest(text)}  {edition}.json")
    return "\n".join(lines) + "\n"


def for_year(year: int) -> Template:
    for e in EDITIONS[::-1]:
        t = load(e)
        if t.applies_to_year(year):
            return t
    return load(EDITIONS[0])
