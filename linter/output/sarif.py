"""SARIF 2.1.0, for GitHub code scanning (``github/codeql-action/upload-sarif``) and other SARIF viewers.

* paths are relative to ``Context.root`` (the repository root in CI) with ``uriBaseId: "%SRCROOT%"``;
* columns count Unicode code points, declared with ``columnKind: "unicodeCodePoints"`` on the run
  (SARIF's default is UTF-16 code units, which differs for characters outside the BMP);
* every result carries ``partialFingerprints["xxgkLint/v1"]`` (rule + file name + snippet, not the
  line number), so alerts stay matched when lines move;
* a finding about the whole file (no span) points at line 1, because code scanning drops results
  without a region;
* the rule metadata (``tool.driver.rules``) covers the rules that have results, with their
  reference page as ``help.markdown`` (GitHub shows it in the alert);
* at most ``MAX_RESULTS`` results (GitHub's limit per run), the most severe first; the number left
  out is in ``runs[0].properties.omittedResults``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from xxgk_lint import __version__
from xxgk_lint.output import (
    Context,
    ci_root,
    document_of,
    fix_description,
    fix_edits,
    homepage,
    internal,
    is_absolute_url,
    relpath,
    rule_url,
    statistics_data,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
FINGERPRINT_KEY = "xxgkLint/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# GitHub code scanning accepts at most 25,000 results per run (and shows the top 5,000); beyond that
# the most severe are kept and the run's properties say how many were left out.
MAX_RESULTS = 25_000
# rule families by code letter (docs/architecture.md), used as a tag so code scanning can filter by them
FAMILIES = {
    "E": "input",
    "S": "structure",
    "T": "tables",
    "A": "arithmetic",
    "F": "figures",
    "N": "narrative",
    "D": "dates",
    "W": "leftovers",
    "X": "repository",
    "M": "meta",
}


def _rule_descriptor(code: str, name: str, cls, ctx: Context) -> dict:
    lang = ctx.lang
    out: dict = {"id": code, "name": name}
    if cls is not None:
        out["shortDescription"] = {"text": cls.summary.get(lang) or cls.summary["zh"]}
        out["fullDescription"] = {"text": cls.description.get(lang) or cls.description["zh"]}
        try:
            markdown = cls.docs_markdown(lang)
        except Exception:  # a plug-in with odd metadata still gets its results uploaded
            markdown = ""
        if markdown:
            out["help"] = {"text": out["fullDescription"]["text"], "markdown": markdown}
        out["defaultConfiguration"] = {"level": LEVELS[cls.severity.label]}
        tags = [FAMILIES.get(code[0], code[0]), *getattr(cls, "tags", ())]
        props: dict = {
            "tags": list(dict.fromkeys(tags))[:20],
            "fix": cls.fix_safety or "none",
            "templates": list(getattr(cls, "templates", ())),
        }
        out["properties"] = props
    else:
        out["shortDescription"] = {"text": name}
    url = rule_url(code, name)
    if is_absolute_url(url):
        out["helpUri"] = url
    return out


def _region(loc) -> dict:
    if loc is None:
        return {"startLine": 1}
    return {
        "startLine": loc.line,
        "startColumn": loc.column,
        "endLine": max(loc.end_line, loc.line),
        "endColumn": loc.end_column if loc.end_line > loc.line or loc.end_column > loc.column else loc.column + 1,
    }


_URI_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=:@")


def uri_path(path: str) -> str:
    """A path as a URI reference: ASCII characters that would end or break it (space, ``%``, ``#``,
    ``?`` …) are percent-encoded; other characters, Chinese included, stay as they are (GitHub
    accepts UTF-8 paths, and people can read them)."""
    out = []
    for ch in path:
        if 0xDC80 <= ord(ch) <= 0xDCFF:  # a raw byte of a name that is not UTF-8 (surrogateescape)
            out.append(f"%{ord(ch) - 0xDC00:02X}")
        elif ch in _URI_SAFE or ord(ch) > 127:
            out.append(ch)
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
    return "".join(out)


def _artifact(path: str, ctx: Context) -> dict:
    rel = relpath(path, ci_root(ctx))
    if os.path.isabs(rel):  # outside the root: an absolute file URI, not relative to %SRCROOT%
        return {"uri": Path(rel).as_uri()}
    return {"uri": uri_path(rel), "uriBaseId": "%SRCROOT%"}


def _message(d, ctx: Context) -> str:
    text = d.text(ctx.lang)
    h = d.help_text(ctx.lang)
    if h:
        text += ("\nhelp: " if ctx.lang == "en" else "\n建议：") + h
    ctx_text = getattr(d, "context", "")
    where = d.location.describe(ctx.lang) if d.location is not None else ""
    place = " · ".join(x for x in (ctx_text, where) if x)
    if place:
        text += ("\nwhere: " if ctx.lang == "en" else "\n位置：") + place
    return text


def _fixes(d, doc, ctx: Context) -> list[dict]:
    if d.fix is None:
        return []
    replacements = []
    for e in fix_edits(d.fix, doc, d):
        if e["start"] is None:
            return []  # no document: positions unknown, a fix SARIF cannot express
        region = {
            "startLine": e["start"]["line"],
            "startColumn": e["start"]["column"],
            "endLine": e["end"]["line"],
            "endColumn": e["end"]["column"],
        }
        replacements.append({"deletedRegion": region, "insertedContent": {"text": e["content"]}})
    return [
        {
            "description": {"text": fix_description(d.fix, ctx.lang)},
            "artifactChanges": [{"artifactLocation": _artifact(d.path, ctx), "replacements": replacements}],
            "properties": {"applicability": d.fix.applicability},
        }
    ]


def _location(physical: dict, d) -> dict:
    """The physical location, and the template cell/row/table/section the finding is about as a
    logical location (``t3/unavailable_1/natural``, ``s3``)."""
    loc: dict = {"physicalLocation": physical}
    target = getattr(d, "target", None)
    if target is not None and target.path:
        name = target.path.rsplit("/", 1)[-1]
        loc["logicalLocations"] = [
            {"name": name, "fullyQualifiedName": target.path, "kind": "element", "properties": target.as_dict()}
        ]
    return loc


def _within_limit(results) -> set[int]:
    """The findings to upload: all of them up to ``MAX_RESULTS``, else the most severe first (in
    file order within a severity), so errors are never crowded out by infos."""
    diags = [d for r in results for d in r.diagnostics]
    if len(diags) <= MAX_RESULTS:
        return {id(d) for d in diags}
    ranked = sorted(range(len(diags)), key=lambda k: (-int(diags[k].severity), k))
    return {id(diags[k]) for k in ranked[:MAX_RESULTS]}


def sarif(results, ctx: Context) -> dict:
    rule_index: dict[str, int] = {}
    rules: list[dict] = []
    out_results: list[dict] = []
    kept = _within_limit(results)
    for r in results:
        doc = document_of(r)
        for d in r.diagnostics:
            if id(d) not in kept:
                continue
            if d.code not in rule_index:
                rule_index[d.code] = len(rules)
                rules.append(_rule_descriptor(d.code, d.name, ctx.rules.get(d.code), ctx))
            physical = {"artifactLocation": _artifact(d.path, ctx), "region": _region(d.location)}
            result: dict = {
                "ruleId": d.code,
                "ruleIndex": rule_index[d.code],
                "level": LEVELS[d.severity.label],
                "message": {"text": _message(d, ctx)},
                "locations": [_location(physical, d)],
            }
            if d.fingerprint:
                result["partialFingerprints"] = {FINGERPRINT_KEY: d.fingerprint}
            related = []
            for k, rel in enumerate(d.related, 1):
                other = getattr(rel, "path", None)  # a place in another file (cross-report findings, X80x)
                if rel.location is None and other is None:
                    continue
                rel_physical: dict = {"artifactLocation": _artifact(other or d.path, ctx)}
                if rel.location is not None:
                    rel_physical["region"] = _region(rel.location)
                related.append(
                    {
                        "id": k,
                        "message": {"text": rel.message.get(ctx.lang) or rel.message.get("zh", "")},
                        "physicalLocation": rel_physical,
                    }
                )
            if related:
                result["relatedLocations"] = related
            fixes = _fixes(d, doc, ctx)
            if fixes:
                result["fixes"] = fixes
            result_props: dict = {}
            if getattr(d, "context", ""):
                result_props["context"] = d.context
            if d.location is not None and d.location.describe("en"):
                result_props["place"] = d.location.describe(ctx.lang)
            if getattr(d, "target", None) is not None:
                result_props["target"] = d.target.as_dict()
            if result_props:
                result["properties"] = result_props
            out_results.append(result)
    driver: dict = {"name": "xxgk-lint", "version": __version__, "semanticVersion": __version__, "rules": rules}
    home = homepage()
    if home:
        driver["informationUri"] = home
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the directory xxgk-lint was run from"}}},
        "results": out_results,
    }
    props: dict = {}
    total = sum(len(r.diagnostics) for r in results)
    if len(out_results) < total:
        props["omittedResults"] = total - len(out_results)
    if ctx.statistics:  # --statistics: in the run's property bag, so the file stays valid SARIF
        props["statistics"] = statistics_data(results)
    if props:
        run["properties"] = props
    run["invocations"] = [_invocation(results, ctx)]
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def _invocation(results, ctx: Context) -> dict:
    """The run's invocation: ``executionSuccessful`` is false when a rule or the engine failed on a file,
    each failure a ``toolExecutionNotifications`` entry (level error) naming the rule and the file."""
    notes = []
    for path, rule, message in internal.entries(results):
        text = internal.line(relpath(path, ci_root(ctx)), rule, message, ctx.lang)
        note: dict = {
            "level": "error",
            "message": {"text": text},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(path, ctx)}}],
        }
        if rule:
            note["associatedRule"] = {"id": rule}
        notes.append(note)
    out: dict = {"executionSuccessful": not notes}
    if notes:
        out["toolExecutionNotifications"] = notes
    return out


def render(results, ctx: Context) -> str:
    return json.dumps(sarif(results, ctx), ensure_ascii=False, indent=2)
