"""The native (Hyperscan) filter must be invisible too: every match of a pattern ends inside a
match of its loosened form, and linting with the filter gives exactly the findings without it."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

pytest.importorskip("hyperscan")

from test_prefilter import _patterns, _scopes_agree, _texts  # noqa: E402

from healthlint import native, runner  # noqa: E402
from healthlint.api import Linter  # noqa: E402
from healthlint.engine import lint_document  # noqa: E402
from healthlint.reader import make_document  # noqa: E402
from healthlint.source import SourceFile  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# Text the projection must not get wrong: case partners outside ASCII, other digits and spaces.
HOSTILE = [
    "It \u212aills pain and cures \u017fleep disorders \u0130N DAYS.",  # Kelvin sign, long s, dotted I
    "Take \u0665\u0660\u0660 mg\u00a0daily \u2014 it cures\u2009cancer \u2019fast\u2019.",  # Arabic digits, NBSP
    "Cur\u00e9 anxi\u00e9t\u00e9 ; the\tbest\nsupplement on the market. \u00bfReally?",
]


@pytest.fixture(scope="module")
def ruleset():
    return Linter().rules


@pytest.fixture(scope="module")
def nativefilter(ruleset):
    return native.NativeFilter(ruleset.prefilter.keys)


def test_the_projection_keeps_offsets_and_maps_each_character_to_one_byte():
    text = "Ab\u212a\u017f\u0130\u0131 \u0663\u00a0\t\n\u00e9\u2019x"
    out = native.project(text)
    assert len(out) == len(text)
    assert out == b"Abksii 0   \x01\x02x"


def test_most_built_in_patterns_are_loosened(ruleset, nativefilter):
    patterns = _patterns(ruleset)
    assert sum(nativefilter.id((p.pattern, p.flags)) is not None for p in patterns) >= 0.9 * len(patterns)


def test_loosening_refuses_what_it_cannot_model():
    assert native.loosen(r"(\w+) \1", 0) is None  # a back-reference
    assert native.loosen(r"colou?r{e<=1}", 0) is None  # fuzzy matching
    assert native.loosen(r"(?:\s*)", 0) is None  # matches the empty string
    assert native.loosen(r"straße", regex.IGNORECASE | regex.FULLCASE) is None


def test_every_match_ends_inside_a_match_of_the_loosened_pattern(ruleset, nativefilter):
    """Soundness on every fixture, example, rule example and hostile text: wherever a built-in
    pattern matches, its loosened form ends inside that match."""
    texts = [text for text, _ in _texts(ruleset)] + HOSTILE
    checked = 0
    chained = 0
    for text in texts:
        found = nativefilter.scan(text)
        for pattern in _patterns(ruleset):
            pattern_id = nativefilter.id((pattern.pattern, pattern.flags))
            if pattern_id is None:
                continue
            ends, bounds = found.ends(pattern_id)
            for m in pattern.finditer(text):
                if m.end() == m.start():
                    continue
                assert _covered(m, ends, bounds), (pattern.pattern[:80], m.group())
                checked += 1
                chained += bounds is not None
    assert checked > 1000
    assert chained > 100  # matches of patterns cut into chains were among them


def _covered(m, ends, bounds):
    """Whether the filter's ends (and bounds) allow the match `m`."""
    return any(m.start() < b and e <= m.end() for e, b in zip(ends, ends if bounds is None else bounds))


# a long alternation, as the lexicons make them: alternatives this long are cut into chains
_DISEASES = "cancer|diabetes|" + "|".join(f"zzdisease{i}" for i in range(300))
_CURES = rf"\bcures?\s+(?:\w+\s+){{0,3}}(?:{_DISEASES})\b"


