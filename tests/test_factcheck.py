"""Fact-check behaviour: citation markers and references, dose extraction and upper limits, the
claims registry, and the data files' sources."""

from __future__ import annotations

import io
from importlib import resources

import pytest
import yaml

from healthlint import Linter, RulePackError, load_rules
from healthlint.citations import entries, markers
from healthlint.cli import main
from healthlint.doses import find_doses, load_limits
from healthlint.kinds.registry import load_registry
from healthlint.reader import make_document
from healthlint.source import SourceFile


def doc(text: str, fmt: str = "markdown"):
    return make_document(
        SourceFile.from_text(text, f"a.{ {'markdown': 'md', 'html': 'html', 'text': 'txt'}[fmt] }", fmt)
    )


def codes(text: str, *selected: str, fmt: str | None = None) -> list[tuple[str, str]]:
    linter = Linter(select=list(selected))
    return [(f.rule, f.excerpt) for f in linter.lint_text(text, format=fmt or "markdown")]


# -- citations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, ids",
    [
        ("Magnesium helps [1].", [("1",)]),
        ("Magnesium helps [1, 3].", [("1", "3")]),
        ("Magnesium helps [2-4].", [("2", "3", "4")]),
        ("Magnesium helps[^note].", [("note",)]),
        ("Magnesium helps.²", [("2",)]),
        ("A BMI above 30 kg/m² is obese.", []),
        ("See `array[1]` in the code.", []),
    ],
)
def test_markdown_markers(text, ids):
    assert [m.ids for m in markers(doc(text))] == ids


def test_html_markers_and_footnote_entries():
    d = doc(
        '<p>Zinc may help.<sup><a href="#fn2">2</a></sup> Area 30 m<sup>2</sup>.</p>'
        '<div class="footnotes"><ol><li id="fn1">One.</li><li id="fn2">Two.</li></ol></div>',
        "html",
    )
    assert [m.ids for m in markers(d)] == [("2",)]
    assert sorted(e.id for e in entries(d)[0]) == ["1", "2"]


def test_html_ordered_list_numbering_restarts_and_respects_start():
    d = doc(
        '<h2>References</h2><ol><li>A</li><li>B</li></ol><h2>Notes</h2><ol start="7"><li>C</li></ol>',
        "html",
    )
    assert [e.id for e in entries(d)[0]] == ["1", "2", "7"]


@pytest.mark.parametrize(
    "text",
    [
        "Claim [2].\n\n## References\n\n1. Smith 2020.\n2. Lee 2019.\n",
        "Claim [^2].\n\n[^1]: Smith 2020.\n[^2]: Lee 2019.\n",
        "Claim [2].\n\nSources\n\n[1] Smith 2020.\n[2] Lee 2019.\n",
        "Claim [2].\n\nReferences\n[1] Smith 2020.\n[2] Lee 2019.\n",
    ],
)
def test_markers_resolve_in_every_reference_style(text):
    assert codes(text, "HL601", "HL602") == []
    assert [c for c, _ in codes(text, "HL603")] == ["HL603"]  # entry 1 is never cited


def test_dangling_marker_empty_section_and_unused_entry():
    text = "Claim [3].\n\nOther claim [1].\n\n## References\n\n1. Smith 2020.\n2. Lee 2019.\n\n## Sources\n\n## About us\n\nWe write.\n"
    found = Linter(select=["dangling-citation"]).lint_text(text, format="markdown")
    assert [(f.rule, f.line) for f in found] == [("HL601", 1), ("HL603", 8), ("HL602", 10)]
    assert "no such entry" in found[0].message and found[1].severity == "info"


def test_a_footer_under_a_sources_heading_is_not_an_entry():
    text = "Claim.\n\nSOURCES\n\nYou are receiving this newsletter because you signed up.\n"
    assert codes(text, "HL602", fmt="text") == [("HL602", "SOURCES")]


def test_a_dangling_marker_does_not_source_a_statistic():
    text = "Up to 60% of adults are low in magnesium [4].\n\n## References\n\n1. Smith 2020.\n"
    assert ("HL611", "60%") in codes(text, "unsourced-statistic", "dangling-citation")


