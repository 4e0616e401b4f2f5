"""A native second prefilter for large runs: every rule pattern, loosened into a pattern
Hyperscan can run, scanned for in one pass over an article.

Hyperscan (an optional, compiled multi-pattern engine) cannot run the rule patterns as they are
written: they use lookarounds, lazy repeats, scoped flags and Unicode classes. Each pattern is
therefore *loosened* into one that matches at least wherever the original can: lookarounds and
anchors are dropped, lazy repeats become greedy, and characters are compared on a projection
of the text to ASCII, one character to one byte (so offsets are kept):

- ASCII characters are kept as they are;
- a character that matches an ASCII letter case-insensitively (the Kelvin sign, the long s,
  dotted and dotless i) becomes that letter; other decimal digits become "0", other
  whitespace a space;
- any other character becomes byte 1 if the pattern engine counts it as a word character, and
  byte 2 if it does not.

A class of the original becomes the set of bytes that some character of the class projects to;
a negated class leaves out only bytes every one of whose characters it excludes. A match of the
original at [start, end) is then a match of the loosened pattern on the projection at the same
offsets, so Hyperscan reports `end` for it: a sentence in which the loosened pattern ends
nowhere cannot hold a match, and the exact pattern is never run there. Patterns that cannot be
loosened this way (back-references, conditionals, full case folding, `regex`-only syntax) or
whose loosened form could match the empty string are simply not filtered by it.

A long alternative with "any words" between parts ("cures (up to three words) cancer", with
long lists of verbs and diseases) is cut into a chain of those parts, each its own Hyperscan
pattern, because Hyperscan compiles a large alternation followed by a repeated class and another
alternation very slowly. A match of the alternative then ends where its last part ends, after an
end of each part before it; for each such end the filter keeps the latest end of the first part
(its bound), so that a sentence in which the chain only completes from an earlier sentence is
not searched either.

Compiling the loosened patterns takes seconds (in child processes, see `healthlint.hsbuild`), so
this filter is built only for runs large enough to repay it (see `runner.NATIVE_MIN_BYTES`), and
only where Hyperscan is installed.
"""

from __future__ import annotations

import bisect
import functools
import json
import pickle
import re
import subprocess
import sys
import threading
from array import array
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from typing import NamedTuple

import regex

from .prefilter import _C, _for_stdlib, _sre, _Unknown, normalise, table_key

try:  # an optional dependency (x86-64 Linux and macOS wheels)
    import hyperscan as _hs

    from . import hsbuild
except ImportError:  # pragma: no cover - depends on the platform
    _hs = None

WORD, OTHER = 1, 2  # bytes standing for non-ASCII word characters and other non-ASCII characters
_ANY_PROPERTY = "\ue000"  # stands for a \p{..} / \P{..} class while parsing
_EXOTIC = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}  # non-ASCII, fold to ASCII
_LOOSE_LETTERS = frozenset("iIsSkK")  # letters with non-ASCII case partners (see _EXOTIC)

_IS_WORD = regex.compile(r"\w")
_IS_SPACE = regex.compile(r"\s")
_IS_DIGIT = regex.compile(r"\d")
_ALL = frozenset(range(128)) | {WORD, OTHER}
_DIGITS = frozenset(range(0x30, 0x3A))
_SPACES = frozenset({0x20})  # every whitespace character projects to a space
_WORDS = frozenset(c for c in range(128) if _IS_WORD.match(chr(c))) | {WORD}
_ALNUM = frozenset(c for c in range(128) if chr(c).isalnum())


def available() -> bool:
    return _hs is not None


# -- the projection ------------------------------------------------------------------------------


class _Projection(dict):  # type: ignore[type-arg]
    """A `str.translate` table to the one-byte alphabet, filled in on first use of a character."""

    def __missing__(self, code: int) -> int:
        target = _project(chr(code))
        self[code] = target
        return target


def _project(ch: str) -> int:
    if ord(ch) < 128 and not _IS_SPACE.match(ch):
        return ord(ch)
    folded = normalise(ch)  # digits -> "0", whitespace -> " ", case partners -> one of them
    if ord(folded) < 128:
        return ord(folded)
    return WORD if _IS_WORD.match(ch) else OTHER


_TABLE = _Projection({c: c for c in range(128) if not _IS_SPACE.match(chr(c))})


