"""The rule model: validating one YAML rule spec and compiling it into a frozen Rule."""

from __future__ import annotations

import difflib
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import regex

from .errors import RulePackError
from .patterns import MAX_PATTERN_LENGTH, alternation, compile_regex, loosen_pattern, trie_regex
from .source import FORMATS

CATEGORIES = (
    "absolute-claim",
    "superlative-claim",
    "safety-claim",
    "disease-claim",
    "contested-claim",
    "weasel-attribution",
    "unsourced-statistic",
    "dosage-no-range",
    "dosage-unsourced",
    "dosage-exceeds-limit",
    "missing-medical-disclaimer",
    "missing-supplement-disclaimer",
    "missing-harms",
    "promotional-language",
    "product-endorsement",
    "dangling-citation",
    "editorial-artifact",
    "reading-level",
    "long-sentence",
)
LEVELS = ("error", "warning", "info")
SCOPES = ("sentence", "paragraph", "heading", "document")
CODE = regex.compile(r"[A-Z]{2,4}[0-9]{3,4}")
NAME = regex.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
COMMON_PLACEHOLDERS = frozenset({"match", "suggestion"})
_LEXICON_REF = regex.compile(r"\{\{([A-Za-z0-9_-]+)\}\}")

# Fields every rule has: name -> (required, type description, check)
_DOC_FIELDS = ("summary", "why", "fix")
COMMON_FIELDS = {
    "code",
    "name",
    "category",
    "kind",
    "level",
    "message",
    "summary",
    "why",
    "fix",
    "references",
    "scope",
    "examples",
    "unless_cited",
    "unless_hedged",
    "unless_negated",
    "skip_quoted",
    "unless_question",
    "exceptions",
    "ignorecase",
    "suggestion",
    "formats",
}
MODIFIERS = ("unless_cited", "unless_hedged", "unless_negated", "skip_quoted", "unless_question")
# Fields a user's configuration may override for a built-in rule.
OVERRIDABLE = frozenset({"level", "scope", "exceptions", "suggestion", *MODIFIERS})


@dataclass(frozen=True, slots=True)
class Reference:
    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled rule: metadata, docs, modifiers and its kind's compiled parameters."""

    code: str
    name: str
    category: str
    kind: str
    level: str
    message: str
    summary: str
    why: str
    fix: str
    references: tuple[Reference, ...]
    scope: str
    fail_examples: tuple[str, ...]
    pass_examples: tuple[str, ...]
    unless_cited: bool
    unless_hedged: bool | str  # True, False, or "strong" (only strong hedges count)
    unless_negated: bool
    skip_quoted: bool
    unless_question: bool
    exceptions: regex.Pattern[str] | None
    suggestion: str | None
    params: Mapping[str, Any] = field(compare=False, hash=False)
    origin: str = ""
    formats: tuple[str, ...] = ()  # input formats the rule applies to (empty: all)
    data_files: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)  # (path, text) loaded

    @property
    def source(self) -> Reference | None:
        """The authoritative source a finding cites: the first reference."""
        return self.references[0] if self.references else None


