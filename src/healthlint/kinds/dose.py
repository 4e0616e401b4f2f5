"""`dose`: fact-check dose and intake figures ("take 200-400 mg of magnesium daily").

Every dose-shaped figure is classified by the cue lexicons of the rule packs, looked up in its
clause and sentence:

- `dose-supervised`  prescribed or medically supervised doses            -> "supervised"
- `dose-product`     a product's composition ("each capsule contains")    -> "product" (not a dose)
- `food-sources`     + `dose-food-content`: nutrient content of a food    -> "food" (not a dose)
- `dose-study`       what a trial gave its participants                   -> "study"
- `dose-intake`      RDAs, upper limits, what adults need                 -> "intake"
- `dose-personal`    the writer's own routine ("I take")                  -> "personal"
- `dose-recommend`   advice to take an amount ("take", "a typical dose")  -> "recommended"
- otherwise, a figure with a frequency ("400 mg daily")                   -> "regimen"
- a bound: after "more than", "no more than", "limited to"..., before "or less" -> "limit"
  ("or more" too, unless the clause advises taking the amount and names no harm)

`check: unsourced` flags every dose figure but product and food content with no citation and no
named authority (one finding per sentence; one per table or list of doses, unless its heading,
caption or introduction names the source). `check: no-range` flags recommended single amounts
without a range or individualisation (`dose-individualised`). `check: exceeds-limit` compares
recommended daily amounts (frequency and units applied) with the upper-limit table named by
`limits` (a data file next to the pack).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import regex

from ..doses import COUNT_UNITS, Dose, Limit, canonical_unit, find_doses, format_amount, load_limits

FIELDS = ("check", "limits")
SCOPES = ("sentence",)
DEFAULT_SCOPE = "sentence"
CHECKS = ("unsourced", "no-range", "exceeds-limit")
CUES = (
    "dose-supervised",
    "dose-product",
    "food-sources",
    "dose-food-content",
    "dose-study",
    "dose-intake",
    "dose-personal",
    "dose-recommend",
    "dose-individualised",
    "supplements",
    "trusted-sources",
)
LIMIT_PREFIXES = frozenset(
    {
        "no more than", "not more than", "less than", "more than", "over", "above", "under", "below",
        "at most", "maximum of", "a maximum of", "exceeding", "in excess of", "higher than", "beyond",
    }
)  # fmt: skip
_TABLE_DOSES = regex.compile(
    r"(?i)\b(?:how much|dose|doses|dosage|dosing|amount to take|daily amount|how many|when to take|how to take|"
    r"how to use|directions|suggested use|my stack|protocol)\b"
)
_PANEL = regex.compile(
    r"(?i)supplement facts|nutrition facts|amount per (?:serving|capsule|tablet|softgel|gummy)|serving size|"
    r"%\s*(?:DV|daily value)|\bdaily value\b|servings per container"
)
_TABLE_PRODUCT = regex.compile(
    r"(?i)supplement facts|nutrition facts|amount per (?:serving|capsule|tablet)|serving size|%\s*(?:DV|daily value)|"
    r"\bdaily value\b|servings per container|[$£€]\s?[0-9]|\bprice\b|\brating\b|\b[0-9](?:\.[0-9])?\s?/\s?5\b|"
    r"per (?:tablet|capsule|softgel|gummy|serving)"
)
_OF_SUBSTANCE = regex.compile(
    r"(?i)\s*(?:\([^)]{0,40}\)\s*)?(?:of\s+|doses?\s+of\s+)(?:elemental\s+|supplemental\s+|extra\s+)?"
)


def compile(reader: Any, lexicons: Mapping[str, list[str]]) -> dict[str, Any]:
    check = reader.choice("check", CHECKS)
    cues = {}
    for name in CUES:
        if name not in lexicons:
            raise reader.fail(f"kind 'dose' needs the lexicon {name!r}", "kind")
        cues[name] = reader.terms("kind", {"lexicons": [name]}, lexicons)
    limits: tuple[Limit, ...] = ()
    if check == "exceeds-limit":
        path = reader.get("limits", str, required=True)
        display, text = reader.data_file("limits", path)
        limits = load_limits(text, display)
    elif "limits" in reader.spec:
        raise reader.fail("'limits' only applies to check: exceeds-limit", "limits")
    return {"check": check, "cues": cues, "limits": limits}


def placeholders(params: Mapping[str, Any]) -> tuple[str, ...]:
    if params["check"] == "exceeds-limit":
        return ("dose", "daily", "limit", "nutrient", "applies_to", "band", "source", "note")
    return ("dose", "context")


def describe(params: Mapping[str, Any]) -> list[str]:
    """The upper-limit table, for `healthlint explain`."""
    if not params["limits"]:
        return []
    out = ["Upper limits checked (adults; per day):"]
    for limit in params["limits"]:
        converts = ", ".join(f"1 {u} = {format_amount(f)} {limit.unit}" for u, f in limit.conversions.items())
        out.append(
            f"  - {limit.nutrient}: {format_amount(limit.amount)} {limit.unit} a day for {limit.band}; "
            f"covers {limit.applies_to}" + (f"; {converts}" if converts else "")
        )
        out.append(f"      source: {limit.source_title}" + (f" <{limit.source_url}>" if limit.source_url else ""))
    return out


def check(rule: Any, doc: Any, ctx: Any) -> Iterator[Any]:
    from . import Hit

    params = rule.params
    cues = params["cues"]
    mode = params["check"]
    prose = doc.prose
    groups = ctx.shared("dose-groups", lambda d: _groups(d, cues))  # the dose rules share the tables and lists
    reported_groups: set[int] = set()
    reported_sentences: set[tuple[int, int]] = set()
    composition: Composition | None = None
    for index, sentence in enumerate(doc.sentences):
        block = doc.blocks[sentence.block]
        if block.kind == "reference":
            continue
        group = groups.get(sentence.block)
        if group is not None and group[2] == "product":
            continue
        doses = _doses(ctx, index)
        if not doses:
            continue  # most sentences: nothing below applies
        if block.kind != "table_cell" and _PANEL.search(prose, sentence.start, sentence.end):
            continue  # a Supplement Facts panel or a "% of the Daily Value" statement: composition
        if ctx.question(sentence.start):
            continue  # "Can I take 2 tablets instead of 3?" asks; it states no dose
        for position, dose in enumerate(doses):
            if dose.alias:
                continue
            stated = _stated_amount(doses, position)
            spoon = dose.unit in ("teaspoons", "tablespoons")
            if (
                spoon
                and dose.per_day is None
                and not _near(cues["supplements"], prose, dose, sentence.start, sentence.end, 0, 4)
            ):
                continue  # "1 tsp raw honey" is a recipe; "a tablespoon of cod liver oil daily" is a dose
            memo_key = ("dose-context", dose.start)
            if memo_key not in ctx.memo:
                ctx.memo[memo_key] = _classify(dose, sentence, doc, ctx, cues)
            context = ctx.memo[memo_key]
            if group is not None and group[3] == "table" and context in (None, "regimen", "recommended"):
                context = group[2]  # "table" (doses), "intake-table" (reference values)
            if context in (None, "product", "food"):
                continue
            values = {"dose": dose.text, "context": context}
            if mode == "unsourced":
                # one finding per sentence (per line of a sentence that runs over lines unpunctuated)
                where = (index, doc.source.position(dose.start)[0] if "\n" in prose[sentence.start : dose.start] else 0)
                if where in reported_sentences or _sourced(sentence, ctx, cues):
                    continue
                if _restated(dose, index, doc, ctx, cues):
                    continue
                if group is not None:
                    key = group[0]
                    if key in reported_groups:
                        continue
                    reported_groups.add(key)
                    if _group_sourced(group, doc, ctx, cues):
                        continue
                reported_sentences.add(where)
                yield Hit(dose.start, dose.end, values)
            elif mode == "no-range":
                if context not in ("recommended", "regimen", "personal", "table") or dose.ranged or dose.prefix:
                    continue
                if cues["dose-individualised"].search(prose, sentence.start, sentence.end):
                    continue
                if group is not None and _group_sourced(group, doc, ctx, cues):
                    continue  # a table or list of an authority's recommended amounts
                yield Hit(dose.start, dose.end, values)
            else:
                if context not in ("recommended", "regimen", "personal", "table") or dose.prefix in LIMIT_PREFIXES:
                    continue
                if stated is not None:  # "one softgel (5,000 IU) a day": the amount is stated
                    found = _limit_for(stated, sentence, doc, ctx, params["limits"], cues)
                elif dose.unit in COUNT_UNITS:
                    if composition is None:
                        composition = _composition(doc, params["limits"], cues)
                    found = _count_over_limit(dose, composition)
                else:
                    found = _limit_for(dose, sentence, doc, ctx, params["limits"], cues)
                if found is None:
                    continue
                limit, amount = found
                if amount <= limit.amount * 1.0001:
                    continue
                values.update(
                    daily=f"{format_amount(amount)} {limit.unit}",
                    limit=f"{format_amount(limit.amount)} {limit.unit}",
                    nutrient=limit.nutrient,
                    applies_to=limit.applies_to,
                    band=limit.band,
                    source=limit.source_short,
                    note=limit.note,
                    source_title=limit.source_title,
                    source_url=limit.source_url or "",
                )
                yield Hit(dose.start, dose.end, values)


_CLAUSE = regex.compile(
    r"(?i);|\s[—–]\s|\b(?:but|however|although|though|whereas|while|unlike|because|since|so that|which means)\b"
    r"|,\s+(?:and|so|or|which)\b"
)
_WORDS = regex.compile(r"[\p{L}\p{N}'’-]+")
_CONVERSION = regex.compile(
    r"(?i)\b(?:counts? as|equals?|equal to|equivalent to|is the same as|the same as|works out (?:to|at)|converts? to|"
    r"corresponds? to|translates? to)\b|\s=\s"
)
_GENERIC = regex.compile(
    r"(?i)(?:supplements?|supplementation|supplementing|powders?|capsules?|tablets?|gumm(?:y|ies)|softgels?|pills?|"
    r"drops|these \w+|our \w+|botanicals?|adaptogens?|vitamins|minerals?|multivitamins?|electrolytes?)"
)
_COPY_ME = regex.compile(
    r"(?i)\b(?:should|could|must) (?:\w+ ){0,2}?(?:do|doing) the same|you should too"
    r"|(?:I|we) (?:highly |strongly )?recommend"
)
# "Vitamin C: 500 mg with each meal" - a dosing list entry
_LABELLED = regex.compile(r"\W*[\p{L}][\p{L}\p{N} ()'’.,+-]{1,60}:\s*(?:an?\s+)?\d")
_ADVISES = regex.compile(
    r"(?i)\b(?:recommends?|recommended|advises?|advised|suggests?|sets?|lists?|says?|guidance|guideline)\b"
)
# A bound after the figure: "500 mg or less at a time" (a ceiling, like "no more than" before it);
# "100 mg or more a day can cause..." (a threshold, unless the clause advises taking it)
_BOUND_AFTER = regex.compile(
    r"(?i)\s*(?:(?:a|per|each|every) day\s+|daily\s+)?(?:(?P<ceiling>or (?:less|fewer|lower|under|below)\b"
    r"|(?:and|or) (?:under|below)\b|at (?:the )?most\b|max(?:imum)?\b)|or (?:more|greater|higher|above|over)\b"
    r"|and (?:up|upwards|above|over)\b)"
)
# A ceiling before the figure: "caffeine should be limited to 200 mg a day", "keep it under 2 g"
# ("keep the dose at 200 mg" is advice, not a ceiling)
_CEILING_BEFORE = regex.compile(
    r"(?i)\b(?:(?:limit(?:s|ed|ing)?|cap(?:s|ped|ping)?|restrict(?:s|ed|ing)?)(?:\s+[\w'’]+){0,4}?\s+(?:to|at|under|below|within)"
    r"|(?:keep(?:s|ing)?|stay(?:s|ing)?)(?:\s+[\w'’]+){0,4}?\s+(?:under|below|within))\s+(?:about\s+|around\s+|roughly\s+)?$"
)
_HARM = regex.compile(
    r"(?i)\b(?:can|could|may|might|will|does|do|is known to|are known to)\s+(?:\w+\s+)?"
    r"(?:cause|lead to|result in|trigger|raise the risk|increase the risk|harm|damage|be toxic|be dangerous)\b"
    r"|\b(?:causes|caused|toxic|toxicity|poisoning)\b"
)
_FORM_WORD = regex.compile(r"(?i)(?:capsule|tablet|softgel|gumm(?:y|ies)|lozenge|pill|caplet)s?$")
_WARNING = regex.compile(
    r"(?i)\b(?:do not|don't|dont|never|avoid|stop|shouldn't|should not|must not|mustn't|cannot|can't|no need to)\s+"
    r"(?:\w+\s+){0,2}?(?:take|taking|exceed|exceeding|use|using|give|giving|double|doubling|go over|go above|"
    r"switch|switching|increase|increasing|raise|raising|up)\b"
)


def _clause(dose: Dose, sentence: Any, prose: str) -> tuple[int, int]:
    """The clause around a dose: parentheses and colons stay in (they hold unit conversions and
    labels), contrast words and semicolons cut."""
    a, b = sentence.start, sentence.end
    left = a
    for m in _CLAUSE.finditer(prose, a, dose.start):
        left = m.end()
    m = _CLAUSE.search(prose, dose.end, b)
    return left, (m.start() if m else b)


def _near(pattern: regex.Pattern[str], prose: str, dose: Dose, lo: int, hi: int, before: int, after: int) -> bool:
    """Whether `pattern` matches within `before` words before the dose or `after` words after it."""
    words = list(_WORDS.finditer(prose, lo, dose.start))
    start = dose.start if before <= 0 else words[-before].start() if len(words) >= before else lo
    words = list(_WORDS.finditer(prose, dose.end, hi))
    end = dose.end if after <= 0 else words[after - 1].end() if len(words) >= after else hi
    return pattern.search(prose, start, end) is not None


def _classify(dose: Dose, sentence: Any, doc: Any, ctx: Any, cues: Mapping[str, regex.Pattern[str]]) -> str | None:
    prose = doc.prose
    a, b = sentence.start, sentence.end
    ca, cb = _clause(dose, sentence, prose)
    if _CONVERSION.search(prose, max(ca, dose.start - 25), min(cb, dose.end + 25)):
        return None  # "1 mcg of folic acid counts as 1.7 mcg DFE": a unit conversion, not a dose
    if _WARNING.search(prose, ca, cb):
        # "do not take several 400 microgram tablets": a warning (the tablet's strength is not a dose)
        return "product" if cues["dose-product"].search(prose, ca, cb) else "limit"
    advice = cues["dose-recommend"].search(prose, ca, cb) is not None
    own_form = _FORM_WORD.search(dose.text) is not None  # "a 500 mg capsule": the dose names its unit
    if not own_form and dose.unit not in COUNT_UNITS and _near(cues["dose-product"], prose, dose, ca, cb, 3, 3):
        return "product"  # "at 60 mg per gummy", "each capsule contains 120 mg"
    if not advice and cues["dose-product"].search(prose, ca, cb):
        return "product"
    previous = doc.sentences[ctx.doc.sentence_index(a) - 1] if ctx.doc.sentence_index(a) > 0 else None
    if cues["dose-supervised"].search(prose, a, b) or (
        previous is not None
        and previous.block == sentence.block
        and cues["dose-supervised"].search(prose, previous.start, previous.end)
    ):
        return "supervised"
    if _near(cues["food-sources"], prose, dose, ca, cb, 6, 5) and cues["dose-food-content"].search(prose, ca, cb):
        if not advice or _near(cues["food-sources"], prose, dose, ca, cb, 3, 3):
            return "food"
    if dose.prefix in LIMIT_PREFIXES:
        return "limit"
    if _CEILING_BEFORE.search(prose, max(ca, dose.start - 80), dose.start):
        return "limit"
    bound = _BOUND_AFTER.match(prose, dose.end, cb)
    if bound is not None and (bound.group("ceiling") or not advice or _HARM.search(prose, ca, cb)):
        return "limit"
    if cues["dose-study"].search(prose, a, b):
        return "study"
    official = cues["trusted-sources"].search(prose, ca, cb) and _ADVISES.search(prose, ca, cb)
    if cues["dose-intake"].search(prose, ca, cb) or official:
        return "intake"  # reference values, and an official body's recommended amount
    if cues["dose-personal"].search(prose, ca, cb) and not _COPY_ME.search(prose, a, b):
        return "personal"
    if advice or cues["dose-recommend"].search(prose, a, b):
        return "recommended"
    if dose.per_day is not None or _LABELLED.match(prose, a):
        return "regimen"  # "400 mg daily", "Niacin: a 500 mg dose before the sauna"
    return None


def _stated_amount(doses: list[Dose], position: int) -> Dose | None:
    """For a count of units followed by its amount in brackets ("one softgel (5,000 IU) daily"),
    the amount, taken as often as the units are."""
    dose = doses[position]
    if dose.unit not in COUNT_UNITS or position + 1 >= len(doses):
        return None
    alias = doses[position + 1]
    if not alias.alias or alias.unit in COUNT_UNITS:
        return None
    per_day = alias.per_day if alias.per_day is not None else dose.per_day
    return Dose(alias.start, alias.end, alias.low, alias.high, alias.unit, alias.ranged, "", per_day, alias.text)


def _doses(ctx: Any, index: int) -> list[Dose]:
    """The doses in sentence `index`, found once per document (the dose rules share them)."""
    key = ("doses", index)
    found = ctx.memo.get(key)
    if found is None:
        sentence = ctx.doc.sentences[index]
        found = ctx.memo[key] = find_doses(ctx.doc.prose, sentence.start, sentence.end)
    return found


def _restated(dose: Dose, index: int, doc: Any, ctx: Any, cues: Mapping[str, regex.Pattern[str]]) -> bool:
    """The same amount was given, with its source, in one of the three sentences before (in the
    same block): "Your GP may prescribe 5 mg a day [3]. Don't switch to 5 mg on your own." """
    block = doc.sentences[index].block
    for k in range(index - 1, max(-1, index - 4), -1):
        earlier = doc.sentences[k]
        if earlier.block != block:
            break
        for other in _doses(ctx, k):
            if other.unit == dose.unit and other.high == dose.high and _sourced(earlier, ctx, cues):
                return True
    return False


def _sourced(sentence: Any, ctx: Any, cues: Mapping[str, regex.Pattern[str]]) -> bool:
    if ctx.cited(sentence.start):
        return True
    return cues["trusted-sources"].search(ctx.doc.prose, sentence.start, sentence.end) is not None


def _group_sourced(
    group: tuple[int, int, str, str], doc: Any, ctx: Any, cues: Mapping[str, regex.Pattern[str]]
) -> bool:
    """A table or list of doses is sourced when one of its own entries, its caption, the heading
    above it, the paragraph introducing it or the note right under it carries a citation or names
    an authority."""
    first, last = group[0], group[1]
    blocks = doc.blocks
    around = [*range(first, last + 1)]
    if first > 0:
        around.append(first - 1)
        for k in range(first - 1, -1, -1):
            if blocks[k].kind == "heading":
                around.append(k)
                break
    if last + 1 < len(blocks):
        around.append(last + 1)
    for k in around:
        block = blocks[k]
        if cues["trusted-sources"].search(doc.prose, block.start, block.end):
            return True
        s = doc.sentence_index(block.start)
        while 0 <= s < len(doc.sentences) and doc.sentences[s].start < block.end:
            if ctx.cited(doc.sentences[s].start):
                return True
            s += 1
    return False


def _groups(doc: Any, cues: Mapping[str, regex.Pattern[str]]) -> dict[int, tuple[int, int, str, str]]:
    """Runs of table cells and of list items: block index -> (first block, last block, kind
    role: "product" for a Supplement Facts panel, "intake-table" for reference values, "table" for
    a table of recommended doses, "dose" for a list; and "table" or "list")."""
    out: dict[int, tuple[int, int, str, str]] = {}
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        kind = blocks[i].kind
        if kind not in ("table_cell", "list_item"):
            i += 1
            continue
        j = i
        while j + 1 < len(blocks) and blocks[j + 1].kind == kind:
            j += 1
        text = doc.prose[blocks[i].start : blocks[j].end]
        if kind == "table_cell":
            if _TABLE_PRODUCT.search(text):
                role = "product"
            elif cues["dose-intake"].search(text) or not (
                cues["dose-recommend"].search(text) or _TABLE_DOSES.search(text)
            ):
                role = "intake-table"
            else:
                role = "table"
        else:
            # a run of short items lists doses; long items (FAQ answers, steps) stand alone
            lengths = [len(_WORDS.findall(doc.prose, blocks[k].start, blocks[k].end)) for k in range(i, j + 1)]
            if sum(n > 20 for n in lengths) * 3 > len(lengths):
                for k in range(i, j + 1):
                    out.pop(k, None)
                i = j + 1
                continue
            role = "dose"
        entry = (i, j, role, "table" if kind == "table_cell" else "list")
        for k in range(i, j + 1):
            out[k] = entry
        i = j + 1
    return out


def _limit_for(
    dose: Dose, sentence: Any, doc: Any, ctx: Any, limits: tuple[Limit, ...], cues: Mapping[str, regex.Pattern[str]]
) -> tuple[Limit, float] | None:
    """The upper limit that applies to the dose, with the dose's daily amount in the limit's unit."""
    prose = doc.prose
    a, b = ctx.clause(dose.start, dose.end)
    a = min(a, sentence.start) if a > dose.start else a
    named = _OF_SUBSTANCE.match(prose, dose.end)
    candidates: list[tuple[int, Limit]] = []
    for limit in limits:
        for m in limit.terms.finditer(prose, sentence.start, sentence.end):
            if limit.not_terms is not None and limit.not_terms.search(
                prose, max(sentence.start, m.start() - 30), min(sentence.end, m.end() + 30)
            ):
                continue
            distance = m.start() - dose.end if m.start() >= dose.end else dose.start - m.end()
            if named and m.start() == named.end():
                distance = -1  # "400 mg of magnesium"
            candidates.append((distance, limit))
    if named and not any(d == -1 for d, _ in candidates):
        return None  # "500 mg of ashwagandha": a substance with no upper limit in the table
    if not candidates and any(
        limit.not_terms is not None and limit.not_terms.search(prose, sentence.start, sentence.end) for limit in limits
    ):
        return None  # "Beta-carotene: 15 mg": a form no upper limit covers
    if not candidates:
        others = [
            m
            for m in cues["supplements"].finditer(prose, sentence.start, sentence.end)
            if not _GENERIC.fullmatch(m.group())
        ]
        if others:
            return None
        kind = doc.blocks[sentence.block].kind
        if kind == "table_cell":
            # a table row names its nutrient in another cell, or else the section is about one
            limit = _row_limit(sentence, doc, limits)
            if limit is None and not _row_names_other(sentence, doc, cues):
                limit = _topic_limit(sentence, doc, limits)
        elif kind == "list_item":
            limit = _topic_limit(sentence, doc, limits)
        else:
            limit = _context_limit(sentence, doc, limits) or _topic_limit(sentence, doc, limits)
        if limit is None:
            return None
        candidates = [(0, limit)]
    candidates.sort(key=lambda c: c[0])
    limit = candidates[0][1]
    amount = limit.in_unit(dose, prose[max(sentence.start, dose.start - 80) : min(sentence.end, dose.end + 80)])
    if amount is None:
        return None
    return limit, amount


_PER_UNIT = regex.compile(
    r"(?i)\b(?:each|per|one|a single|every|1)\s+(?:[\w-]+\s+){0,2}?(?P<unit>capsules?|caps|softgels?|tablets?|"
    r"caplets?|pills?|lozenges?|chewables?|gumm(?:y|ies)|scoops?|sachets?|sticks?|packets?|drops?|droppers?(?:ful)?|sprays?|servings?|doses?)\b"
)
_AMOUNT_PER = regex.compile(
    r"(?i)amount\s+per\s+(?P<unit>capsules?|softgels?|tablets?|caplets?|gumm(?:y|ies)|lozenges?|scoops?|sachets?|servings?)\b"
)
_SERVING_SIZE = regex.compile(
    r"(?i)serving\s+size\s*:?\s*(?P<n>[0-9]+|one|two|three|four|five|six)\s+(?P<unit>capsules?|softgels?|tablets?|caplets?|"
    r"gumm(?:y|ies)|lozenges?|scoops?|sachets?|drops?|droppers?(?:ful)?|sprays?)\b"
)
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


Composition = list[tuple[int, str, dict[str, tuple[Limit, float]]]]


def _composition(doc: Any, limits: tuple[Limit, ...], cues: Mapping[str, regex.Pattern[str]]) -> Composition:
    """What one capsule, tablet, gummy... of the product holds, per nutrient with an upper limit:
    from sentences such as "each tablet contains 1,000 mg of vitamin C" and from Supplement Facts
    panels ("Amount per serving", with "Serving size: 2 capsules"). One entry per statement or
    panel, (where, unit, nutrient -> (limit, amount per unit)), so that a roundup's products stay apart."""
    prose = doc.prose
    out: Composition = []

    def record(unit: str | None, divisor: float, a: int, b: int) -> None:
        if unit is None or divisor <= 0:
            return
        held: dict[str, tuple[Limit, float]] = {}
        for dose in find_doses(prose, a, b):
            if dose.unit in COUNT_UNITS or dose.alias:
                continue
            line_start = prose.rfind("\n", a, dose.start) + 1
            line_end = prose.find("\n", dose.end, b)
            window = (max(a, line_start), b if line_end < 0 else line_end) if b - a > 300 else (a, b)
            best = None
            for limit in limits:
                for m in limit.terms.finditer(prose, *window):
                    if limit.not_terms is not None and limit.not_terms.search(
                        prose, max(a, m.start() - 30), min(b, m.end() + 30)
                    ):
                        continue
                    distance = abs(m.start() - dose.start)
                    if best is None or distance < best[0]:
                        best = (distance, limit)
            if best is None:
                continue
            limit = best[1]
            single = Dose(
                dose.start, dose.end, dose.high / divisor, dose.high / divisor, dose.unit, False, "", None, dose.text
            )
            amount = limit.in_unit(single)
            if amount is not None:
                held.setdefault(limit.nutrient, (limit, amount))
        if held:
            out.append((a, unit, held))

    for sentence in doc.sentences:
        m = _PER_UNIT.search(prose, sentence.start, sentence.end)
        if m and cues["dose-product"].search(prose, sentence.start, sentence.end):
            unit = canonical_unit(m.group("unit"))
            if unit in COUNT_UNITS:
                record(unit, 1.0, sentence.start, sentence.end)
    serving = _SERVING_SIZE.search(prose)
    for block_index, block in enumerate(doc.blocks):
        head = _AMOUNT_PER.search(prose, block.start, block.end)
        if head is None:
            continue
        unit = canonical_unit(head.group("unit"))
        divisor = 1.0
        if unit is None and serving is not None:  # "Amount per serving" with "Serving size: 2 capsules"
            raw = serving.group("n").lower()
            divisor = float(_SMALL.get(raw) or int(raw))
            unit = canonical_unit(serving.group("unit"))
        end = block.end
        k = block_index + 1
        if block.kind == "table_cell":
            while k < len(doc.blocks) and doc.blocks[k].kind == "table_cell":
                end = doc.blocks[k].end  # the rest of a Supplement Facts table
                k += 1
        else:
            while k < len(doc.blocks) and k <= block_index + 3 and doc.blocks[k].kind != "heading":
                end = doc.blocks[k].end  # a plain-text panel: the lines under its header
                k += 1
        record(unit, divisor, block.start, end)
    out.sort(key=lambda c: c[0])
    return out


