"""Command line: argv -> settings -> lint -> reporter -> exit code. No linting logic lives here."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from enum import IntEnum
from typing import NoReturn, TextIO

from . import __version__, runner
from .api import Linter
from .baseline import new_findings, read_baseline, write_baseline
from .cache import ResultCache
from .config import Config, find_config, load_config
from .errors import HealthlintError, UsageError
from .explain import explain, rules_markdown, rules_table
from .finding import Finding, Severity
from .reader import read_stream
from .report import REPORTERS
from .report.base import RunSummary
from .report.escape import visible
from .source import FORMATS, format_for


class ExitCode(IntEnum):
    CLEAN = 0
    FINDINGS = 1
    ERROR = 2


class _Parser(argparse.ArgumentParser):
    """argparse that raises a one-line UsageError instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def _list(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {value!r}")
    return jobs


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="healthlint", description="Editorial fact-check linter for consumer health articles.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="lint articles (Markdown, HTML, plain text)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories; '-' reads stdin")
    check.add_argument("--format", choices=sorted(REPORTERS), default="text", help="report format (default: text)")
    check.add_argument(
        "--select",
        action="append",
        metavar="SELECTORS",
        help="only these rules: codes, prefixes, names or categories (comma-separated)",
    )
    check.add_argument("--ignore", action="append", metavar="SELECTORS", help="skip these rules (comma-separated)")
    check.add_argument(
        "--fail-level",
        choices=("error", "warning", "info"),
        help="lowest severity that makes the exit code 1 (default: warning)",
    )
    check.add_argument(
        "--config", metavar="PATH", help="configuration file (default: nearest .healthlint.yaml or pyproject.toml)"
    )
    check.add_argument("--no-config", action="store_true", help="ignore configuration files")
    check.add_argument("--exclude", action="append", metavar="GLOBS", help="extra path globs to skip (comma-separated)")
    check.add_argument("--stdin-filename", metavar="NAME", help="path to report for '-' (also picks its format)")
    check.add_argument("--input-format", choices=FORMATS, help="force the input format")
    check.add_argument("--quiet", "-q", action="store_true", help="print findings only: no excerpts, no summary")
    check.add_argument("--statistics", action="store_true", help="print the number of findings per rule")
    check.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE and exit 0")
    check.add_argument("--baseline", metavar="FILE", help="report only findings that are not recorded in FILE")
    check.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        help="lint files in N worker processes (default: the number of CPUs; 1: no workers)",
    )
    check.add_argument(
        "--cache",
        metavar="DIR",
        help="reuse findings of unchanged files from DIR (default: $HEALTHLINT_CACHE_DIR if set)",
    )
    check.add_argument("--no-cache", action="store_true", help="do not read or write a result cache")
    check.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="lint on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786; needs healthlint[dask])",
    )
    check.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour text output (default: auto, only on a terminal)",
    )

    rules = sub.add_parser("rules", help="list all rules")
    rules.add_argument("--markdown", action="store_true", help="print the rule reference as Markdown (docs/rules.md)")
    rules.add_argument("--config", metavar="PATH")
    rules.add_argument("--no-config", action="store_true")

    exp = sub.add_parser("explain", help="show a rule's documentation and examples")
    exp.add_argument("rule", metavar="CODE", help="rule code or name")
    exp.add_argument("--config", metavar="PATH")
    exp.add_argument("--no-config", action="store_true")
    return parser


def _config(args: argparse.Namespace) -> Config:
    if getattr(args, "no_config", False):
        return Config()
    if getattr(args, "config", None):
        return load_config(args.config)
    found = find_config()
    return load_config(found) if found else Config()


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run the CLI; returns the exit code (never raises for user errors)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        try:
            args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        except SystemExit as exc:  # --help
            return int(exc.code or 0)
        if args.version:
            out.write(f"healthlint {__version__}\n")
            return ExitCode.CLEAN
        if args.command is None:
            parser.print_help(out)
            return ExitCode.ERROR
        if args.command == "rules":
            ruleset = Linter(_config(args)).rules
            out.write(rules_markdown(ruleset) if args.markdown else rules_table(ruleset))
            return ExitCode.CLEAN
        if args.command == "explain":
            rule = Linter(_config(args)).rules.get(args.rule)
            if rule is None:
                raise UsageError(f"healthlint explain: unknown rule {args.rule!r} (see 'healthlint rules')")
            out.write(explain(rule))
            return ExitCode.CLEAN
        return _check(args, out, err, stdin or sys.stdin)
    except HealthlintError as exc:
        _say(err, f"error: {exc}")
        return ExitCode.ERROR
    except KeyboardInterrupt:
        _say(err, "interrupted")
        return 130


