"""Citation markers and the reference entries they point to, found in one document.

A *marker* is a numeric or footnote citation in the prose: `[3]`, `[1, 2]`, `[2-4]`, `[^note]`,
superscript digits (`¹²`) or an HTML `<sup>3</sup>`. An *entry* is an item of a references section
(a numbered list, footnote definitions `[^n]: …`, `[n] …` lines, or the items of an HTML footnotes
or references container), identified by its number or label. Author–year citations and source
links need no entry, so they are not markers here.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .document import Block, Document

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
MARKER = regex.compile(
    r"\[(?P<br>\^?[0-9]{1,3}(?:\s*[-–,]\s*\^?[0-9]{1,3})*)\]"  # [1] [1, 2] [1-3] [^1]
    r"|\[\^(?P<label>[A-Za-z][\w-]{0,30})\]"  # [^note]
    r"|(?<=[\p{L}\p{N}.,;:)\]%’'\"”])(?P<sup>[¹²³⁴⁵⁶⁷⁸⁹⁰]+(?:[,‚][¹²³⁴⁵⁶⁷⁸⁹⁰]+)*)"  # superscript digits
    r"|<sup\b[^>]*>\s*(?:<a\b[^>]*>\s*)?\[?(?P<html>[0-9]{1,3}(?:\s*[-–,]\s*[0-9]{1,3})*)\]?\s*(?:</a>\s*)?</sup>"
)
# Squares and cubes of units are not citations: "kg/m²", "30 m<sup>2</sup>".
_UNIT_POWER = regex.compile(r"(?i)(?:\b(?:k?m|cm|mm|ft|in|μm|µm)|/m)$")
_ENTRY_LABEL = regex.compile(r"[ \t]*(?:[-*+][ \t]+)?(?:\[\^?(?P<label>[\w-]{1,40})\]:?|\^?(?P<num>[0-9]{1,3})[.):])")
_LIST_NUMBER = regex.compile(r"(?P<num>[0-9]{1,3})[.)][ \t]*$")
# What a reference entry looks like, as opposed to a newsletter footer under a "Sources" heading.
_ENTRY_SHAPE = regex.compile(
    r"(?i)\b(?:19|20)[0-9]{2}\b|https?://|www\.|\bdoi\b|\bPMID\b|\bet al\b|journal|\bvol\.|\bpp\.|retrieved|"
    r"accessed|fact ?sheet|guidance|guideline|review|\.gov\b|\.org\b|(?-i:NIH|NHS|CDC|WHO|FDA|NICE|ODS)|Cochrane"
)


@dataclass(frozen=True, slots=True)
class Marker:
    """One citation marker: its span in the source and the entry ids it cites."""

    start: int
    end: int
    ids: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One reference entry: where it starts (in the source) and its id."""

    start: int
    end: int
    id: str


@dataclass(frozen=True, slots=True)
class Section:
    """A references heading and the entries under it (possibly none)."""

    heading_start: int
    heading_end: int
    entries: int


_SHOWN_NUMBER = regex.compile(r"\s*\[?\^?([0-9]{1,3})[\].):]?\s")  # "[3] ", "3. ", "^3) "
_COMMA = regex.compile(r"\s*,\s*")
_DASH = regex.compile(r"\s*[-–]\s*")


