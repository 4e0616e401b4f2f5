"""Rule kinds: each module validates its own YAML fields and turns a document into hits.

A kind module exposes FIELDS (its extra YAML keys), SCOPES, DEFAULT_SCOPE, compile(reader,
lexicons) -> params, placeholders(params) -> names, and check(rule, doc, ctx) -> hits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import citation, combination, conditional, dose, existence, metric, registry, required, substitution, suppression


@dataclass(frozen=True, slots=True)
class Hit:
    """A place where a rule's pattern matched, before modifiers and suppressions are applied."""

    start: int
    end: int
    values: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    document: bool = False  # a document-level finding (scope "document" in reports)
    anchor: int = -1  # where negation is looked for (default: the start of the hit)
    anchor_end: int = -1  # end of the anchored part (quotation is judged on anchor..anchor_end)


KINDS = {
    "existence": existence,
    "substitution": substitution,
    "conditional": conditional,
    "combination": combination,
    "required": required,
    "suppression": suppression,
    "citation": citation,
    "dose": dose,
    "registry": registry,
    "metric": metric,
}
