"""`existence`: flag every occurrence of a phrase or pattern (one compiled alternation per rule)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

FIELDS = ("phrases", "patterns", "lexicons")
SCOPES = ("sentence", "heading", "paragraph")
DEFAULT_SCOPE = "sentence"


def compile(reader: Any, lexicons: Mapping[str, list[str]]) -> dict[str, Any]:
    spec = {key: reader.spec[key] for key in FIELDS if key in reader.spec}
    return {"terms": reader.terms("phrases", spec or None, lexicons)}


def placeholders(params: Mapping[str, Any]) -> tuple[str, ...]:
    return ()


def check(rule: Any, doc: Any, ctx: Any) -> Iterator[Any]:
    from . import Hit

    for m in ctx.finditer(rule.params["terms"], rule.scope):
        yield Hit(m.start(), m.end())
