"""The cross-report phase (xxgk_lint.across) and its rules X801-X806 on synthetic repositories.

The repositories are written here from xxgk_lint.synth reports (tests/acrosskit.py): several agencies,
years on both formats with the 2020 -> 2021 format change, a missing year, a duplicate agency-year, and
defects put in on purpose.  The order of the files, ``--jobs`` and the cache never change the findings.
"""

from __future__ import annotations

import copy
import json
import pickle
import random

import pytest

from xxgk_lint import across
from xxgk_lint.cache import dump_facts, load_facts
from xxgk_lint.facts import CellFact, ReportFacts
from xxgk_lint.identity import Identity
from xxgk_lint.rule import AcrossContext
from xxgk_lint.rules.across import CarryoverMismatch, UnchangedFigures, corresponding_columns

import acrosskit as kit

AG_A, AG_B, AG_C, AG_D = "某县农业农村局", "某县教育局", "某县财政局", "某县审计局"


def _bump(rep, table, row, col, by=1):
    rep.set(table, row, col, str(int(rep.get(table, row, col)) + by))


def _repository() -> tuple[dict, dict]:
    """The files of a repository and the X findings expected on it: ``{(file, code): count}``."""
    files: dict[str, str] = {}
    # agency A: 2019 and 2020 in the 2019 format, 2021 and 2022 in the 2021 format, all continuous, then
    # three defects: 2020's item count (X802), 2021's carry-over across the format change (X801), 2022's
    # documents in force (X803)
    a = {y: kit.synth(AG_A, y, seed=y) for y in (2019, 2020, 2021, 2022)}
    for y in (2020, 2021, 2022):
        kit.continuous(a[y - 1], a[y])
    _bump(a[2020], "t2_5", "licensing", "prev", 3)
    _bump(a[2021], "t3", "carried", "commercial", 2)  # the balance of table 三 is A30x's business, not X801's
    _bump(a[2021], "t3", "carried", "total", 2)
    _bump(a[2022], "t2_1", "normative", "valid", 5)
    for y, rep in a.items():
        files[f"农业农村局/{y}.txt"] = kit.text(rep)
    files["农业农村局/2022.md"] = kit.text(a[2022], "md")  # a copy in another format: one report, compared too
    # agency B: 2020 and 2022 (2021 is missing): nothing to compare, whatever the figures
    files["教育局/2020年报告.txt"] = kit.text(kit.synth(AG_B, 2020, seed=7))
    files["教育局/2022年报告.txt"] = kit.text(kit.synth(AG_B, 2022, seed=8))
    # agency C: 2021 once, 2022 twice (a duplicate: X806 on both, and 2021 -> 2022 is not compared)
    c21, c22 = kit.synth(AG_C, 2021, seed=3), kit.synth(AG_C, 2022, seed=4)
    files["财政局/2021.txt"] = kit.text(c21)
    files["财政局/2022.txt"] = kit.text(c22)
    _bump(c22, "t2_1", "rules", "issued", 1)  # another version: which one is the report is not guessed
    files["财政局/2022-定稿.md"] = kit.text(c22, "md")
    # agency D: 2022 is 2021 again (every figure; 2021 carries over as much as it received from 2020 and
    # repealed as many documents as it issued, so only X805 can see it)
    d21 = kit.synth(AG_D, 2021, seed=5)
    t3 = d21.template.table("t3")
    for col in t3.column_ids:
        d21.set("t3", "carried", col, d21.get("t3", "carry_next", col))
        d21.set("t3", "new", col, d21.get("t3", "result_total", col))
    for row in ("rules", "normative"):
        d21.set("t2_1", row, "repealed", d21.get("t2_1", row, "issued"))
    d22 = kit.synth(AG_D, 2022, seed=6)
    d22.figures = copy.deepcopy(d21.figures)
    files["审计局/2021.txt"] = kit.text(d21)
    files["审计局/2022.txt"] = kit.text(d22)
    expected = {
        ("审计局/2022.txt", "X805"): 1,
        ("农业农村局/2020.txt", "X802"): 1,
        ("农业农村局/2021.txt", "X801"): 1,
        ("农业农村局/2022.txt", "X803"): 1,
        ("农业农村局/2022.md", "X803"): 1,
        ("财政局/2022.txt", "X806"): 1,
        ("财政局/2022-定稿.md", "X806"): 1,
    }
    return files, expected


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    root = tmp_path_factory.mktemp("repo")
    files, expected = _repository()
    kit.repo(root, files)
    return root, files, expected


