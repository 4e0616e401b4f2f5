"""Fuzzing: generated Markdown, HTML and plain-text articles built from markup-aware strategies.

The strategies assemble documents the way authors (and broken CMS exports) write them: headings,
nested lists and blockquotes, fences closed and unclosed, tables, links, images, footnotes,
citation markers, references sections, inline and block HTML (balanced or not, attributes with
both quotes), comments closed and unclosed, entities, suppression comments, health claims, doses
and statistics; then mixed line endings (LF, CRLF, lone CR), a BOM, NUL and other awkward
characters. `tests/test_properties.py` covers token soup; this file covers structure.

Properties, through the public `Linter`:

1. linting never raises;
2. every finding's span lies inside the text, on an existing line;
3. (line, column) and (end_line, end_column) round-trip to the offsets;
4. suppressing a finding's rule on its line (a `disable-line` comment appended to the line in
   Markdown and HTML; a `disable-next-line` comment line inserted above it in plain text) removes
   exactly the findings of that rule on that line and changes nothing else; checked whenever the
   edit leaves the parsed document the same apart from the comment and falls inside no flagged
   span (an edit inside a code span, a table header, an unclosed comment or a citation marker
   that runs across a line break legitimately changes the article);
5. every reporter renders the findings validly (see tests/test_report_safety.py).

Every file in tests/fuzz_corpus/ (crashes found by `fuzz/run.py`, minimised, and hand-made nasty
inputs) is replayed through all of these; its extension gives the format it is linted as.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_report_safety import check_github, check_html, check_json, check_sarif, check_text

from healthlint.api import Linter
from healthlint.directives import parse_directives
from healthlint.document import Document
from healthlint.reader import make_document
from healthlint.report import REPORTERS
from healthlint.report.base import RunSummary
from healthlint.source import SourceFile

LINTER = Linter()
CORPUS = Path(__file__).resolve().parent / "fuzz_corpus"
EXTENSIONS = {"markdown": "md", "html": "html", "text": "txt"}
FORMAT_OF = {ext: fmt for fmt, ext in EXTENSIONS.items()}

# -- vocabulary --------------------------------------------------------------------------------

CLAIMS = st.sampled_from(
    [
        "cures insomnia",
        "Magnesium cures insomnia",
        "It is completely safe",
        "completely safe",
        "studies show",
        "Studies show",
        "take 500 mg of magnesium daily",
        "Take 10,000 IU of vitamin D a day",
        "take 200-400 mg twice a day",
        "40% of adults",
        "1 in 3 adults",
        "twice as likely",
        "has no side effects",
        "clinically proven",
        "the best way to sleep",
        "experts agree",
        "doctor-recommended",
        "is known for",
        "Buy now",
        "use code SAVE10",
        "miracle",
        "nature's Ozempic",
        "Vitamin C prevents colds",
        "magnesium is not a cure for insomnia",
        "may help with sleep",
        "according to the NIH",
        "(Smith et al., 2020)",
        "It's best to ask your doctor",
        "DreamWell Magnesium Glycinate is my go-to brand",
        "Best overall:",
        "Lorem ipsum",
        "As an AI language model",
        "Click here to subscribe",
        "my IBS was gone",
        "Tulsi lowers blood sugar",
        "This statement has not been evaluated by the Food and Drug Administration",
        "Talk to your doctor before taking supplements",
    ]
)
WORDS = st.sampled_from(
    "magnesium sleep the a of and It is may help adults Dr. e.g. vs. U.S. No. Fig. 2 3.5 mg mcg IU "
    "vitamin D zinc capsules tablets daily per day people with kidney disease pregnant".split()
)
ODD = st.sampled_from(
    [
        "é", "😀", "e\u0301", "ﬁ", "İ", "ß", "Σ", "中文", "עברית", "\u200d", "\u200b", "\u00a0", "\u202e",
        "\u2028", "\u2029", "\x85", "\ufeff", "\ufffd", "\x00", "\x0c", "\x0b", "\t", "\x1b[31m", "\\",
        "¹", "²", "\u2019", "“", "”", "—", "…", "*", "_", "`", "~", "|", "#", ">", "<", "&", "[", "]", "(", ")",
    ]
)  # fmt: skip
ENTITIES = st.sampled_from(
    ["&amp;", "&lt;", "&gt;", "&quot;", "&#8217;", "&#x2019;", "&nbsp;", "&mdash;", "&bogus;", "&", "&#0;",
     "&#xD800;", "&#1114112;", "&#99999999;", "&amp", "&#x;", "&lt;script&gt;"]
)  # fmt: skip
URLS = st.sampled_from(
    ["https://example.com/x", "https://pubmed.ncbi.nlm.nih.gov/123/", "https://amazon.com/dp/B0?tag=aff-20",
     "http://a.b/(c)", "<https://x.y/a b>", "#ref1", "", "javascript:alert(1)", "mailto:a@b.c", "./local.md"]
)  # fmt: skip
MARKERS = st.sampled_from(["[1]", "[2]", "[1, 2]", "[2-4]", "[^1]", "[^note]", "¹", "[99]", "[a]", "<sup>3</sup>"])
TERMINALS = st.sampled_from([".", ".", ".", "?", "!", "", "...", ":", ";", ". [1]", " [2].", ".¹", '."', ".)"])

ATOM = st.one_of(WORDS, WORDS, CLAIMS, CLAIMS, ODD, ENTITIES, MARKERS)

# -- Markdown ----------------------------------------------------------------------------------


def _md_inline(depth: int) -> st.SearchStrategy[str]:
    """Words, claims and odd characters, wrapped in up to `depth` levels of inline markup."""
    base = st.lists(ATOM, min_size=1, max_size=4).map(" ".join)
    if depth == 0:
        return base
    inner = _md_inline(depth - 1)
    wrapped = st.one_of(
        st.tuples(inner, inner).map(" ".join),
        inner.map(lambda s: f"*{s}*"),
        inner.map(lambda s: f"**{s}**"),
        inner.map(lambda s: f"_{s}_"),
        inner.map(lambda s: f"~~{s}~~"),
        inner.map(lambda s: f"`{s}`"),
        inner.map(lambda s: f"``{s}"),  # unclosed code span
        st.tuples(inner, URLS).map(lambda t: f"[{t[0]}]({t[1]})"),
        st.tuples(inner, URLS).map(lambda t: f"![{t[0]}]({t[1]} \"a 'title'\")"),
        inner.map(lambda s: f"[{s}][ref]"),
        inner.map(lambda s: f"[{s}"),  # unclosed bracket
        inner.map(lambda s: f"<b>{s}</b>"),
        inner.map(lambda s: f"<span title=\"a 'b' &quot;c\">{s}"),  # unbalanced
        inner.map(lambda s: f"<a href='https://x.y/?a=\"1\"'>{s}</a>"),
        inner.map(lambda s: f"<!-- {s} -->"),
        inner.map(lambda s: f"{s} <!-- unclosed"),
        inner.map(lambda s: f"\\{s}"),
        inner.map(lambda s: f"<{s}>"),
    )
    return st.one_of(base, wrapped)


MD_INLINE = _md_inline(2)
MD_SENTENCE = st.tuples(MD_INLINE, TERMINALS).map("".join)
MD_LINE = st.lists(MD_SENTENCE, min_size=1, max_size=2).map(" ".join)


def _md_leaf() -> st.SearchStrategy[str]:
    paragraph = st.tuples(
        st.lists(MD_LINE, min_size=1, max_size=3), st.sampled_from(["\n", "  \n", "\\\n", "\n    "])
    ).map(lambda t: t[1].join(t[0]))
    heading = st.tuples(st.integers(1, 7), MD_LINE, st.sampled_from(["", " #", " ##  "])).map(
        lambda t: "#" * t[0] + " " + t[1] + t[2]
    )
    setext = st.tuples(MD_LINE, st.sampled_from(["===", "---", "= =", "-"])).map("\n".join)
    fence = st.tuples(
        st.sampled_from(["```", "~~~", "````", "```python", "~~~ {.md}"]),
        st.lists(st.one_of(MD_LINE, CLAIMS), max_size=3).map("\n".join),
        st.booleans(),
    ).map(lambda t: f"{t[0]}\n{t[1]}" + (f"\n{t[0][:3]}" if t[2] else ""))
    indented = st.lists(MD_LINE, min_size=1, max_size=2).map(lambda ls: "\n".join("    " + x for x in ls))
    cell = st.one_of(MD_INLINE, CLAIMS, st.just(""), st.just("a \\| b"))
    table = st.tuples(
        st.lists(cell, min_size=1, max_size=3),
        st.lists(st.lists(cell, min_size=0, max_size=4), max_size=3),
        st.booleans(),
    ).map(
        lambda t: "\n".join(
            [f"| {' | '.join(t[0])} |", "|" + "|".join("---" for _ in t[0]) + "|" if t[2] else "|---|"]
            + [f"| {' | '.join(row)} |" for row in t[1]]
        )
    )
    html_block = st.tuples(st.sampled_from(["div", "p", "table", "section", "details", "script", "pre"]), MD_LINE).map(
        lambda t: f"<{t[0]}>\n{t[1]}\n</{t[0]}>"
    )
    comment = st.one_of(
        MD_LINE.map(lambda s: f"<!-- {s} -->"),
        MD_LINE.map(lambda s: f"<!--\n{s}\n-->"),
        MD_LINE.map(lambda s: f"<!-- {s}"),  # unclosed: runs to the end
        st.sampled_from(
            [
                "<!-- healthlint-disable-next-line HL122 -->",
                "<!-- healthlint-disable-line -->",
                "<!-- healthlint-disable HL1 -- quoting -->",
                "<!-- healthlint-enable HL1 -->",
                "<!-- healthlint-enable -->",
                "<!-- healthlint-disable-file HL999 -->",
                "<!-- healthlint-disable-next-line no-such-rule -->",
            ]
        ),
    )
    references = st.tuples(
        st.sampled_from(
            [
                "## References",
                "References",
                "### Sources:",
                "## Footnotes",
                "**Sources**",
                "## References and further reading",
            ]
        ),
        st.lists(
            st.one_of(
                MD_LINE.map(lambda s: f"1. {s}"),
                MD_LINE.map(lambda s: f"[1] {s}"),
                MD_LINE.map(lambda s: f"[^1]: {s}"),
                MD_LINE.map(lambda s: f"- {s} https://doi.org/10.1/x"),
            ),
            max_size=3,
        ),
    ).map(lambda t: t[0] + "\n\n" + "\n".join(t[1]))
    misc = st.sampled_from(
        [
            "---",
            "***",
            "[ref]: https://example.com 'T'",
            "[1]: https://x.y",
            "<br>",
            ">",
            "-",
            "1.",
            "</div>",
            "<![x]>",
            "<!-->",
        ]
    )
    return st.one_of(
        paragraph, paragraph, paragraph, heading, setext, fence, indented, table, html_block, comment, references, misc
    )


def _indent(block: str, first: str, rest: str) -> str:
    lines = block.split("\n")
    return "\n".join([first + lines[0]] + [(rest + line if line else line) for line in lines[1:]])


def _md_block(depth: int) -> st.SearchStrategy[str]:
    """A leaf block, or list items and blockquotes nesting blocks up to `depth` deep."""
    if depth == 0:
        return MD_LEAF
    inner = _md_block(depth - 1)
    containers = st.one_of(
        st.tuples(inner, st.sampled_from(["- ", "* ", "+ ", "1. ", "2) ", "- [ ] ", "10. "]), st.booleans()).map(
            lambda t: _indent(t[0], t[1], " " * len(t[1]) if t[2] else "")  # indented or lazy continuation
        ),
        st.lists(inner, min_size=1, max_size=3).map(lambda items: "\n".join(_indent(i, "- ", "  ") for i in items)),
        st.tuples(inner, st.booleans()).map(lambda t: _indent(t[0], "> ", "> " if t[1] else "")),
        st.lists(inner, min_size=2, max_size=3).map("\n\n".join),
    )
    return st.one_of(MD_LEAF, MD_LEAF, containers)


MD_LEAF = _md_leaf()
MD_BLOCK = _md_block(2)

FRONT_MATTER = st.sampled_from(
    [
        "",
        "",
        "",
        "---\ntitle: It is completely safe\ntags: [a, b]\n---\n",
        "+++\ntitle = 'x'\n+++\n",
        "---\nunclosed: yes\n",
    ]
)


def _markdown() -> st.SearchStrategy[str]:
    blocks = st.lists(
        st.tuples(MD_BLOCK, st.sampled_from(["\n\n", "\n\n", "\n", "\n\n\n"])), min_size=1, max_size=6
    ).map(lambda bs: "".join(b + sep for b, sep in bs))
    return st.tuples(FRONT_MATTER, blocks).map("".join)


# -- HTML --------------------------------------------------------------------------------------

HTML_TEXT = st.lists(
    st.one_of(WORDS, CLAIMS, CLAIMS, ENTITIES, MARKERS, ODD.filter(lambda c: c not in "<&"), TERMINALS),
    min_size=1,
    max_size=8,
).map(" ".join)
ATTRIBUTES = st.lists(
    st.sampled_from(
        [
            ' class="references"',
            " class='footnotes'",
            ' id="fn1"',
            ' id="cite_note-2"',
            ' role="doc-endnotes"',
            ' href="https://example.com/a?b=1&amp;c=2"',
            " href='https://amazon.com/dp/1?tag=x-20'",
            ' href="#ref-1"',
            " title=\"a &quot;quoted&quot; 'value'\"",
            " title='it\"s'",
            " data-x=unquoted",
            " hidden",
            ' start="3"',
            ' value="7"',
            ' lang="en"',
            ' style="display:none"',
            ' onclick="alert(1)"',
            ' title="unterminated',
            ' a=">"',
            " b='<p>'",
        ]
    ),
    max_size=3,
).map("".join)
TAGS = st.sampled_from(
    "p p p div span b i em strong a h1 h2 h3 h6 ul ol li dl dt dd blockquote table tr td th thead caption "
    "section article aside nav footer header main figure figcaption details summary sup sub small br hr img "
    "script style pre code kbd template noscript svg math textarea select option iframe form button label "
    "title head body html font center q cite abbr".split()
)


def _element(tag: str, attrs: str, children: list[str], close: str) -> str:
    inner = "".join(children)
    if close == "none":
        return f"<{tag}{attrs}>{inner}"
    if close == "wrong":
        return f"<{tag}{attrs}>{inner}</{'div' if tag != 'div' else 'p'}>"
    if close == "self":
        return f"<{tag}{attrs}/>{inner}"
    return f"<{tag}{attrs}>{inner}</{tag}>"


HTML_LEAF = st.one_of(
    HTML_TEXT,
    HTML_TEXT,
    st.sampled_from(
        [
            "<!-- healthlint-disable-next-line HL122 -->",
            "<!-- healthlint-disable HL1 -->",
            "<!-- healthlint-enable -->",
            "<!-- a comment -->",
            "<!-- unclosed comment",
            "<!--->",
            "<!---->",
            "<!DOCTYPE html>",
            "<![CDATA[ completely safe ]]>",
            "<![",
            "<![x y>",
            "<![if !IE]>",
            "<?php echo 1; ?>",
            "</p>",
            "</li>",
            "<",
            "<>",
            "< p>",
            "<p",
            "&",
            "\n",
            "\n\n",
            "\r\n",
            "<br>",
            "<img src=x alt='cures insomnia'>",
            "<sup>1</sup>",
            "<sup><a href='#fn1'>[1]</a></sup>",
            "<script>var s = '</p>completely safe';</script>",
            "<script>unclosed completely safe",
            "<style>p { color: red }</style>",
            "<textarea>cures insomnia</textarea>",
        ]
    ),
)


def _html_node(depth: int) -> st.SearchStrategy[str]:
    """Text and odd markup, or elements (closed, unclosed, wrongly closed) nesting `depth` deep."""
    if depth == 0:
        return HTML_LEAF
    inner = _html_node(depth - 1)
    element = st.builds(
        _element,
        TAGS,
        ATTRIBUTES,
        st.lists(inner, max_size=3),
        st.sampled_from(["close", "close", "close", "none", "wrong", "self"]),
    )
    return st.one_of(HTML_LEAF, element, element)


HTML_NODE = _html_node(3)
HTML_DOC = st.tuples(
    st.sampled_from(["", "<!DOCTYPE html>\n", "<html><head><title>Magnesium cures insomnia</title></head><body>\n"]),
    st.lists(st.tuples(HTML_NODE, st.sampled_from(["", "\n", "\n\n", " "])), min_size=1, max_size=8).map(
        lambda ns: "".join(n + sep for n, sep in ns)
    ),
    st.sampled_from(["", "</body></html>\n", '<ol class="references"><li id="ref1">Smith 2020</li></ol>']),
).map("".join)

# -- plain text --------------------------------------------------------------------------------

TEXT_SENTENCE = st.tuples(st.lists(ATOM, min_size=1, max_size=8).map(" ".join), TERMINALS).map("".join)
TEXT_LINE = st.one_of(
    st.lists(TEXT_SENTENCE, min_size=1, max_size=3).map(" ".join),
    st.tuples(st.sampled_from(["- ", "* ", "• ", "1. ", "2) ", "a. ", "– "]), TEXT_SENTENCE).map("".join),
    st.tuples(
        st.sampled_from(["[00:40] ", "12:05 Dr. Lee: ", "Q: ", "A: ", "Step 2: ", "Day 3 - "]), TEXT_SENTENCE
    ).map("".join),
    st.sampled_from(
        [
            "Magnesium and sleep",
            "References",
            "Sources:",
            "[1] Smith J. Magnesium and sleep. 2020.",
            "1. Smith J, et al. Trial. https://doi.org/10.1/x",
            "=====",
            "-----",
            "# A heading",
            "<!-- healthlint-disable-next-line HL122 -->",
            "<!-- healthlint-disable HL1 -->",
            "<!-- healthlint-enable -->",
            "<!-- not a directive -->",
            "Email me at a@b.co or visit www.example.com/x.",
            "",
            "",
        ]
    ),
)
TEXT_DOC = st.lists(TEXT_LINE, min_size=1, max_size=12).map("\n".join)

# -- whole articles ----------------------------------------------------------------------------

NOISE = st.sampled_from(
    ["\x00", "\ufeff", "\r", "\n", "\u2028", "\x85", "\ufffd", "😀", "\t", "<", "&", "`", "\\", "*", "\x1b"]
)


def _finish(doc: str, endings: list[str], bom: bool, noise: list[tuple[int, str]], trailing: bool) -> str:
    lines = doc.split("\n")
    out = [lines[0]]
    for i, line in enumerate(lines[1:]):
        out.append(endings[i % len(endings)] + line)
    text = "".join(out) + (endings[0] if trailing else "")
    for position, char in noise:
        at = position % (len(text) + 1)
        text = text[:at] + char + text[at:]
    return ("\ufeff" if bom else "") + text


def finished(docs: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Mixed line endings (uniform LF, CRLF or CR, or a mix), an optional BOM and sprinkled noise."""
    return st.builds(
        _finish,
        docs,
        st.one_of(
            st.sampled_from([["\n"], ["\n"], ["\r\n"], ["\r"]]),
            st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=2, max_size=4),
        ),
        st.booleans(),
        st.lists(st.tuples(st.integers(0, 10**6), NOISE), max_size=3),
        st.booleans(),
    )


