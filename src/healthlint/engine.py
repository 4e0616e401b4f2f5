"""Running a rule set over a document: hits -> modifiers -> findings -> suppressions -> sorted list."""

from __future__ import annotations

from . import patterns
from .context import Context
from .directives import Directive, parse_directives
from .document import Document
from .errors import RuleTimeoutError
from .finding import Finding, Severity
from .kinds import KINDS, Hit
from .packs import RuleSet, matches
from .rules import Rule


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return ""


def lint_document(doc: Document, ruleset: RuleSet) -> list[Finding]:
    """All findings of the active rules on one document, suppressions applied, sorted."""
    ctx = Context(doc, ruleset.cues, ruleset.prefilter)
    findings: list[Finding] = []
    for rule in ruleset.rules:
        if rule.formats and doc.source.format not in rule.formats:
            continue
        try:
            for hit in KINDS[rule.kind].check(rule, doc, ctx):
                if hit.document or ctx.keeps(rule, hit):
                    findings.append(make_finding(doc, rule, hit))
        except TimeoutError:
            raise RuleTimeoutError(
                f"{doc.source.path}: rule {rule.code} ({rule.origin}) was stopped after "
                f"{patterns.match_timeout(len(doc.prose)):.0f}s on this file: its pattern backtracks catastrophically "
                "(look for nested repeats such as (a+)+ or (\\w+\\s?)*); the rule is skipped from here on",
                rule.code,
            ) from None
    findings = _dedupe(findings)

    directives = parse_directives(doc)
    used: set[int] = set()
    kept = [f for f in findings if not _suppressed(f, directives, used, ruleset)]
    for rule in ruleset.rules:
        if rule.kind != "suppression":
            continue
        hits = KINDS[rule.kind].check_directives(
            directives,
            used,
            lambda s: any(matches(r, s) for r in ruleset.all_rules),
            lambda sels: not sels or any(matches(r, s) for r in ruleset.rules for s in sels),
        )
        for hit in hits:
            finding = make_finding(doc, rule, hit)
            if not _suppressed(finding, [d for d in directives if d.action == "disable-file"], set(), ruleset):
                kept.append(finding)
    kept.sort(key=lambda f: f.sort_key)
    return kept


def make_finding(doc: Document, rule: Rule, hit: Hit) -> Finding:
    """Position a hit in the original file and render its message."""
    source = doc.source
    start, end = hit.start, max(hit.end, hit.start)
    line, column = source.position(start)
    end_line, end_column = source.position(end)
    excerpt = " ".join(doc.prose[start:end].split()) or " ".join(doc.text[start:end].split())
    values = _Values(hit.values)
    values.setdefault("match", excerpt)
    suggestion = hit.values.get("suggestion") or (rule.suggestion.format_map(values) if rule.suggestion else None)
    values["suggestion"] = suggestion or ""
    reference = rule.source
    cites = (reference.title, reference.url) if reference else None
    if hit.values.get("source_title"):
        cites = (hit.values["source_title"], hit.values.get("source_url") or None)
    return Finding(
        path=source.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        scope="document" if hit.document else "line",
        rule=rule.code,
        name=rule.name,
        category=rule.category,
        severity=rule.level,
        message=rule.message.format_map(values),
        excerpt=excerpt,
        suggestion=suggestion or None,
        source=cites,
        offset=start,
        end_offset=end,
    )


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per problem: of overlapping line findings in the same category, keep the most
    severe (then the lowest code, then the longest span)."""
    ranked = sorted(
        findings,
        key=lambda f: (-Severity.parse(f.severity), f.rule, -(f.end_offset - f.offset), f.offset),
    )
    kept: list[Finding] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    for f in ranked:
        if f.scope == "line":
            spans = taken.setdefault(f.category, [])
            if any(a < f.end_offset and f.offset < b for a, b in spans):
                continue
            spans.append((f.offset, f.end_offset))
        kept.append(f)
    return kept


def _suppressed(finding: Finding, directives: list[Directive], used: set[int], ruleset: RuleSet) -> bool:
    rule = ruleset.get(finding.rule)
    hidden = False
    for index, directive in enumerate(directives):
        if directive.action == "enable" or not directive.covers(finding.line):
            continue
        if not directive.selectors or (rule and any(matches(rule, s) for s in directive.selectors)):
            used.add(index)
            hidden = True
    return hidden
