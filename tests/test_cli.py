"""The command line, driven through `main(argv, stdout=, stderr=, stdin=)`."""

from __future__ import annotations

import io
import json
import re

import pytest
from _util import FINDING_KEYS, builtin_rules, pos_of, run_cli

from healthlint import __version__
from healthlint.cli import main

ARTICLE = "# Guide\n\nStudies show it works.\n\nIt is completely safe.\n"
LINE_RE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]{2,4}\d{3,4}) "
    r"\[(?P<level>error|warning|info)\] (?P<msg>\S.*)$"
)
ANSI = re.compile(r"\x1b\[")


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def check(*args: str, stdin: str | None = None):
    return run_cli(["check", "--no-config", *args], stdin=stdin)


def finding_lines(out: str) -> list[re.Match]:
    return [m for m in map(LINE_RE.match, out.splitlines()) if m]


# --------------------------------------------------------------------------------------- version
def test_version_exits_0_and_prints_version(capsys):
    run = run_cli(["--version"])
    printed = run.out + capsys.readouterr().out
    assert run.code == 0
    assert printed.strip() == f"healthlint {__version__}"


def test_version_goes_to_the_given_stdout():
    run = run_cli(["--version"])
    assert run.out.strip() == f"healthlint {__version__}"


def test_no_command_is_usage_error():
    assert run_cli([]).code == 2


# ------------------------------------------------------------------------------------ text report
def test_text_report_shape(article):
    run = check(str(article))
    assert run.code == 1
    assert run.err == ""
    lines = run.out.splitlines()
    heads = finding_lines(run.out)
    assert [(m["code"], m["level"]) for m in heads] == [("HL201", "warning"), ("HL122", "error")]
    for m in heads:
        assert m["path"] == str(article)
    # Each finding line is followed by the source line and a caret underline.
    for needle, m in zip(["Studies show", "completely safe"], heads):
        line, col = pos_of(ARTICLE, needle)
        assert (int(m["line"]), int(m["col"])) == (line, col)
        i = lines.index(m.group(0))
        source_line = ARTICLE.splitlines()[line - 1]
        assert lines[i + 1] == f"  {line} | {source_line}"
        caret = lines[i + 2]
        assert caret.startswith("    | ")
        underline = caret[len("    | ") :]
        assert underline == " " * (col - 1) + "^" * len(needle)
    assert lines[-1] == "Found 2 findings (1 error, 1 warning) in 1 file."


def test_text_report_shows_suggestion_and_source(article):
    run = check("--select", "HL122", str(article))
    assert "= suggestion: " in run.out
    rule = builtin_rules().get("HL122")
    assert f"= source: {rule.references[0].title}" in run.out


