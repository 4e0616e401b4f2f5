"""Property tests: any input in any format lints without error, and findings are well positioned."""

from __future__ import annotations

from _util import linter_for, pos_at
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint.reader import make_document
from healthlint.source import SourceFile

FORMATS = st.sampled_from(["markdown", "html", "text"])

PIECES = st.sampled_from(
    [
        # Markdown structure
        "# ",
        "## ",
        "### Heading\n",
        "- ",
        "* ",
        "1. ",
        "> ",
        "```",
        "```python\n",
        "~~~",
        "    ",
        "---\n",
        "+++\n",
        "| a | b |\n|---|---|\n| ",
        " | ",
        "[",
        "]",
        "(",
        ")",
        "![",
        "](",
        "[link](https://example.com/x)",
        "[shop](https://amazon.com/dp/1)",
        "[^1]",
        "[1]",
        "**",
        "_",
        "`",
        "~~",
        "\\",
        "<!--",
        "-->",
        "<!-- healthlint-disable-next-line HL122 -->\n",
        "<!-- healthlint-disable HL1 -->",
        "<!-- healthlint-enable -->",
        "<!-- healthlint-disable-file -->",
        # HTML
        "<p>",
        "</p>",
        "<script>",
        "</script>",
        "<pre>",
        "</pre>",
        "<code>",
        "</code>",
        "<li>",
        "<td>",
        "&amp;",
        "&#8217;",
        "&nbsp;",
        "&",
        "<",
        ">",
        "<sup>1</sup>",
        # line structure
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "\t",
        " ",
        ".",
        "?",
        "!",
        '"',
        "“",
        "”",
        ":",
        # claims and cues
        "It is completely safe",
        "Studies show",
        "magnesium cures insomnia",
        "Take 400 mg of magnesium",
        "the best form",
        "Dr.",
        "e.g.",
        "2.5 mg",
        "may",
        "not",
        "is a myth",
        "according to the NIH",
        "Buy now",
        "No side effects",
        "References\n",
        # awkward characters
        "é",
        "😀",
        "\ufeff",
        "\u2028",
        "\x00",
        "\u0301",
        "ﬁ",
        "İ",
    ]
)
MARKUP = st.lists(PIECES, max_size=40).map("".join)
TEXTS = st.one_of(st.text(max_size=300), MARKUP)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_findings(source: SourceFile, findings) -> None:
    text = source.text
    for f in findings:
        assert 0 <= f.offset <= f.end_offset <= len(text), f
        assert source.position(f.offset) == (f.line, f.column), f
        assert source.position(f.end_offset) == (f.end_line, f.end_column), f
        assert pos_at(text, f.offset) == (f.line, f.column), f
        assert source.offset(f.line, f.column) == f.offset
        assert source.offset(f.end_line, f.end_column) == f.end_offset
        assert (f.end_line, f.end_column) >= (f.line, f.column)
        assert f.scope in ("line", "document")
        assert f.severity in ("error", "warning", "info")
        assert f.message and "\n" not in f.message
    keys = [f.sort_key for f in findings]
    assert keys == sorted(keys)


@SETTINGS
@given(TEXTS, FORMATS)
def test_any_text_lints_and_findings_are_within_the_text(text, fmt):
    source = SourceFile.from_text(text, "prop", fmt)
    check_findings(source, linter_for().lint_source(source))


@SETTINGS
@given(MARKUP, FORMATS)
def test_markup_soup_is_deterministic(text, fmt):
    source = SourceFile.from_text(text, "prop", fmt)
    assert linter_for().lint_source(source) == linter_for().lint_source(source)


@SETTINGS
@given(TEXTS, FORMATS)
def test_document_invariants(text, fmt):
    source = SourceFile.from_text(text, "prop", fmt)
    doc = make_document(source)
    assert len(doc.prose) == len(source.text)
    for p, t in zip(doc.prose, source.text):
        if t in "\r\n":
            assert p == t
        else:
            assert p not in "\r\n"
    previous_end = -1
    for s in doc.sentences:
        assert 0 <= s.start < s.end <= len(source.text)
        assert s.start >= previous_end
        previous_end = s.end
        block = doc.blocks[s.block]
        assert block.start <= s.start and s.end <= block.end


@SETTINGS
@given(
    st.lists(
        st.sampled_from(["It is completely safe.", "Studies show it.", "Fine.", "\n", "\n\n", "\r\n", " "]), max_size=20
    ).map("".join)
)
def test_claim_findings_point_at_the_claim(text):
    # For prose made only of plain sentences, each finding's span is exactly its phrase.
    source = SourceFile.from_text(text, "prop", "text")
    for f in linter_for("HL122", "HL201").lint_source(source):
        assert text[f.offset : f.end_offset] in ("completely safe", "Studies show")