def test_a_sellers_own_data_is_not_a_source():
    text = "According to [BrandX's own lab data](https://brandx.example/science), it is absorbed 3x more."
    assert codes(text, "HL611") == [("HL611", "3x more")]


def test_user_trusted_sources_count_as_citations():
    text = "According to the Vitamin Council of Narnia, 40% of adults are low in vitamin D."
    assert codes(text, "HL611") == [("HL611", "40%")]
    linter = Linter({"trusted-sources": ["Vitamin Council of Narnia"]}, select=["HL611"])
    assert linter.lint_text(text) == []


# -- statistics ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, excerpt",
    [
        ("Up to 60 percent of adults don't get enough magnesium.", "60 percent"),
        ("One in three women will have a UTI.", "One in three"),
        ("Women are five to eight times more likely than men to have thyroid problems.", "eight times more likely"),
        ("Apparently 2/3 of women get cramps.", "2/3 of women"),
        ("Somewhere between a quarter and half of long-term vegans are low in B12.", None),
    ],
)
def test_statistics_found(text, excerpt):
    found = codes(text, "HL611")
    assert found and (excerpt is None or found[0][1] == excerpt)


@pytest.mark.parametrize(
    "text",
    [
        "Save 20% on your first order.",
        "It is 100% natural and 100% vegan.",
        "| Vitamin C | 250 mg | 278% |",
        "It is about 60% magnesium by weight.",
        "That analysis pooled 10 trials with 3,803 people.",
        "These taste like fruit snacks, which is half the battle with kids.",
        "Products must contain less than 0.3% THC.",
        'So "twice as much weight" is not something the trials showed.',
    ],
)
def test_not_statistics(text):
    assert codes(text, "HL611") == []


# -- doses -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, low, high, unit",
    [
        ("take 200-400 mg", 200, 400, "mg"),
        ("take 200 to 400 mg", 200, 400, "mg"),
        ("take between 200 and 400 mg", 200, 400, "mg"),
        ("take 200–400mg", 200, 400, "mg"),
        ("take 200 mg to 400 mg", 200, 400, "mg"),
        ("take 2.4 mcg", 2.4, 2.4, "mcg"),
        ("take 2.4 µg", 2.4, 2.4, "mcg"),
        ("take 1,000 IU", 1000, 1000, "IU"),
        ("take 0.5 g", 0.5, 0.5, "g"),
        ("take two capsules", 2, 2, "capsules"),
        ("take 10 drops", 10, 10, "drops"),
        ("take two 200 mg tablets", 400, 400, "mg"),
    ],
)
def test_dose_amounts_and_ranges(text, low, high, unit):
    (dose,) = find_doses(text, 0, len(text))
    assert (dose.low, dose.high, dose.unit) == (low, high, unit)


@pytest.mark.parametrize(
    "text, per_day",
    [
        ("200 mg daily", 1),
        ("200 mg twice a day", 2),
        ("200 mg twice daily", 2),
        ("200 mg three times a day", 3),
        ("200 mg b.i.d.", 2),
        ("50,000 IU per week", 1 / 7),
        ("100 mg every other day", 0.5),
        ("200 mg", None),
    ],
)
def test_dose_frequency(text, per_day):
    (dose,) = find_doses(text, 0, len(text))
    assert dose.per_day == (pytest.approx(per_day) if per_day is not None else None)


def test_unit_restatement_is_an_alias():
    text = "no more than 100 micrograms (4,000 IU) a day"
    first, second = find_doses(text, 0, len(text))
    assert not first.alias and second.alias


