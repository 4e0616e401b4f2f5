"""Compiling a group of Hyperscan expressions into a database, in this process or in a child.

`healthlint.native` splits its expressions into groups and compiles each group in a child
process that runs this file as a script (reading the group from standard input and writing the
serialised database to standard output): compiling needs many times the memory of the database
it makes, which a child gives back when it exits, and groups compile side by side on several
cores. Several small databases also compile faster in total than one large one.

This module imports nothing but Hyperscan and the standard library.
"""

from __future__ import annotations

import pickle
import sys

import hyperscan as hs


def compile_group(expressions: list[bytes], flags: list[int], ids: list[int]) -> tuple[object | None, list[int]]:
    """A database of the expressions (each reported under its id), and the ids of those
    Hyperscan refused, which are left out of it."""
    if not expressions:
        return None, []
    try:
        return _database(expressions, flags, ids), []
    except hs.error:
        pass
    refused = [i for e, f, i in zip(expressions, flags, ids) if not _compiles(e, f)]
    kept = [n for n, i in enumerate(ids) if i not in refused]
    if not kept:
        return None, refused
    return _database([expressions[n] for n in kept], [flags[n] for n in kept], [ids[n] for n in kept]), refused


def _database(expressions: list[bytes], flags: list[int], ids: list[int]) -> object:
    db = hs.Database()
    db.compile(expressions=expressions, ids=ids, elements=len(expressions), flags=flags)
    return db


def _compiles(expression: bytes, flags: int) -> bool:
    try:
        _database([expression], [flags], [0])
        return True
    except hs.error:
        return False


def main() -> None:
    """Child process: a pickled (expressions, flags, ids) on standard input; the pickled
    (serialised database or None, refused ids) on standard output."""
    expressions, flags, ids = pickle.load(sys.stdin.buffer)
    db, refused = compile_group(expressions, flags, ids)
    pickle.dump((None if db is None else hs.dumpb(db), refused), sys.stdout.buffer)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