def project(text: str) -> bytes:
    """`text` in the one-byte alphabet the loosened patterns are matched on (same offsets)."""
    return text.translate(_TABLE).encode("ascii")


# -- loosening -----------------------------------------------------------------------------------


class Unfit(Exception):
    """The pattern cannot be loosened for Hyperscan."""


def _parseable(source: str) -> str:
    """The pattern in the standard parser's syntax, \\p{..} classes marked for `_members`."""
    try:
        return _for_stdlib(source, _ANY_PROPERTY)
    except _Unknown as exc:
        raise Unfit(str(exc)) from None


def _literal_bytes(code: int, caseless: bool) -> set[int]:
    ch = chr(code)
    if ch == _ANY_PROPERTY:
        return set(_ALL)
    found = {_project(ch)}
    if caseless and code >= 128:  # ASCII case is left to Hyperscan's own caseless mode
        found.add(_project(normalise(ch)))
    return found


def _members(items: list[tuple[object, object]], caseless: bool) -> set[int]:
    """The bytes some character of a class projects to."""
    negated = any(op is _C.NEGATE for op, _ in items)
    if negated:
        return set(_ALL) - _excluded(items)
    found: set[int] = set()
    for op, av in items:
        if op is _C.LITERAL:
            found |= _literal_bytes(av, caseless)  # type: ignore[arg-type]
        elif op is _C.RANGE:
            lo, hi = av  # type: ignore[misc]
            found.update(_project(chr(c)) for c in range(lo, min(hi, 127) + 1))
            if hi >= 128:
                found |= {WORD, OTHER, 0x30, 0x20} | {ord(t) for ch, t in _EXOTIC.items() if lo <= ord(ch) <= hi}
                if lo <= 0xE000 <= hi:
                    found |= _ALL
        elif op is _C.CATEGORY:
            found |= _category(av)
        else:
            raise Unfit(f"class member {op}")
    return found


def _category(av: object) -> set[int]:
    if av is _C.CATEGORY_DIGIT:
        return set(_DIGITS)
    if av is _C.CATEGORY_NOT_DIGIT:
        return set(_ALL - _DIGITS)
    if av is _C.CATEGORY_SPACE:
        return set(_SPACES)
    if av is _C.CATEGORY_NOT_SPACE:
        return set(_ALL - _SPACES)
    if av is _C.CATEGORY_WORD:
        return set(_WORDS)
    if av is _C.CATEGORY_NOT_WORD:
        return set(_ALL - _WORDS)
    return set(_ALL)


def _excluded(items: list[tuple[object, object]]) -> set[int]:
    """The bytes a negated class surely excludes: those every character of which it names."""
    out: set[int] = set()
    for op, av in items:
        if op is _C.NEGATE:
            continue
        if op is _C.LITERAL:
            out |= _sure(av, av)  # type: ignore[arg-type]
        elif op is _C.RANGE:
            out |= _sure(*av)  # type: ignore[misc]
        elif op is _C.CATEGORY:
            if av in (_C.CATEGORY_DIGIT, _C.CATEGORY_SPACE, _C.CATEGORY_WORD):
                out |= _category(av)
            elif av is _C.CATEGORY_NOT_WORD:
                out |= _ALL - _WORDS
            elif av is _C.CATEGORY_NOT_SPACE:
                out |= _ALL - _SPACES
            elif av is _C.CATEGORY_NOT_DIGIT:
                out |= _ALL - _DIGITS
        else:
            raise Unfit(f"class member {op}")
    return out


def _sure(lo: int, hi: int) -> set[int]:
    """ASCII bytes in [lo, hi] that no other character projects to."""
    out = set()
    for code in range(lo, min(hi, 127) + 1):
        ch = chr(code)
        if ch.isdigit() or ch.isspace() or ch in _LOOSE_LETTERS:
            continue  # other digits, spaces and case partners project here too
        out.add(code)
    return out


def _byte(code: int) -> str:
    ch = chr(code)
    return ch if ch.isascii() and ch.isalnum() else f"\\x{code:02x}"


def _class(codes: set[int]) -> str:
    if not codes:
        raise Unfit("empty class")
    if len(codes) == 1:
        return _byte(next(iter(codes)))
    if len(codes) >= len(_ALL):
        return "[\\x00-\\x7f]"
    parts, ordered, i = [], sorted(codes), 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        parts.append(_byte(ordered[i]) if i == j else f"{_byte(ordered[i])}-{_byte(ordered[j])}")
        i = j + 1
    return "[" + "".join(parts) + "]"