def _count_over_limit(dose: Dose, composition: Composition) -> tuple[Limit, float] | None:
    """For "take 3 tablets daily": the first nutrient whose daily amount goes over its limit, using
    the nearest statement of what one tablet holds (before the dose, else after it)."""
    same = [c for c in composition if c[1] == dose.unit]
    before = [c for c in same if c[0] <= dose.start]
    source = before[-1] if before else (same[0] if same else None)
    if source is None:
        return None
    count = dose.daily_high
    for limit, amount in source[2].values():
        total = count * amount
        if total > limit.amount * 1.0001:
            return limit, total
    return None


def _row(sentence: Any, doc: Any) -> tuple[int, int]:
    """The source line(s) around a table cell: its row."""
    text = doc.text
    end = text.find("\n", sentence.end)
    return text.rfind("\n", 0, sentence.start) + 1, len(text) if end < 0 else end


def _row_limit(sentence: Any, doc: Any, limits: tuple[Limit, ...]) -> Limit | None:
    """The nutrient named in another cell of the same table row (the same source line)."""
    line_start, line_end = _row(sentence, doc)
    named = {
        limit.nutrient: limit
        for limit in limits
        for m in limit.terms.finditer(doc.prose, line_start, line_end)
        if not (limit.not_terms is not None and limit.not_terms.search(doc.prose, line_start, line_end))
    }
    return next(iter(named.values())) if len(named) == 1 else None


