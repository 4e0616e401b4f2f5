"""Reports stay valid and inert whatever an article (or its file name) contains.

Hostile articles put quotes, backslashes, `</script>`, workflow-command syntax (`::error::`,
`%0A`, `,`, `:`), terminal escape sequences, NUL, DEL, C1 controls, U+2028/U+2029, bidi overrides,
U+FFFD and very long lines into findings' messages, excerpts, suggestions and paths. Every
reporter must then produce:

- JSON that parses back to exactly the linter's findings (and is strict UTF-8, one line per line);
- SARIF that parses, passes a structural check, and carries the exact texts and encoded paths;
- GitHub annotations that are exactly one workflow-command line per finding, whose properties
  hold no raw `,`, `:` or line break, and whose percent-escapes decode to the original texts;
- HTML in which the only script is the report's own, every tag and attribute is the report's,
  and the article's text (markup included) reads back exactly from the parsed page;
- text in which no escape sequence or other control character from the article reaches the
  terminal, and the caret still points at the flagged text.
"""

from __future__ import annotations

import io
import json
import os
import re
from html.parser import HTMLParser
from urllib.parse import unquote_to_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint.api import Linter
from healthlint.cli import main
from healthlint.report import REPORTERS
from healthlint.report import html as html_report
from healthlint.report.base import RunSummary
from healthlint.report.escape import json_text, visible
from healthlint.report.text import MAX_LINE, excerpt_line
from healthlint.source import SourceFile, format_for

LINTER = Linter()

# Characters no report may pass through raw (they act on terminals, split lines, reorder text,
# or cannot be encoded); tab and line breaks are checked per format.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

# Payloads kept short enough (and free of sentence punctuation) to fit in a references heading,
# whose text the HL602 message quotes: so they reach messages as well as excerpts.
HEADING_PAYLOADS = [
    'a "</script><script>" b',
    "x ::error::y",
    "::warning file=a::z",
    "%0A%0D%25 100% a,b:c",
    "\x1b[31mred\x1b[0m \x1b]0;title\x07",
    "\x00 \x7f \x1b \u202e \ufffd \\ 'q'",
    "\x08\x0b\x0c\x0e\x1f x",
    "a & b <i> c",
]
LONG_PAYLOAD = (
    'It is completely safe "</script><script>alert(1)</script>" and ::error file=x,line=1::boom %0A %25 '
    "100% a,b:c \x1b[31m red \x1b[0m \x1b]0;title\x07 \x00 nul \x7f del \x85 nel \u2028 ls \u2029 ps "
    '\u202e rlo \ufffd \\backslash \'single\' "double" & <b onclick="alert(2)">bold</b> so every '
    "reader of this very long sentence, with more than thirty words in it, sees it keep going"
)


def hostile_text() -> str:
    return (
        "Magnesium helps many people sleep.\n\n"
        + "".join(f"Sources for {p}\n\nNext steps\n\nText here.\n\n" for p in HEADING_PAYLOADS)
        + LONG_PAYLOAD
        + ".\n\nMagnesium cures insomnia\x1b[2J. It is completely safe\r\nand\rgentle.\n"
    )


def hostile_markdown() -> str:
    return (
        "\n# Magnesium <script>alert(1)</script>\n\n"
        "It is completely safe <img src=x onerror=alert(1)> `</pre></mark>` \"quoted\" 'single' [1].\n\n"
        "<!-- \x1b[31m --> Magnesium cures insomnia\x1b[2J and it has no side effects &amp; &lt;b&gt;.\r\n\r\n"
        "| dose | note |\n|---|---|\n| take 500 mg of magnesium daily | \x00\x85\u2028 |\n\n" + LONG_PAYLOAD + ".\n"
    )


def hostile_html() -> str:
    return (
        '<html><head><title>t</title><script>var x = "</scr" + "ipt>";</script></head><body>'
        '<h1 title="&quot;><script>alert(1)</script>">Magnesium</h1>'
        "<p>It is completely safe &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; \x1b[31m "
        "&#27; &#x85; &#8232; \u202e</p><p>Magnesium cures insomnia.</p>"
        f"<p>{LONG_PAYLOAD.replace('<', '&lt;')}.</p></body></html>"
    )


