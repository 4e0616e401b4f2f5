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


class RuleTimeoutError(HealthlintError):
    """A rule's pattern took too long on one file (catastrophic backtracking): the message names
    the file and the rule, and the rule is dropped for the rest of the run."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code