def _x(out, root):
    """X findings as (file, code, line, fingerprint, zh message), sorted."""
    rows = []
    for r in out.results:
        for d in r.diagnostics:
            # the synthetic reports share their prose word for word, which X804 rightly flags (its own tests:
            # tests/test_rule_x804.py); the planted defects here are X801-X803, X805, X806
            if d.code.startswith("X") and d.code != "X804":
                rows.append(
                    (kit.rel(root, r.path), d.code, d.location.line if d.location else 0, d.fingerprint, d.text())
                )
    return sorted(rows)


def test_the_repository_gives_exactly_the_planted_findings(repository):
    root, _, expected = repository
    out = kit.check(root, select=["X"])
    assert not out.internal_errors
    got: dict = {}
    for f, code, *_ in _x(out, root):
        got[(f, code)] = got.get((f, code), 0) + 1
    assert got == expected


def test_every_finding_names_both_files_and_the_other_cell(repository):
    root, _, _ = repository
    out = kit.check(root, select=["X"])
    by = {(kit.rel(root, r.path), d.code): d for r in out.results for d in r.diagnostics}
    x801 = by[("农业农村局/2021.txt", "X801")]
    assert "农业农村局/2020.txt" in x801.text("zh") and "农业农村局/2020.txt" in x801.text("en")
    assert "商业企业" in x801.text("zh") and x801.target.row == "carried"
    (rel_commercial, rel_total) = x801.related
    assert kit.rel(root, rel_commercial.path) == "农业农村局/2020.txt"
    assert rel_commercial.location is not None and rel_commercial.line_text.startswith("四、结转下年度继续办理")
    x806 = by[("财政局/2022.txt", "X806")]
    assert kit.rel(root, x806.related[0].path) == "财政局/2022-定稿.md"
    x803 = by[("农业农村局/2022.txt", "X803")]
    assert x803.target.as_dict() == {
        "kind": "cell",
        "table": "t2_1",
        "row": "normative",
        "column": "valid",
        "section": "s2",
    }
    assert kit.rel(root, x803.related[0].path) == "农业农村局/2021.txt"
    assert x803.related[1].path is None  # this year's issued count: a place in the file itself


def test_file_order_does_not_matter(repository):
    root, files, _ = repository
    paths = [root / f for f in files]
    first = _x(kit.check(root, paths=paths, select=["X"]), root)
    for seed in (1, 2):
        random.Random(seed).shuffle(paths)
        assert _x(kit.check(root, paths=paths, select=["X"]), root) == first


def test_jobs_give_the_same_findings(repository):
    root, _, _ = repository
    assert _x(kit.check(root, jobs=2, select=["X"]), root) == _x(kit.check(root, select=["X"]), root)


def test_fingerprints_survive_a_move_of_the_repository(repository, tmp_path):
    root, files, _ = repository
    moved = kit.repo(tmp_path / "elsewhere" / "deeper", files)
    a = [(f, c, fp) for f, c, _, fp, _ in _x(kit.check(root, select=["X"]), root)]
    b = [(f, c, fp) for f, c, _, fp, _ in _x(kit.check(moved, select=["X"]), moved)]
    assert a == b


def test_one_file_alone_gives_no_cross_report_finding(repository):
    root, _, _ = repository
    out = kit.check(root, paths=[root / "农业农村局/2021.txt"], select=["X"])
    assert kit.found(out, "X*") == [] and not out.internal_errors


def test_stdin_sees_only_itself(repository, run_cli):
    root, files, _ = repository
    r = run_cli("check", "-", "--select", "X", "--isolated", "--no-cache", input=files["农业农村局/2021.txt"])
    assert r.exit_code == 0, r.output