def _scoped(caseless: bool, add: int, remove: int) -> bool:
    """Whether a group with these inline flags is case-insensitive inside."""
    return (caseless or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE


class _Loosener:
    """Writes a parsed pattern as a Hyperscan pattern; tracks whether it can match empty."""

    def sequence(self, items: Iterable[tuple[object, object]], caseless: bool) -> tuple[str, bool]:
        out, empty = [], True
        for op, av in items:
            text, nullable = self.node(op, av, caseless)
            out.append(text)
            empty = empty and nullable
        return "".join(out), empty

    def node(self, op: object, av: object, caseless: bool) -> tuple[str, bool]:
        if op is _C.LITERAL:
            return _class(_literal_bytes(av, caseless)), False  # type: ignore[arg-type]
        if op is _C.NOT_LITERAL:
            return _class(set(_ALL) - _sure(av, av)), False  # type: ignore[arg-type]
        if op is _C.ANY:
            return "[\\x00-\\x7f]", False  # a newline projects to a space, like other whitespace
        if op is _C.IN:
            return _class(_members(av, caseless)), False  # type: ignore[arg-type]
        if op is _C.CATEGORY:
            return _class(_category(av)), False
        if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            return "", True  # anchors and lookarounds only narrow a match: dropped
        if op is _C.SUBPATTERN:
            _, add, remove, body = av  # type: ignore[misc]
            if (add | remove) & ~(re.IGNORECASE | re.UNICODE | re.VERBOSE | re.DOTALL | re.MULTILINE):
                raise Unfit("group flags")
            inner = _scoped(caseless, add, remove)
            text, nullable = self.sequence(body, inner)
            flag = "" if inner == caseless else ("i" if inner else "-i")
            return f"(?{flag}:{text})", nullable
        if op is getattr(_C, "ATOMIC_GROUP", None):
            text, nullable = self.sequence(av, caseless)  # type: ignore[arg-type]
            return f"(?:{text})", nullable
        if op is _C.BRANCH:
            parts = [self.sequence(b, caseless) for b in av[1]]  # type: ignore[index]
            return "(?:" + "|".join(p for p, _ in parts) + ")", any(n for _, n in parts)
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
            low, high, body = av  # type: ignore[misc]
            text, nullable = self.sequence(body, caseless)
            if high != 0 and self._broad((op, av), caseless):
                # "any words": one class repeated, after the body once if the repeat needs it
                # (so `(?:[A-Z][a-z]+)+` still needs a capital followed by a lowercase letter)
                rest = _class(self._bytes(body, caseless)) + "*"
                return (rest, True) if low == 0 or nullable else (f"(?:{text}){rest}", False)
            if high == 0 or not text:
                return "", True
            if high == 1:
                count = "?" if low == 0 else ""
            else:  # bounds above one are dropped: much faster to compile, and only looser
                count = "*" if low == 0 else "+" if low == 1 else f"{{{low},}}"
            return f"(?:{text}){count}", nullable or low == 0
        raise Unfit(f"operator {op}")  # back-references, conditionals

    def alternatives(self, items: list[tuple[object, object]], caseless: bool) -> list[tuple[str, ...]]:
        """Loosened patterns, one of which matches wherever the sequence `items` matches as a
        whole (see `loosened`): each a 1-tuple, or a chain of pieces (see `pieces`)."""
        items = [item for item in items if item[0] not in _ZERO_WIDTH]
        if len(items) == 1:
            op, av = items[0]
            if op is _C.BRANCH:
                return [found for branch in av[1] for found in self.alternatives(list(branch), caseless)]  # type: ignore[index]
            if op is _C.SUBPATTERN:
                _, add, remove, body = av  # type: ignore[misc]
                inner = _scoped(caseless, add, remove)
                found = self.alternatives(list(body), inner)
                if inner != caseless:
                    found = [tuple(f"(?{'i' if inner else '-i'}:{text})" for text in chain) for chain in found]
                return found
        text, nullable = self.sequence(items, caseless)
        if nullable:
            raise Unfit("an alternative can match the empty string")
        return [(len(text) >= MIN_CHAINED and self.pieces(items, caseless)) or (text,)]

    def pieces(self, items: list[tuple[object, object]], caseless: bool) -> tuple[str, ...]:
        """The sequence cut at its top-level "any words" repeats, keeping the pieces between them
        that hold at least MIN_SPECIFIC letters or digits: a match of the sequence holds a match
        of each kept piece, in order, so together they filter about as well as the whole, and
        Hyperscan compiles them many times faster than the whole. () when fewer than two
        pieces are kept (the sequence is then loosened whole)."""
        texts: list[list[str]] = [[]]  # per piece, its items loosened
        weights = [0]  # per piece, its specific letters and digits
        for op, av in items:
            if op in _REPEATS and av[1] != 0 and self._broad((op, av), caseless):  # type: ignore[index]
                low, _, body = av  # type: ignore[misc]
                text, nullable = self.sequence(body, caseless)
                if low and not nullable:  # the repeat needs its body once: it ends this piece
                    texts[-1].append(f"(?:{text})")
                    weights[-1] += self.specific(body, caseless)
                texts.append([])
                weights.append(0)
                continue
            texts[-1].append(self.node(op, av, caseless)[0])
            weights[-1] += self.specific([(op, av)], caseless)
        kept = tuple("".join(piece) for piece, weight in zip(texts, weights) if weight >= MIN_SPECIFIC)
        return kept if len(kept) >= 2 else ()

    def specific(self, items: Iterable[tuple[object, object]], caseless: bool) -> int:
        """The fewest letters and digits a match of `items` holds that come from classes of at
        most ten of them (a piece with none of these could match almost anywhere)."""
        count = 0
        for op, av in items:
            if op is _C.LITERAL:
                members = _literal_bytes(av, caseless)  # type: ignore[arg-type]
            elif op is _C.IN:
                members = _members(av, caseless)  # type: ignore[arg-type]
            elif op is _C.SUBPATTERN:
                _, add, remove, body = av  # type: ignore[misc]
                count += self.specific(body, _scoped(caseless, add, remove))
                continue
            elif op is getattr(_C, "ATOMIC_GROUP", None):
                count += self.specific(av, caseless)  # type: ignore[arg-type]
                continue
            elif op is _C.BRANCH:
                count += min(self.specific(branch, caseless) for branch in av[1])  # type: ignore[index]
                continue
            elif op in _REPEATS:
                low, high, body = av  # type: ignore[misc]
                count += low * self.specific(body, caseless) if high != 0 else 0
                continue
            else:
                continue
            if len(members) <= 10 and members <= _ALNUM:
                count += 1
        return count

    def _bytes(self, items: Iterable[tuple[object, object]], caseless: bool) -> set[int]:
        """Every byte a match of `items` can hold."""
        found: set[int] = set()
        for op, av in items:
            if op is _C.LITERAL:
                found |= _literal_bytes(av, caseless)  # type: ignore[arg-type]
                if caseless:  # the class may be written outside this caseless scope
                    found |= {ord(c) for c in (chr(av).lower(), chr(av).upper()) if ord(c) < 128}  # type: ignore[arg-type]
            elif op is _C.NOT_LITERAL:
                found |= set(_ALL) - _sure(av, av)  # type: ignore[arg-type]
            elif op is _C.ANY:
                found |= _ALL
            elif op is _C.IN:
                members = _members(av, caseless)  # type: ignore[arg-type]
                if caseless:
                    members |= {ord(chr(c).swapcase()) for c in members if c < 128 and chr(c).isalpha()}
                found |= members
            elif op is _C.CATEGORY:
                found |= _category(av)
            elif op in _ZERO_WIDTH:
                continue
            elif op is _C.SUBPATTERN:
                _, add, remove, body = av  # type: ignore[misc]
                found |= self._bytes(body, _scoped(caseless, add, remove))
            elif op is getattr(_C, "ATOMIC_GROUP", None):
                found |= self._bytes(av, caseless)  # type: ignore[arg-type]
            elif op is _C.BRANCH:
                for branch in av[1]:  # type: ignore[index]
                    found |= self._bytes(branch, caseless)
            elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
                found |= self._bytes(av[2], caseless)  # type: ignore[index]
            else:
                raise Unfit(f"operator {op}")
        return found

    def _broad(self, item: tuple[object, object], caseless: bool) -> bool:
        """A repeat of "any word" or "any text" (or an optional one)."""
        op, av = item
        if op not in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
            return False
        low, high, body = av  # type: ignore[misc]
        if high == 1 and low == 1:
            return False
        for sub_op, sub_av in body:
            if sub_op in (_C.ANY, _C.NOT_LITERAL):  # `.`, `[^\n]`
                return True
            if sub_op is _C.IN and len(_members(sub_av, caseless)) >= _BROAD:  # type: ignore[arg-type]
                return True
            if sub_op is _C.CATEGORY and sub_av not in (_C.CATEGORY_DIGIT, _C.CATEGORY_SPACE):
                return True
            if sub_op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and self._broad((sub_op, sub_av), caseless):
                return True
        return False


MAX_EXPRESSION = 6000  # alternatives are grouped into Hyperscan patterns of about this length
_BROAD = 20  # a repeated class of at least this many bytes matches "any word" or "any text"
_ZERO_WIDTH = (_C.AT, _C.ASSERT, _C.ASSERT_NOT)
_REPEATS = tuple(op for op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)) if op is not None)
MIN_SPECIFIC = 3  # letters or digits a piece of a chain must hold (see _Loosener.pieces)
# Only alternatives at least this long once loosened are cut into chains: those are the ones
# Hyperscan is slow to compile (a large alternation, any words, another one), while cutting
# short ones would only add matches to report (each piece reports its own).
MIN_CHAINED = 3000


