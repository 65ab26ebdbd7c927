"""Configuration: finding, validating and resolving ``xxgk-lint`` settings.

Where settings come from, lowest to highest precedence:

1. the defaults in ``linter/schemas/config.schema.json``;
2. the **closest** configuration file to the linted file: searching upward from the file's directory,
   the first directory holding ``.xxgk-lint.toml``, ``xxgk-lint.toml`` (top-level keys) or a
   ``pyproject.toml`` *with* a ``[tool.xxgk-lint]`` table wins (a ``pyproject.toml`` without the table
   does not count).  ``--config PATH`` forces one file for every linted file, ``--isolated`` ignores
   every file;
3. the command line.  ``--select`` replaces the file's ``select``, ``extend-select`` and ``ignore``
   (you asked for exactly these rules); ``--extend-select``, ``--ignore``, ``--plugin`` and
   ``--extend-exclude`` add to the file's lists; scalar options replace the file's value.

A file is validated against the shipped JSON Schema (Draft 2020-12); rule names and rule options are
checked against the loaded rules.  Every problem is a :class:`ConfigError` naming the file, the key
path (``tool.xxgk-lint.severity.T204``) and what was expected, in Chinese and English; the command
line turns it into exit code 2, never a traceback.

Paths in a configuration (``exclude``, ``per-file-ignores``, ``cache-dir``) are relative to the
directory of the file that sets them, the *project root*; without a file the root is the current
directory.  Exclusions are matched only against the part of a path below the root, so a pattern such
as ``build`` can never swallow a checkout that happens to live under a ``build`` directory.

``python -m xxgk_lint.config --docs`` regenerates ``docs/configuration.md`` from the schema and the
rules' own option schemas (rendered by :mod:`xxgk_lint.configdocs`).
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from xxgk_lint.readers import Limits

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

CONFIG_FILES = (".xxgk-lint.toml", "xxgk-lint.toml", "pyproject.toml")
SCHEMA_PATH = os.path.join(os.path.dirname(__file__), "schemas", "config.schema.json")
DEFAULT_CACHE_DIR = ".xxgk-lint-cache"
DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    ".xxgk-lint-cache",
    "build",
    "dist",
)
# every key, in the order ``xxgk-lint config`` shows them
KEYS = (
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "exclude",
    "extend-exclude",
    "severity",
    "rules",
    "template",
    "lang",
    "fail-on",
    "plugins",
    "limits",
    "identity",
    "cache-dir",
)
LIMIT_KEYS = {
    "max-file-size": "max_file_size",
    "max-docx-uncompressed": "max_docx_uncompressed",
    "max-pdf-pages": "max_pdf_pages",
    "max-html-depth": "max_html_depth",
    "max-findings-per-rule": "max_findings_per_rule",
    "max-table-cells": "max_table_cells",
    "max-table-columns": "max_table_columns",
    "max-html-elements": "max_html_elements",
    "max-html-attributes": "max_html_attributes",
    "max-html-text-nodes": "max_html_text_nodes",
    "max-xml-elements": "max_xml_elements",
    "max-xml-attributes": "max_xml_attributes",
    "max-pdf-page-objects": "max_pdf_page_objects",
    "time-budget": "time_budget",
}


class ConfigError(Exception):
    """A configuration problem; ``str()`` is the bilingual message shown to the user."""

    def __init__(self, zh: str, en: str | None = None):
        self.zh, self.en = zh, en or zh
        super().__init__(zh if en is None or zh == en else f"{zh}\n  {en}")


# -- files --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConfigFile:
    """One configuration file's table (kebab-case keys) and where it came from."""

    path: str | None  # absolute; None: no file (defaults only)
    root: str  # absolute directory the file's relative paths refer to
    data: dict = field(default_factory=dict, hash=False, compare=False)
    prefix: str = ""  # "tool.xxgk-lint." for pyproject.toml, "" for xxgk-lint.toml
    digest: str = ""  # sha256 of the file's bytes

    def key_path(self, *parts: str) -> str:
        if not parts:
            return self.prefix.rstrip(".") or "（顶层 / top level）"
        return self.prefix + ".".join(toml_key(p) for p in parts)


def toml_key(part: str) -> str:
    import re

    return part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else json.dumps(part, ensure_ascii=False)


