"""Linting on a Dask cluster: the same outcomes as a local run, computed by many machines.

Needs the optional extra: ``pip install 'healthlint[dask]'`` (Dask's distributed scheduler), on the
machine that submits and on every worker. Without it, importing this module raises
`DaskNotInstalled`, a `UsageError` (and an `ImportError`) with a one-line message.

- `run(linter, items, address_or_client)` is `runner.run` on a cluster: one `Outcome` per item, in
  the order of the items, streamed. Paths are read by the workers (a shared filesystem, mounted at
  the same place as here); `SourceFile`s and ``(path, text)`` pairs are sent to them.
- `lint_texts(client, pairs, config)` lints ``(path, text)`` pairs, in memory or as a `dask.bag`
  (from object storage, a Parquet column…), and returns the findings, sorted as `lint_paths` does.
- `lint_partition(pairs, config)` is the function a ``Bag.map_partitions`` runs on the workers.

Each worker process builds the Linter once, from the configuration and selectors (never per task),
and checks that its rules are the same as here (same healthlint version, packs, data files and
overrides), so a cluster cannot quietly report something a local run would not. Files are batched
into tasks of up to `batch_bytes` so that scheduling costs little next to linting; a bounded window
of tasks is in flight, so memory stays bounded on archives of any size. One file's trouble becomes
that file's `Outcome.error`, as in a local run; a task lost with its worker is retried file by file.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import math
import os
import pickle
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .api import Linter, _as_config  # a file path is loaded here, not on the workers
from .config import Config
from .errors import HealthlintError, SourceError, UsageError
from .finding import Finding
from .reader import read_source
from .runner import Outcome, lint_one
from .source import SourceFile, decode, format_for


class DaskNotInstalled(UsageError, ImportError):
    """Dask's distributed scheduler is not installed (the `healthlint[dask]` extra)."""


class DaskError(HealthlintError):
    """The cluster cannot be reached or lost, or its workers cannot lint as this machine does."""


try:
    import distributed
    from dask.base import is_dask_collection
    from distributed.comm.addressing import parse_address, parse_host_port
except ImportError:
    raise DaskNotInstalled(
        "linting on a Dask cluster needs Dask's distributed scheduler: install healthlint[dask] "
        "(pip install 'healthlint[dask]')"
    ) from None


DEFAULT_BATCH_BYTES = 256 * 1024  # text per task: linting it takes seconds, scheduling it milliseconds
_FIRST_BATCH_BYTES = 16 * 1024  # the first tasks are small, so that every worker starts at once
_MAX_BATCH_FILES = 1000
_UNKNOWN_SIZE = 8 * 1024  # a path this machine cannot stat (the workers may still read it)
_MAX_LINTERS = 4  # Linters kept per worker process (one per configuration in use)

Item = str | SourceFile | tuple[str, str | bytes]
ConfigLike = Config | Mapping[str, Any] | str | Path | None


# ---------------------------------------------------------------------------------------------
# What a worker needs to build the same Linter


@dataclasses.dataclass(frozen=True)
class _Spec:
    """A Linter as data: rebuilt on each worker, checked against `fingerprint` and `codes`."""

    base_key: str  # what a worker builds from: configuration, selectors, version
    key: str  # and what it is checked against
    config: Config
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    version: str
    fingerprint: str | None = None  # None: not checked (no Linter was built here)
    codes: tuple[str, ...] | None = None


def _digest(*parts: Any) -> str:
    try:
        return hashlib.sha256(pickle.dumps(parts, protocol=4)).hexdigest()
    except Exception as exc:  # pragma: no cover - Config holds plain data
        raise UsageError(f"the configuration cannot be sent to Dask workers ({exc})") from None


def _make_spec(
    config: Config,
    select: Iterable[str],
    ignore: Iterable[str],
    fingerprint: str | None = None,
    codes: tuple[str, ...] | None = None,
) -> _Spec:
    select, ignore = tuple(select), tuple(ignore)
    base_key = _digest(config, select, ignore, __version__)
    key = _digest(base_key, fingerprint, codes)
    return _Spec(base_key, key, config, select, ignore, __version__, fingerprint, codes)


def _spec_of(linter: Linter) -> _Spec:
    """What rebuilds `linter` elsewhere, and what checks that the rebuilt one is the same."""
    rules = linter.rules
    codes = tuple(r.code for r in rules.rules)
    return _make_spec(linter.config, linter.select, linter.ignore, rules.fingerprint, codes)


