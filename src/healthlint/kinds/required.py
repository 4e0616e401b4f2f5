"""`required`: when a document shows enough triggers (and its optional context terms), it must
also contain one of the required patterns somewhere in its prose."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

FIELDS = ("trigger", "requires", "context", "min_triggers", "count_negated")
SCOPES = ("document",)
DEFAULT_SCOPE = "document"


def compile(reader: Any, lexicons: Mapping[str, list[str]]) -> dict[str, Any]:
    min_triggers = reader.get("min_triggers", int, 1)
    if min_triggers < 1:
        raise reader.fail("'min_triggers' must be 1 or more", "min_triggers")
    return {
        "trigger": reader.terms("trigger", reader.spec.get("trigger"), lexicons),
        "requires": reader.terms("requires", reader.spec.get("requires"), lexicons),
        "context": reader.terms("context", reader.spec.get("context"), lexicons, required=False),
        "min_triggers": min_triggers,
        "count_negated": reader.get("count_negated", bool, True),
    }


def placeholders(params: Mapping[str, Any]) -> tuple[str, ...]:
    return ("count",)


def check(rule: Any, doc: Any, ctx: Any) -> Iterator[Any]:
    from . import Hit

    context = rule.params["context"]
    if context is not None and next(ctx.finditer(context, "sentence"), None) is None:
        return
    # The requirement is looked for first: when it is met (the usual case in a finished
    # article), the triggers need not be found and weighed at all.
    for m in ctx.finditer(rule.params["requires"], "sentence", references=True):
        if rule.params["count_negated"] or not ctx.negated(m.start(), m.end()):
            return
    # A trigger counts only where the rule's modifiers keep it, as a line-level hit would be kept.
    triggers = [m for m in ctx.finditer(rule.params["trigger"], "sentence") if ctx.keeps(rule, Hit(m.start(), m.end()))]
    if len(triggers) < rule.params["min_triggers"]:
        return
    first = triggers[0]
    yield Hit(first.start(), first.end(), {"count": str(len(triggers))}, document=True)
