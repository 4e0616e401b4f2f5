#!/usr/bin/env python
"""The long fuzz run: many generated articles through every property of tests/test_fuzz.py.

    python fuzz/run.py --examples 20000 --seed 1

Articles come from the markup-aware strategies of tests/test_fuzz.py (Markdown, HTML and plain
text, usually linted as their own format, sometimes as another). Each one is linted and checked:
no exception, spans inside the text, line/column round trip, every reporter's output valid, and
suppressing one finding's rule on its line removes exactly that finding. The run is split into
batches of `--batch` examples, each a Hypothesis run with its own seed (derived from `--seed`),
so a failure ends only its batch: Hypothesis shrinks it to a minimal article, which is saved as
`tests/fuzz_corpus/crash-<sha1>.<md|html|txt>` (the extension is the format it was linted as),
and the run goes on with the next batch. The default test suite replays every corpus file.

Exit status: 0 when nothing failed, 1 when at least one input was saved.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import test_fuzz  # noqa: E402  (builds the Linter once)
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def signature(exc: BaseException) -> tuple[str, str]:
    """What makes two failures the same bug: the exception type and where it was raised."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/healthlint/" in f.filename or "test_" in f.filename] or frames
    last = ours[-1] if ours else None
    where = f"{Path(last.filename).name}:{last.lineno}" if last else "?"
    return type(exc).__name__, where


def save(corpus: Path, text: str, fmt: str) -> Path:
    digest = hashlib.sha1(f"{fmt}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
    path = corpus / f"crash-{digest}.{test_fuzz.EXTENSIONS[fmt]}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


def run_batch(batch_seed: int, examples: int, grammars: list[str], args: argparse.Namespace, stats: Counter):
    """One Hypothesis run; returns {signature: (text, format, choice, traceback)} of its failures,
    the last (after shrinking: the minimal) example of each."""
    failures: dict[tuple[str, str], tuple[str, str, int, str]] = {}
    grammar = st.sampled_from(grammars).flatmap(
        lambda g: st.tuples(test_fuzz.ARTICLES[g], st.sampled_from([g, g, g, "markdown", "html", "text"]))
    )

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.shrink],
        report_multiple_bugs=True,
    )
    @seed(batch_seed)
    @given(grammar, st.integers(0, 1000))
    def prop(article: tuple[str, str], choice: int) -> None:
        text, fmt = article
        stats["calls"] += 1
        try:
            outcomes = test_fuzz.check_all(
                text, fmt, choice, reports=not args.no_reports, suppress=not args.no_suppression
            )
        except Exception as exc:
            failures[signature(exc)] = (text, fmt, choice, traceback.format_exc())
            raise
        stats[f"format {fmt}"] += 1
        for outcome in outcomes:
            stats[f"suppression: {outcome}"] += 1

    try:
        prop()
    except BaseException as exc:  # noqa: BLE001 - a failing batch (or an exception group of them)
        if isinstance(exc, KeyboardInterrupt):
            raise
        if not failures:
            failures[("Hypothesis", type(exc).__name__)] = ("", "markdown", 0, "".join(traceback.format_exception(exc)))
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=20000, help="examples to generate in all (default 20000)")
    parser.add_argument("--seed", type=int, default=0, help="base seed: the same seed replays the same run")
    parser.add_argument("--batch", type=int, default=500, help="examples per Hypothesis run (default 500)")
    parser.add_argument("--formats", default="markdown,html,text", help="grammars to draw from (comma-separated)")
    parser.add_argument("--minutes", type=float, default=0, help="stop after this many minutes (0: no limit)")
    parser.add_argument("--corpus", default=str(ROOT / "tests" / "fuzz_corpus"), help="where failing inputs go")
    parser.add_argument("--no-reports", action="store_true", help="skip rendering every report")
    parser.add_argument("--no-suppression", action="store_true", help="skip the suppression property")
    args = parser.parse_args(argv)
    grammars = [g.strip() for g in args.formats.split(",") if g.strip()]
    unknown = [g for g in grammars if g not in test_fuzz.ARTICLES]
    if unknown:
        parser.error(f"unknown format(s): {', '.join(unknown)}")
    corpus = Path(args.corpus)
    corpus.mkdir(parents=True, exist_ok=True)

    started = time.monotonic()
    stats: Counter[str] = Counter()
    saved: dict[tuple[str, str], Path] = {}
    done = batch = 0
    while done < args.examples:
        if args.minutes and time.monotonic() - started > args.minutes * 60:
            print(f"time limit reached after {done} examples", flush=True)
            break
        size = min(args.batch, args.examples - done)
        batch_seed = args.seed * 1_000_003 + batch
        failures = run_batch(batch_seed, size, grammars, args, stats)
        for sig, (text, fmt, choice, trace) in failures.items():
            new = sig not in saved
            path = save(corpus, text, fmt) if text and new else None  # one input per distinct failure
            if path is not None:
                saved[sig] = path
            print(
                f"\n=== {'NEW' if new else 'again'} failure {sig[0]} at {sig[1]} (batch seed {batch_seed}, "
                f"format {fmt}, choice {choice}) -> {path}\n{trace}",
                flush=True,
            )
        done += size
        batch += 1
        elapsed = time.monotonic() - started
        print(
            f"[{elapsed:7.0f}s] {done}/{args.examples} examples, {stats['calls']} calls (with shrinking), "
            f"{len(saved)} distinct failure(s)",
            flush=True,
        )
    elapsed = time.monotonic() - started
    print(f"\ndone: {done} examples in {elapsed:.0f}s ({done / max(elapsed, 1e-9):.1f}/s), seed {args.seed}")
    for key, value in sorted(stats.items()):
        print(f"  {key}: {value}")
    for sig, path in saved.items():
        print(f"  failure {sig[0]} at {sig[1]}: {path}")
    return 1 if saved else 0


if __name__ == "__main__":
    sys.exit(main())
