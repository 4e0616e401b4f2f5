"""Decoded article text and the mapping from character offsets to (line, column).

Any bytes give a text: UTF-8 (a byte-order mark is dropped), UTF-16 or UTF-32 with a byte-order
mark, UTF-16 without one when its NUL pattern shows it. Bytes that do not decode become U+FFFD and
NUL characters become U+FFFD, one character for one, so offsets, lines and columns still count the
text as an editor sees it; each such repair is reported once per file as a one-line warning that
starts with the file's path. Bytes that are not text at all (an image or archive named `.md`) give
an empty, `skipped` source with a warning instead of an article full of noise.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from dataclasses import dataclass, field
from typing import NamedTuple

import regex

from .errors import SourceError

_LINE_BREAK = regex.compile(r"\r\n|\r|\n")
_BYTE_LINE_BREAK = re.compile(rb"\r\n|\r|\n")

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


# ------------------------------------------------------------------------------------ decoding
# Byte-order marks, longest first: a UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32-BE"),
    (b"\xff\xfe\x00\x00", "UTF-32-LE"),
    (b"\xef\xbb\xbf", "UTF-8"),
    (b"\xff\xfe", "UTF-16-LE"),
    (b"\xfe\xff", "UTF-16-BE"),
)

# Signatures of common non-text files, checked at the start of the data (after a UTF-8 byte-order
# mark): none is a plausible start of an article.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", None),  # bzip2 only with its block magic, below
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"(\xb5/\xfd", "zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", None),  # Windows executable only with its PE header, below
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"OggS\x00", "Ogg media"),
    (b"fLaC", None),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
    (b"\x00asm", "WebAssembly module"),
)
_RIFF = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}

# C0 control characters other than tab, line feed, vertical tab, form feed, carriage return and
# escape, and DEL: prose has (almost) none, binary data has about one byte in ten.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_CONTROL_CHARS = regex.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_HEAD = 8192
_BINARY_SHARE, _BINARY_MIN = 0.05, 16  # more control bytes than this share (and number) of the first 8 KiB: not text


class Decoded(NamedTuple):
    """Decoded text, the one-line warnings about repairs made to it, and, for bytes that are not
    text at all, what they look like ("PNG image") with an empty text."""

    text: str
    warnings: tuple[str, ...] = ()
    binary: str | None = None


def decode_bytes(data: bytes, path: str) -> Decoded:
    """Decode a file's bytes; never raises. Warnings start with `path`."""
    data = bytes(data)
    mark = 0  # bytes of a UTF-8 byte-order mark: offsets in warnings count them
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding != "UTF-8":
                return _wide(data[len(bom) :], path, encoding, "")
            data, mark = data[len(bom) :], len(bom)
            break
    head = data[:_HEAD]
    kind = _signature(head)
    if kind:
        return _binary(path, kind)
    if b"\x00" in head:
        wide = _utf16_without_bom(head)
        if wide:
            return _wide(data, path, wide, " (no byte-order mark: guessed from its NUL bytes)")
    if _looks_binary(_controls(head), len(head)):
        return _binary(path, "binary data")
    return _utf8(data, path, mark)


def decode(data: bytes, path: str) -> str:
    """The text of `decode_bytes` alone, for callers that keep no warnings; raises SourceError for
    bytes that are not text. `SourceFile.from_bytes` keeps the warnings: prefer it."""
    decoded = decode_bytes(data, path)
    if decoded.binary:
        raise SourceError(f"{path}: binary file ({decoded.binary}), not a text article")
    return decoded.text


