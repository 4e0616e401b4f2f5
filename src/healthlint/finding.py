"""Findings: what a rule reports, positioned in the original file."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Severity(IntEnum):
    """Finding severities, ordered so that `>=` means "at least as severe"."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding. Lines and columns are 1-based code points; `end_column` is exclusive.

    `offset`/`end_offset` are the same span as 0-based character offsets into the decoded text.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    scope: str
    rule: str
    name: str
    category: str
    severity: str
    message: str
    excerpt: str
    suggestion: str | None
    source: tuple[str, str | None] | None
    offset: int
    end_offset: int

    @property
    def sort_key(self) -> tuple[str, int, int, str, int, str]:
        return (self.path, self.line, self.column, self.rule, self.end_offset, self.message)

    def to_json(self) -> dict[str, object]:
        """The finding as in the `healthlint-report/1` JSON contract (key order fixed)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "scope": self.scope,
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "excerpt": self.excerpt,
            "suggestion": self.suggestion,
            "source": {"title": self.source[0], "url": self.source[1]} if self.source else None,
        }
