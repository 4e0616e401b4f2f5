"""Readability measures for the `metric` rule kind: Flesch-Kincaid grade and SMOG grade.

The formulas are the published ones (Kincaid et al. 1975; McLaughlin 1969). Syllables are counted
with pyphen's hyphenation dictionary - the counter textstat itself falls back to - because
textstat's current releases fetch NLTK's CMU dictionary from the internet on first use, which
would fail on a machine without internet access. Sentences and words come from healthlint's own
document model, so headings, list fragments, tables and code never count as sentences.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pyphen
import regex

WORD = regex.compile(r"[\p{L}][\p{L}'’-]*")
_HYPHENATOR = pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables in one word: hyphenation points + 1, at least one per vowel group run."""
    word = word.lower().strip("'’-")
    if not word:
        return 0
    return max(1, len(_HYPHENATOR.positions(word)) + 1)


def words(text: str) -> list[str]:
    return WORD.findall(text)


def flesch_kincaid_grade(sentences: list[str]) -> float:
    """0.39 × words/sentences + 11.8 × syllables/words − 15.59."""
    return flesch_kincaid_of([words(s) for s in sentences])


def smog_grade(sentences: list[str]) -> float:
    """1.0430 × √(polysyllables × 30 / sentences) + 3.1291 (polysyllable: three or more syllables)."""
    return smog_of([words(s) for s in sentences])


def flesch_kincaid_of(tokenised: list[list[str]]) -> float:
    """Flesch-Kincaid grade of sentences already split into words."""
    count = sum(len(tokens) for tokens in tokenised)
    if not tokenised or not count:
        return 0.0
    total = sum(syllables(w) for tokens in tokenised for w in tokens)
    return 0.39 * count / len(tokenised) + 11.8 * total / count - 15.59


def smog_of(tokenised: list[list[str]]) -> float:
    """SMOG grade of sentences already split into words."""
    if not tokenised:
        return 0.0
    poly = sum(1 for tokens in tokenised for w in tokens if syllables(w) >= 3)
    return 1.0430 * math.sqrt(poly * 30 / len(tokenised)) + 3.1291


FORMULAS = {"flesch-kincaid": flesch_kincaid_of, "smog": smog_of}  # over tokenised sentences
