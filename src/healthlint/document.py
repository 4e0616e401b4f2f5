"""The parsed view of an article: masked prose, blocks, sentences, links and comments, all in source offsets."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from .source import SourceFile

# Kinds of prose block a parser can produce.
BLOCK_KINDS = ("paragraph", "heading", "list_item", "quote", "table_cell", "reference")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range [start, end) of character offsets into the source text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of prose: a paragraph, heading, list item, quote, table cell, or an entry of a
    references section (kind "reference", which line rules skip)."""

    kind: str
    start: int
    end: int
    inner: str = ""  # for a "reference" block: the kind it had before (e.g. "list_item")
    label: str = ""  # the number a list item shows when the markup numbers it (HTML <ol>)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or a heading / list fragment) inside one block."""

    start: int
    end: int
    block: int


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink: the span of its visible text and its target URL (which is never prose)."""

    start: int
    end: int
    url: str


@dataclass(frozen=True, slots=True)
class Comment:
    """A markup comment (`<!-- ... -->`, or a comment line in plain text) and its inner text."""

    start: int
    end: int
    body: str


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a format parser returns: the masked prose and the structures it found."""

    prose: str
    blocks: tuple[Block, ...]
    links: tuple[Link, ...]
    comments: tuple[Comment, ...]


@dataclass(frozen=True, slots=True)
class Document:
    """An article ready for rules.

    `prose` has exactly the length of `source.text`: every character that is not prose (markup,
    code, URLs, front matter, comments) is replaced by a space, line breaks are kept. A match in
    `prose` is therefore already a span of the original file.
    """

    source: SourceFile
    prose: str
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]
    links: tuple[Link, ...]
    comments: tuple[Comment, ...]
    sentence_starts: tuple[int, ...]

    @property
    def text(self) -> str:
        return self.source.text

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains `offset`, if any."""
        index = bisect.bisect_right(self.sentence_starts, offset) - 1
        if index >= 0:
            sentence = self.sentences[index]
            if sentence.start <= offset < sentence.end:
                return sentence
        return None

    def links_starting(self, start: int, end: int) -> tuple[Link, ...]:
        """The links whose text starts in [start, end) (the links are sorted by start)."""
        links = self.links
        return links[
            bisect.bisect_left(links, start, key=_link_start) : bisect.bisect_left(links, end, key=_link_start)
        ]

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence containing `offset`, or -1."""
        index = bisect.bisect_right(self.sentence_starts, offset) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return index
        return -1


def _link_start(link: Link) -> int:
    return link.start
