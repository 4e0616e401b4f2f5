"""Markdown articles (CommonMark + tables, via markdown-it-py): only prose is revealed.

markdown-it-py gives block structure with line ranges but no inline offsets, so each inline
region is revealed from the source and its markup (code spans, link targets, images, HTML, emphasis
markers, escapes) is masked here, in the source's own coordinates.
"""

from __future__ import annotations

import bisect

import regex
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from ..document import Comment, Link, Parsed
from ..source import SourceFile
from .html import mask_html_region
from .mask import MaskBuffer

# Only the block structure is taken from markdown-it (inline markup is masked by _Inline, which
# keeps exact offsets), so its inline pass, which would build a token tree per paragraph, is off.
_MD = MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")

# Containers (lists, block quotes) nested deeper than this are not parsed into: their content is
# skipped (left masked). markdown-it's own cap (`maxNesting`) would instead drop everything after
# the deep container, to the end of the article.
MAX_NESTING = 20


def _too_deep(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A block rule tried before all others: at MAX_NESTING levels of containers, the line and
    the lines after it up to a blank one or one indented less (an outer container's) are
    consumed without tokens."""
    if state.level < MAX_NESTING or silent:
        return False
    line = start_line + 1
    while line < end_line and not state.isEmpty(line) and state.sCount[line] >= state.blkIndent:
        line += 1
    state.line = line
    return True


_MD.block.ruler.before("table", "too_deep", _too_deep)
_MD.options["maxNesting"] = MAX_NESTING + 1_000  # never reached: _too_deep stops first

FRONT_MATTER = regex.compile(r"\A(?:---|\+\+\+)[ \t]*(?:\r\n|\r|\n)")
_QUOTE_PREFIX = regex.compile(r"[ \t]*>[ \t]?")
_ITEM_PREFIX = regex.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)[ \t]*(?:\[[ xX]\][ \t]+)?")
_INDENT = regex.compile(r"[ \t]+")
_ATX_OPEN = regex.compile(r"[ \t]{0,3}#{1,6}(?=[ \t]|$)")
_ATX_CLOSE = regex.compile(r"[ \t]+#+[ \t]*$|^[ \t]*#+[ \t]*$")
_BACKTICKS = regex.compile(r"(?<!\\)`+")
_RUN = regex.compile(r"`+")
# An HTML comment: `<!-->` and `<!--->` are complete (empty) ones; an unclosed one runs to the end.
_COMMENT = regex.compile(r"<!--(?:-?>|.*?(?:-->|\Z))", regex.DOTALL)
_AUTOLINK = regex.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)*)>")
_TAG = regex.compile(
    r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>"
)
_ESCAPE = regex.compile(r"\\(?=[!-/:-@\[-`{-~])")
_EMPHASIS = regex.compile(r"\*+|~~|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])")
_PIPE = regex.compile(r"(?<!\\)\|")


def _front_matter_lines(text: str) -> int:
    """Number of lines taken by a leading YAML (---) or TOML (+++) front matter block, else 0."""
    m = FRONT_MATTER.match(text)
    if not m:
        return 0
    fence = text[:3]
    closers = (fence, "...") if fence == "---" else (fence,)
    lines = text.splitlines()
    for index in range(1, len(lines)):
        if lines[index].rstrip() in closers:
            return index + 1
    return 0


class _Inline:
    """Masks inline markup inside one revealed region of the buffer."""

    def __init__(self, buf: MaskBuffer) -> None:
        self.buf = buf

    def mask(self, start: int, end: int) -> None:
        buf = self.buf
        self._code_spans(start, end)
        for m in _COMMENT.finditer(buf.view(start, end)):
            a, b = start + m.start(), start + m.end()
            body = m.group()[4:]
            body = "" if body in (">", "->") else body[:-3] if body.endswith("-->") else body
            buf.comments.append(Comment(a, b, body))
            buf.hide(a, b)
        for pattern in (_AUTOLINK, _TAG):
            for m in pattern.finditer(buf.view(start, end)):
                buf.hide(start + m.start(), start + m.end())
        self._links(start, end)
        buf.hide_urls(start, end)
        for m in _ESCAPE.finditer(buf.view(start, end)):
            buf.hide(start + m.start(), start + m.end())
        for m in _EMPHASIS.finditer(buf.view(start, end)):
            buf.hide(start + m.start(), start + m.end())
        buf.decode_entities(start, end)

    def _code_spans(self, start: int, end: int) -> None:
        """Mask code spans: a backtick run up to the next run of exactly its length (found by
        lookup, so many unmatched runs stay linear)."""
        view = self.buf.view(start, end)
        runs: dict[int, list[int]] = {}  # length -> start of every maximal backtick run, in order
        for m in _RUN.finditer(view):
            runs.setdefault(len(m.group()), []).append(m.start())
        pos = 0
        while runs:
            m = _BACKTICKS.search(view, pos)
            if not m:
                return
            run = len(m.group())
            starts = runs.get(run, ())
            index = bisect.bisect_left(starts, m.end())  # the opener is maximal: no run starts at its end
            if index == len(starts):
                pos = m.end()
                continue
            closer_end = starts[index] + run
            self.buf.hide(start + m.start(), start + closer_end)
            pos = closer_end

    def _links(self, start: int, end: int) -> None:
        """Images are masked whole; a link keeps its text and loses brackets and target.

        Link text may itself hold links: each link's text is queued as a region of its own (a
        work list, not recursion, so any depth of nesting is fine). Bracket and parenthesis
        pairs are found once, in one pass over the whole inline region: scanning forward from an
        opener gives the same closer whichever region it is in, provided that closer lies
        inside the region, and masking only ever touches text outside the regions still queued."""
        buf = self.buf
        view = buf.view(start, end)
        brackets = _pairs(view, "[", "]")
        parens: dict[int, int] | None = None
        regions = [(0, len(view))]
        while regions:
            lo, hi = regions.pop()
            pos = lo
            while True:
                open_ = view.find("[", pos, hi)
                if open_ < 0:
                    break
                if open_ > lo and view[open_ - 1] == "\\":
                    pos = open_ + 1
                    continue
                close = brackets.get(open_, -1)
                if not open_ < close < hi:
                    pos = open_ + 1
                    continue
                image = open_ > lo and view[open_ - 1] == "!"
                after = close + 1
                target_end = -1
                url = ""
                if after < hi and view[after] == "(":
                    if parens is None:
                        parens = _pairs(view, "(", ")")
                    target_end = parens.get(after, -1)
                    if after < target_end < hi:
                        words = view[after + 1 : target_end].strip().split(None, 1)[0:1]
                        url = words[0].strip("<>") if words else ""
                elif after < hi and view[after] == "[":
                    target_end = brackets.get(after, -1)
                if not after < target_end < hi:
                    pos = open_ + 1  # a bare [text]: a citation marker or a shortcut reference
                    continue
                a, b = start + open_, start + target_end + 1
                if image:
                    buf.hide(a - 1, b)
                else:
                    buf.hide(a, a + 1)
                    buf.hide(start + close, b)
                    if url:
                        buf.links.append(Link(a + 1, start + close, url))
                    regions.append((open_ + 1, close))  # link text may hold code or nested brackets
                pos = target_end + 1


_PAIR_CHARS = {("[", "]"): regex.compile(r"[\\\[\]\n]"), ("(", ")"): regex.compile(r"[\\()\n]")}


def _pairs(view: str, opener: str, closer: str) -> dict[int, int]:
    """For each opener in `view`, the index of its matching closer, or -1 when there is none
    (a blank line or the end comes first). A backslash escapes the next character. One pass:
    the same answers as scanning forward from each opener and counting depth."""
    found: dict[int, int] = {}
    stack: list[int] = []
    escaped_until = 0
    for m in _PAIR_CHARS[(opener, closer)].finditer(view):
        i = m.start()
        if i < escaped_until:
            continue
        c = view[i]
        if c == "\\":
            escaped_until = i + 2
        elif c == opener:
            stack.append(i)
        elif c == closer:
            if stack:
                found[stack.pop()] = i
        elif view[i + 1 : i + 2] in ("\r", "\n") and i + 1 < len(view):  # a blank line
            for index in stack:
                found[index] = -1
            stack.clear()
    for index in stack:
        found[index] = -1
    return found


def parse_markdown(source: SourceFile) -> Parsed:
    text = source.text
    buf = MaskBuffer(text)
    starts = source.line_starts
    nlines = len(starts)

    def line_end(line: int) -> int:
        """Offset of the end of a 0-based line, before its line break."""
        return source.line_span(line + 1)[1] if line < nlines else len(text)

    fm = _front_matter_lines(text)
    parse_text = text
    if fm:
        cut = starts[fm] if fm < nlines else len(text)
        parse_text = "".join(c if c in "\r\n" else "" for c in text[:cut]) + text[cut:]
    tokens = _MD.parse(parse_text)

    inline = _Inline(buf)
    quote_depth = 0
    item_lines: set[int] = set()
    stack: list[str] = []
    row_line: int | None = None
    for i, tok in enumerate(tokens):
        t = tok.type
        if t == "blockquote_open":
            quote_depth += 1
        elif t == "blockquote_close":
            quote_depth -= 1
        elif t == "list_item_open" and tok.map:
            item_lines.add(tok.map[0])
            stack.append("list_item")
        elif t == "list_item_close":
            stack.pop()
        elif t == "tr_open" and tok.map:
            row_line = tok.map[0]
            _table_row(buf, inline, starts[row_line], line_end(row_line), quote_depth > 0)
        elif t == "html_block" and tok.map:
            a = starts[tok.map[0]]
            b = line_end(tok.map[1] - 1)
            mask_html_region(buf, a, b)
        elif t == "inline" and tok.map and tokens[i - 1].type in ("paragraph_open", "heading_open"):
            opener = tokens[i - 1]
            first, last = tok.map[0], tok.map[1] - 1
            a, b = starts[first], line_end(last)
            buf.reveal(a, b)
            for line in range(first, last + 1):
                _strip_prefixes(buf, starts[line], line_end(line), quote_depth > 0, line in item_lines)
            if opener.type == "heading_open":
                kind = "heading"
                if opener.markup.startswith("#"):
                    la, lb = starts[first], line_end(first)
                    m = _ATX_OPEN.match(text, la, lb)
                    if m:
                        buf.hide(m.start(), m.end())
                    m = _ATX_CLOSE.search(text, la, lb)
                    if m:
                        buf.hide(m.start(), m.end())
            elif stack and stack[-1] == "list_item":
                kind = "list_item"
            elif quote_depth:
                kind = "quote"
            else:
                kind = "paragraph"
            inline.mask(a, b)
            buf.add_block(kind, a, b)
    return buf.result()


def _strip_prefixes(buf: MaskBuffer, a: int, b: int, in_quote: bool, item_line: bool) -> None:
    """Mask container markers at the start of a line: blockquote '>' and list item markers."""
    text = buf.text
    pos = a
    for _ in range(64):
        m = _INDENT.match(text, pos, b)
        if m:
            pos = m.end()
        if in_quote:
            m = _QUOTE_PREFIX.match(text, pos, b)
            if m:
                pos = m.end()
                continue
        if item_line:
            m = _ITEM_PREFIX.match(text, pos, b)
            if m and m.end() > pos:
                pos = m.end()
                continue
        break
    buf.hide(a, pos)


def _table_row(buf: MaskBuffer, inline: _Inline, a: int, b: int, in_quote: bool) -> None:
    """Reveal one table row; each cell between unescaped pipes becomes a block."""
    buf.reveal(a, b)
    _strip_prefixes(buf, a, b, in_quote, False)
    inline.mask(a, b)
    view = buf.view(a, b)
    cuts = [m.start() for m in _PIPE.finditer(view)]
    for cut in cuts:
        buf.hide(a + cut, a + cut + 1)
    edges = [0, *(c + 1 for c in cuts), len(view) + 1]
    for left, right in zip(edges, edges[1:]):
        buf.add_block("table_cell", a + left, a + right - 1)