# File names as a CI checkout might have them.
HOSTILE_PATHS = [
    "articles/we:ird, 100% %0A name.md",
    "articles/new\nline.txt",
    "articles/<script>alert(1)<\\script> \"q\" 'a'.html",
    "articles/esc\x1b[31m.md",
    "articles/tab\there\u2028.txt",
]


def sources() -> list[SourceFile]:
    texts = {"markdown": hostile_markdown(), "text": hostile_text(), "html": hostile_html()}
    out = [
        SourceFile.from_text(texts["markdown"], "plain.md", "markdown"),
        SourceFile.from_text(texts["text"], "plain.txt", "text"),
        SourceFile.from_text(texts["html"], "plain.html", "html"),
    ]
    for path in HOSTILE_PATHS:
        fmt = format_for(path)
        out.append(SourceFile.from_text(texts[fmt], path, fmt))
    return out


def render(fmt: str, srcs: list[SourceFile], *, color: bool = False) -> tuple[str, list]:
    """What `healthlint check --format fmt` writes for these sources, and the findings."""
    out = io.StringIO()
    reporter = REPORTERS[fmt](out, color=color, version="0.0-test", rules=LINTER.rules.all_rules)
    summary = RunSummary()
    everything = []
    for source in srcs:
        findings = LINTER.lint_source(source)
        everything.extend(findings)
        summary.add(source, findings)
        reporter.file(source, findings)
    reporter.finish(summary)
    return out.getvalue(), sorted(everything, key=lambda f: f.sort_key)


def test_the_hostile_articles_put_hostile_text_into_findings():
    # Guard against a vacuous suite: the payloads really reach messages, excerpts and paths.
    _, findings = render("json", sources())
    messages = " ".join(f.message for f in findings)
    excerpts = " ".join(f.excerpt for f in findings)
    for needle in (
        "</script>",
        "::error::",
        "%0A",
        "a,b:c",
        "\x1b[31m",
        "\x00",
        "\x7f",
        "\u202e",
        "\ufffd",
        "\\",
        "'q'",
    ):
        assert needle in messages, needle
    for needle in ("</script>", "\x1b[31m", "::error file=x,line=1::", '"double"', "<b onclick"):
        assert needle in excerpts, needle
    assert {f.path for f in findings} >= set(HOSTILE_PATHS)
    assert any(f.suggestion for f in findings)


# -- JSON --------------------------------------------------------------------------------------


def check_json(out: str, findings) -> None:
    out.encode("utf-8")  # strict: no lone surrogates
    assert out.split("\n")[:-1] == out.splitlines()  # no U+2028, NEL... for line-based tools
    assert not CONTROLS.search(out)
    report = json.loads(out)
    assert report["findings"] == [f.to_json() for f in findings]


_JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text()
_JSON_VALUES = st.recursive(
    _JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_JSON_VALUES | st.dictionaries(st.integers(), _JSON_VALUES, max_size=3))
def test_json_text_is_the_standard_librarys_indented_json_with_unsafe_characters_escaped(data):
    # json_text renders without the standard library's slow pure-Python indenting encoder: the
    # text must still be exactly what json.dumps(indent=2) gives, with the unsafe characters escaped.
    expected = json.dumps(data, indent=2, ensure_ascii=False)
    expected = re.sub(
        "[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", expected
    )
    assert json_text(data) == expected


def test_json_round_trips_the_exact_texts():
    out, findings = render("json", sources())
    check_json(out, findings)


# -- SARIF -------------------------------------------------------------------------------------

_URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})*")


