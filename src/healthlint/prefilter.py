"""A literal prefilter: one scan of a document tells where each rule pattern could match.

Scanning a document once per rule pattern is what made linting slow: each pattern is a large
alternation, and a regex engine tries every branch at every position. Instead, each pattern is
analysed once for a set of literal strings ("required strings") such that every match contains
at least one of them: `(?:the\\s+)?best\\s+(?:way|supplement)` needs "best", and
`cures?\\s+(?:cancer|diabetes)` needs "cure" (or, if that is commoner, one of "cancer" and
"diabetes"). A document is then scanned once, by one compiled trie of every required string of
every pattern, and a pattern is run only in the sentences (or blocks) that hold one of its strings.
Most sentences hold none, so most patterns never run on most of the text.

The analysis parses the pattern (with the standard library's regex parser, after mapping the few
`regex`-module escapes it does not know to a class it treats as "any character") and works
bottom-up, in the manner of RE2's prefilter: a literal is an exact string; a concatenation of
exact sets is their product while small; an alternation needs one string of each branch; an
optional or starred part needs nothing; a repeat of one or more needs what its body needs. Where
a sequence offers several choices, the one least likely to occur in prose wins. Anything the
analysis does not model makes the pattern unfiltered: it is then run on every sentence. Text and
strings are compared after a one-to-one case folding (digits become 0, whitespace a space), so the
filter is sound for case-insensitive patterns. The test suite checks on every built-in pattern
and every fixture that filtered and unfiltered runs give the same matches.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

import regex

from . import patterns

if TYPE_CHECKING:
    from .native import NativeFilter

try:  # Python 3.11+
    from re import _constants as _C  # type: ignore[attr-defined]
    from re import _parser as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _sre  # type: ignore[no-redef]

MAX_EXACT = 64  # an exact set larger than this becomes a requirement
MAX_ITEM = 24  # characters of a required string that are kept
MAX_CLASS = 12  # a character class with more members than this matches "anything"
MAX_ITEMS = 1500  # a set of strings larger than this is not worth building


# -- normalisation --------------------------------------------------------------------------------


class _Folding(dict):  # type: ignore[type-arg]
    """A one-to-one case folding, as a `str.translate` table filled in on first use of each
    character: each character maps to one character, so offsets are kept. Characters the pattern
    engine matches to each other case-insensitively map to the same one (the lowest lower-case
    member of their class: I, i and İ to i; Σ, σ and ς to ς; the Kelvin sign to k). Decimal
    digits map to 0 and whitespace (as the engine's `\\s` sees it) to a space, so that `\\d`
    and `\\s` are single characters too."""

    _SPACE = regex.compile(r"\s")
    _DIGIT = regex.compile(r"\d")

    def __missing__(self, code: int) -> int:
        from regex import _regex  # the engine's own case tables

        ch = chr(code)
        if self._SPACE.match(ch):
            target = 0x20
        elif self._DIGIT.match(ch):
            target = 0x30
        else:
            flags = regex.IGNORECASE | regex.VERSION0
            members = {code, *_regex.get_all_cases(flags, code)}
            grown = True
            while grown:  # the closure of "matches case-insensitively"
                more = {c for m in members for c in _regex.get_all_cases(flags, m)} - members
                grown = bool(more)
                members |= more
            lower = [m for m in members if chr(m).islower()]
            target = min(lower or members)
        self[code] = target
        return target


_TABLE = _Folding()


def normalise(text: str) -> str:
    """`text` case-folded one character to one character (same length, same offsets)."""
    return text.translate(_TABLE)


# -- pattern analysis -------------------------------------------------------------------------------


class _Unknown(Exception):
    """The pattern uses syntax the analysis does not model: do not filter it."""


@dataclass(frozen=True, slots=True)
class _Info:
    """What an expression's matches are known to be: exactly one of a small set of strings
    (`exact`); or strings that start with one of `prefix` and contain one of `req`; or (all
    None) anything at all."""

    exact: frozenset[str] | None = None
    req: frozenset[str] | None = None
    prefix: frozenset[str] | None = None


_ANYTHING = _Info()
_EMPTY = _Info(exact=frozenset({""}))

# Words so common in prose that a required string inside one of them filters little.
_COMMON = (
    "the and for you your are with that this have from they will can not but what all were when "
    "there been has more one our out some than them then these its also may into only other which "
    "about could would should their time very after most over such take daily day people health help "
    "body can't don't it's studies study research evidence effect effects per"
).split()


_COMMON_PARTS = frozenset(w[i:j] for w in _COMMON for i in range(len(w)) for j in range(i + 1, len(w) + 1))


@functools.lru_cache(maxsize=65536)
def _cost(item: str) -> float:
    """How often a required string is expected to occur in prose (lower is rarer)."""
    core = item.strip()
    letters = sum(ch.isalpha() for ch in core)
    if core == "0":
        return 0.4  # a digit: common, but not in most sentences
    if letters <= 1 and len(core) <= 1:
        return 1.0  # one letter ("s", "i" of a case-sensitive "I"): everywhere
    cost = 0.3 ** max(letters, 0.5)
    if letters == 2 and len(core) == 2:
        cost = 0.2
    if core in _COMMON_PARTS:
        cost = max(cost, 0.02)
    return cost


def _set_cost(items: frozenset[str] | None) -> float:
    if items is None:
        return float("inf")
    # fsum is exact, so the total does not depend on the set's iteration order (which varies
    # with the string hash seed): the same pattern gets the same strings in every process.
    return math.fsum(_cost(i) for i in items)


def _as_req(info: _Info) -> frozenset[str] | None:
    """The requirement an expression imposes: its exact strings (cut to MAX_ITEM), or its own."""
    return info.req if info.exact is None else _usable(info.exact)


def _usable(strings: frozenset[str] | None) -> frozenset[str] | None:
    """Strings a match contains, cut to MAX_ITEM, when each has something to look for."""
    if strings is None:
        return None
    items = set()
    for s in strings:
        s = s[:MAX_ITEM]
        if not any(ch.isalnum() for ch in s):
            return None  # an empty or punctuation-only string: nothing to look for
        items.add(s)
    return frozenset(items)


def _best(*reqs: frozenset[str] | None) -> frozenset[str] | None:
    best, cost = None, float("inf")
    for req in reqs:
        c = _set_cost(req)
        if c < cost and req is not None and len(req) <= MAX_ITEMS:
            best, cost = req, c
    return best


def _fold(ch: str) -> str:
    return normalise(ch)


def _prefix_of(info: _Info) -> frozenset[str] | None:
    """Strings every match of the expression starts with ("" among them: it may match the
    empty string), if known."""
    return info.exact if info.exact is not None else info.prefix


def _sequence_prefix(infos: list[_Info]) -> frozenset[str] | None:
    """The strings every match of a concatenation starts with, elements that may match the
    empty string passed through ("(?:about\\s+)?halved" starts with "about" or "halved")."""
    done: set[str] = set()
    pending: frozenset[str] = frozenset({""})
    for info in infos:
        heads = _prefix_of(info)
        if heads is None:
            if "" in pending:
                return None
            break
        if info.exact is not None:
            product = _product(pending, heads, MAX_ITEMS)
            if product is None:  # too many or too long: what is known so far is a prefix too
                if len(pending) * len(heads) <= MAX_ITEMS:
                    pending = frozenset((a + b)[:MAX_ITEM] for a in pending for b in heads)
                elif "" in pending:
                    return None
                break
            pending = product
            continue
        complete = _product(pending, heads - {""}, MAX_ITEMS)
        if complete is None:
            if "" in pending:
                return None
            break
        done |= complete
        if "" not in heads:
            pending = frozenset()
            break
    done |= pending
    return frozenset(done) if len(done) <= MAX_ITEMS else None


def _product(left: frozenset[str], right: frozenset[str], limit: int) -> frozenset[str] | None:
    """Every string of `left` followed by every string of `right`, unless there are more than
    `limit` of them or one is longer than MAX_ITEM."""
    if len(left) * len(right) > limit:
        return None
    if len(left) == 1:
        (a,) = left
        if not a:
            return right if max(map(len, right), default=0) <= MAX_ITEM else None
    if max(map(len, left), default=0) + max(map(len, right), default=0) > MAX_ITEM:
        return None
    return frozenset(a + b for a in left for b in right)


class _Analyser:
    def sequence(self, items: Iterable[tuple[object, object]]) -> _Info:
        run: frozenset[str] = frozenset({""})  # the exact strings of the current stretch
        leading = True  # no inexact element seen yet
        candidates: list[frozenset[str] | None] = []  # sets of strings, one of which a match contains
        infos: list[_Info] = []
        literal: list[str] = []  # a run of literal characters is one exact string
        for op, av in items:
            if op is _C.LITERAL:
                literal.append(_fold(chr(av)))  # type: ignore[arg-type]
                continue
            if literal:
                infos.append(_Info(exact=frozenset({"".join(literal)})))
                literal = []
            infos.append(self.node(op, av))
        if literal:
            infos.append(_Info(exact=frozenset({"".join(literal)})))
        for info in infos:
            if info.exact is not None:
                product = _product(run, info.exact, MAX_EXACT)
                if product is not None:
                    run = product
                    continue
                candidates.append(run)
                leading = False
                run = info.exact
                continue
            head = info.prefix if info.prefix is not None and "" not in info.prefix else None
            joined = _product(run, head, MAX_ITEMS) if head is not None else None
            candidates += [run, info.req, head, joined]
            leading = False
            run = frozenset({""})
        if leading:
            return _Info(exact=run)
        candidates.append(run)  # every candidate is a set of strings one of which the match contains
        req = _best(*map(_usable, candidates))
        return _Info(req=req, prefix=_sequence_prefix(infos))

    def node(self, op: object, av: object) -> _Info:
        if op is _C.LITERAL:
            return _Info(exact=frozenset({_fold(chr(av))}))  # type: ignore[arg-type]
        if op in (_C.NOT_LITERAL, _C.ANY, _C.GROUPREF, _C.GROUPREF_EXISTS):
            return _ANYTHING
        if op is _C.IN:
            return self.char_class(av)  # type: ignore[arg-type]
        if op is _C.AT:
            return _EMPTY
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            return _EMPTY
        if op is _C.SUBPATTERN:
            return self.sequence(av[-1])  # type: ignore[index]
        if op is getattr(_C, "ATOMIC_GROUP", None):
            return self.sequence(av)  # type: ignore[arg-type]
        if op is _C.BRANCH:
            return self.branch(av[1])  # type: ignore[index]
        if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
            low, high, body = av  # type: ignore[misc]
            return self.repeat(low, high, self.sequence(body))
        if op is _C.CATEGORY:
            return self.char_class([(op, av)])
        raise _Unknown(f"operator {op}")

    def branch(self, branches: list[object]) -> _Info:
        infos = [self.sequence(b) for b in branches]  # type: ignore[arg-type]
        if all(i.exact is not None for i in infos):
            union = frozenset().union(*(i.exact for i in infos))  # type: ignore[arg-type]
            if len(union) <= MAX_EXACT:
                return _Info(exact=union)
        heads = [_prefix_of(i) for i in infos]
        prefix = None if any(h is None for h in heads) else frozenset().union(*heads)  # type: ignore[arg-type]
        if prefix is not None and len(prefix) > MAX_ITEMS:
            prefix = None
        reqs: set[str] = set()
        for info in infos:
            req = _as_req(info)
            if req is None:
                return _Info(prefix=prefix)
            reqs |= req
        return _Info(req=frozenset(reqs), prefix=prefix)

    def repeat(self, low: int, high: int, body: _Info) -> _Info:
        if high == 0:
            return _EMPTY
        if low == 0:
            if high == 1 and body.exact is not None:
                return _Info(exact=body.exact | {""})
            heads = _prefix_of(body)
            return _Info(prefix=heads | {""}) if heads is not None else _ANYTHING
        if low == 1 and high == 1:
            return body
        return _Info(req=_as_req(body), prefix=_prefix_of(body))

    def char_class(self, members: list[tuple[object, object]]) -> _Info:
        chars: set[str] = set()
        for op, av in members:
            if op is _C.NEGATE:
                return _ANYTHING
            if op is _C.LITERAL:
                chars.add(_fold(chr(av)))  # type: ignore[arg-type]
            elif op is _C.RANGE:
                lo, hi = av  # type: ignore[misc]
                if hi - lo > 2 * MAX_CLASS:
                    return _ANYTHING
                chars.update(_fold(chr(c)) for c in range(lo, hi + 1))
            elif op is _C.CATEGORY:
                if av is _C.CATEGORY_DIGIT:
                    chars.add("0")
                elif av is _C.CATEGORY_SPACE:
                    chars.add(" ")
                else:
                    return _ANYTHING
            else:
                return _ANYTHING
        if len(chars) > MAX_CLASS:
            return _ANYTHING
        return _Info(exact=frozenset(chars))


# Syntax of the `regex` module that the standard parser would read differently, not just reject:
# fuzzy matching ("{e<=1}"), POSIX classes ("[[:alpha:]]").
_REGEX_ONLY = regex.compile(r"\{\s*(?:\d+\s*<=?\s*)?[eisd]\s*(?:<=?|[+,:}])|\{\s*\d+[eisd]|\[:\^?[A-Za-z]+:\]")


def _for_stdlib(source: str, prop: str = r"\w") -> str:
    """The pattern with `regex`-module escapes the standard parser lacks replaced by ones it
    reads as a large class (\\p{L} -> `prop`, by default \\w) or a word boundary (\\m, \\M ->
    \\b)."""
    if _REGEX_ONLY.search(source):
        raise _Unknown("regex-module syntax")
    out = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\" and i + 1 < n:
            nxt = source[i + 1]
            if nxt in "pP":
                end = source.index("}", i) + 1 if i + 2 < n and source[i + 2] == "{" else i + 3
                out.append(prop)
                i = end
                continue
            if nxt in "mM":
                out.append(r"\b")
                i += 2
                continue
            out.append(source[i : i + 2])
            i += 2
            continue
        if source.startswith("(?<", i) and i + 3 < n and source[i + 3] not in "=!":
            out.append("(?P<")  # a named group as `regex` also spells it
            i += 3
            continue
        out.append(ch)
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _choose(source: str, pattern_flags: int) -> tuple[frozenset[str], bool] | None:
    """The strings to filter a pattern on, and whether every match starts with one of them
    (then the pattern is tried only at their occurrences); None when there are none."""
    req, head = _analyse(source, pattern_flags)
    # Trying a pattern at a word is much cheaper than searching a sentence for it, so the
    # strings a match starts with win unless they are far commoner than the required ones.
    if head is not None and _set_cost(head) <= min(ANCHOR_BIAS * _set_cost(req), MAX_ANCHOR_COST):
        return head, True
    if req is not None and _set_cost(req) <= MAX_COST:
        return req, False
    return None  # found nearly everywhere: scanning for the strings would cost more than it saves


@functools.lru_cache(maxsize=4096)
def _analyse(source: str, pattern_flags: int) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """(required strings, strings every match starts with) of a pattern, each None if unknown."""
    if pattern_flags & (regex.FULLCASE | regex.VERSION1 | regex.REVERSE | regex.WORD):
        return None, None  # full case folding ("ß" matches "ss") and V1 set syntax are not modelled
    flags = re.VERBOSE if pattern_flags & regex.VERBOSE else 0
    try:
        tree = _sre.parse(_for_stdlib(source), flags)
        info = _Analyser().sequence(tree)
    except (_Unknown, re.error, ValueError, IndexError, OverflowError, RecursionError):
        return None, None
    return _result(info)


def _result(info: _Info) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """(required strings, strings every match starts with) of an analysed pattern, for filtering."""
    req = _as_req(info)
    if req is not None and (not req or len(req) > MAX_ITEMS):
        req = None
    head = _prefix_of(info)
    if head is not None:
        head = frozenset(s[:MAX_ITEM] for s in head)
        if "" in head or len(head) > MAX_ITEMS or not all(any(ch.isalnum() for ch in s) for s in head):
            head = None
    return req, head


# Trying a pattern at one place costs about as much as a few dozen scanner hits, and searching
# a sentence for it about as much as trying it at thirty places.
ANCHOR_BIAS = 30.0
MAX_ANCHOR_COST = 20.0
MAX_COST = 2.0  # required strings expected this often filter nothing worth the scan


def required_strings(pattern: regex.Pattern[str]) -> frozenset[str] | None:
    """Normalised strings, each with a letter or digit, one of which every match of `pattern`
    contains; None when the analysis cannot show any worth filtering on."""
    chosen = _choose(pattern.pattern, pattern.flags)
    return chosen[0] if chosen else None


_HEAD, _TAIL = "(?<![\\w])(?:", ")(?![\\w])"  # the wrapper patterns.alternation() puts around branches


def _branches(source: str) -> list[str] | None:
    """The top-level alternatives of a pattern built by patterns.alternation(), or None."""
    if not (source.startswith(_HEAD) and source.endswith(_TAIL)):
        return None
    body = source[len(_HEAD) : -len(_TAIL)]
    out, depth, start, i, n = [], 0, 0, 0, len(body)
    while i < n:
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a class: skip to its end (a leading ] or ^] is a member)
            i += 1
            if i < n and body[i] == "^":
                i += 1
            if i < n and body[i] == "]":
                i += 1
            while i < n and body[i] != "]":
                i += 2 if body[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
        elif ch == "|" and depth == 0:
            out.append(body[start:i])
            start = i + 1
        i += 1
    if depth != 0:
        return None
    out.append(body[start:])
    return out


@dataclass(frozen=True)
class Split:
    """A pattern most of whose alternatives start with known strings: it is tried where those
    start (slot `anchored`), and where the rest (`rest`, its other alternatives, filtered on
    their required strings in slot `inner`) is found by a search."""

    anchored: int
    inner: int
    rest: regex.Pattern[str]


def _split(source: str, flags: int) -> tuple[frozenset[str], frozenset[str], str] | None:
    """(strings the anchorable alternatives start with, required strings of the others, the
    others as one pattern) when splitting pays; None otherwise."""
    branches = _branches(source)
    if not branches or len(branches) < 2:
        return None
    heads: set[str] = set()
    reqs: set[str] = set()
    rest: list[str] = []
    for branch, (req, head) in zip(branches, _branch_analyses(source, flags, branches)):
        if head is not None and _set_cost(head) <= MAX_ANCHOR_COST:
            heads |= head
        elif req is not None:
            reqs |= req
            rest.append(branch)
        else:
            return None  # an alternative with nothing to filter on: no gain
    if not heads or not rest or _set_cost(frozenset(reqs)) > MAX_COST or _set_cost(frozenset(heads)) > MAX_ANCHOR_COST:
        return None
    return frozenset(heads), frozenset(reqs), _HEAD + "|".join(rest) + _TAIL


def _branch_analyses(
    source: str, flags: int, branches: list[str]
) -> list[tuple[frozenset[str] | None, frozenset[str] | None]]:
    """`_analyse` of each alternative as a pattern of its own. The whole pattern is parsed once
    when the parser kept its alternatives as they are written (it merges them when they all share
    a first item); otherwise each alternative is parsed on its own."""
    if not flags & (regex.FULLCASE | regex.VERSION1 | regex.REVERSE | regex.WORD):
        try:
            tree = list(_sre.parse(_for_stdlib(source), re.VERBOSE if flags & regex.VERBOSE else 0))
        except (_Unknown, re.error, ValueError, IndexError, OverflowError, RecursionError):
            tree = []
        if len(tree) == 3 and tree[1][0] is _C.BRANCH and len(tree[1][1][1]) == len(branches):
            out = []
            for items in tree[1][1][1]:
                try:
                    out.append(_result(_Analyser().sequence(items)))
                except (_Unknown, ValueError, IndexError, OverflowError, RecursionError):
                    out.append((None, None))
            return out
    return [_analyse(_HEAD + branch + _TAIL, flags) for branch in branches]


# -- scanning --------------------------------------------------------------------------------------


def literal_trie(strings: Iterable[str]) -> str:
    """A standard-library regex matching any of `strings`, longest first at each position."""
    root: dict[str, dict] = {}
    for s in strings:
        node = root
        for ch in s:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return ("(?:" + body + ")" if len(branches) == 1 and len(body) > 1 else body) + "?"
        return body

    return render(root)


@dataclass
class Prefilter:
    """The strings of every filtered pattern, compiled into one scanner run once per document.

    A slot is "anchored" when every match of its pattern starts with one of its strings: its
    places are the offsets where those strings start, and the pattern is tried only there.
    Otherwise its places are the offsets of the first letter or digit of each occurrence (an
    occurrence lies inside any match), and the pattern is searched for only in the sentences
    that hold one."""

    slots: dict[tuple[str, int], int] = field(default_factory=dict)  # (source, flags) -> slot
    anchored: list[bool] = field(default_factory=list)  # slot -> matches start with its strings
    scanner: re.Pattern[str] | None = None
    # string found -> (offset of its first letter or digit, its slots and those of its prefixes)
    hits: dict[str, tuple[int, tuple[int, ...]]] = field(default_factory=dict)
    splits: dict[tuple[str, int], Split] = field(default_factory=dict)  # (source, flags) -> split
    keys: tuple[tuple[str, int], ...] = ()  # every pattern it was built for
    native: NativeFilter | None = None  # set by use_native(): a second, compiled filter

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["native"] = None  # a compiled database stays in its process (rebuilt on demand)
        return state

    def use_native(self, workers: int = 1, meanwhile: Callable[[], object] | None = None) -> bool:
        """Build the native filter (Hyperscan) over the same patterns, once, compiling in up to
        `workers` child processes at a time (and calling `meanwhile` here while they do); False
        when Hyperscan is not installed. Results do not change, only speed (and a few seconds of
        compiling up front)."""
        from . import native

        if self.native is None and native.available():
            self.native = native.NativeFilter(self.keys, workers, meanwhile)
        return self.native is not None

    @classmethod
    def build(cls, patterns: Iterable[regex.Pattern[str]]) -> Prefilter:
        """The prefilter of these patterns (built once per process for the same patterns; a
        Prefilter is not changed after it is built)."""
        return _build(tuple(dict.fromkeys((p.pattern, p.flags) for p in patterns)))

    @classmethod
    def _make(cls, keys: tuple[tuple[str, int], ...]) -> Prefilter:
        pf = cls(keys=keys)
        owners: dict[str, set[int]] = {}

        def add(strings: frozenset[str], anchored: bool) -> int:
            slot = len(pf.anchored)
            pf.anchored.append(anchored)
            for s in strings:
                owners.setdefault(s, set()).add(slot)
            return slot

        table = _shipped()
        for key in keys:
            chosen, split = table.get(table_key(*key)) or analysis(*key)
            if chosen is None or not chosen[1]:
                if split is not None:
                    try:
                        rest = patterns._compile(split[2], key[1])  # lazy when known to compile (the shipped table)
                    except (regex.error, KeyError, ValueError, TypeError, IndexError, RecursionError):
                        rest = None
                    if rest is not None:
                        pf.splits[key] = Split(add(split[0], True), add(split[1], False), rest)
                        continue
            if chosen is not None:
                pf.slots[key] = add(*chosen)
        for s in owners:
            slots: set[int] = set()
            for n in range(1, len(s) + 1):
                slots |= owners.get(s[:n], set())
            first = next(i for i, ch in enumerate(s) if ch.isalnum())
            pf.hits[s] = (first, tuple(sorted(slots)))
        if owners:
            pf.scanner = re.compile("(?=(" + literal_trie(sorted(owners)) + "))")
        return pf

    def scan(self, text: str) -> dict[int, list[tuple[int, array[int]]]]:
        """Slot -> the occurrences of its strings in `text`, as (offset of the first letter or
        digit in the string, ascending start offsets) pairs; `places` turns them into places.
        Offsets are kept in arrays: a very large article holds millions of them."""
        by_string: dict[str, array[int]] = {}
        if self.scanner is None:
            return {}
        for m in self.scanner.finditer(normalise(text)):
            found = m.group(1)
            starts = by_string.get(found)
            if starts is None:
                by_string[found] = array("q", (m.start(),))
            else:
                starts.append(m.start())
        parts: dict[int, list[tuple[int, array[int]]]] = {}
        hits = self.hits
        for found, starts in by_string.items():
            first, slots = hits[found]
            for slot in slots:
                parts.setdefault(slot, []).append((first, starts))
        return parts

    def places(self, slot: int, parts: list[tuple[int, array[int]]]) -> array[int]:
        """A slot's places, ascending: where its strings start (anchored slots), or their first
        letters or digits."""
        if len(parts) == 1 and (parts[0][0] == 0 or self.anchored[slot]):
            return parts[0][1]
        out: list[int] = []
        for first, starts in parts:
            out.extend(starts if first == 0 or self.anchored[slot] else [p + first for p in starts])
        out.sort()
        return array("q", out)

    def slot(self, pattern: regex.Pattern[str]) -> int | None:
        return self.slots.get((pattern.pattern, pattern.flags))


# -- the shipped analysis of the built-in packs ---------------------------------------------------

Analysis = tuple[tuple[frozenset[str], bool] | None, tuple[frozenset[str], frozenset[str], str] | None]
TABLE = "prefilter_table.json"  # in the package: the analysis of every built-in pattern


def analysis(source: str, flags: int) -> Analysis:
    """What the prefilter makes of one pattern: `_choose`, and `_split` where it is considered."""
    chosen = _choose(source, flags)
    return chosen, (_split(source, flags) if chosen is None or not chosen[1] else None)


def table_key(source: str, flags: int) -> str:
    return hashlib.sha256(f"{flags}\n{source}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def table_entry(result: Analysis) -> list[object]:
    """`result` as JSON: sets as sorted lists."""
    chosen, split = result
    return [
        None if chosen is None else [sorted(chosen[0]), chosen[1]],
        None if split is None else [sorted(split[0]), sorted(split[1]), split[2]],
    ]


def shipped_flags(source: str, flags: int) -> int | None:
    """The flags of `regex.compile(source, flags)` when the shipped table has that compile of a
    built-in pattern (so it is known to compile), else None."""
    return _shipped_compiles().get(table_key(source, flags))


@functools.lru_cache(maxsize=1)
def _shipped_compiles() -> dict[str, int]:
    try:
        return {key: int(value) for key, value in _table_data()["compiles"].items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        return {}


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[str, Analysis]:
    """The analysis of the built-in patterns, computed when the packs were last changed (analysing
    them takes over a second, a large part of a pre-commit hook's run on one file). A pattern
    not in it (a user's pack, an edited rule) is analysed as it is loaded."""
    try:
        return {key: _from_entry(entry) for key, entry in _table_data()["patterns"].items()}
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return {}


@functools.lru_cache(maxsize=1)
def _table_data() -> Any:
    """The shipped table as JSON data, read once; {} when it is missing or unreadable (which only
    costs the time it saves). tests/test_prefilter.py checks that it is current."""
    try:
        return json.loads(resources.files("healthlint").joinpath(TABLE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _from_entry(entry: list[Any]) -> Analysis:
    chosen, split = entry
    return (
        None if chosen is None else (frozenset(chosen[0]), bool(chosen[1])),
        None if split is None else (frozenset(split[0]), frozenset(split[1]), str(split[2])),
    )


def make_table(keys: Iterable[tuple[str, int]], compiles: Iterable[tuple[str, int, int]]) -> dict[str, Any]:
    """The shipped table (as JSON data) of these patterns, with `compiles`: (source, flags given
    to `regex.compile`, flags of the compiled pattern) of each."""
    entries = {table_key(*key): table_entry(analysis(*key)) for key in keys}
    flags = {table_key(source, given): compiled for source, given, compiled in compiles}
    return {"patterns": dict(sorted(entries.items())), "compiles": dict(sorted(flags.items()))}


@functools.lru_cache(maxsize=16)
def _build(keys: tuple[tuple[str, int], ...]) -> Prefilter:
    return Prefilter._make(keys)
