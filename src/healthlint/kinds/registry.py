"""`registry`: claims that the best evidence contradicts or does not support.

The registry is a data file next to the pack (`registry: data/claims-registry.yaml`). Each entry
names subject terms (magnesium and its salts), effect terms (prevent, relieve, ease...) and object
terms (leg cramps, night cramps...), a verdict and its evidence (title, year, DOI or URL). A sentence
where a subject term occurs and an effect term is followed, within a few words, by an object term
is a finding, unless the claim is negated, asked, quoted, or rebutted in the same sentence or the
next one ("... but a Cochrane review found no benefit"). Hedged claims are still findings: the
evidence is against the claim however softly it is made.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import regex

from ..datafiles import entries, terms
from ..patterns import alternation

FIELDS = ("registry", "max_gap", "max_words")
SCOPES = ("sentence",)
DEFAULT_SCOPE = "sentence"
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_ENTRY_KEYS = ("id", "claim", "subject", "effect", "object", "verdict", "nuance", "suggestion", "evidence")
_EVIDENCE_KEYS = ("title", "authors", "year", "journal", "doi", "pmid", "url")
_EVIDENCE = regex.compile(r"(?i)\b(?:review|trials?|stud(?:y|ies)|evidence|research|meta-analysis|Cochrane|placebo)\b")
_CONTRAST = regex.compile(r"(?i)^\W*(?:but|however|yet|still|in fact|actually|unfortunately|sadly)\b")


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    claim: str
    subject: regex.Pattern[str]
    effect: regex.Pattern[str]
    object: regex.Pattern[str]
    verdict: str
    nuance: str
    suggestion: str
    evidence: str  # short citation for messages
    source_title: str
    source_url: str | None


def compile(reader: Any, lexicons: Mapping[str, list[str]]) -> dict[str, Any]:
    path = reader.get("registry", str, required=True)
    display, text = reader.data_file("registry", path)
    claims = load_registry(text, display, lexicons)
    for name in ("evidence-against", "claim-distancing", "claim-outcomes"):
        if name not in lexicons:
            raise reader.fail(f"kind 'registry' needs the lexicon {name!r}", "kind")
    max_gap = reader.get("max_gap", int, 6)
    max_words = reader.get("max_words", int, 30)
    if max_gap < 0 or max_words < 1:
        raise reader.fail("'max_gap' must be 0 or more and 'max_words' 1 or more", "max_gap")
    return {
        "claims": claims,
        "against": reader.terms("kind", {"lexicons": ["evidence-against"]}, lexicons),
        "distancing": reader.terms("kind", {"lexicons": ["claim-distancing"]}, lexicons),
        "outcomes": reader.compile(
            "kind", r"\s+(?:\w+\s+){0,2}?(?:" + alternation(lexicons["claim-outcomes"], []) + r")"
        ),
        "max_gap": max_gap,
        "max_words": max_words,
    }


def placeholders(params: Mapping[str, Any]) -> tuple[str, ...]:
    return ("claim", "verdict", "evidence", "nuance", "subject", "effect", "object")


# A subject the sentence refers back to: a pronoun, the product, or a CamelCase brand name.
_REFERENT = regex.compile(
    r"(?i:\b(?:it|this|these|they|them|the (?:supplement|formula|product|tablet|capsule|softgel|pill|blend|drops|"
    r"tincture|extract|powder|gummies|stuff|combination|combo|duo|pair|mix|stack)s?"
    r"|our (?:\w+ )?(?:formula|product|blend|supplement|tablets?|capsules?)|"
    r"a (?:daily |single )?(?:tablet|capsule|softgel|pill|dose|gummy|scoop)|a few drops|one (?:a day|daily))\b)"
    r"|(?-i:\b[A-Z][a-z]+[A-Z][A-Za-z0-9]+\b)"
)
_QUESTION = regex.compile(
    r"(?i)^\W*(?:(?:Q|question)\s*[:.]\s*)?(?:(?:so|and|but|then|well|now|okay|ok|still|yet|really)\b,?\s*)?(?:does|do|did|can|could|will|would|should|is|are|was|were|has|have|what|how|why|which|who|where|when)\b"
)


def describe(params: Mapping[str, Any]) -> list[str]:
    """The registry's claims and their evidence, for `healthlint explain`."""
    out = ["Claims in the registry:"]
    for claim in params["claims"]:
        out.append(f"  - {claim.claim}: {claim.verdict}")
        out.append(f"      evidence: {claim.source_title}" + (f" <{claim.source_url}>" if claim.source_url else ""))
        if claim.evidence.count(";"):
            out.append(f"      also: {claim.evidence}")
    return out


