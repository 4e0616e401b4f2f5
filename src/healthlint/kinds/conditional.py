"""`conditional`: a trigger is flagged unless something it requires appears in the same scope."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

FIELDS = ("trigger", "requires")
SCOPES = ("sentence", "paragraph", "document")
DEFAULT_SCOPE = "sentence"


def compile(reader: Any, lexicons: Mapping[str, list[str]]) -> dict[str, Any]:
    return {
        "trigger": reader.terms("trigger", reader.spec.get("trigger"), lexicons),
        "requires": reader.terms("requires", reader.spec.get("requires"), lexicons),
    }


def placeholders(params: Mapping[str, Any]) -> tuple[str, ...]:
    return ()


def check(rule: Any, doc: Any, ctx: Any) -> Iterator[Any]:
    from . import Hit

    requires = rule.params["requires"]
    for m in ctx.finditer(rule.params["trigger"], "sentence"):
        a, b = ctx.unit(m.start(), rule.scope)
        if requires.search(doc.prose, a, b) is None:
            yield Hit(m.start(), m.end())
