"""Who and when: :func:`xxgk_lint.identity.identify` on synthetic titles, introductions and sign-offs, path
patterns and the configured mapping (precedence), the configuration keys and their errors, and (when
../shared is present) the real reports and the seeds."""

from __future__ import annotations

import pathlib

import pytest

from xxgk_lint.config import ConfigError, Resolver
from xxgk_lint.identity import (
    Identity,
    PatternError,
    agency_from_title,
    compile_pattern,
    identify,
    match_pattern,
    normalise_agency,
)
from xxgk_lint.readers import read_path
from xxgk_lint.recognise import recognise
from xxgk_lint.rules.common import example_report
from xxgk_lint.settings import Settings

from conftest import ROOT

BODY = example_report("2021", year=2023)
TITLE = BODY.split("\n", 1)[0]
REST = BODY.split("\n", 1)[1]
SIGNED = "某县人民政府办公室\n2024年1月20日\n"


def _report(head: str, body: str = REST, name: str = "r.txt"):
    """The synthetic report with ``head`` in place of its title line."""
    doc = read_path(name, data=(head + "\n" + body).encode("utf-8"))
    return recognise(doc)


def _who(head: str, body: str = REST, path: str = "r.txt", settings=None) -> Identity:
    return identify(path, _report(head, body, path), settings)


# -- titles ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "title, agency",
    [
        ("某市某区人民政府办公室2023年政府信息公开工作年度报告", "某市某区人民政府办公室"),
        ("某市某区人民政府2023年政府信息公开工作年度报告", "某市某区人民政府"),
        ("2023年度某某市生态环境局政府信息公开工作年度报告", "某某市生态环境局"),
        ("某某县2023年度政府信息公开工作年度报告", "某某县"),
        ("《某某县交通运输局2023年政府信息公开工作年度报告》", "某某县交通运输局"),
        ("某某县交通运输局《2023年度政府信息公开工作年度报告》", "某某县交通运输局"),
        ("某某县 交通运输局 2023 年 政府信息公开工作年度报告", "某某县交通运输局"),
        ("某某县交通运输局\u30002023年度政府信息公开工作年度报告", "某某县交通运输局"),
        ("某某县交通运输局２０２３年度政府信息公开工作年度报告", "某某县交通运输局"),  # full-width digits
        ("某某县交通运输局关于2023年度政府信息公开工作的年度报告", "某某县交通运输局"),
        ("某某街道办事处2023年政府信息公开年度报告", "某某街道办事处"),
        ("某某镇人民政府二〇二三年政府信息公开工作年度报告", "某某镇人民政府"),
        ("某某县统计局政府信息公开工作2023年度报告", "某某县统计局"),
        ("2023年政府信息公开工作年度报告", None),
        ("政府信息公开工作年度报告", None),
        ("本局2023年政府信息公开工作年度报告", None),
        ("我县2023年政府信息公开工作年度报告", None),
        ("本溪市某某局2023年政府信息公开工作年度报告", "本溪市某某局"),  # 本 starting a place name
        ("某某县政务公开办公室2023年政府信息公开工作年度报告", "某某县政务公开办公室"),
        ("关于印发某某县水利局2023年政府信息公开工作年度报告的通知", "某某县水利局"),
    ],
)
def test_agency_from_title_shapes(title, agency):
    assert agency_from_title(title) == agency


def test_title_in_a_report_gives_agency_and_year():
    got = _who("某某县交通运输局2023年度政府信息公开工作年度报告")
    assert got == Identity("某某县交通运输局", 2023, "title", "title")
    assert got.known


def test_title_split_over_two_lines_agency_above():
    got = _who("某某县交通运输局\n\n2023年度政府信息公开工作年度报告")
    assert (got.agency, got.agency_source, got.year, got.year_source) == ("某某县交通运输局", "title", 2023, "title")


def test_title_split_over_two_lines_year_above():
    got = _who("某某县交通运输局2023年度\n政府信息公开工作年度报告")
    assert (got.agency, got.agency_source, got.year) == ("某某县交通运输局", "title", 2023)