def _signature(head: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind:
                return kind
            if magic == b"BZh" and head[3:4].isdigit() and head[4:10] == b"1AY&SY":
                return "bzip2 archive"
            if magic == b"MZ" and len(head) >= 64:
                pe = int.from_bytes(head[60:64], "little")
                if head[pe : pe + 4] == b"PE\x00\x00":
                    return "Windows executable"
            if magic == b"fLaC" and _controls(head[:64]):
                return "FLAC audio"
    if head.startswith(b"RIFF") and head[8:12] in _RIFF:
        return _RIFF[head[8:12]]
    if head[4:8] == b"ftyp" and _controls(head[:4]):
        return "MP4/QuickTime media"
    return None


def _binary(path: str, kind: str) -> Decoded:
    return Decoded("", (f"{path}: binary file ({kind}), not a text article; skipped",), kind)


def _looks_binary(controls: int, size: int) -> bool:
    return controls >= _BINARY_MIN and controls > _BINARY_SHARE * size


def _controls(data: bytes) -> int:
    return len(data) - len(data.translate(None, _CONTROL_BYTES))


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a byte-order mark: mostly ASCII, so every other byte is NUL."""
    even, odd = head[0::2], head[1::2]
    if len(odd) < 2:
        return None
    if odd.count(0) >= 0.4 * len(odd) and even.count(0) <= 0.05 * len(even):
        return "UTF-16-LE"
    if even.count(0) >= 0.4 * len(even) and odd.count(0) <= 0.05 * len(odd):
        return "UTF-16-BE"
    return None


def _utf8(data: bytes, path: str, mark: int) -> Decoded:
    try:
        text = data.decode("utf-8")
        warnings: list[str] = []
    except UnicodeDecodeError as exc:
        bad = exc.start
        line = 1 + len(_BYTE_LINE_BREAK.findall(data, 0, bad))
        text = data.decode("utf-8", "replace")
        warnings = [
            f"{path}: not valid UTF-8 (first bad byte 0x{data[bad]:02x} at offset {bad + mark}, line {line}); "
            "undecodable bytes were replaced with U+FFFD"
        ]
    return _finish(text, path, warnings)


def _wide(data: bytes, path: str, encoding: str, how: str) -> Decoded:
    """UTF-16 or UTF-32 (the byte-order mark already removed); binary if it decodes to noise."""
    codec = encoding.lower()
    warnings: list[str] = []
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        text = data.decode(codec, "replace")
        warnings.append(
            f"{path}: not valid {encoding} ({exc.reason} at byte offset {exc.start}); "
            "undecodable bytes were replaced with U+FFFD"
        )
    head = text[:_HEAD]
    if _looks_binary(len(_CONTROL_CHARS.findall(head)), len(head)):
        return _binary(path, "binary data")
    if how:
        warnings.insert(0, f"{path}: decoded as {encoding}{how}")
    return _finish(text, path, warnings)


def _finish(text: str, path: str, warnings: list[str]) -> Decoded:
    """NUL characters become U+FFFD (as CommonMark asks), one for one: offsets do not move."""
    if "\x00" in text:
        count = text.count("\x00")
        first = text.index("\x00")
        line = 1 + len(_LINE_BREAK.findall(text, 0, first))
        text = text.replace("\x00", "\ufffd")
        warnings.append(
            f"{path}: {count} NUL character{'s' if count != 1 else ''} (first on line {line}) replaced with U+FFFD"
        )
    return Decoded(text, tuple(warnings))


# ----------------------------------------------------------------------------------- the source
def line_starts(text: str) -> tuple[int, ...]:
    """Offsets where lines start: 0 and after each CRLF, lone CR or LF (in C loops, not one Python
    step per line: a 50 MB article has a million lines)."""
    flat = text
    if "\r" in flat:  # CRLF -> " \n" and a lone CR -> "\n": the same length, each break ends in LF
        flat = flat.replace("\r\n", " \n").replace("\r", "\n")
    lengths = list(map(len, flat.split("\n")))
    return tuple(itertools.accumulate(map(operator.add, lengths, itertools.repeat(1, len(lengths) - 1)), initial=0))


@dataclass(frozen=True, slots=True)
class SourceFile:
    """An article's full decoded text. Offsets are 0-based code-point indexes into `text`.

    `warnings` are one-line messages (each starting with the path) about input that was repaired
    to be read; `skipped` marks a file that is not a text article (its text is empty).
    """

    path: str
    text: str
    format: str
    line_starts: tuple[int, ...] = field(default=(), compare=False, repr=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)
    skipped: bool = field(default=False, compare=False)

    @classmethod
    def from_text(
        cls, text: str, path: str, fmt: str, warnings: tuple[str, ...] = (), skipped: bool = False
    ) -> SourceFile:
        if text.startswith("\ufeff"):
            text = text[1:]
        if fmt not in FORMATS:
            raise SourceError(f"{path}: unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
        return cls(path, text, fmt, line_starts(text), tuple(warnings), skipped)

    @classmethod
    def from_bytes(cls, data: bytes, path: str, fmt: str) -> SourceFile:
        """A file's bytes as `read_source` decodes them: with warnings, or skipped if binary."""
        decoded = decode_bytes(data, path)
        return cls.from_text(decoded.text, path, fmt, decoded.warnings, decoded.binary is not None)

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