def check_sarif_structure(log: dict) -> None:
    """The parts of SARIF 2.1.0 that code-scanning consumers rely on."""
    assert log["version"] == "2.1.0"
    assert isinstance(log["$schema"], str)
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "healthlint" and isinstance(driver["rules"], list)
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids))
    for rule in driver["rules"]:
        assert isinstance(rule["shortDescription"]["text"], str)
        assert rule["defaultConfiguration"]["level"] in ("none", "note", "warning", "error")
    for artifact in run["artifacts"]:
        assert _URI_REFERENCE.fullmatch(artifact["location"]["uri"])
    for result in run["results"]:
        assert isinstance(result["ruleId"], str)
        assert result["level"] in ("none", "note", "warning", "error")
        assert isinstance(result["message"]["text"], str) and result["message"]["text"]
        if "ruleIndex" in result:
            assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        # A relative reference: no scheme, nothing outside RFC 3986's characters.
        assert _URI_REFERENCE.fullmatch(uri) and ":" not in uri.split("/")[0]
        region = physical["region"]
        for key in ("startLine", "startColumn", "endLine", "endColumn"):
            assert isinstance(region[key], int) and region[key] >= 1
        assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
        assert all(isinstance(v, str) for v in result["partialFingerprints"].values())


def check_sarif(out: str, findings) -> None:
    out.encode("utf-8")
    assert out.split("\n")[:-1] == out.splitlines()
    assert not CONTROLS.search(out)
    log = json.loads(out)
    check_sarif_structure(log)
    results = log["runs"][0]["results"]
    assert len(results) == len(findings)
    for f, result in zip(findings, results):
        assert result["ruleId"] == f.rule
        assert result["message"]["text"] == f.message
        physical = result["locations"][0]["physicalLocation"]
        assert physical["region"].get("snippet", {}).get("text", "") == f.excerpt
        uri = physical["artifactLocation"]["uri"]
        assert unquote_to_bytes(uri) == os.fsencode(f.path.replace("\\", "/"))
        if f.suggestion:
            assert result["properties"]["suggestion"] == f.suggestion


def test_sarif_is_valid_and_carries_the_exact_texts():
    out, findings = render("sarif", sources())
    check_sarif(out, findings)


# -- GitHub annotations ------------------------------------------------------------------------

_COMMAND = re.compile(r"::(error|warning|notice) ([^:]*)::(.*)")
_PROPERTY_KEYS = ["file", "line", "col", "endLine", "endColumn", "title"]
_ESCAPES = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}


def unescape(text: str) -> str:
    """Decode workflow-command escapes, left to right."""
    return re.sub(r"%(?:25|0D|0A|3A|2C)", lambda m: _ESCAPES[m.group()], text)


def runner_unescape(text: str) -> str:
    """Decode as the Actions runner does: one replacement after another, `%25` last."""
    for code in ("%0D", "%0A", "%3A", "%2C", "%25"):
        text = text.replace(code, _ESCAPES[code])
    return text


def github_message(f) -> str:
    message = f.message
    if f.suggestion:
        message += f"\nSuggestion: {f.suggestion}"
    if f.source:
        message += f"\nSource: {f.source[0]}" + (f" <{f.source[1]}>" if f.source[1] else "")
    return message


def check_github(out: str, findings) -> None:
    out.encode("utf-8")
    assert out.endswith("\n") or not out
    lines = out.split("\n")[:-1]
    assert lines == out.splitlines()  # no other character any tool could take as a line break
    assert len(lines) == len(findings)
    assert not CONTROLS.search(out) and "\r" not in out
    for line, f in zip(lines, findings):
        m = _COMMAND.fullmatch(line)
        assert m, line
        assert m.group(1) == {"error": "error", "warning": "warning", "info": "notice"}[f.severity]
        pairs = [p.split("=", 1) for p in m.group(2).split(",")]
        assert [k for k, _ in pairs] == _PROPERTY_KEYS
        props = dict(pairs)
        for value in props.values():
            assert not re.search(r"[,:\r\n]", value)
        assert unescape(props["file"]) == runner_unescape(props["file"]) == visible(f.path.replace("\\", "/"), "\t\r\n")
        assert [int(props[k]) for k in _PROPERTY_KEYS[1:5]] == [f.line, f.column, f.end_line, f.end_column]
        assert unescape(props["title"]) == f"{f.rule} {f.name}"
        message = m.group(3)
        assert "\n" not in message and "\r" not in message
        expected = visible(github_message(f), "\t\r\n")
        assert unescape(message) == runner_unescape(message) == expected
        if not CONTROLS.search(github_message(f)):
            assert unescape(message) == github_message(f)  # nothing to make visible: exact