def test_title_split_over_two_lines_ending_below():
    got = _who("某某县交通运输局2023年政府信息公开\n工作年度报告")
    assert (got.agency, got.agency_source, got.year) == ("某某县交通运输局", "title", 2023)


def test_a_sentence_above_the_title_is_not_part_of_it():
    got = _who("本页由门户网站自动生成，供参考。\n2023年政府信息公开工作年度报告")
    assert got.agency != "本页由门户网站自动生成，供参考。"


def test_page_furniture_above_a_title_without_agency_is_not_an_agency():
    got = _who("打印本页\n2023年政府信息公开工作年度报告", REST)
    assert got.agency == "某县人民政府办公室" and got.agency_source == "text"  # from the sign-off instead


def test_year_reported_on_not_year_published():
    got = _who("某某县交通运输局2023年度政府信息公开工作年度报告", REST.replace("2024年1月20日", "2024年1月5日"))
    assert got.year == 2023  # the sign-off date is in 2024


# -- the text ----------------------------------------------------------------------------------------------
def test_agency_from_the_first_sentence_when_the_title_has_none():
    intro = "本报告由某某县水利局根据《中华人民共和国政府信息公开条例》要求编制。\n\n"
    got = _who("2023年度政府信息公开工作年度报告\n\n" + intro, REST)
    assert (got.agency, got.agency_source, got.year, got.year_source) == ("某某县水利局", "text", 2023, "title")


def test_agency_from_a_publication_sentence():
    intro = "根据条例规定，现向社会公布某某自治县2023年度政府信息公开工作年度报告。\n\n"
    got = _who("2023年度政府信息公开工作年度报告\n\n" + intro, REST)
    assert (got.agency, got.agency_source) == ("某某自治县", "text")


def test_agency_from_the_signoff_when_title_and_intro_have_none():
    got = _who("2023年度政府信息公开工作年度报告", REST)
    assert (got.agency, got.agency_source) == ("某县人民政府办公室", "text")  # example_report signs off so


def test_title_wins_over_the_signoff():
    got = _who("某县人民政府2023年政府信息公开工作年度报告", REST)
    assert got.agency == "某县人民政府"  # not the 某县人民政府办公室 of the sign-off: two agencies


def test_nothing_found_is_unknown_not_a_guess():
    unsigned = REST.rsplit("某县人民政府办公室", 1)[0]
    got = _who("年度报告", unsigned)
    assert got.agency is None and got.agency_source is None
    assert not got.known


def test_year_from_the_statistics_period_is_text():
    head = "某某县水利局政府信息公开工作年度报告\n\n本报告所列数据的统计期限为2023年1月1日至2023年12月31日。\n"
    got = _who(head, REST)
    assert (got.agency, got.agency_source, got.year, got.year_source) == ("某某县水利局", "title", 2023, "text")


# -- normalising -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "a, b",
    [
        ("某某县 交通运输局", "某某县交通运输局"),
        ("《某某县交通运输局》", "某某县交通运输局"),
        ("某某县交通运输局\u3000", "某某县交通运输局"),
        ("某某县（交通运输局）", "某某县(交通运输局)"),
        ("“某某县交通运输局”：", "某某县交通运输局"),
    ],
)
def test_normalise_agency_groups_one_agency(a, b):
    assert normalise_agency(a) == normalise_agency(b)


def test_normalise_agency_keeps_a_trailing_office():
    assert normalise_agency("某区人民政府办公室") != normalise_agency("某区人民政府")
    assert normalise_agency("  ") is None and normalise_agency(None) is None


def test_one_agencys_years_group_together_whatever_the_title_shape():
    a = _who("某某县交通运输局2022年度政府信息公开工作年度报告", REST.replace("2023", "2022"))
    b = _who("《2023年度 某某县交通运输局 政府信息公开工作年度报告》", REST)
    assert a.agency == b.agency and (a.year, b.year) == (2022, 2023)


