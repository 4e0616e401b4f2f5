"""A loose guard against accidental quadratic behaviour (not a timing benchmark; see bench/).

Each test lints an input and the same kind of input four times as large, and asserts that the
larger one takes less than 4 x 2.5 = 10 times as long. Linear code gives about 4; code that is
quadratic in the size of the article, of a line or of a paragraph gives about 16. CPU time of this
process is measured (not wall time), so other programs on the machine matter less.
"""

from __future__ import annotations

import time
from random import Random

from healthlint.api import Linter

GROWTH = 4
LIMIT = GROWTH * 2.5

NUTRIENTS = [
    ("magnesium", "mg", 200, 400),
    ("vitamin D", "IU", 1000, 2000),
    ("zinc", "mg", 8, 25),
    ("melatonin", "mg", 1, 5),
    ("ashwagandha", "mg", 300, 600),
    ("omega-3", "mg", 250, 1000),
    ("iron", "mg", 18, 65),
    ("turmeric", "mg", 500, 1500),
    ("vitamin C", "mg", 200, 1000),
]
CONDITIONS = ["insomnia", "anxiety", "joint pain", "type 2 diabetes", "migraines", "the common cold", "acne"]
OUTCOMES = ["sleep quality", "stress", "immune function", "energy levels", "muscle cramps", "mood"]
SENTENCES = [
    "{Nut} cures {cond}.",
    "{Nut} is completely safe and does not cause side effects.",
    "Studies show that {nut} improves {out}.",
    "{Nut} is the best supplement for {out}, and it is clinically proven.",
    "{Nut} may help some people with {out}, although the evidence is mixed [{c}].",
    "It's best to ask your doctor before starting {nut}, especially if you take other medicines.",
    "{Nut} is not a cure for {cond}.",
    "Take {hi} {unit} of {nut} daily.",
    "Most trials used {lo}–{hi} {unit} of {nut} a day [{c}].",
    "About 1 in {k} adults report trouble with {out}.",
    "{pct}% of people are low in {nut} [{c}].",
    "Up to {pct}% of older adults have {cond}.",
    "Experts agree that {nut} is essential, and it works for everyone.",
    "Order today and use code SAVE{pct} at checkout!",
    "Although observational data link higher intakes of {nut} with less {cond}, randomised trials have "
    "mostly failed to show a comparable benefit, which suggests confounding by diet and activity [{c}].",
    "Our editor tried {nut} for {k} weeks and noticed little change in {out}.",
]


def sentence(r: Random, n_refs: int) -> str:
    nut, unit, lo, hi = r.choice(NUTRIENTS)
    values = {
        "nut": nut,
        "Nut": nut[0].upper() + nut[1:],
        "unit": unit,
        "lo": f"{lo:,}",
        "hi": f"{hi:,}",
        "cond": r.choice(CONDITIONS),
        "out": r.choice(OUTCOMES),
        "k": r.randint(2, 9),
        "pct": r.choice([10, 20, 25, 30, 40, 60]),
        "c": r.randint(1, n_refs),
    }
    return r.choice(SENTENCES).format(**values)


def references(n: int) -> str:
    return "## References\n\n" + "".join(
        f"{i}. Author {i}. A study of supplement number {i}. Journal of Examples. 20{i % 25:02d};{i}:1-9.\n"
        for i in range(1, n + 1)
    )


def article(paragraphs: int, seed: int = 7) -> str:
    """Markdown: headings every few paragraphs, paragraphs of 3-6 sentences, a list and a table now and then."""
    r = Random(seed)
    n_refs = max(3, paragraphs // 4)
    parts = ["---\ntitle: Scaling test\n---\n", "# Supplements: what the evidence says\n"]
    for i in range(paragraphs):
        if i % 5 == 0:
            parts.append(f"## Section {i // 5 + 1}: {r.choice(OUTCOMES)}\n")
        parts.append(" ".join(sentence(r, n_refs) for _ in range(r.randint(3, 6))) + "\n")
        if i % 9 == 4:
            parts.append("".join(f"- {sentence(r, n_refs)}\n" for _ in range(3)))
        if i % 13 == 6:
            parts.append("| Group | Amount |\n|---|---|\n| Adults | 400 mg |\n| Teens | 300 mg |\n")
    parts.append(references(n_refs))
    return "\n".join(parts)


def long_line(sentences: int, seed: int = 11) -> str:
    """One paragraph on a single line."""
    r = Random(seed)
    n_refs = max(3, sentences // 20)
    return " ".join(sentence(r, n_refs) for _ in range(sentences)) + "\n\n" + references(n_refs)


def many_lines(lines: int, seed: int = 13) -> str:
    """One paragraph hard-wrapped over many lines, several sentences on each line."""
    r = Random(seed)
    n_refs = max(3, lines // 8)
    body = "\n".join(" ".join(sentence(r, n_refs) for _ in range(r.randint(2, 4))) for _ in range(lines))
    return body + "\n\n" + references(n_refs)


_LINTER: list[Linter] = []


def linter() -> Linter:
    if not _LINTER:
        _LINTER.append(Linter())
        _LINTER[0].lint_text(article(3, seed=1), format="markdown")  # warm up: compiled patterns, caches
    return _LINTER[0]


def cpu_time(text: str) -> tuple[float, int]:
    lint = linter()
    start = time.process_time()
    findings = lint.lint_text(text, format="markdown")
    return time.process_time() - start, len(findings)


def assert_scales(make, n: int) -> None:
    small, large = make(n), make(GROWTH * n)
    t_small, f_small = cpu_time(small)
    t_large, f_large = cpu_time(large)
    assert f_small > 0 and f_large > f_small, "the generated text should produce findings"
    ratio = t_large / max(t_small, 1e-3)
    assert ratio < LIMIT, (
        f"{make.__name__}: {len(large):,} chars took {t_large:.2f} s, {len(small):,} chars took {t_small:.2f} s: "
        f"{ratio:.1f}x for {GROWTH}x the input (limit {LIMIT:g}x); something grows faster than linearly"
    )


def test_article_paragraphs_scale_linearly():
    assert_scales(article, 45)


def test_single_long_line_scales_linearly():
    assert_scales(long_line, 200)


def test_many_lines_of_many_sentences_scale_linearly():
    assert_scales(many_lines, 70)
