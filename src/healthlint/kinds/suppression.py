"""`suppression`: reports suppression comments that hide nothing or name no known rule."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

FIELDS = ()
SCOPES = ("sentence",)
DEFAULT_SCOPE = "sentence"


def compile(reader: Any, lexicons: Mapping[str, list[str]]) -> dict[str, Any]:
    return {}


def placeholders(params: Mapping[str, Any]) -> tuple[str, ...]:
    return ("directive", "problem")


def check(rule: Any, doc: Any, ctx: Any) -> Iterator[Any]:
    """Nothing to find in prose: the engine calls `check_directives` once suppressions are applied."""
    return iter(())


def check_directives(directives: Iterable[Any], used: set[int], known: Any, active: Any) -> Iterator[Any]:
    """Hits for directives that suppressed nothing. `known(selector)` says whether a selector names
    any loaded rule, `active(selectors)` whether it names any rule that ran."""
    from . import Hit

    for index, directive in enumerate(directives):
        if directive.action == "enable":
            continue
        label = (
            "healthlint-" + directive.action + ("" if not directive.selectors else " " + " ".join(directive.selectors))
        )
        unknown = [s for s in directive.selectors if not known(s)]
        if unknown:
            problem = f"names no known rule ({', '.join(unknown)})"
        elif index in used:
            continue
        elif not active(directive.selectors):
            continue  # the rules it names did not run (deselected): nothing to judge
        else:
            problem = "suppresses nothing"
        yield Hit(directive.start, directive.end, {"directive": label, "problem": problem})
