"""HTML: text of block elements is prose; code, scripts, navigation and metadata are not."""

from __future__ import annotations

import pytest
from _util import linter_for, pos_of, spans
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint.reader import make_document
from healthlint.source import SourceFile

SAFE = "completely safe"


def lint(text: str, *codes: str):
    return linter_for(*(codes or ("HL122", "HL201"))).lint_text(text, format="html")


def expect(text, needle, rule="HL122", nth=0):
    line, col = pos_of(text, needle, nth)
    return (rule, line, col, line, col + len(needle))


IGNORED = {
    "script": '<script>var claim = "It is completely safe. Studies show it.";</script>',
    "script-with-tags": "<script>if (a < b) { x = '<p>It is completely safe.</p>'; }</script>",
    "style": "<style>/* It is completely safe */ p::after { content: 'completely safe'; }</style>",
    "code": "<p>Type <code>it is completely safe</code> to test.</p>",
    "pre": "<pre>It is completely safe.\nStudies show it.</pre>",
    "pre-code": "<pre><code>It is completely safe.</code></pre>",
    "nav": "<nav><a href='/x'>It is completely safe</a></nav>",
    "head-title": "<html><head><title>It is completely safe</title><meta name='description' content='Studies show'></head><body><p>Hi.</p></body></html>",
    "comment": "<!-- It is completely safe. Studies show it. --><p>Hi.</p>",
    "attribute": "<p><img alt='It is completely safe' title='Studies show it'> Hi.</p>",
    "href": "<p><a href='https://example.com/harmless'>the guide</a></p>",
    "template": "<template><p>It is completely safe.</p></template>",
    "noscript": "<noscript>It is completely safe.</noscript>",
    "svg": "<svg><text>It is completely safe</text></svg>",
    "textarea": "<form><textarea>It is completely safe.</textarea></form>",
}


@pytest.mark.parametrize("text", IGNORED.values(), ids=IGNORED.keys())
def test_non_prose_elements_are_ignored(text):
    assert lint(text, "HL122", "HL201") == []


PROSE = {
    "p": "<p>Our tea is completely safe.</p>",
    "li": "<ul>\n  <li>Tea.</li>\n  <li>It is completely safe.</li>\n</ul>",
    "ol-li": "<ol><li>It is completely safe.</li></ol>",
    "h1": "<h1>Completely safe</h1>",
    "h3": "<body>\n<h3>Why it is completely safe</h3>\n</body>",
    "td": "<table>\n<tr><th>Name</th><th>Note</th></tr>\n<tr><td>Tea</td><td>It is completely safe</td></tr>\n</table>",
    "blockquote": "<blockquote>It is completely safe.</blockquote>",
    "nested-inline": "<p>It is <b>completely safe</b>, <i>they</i> say.</p>",
    "div": "<div>\n  <div>It is completely safe.</div>\n</div>",
    "link-text": "<p><a href='/why'>It is completely safe</a>.</p>",
    "after-script": "<script>x()</script><p>It is completely safe.</p>",
    "after-pre": "<pre>code</pre>\n<p>It is completely safe.</p>",
    "body-after-head": "<html><head><title>T</title></head>\n<body>\n<p>It is completely safe.</p>\n</body></html>",
    "dd": "<dl><dt>Tea</dt><dd>It is completely safe.</dd></dl>",
}


@pytest.mark.parametrize("text", PROSE.values(), ids=PROSE.keys())
def test_block_prose_is_flagged_at_exact_position(text):
    needle = SAFE if SAFE in text else "Completely safe"
    assert spans(lint(text, "HL122")) == [expect(text, needle)]


def test_full_page_positions():
    text = (
        "<!DOCTYPE html>\n<html>\n<head>\n<title>Completely safe tea</title>\n"
        "<script>var s = 'Studies show';</script>\n</head>\n<body>\n"
        "<nav>Studies show</nav>\n<h1>Tea guide</h1>\n"
        "<p>Studies show tea helps.</p>\n<pre>It is completely safe.</pre>\n"
        "<ul><li>It is completely safe.</li></ul>\n</body>\n</html>\n"
    )
    assert spans(lint(text)) == [
        expect(text, "Studies show", "HL201", nth=2),
        expect(text, SAFE, nth=1),
    ]