def test_long_alternatives_with_any_words_between_parts_are_cut_into_chains():
    loose = native.loosen(_CURES + r"|\bheals\b", regex.IGNORECASE)
    assert loose is not None and loose.caseless
    assert len(loose.chains) == 1 and len(loose.chains[0]) == 2
    assert len(loose.whole) == 1  # "heals"
    # a short one is loosened whole: cutting it would save no compile time
    assert native.loosen(r"\bcures?\s+(?:\w+\s+){0,3}(?:cancer|diabetes)\b", regex.IGNORECASE).chains == ()
    # a piece with too few letters to filter anything ("a", "\w+") is left out of the chain
    assert native.loosen(rf"a\s+(?:\w+\s+){{0,3}}(?:{_DISEASES})\s+(?:\w+\s+){{0,3}}\w+", 0).chains == ()
    # a repeat that must occur once keeps its body in the piece before the cut
    assert len(native.loosen(rf"best\s+(?:\w+\s+){{1,3}}(?:{_DISEASES})\b", 0).chains[0]) == 2


@pytest.mark.parametrize(
    "text, ends, bounds",
    [
        ("It cures the worst cancer.", [25], [9]),  # "cancer" ends at 25, after "cures " (at 9)
        ("It cures. Cancer is bad.", [], None),
        ("Cancer is bad. It cures all.", [], None),
        ("It cures, then it cures cancer and cures diabetes", [30, 49], [24, 41]),  # the latest "cures "
    ],
)
def test_a_chain_ends_where_its_last_piece_ends_after_the_others(text, ends, bounds):
    source = _CURES
    nf = native.NativeFilter([(source, regex.IGNORECASE)])
    found = nf.scan(text).ends(0)
    assert (list(found[0]), found[1] if found[1] is None else list(found[1])) == (ends, bounds)
    for m in regex.finditer(source, text, regex.IGNORECASE):
        assert _covered(m, *found)


@pytest.mark.parametrize(
    "source, flags, text",
    [
        (r"(?-i:[A-Z][a-z]+) cures", regex.IGNORECASE, "\u212aelvin cures"),  # no match either way
        (r"cures\s+\w+", regex.IGNORECASE, "CURES\u00a0\u00e9czema"),
        (r"[^\W\d_]+ing\b", 0, "\u00e9chouing"),
        (r"\d{2,} ?mg", 0, "\u0665\u0660 mg"),
        (r"[^.!?\n]{0,40}cure", regex.IGNORECASE, "a\tlong, winding \u2014 CURE"),
        (r"(?i)ſleep", 0, "SLEEP"),
        (r"kills", regex.IGNORECASE, "\u212aILLS"),
        (r"[^a-z ]+x", 0, "\u017fx"),
        (_CURES, regex.IGNORECASE, "CURES \u00e9normes CANCER"),
        (rf"(?:best|top)\s+[^.!?]{{0,40}}?\s+(?:tea|herb|{_DISEASES})s?", 0, "best \u2014 \u017fimply the top herb"),
    ],
)
def test_hand_picked_patterns_are_loosened_soundly(source, flags, text):
    compiled = regex.compile(source, flags)
    loose = native.loosen(source, flags)
    assert loose is not None
    nf = native.NativeFilter([(source, flags)])
    ends, bounds = nf.scan(text).ends(0)
    for m in compiled.finditer(text):
        assert _covered(m, ends, bounds), (source, m.group())


def test_findings_are_the_same_with_and_without_the_native_filter(ruleset, nativefilter):
    texts = _texts(ruleset) + [(text, "text") for text in HOSTILE]
    prefilter = ruleset.prefilter
    assert prefilter.native is None or prefilter.native is not nativefilter
    saved = prefilter.native
    try:
        for text, fmt in texts:
            doc = SourceFile.from_text(text, "x", fmt)
            prefilter.native = None
            plain = lint_document(make_document(doc), ruleset)
            prefilter.native = nativefilter
            assert lint_document(make_document(doc), ruleset) == plain
    finally:
        prefilter.native = saved