# -- path patterns -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "pattern, rel, expected",
    [
        ("{agency}/{year}.*", "某某局/2023.docx", ("某某局", 2023)),
        ("{agency}/{year}.*", "reports/某某局/2023.docx", ("某某局", 2023)),
        ("/{agency}/{year}.*", "reports/某某局/2023.docx", None),  # anchored at the root
        ("{year}-{agency}.*", "2023-某某局.html", ("某某局", 2023)),
        ("{year}-{agency}.*", "a/b/2023-某某 局.html", ("某某局", 2023)),
        ("{agency}_{year}年报.*", "某某局_2023年报.pdf", ("某某局", 2023)),
        ("{agency}_{year}年报.*", "某某局_2023.pdf", None),
        ("{agency}/{year}.*", "某某局/draft.docx", None),
        ("{agency}/{year}.*", "某某局/0042.docx", None),  # not a report year
        ("{agency}/**/{year}.*", "某某局/x/y/2023.txt", ("某某局", 2023)),
        ("{year}/*", "2023/anything.txt", (None, 2023)),
        ("{agency}/*", "某某局/a.txt", ("某某局", None)),
    ],
)
def test_path_patterns(pattern, rel, expected):
    assert match_pattern(pattern, rel) == expected


@pytest.mark.parametrize("bad", ["{agent}/{year}.*", "{agency}/{agency}.*", "reports/*.txt", "{agency/{year}", "a}"])
def test_bad_path_patterns(bad):
    with pytest.raises(PatternError):
        compile_pattern(bad)


def _settings(tmp_path, patterns=(), agencies=None) -> Settings:
    return Settings(
        root=str(tmp_path),
        identity_patterns=list(patterns),
        identity_agencies={k: ({"agency": v} if isinstance(v, str) else v) for k, v in (agencies or {}).items()},
    )


def test_path_pattern_wins_over_the_title(tmp_path):
    s = _settings(tmp_path, ["{year}-{agency}.*"])
    path = str(tmp_path / "reports" / "2022-某某县水利局.txt")
    got = _who("某某县交通运输局2023年度政府信息公开工作年度报告", REST, path, s)
    assert got == Identity("某某县水利局", 2022, "path", "path")


def test_path_pattern_gives_one_part_the_title_the_other(tmp_path):
    s = _settings(tmp_path, ["{agency}/*"])
    path = str(tmp_path / "水利局" / "report.txt")
    got = _who("某某县交通运输局2023年度政府信息公开工作年度报告", REST, path, s)
    assert got == Identity("水利局", 2023, "path", "title")


def test_first_matching_pattern_wins(tmp_path):
    s = _settings(tmp_path, ["{agency}_{year}年报.*", "{agency}/*"])
    got = identify(str(tmp_path / "甲局" / "乙局_2021年报.txt"), None, s)
    assert got == Identity("乙局", 2021, "path", "path")


def test_mapping_wins_over_pattern_and_title(tmp_path):
    s = _settings(tmp_path, ["{year}-{agency}.*"], {"dept-a/**": "某某县水利局"})
    path = str(tmp_path / "dept-a" / "2021-其他局.txt")
    got = _who("某某县交通运输局2023年度政府信息公开工作年度报告", REST, path, s)
    assert got == Identity("某某县水利局", 2021, "config", "path")


def test_mapping_with_a_year(tmp_path):
    s = _settings(tmp_path, agencies={"old/final.docx": {"agency": "某某区人民政府办公室", "year": 2019}})
    got = identify(str(tmp_path / "old" / "final.docx"), None, s)
    assert got == Identity("某某区人民政府办公室", 2019, "config", "config")


def test_mapping_first_glob_in_the_order_written_wins(tmp_path):
    s = _settings(tmp_path, agencies={"dept-*/**": "甲局", "dept-a/**": "乙局"})
    assert identify(str(tmp_path / "dept-a" / "x.txt"), None, s).agency == "甲局"
    s = _settings(tmp_path, agencies={"dept-a/**": "乙局", "dept-*/**": "甲局"})
    assert identify(str(tmp_path / "dept-a" / "x.txt"), None, s).agency == "乙局"