def _has_table(path: str) -> bool:
    """Whether a pyproject.toml has a ``[tool.xxgk-lint]`` table (cheap text test, then a parse)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError:
        return False
    if b"xxgk-lint" not in raw:
        return False
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError):
        return True  # broken, but clearly meant for us: report the error when loading it
    return isinstance(doc.get("tool"), dict) and "xxgk-lint" in doc["tool"]


_FIND_CACHE: dict[str, str | None] = {}


def _too_deep(path: str) -> ConfigError:
    return ConfigError(
        f"{path}: 配置文件中的数组或表嵌套过深",
        f"{path}: arrays or tables in the configuration file are nested too deeply",
    )


def find_config(directory: str) -> str | None:
    """The closest configuration file at or above ``directory`` (absolute path), or None."""
    directory = os.path.abspath(directory)
    visited = []
    found: str | None = None
    d = directory
    while True:
        if d in _FIND_CACHE:
            found = _FIND_CACHE[d]
            break
        visited.append(d)
        hit = None
        for name in CONFIG_FILES:
            p = os.path.join(d, name)
            if os.path.isfile(p) and (name != "pyproject.toml" or _has_table(p)):
                hit = p
                break
        if hit:
            found = hit
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    for v in visited:
        _FIND_CACHE[v] = found
    return found


_LOAD_CACHE: dict[str, ConfigFile] = {}


def load_file(path: str, validation_cache: str | None = None) -> ConfigFile:
    """Read and validate one configuration file (memoised per path)."""
    path = os.path.abspath(path)
    if path in _LOAD_CACHE:
        return _LOAD_CACHE[path]
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise ConfigError(
            f"{path}: 无法读取配置文件（{exc.strerror or exc}）",
            f"{path}: cannot read the configuration file ({exc.strerror or exc})",
        ) from None
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(
            f"{path}: 配置文件必须是 UTF-8 编码", f"{path}: the configuration file must be UTF-8"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML 语法错误：{exc}", f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise _too_deep(path) from None
    if os.path.basename(path) == "pyproject.toml":
        table = doc.get("tool", {}).get("xxgk-lint") if isinstance(doc.get("tool"), dict) else None
        if table is None:
            table = {}
        prefix = "tool.xxgk-lint."
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: tool.xxgk-lint 应为表（table）", f"{path}: tool.xxgk-lint must be a table")
    else:
        table, prefix = doc, ""
    cf = ConfigFile(path, os.path.dirname(path), table, prefix, hashlib.sha256(raw).hexdigest())
    try:
        validate_file(cf, validation_cache)
    except RecursionError:  # nested arrays or tables that parse, but are too deep to check
        raise _too_deep(path) from None
    _LOAD_CACHE[path] = cf
    return cf


# -- schema validation -------------------------------------------------------------------------------
_SCHEMA: dict | None = None


def schema() -> dict:
    global _SCHEMA
    if _SCHEMA is None:
        with open(SCHEMA_PATH, encoding="utf-8") as fh:
            _SCHEMA = json.load(fh)
    return _SCHEMA


_TYPES_ZH = {
    "string": "字符串",
    "integer": "整数",
    "number": "数字",
    "boolean": "布尔值",
    "array": "数组（列表）",
    "object": "表（table）",
    "null": "空值",
}


def _describe_error(err, where: str, props_at) -> tuple[str, str]:
    """A bilingual one-line description of a jsonschema ValidationError at key path ``where``."""
    got = json.dumps(err.instance, ensure_ascii=False, default=str)
    if len(got) > 60:
        got = type(err.instance).__name__
    v = err.validator
    if v == "type":
        types: list[str] = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        return (
            f"{where}: 应为{'或'.join(_TYPES_ZH.get(t, t) for t in types)}，实际为 {got}",
            f"{where}: expected {' or '.join(types)}, got {got}",
        )
    if v == "enum":
        allowed = ", ".join(json.dumps(x, ensure_ascii=False) for x in err.validator_value)
        return (f"{where}: 应为以下之一：{allowed}；实际为 {got}", f"{where}: expected one of {allowed}, got {got}")
    if v == "additionalProperties":
        extra = sorted(set(err.instance) - set(props_at))
        zh, en = [], []
        for k in extra:
            guess = difflib.get_close_matches(k, list(props_at), n=1, cutoff=0.5)
            zh.append(f"未知的配置项 {k!r}" + (f"（是不是 {guess[0]!r}？）" if guess else ""))
            en.append(f"unknown key {k!r}" + (f" (did you mean {guess[0]!r}?)" if guess else ""))
        return f"{where}: {'；'.join(zh)}", f"{where}: {'; '.join(en)}"
    if v == "minimum":
        return (
            f"{where}: 应不小于 {err.validator_value}，实际为 {got}",
            f"{where}: expected at least {err.validator_value}, got {got}",
        )
    if v == "maximum":
        return (
            f"{where}: 应不大于 {err.validator_value}，实际为 {got}",
            f"{where}: expected at most {err.validator_value}, got {got}",
        )
    if v == "uniqueItems":
        return f"{where}: 列表中有重复项", f"{where}: the list has duplicate items"
    if v == "minLength":
        return f"{where}: 不能为空字符串", f"{where}: must not be empty"
    if v == "required":
        return f"{where}: 缺少必需的项：{err.message}", f"{where}: missing a required key: {err.message}"
    return f"{where}: 取值无效：{err.message}", f"{where}: invalid value: {err.message}"


def _props_at(err) -> dict:
    s = err.schema
    return s.get("properties", {}) if isinstance(s, dict) else {}


def _errors_to_config_error(errors, label: str, key_path) -> ConfigError:
    """One bilingual pair of lines per wrong key (the first, most basic error at each key path)."""
    by_path: dict[tuple, ValidationError] = {}
    rank = {"type": 0, "additionalProperties": 1}
    for err in errors:
        k = tuple(str(p) for p in err.absolute_path)
        if k not in by_path or rank.get(err.validator, 9) < rank.get(by_path[k].validator, 9):
            by_path[k] = err
    lines = []
    for k in sorted(by_path)[:10]:
        err = by_path[k]
        a, b = _describe_error(err, key_path(list(err.absolute_path)), _props_at(err))
        lines += [a, "  " + b]
    text = "\n  ".join(lines)
    return ConfigError(f"{label}: 配置无效 / invalid configuration\n  {text}")


def validate_file(cf: ConfigFile, validation_cache: str | None = None) -> None:
    """Validate a file's table against the config schema.

    jsonschema costs ~50 ms to import, so a successful validation is remembered in the cache directory,
    keyed on the table's content and the schema (a file that changed is validated again)."""
    marker = None
    if validation_cache:
        with open(SCHEMA_PATH, "rb") as fh:
            schema_bytes = fh.read()
        blob = json.dumps(cf.data, sort_keys=True, default=str).encode("utf-8") + b"\0" + schema_bytes
        marker = os.path.join(validation_cache, "config-ok", hashlib.sha256(blob).hexdigest())
        if os.path.exists(marker):
            return
    from jsonschema import Draft202012Validator

    errors = list(Draft202012Validator(schema()).iter_errors(cf.data))
    if errors:
        raise _errors_to_config_error(errors, cf.path or "", lambda parts: cf.key_path(*map(str, parts)))
    if marker and validation_cache:
        from xxgk_lint.cache import atomic_write, prepare_dir

        try:
            prepare_dir(validation_cache)
            atomic_write(marker, b"")
        except OSError:
            pass  # a read-only checkout: validate again next time