def test_runs_build_the_native_filter_when_large_or_told_to(tmp_path, monkeypatch):
    small = tmp_path / "a.md"
    small.write_text("Turmeric cures arthritis.\n", encoding="utf-8")
    monkeypatch.delenv("HEALTHLINT_NATIVE", raising=False)
    assert not runner.want_native([str(small)])
    monkeypatch.setattr(runner, "NATIVE_MIN_BYTES", 10)
    assert runner.want_native([str(small), str(tmp_path / "missing.md")])
    monkeypatch.setenv("HEALTHLINT_NATIVE", "0")
    assert not runner.want_native([str(small)])
    monkeypatch.setenv("HEALTHLINT_NATIVE", "1")
    monkeypatch.setattr(runner, "NATIVE_MIN_BYTES", 10**9)
    assert runner.want_native([str(small)])


def test_files_the_result_cache_holds_do_not_count_towards_building_the_native_filter(tmp_path, monkeypatch):
    # A rerun on an unchanged archive must not spend seconds compiling a filter it will not use.
    from healthlint.cache import ResultCache

    monkeypatch.delenv("HEALTHLINT_NATIVE", raising=False)
    monkeypatch.setattr(runner, "NATIVE_MIN_BYTES", 40)
    paths = []
    for n in range(3):
        path = tmp_path / f"a{n}.md"
        path.write_text(f"Turmeric cures arthritis in {n} weeks.\n", encoding="utf-8")
        paths.append(str(path))
    linter, cache = Linter(), ResultCache(tmp_path / "cache")
    assert runner.want_native(paths, linter, cache)  # nothing cached: 3 x 37 bytes to lint
    list(runner.run(linter, paths[:2], cache=cache))  # two files cached, not the third
    assert not runner.want_native(paths, linter, cache)
    assert runner.want_native(paths)  # without the cache, every file counts
    (tmp_path / "a0.md").write_text("Turmeric cures arthritis in 9 weeks.\n", encoding="utf-8")
    assert runner.want_native(paths, linter, cache)  # a changed file is linted again


def test_the_shipped_table_of_the_loosened_built_in_patterns_is_current():
    """The table spares every large run the loosening of the built-in patterns: it must hold
    exactly what `loosened` gives for every built-in pattern, and `loosen` must use it."""
    import json
    from pathlib import Path

    from healthlint import _maketable

    shipped = json.loads(Path(native.__file__).with_name(native.TABLE).read_text(encoding="utf-8"))
    assert shipped == _maketable.current_native(), "the table is out of date: run `python -m healthlint._maketable`"
    keys = Linter().rules.prefilter.keys
    assert len(native._shipped()) == len(set(keys))
    native.loosened.cache_clear()
    for key in keys:
        assert native.loosen(*key) == native.loosened(*key)
    assert native.loosened.cache_info().hits == 0  # loosen itself took each from the table


