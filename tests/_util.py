"""Shared helpers for the healthlint test suite (plain functions, no fixtures)."""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass

from healthlint import Linter, load_rules
from healthlint.cli import main

_BREAK = re.compile(r"\r\n|\r|\n")


@functools.cache
def builtin_rules():
    """The built-in rule set, loaded once per test session."""
    return load_rules()


@functools.cache
def linter_for(*codes: str) -> Linter:
    """A Linter running only the given rules (all built-in rules when none are named)."""
    rules = builtin_rules()
    return Linter(rules=rules.select(list(codes)) if codes else rules)


def pos_of(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Independent reference: the 1-based (line, column) of the nth occurrence of `needle`.

    Lines break at CRLF, lone CR and LF; columns count code points.
    """
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    return pos_at(text, offset)


def pos_at(text: str, offset: int) -> tuple[int, int]:
    line, line_start = 1, 0
    for m in _BREAK.finditer(text):
        if m.end() > offset:
            break
        line += 1
        line_start = m.end()
    return line, offset - line_start + 1


def spans(findings, rule: str | None = None) -> list[tuple[str, int, int, int, int]]:
    return [(f.rule, f.line, f.column, f.end_line, f.end_column) for f in findings if rule is None or f.rule == rule]


def codes(findings) -> list[str]:
    return [f.rule for f in findings]


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def run_cli(argv: list[str], stdin: str | None = None) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err, stdin=io.StringIO(stdin) if stdin is not None else None)
    return Run(int(code), out.getvalue(), err.getvalue())


# The keys of a finding in the healthlint-report/1 JSON contract, in order.
FINDING_KEYS = [
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "scope",
    "rule",
    "name",
    "category",
    "severity",
    "message",
    "excerpt",
    "suggestion",
    "source",
]