@pytest.mark.parametrize(
    "text, daily",
    [
        ("Take 200 to 400 mg of magnesium citrate daily.", "400 mg"),
        ("Take 5,000 IU of vitamin D every day.", "125 mcg"),
        ("Take 1,000 mg of vitamin C three times a day.", "3,000 mg"),
        ("For zinc, take 25 mg twice a day.", "50 mg"),
        ("Take 1.2 mg of folic acid daily.", "1,200 mcg"),
        ("Take 60,000 IU of vitamin D once a week.", "214.29 mcg"),
        ("Each tablet contains 18 mg of iron. Adults take 3 tablets daily.", "54 mg"),
        (
            "Serving size: 2 capsules\n\n| Amount per serving | |\n|---|---|\n| Zinc | 30 mg |\n\nTake 4 capsules daily.",
            "60 mg",
        ),
    ],
)
def test_doses_over_the_upper_limit(text, daily):
    found = Linter(select=["HL623"]).lint_text(text, format="markdown")
    assert len(found) == 1 and f"({daily} a day)" in found[0].message
    assert found[0].source is not None and "NIH Office of Dietary Supplements" in found[0].source[0]


@pytest.mark.parametrize(
    "text",
    [
        "The RDA for magnesium is 400 mg for men aged 19 to 30.",
        "Men need about 420 mg of magnesium a day from food.",
        "| Age | Men | Women |\n|---|---|---|\n| 31-50 | 420 mg | 320 mg |",
        "Your doctor may prescribe 50,000 IU of vitamin D once a week to correct a deficiency.",
        "More than 350 mg of magnesium from supplements can cause diarrhoea.",
        "Take 15,000 IU of beta-carotene.",
        "Take 25 mcg (1,000 IU) of vitamin D daily.",
        "Take 1 mg of folic acid daily.",
        "A cup of cooked spinach has about 157 mg of magnesium.",
        "Take 5 g of creatine daily.",
        "Do not take several 400 microgram tablets to make up a higher dose.",
        "Each tablet contains 1,000 mg of vitamin C. Take one tablet daily.",
    ],
)
def test_not_over_the_upper_limit(text):
    assert Linter(select=["HL623"]).lint_text(text, format="markdown") == []


def test_no_range_and_unsourced():
    assert codes("Take 500 mg of ashwagandha every morning.", "HL621", "HL622") == [
        ("HL621", "500 mg"),
        ("HL622", "500 mg"),
    ]
    assert (
        codes("Most trials used 200 to 400 mg a day [2]; ask your pharmacist what suits you.", "HL621", "HL622") == []
    )
    table = "The NHS recommends:\n\n| Age | Amount |\n|---|---|\n| Adults | 10 mcg |\n| Babies | 8.5 mcg |\n"
    assert codes(table, "HL622") == []
    unsourced = "| Age | Amount |\n|---|---|\n| Adults | 10 mcg |\n| Babies | 8.5 mcg |\n"
    assert codes(unsourced, "HL622") == [("HL622", "10 mcg")]  # once per table


# -- claims registry ---------------------------------------------------------------------------


def test_contested_claim_message_cites_the_evidence():
    (finding,) = Linter(select=["HL701"]).lint_text("Magnesium stops night cramps for good.")
    assert "Cochrane" in finding.message and "doi:10.1002/14651858.CD009402.pub3" in finding.message
    assert finding.source == (finding.source[0], "https://doi.org/10.1002/14651858.CD009402.pub3")
    assert finding.suggestion and "Cochrane, 2020" in finding.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "Magnesium is unlikely to stop night cramps.",
        "Many people take magnesium for cramps, but the best evidence found no benefit.",
        "So does magnesium ease leg cramps?",
        "Ginkgo has been marketed for decades as a way to sharpen memory.",
        "Vitamin C may slightly shorten colds.",
    ],
)
def test_contested_claim_traps(text):
    assert codes(text, "HL701") == []


def test_contested_claim_in_a_product_bullet_takes_its_subject_from_the_title():
    text = "# DreamDeep Magnesium Glycinate\n\n## Why you'll love it\n\n- Stops nighttime leg cramps\n- Vegan\n"
    assert [c for c, _ in codes(text, "HL701")] == ["HL701"]


# -- data files ---------------------------------------------------------------------------------


def _data(name: str) -> dict:
    return yaml.safe_load(resources.files("healthlint._rules").joinpath("data", name).read_text(encoding="utf-8"))