def test_mapping_glob_without_slash_matches_the_file_name(tmp_path):
    s = _settings(tmp_path, agencies={"*水利*": "某某县水利局"})
    assert identify(str(tmp_path / "a" / "b" / "2023水利.txt"), None, s).agency == "某某县水利局"
    assert identify(str(tmp_path / "a" / "b" / "2023交通.txt"), None, s).agency is None


def test_patterns_are_relative_to_the_configuration_root(tmp_path):
    s = _settings(tmp_path / "repo", ["/{agency}/{year}.*"])
    assert identify(str(tmp_path / "repo" / "某局" / "2023.txt"), None, s).agency == "某局"
    s = _settings(tmp_path, ["/{agency}/{year}.*"])
    assert identify(str(tmp_path / "repo" / "某局" / "2023.txt"), None, s).agency is None


def test_two_files_of_one_agency_year_get_one_identity_whatever_the_order(tmp_path):
    head = "某某县交通运输局2023年度政府信息公开工作年度报告"
    first = [_who(head, REST, str(tmp_path / p)) for p in ("a/r.txt", "b/r.txt")]
    second = [_who(head, REST, str(tmp_path / p)) for p in ("b/r.txt", "a/r.txt")]
    assert first[0] == first[1] == second[0] == second[1] == Identity("某某县交通运输局", 2023, "title", "title")


def test_identity_round_trips_as_a_dict():
    ident = Identity("某局", 2023, "path", "title")
    assert Identity.from_dict(ident.as_dict()) == ident


