"""Rule cases as data: loading ``tests/rule_cases/<CODE>.toml`` and running one case.

The format is described in ``tests/rule_cases/README.md``; ``tests/test_rule_cases.py`` runs every
case and ``tests/test_rule_messages.py`` checks the wording of each rule's messages.
"""

from __future__ import annotations

import pathlib
import re
from dataclasses import dataclass, field
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

CASES_DIR = pathlib.Path(__file__).resolve().parent / "rule_cases"
FILE_KEYS = {"rule", "texts", "case"}
CASE_KEYS = {
    "name",
    "fail",
    "pass",
    "fixed",
    "unsafe_fixes",
    "options",
    "file",
    "template",
    "select",
    "findings",
    "xfail",
    "previous",
    "previous_file",
}
TEXT_KEYS = {"base", "year", "drop", "figures", "dated", "fees", "replace", "hex"}
EDITION_KEYS = ("drop", "year", "figures", "dated", "fees")
FINDING_KEYS = {"line", "column", "end_line", "end_column", "whole_file", "target", "severity", "fix"}
TARGET_KEYS = {"kind", "table", "row", "column", "section"}
TARGET_KINDS = {"cell", "row", "table", "section", "document"}
EDITIONS = ("2019", "2021")


class CaseError(ValueError):
    """A case file that does not follow the format (a bug in the case, not in the rule)."""


@dataclass
class Case:
    code: str
    name: str
    raw: dict[str, Any]
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.code}:{self.name}"

    @property
    def file(self) -> str:
        return self.raw.get("file", "report.txt")

    @property
    def options(self) -> dict[str, Any]:
        return self.raw.get("options", {})

    @property
    def xfail(self) -> str | None:
        """Why the rule does not yet behave as the case says (a known defect), or None."""
        return self.raw.get("xfail")

    @property
    def findings(self) -> list[dict[str, Any]]:
        return self.raw.get("findings", [])

    @property
    def previous_file(self) -> str:
        return self.raw.get("previous_file", "previous.txt")

    def text(self, which: str, rule_cls=None) -> str | bytes | None:
        """The ``fail``, ``pass`` or ``fixed`` text of the case (None when the case has none)."""
        spec = self.raw.get(which)
        if spec is None:
            return None
        return _resolve(spec, self, rule_cls, seen=(which,))


def _resolve(spec, case: Case, rule_cls, seen: tuple[str, ...]) -> str | bytes:
    if isinstance(spec, str):
        return spec
    if not isinstance(spec, dict):
        raise CaseError(f"{case.id}: a text is a string or a table, not {type(spec).__name__}")
    unknown = set(spec) - TEXT_KEYS
    if unknown:
        raise CaseError(f"{case.id}: unknown text keys {sorted(unknown)}")
    if "hex" in spec:
        return bytes.fromhex(re.sub(r"\s+", "", spec["hex"]))
    base = spec.get("base")
    if base in EDITIONS:
        from xxgk_lint.rules.common import example_report

        _check_figures(case, base, spec.get("figures") or {})
        text = example_report(
            base,
            drop=tuple(spec.get("drop", ())),
            year=spec.get("year"),
            figures=spec.get("figures"),
            dated=spec.get("dated", True),
            fees=spec.get("fees", True),
        )
    elif base in ("fail", "pass", "fixed", "previous"):
        if base in seen:
            raise CaseError(f"{case.id}: text {base!r} is defined through itself")
        text = _resolve(case.raw[base], case, rule_cls, seen + (base,))
    elif isinstance(base, str) and base.startswith("example:"):
        text = rule_cls.examples[base.split(":", 1)[1]]
    elif base in case.texts:
        text = case.texts[base]
    else:
        raise CaseError(f"{case.id}: unknown base {base!r}")
    if base not in EDITIONS and any(k in spec for k in EDITION_KEYS):
        raise CaseError(f"{case.id}: {', '.join(EDITION_KEYS)} only go with an edition base (2019, 2021)")
    for pair in spec.get("replace", ()):
        old, new = pair
        if old not in text:
            raise CaseError(f"{case.id}: {old!r} is not in the base text")
        text = text.replace(old, new)
    return text