def _say(err: TextIO, message: str) -> None:
    """Every diagnostic on stderr goes through here. File names and what is read from files may
    hold any character: controls and line breaks in the message are shown as escapes, so it
    stays one inert line."""
    err.write(f"healthlint: {visible(message)}\n")


def _check(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    if not args.paths:
        raise UsageError("healthlint check: no paths given (use '-' to read standard input)")
    config = _config(args)
    exclude = _list(args.exclude)
    if exclude:
        config = replace(config, exclude=(*config.exclude, *exclude))
    fail_level = Severity.parse(args.fail_level or config.fail_level)
    linter = Linter(config, select=_list(args.select), ignore=_list(args.ignore))

    color = args.color == "always" or (
        args.color == "auto" and hasattr(out, "isatty") and out.isatty() and not os.environ.get("NO_COLOR")
    )
    known = read_baseline(args.baseline) if args.baseline else None
    recorded: list[Finding] = []
    hidden = 0
    reporter = REPORTERS[args.format](
        out, color=color, quiet=args.quiet, version=__version__, rules=linter.rules.all_rules
    )
    summary = RunSummary()
    failed = False
    worst = 0

    paths = [p for p in args.paths if p != "-"]
    for missing in (p for p in paths if not os.path.lexists(p)):
        _say(err, f"error: {missing}: no such file or directory")
        failed = True
    # Sorted, so that the report does not depend on the order of paths on the command line.
    files = sorted(set(linter.files(p for p in paths if os.path.lexists(p))))
    if "-" in args.paths:
        name = args.stdin_filename or "<stdin>"
        sources = [read_stream(stdin, name, args.input_format or format_for(args.stdin_filename))]
    else:
        sources = []
    cache_dir = None if args.no_cache else (args.cache or os.environ.get("HEALTHLINT_CACHE_DIR") or None)
    cache = ResultCache(cache_dir) if cache_dir else None
    items = [*sources, *files]
    if args.dask:
        if args.cache:
            raise UsageError("healthlint check: --cache cannot be combined with --dask")
        from . import dask as dask_runner  # importing distributed is slow; a missing extra is a UsageError

        outcomes = dask_runner.run(linter, items, args.dask, fmt=args.input_format)
    else:
        outcomes = runner.run(
            linter, items, jobs=args.jobs or runner.default_jobs(), fmt=args.input_format, cache=cache
        )
    for outcome in outcomes:
        for warning in outcome.warnings:
            _say(err, f"warning: {warning}")
        if outcome.error is not None or outcome.source is None:
            _say(err, f"error: {outcome.error}")
            failed = True
            continue
        if outcome.source.skipped:  # not a text article (binary): its warning above is its report
            continue
        findings = list(outcome.findings)
        if args.write_baseline:
            recorded.extend(findings)
        if known is not None:
            kept = new_findings(findings, known)
            hidden += len(findings) - len(kept)
            findings = kept
        summary.add(outcome.source, findings)
        reporter.file(outcome.source, findings)
        for f in findings:
            worst = max(worst, Severity.parse(f.severity))
    reporter.finish(summary)
    if hidden and not args.quiet:
        _say(err, f"{hidden} finding(s) recorded in the baseline {args.baseline} were not reported")
    if args.write_baseline:
        count = write_baseline(args.write_baseline, recorded)
        _say(err, f"wrote {count} finding(s) to the baseline {args.write_baseline}")
        return ExitCode.ERROR if failed else ExitCode.CLEAN
    if args.statistics:
        stream = err if args.format != "text" else out
        for (code, name), count in sorted(summary.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            stream.write(f"{count:6d}  {code}  {name}\n")
    if failed:
        return ExitCode.ERROR
    return ExitCode.FINDINGS if worst >= fail_level else ExitCode.CLEAN


def run() -> NoReturn:
    """Console-script entry point."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # `healthlint check … | head`: the reader left; that is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = ExitCode.FINDINGS
    sys.exit(code)
