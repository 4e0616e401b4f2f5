"""healthlint.dask on a real local Dask cluster (two worker processes on 127.0.0.1): the outcomes
equal a local `runner.run` exactly, in order, for paths, SourceFiles and (path, text) pairs."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import importlib
import shutil
import sys
from pathlib import Path

import pytest
from _util import builtin_rules, linter_for

distributed = pytest.importorskip("distributed")
import dask.bag as db  # noqa: E402

import healthlint.dask as hd  # noqa: E402
from healthlint import Config, ConfigError, HealthlintError, Linter, RulePackError, SourceError, UsageError, runner  # noqa: E402
from healthlint.source import SourceFile  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = [
    "examples/magnesium-sleep-blog.md",
    "examples/turmeric-product-page.html",
    "examples/vitamin-d-explainer.md",
    "fixtures/collagen-product-listing.txt",
    "fixtures/elderberry-flu-season-news.html",
    "fixtures/turmeric-joint-pain-seo.md",
    "fixtures/wellness-weekly-newsletter.txt",
]
BAD_UTF8 = b"# Title\n\nIt is completely safe \xff\xfe here.\n"


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    client = distributed.Client(cluster, set_as_default=False)
    # Workers build their Linter (a few seconds) while this process builds its own.
    warm = [client.submit(hd.lint_partition, [], workers=[w], pure=False) for w in client.nthreads()]
    yield client
    del warm
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def linter():
    return Linter(rules=builtin_rules())  # the same rules as Linter(): rebuilt from Config() on workers


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    for i, name in enumerate(ARTICLES):
        folder = root / ("a" if i % 2 else "b")
        folder.mkdir(exist_ok=True)
        shutil.copy(ROOT / name, folder / Path(name).name)
    (root / "b" / "bad-encoding.md").write_bytes(BAD_UTF8)
    (root / "a" / "binary.txt").write_bytes(b"\x00\x01\x02" * 400)
    return root


@pytest.fixture(scope="module")
def items(linter, archive):
    files = linter.files([str(archive)])
    assert len(files) == len(ARTICLES) + 2
    return [*files, str(archive / "missing.md")]


@pytest.fixture(scope="module")
def local(linter, items):
    return list(runner.run(linter, items, jobs=1))


def test_run_equals_a_local_run(client, linter, items, local):
    outcomes = list(hd.run(linter, items, client))
    assert outcomes == local  # paths, sources, findings, warnings and errors, in order
    assert [o.path for o in outcomes] == items
    assert sum(len(o.findings) for o in outcomes) > 20
    reported = {Path(o.path).name: o.error or " ".join(o.warnings) for o in outcomes if o.error or o.warnings}
    assert set(reported) == {"bad-encoding.md", "binary.txt", "missing.md"}  # as errors or warnings
    assert "not valid UTF-8" in reported["bad-encoding.md"]
    assert reported["missing.md"].endswith("no such file")
    assert all(o.source.line_starts for o in outcomes if o.source)  # ready for the reporters


def test_relative_paths_and_address_string(client, linter, items, local, archive, monkeypatch):
    monkeypatch.chdir(archive)
    relative = [str(Path(p).relative_to(archive)) for p in items[:3]] + ["missing.md"]
    expected = list(runner.run(linter, relative, jobs=1))
    outcomes = list(hd.run(linter, relative, client.cluster.scheduler_address))  # its own Client, closed
    assert outcomes == expected
    assert any(o.findings for o in outcomes)
    assert all(f.path == o.path for o in outcomes for f in o.findings)  # relative, as given


def test_order_is_kept_with_one_file_per_task(client, linter, items, local):
    order = [7, 0, 9, 3, 3, 1, 8, 2, 6, 5, 4]
    shuffled = (items[i] for i in order)  # an iterator, not a list: batched as it comes
    outcomes = list(hd.run(linter, shuffled, client, batch_bytes=1, window=3))
    assert outcomes == [local[i] for i in order]


def test_in_memory_sources_and_pairs(client, linter, items, local):
    clean = [o for o in local if o.source is not None and not o.warnings]
    pairs = [(o.path, o.source.text) for o in clean]
    pairs[0] = (pairs[0][0], pairs[0][1].encode("utf-8"))  # bytes are decoded as a file would be
    bad = next(i for i, p in enumerate(items) if p.endswith("bad-encoding.md"))
    mixed = [clean[1].source, *pairs, (items[bad], BAD_UTF8), ("post.rst", "It is completely safe.")]
    outcomes = list(hd.run(linter, mixed, client))
    assert outcomes[0] == clean[1]
    assert outcomes[1 : len(pairs) + 1] == clean
    assert outcomes[-2] == local[bad]  # the same repairs and warnings as reading the file
    assert outcomes[-1].source.format == "markdown" and outcomes[-1].findings  # format from the name
    as_text = [SourceFile.from_text(t if isinstance(t, str) else t.decode(), p, "text") for p, t in pairs[:3]]
    assert list(hd.run(linter, pairs[:3], client, fmt="text")) == list(runner.run(linter, as_text))


def test_a_narrower_linter_is_rebuilt_from_the_same_rules(client, items):
    narrow = linter_for("HL122", "HL131", "HL311")
    outcomes = list(hd.run(narrow, items[:6], client))
    assert outcomes == list(runner.run(narrow, items[:6], jobs=1))
    assert {"HL122", "HL131"} <= {f.rule for o in outcomes for f in o.findings} <= {"HL122", "HL131", "HL311"}


def test_lint_texts_in_memory_and_as_a_bag(client, local):
    pairs = [(o.path, o.source.text) for o in local if o.source is not None and not o.warnings]
    expected = sorted(
        (f for o in local if o.source is not None and not o.warnings for f in o.findings), key=lambda f: f.sort_key
    )
    assert len(expected) > 20
    assert hd.lint_texts(client, pairs) == expected
    bag = db.from_sequence(pairs, npartitions=3)  # stands in for read_parquet(…).to_bag() or fsspec
    assert hd.lint_texts(client, bag) == expected
    # The building block the docs map over partitions, computed on the workers.
    few = db.from_sequence(pairs[:3], npartitions=2)
    found = client.compute(few.map_partitions(hd.lint_partition, config=Config())).result()
    assert sorted(found, key=lambda f: f.sort_key) == [f for f in expected if f.path in dict(pairs[:3])]
    narrow = linter_for("HL122", "HL131", "HL311")  # a Linter as the configuration
    assert hd.lint_texts(client, pairs, narrow) == [f for f in expected if f.rule in ("HL122", "HL131", "HL311")]


def read_pair(open_file):
    """The docs' reader for fsspec files: (path, bytes), decoded on the worker as files are."""
    with open_file as handle:
        return open_file.path, handle.read()