# -- resolving ---------------------------------------------------------------------------------------
@dataclass
class CliOptions:
    """What the command line says (None / empty: not given)."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    extend_exclude: list[str] = field(default_factory=list)
    template: str | None = None
    lang: str | None = None
    fail_on: str | None = None
    plugins: list[str] = field(default_factory=list)
    cache_dir: str | None = None


def default_value(key: str) -> Any:
    if key == "exclude":
        return list(DEFAULT_EXCLUDE)
    if key == "limits":
        lim = Limits()
        return {k: getattr(lim, attr) for k, attr in LIMIT_KEYS.items()}
    if key == "identity":
        return {}
    if key == "template":
        return None
    return json.loads(json.dumps(schema()["properties"][key].get("default")))


@dataclass
class Resolved:
    """The settings for one configuration, with where every value came from."""

    settings: Any  # xxgk_lint.settings.Settings
    config: ConfigFile
    values: dict[str, Any]
    sources: dict[str, str]  # key -> "default" | "file" | "command line" | "file + command line"


class Resolver:
    """Finds each file's configuration and turns it (plus the command line) into ``Settings``."""

    def __init__(
        self,
        cli: CliOptions | None = None,
        config: str | None = None,
        isolated: bool = False,
        cwd: str | None = None,
        use_validation_cache: bool = True,
    ):
        self.cli = cli or CliOptions()
        self.cwd = os.path.abspath(cwd or os.getcwd())
        self.isolated = isolated
        self.use_validation_cache = use_validation_cache
        self.forced: ConfigFile | None = None
        self._resolved: dict[str | None, Resolved] = {}
        if config is not None:
            if not os.path.isfile(config):
                raise ConfigError(
                    f"--config：找不到配置文件 {config}", f"--config: no such configuration file {config}"
                )
            self.forced = self._load(config)

    def _validation_dir(self, path: str) -> str | None:
        if not self.use_validation_cache:
            return None
        if self.cli.cache_dir:
            return os.path.abspath(self.cli.cache_dir)
        return os.path.join(os.path.dirname(path), DEFAULT_CACHE_DIR)

    def _load(self, path: str) -> ConfigFile:
        return load_file(path, self._validation_dir(os.path.abspath(path)))

    def config_for(self, path: str) -> ConfigFile:
        """The configuration that applies to ``path`` (a file or directory)."""
        if self.forced is not None:
            return self.forced
        if self.isolated:
            return ConfigFile(None, self.cwd)
        directory = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
        found = find_config(directory)
        if found is None:
            return ConfigFile(None, self.cwd)
        return self._load(found)

    def resolve(self, path: str) -> Resolved:
        cf = self.config_for(path)
        if cf.path not in self._resolved:
            self._resolved[cf.path] = self._build(cf)
        return self._resolved[cf.path]

    def settings_for(self, path: str):
        return self.resolve(path).settings

    def _build(self, cf: ConfigFile) -> Resolved:
        from xxgk_lint.settings import Settings

        cli, data = self.cli, cf.data
        values: dict[str, Any] = {}
        sources: dict[str, str] = {}

        def from_file(key):
            if key in data:
                values[key], sources[key] = data[key], "file"
            else:
                values[key], sources[key] = default_value(key), "default"

        for key in KEYS:
            from_file(key)
        # the command line
        if cli.select is not None:
            values["select"], sources["select"] = list(cli.select), "command line"
            for key in ("extend-select", "ignore"):
                if key in data:
                    values[key], sources[key] = [], "command line"
        for key, extra in (
            ("extend-select", cli.extend_select),
            ("ignore", cli.ignore),
            ("plugins", cli.plugins),
            ("extend-exclude", cli.extend_exclude),
        ):
            if extra:
                values[key] = [*values[key], *[x for x in extra if x not in values[key]]]
                sources[key] = "file + command line" if sources[key] == "file" else "command line"
        for key, value in (("template", cli.template), ("lang", cli.lang), ("fail-on", cli.fail_on)):
            if value is not None:
                values[key], sources[key] = value, "command line"
        limits = default_value("limits")
        limits.update(values["limits"] or {})
        values["limits"] = limits
        if cli.cache_dir is not None:
            values["cache-dir"], sources["cache-dir"] = cli.cache_dir, "command line"
            cache_dir = os.path.abspath(cli.cache_dir)
        else:
            base = cf.root if cf.path else self.cwd
            cache_dir = os.path.normpath(os.path.join(base, values["cache-dir"]))
        patterns, agencies = _identity_settings(cf, values["identity"] or {})
        settings = Settings(
            select=list(values["select"]) if values["select"] != ["ALL"] or sources["select"] != "default" else None,
            extend_select=list(values["extend-select"]),
            ignore=list(values["ignore"]),
            per_file_ignores={k: list(v) for k, v in values["per-file-ignores"].items()},
            severity=dict(values["severity"]),
            rule_options={k: dict(v) for k, v in values["rules"].items()},
            template=values["template"],
            lang=values["lang"],
            fail_on=values["fail-on"],
            plugins=list(values["plugins"]),
            exclude=[*values["exclude"], *values["extend-exclude"]],
            limits=Limits(**{attr: limits[k] for k, attr in LIMIT_KEYS.items()}),
            root=cf.root,
            cache_dir=cache_dir,
            config_path=cf.path,
            identity_patterns=patterns,
            identity_agencies=agencies,
        )
        return Resolved(settings, cf, values, sources)

    # -- checks that need the rules ------------------------------------------------------------------
    def check_rules(self, resolved: Resolved, rules: dict) -> None:
        """Check every rule name and rule option of one resolved configuration against ``rules``; a
        problem names the command-line option or the file and key path it came from."""
        from xxgk_lint.selection import SelectionError, check_known

        cf, values = resolved.config, resolved.values

        def where(*parts: str) -> str:
            return f"{cf.path}: {cf.key_path(*parts)}"

        def known(selectors, origin: str) -> None:
            try:
                check_known(selectors, rules, "")
            except SelectionError as exc:
                raise ConfigError(f"{origin}: {exc}") from None

        given = {"select": self.cli.select or [], "extend-select": self.cli.extend_select, "ignore": self.cli.ignore}
        for key, cli_values in given.items():
            known([x for x in values[key] if x in cli_values], f"--{key}")
            known([x for x in values[key] if x not in cli_values], where(key))
        for pattern, codes in values["per-file-ignores"].items():
            known(codes, where("per-file-ignores", pattern))
        for key in values["severity"]:
            known([key], where("severity", key))
        for key, opts in values["rules"].items():
            known([key], where("rules", key))
            _check_rule_options(key, opts, rules, functools.partial(where, "rules", key))


