"""Finding rules: built-in and third-party rules register the same way, through the entry-point
group ``xxgk_lint.rules`` (the value is a module; every :class:`~xxgk_lint.rule.Rule` subclass
defined in it is a rule).  Rules of other distributions are imported only when the configuration
allows them (``plugins = ["name"]`` or ``--plugin name``): nothing is run from a plug-in the user
did not name.  A plug-in that fails to load is reported and skipped, never a crash.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType

from xxgk_lint.rule import Rule

GROUP = "xxgk_lint.rules"
BUILTIN_MODULES = (
    "xxgk_lint.rules.structure",
    "xxgk_lint.rules.tables",
    "xxgk_lint.rules.inputs",
    "xxgk_lint.rules.arithmetic",
    "xxgk_lint.rules.figures",
    "xxgk_lint.rules.narrative",
    "xxgk_lint.rules.dates",
    "xxgk_lint.rules.leftovers",
    "xxgk_lint.rules.across",
    "xxgk_lint.rules.meta",
    "xxgk_lint.rules.copied",
)
_OWN = {"xxgk-lint", "xxgk_lint"}
# plug-ins that failed to load in this process (the rest still runs, but the exit code is 2)
LOAD_FAILURES: list[str] = []


def rules_in(module: ModuleType) -> list[type[Rule]]:
    found = getattr(module, "RULES", None)
    if found is None:
        found = [
            v
            for v in vars(module).values()
            if isinstance(v, type)
            and issubclass(v, Rule)
            and v is not Rule
            and not v.__dict__.get("abstract")
            and v.__module__ == module.__name__
        ]
    return list(found)


def load_rules(plugins: list[str] | tuple[str, ...] = (), warn=None) -> dict[str, type[Rule]]:
    """All built-in rules plus the allowed plug-ins' rules, keyed by code."""
    warn = warn or (lambda msg: print(msg, file=sys.stderr))
    modules: list[tuple[str, ModuleType]] = []
    for name in BUILTIN_MODULES:
        modules.append(("xxgk-lint", import_module(name)))
    if plugins:
        from importlib.metadata import entry_points

        wanted = set(plugins)
        seen = set()
        for ep in entry_points(group=GROUP):
            dist = ep.dist.name if ep.dist else ""
            if dist.lower().replace("_", "-") in _OWN or (ep.name not in wanted and dist not in wanted):
                continue
            seen.update({ep.name, dist})
            try:
                modules.append((ep.name, ep.load()))
            except (Exception, SystemExit, GeneratorExit) as exc:  # a broken plug-in must not take the run down
                LOAD_FAILURES.append(ep.name)
                warn(f"xxgk-lint: 插件 {ep.name} 加载失败，已跳过 / plugin {ep.name} failed to load, skipped: {exc}")
        for missing in sorted(wanted - seen):
            warn(f"xxgk-lint: 未安装插件 {missing} / plugin {missing} is not installed")
    registry: dict[str, type[Rule]] = {}
    for origin, module in modules:
        for cls in rules_in(module):
            if cls.code in registry and registry[cls.code] is not cls:
                warn(
                    f"xxgk-lint: 规则代码 {cls.code} 重复（{origin}），已忽略 / duplicate rule code {cls.code} from {origin}, ignored"
                )
                continue
            cls.origin = origin
            registry[cls.code] = cls
    return dict(sorted(registry.items()))
