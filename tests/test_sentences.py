"""Sentence splitting for health prose: abbreviations, decimals, citation markers, fragments."""

from __future__ import annotations

import pytest

from healthlint.reader import make_document
from healthlint.sentences import split_sentences
from healthlint.source import SourceFile


def split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dr. Smith said so. Next one.", ["Dr. Smith said so.", "Next one."]),
        ("Ask Dr. Jones first. Then wait.", ["Ask Dr. Jones first.", "Then wait."]),
        ("Use a salt, e.g. magnesium citrate. Next.", ["Use a salt, e.g. magnesium citrate.", "Next."]),
        ("Use a salt, e.g. Epsom salt. Next.", ["Use a salt, e.g. Epsom salt.", "Next."]),
        ("Take the RDA, i.e. the daily amount. Next.", ["Take the RDA, i.e. the daily amount.", "Next."]),
        ("It has approx. 5 mg per tablet. Next.", ["It has approx. 5 mg per tablet.", "Next."]),
        ("Glycinate vs. citrate is the question. Next.", ["Glycinate vs. citrate is the question.", "Next."]),
        ("Smith et al. found a small effect. Next.", ["Smith et al. found a small effect.", "Next."]),
        ("Smith et al. Found nothing.", ["Smith et al. Found nothing."]),
        ("Take 200 mg. then rest. Next.", ["Take 200 mg. then rest.", "Next."]),
        ("Take 200 mg. Then rest.", ["Take 200 mg.", "Then rest."]),
        ("Take 2.5 mg daily. Next.", ["Take 2.5 mg daily.", "Next."]),
        ("Levels rose 0.5 to 1.25 mmol. Next.", ["Levels rose 0.5 to 1.25 mmol.", "Next."]),
        ("It eases cramps.[3] Next one.", ["It eases cramps.[3]", "Next one."]),
        ("It eases cramps.[1, 2] Next one.", ["It eases cramps.[1, 2]", "Next one."]),
        ("It eases cramps.[^2] Next.", ["It eases cramps.[^2]", "Next."]),
        ("It eases cramps.² Next.", ["It eases cramps.²", "Next."]),
        ("Wow! Really? Yes.", ["Wow!", "Really?", "Yes."]),
        ("Is it safe? it depends.", ["Is it safe? it depends."]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
        ("See Fig. 2 for details. Next.", ["See Fig. 2 for details.", "Next."]),
        ("Made in the U.S. by hand. Next.", ["Made in the U.S. by hand.", "Next."]),
        ("J. Smith wrote it. Next.", ["J. Smith wrote it.", "Next."]),
        ("Wait... Then go.", ["Wait...", "Then go."]),
        ("No final punctuation", ["No final punctuation"]),
        ("  Padded sentence.   ", ["Padded sentence."]),
        ("", []),
    ],
)
def test_split_sentences(text, expected):
    assert split(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Most adults lack vitamin D. Studies show it helps.",
            ["Most adults lack vitamin D.", "Studies show it helps."],
        ),
        ("Levels rose to 5 mmol/L. Then they fell.", ["Levels rose to 5 mmol/L.", "Then they fell."]),
    ],
)
def test_single_capital_letter_word_can_end_a_sentence(text, expected):
    assert split(text) == expected


def test_spans_are_shifted_by_base():
    assert split_sentences("One. Two.", base=10) == [(10, 14), (15, 19)]


def test_spans_are_trimmed_and_ordered():
    text = "First one.  Second one!\nThird one?"
    got = split_sentences(text)
    assert got == sorted(got)
    for a, b in got:
        assert not text[a].isspace() and not text[b - 1].isspace()


def doc_sentences(text: str, fmt: str) -> list[str]:
    d = make_document(SourceFile.from_text(text, "x", fmt))
    return [" ".join(d.prose[s.start : s.end].split()) for s in d.sentences]


def test_markdown_heading_without_punctuation_is_its_own_sentence():
    text = "# Magnesium for sleep\nIt may help. Ask first.\n"
    assert doc_sentences(text, "markdown") == ["Magnesium for sleep", "It may help.", "Ask first."]


def test_markdown_list_items_without_punctuation_are_separate_sentences():
    text = "Benefits:\n\n- better sleep\n- fewer cramps\n- Calmer mood\n"
    assert doc_sentences(text, "markdown") == ["Benefits:", "better sleep", "fewer cramps", "Calmer mood"]


def test_html_blocks_without_punctuation_are_separate_sentences():
    text = "<h2>Dosage</h2><ul><li>200 mg at night</li><li>with food</li></ul><p>Ask first.</p>"
    assert doc_sentences(text, "html") == ["Dosage", "200 mg at night", "with food", "Ask first."]


def test_text_heading_and_bullets_are_separate_sentences():
    text = "Dosage\nTake it with food. Ask first.\n- 200 mg at night\n- with food\n"
    assert doc_sentences(text, "text") == ["Dosage", "Take it with food.", "Ask first.", "200 mg at night", "with food"]


def test_document_sentences_respect_abbreviations():
    text = "Dr. Smith et al. found approx. 2.5 mg helps, e.g. at night.[3] Next one.\n"
    assert doc_sentences(text, "markdown") == [
        "Dr. Smith et al. found approx. 2.5 mg helps, e.g. at night.[3]",
        "Next one.",
    ]
