"""Dose extraction: amounts, units, ranges and frequencies in prose, and the nutrient they belong to.

`find_doses` returns every dose-shaped figure of a document ("200-400 mg", "between 1,000 and
2,000 IU", "two capsules twice a day", "2.4 mcg"); the `dose` rule kind decides, with cue lexicons
from the rule packs, what each figure is (a recommendation, a reference intake, a study dose, a
product's composition, food content...) and which checks apply. The upper-limit table is data:
`load_limits` reads and validates it (rules/data/upper-limits.yaml).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import regex

from .datafiles import entries
from .datafiles import terms as compile_terms

# Units: written form -> (canonical unit, family). Mass units convert to mg.
MASS = {"mg": 1.0, "mcg": 0.001, "g": 1000.0}
_UNIT_FORMS = [
    ("mcg", r"mcg|µg|μg|ug|micrograms?|mcgs"),
    ("mg", r"mg|milligrams?|mgs"),
    ("g", r"g|grams?|gm"),
    ("IU", r"IU|I\.U\.|international units?"),
    ("mL", r"ml|milliliters?|millilitres?|cc"),
    ("mmol", r"mmol|millimoles?"),
    ("mEq", r"meq"),
    ("drops", r"drops?|droppers?(?:ful)?s?|dropperfuls?"),
    ("capsules", r"capsules?|caps|veg(?:gie)? caps|softgels?|soft gels?"),
    ("tablets", r"tablets?|tabs|caplets?|pills?|lozenges?|chewables?"),
    ("gummies", r"gumm(?:y|ies)"),
    ("scoops", r"scoops?|sachets?|packets?|sticks?"),
    ("sprays", r"sprays?|pumps?|squirts?"),
    ("teaspoons", r"teaspoons?|tsp"),
    ("tablespoons", r"tablespoons?|tbsp"),
]
COUNT_UNITS = frozenset({"drops", "capsules", "tablets", "gummies", "scoops", "sprays", "teaspoons", "tablespoons"})
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twelve": 12, "half a": 0.5, "a half": 0.5, "a single": 1, "a": 1, "an": 1,
}  # fmt: skip
_NUM = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+"
_WORDNUM = r"one|two|three|four|five|six|seven|eight|nine|ten|twelve|half an?|a half|a single|an?"
_UNIT = "|".join(f"(?P<u_{name}>{forms})" for name, forms in _UNIT_FORMS)
_UNIT_PLAIN = "|".join(forms for _, forms in _UNIT_FORMS)
DOSE = regex.compile(
    rf"""(?ix)
    (?<![\w.,/])
    (?P<prefix>(?:between|from|up\ to|at\ least|no\ more\ than|not\ more\ than|less\ than|more\ than|over|above|
        under|below|around|about|approximately|roughly|~|≈|at\ most|maximum\ of|a\ maximum\ of|exceeding|
        in\ excess\ of|higher\ than|beyond)\s+)?
    (?P<a>{_NUM}|(?<=\b)(?:{_WORDNUM}))
    (?:(?:\s*(?:{_UNIT_PLAIN})(?:\s+(?:RAE|DFE|NE))?)?              # "200 mg to 400 mg"
       \s*(?P<sep>-|–|—|to|or|and|/)\s*(?P<b>{_NUM}|(?:{_WORDNUM})))?
    \s*(?:{_UNIT})(?!\w)(?:\s+(?P<q>RAE|DFE|NE)\b)?
    (?:\s+(?:or|to)\s+(?P<b2>[0-9]{{1,2}}|two|three|four|five|six)\b(?!\s*(?:{_UNIT_PLAIN})\b))?   # "a teaspoon or two"
    """
)
# How often: "per week" divides, "twice a day" multiplies.
FREQUENCY = regex.compile(
    r"""(?ix)
    (?P<times>once|twice|thrice|two\ times|three\ times|four\ times|[2-4]\ times|[2-4]x)\s+(?:a|per|each|every|/)\s*
        (?P<tunit>day|daily|night|week|month)
    |(?P<tdaily>(?:once|twice|three\ times|[2-4]\ times|[2-4]\ ?x)\s*(?:daily|/\s?day|a\ day)
        |\bb\.?i\.?d\b\.?|\bt\.?i\.?d\b\.?|\bq\.?i\.?d\b\.?|\bb\.?d\b\.?|\bt\.?d\.?s\b\.?|\bq\.?d\b\.?|\bo\.?d\b\.?)
    |(?P<week>per\ week|a\ week|each\ week|every\ week|weekly|/\s?week|/\s?wk|once\ a\ week|once\ weekly)
    |(?P<month>per\ month|a\ month|monthly|/\s?month)
    |(?P<other>every\ other\ day|alternate\ days|every\ second\ day)
    |(?P<twice>morning\ and\ (?:night|evening)|(?:night|evening)\ and\ morning|at\ breakfast\ and\ (?:dinner|supper))
    |(?P<meals>with\ (?:each|every)\ (?:of\ (?:your|the)\ )?(?:three\ |3\ )?(?:main\ )?meals?)
    |(?P<daily>daily|a\ day|per\ day|each\ day|every\ day|/\s?day|/\s?d\b|a\ night|nightly|every\ night|
        each\ night|per\ night|at\ night|at\ bedtime|before\ bed(?:time)?|each\ morning|every\ morning|
        (?:every|each)\ (?:single\ )?(?:morning|evening|night|day)|with\ breakfast|with\ dinner|with\ lunch|
        at\ lights[-\ ]out|
        per\ serving\ daily)
    |every\ (?P<hours>2|3|4|6|8|12|two|three|four|six|eight|twelve)\ hours
    |(?P<nday>(?:about\ |around\ |up\ to\ |roughly\ )?
        (?:[1-9]|one|two|three|four|five|six|seven|eight|ten))\ (?:a|per)\ day
    """
)
_TIMES = {"once": 1, "twice": 2, "thrice": 3, "two times": 2, "three times": 3, "four times": 4}


@dataclass(frozen=True, slots=True)
class Dose:
    """A dose-shaped figure: [start, end) in the source, amounts (high == low for one amount),
    canonical unit, how many times a day (None when no frequency is given)."""

    start: int
    end: int
    low: float
    high: float
    unit: str
    ranged: bool
    prefix: str
    per_day: float | None
    text: str
    alias: bool = False  # the same amount restated in other units: "100 mcg (4,000 IU)"

    @property
    def daily_high(self) -> float:
        return self.high * (self.per_day if self.per_day is not None else 1.0)


def _number(raw: str) -> float | None:
    raw = raw.strip().lower()
    if raw in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[raw])
    try:
        return float(raw.replace(",", ""))
    except ValueError:
        return None


def _frequency(m: regex.Match[str]) -> float:
    if m.group("times"):
        word = m.group("times").lower()
        count = _TIMES.get(word) or float(word[0])  # "2 times", "3x"
        unit = m.group("tunit").lower()
        return count / (7.0 if unit == "week" else 30.0 if unit == "month" else 1.0)
    if m.group("tdaily"):
        word = m.group("tdaily").lower()
        compact = word.replace(".", "")
        short = {"bid": 2.0, "bd": 2.0, "tid": 3.0, "tds": 3.0, "qid": 4.0, "qd": 1.0, "od": 1.0}
        if compact in short:
            return short[compact]
        if word[0].isdigit():
            return float(word[0])
        return float(_TIMES.get(word.split()[0], 1))
    if m.group("week"):
        return 1 / 7
    if m.group("month"):
        return 1 / 30
    if m.group("other"):
        return 0.5
    if m.group("twice"):
        return 2.0
    if m.group("meals"):
        return 3.0
    if m.group("hours"):
        word = m.group("hours").lower()
        return 24.0 / float(_WORD_NUMBERS.get(word) or int(word))
    if m.group("nday"):
        word = m.group("nday").split()[-1].lower()
        return float(_WORD_NUMBERS.get(word) or int(word))
    return 1.0


_STRENGTH = regex.compile(
    rf"(?ix)(?<![\w.,])(?P<count>{_NUM}|one|two|three|four|five|six|an?)\s+(?P<each>{_NUM})\s*(?P<unit>mg|mcg|µg|μg|micrograms?|milligrams?|IU|g)"
    r"(?:[\s-]+[A-Za-z][\w-]*){0,2}?[\s-]+(?:capsules?|tablets?|softgels?|gumm(?:y|ies)|pills?|lozenges?|caplets?)\b"
)


# Every dose names a unit, not glued to a preceding letter: most sentences have none, and are
# dismissed by this one search instead of the two full dose patterns.
_ANY_UNIT = regex.compile(rf"(?i)(?<!\p{{L}})(?:{_UNIT_PLAIN})(?!\w)")


def find_doses(prose: str, start: int, end: int) -> list[Dose]:
    """Dose figures in prose[start:end], with the frequency that follows them (within a few words)."""
    if _ANY_UNIT.search(prose, start, end) is None:
        return []
    out: list[Dose] = []
    taken: list[tuple[int, int]] = []
    for m in _STRENGTH.finditer(prose, start, end):
        # "two 200 mg tablets": the dose is 400 mg
        count, each = _number(m.group("count")), _number(m.group("each"))
        unit = canonical_unit(m.group("unit"))
        if count is None or each is None or unit is None:
            continue
        per_day = _frequency_after(prose, m.end(), end)
        text = " ".join(m.group().split())
        out.append(Dose(m.start(), m.end(), count * each, count * each, unit, False, "", per_day, text))
        taken.append(m.span())
    for m in DOSE.finditer(prose, start, end):
        if any(a <= m.start() < b for a, b in taken):
            continue
        unit = next(name for name, _ in _UNIT_FORMS if m.group(f"u_{name}"))
        a_raw, b_raw = m.group("a"), m.group("b")
        words = a_raw.strip().lower() in _WORD_NUMBERS or (b_raw or "").strip().lower() in _WORD_NUMBERS
        if words and unit not in COUNT_UNITS:
            continue  # "a g" or "one mg" are not how doses are written
        article = a_raw.strip().lower() in ("a", "an")
        if unit == "g" and _grams_of_food(prose, m.end()):
            continue
        low = _number(a_raw)
        b_raw = b_raw or m.group("b2")
        high = _number(b_raw) if b_raw else low
        if low is None or high is None:
            continue
        sep = (m.group("sep") or "").lower()
        if sep == "/" and unit not in COUNT_UNITS:
            high = low  # "5 mg/ml" is a concentration, not a range
        if sep == "and" and not (m.group("prefix") or "").lower().startswith("between"):
            if high != low:
                continue  # "3 and 400 mg": a list, not a range
        if high < low:
            low, high = high, low
        prefix = " ".join((m.group("prefix") or "").lower().split())
        per_day = _frequency_after(prose, m.end(), end)
        if per_day is None:
            head = prose[max(start, m.start() - 40) : m.start()]
            before = list(FREQUENCY.finditer(head))
            if before and (before[-1].group("times") or before[-1].group("tdaily")):
                per_day = _frequency(before[-1])  # "twice a day, take 200 mg"
        if per_day is None and _DAILY_BEFORE.search(prose[max(start, m.start() - 12) : m.start()]):
            per_day = 1.0  # "a daily 200 IU capsule"
        if article and per_day is None:
            continue  # "a capsule will help you" is not a dose; "a capsule daily" is
        between = prose[out[-1].end : m.start()] if out else ""
        alias = bool(out) and (
            _BRACKETED.fullmatch(between) is not None
            or _RESTATED.fullmatch(between) is not None
            # "2 drops in water daily (about 12.5 mg of iodine)": what the counted units amount to
            or (out[-1].unit in COUNT_UNITS and _AMOUNTS_TO.fullmatch(between) is not None)
        )
        out.append(
            Dose(m.start(), m.end(), low, high, unit, high != low, prefix, per_day, " ".join(m.group().split()), alias)
        )
    out.sort(key=lambda d: d.start)
    return out


_DAILY_BEFORE = regex.compile(r"(?i)\b(?:a|one|your)\s+daily\s+$")
_BRACKETED = regex.compile(r"\s*[(\[]\s*(?:or\s+|about\s+|approx(?:imately|\.)?\s+|=\s*|~\s*)?")
_RESTATED = regex.compile(r"(?i)\s*,?\s*(?:that's|that is|which is|i\.e\.,?|or)\s+(?:about\s+|roughly\s+)?")
_AMOUNTS_TO = regex.compile(r"(?i)[^().;]{0,40}[(\[]\s*(?:about\s+|approx(?:imately|\.)?\s+|roughly\s+|=\s*|~\s*)?")
_WORD_RUN = regex.compile(r"[\w'’]+")


def _frequency_after(prose: str, at: int, end: int) -> float | None:
    tail = prose[at : min(end, at + 60)]
    freq = FREQUENCY.search(tail)
    if freq and len(_WORD_RUN.findall(tail, 0, freq.start())) <= 5:
        return _frequency(freq)
    return None


def canonical_unit(raw: str) -> str | None:
    """The canonical unit of a written one: "softgels" -> "capsules", "µg" -> "mcg"."""
    raw = raw.strip()
    for name, forms in _UNIT_MATCHERS:
        if forms.fullmatch(raw):
            return name
    return None


_UNIT_MATCHERS = [(name, regex.compile(f"(?i:{forms})")) for name, forms in _UNIT_FORMS]


_FOOD_GRAMS = regex.compile(
    r"(?i)\s*(?:of\s+)?(?:protein|fat|fats|carbs?|carbohydrates?|fib(?:er|re)|sugars?|net carbs|salt)\b"
)


_POWDER = regex.compile(r"(?i)\s*of\s+(?:protein\s+)?powder")


def _grams_of_food(prose: str, end: int) -> bool:
    return bool(_FOOD_GRAMS.match(prose, end)) and not _POWDER.match(prose, end)


# -- upper limits -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Limit:
    nutrient: str
    terms: regex.Pattern[str]
    not_terms: regex.Pattern[str] | None
    amount: float
    unit: str
    conversions: Mapping[str, float]
    applies_to: str
    band: str
    note: str
    source_short: str
    source_title: str
    source_url: str | None
    forms: tuple[tuple[regex.Pattern[str], Mapping[str, float]], ...] = ()  # (terms, conversions) per form

    def in_unit(self, dose: Dose, context: str = "") -> float | None:
        """The dose's daily amount in this limit's unit, or None if the units do not convert.
        `context` (the text around the dose) selects a form's own conversions, e.g. synthetic
        vitamin E."""
        amount = dose.daily_high
        conversions = self.conversions
        for terms, own in self.forms:
            if terms.search(context):
                conversions = {**conversions, **own}
                break
        if dose.unit in MASS and self.unit in MASS:
            return amount * MASS[dose.unit] / MASS[self.unit]
        if dose.unit in conversions:
            return amount * conversions[dose.unit]
        for unit, factor in conversions.items():
            if unit in MASS and dose.unit in MASS:
                return amount * MASS[dose.unit] / MASS[unit] * factor
        return None


_ENTRY_KEYS = (
    "nutrient",
    "terms",
    "not_terms",
    "limit",
    "conversions",
    "forms",
    "applies_to",
    "band",
    "note",
    "source",
)


def load_limits(text: str, path: str) -> tuple[Limit, ...]:
    """Validate and compile an upper-limits data file; errors are `path:line: message`."""
    out = []
    required = ("nutrient", "terms", "limit", "applies_to", "band", "source")
    for entry, fail in entries(text, path, "an upper-limits file", "entry", _ENTRY_KEYS, required):
        nutrient = entry["nutrient"]
        terms = compile_terms(entry["terms"], fail, "terms")
        not_terms = compile_terms(entry["not_terms"], fail, "not_terms") if "not_terms" in entry else None
        limit = entry["limit"]
        if not isinstance(limit, Mapping) or set(limit) != {"amount", "unit"}:
            raise fail("'limit' must be a mapping with 'amount' and 'unit'", "limit")
        if not isinstance(limit["amount"], (int, float)) or isinstance(limit["amount"], bool) or limit["amount"] <= 0:
            raise fail("'limit.amount' must be a positive number", "limit")
        if limit["unit"] not in (*MASS, "IU"):
            raise fail("'limit.unit' must be mg, mcg, g or IU", "limit")
        conversions = entry.get("conversions", {})
        if not isinstance(conversions, Mapping) or not all(
            u in ("IU", *MASS) and isinstance(f, (int, float)) and f > 0 for u, f in conversions.items()
        ):
            raise fail("'conversions' maps a unit (IU, mg, mcg, g) to a positive factor", "conversions")
        forms = []
        for form in entry.get("forms", []) or []:
            if not isinstance(form, Mapping) or set(form) != {"terms", "conversions"}:
                raise fail("each of 'forms' is a mapping with 'terms' and 'conversions'", "forms")
            own = form["conversions"]
            if not isinstance(own, Mapping) or not all(
                u in ("IU", *MASS) and isinstance(f, (int, float)) and f > 0 for u, f in own.items()
            ):
                raise fail("'forms' conversions map a unit (IU, mg, mcg, g) to a positive factor", "forms")
            forms.append((compile_terms(form["terms"], fail, "forms"), dict(own)))
        source = entry["source"]
        if not isinstance(source, Mapping) or not all(
            isinstance(source.get(k), str) and source[k].strip() for k in ("short", "title")
        ):
            raise fail("'source' needs a 'short' label and a 'title' (and an optional 'url')", "source")
        url = source.get("url")
        if url is not None and not (isinstance(url, str) and url.startswith(("https://", "http://"))):
            raise fail("'source.url' must be an http(s) URL", "source")
        for key in ("applies_to", "band", "note"):
            if key in entry and not (isinstance(entry[key], str) and entry[key].strip()):
                raise fail(f"{key!r} must be a non-empty string", key)
        out.append(
            Limit(
                nutrient=str(nutrient),
                terms=terms,
                not_terms=not_terms,
                amount=float(limit["amount"]),
                unit=limit["unit"],
                conversions=dict(conversions),
                applies_to=entry["applies_to"],
                band=entry["band"],
                note=entry.get("note", ""),
                source_short=source["short"],
                source_title=source["title"],
                source_url=url,
                forms=tuple(forms),
            )
        )
    return tuple(out)


def format_amount(value: float) -> str:
    """1234.0 -> "1,234"; 2.5 -> "2.5"."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