def _spec_for(config: ConfigLike | Linter, select: Iterable[str], ignore: Iterable[str]) -> _Spec:
    if isinstance(config, Linter):
        if tuple(select) or tuple(ignore):
            raise UsageError("select/ignore cannot be combined with a Linter: build the Linter with them")
        return _spec_of(config)
    return _make_spec(_as_config(config), select, ignore)


# ---------------------------------------------------------------------------------------------
# Worker side


_LINTERS: OrderedDict[tuple[str, str], Linter] = OrderedDict()
_LINTERS_LOCK = threading.Lock()


def _where() -> str:
    try:
        return f"Dask worker {distributed.get_worker().address}"
    except ValueError:  # not in a worker: a local dask scheduler, or a test
        return f"process {os.getpid()}"


def _cwd() -> str:
    try:
        return os.getcwd()
    except OSError:  # pragma: no cover - the working directory was removed
        return ""


@dataclasses.dataclass(frozen=True, slots=True)
class _ClientPathsConfig(Config):
    """The submitting machine's Config on a worker whose working directory differs from the
    submitter's: relative paths are resolved against the submitter's, as a local run would."""

    client_cwd: str = ""

    def candidates(self, path: str) -> list[str]:
        forms = Config.candidates(self, path)
        if os.path.isabs(path) or not self.client_cwd:
            return forms
        return forms[:1] + Config.candidates(self, os.path.join(self.client_cwd, path))[1:]


def _linter_for(spec: _Spec, client_cwd: str | None) -> Linter:
    """This worker process's Linter for `spec`: built on first use from the configuration and
    selectors, checked, and kept (a narrower selection of the same rules is a cheap copy)."""
    cfg = spec.config
    relocate = client_cwd if client_cwd and cfg.root and cfg.per_file_ignores and _cwd() != client_cwd else ""
    with _LINTERS_LOCK:  # one build per process, even with several threads per worker
        linter = _cached((spec.key, relocate))
        if linter is None:
            base = _cached((spec.base_key, relocate))
            if base is None:
                base = _build(spec, relocate or None)
                _keep((spec.base_key, relocate), base)
            linter = _checked(base, spec)
            _keep((spec.key, relocate), linter)
        return linter


def _cached(key: tuple[str, str]) -> Linter | None:
    linter = _LINTERS.get(key)
    if linter is not None:
        _LINTERS.move_to_end(key)
    return linter


def _keep(key: tuple[str, str], linter: Linter) -> None:
    _LINTERS[key] = linter
    while len(_LINTERS) > _MAX_LINTERS:
        _LINTERS.popitem(last=False)


def _build(spec: _Spec, client_cwd: str | None) -> Linter:
    where = _where()
    if spec.version != __version__:
        raise DaskError(
            f"{where} has healthlint {__version__}, the submitting machine {spec.version}: "
            "install the same version everywhere"
        )
    config = spec.config
    if client_cwd:
        fields = {f.name: getattr(config, f.name) for f in dataclasses.fields(Config)}
        config = _ClientPathsConfig(**fields, client_cwd=client_cwd)
    try:
        return Linter(config, select=spec.select, ignore=spec.ignore)
    except HealthlintError as exc:
        raise type(exc)(f"{exc} (on {where})") from None


def _checked(base: Linter, spec: _Spec) -> Linter:
    """`base`, or a copy restricted to the submitter's active rules; DaskError if its rules differ."""
    if spec.fingerprint is None:
        return base
    if base.rules.fingerprint != spec.fingerprint:
        raise DaskError(
            f"{_where()} loads different rules than the submitting machine (its rule packs, data "
            "files or rule-paths differ, or the Linter was given rules that are not its "
            "configuration's): the cluster could not give the same report"
        )
    if spec.codes is None or tuple(r.code for r in base.rules.rules) == spec.codes:
        return base
    # The same rules, another selection (a Linter built with rules=load_rules().select(…)).
    wanted = set(spec.codes)
    linter = copy.copy(base)
    linter.rules = dataclasses.replace(base.rules, rules=tuple(r for r in base.rules.all_rules if r.code in wanted))
    return linter


