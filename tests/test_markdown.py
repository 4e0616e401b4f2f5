"""Markdown: only prose is linted, and findings point at the original characters."""

from __future__ import annotations

import pytest
from _util import linter_for, pos_of, spans

from healthlint.reader import make_document
from healthlint.source import SourceFile

SAFE = "completely safe"  # HL122 blanket-safety
STUDIES = "Studies show"  # HL201 vague-research-claim


def lint(text: str):
    return linter_for("HL122", "HL201").lint_text(text, format="markdown")


def expect(text: str, needle: str, rule: str, nth: int = 0, length: int | None = None):
    line, col = pos_of(text, needle, nth)
    return (rule, line, col, line, col + (length if length is not None else len(needle)))


# ------------------------------------------------------------------------- not prose: no findings
NOT_PROSE = {
    "fenced-backticks": "Intro.\n\n```\nIt is completely safe. Studies show it.\n```\n",
    "fenced-tildes": "Intro.\n\n~~~text\nIt is completely safe. Studies show it.\n~~~\n",
    "fenced-in-list": "- item\n\n  ```\n  It is completely safe.\n  ```\n",
    "indented-code": "Intro.\n\n    It is completely safe. Studies show it.\n",
    "inline-code": "Type `it is completely safe` or ``Studies show`` to test.\n",
    "front-matter-yaml": "---\ntitle: It is completely safe\nsummary: Studies show it works\n---\n\nHello.\n",
    "front-matter-toml": '+++\ntitle = "It is completely safe"\n+++\n\nHello.\n',
    "html-comment-block": "<!-- It is completely safe. Studies show it. -->\n\nHello.\n",
    "html-comment-inline": "Hello <!-- it is completely safe --> there.\n",
    "html-comment-multiline": "Hello.\n\n<!--\nIt is completely safe.\nStudies show it.\n-->\n",
    "link-url": "See [the guide](https://example.com/totally-harmless/Studies%20show) now.\n",
    "link-title": 'See [the guide](/guide "It is completely safe") now.\n',
    "reference-definition": 'See [the guide][g].\n\n[g]: https://example.com/totally-harmless "It is completely safe"\n',
    "image-alt-and-url": "Look: ![It is completely safe](https://example.com/totally-harmless.png) here.\n",
    "html-attribute": 'Look: <img alt="It is completely safe" src="totally-harmless.png"> here.\n',
    "autolink": "Go to <https://example.com/totally-harmless> now.\n",
    "bare-url": "Go to https://example.com/totally-harmless now.\n",
}


@pytest.mark.parametrize("text", NOT_PROSE.values(), ids=NOT_PROSE.keys())
def test_claims_outside_prose_are_not_flagged(text):
    assert lint(text) == []
    assert linter_for("HL122").lint_text(text.replace("totally-harmless", "it-is-totally-harmless")) == []


def test_harmless_is_flagged_in_prose_control():
    # Control for the URL cases above: the same word in prose is a finding.
    text = "This tea is totally harmless.\n"
    assert spans(linter_for("HL122").lint_text(text)) == [expect(text, "totally harmless", "HL122")]


def test_front_matter_is_not_prose_but_following_text_is():
    text = "---\ntitle: It is completely safe\n---\n\nIt is completely safe.\n"
    assert spans(lint(text)) == [expect(text, SAFE, "HL122", nth=1)]


def test_code_then_prose_on_following_lines():
    text = "```\nIt is completely safe.\n```\n\nStudies show it is completely safe.\n"
    assert spans(lint(text)) == [
        expect(text, STUDIES, "HL201"),
        expect(text, SAFE, "HL122", nth=1),
    ]


# ---------------------------------------------------------------------- prose: exact positions
PROSE = {
    "paragraph": "Intro.\n\nOur tea is completely safe.\n",
    "atx-heading": "# Why it is completely safe\n\nText.\n",
    "atx-heading-closed": "## Completely safe ##\n\nText.\n",
    "setext-heading": "It is completely safe\n=====================\n\nText.\n",
    "link-text-relative": "See [why it is completely safe](/why) now.\n",
    "link-text-shop": "See [why it is completely safe](https://www.amazon.com/dp/B0X) now.\n",
    "bullet-item": "Intro.\n\n- Tea.\n- It is completely safe.\n",
    "ordered-item": "Intro.\n\n1. Tea.\n2. It is completely safe.\n",
    "task-item": "- [ ] It is completely safe.\n",
    "nested-item": "- Tea\n  - It is completely safe.\n",
    "blockquote": "> It is completely safe.\n",
    "nested-blockquote": "> > It is completely safe.\n",
    "quote-list": "> - It is completely safe.\n",
    "table-cell": "| Product | Note |\n|---|---|\n| Tea | It is completely safe |\n",
    "table-header": "| It is completely safe | Note |\n|---|---|\n| Tea | ok |\n",
    "html-block-prose": "<div>\nIt is completely safe.\n</div>\n",
    "inline-html": "Text <span>completely safe</span> now.\n",
    "after-inline-code": "Use `code` here. It is completely safe.\n",
    "escaped": "Item \\#1: it is completely safe.\n",
}


@pytest.mark.parametrize("text", PROSE.values(), ids=PROSE.keys())
def test_claims_in_prose_are_flagged_at_exact_position(text):
    needle = SAFE if SAFE in text else "Completely safe"
    assert spans(linter_for("HL122").lint_text(text)) == [expect(text, needle, "HL122")]


