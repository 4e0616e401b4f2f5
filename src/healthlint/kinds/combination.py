"""`combination`: flag a sentence in which every named group of terms occurs (optionally in order,
within a number of words), e.g. subject x claim verb x disease."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import regex

from ..patterns import loosen_pattern

FIELDS = ("groups", "ordered", "max_words", "max_gap", "anchor", "span", "unless_in_title")
SCOPES = ("sentence",)
DEFAULT_SCOPE = "sentence"
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_REVIEW_TITLE = regex.compile(
    r"\b(?:reviews?|vs\.?|versus|best|top|compared|comparison|tested|honest|worth it|alternatives?)\b"
)


def compile(reader: Any, lexicons: Mapping[str, list[str]]) -> dict[str, Any]:
    groups = reader.get("groups", Mapping, required=True)
    if len(groups) < 2:
        raise reader.fail("'groups' needs at least two named groups of terms", "groups")
    compiled = []
    harvests = []
    for name, terms in groups.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise reader.fail(f"group name {name!r} must be an identifier (used as a placeholder)", "groups")
        terms = dict(terms) if isinstance(terms, Mapping) else terms
        harvest = terms.pop("harvest", None) if isinstance(terms, dict) else None
        compiled.append((name, reader.terms(f"groups.{name}", terms, lexicons)))
        harvests.append(_harvest_patterns(reader, name, harvest))
    max_words = reader.get("max_words", int, 0)
    if max_words < 0:
        raise reader.fail("'max_words' must be 0 (no limit) or more", "max_words")
    max_gap = reader.get("max_gap", int, 0)
    if max_gap < 0:
        raise reader.fail("'max_gap' must be 0 (no limit) or more", "max_gap")
    names = [name for name, _ in compiled]
    anchor = reader.get("anchor", str, names[-1])
    if anchor not in names:
        raise reader.fail(f"'anchor' must name one of the groups ({', '.join(names)})", "anchor")
    span = reader.get("span", str, "all")
    if span not in ("all", "anchor"):
        raise reader.fail("'span' must be 'all' (first to last group) or 'anchor' (the anchor group)", "span")
    in_title = reader.get("unless_in_title", str, "")
    if in_title and in_title not in names:
        raise reader.fail(f"'unless_in_title' must name one of the groups ({', '.join(names)})", "unless_in_title")
    return {
        "harvest": tuple(harvests),
        "in_title": names.index(in_title) if in_title else -1,
        "span": span,
        "anchor": names.index(anchor),
        "groups": tuple(compiled),
        "ordered": reader.get("ordered", bool, True),
        "max_words": max_words,
        "max_gap": max_gap,
    }


def placeholders(params: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(name for name, _ in params["groups"])


def check(rule: Any, doc: Any, ctx: Any) -> Iterator[Any]:
    from . import Hit

    groups = rule.params["groups"]
    harvest = rule.params["harvest"]
    per_sentence: dict[int, list[list[Any]]] = {}

    # Only sentences where every group can match can hold a combination (for scope
    # "paragraph", the blocks that hold sentences of every group).
    def units(source: Any) -> set[int]:
        found = set(ctx.sentences_with(source, rule.scope))
        if rule.scope == "paragraph":
            return {doc.sentences[s].block for s in found}
        return found

    # Terms harvested from the document only add sentences to their group, and collecting them
    # scans the whole document: the groups without harvesting must be able to meet first.
    plain = {i: units(pattern) for i, (_, pattern) in enumerate(groups) if not harvest[i]}
    common: set[int] | None = set.intersection(*plain.values()) if plain else None
    if common is not None and not common:
        return
    sources: list[list[Any]] = []
    for index, (_, pattern) in enumerate(groups):
        extra = _harvested(doc, ctx, harvest[index]) if harvest[index] else None
        sources.append([s for s in (pattern, extra) if s is not None])
        if index in plain:
            continue
        here = set().union(*(units(source) for source in sources[-1]))
        common = here if common is None else common & here
        if not common:
            return
    if rule.scope == "paragraph":
        common = {s for s, sentence in enumerate(doc.sentences) if sentence.block in common}  # type: ignore[operator]
    for index, group in enumerate(sources):
        for source in group:
            for m in ctx.finditer(source, rule.scope, only=common):
                s = doc.sentence_index(m.start())
                slots = per_sentence.setdefault(s, [[] for _ in groups])
                slots[index].append(m)
    for slots in per_sentence.values():
        for matches in slots:
            matches.sort(key=lambda m: m.start())
    ordered = rule.params["ordered"]
    max_words = rule.params["max_words"]
    in_title = rule.params["in_title"]
    title = _title(doc).lower() if in_title >= 0 else ""
    if _REVIEW_TITLE.search(title):
        title = ""  # a review or comparison names products it does not own
    for s in sorted(per_sentence):
        slots = per_sentence[s]
        if not all(slots):
            continue
        chain = _chain(slots, ordered, max_words, rule.params["max_gap"], doc.prose)
        if chain and in_title >= 0 and " ".join(chain[in_title].group().split()).lower() in title:
            continue  # e.g. a brand praised on its own product page: that is not an endorsement
        if chain:
            values = {name: " ".join(m.group().split()) for (name, _), m in zip(groups, chain)}
            # Negation is judged just before the anchor group (default: the last, the claim), so
            # that "zinc does not prevent colds" counts as negated however far the subject is.
            anchored = chain[rule.params["anchor"]]
            start = min(m.start() for m in chain) if rule.params["span"] == "all" else anchored.start()
            end = max(m.end() for m in chain) if rule.params["span"] == "all" else anchored.end()
            yield Hit(start, end, values, anchor=anchored.start(), anchor_end=anchored.end())


def _harvest_patterns(reader: Any, name: str, harvest: Any) -> tuple[regex.Pattern[str], ...]:
    """Patterns (each with a named group `term`) that collect extra terms for a group from the
    document itself, e.g. product names from the numbered headings of a roundup."""
    if harvest is None:
        return ()
    if not isinstance(harvest, list) or not all(isinstance(h, str) for h in harvest):
        raise reader.fail(f"'harvest' of group {name!r} must be a list of regexes", "groups")
    out = []
    for source in harvest:
        pattern = reader.compile("groups", loosen_pattern(source))
        if "term" not in pattern.groupindex:
            raise reader.fail(f"harvest pattern {source!r} needs a named group (?P<term>...)", "groups")
        out.append(pattern)
    return tuple(out)


# Words that cannot start a product name on their own: articles, adjectives, nutrients, foods.
_GENERIC_WORDS = frozenset(
    "the a an our my your best top new pure organic natural premium daily extra ultra max pro plus why how "
    "what when which who is are and or for with "
    "vitamin vitamins magnesium zinc iron calcium selenium biotin folate collagen probiotic probiotics prebiotic "
    "fish krill cod oil oils omega omega-3 supplement supplements gummies capsules tablets softgels powder drops "
    "spray tea teas coffee turmeric curcumin ginger garlic ashwagandha melatonin creatine berberine elderberry "
    "echinacea cbd hemp mushroom mushrooms lion's reishi chaga cordyceps maca spirulina chlorella moringa matcha "
    "cinnamon ginseng ginkgo valerian chamomile lavender peppermint fiber fibre psyllium protein whey glucosamine "
    "chondroitin quercetin resveratrol nac nmn electrolytes apple cider vinegar honey salmon sardines blueberries "
    "berries walnuts nuts seeds chia flax flaxseed spinach kale broccoli avocado oats yogurt kefir kimchi "
    "sauerkraut beans lentils olive dark chocolate green black red white bone broth water sea moss b12 d3 k2".split()
)


def _harvested(doc: Any, ctx: Any, patterns: tuple[regex.Pattern[str], ...]) -> regex.Pattern[str] | None:
    """One case-sensitive alternation of the distinctive leading words of harvested names."""
    terms: set[str] = set()
    for pattern in patterns:
        if not ctx.possible(pattern, 0, len(doc.prose)):
            continue  # the filters rule out any match in the document
        for m in pattern.finditer(doc.prose):
            words = m.group("term").split()
            kept: list[str] = []
            for word in words:
                if word.lower().strip(".,:;") in _GENERIC_WORDS:
                    break
                kept.append(word)
            if kept and len(" ".join(kept)) >= 3:
                terms.add(" ".join(kept))
    if not terms:
        return None
    alternatives = "|".join(regex.escape(t).replace("\\ ", r"\s+") for t in sorted(terms, key=len, reverse=True))
    return regex.compile(r"(?<![\w])(?:" + alternatives + r")(?![\w])")


def _title(doc: Any) -> str:
    """The document's title: its first heading, with whitespace folded."""
    for block in doc.blocks:
        if block.kind == "heading":
            return " ".join(doc.prose[block.start : block.end].split())
    return ""


def _chain(slots: list[list[Any]], ordered: bool, max_words: int, max_gap: int, prose: str) -> list[Any] | None:
    """The first choice of one match per group that satisfies order and distance, if any.
    `max_gap` (ordered only) bounds the words between consecutive matches."""
    for first in slots[0]:
        chain = [first]
        for matches in slots[1:]:
            if ordered:
                after = chain[-1].end()
                nxt = next(
                    (
                        m
                        for m in matches
                        if m.start() >= after
                        and (not max_gap or len(_WORD.findall(prose, after, m.start())) <= max_gap)
                    ),
                    None,
                )
            else:
                nxt = min(matches, key=lambda m: abs(m.start() - first.start()))
            if nxt is None:
                break
            chain.append(nxt)
        else:
            start = min(m.start() for m in chain)
            end = max(m.end() for m in chain)
            if not max_words or len(_WORD.findall(prose, start, end)) <= max_words:
                return chain
    return None
