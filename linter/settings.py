"""Resolved settings for one configuration (:class:`Settings`).

The config module (:mod:`xxgk_lint.config`) fills them from configuration files and the command line;
the runner, the pool and the session read them.  Picklable, so ``--jobs`` workers receive them.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, fields

from xxgk_lint.readers import Limits


@dataclass
class Settings:
    """Resolved settings for one configuration (the config module fills it from files and the command line).

    Picklable: ``--jobs`` workers receive it and build their own :class:`Linter`."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)  # rule code/name -> error|warning|info
    rule_options: dict[str, dict] = field(default_factory=dict)  # rule code/name -> {option: value}
    template: str | None = None
    lang: str = "zh"
    fail_on: str = "error"
    plugins: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)
    root: str = "."  # the project root: exclude and per-file-ignores patterns are relative to it
    cache_dir: str | None = None
    config_path: str | None = None  # the configuration file these settings came from
    # [identity]: path patterns ("{agency}/{year}.*") and path glob -> {"agency": ..., "year": ...}, in the
    # order written (xxgk_lint.identity reads them)
    identity_patterns: list[str] = field(default_factory=list)
    identity_agencies: dict[str, dict] = field(default_factory=dict)

    def __setattr__(self, name: str, value) -> None:
        if name != "_lint_key":
            self.__dict__.pop("_lint_key", None)  # a field replaced: the key is computed again
        object.__setattr__(self, name, value)

    def lint_key(self) -> str:
        """A hash of everything that changes which diagnostics a file gets (not output-only settings).

        Computed once per object (a run asks for it three times per file): replacing a field computes it
        again; the fields' lists and dicts are never mutated in place once the settings are resolved."""
        key = self.__dict__.get("_lint_key")
        if key is None:
            key = self._lint_key = self._compute_lint_key()
        return key

    def _compute_lint_key(self) -> str:
        data = {
            "select": self.select,
            "extend_select": self.extend_select,
            "ignore": self.ignore,
            "per_file_ignores": self.per_file_ignores,
            "severity": self.severity,
            "rule_options": self.rule_options,
            "template": self.template,
            "plugins": sorted(self.plugins),
            # the time budget changes no finding that is kept: a file over it is never cached
            "limits": {f.name: getattr(self.limits, f.name) for f in fields(self.limits) if f.name != "time_budget"},
            "root": os.path.abspath(self.root)
            if self.per_file_ignores or self.identity_patterns or self.identity_agencies
            else "",
            # the identity travels with the cached facts and decides the cross-report findings
            "identity_patterns": self.identity_patterns,
            "identity_agencies": list(self.identity_agencies.items()),  # the order written decides
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode("utf-8")).hexdigest()
