"""Sentence spans inside a block of prose, robust to the abbreviations and numbers of health text."""

from __future__ import annotations

import regex

# Abbreviations after which a period never ends a sentence.
NEVER_ENDS = frozenset(
    """dr drs mr mrs ms mx prof st sr jr rev vs v e.g i.e cf ca approx appr al
    eq incl dept univ assn viz jan feb apr jun jul aug sep sept oct nov dec a.k.a aka""".split()
)
# Abbreviations that do not end a sentence when a number follows ("No. 1", "Fig. 2").
BEFORE_NUMBER = frozenset("no nos fig figs vol vols pp p ref refs ch sec tab".split())
# A sentence end, with the citation markers that follow it: "[2]", "¹", and the digits of an
# HTML "<sup>2</sup>" whose tags are masked ("stomach.    2     Your…").
_TERMINAL = regex.compile(
    r"[.!?…]+(?:[\"'”’)\]]+)?(?:\[[\^]?[\d,\s–-]{1,20}\])*(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+)?"
    r"(?:\s{1,160}[0-9]{1,3}(?:\s*[,–-]\s*[0-9]{1,3})*(?=\s+(?:\p{Lu}|[\"“‘(])|\s*$))?"
)
_WORD_BEFORE = regex.compile(r"([\p{L}\p{N}][\p{L}\p{N}.'’-]*)$")
_OPENERS = "\"'“‘([¿¡*_"


def split_sentences(text: str, base: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of `text` as (start, end) offsets shifted by `base`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    first = n - len(text.lstrip())  # the first character that is not whitespace
    for m in _TERMINAL.finditer(text):
        end = m.end()
        if end < n and not text[end].isspace():
            continue
        nxt = end
        while nxt < n and text[nxt].isspace():
            nxt += 1
        if nxt < n and not _breaks(text, m.start(), m.group(), text[nxt], first):
            continue
        _append(spans, text, start, end, base)
        start = end
    _append(spans, text, start, n, base)
    return spans


def _breaks(text: str, punct_at: int, punct: str, following: str, first: int) -> bool:
    """Whether the punctuation cluster at `punct_at`, followed by `following`, ends a sentence.
    `first` is the offset of the text's first non-whitespace character."""
    if following.islower():
        return False
    if punct[0] != ".":
        return True
    word_match = _WORD_BEFORE.search(text, max(0, punct_at - 40), punct_at)
    if not word_match:
        return True
    word = word_match.group(1)
    if word.isdigit() and word_match.start() <= first:
        return False  # list numbering at the start of a block: "3. Fights colds"
    lower = word.lower()
    if lower in NEVER_ENDS:
        return False
    if lower in BEFORE_NUMBER and following.isdigit():
        return False
    if len(word) == 1 and word.isupper() and _is_initial(text, word_match.start()):
        return False  # an initial: "J. Smith", "John F. Kennedy"
    if "." in word.strip("."):
        return False  # a dotted abbreviation: "U.S.", "a.m."
    return following.isupper() or following.isdigit() or following in _OPENERS or not following.isalpha()


def _is_initial(text: str, at: int) -> bool:
    """A lone capital is an initial when it starts the text or follows a capitalised word,
    not after a lowercase word ("vitamin D.") or inside a unit ("mmol/L.")."""
    if at and not text[at - 1].isspace() and text[at - 1] not in "(\"'“":
        return False
    # The last whitespace-separated word before `at` (scanned back, not split: long texts stay linear).
    end = at
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0:
        return True
    begin = end
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    return text[begin].isupper()


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int, base: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((base + start, base + end))
