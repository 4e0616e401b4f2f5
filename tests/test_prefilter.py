"""The literal prefilter must be invisible: trying a pattern only where its first words occur
yields exactly the matches of scanning the whole text."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from healthlint.api import Linter
from healthlint.patterns import alternation, compile_regex
from healthlint.prefilter import Prefilter, finditer_at, first_words, normalise
from healthlint.reader import make_document
from healthlint.source import SourceFile

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ruleset():
    return Linter().rules


def _texts():
    for folder in ("fixtures", "examples"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".md", ".html", ".txt"):
                yield path


def test_built_in_patterns_are_mostly_filtered(ruleset):
    pf = ruleset.prefilter
    assert pf is not None and len(pf.slots) >= 60


def test_prefiltered_matches_equal_full_scans_on_every_fixture(ruleset):
    pf = ruleset.prefilter
    patterns = {}
    def walk(value, depth=0):
        if isinstance(value, regex.Pattern):
            patterns[(value.pattern, value.flags)] = value
        elif isinstance(value, dict):
            for v in value.values():
                walk(v, depth + 1)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v, depth + 1)
        elif hasattr(value, "__dataclass_fields__") and depth < 6:
            for name in value.__dataclass_fields__:
                walk(getattr(value, name, None), depth + 1)

    for rule in ruleset.all_rules:
        walk(rule.params)
    filtered = [p for p in patterns.values() if pf.slot(p) is not None]
    texts = [p.read_text(encoding="utf-8") for p in _texts()]
    texts += [ex for rule in ruleset.all_rules for ex in (*rule.fail_examples, *rule.pass_examples)]
    checked = 0
    for text in texts:
        doc = make_document(SourceFile.from_text(text, "x.md", "markdown"))
        candidates = pf.scan(doc.prose)
        assert candidates is not None
        for pattern in filtered:
            full = [m.span() for m in pattern.finditer(doc.prose)]
            fast = [m.span() for m in finditer_at(pattern, doc.prose, candidates.get(pf.slot(pattern), []))]
            assert fast == full, (pattern.pattern[:80], text[:80])
            checked += len(full)
    assert checked > 100


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (alternation(["cures insomnia", "cure-all", "clinically proven"], []), {"cures", "cure", "cureall", "clinically"}),
        (alternation([], [r"\d+\s*%"]), {"0"}),
        (alternation([], [r"(?:the\s+)?best\s+way"]), {"the", "best"}),
        (alternation([], [r"[Tt]op\s+(?:pick|choice)"]), {"top"}),
        (alternation([], [r"(?-i:AG1)\b"]), {"ag0"}),  # digits normalise to 0
        (alternation([], [r"(?=\S)magnesium(?!\s+oxide)"]), {"magnesium"}),
    ],
)
def test_first_words(source, words):
    assert first_words(compile_regex(source)) == frozenset(words)


@pytest.mark.parametrize(
    "source",
    [
        r"\w+est\s+form",  # no lookbehind: a match may start anywhere
        alternation([], [r"(?:\w+\s+){0,2}cures"]),  # may start with any word
        alternation([], [r"(a)\1"]),  # back-reference
        alternation([], [r"[^a-z]+x"]),  # a negated class
        alternation([], [r"(?x) cures"]),  # verbose
    ],
)
def test_patterns_it_cannot_reason_about_are_not_filtered(source):
    assert first_words(compile_regex(source)) is None


def test_normalise_is_one_to_one_and_folds_digits_and_spaces():
    text = "Take 400\u00a0MG of Magnesium\tdaily ٣"
    out = normalise(text)
    assert len(out) == len(text)
    assert out == "take 000 mg of magnesium daily 0"


def test_text_whose_lowercase_changes_length_falls_back_to_full_scans():
    pf = Prefilter.build([compile_regex(alternation(["cures insomnia"], []))])
    assert pf.scan("İstanbul cures insomnia") is None
    linter = Linter(select=["HL131"])
    assert [f.excerpt for f in linter.lint_text("İstanbul tea cures insomnia.\n")] == ["cures insomnia"]


def test_candidates_are_word_starts_only():
    pattern = compile_regex(alternation(["cure"], []))
    pf = Prefilter.build([pattern])
    text = "Secure cures: a cure. CURE!"
    found = pf.scan(text)[pf.slot(pattern)]
    assert all(not text[i - 1].isalnum() for i in found if i)
    assert [m.span() for m in finditer_at(pattern, text, found)] == [m.span() for m in pattern.finditer(text)]
