"""Rewrite the shipped tables of the built-in rule packs: the prefilter's (`prefilter.TABLE`) and
the native filter's loosened patterns (`native.TABLE`).

Run `python -m healthlint._maketable` after changing a built-in pack, the prefilter's analysis
or the loosening; tests/test_prefilter.py and tests/test_native.py fail until the tables match.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import regex

from . import native, patterns
from .packs import load_rules
from .prefilter import TABLE, make_table


def current() -> dict[str, Any]:
    """The table as it should be: the built-in packs loaded (every pattern compiled at once, to
    record the flags each compile gives: all of them, including the patterns that are only
    checked as they are loaded, such as each pattern of a term set before it joins the
    alternation) and the rule patterns analysed."""
    seen: list[tuple[str, int]] = []  # what the packs compile: (source, flags given)
    original = patterns._compile

    def compile_eagerly(source: str, flags: int) -> regex.Pattern[str]:
        seen.append((source, flags))
        return regex.compile(source, flags)

    patterns._compile = compile_eagerly  # type: ignore[assignment]
    try:
        rules = load_rules()
    finally:
        patterns._compile = original  # type: ignore[assignment]
    assert rules.prefilter is not None
    # the prefilter's searches for split alternations (its build may be cached in this process)
    seen.extend((split.rest.pattern, key[1]) for key, split in rules.prefilter.splits.items())
    compiles = [(source, given, regex.compile(source, given).flags) for source, given in dict.fromkeys(seen)]
    return make_table(rules.prefilter.keys, compiles)


def current_native() -> dict[str, Any]:
    """The native filter's table as it should be: every built-in rule pattern loosened."""
    rules = load_rules()
    assert rules.prefilter is not None
    return native.make_table(rules.prefilter.keys)


def main() -> None:
    table = current()
    path = Path(__file__).with_name(TABLE)
    path.write_text(json.dumps(table, indent=0) + "\n", encoding="utf-8")
    print(f"{path}: {len(table['patterns'])} patterns analysed, {len(table['compiles'])} compiles")
    loose = current_native()
    path = Path(__file__).with_name(native.TABLE)
    path.write_text(json.dumps(loose, indent=0) + "\n", encoding="utf-8")
    print(f"{path}: {len(loose['loose'])} patterns loosened")


if __name__ == "__main__":
    main()
