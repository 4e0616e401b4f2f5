"""Score healthlint against editor-labelled articles: precision and recall per category.

Usage: python eval/score.py [DIR ...] [--verbose]

Each article `NAME.ext` in DIR has labels in `NAME.expect.yaml` (see fixtures/README.md). A label
and a finding match on (file, line, category), where a label's `also` categories count too and a
finding covers every line it spans; a finding is a false positive when none of its lines matches a
label. Document-level labels match document-level findings by category.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

from healthlint import Linter

SCORED = (
    "absolute-claim superlative-claim safety-claim disease-claim weasel-attribution "
    "promotional-language product-endorsement editorial-artifact missing-medical-disclaimer "
    "missing-supplement-disclaimer missing-harms"
).split()
# Fact-check categories: labelled in files whose label file declares them under `categories:`.
FACTCHECK = (
    "unsourced-statistic dosage-no-range dosage-unsourced dosage-exceeds-limit dangling-citation contested-claim"
).split()
DOCUMENT = {"missing-medical-disclaimer", "missing-supplement-disclaimer", "missing-harms"}


def labels_for(article: Path) -> tuple[list[dict], list[str]]:
    """The labels of an article and the categories its label file covers (default: SCORED)."""
    path = article.with_name(article.name.rsplit(".", 1)[0] + ".expect.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data.get("findings") or [], list(data.get("categories") or SCORED)


def evaluate(dirs: list[Path], verbose: bool = False, linter: Linter | None = None) -> tuple[Counter, Counter, Counter]:
    """True positives, false positives and false negatives per category."""
    linter = linter or Linter(select=[*SCORED, *FACTCHECK])
    tp, fp, fn = Counter(), Counter(), Counter()
    for folder in dirs:
        for article in sorted(
            p for p in folder.iterdir() if p.suffix in (".md", ".html", ".txt") and p.name != "README.md"
        ):
            labels, categories = labels_for(article)
            # Info-level findings are hints, not editorial flags; they are not scored.
            findings = [f for f in linter.lint_file(article) if f.category in categories and f.severity != "info"]
            got_line = {
                (line, f.category) for f in findings if f.scope == "line" for line in range(f.line, f.end_line + 1)
            }
            got_doc = {f.category for f in findings if f.scope == "document"}
            matched: set[tuple[int, str]] = set()
            for label in labels:
                cats = {label["category"], *(label.get("also") or [])}
                if label["category"] in DOCUMENT:
                    if label["category"] in got_doc:
                        tp[label["category"]] += 1
                        got_doc.discard(label["category"])
                    else:
                        fn[label["category"]] += 1
                        if verbose:
                            print(f"MISS {article.name}: {label['category']}")
                    continue
                hit = next(
                    (
                        (label["line"], c)
                        for c in cats
                        if (label["line"], c) in got_line and (label["line"], c) not in matched
                    ),
                    None,
                )
                if hit:
                    matched.add(hit)
                    tp[label["category"]] += 1
                else:
                    fn[label["category"]] += 1
                    if verbose:
                        print(f"MISS {article.name}:{label['line']}: {label['category']}: {label.get('quote')!r}")
            accepted = {
                (label["line"], c)
                for label in labels
                if label["category"] not in DOCUMENT
                for c in {label["category"], *(label.get("also") or [])}
            }
            # A finding is wrong when none of the lines it spans carries a label it can match (a
            # claim wrapped over two lines is one finding, not a hit and a false positive).
            wrong: dict[tuple[int, str], str] = {}
            for f in findings:
                span = range(f.line, f.end_line + 1)
                if f.scope == "line" and not any((line, f.category) in accepted for line in span):
                    wrong.setdefault((f.line, f.category), f"{f.rule}: {f.excerpt!r}")
            for (line, cat), what in sorted(wrong.items()):
                fp[cat] += 1
                if verbose:
                    print(f"FP   {article.name}:{line}: {cat} {what}")
            for cat in sorted(got_doc):
                fp[cat] += 1
                if verbose:
                    print(f"FP   {article.name}: {cat} (document)")
    return tp, fp, fn


def score(dirs: list[Path], verbose: bool) -> int:
    tp, fp, fn = evaluate(dirs, verbose)
    print(f"{'category':32} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7}")
    for cat in [*SCORED, *FACTCHECK]:
        t, p, n = tp[cat], fp[cat], fn[cat]
        if not (t or p or n) and cat in FACTCHECK:
            continue
        prec = t / (t + p) if t + p else 1.0
        rec = t / (t + n) if t + n else 1.0
        print(f"{cat:32} {t:4} {p:4} {n:4} {prec:9.2f} {rec:7.2f}")
    T, P, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(f"{'TOTAL':32} {T:4} {P:4} {N:4} {T / max(1, T + P):9.2f} {T / max(1, T + N):7.2f}")
    return 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    sys.exit(score([Path(a) for a in args] or [Path("fixtures")], "--verbose" in sys.argv))