ARTICLES = {"markdown": finished(_markdown()), "html": finished(HTML_DOC), "text": finished(TEXT_DOC)}


@st.composite
def articles(draw) -> tuple[str, str]:
    """(text, format): a document of one grammar, usually linted as its own format."""
    grammar = draw(st.sampled_from(sorted(ARTICLES)))
    text = draw(ARTICLES[grammar])
    fmt = draw(st.sampled_from([grammar, grammar, grammar, "markdown", "html", "text"]))
    return text, fmt


# -- properties --------------------------------------------------------------------------------


def lint(text: str, fmt: str) -> tuple[SourceFile, list]:
    source = SourceFile.from_text(text, f"fuzz/article.{EXTENSIONS[fmt]}", fmt)
    return source, LINTER.lint_source(source)  # property 1: never raises


def check_positions(source: SourceFile, findings) -> None:
    """Properties 2 and 3."""
    n, lines = len(source.text), source.line_count
    for f in findings:
        assert 0 <= f.offset <= f.end_offset <= n, f
        assert 1 <= f.line <= f.end_line <= lines, f
        assert f.column >= 1 and f.end_column >= 1, f
        assert source.offset(f.line, f.column) == f.offset, f
        assert source.offset(f.end_line, f.end_column) == f.end_offset, f
        assert source.position(f.offset) == (f.line, f.column), f
        assert source.position(f.end_offset) == (f.end_line, f.end_column), f
        assert f.message and f.scope in ("line", "document") and f.severity in ("error", "warning", "info"), f


