"""Human-readable report: `path:line:col: CODE [level] message`, the line, and a caret underline.

Article text and file names are shown with control characters (ESC, NUL, line separators, bidi
overrides...) as visible escapes, so an article cannot drive the terminal it is reported on, and
one finding is always its own line. A very long source line (minified HTML) is shown as a window
around the finding.
"""

from __future__ import annotations

from ..finding import Finding
from ..source import SourceFile
from .base import Reporter, RunSummary
from .escape import visible

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
# Source lines longer than this (in characters shown) are cut to a window around the finding.
MAX_LINE = 1000
_CONTEXT = 100  # characters shown before the finding in a cut line


def _shown(text: str) -> str:
    return visible(text.replace("\t", " "))


def excerpt_line(line: str, start: int, end: int) -> tuple[str, int, int]:
    """The line as shown, and where the span [start, end) of `line` falls in it: tabs become
    spaces, controls are escaped, and a line longer than MAX_LINE is cut to a window around the
    span with "…" at each cut end."""
    a, b = 0, len(line)
    if len(_shown(line)) > MAX_LINE:
        a = max(0, min(start, len(line)) - _CONTEXT)
        b, width = a, 0
        while b < len(line):
            width += len(_shown(line[b]))
            if width > MAX_LINE:
                break
            b += 1
    head = "…" if a > 0 else ""
    tail = "…" if b < len(line) else ""
    left = len(head) + len(_shown(line[a : max(a, min(start, b))]))
    right = len(head) + len(_shown(line[a : max(a, min(end, b))]))
    return head + _shown(line[a:b]) + tail, left, right


class TextReporter(Reporter):
    def _c(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text

    def file(self, source: SourceFile, findings: list[Finding]) -> None:
        write = self.stream.write
        for f in findings:
            level = self._c(_COLORS.get(f.severity, ""), f"[{f.severity}]")
            head = self._c(_BOLD, f"{visible(f.path)}:{f.line}:{f.column}:")
            write(f"{head} {f.rule} {level} {visible(f.message)}\n")
            if self.quiet:
                continue
            a, b = source.line_span(f.line)
            line = source.text[a:b]
            end = f.end_column - 1 if f.end_line == f.line else len(line)
            line_text, start_col, end_col = excerpt_line(line, f.column - 1, end)
            gutter = str(f.line)
            pad = " " * len(gutter)
            write(self._c(_DIM, f"  {gutter} | ") + line_text + "\n")
            if f.scope == "line":
                carets = "^" * max(1, end_col - start_col)
                write(
                    self._c(_DIM, f"  {pad} | ") + " " * start_col + self._c(_COLORS.get(f.severity, ""), carets) + "\n"
                )
            if f.suggestion:
                write(self._c(_DIM, f"  {pad} = ") + f"suggestion: {visible(f.suggestion)}\n")
            if f.source:
                title, url = f.source
                write(
                    self._c(_DIM, f"  {pad} = ")
                    + f"source: {visible(title)}"
                    + (f" <{visible(url)}>" if url else "")
                    + "\n"
                )

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
