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

Compiling the loosened patterns takes seconds (in child processes, see `healthlint.hsbuild`), so
this filter is built only for runs large enough to repay it (see `runner.NATIVE_MIN_BYTES`), and
only where Hyperscan is installed.
"""

from __future__ import annotations

import functools
import pickle
import re
import subprocess
import sys
import threading
from array import array
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import regex

from .prefilter import _C, _for_stdlib, _sre, _Unknown, normalise

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

    def alternatives(self, items: list[tuple[object, object]], caseless: bool) -> list[str]:
        """Loosened patterns, one of which matches wherever the sequence `items` matches as a
        whole (see `loosen`)."""
        items = [item for item in items if item[0] not in _ZERO_WIDTH]
        if len(items) == 1:
            op, av = items[0]
            if op is _C.BRANCH:
                return [text for branch in av[1] for text in self.alternatives(list(branch), caseless)]  # type: ignore[index]
            if op is _C.SUBPATTERN:
                _, add, remove, body = av  # type: ignore[misc]
                inner = _scoped(caseless, add, remove)
                found = self.alternatives(list(body), inner)
                if inner != caseless:
                    found = [f"(?{'i' if inner else '-i'}:{text})" for text in found]
                return found
        text, nullable = self.sequence(items, caseless)
        if nullable:
            raise Unfit("an alternative can match the empty string")
        return [text]

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
            if sub_op is _C.ANY:
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


@functools.lru_cache(maxsize=4096)
def loosen(source: str, flags: int) -> tuple[tuple[str, ...], bool] | None:
    """(Hyperscan patterns, together matching wherever `source` can on the projection, and
    whether they are case-insensitive throughout), or None when there are none worth running.

    Where every match of the pattern is a match of one of its alternatives, each alternative is
    loosened on its own, and the alternatives are grouped into patterns of about MAX_EXPRESSION
    characters (Hyperscan limits the size of one pattern). A repeat of "any word" or "any text"
    (`(?:\\w+\\s+){0,3}`, `[^.!?]{0,80}`) becomes one class repeated, which is only looser."""
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
    out: list[str] = []
    chunk: list[str] = []
    for text in alternatives:
        if chunk and sum(map(len, chunk)) + len(text) > MAX_EXPRESSION:
            out.append("|".join(chunk))
            chunk = []
        chunk.append(text)
    out.append("|".join(chunk))
    return tuple(out), caseless


# -- the filter ----------------------------------------------------------------------------------


class NativeFilter:
    """The loosened patterns of a rule set, compiled into Hyperscan databases."""

    def __init__(self, keys: Iterable[tuple[str, int]], workers: int = 1) -> None:
        """`workers`: how many child processes may compile at once."""
        self.ids: dict[tuple[str, int], int] = {}  # pattern -> its id in scan results
        expressions: list[bytes] = []
        owners: list[int] = []  # expression -> pattern id
        hs_flags: list[int] = []
        for key in keys:
            loose = loosen(*key)
            if loose is None or key in self.ids:
                continue
            self.ids[key] = len(self.ids)
            for text in loose[0]:
                expressions.append(text.encode("ascii"))
                owners.append(self.ids[key])
                hs_flags.append(_hs.HS_FLAG_PREFILTER | (_hs.HS_FLAG_CASELESS if loose[1] else 0))
        self._owners = owners
        self._dbs, refused = _build(expressions, hs_flags, workers)
        refused_patterns = {owners[i] for i in refused}
        for key, pattern in list(self.ids.items()):
            if pattern in refused_patterns:
                del self.ids[key]
        self._local = threading.local()  # Hyperscan scratch space: one per database and thread

    def scan(self, text: str) -> dict[int, array[int]]:
        """Pattern id -> the ascending offsets where its loosened pattern ends in `text` (arrays:
        a very large article holds millions of them)."""
        ends: dict[int, array[int]] = {}
        if not self._dbs:
            return ends

        owners = self._owners

        def found(expression: int, start: int, end: int, flags: int, context: object) -> None:
            pattern = owners[expression]
            at = ends.get(pattern)
            if at is None:
                ends[pattern] = array("q", (end,))
            else:
                at.append(end)

        scratches = getattr(self._local, "scratches", None)
        if scratches is None:
            scratches = self._local.scratches = [_hs.Scratch(db) for db in self._dbs]
        projected = project(text)
        for db, scratch in zip(self._dbs, scratches):
            db.scan(projected, match_event_handler=found, scratch=scratch)
        for pattern, at in ends.items():
            if any(a > b for a, b in zip(at, at[1:])):
                ends[pattern] = array("q", sorted(at))
        return ends

    def id(self, key: tuple[str, int]) -> int | None:
        return self.ids.get(key)


CHILD_TIMEOUT = 300.0  # seconds a compiling child may take (a group takes a few) before it is given up
GROUPS = 8  # databases the expressions are split into (8 compile in less time than 1 in total)


def _build(expressions: list[bytes], hs_flags: list[int], workers: int) -> tuple[list[object], set[int]]:
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
        built = list(pool.map(build, groups))
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
