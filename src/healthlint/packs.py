"""Locating and loading rule packs (built-in and user) into a RuleSet, with strict validation."""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from .context import Cues
from .errors import ConfigError, RulePackError
from .kinds import KINDS
from .patterns import LazyPattern
from .prefilter import Prefilter
from .rules import CATEGORIES, LEVELS, OVERRIDABLE, Rule, build_rule
from .yamlio import LDict, load_yaml

PACK_KEYS = ("pack", "description", "lexicons", "rules")
MAX_PACK_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Every loaded rule, the active selection, and the shared cue lexicons."""

    rules: tuple[Rule, ...]
    all_rules: tuple[Rule, ...]
    lexicons: Mapping[str, list[str]] = field(compare=False)
    cues: Cues = field(compare=False)
    # A digest of everything the rules were built from (packs, data files, overrides, version):
    # with the active rule codes, it keys the result cache.
    fingerprint: str = field(default="", compare=False)
    prefilter: Prefilter | None = field(default=None, compare=False, repr=False)

    def warm(self) -> None:
        """Compile now the built-in patterns the active rules and cues would compile when first
        used: before worker processes fork (they inherit them), while the parent would only
        wait (for the native filter's compilers)."""
        for pattern in patterns_in(*self.rules, self.cues):
            if isinstance(pattern, LazyPattern):
                pattern.compiled()

    def get(self, code_or_name: str) -> Rule | None:
        key = code_or_name.strip()
        for rule in self.all_rules:
            if rule.code == key.upper() or rule.name == key.lower():
                return rule
        return None

    def select(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> RuleSet:
        """A copy whose active rules match `select` (all when empty) and none of `ignore`."""
        select, ignore = list(select), list(ignore)
        for selector in (*select, *ignore):
            check_selector(selector, self.all_rules)
        active = tuple(
            r
            for r in self.rules
            if (not select or any(matches(r, s) for s in select)) and not any(matches(r, s) for s in ignore)
        )
        return replace(self, rules=active)


def matches(rule: Rule, selector: str) -> bool:
    """A selector names a rule by code, code prefix ("HL1"), name, category, or ALL."""
    s = selector.strip()
    if not s:
        return False
    if s.upper() == "ALL" or s == rule.category or s.lower() == rule.name:
        return True
    return s[0].isalpha() and rule.code.startswith(s.upper())


def check_selector(selector: str, rules: Iterable[Rule]) -> None:
    rules = list(rules)
    if selector in CATEGORIES or selector.upper() == "ALL":
        return
    if not any(matches(r, selector) for r in rules):
        known = sorted({r.code for r in rules} | set(CATEGORIES) | {r.name for r in rules})
        hint = difflib.get_close_matches(selector, known, n=1)
        extra = f" (did you mean {hint[0]!r}?)" if hint else ""
        raise ConfigError(f"unknown rule selector {selector!r}: not a rule code, prefix, name or category{extra}")


def builtin_pack_files() -> list[tuple[str, str]]:
    """(display path, text) of every built-in pack, in name order."""
    root = resources.files("healthlint._rules")
    files = sorted((p for p in root.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)
    return [(f"rules/{p.name}", p.read_text(encoding="utf-8")) for p in files]


def _pack_base(path: str, builtin: bool) -> Any:
    """The folder a pack's data files are looked up in."""
    return resources.files("healthlint._rules") if builtin else Path(path).parent


def user_pack_files(paths: Iterable[str | Path]) -> list[tuple[str, str]]:
    out = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = sorted(p for p in [*path.glob("*.yaml"), *path.glob("*.yml")] if not p.name.startswith("."))
            if not candidates:
                raise RulePackError(f"{path}: rule path contains no .yaml packs")
        elif path.is_file():
            candidates = [path]
        else:
            raise RulePackError(f"{path}: rule pack not found")
        for candidate in candidates:
            try:
                data = candidate.read_bytes()
            except OSError as exc:
                raise RulePackError(f"{candidate}: cannot read rule pack ({exc.strerror})") from None
            if len(data) > MAX_PACK_BYTES:
                raise RulePackError(f"{candidate}: rule pack larger than {MAX_PACK_BYTES} bytes")
            try:
                out.append((str(candidate), data.decode("utf-8")))
            except UnicodeDecodeError:
                raise RulePackError(f"{candidate}:1: rule pack is not UTF-8 text") from None
    return out


def _parse_pack(path: str, text: str) -> tuple[list[Any], dict[str, list[str]], Any]:
    data = load_yaml(text, path, RulePackError)
    if not isinstance(data, Mapping):
        raise RulePackError(f"{path}:1: a rule pack is a mapping with 'rules' (and optional 'lexicons')")
    for key in data:
        if key not in PACK_KEYS:
            hint = difflib.get_close_matches(str(key), PACK_KEYS, n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise RulePackError(f"{path}:{data.line_of(key)}: unknown top-level key {key!r}{extra}")
    rules = data.get("rules", [])
    if not isinstance(rules, list):
        raise RulePackError(f"{path}:{data.line_of('rules')}: 'rules' must be a list")
    lexicons = data.get("lexicons", {})
    if not isinstance(lexicons, Mapping):
        raise RulePackError(f"{path}:{data.line_of('lexicons')}: 'lexicons' must be a mapping of name to list")
    for name, words in lexicons.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise RulePackError(f"{path}:{lexicons.line_of(name)}: lexicon {name!r} must be a list of phrases")
    return rules, dict(lexicons), lexicons


def load_rules(
    rule_paths: Iterable[str | Path] = (),
    overrides: Mapping[str, Any] | None = None,
    overrides_path: str = "configuration",
    trusted_sources: Iterable[str] = (),
) -> RuleSet:
    """Load the built-in packs plus the user's, apply per-rule overrides, validate everything.
    `trusted_sources` adds names or domains ("Examine.com", "British Nutrition Foundation") to
    the `trusted-sources` lexicon: naming one with an attribution counts as a citation."""
    packs = [(p, t, True) for p, t in builtin_pack_files()] + [(p, t, False) for p, t in user_pack_files(rule_paths)]
    parsed = []
    lexicons: dict[str, list[str]] = {}
    lexicon_home: dict[str, str] = {}
    for path, text, builtin in packs:
        specs, lex, raw = _parse_pack(path, text)
        for name, words in lex.items():
            if name in lexicons:
                raise RulePackError(
                    f"{path}:{raw.line_of(name)}: lexicon {name!r} is already defined in {lexicon_home[name]}"
                )
            lexicons[name] = list(words)
            lexicon_home[name] = path
        parsed.append((path, specs, _pack_base(path, builtin)))
    extra = [t.strip() for t in trusted_sources if t.strip()]
    if extra:
        lexicons["trusted-sources"] = [*lexicons.get("trusted-sources", []), *extra]

    overrides = overrides if overrides is not None else {}
    used_overrides: set[str] = set()
    rules: list[Rule] = []
    seen_codes: dict[str, str] = {}
    seen_names: dict[str, str] = {}
    for path, specs, base in parsed:
        for spec in specs:
            key = _override_key(spec, overrides)
            if key is not None:
                spec = _apply_override(spec, overrides[key], key, overrides_path)
                used_overrides.add(key)
            rule = build_rule(spec, path, lexicons, KINDS, base)
            if rule.code in seen_codes:
                raise RulePackError(f"{rule.origin}: rule code {rule.code} is already used at {seen_codes[rule.code]}")
            if rule.name in seen_names:
                raise RulePackError(f"{rule.origin}: rule name {rule.name} is already used at {seen_names[rule.name]}")
            seen_codes[rule.code] = rule.origin
            seen_names[rule.name] = rule.origin
            rules.append(rule)
    for key in overrides:
        if key not in used_overrides:
            line = overrides.line_of(key) if isinstance(overrides, LDict) else 1
            raise ConfigError(f"{overrides_path}:{line}: 'rules' names unknown rule {key!r}")
    rules.sort(key=lambda r: r.code)
    all_rules = tuple(rules)
    from . import __version__

    digest = hashlib.sha256(__version__.encode())
    for path, text, _ in packs:
        digest.update(f"\0pack\0{path}\0{text}".encode())
    for rule in all_rules:
        for path, text in rule.data_files:
            digest.update(f"\0data\0{path}\0{text}".encode())
    digest.update(json.dumps([overrides, extra], sort_keys=True, default=repr).encode())
    return RuleSet(
        all_rules, all_rules, lexicons, Cues.from_lexicons(lexicons), digest.hexdigest(), rule_prefilter(all_rules)
    )


def rule_prefilter(rules: Iterable[Rule]) -> Prefilter:
    """The prefilter over every compiled pattern the rules hold (in params, at any depth)."""
    return Prefilter.build(patterns_in(*rules))


def patterns_in(*values: Any) -> list[regex.Pattern[str]]:
    """Every distinct compiled pattern in these values (rules' params, cues), at any depth."""
    found: dict[tuple[str, int], regex.Pattern[str]] = {}

    def walk(value: Any, depth: int = 0) -> None:
        if depth > 6:
            return
        if isinstance(value, regex.Pattern | LazyPattern):
            found.setdefault((value.pattern, value.flags), value)
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item, depth + 1)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                walk(item, depth + 1)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name, None), depth + 1)

    for value in values:
        if isinstance(value, Rule):
            value = value.params
        walk(value)
    return list(found.values())


def _override_key(spec: Any, overrides: Mapping[str, Any]) -> str | None:
    if not isinstance(spec, Mapping):
        return None
    for key in (spec.get("code"), spec.get("name")):
        if isinstance(key, str) and key in overrides:
            return key
    return None


def _apply_override(spec: Mapping[str, Any], options: Any, key: str, path: str) -> Mapping[str, Any]:
    line = getattr(options, "line", 1)
    if not isinstance(options, Mapping):
        raise ConfigError(f"{path}:{line}: options for rule {key!r} must be a mapping")
    kind = KINDS.get(spec.get("kind"))
    allowed = set(OVERRIDABLE) | set(getattr(kind, "FIELDS", ()))
    merged = LDict(spec)
    merged.line = getattr(spec, "line", 1)
    merged.lines = dict(getattr(spec, "lines", {}))
    for option, value in options.items():
        if option not in allowed:
            hint = difflib.get_close_matches(str(option), sorted(allowed), n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise ConfigError(f"{path}:{options.line_of(option)}: rule {key!r} has no option {option!r}{extra}")
        if option == "level" and value not in LEVELS:
            raise ConfigError(f"{path}:{options.line_of(option)}: level must be one of {', '.join(LEVELS)}")
        merged[option] = value
    return merged