def render(fmt: str, source: SourceFile, findings) -> str:
    out = io.StringIO()
    reporter = REPORTERS[fmt](out, color=fmt == "text", version="fuzz", rules=LINTER.rules.all_rules)
    summary = RunSummary()
    summary.add(source, findings)
    reporter.file(source, findings)
    reporter.finish(summary)
    return out.getvalue()


def check_reports(source: SourceFile, findings) -> None:
    """Property 5."""
    ordered = sorted(findings, key=lambda f: f.sort_key)
    check_json(render("json", source, findings), ordered)
    check_sarif(render("sarif", source, findings), ordered)
    check_github(render("github", source, findings), ordered)
    check_html(render("html", source, findings), [source], ordered)
    check_text(render("text", source, findings), ordered, color=True)


def _directive_edit(source: SourceFile, f) -> tuple[str, int, str] | None:
    """The text with a suppression of `f.rule` for `f`'s line, where it went, and what went in."""
    text = source.text
    if source.format == "text":  # a comment line of its own, above the line, at a block start
        start, _ = source.line_span(f.line)
        if f.line > 1:
            a, b = source.line_span(f.line - 1)
            if text[a:b].strip():
                return None
        insert = f"<!-- healthlint-disable-next-line {f.rule} -->\n"
        return text[:start] + insert + text[start:], start, insert
    _, end = source.line_span(f.line)
    insert = f" <!-- healthlint-disable-line {f.rule} -->"
    return text[:end] + insert + text[end:], end, insert