def _lint_item(linter: Linter, item: Item, fmt: str | None, client_cwd: str | None) -> Outcome:
    """One item's Outcome, as `runner.lint_one` gives it here: never raises for the file's trouble."""
    try:
        if isinstance(item, SourceFile):
            source = item
        elif isinstance(item, str):
            full = os.path.join(client_cwd, item) if client_cwd and not os.path.isabs(item) else item
            try:
                source = read_source(full, display=item, fmt=fmt)
            except HealthlintError as exc:
                return Outcome(item, None, error=str(exc))
            except (OSError, ValueError) as exc:  # e.g. a NUL in the name
                return Outcome(item, None, error=f"{item}: cannot read ({exc})")
        else:
            path, text = item
            try:
                source = _from_pair(path, text, fmt or format_for(path))
            except HealthlintError as exc:
                return Outcome(path, None, error=str(exc))
        return lint_one(linter, source, fmt, None)
    except Exception as exc:  # a bug must not hide the other files' findings
        path = _item_path(item)
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        return Outcome(path, None, error=f"{path}: internal error ({detail}); please report it")


def _from_pair(path: str, text: str | bytes, fmt: str) -> SourceFile:
    """A SourceFile from text, or from bytes decoded exactly as `read_source` decodes a file."""
    if isinstance(text, str):
        return SourceFile.from_text(text, path, fmt)
    data = bytes(text)
    from_bytes = getattr(SourceFile, "from_bytes", None)
    if from_bytes is not None:
        return from_bytes(data, path, fmt)
    return SourceFile.from_text(decode(data, path), path, fmt)  # pragma: no cover - older source.py


def _lint_batch(
    spec: _Spec, items: list[Item], fmt: str | None, client_cwd: str | None, keep_sources: bool
) -> list[Any]:
    """The task: Outcomes (or, without sources, (findings, error) pairs) of a batch, in order."""
    linter = _linter_for(spec, client_cwd)
    outcomes = [_lint_item(linter, item, fmt, client_cwd) for item in items]
    if keep_sources:
        return outcomes
    return [(o.findings, o.error) for o in outcomes]


def _lint_partition(pairs: Iterable[Any], spec: _Spec, fmt: str | None, errors: str) -> list[Finding]:
    linter = _linter_for(spec, None)
    findings: list[Finding] = []
    for pair in pairs:
        path, text = pair
        outcome = _lint_item(linter, (str(path), text), fmt, None)
        if outcome.error is not None:
            if errors == "raise":
                raise SourceError(outcome.error)
            continue
        findings.extend(outcome.findings)
    return findings


def lint_partition(
    pairs: Iterable[Any],
    config: ConfigLike = None,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    fmt: str | None = None,
    errors: str = "raise",
) -> list[Finding]:
    """Findings of ``(path, text)`` pairs (text as str, or bytes decoded as files are): the function
    for ``Bag.map_partitions`` on the workers, e.g. ``bag.map_partitions(lint_partition, config=cfg)``.

    Pass `config` as a `Config` (``healthlint.load_config(…)``) or a settings mapping: a path would
    be read on each worker. The worker process builds its Linter once and reuses it. `errors` is
    ``"raise"`` (a file that cannot be decoded or linted raises SourceError) or ``"skip"``.
    """
    _check_errors(errors)
    return _lint_partition(pairs, _make_spec(_as_config(config), select, ignore), fmt, errors)


# ---------------------------------------------------------------------------------------------
# Submitting side


def _check_errors(errors: str) -> None:
    if errors not in ("raise", "skip"):
        raise UsageError(f"errors must be 'raise' or 'skip', not {errors!r}")


def _item_path(item: Any) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, SourceFile):
        return item.path
    try:
        return str(item[0])
    except Exception:
        return repr(item)[:80]


def _check_item(item: Any, paths: bool) -> None:
    if isinstance(item, SourceFile) or (paths and isinstance(item, str)):
        return
    if (
        isinstance(item, (tuple, list))
        and len(item) == 2
        and isinstance(item[0], str)
        and isinstance(item[1], (str, bytes, bytearray, memoryview))
    ):
        return
    raise UsageError(
        f"cannot lint {type(item).__name__} {_item_path(item)!r}: "
        f"expected {'a path, ' if paths else ''}a SourceFile or (path, text)"
    )


def _size(item: Item, cwd: str) -> int:
    if isinstance(item, str):
        try:
            return os.stat(os.path.join(cwd, item)).st_size
        except (OSError, ValueError):
            return _UNKNOWN_SIZE
    text = item.text if isinstance(item, SourceFile) else item[1]
    return len(text)


