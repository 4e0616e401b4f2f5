"""Readability: the published formulas, prose-only sentences, and configurable targets."""

from __future__ import annotations

import pytest

from healthlint import Linter
from healthlint.readability import flesch_kincaid_grade, smog_grade, syllables

HARD = (
    "Supplementation with magnesium bisglycinate, a chelated formulation characterised by comparatively "
    "favourable gastrointestinal tolerability, is frequently considered by practitioners managing individuals "
    "experiencing nocturnal neuromuscular hyperexcitability, notwithstanding methodological limitations "
    "affecting the interpretation of randomised evidence. Consequently, individualised therapeutic "
    "decision-making incorporating comorbidities and concomitant medications is recommended."
)


@pytest.mark.parametrize("word, count", [("cat", 1), ("water", 2), ("supplementation", 5), ("recommended", 4)])
def test_syllables(word, count):
    assert syllables(word) == count


def test_formulas():
    # 2 sentences, 8 words, all one-syllable: FK = 0.39*4 + 11.8*1 - 15.59
    easy = ["The cat sat on the mat.", "It was fed."]
    assert flesch_kincaid_grade(easy) == pytest.approx(0.39 * 9 / 2 + 11.8 - 15.59, abs=0.01)
    assert smog_grade(easy) == pytest.approx(3.1291)
    assert flesch_kincaid_grade([HARD]) > 16


def test_paragraphs_are_graded_but_headings_lists_and_tables_are_not():
    lines = ["# " + HARD, "", "- " + HARD, "", "| a |", "|---|", "| " + HARD.replace("|", "") + " |"]
    assert Linter(select=["reading-level", "long-sentence"]).lint_text("\n".join(lines)) == []
    found = Linter(select=["HL801", "HL811"]).lint_text(HARD)
    assert {f.rule for f in found} == {"HL801", "HL811"}
    assert "grade" in found[0].message and "target" in found[0].message


def test_targets_are_configurable():
    assert [f.rule for f in Linter(select=["HL801"]).lint_text(HARD)] == ["HL801"]
    relaxed = Linter({"rules": {"HL801": {"target": 40}}}, select=["HL801"])
    assert relaxed.lint_text(HARD) == []
    smog = Linter({"rules": {"HL801": {"formula": "smog", "target": 12}}}, select=["HL801"])
    assert "SMOG" in smog.lint_text(HARD)[0].message
    strict = Linter({"rules": {"HL811": {"max_words": 10}}}, select=["HL811"])
    assert len(strict.lint_text("One two three four five six seven eight nine ten eleven twelve.")) == 1
