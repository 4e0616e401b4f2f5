"""HTML articles: text of block elements becomes prose; script, style, code, pre and markup are masked."""

from __future__ import annotations

from html.parser import HTMLParser

import regex

from ..document import Comment, Link, Parsed
from ..source import SourceFile
from .mask import MaskBuffer

# Elements whose content is never prose.
SKIP = frozenset(
    "script style code pre kbd samp var template noscript svg math textarea select "
    "option iframe object head nav form".split()
)
# Elements that start and end a block of prose; the value is the block kind.
BLOCKS = {
    **{f"h{i}": "heading" for i in range(1, 7)},
    "li": "list_item",
    "dt": "list_item",
    "dd": "list_item",
    "td": "table_cell",
    "th": "table_cell",
    "blockquote": "quote",
    "title": "heading",
    "caption": "heading",
    "summary": "heading",
}
for _tag in (
    "p div section article aside header footer main figure figcaption address form "
    "fieldset legend details dialog ul ol dl table thead tbody tfoot tr body html hr br "
    "button label center"
).split():
    BLOCKS.setdefault(_tag, "paragraph")
# A container whose class, id or ARIA role names it a references or footnotes list: its blocks are
# reference entries, whatever heading (if any) precedes them.
REFERENCE_CONTAINER = regex.compile(
    r"(?i)(?<![a-z])(?:foot-?notes?|end-?notes?|references?|reflist|bibliography|citations|sources|works-cited|"
    r"doc-endnotes|doc-bibliography)(?![a-z])"
)
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# The end of an HTML comment (HTML5: "-->" or "--!>"; "<!-->" and "<!--->" are complete, empty ones).
_COMMENT_END = regex.compile(r"--!?>")
# A list's start or an item's value: ASCII digits only, at most 9 (int() fails on "²", and on numbers
# of over 4300 digits).
_NUMBER = regex.compile(r"\s*([0-9]{1,9})\s*", regex.ASCII)


def _number_attr(value: str | None) -> int | None:
    m = _NUMBER.fullmatch(value or "")
    return int(m.group(1)) if m else None