class SpecReader:
    """Typed access to one rule's YAML mapping, raising `path:line: message` errors."""

    def __init__(self, spec: Mapping[str, Any], path: str, allowed: set[str], base: Any = None) -> None:
        self.spec = spec
        self.path = path
        self.allowed = allowed
        self.base = base  # the pack's folder (a Path, or a package resource for built-in packs)
        self.data_read: list[tuple[str, str]] = []  # (display path, text) of the data files the rule loaded
        self.label = f"rule {spec.get('code', '?')}" if isinstance(spec, Mapping) else "rule"

    def line(self, key: str | None = None) -> int:
        line_of = getattr(self.spec, "line_of", None)
        if line_of is None:
            return 1
        return line_of(key) if key is not None else getattr(self.spec, "line", 1)

    def fail(self, message: str, key: str | None = None) -> RulePackError:
        return RulePackError(f"{self.path}:{self.line(key)}: {self.label}: {message}")

    def check_keys(self) -> None:
        for key in self.spec:
            if key not in self.allowed:
                hint = difflib.get_close_matches(str(key), sorted(self.allowed), n=1)
                extra = f" (did you mean {hint[0]!r}?)" if hint else ""
                raise self.fail(f"unknown key {key!r}{extra}", key)

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = None, required: bool = False) -> Any:
        if key not in self.spec:
            if required:
                raise self.fail(f"missing required key {key!r}")
            return default
        value = self.spec[key]
        if kind is bool and not isinstance(value, bool):
            raise self.fail(f"{key!r} must be true or false", key)
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise self.fail(f"{key!r} must be a whole number", key)
        if not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            names = names.replace("str", "a string").replace("list", "a list").replace("dict", "a mapping")
            raise self.fail(f"{key!r} must be {names}", key)
        if isinstance(value, str) and required and not value.strip():
            raise self.fail(f"{key!r} must not be empty", key)
        return value

    def data_file(self, key: str, relative: str) -> tuple[str, str]:
        """(display path, text) of a data file named relative to the pack, e.g. data/limits.yaml."""
        parts = [p for p in relative.replace("\\", "/").split("/") if p]
        if not parts or any(p in (".", "..") for p in parts) or relative.startswith("/"):
            raise self.fail(f"{key!r} must be a path inside the pack's folder, not {relative!r}", key)
        if self.base is None:
            raise self.fail(f"{key!r}: this pack has no folder to find {relative!r} in", key)
        target = self.base
        for part in parts:
            target = target / part
        display = "/".join([self.path.rsplit("/", 1)[0], *parts]) if "/" in self.path else "/".join(parts)
        try:
            data = target.read_bytes()
        except (OSError, FileNotFoundError):
            raise self.fail(f"{key!r}: data file {relative!r} not found next to the pack", key) from None
        if len(data) > 2_000_000:
            raise self.fail(f"{key!r}: data file {relative!r} is larger than 2000000 bytes", key)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise self.fail(f"{key!r}: data file {relative!r} is not UTF-8 text", key) from None
        self.data_read.append((display, text))
        return display, text

    def strings(self, key: str, value: Any = None, required: bool = False) -> list[str]:
        value = self.spec.get(key) if value is None else value
        if value is None:
            if required:
                raise self.fail(f"missing required key {key!r}")
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"{key!r} must be a list of non-empty strings", key)
        return list(value)

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str:
        value = self.get(key, str, default, required=default is None)
        if value not in choices:
            hint = difflib.get_close_matches(value, choices, n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise self.fail(f"{key!r} must be one of {', '.join(choices)}, not {value!r}{extra}", key)
        return value

    def terms(
        self, key: str, value: Any, lexicons: Mapping[str, list[str]], required: bool = True
    ) -> regex.Pattern[str] | None:
        """Compile a term set: a mapping of phrases / patterns / lexicons, or a plain list of phrases."""
        if value is None:
            if required:
                raise self.fail(f"missing required key {key!r}")
            return None
        if isinstance(value, list):
            value = {"phrases": value}
        if not isinstance(value, Mapping):
            raise self.fail(f"{key!r} must be a mapping with phrases, patterns or lexicons", key)
        for sub in value:
            if sub not in ("phrases", "patterns", "lexicons"):
                hint = difflib.get_close_matches(str(sub), ["phrases", "patterns", "lexicons"], n=1)
                extra = f" (did you mean {hint[0]!r}?)" if hint else ""
                raise self.fail(f"unknown key {sub!r} in {key!r}{extra}", key)

        def where(sub: str) -> str:
            # Inline term sets (existence rules) keep their sub-keys at the rule's top level.
            return sub if sub in self.spec and value is not self.spec.get(key) else key

        phrases = self.strings(where("phrases"), value.get("phrases", []))
        patterns = [
            self.expand(where("patterns"), p, lexicons)
            for p in self.strings(where("patterns"), value.get("patterns", []))
        ]
        for name in self.strings(where("lexicons"), value.get("lexicons", [])):
            if name not in lexicons:
                hint = difflib.get_close_matches(name, sorted(lexicons), n=1)
                extra = f" (did you mean {hint[0]!r}?)" if hint else ""
                raise self.fail(f"unknown lexicon {name!r} in {where('lexicons')!r}{extra}", where("lexicons"))
            phrases.extend(lexicons[name])
        if not phrases and not patterns:
            raise self.fail(f"{key!r} needs at least one phrase, pattern or lexicon", key)
        for raw in self.strings(where("patterns"), value.get("patterns", [])):
            if len(raw) > MAX_PATTERN_LENGTH:
                raise self.fail(
                    f"a pattern in {where('patterns')!r} is longer than {MAX_PATTERN_LENGTH} characters",
                    where("patterns"),
                )
        for pattern in patterns:
            try:
                compile_regex(pattern)
            except (regex.error, OverflowError, RecursionError) as exc:
                raise self.fail(f"bad regex {pattern!r} in {where('patterns')!r}: {exc}", where("patterns")) from None
        return self.compile(key, alternation(phrases, patterns))

    def expand(self, key: str, pattern: str, lexicons: Mapping[str, list[str]]) -> str:
        """Replace `{{name}}` in a pattern by an alternation of the lexicon's phrases."""

        def substitute(m: regex.Match[str]) -> str:
            name = m.group(1)
            if name not in lexicons:
                hint = difflib.get_close_matches(name, sorted(lexicons), n=1)
                extra = f" (did you mean {hint[0]!r}?)" if hint else ""
                raise self.fail(f"unknown lexicon {{{{{name}}}}} in {key!r}{extra}", key)
            words = sorted(set(lexicons[name]), key=lambda s: (-len(s), s))
            regexes = [loosen_pattern(w[1:-1]) for w in words if len(w) > 2 and w.startswith("/") and w.endswith("/")]
            literal = [w for w in words if not (len(w) > 2 and w.startswith("/") and w.endswith("/"))]
            if literal:
                regexes.append(trie_regex(literal))
            return "(?:" + "|".join(regexes) + ")"

        return _LEXICON_REF.sub(substitute, pattern)

    def compile(self, key: str, source: str) -> regex.Pattern[str]:
        ignorecase = self.get("ignorecase", bool, True)
        try:
            return compile_regex(source, ignorecase)
        except (regex.error, OverflowError, RecursionError) as exc:
            raise self.fail(f"cannot compile {key!r}: {exc}", key) from None


def placeholders(template: str) -> set[str]:
    """The named placeholders of a message template; positional ones are an error."""
    names = set()
    for _, name, _spec, _conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if not name or name.isdigit():
            raise ValueError("positional placeholders ('{}') are not allowed; use names like {match}")
        names.add(name)
    return names


def _hedge_mode(reader: SpecReader) -> bool | str:
    value = reader.spec.get("unless_hedged", False)
    if isinstance(value, bool) or value == "strong":
        return value
    raise reader.fail("'unless_hedged' must be true, false or \"strong\"", "unless_hedged")


def build_rule(
    spec: Any, path: str, lexicons: Mapping[str, list[str]], kinds: Mapping[str, Any], base: Any = None
) -> Rule:
    """Validate one rule mapping and compile it."""
    if not isinstance(spec, Mapping):
        line = getattr(spec, "line", 1)
        raise RulePackError(f"{path}:{line}: each rule must be a mapping")
    reader = SpecReader(spec, path, set(COMMON_FIELDS), base)
    kind_name = reader.choice("kind", tuple(kinds))
    kind = kinds[kind_name]
    reader.allowed |= set(kind.FIELDS)
    reader.check_keys()

    code = reader.get("code", str, required=True)
    if not CODE.fullmatch(code):
        raise reader.fail(f"code {code!r} must be 2-4 capital letters and 3-4 digits, e.g. HL101", "code")
    name = reader.get("name", str, required=True)
    if not NAME.fullmatch(name):
        raise reader.fail(f"name {name!r} must be kebab-case, e.g. no-side-effects", "name")
    category = reader.choice("category", CATEGORIES)
    level = reader.choice("level", LEVELS)
    scope = reader.choice("scope", SCOPES, kind.DEFAULT_SCOPE)
    if scope not in kind.SCOPES:
        raise reader.fail(f"kind {kind_name!r} supports scope {', '.join(kind.SCOPES)}, not {scope!r}", "scope")
    docs = {key: reader.get(key, str, required=True).strip() for key in _DOC_FIELDS}
    message = reader.get("message", str, required=True)

    references = []
    raw_refs = reader.get("references", list, required=True)
    if not raw_refs:
        raise reader.fail("'references' must list at least one source", "references")
    for ref in raw_refs:
        if isinstance(ref, str):
            references.append(Reference(ref))
        elif isinstance(ref, Mapping) and isinstance(ref.get("title"), str) and set(ref) <= {"title", "url"}:
            url = ref.get("url")
            if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
                raise reader.fail(f"reference url must be an http(s) URL, not {url!r}", "references")
            references.append(Reference(ref["title"], url))
        else:
            raise reader.fail("each reference is a string or a mapping with 'title' and optional 'url'", "references")

    examples = reader.get("examples", Mapping, required=True)
    for key in examples:
        if key not in ("fail", "pass"):
            raise reader.fail(f"'examples' takes 'fail' and 'pass', not {key!r}", "examples")
    fail_examples = reader.strings("examples", examples.get("fail"), required=True)
    pass_examples = reader.strings("examples", examples.get("pass"), required=True)

    params = kind.compile(reader, lexicons)
    allowed = COMMON_PLACEHOLDERS | set(kind.placeholders(params))
    try:
        used = placeholders(message)
    except ValueError as exc:
        raise reader.fail(str(exc), "message") from None
    suggestion = reader.get("suggestion", str)
    unknown = sorted(used - allowed)
    if unknown:
        raise reader.fail(
            f"unknown placeholder {{{unknown[0]}}} in message (allowed: {', '.join(sorted(allowed))})",
            "message",
        )
    exceptions = reader.terms("exceptions", spec.get("exceptions"), lexicons, required=False)
    formats = tuple(reader.strings("formats"))
    for fmt in formats:
        if fmt not in FORMATS:
            raise reader.fail(f"'formats' entries must be {', '.join(FORMATS)}, not {fmt!r}", "formats")
    return Rule(
        formats=formats,
        code=code,
        name=name,
        category=category,
        kind=kind_name,
        level=level,
        message=message.strip(),
        summary=docs["summary"],
        why=docs["why"],
        fix=docs["fix"],
        references=tuple(references),
        scope=scope,
        fail_examples=tuple(fail_examples),
        pass_examples=tuple(pass_examples),
        unless_cited=reader.get("unless_cited", bool, False),
        unless_hedged=_hedge_mode(reader),
        unless_negated=reader.get("unless_negated", bool, False),
        skip_quoted=reader.get("skip_quoted", bool, False),
        unless_question=reader.get("unless_question", bool, False),
        exceptions=exceptions,
        suggestion=suggestion,
        params=params,
        origin=f"{path}:{reader.line()}",
        data_files=tuple(reader.data_read),
    )