class Loose(NamedTuple):
    """A pattern loosened for Hyperscan (see `loosened`)."""

    whole: tuple[str, ...]  # alternatives loosened whole, grouped into patterns
    chains: tuple[tuple[str, ...], ...]  # alternatives cut into pieces that match in this order
    caseless: bool  # case-insensitive throughout


TABLE = "native_table.json"  # in the package: `loosen` of every built-in pattern


def loosen(source: str, flags: int) -> Loose | None:
    """`loosened` of the pattern, from the shipped table when it is a built-in pattern (loosening
    the built-in patterns takes about two seconds, paid before compiling on every large run)."""
    entry = _shipped().get(table_key(source, flags), _MISSING)
    if entry is _MISSING:
        return loosened(source, flags)
    return entry  # type: ignore[return-value]


_MISSING = object()


def table_entry(loose: Loose | None) -> list[object] | None:
    """A `loosened` result as JSON data."""
    return None if loose is None else [list(loose.whole), [list(chain) for chain in loose.chains], loose.caseless]


def make_table(keys: Iterable[tuple[str, int]]) -> dict[str, object]:
    """The shipped table (as JSON data) of these patterns."""
    return {"loose": {table_key(*key): table_entry(loosened(*key)) for key in sorted(set(keys))}}


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[str, Loose | None]:
    """The shipped table; empty when it is missing or unreadable (which only costs time).
    tests/test_native.py checks that it is current."""
    try:
        data = json.loads(resources.files("healthlint").joinpath(TABLE).read_text(encoding="utf-8"))
        return {
            key: None if entry is None else Loose(tuple(entry[0]), tuple(tuple(c) for c in entry[1]), bool(entry[2]))
            for key, entry in data["loose"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return {}


@functools.lru_cache(maxsize=4096)
def loosened(source: str, flags: int) -> Loose | None:
    """Hyperscan patterns that together match wherever `source` can on the projection, or None
    when there are none worth running.

    Where every match of the pattern is a match of one of its alternatives, each alternative is
    loosened on its own. A repeat of "any word" or "any text" (`(?:\\w+\\s+){0,3}`,
    `[^.!?]{0,80}`) becomes one class repeated, which is only looser. A long alternative (see
    MIN_CHAINED) with such repeats between parts that each hold a few letters ("cures (any words)
    cancer") becomes a chain of those parts, each its own Hyperscan pattern: a match of the
    alternative ends where its last part ends, after an end of each part before it. The other
    alternatives are grouped into patterns of about MAX_EXPRESSION characters (Hyperscan limits
    the size of one pattern)."""
    if flags & (regex.FULLCASE | regex.VERSION1 | regex.REVERSE | regex.WORD):
        return None
    try:
        tree = _sre.parse(_parseable(source), re.VERBOSE if flags & regex.VERBOSE else 0)
        global_flags = tree.state.flags
        caseless = bool(flags & regex.IGNORECASE or global_flags & re.IGNORECASE)
        loosener = _Loosener()
        if loosener.sequence(tree, caseless)[1]:
            return None  # it can match the empty string, so anywhere: nothing to filter
        alternatives = loosener.alternatives(list(tree), caseless)
    except (Unfit, re.error, ValueError, IndexError, OverflowError, RecursionError):
        return None
    whole: list[str] = []
    chunk: list[str] = []
    for (text,) in (found for found in alternatives if len(found) == 1):
        if chunk and sum(map(len, chunk)) + len(text) > MAX_EXPRESSION:
            whole.append("|".join(chunk))
            chunk = []
        chunk.append(text)
    if chunk:
        whole.append("|".join(chunk))
    chains = tuple(dict.fromkeys(found for found in alternatives if len(found) > 1))
    return Loose(tuple(whole), chains, caseless)


# -- the filter ----------------------------------------------------------------------------------


class NativeFilter:
    """The loosened patterns of a rule set, compiled into Hyperscan databases."""

    def __init__(
        self, keys: Iterable[tuple[str, int]], workers: int = 1, meanwhile: Callable[[], object] | None = None
    ) -> None:
        """`workers`: how many child processes may compile at once; `meanwhile` is called while
        they do."""
        self.ids: dict[tuple[str, int], int] = {}  # pattern -> its id in scan results
        self._whole: list[tuple[int, ...]] = []  # pattern id -> its expressions of whole alternatives
        self._chains: list[tuple[tuple[int, ...], ...]] = []  # pattern id -> its chains of expressions
        numbers: dict[tuple[str, bool], int] = {}  # (expression, caseless) -> its number
        expressions: list[bytes] = []
        hs_flags: list[int] = []

        def number(text: str, caseless: bool) -> int:
            if (text, caseless) not in numbers:
                numbers[(text, caseless)] = len(expressions)
                expressions.append(text.encode("ascii"))
                hs_flags.append(_hs.HS_FLAG_PREFILTER | (_hs.HS_FLAG_CASELESS if caseless else 0))
            return numbers[(text, caseless)]

        for key in keys:
            loose = loosen(*key)
            if loose is None or key in self.ids:
                continue
            self.ids[key] = len(self._whole)
            self._whole.append(tuple(number(text, loose.caseless) for text in loose.whole))
            self._chains.append(tuple(tuple(number(t, loose.caseless) for t in chain) for chain in loose.chains))
        self._dbs, refused = _build(expressions, hs_flags, workers, meanwhile)
        for key, pattern in list(self.ids.items()):
            used = {*self._whole[pattern], *(x for chain in self._chains[pattern] for x in chain)}
            if used & refused:
                del self.ids[key]
        self._local = threading.local()  # Hyperscan scratch space: one per database and thread

    def scan(self, text: str) -> Found:
        """Where each expression ends in `text`; `Found.ends` gives a pattern's ends from them."""
        raw: dict[int, array[int]] = {}
        if not self._dbs:
            return Found(self, raw)

        def found(expression: int, start: int, end: int, flags: int, context: object) -> None:
            at = raw.get(expression)
            if at is None:
                raw[expression] = array("q", (end,))
            else:
                at.append(end)

        scratches = getattr(self._local, "scratches", None)
        if scratches is None:
            scratches = self._local.scratches = [_hs.Scratch(db) for db in self._dbs]
        projected = project(text)
        for db, scratch in zip(self._dbs, scratches):
            db.scan(projected, match_event_handler=found, scratch=scratch)
        for expression, at in raw.items():
            if any(a > b for a, b in zip(at, at[1:])):
                raw[expression] = array("q", sorted(at))
        return Found(self, raw)

    def id(self, key: tuple[str, int]) -> int | None:
        return self.ids.get(key)

    def resolve(self, raw: dict[int, array[int]], pattern: int) -> tuple[array[int], array[int] | None]:
        """A pattern's candidate ends (ascending) and, when it has chains, their bounds: every
        match [start, end) of the pattern has an i with ends[i] <= end and bounds[i] > start
        (without bounds, ends[i] > start)."""
        wholes = [raw[x] for x in self._whole[pattern] if x in raw]
        pairs: dict[int, int] = {}
        for chain in self._chains[pattern]:
            for end, bound in zip(*_chained(raw, chain)):
                if pairs.get(end, -1) < bound:
                    pairs[end] = bound
        if not pairs:
            if len(wholes) == 1:
                return wholes[0], None
            return array("q", sorted({e for at in wholes for e in at})), None
        for at in wholes:
            for end in at:
                pairs[end] = end
        ends = array("q", sorted(pairs))
        return ends, array("q", (pairs[e] for e in ends))


def _chained(raw: dict[int, array[int]], chain: tuple[int, ...]) -> tuple[Sequence[int], Sequence[int]]:
    """Where the chain's last piece ends after an end of each piece before it, in order, and for
    each such end the latest end of the first piece that starts such a sequence."""
    ends: Sequence[int] = raw.get(chain[0], _NONE)
    bounds = ends
    for expression in chain[1:]:
        if not ends:
            break
        later, later_bounds = array("q"), array("q")
        for end in raw.get(expression, _NONE):
            i = bisect.bisect_left(ends, end)
            if i:
                later.append(end)
                later_bounds.append(bounds[i - 1])  # bounds rise with ends: the largest one
        ends, bounds = later, later_bounds
    return ends, bounds


class Found:
    """One scan's results, resolved into a pattern's ends on first use."""

    __slots__ = ("_filter", "_raw", "_resolved")

    def __init__(self, nf: NativeFilter, raw: dict[int, array[int]]) -> None:
        self._filter, self._raw = nf, raw
        self._resolved: dict[int, tuple[array[int], array[int] | None]] = {}

    def ends(self, pattern: int) -> tuple[array[int], array[int] | None]:
        """`NativeFilter.resolve` for this scan."""
        got = self._resolved.get(pattern)
        if got is None:
            got = self._resolved[pattern] = self._filter.resolve(self._raw, pattern)
        return got


_NONE: array[int] = array("q")


CHILD_TIMEOUT = 300.0  # seconds a compiling child may take (a group takes a few) before it is given up
GROUPS = 8  # databases the expressions are split into (8 compile in less time than 1 in total)


def _build(
    expressions: list[bytes], hs_flags: list[int], workers: int, meanwhile: Callable[[], object] | None = None
) -> tuple[list[object], set[int]]:
    """Databases of the expressions (each reported under its index), split into GROUPS of about
    equal length, and the indices of the expressions Hyperscan refused. Each group is compiled
    in a child process (`healthlint.hsbuild`), up to `workers` at a time; a group whose child
    fails is compiled here."""
    groups: list[list[int]] = [[] for _ in range(min(GROUPS, len(expressions)))]
    sizes = [0] * len(groups)
    for i in sorted(range(len(expressions)), key=lambda i: -len(expressions[i])):
        g = sizes.index(min(sizes))  # longest first, into the shortest group so far
        groups[g].append(i)
        sizes[g] += len(expressions[i])

    def build(group: list[int]) -> tuple[object | None, list[int]]:
        job = ([expressions[i] for i in group], [hs_flags[i] for i in group], group)
        found = _in_child(*job)
        return found if found is not None else hsbuild.compile_group(*job)

    with ThreadPoolExecutor(max(1, workers)) as pool:  # the threads only wait for the children
        results = pool.map(build, groups)  # every group submitted now
        if meanwhile is not None:
            meanwhile()
        built = list(results)
    return [db for db, _ in built if db is not None], {i for _, refused in built for i in refused}


# The child runs hsbuild.py as a script (importing the healthlint package would cost it half a
# second), without the working directory on its module path.
_CHILD = (
    "import runpy, sys; sys.path[:1] = [p for p in sys.path[:1] if p]; runpy.run_path(sys.argv[1], run_name='__main__')"
)


def _in_child(expressions: list[bytes], hs_flags: list[int], ids: list[int]) -> tuple[object | None, list[int]] | None:
    """`hsbuild.compile_group` run in a child process, or None when no child could do it."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, hsbuild.__file__],
            input=pickle.dumps((expressions, hs_flags, ids)),
            capture_output=True,
            check=True,
            timeout=CHILD_TIMEOUT,
        )
        data, refused = pickle.loads(done.stdout)
        return (None if data is None else _hs.loadb(data, _hs.HS_MODE_BLOCK)), refused
    except (OSError, ValueError, subprocess.SubprocessError, pickle.UnpicklingError, EOFError, _hs.error):
        return None