def test_an_fsspec_glob_as_in_the_docs(client, linter, archive, local):
    """docs/dask.md reads s3://bucket/archive/**/*.md with fsspec; here the same code reads the
    local archive (no network), and gives the findings of a local run of those files."""
    fsspec = pytest.importorskip("fsspec")
    files = fsspec.open_files(f"{archive}/**/*.md", mode="rb")
    pairs = db.from_sequence(files, npartitions=2).map(read_pair)
    wanted = {f.path for f in files}
    assert len(wanted) == 4
    expected = sorted((f for o in local if o.path in wanted for f in o.findings), key=lambda f: f.sort_key)
    assert hd.lint_texts(client, pairs, linter) == expected


def test_lint_texts_errors(client):
    pairs = [("good.md", "It is completely safe."), ("other.md", "Studies show it works.")]
    assert {f.path for f in hd.lint_texts(client, pairs)} == {"good.md", "other.md"}
    with pytest.raises(SourceError, match=r"^good\.md: unknown format 'docx'"):
        hd.lint_texts(client, pairs, fmt="docx")
    with pytest.raises(SourceError, match=r"^good\.md: unknown format 'docx'"):
        hd.lint_texts(client, db.from_sequence(pairs, npartitions=1), fmt="docx")
    assert hd.lint_texts(client, pairs, fmt="docx", errors="skip") == []
    missing = Config(rule_paths=("/nonexistent/house-rules.yaml",))  # a worker cannot build the Linter
    with pytest.raises(
        RulePackError,
        match=r"^/nonexistent/house-rules\.yaml: rule pack not found \(on Dask worker tcp://127\.0\.0\.1:",
    ):
        hd.lint_texts(client, pairs, missing)
    with pytest.raises(UsageError):
        hd.lint_texts(client, pairs, errors="ignore")
    with pytest.raises(UsageError, match="expected a SourceFile or"):
        hd.lint_texts(client, ["a/path.md"])


