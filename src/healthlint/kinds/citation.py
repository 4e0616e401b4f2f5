"""`citation`: check that citation markers resolve to reference entries.

`check: dangling` flags each marker ([3], [^2], ³, <sup>3</sup>) whose number or label has no entry
in the article's references, footnotes or notes; `check: empty-section` flags a references heading
with no entries under it; `check: unused` flags entries that no marker cites (only in articles that
use markers at all: a reading list without markers is fine).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..citations import entries, markers

FIELDS = ("check",)
SCOPES = ("sentence",)
DEFAULT_SCOPE = "sentence"
CHECKS = ("dangling", "empty-section", "unused")


def compile(reader: Any, lexicons: Mapping[str, list[str]]) -> dict[str, Any]:
    return {"check": reader.choice("check", CHECKS)}


def placeholders(params: Mapping[str, Any]) -> tuple[str, ...]:
    return {"dangling": ("marker", "id", "known"), "empty-section": ("heading",), "unused": ("id",)}[params["check"]]


def check(rule: Any, doc: Any, ctx: Any) -> Iterator[Any]:
    from . import Hit

    found, sections = ctx.shared("citation-entries", entries)
    check = rule.params["check"]
    if check == "empty-section":
        for section in sections:
            if section.entries == 0:
                heading = " ".join(doc.prose[section.heading_start : section.heading_end].split())
                yield Hit(section.heading_start, section.heading_end, {"heading": heading})
        return
    cited = ctx.shared("citation-markers", markers)
    known = ctx.reference_ids()
    if check == "dangling":
        listed = ", ".join(sorted(known, key=lambda k: (not k.isdigit(), k.zfill(4)))) or "none"
        for marker in cited:
            for ref_id in marker.ids:
                if ref_id not in known:
                    yield Hit(marker.start, marker.end, {"marker": marker.text, "id": ref_id, "known": listed})
                    break
        return
    if cited:
        used = {ref_id for marker in cited for ref_id in marker.ids}
        for entry in found:
            if entry.id not in used:
                yield Hit(entry.start, min(entry.end, entry.start + 60), {"id": entry.id})
