"""From paths and bytes to Documents: file discovery, decoding, parsing and sentence splitting."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import regex

from .document import Block, Document, Sentence
from .errors import SourceError
from .parse import parse
from .sentences import split_sentences
from .source import EXTENSIONS, SourceFile, decode, format_for

SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv", ".venv"})
MAX_FILE_BYTES = 64 * 1024 * 1024


_REFERENCE_HEADING = regex.compile(
    r"(?i)\s*(?:\d+[.)]?\s*)?(?:references?|sources?|bibliography|citations?|works cited|literature cited|"
    r"further reading|footnotes|notes|endnotes|studies cited|scientific references|resources|"
    r"references and further reading|sources and further reading)"
    r"(?:\s+(?:for|and|used|cited|consulted|in|on|to|from)\b[^\n.!?]{0,40})?\s*:?\s*"
)


# Lines that define a reference entry on their own: "[^1]: …" footnote definitions anywhere, and
# "[1] …" lines when every line of the block has that shape (a reference list without a heading).
_FOOTNOTE_DEFINITION = regex.compile(r"\s*\[\^[^\]\s]{1,40}\]:")
_BRACKETED_ENTRY = regex.compile(r"\s*\[[0-9]{1,3}\][ \t]+\S")


def _is_entry_block(text: str) -> bool:
    if _FOOTNOTE_DEFINITION.match(text):
        return True
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and _REFERENCE_HEADING.fullmatch(lines[0]):
        lines = lines[1:]  # "References" on the line above the entries, in the same block
    # Every line is an entry, or an indented continuation of the entry above it.
    return (
        bool(lines)
        and _BRACKETED_ENTRY.match(lines[0]) is not None
        and all(_BRACKETED_ENTRY.match(line) or line[:1].isspace() for line in lines)
    )


def mark_references(blocks: tuple[Block, ...], prose: str) -> tuple[Block, ...]:
    """Blocks under a References / Sources / Bibliography heading become kind "reference":
    citation lists are not prose claims. The section ends at the next heading. Footnote
    definitions and blocks of "[n] …" lines are reference entries wherever they stand."""
    out: list[Block] = []
    in_refs = False
    for block in blocks:
        text = prose[block.start : block.end]
        is_title = block.kind == "heading" or (block.kind == "paragraph" and len(text) < 40 and "\n" not in text)
        if block.kind != "reference" and is_title and _REFERENCE_HEADING.fullmatch(text):
            in_refs = True
            out.append(block)
            continue
        if block.kind == "heading":
            in_refs = False
        if block.kind != "reference" and (in_refs or _is_entry_block(text)):
            out.append(Block("reference", block.start, block.end, block.kind, block.label))
        else:
            out.append(block)
    return tuple(out)


def make_document(source: SourceFile) -> Document:
    """Parse a source into blocks and sentences."""
    parsed = parse(source)
    blocks = mark_references(parsed.blocks, parsed.prose)
    sentences: list[Sentence] = []
    last_end = -1
    for index, block in enumerate(blocks):
        if block.start < last_end:
            continue  # nested or repeated block: its text already belongs to the previous one
        last_end = block.end
        for start, end in split_sentences(parsed.prose[block.start : block.end], block.start):
            sentences.append(Sentence(start, end, index))
    return Document(
        source=source,
        prose=parsed.prose,
        blocks=blocks,
        sentences=tuple(sentences),
        links=parsed.links,
        comments=parsed.comments,
        sentence_starts=tuple(s.start for s in sentences),
    )


def read_source(path: str | Path, display: str | None = None, fmt: str | None = None) -> SourceFile:
    """Read and decode one file."""
    name = display or str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise SourceError(f"{name}: is a directory") from None
    except FileNotFoundError:
        raise SourceError(f"{name}: no such file") from None
    except PermissionError:
        raise SourceError(f"{name}: permission denied") from None
    except OSError as exc:
        raise SourceError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(f"{name}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB, not linted")
    return SourceFile.from_text(decode(data, name), name, fmt or format_for(name))


def discover(paths: Iterable[str], exclude: Iterable[str] = (), root: str | None = None) -> Iterator[str]:
    """Article files under the given paths, in sorted order; directories are walked recursively,
    skipping hidden directories, node_modules and excluded globs (matched against the path as
    given and relative to `root`, the configuration's folder). Explicit files are always kept."""
    patterns = [p.rstrip("/") for p in exclude]

    def _excluded(path: str, name: str, patterns: list[str]) -> bool:
        forms = [path]
        if root:
            relative = os.path.relpath(os.path.abspath(path), root)
            if not relative.startswith(".."):
                forms.append(relative)
        return any(_matches(f, name, patterns) for f in forms)

    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path, followlinks=False):
                rel_root = Path(root)
                dirs[:] = sorted(
                    d
                    for d in dirs
                    if not d.startswith(".") and d not in SKIPPED_DIRS and not _excluded(str(rel_root / d), d, patterns)
                )
                for name in files:
                    full = str(rel_root / name)
                    if Path(name).suffix.lower() in EXTENSIONS and not _excluded(full, name, patterns):
                        found.append(full)
            for full in sorted(found):
                if full not in seen:
                    seen.add(full)
                    yield full
        else:
            key = str(path)
            if key not in seen:
                seen.add(key)
                yield key


def _matches(path: str, name: str, patterns: list[str]) -> bool:
    normal = path.replace(os.sep, "/")
    if normal.startswith("./"):
        normal = normal[2:]
    return any(
        fnmatch.fnmatch(normal, p)
        or fnmatch.fnmatch(name, p)
        or fnmatch.fnmatch(normal, p + "/*")
        or normal.startswith(p + "/")
        for p in patterns
    )