# -- the configuration -------------------------------------------------------------------------------------
def _config(tmp_path, text: str, name: str = "xxgk-lint.toml"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return Resolver(isolated=False, cwd=str(tmp_path), use_validation_cache=False).settings_for(str(tmp_path / "r.txt"))


def test_config_keys_reach_the_settings(tmp_path):
    s = _config(
        tmp_path,
        '[identity]\npath-pattern = "{agency}/{year}.*"\n'
        '[identity.agencies]\n"dept-a/**" = "某某局"\n"old/x.docx" = { agency = "乙局", year = 2019 }\n',
    )
    assert s.identity_patterns == ["{agency}/{year}.*"]
    assert s.identity_agencies == {"dept-a/**": {"agency": "某某局"}, "old/x.docx": {"agency": "乙局", "year": 2019}}
    assert identify(str(tmp_path / "dept-a" / "2023.txt"), None, s) == Identity("某某局", 2023, "config", "path")


def test_config_in_pyproject(tmp_path):
    s = _config(
        tmp_path, '[tool.xxgk-lint.identity]\npath-pattern = ["{year}-{agency}.*", "{agency}/*"]\n', "pyproject.toml"
    )
    assert s.identity_patterns == ["{year}-{agency}.*", "{agency}/*"]


def test_identity_keys_change_the_lint_key():
    base = Settings()
    assert Settings(identity_patterns=["{agency}/*"]).lint_key() != base.lint_key()
    a = Settings(identity_agencies={"a/**": {"agency": "甲"}, "*": {"agency": "乙"}})
    b = Settings(identity_agencies={"*": {"agency": "乙"}, "a/**": {"agency": "甲"}})
    assert a.lint_key() != b.lint_key()  # the first match wins: the order is part of the settings


@pytest.mark.parametrize(
    "text, words",
    [
        ('[identity]\npath-pattern = "{agent}/{year}.*"\n', ["identity.path-pattern", "{agent}", "placeholder"]),
        ('[identity]\npath-pattern = ["{agency}/*", "plain/*.txt"]\n', ["identity.path-pattern[1]", "neither"]),
        ("[identity]\npath-pattern = 3\n", ["identity.path-pattern", "expected string or array"]),
        ('[identity]\npath-patern = "{agency}/*"\n', ["unknown key 'path-patern'", "did you mean 'path-pattern'"]),
        ('[identity.agencies]\n"a/**" = 5\n', ["identity.agencies", "expected string or object"]),
        ('[identity.agencies]\n"a/**" = { agency = "甲", year = 23 }\n', ["year", "at least 1990"]),
        ('[identity.agencies]\n"a/**" = { name = "甲" }\n', ["unknown key 'name'"]),
        ('[identity.agencies]\n"a/**" = ""\n', ["must not be empty"]),
        ('identity = "x"\n', ["identity", "expected object"]),
    ],
)
def test_config_errors_are_clear(tmp_path, text, words):
    with pytest.raises(ConfigError) as err:
        _config(tmp_path, text)
    message = str(err.value)
    for w in words:
        assert w in message


def test_config_error_exits_2_without_traceback(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "xxgk-lint.toml").write_text('[identity]\npath-pattern = "{who}.txt"\n', encoding="utf-8")
    (tmp_path / "r.txt").write_text(BODY, encoding="utf-8")
    r = run_cli("check", "r.txt", "--no-cache")
    assert r.exit_code == 2
    assert "identity.path-pattern" in r.stderr and "Traceback" not in r.stderr


# -- measured on the real reports and the seeds --------------------------------------------------------------
SHARED = ROOT.parent / "shared"


def _real_files() -> list[pathlib.Path]:
    real = SHARED / "real"
    if not real.is_dir():
        return []
    return sorted(p for p in real.iterdir() if p.suffix in (".html", ".docx", ".pdf"))


@pytest.mark.skipif(not (SHARED / "real").is_dir(), reason="../shared/real is not present")
def test_real_reports_agency_and_year_from_the_title():
    """Each real report is named <year>-<agency>.<ext>; the title gives both, in every format."""
    files = _real_files()
    assert len(files) >= 12
    for p in files:
        year, agency = p.stem.split("-", 1)
        got = identify(str(p), recognise(read_path(str(p))))
        assert got == Identity(agency, int(year), "title", "title"), p.name


@pytest.mark.skipif(not (SHARED / "real").is_dir(), reason="../shared/real is not present")
def test_real_reports_by_path_pattern_agree_with_the_title():
    s = Settings(root=str(SHARED / "real"), identity_patterns=["{year}-{agency}.*"])
    for p in _real_files()[:6]:
        by_path = identify(str(p), None, s)
        by_title = identify(str(p), recognise(read_path(str(p))))
        assert (by_path.agency, by_path.year) == (by_title.agency, by_title.year)
        assert by_path.agency_source == "path"


@pytest.mark.parametrize(
    "prefix, agency, agency_source",
    [
        ("000", "肃南裕固族自治县", "text"),  # the title names no agency; the first sentence does
        ("001", "康乐县人民政府", "title"),  # the sign-off's 办公室 is another agency
        ("002", "会宁县", "title"),
        ("003", "固原市原州区人民政府办公室", "title"),
        ("004", "沁县", "title"),
    ],
)
def test_seeds(seed, prefix, agency, agency_source):
    path = seed(prefix)
    got = identify(str(path), recognise(read_path(str(path))))
    assert (got.agency, got.agency_source) == (agency, agency_source)
    assert got.year is not None and got.year_source == "title"


def test_identity_settings_survive_pickling_for_workers(tmp_path):
    import pickle

    s = _settings(tmp_path, ["{agency}/{year}.*"], {"x/**": {"agency": "甲局", "year": 2020}})
    back = pickle.loads(pickle.dumps(s))
    assert back.lint_key() == s.lint_key()
    path = str(tmp_path / "x" / "2023.txt")
    assert identify(path, None, back) == identify(path, None, s) == Identity("甲局", 2020, "config", "config")


@pytest.mark.parametrize(
    "fmt, layout", [("txt", "tabs"), ("txt", "bare"), ("md", None), ("html", None), ("docx", None)]
)
def test_same_identity_in_every_format(tmp_path, fmt, layout):
    from xxgk_lint.synth import SyntheticReport

    from conftest import rendered

    rep = SyntheticReport(edition="2021", year=2023, agency="某某市某区生态环境分局")
    path = tmp_path / f"r.{fmt}"
    path.write_bytes(rendered(rep, fmt, layout))
    got = identify(str(path), recognise(read_path(str(path))))
    assert got == Identity("某某市某区生态环境分局", 2023, "title", "title")
