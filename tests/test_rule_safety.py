"""Rule packs are data, never code: a runaway pattern is stopped with a message naming the rule,
packs and patterns have size limits, and linting touches neither the network nor the disk."""

from __future__ import annotations

import io
import os
import socket
import textwrap
import time

import pytest

from healthlint import patterns
from healthlint.cli import main
from healthlint.errors import RulePackError
from healthlint.packs import MAX_PACK_BYTES, load_rules

RUNAWAY_PACK = textwrap.dedent(
    """\
    pack: runaway
    description: A pack with a catastrophically backtracking pattern.
    rules:
      - code: XR101
        name: runaway-pattern
        category: promotional-language
        kind: existence
        level: warning
        message: "Found {match}."
        summary: A pattern that backtracks.
        why: To test the timeout.
        fix: Simplify it.
        references:
          - title: Test reference
            url: https://example.org/ref
        patterns: ['(?:a+)+!']
        examples:
          fail: ["aaa!"]
          pass: ["bbb"]
    """
)


def _run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_a_catastrophic_pattern_is_stopped_and_named(tmp_path, monkeypatch):
    monkeypatch.setattr(patterns, "MATCH_TIMEOUT", 0.2)
    monkeypatch.setattr(patterns, "MATCH_TIMEOUT_PER_MB", 0.0)
    pack = tmp_path / "runaway.yaml"
    pack.write_text(RUNAWAY_PACK)
    config = tmp_path / ".healthlint.yaml"
    config.write_text(f"rule-paths: [{pack.name}]\n")
    hostile = tmp_path / "a-hostile.md"
    hostile.write_text("Intro.\n\n" + "a" * 30_000 + "\n")
    good = tmp_path / "b-good.md"
    good.write_text("Magnesium cures insomnia.\n\n" + "a" * 30_000 + "\n")
    started = time.monotonic()
    code, out, err = _run(["check", "--config", str(config), "--jobs", "1", str(hostile), str(good)])
    assert time.monotonic() - started < 60
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith("healthlint: error: ") and "a-hostile.md" in lines[0]
    assert "XR101" in lines[0] and "runaway.yaml" in lines[0] and "backtracks" in lines[0]
    # the other file is still linted (without the runaway rule)
    assert "b-good.md:1:11: HL131" in out


def test_pack_size_is_limited(tmp_path):
    pack = tmp_path / "huge.yaml"
    pack.write_text("# padding\n" * (MAX_PACK_BYTES // 10 + 1))
    with pytest.raises(RulePackError, match="larger than"):
        load_rules([pack])


def test_pattern_length_is_limited(tmp_path):
    pack = tmp_path / "long.yaml"
    pack.write_text(RUNAWAY_PACK.replace("'(?:a+)+!'", "'" + "a" * (patterns.MAX_PATTERN_LENGTH + 1) + "'"))
    with pytest.raises(RulePackError, match="longer than"):
        load_rules([pack])


def test_linting_opens_no_socket_and_writes_no_file(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("healthlint opened a network socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    article = tmp_path / "article.md"
    article.write_text("Magnesium cures insomnia. Studies show 80% of people sleep better.\n")
    monkeypatch.chdir(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    for fmt in ("text", "json", "sarif", "github", "html"):
        code, out, _ = _run(["check", "--no-config", "--no-cache", "--jobs", "1", "--format", fmt, str(article)])
        assert code == 1 and out
    after = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    assert before == after
    assert not os.environ.get("HEALTHLINT_CACHE_DIR")