def _same_document(old: Document, new: Document, at: int, size: int) -> bool:
    """Whether `new` is `old` with `size` blank characters at `at` plus one comment."""

    def start(o: int) -> int:
        return o if o < at else o + size

    def end(o: int) -> int:
        return o if o <= at else o + size

    if (
        new.prose[:at] != old.prose[:at]
        or new.prose[at + size :] != old.prose[at:]
        or new.prose[at : at + size].strip()
    ):
        return False
    blocks = [(b.kind, start(b.start), end(b.end), b.inner, b.label) for b in old.blocks]
    if blocks != [(b.kind, b.start, b.end, b.inner, b.label) for b in new.blocks]:
        return False
    if [(start(s.start), end(s.end), s.block) for s in old.sentences] != [
        (s.start, s.end, s.block) for s in new.sentences
    ]:
        return False
    if [(start(k.start), end(k.end), k.url) for k in old.links] != [(k.start, k.end, k.url) for k in new.links]:
        return False
    old_comments = [(start(c.start), end(c.end), c.body) for c in old.comments]
    new_comments = [(c.start, c.end, c.body) for c in new.comments]
    added = [c for c in new_comments if c not in old_comments]
    return len(new_comments) == len(old_comments) + 1 and len(added) == 1 and at <= added[0][0] < at + size


