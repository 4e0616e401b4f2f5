"""GitHub Actions workflow commands (`--format github`): one annotation per finding.

`::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`, with the escaping the
workflow-command parser expects: in the message `%`, CR and LF are percent-encoded; in property
values `:` and `,` are too, so an article's text can never end a command early. Other control
characters (ESC, NUL, U+2028...) that an article or a file name may hold are first shown as
visible escapes (`\\x1b`), so every annotation is exactly one line of plain text.
"""

from __future__ import annotations

from .base import CollectingReporter, RunSummary
from .escape import visible

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A command's message: `%`, CR and LF percent-encoded, other controls made visible."""
    return visible(text, keep="\t\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: as a message, and `:` and `,` percent-encoded too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(CollectingReporter):
    def finish(self, summary: RunSummary) -> None:
        for f in self.findings:
            props = [
                f"file={escape_property(f.path.replace(chr(92), '/'))}",
                f"line={f.line}",
                f"col={f.column}",
                f"endLine={f.end_line}",
                f"endColumn={f.end_column}",
                f"title={escape_property(f'{f.rule} {f.name}')}",
            ]
            message = f.message
            if f.suggestion:
                message += f"\nSuggestion: {f.suggestion}"
            if f.source:
                message += f"\nSource: {f.source[0]}" + (f" <{f.source[1]}>" if f.source[1] else "")
            self.stream.write(f"::{COMMANDS[f.severity]} {','.join(props)}::{escape_data(message)}\n")
