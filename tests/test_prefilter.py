"""The literal prefilter must be invisible: running a pattern only where one of its required
strings occurs finds exactly what running it everywhere finds."""

from __future__ import annotations

import bisect
import json
from array import array
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint import prefilter
from healthlint.api import Linter
from healthlint.context import Context
from healthlint.patterns import LazyPattern, alternation, compile_regex
from healthlint.prefilter import Prefilter, normalise, required_strings
from healthlint.reader import make_document
from healthlint.source import SourceFile

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ruleset():
    return Linter().rules


def _texts(ruleset):
    out = []
    for folder in ("fixtures", "examples"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".md", ".html", ".txt"):
                fmt = {".md": "markdown", ".html": "html", ".txt": "text"}[path.suffix]
                out.append((path.read_text(encoding="utf-8"), fmt))
    out += [(ex, "markdown") for rule in ruleset.all_rules for ex in (*rule.fail_examples, *rule.pass_examples)]
    return out


def _patterns(ruleset):
    found = {}

    def walk(value, depth=0):
        if isinstance(value, (regex.Pattern, LazyPattern)):  # built-in patterns compile when first used
            found[(value.pattern, value.flags)] = value
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
    return list(found.values())


def _filtered(pf, pattern):
    return pf.slot(pattern) is not None or (pattern.pattern, pattern.flags) in pf.splits


def test_built_in_patterns_are_mostly_filtered(ruleset):
    pf = ruleset.prefilter
    patterns = _patterns(ruleset)
    assert pf is not None and sum(_filtered(pf, p) for p in patterns) >= 0.9 * len(patterns)
    assert pf.splits, "some alternations are split into anchored and searched parts"


def test_every_match_contains_a_required_string_on_every_fixture(ruleset):
    """Soundness, checked on whole-text scans: wherever a built-in pattern matches, the
    prefilter has seen one of its strings inside the match."""
    pf = ruleset.prefilter
    checked = 0
    for text, fmt in _texts(ruleset):
        doc = make_document(SourceFile.from_text(text, "x", fmt))
        ctx = Context(doc, ruleset.cues, pf)
        for pattern in _patterns(ruleset):
            if not _filtered(pf, pattern):
                continue
            for m in pattern.finditer(doc.prose):
                if m.end() > m.start():
                    assert ctx.possible(pattern, m.start(), m.end()), (pattern.pattern[:80], m.group())
                    checked += 1
    assert checked > 1000


def _scopes_agree(ruleset, patterns, texts, scope):
    """Asserts that every pattern's matches in `scope` are the same with the rule set's filters
    as with none, on every text; returns how many matches were compared."""
    checked = 0
    for text, fmt in texts:
        doc = make_document(SourceFile.from_text(text, "x", fmt))
        fast, slow = Context(doc, ruleset.cues, ruleset.prefilter), Context(doc, ruleset.cues, None)
        for pattern in patterns:
            got = [(m.start(), m.end()) for m in fast.finditer(pattern, scope, references=True)]
            want = [(m.start(), m.end()) for m in slow.finditer(pattern, scope, references=True)]
            assert got == want, (pattern.pattern[:80], text[:80])
            checked += len(want)
    return checked


@pytest.mark.parametrize("scope", ["sentence", "paragraph", "heading"])
def test_filtered_scopes_equal_unfiltered_ones_on_every_fixture(ruleset, scope):
    patterns = [p for p in _patterns(ruleset) if _filtered(ruleset.prefilter, p)]
    assert _scopes_agree(ruleset, patterns, _texts(ruleset), scope) > 50


@pytest.mark.parametrize(
    ("source", "strings", "anchored"),
    [
        (alternation([], [r"\d+\s*%"]), {"0"}, True),  # digits fold to 0
        (alternation([], [r"(?:the\s+)?best\s+way"]), {"the ", "best "}, True),
        (alternation([], [r"(?:about\s+)?halved"]), {"about ", "halved"}, True),
        (alternation([], [r"[Tt]op\s+(?:pick|choice)"]), {"top "}, True),
        (alternation([], [r"(?-i:AG1)\b"]), {"ag0"}, True),
        (alternation([], [r"(?=\S)magnesium(?!\s+oxide)"]), {"magnesium"}, True),
        (alternation([], [r"(?:\w+\s+){0,2}cures\s+\w+"]), {"cures"}, False),
        (alternation([], [r"\w+est\s+(?:form|brand)"]), {"form", "brand"}, False),
        (alternation([], [r"\p{Lu}\w+\s+heals"]), {"heals"}, False),
    ],
)
def test_filter_strings(source, strings, anchored):
    pattern = compile_regex(source)
    pf = Prefilter.build([pattern])
    slot = pf.slot(pattern)
    assert required_strings(pattern) == frozenset(strings)
    assert pf.anchored[slot] is anchored