def check_suppression(source: SourceFile, findings, choice: int) -> str:
    """Property 4 for one finding picked by `choice`; returns what happened (for statistics)."""
    targets = [f for f in findings if f.scope == "line" and f.rule != "HL001"]
    if not targets:
        return "no line finding"
    f = targets[choice % len(targets)]
    old_doc = make_document(source)
    if source.format == "text" and any(
        d.action == "disable-next-line" and d.first_line == f.line for d in parse_directives(old_doc)
    ):
        return "already the target of a directive"
    edit = _directive_edit(source, f)
    if edit is None:
        return "not at a block start"
    text, at, insert = edit
    if any(g.offset < at < g.end_offset for g in findings):
        return "edit inside a flagged span"  # e.g. a marker "[1<CR>, 2]" across a line break: the edit changes it
    edited = SourceFile.from_text(text, source.path, source.format)
    if edited.text != text:
        return "BOM moved"
    size = len(insert)
    if not _same_document(old_doc, make_document(edited), at, size):
        return "edit changed the document"

    def key(g, offset: int, end_offset: int, at_edit: bool) -> tuple:
        # A zero-width finding right at the edit may fall on either side of the comment.
        where = "at the edit" if at_edit else (edited.position(offset), edited.position(end_offset))
        return (g.rule, g.scope, g.message, g.excerpt, where)

    expected = Counter(
        key(
            g,
            g.offset if g.offset < at else g.offset + size,
            g.end_offset if g.end_offset <= at else g.end_offset + size,
            g.offset == g.end_offset == at,
        )
        for g in findings
        if not (g.rule == f.rule and g.line == f.line)
    )
    actual = Counter(
        key(g, g.offset, g.end_offset, g.offset == g.end_offset and at <= g.offset <= at + size)
        for g in LINTER.lint_source(edited)
    )
    assert actual == expected, (f, actual - expected, expected - actual)
    return "checked"


