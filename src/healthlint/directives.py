"""Suppression comments (`<!-- healthlint-disable ... -->`) and the findings they hide."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .document import Document

_DIRECTIVE = regex.compile(
    r"^\s*healthlint-(disable-next-line|disable-line|disable-file|disable|enable)(?![\w-])"
    r"(?P<rest>.*?)\s*$",
    regex.DOTALL,
)
_SELECTOR = regex.compile(r"[A-Za-z][\w-]*")


@dataclass(frozen=True, slots=True)
class Directive:
    """One suppression comment: which selectors it names and which lines it covers."""

    action: str
    selectors: tuple[str, ...]  # empty: every rule
    start: int  # offset of the comment
    end: int
    first_line: int  # lines covered, inclusive (0 when the action is "enable")
    last_line: int
    reason: str

    def covers(self, line: int) -> bool:
        return self.first_line <= line <= self.last_line


def parse_directives(doc: Document) -> list[Directive]:
    """Directives in the document's comments; disable ranges are closed by matching enables."""
    source = doc.source
    last = source.line_count
    found: list[Directive] = []
    open_ranges: list[tuple[str, tuple[str, ...], int, int, int, str]] = []
    for comment in doc.comments:
        m = _DIRECTIVE.match(comment.body)
        if not m:
            continue
        action = m.group(1)
        rest = m.group("rest")
        reason = ""
        if "--" in rest:
            rest, reason = rest.split("--", 1)
        selectors = tuple(_SELECTOR.findall(rest))
        line = source.position(comment.start)[0]
        end_line = source.position(max(comment.start, comment.end - 1))[0]
        if action == "disable-file":
            found.append(Directive(action, selectors, comment.start, comment.end, 1, last, reason.strip()))
        elif action == "disable-line":
            found.append(Directive(action, selectors, comment.start, comment.end, line, end_line, reason.strip()))
        elif action == "disable-next-line":
            target = _next_text_line(doc, end_line)
            found.append(Directive(action, selectors, comment.start, comment.end, target, target, reason.strip()))
        elif action == "disable":
            open_ranges.append((action, selectors, comment.start, comment.end, line, reason.strip()))
        else:  # enable: close the latest disable with the same selectors (or all when none named)
            for index in range(len(open_ranges) - 1, -1, -1):
                if not selectors or open_ranges[index][1] == selectors:
                    act, sels, start, end, first, why = open_ranges.pop(index)
                    found.append(Directive(act, sels, start, end, first, line, why))
                    if selectors:
                        break
    for act, sels, start, end, first, why in open_ranges:
        found.append(Directive(act, sels, start, end, first, last, why))
    return sorted(found, key=lambda d: d.start)


def _next_text_line(doc: Document, line: int) -> int:
    """The first line after `line` that is not blank."""
    source = doc.source
    for candidate in range(line + 1, source.line_count + 1):
        a, b = source.line_span(candidate)
        if doc.text[a:b].strip():
            return candidate
    return line + 1