def test_every_upper_limit_has_a_source():
    entries_ = _data("upper-limits.yaml")["entries"]
    assert {"magnesium", "vitamin D", "vitamin A", "vitamin C", "vitamin E", "vitamin B6", "niacin", "folic acid",
            "calcium", "iron", "zinc", "selenium", "iodine", "copper", "manganese"} <= {e["nutrient"] for e in entries_}  # fmt: skip
    for entry in entries_:
        source = entry["source"]
        assert source["short"] and source["title"] and source["url"].startswith("https://"), entry["nutrient"]


def test_every_registry_entry_has_checkable_evidence():
    for entry in _data("claims-registry.yaml")["entries"]:
        assert entry["verdict"].strip(), entry["id"]
        for item in entry["evidence"]:
            assert item["title"] and isinstance(item["year"], int), entry["id"]
            assert item.get("doi") or str(item.get("url", "")).startswith("https://"), entry["id"]


def test_limits_file_without_a_source_is_rejected():
    text = "entries:\n  - nutrient: zinc\n    terms: [zinc]\n    limit: {amount: 40, unit: mg}\n    applies_to: all\n    band: adults\n"
    with pytest.raises(RulePackError, match=r"limits.yaml:2: entry needs 'source'"):
        load_limits(text, "limits.yaml")


def test_registry_entry_without_evidence_is_rejected():
    text = "entries:\n  - id: x\n    claim: c\n    subject: [zinc]\n    effect: [cures]\n    object: [colds]\n    verdict: v\n    evidence: []\n"
    with pytest.raises(RulePackError, match=r"reg.yaml:\d+: 'evidence' must list at least one source"):
        load_registry(text, "reg.yaml", {})


def test_user_pack_with_its_own_registry(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "mine.yaml").write_text(
        "entries:\n  - id: zinc-colds\n    claim: zinc cures colds\n    subject: [zinc]\n    effect: [cures]\n"
        "    object: [colds]\n    verdict: Trials do not show a cure.\n    evidence:\n      - title: A review\n"
        "        year: 2020\n        url: https://example.org/review\n",
        encoding="utf-8",
    )
    (tmp_path / "pack.yaml").write_text(
        "rules:\n  - code: XY701\n    name: my-contested\n    category: contested-claim\n    kind: registry\n"
        "    registry: data/mine.yaml\n    level: warning\n    message: '{verdict} ({evidence})'\n    summary: s\n"
        "    why: w\n    fix: f\n    references: [r]\n    examples: {fail: [Zinc cures colds.], pass: [Zinc is a mineral.]}\n",
        encoding="utf-8",
    )
    rules = load_rules([tmp_path / "pack.yaml"])
    found = Linter(rules=rules.select(["XY701"])).lint_text("Zinc cures colds.")
    assert [f.message for f in found] == ["Trials do not show a cure. (2020, https://example.org/review)"]
    assert found[0].source == ("A review. 2020", "https://example.org/review")


def test_data_file_outside_the_pack_is_rejected(tmp_path):
    (tmp_path / "pack.yaml").write_text(
        "rules:\n  - code: XY701\n    name: my-contested\n    category: contested-claim\n    kind: registry\n"
        "    registry: ../secrets.yaml\n    level: warning\n    message: m\n    summary: s\n"
        "    why: w\n    fix: f\n    references: [r]\n    examples: {fail: [a], pass: [b]}\n",
        encoding="utf-8",
    )
    with pytest.raises(RulePackError, match="must be a path inside the pack's folder"):
        load_rules([tmp_path / "pack.yaml"])


@pytest.mark.parametrize("code, needle", [("HL623", "Magnesium: Fact Sheet"), ("HL701", "CD009402"), ("HL601", "JAMA"),
                                          ("HL611", "HealthNewsReview"), ("HL622", "Office of Dietary Supplements")])  # fmt: skip
def test_explain_shows_the_source(code, needle):
    out = io.StringIO()
    assert main(["explain", code], stdout=out) == 0
    assert needle in out.getvalue()
