"""From paths and bytes to Documents: file discovery, decoding, parsing and sentence splitting."""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import regex

from .document import Block, Document, Sentence
from .errors import SourceError
from .parse import parse
from .sentences import split_sentences
from .source import EXTENSIONS, SourceFile, format_for

SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv", ".venv"})
MAX_FILE_BYTES = 64 * 1024 * 1024


_REFERENCE_HEADING = regex.compile(
    r"(?i)\s*(?:\d+[.)]?\s*)?(?:references?|sources?|bibliography|citations?|works cited|literature cited|"
    r"further reading|footnotes|notes|endnotes|scientific references|resources|"
    r"(?:studies|papers|research|trials|articles|evidence|links) (?:cited|mentioned|discussed|referenced|quoted)|"
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
    """Read and decode one file: any bytes give a SourceFile (with warnings about repairs, or
    `skipped` if they are not text); a file that cannot be read raises SourceError naming it.

    Only regular files are opened (and `/dev/null`, the empty article): a FIFO, socket or device
    is refused after a `stat`, before `open` could block or read forever; the file is opened
    non-blocking and checked again, so one swapped in meanwhile is refused too. Reads stop at
    MAX_FILE_BYTES."""
    name = display or str(path)
    return SourceFile.from_bytes(read_bytes(path, name), name, fmt or format_for(name))


def read_bytes(path: str | Path, name: str) -> bytes:
    """A regular file's bytes (at most MAX_FILE_BYTES), or SourceError with a one-line reason."""
    try:
        info = os.stat(path)
        _check_kind(path, name, info)
        fd = os.open(path, _OPEN_FLAGS)
    except SourceError:
        raise
    except (OSError, ValueError) as exc:
        raise SourceError(_os_reason(path, name, exc)) from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode) and not _is_devnull(opened):
            raise SourceError(f"{name}: {_kind(opened.st_mode)}, not a regular file (replaced while being opened)")
        _check_size(name, opened.st_size)
        with open(fd, "rb", closefd=False) as handle:
            data = handle.read(min(opened.st_size, MAX_FILE_BYTES) + 1)
            if len(data) > opened.st_size:  # grew since the stat, or a size the system does not know
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as exc:
        raise SourceError(_os_reason(path, name, exc)) from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(f"{name}: grew past the {_size(MAX_FILE_BYTES)} limit while being read; not linted")
    return data


def read_stream(stream: IO[Any], name: str, fmt: str) -> SourceFile:
    """Standard input as a SourceFile, decoded like a file (warnings, binary skipped): the bytes
    under a text stream when it has them, so that no locale can make a bad byte a traceback."""
    raw = getattr(stream, "buffer", None)
    if raw is not None:
        data = raw.read(MAX_FILE_BYTES + 1)
    else:  # an in-memory text stream; lone surrogates (surrogateescape) go back to their bytes
        text = stream.read()
        try:
            data = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            data = text.encode("utf-8", "surrogatepass")
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(f"{name}: over the {_size(MAX_FILE_BYTES)} limit; not linted")
    return SourceFile.from_bytes(data, name, fmt)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def _check_kind(path: str | Path, name: str, info: os.stat_result) -> None:
    mode = info.st_mode
    if stat.S_ISREG(mode) or _is_devnull(info):
        return
    if stat.S_ISDIR(mode):
        try:
            with os.scandir(path):
                pass
        except PermissionError:
            raise SourceError(f"{name}: permission denied (directory not searched)") from None
        except OSError:
            pass
        raise SourceError(f"{name}: is a directory")
    hint = " (pipe it to 'healthlint check -' instead)" if stat.S_ISFIFO(mode) else ""
    raise SourceError(f"{name}: {_kind(mode)}, not a regular file; not read{hint}")


def _check_size(name: str, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise SourceError(f"{name}: {_size(size)}, over the {_size(MAX_FILE_BYTES)} limit; not linted")


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MiB" if count >= 1024 * 1024 else f"{count} bytes"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _is_devnull(info: os.stat_result) -> bool:
    """`/dev/null` (by device number, under any name) reads as the empty article."""
    if not stat.S_ISCHR(info.st_mode):
        return False
    try:
        null = os.stat(os.devnull)
    except OSError:  # pragma: no cover - a system without /dev/null
        return False
    return stat.S_ISCHR(null.st_mode) and info.st_rdev == null.st_rdev


def _os_reason(path: str | Path, name: str, exc: BaseException) -> str:
    if isinstance(exc, ValueError):  # a NUL in the name
        return f"{name}: cannot read (invalid file name)"
    code = getattr(exc, "errno", None)
    if code == errno.ENOENT:
        return f"{name}: broken symbolic link" if os.path.islink(path) else f"{name}: no such file"
    if code in (errno.EACCES, errno.EPERM):
        return f"{name}: permission denied"
    if code == errno.ELOOP:
        return f"{name}: symbolic link loop"
    if code == errno.EISDIR:
        return f"{name}: is a directory"
    if code == errno.ENOTDIR:
        return f"{name}: no such file (a parent is not a directory)"
    detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return f"{name}: cannot read ({detail})"


def discover(paths: Iterable[str], exclude: Iterable[str] = (), root: str | None = None) -> Iterator[str]:
    """Article files under the given paths, in sorted order; directories are walked recursively,
    skipping hidden directories, node_modules and excluded globs (matched against the path as
    given and relative to `root`, the configuration's folder). Explicit files are always kept.

    Symbolic links to directories are not followed (so a link loop cannot trap the walk); a link
    to a file is kept unless the file it resolves to is listed already (under its own name or
    another link). A directory that cannot be searched is listed itself, so that reading it
    reports why."""
    patterns = [p.rstrip("/") for p in exclude]

    def _excluded(path: str, name: str, patterns: list[str]) -> bool:
        forms = [path]
        if root:
            relative = os.path.relpath(os.path.abspath(path), root)
            if not relative.startswith(".."):
                forms.append(relative)
        return any(_matches(f, name, patterns) for f in forms)

    listed: list[str] = []
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = []
            unreadable: list[OSError] = []
            for root_dir, dirs, files in os.walk(path, onerror=unreadable.append, followlinks=False):
                rel_root = Path(root_dir)
                dirs[:] = sorted(
                    d
                    for d in dirs
                    if not d.startswith(".") and d not in SKIPPED_DIRS and not _excluded(str(rel_root / d), d, patterns)
                )
                for name in files:
                    full = str(rel_root / name)
                    if Path(name).suffix.lower() in EXTENSIONS and not _excluded(full, name, patterns):
                        found.append(full)
            found.extend(str(e.filename) for e in unreadable if isinstance(e, PermissionError) and e.filename)
            for full in sorted(found):
                if full not in seen:
                    seen.add(full)
                    listed.append(full)
        else:
            key = str(path)
            if key not in seen:
                seen.add(key)
                listed.append(key)
    yield from _once_per_file(listed)


def _once_per_file(paths: list[str]) -> Iterator[str]:
    """Drop symbolic links whose target is listed already: a file is linted once, by its own name
    when that is listed, else by the first link to it."""
    links = {p for p in paths if os.path.islink(p)}
    if not links:
        yield from paths
        return
    real = {p: os.path.realpath(p) for p in paths}
    owners = {real[p] for p in paths if p not in links}
    taken: set[str] = set()
    for p in paths:
        if p in links:
            if real[p] in owners or real[p] in taken:
                continue
            taken.add(real[p])
        yield p


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
