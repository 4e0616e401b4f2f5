"""Keeping article text inert in every report.

An article (or a file name) may hold any character: terminal escape sequences (ESC), NUL, other
C0 and C1 controls, DEL, Unicode line and paragraph separators, bidirectional overrides that
reorder what a reader sees, and, in file names that are not valid UTF-8, lone surrogates (Python
decodes such names with `surrogateescape`). Reports must neither let these act (recolour or
clear a terminal, split one annotation into two, reorder a line) nor fail to encode them.

- `visible` is for reports people read (text, GitHub annotations, HTML): each such character
  becomes a visible escape, `\\x1b` for code points below 256, `\\u2028` above; tab (and whatever
  the caller keeps, e.g. line breaks it encodes itself) is left alone.
- `json_text` is for machine reports (JSON, SARIF): the JSON encoder already escapes C0 controls;
  DEL, C1 controls, U+2028/U+2029 (line breaks to JavaScript and to many line-based tools), bidi
  controls and lone surrogates (which no UTF-8 stream can encode) are written as `\\uXXXX`
  escapes too, so the document parses back to exactly the original strings and is inert when
  printed.
"""

from __future__ import annotations

import json
import re

# C0 controls, DEL, C1 controls, line/paragraph separators, bidi embeddings/overrides/isolates
# (the "Trojan Source" characters), lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What json.dumps(ensure_ascii=False) leaves raw but should not.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def escape_char(char: str) -> str:
    """The visible escape of one character: `\\x1b`, `\\u2028`."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep: str = "\t") -> str:
    """`text` with every control, separator, bidi control and lone surrogate shown as an escape,
    except the characters in `keep`."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else escape_char(m.group()), text)


def json_text(data: object) -> str:
    """`data` as indented JSON that any UTF-8 reader, line-based tool or JavaScript parser takes
    as one valid document (non-ASCII text otherwise stays readable)."""
    text = _indented(data, "\n")
    # These characters can only occur inside JSON strings, where an escape means the same.
    if not _JSON_UNSAFE.search(text):
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_string = json.encoder.encode_basestring  # the C encoder of a str (non-ASCII left as it is)
_SCALARS = {True: "true", False: "false", None: "null"}


def _indented(data: object, newline: str) -> str:
    """Exactly `json.dumps(data, indent=2, ensure_ascii=False)`, several times faster: the
    standard library falls back to its pure-Python encoder whenever `indent` is set, which made
    the JSON report of a large run cost seconds. Strings go through the C encoder of a string;
    anything but dicts, lists and tuples of str, int, float, bool and None is left to `json`."""
    if isinstance(data, str):
        return _string(data)
    if data is None or data is True or data is False:
        return _SCALARS[data]
    if type(data) is int:
        return int.__repr__(data)
    inner = newline + "  "
    if type(data) is dict:
        if not data:
            return "{}"
        parts = []
        for key, value in data.items():
            if type(key) is not str:
                return _standard(data, newline)
            kind = type(value)  # the common scalars inline: a finding is a flat dict
            if kind is str:
                rendered = _string(value)
            elif kind is int:
                rendered = int.__repr__(value)
            elif value is None:
                rendered = "null"
            else:
                rendered = _indented(value, inner)
            parts.append(_string(key) + ": " + rendered)
        return "{" + inner + ("," + inner).join(parts) + newline + "}"
    if type(data) is list or type(data) is tuple:
        if not data:
            return "[]"
        return "[" + inner + ("," + inner).join(_indented(value, inner) for value in data) + newline + "]"
    return _standard(data, newline)


def _standard(data: object, newline: str) -> str:
    """The standard library's rendering, re-indented to start at `newline` (it writes a line
    break only as layout: inside strings they are escaped)."""
    return json.dumps(data, indent=2, ensure_ascii=False).replace("\n", newline)
