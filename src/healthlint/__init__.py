"""healthlint: an editorial fact-check and content-quality linter for consumer health articles."""

from __future__ import annotations

from .api import Linter, lint_paths, lint_text
from .config import Config, find_config, load_config
from .errors import ConfigError, HealthlintError, RulePackError, SourceError, UsageError
from .finding import Finding, Severity
from .packs import RuleSet, load_rules

__version__ = "0.1.0"

__all__ = [
    "Config",
    "ConfigError",
    "Finding",
    "HealthlintError",
    "Linter",
    "RulePackError",
    "RuleSet",
    "Severity",
    "SourceError",
    "UsageError",
    "__version__",
    "find_config",
    "lint_paths",
    "lint_text",
    "load_config",
    "load_rules",
]
