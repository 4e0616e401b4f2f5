"""`metric`: readability measures.

`measure: reading-level` grades each paragraph of at least `min_words` words (scope `paragraph`)
or the whole article's prose (scope `document`) with `formula` (flesch-kincaid, or smog), and
flags it above `target` (a US school grade). `measure: long-sentence` flags sentences of more than
`max_words` words. Only running prose counts: headings, list fragments, table cells, quotes of
references and code are not sentences.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..readability import FORMULAS, words

FIELDS = ("measure", "formula", "target", "min_words", "max_words")
SCOPES = ("sentence", "paragraph", "document")
DEFAULT_SCOPE = "paragraph"
PROSE = ("paragraph", "quote")


def compile(reader: Any, lexicons: Mapping[str, list[str]]) -> dict[str, Any]:
    measure = reader.choice("measure", ("reading-level", "long-sentence"))
    formula = reader.choice("formula", tuple(FORMULAS), "flesch-kincaid")
    target = reader.get("target", (int, float), 8)
    if isinstance(target, bool) or target <= 0:
        raise reader.fail("'target' must be a positive grade", "target")
    min_words = reader.get("min_words", int, 40)
    max_words = reader.get("max_words", int, 30)
    if min_words < 1 or max_words < 1:
        raise reader.fail("'min_words' and 'max_words' must be 1 or more", "min_words")
    return {"measure": measure, "formula": formula, "target": float(target), "min_words": min_words,
            "max_words": max_words}  # fmt: skip


def placeholders(params: Mapping[str, Any]) -> tuple[str, ...]:
    return ("value", "target", "formula", "words")


def _tokenised(doc: Any) -> list[list[str]]:
    """The words of each prose sentence of the document (none for others), shared by the metric rules."""
    prose, blocks = doc.prose, doc.blocks
    return [words(prose[s.start : s.end]) if blocks[s.block].kind in PROSE else [] for s in doc.sentences]


def check(rule: Any, doc: Any, ctx: Any) -> Iterator[Any]:
    from . import Hit

    params = rule.params
    tokens = ctx.shared("sentence-words", _tokenised)
    by_block: dict[int, list[int]] = {}
    for index, sentence in enumerate(doc.sentences):
        if doc.blocks[sentence.block].kind in PROSE:
            by_block.setdefault(sentence.block, []).append(index)
    if params["measure"] == "long-sentence":
        for indices in by_block.values():
            for i in indices:
                count = len(tokens[i])
                if count > params["max_words"]:
                    s = doc.sentences[i]
                    yield Hit(s.start, s.end, {"words": str(count), "target": str(params["max_words"]),
                                                "value": str(count), "formula": ""})  # fmt: skip
        return
    grade = FORMULAS[params["formula"]]
    name = "Flesch-Kincaid" if params["formula"] == "flesch-kincaid" else "SMOG"
    if rule.scope == "document":
        tokenised = [tokens[i] for indices in by_block.values() for i in indices]
        count = sum(len(t) for t in tokenised)
        if count >= params["min_words"]:
            value = grade(tokenised)
            if value > params["target"]:
                first = doc.sentences[next(iter(by_block.values()))[0]]
                yield Hit(first.start, first.end, _values(value, params, name, count), document=True)
        return
    for indices in by_block.values():
        tokenised = [tokens[i] for i in indices]
        count = sum(len(t) for t in tokenised)
        if count < params["min_words"]:
            continue  # too short to grade reliably
        value = grade(tokenised)
        if value > params["target"]:
            first = doc.sentences[indices[0]]
            yield Hit(first.start, first.end, _values(value, params, name, count))


def _values(value: float, params: Mapping[str, Any], name: str, count: int) -> dict[str, str]:
    return {"value": f"{value:.1f}", "target": f"{params['target']:g}", "formula": name, "words": str(count)}
