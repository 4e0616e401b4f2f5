"""What the fact-check data files (upper limits, claims registry) share: a YAML mapping with a
non-empty `entries` list, strict keys with line-numbered errors, and term lists compiled into one
alternation."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import regex

from .errors import RulePackError
from .patterns import alternation, compile_regex
from .yamlio import load_yaml

Fail = Callable[..., RulePackError]


def entries(
    text: str, path: str, what: str, noun: str, keys: tuple[str, ...], required: tuple[str, ...]
) -> Iterator[tuple[Mapping[str, Any], Fail]]:
    """Each entry of a data file with a `fail(message, key=None)` that names its file and line,
    after checking the file's shape, unknown keys (with a "did you mean") and required keys."""
    data = load_yaml(text, path, RulePackError)
    if not isinstance(data, Mapping) or not isinstance(data.get("entries"), list) or not data["entries"]:
        raise RulePackError(f"{path}:1: {what} is a mapping with a non-empty 'entries' list")
    for entry in data["entries"]:
        line = getattr(entry, "line", 1)

        def fail(message: str, key: str | None = None, entry: Any = entry, line: int = line) -> RulePackError:
            where = entry.line_of(key) if key and hasattr(entry, "line_of") else line
            return RulePackError(f"{path}:{where}: {message}")

        if not isinstance(entry, Mapping):
            raise fail(f"each {noun} must be a mapping")
        for key in entry:
            if key not in keys:
                hint = difflib.get_close_matches(str(key), keys, n=1)
                raise fail(f"unknown key {key!r}" + (f" (did you mean {hint[0]!r}?)" if hint else ""), key)
        for key in required:
            if key not in entry:
                raise fail(f"{noun} needs {key!r}")
        yield entry, fail


def terms(value: Any, fail: Fail, key: str, lexicons: Mapping[str, list[str]] | None = None) -> regex.Pattern[str]:
    """A non-empty list of phrases (/regex/ allowed) compiled into one alternation; with
    `lexicons`, an item `{lexicon: name}` pulls in a pack lexicon."""
    if not isinstance(value, list) or not value:
        raise fail(f"{key!r} must be a non-empty list of phrases", key)
    phrases: list[str] = []
    for item in value:
        if lexicons is not None and isinstance(item, Mapping) and set(item) == {"lexicon"}:
            name = item["lexicon"]
            if name not in lexicons:
                raise fail(f"unknown lexicon {name!r} in {key!r}", key)
            phrases.extend(lexicons[name])
        elif isinstance(item, str) and item.strip():
            phrases.append(item)
        elif lexicons is not None:
            raise fail(f"{key!r} entries are phrases or {{lexicon: name}}", key)
        else:
            raise fail(f"{key!r} must be a non-empty list of phrases", key)
    try:
        return compile_regex(alternation(phrases, []))
    except regex.error as exc:
        raise fail(f"bad pattern in {key!r}: {exc}", key) from None