def test_a_trie_of_phrases_is_anchored_on_its_phrases():
    found = required_strings(compile_regex(alternation(["cures insomnia", "cure-all", "clinically proven"], [])))
    assert {"clinically ", "cures ", "cure-all", "cureall", "cure all"} <= found
    assert all(s.startswith(("clinically", "cure")) for s in found)


@pytest.mark.parametrize(
    "source",
    [
        r"\w+\s+\w+",  # nothing literal
        alternation([], [r"(\w)\1|cures"]),  # a branch with a back-reference
        alternation([], [r"[^a-z]+x?"]),  # a negated class
        alternation([], [r"(?:cures){e<=1}"]),  # fuzzy matching: the regex module's own syntax
        alternation([], [r"[[:alpha:]]+ cures?"]) + "|x",  # POSIX class, and a one-letter branch
        r"(?f)strasse",  # full case folding: "straße"
    ],
)
def test_patterns_it_cannot_reason_about_are_not_filtered(source):
    assert required_strings(compile_regex(source)) is None


def test_version1_set_operations_are_not_filtered():
    assert required_strings(regex.compile(r"[[a-z]--[aeiou]]+cure", regex.V1)) is None


def test_a_pattern_the_regex_module_chokes_on_is_a_regex_error():
    with pytest.raises(regex.error):
        compile_regex(r"(?V1)[[a-z]--[aeiou]]+cure")


def test_normalise_is_one_to_one_and_folds_case_digits_and_spaces():
    text = "Take 400\u00a0MG of Magnesium\tdaily ٣ İ ΟΔΟΣ Kelvin"
    out = normalise(text)
    assert len(out) == len(text)
    assert out == "take 000 mg of magnesium daily 0 i οδος kelvin"


def test_text_whose_lowercase_changes_length_is_filtered_like_any_other():
    linter = Linter(select=["HL131"])
    assert [f.excerpt for f in linter.lint_text("İstanbul tea cures insomnia.\n")] == ["cures insomnia"]


def test_places_are_where_the_strings_start_or_their_first_letter():
    anchored = compile_regex(alternation(["cure"], []))
    inside = compile_regex(alternation([], [r"\w+\s+-cures"]))
    pf = Prefilter.build([anchored, inside])
    text = "Secure cures: a cure. CURE! x -cures"
    found = pf.scan(text)
    assert list(pf.places(pf.slot(anchored), found[pf.slot(anchored)])) == [2, 7, 16, 22, 31]
    assert list(pf.places(pf.slot(inside), found[pf.slot(inside)])) == [31]


def test_a_sentence_without_a_required_string_is_not_searched(ruleset):
    doc = make_document(SourceFile.from_text("Magnesium is a mineral. This tea is clinically proven.\n", "x.md", "markdown"))
    ctx = Context(doc, ruleset.cues, ruleset.prefilter)
    pattern = ruleset.get("HL101").params["terms"]
    assert list(ctx.sentences_with(pattern)) == [1]
    assert [m.group() for m in ctx.finditer(pattern, "sentence")] == ["is clinically proven"]


def test_a_split_alternation_finds_what_the_whole_finds():
    source = alternation(["cures insomnia", "melts fat"], [r"\w+est\s+remedy", r"(?:\w+\s+){0,2}heals\s+\w+"])
    pattern = compile_regex(source)
    pf = Prefilter.build([pattern])
    assert pf.slot(pattern) is None and (pattern.pattern, pattern.flags) in pf.splits
    text = (
        "The finest remedy cures insomnia. Nothing here. My tea heals everything and melts fat.\n\n"
        "Melts fat, cures insomnia, the oldest remedy. It heals cuts.\n"
    )
    doc = make_document(SourceFile.from_text(text, "x.md", "markdown"))
    fast = [m.group() for m in Context(doc, Linter().rules.cues, pf).finditer(pattern, "sentence")]
    slow = [m.group() for m in Context(doc, Linter().rules.cues, None).finditer(pattern, "sentence")]
    assert fast == slow == [
        "finest remedy", "cures insomnia", "My tea heals everything", "melts fat",
        "Melts fat", "cures insomnia", "oldest remedy", "It heals cuts",
    ]


def test_branches_of_an_alternation():
    from healthlint.prefilter import _branches

    assert _branches(alternation([], [r"a|b", r"[|)]x", r"\|y", r"(?:c|d)"])) == [r"a", "b", r"[|)]x", r"\|y", r"(?:c|d)"]
    assert _branches(r"a|b") is None  # not built by alternation()


def test_case_folding_agrees_with_the_pattern_engine_on_every_character():
    """Two characters a case-insensitive pattern matches to each other fold to the same one:
    otherwise a required string could be missed in text that spells it differently."""
    from regex import _regex

    flags = regex.IGNORECASE | regex.VERSION0
    for code in range(0x30000):
        folded = normalise(chr(code))
        assert len(folded) == 1
        for other in _regex.get_all_cases(flags, code):
            assert normalise(chr(other)) == folded, (hex(code), hex(other))