def _batches(
    items: Iterable[Item], batch_bytes: int, threads: int, cwd: str, paths: bool = True
) -> Iterator[list[Item]]:
    """Consecutive runs of items of about `batch_bytes`; the first ones smaller (every worker thread
    gets work at once), and small enough that a known input spreads over all worker threads."""
    cap = batch_bytes
    sizes: list[int] | None = None
    if isinstance(items, Sequence):
        sizes = [_size(item, cwd) for item in items]
        cap = max(1, min(batch_bytes, math.ceil(sum(sizes) / (4 * threads))))
    batch: list[Item] = []
    filled, number = 0, 0
    for index, item in enumerate(items):
        _check_item(item, paths)
        size = sizes[index] if sizes is not None else _size(item, cwd)
        target = min(cap, _FIRST_BATCH_BYTES << min(number // threads, 8))
        if batch and (filled + size > target or len(batch) >= _MAX_BATCH_FILES):
            yield batch
            batch, filled, number = [], 0, number + 1
        batch.append(item)
        filled += size
    if batch:
        yield batch


def _failure(item: Item, exc: BaseException) -> tuple[Item, str]:
    detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    return item, f"{_item_path(item)}: failed on the Dask cluster ({detail})"


def _stream(
    submit: Callable[[list[Item]], Any],
    batches: Iterable[list[Item]],
    window: int,
    alive: Callable[[], bool] = lambda: True,
) -> Iterator[tuple[Item, Any]]:
    """(item, result or error message) in the order of the batches, with at most `window` tasks in
    flight. A task that fails other than with a HealthlintError (its worker died, …) is retried one
    file per task; a file that fails alone gets an error message, and the run goes on."""
    pending: deque[tuple[list[Item], Any]] = deque()
    source = iter(batches)
    try:
        while True:
            while len(pending) < window:
                batch = next(source, None)
                if batch is None:
                    break
                pending.append((batch, submit(batch)))
            if not pending:
                return
            batch, future = pending.popleft()
            try:
                results = future.result()
            except HealthlintError:
                raise
            except Exception as exc:
                if not alive():
                    raise DaskError(f"lost the connection to the Dask scheduler ({type(exc).__name__})") from None
                if len(batch) == 1:
                    yield _failure(batch[0], exc)
                    continue
                singles = [(item, submit([item])) for item in batch]
                for item, single in singles:
                    try:
                        yield item, single.result()[0]
                    except HealthlintError:
                        raise
                    except Exception as exc:
                        if not alive():
                            raise DaskError(
                                f"lost the connection to the Dask scheduler ({type(exc).__name__})"
                            ) from None
                        yield _failure(item, exc)
                continue
            yield from zip(batch, results)
    finally:
        for _, future in pending:
            future.cancel()


def _check_address(address: str) -> None:
    try:
        scheme, location = parse_address(address)
        if scheme in ("tcp", "tls", "ws", "wss", "ucx"):
            parse_host_port(location)
    except (ValueError, TypeError) as exc:
        raise DaskError(f"{address!r} is not a Dask scheduler address ({exc}); e.g. tcp://127.0.0.1:8786") from None


def _connect(address_or_client: Any, timeout: float | None) -> tuple[distributed.Client, bool]:
    """A Client, and whether this module opened it (and so closes it)."""
    if isinstance(address_or_client, distributed.Client):
        return address_or_client, False
    if address_or_client is None or address_or_client == "":
        raise DaskError("no Dask scheduler address given (e.g. tcp://127.0.0.1:8786)")
    if isinstance(address_or_client, str):
        _check_address(address_or_client)
    try:
        extra = {} if timeout is None else {"timeout": timeout}
        client = distributed.Client(address_or_client, set_as_default=False, **extra)
    except (OSError, TimeoutError, ValueError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DaskError(f"cannot connect to the Dask scheduler at {address_or_client}: {detail}") from None
    return client, True


def _threads(client: distributed.Client) -> int:
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # pragma: no cover - workers not known yet
        return 1


def _submitter(
    client: distributed.Client, spec: _Spec, fmt: str | None, cwd: str, keep: bool
) -> Callable[[list[Item]], Any]:
    def submit(batch: list[Item]) -> distributed.Future:
        return client.submit(_lint_batch, spec, batch, fmt, cwd, keep, pure=False)

    return submit


def _alive(client: distributed.Client) -> Callable[[], bool]:
    return lambda: getattr(client, "status", "running") == "running"


def _check_sizes(batch_bytes: int, window: int | None) -> None:
    if not isinstance(batch_bytes, int) or batch_bytes < 1:
        raise UsageError(f"batch_bytes must be a positive number of bytes, not {batch_bytes!r}")
    if window is not None and (not isinstance(window, int) or window < 1):
        raise UsageError(f"window must be a positive number of tasks, not {window!r}")


def run(
    linter: Linter,
    items: Iterable[Item],
    address_or_client: Any,
    *,
    fmt: str | None = None,
    batch_bytes: int = DEFAULT_BATCH_BYTES,
    window: int | None = None,
    timeout: float | None = None,
) -> Iterator[Outcome]:
    """`runner.run` on a Dask cluster: one Outcome per item, in the order of `items`, streamed.

    `items` are paths (read by the workers: relative paths against this process's working
    directory, on a filesystem the workers share), `SourceFile`s, or ``(path, text)`` pairs (text as
    str, or bytes decoded as a file would be); the last two are sent to the workers. `fmt` forces
    the input format. `address_or_client` is a scheduler address (``tcp://host:8786``) or a
    `distributed.Client` (left open). At most `window` tasks (default: three per worker thread) of
    about `batch_bytes` of text each are in flight. Connecting happens here, so a bad address raises
    DaskError now; a worker that cannot build the same Linter raises DaskError (or the
    ConfigError it met) while iterating. Iterate to the end, or close() the iterator.
    """
    _check_sizes(batch_bytes, window)
    spec = _spec_of(linter)
    client, own = _connect(address_or_client, timeout)
    try:
        threads = _threads(client)
        cwd = _cwd()
        submit = _submitter(client, spec, fmt, cwd, True)
        batches = _batches(items, batch_bytes, threads, cwd)
    except BaseException:
        if own:
            client.close()
        raise
    return _outcomes(submit, batches, window or 3 * threads, client, own)


def _outcomes(
    submit: Callable[[list[Item]], Any],
    batches: Iterable[list[Item]],
    window: int,
    client: distributed.Client,
    own: bool,
) -> Iterator[Outcome]:
    stream = _stream(submit, batches, window, _alive(client))
    try:
        for item, result in stream:
            if isinstance(result, str):
                yield Outcome(_item_path(item), None, error=result)
            else:
                yield result
    finally:
        stream.close()  # cancels the tasks still in flight, before the client goes
        if own:
            client.close()


def lint_texts(
    client_or_address: Any,
    pairs: Iterable[tuple[str, str | bytes]] | Any,
    config: ConfigLike | Linter = None,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    fmt: str | None = None,
    errors: str = "raise",
    batch_bytes: int = DEFAULT_BATCH_BYTES,
    timeout: float | None = None,
) -> list[Finding]:
    """Findings of ``(path, text)`` pairs linted on a Dask cluster, sorted by path, line, column and
    rule (as `lint_paths`). Text is str, or bytes decoded as a file would be.

    `pairs` is an iterable in memory (batched and sent to the workers) or a `dask.bag.Bag` of pairs
    (e.g. ``dd.read_parquet(…)[["path", "text"]].to_bag(index=False)``), linted where its
    partitions are: only findings come back. `config` is a Config, a settings mapping, a config
    file path (read here) or a Linter; `select`/`ignore` add selectors. `errors`: ``"raise"`` (a
    file that cannot be decoded or linted raises SourceError) or ``"skip"``.
    """
    _check_errors(errors)
    _check_sizes(batch_bytes, None)
    spec = _spec_for(config, select, ignore)
    client, own = _connect(client_or_address, timeout)
    try:
        if is_dask_collection(pairs):
            if not hasattr(pairs, "map_partitions") or hasattr(pairs, "columns"):
                raise UsageError(
                    "lint_texts takes a dask.bag of (path, text) pairs: convert a dataframe with .to_bag(index=False)"
                )
            future = client.compute(pairs.map_partitions(_lint_partition, spec, fmt, errors))
            try:
                findings = list(future.result())
            except HealthlintError:
                raise
            except Exception as exc:
                if not _alive(client)():
                    raise DaskError(f"lost the connection to the Dask scheduler ({type(exc).__name__})") from None
                raise
        else:
            threads = _threads(client)
            submit = _submitter(client, spec, fmt, "", False)
            batches = _batches(pairs, batch_bytes, threads, "", paths=False)
            findings = []
            stream = _stream(submit, batches, 3 * threads, _alive(client))
            try:
                for _, result in stream:
                    found, error = (None, result) if isinstance(result, str) else result
                    if error is not None:
                        if errors == "raise":
                            raise SourceError(error)
                        continue
                    findings.extend(found)
            finally:
                stream.close()
    finally:
        if own:
            client.close()
    findings.sort(key=lambda f: f.sort_key)
    return findings


__all__ = [
    "DEFAULT_BATCH_BYTES",
    "DaskError",
    "DaskNotInstalled",
    "lint_partition",
    "lint_texts",
    "run",
]
