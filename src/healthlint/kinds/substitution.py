"""`substitution`: flag a phrase and suggest the wording to use instead."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..patterns import alternation

FIELDS = ("swap",)
SCOPES = ("sentence", "heading", "paragraph")
DEFAULT_SCOPE = "sentence"


def compile(reader: Any, lexicons: Mapping[str, list[str]]) -> dict[str, Any]:
    swap = reader.get("swap", Mapping, required=True)
    if not swap:
        raise reader.fail("'swap' needs at least one 'phrase: replacement' entry", "swap")
    entries = []
    for phrase, replacement in swap.items():
        if not isinstance(phrase, str) or not phrase.strip() or not isinstance(replacement, str):
            raise reader.fail("'swap' maps phrases to replacement strings", "swap")
        entries.append((reader.compile("swap", "^" + alternation([phrase], []) + "$"), replacement))
    combined = reader.compile("swap", alternation([p for p in swap], []))
    return {"terms": combined, "entries": tuple(entries)}


def placeholders(params: Mapping[str, Any]) -> tuple[str, ...]:
    return ()


def check(rule: Any, doc: Any, ctx: Any) -> Iterator[Any]:
    from . import Hit

    for m in ctx.finditer(rule.params["terms"], rule.scope):
        text = " ".join(m.group().split())
        suggestion = next((rep for pat, rep in rule.params["entries"] if pat.match(text)), "")
        yield Hit(m.start(), m.end(), {"suggestion": suggestion})