def test_no_ansi_colour_when_not_a_tty(article, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    run = check(str(article))
    assert not ANSI.search(run.out + run.err)


def test_colour_always_and_never(article):
    assert ANSI.search(check("--color", "always", str(article)).out)
    assert not ANSI.search(check("--color", "never", str(article)).out)


class _TTY(io.StringIO):
    def isatty(self):
        return True


def test_colour_auto_on_tty_respects_no_color(article, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = _TTY()
    main(["check", "--no-config", str(article)], stdout=out, stderr=io.StringIO())
    assert ANSI.search(out.getvalue())
    monkeypatch.setenv("NO_COLOR", "1")
    out = _TTY()
    main(["check", "--no-config", str(article)], stdout=out, stderr=io.StringIO())
    assert not ANSI.search(out.getvalue())


def test_tabs_in_excerpt_line_keep_caret_aligned(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("Note:\t\tit is completely safe.\n", encoding="utf-8")
    lines = check("--select", "HL122", str(path)).out.splitlines()
    assert lines[1] == "  1 | Note:  it is completely safe."
    assert lines[2].index("^") - len("    | ") == lines[1].index("completely") - len("  1 | ")


def test_document_level_finding_has_no_caret(tmp_path):
    path = tmp_path / "d.md"
    path.write_text(
        "# Magnesium for sleep\n\nTake 400 mg of magnesium glycinate every night. It relaxes your muscles.\n",
        encoding="utf-8",
    )
    lines = check("--select", "HL501", str(path)).out.splitlines()
    heads = finding_lines("\n".join(lines))
    assert [m["code"] for m in heads] == ["HL501"]
    assert not any(set(line.strip(" |")) == {"^"} for line in lines)


def test_clean_file(tmp_path):
    path = tmp_path / "c.md"
    path.write_text("Magnesium is a mineral.\n", encoding="utf-8")
    run = check(str(path))
    assert run.code == 0
    assert run.out == "No findings in 1 file.\n"


def test_quiet(article):
    run = check("--quiet", str(article))
    assert run.code == 1
    assert len(run.out.splitlines()) == 2
    assert all(LINE_RE.match(line) for line in run.out.splitlines())


def test_statistics(article):
    run = check("--statistics", str(article))
    stats = [line for line in run.out.splitlines() if re.match(r"^\s+\d+\s+HL\d+\s+\S+$", line)]
    assert sorted(line.split()[1] for line in stats) == ["HL122", "HL201"]
    assert all(line.split()[0] == "1" for line in stats)


def test_statistics_counts_per_rule(tmp_path):
    path = tmp_path / "s.md"
    path.write_text("It is completely safe.\n\nIt is totally safe.\n\nStudies show it.\n", encoding="utf-8")
    run = check("--quiet", "--statistics", str(path))
    stats = {line.split()[1]: int(line.split()[0]) for line in run.out.splitlines() if not LINE_RE.match(line)}
    assert stats == {"HL122": 2, "HL201": 1}


# ------------------------------------------------------------------------------------ JSON report


def test_json_contract(tmp_path):
    b = tmp_path / "b.md"
    a = tmp_path / "a.md"
    b.write_text("Studies show it. It is completely safe.\n", encoding="utf-8")
    a.write_text(ARTICLE, encoding="utf-8")
    run = check("--format", "json", str(b), str(a))
    assert run.code == 1 and run.err == ""
    report = json.loads(run.out)
    assert list(report) == ["schema", "tool", "files", "findings", "summary"]
    assert report["schema"] == "healthlint-report/1"
    assert report["tool"] == {"name": "healthlint", "version": __version__}
    assert list(report["tool"]) == ["name", "version"]
    assert report["files"] == [
        {"path": str(a), "format": "markdown", "findings": 2},
        {"path": str(b), "format": "markdown", "findings": 2},
    ]
    for entry in report["files"]:
        assert list(entry) == ["path", "format", "findings"]
    findings = report["findings"]
    assert len(findings) == 4
    for f in findings:
        assert list(f) == FINDING_KEYS
        assert isinstance(f["line"], int) and f["line"] >= 1
        assert isinstance(f["column"], int) and f["column"] >= 1
        assert f["scope"] in ("line", "document")
        assert f["severity"] in ("error", "warning", "info")
        assert f["source"] is None or (list(f["source"]) == ["title", "url"])
        assert f["suggestion"] is None or (isinstance(f["suggestion"], str) and f["suggestion"])
    keys = [(f["path"], f["line"], f["column"], f["rule"]) for f in findings]
    assert keys == sorted(keys)
    assert [f["path"] for f in findings] == [str(a), str(a), str(b), str(b)]
    summary = report["summary"]
    assert list(summary) == ["files", "findings", "by_severity", "by_category"]
    assert summary["files"] == 2 and summary["findings"] == 4
    assert summary["by_severity"] == {"error": 2, "warning": 2}
    assert summary["by_category"] == {"safety-claim": 2, "weasel-attribution": 2}


def test_json_finding_values(article):
    report = json.loads(check("--format", "json", "--select", "HL122,HL201", str(article)).out)
    by_rule = {f["rule"]: f for f in report["findings"]}
    safe = by_rule["HL122"]
    line, col = pos_of(ARTICLE, "completely safe")
    assert (safe["line"], safe["column"], safe["end_line"], safe["end_column"]) == (line, col, line, col + 15)
    assert safe["excerpt"] == "completely safe"
    assert safe["name"] == "blanket-safety" and safe["category"] == "safety-claim"
    assert safe["severity"] == "error" and safe["scope"] == "line"
    assert "completely safe" in safe["message"]
    assert isinstance(safe["suggestion"], str)
    rule = builtin_rules().get("HL122")
    assert safe["source"] == {"title": rule.references[0].title, "url": rule.references[0].url}
    assert by_rule["HL201"]["suggestion"] is None


def test_json_is_byte_identical_across_runs(tmp_path):
    for name, text in [("x.md", ARTICLE), ("y.txt", ARTICLE), ("z.html", "<p>Studies show it is harmless.</p>")]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    first = check("--format", "json", str(tmp_path))
    second = check("--format", "json", str(tmp_path))
    assert first.out == second.out
    assert first.out.endswith("\n")
    assert json.loads(first.out)["summary"]["files"] == 3


def test_json_non_ascii_kept(tmp_path):
    path = tmp_path / "u.md"
    path.write_text("Café 😀: it is completely safe.\n", encoding="utf-8")
    report = json.loads(check("--format", "json", "--select", "HL122", str(path)).out)
    [f] = report["findings"]
    assert f["column"] == pos_of("Café 😀: it is completely safe.", "completely")[1]


def test_json_empty_report(tmp_path):
    path = tmp_path / "c.md"
    path.write_text("Magnesium is a mineral.\n", encoding="utf-8")
    run = check("--format", "json", str(path))
    report = json.loads(run.out)
    assert run.code == 0
    assert report["findings"] == []
    assert report["summary"] == {"files": 1, "findings": 0, "by_severity": {}, "by_category": {}}


def test_json_statistics_do_not_corrupt_stdout(article):
    run = check("--format", "json", "--statistics", str(article))
    json.loads(run.out)


# --------------------------------------------------------------------------------- select/ignore
@pytest.mark.parametrize(
    "args, expected",
    [
        (["--select", "HL122"], ["HL122"]),
        (["--select", "HL2"], ["HL201"]),
        (["--select", "safety-claim"], ["HL122"]),
        (["--select", "HL122,HL201"], ["HL122", "HL201"]),
        (["--select", "HL122", "--select", "HL201"], ["HL122", "HL201"]),
        (["--ignore", "HL122"], ["HL201"]),
        (["--ignore", "HL1"], ["HL201"]),
        (["--ignore", "weasel-attribution"], ["HL122"]),
        (["--select", "HL1,HL2", "--ignore", "HL12"], ["HL201"]),
    ],
)
def test_select_and_ignore(article, args, expected):
    run = check("--quiet", *args, str(article))
    assert sorted(m["code"] for m in finding_lines(run.out)) == expected


def test_unknown_selector_is_exit_2(article):
    run = check("--select", "HL9", str(article))
    assert run.code == 2 and len(run.err_lines) == 1 and "HL9" in run.err


# ------------------------------------------------------------------------------------ fail-level
@pytest.mark.parametrize(
    "text, level, code",
    [
        ("Studies show it.\n", None, 1),
        ("Studies show it.\n", "error", 0),
        ("It is completely safe.\n", "error", 1),
        ("<!-- healthlint-disable-next-line -->\nFine.\n", None, 0),
        ("<!-- healthlint-disable-next-line -->\nFine.\n", "info", 1),
        ("Magnesium is a mineral.\n", "info", 0),
    ],
)
def test_fail_level(tmp_path, text, level, code):
    path = tmp_path / "f.md"
    path.write_text(text, encoding="utf-8")
    args = ["--fail-level", level] if level else []
    run = check(*args, str(path))
    assert run.code == code, run.out


# -------------------------------------------------------------------------------------------- stdin
def test_stdin_with_filename_picks_format():
    text = "<script>var s = 'completely safe';</script>\n<p>It is completely safe.</p>\n"
    run = check("--quiet", "-", "--stdin-filename", "page.html", stdin=text)
    line, col = pos_of(text, "completely safe", 1)
    assert run.out == (
        f"page.html:{line}:{col}: HL122 [error] "
        + builtin_rules().get("HL122").message.replace("{match}", "completely safe")
        + "\n"
    )


def test_stdin_with_text_filename():
    text = "```\nIt is completely safe.\n```\n"
    assert check("--quiet", "--select", "HL122", "-", "--stdin-filename", "a.txt", stdin=text).code == 1
    assert check("--quiet", "--select", "HL122", "-", "--stdin-filename", "a.md", stdin=text).code == 0


def test_stdin_without_filename():
    run = check("--quiet", "--select", "HL122", "-", stdin="It is completely safe.\n")
    assert run.out.startswith("<stdin>:1:7: HL122 ")


def test_input_format_overrides_extension(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("```\nIt is completely safe.\n```\n", encoding="utf-8")
    assert check("--select", "HL122", str(path)).code == 0
    assert check("--select", "HL122", "--input-format", "text", str(path)).code == 1


# ---------------------------------------------------------------------------------- input errors
def test_nonexistent_path_is_exit_2_and_others_reported(article, tmp_path):
    missing = tmp_path / "missing.md"
    run = check("--quiet", str(missing), str(article))
    assert run.code == 2
    assert len(run.err_lines) == 1
    assert str(missing) in run.err
    assert "Traceback" not in run.err
    assert {m["path"] for m in finding_lines(run.out)} == {str(article)}


def test_binary_file_is_skipped_with_a_warning_and_others_linted(tmp_path, article):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 300 + b"IHDR")
    run = check("--quiet", str(bad), str(article))
    assert run.code == 1  # a stray image in a content folder does not fail the run: a warning
    assert run.err_lines == [f"healthlint: warning: {bad}: binary file (PNG image), not a text article; skipped"]
    assert {m["path"] for m in finding_lines(run.out)} == {str(article)}


def test_invalid_utf8_is_linted_with_a_warning(tmp_path, article):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"It is fine \xff\xfe\xfd here.\n\nIt is completely safe.\n")
    run = check("--quiet", "--select", "HL122", str(bad), str(article))
    assert run.code == 1
    assert run.err_lines == [
        f"healthlint: warning: {bad}: not valid UTF-8 (first bad byte 0xff at offset 11, line 1); "
        "undecodable bytes were replaced with U+FFFD"
    ]
    assert [(m["path"], m["line"], m["col"]) for m in finding_lines(run.out)] == [
        (str(article), "5", "7"),
        (str(bad), "3", "7"),
    ]


def test_unreadable_file_in_json_mode_keeps_valid_json(tmp_path, article):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"ok \xff\xfd not utf-8\n")
    gone = tmp_path / "gone.md"
    gone.symlink_to(tmp_path / "deleted.md")
    run = check("--format", "json", str(bad), str(gone), str(article))
    assert run.code == 2
    assert run.err_lines[-1] == f"healthlint: error: {gone}: broken symbolic link"
    report = json.loads(run.out)
    assert [f["path"] for f in report["files"]] == [str(article), str(bad)]


def test_no_paths_is_exit_2():
    run = check()
    assert run.code == 2 and len(run.err_lines) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--bogus", "x.md"],
        ["check", "--format", "xml", "x.md"],
        ["check", "--fail-level", "fatal", "x.md"],
        ["frobnicate"],
        ["explain"],
    ],
)
def test_usage_errors_are_one_line_exit_2(argv):
    run = run_cli(argv)
    assert run.code == 2
    assert len(run.err_lines) == 1, run.err
    assert "Traceback" not in run.err + run.out
    assert run.err.startswith("healthlint")