def _check_rule_options(selector: str, opts: dict, rules: dict, where) -> None:
    from xxgk_lint.selection import matches

    targets = [r for r in rules.values() if matches(selector, r)]
    for name, value in opts.items():
        having = [r for r in targets if name in r.options]
        if not having:
            known = sorted({o for r in targets for o in r.options})
            guess = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
            codes = ", ".join(r.code for r in targets[:5])
            if known:
                opts_txt = ", ".join(known)
                zh_hint = f"；可用选项：{opts_txt}" + (f"；是不是 {guess[0]!r}？" if guess else "")
                en_hint = f"; options: {opts_txt}" + (f"; did you mean {guess[0]!r}?" if guess else "")
            else:
                zh_hint, en_hint = "；该规则没有选项", "; the rule takes no options"
            raise ConfigError(
                f"{where(name)}: 规则 {codes} 没有选项 {name!r}{zh_hint}",
                f"{where(name)}: rule {codes} has no option {name!r}{en_hint}",
            )
        from jsonschema import Draft202012Validator

        for r in having:
            fragment = {k: v for k, v in r.options[name].items() if k not in ("description", "default")}
            errors = list(Draft202012Validator(fragment).iter_errors(value))
            if errors:
                desc = r.options[name].get("description", {})
                zh, en = _describe_error(errors[0], where(name), {})
                raise ConfigError(
                    f"{zh}（{r.code} {name}：{desc.get('zh', '')}）", f"{en} ({r.code} {name}: {desc.get('en', '')})"
                )


