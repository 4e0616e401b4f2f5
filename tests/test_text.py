"""Plain-text articles: blocks from blank lines, bullets and heading-like lines; URLs are not prose."""

from __future__ import annotations

import pytest
from _util import linter_for, pos_of, spans

from healthlint.reader import make_document
from healthlint.source import SourceFile


def doc(text: str):
    return make_document(SourceFile.from_text(text, "x.txt", "text"))


def blocks(text: str) -> list[tuple[str, str]]:
    d = doc(text)
    return [(b.kind, text[b.start : b.end]) for b in d.blocks]


def lint(text: str, *codes: str):
    return linter_for(*codes).lint_text(text, format="text")


def test_blank_lines_separate_paragraphs():
    text = "First paragraph line one\nstill the first.\n\nSecond paragraph here.\n"
    assert blocks(text) == [
        ("paragraph", "First paragraph line one\nstill the first."),
        ("paragraph", "Second paragraph here."),
    ]


@pytest.mark.parametrize("marker", ["-", "*", "+", "•", "1.", "2)", "a)", "–"])
def test_bullet_lines_are_separate_list_items(marker):
    text = f"Shopping list:\n{marker} magnesium tablets\n{marker} zinc lozenges\n"
    got = blocks(text)
    assert ("list_item", "magnesium tablets") in got
    assert ("list_item", "zinc lozenges") in got


def test_heading_like_line_is_its_own_block():
    text = "Why magnesium matters\nIt helps muscles work. It is common.\n\nSide effects\nSome people get diarrhea.\n"
    assert blocks(text) == [
        ("heading", "Why magnesium matters"),
        ("paragraph", "It helps muscles work. It is common."),
        ("heading", "Side effects"),
        ("paragraph", "Some people get diarrhea."),
    ]


def test_markdown_style_heading_marker_is_hidden():
    text = "## Why it is completely safe\nBody text.\n"
    assert spans(lint(text, "HL122")) == [
        ("HL122", *pos_of(text, "completely safe"), 1, pos_of(text, "completely safe")[1] + 15)
    ]
    assert blocks(text)[0] == ("heading", "Why it is completely safe")


def test_underline_lines_are_not_prose():
    text = "Title\n=====\n\nBody.\n-----\n"
    d = doc(text)
    assert "=" not in d.prose and "-" not in d.prose


def test_heading_does_not_join_next_line_into_one_sentence():
    # "Magnesium" alone is a heading: the disease claim below has no subject in its sentence.
    separate = "Magnesium\nHelps with anxiety and insomnia.\n"
    joined = "Our magnesium\nhelps with anxiety and insomnia.\n"
    assert lint(separate, "HL132") == []
    assert [f.rule for f in lint(joined, "HL132")] == ["HL132"]


def test_bullets_do_not_join_into_one_sentence():
    separate = "Shopping list:\n- Magnesium\n- helps with anxiety\n"
    assert lint(separate, "HL132") == []
    assert [f.rule for f in lint("Shopping list:\n- Magnesium helps with anxiety\n", "HL132")] == ["HL132"]


def test_bullet_prose_is_flagged_at_exact_position():
    text = "Key points\n\n- Take it with food.\n  - It is completely safe.\n• Studies show it works\n"
    assert spans(lint(text, "HL122", "HL201")) == [
        (
            "HL122",
            *pos_of(text, "completely safe"),
            pos_of(text, "completely safe")[0],
            pos_of(text, "completely safe")[1] + 15,
        ),
        ("HL201", *pos_of(text, "Studies show"), pos_of(text, "Studies show")[0], pos_of(text, "Studies show")[1] + 12),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Read more at https://example.com/totally-harmless today.\n",
        "Read more at http://example.com/a/totally-harmless?x=1 today.\n",
        "Read more at www.example.com/totally-harmless today.\n",
        "Write to totally.harmless@example.com for details.\n",
        "Sources\nhttps://example.com/totally-harmless\n",
    ],
)
def test_urls_are_not_linted(text):
    assert lint(text, "HL122") == []


def test_word_next_to_a_url_is_still_linted():
    text = "This tea is totally harmless, see https://example.com/x for more.\n"
    assert spans(lint(text, "HL122")) == [("HL122", 1, 13, 1, 29)]


def test_text_positions_with_crlf_and_tabs():
    text = "Intro\r\n\r\nNote:\tour tea\tis completely safe.\r\n"
    line, col = pos_of(text, "completely safe")
    assert spans(lint(text, "HL122")) == [("HL122", line, col, line, col + 15)]


def test_markdown_syntax_is_literal_in_text_files():
    # Backticks and fences mean nothing in plain text: their contents are prose.
    text = "Intro.\n\n```\nIt is completely safe.\n```\n"
    assert [f.rule for f in lint(text, "HL122")] == ["HL122"]