def test_the_parent_compiles_the_rule_patterns_while_the_native_filter_compiles():
    # A large run builds the native filter in child processes; the parent, which would only wait,
    # compiles the patterns the rules use meanwhile, so that worker processes inherit them.
    import subprocess
    import sys

    calls = []
    dbs, refused = native._build([b"cures?", b"(?:"], [0, 0], 1, meanwhile=lambda: calls.append(len(calls)))
    assert calls == [0] and len(dbs) == 1 and refused == {1}  # once; the valid expression is still built
    script = (
        "from healthlint.api import Linter\n"
        "from healthlint.packs import patterns_in\n"
        "rules = Linter().rules\n"
        "used = patterns_in(*rules.rules, rules.cues)\n"
        "assert len(used) > 100 and sum(bool(p._compiled) for p in used) < 10, 'compiled before warm()'\n"
        "rules.warm()\n"
        "assert all(p._compiled for p in used), 'not compiled by warm()'\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)


def test_a_linter_with_the_native_filter_still_pickles(nativefilter):
    import pickle

    linter = Linter()
    linter.rules.prefilter.native = nativefilter
    try:
        copy = pickle.loads(pickle.dumps(linter))
        assert copy.rules.prefilter.native is None  # rebuilt on demand in the other process
        assert copy.lint_text("Turmeric cures arthritis.") == linter.lint_text("Turmeric cures arthritis.")
    finally:
        linter.rules.prefilter.native = None


def test_databases_are_compiled_in_a_child_process():
    import hyperscan

    found = native._in_child([b"cures?", b"heal(?:s|ed)"], [0, hyperscan.HS_FLAG_CASELESS], [7, 9])
    assert found is not None  # the child ran: not the fallback
    db, refused = found
    assert refused == []
    ends = []
    db.scan(
        b"It cures and HEALS.",
        match_event_handler=lambda i, a, b, f, c: ends.append((i, b)),
        scratch=hyperscan.Scratch(db),
    )
    assert ends == [(7, 7), (7, 8), (9, 18)]


def test_expressions_hyperscan_refuses_leave_their_pattern_out(monkeypatch):
    loosened = {
        "cures?": native.Loose(("cures?",), (), False),
        "heals?": native.Loose(("heals?", "x*"), (), False),  # x* matches the empty string: refused
    }
    monkeypatch.setattr(native, "loosen", lambda source, flags: loosened[source])
    nf = native.NativeFilter([("cures?", 0), ("heals?", 0)], workers=2)
    assert nf.id(("heals?", 0)) is None
    assert nf.id(("cures?", 0)) is not None
    assert list(nf.scan("It cures.").ends(nf.id(("cures?", 0)))[0]) == [7, 8]


def test_without_a_child_process_the_filter_is_compiled_here(monkeypatch):
    import sys

    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    assert native._in_child([b"cures?"], [0], [0]) is None
    nf = native.NativeFilter([("cures?", 0)])
    assert nf.scan("It cures.").ends(0) == (native.array("q", [7, 8]), None)


def test_expressions_are_split_into_databases_of_about_equal_length():
    import hyperscan

    expressions = [b"a" * n for n in (50, 40, 30, 20, 10, 5, 5, 5, 5, 5, 5, 5)]
    dbs, refused = native._build(expressions, [0] * len(expressions), 2)
    assert len(dbs) == native.GROUPS and refused == set()
    found = []
    for db in dbs:
        db.scan(b"a" * 50, match_event_handler=lambda i, a, b, f, c: found.append(i), scratch=hyperscan.Scratch(db))
    assert sorted(set(found)) == list(range(len(expressions)))


@pytest.mark.parametrize("scope", ["sentence", "paragraph", "heading"])
def test_scopes_with_the_native_filter_equal_unfiltered_ones(ruleset, nativefilter, scope):
    prefilter = ruleset.prefilter
    saved = prefilter.native
    patterns = [p for p in _patterns(ruleset) if nativefilter.id((p.pattern, p.flags)) is not None]
    try:
        prefilter.native = nativefilter
        texts = _texts(ruleset) + [(text, "text") for text in HOSTILE]
        assert _scopes_agree(ruleset, patterns, texts, scope) > 50
    finally:
        prefilter.native = saved


def test_a_chain_across_sentences_is_found_in_its_paragraph_only():
    from healthlint.context import Context, Cues
    from healthlint.patterns import compile_regex
    from healthlint.prefilter import Prefilter

    pattern = compile_regex(rf"\bcures\b[^\n]{{0,60}}\b(?:{_DISEASES})\b")
    prefilter = Prefilter.build([pattern])
    assert prefilter.use_native()
    assert native.loosen(pattern.pattern, pattern.flags).chains  # cut at the gap
    doc = make_document(
        SourceFile.from_text("It cures. Cancer is bad.\n\nAnd cancer? Nothing cures it.\n", "x", "text")
    )
    ctx = Context(doc, Cues.from_lexicons({}), prefilter)
    assert [m.group() for m in ctx.finditer(pattern, "paragraph")] == ["cures. Cancer"]
    assert list(ctx.finditer(pattern, "sentence")) == []
    assert ctx.possible(pattern, 0, 16) and not ctx.possible(pattern, 3, 9) and not ctx.possible(pattern, 4, 30)
