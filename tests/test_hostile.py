"""Any bytes in, a report out: hostile inputs, one test each by name.

Every case runs the command line on the hostile input next to a good sibling article and checks:
the exit code, every stderr line exactly (one line per skipped or degraded file, starting with its
path, never a traceback), the hostile file's findings (or that it is absent from the report), the
sibling's finding, and a time bound. Cases that could hang (FIFOs, devices, link loops) run in a
subprocess with a timeout. Small inputs are fixtures in tests/hostile/ (see its README.md); large
or filesystem-specific ones are made here in tmp_path.
"""

from __future__ import annotations

import io
import json
import os
import random
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from _util import pos_of
from hypothesis import given, settings
from hypothesis import strategies as st

from healthlint import reader
from healthlint.cli import main
from healthlint.reader import discover, read_source
from healthlint.source import SourceFile, decode_bytes, line_starts

HERE = Path(__file__).resolve().parent / "hostile"
SIBLING = str(HERE / "good-sibling.md")
SIBLING_CLAIM = (3, 7)
CLAIM = "It is completely safe."
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Input:
    """What a case puts on the command line and what it expects back."""

    paths: list[str]
    messages: list[str] = field(default_factory=list)  # stderr lines, exactly, in report order
    # Per file: where HL122 must be reported, as (line, column)s; None: the file is not in the report.
    claims: dict[str, tuple[tuple[int, int], ...] | None] = field(default_factory=dict)
    bare: tuple[str, ...] = ()  # files whose findings must be exactly their claims (no other rule fires)


@dataclass(frozen=True)
class Case:
    make: Callable[[Path, pytest.MonkeyPatch], Input]
    code: int
    limit: float = 60.0  # seconds
    isolated: bool = False  # run in a subprocess with a timeout (it could hang)
    select: str | None = None  # fewer rules, for inputs too large to lint with all of them in a test


def fixture(name: str, *claims: tuple[int, int], messages: tuple[str, ...] = (), bare: bool = False):
    def make(tmp: Path, mp: pytest.MonkeyPatch) -> Input:
        path = str(HERE / name)
        return Input(
            [path],
            [m.format(path=path) for m in messages],
            {path: claims},
            (path,) if bare else (),
        )

    return make


def skipped_binary(name: str, kind: str):
    def make(tmp: Path, mp: pytest.MonkeyPatch) -> Input:
        path = str(HERE / name) if (HERE / name).exists() else _write(tmp / name, BINARY[name])
        return Input(
            [path], [f"healthlint: warning: {path}: binary file ({kind}), not a text article; skipped"], {path: None}
        )

    return make


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


BINARY = {"random-bytes.md": random.Random(6).randbytes(4096)}


def one_mb_line(tmp: Path, mp) -> Input:
    text = "It is a sentence about sleep. " * 33_334 + CLAIM + "\n"
    path = _write(tmp / "one-line.md", text.encode())
    return Input([path], claims={path: (pos_of(text, "completely safe"),)})


def nested(prefix: str):
    def make(tmp: Path, mp) -> Input:
        path = _write(tmp / "nested.md", (prefix * 10_000 + f"x\n\n{CLAIM}\n").encode())
        return Input([path], claims={path: ((3, 7),)})

    return make


def nested_divs(tmp: Path, mp) -> Input:
    text = "<div>" * 10_000 + "x" + "</div>" * 10_000 + f"\n<p>{CLAIM}</p>\n"
    path = _write(tmp / "nested.html", text.encode())
    return Input([path], claims={path: ((2, 10),)})


def over_size_limit(tmp: Path, mp) -> Input:
    path = tmp / "huge.md"
    with open(path, "wb") as handle:  # sparse: 65 MiB on paper, nothing written
        handle.truncate(65 * 1024 * 1024)
    return Input(
        [str(path)], [f"healthlint: error: {path}: 65.0 MiB, over the 64.0 MiB limit; not linted"], {str(path): None}
    )


def utf16_without_bom(tmp: Path, mp) -> Input:
    path = _write(tmp / "u16.md", f"Intro.\n\n{CLAIM}\n".encode("utf-16-le"))
    warning = f"healthlint: warning: {path}: decoded as UTF-16-LE (no byte-order mark: guessed from its NUL bytes)"
    return Input([path], [warning], {path: ((3, 7),)})