def test_workers_with_other_rules_refuse(client, items):
    other = Linter(rules=dataclasses.replace(builtin_rules(), fingerprint="another-version"))
    outcomes = hd.run(other, items[:2], client)
    with pytest.raises(hd.DaskError, match="loads different rules"):
        list(outcomes)


def test_bad_addresses_are_one_line_errors(linter):
    with pytest.raises(hd.DaskError, match=r"'nonsense' is not a Dask scheduler address"):
        hd.run(linter, [], "nonsense")
    with pytest.raises(hd.DaskError, match=r"cannot connect to the Dask scheduler at tcp://127\.0\.0\.1:9"):
        hd.run(linter, [], "tcp://127.0.0.1:9", timeout=0.5)
    with pytest.raises(HealthlintError):
        hd.run(linter, [], None)


def test_stream_retries_a_failed_task_file_by_file():
    """A task lost with its worker is retried one file per task; a file that fails alone becomes
    that file's error and the others are still linted, in order."""
    pool = concurrent.futures.ThreadPoolExecutor(2)

    def work(batch):
        if len(batch) > 1 or batch[0] == "poison":
            raise RuntimeError("worker died\nwith details")
        return [f"ok {batch[0]}"]

    def submit(batch):
        return pool.submit(work, batch)

    batches = [["a"], ["b", "poison", "c"], ["d"]]
    got = list(hd._stream(submit, batches, window=2))
    assert got == [
        ("a", "ok a"),
        ("b", "ok b"),
        ("poison", "poison: failed on the Dask cluster (RuntimeError: worker died)"),
        ("c", "ok c"),
        ("d", "ok d"),
    ]

    def setup_error(batch):
        raise ConfigError("rules/x.yaml:3: bad pack (on Dask worker tcp://h:1)")

    with pytest.raises(ConfigError, match="bad pack"):
        list(hd._stream(lambda b: pool.submit(setup_error, b), batches, window=2))
    with pytest.raises(hd.DaskError, match="lost the connection"):
        list(hd._stream(submit, [["b", "c"]], window=1, alive=lambda: False))
    pool.shutdown()


def test_worker_in_another_directory_reads_as_the_submitter_would(linter, archive, tmp_path, monkeypatch):
    """Relative paths, and per-file-ignores matched relative to the configuration's folder, are
    resolved against the submitting process's directory, not the worker's."""
    config = Config(root=str(archive), per_file_ignores=(("a/*", ("HL1",)),))
    monkeypatch.chdir(archive / "a")
    assert config.ignored_for("binary.txt") == ("HL1",)
    moved = hd._ClientPathsConfig(
        **{f.name: getattr(config, f.name) for f in dataclasses.fields(Config)}, client_cwd=str(archive / "a")
    )
    name = Path(ARTICLES[1]).name
    expected = runner.lint_one(linter, name, None, None)
    monkeypatch.chdir(tmp_path)
    assert moved.ignored_for("binary.txt") == ("HL1",) and config.ignored_for("binary.txt") == ()
    assert hd._lint_item(linter, name, None, str(archive / "a")) == expected


def test_without_dask_a_one_line_usage_error(monkeypatch):
    monkeypatch.delitem(sys.modules, "healthlint.dask")
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(UsageError, match=r"install healthlint\[dask\]") as info:
        importlib.import_module("healthlint.dask")
    assert isinstance(info.value, ImportError) and "\n" not in str(info.value)


def test_cli_dask_option_prints_the_local_report(client, archive):
    import io

    from healthlint.cli import main

    address = client.scheduler.address

    def report(*extra):
        out, err = io.StringIO(), io.StringIO()
        code = main(["check", "--no-config", "--format", "json", *extra, str(archive)], stdout=out, stderr=err)
        return code, out.getvalue(), err.getvalue()

    assert report("--dask", address) == report("--jobs", "1")
    code, _, err = report("--dask", address, "--cache", str(archive / "cache"))
    assert code == 2 and "--cache cannot be combined with --dask" in err