def _identity_settings(cf: ConfigFile, table: dict) -> tuple[list[str], dict[str, dict]]:
    """The ``identity`` table (already validated against the schema) as settings: the path patterns as a
    list (each checked: known placeholders only, at least one of them) and the mapping with every value
    as ``{"agency": ..., "year": ...}``."""
    from xxgk_lint.identity import PatternError, compile_pattern

    raw = table.get("path-pattern", [])
    patterns = [raw] if isinstance(raw, str) else list(raw)
    for k, pattern in enumerate(patterns):
        where = cf.key_path("identity", "path-pattern") + (f"[{k}]" if not isinstance(raw, str) else "")
        try:
            compile_pattern(pattern)
        except PatternError as exc:
            label = f"{cf.path}: " if cf.path else ""
            raise ConfigError(f"{label}{where}: {exc.zh}", f"{label}{where}: {exc.en}") from None
    agencies: dict[str, dict] = {}
    for glob, value in (table.get("agencies") or {}).items():
        agencies[glob] = {"agency": value} if isinstance(value, str) else dict(value)
    return patterns, agencies


# -- ``xxgk-lint config`` -----------------------------------------------------------------------------
SOURCE_LABELS = {
    "default": "默认 / default",
    "file": "配置文件 / file",
    "command line": "命令行 / command line",
    "file + command line": "配置文件 + 命令行 / file + command line",
}


def describe(resolved: Resolved, path: str) -> dict:
    cf = resolved.config
    return {
        "path": path,
        "config-file": cf.path,
        "root": cf.root,
        "settings": {k: {"value": resolved.values[k], "source": resolved.sources[k]} for k in KEYS},
    }


def describe_text(info: dict) -> str:
    lines = [
        f"文件 / file: {info['path']}",
        f"配置文件 / configuration file: {info['config-file'] or '（无，使用默认值）/ (none: defaults)'}",
        f"项目根目录 / project root: {info['root']}",
        "",
    ]
    width = max(len(k) for k in KEYS)
    for key, item in info["settings"].items():
        value = json.dumps(item["value"], ensure_ascii=False)
        lines.append(f"{key:<{width}} = {value}    # {SOURCE_LABELS[item['source']]}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - the reference is rendered by xxgk_lint.configdocs
    from xxgk_lint.configdocs import main

    main()