def utf32_bom(tmp: Path, mp) -> Input:
    path = _write(tmp / "u32.md", f"\ufeffCafé 😀.\n\n{CLAIM}\n".encode("utf-32-le"))
    return Input([path], claims={path: ((3, 7),)})


def latin1(tmp: Path, mp) -> Input:
    path = _write(tmp / "latin1.md", b"Intro.\n\nCaf\xe9 \x93note\x94: it is completely safe.\n")
    warning = (
        f"healthlint: warning: {path}: not valid UTF-8 (first bad byte 0xe9 at offset 11, line 3); "
        "undecodable bytes were replaced with U+FFFD"
    )
    return Input([path], [warning], {path: ((3, 20),)})


def symlink_loop(tmp: Path, mp) -> Input:
    root = tmp / "site"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "up").symlink_to("..")  # a directory loop: never followed
    (root / "self").symlink_to(".")
    (root / "a.md").symlink_to("b.md")  # a file loop
    (root / "b.md").symlink_to("a.md")
    (root / "real.md").write_text(CLAIM + "\n", encoding="utf-8")
    (root / "sub" / "alias.md").symlink_to("../real.md")  # linted once, as real.md
    a, b, real = (str(root / n) for n in ("a.md", "b.md", "real.md"))
    return Input(
        [str(root)],
        [f"healthlint: error: {a}: symbolic link loop", f"healthlint: error: {b}: symbolic link loop"],
        {a: None, b: None, real: ((1, 7),), str(root / "sub" / "alias.md"): None},
    )


def symlink_to_file(tmp: Path, mp) -> Input:
    (tmp / "outside.md").write_text(f"Intro.\n\n{CLAIM}\n", encoding="utf-8")
    link = tmp / "link.md"
    link.symlink_to(tmp / "outside.md")
    return Input([str(link)], claims={str(link): ((3, 7),)})


def broken_symlink(tmp: Path, mp) -> Input:
    link = tmp / "gone.md"
    link.symlink_to(tmp / "deleted.md")
    return Input([str(link)], [f"healthlint: error: {link}: broken symbolic link"], {str(link): None})


def unreadable(tmp: Path, mp: pytest.MonkeyPatch) -> Input:
    """Permission denied on open, simulated: a real chmod 000 does not stop root (see below)."""
    path = _write(tmp / "locked.md", (CLAIM + "\n").encode())
    real_open = os.open

    def deny(file, *args, **kwargs):
        if os.fspath(file) == path:
            raise PermissionError(13, "Permission denied", path)
        return real_open(file, *args, **kwargs)

    mp.setattr(os, "open", deny)
    return Input([path], [f"healthlint: error: {path}: permission denied"], {path: None})


def nonexistent(tmp: Path, mp) -> Input:
    path = str(tmp / "missing.md")
    return Input([path], [f"healthlint: error: {path}: no such file or directory"], {path: None})


def fifo(tmp: Path, mp) -> Input:
    path = tmp / "pipe.md"
    os.mkfifo(path)
    message = (
        f"healthlint: error: {path}: a named pipe (FIFO), not a regular file; not read "
        "(pipe it to 'healthlint check -' instead)"
    )
    return Input([str(path)], [message], {str(path): None})


def fifo_in_directory(tmp: Path, mp) -> Input:
    root = tmp / "site"
    root.mkdir()
    os.mkfifo(root / "pipe.md")
    (root / "ok.md").write_text(CLAIM + "\n", encoding="utf-8")
    pipe = root / "pipe.md"
    message = (
        f"healthlint: error: {pipe}: a named pipe (FIFO), not a regular file; not read "
        "(pipe it to 'healthlint check -' instead)"
    )
    return Input([str(root)], [message], {str(pipe): None, str(root / "ok.md"): ((1, 7),)})


def device(tmp: Path, mp) -> Input:
    return Input(
        ["/dev/zero"],
        ["healthlint: error: /dev/zero: a character device, not a regular file; not read"],
        {"/dev/zero": None},
    )


def dev_null(tmp: Path, mp) -> Input:
    return Input([os.devnull], claims={os.devnull: ()}, bare=(os.devnull,))


NUL = "healthlint: warning: {path}: 2 NUL characters (first on line 1) replaced with U+FFFD"
BAD_UTF8 = (
    "healthlint: warning: {path}: not valid UTF-8 (first bad byte 0xff at offset 8, line 1); "
    "undecodable bytes were replaced with U+FFFD"
)

