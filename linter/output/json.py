"""Machine-readable JSON: one versioned envelope (``schema_version``), described by the JSON Schema
shipped in ``linter/schemas/output.schema.json`` (docs/output-formats.md explains every field).

Versioning: a new optional field is a minor bump ("1.1"); renaming, removing or changing the
meaning or type of a field is a major bump ("2.0").  Consumers should check the major number.
"""

from __future__ import annotations

import json

from xxgk_lint import __version__
from xxgk_lint.output import (
    Context,
    counts,
    document_of,
    file_format,
    fix_description,
    fix_edits,
    internal,
    relpath,
    rule_url,
    statistics_data,
)
from xxgk_lint.output.summary import Summary, identity_of

SCHEMA_VERSION = "1.2"  # 1.1: "target"; 1.2: "path" of related places, files[].identity, summary.repository, internal_errors
_OPTIONAL_PLACES = ("page", "paragraph", "table", "row", "col")


def location(loc, lang: str) -> dict | None:
    if loc is None:
        return None
    out = {"line": loc.line, "column": loc.column, "end_line": loc.end_line, "end_column": loc.end_column}
    for key in _OPTIONAL_PLACES:
        value = getattr(loc, key, None)
        if value is not None:
            out[key] = value
    out["description"] = loc.describe(lang) or None
    return out


def diagnostic(d, doc, ctx: Context) -> dict:
    fix = None
    if d.fix is not None:
        fix = {
            "applicability": d.fix.applicability,
            "description": fix_description(d.fix, ctx.lang),
            "edits": fix_edits(d.fix, doc, d),
        }
    related = []
    for rel in d.related:
        related.append(
            {
                "message": rel.message.get(ctx.lang) or rel.message.get("zh", ""),
                "location": location(rel.location, ctx.lang),
                "path": relpath(getattr(rel, "path", None) or d.path, ctx.root),
            }
        )
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.label,
        "message": d.text(ctx.lang),
        "messages": {k: v for k, v in d.message.items() if k in ("zh", "en")},
        "help": d.help_text(ctx.lang) or None,
        "path": relpath(d.path, ctx.root),
        "location": location(d.location, ctx.lang),
        "context": getattr(d, "context", "") or None,
        "target": d.target.as_dict() if getattr(d, "target", None) is not None else None,
        "related": related,
        "fix": fix,
        "fingerprint": d.fingerprint or None,
        "url": rule_url(d.code, d.name),
    }


def envelope(results, ctx: Context) -> dict:
    c = counts(results)
    files: list[dict] = []
    diags: list[dict] = []
    for r in results:
        ident = identity_of(r)
        files.append(
            {
                "path": relpath(r.path, ctx.root),
                "format": file_format(r),
                "diagnostics": len(r.diagnostics),
                "identity": ident.as_dict() if ident is not None else None,
            }
        )
        crashed = internal.of(r)
        if crashed:  # a rule or the engine failed on this file: it is not fully checked
            files[-1]["internal_errors"] = [{"rule": rule, "message": message} for rule, message in crashed]
        doc = document_of(r)
        diags.extend(diagnostic(d, doc, ctx) for d in r.diagnostics)
    summary: dict = {
        "errors": c["error"],
        "warnings": c["warning"],
        "infos": c["info"],
        "fixable": c["fixable"],
        "fixed": ctx.fixed,
        "files": ctx.files or len(results),
        "internal_errors": internal.count(results),
    }
    out = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "xxgk-lint", "version": __version__},
        "files": files,
        "diagnostics": diags,
        "summary": summary,
    }
    if ctx.statistics:
        out["statistics"] = statistics_data(results)
        summary["repository"] = Summary.of(results).as_data()
    return out


def render(results, ctx: Context) -> str:
    return json.dumps(envelope(results, ctx), ensure_ascii=False, indent=2)
