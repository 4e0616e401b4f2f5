"""Offsets <-> (line, column): line endings, tabs, non-ASCII text and byte-order marks."""

from __future__ import annotations

import pytest
from _util import linter_for, pos_at, pos_of, spans
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint import SourceError, lint_paths
from healthlint.reader import read_source
from healthlint.source import SourceFile, decode, decode_bytes


def src(text: str, fmt: str = "text") -> SourceFile:
    return SourceFile.from_text(text, "t", fmt)


@pytest.mark.parametrize(
    "text, offset, expected",
    [
        ("ab\ncd", 0, (1, 1)),
        ("ab\ncd", 2, (1, 3)),  # the LF itself belongs to line 1
        ("ab\ncd", 3, (2, 1)),
        ("ab\ncd", 5, (2, 3)),  # end of text
        ("ab\r\ncd", 2, (1, 3)),
        ("ab\r\ncd", 3, (1, 4)),  # between CR and LF: still line 1
        ("ab\r\ncd", 4, (2, 1)),
        ("ab\rcd", 3, (2, 1)),  # a lone CR ends a line
        ("a\r\nb\rc\nd", 7, (4, 1)),  # mixed endings
        ("a\r\nb\rc\nd", 5, (3, 1)),
        ("\tx", 1, (1, 2)),  # a tab is one column
        ("é😀x", 2, (1, 3)),  # code points, not bytes or UTF-16 units
        ("\n\n\n", 3, (4, 1)),
        ("", 0, (1, 1)),
    ],
)
def test_position(text, offset, expected):
    s = src(text)
    assert s.position(offset) == expected
    assert s.offset(*expected) == offset


@pytest.mark.parametrize(
    "text, lines",
    [
        ("ab\ncd", ["ab", "cd"]),
        ("ab\r\ncd\r\n", ["ab", "cd", ""]),
        ("ab\rcd", ["ab", "cd"]),
        ("a\r\nb\rc\nd", ["a", "b", "c", "d"]),
        ("x\r\n\r\ny", ["x", "", "y"]),
    ],
)
def test_line_span_excludes_line_breaks(text, lines):
    s = src(text)
    assert s.line_count == len(lines)
    assert [text[slice(*s.line_span(n))] for n in range(1, s.line_count + 1)] == lines


def test_bom_is_stripped_from_text():
    assert src("\ufeffab\ncd").text == "ab\ncd"
    assert src("\ufeffab\ncd").position(3) == (2, 1)


def test_bom_bytes_are_stripped_on_decode():
    assert decode("\ufeffIt is safe.".encode("utf-8"), "x") == "It is safe."
    assert decode("é".encode("utf-16"), "x") == "é"


def test_invalid_utf8_is_replaced_with_a_warning_naming_the_file():
    decoded = decode_bytes(b"ok \xff\xfe there", "bad.md")
    assert decoded.text == "ok \ufffd\ufffd there"
    assert decoded.warnings == (
        "bad.md: not valid UTF-8 (first bad byte 0xff at offset 3, line 1); undecodable bytes were replaced with U+FFFD",
    )
    assert decode(b"ok \xff\xfe there", "bad.md") == "ok \ufffd\ufffd there"


def test_binary_is_skipped_by_from_bytes_and_a_source_error_for_decode():
    data = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    source = SourceFile.from_bytes(data, "img.md", "markdown")
    assert source.skipped and source.text == ""
    assert source.warnings == ("img.md: binary file (PNG image), not a text article; skipped",)
    with pytest.raises(SourceError, match="binary"):
        decode(data, "img.md")


CLAIM = "It is completely safe."


@pytest.mark.parametrize(
    "text",
    [
        f"Intro line.\r\n\r\n{CLAIM}\r\n",
        f"Intro line.\r\r{CLAIM}\r",
        f"Intro line.\n\r\n{CLAIM}\r",
        f"Dose:\t2 mg.\n\nNote:\t\t{CLAIM}\n",
        f"Caf\u00e9 \U0001f600 intro.\n\nEmoji \U0001f600\U0001f600 and {CLAIM}\n",
        f"Ünïcödé ärticle.\n\nNaïve café: {CLAIM}\n",
    ],
    ids=["crlf", "lone-cr", "mixed", "tabs", "emoji", "accented"],
)
@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_finding_positions_in_awkward_text(text, fmt):
    findings = linter_for("HL122").lint_text(text, format=fmt)
    line, col = pos_of(text, "completely safe")
    assert spans(findings) == [("HL122", line, col, line, col + len("completely safe"))]
    f = findings[0]
    assert text[f.offset : f.end_offset] == "completely safe"


def test_bom_file_gives_same_positions_as_without(tmp_path):
    body = "Intro.\n\nCafé \U0001f600: it is completely safe.\n"
    plain = tmp_path / "plain.md"
    bom = tmp_path / "bom.md"
    plain.write_bytes(body.encode("utf-8"))
    bom.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    assert read_source(bom).text == body
    config = {"select": ["HL122"]}
    a = [(f.line, f.column, f.end_line, f.end_column) for f in lint_paths([plain], config=config)]
    b = [(f.line, f.column, f.end_line, f.end_column) for f in lint_paths([bom], config=config)]
    line, col = pos_of(body, "completely safe")
    assert a == b == [(line, col, line, col + 15)]


def test_bom_text_gives_same_positions_as_without():
    body = "Intro.\n\nIt is completely safe.\n"
    a = spans(linter_for("HL122").lint_text(body))
    b = spans(linter_for("HL122").lint_text("\ufeff" + body))
    assert a == b == [("HL122", 3, 7, 3, 22)]


def test_utf16_file_is_read(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Intro.\n\nIt is completely safe.\n".encode("utf-16"))
    findings = lint_paths([path], config={"select": ["HL122"]})
    assert [(f.line, f.column) for f in findings] == [(3, 7)]


# ------------------------------------------------------------------------------------ properties
LINEY = st.text(alphabet=st.sampled_from(list("ab \t\r\n\u00e9\U0001f600\ufeff\u2028")), max_size=60)


@settings(max_examples=150, deadline=None)
@given(st.one_of(LINEY, st.text(max_size=80)), st.data())
def test_offset_position_round_trip(text, data):
    s = src(text)
    o = data.draw(st.integers(0, len(s.text)))
    line, column = s.position(o)
    assert s.offset(line, column) == o
    assert 1 <= line <= s.line_count
    assert column >= 1
    assert (line, column) == pos_at(s.text, o)


@settings(max_examples=100, deadline=None)
@given(LINEY)
def test_positions_are_monotonic(text):
    s = src(text)
    positions = [s.position(o) for o in range(len(s.text) + 1)]
    assert positions == sorted(positions)