CASES = {
    "empty": Case(fixture("empty.md", bare=True), 1),
    "whitespace-only": Case(fixture("whitespace-only.md", bare=True), 1),
    "png-named-md": Case(skipped_binary("png-named-md.md", "PNG image"), 1),
    "binary-no-signature": Case(skipped_binary("random-bytes.md", "binary data"), 1),
    "invalid-utf8": Case(fixture("invalid-utf8.md", (5, 18), messages=(BAD_UTF8,)), 1),
    "latin1-article": Case(latin1, 1),
    "utf8-bom": Case(fixture("utf8-bom.md", (1, 7), (3, 15)), 1),
    "utf16-le-bom": Case(fixture("utf16-le-bom.md", (3, 13)), 1),
    "utf16-be-bom": Case(fixture("utf16-be-bom.md", (3, 13)), 1),
    "utf16-le-no-bom": Case(utf16_without_bom, 1),
    "utf32-le-bom": Case(utf32_bom, 1),
    "crlf": Case(fixture("crlf.md", (5, 7)), 1),
    "lone-cr": Case(fixture("lone-cr.md", (5, 7)), 1),
    "mixed-eol": Case(fixture("mixed-eol.md", (7, 7)), 1),
    "nul-bytes": Case(fixture("nul-bytes.md", (3, 8), messages=(NUL,)), 1),
    "one-mb-line": Case(one_mb_line, 1, limit=180, select="HL122"),
    "over-size-limit": Case(over_size_limit, 2, limit=30),
    "nested-lists-10000": Case(nested("- "), 1, limit=120),
    "nested-ordered-lists-10000": Case(nested("1. "), 1, limit=120),
    "nested-quotes-10000": Case(nested("> "), 1, limit=120),
    "nested-divs-10000": Case(nested_divs, 1, limit=120),
    "unclosed-fence": Case(fixture("unclosed-fence.md", (3, 7)), 1),
    "unclosed-comment": Case(fixture("unclosed-comment.md", (1, 7)), 1),
    "malformed-html": Case(fixture("malformed-html.html", (5, 10)), 1),
    "symlink-loop": Case(symlink_loop, 2, isolated=True),
    "symlink-to-file": Case(symlink_to_file, 1),
    "broken-symlink": Case(broken_symlink, 2),
    "unreadable": Case(unreadable, 2),
    "nonexistent": Case(nonexistent, 2),
    "fifo": Case(fifo, 2, isolated=True),
    "fifo-in-directory": Case(fifo_in_directory, 2, isolated=True),
    "device": Case(device, 2, isolated=True),
    "dev-null": Case(dev_null, 1),
}


@dataclass
class Result:
    code: int
    out: str
    err: str
    seconds: float


def check(paths: list[str], *options: str, isolated: bool = False, timeout: float = 120) -> Result:
    argv = ["check", "--no-config", "--no-cache", "--format", "json", *options, *paths]
    start = time.monotonic()
    if isolated:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        proc = subprocess.run(
            [sys.executable, "-m", "healthlint", *argv],
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            env=env,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start)
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err, stdin=io.StringIO(""))
    return Result(int(code), out.getvalue(), err.getvalue(), time.monotonic() - start)


def hl122(report: dict, path: str) -> list[tuple[int, int]]:
    return [(f["line"], f["column"]) for f in report["findings"] if f["path"] == path and f["rule"] == "HL122"]


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input(name, tmp_path, monkeypatch):
    case = CASES[name]
    given_ = case.make(tmp_path, monkeypatch)
    options = ["--jobs", "1"] + (["--select", case.select] if case.select else [])
    run = check([*given_.paths, SIBLING], *options, isolated=case.isolated, timeout=case.limit)

    assert run.code == case.code, run.err
    assert "Traceback" not in run.err + run.out
    assert run.err.splitlines() == given_.messages
    assert run.seconds < case.limit
    report = json.loads(run.out)  # valid JSON whatever happened to the hostile file
    reported = {f["path"] for f in report["files"]}
    # The sibling is linted and reported, whatever happened to the hostile input.
    assert SIBLING in reported and SIBLING_CLAIM in hl122(report, SIBLING)
    for f in report["findings"]:
        if f["rule"] == "HL122":  # offsets map back to the flagged words, whatever the encoding
            assert f["excerpt"] in ("completely safe", "totally safe")
    for path in given_.bare:
        assert [f for f in report["findings"] if f["path"] == path] == []
    for path, claims in given_.claims.items():
        if claims is None:
            assert path not in reported
            assert not [f for f in report["findings"] if f["path"] == path]
        else:
            assert path in reported
            assert sorted(hl122(report, path)) == sorted(claims), path