@pytest.mark.parametrize(
    "text",
    [
        "Studies show it works.\n",
        "# Studies show it works\n",
        "- Studies show it works\n",
        "> Studies show it works.\n",
        "| a |\n|---|\n| Studies show it works |\n",
        "See [Studies show it works](/x).\n",
    ],
)
def test_studies_show_in_prose_is_flagged(text):
    assert spans(linter_for("HL201").lint_text(text)) == [expect(text, STUDIES, "HL201")]


@pytest.mark.parametrize(
    "text, needle",
    [
        ("It is **completely safe**.\n", "completely safe"),
        ("It is __completely safe__.\n", "completely safe"),
        ("It is *completely* safe.\n", "completely"),
        ("It is _completely_ safe.\n", "completely"),
        ("It is ~~very~~ completely safe.\n", "completely safe"),
    ],
)
def test_emphasis_start_points_at_original_characters(text, needle):
    findings = linter_for("HL122").lint_text(text)
    assert len(findings) == 1
    f = findings[0]
    assert (f.line, f.column) == pos_of(text, needle)
    assert text[f.offset : f.end_offset].replace("*", "").replace("_", "") == "completely safe"
    assert f.excerpt == "completely safe"


def test_emphasis_inside_the_phrase_still_matches():
    text = "It is completely **safe**.\n"
    findings = linter_for("HL122").lint_text(text)
    line, col = pos_of(text, "completely")
    end_line, end_col = pos_of(text, "**.")
    assert spans(findings) == [("HL122", line, col, end_line, end_col)]
    assert findings[0].excerpt == "completely safe"


def test_crlf_file_positions():
    text = "# Title\r\n\r\nIntro line.\r\n\r\nIt is **completely safe**.\r\n\r\n- Studies show it\r\n"
    assert spans(lint(text)) == [
        expect(text, SAFE, "HL122"),
        expect(text, STUDIES, "HL201"),
    ]


def test_lone_cr_file_positions():
    text = "# Title\r\rIntro line.\r\rIt is completely safe.\r"
    assert spans(lint(text)) == [expect(text, SAFE, "HL122")]


def test_crlf_code_fence_still_masked():
    text = "Intro.\r\n\r\n```\r\nIt is completely safe.\r\n```\r\n\r\nStudies show it.\r\n"
    assert spans(lint(text)) == [expect(text, STUDIES, "HL201")]


def test_multiline_paragraph_match_spans_lines():
    text = "Intro.\n\nOur tea is completely\nsafe for you.\n"
    findings = linter_for("HL122").lint_text(text)
    line, col = pos_of(text, "completely")
    assert spans(findings) == [("HL122", line, col, line + 1, 5)]
    assert findings[0].excerpt == "completely safe"


# -------------------------------------------------------------------------------- deep nesting
def test_lists_nested_past_the_cap_are_skipped_and_the_rest_is_linted():
    # 10 levels of lists are 20 levels of containers (list + item): the items deeper than that are
    # skipped, the items at outer levels after them and the paragraph after the list are linted.
    lines = ["- top"] + ["  " * depth + f"- depth {depth}: it is completely safe" for depth in range(1, 15)]
    text = "\n".join([*lines, "  - back at depth 1: it is completely safe", "", "It is completely safe.", ""])
    linted = [line for line, *_ in (span[1:] for span in spans(lint(text)))]
    assert linted == [*range(2, 10), 16, 18]


@pytest.mark.parametrize("prefix", ["- ", "1. ", "> ", "* > ", "> 1. "])
def test_ten_thousand_levels_on_one_line_do_not_hide_the_rest(prefix):
    text = prefix * 10_000 + "x\n\nIt is completely safe.\n"
    assert spans(lint(text)) == [expect(text, SAFE, "HL122")]


# ------------------------------------------------------------------------------ masking invariant
DOCS = [
    "---\ntitle: x\n---\n# Head\n\nText **bold** [link](https://x.y/z) `code`.\r\n\r\n```\ncode\n```\n",
    "> quote\n> - item\n\n| a | b |\n|---|---|\n| c | d |\n<!-- c -->\n",
    "Line\rwith\rCR\r\n\r\n    indented\n\n<div>html &amp; stuff</div>\n",
]


@pytest.mark.parametrize("text", DOCS)
def test_prose_has_text_length_and_keeps_line_breaks(text):
    doc = make_document(SourceFile.from_text(text, "x.md", "markdown"))
    assert len(doc.prose) == len(doc.text) == len(text)
    for p, t in zip(doc.prose, text):
        if t in "\r\n":
            assert p == t
        else:
            assert p not in "\r\n"


def test_prose_blanks_markup_but_keeps_words_in_place():
    text = "# Head\n\nSee **bold** and `code` and [link](https://x.y/z).\n"
    doc = make_document(SourceFile.from_text(text, "x.md", "markdown"))
    for word in ("Head", "See", "bold", "link"):
        i = text.index(word)
        assert doc.prose[i : i + len(word)] == word
    for hidden in ("`code`", "https://x.y/z", "**", "#"):
        i = text.index(hidden)
        assert doc.prose[i : i + len(hidden)].strip() == ""