class _Walker(HTMLParser):
    def __init__(self, buf: MaskBuffer, start: int, end: int) -> None:
        super().__init__(convert_charrefs=False)
        self.buf = buf
        self.base = start
        region = buf.text[start:end]
        self.region = region
        self.newlines = [0]
        pos = region.find("\n")
        while pos != -1:
            self.newlines.append(pos + 1)
            pos = region.find("\n", pos + 1)
        self.skip: list[str] = []
        self.kinds: list[str] = []
        self.block_start: int | None = None
        self.block_end = 0
        self.anchors: list[tuple[int, str]] = []
        self.lists: list[int | None] = []  # per open <ol> its last item number; None for <ul>
        self.items: list[tuple[int, str]] = []  # open <li>: (list depth, the number it shows)
        self.closing = False  # set for close(): what is still unclosed then runs to the end
        self._last_gt: tuple[str | None, int] = (None, -1)  # (input, offset of its last ">")

    # -- positions -------------------------------------------------------------------------
    def _here(self) -> int:
        line, col = self.getpos()
        return self.base + self.newlines[line - 1] + col

    def _flush(self) -> None:
        if self.block_start is not None:
            kind = self.kinds[-1] if self.kinds else "paragraph"
            if kind == "paragraph" and "list_item" in self.kinds:
                kind = "list_item"  # <li><p>…</p></li>
            label = self.items[-1][1] if self.items else ""
            if "reference" in self.kinds:
                inside = self.kinds[self.kinds.index("reference") :]
                inner = "list_item" if "list_item" in inside else "paragraph" if kind == "reference" else kind
                self.buf.add_block("reference", self.block_start, self.block_end, inner, label)
            else:
                self.buf.add_block(kind, self.block_start, self.block_end, label=label)
        self.block_start = None

    def _extend(self, start: int, end: int) -> None:
        if self.block_start is None:
            self.block_start = start
        self.block_end = end

    # -- HTMLParser callbacks --------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            if tag == self.skip[-1] or (tag in SKIP and tag not in VOID):
                self.skip.append(tag)
            return
        if tag in SKIP:
            self._flush()
            self.skip.append(tag)
            return
        if tag in BLOCKS:
            self._flush()
            self._number(tag, dict(attrs))
            if tag not in VOID:
                marks = " ".join(v for k, v in attrs if k in ("class", "id", "role") and v)
                container = tag not in ("li", "p", "td", "th", "dt", "dd") and REFERENCE_CONTAINER.search(marks)
                self.kinds.append("reference" if container else BLOCKS[tag])
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.anchors.append((self._here() + len(self.get_starttag_text() or ""), href))

    def _number(self, tag: str, attrs: dict[str, str | None]) -> None:
        """Track list numbering so that a references <ol> tells each entry's number."""
        if tag in ("ol", "ul"):
            start = _number_attr(attrs.get("start") or "1")
            self.lists.append(start - 1 if tag == "ol" and start is not None else None)
        elif tag == "li":
            depth = len(self.lists)
            while self.items and self.items[-1][0] >= depth:
                self.items.pop()  # an unclosed sibling <li>
            shown = ""
            if self.lists and self.lists[-1] is not None:
                value = _number_attr(attrs.get("value"))
                self.lists[-1] = value if value is not None else self.lists[-1] + 1
                shown = str(self.lists[-1])
            else:
                digits = regex.search(r"([0-9]{1,3})$", attrs.get("id") or "")
                shown = digits.group(1) if digits else ""
            self.items.append((depth, shown))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skip and tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag in self.skip:
                while self.skip and self.skip.pop() != tag:
                    pass
            return
        if tag in BLOCKS:
            self._flush()
            if tag == "li" and self.items:
                self.items.pop()
            elif tag in ("ol", "ul") and self.lists:
                self.lists.pop()
                while self.items and self.items[-1][0] > len(self.lists):
                    self.items.pop()
            if tag not in VOID and self.kinds:
                # Pop to the matching kind level (tolerates unclosed inner elements).
                self.kinds.pop()
        elif tag == "a" and self.anchors:
            start, href = self.anchors.pop()
            end = self._here()
            if href and end > start:
                self.buf.links.append(Link(start, end, href))

    def handle_data(self, data: str) -> None:
        if self.skip or not data:
            return
        start = self._here()
        end = start + len(data)
        self.buf.reveal(start, end)
        if data.strip():
            self._extend(start, end)

    def _reference(self, raw: str) -> None:
        if self.skip:
            return
        start = self._here()
        end = start + len(raw)
        self.buf.reveal(start, end)
        self.buf.decode_entities(start, end)
        self._extend(start, end)

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")

    # -- comments and declarations ---------------------------------------------------------
    def parse_starttag(self, i: int) -> int:
        # With no ">" left in the input, a "<tag …" cannot be completed: say so at once. The
        # standard parser would scan to the end for each of them (quadratic on "<a <a <a …").
        if self.closing:
            if self._last_gt[0] is not self.rawdata:
                self._last_gt = (self.rawdata, self.rawdata.rfind(">"))
            if i > self._last_gt[1]:
                return -1
        return super().parse_starttag(i)

    def parse_comment(self, i: int, report: bool = True) -> int:
        """`<!--…-->` as HTML5 reads it (replacing the standard parser's, which differs between
        Python versions): `-->` or `--!>` ends it, `<!-->` and `<!--->` are empty comments, and
        one still open at the end of the input runs to the end (found once, not rescanned for
        every later `<!--`)."""
        rawdata = self.rawdata
        if rawdata.startswith("<!-->", i) or rawdata.startswith("<!--->", i):
            body_end, end = i + 4, rawdata.index(">", i + 4) + 1
        else:
            m = _COMMENT_END.search(rawdata, i + 4)
            if m:
                body_end, end = m.start(), m.end()
            elif self.closing:
                body_end = end = len(rawdata)
            else:
                return -1  # wait for the rest of the input
        if report:
            self._comment(rawdata[i + 4 : body_end], end - i)
        return end

    def handle_comment(self, data: str) -> None:
        # Only bogus comments arrive here ("<!x>", "</ x>"): two characters before, one after.
        self._comment(data, len(data) + 3)

    def _comment(self, data: str, length: int) -> None:
        if self.skip:
            return  # a comment inside <pre>, <code>, <script>… is content, not a directive
        start = self._here()
        self.buf.comments.append(Comment(start, min(start + length, len(self.buf.text)), data))

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """`<![CDATA[…]]>` and the like; any other `<![` (which the standard parser rejects with
        an AssertionError) is, as in HTML5, a bogus comment up to the next `>`."""
        position = self.getpos()
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            self.lineno, self.offset = position  # it moved the position before raising
            end = self.rawdata.find(">", i + 3)
            if end >= 0:
                return end + 1
            return len(self.rawdata) if self.closing else -1


def mask_html_region(buf: MaskBuffer, start: int, end: int) -> None:
    """Parse the HTML in [start, end) of the buffer's text, revealing its prose."""
    walker = _Walker(buf, start, end)
    walker.feed(walker.region)
    walker.closing = True
    walker.close()
    walker._flush()
    # Entity references split across data chunks and bare URLs in text are not prose either.
    for block in list(buf.blocks):
        if start <= block.start < end:
            buf.hide_urls(block.start, block.end)


def parse_html(source: SourceFile) -> Parsed:
    buf = MaskBuffer(source.text)
    mask_html_region(buf, 0, len(source.text))
    return buf.result()
