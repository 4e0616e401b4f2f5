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
    # At least one trigger must be kept by the rule's modifiers, as a line-level hit would be.
    # Towards the count, a trigger that is only asked or quoted ("Will vitamin C stop my colds?")
    # still shows what the article is about; a negated, hedged, cited or excepted one does not.
    triggers, count = [], 0
    for m in ctx.finditer(rule.params["trigger"], "sentence"):
        hit = Hit(m.start(), m.end())
        if ctx.keeps(rule, hit):
            triggers.append(m)
            count += 1
        elif ctx.keeps(rule, hit, framed=False):
            count += 1
    if not triggers or count < rule.params["min_triggers"]:
        return
    first = triggers[0]
    yield Hit(first.start(), first.end(), {"count": str(len(triggers))}, document=True)
