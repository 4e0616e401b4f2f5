"""Compiling rule phrases and patterns into word-bounded, whitespace-tolerant regexes."""

from __future__ import annotations

import functools

import regex

FLAGS = regex.VERSION0 | regex.MULTILINE
# What a space in a phrase or pattern matches: any run of whitespace, so that a phrase can wrap
# across lines. (Matches are kept only inside one sentence; patterns that must stay on one line,
# such as product names, use [ \t] explicitly.)
WS = r"\s+"
MAX_PATTERN_LENGTH = 20_000  # one pattern as an author writes it
MAX_COMPILED_LENGTH = 1_000_000  # a rule's whole alternation, lexicons expanded
# Seconds one scan of one rule pattern may take before it is stopped: a pattern from a user's
# pack that backtracks catastrophically ("(a+)+$") must fail with a message, not hang CI.
MATCH_TIMEOUT = 5.0
MATCH_TIMEOUT_PER_MB = 60.0  # plus this much per MB of text: a whole-document scan of a large file is slow


def match_timeout(text_length: int) -> float:
    """Seconds one scan of a text of this length may take."""
    return MATCH_TIMEOUT + MATCH_TIMEOUT_PER_MB * text_length / 1_000_000


def phrase_to_regex(phrase: str) -> str:
    """A literal phrase as a regex: spaces match any whitespace run, hyphens are optional or a
    space, apostrophes match straight or curly ones. Matching is word-bounded by the caller."""
    return "".join(phrase_units(phrase))


def loosen_pattern(pattern: str) -> str:
    """In an author's regex, a literal space (outside a character class) matches any whitespace run."""
    out: list[str] = []
    in_class = False
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
            out.append(ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == " ":
            j = i
            while j < n and pattern[j] == " ":
                j += 1
            quantified = j < n and pattern[j] in "?*+{"
            out.append(r"[^\S\n]" if quantified else WS)
            i = j
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def phrase_units(phrase: str) -> list[str]:
    """A phrase as a list of regex units, one per character (a space run is one unit)."""
    units: list[str] = []
    words = phrase.strip().split()
    for wi, word in enumerate(words):
        if wi:
            units.append(WS)
        for ci, ch in enumerate(word):
            if ch in "'’":
                units.append(r"\s*['’‘`]\s*")
            elif ch == "-" and 0 < ci < len(word) - 1:
                units.append(r"[-‐‑–\s]?")
            else:
                units.append(regex.escape(ch, special_only=True, literal_spaces=True))
    return units


def trie_regex(phrases: list[str]) -> str:
    """One regex for many literal phrases, factored into a trie so that the engine explores only
    the branches that share the text's next character (linear in the text, not in the list)."""
    root: dict[str, dict] = {}
    end = ""  # key marking the end of a phrase
    for phrase in phrases:
        node = root
        for unit in phrase_units(phrase):
            node = node.setdefault(unit, {})
        node[end] = {}

    def render(node: dict[str, dict]) -> str:
        optional = end in node
        branches = [unit + render(child) for unit, child in sorted(node.items()) if unit != end]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            # Prefer the longer phrase: (?:longer)? is greedy.
            body = body if body.startswith("(?:") and len(branches) > 1 else "(?:" + body + ")"
            return body + "?"
        return body

    return render(root)


def alternation(phrases: list[str], patterns: list[str]) -> str:
    """One word-bounded alternation for a list of phrases and regex patterns (longest phrase first).

    A phrase written between slashes (`/colou?r/`) is a regex; lexicons use this for the few
    entries that need one (case-sensitive acronyms, optional parts).
    """
    parts = []
    literal = []
    for phrase in sorted(set(phrases), key=lambda s: (-len(s), s)):
        if len(phrase) > 2 and phrase.startswith("/") and phrase.endswith("/"):
            parts.append(loosen_pattern(phrase[1:-1]))  # a regex inside a phrase list: /.../
        else:
            literal.append(phrase)
    if literal:
        parts.append(trie_regex(literal))
    parts.extend(loosen_pattern(p) for p in patterns)
    return r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])" if parts else ""


def compile_regex(source: str, ignorecase: bool = True) -> regex.Pattern[str]:
    """Compile with the module-wide flags; raises regex.error on a bad pattern.

    Compiled patterns are immutable and thread-safe, so each distinct source is compiled once
    per process (large lexicon alternations take a noticeable time to compile).
    """
    if len(source) > MAX_COMPILED_LENGTH:
        raise regex.error(f"pattern longer than {MAX_COMPILED_LENGTH} characters once expanded")
    return _compile(source, FLAGS | (regex.IGNORECASE if ignorecase else 0))


@functools.lru_cache(maxsize=4096)
def _compile(source: str, flags: int) -> regex.Pattern[str]:
    from .prefilter import shipped_flags

    compiled_flags = shipped_flags(source, flags)
    if compiled_flags is not None:  # a built-in pattern, known to compile: compiled when first used
        return LazyPattern(source, flags, compiled_flags)  # type: ignore[return-value]
    try:
        return regex.compile(source, flags)
    except (KeyError, ValueError, TypeError, IndexError, AttributeError) as exc:
        # The regex module raises these on a few inputs, e.g. an inline (?V1) with V0 flags.
        raise regex.error(f"unsupported pattern ({type(exc).__name__}: {exc})") from None


_FORWARDED = ("search", "match", "fullmatch", "finditer", "findall", "sub", "split")  # the hot methods


class LazyPattern:
    """A built-in rule pattern, compiled by `regex` the first time it is used.

    Compiling the built-in patterns (large alternations, parsed by `regex` in Python) is most of
    healthlint's start-up time, and on one short article the prefilter rules most of them out
    before they run. Only patterns in the prefilter's shipped table (see `prefilter.TABLE`) are
    made lazy: the test suite has compiled and run each of them, so loading them cannot fail.
    `pattern` and `flags` are those of the compiled pattern (inline flags included) without
    compiling; anything else is the compiled pattern's."""

    __slots__ = ("pattern", "flags", "_source_flags", "_compiled", *_FORWARDED)

    def __init__(self, source: str, source_flags: int, flags: int) -> None:
        self.pattern = source
        self.flags = flags
        self._source_flags = source_flags
        self._compiled: regex.Pattern[str] | None = None

    def compiled(self) -> regex.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = regex.compile(self.pattern, self._source_flags)
            for name in _FORWARDED:  # from now on, found without calling __getattr__
                setattr(self, name, getattr(compiled, name))
        return compiled

    def __getattr__(self, name: str) -> object:
        if name.startswith("__") or (name in LazyPattern.__slots__ and name not in _FORWARDED):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __reduce__(self) -> tuple[object, tuple[str, int, int]]:
        return LazyPattern, (self.pattern, self._source_flags, self.flags)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyPattern | regex.Pattern):
            return (self.pattern, self.flags) == (other.pattern, other.flags)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern[:40]!r}..., flags={self.flags})"