# ------------------------------------------------------------------ fixtures stay what they claim
def test_fixtures_keep_their_bytes():
    """Editors and hooks (end-of-file-fixer, trailing-whitespace, autocrlf) must not 'fix' these."""
    raw = {p.name: p.read_bytes() for p in HERE.iterdir()}
    assert raw["empty.md"] == b""
    assert raw["whitespace-only.md"].strip() == b"" and raw["whitespace-only.md"]
    assert raw["png-named-md.md"].startswith(b"\x89PNG\r\n\x1a\n") and raw["png-named-md.md"].endswith(
        b"IEND\xaeB`\x82"
    )
    assert b"\r\n" in raw["crlf.md"] and b"\n" not in raw["crlf.md"].replace(b"\r\n", b"")
    assert b"\r" in raw["lone-cr.md"] and b"\n" not in raw["lone-cr.md"]
    assert all(eol in raw["mixed-eol.md"] for eol in (b"\r\n", b"\r\r", b"\n\r"))
    assert raw["utf8-bom.md"].startswith(b"\xef\xbb\xbf")
    assert raw["utf16-le-bom.md"].startswith(b"\xff\xfe") and raw["utf16-be-bom.md"].startswith(b"\xfe\xff")
    assert raw["nul-bytes.md"].count(b"\x00") == 2
    assert b"\xff" in raw["invalid-utf8.md"]
    assert not raw["unclosed-fence.md"].rstrip().endswith(b"```")
    assert b"-->" not in raw["unclosed-comment.md"]


def test_every_fixture_is_in_the_readme():
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    for path in HERE.iterdir():
        if path.name not in ("README.md", ".gitattributes"):
            assert f"`{path.name}`" in readme


# ------------------------------------------------------------------------ every reporter survives
SMALL = sorted(p.name for p in HERE.iterdir() if p.suffix in (".md", ".html") and p.name != "README.md")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "html"])
def test_every_reporter_survives_every_fixture(fmt):
    out, err = io.StringIO(), io.StringIO()
    paths = [str(HERE / name) for name in SMALL]
    code = main(["check", "--no-config", "--no-cache", "--jobs", "1", "--format", fmt, *paths], stdout=out, stderr=err)
    assert code == 1, err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert all(line.startswith("healthlint: warning: ") for line in err.getvalue().splitlines())
    assert out.getvalue()


# ---------------------------------------------------------------------------- workers: same report
def test_jobs_1_and_2_give_the_same_report_for_a_hostile_directory(tmp_path):
    root = tmp_path / "mixed"
    root.mkdir()
    for name in SMALL:
        (root / name).write_bytes((HERE / name).read_bytes())
    os.mkfifo(root / "pipe.md")
    (root / "gone.md").symlink_to(root / "deleted.md")
    (root / "loop.md").symlink_to("loop.md")
    (root / "alias.md").symlink_to("good-sibling.md")
    (root / "up").symlink_to(".")
    (root / "random.md").write_bytes(BINARY["random-bytes.md"])
    runs = [check([str(root)], "--jobs", jobs, isolated=True) for jobs in ("1", "2")]
    assert (runs[0].code, runs[0].out, runs[0].err) == (runs[1].code, runs[1].out, runs[1].err)
    assert runs[0].code == 2
    report = json.loads(runs[0].out)
    assert str(root / "alias.md") not in {f["path"] for f in report["files"]}
    assert len(report["files"]) == len(SMALL) - 1  # every fixture but the PNG
    assert {line.split(": ")[2] for line in runs[0].err.splitlines()} == {
        str(root / n)
        for n in ("gone.md", "loop.md", "pipe.md", "invalid-utf8.md", "nul-bytes.md", "png-named-md.md", "random.md")
    }