def check_all(text: str, fmt: str, choice: int = 0, *, reports: bool = True, suppress: bool = True) -> list[str]:
    source, findings = lint(text, fmt)
    check_positions(source, findings)
    outcomes = []
    if reports:
        check_reports(source, findings)
    if suppress:
        outcomes.append(check_suppression(source, findings, choice))
    return outcomes


# -- the default suite -------------------------------------------------------------------------

FAST = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@FAST
@given(articles())
def test_generated_articles_lint_with_well_placed_findings(article):
    text, fmt = article
    source, findings = lint(text, fmt)
    check_positions(source, findings)
    event(f"{fmt}: {'findings' if findings else 'no findings'}")


@settings(FAST, max_examples=60)
@given(articles())
def test_generated_articles_render_in_every_format(article):
    text, fmt = article
    source, findings = lint(text, fmt)
    check_reports(source, findings)


@settings(FAST, max_examples=150)
@given(articles(), st.integers(0, 1000))
def test_suppressing_a_finding_on_its_line_removes_exactly_it(article, choice):
    text, fmt = article
    source, findings = lint(text, fmt)
    event(check_suppression(source, findings, choice))


@pytest.mark.parametrize(
    "text, fmt",
    [
        ("Magnesium cures insomnia. It is completely safe.\n\nStudies show it works.\n", "markdown"),
        (
            "# Sleep\n\n- It is completely safe\n- Take 500 mg of magnesium daily\r\n\r\n> Studies show it.\r",
            "markdown",
        ),
        ("<p>It is completely safe.</p>\n<p>Magnesium cures insomnia.</p>\n", "html"),
        ("Sleep well\n\nIt is completely safe.\n\n- Magnesium cures insomnia\n", "text"),
    ],
)
def test_the_suppression_property_is_exercised(text, fmt):
    source, findings = lint(text, fmt)
    targets = [f for f in findings if f.scope == "line" and f.rule != "HL001"]
    assert targets
    for choice in range(len(targets)):
        outcome = check_suppression(source, findings, choice)
        assert outcome in ("checked", "not at a block start"), outcome
    assert check_suppression(source, findings, 0) == "checked"


