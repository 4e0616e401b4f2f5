"""The library surface behind `healthlint`: a Linter built once from a configuration."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .config import Config, config_from_mapping, find_config, load_config
from .engine import lint_document
from .errors import ConfigError, RuleTimeoutError
from .finding import Finding
from .packs import RuleSet, load_rules, matches
from .reader import discover, make_document, read_source
from .source import SourceFile, format_for


def _as_config(config: Config | Mapping[str, Any] | str | Path | None) -> Config:
    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    if isinstance(config, (str, Path)):
        return load_config(config)
    return config_from_mapping(config, "configuration")


class Linter:
    """Rules compiled once from a configuration, then applied to any number of articles.

    Thread-safe: a Linter holds only immutable data after construction.
    """

    def __init__(
        self,
        config: Config | Mapping[str, Any] | str | Path | None = None,
        *,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        rules: RuleSet | None = None,
    ) -> None:
        self.config = _as_config(config)
        self.select, self.ignore = tuple(select), tuple(ignore)  # to rebuild the same Linter elsewhere
        cfg = self.config
        loaded = rules or load_rules(
            cfg.rule_paths, cfg.rules, cfg.path or "configuration", trusted_sources=cfg.trusted_sources
        )
        try:  # selectors from the configuration file: errors name the file
            loaded.select(cfg.select, cfg.ignore)
            for _, selectors in cfg.per_file_ignores:
                loaded.select((), selectors)
        except ConfigError as exc:
            raise ConfigError(f"{cfg.path or 'configuration'}: {exc}") from None
        self.rules = loaded.select(tuple(select) or cfg.select, (*cfg.ignore, *ignore))

    def lint_source(self, source: SourceFile) -> list[Finding]:
        try:
            findings = lint_document(make_document(source), self.rules)
        except RuleTimeoutError as exc:  # drop the runaway rule for the next files, report this one
            self.rules = self.rules.select((), (exc.code,))
            raise
        ignored = self.config.ignored_for(source.path)
        if ignored:
            findings = [f for f in findings if not any(matches(self.rules.get(f.rule), s) for s in ignored)]
        return findings

    def lint_text(self, text: str, path: str | None = None, format: str | None = None) -> list[Finding]:
        name = path or "<text>"
        return self.lint_source(SourceFile.from_text(text, name, format or format_for(path)))

    def lint_file(self, path: str | Path, format: str | None = None) -> list[Finding]:
        return self.lint_source(read_source(path, fmt=format))

    def files(self, paths: Iterable[str | Path]) -> list[str]:
        return list(discover([str(p) for p in paths], self.config.exclude, self.config.root))


def lint_text(
    text: str,
    *,
    path: str | None = None,
    format: str | None = None,
    config: Config | Mapping[str, Any] | str | Path | None = None,
) -> list[Finding]:
    """Lint one article given as text. `format` is markdown, html or text (default: from `path`,
    else markdown). `config` is a Config, a settings mapping, a config file path, or None."""
    return Linter(config).lint_text(text, path, format)


def lint_paths(
    paths: Iterable[str | Path],
    *,
    config: Config | Mapping[str, Any] | str | Path | None = None,
) -> list[Finding]:
    """Lint files and directories (recursively); raises SourceError for an unreadable file."""
    linter = Linter(config)
    findings: list[Finding] = []
    for path in linter.files(paths):
        findings.extend(linter.lint_file(path))
    findings.sort(key=lambda f: f.sort_key)
    return findings


__all__ = ["Linter", "lint_text", "lint_paths", "find_config", "load_config", "load_rules"]