# ------------------------------------------------------------------------------------ directories
def test_directory_recursion(tmp_path, monkeypatch):
    root = tmp_path / "site"
    files = {
        "a.md": True,
        "b.markdown": True,
        "c.txt": True,
        "d.html": True,
        "e.htm": True,
        "sub/deeper/f.md": True,
        "UPPER.MD": True,
        ".hidden/g.md": False,
        "sub/.git/h.md": False,
        "node_modules/pkg/i.md": False,
        "sub/node_modules/j.md": False,
        "k.rst": False,
        "l.py": False,
        "m.json": False,
        "n.md.bak": False,
    }
    for rel in files:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "<p>It is completely safe.</p>" if rel.endswith((".html", ".htm")) else "It is completely safe.\n"
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = check("--quiet", "--select", "HL122", "site")
    linted = [m["path"] for m in finding_lines(run.out)]
    expected = [f"site/{rel}" for rel, keep in files.items() if keep]
    assert sorted(linted) == sorted(expected)
    assert run.code == 1


def test_explicit_file_with_other_extension_is_linted(tmp_path):
    path = tmp_path / "notes.rst"
    path.write_text("It is completely safe.\n", encoding="utf-8")
    assert check("--quiet", "--select", "HL122", str(path)).code == 1


def test_duplicate_paths_reported_once(article):
    run = check("--quiet", "--select", "HL122", str(article), str(article))
    assert len(finding_lines(run.out)) == 1


