"""The one hierarchy of user-facing errors: anything the CLI reports and exits 2 on."""

from __future__ import annotations


class HealthlintError(Exception):
    """Base of every error healthlint reports to its user as one line."""


class ConfigError(HealthlintError):
    """A configuration file or option is invalid."""


class RulePackError(HealthlintError):
    """A rule pack (YAML) is invalid; the message starts with `path:line:`."""


class SourceError(HealthlintError):
    """An input file cannot be read or decoded."""


class UsageError(HealthlintError):
    """The command line is invalid."""