@pytest.mark.parametrize(
    "prefix",
    [
        "Tom &amp; Jerry&#8217;s tea",
        "Caf&eacute; &#x2019;tea&#x2019; &lt;3",
        "&ldquo;Tea&rdquo; &mdash; &nbsp; &copy;",
        "Tea &amp;amp; &unknownentity; stuff",
    ],
)
def test_entities_do_not_shift_positions(prefix):
    text = f"<p>Hello.</p>\n<p>{prefix} is {SAFE}.</p>"
    assert spans(lint(text, "HL122")) == [expect(text, SAFE)]


def test_entity_inside_the_phrase_still_matches():
    text = "<p>It is completely&nbsp;safe.</p>"
    findings = lint(text, "HL122")
    line, col = pos_of(text, "completely")
    assert spans(findings) == [("HL122", line, col, line, pos_of(text, ".</p>")[1])]


def test_negation_written_with_apostrophe_entity_still_negates():
    flagged = "<p>It&#8217;s completely safe.</p>"
    negated = "<p>It isn&#8217;t completely safe.</p>"
    assert spans(lint(flagged, "HL122")) == [expect(flagged, SAFE)]
    assert lint(negated, "HL122") == []


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_endings_in_html(eol):
    text = eol.join(["<html>", "<body>", "<p>Intro.</p>", "<p>It is", "completely safe.</p>", "</body>", "</html>"])
    assert spans(lint(text, "HL122")) == [expect(text, SAFE)]


def test_claim_split_across_lines_spans_them():
    text = "<p>It is completely\n  safe.</p>"
    findings = lint(text, "HL122")
    assert spans(findings) == [("HL122", 1, 10, 2, 7)]


MALFORMED = [
    "<p>It is completely safe",
    "<p>It is <b>completely safe</p></b>",
    "<<<>>><p attr='x>It is completely safe</p>",
    "</p></div></li>It is completely safe.",
    "<div><p><ul><li>It is completely safe.<td>Studies show it",
    "<script>It is completely safe",
    "<!-- unclosed comment It is completely safe",
    "<p>&#99999999; &#x110000; &#0; &; &#; It is completely safe.</p>",
    "<pre><p>It is completely safe.</pre></p>",
    "<p>It is completely safe.</p\n>",
    "<![CDATA[ It is completely safe ]]><p>Hi</p>",
    "<?xml version='1.0'?><p>Studies show it.</p>",
    "<p>\x00It is completely safe.\x0c</p>",
    "<a href='x'><a href='y'>It is completely safe</a>",
]


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_html_does_not_crash(text):
    source = SourceFile.from_text(text, "x.html", "html")
    doc = make_document(source)
    assert len(doc.prose) == len(text)
    for f in linter_for().lint_text(text, format="html"):
        assert 0 <= f.offset <= f.end_offset <= len(text)
        assert source.position(f.offset) == (f.line, f.column)


def test_unclosed_paragraph_is_still_linted():
    text = "<p>It is completely safe"
    assert spans(lint(text, "HL122")) == [expect(text, SAFE)]


def test_unclosed_script_hides_the_rest():
    assert lint("<script>It is completely safe", "HL122") == []


TAGS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<li>",
        "</li>",
        "<script>",
        "</script>",
        "<pre>",
        "</pre>",
        "<b>",
        "</b>",
        "<!--",
        "-->",
        "&amp;",
        "&#8217;",
        "&",
        "<",
        ">",
        "\n",
        "\r\n",
        "It is completely safe.",
        "Studies show it. ",
        "<a href='/x'>",
        "</a>",
        "<td>",
        "<h1>",
        "</h1>",
        "é",
        "😀",
        " ",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(TAGS, max_size=30).map("".join))
def test_html_soup_never_crashes_and_positions_are_valid(text):
    source = SourceFile.from_text(text, "x.html", "html")
    for f in linter_for().lint_source(source):
        assert 0 <= f.offset <= f.end_offset <= len(source.text)
        assert source.position(f.offset) == (f.line, f.column)
        assert source.position(f.end_offset) == (f.end_line, f.end_column)