# ------------------------------------------------------------------------------- rules / explain
def test_rules_lists_every_rule():
    run = run_cli(["rules", "--no-config"])
    assert run.code == 0
    rows = run.out.splitlines()
    assert rows[0].split()[:4] == ["CODE", "NAME", "CATEGORY", "LEVEL"]
    listed = [row.split()[0] for row in rows[1:]]
    all_rules = builtin_rules().all_rules
    assert listed == [r.code for r in all_rules]
    for row, rule in zip(rows[1:], all_rules):
        assert row.split()[:4] == [rule.code, rule.name, rule.category, rule.level]


def test_explain_shows_docs_examples_and_sources():
    run = run_cli(["explain", "HL122", "--no-config"])
    assert run.code == 0
    rule = builtin_rules().get("HL122")
    out = run.out
    assert out.startswith("HL122 blanket-safety")
    assert "Why it matters" in out and "How to fix it" in out
    assert " ".join(rule.why.split())[:40] in " ".join(out.split())
    assert " ".join(rule.fix.split())[:40] in " ".join(out.split())
    for example in rule.fail_examples + rule.pass_examples:
        assert f"  - {example}" in out
    assert "Sources:" in out
    for ref in rule.references:
        assert ref.title in out
        if ref.url:
            assert ref.url in out


def test_explain_by_name():
    assert run_cli(["explain", "blanket-safety", "--no-config"]).out.startswith("HL122 ")


def test_explain_unknown_rule_is_exit_2():
    run = run_cli(["explain", "NOPE", "--no-config"])
    assert run.code == 2
    assert len(run.err_lines) == 1 and "NOPE" in run.err
    assert run.out == ""
