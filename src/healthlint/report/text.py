"""Human-readable report: `path:line:col: CODE [level] message`, the line, and a caret underline."""

from __future__ import annotations

from ..finding import Finding
from ..source import SourceFile
from .base import Reporter, RunSummary

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


class TextReporter(Reporter):
    def _c(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text

    def file(self, source: SourceFile, findings: list[Finding]) -> None:
        write = self.stream.write
        for f in findings:
            level = self._c(_COLORS.get(f.severity, ""), f"[{f.severity}]")
            head = self._c(_BOLD, f"{f.path}:{f.line}:{f.column}:")
            write(f"{head} {f.rule} {level} {f.message}\n")
            if self.quiet:
                continue
            a, b = source.line_span(f.line)
            line_text = source.text[a:b].replace("\t", " ")
            gutter = str(f.line)
            pad = " " * len(gutter)
            write(self._c(_DIM, f"  {gutter} | ") + line_text + "\n")
            if f.scope == "line":
                width = (f.end_column if f.end_line == f.line else len(line_text) + 1) - f.column
                carets = "^" * max(1, width)
                write(
                    self._c(_DIM, f"  {pad} | ")
                    + " " * (f.column - 1)
                    + self._c(_COLORS.get(f.severity, ""), carets)
                    + "\n"
                )
            if f.suggestion:
                write(self._c(_DIM, f"  {pad} = ") + f"suggestion: {f.suggestion}\n")
            if f.source:
                title, url = f.source
                write(self._c(_DIM, f"  {pad} = ") + f"source: {title}" + (f" <{url}>" if url else "") + "\n")

    def finish(self, summary: RunSummary) -> None:
        if self.quiet:
            return
        n = summary.findings
        files = len(summary.files)
        if not n:
            self.stream.write(f"No findings in {files} file{'s' * (files != 1)}.\n")
            return
        plural = {"error": "errors", "warning": "warnings", "info": "info"}
        parts = ", ".join(
            f"{summary.by_severity[s]} {s if summary.by_severity[s] == 1 else plural[s]}"
            for s in ("error", "warning", "info")
            if summary.by_severity[s]
        )
        self.stream.write(f"Found {n} finding{'s' * (n != 1)} ({parts}) in {files} file{'s' * (files != 1)}.\n")
