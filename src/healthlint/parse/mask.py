"""The masking buffer shared by the parsers: a copy of the text in which only prose is kept."""

from __future__ import annotations

import html
import re

import regex

from ..document import Block, Comment, Link, Parsed

URL = regex.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]]"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b",
    regex.IGNORECASE,
)
_URL_CUE = re.compile(r"[:@&]|www\.", re.IGNORECASE)
ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


class MaskBuffer:
    """Starts fully masked (spaces, line breaks kept); parsers reveal prose and record structure."""

    __slots__ = ("text", "chars", "blocks", "links", "comments")

    def __init__(self, text: str) -> None:
        self.text = text
        self.chars = [c if c in "\r\n" else " " for c in text]
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.comments: list[Comment] = []

    def reveal(self, start: int, end: int) -> None:
        self.chars[start:end] = self.text[start:end]

    def hide(self, start: int, end: int) -> None:
        chars, text = self.chars, self.text
        for i in range(start, end):
            chars[i] = text[i] if text[i] in "\r\n" else " "

    def put(self, offset: int, char: str) -> None:
        self.chars[offset] = char

    def view(self, start: int, end: int) -> str:
        return "".join(self.chars[start:end])

    def hide_urls(self, start: int, end: int) -> None:
        """Blank bare URLs and e-mail addresses in [start, end)."""
        # Every URL or address holds ":", "@" or "www." (shown as it is or decoded from an
        # entity, which starts with "&"): most regions hold none and are not searched.
        if _URL_CUE.search(self.text, start, end) is None:
            return
        for m in URL.finditer(self.view(start, end)):
            self.hide(start + m.start(), start + m.end())

    def decode_entities(self, start: int, end: int) -> None:
        """Show each character reference as its character, padded with spaces to the same width."""
        for m in ENTITY.finditer(self.view(start, end)):
            decoded = html.unescape(m.group())
            a = start + m.start()
            self.hide(a, start + m.end())
            if len(decoded) == 1 and decoded != m.group():
                self.put(a, " " if decoded.isspace() else decoded)

    def add_block(self, kind: str, start: int, end: int, inner: str = "", label: str = "") -> None:
        """Record a block, trimmed to its first and last visible character; empty ones are dropped."""
        chars = self.chars
        while start < end and chars[start].isspace():
            start += 1
        while end > start and chars[end - 1].isspace():
            end -= 1
        if start < end:
            self.blocks.append(Block(kind, start, end, inner, label))

    def result(self) -> Parsed:
        blocks = sorted(set(self.blocks), key=lambda b: (b.start, b.end))
        return Parsed(
            "".join(self.chars),
            tuple(blocks),
            tuple(sorted(set(self.links), key=lambda k: (k.start, k.end))),
            tuple(sorted(set(self.comments), key=lambda c: c.start)),
        )