def test_the_cache_is_correct_when_last_years_file_changes(tmp_path):
    last, this = kit.synth(AG_A, 2021, seed=1), kit.synth(AG_A, 2022, seed=2)
    kit.continuous(last, this)
    kit.repo(tmp_path, {"a/2021.txt": kit.text(last), "a/2022.txt": kit.text(this)})
    cache = str(tmp_path / "cache")
    out = kit.check(tmp_path / "a", select=["X"], use_cache=True, cache_dir=cache)
    assert kit.found(out, "X*") == []
    # last year's carry-over is edited: this year's file is unchanged (a cache hit) but now disagrees
    _bump(last, "t3", "carry_next", "natural", 4)
    _bump(last, "t3", "carry_next", "total", 4)
    _bump(last, "t3", "new", "natural", 4)
    _bump(last, "t3", "new", "total", 4)
    kit.repo(tmp_path, {"a/2021.txt": kit.text(last)})
    out = kit.check(tmp_path / "a", select=["X"], use_cache=True, cache_dir=cache)
    hits = {kit.rel(tmp_path, r.path): r.cached for r in out.results}
    assert hits == {"a/2022.txt": True, "a/2021.txt": False}
    assert [(kit.rel(tmp_path, p), c) for p, c, _ in kit.found(out, "X*")] == [("a/2022.txt", "X801")]
    # and back: the finding goes away though both files now come from the cache
    _bump(last, "t3", "carry_next", "natural", -4)
    _bump(last, "t3", "carry_next", "total", -4)
    _bump(last, "t3", "new", "natural", -4)
    _bump(last, "t3", "new", "total", -4)
    kit.repo(tmp_path, {"a/2021.txt": kit.text(last)})
    out = kit.check(tmp_path / "a", select=["X"], use_cache=True, cache_dir=cache)
    assert all(r.cached for r in out.results) and kit.found(out, "X*") == []


def test_a_cache_entry_without_facts_is_a_miss(tmp_path):
    import glob

    kit.repo(tmp_path, {"r/2021.txt": kit.text(kit.synth(AG_A, 2021))})
    cache = str(tmp_path / "cache")
    kit.check(tmp_path / "r", use_cache=True, cache_dir=cache)
    (entry,) = glob.glob(f"{cache}/v*/*/*.json")
    data = json.loads(open(entry, encoding="utf-8").read())
    assert data["facts"]["identity"]["agency"] == AG_A
    del data["facts"]  # as an older version wrote it
    open(entry, "w", encoding="utf-8").write(json.dumps(data, ensure_ascii=False))
    out = kit.check(tmp_path / "r", use_cache=True, cache_dir=cache)
    assert [r.cached for r in out.results] == [False] and out.results[0].facts is not None


def test_facts_survive_pickling_and_the_cache(repository):
    root, _, _ = repository
    from xxgk_lint.runner import Linter, Settings

    r = Linter(Settings()).lint_file(str(root / "农业农村局/2020.txt"))
    f = r.facts
    assert f is not None and f.identity.known and f.edition == "2019" and len(f.cells) > 100
    assert pickle.loads(pickle.dumps(r.light())).facts == f
    assert load_facts(json.loads(json.dumps(dump_facts(f))), f.path) == f
    assert f.cell("t2_5", "licensing", "delta").value is not None


def test_a_report_that_is_not_one_has_no_facts():
    from xxgk_lint.runner import Linter, Settings

    r = Linter(Settings()).lint_file("note.txt", data="会议通知\n请各单位按时参加。\n".encode())
    assert r.facts is None


# -- the rules on hand-made facts ----------------------------------------------------------------------
def _facts(path, agency, year, edition, cells, trusted=True):
    return ReportFacts(
        path,
        Identity(agency, year, "title", "title"),
        edition,
        True,
        {k: CellFact(v, trusted) for k, v in cells.items()},
    )


def _t3(row, values):
    cols = ("natural", "commercial", "research", "public_interest", "legal", "other", "total")
    return {("t3", row, c): v for c, v in zip(cols, values, strict=True)}


def test_x801_compares_only_trusted_non_blank_cells():
    last = _facts("a/2021.txt", AG_A, 2021, "2021", _t3("carry_next", ["1", "0", "0", "0", "0", "0", "1"]))
    this = _facts("a/2022.txt", AG_A, 2022, "2021", _t3("carried", ["2", "0", "0", "0", "0", "0", "2"]))
    rule = CarryoverMismatch()
    assert len(list(rule.check_across(AcrossContext([last, this])))) == 1
    untrusted = _facts("a/2022.txt", AG_A, 2022, "2021", _t3("carried", ["2"] * 7), trusted=False)
    assert list(rule.check_across(AcrossContext([last, untrusted]))) == []
    blank = _facts("a/2022.txt", AG_A, 2022, "2021", _t3("carried", [None] * 7))
    assert list(rule.check_across(AcrossContext([last, blank]))) == []
    unknown_year = _facts("a/x.txt", AG_A, None, "2021", _t3("carried", ["2"] * 7))
    assert list(rule.check_across(AcrossContext([last, unknown_year]))) == []


