"""Rule documentation: the `healthlint rules` table and `healthlint explain CODE` pages."""

from __future__ import annotations

import textwrap

from .kinds import KINDS
from .packs import RuleSet
from .rules import Rule


def rules_table(ruleset: RuleSet) -> str:
    rows = [("CODE", "NAME", "CATEGORY", "LEVEL", "SUMMARY")]
    rows += [(r.code, r.name, r.category, r.level, r.summary) for r in ruleset.all_rules]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4] for row in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def explain(rule: Rule) -> str:
    wrap = lambda text: textwrap.fill(" ".join(text.split()), 88)  # noqa: E731
    out = [
        f"{rule.code} {rule.name}",
        "",
        f"Category: {rule.category}    Level: {rule.level}    Kind: {rule.kind}    Scope: {rule.scope}",
        "",
        wrap(rule.summary),
        "",
        "Why it matters",
        wrap(rule.why),
        "",
        "How to fix it",
        wrap(rule.fix),
        "",
        "Flagged:",
        *(f"  - {e}" for e in rule.fail_examples),
        "",
        "Not flagged:",
        *(f"  - {e}" for e in rule.pass_examples),
    ]
    modifiers = [
        m.replace("_", " ")
        for m in ("unless_cited", "unless_hedged", "unless_negated", "skip_quoted")
        if getattr(rule, m)
    ]
    if modifiers:
        out += ["", "Not flagged when: " + ", ".join(m.replace("unless ", "") for m in modifiers)]
    out += ["", "Sources:"]
    for ref in rule.references:
        out.append(f"  - {ref.title}" + (f" <{ref.url}>" if ref.url else ""))
    describe = getattr(KINDS[rule.kind], "describe", None)
    if describe is not None:
        out += ["", *describe(rule.params)]
    return "\n".join(out) + "\n"
