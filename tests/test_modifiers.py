"""Rule modifiers: unless_cited, unless_hedged, unless_negated, skip_quoted, unless_question.

HL201 (vague-research-claim) and HL122 (blanket-safety) carry these modifiers; every
"not flagged" case is paired with a control that is flagged, so the test can fail.
"""

from __future__ import annotations

import pytest
from _util import linter_for


def rules_in(text: str, fmt: str = "markdown", codes=("HL122", "HL201")) -> list[str]:
    return [f.rule for f in linter_for(*codes).lint_text(text, format=fmt)]


CLAIM = "Studies show magnesium improves sleep"


def test_uncited_claim_is_flagged_control():
    assert rules_in(CLAIM + ".") == ["HL201"]


# ------------------------------------------------------------------------------------ unless_cited
CITED = {
    "bracket-number": CLAIM + " [1].",
    "bracket-range": CLAIM + " [1-3].",
    "bracket-list": CLAIM + " [1, 4].",
    "bracket-after-period": CLAIM + ".[3] Next sentence here.",
    "footnote": CLAIM + ".[^2]",
    "author-year": CLAIM + " (Smith et al., 2020).",
    "two-authors-year": CLAIM + " (Smith and Jones, 2019).",
    "superscript": CLAIM + ".²",
    "superscript-no-period": CLAIM + "¹",
    "doi": CLAIM + " (doi: 10.1000/xyz123).",
    "pmid": CLAIM + " (PMID: 12345678).",
    "link-on-claim": "[Studies show](https://pubmed.ncbi.nlm.nih.gov/123456/) magnesium improves sleep.",
    "link-elsewhere-in-sentence": CLAIM + " in [a 2021 trial](https://doi.org/10.1000/abc).",
    "according-to-nih": "According to the NIH, studies show magnesium improves sleep.",
    "nih-says": CLAIM + ", the NIH says.",
    "according-to-cochrane": CLAIM + ", according to a Cochrane review.",
}


@pytest.mark.parametrize("text", CITED.values(), ids=CITED.keys())
def test_cited_claims_are_not_flagged(text):
    assert "HL201" not in rules_in(text)


def test_html_sup_citation():
    assert rules_in("<p>Studies show it helps.<sup>1</sup></p>", "html") == []
    assert rules_in("<p>Studies show it helps.</p>", "html") == ["HL201"]


def test_vague_according_to_experts_is_not_a_citation():
    # The blanket safety claim stays flagged: "according to experts" names no source.
    assert "HL122" in rules_in("According to experts, it is completely safe.")
    assert "HL122" not in rules_in("According to the NIH, it is completely safe.")


def test_trusted_name_without_attribution_cue_is_not_a_citation():
    assert rules_in("Studies show the NIH building is big.") == ["HL201"]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.amazon.com/dp/B000123",
        "https://amzn.to/3xyz",
        "https://www.iherb.com/pr/magnesium/123",
        "https://example.com/shop/magnesium",
        "https://example.com/go?tag=abc-20",
    ],
)
def test_shop_link_is_not_a_citation(url):
    assert rules_in(f"Studies show magnesium improves [sleep]({url}).") == ["HL201"]


def test_relative_link_is_not_a_citation():
    assert rules_in("Studies show magnesium improves [sleep](/magnesium).") == ["HL201"]


def test_citation_in_another_sentence_of_another_paragraph_does_not_count_control():
    text = "Studies show magnesium improves sleep.\n\nMagnesium is a mineral found in many foods and in the sea [1].\n"
    assert rules_in(text) == ["HL201"]


def test_marker_at_start_of_next_paragraph_does_not_cite_previous_claim():
    text = "It is completely safe.\n\nZinc [1] is a metal.\n"
    assert rules_in(text) == ["HL122"]


# ----------------------------------------------------------------------------------- unless_hedged
@pytest.mark.parametrize(
    "text",
    [
        "It may be completely safe.",
        "It might be completely safe.",
        "It is probably completely safe.",
        "It could be completely safe for adults.",
    ],
)
def test_hedged_claims_are_not_flagged(text):
    assert rules_in(text) == []