def test_columns_of_the_two_editions_correspond_through_the_template():
    from xxgk_lint import templates

    t19, t21 = templates.load("2019").table("t3"), templates.load("2021").table("t3")
    pairs = corresponding_columns(t21, t19)
    assert [a for a, _ in pairs] == t21.column_ids and all(a == b for a, b in pairs)
    t2_19, t2_21 = templates.load("2019").table("t2_1"), templates.load("2021").table("t2_1")
    assert corresponding_columns(t2_21, t2_19) == []  # 制发/废止/现行有效 vs 新制作/新公开/总数量


def test_x805_needs_a_nonzero_figure_and_every_cell():
    cells = _t3("new", ["3", "0", "0", "0", "0", "0", "3"]) | _t3("carried", ["0"] * 7) | _t3("carry_next", ["1"] * 7)
    last = _facts("a/2021.txt", AG_A, 2021, "2021", cells)
    same = _facts("a/2022.txt", AG_A, 2022, "2021", dict(cells))
    rule = UnchangedFigures()
    (d,) = rule.check_across(AcrossContext([last, same]))
    assert "21" in d.text("zh") and d.related[0].path == "a/2021.txt"
    zero = {k: "0" for k in cells}
    assert (
        list(
            rule.check_across(
                AcrossContext(
                    [_facts("a/2021.txt", AG_A, 2021, "2021", zero), _facts("a/2022.txt", AG_A, 2022, "2021", zero)]
                )
            )
        )
        == []
    )
    fewer = dict(cells)
    del fewer[("t3", "new", "natural")]
    assert list(rule.check_across(AcrossContext([last, _facts("a/2022.txt", AG_A, 2022, "2021", fewer)]))) == []
    assert list(UnchangedFigures({"min-figures": 22}).check_across(AcrossContext([last, same]))) == []


def test_pairs_skip_a_duplicated_year_and_a_gap():
    f = [
        _facts("a/2020.txt", AG_A, 2020, "2019", {}),
        _facts("a/2021.txt", AG_A, 2021, "2021", {("t3", "new", "total"): "1"}),
        _facts("a/2021b.txt", AG_A, 2021, "2021", {("t3", "new", "total"): "2"}),
        _facts("a/2022.txt", AG_A, 2022, "2021", {}),
        _facts("b/2019.txt", AG_B, 2019, "2019", {}),
        _facts("b/2021.txt", AG_B, 2021, "2021", {}),
    ]
    ctx = AcrossContext(sorted(f, key=lambda x: x.path))
    assert list(ctx.pairs()) == []
    assert [[x.path for x in g] for g in ctx.duplicates()] == [["a/2021.txt", "a/2021b.txt"]]
    copies = [_facts("c/2021.docx", AG_C, 2021, "2021", {}), _facts("c/2021.pdf", AG_C, 2021, "2021", {})]
    copies.append(_facts("c/2022.txt", AG_C, 2022, "2021", {}))
    ctx = AcrossContext(copies)
    assert ctx.duplicates() == [] and len(ctx.duplicates(copies=True)) == 1
    assert [(a.path, b.path) for a, b in ctx.pairs()] == [("c/2021.docx", "c/2022.txt")]


def test_copies_of_one_report_are_told_by_their_figures_not_their_texts():
    from xxgk_lint.rule import one_report

    a = _facts("c/2021.docx", AG_C, 2021, "2021", {("t3", "new", "total"): "3", ("t3", "new", "other"): "1"})
    same = _facts("c/2021.pdf", AG_C, 2021, "2021", {("t3", "new", "total"): "3.0"})  # the same figure
    other = _facts("c/2021.md", AG_C, 2021, "2021", {("t3", "new", "total"): "3", ("t3", "new", "other"): "2"})
    untrusted = _facts("c/2021.html", AG_C, 2021, "2021", {("t3", "new", "total"): "4"}, trusted=False)
    unread = _facts("c/2021.txt", AG_C, 2021, "2021", {("t3", "new", "total"): "三"})
    assert one_report([a, same, untrusted, unread]) and one_report([a, a])
    assert not one_report([a, same, other]) and not one_report([other, a])