def _check_figures(case: Case, edition: str, figures: dict[str, dict[str, str]]) -> None:
    """A figure names a row (``table.row``) and columns of the edition's template: a typo would be ignored
    by ``example_report`` and leave the cell 0."""
    from xxgk_lint import templates

    t = templates.load(edition)
    rows = {f"{td.id}.{r.id}": {c.id for c in td.columns} for td in t.tables for r in td.rows}
    for key, cells in figures.items():
        if key not in rows:
            raise CaseError(f"{case.id}: figures name {key!r}, not a row of the {edition} template")
        unknown = set(cells) - rows[key]
        if unknown:
            raise CaseError(f"{case.id}: figures of {key!r} name unknown columns {sorted(unknown)}")


def _check_finding(case: Case, f: dict[str, Any]) -> None:
    unknown = set(f) - FINDING_KEYS
    if unknown:
        raise CaseError(f"{case.id}: unknown finding keys {sorted(unknown)}")
    if f.get("whole_file"):
        if "line" in f or "column" in f:
            raise CaseError(f"{case.id}: a whole-file finding has no line or column")
    elif "line" not in f or "column" not in f:
        raise CaseError(f"{case.id}: a finding needs line and column (or whole_file = true)")
    target = f.get("target")
    if target is None:
        if not f.get("whole_file"):
            raise CaseError(f"{case.id}: a finding at line {f['line']} needs its expected target")
        return
    if set(target) - TARGET_KEYS or target.get("kind") not in TARGET_KINDS:
        raise CaseError(f"{case.id}: bad target {target!r}")


def load_file(path: pathlib.Path) -> list[Case]:
    code = path.stem
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    unknown = set(data) - FILE_KEYS
    if unknown:
        raise CaseError(f"{path.name}: unknown top-level keys {sorted(unknown)}")
    if data.get("rule", code) != code:
        raise CaseError(f"{path.name}: rule = {data['rule']!r} but the file is named after {code}")
    texts = data.get("texts", {})
    cases = []
    for raw in data.get("case", []):
        case = Case(code, raw.get("name", ""), raw, texts)
        if not case.name:
            raise CaseError(f"{path.name}: a case has no name")
        unknown = set(raw) - CASE_KEYS
        if unknown:
            raise CaseError(f"{case.id}: unknown case keys {sorted(unknown)}")
        if "fail" not in raw and "pass" not in raw:
            raise CaseError(f"{case.id}: a case needs a fail or a pass text")
        if "fixed" in raw and "fail" not in raw:
            raise CaseError(f"{case.id}: fixed is what --fix makes of the fail text; give one")
        if "findings" in raw and "fail" not in raw:
            raise CaseError(f"{case.id}: findings belong to a fail text")
        if "previous_file" in raw and "previous" not in raw:
            raise CaseError(f"{case.id}: previous_file names the file of the previous text; give one")
        if "xfail" in raw and (not isinstance(raw["xfail"], str) or not raw["xfail"].strip()):
            raise CaseError(f"{case.id}: xfail gives the reason as a non-empty string")
        if "fail" in raw and not raw.get("findings"):
            raise CaseError(f"{case.id}: a fail text needs its expected findings")
        for f in case.findings:
            _check_finding(case, f)
        cases.append(case)
    names = [c.name for c in cases]
    if len(set(names)) != len(names):
        raise CaseError(f"{path.name}: case names repeat")
    return cases


def case_files() -> dict[str, pathlib.Path]:
    return {p.stem: p for p in sorted(CASES_DIR.glob("*.toml"))}


def all_cases() -> list[Case]:
    return [c for p in case_files().values() for c in load_file(p)]


# -- running ----------------------------------------------------------------------------------------
def _linter(case: Case):
    from xxgk_lint.runner import Linter, Settings

    options = {case.code: case.options} if case.options else {}
    select = [case.code, *case.raw.get("select", ())]
    return Linter(Settings(select=select, template=case.raw.get("template"), rule_options=options))


