"""Worker processes and the result cache change how fast a report comes, never what it says."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from healthlint import runner
from healthlint.api import Linter
from healthlint.cache import ResultCache
from healthlint.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _run(argv, env_cache=None, monkeypatch=None):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    for folder in ("fixtures", "examples"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".md", ".html", ".txt"):
                target = root / folder / path.relative_to(ROOT / folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    (root / "examples" / "broken.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    return root


def test_jobs_and_path_order_do_not_change_the_report(corpus):
    dirs = [str(corpus / "fixtures"), str(corpus / "examples")]
    one = _run(["check", "--no-config", "--format", "json", "--jobs", "1", *dirs])
    two = _run(["check", "--no-config", "--format", "json", "--jobs", "2", *dirs])
    backwards = _run(["check", "--no-config", "--format", "json", "--jobs", "2", *reversed(dirs)])
    assert one == two == backwards
    assert json.loads(one[1])["summary"]["findings"] > 100


def test_one_file_lints_without_a_worker_pool(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for one file")

    monkeypatch.setattr(runner.multiprocessing, "get_context", no_pool)
    code, out, _ = _run(["check", "--no-config", "--jobs", "4", str(ROOT / "examples" / "magnesium-sleep-blog.md")])
    assert code == 1 and "HL131" in out


def test_outcomes_keep_input_order_with_workers(corpus):
    linter = Linter()
    paths = sorted(str(p) for p in (corpus / "fixtures").rglob("*.md"))[:6]
    paths = list(reversed(paths))
    outcomes = list(runner.run(linter, paths, jobs=2))
    assert [o.path for o in outcomes] == paths
    assert [o.findings for o in outcomes] == [o.findings for o in runner.run(linter, paths, jobs=1)]


def test_a_rule_crash_in_one_file_is_that_files_error(monkeypatch, tmp_path):
    good, bad = tmp_path / "good.md", tmp_path / "bad.md"
    good.write_text("Magnesium cures insomnia.\n")
    bad.write_text("Magnesium cures anxiety.\n")
    linter = Linter()
    original = linter.lint_source

    def flaky(source):
        if source.path.endswith("bad.md"):
            raise ValueError("boom")
        return original(source)

    monkeypatch.setattr(linter, "lint_source", flaky)
    outcomes = list(runner.run(linter, [str(bad), str(good)], jobs=1))
    assert outcomes[0].error is not None and "bad.md: internal error (ValueError: boom)" in outcomes[0].error
    assert outcomes[1].error is None and any(f.rule == "HL131" for f in outcomes[1].findings)


def test_cache_reuses_findings_and_changes_nothing(corpus, tmp_path):
    cache = tmp_path / "cache"
    dirs = [str(corpus / "fixtures")]
    plain = _run(["check", "--no-config", "--format", "json", "--jobs", "1", *dirs])
    first = _run(["check", "--no-config", "--format", "json", "--cache", str(cache), *dirs])
    entries = sorted(cache.rglob("*.json"))
    assert entries
    second = _run(["check", "--no-config", "--format", "json", "--cache", str(cache), *dirs])
    assert plain == first == second
    assert sorted(cache.rglob("*.json")) == entries  # nothing new to store


def test_with_a_cache_only_the_files_it_lacks_go_to_the_workers(corpus, tmp_path, monkeypatch):
    linter = Linter()
    paths = sorted(str(p) for p in (corpus / "fixtures").rglob("*.md"))[:8]
    paths += [str(corpus / "examples" / "broken.md"), str(tmp_path / "missing.md")]
    cache = ResultCache(tmp_path / "cache")
    expected = list(runner.run(linter, paths, jobs=1))
    list(runner.run(linter, paths[::2], jobs=1, cache=cache))  # half of them cached
    mixed = list(runner.run(linter, paths, jobs=2, cache=cache))
    assert [(o.path, o.findings, o.error) for o in mixed] == [(o.path, o.findings, o.error) for o in expected]
    held = set(paths[::2])  # (broken.md too: its outcome, a warning and no findings, is cached)
    assert [o.cached for o in mixed] == [p in held for p in paths]
    assert all(o.cached for o in runner.run(linter, paths[::2][:4], jobs=2, cache=cache))

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started though the cache held every file")

    monkeypatch.setattr(runner.multiprocessing, "get_context", no_pool)
    assert all(o.cached for o in runner.run(linter, sorted(held), jobs=2, cache=cache))


def test_cache_hits_skip_linting(tmp_path, monkeypatch):
    article = tmp_path / "a.md"
    article.write_text("Magnesium cures insomnia.\n")
    linter = Linter()
    cache = ResultCache(tmp_path / "cache")
    first = runner.lint_one(linter, str(article), None, cache)
    monkeypatch.setattr(linter, "lint_source", lambda source: pytest.fail("linted again"))
    again = runner.lint_one(linter, str(article), None, cache)
    assert again.cached and again.findings == first.findings


def test_cache_key_covers_content_rules_and_path(tmp_path):
    cache = ResultCache(tmp_path / "cache")
    article = tmp_path / "a.md"
    article.write_text("Magnesium cures insomnia.\n")
    from healthlint.reader import read_source

    source = read_source(article)
    everything, fewer = Linter(), Linter(select=["HL131"])
    assert cache.key(everything, source) != cache.key(fewer, source)
    other = read_source(article, display=str(tmp_path / "b.md"))
    assert cache.key(everything, source) != cache.key(everything, other)
    article.write_text("Magnesium cures anxiety.\n")
    assert cache.key(everything, source) != cache.key(everything, read_source(article))


def test_a_damaged_cache_entry_is_a_miss(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("Magnesium cures insomnia.\n")
    cache_dir = tmp_path / "cache"
    args = ["check", "--no-config", "--format", "json", "--cache", str(cache_dir), str(article)]
    clean = _run(args)
    for entry in cache_dir.rglob("*.json"):
        entry.write_text('{"format": "healthlint-cache/1", "findings": [["x"]]}')
    assert _run(args) == clean


def test_no_cache_writes_nothing(tmp_path, monkeypatch):
    article = tmp_path / "a.md"
    article.write_text("Magnesium cures insomnia.\n")
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "cache"))
    _run(["check", "--no-config", "--no-cache", str(article)])
    assert not (tmp_path / "cache").exists()
    _run(["check", "--no-config", str(article)])
    assert (tmp_path / "cache").exists()  # the environment variable turns the cache on


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_bad_jobs_value_is_a_usage_error(value):
    code, _, err = _run(["check", "--jobs", value, "x.md"])
    assert code == 2 and "--jobs" in err and "Traceback" not in err


def test_streamed_json_report_is_the_whole_document_serialised_once(corpus):
    from healthlint.report.escape import json_text

    stdin = io.StringIO("Magnesium cures insomnia. It is completely safe.\n")
    out, err = io.StringIO(), io.StringIO()
    # standard input is reported first but sorts after "/..." paths: the out-of-order merge path
    argv = ["check", "--no-config", "--format", "json", "--jobs", "2", "-", str(corpus / "examples")]
    main(argv, stdout=out, stderr=err, stdin=stdin)
    text = out.getvalue()
    report = json.loads(text)
    assert json_text(report) + "\n" == text
    keys = [(f["path"], f["line"], f["column"], f["rule"]) for f in report["findings"]]
    assert keys == sorted(keys) and any(k[0] == "<stdin>" for k in keys)
    assert len(report["findings"]) == report["summary"]["findings"]


def test_empty_json_report_is_valid():
    out = io.StringIO()
    main(["check", "--no-config", "--format", "json", "-"], stdout=out, stderr=io.StringIO(), stdin=io.StringIO(""))
    assert json.loads(out.getvalue())["findings"] == []