def test_x806_on_a_large_group_names_ten_others_and_counts_the_rest():
    from xxgk_lint.rules.across import DuplicateReport

    group = [_facts(f"a/2022-{k:02}.txt", AG_A, 2022, "2021", {("t3", "new", "total"): str(k)}) for k in range(13)]
    found = list(DuplicateReport().check_across(AcrossContext(group)))
    assert [d.path for d in found] == [f.path for f in group]
    for d, f in zip(found, group, strict=True):
        others = [r.path for r in d.related]
        assert others == [g.path for g in group if g is not f][:10]
        assert "等 12 个文件" in d.message["zh"] and "and 9 more" in d.message["en"]
    pair = list(DuplicateReport().check_across(AcrossContext(group[:2])))
    assert pair[0].message["en"].startswith("a/2022-01.txt is also") and "more" not in pair[0].message["en"]


# -- the engine ----------------------------------------------------------------------------------------
def test_a_crashing_rule_is_an_internal_error_naming_it(repository, monkeypatch):
    root, _, _ = repository

    def boom(self, ctx):
        raise RuntimeError("kaputt")
        yield

    monkeypatch.setattr(CarryoverMismatch, "check_across", boom)
    out = kit.check(root, select=["X801", "X806"])
    assert out.exit_code() == 2
    assert [e for _, e in out.internal_errors] == ["X801 (RuntimeError: kaputt)"]
    assert len(kit.found(out, "X806")) == 2  # the other rules still ran


def test_per_file_ignores_and_disable_file_silence_a_finding(repository, tmp_path, run_cli, monkeypatch):
    root, files, _ = repository
    agency = {k: v for k, v in files.items() if k.startswith("农业农村局") and k.endswith(".txt")}
    kit.repo(tmp_path / "plain", agency)
    kit.repo(tmp_path / "ignored", agency)
    (tmp_path / "ignored" / "xxgk-lint.toml").write_text(
        '[per-file-ignores]\n"农业农村局/2021.txt" = ["X801"]\n', encoding="utf-8"
    )
    kit.repo(tmp_path / "disabled", agency)
    monkeypatch.chdir(tmp_path / "plain")
    r = run_cli("check", ".", "--select", "X", "--format", "concise", "--no-cache")
    assert r.exit_code == 1 and "X801" in r.output and "X803" in r.output
    monkeypatch.chdir(tmp_path / "ignored")
    r = run_cli("check", ".", "--select", "X", "--format", "concise", "--no-cache")
    assert r.exit_code == 0 and "X801" not in r.output and "X803" in r.output, r.output
    monkeypatch.chdir(tmp_path / "disabled")
    p = tmp_path / "disabled" / "农业农村局/2022.txt"
    p.write_text("<!-- xxgk-lint: disable-file=X803 -->\n" + p.read_text(encoding="utf-8"), encoding="utf-8")
    r = run_cli("check", ".", "--select", "X,M", "--format", "concise", "--no-cache")
    assert "X803" not in r.output and "M001" not in r.output and "X801" in r.output, r.output
    # a line comment above the row silences the finding on that row, and counts as a suppressed finding
    p = tmp_path / "disabled" / "农业农村局/2021.txt"
    text = p.read_text(encoding="utf-8").replace(
        "二、上年结转", "<!-- xxgk-lint: disable-next-line=carryover-mismatch -->\n二、上年结转", 1
    )
    p.write_text(text, encoding="utf-8")
    r = run_cli("check", ".", "--select", "X,M", "--format", "concise", "--no-cache")
    assert "X801" not in r.output and "X802" in r.output and "M00" not in r.output, r.output
    out = kit.check(tmp_path / "disabled", select=["X"])
    assert {kit.rel(tmp_path / "disabled", r.path): r.suppressed for r in out.results}["农业农村局/2021.txt"] == 1


