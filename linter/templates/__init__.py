"""Templates are data: one JSON file per edition of the annual-report format, validated by jsonschema.

``load(id)`` returns the typed :class:`~xxgk_lint.templates.model.Template` of an edition (built once,
cached).  Recognition, the identities and the rules read sections, tables, rows, columns and
identities from it; no code hard-codes a label, an edition or a table name.

The editions are the files named ``<year>.json`` in this folder; other JSON files beside them (e.g.
``<edition>.statements.json``) belong to other loaders and are ignored here.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from xxgk_lint.templates.model import (  # noqa: F401
    BlockDef,
    ColumnDef,
    Conventions,
    Identity,
    RowDef,
    SectionDef,
    TableDef,
    Template,
    build,
    build_conventions,
)

_EDITION_FILE = re.compile(r"^([0-9]{4})\.json$")


def _editions() -> tuple[str, ...]:
    names = (p.name for p in resources.files(__package__).iterdir())
    return tuple(sorted(m.group(1) for n in names if (m := _EDITION_FILE.match(n))))


EDITIONS = _editions()  # oldest first


class TemplateError(ValueError):
    pass


@cache
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
    return build(data)


VALIDATED = "validated.txt"  # sha256 of shipped template files already validated against the schema


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def _validated_digests() -> frozenset[str]:
    try:
        lines = resources.files(__package__).joinpath(VALIDATED).read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(line.split()[0] for line in lines if line.strip() and not line.startswith("#"))


@cache
def load(edition: str) -> Template:
    """A shipped edition.  Its content is validated against the schema unless that exact content was
    validated when the package was built (``validated.txt``, kept current by the tests), which spares
    every run the import of jsonschema; an edited file is validated again."""
    if edition not in EDITIONS:
        raise TemplateError(f"unknown template {edition!r} (expected one of {', '.join(EDITIONS)})")
    text = resources.files(__package__).joinpath(f"{edition}.json").read_text(encoding="utf-8")
    return from_data(json.loads(text), f"{edition}.json", validated=_digest(text) in _validated_digests())


CONVENTIONS = "conventions.json"  # facts every edition shares: units, page numbers, heading numbering


def _read(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def validate_conventions(data: dict, where: str = CONVENTIONS) -> None:
    import jsonschema

    schema_ = json.loads(_read("conventions.schema.json"))
    errors = sorted(jsonschema.Draft202012Validator(schema_).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        raise TemplateError(f"{where}: {'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}")
    for key in ("page_numbers", "heading_levels"):
        for k, item in enumerate(data[key]):
            try:
                ok = re.fullmatch(item["pattern"], item["example"]) is not None
            except re.error as exc:
                raise TemplateError(f"{where}: {key}/{k}/pattern: {exc}") from None
            if not ok:
                raise TemplateError(f"{where}: {key}/{k}: the pattern does not match its example {item['example']!r}")


@cache
def conventions() -> Conventions:
    """The shared writing conventions (validated like the editions, see :func:`load`)."""
    text = _read(CONVENTIONS)
    data = json.loads(text)
    if _digest(text) not in _validated_digests():
        validate_conventions(data)
    return build_conventions(data)


def money_units() -> dict[str, int]:
    """Every unit an amount may be written in, with its value in 元 (template-independent)."""
    return conventions().money_units


def units_pattern(count: bool = False) -> str:
    """A regular-expression alternation of the money units (and the count units with ``count``),
    longest first so that 万元 is never read as 元."""
    c = conventions()
    units = list(c.money_units) + (list(c.count_units) if count else [])
    return "|".join(sorted(units, key=len, reverse=True))


@cache
def page_number_re(page_edge: bool = False) -> re.Pattern:
    """A line that is only a page number ("- 3 -", "第3页 共8页", "3/8", "Page 3 of 8"), template-independent.
    ``page_edge=True`` also accepts the forms that are page numbers only at the top or bottom of a
    page (a bare "3"): for readers that know where a line sits on its page (PDF)."""
    parts = [p.pattern for p in conventions().page_numbers if page_edge or not p.page_edge_only]
    return re.compile(r"^[\s\u3000]*(?:" + "|".join(parts) + r")[\s\u3000]*$")


@cache
def heading_number_re(levels: tuple[int, ...] | None = None) -> re.Pattern:
    """The numbering that starts a heading of one of ``levels`` (default: every level): 一、 （一） 1. （1）."""
    parts = [h.pattern for h in conventions().heading_levels if levels is None or h.level in levels]
    return re.compile(r"^(?:" + "|".join(parts) + ")")


def write_validated() -> str:
    """Validate every shipped edition and the conventions; return the content of ``validated.txt``."""
    lines = [
        "# sha256 of the shipped template files validated against template.schema.json",
        "# (conventions.json against conventions.schema.json)",
        "# regenerate: python -m xxgk_lint.templates > linter/templates/validated.txt",
    ]
    for edition in EDITIONS:
        text = _read(f"{edition}.json")
        validate(json.loads(text), f"{edition}.json")
        lines.append(f"{_digest(text)}  {edition}.json")
    text = _read(CONVENTIONS)
    validate_conventions(json.loads(text))
    lines.append(f"{_digest(text)}  {CONVENTIONS}")
    return "\n".join(lines) + "\n"


def for_year(year: int) -> Template:
    for e in EDITIONS[::-1]:
        t = load(e)
        if t.applies_to_year(year):
            return t
    return load(EDITIONS[0])
