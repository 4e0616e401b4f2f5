"""Decoded article text and the mapping from character offsets to (line, column)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

from .errors import SourceError

_LINE_BREAK = regex.compile(r"\r\n|\r|\n")

FORMATS = ("markdown", "html", "text")
EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
}


def format_for(path: str | None, default: str = "markdown") -> str:
    """The input format implied by a file name (Markdown when unknown)."""
    if path:
        lower = path.lower()
        for ext, fmt in EXTENSIONS.items():
            if lower.endswith(ext):
                return fmt
    return default


def decode(data: bytes, path: str) -> str:
    """Decode file bytes: UTF-8 (BOM stripped) or UTF-16 with a BOM; raise SourceError on binary."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SourceError(f"{path}: invalid UTF-16 ({exc.reason})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:8192] and _looks_binary(data[:8192]):
        raise SourceError(f"{path}: binary file, not a text article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def _looks_binary(head: bytes) -> bool:
    return head.count(b"\x00") > max(1, len(head) // 100)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """An article's full decoded text. Offsets are 0-based code-point indexes into `text`."""

    path: str
    text: str
    format: str
    line_starts: tuple[int, ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def from_text(cls, text: str, path: str, fmt: str) -> SourceFile:
        if text.startswith("\ufeff"):
            text = text[1:]
        if fmt not in FORMATS:
            raise SourceError(f"{path}: unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
        starts = [0]
        starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
        return cls(path, text, fmt, tuple(starts))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count code points."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        """The character offset of a 1-based (line, column): the inverse of `position`."""
        return self.line_starts[line - 1] + column - 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets [start, end) of a 1-based line, without its line break."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return start, end

    @property
    def line_count(self) -> int:
        return len(self.line_starts)