# --------------------------------------------------------------------------- size and real files
def test_fifty_mb_article_is_accepted_and_decoded_quickly(tmp_path):
    """Linting 50 MB is the benchmark's job; reading and decoding it must be quick."""
    para = "Magnesium is a mineral the body uses in hundreds of reactions. Most adults get enough.\r\n\r\n"
    count = 50 * 1024 * 1024 // len(para) + 1
    path = tmp_path / "fifty.md"
    path.write_bytes(b"\xef\xbb\xbf" + (para * count).encode("utf-8") + "Café: it is completely safe.\n".encode())
    start = time.monotonic()
    source = read_source(path)
    elapsed = time.monotonic() - start
    assert elapsed < 30
    assert source.warnings == () and not source.skipped
    assert len(source.text) == len(para) * count + len("Café: it is completely safe.\n")
    assert source.line_count == 2 * count + 2
    assert source.position(source.text.index("completely safe")) == (2 * count + 1, 13)


def test_the_size_limit_is_exact(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 100)
    small, big = tmp_path / "small.md", tmp_path / "big.md"
    small.write_bytes(b"x" * 100)
    big.write_bytes(b"x" * 101)
    assert read_source(small).text == "x" * 100
    with pytest.raises(reader.SourceError, match=r"big\.md: 101 bytes, over the 100 bytes limit; not linted$"):
        read_source(big)


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    """The size from fstat is only a hint (a file being written, /proc files report 0)."""
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 100)
    path = tmp_path / "growing.md"
    path.write_bytes(b"x" * 10)
    real_fstat = os.fstat

    def stale(fd):  # the size before a writer appended
        info = real_fstat(fd)
        return os.stat_result((*info[:6], 0, *info[7:]))

    path.write_bytes(b"x" * 500)
    monkeypatch.setattr(os, "fstat", stale)
    with pytest.raises(reader.SourceError, match=r"growing\.md: grew past the 100 bytes limit while being read"):
        read_source(path)
    path.write_bytes(b"x" * 50)
    assert read_source(path).text == "x" * 50


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file; the 'unreadable' case simulates it")
def test_unreadable_file_with_real_permissions(tmp_path):
    path = tmp_path / "locked.md"
    path.write_text(CLAIM + "\n", encoding="utf-8")
    path.chmod(0)
    try:
        run = check([str(path), SIBLING], "--jobs", "1")
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert run.code == 2
    assert run.err.splitlines() == [f"healthlint: error: {path}: permission denied"]


def test_a_directory_that_cannot_be_searched_is_reported(tmp_path, monkeypatch):
    root = tmp_path / "site"
    (root / "locked").mkdir(parents=True)
    (root / "ok.md").write_text(CLAIM + "\n", encoding="utf-8")
    locked = str(root / "locked")
    real_scandir = os.scandir

    def deny(path="."):
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    run = check([str(root)], "--jobs", "1")
    assert run.code == 2
    assert run.err.splitlines() == [f"healthlint: error: {locked}: permission denied (directory not searched)"]
    assert hl122(json.loads(run.out), str(root / "ok.md")) == [(1, 7)]


def test_discover_lists_a_file_once_under_its_own_name(tmp_path):
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "b.md").symlink_to("a.md")
    (tmp_path / "c.md").symlink_to(tmp_path / "outside.txt")
    (tmp_path / "outside.txt").write_text("x", encoding="utf-8")
    (tmp_path / "d.md").symlink_to("outside.txt")
    found = list(discover([str(tmp_path)]))
    # b.md is a.md; c.md and d.md are the same file (outside.txt is listed too, being a .txt).
    assert found == [str(tmp_path / n) for n in ("a.md", "outside.txt")]
    assert list(discover([str(tmp_path / "b.md")])) == [str(tmp_path / "b.md")]  # named alone: kept


def test_lint_paths_skips_binary_without_raising(tmp_path):
    from healthlint import lint_paths

    (tmp_path / "img.md").write_bytes((HERE / "png-named-md.md").read_bytes())
    (tmp_path / "ok.md").write_text(CLAIM + "\n", encoding="utf-8")
    assert [(f.path, f.rule) for f in lint_paths([tmp_path], config={"select": ["HL122"]})] == [
        (str(tmp_path / "ok.md"), "HL122")
    ]