def test_cli_json_and_sarif_carry_the_other_file(repository, run_cli, monkeypatch):
    root, _, _ = repository
    monkeypatch.chdir(root)
    r = run_cli("check", ".", "--select", "X", "--format", "json", "--no-cache", "--isolated")
    assert r.exit_code == 1  # X801 is an error
    data = json.loads(r.stdout)
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("xxgk_lint").joinpath("schemas/output.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    (x801,) = [d for d in data["diagnostics"] if d["code"] == "X801"]
    assert x801["path"] == "农业农村局/2021.txt"
    assert {rel["path"] for rel in x801["related"]} == {"农业农村局/2020.txt"}
    r = run_cli("check", ".", "--select", "X", "--format", "sarif", "--no-cache", "--isolated")
    results = json.loads(r.stdout)["runs"][0]["results"]
    (x801,) = [x for x in results if x["ruleId"] == "X801"]
    uris = {rl["physicalLocation"]["artifactLocation"]["uri"] for rl in x801["relatedLocations"]}
    assert uris == {"农业农村局/2020.txt"}
    (x806,) = [
        x for x in results if x["ruleId"] == "X806" and "定稿" not in json.dumps(x["locations"], ensure_ascii=False)
    ]
    assert x806["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "财政局/2022-定稿.md"
    r = run_cli("check", ".", "--select", "X801", "--format", "github", "--no-cache", "--isolated")
    assert "农业农村局/2020.txt:" in r.stdout
    r = run_cli("check", ".", "--select", "X801", "--format", "full", "--no-cache", "--isolated", "--lang", "en")
    assert "= note: 农业农村局/2020.txt:" in r.stdout


def test_fix_runs_the_phase_on_the_fixed_files(repository, tmp_path):
    root, files, _ = repository
    kit.repo(tmp_path, {k: v for k, v in files.items() if k.startswith("农业农村局") and k.endswith(".txt")})
    from xxgk_lint.config import CliOptions, Resolver
    from xxgk_lint.session import CheckOptions, Session

    s = Session(Resolver(CliOptions(select=["X", "F"]), isolated=True), warn=lambda m: None)
    out = s.check(CheckOptions(paths=(str(tmp_path),), fix=True, use_cache=False))
    assert sorted(d.code for r in out.results for d in r.diagnostics if d.code.startswith("X")) == [
        "X801",
        "X802",
        "X803",
    ]


def test_context_of_keeps_reports_only_sorted_by_path(repository):
    root, _, _ = repository
    out = kit.check(root, select=["E"])
    ctx = across.context_of(reversed(out.results))
    assert [f.path for f in ctx.reports] == sorted(f.path for f in ctx.reports) and len(ctx.reports) == 12


def test_the_settings_of_the_file_a_finding_lands_on_decide(tmp_path, run_cli, monkeypatch):
    last, this = kit.synth(AG_A, 2021, seed=1), kit.synth(AG_A, 2022, seed=2)
    kit.continuous(last, this)
    _bump(this, "t3", "carried", "natural", 1)
    _bump(this, "t3", "carried", "total", 1)
    quiet = '[tool.xxgk-lint]\nignore = ["X801"]\n'
    # this year's file sits under a configuration that switches X801 off: nothing
    kit.repo(tmp_path / "one", {"quiet/2022.txt": kit.text(this), "loud/2021.txt": kit.text(last)})
    (tmp_path / "one" / "quiet" / "pyproject.toml").write_text(quiet, encoding="utf-8")
    # last year's file does: this year's finding stays, with this year's severity override
    kit.repo(tmp_path / "two", {"quiet/2021.txt": kit.text(last), "loud/2022.txt": kit.text(this)})
    (tmp_path / "two" / "quiet" / "pyproject.toml").write_text(quiet, encoding="utf-8")
    (tmp_path / "two" / "loud" / "pyproject.toml").write_text(
        '[tool.xxgk-lint.severity]\nX801 = "warning"\n', encoding="utf-8"
    )
    # (no --select: a command-line selection replaces the files' select and ignore)
    monkeypatch.chdir(tmp_path / "one")
    r = run_cli("check", ".", "--format", "concise", "--no-cache")
    assert "X801" not in r.output, r.output
    monkeypatch.chdir(tmp_path / "two")
    r = run_cli("check", ".", "--format", "concise", "--no-cache")
    assert "loud/2022.txt:50:20: X801 [警告]" in r.output, r.output


def test_workers_take_back_the_default_sigterm():
    """Workers inherit the parent's SIGTERM handler; bigger results (facts) made a worker blocked on the
    result pipe of a broken pool catch it and hang the shutdown.  A worker restores the default action."""
    import signal

    from xxgk_lint import pool

    old = signal.signal(signal.SIGTERM, lambda *a: None)
    try:
        pool._default_sigterm()
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    finally:
        signal.signal(signal.SIGTERM, old)