def check(rule: Any, doc: Any, ctx: Any) -> Iterator[Any]:
    from . import Hit

    prose = doc.prose
    params = rule.params
    against = params["against"]
    distancing = params["distancing"]
    for claim in params["claims"]:
        # Every form of the claim names its object, so only sentences that can hold one count.
        for index in ctx.sentences_with(claim.object):
            sentence = doc.sentences[index]
            if doc.blocks[sentence.block].kind == "reference":
                continue
            a, b = sentence.start, sentence.end
            if not ctx.possible(claim.object, a, b):
                continue
            subjects: list[Any] = []
            hit = _find(claim, subjects, prose, a, b, params, ctx)
            if hit is None or (not subjects and not _implied_subject(claim, doc, index)):
                continue
            subject, effect, obj = hit
            if ctx.negated(effect.start(), obj.end(), disbelief=False):
                continue
            if distancing.search(prose, a, min(b, obj.end())) or against.search(prose, a, b):
                continue
            if _rebutted(doc, index, against) or _asked(doc, sentence, effect.start()):
                continue
            if doc.blocks[sentence.block].kind == "heading" and ctx.quoted(effect.start(), obj.end(), whole=True):
                continue  # '## 1. "Magnesium stops night cramps"': a claim put up to be examined
            start, end = min(effect.start(), obj.start()), max(effect.end(), obj.end())
            yield Hit(
                start,
                end,
                {
                    "claim": claim.claim,
                    "verdict": claim.verdict,
                    "evidence": claim.evidence,
                    "nuance": claim.nuance,
                    "subject": " ".join(subject.group().split()) if subject is not None else "",
                    "effect": " ".join(effect.group().split()),
                    "object": " ".join(obj.group().split()),
                    "suggestion": claim.suggestion,
                    "source_title": claim.source_title,
                    "source_url": claim.source_url or "",
                },
                anchor=start,
                anchor_end=end,
            )


def _implied_subject(claim: Claim, doc: Any, index: int) -> bool:
    """A sentence without the subject may still make the claim about it: a pronoun or the
    product ("It eases cramps", "FlexOmega keeps heart disease at bay") or a benefit bullet
    ("Rebuilds worn cartilage"; a heading is not enough: "Other things that help") right after
    text that names the subject (within three sentences, not across a heading, or in the
    article's title)."""
    sentence = doc.sentences[index]
    block = doc.blocks[sentence.block]
    text = doc.prose[sentence.start : sentence.end]
    if not (_REFERENT.search(text) or block.kind in ("list_item", "table_cell")):
        return False
    for k in range(index - 1, max(-1, index - 4), -1):
        earlier = doc.sentences[k]
        if claim.subject.search(doc.prose, earlier.start, earlier.end):
            return True
        if doc.blocks[earlier.block].kind == "heading" and k != index - 1:
            break
    # On a product page the product is the subject: the title names it.
    title = next((b for b in doc.blocks if b.kind == "heading"), None)
    return title is not None and claim.subject.search(doc.prose, title.start, title.end) is not None


def _asked(doc: Any, sentence: Any, at: int) -> bool:
    """A question that asks about the claim ("Does magnesium stop cramps?"), not a claim with a
    question tagged on ("...so it's worth a shot?")."""
    text = doc.prose[sentence.start : sentence.end].rstrip(" \t\r\n\"'”’)*_")
    if not text.endswith("?"):
        return False
    if _QUESTION.match(text):
        return True
    return bool(_WHETHER.search(doc.prose[sentence.start : at]))


_WHETHER = regex.compile(r"(?i)\b(?:whether|if)\b")


_OBJECT_WORDS = 12  # longer than any object phrase of the registry