def test_the_shipped_table_of_the_built_in_patterns_is_current():
    """The table spares every run the analysis of the built-in patterns and their compiling at
    load: it must say exactly what the analysis and `regex` say, for every built-in pattern."""
    from healthlint import _maketable

    shipped = json.loads(Path(prefilter.__file__).with_name(prefilter.TABLE).read_text(encoding="utf-8"))
    assert shipped == _maketable.current(), "the table is out of date: run `python -m healthlint._maketable`"


def test_built_in_patterns_are_compiled_when_first_used():
    import pickle

    linter = Linter()
    keys = set(linter.rules.prefilter.keys)
    lazy = _patterns(linter.rules)
    assert len(lazy) >= 50
    assert all(isinstance(p, LazyPattern) for p in lazy)  # every built-in rule pattern
    for pattern in lazy:
        assert (pattern.pattern, pattern.flags) in keys  # the prefilter knows it without compiling
    text = "Turmeric cures arthritis."
    # one that matches the text (the shared object may have been compiled by an earlier test)
    shared = next(p for p in lazy if regex.compile(p.pattern, p._source_flags).search(text))
    pattern = pickle.loads(pickle.dumps(shared))
    assert pattern == shared and pattern._compiled is None
    exact = regex.compile(pattern.pattern, pattern._source_flags)
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in exact.finditer(text)] != []
    assert pattern._compiled is not None and pattern.flags == exact.flags
    copy = pickle.loads(pickle.dumps(pattern))
    assert copy == pattern and copy._compiled is None and copy.search(text).span() == exact.search(text).span()


def test_patterns_not_in_the_shipped_analysis_are_analysed_as_they_load(monkeypatch):
    pattern = regex.compile(r"(?i)\bzz(?:top|fizz)\s+cures?\b")
    assert prefilter.table_key(pattern.pattern, pattern.flags) not in prefilter._shipped()
    monkeypatch.setattr(prefilter, "_shipped", lambda: {})  # as if the table were missing
    pf = prefilter.Prefilter._make(((pattern.pattern, pattern.flags),))
    assert pf.slot(pattern) is not None and pf.anchored[pf.slot(pattern)]
    assert list(pf.places(pf.slot(pattern), pf.scan("It ZZtop cures all")[pf.slot(pattern)])) == [3]


_SENTENCE_TEXTS = st.lists(
    st.sampled_from(["Magnesium helps.", "It is a mineral!", "Why?", "Take it daily", "- a list item", "\n\n", "  "]),
    min_size=1,
    max_size=12,
).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(text=_SENTENCE_TEXTS, data=st.data())
def test_sentence_selection_is_exactly_the_sentences_of_the_offsets(ruleset, text, data):
    """`sentences_with` (which skips over a sentence's other offsets) selects exactly the
    sentences that the definition names, for any offsets."""
    doc = make_document(SourceFile.from_text(text, "x.md", "markdown"))
    ctx = Context(doc, ruleset.cues, ruleset.prefilter)
    offsets = sorted(data.draw(st.lists(st.integers(0, len(doc.prose) + 3), max_size=30)))
    sentences, starts = doc.sentences, doc.sentence_starts

    def place_sentence(at):  # the sentence a match starting at `at` can lie in (or its gap)
        s = bisect.bisect_right(starts, at) - 1
        return s + 1 if s < 0 or at >= sentences[s].end else s

    def end_sentence(end):  # the sentence holding the character before a match end
        return bisect.bisect_right(starts, end - 1) - 1

    expected = sorted({s for s in map(place_sentence, offsets) if s < len(sentences)})
    ctx.ends = lambda pattern: None  # type: ignore[method-assign]
    ctx.places = lambda pattern: array("q", offsets)  # type: ignore[method-assign]
    assert list(ctx.sentences_with(None)) == expected
    expected = sorted({s for s in map(end_sentence, offsets) if s >= 0})
    ctx.ends = lambda pattern: (array("q", offsets), None)  # type: ignore[method-assign]
    assert list(ctx.sentences_with(None)) == expected
    # With bounds (a chain's first piece ended there), a match of a sentence must also start
    # after the end of the sentence before; a match of a paragraph may start earlier.
    bounds = [data.draw(st.integers(0, end)) for end in offsets]

    def starts_in_time(end, bound):
        s = end_sentence(end)
        return s <= 0 or bound > sentences[s - 1].end

    ctx.ends = lambda pattern: (array("q", offsets), array("q", bounds))  # type: ignore[method-assign]
    assert list(ctx.sentences_with(None, "paragraph")) == expected
    kept = sorted(
        {end_sentence(e) for e, b in zip(offsets, bounds) if end_sentence(e) >= 0 and starts_in_time(e, b)}
    )
    assert list(ctx.sentences_with(None)) == kept
