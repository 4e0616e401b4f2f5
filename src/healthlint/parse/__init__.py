"""Format parsers: each turns a SourceFile into masked prose, blocks, links and comments."""

from __future__ import annotations

from ..document import Parsed
from ..source import SourceFile


def parse(source: SourceFile) -> Parsed:
    """Dispatch on the source's format."""
    if source.format == "html":
        from .html import parse_html

        return parse_html(source)
    if source.format == "text":
        from .text import parse_text

        return parse_text(source)
    from .markdown import parse_markdown

    return parse_markdown(source)