@pytest.mark.parametrize(
    "text, path",
    [
        ("Magnesium cures insomnia.\n<!-- [1] -->\n", "a.md"),
        ("Magnesium cures insomnia. `[1]`\n", "a.md"),
        ("<p>Magnesium cures insomnia.</p><!-- [2] -->", "a.html"),
        ("<p>Magnesium cures insomnia.<img alt='[2]'></p>", "a.html"),
        ("<p>Magnesium cures insomnia.</p><script>[1]</script>", "a.html"),
    ],
)
def test_a_citation_marker_hidden_in_markup_is_not_a_source(text, path):
    # A marker in a comment, a code span, an attribute or a <script> is not shown to the reader.
    # Found by the suppression property (tests/fuzz_corpus/crash-ce32bc4c4406cefd.md, -bfb942f7a403fd6b.html).
    assert "HL131" in [f.rule for f in LINTER.lint_text(text, path)]


@pytest.mark.parametrize(
    "text, path",
    [
        ("Magnesium cures insomnia. <!-- note --> [1]\n", "a.md"),
        ("Magnesium cures insomnia. `code` [1]\n", "a.md"),
        ("Magnesium cures insomnia [1](#ref-1).\n", "a.md"),
        ("Magnesium cures insomnia.<sup>[2](#ref-2)</sup>\n", "a.md"),
        ("Magnesium cures insomnia.<sup>2</sup>\n", "a.md"),
        ("Magnesium cures insomnia.¹\n", "a.md"),
        ("<p>Magnesium cures insomnia.<sup>2</sup></p>", "a.html"),
        ("<p>Magnesium cures insomnia.<sup><a href='#r1'>1</a></sup></p>", "a.html"),
        ("<p>Magnesium cures insomnia (Smith et al., 2020).</p>", "a.html"),
    ],
)
def test_a_citation_marker_the_reader_sees_is_a_source(text, path):
    assert "HL131" not in [f.rule for f in LINTER.lint_text(text, path)]


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*") if p.suffix.lstrip(".") in FORMAT_OF) if CORPUS.is_dir() else []


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_replays_through_every_property(path):
    text = path.read_bytes().decode("utf-8")
    fmt = FORMAT_OF[path.suffix.lstrip(".")]
    source, findings = lint(text, fmt)
    check_positions(source, findings)
    check_reports(source, findings)
    targets = [f for f in findings if f.scope == "line" and f.rule != "HL001"]
    for choice in range(min(len(targets), 12)):
        check_suppression(source, findings, choice)


def test_the_corpus_is_not_empty():
    assert len(corpus_files()) >= 5