def test_github_annotations_are_one_line_each_and_decode_to_the_texts():
    out, findings = render("github", sources())
    check_github(out, findings)
    # The payloads really were there to escape.
    assert "%3A%3Aerror%3A%3A" not in out and "::error::y" in out  # in messages `::` is inert...
    assert "we%3Aird%2C 100%25 %250A name.md" in out  # ...in properties it is encoded
    assert "new%0Aline.txt" in out and "esc\\x1b[31m.md" in out


# -- HTML --------------------------------------------------------------------------------------

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "strong", "span", "main", "div", "nav",
    "h2", "h3", "h4", "ul", "li", "a", "section", "pre", "mark", "details", "summary", "br", "aside",
    "fieldset", "legend", "label", "input", "script",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "lang", "charset", "name", "content", "class", "href", "id", "rel", "title", "type", "checked",
    "data-target", "data-category", "data-severity", "data-filter",
}  # fmt: skip


class _Page(HTMLParser):
    """Tags, attributes, script bodies and the text of each article <pre> and each <mark>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.articles: list[str] = []
        self.marks: dict[str, str] = {}
        self.open_marks: list[str] = []
        self.in_pre = self.in_script = False
        self.other: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append((tag, dict(attrs)))
        if tag == "pre":
            self.in_pre = True
            self.articles.append("")
        elif tag == "script":
            self.in_script = True
            self.scripts.append("")
        elif tag == "mark":
            self.open_marks.append(dict(attrs)["id"] or "")
            self.marks[self.open_marks[-1]] = ""

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "pre":
            self.in_pre = False
        elif tag == "script":
            self.in_script = False
        elif tag == "mark":
            self.open_marks.pop()

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self.in_script:
            self.scripts[-1] += data
        if self.in_pre:
            self.articles[-1] += data
            for mark in self.open_marks:
                self.marks[mark] += data

    def handle_comment(self, data):  # type: ignore[no-untyped-def]
        self.other.append(f"comment {data!r}")

    def handle_pi(self, data):  # type: ignore[no-untyped-def]
        self.other.append(f"pi {data!r}")

    def unknown_decl(self, data):  # type: ignore[no-untyped-def]
        self.other.append(f"decl {data!r}")


def check_html(page: str, srcs: list[SourceFile], findings) -> None:
    page.encode("utf-8")
    assert not CONTROLS.search(page)
    assert page.count("<script") == 1 and page.lower().count("</script") == 1
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert not parser.other
    assert {t for t, _ in parser.tags} <= ALLOWED_TAGS
    for tag, attrs in parser.tags:
        assert set(attrs) <= ALLOWED_ATTRIBUTES, (tag, attrs)
        href = attrs.get("href")
        assert href is None or href.startswith(("#", "https://", "http://")), href
    assert parser.scripts == [html_report._SCRIPT]
    # The articles read back exactly (control characters as their visible escapes).
    expected = []
    for source in srcs:
        lead = "\n" if source.text.startswith(("\n", "\r")) else ""  # the line break HTML drops
        expected.append(lead + visible(source.text, "\t\r\n"))
    assert parser.articles == expected
    # Every line finding has one mark whose title is its message; marks that overlap nothing hold
    # exactly the flagged text.
    titles = sorted(a["title"] or "" for t, a in parser.tags if t == "mark")
    line_findings = [f for f in findings if f.scope == "line"]
    assert titles == sorted(visible(f"{f.rule} {f.name}: {f.message}", "\t\r\n") for f in line_findings)
    texts = {}
    for source in srcs:
        texts[source.path] = source.text
    by_title = {}
    for tag, attrs in parser.tags:
        if tag == "mark":
            by_title.setdefault(attrs["title"], []).append(parser.marks[attrs["id"] or ""])
    for f in line_findings:
        alone = not any(
            g is not f and g.path == f.path and g.offset < f.end_offset and f.offset < g.end_offset
            for g in line_findings
        )
        if alone:
            shown = visible(texts[f.path][f.offset : f.end_offset], "\t\r\n")
            assert shown in by_title[visible(f"{f.rule} {f.name}: {f.message}", "\t\r\n")]


def test_html_escapes_all_article_text_and_attributes():
    srcs = sources()
    page, findings = render("html", srcs)
    check_html(page, srcs, findings)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\\x1b[31m" in page


# -- text --------------------------------------------------------------------------------------

_OWN_SGR = re.compile(r"\x1b\[(?:0|1|2|31|33|36)m")


def check_text(out: str, findings, *, color: bool) -> None:
    out.encode("utf-8")
    plain = _OWN_SGR.sub("", out) if color else out
    assert "\x1b" not in plain  # the only escape sequences are the reporter's own colours
    assert not CONTROLS.search(plain) and "\r" not in plain
    assert out.split("\n")[:-1] == out.splitlines()
    heads = [line for line in plain.splitlines() if re.match(r"\S.*:\d+:\d+: [A-Z]+\d+ \[", line)]
    expected = [
        f"{visible(f.path)}:{f.line}:{f.column}: {f.rule} [{f.severity}] {visible(f.message)}" for f in findings
    ]
    assert sorted(heads) == sorted(expected)  # files in input order, each one's findings sorted


@pytest.mark.parametrize("color", [False, True])
def test_text_report_cannot_drive_the_terminal(color):
    out, findings = render("text", sources(), color=color)
    check_text(out, findings, color=color)
    assert "\\x1b[2J" in out and "\\u202e" in out


def test_text_caret_points_at_the_flagged_text_after_escaping():
    line = "a\x1b[31mb\x00c \u2028 completely safe\tend"
    start = line.index("completely")
    shown, left, right = excerpt_line(line, start, start + len("completely safe"))
    assert shown == "a\\x1b[31mb\\x00c \\u2028 completely safe end"
    assert shown[left:right] == "completely safe"


def test_very_long_lines_are_windowed_in_text_and_valid_everywhere():
    filler = "Plain words about sleep and food and walking every single day " * 400
    text = (filler + "It is completely safe. ") * 5 + "\x1b[31m" + filler + "Magnesium cures insomnia.\n"
    srcs = [SourceFile.from_text(text, "one-line.txt", "text"), SourceFile.from_text(text, "one-line.html", "html")]
    out, findings = render("text", srcs)
    check_text(out, findings, color=False)
    assert max(len(line) for line in out.splitlines()) < MAX_LINE + 40
    by_head = {f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message}": f for f in findings}
    lines = out.splitlines()
    checked = 0
    for index, line in enumerate(lines):
        f = by_head.get(line)
        if f is None or f.scope != "line" or f.end_line != f.line:
            continue
        shown, carets = lines[index + 1], lines[index + 2]
        gutter = len(f"  {f.line} | ")
        a, b = carets.index("^"), carets.rindex("^") + 1
        flagged = visible(text[f.offset : f.end_offset].replace("\t", " "))
        assert shown[a:b] == flagged or (flagged.startswith(shown[a:b]) and shown.endswith("…")), f
        assert len(shown) - gutter <= MAX_LINE + 2
        checked += 1
    assert checked >= 10
    for fmt, check in (("json", check_json), ("sarif", check_sarif), ("github", check_github)):
        check(render(fmt, srcs)[0], findings)
    check_html(render("html", srcs)[0], srcs, findings)


# -- any text, any name ------------------------------------------------------------------------

NASTY = st.sampled_from(
    list("\x00\x07\x08\t\n\r\x0b\x0c\x1b\x1f\x7f\x80\x85\x9b\u2028\u2029\u202e\u2066\ufffd\ufeff\\\"'<>&%:,=#;[]()`*_|")
    + ["</script>", "<script>", "::error::", "::", "%0A", "%25", "\x1b[31m", "\r\n", "&lt;", "&#27;", "<!--", "-->"]
    + ["completely safe", "cures insomnia", "Studies show", "Take 500 mg of magnesium daily", "40% of adults"]
    + ["Sources for ", "\n\n", "# ", "<p>", "</p>", " ", "a", "Z", "é", "😀"]
)
ARTICLES = st.lists(NASTY, max_size=60).map("".join)
NAMES = st.tuples(st.lists(NASTY, max_size=6).map("".join), st.sampled_from([".md", ".txt", ".html"])).map(
    lambda p: "dir/" + p[0] + p[1]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(ARTICLES, NAMES), min_size=1, max_size=3, unique_by=lambda item: item[1]))
def test_every_report_stays_valid_for_any_article_and_name(items):
    srcs = [SourceFile.from_text(text, name, format_for(name)) for text, name in items]
    out, findings = render("json", srcs)
    check_json(out, findings)
    check_sarif(render("sarif", srcs)[0], findings)
    check_github(render("github", srcs)[0], findings)
    check_html(render("html", srcs)[0], srcs, findings)
    check_text(render("text", srcs, color=True)[0], findings, color=True)


# -- through the command line, with real files -------------------------------------------------


def _write_articles(root) -> list[str]:
    names = [
        "we:ird, 100% %0A name.md",
        "new\nline.txt",
        "<script>alert(1)<script> \"q\" 'a'.html",  # no "/" in a file name
        "esc\x1b[31m.md",
        "u2028\u2028 and nel\x85.txt",
    ]
    bodies = {".md": hostile_markdown(), ".txt": hostile_text(), ".html": hostile_html()}
    for name in names:
        (root / name).write_text(bodies[os.path.splitext(name)[1]], encoding="utf-8", newline="")
    return names


def cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--no-config", *argv], stdout=out, stderr=err, stdin=io.StringIO(""))
    return int(code), out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "html"])
def test_cli_reports_on_hostile_file_names(tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    names = _write_articles(tmp_path)
    code, out, err = cli(["--format", fmt, "."])
    assert code == 1 and "error" not in err, err  # warnings: NUL characters were replaced
    findings = json.loads(cli(["--format", "json", "."])[1])["findings"]
    assert {os.path.basename(f["path"]) for f in findings} == set(names)
    out.encode("utf-8")
    assert not CONTROLS.search(_OWN_SGR.sub("", out))
    if fmt == "json":
        assert json.loads(out)["findings"] == findings
    elif fmt == "sarif":
        check_sarif_structure(json.loads(out))
    elif fmt == "github":
        assert len(out.splitlines()) == len(findings) == len(out.split("\n")) - 1
    elif fmt == "html":
        assert out.count("<script") == 1


def _undecodable(tmp_path) -> str:
    try:
        (tmp_path / os.fsdecode(b"bad\xff name.md")).write_text("Magnesium cures insomnia.\n", encoding="utf-8")
    except (OSError, UnicodeError):  # pragma: no cover - a file system that insists on UTF-8 names
        pytest.skip("cannot create a file whose name is not UTF-8")
    return os.fsdecode(b"bad\xff name.md")


@pytest.mark.parametrize("fmt", ["text", "json", "github", "html"])
def test_a_file_name_that_is_not_utf8_is_reported_not_fatal(tmp_path, monkeypatch, fmt):
    # os.walk gives such a name with a lone surrogate (surrogateescape); no report may fail to encode it.
    monkeypatch.chdir(tmp_path)
    name = _undecodable(tmp_path)
    code, out, err = cli(["--format", fmt, "."])
    assert code == 1 and not err, err
    out.encode("utf-8")
    if fmt == "json":
        assert os.path.basename(json.loads(out)["findings"][0]["path"]) == name  # the exact name, as an escape
    elif fmt in ("text", "github"):
        assert "bad\\udcff name.md" in out


def test_sarif_for_a_file_name_that_is_not_utf8(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _undecodable(tmp_path)
    code, out, _ = cli(["--format", "sarif", "."])
    uri = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "bad%FF%20name.md"


def test_diagnostics_on_stderr_are_one_inert_line_each(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("esc\x1b[31m.md", "new\nline.md"):
        (tmp_path / name).write_bytes(b"Magnesium cures insomnia.\x00\n")  # a NUL: one warning each
    _, _, err = cli(["--format", "json", "."])
    lines = err.splitlines()
    assert len(lines) == 2 and all(line.startswith("healthlint: warning: ") for line in lines)
    assert not CONTROLS.search(err)
