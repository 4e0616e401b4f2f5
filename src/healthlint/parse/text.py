"""Plain-text articles: paragraphs split at blank lines, bullet lines and heading-like lines."""

from __future__ import annotations

import regex

from ..document import Comment, Parsed
from ..source import SourceFile
from .mask import MaskBuffer

_BULLET = regex.compile(r"[ \t]*(?:[-*+•▪◦‣–]|\d{1,3}[.)]|[a-zA-Z][.)])[ \t]+")
_TIMESTAMP = regex.compile(
    r"[ \t]*[\[(]?(?:\d{1,2}:)?\d{1,2}:\d{2}[\])]?[ \t]+(?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)?:[ \t]*)?"
)
# A line that starts a new turn: "Q: …", "A: …", "slide 2: …", "Step 3 -"
_TURN = regex.compile(
    r"(?=[ \t]*(?:(?:Q|A|Q\d+|A\d+|Question|Answer)[ \t]*:"
    r"|(?i:slide|step|tip|day|week)[ \t]*\d+[ \t]*[:.)–-])[ \t])"
)
_COMMENT_LINE = regex.compile(r"[ \t]*<!--(.*?)-->[ \t]*$")
_ENDS_SENTENCE = regex.compile(r"[.!?:;,…\"'”’)\]]\s*$")
_UNDERLINE = regex.compile(r"[ \t]*(?:=+|-+|\*+|_+|#+)[ \t]*$")
_MARKDOWN_HEADING = regex.compile(r"[ \t]*#{1,6}[ \t]+")
# Words a heading does not end with, but a wrapped line of prose often does.
_CONTINUES = frozenset(
    "and or but nor so yet the a an of to in on at for with by from that which who whose as than is are was "
    "were be been has have had will would can could may might should must not your their its our my this these".split()
)


def parse_text(source: SourceFile) -> Parsed:
    text = source.text
    buf = MaskBuffer(text)
    buf.reveal(0, len(text))
    lines = [source.line_span(n) for n in range(1, source.line_count + 1)]

    block_kind: str | None = None
    block_start = 0
    block_end = 0

    def close() -> None:
        nonlocal block_kind
        if block_kind is not None:
            buf.add_block(block_kind, block_start, block_end)
        block_kind = None

    for index, (a, b) in enumerate(lines):
        line = text[a:b]
        if not line.strip():
            close()
            continue
        m = _COMMENT_LINE.match(line)
        if m:
            close()
            buf.comments.append(Comment(a, b, m.group(1)))
            buf.hide(a, b)
            continue
        if _UNDERLINE.match(line):
            close()
            buf.hide(a, b)
            continue
        stamp = _TIMESTAMP.match(line) or _TURN.match(line)
        if stamp:  # a transcript line: "[00:40] I take 1,000 milligrams…" is a paragraph of its own
            close()
            buf.hide(a, a + stamp.end())
            block_kind, block_start, block_end = "paragraph", a, b
            close()
            continue
        bullet = _BULLET.match(line)
        heading = _MARKDOWN_HEADING.match(line)
        next_line = text[lines[index + 1][0] : lines[index + 1][1]] if index + 1 < len(lines) else ""
        standalone = _looks_like_heading(line, next_line, block_kind is None)
        if bullet or heading:
            close()
            marker = bullet or heading
            buf.hide(a, a + marker.end())
            block_kind, block_start = ("heading" if heading else "list_item"), a
        elif standalone:
            close()
            block_kind, block_start = "heading", a
        elif block_kind is None:
            block_kind, block_start = "paragraph", a
        block_end = b
        if standalone or heading:
            close()
    close()
    for block in buf.blocks:
        buf.hide_urls(block.start, block.end)
    return buf.result()


def _looks_like_heading(line: str, next_line: str, starts_block: bool) -> bool:
    """A short line without final punctuation that opens a paragraph and is followed by text."""
    if not starts_block or _ENDS_SENTENCE.search(line):
        return False
    words = line.split()
    if not 1 <= len(words) <= 12:
        return False
    if words[-1].lower() in _CONTINUES or ("," in line and len(words) > 6):
        return False  # a hard-wrapped sentence: "…in the country, and" / "…joint supplements in the"
    follower = next_line.strip()
    return not follower or follower[0].isupper() or follower[0].isdigit() or bool(_BULLET.match(next_line))
