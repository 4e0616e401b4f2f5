"""Linting many files: in input order, optionally in worker processes and through a result cache.

One file's trouble (unreadable, undecodable, a rule that fails on it) becomes that file's
`Outcome.error`; every other file is still linted, and the results are the same whatever the
number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .cache import ResultCache
from .errors import HealthlintError
from .finding import Finding
from .reader import read_source
from .source import SourceFile

if TYPE_CHECKING:
    from .api import Linter


@dataclass(frozen=True, slots=True)
class Outcome:
    """What linting one input produced: its source (None if it could not be read), findings,
    one-line warnings about degraded input, or the one-line error that stopped it."""

    path: str
    source: SourceFile | None
    findings: tuple[Finding, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None
    cached: bool = False


def default_jobs() -> int:
    """Worker processes by default: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# The native filter (healthlint.native) takes seconds to compile and saves about five seconds
# of CPU per megabyte linted: it is built for runs of at least this many bytes.
NATIVE_MIN_BYTES = 4_000_000


def want_native(
    paths: Iterable[str],
    linter: Linter | None = None,
    cache: ResultCache | None = None,
    fmt: str | None = None,
) -> bool:
    """Whether a run over these files should build the native filter: HEALTHLINT_NATIVE=1 or
    0 decides; otherwise yes when the files to be linted total NATIVE_MIN_BYTES. With a result
    cache (and the linter it is keyed by), files it already holds do not count: a rerun on an
    unchanged archive must not spend seconds compiling a filter it will not use. Reading stops
    as soon as the answer is yes."""
    setting = os.environ.get("HEALTHLINT_NATIVE", "").strip()
    if setting in ("0", "1"):
        return setting == "1"
    total = 0
    for path in paths:
        try:
            size = os.stat(path).st_size
        except OSError:
            continue
        if cache is not None and linter is not None and size and _held(linter, cache, path, fmt):
            continue
        total += size
        if total >= NATIVE_MIN_BYTES:
            return True
    return False


def lint_one(linter: Linter, item: str | SourceFile, fmt: str | None, cache: ResultCache | None) -> Outcome:
    """Read (if a path), look up the cache, lint, and store: never raises for one file's problem."""
    path = item.path if isinstance(item, SourceFile) else item
    try:
        source = item if isinstance(item, SourceFile) else read_source(item, fmt=fmt)
    except HealthlintError as exc:
        return Outcome(path, None, error=str(exc))
    warnings = tuple(getattr(source, "warnings", ()))
    key = cache.key(linter, source) if cache else None
    if cache and key:
        found = cache.get(key)
        if found is not None:
            return Outcome(path, source, found, warnings, cached=True)
    try:
        findings = tuple(linter.lint_source(source))
    except HealthlintError as exc:
        return Outcome(path, source, warnings=warnings, error=str(exc))
    except RecursionError:
        return Outcome(path, source, warnings=warnings, error=f"{path}: nested too deeply to lint")
    except Exception as exc:  # a bug must not hide the other files' findings
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        return Outcome(path, source, warnings=warnings, error=f"{path}: internal error ({detail}); please report it")
    if cache and key:
        cache.put(key, findings)
    return Outcome(path, source, findings, warnings)


# Worker-process state: set before the pool forks (inherited), or rebuilt by the initializer.
_STATE: tuple[Linter, str | None, ResultCache | None] | None = None


def _init(state: tuple[Linter, str | None, ResultCache | None] | None) -> None:
    global _STATE
    if state is not None:
        _STATE = state


def _work(item: str) -> Outcome:
    assert _STATE is not None
    linter, fmt, cache = _STATE
    return lint_one(linter, item, fmt, cache)


def run(
    linter: Linter,
    items: Iterable[str | SourceFile],
    *,
    jobs: int = 1,
    fmt: str | None = None,
    cache: ResultCache | None = None,
) -> Iterator[Outcome]:
    """Outcomes in the order of `items`, as they complete (streamed, not collected).

    Paths are spread over `jobs` worker processes when there are two or more of them; texts
    already in memory (standard input) and single files are linted here, with no pool to start.
    With a cache, files it holds are answered here too: only the others go to the workers (a
    rerun on an unchanged archive starts no pool and sends no results between processes).
    """
    items = list(items)
    paths = [i for i in items if isinstance(i, str)]
    held = [_held(linter, cache, path, fmt) for path in paths] if cache is not None and jobs > 1 else None
    misses = paths if held is None else [path for path, h in zip(paths, held) if not h]
    workers = min(max(1, jobs), len(misses))
    if linter.rules.prefilter is not None and (
        want_native(misses) if held is not None else want_native(paths, linter, cache, fmt)
    ):
        # before any worker forks: they inherit it, and the patterns compiled meanwhile
        linter.rules.prefilter.use_native(min(max(1, jobs), default_jobs()), meanwhile=linter.rules.warm)
    if workers <= 1:
        for item in items:
            yield lint_one(linter, item, fmt, cache)
        return
    for item in items:
        if isinstance(item, SourceFile):
            yield lint_one(linter, item, fmt, cache)
    global _STATE
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:  # workers inherit the compiled rules: no start-up cost per worker
        context = multiprocessing.get_context("fork")
        _STATE, initargs = (linter, fmt, cache), None
    else:  # pragma: no cover - spawn platforms pickle the linter to each worker
        context = multiprocessing.get_context("spawn")
        initargs = (linter, fmt, cache)
    chunk = max(1, min(8, len(misses) // (workers * 16)))
    try:
        with context.Pool(workers, initializer=_init, initargs=(initargs,)) as pool:
            results = pool.imap(_work, misses, chunksize=chunk)
            if held is None:
                yield from results
            else:  # in order: a held file from the cache here, the next worker result otherwise
                for path, h in zip(paths, held):
                    yield lint_one(linter, path, fmt, cache) if h else next(results)
    finally:
        _STATE = None


def _held(linter: Linter, cache: ResultCache, path: str, fmt: str | None) -> bool:
    """Whether the cache holds an entry for this file as it is now (False when it cannot be read:
    linting it reports why)."""
    try:
        return cache.holds(cache.key(linter, read_source(path, fmt=fmt)))
    except (OSError, HealthlintError):
        return False