# ------------------------------------------------------------------------------------- decoding
@pytest.mark.parametrize(
    "head, kind",
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive or Office document"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip archive"),
        (b"\x7fELF\x02\x01\x01\x00", "executable"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WebP image"),
        (b"\x00\x00\x00\x18ftypmp42", "MP4/QuickTime media"),
    ],
)
def test_known_signatures_are_binary(head, kind):
    decoded = decode_bytes(head + bytes(range(256)), "f.md")
    assert (decoded.text, decoded.binary) == ("", kind)
    assert decoded.warnings == (f"f.md: binary file ({kind}), not a text article; skipped",)


@pytest.mark.parametrize(
    "text",
    ["BZh is not bzip2 without its block magic.", "MZ alone is not an executable.", "GIF is a format.", "fLaC"],
)
def test_text_that_starts_like_a_signature_is_text(text):
    assert decode_bytes(text.encode(), "a.md") == (text, (), None)


def test_a_few_control_bytes_do_not_make_text_binary():
    data = b"Intro\x01\x02 line with a bell \x07 and DEL \x7f.\n" * 3
    decoded = decode_bytes(data, "a.md")
    assert decoded.binary is None and decoded.text == data.decode()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_decode_to_clean_text(data):
    decoded = decode_bytes(data, "p.md")
    assert "\x00" not in decoded.text
    decoded.text.encode("utf-8")  # no lone surrogates: every reporter can write it
    assert all(w.startswith("p.md: ") and "\n" not in w for w in decoded.warnings)
    if decoded.binary:
        assert decoded.text == "" and len(decoded.warnings) == 1
    source = SourceFile.from_bytes(data, "p.md", "markdown")
    assert source.line_starts == line_starts(source.text)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab é😀\t\r\n\u2028\x0c")), max_size=80),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "utf-32"]),
)
def test_encodings_give_the_same_text_and_lines(text, encoding):
    if encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    source = SourceFile.from_bytes(data, "p.md", "markdown")
    plain = SourceFile.from_text(text, "p.md", "markdown")
    assert (source.text, source.line_starts, source.warnings) == (plain.text, plain.line_starts, ())


def test_line_starts_match_the_line_break_rule():
    for text in ["", "a", "\n", "\r", "\r\n", "a\r\nb\rc\nd", "\n\n\r\r\n", "x\r", "\r\n\r\n", "\r\r\n\n\r"]:
        expected = [0]
        i = 0
        while i < len(text):
            if text.startswith("\r\n", i):
                i += 2
                expected.append(i)
                continue
            if text[i] in "\r\n":
                expected.append(i + 1)
            i += 1
        assert list(line_starts(text)) == expected, repr(text)


# ---------------------------------------------------------------------------------- standard input
class _Stdin(io.TextIOWrapper):
    """A text stream over bytes, as sys.stdin is, with strict decoding (a UTF-8 locale)."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8", errors="strict")


@pytest.mark.parametrize(
    "data, text, warnings, skipped",
    [
        (
            b"ok \xff here",
            "ok \ufffd here",
            (
                "<stdin>: not valid UTF-8 (first bad byte 0xff at offset 3, line 1); undecodable bytes were replaced with U+FFFD",
            ),
            False,
        ),
        (
            (HERE / "png-named-md.md").read_bytes(),
            "",
            ("<stdin>: binary file (PNG image), not a text article; skipped",),
            True,
        ),
        ("\ufeffCafé\r\n".encode("utf-16"), "Café\r\n", (), False),
    ],
    ids=["invalid-utf8", "png", "utf16"],
)
def test_stdin_is_decoded_like_a_file(data, text, warnings, skipped):
    for stream in (_Stdin(data), io.StringIO(data.decode("utf-8", "surrogateescape"))):
        source = reader.read_stream(stream, "<stdin>", "markdown")
        assert (source.text, source.warnings, source.skipped) == (text, warnings, skipped)


def test_invalid_utf8_on_stdin_is_a_warning_not_a_traceback():
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-m", "healthlint", "check", "--no-config", "-q", "-"],
        input=b"Magnesium cures insomnia. \xff bad\n",
        capture_output=True,
        env=env,
        timeout=120,
    )
    err = done.stderr.decode()
    assert "Traceback" not in err
    assert err.count("healthlint: warning: <stdin>: not valid UTF-8") == 1
    assert done.returncode == 1 and b"<stdin>:1:11: HL131" in done.stdout