def _row_names_other(sentence: Any, doc: Any, cues: Mapping[str, regex.Pattern[str]]) -> bool:
    """Whether the row names a supplement other than a nutrient ("| Glucosamine sulfate | 1,500 mg |")."""
    line_start, line_end = _row(sentence, doc)
    return any(not _GENERIC.fullmatch(m.group()) for m in cues["supplements"].finditer(doc.prose, line_start, line_end))


def _context_limit(sentence: Any, doc: Any, limits: tuple[Limit, ...]) -> Limit | None:
    """The nutrient the text was just talking about: the nearest of the five previous sentences
    (not crossing a heading) that names exactly one nutrient of the table."""
    index = doc.sentence_index(sentence.start)
    for k in range(index - 1, max(-1, index - 6), -1):
        earlier = doc.sentences[k]
        block = doc.blocks[earlier.block]
        if block.kind == "heading":
            return None
        named = {limit.nutrient: limit for limit in limits if limit.terms.search(doc.prose, earlier.start, earlier.end)}
        if len(named) == 1:
            return next(iter(named.values()))
        if named:
            return None
    return None


def _topic_limit(sentence: Any, doc: Any, limits: tuple[Limit, ...]) -> Limit | None:
    """The nutrient of the nearest heading above the sentence, else of the article's title, when
    that heading names exactly one nutrient of the table."""
    heading_texts = []
    for block in doc.blocks[: sentence.block][::-1]:
        if block.kind == "heading":
            heading_texts.append(doc.prose[block.start : block.end])
            break
    for block in doc.blocks:
        if block.kind == "heading":
            heading_texts.append(doc.prose[block.start : block.end])
            break
    for text in heading_texts:
        named = [limit for limit in limits if limit.terms.search(text)]
        if len(named) == 1:
            return named[0]
        if named:
            return None
    return None