def _data(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def lint_case(case: Case, text: str | bytes, path: str | None = None):
    """The FileResult of ``text`` linted as the case's file with only the case's rule selected.  A case
    with a ``previous`` text (cross-report rules, X80x) lints that one too, as ``previous_file``, and runs
    the cross-report phase over both files (no file is written: the paths are only names)."""
    linter = _linter(case)
    result = linter.lint_file(path or case.file, data=_data(text))
    if "previous" in case.raw:
        from xxgk_lint import across

        other = linter.lint_file(case.previous_file, data=_data(case.text("previous") or ""))
        across.run([other, result], lambda _path: linter)
    return result


def findings_of(case: Case, result) -> list:
    return sorted((d for d in result.diagnostics if d.code == case.code), key=lambda d: d.sort_key())


def fix_case(case: Case, text: str | bytes, tmp_path: pathlib.Path) -> tuple[str, int]:
    """What ``xxgk-lint check --fix`` (``--unsafe-fixes`` when the case says so) makes of ``text``:
    (the fixed text as read back from disk, number of fixes applied)."""
    from xxgk_lint import fix
    from xxgk_lint.readers import read_path

    linter = _linter(case)
    path = tmp_path / case.file

    def own(result):  # only the fixes of the case's rule (other rules a case selects only run)
        result.diagnostics = [d for d in result.diagnostics if d.code == case.code]
        return result

    path.write_bytes(_data(text))
    outcome = fix.fix_file(
        own(linter.lint_file(str(path))),
        unsafe=bool(case.raw.get("unsafe_fixes")),
        write=True,
        relint=lambda data: own(linter.lint_file(str(path), data=data)),
    )
    assert outcome.error is None, outcome.error
    return read_path(str(path)).text, outcome.applied


def mismatches(case: Case, found: list, fixable: bool = True) -> list[str]:
    """What differs between the diagnostics ``found`` on the fail text and the case's expected findings
    (empty when they agree).  ``fixable``: whether the rule declares a fix at all."""
    expected = case.findings
    if len(found) != len(expected):
        return [f"{len(found)} findings, expected {len(expected)}"]
    out = []
    for n, (d, want) in enumerate(zip(found, expected, strict=True), 1):
        loc = d.location
        if want.get("whole_file"):
            if loc is not None:
                out.append(f"finding {n}: at line {loc.line}, expected the whole file")
        elif loc is None:
            out.append(f"finding {n}: the whole file, expected line {want['line']}")
        else:
            if (loc.line, loc.column) != (want["line"], want["column"]):
                out.append(
                    f"finding {n}: line {loc.line} column {loc.column}, expected {want['line']}:{want['column']}"
                )
            for key, got in (("end_line", loc.end_line), ("end_column", loc.end_column)):
                if key in want and want[key] != got:
                    out.append(f"finding {n}: {key} {got}, expected {want[key]}")
        if "severity" in want and d.severity.label != want["severity"]:
            out.append(f"finding {n}: severity {d.severity.label}, expected {want['severity']}")
        if "fix" in want and (d.fix is not None) != want["fix"]:
            offered, wanted = ("a" if d.fix else "no"), ("a" if want["fix"] else "no")
            out.append(f"finding {n}: {offered} fix offered, expected {wanted} fix")
        if not fixable and d.fix is not None:
            out.append(f"finding {n}: offers a fix, but {case.code} declares none")
        # rules are being taught their targets: compare only when both the case and the rule give one, and
        # the section of a table's part only when the rule names it (N501 does not yet)
        if want.get("target") is not None and d.target is not None:
            got, wanted = d.target.as_dict(), dict(want["target"])
            if got.get("kind") != "section" and "section" not in got:
                wanted.pop("section", None)
            if got != wanted:
                out.append(f"finding {n}: target {got}, expected {want['target']}")
    return out


def describe(diagnostics) -> list[str]:
    """A readable list for assertion messages (what a case file would have to say)."""
    out = []
    for d in diagnostics:
        loc = d.location
        where = f"line = {loc.line}, column = {loc.column}" if loc else "whole_file = true"
        target = d.target.as_dict() if d.target is not None else None
        out.append(f"{{{where}, target = {target}}}  # {d.text('en')}")
    return out