def test_unhedged_claim_is_flagged_control():
    assert rules_in("It is completely safe.") == ["HL122"]


def test_hedge_in_another_clause_does_not_hedge():
    # "may" belongs to the first clause; the second clause is an unhedged blanket claim.
    assert rules_in("Some people may feel drowsy; the tea is completely safe.") == ["HL122"]


# ---------------------------------------------------------------------------------- unless_negated
@pytest.mark.parametrize(
    "text",
    [
        "It is not completely safe.",
        "It is never completely safe.",
        "There is no evidence that it is completely safe.",
        "That it is completely safe is a myth.",
        "The idea that it is completely safe is false.",
        "Studies have not shown a benefit for cramps.",
    ],
)
def test_negated_claims_are_not_flagged(text):
    assert rules_in(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "That it is completely safe is true.",
        "The idea that it is completely safe is popular.",
        "There is evidence that it is completely safe.",
    ],
)
def test_non_negated_controls_are_flagged(text):
    assert rules_in(text) == ["HL122"]


def test_not_only_is_not_a_negation():
    assert rules_in("It is not only cheap but completely safe.") == ["HL122"]


def test_negation_far_before_claim_does_not_negate():
    text = "No, the sellers of this popular herbal bedtime tea say it is completely safe."
    assert "HL122" in rules_in(text)


# ------------------------------------------------------------------------------------- skip_quoted
def test_short_quoted_phrase_is_not_flagged():
    assert rules_in('The label says "completely safe" on the front.') == []
    assert rules_in("The label says “completely safe” on the front.") == []


def test_same_phrase_unquoted_is_flagged_control():
    assert rules_in("The label says completely safe on the front.") == ["HL122"]


@pytest.mark.parametrize(
    "text",
    [
        '"This tea is completely safe for everyone and I love it," said Jane.',
        "“This tea is completely safe for my whole family,” says Jane.",
        '"It is completely safe."',
    ],
)
def test_whole_sentence_testimonial_quote_is_still_flagged(text):
    assert "HL122" in rules_in(text)


# ---------------------------------------------------------------------------------- unless_question
@pytest.mark.parametrize(
    "text",
    [
        "Is it completely safe?",
        "Is it completely safe for children?",
        "Is it **completely safe**?",
        "Do studies show that it works?",
    ],
)
def test_questions_are_not_flagged(text):
    assert rules_in(text) == []


def test_question_in_next_sentence_does_not_excuse_claim():
    assert rules_in("It is completely safe. Why wait?") == ["HL122"]


# ------------------------------------------------------------------------- modifiers are opt-in
PACK = """\
rules:
  - code: XM101
    name: wombat-plain
    category: promotional-language
    kind: existence
    level: warning
    message: "{match}"
    summary: s
    why: w
    fix: f
    references: [r]
    phrases: [wombat juice]
    examples: {fail: [wombat juice], pass: [water]}
  - code: XM102
    name: wombat-modified
    category: promotional-language
    kind: existence
    level: warning
    message: "{match}"
    summary: s
    why: w
    fix: f
    references: [r]
    phrases: [wombat juice]
    unless_cited: true
    unless_hedged: true
    unless_negated: true
    skip_quoted: true
    unless_question: true
    examples: {fail: [wombat juice], pass: [water]}
"""

EXCUSED = [
    "Wombat juice cures all [1].",
    "Wombat juice might be nice.",
    "It is not wombat juice.",
    'The label says "wombat juice" on it.',
    "Is it wombat juice?",
]


@pytest.fixture(scope="module")
def wombat_rules(tmp_path_factory):
    from healthlint import load_rules

    path = tmp_path_factory.mktemp("pack") / "wombat.yaml"
    path.write_text(PACK, encoding="utf-8")
    return load_rules([path]).select(["XM1"])


@pytest.mark.parametrize("text", EXCUSED)
def test_modifiers_are_opt_in(wombat_rules, text):
    from healthlint import Linter

    found = [f.rule for f in Linter(rules=wombat_rules).lint_text(text)]
    assert found == ["XM101"]
