"""Rewrite the shipped prefilter analysis of the built-in rule packs (`prefilter.TABLE`).

Run `python -m healthlint._maketable` after changing a built-in pack or the prefilter's analysis;
tests/test_prefilter.py fails until the table matches.
"""

from __future__ import annotations

from pathlib import Path

from .packs import load_rules
from .prefilter import TABLE, write_table


def main() -> None:
    rules = load_rules()
    assert rules.prefilter is not None
    path = Path(__file__).with_name(TABLE)
    count = write_table(rules.prefilter.keys, str(path))
    print(f"{path}: the analysis of {count} patterns")


if __name__ == "__main__":
    main()
