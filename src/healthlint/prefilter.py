"""A literal prefilter: one scan of a document finds where each rule pattern could match.

Scanning a document once per rule pattern is what made linting slow: each pattern is a large
word-bounded alternation, and the regex engine tries every branch at every word. Instead, each
pattern is analysed once for the words its matches can begin with ("first words": "cures",
"clinically", "0" for a digit…). A document is then scanned once, for all patterns together, for
words that begin with any first word, and each pattern is tried (anchored, with `match`) only at
the words that could start one of its matches.

The analysis over-approximates: lookarounds and anchors are ignored, character classes too large
to list end a first word, and anything it does not understand makes the pattern "unfiltered"
(scanned in full, as before). So `Prefilter.finditer(pattern, text)` yields exactly the matches of
`pattern.finditer(text)` — a property the test suite checks on every built-in pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import regex

MAX_PREFIX = 12  # characters of a first word that are used (longer words are cut)
MAX_STRINGS = 4000  # more first-word candidates than this: the pattern is not filtered
MAX_CLASS = 48  # a character class with more members than this ends a first word


def _normal_table() -> dict[int, int]:
    """After lower-casing: every decimal digit becomes 0 and every whitespace character a space,
    so that `\\d` and `\\s` in a pattern are one character each. One-to-one, like lower()
    nearly always is (a text whose length lower() changes is not filtered)."""
    table: dict[int, int] = {0x017F: ord("s"), 0x212A: ord("k")}  # long s, Kelvin sign
    every = "".join(map(chr, range(0x30000)))
    for m in regex.finditer(r"[\s\d]", every):  # the pattern engine's own \s and \d
        ch = m.group()
        target = " " if ch.isspace() or not ch.isdecimal() and regex.match(r"\s", ch) else "0"
        if ch != target:
            table[ord(ch)] = ord(target)
    return table


_TABLE: dict[int, int] | None = None


def normalise(text: str) -> str:
    global _TABLE
    if _TABLE is None:
        _TABLE = _normal_table()
    return text.lower().translate(_TABLE)


def _norm_char(ch: str) -> str:
    return normalise(ch)


# -- pattern analysis ---------------------------------------------------------------------------
# A "prefix set" is a set of (string, closed) pairs: every match of the analysed expression starts
# with one of the strings; a string is closed when what follows it is unknown. ("", False) means
# the expression can match the empty string.


class _Unknown(Exception):
    """The pattern uses syntax the analysis does not model: do not filter it."""


ANY = None  # a character class too large to list
_BRACES = regex.compile(r"\{(\d*)(?:(,)(\d*))?\}")


@dataclass
class _Parser:
    src: str
    pos: int = 0
    verbose: bool = False
    skipping: int = 0
    names: list[str] = field(default_factory=list)

    def peek(self, n: int = 1) -> str:
        return self.src[self.pos : self.pos + n]

    def take(self) -> str:
        ch = self.src[self.pos]
        self.pos += 1
        return ch

    # An expression: branches separated by |
    def alternation(self) -> set[tuple[str, bool]]:
        result = self.sequence()
        while self.peek() == "|":
            self.pos += 1
            result |= self.sequence()
        return result

    def sequence(self) -> set[tuple[str, bool]]:
        if self.skipping:
            while self.pos < len(self.src) and self.peek() not in "|)":
                self.quantified()
            return {("", True)}
        state: set[tuple[str, bool]] = {("", False)}
        while self.pos < len(self.src) and self.peek() not in "|)":
            if all(closed for _, closed in state):
                self.skipping += 1  # the rest cannot change the first words: only parse it
                try:
                    self.quantified()
                finally:
                    self.skipping -= 1
                continue
            state = _concat(state, self.quantified())
            if len(state) > MAX_STRINGS:
                raise _Unknown("too many first words")
        return state

    def quantified(self) -> set[tuple[str, bool]]:
        atom = self.atom()
        if self.pos >= len(self.src):
            return atom
        ch = self.peek()
        low = None
        if ch in "?*+":
            self.pos += 1
            low = 0 if ch in "?*" else 1
        elif ch == "{":
            m = _BRACES.match(self.src, self.pos)
            if m and (m.group(1) or m.group(3)):
                self.pos = m.end()
                low = int(m.group(1) or 0)
            else:
                return atom  # a literal "{"
        else:
            return atom
        if self.peek() in ("?", "+"):
            self.pos += 1  # lazy or possessive: the same strings
        if low == 0:
            return atom | {("", False)}
        # one or more: the first repetition's strings; what follows is unknown
        return {(s, True) if s else (s, c) for s, c in atom}

    def atom(self) -> set[tuple[str, bool]]:
        ch = self.take()
        if ch == "(":
            return self.group()
        if ch == "[":
            return _chars(self.char_class())
        if ch == "\\":
            return self.escape()
        if ch == ".":
            return _chars(ANY)
        if ch in "^$":
            return {("", False)}
        if self.verbose and ch.isspace():
            return {("", False)}
        if self.verbose and ch == "#":
            while self.pos < len(self.src) and self.peek() != "\n":
                self.pos += 1
            return {("", False)}
        return _chars({_norm_char(ch)})

    def group(self) -> set[tuple[str, bool]]:
        zero_width = False
        if self.peek() == "?":
            self.pos += 1
            nxt = self.take()
            if nxt == "#":  # comment
                while self.take() != ")":
                    pass
                return {("", False)}
            if nxt in "=!":
                zero_width = True
            elif nxt == "<" and self.peek() in "=!":
                self.pos += 1
                zero_width = True
            if zero_width:  # a lookaround consumes nothing: only parse it
                self.skipping += 1
                try:
                    self.alternation()
                finally:
                    self.skipping -= 1
                if self.pos >= len(self.src) or self.take() != ")":
                    raise _Unknown("unbalanced group")
                return {("", False)}
            elif nxt == ":" or nxt == ">" or nxt == "|":
                pass
            elif nxt == "P" and self.peek() == "<" or nxt == "<":
                if nxt == "P":
                    self.pos += 1
                while self.take() != ">":
                    pass
            elif nxt == "P":
                raise _Unknown("named back-reference")
            elif nxt == "(":
                raise _Unknown("conditional group")
            else:  # flags: (?i) (?-i:...) (?x)
                flags = nxt
                while self.peek() not in (":", ")"):
                    flags += self.take()
                if "x" in flags.split("-")[0]:
                    raise _Unknown("verbose pattern")
                if self.take() == ")":
                    return {("", False)}
        inner = self.alternation()
        if self.pos >= len(self.src) or self.take() != ")":
            raise _Unknown("unbalanced group")
        return {("", False)} if zero_width else inner

    def escape(self) -> set[tuple[str, bool]]:
        ch = self.take()
        if ch in "bBAZzGmM":
            return {("", False)}
        if ch == "d":
            return _chars({"0"})
        if ch == "s":
            return _chars({" "})
        if ch in "wWSDXpPNRhH" or ch.isdigit() or ch in "gkK":
            if ch in "pPN" and self.peek() == "{":
                while self.take() != "}":
                    pass
            elif ch in "pP":
                self.pos += 1
            if ch.isdigit() or ch in "gkK":
                raise _Unknown("back-reference")
            return _chars(ANY)
        if ch in "ntrfv":
            return _chars({" "})
        if ch in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[ch]
            if ch == "x" and self.peek() == "{":
                end = self.src.index("}", self.pos)
                code = int(self.src[self.pos + 1 : end], 16)
                self.pos = end + 1
            else:
                code = int(self.src[self.pos : self.pos + width], 16)
                self.pos += width
            return _chars({_norm_char(chr(code))})
        if ch.isalpha():
            raise _Unknown(f"escape \\{ch}")
        return _chars({_norm_char(ch)})

    def char_class(self) -> set[str] | None:
        """The members of [...] (normalised), or ANY when negated or too large."""
        negated = self.peek() == "^"
        if negated:
            self.pos += 1
        members: set[str] = set()
        large = False
        first = True
        while True:
            if self.pos >= len(self.src):
                raise _Unknown("unterminated class")
            ch = self.take()
            if ch == "]" and not first:
                break
            first = False
            if ch == "[":  # nested set (regex V1) or POSIX class
                raise _Unknown("nested class")
            if ch == "\\":
                esc = self.take()
                if esc == "d":
                    members.add("0")
                    continue
                if esc == "s":
                    members.add(" ")
                    continue
                if esc in "ntrfv":
                    members.add(" ")
                    continue
                if esc in "wWSDpP":
                    if esc in "pP":
                        if self.peek() == "{":
                            while self.take() != "}":
                                pass
                        else:
                            self.pos += 1
                    large = True
                    continue
                if esc in "xuU":
                    width = {"x": 2, "u": 4, "U": 8}[esc]
                    ch = chr(int(self.src[self.pos : self.pos + width], 16))
                    self.pos += width
                elif esc.isalnum():
                    raise _Unknown(f"class escape \\{esc}")
                else:
                    ch = esc
            if self.peek() == "-" and self.peek(2) != "-]" and self.src[self.pos + 1 : self.pos + 2] != "]":
                self.pos += 1
                hi = self.take()
                if hi == "\\":
                    hi = self.take()
                    if hi.isalnum():
                        raise _Unknown("class range escape")
                if ord(hi) - ord(ch) > 512:
                    large = True
                    continue
                members.update(_norm_char(chr(c)) for c in range(ord(ch), ord(hi) + 1))
                continue
            members.add(_norm_char(ch))
        if negated or large or len(members) > MAX_CLASS:
            return ANY
        return members


def _chars(members: set[str] | None) -> set[tuple[str, bool]]:
    if members is ANY:
        return {("", True)}
    return {(c, False) for c in members}


def _concat(state: set[tuple[str, bool]], atom: set[tuple[str, bool]]) -> set[tuple[str, bool]]:
    out: set[tuple[str, bool]] = set()
    for s, closed in state:
        if closed or len(s) >= MAX_PREFIX:
            out.add((s, True))
            continue
        for t, c in atom:
            if t and not _is_word(t[0]):
                out.add((s, True))  # a first word ends at a non-word character
                continue
            joined = s + t
            out.add((joined[:MAX_PREFIX], c or len(joined) >= MAX_PREFIX))
    return out


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def first_words(pattern: regex.Pattern[str]) -> frozenset[str] | None:
    """The (normalised) word prefixes every match of `pattern` starts with, when each match must
    start at a word start with a word character; None when that cannot be shown."""
    if pattern.flags & regex.VERBOSE:
        return None
    source = pattern.pattern
    if not source.startswith(("(?<![\\w])", "(?<!\\w)", "\\b")):
        return None  # a match could start anywhere, even after a letter
    try:
        parser = _Parser(source)
        strings = parser.alternation()
        if parser.pos != len(source):
            return None
    except (_Unknown, IndexError, ValueError):
        return None
    words: set[str] = set()
    for s, _ in strings:
        cut = 0
        while cut < len(s) and _is_word(s[cut]):
            cut += 1
        if cut == 0:
            return None  # could start with a non-word character (or anything)
        words.add(s[:cut])
    return frozenset(words)


# -- scanning -----------------------------------------------------------------------------------

_WORD = regex.compile(r"(?<!\w)\w+")


@dataclass
class Prefilter:
    """First words of every filtered pattern, indexed for one scan per document."""

    index: dict[str, list[int]] = field(default_factory=dict)  # first word -> pattern slots
    lengths: tuple[int, ...] = ()
    slots: dict[tuple[str, int], int] = field(default_factory=dict)  # (source, flags) -> slot
    scanner: re.Pattern[str] | None = None
    _words: dict[str, tuple[int, ...]] = field(default_factory=dict)  # word -> slots it may start

    @classmethod
    def build(cls, patterns: Iterable[regex.Pattern[str]]) -> Prefilter:
        pf = cls()
        seen: set[tuple[str, int]] = set()
        for pattern in patterns:
            key = (pattern.pattern, pattern.flags)
            if key in seen:
                continue
            seen.add(key)
            words = first_words(pattern)
            if not words:
                continue
            slot = len(pf.slots)
            pf.slots[key] = slot
            for word in words:
                pf.index.setdefault(word, []).append(slot)
        pf.lengths = tuple(sorted({len(w) for w in pf.index}))
        if pf.index:
            from .patterns import trie_regex

            # Words that begin with a first word: one alternation over all patterns.
            body = trie_regex(sorted(pf.index))
            # (the standard library's engine scans a plain literal trie several times faster)
            pf.scanner = re.compile(r"(?<!\w)(?:" + body + r")\w*")
        return pf

    def scan(self, text: str) -> dict[int, list[int]] | None:
        """Slot -> ascending candidate start offsets in `text`; None when the text cannot be
        normalised one-to-one (then every pattern is scanned in full)."""
        if self.scanner is None:
            return {}
        norm = normalise(text)
        if len(norm) != len(text):
            return None
        words = self._words
        if len(words) > 200_000:
            words.clear()
        found: dict[int, list[int]] = {}
        for m in self.scanner.finditer(norm):
            word = m.group()
            slots = words.get(word)
            if slots is None:
                slots = words[word] = self._slots_for(word)
            start = m.start()
            for slot in slots:
                places = found.get(slot)
                if places is None:
                    found[slot] = [start]
                else:
                    places.append(start)
        return found

    def _slots_for(self, word: str) -> tuple[int, ...]:
        out: set[int] = set()
        for n in self.lengths:
            if n > len(word):
                break
            out.update(self.index.get(word[:n], ()))
        return tuple(sorted(out))

    def slot(self, pattern: regex.Pattern[str]) -> int | None:
        return self.slots.get((pattern.pattern, pattern.flags))


def finditer_at(
    pattern: regex.Pattern[str], text: str, starts: list[int], timeout: float | None = None
) -> Iterator[regex.Match[str]]:
    """The matches `pattern.finditer(text)` would yield, trying only the given start offsets
    (every offset where a match could start, ascending)."""
    end = -1
    match = pattern.match
    for start in starts:
        if start < end:
            continue
        m = match(text, start, timeout=timeout)
        if m is not None:
            yield m
            end = m.end() if m.end() > m.start() else m.end() + 1