def _expand(raw: str) -> tuple[str, ...]:
    """ "1, 3-5" -> ("1", "3", "4", "5"); footnote carets are dropped ("^2" and "2" are the same)."""
    out: list[str] = []
    for part in _COMMA.split(raw.replace("^", "")):
        bounds = _DASH.split(part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            a, b = int(bounds[0]), int(bounds[1])
            if a <= b <= a + 50:
                out.extend(str(n) for n in range(a, b + 1))
                continue
        out.extend(x for x in bounds if x)
    return tuple(out)


def marker_ids(m: regex.Match[str]) -> tuple[str, ...]:
    """The entry ids a MARKER match cites."""
    group = next(g for g in ("br", "label", "sup", "html") if m.group(g) is not None)
    return _expand(m.group(group).translate(_SUPERSCRIPT).replace("‚", ","))


def markers(doc: Document) -> list[Marker]:
    """Citation markers in the article's prose (not in references sections, code or URLs)."""
    text, prose = doc.text, doc.prose
    out: list[Marker] = []
    seen_blocks = [b for b in doc.blocks if b.kind != "reference"]
    for block in seen_blocks:
        # An HTML <sup> may open just before the block's first visible character.
        start = max(0, block.start - 200) if doc.source.format == "html" else block.start
        for m in MARKER.finditer(text, start, min(len(text), block.end + 60)):
            group = next(g for g in ("br", "label", "sup", "html") if m.group(g) is not None)
            a, b = m.span(group)
            if not (block.start <= a < block.end) or not prose[a:b].strip():
                continue  # masked: inside code, a URL, a comment or markup
            raw = m.group(group)
            if group in ("sup", "html"):
                before = text[max(0, m.start() - 4) : m.start()]
                if raw.translate(_SUPERSCRIPT) in ("2", "3") and _UNIT_POWER.search(before):
                    continue
            out.append(Marker(m.start(), m.end(), marker_ids(m), m.group()))
    out.sort(key=lambda k: k.start)
    return out


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def entries(doc: Document) -> tuple[list[Entry], list[Section]]:
    """Reference entries with their ids, and the references sections (heading + entry count)."""
    text, prose = doc.text, doc.prose
    found: list[Entry] = []
    sections: list[Section] = []
    ordinal = 0
    current: list[int] | None = None  # [heading_start, heading_end, entries]
    for block in doc.blocks:
        body = prose[block.start : block.end]
        titled = block.kind in ("heading", "paragraph") and len(body) < 40 and "\n" not in body
        titled = titled and _is_reference_heading(body)
        if block.kind == "heading" or titled:
            if current is not None:
                sections.append(Section(*current))
            current = [block.start, block.end, 0] if titled else None
            ordinal = 0
            continue
        if block.kind != "reference":
            continue
        if current is not None and _looks_like_entry(doc, block):
            current[2] += 1
        if block.inner == "heading":
            ordinal = 0
            continue
        ordinal += 1 if block.inner == "list_item" else 0
        got = False
        line_start = _line_start(text, block.start)
        pos = block.start
        while pos < block.end:
            nl = text.find("\n", pos, block.end)
            line_end = block.end if nl < 0 else nl
            head = text[_line_start(text, pos) if pos == block.start else pos : line_end]
            m = _ENTRY_LABEL.match(head)
            if m and (m.group("label") or m.group("num")):
                found.append(Entry(pos, line_end, (m.group("label") or m.group("num")).lstrip("^")))
                got = True
            pos = line_end + 1
        if got:
            continue
        if block.label:
            found.append(Entry(block.start, block.end, block.label))
            continue
        prefix = text[line_start : block.start]
        number = _LIST_NUMBER.search(prefix)
        if number:
            found.append(Entry(block.start, block.end, number.group("num")))
            continue
        # <li><sup>3</sup> Smith …</li> or <li>3. Smith …</li>: the number the entry shows.
        shown = _SHOWN_NUMBER.match(prose[block.start : block.end] + " ")
        if shown:
            found.append(Entry(block.start, block.end, shown.group(1)))
        elif block.inner == "list_item" and ordinal:
            found.append(Entry(block.start, block.end, str(ordinal)))
    if current is not None:
        sections.append(Section(*current))
    return found, sections


def _looks_like_entry(doc: Document, block: Block) -> bool:
    if block.inner == "list_item" or block.label:
        return True
    if _ENTRY_SHAPE.search(doc.text, block.start, block.end) or _ENTRY_LABEL.match(doc.text, block.start):
        return True
    return bool(doc.links_starting(block.start, block.end))


def _is_reference_heading(body: str) -> bool:
    from .reader import _REFERENCE_HEADING  # one definition of what a references heading says

    return bool(_REFERENCE_HEADING.fullmatch(body))
