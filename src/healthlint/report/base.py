"""What every reporter receives: files as they are linted, then the end of the run."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from ..finding import Finding
from ..rules import Rule
from ..source import SourceFile


@dataclass
class RunSummary:
    """Counts over a whole run, kept by the CLI while reporters stream."""

    files: list[tuple[str, str, int]] = field(default_factory=list)
    findings: int = 0
    by_severity: Counter[str] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, source: SourceFile, findings: list[Finding]) -> None:
        self.files.append((source.path, source.format, len(findings)))
        self.findings += len(findings)
        for f in findings:
            self.by_severity[f.severity] += 1
            self.by_category[f.category] += 1
            self.by_rule[(f.rule, f.name)] += 1


class Reporter:
    """Base reporter: `file` is called once per linted file, in order, then `finish` once."""

    def __init__(
        self,
        stream: TextIO,
        *,
        color: bool = False,
        quiet: bool = False,
        version: str = "",
        rules: tuple[Rule, ...] = (),
    ) -> None:
        self.stream = stream
        self.color = color
        self.quiet = quiet
        self.version = version
        self.rules = rules  # every loaded rule, for formats that describe the tool (SARIF)

    def file(self, source: SourceFile, findings: list[Finding]) -> None:
        raise NotImplementedError

    def finish(self, summary: RunSummary) -> None:
        raise NotImplementedError


class CollectingReporter(Reporter):
    """A reporter that writes one document at the end: it keeps every file's findings
    (`self.sources`, in linting order) and all findings sorted (`self.findings`)."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.sources: list[tuple[SourceFile, list[Finding]]] = []

    def file(self, source: SourceFile, findings: list[Finding]) -> None:
        self.sources.append((source, sorted(findings, key=lambda f: f.sort_key)))

    @property
    def findings(self) -> list[Finding]:
        return sorted((f for _, found in self.sources for f in found), key=lambda f: f.sort_key)