def _find(
    claim: Claim, subjects: list[Any], prose: str, a: int, b: int, params: Mapping[str, Any], ctx: Any
) -> tuple[Any, Any, Any] | None:
    """An effect followed by an object within `max_gap` words (or an object followed by an
    outcome: "the cramps just stop"), with a subject, when the sentence names one, within
    `max_words` words. The sentence's subjects are added to `subjects` when there is a pair."""
    max_gap, max_words = params["max_gap"], params["max_words"]
    pairs = []
    effects = claim.effect.finditer(prose, a, b) if ctx.possible(claim.effect, a, b) else ()
    for effect in effects:
        # An object starts within max_gap words and is a short phrase: look no further than that
        # (ending at a word's end), so that a very long sentence costs time linear in its length.
        stop = b
        for count, word in enumerate(_WORD.finditer(prose, effect.end(), b), 1):
            if count >= max_gap + _OBJECT_WORDS:
                stop = word.end()
                break
        for obj in claim.object.finditer(prose, effect.end(), stop):
            if len(_WORD.findall(prose, effect.end(), obj.start())) > max_gap:
                break
            pairs.append((effect, obj))
    for obj in claim.object.finditer(prose, a, b):
        after = params["outcomes"].match(prose, obj.end(), b)
        if after:
            pairs.append((after, obj))
    if not pairs:
        return None
    subjects.extend(claim.subject.finditer(prose, a, b))
    for effect, obj in pairs:
        if not subjects:
            return None, effect, obj
        for subject in subjects:
            if subject.start() < obj.end() and obj.start() < subject.end():
                continue  # the same words cannot be subject and object
            lo = min(subject.start(), effect.start(), obj.start())
            hi = max(subject.end(), obj.end(), effect.end())
            if len(_WORD.findall(prose, lo, hi)) <= max_words:
                return subject, effect, obj
    return None


def _rebutted(doc: Any, index: int, against: regex.Pattern[str]) -> bool:
    """The next sentence of the same block contradicts the claim ("However, trials found no benefit")."""
    following = index + 1
    if following >= len(doc.sentences) or doc.sentences[following].block != doc.sentences[index].block:
        return False
    nxt = doc.sentences[following]
    text = doc.prose[nxt.start : nxt.end]
    if against.search(doc.prose, nxt.start, nxt.end) is None:
        return False
    return bool(_CONTRAST.match(text) or _EVIDENCE.search(text))


def load_registry(text: str, path: str, lexicons: Mapping[str, list[str]]) -> tuple[Claim, ...]:
    """Validate and compile a claims registry; every entry needs a verdict and checkable evidence."""
    seen: set[str] = set()
    out = []
    required = ("id", "claim", "subject", "effect", "object", "verdict", "evidence")
    for entry, fail in entries(text, path, "a claims registry", "registry entry", _ENTRY_KEYS, required):
        for key in ("id", "claim", "verdict", "nuance", "suggestion"):
            if key in entry and not (isinstance(entry[key], str) and entry[key].strip()):
                raise fail(f"{key!r} must be a non-empty string", key)
        if entry["id"] in seen:
            raise fail(f"registry id {entry['id']!r} is used twice", "id")
        seen.add(entry["id"])
        evidence = entry["evidence"]
        if not isinstance(evidence, list) or not evidence:
            raise fail("'evidence' must list at least one source", "evidence")
        cites = []
        for item in evidence:
            if not isinstance(item, Mapping) or not isinstance(item.get("title"), str):
                raise fail("each evidence item needs a 'title'", "evidence")
            for key in item:
                if key not in _EVIDENCE_KEYS:
                    raise fail(f"unknown evidence key {key!r} (use {', '.join(_EVIDENCE_KEYS)})", "evidence")
            if not isinstance(item.get("year"), int):
                raise fail("each evidence item needs a 'year'", "evidence")
            if not (item.get("doi") or item.get("url")):
                raise fail("each evidence item needs a 'doi' or a 'url' so that it can be checked", "evidence")
            url = item.get("url")
            if url is not None and not (isinstance(url, str) and url.startswith(("https://", "http://"))):
                raise fail("evidence 'url' must be an http(s) URL", "evidence")
            cites.append(item)
        first = cites[0]
        short = "; ".join(_short(item) for item in cites)
        out.append(
            Claim(
                id=entry["id"],
                claim=entry["claim"].strip(),
                subject=terms(entry["subject"], fail, "subject", lexicons),
                effect=terms(entry["effect"], fail, "effect", lexicons),
                object=terms(entry["object"], fail, "object", lexicons),
                verdict=" ".join(entry["verdict"].split()),
                nuance=" ".join(entry.get("nuance", "").split()),
                suggestion=" ".join(entry.get("suggestion", "").split()),
                evidence=short,
                source_title=_full(first),
                source_url=first.get("url") or (f"https://doi.org/{first['doi']}" if first.get("doi") else None),
            )
        )
    return tuple(out)


def _short(item: Mapping[str, Any]) -> str:
    who = item.get("authors") or item.get("journal") or ""
    who = who.split(",")[0].strip()
    where = f", doi:{item['doi']}" if item.get("doi") else f", {item['url']}" if item.get("url") else ""
    return f"{who} {item['year']}{where}".strip()


def _full(item: Mapping[str, Any]) -> str:
    journal = item.get("journal") or ""
    parts = [item.get("authors"), item["title"], journal, "" if str(item["year"]) in journal else str(item["year"])]
    return ". ".join(p.strip().rstrip(".") for p in parts if p)
