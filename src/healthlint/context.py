"""Per-document evidence the rule modifiers need: citations, hedges, negation and quotation."""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import regex

from . import patterns
from .document import Document
from .patterns import alternation, compile_regex
from .prefilter import Prefilter

if TYPE_CHECKING:
    from .kinds import Hit
    from .native import Found
    from .rules import Rule

CITATION_MARKERS = compile_regex(
    r"\[\^?[0-9]{1,3}(?:\s*[-–,]\s*[0-9]{1,3})*\]"  # [1] [1, 2] [1-3] [^1]
    r"|[¹²³⁴⁵⁶⁷⁸⁹⁰]+"  # superscript digits
    r"|<sup\b[^>]*>\s*(?:<a\b[^>]*>\s*)?\[?[0-9]"  # HTML <sup>1</sup>, <sup><a href="#r1">1</a></sup>
    r"|\((?:(?:van|von|de|der|den|da|di|du|del|le|la|ter|ten)\s+)*(?-i:[A-Z][\p{L}'’-]+)(?:\s+et\s+al\.?|\s+and\s+colleagues|\s+(?:and|&)\s+(?-i:[A-Z][\p{L}'’-]+))?,?\s+(?:19|20)[0-9]{2}[a-z]?(?:[;,][^)]{0,80})?\)"
    r"|(?-i:[A-Z][\p{L}'’-]+)\s+(?:et\s+al\.?|and\s+colleagues|(?:and|&)\s+(?-i:[A-Z][\p{L}'’-]+))\s+\((?:19|20)[0-9]{2}[a-z]?\)"
    r"|\((?:(?:van|von|de|der|den|da|di|du|del|le|la|ter|ten)\s+)*(?-i:[A-Z][\p{L}'’-]+)\s+et\s+al\.?(?:,[^)]{1,120})?\)"  # (de Miranda et al., Journal)
    r"|\b(?i:a|an|one|the|this|that|its|their|(?:the\s+)?(?:trial|study|team|group|authors|researchers|agency|panel)['’]s?)\s+(?:19|20)[0-9]{2}\s+(?i:(?:Cochrane|systematic|randomi[sz]ed|controlled|double-blind|clinical|large|small|scientific|final)\s+){0,3}(?i:review|meta-analysis|trial|study|analysis|guideline|report|statement|paper|opinion)"  # "a 2019 systematic review", "A 2019 study", "the trial's 2015 report"
    r"|\bdoi:\s*10\.|\bPMID:?\s*[0-9]{5,}"
    # "a review by Harri Hemilä (2017, JRSM Open)", "(2017, JRSM Open)"
    r"|\bby\s+(?-i:[A-Z][\p{L}'’-]+)(?:\s+(?-i:[A-Z][\p{L}'’-]+)){0,2}\s+\((?:19|20)[0-9]{2}[a-z]?[,;)]"
    r"|\((?:19|20)[0-9]{2}[a-z]?,[ \t]+(?-i:[A-Z])[^()\n]{1,80}\)"
    # a group or trial as author: "(HPS2-THRIVE Collaborative Group, 2014)", "(NIH ODS, 2022)"
    r"|\((?!(?:January|February|March|April|May|June|July|August|September|October|November|December|Spring|"
    r"Summer|Autumn|Fall|Winter|Updated|Published|Reviewed|Accessed|Since|Until|In|As of)\b)"
    r"(?-i:[A-Z][\p{L}\p{N}'’.-]*)(?:[ \t]+(?:of[ \t]+|and[ \t]+|&[ \t]+)?(?-i:[A-Z][\p{L}\p{N}'’.-]*)){0,5},?[ \t]+"
    r"(?:19|20)[0-9]{2}[a-z]?\)",
    ignorecase=False,
)
_CLAUSE_BREAK = compile_regex(
    r"[;—–()]|(?<!\bnot|\bnever):|\s-\s|\b(?:but|however|although|though|whereas|while|yet|unlike)\b|,\s+(?:and|so|which)\b"
)
# A straight quote opens after whitespace or an opening bracket and closes before whitespace or
# punctuation; curly and angle quotes pair unambiguously.
_QUOTES = regex.compile(
    r"(?:(?<=^|[\s(\[{—–-])\"(?=\S))(?:[^\"]|\"(?=\w)){1,400}?(?:(?<=\S)\"(?=$|[\s.,;:!?)\]}—–-]))"
    r"|“[^”]{1,400}”|«[^»]{1,400}»|(?:(?<=^|[\s(\[{—–-])‘(?=\S))[^’]{1,200}?’(?=$|[\s.,;:!?)\]}—–-])"
)
_WORD = regex.compile(r"[\p{L}\p{N}'’]+")
_SELF_CITED = regex.compile(
    r"(?i)\b(?:its|their|our|[\p{L}\p{N}-]+(?:'s|’s)) own (?:\w+ )?(?:lab|labs|laboratory|data|study|studies|research|"
    r"tests?|testing|surveys?|trials?|analysis|figures|numbers|results|customers?|review)\b|\bin-house (?:\w+ )?(?:data|"
    r"study|studies|research|tests?|testing|survey|trial)\b"
)
# A sentence that reports more of a study introduced earlier ("By the end of the study, 9.6%...",
# "In that group...", "The researchers also found..."): it is covered by an earlier citation.
_STUDY_NOUN = r"(?:study|trial|review|analysis|paper|team|researchers|authors|investigators)"
_STUDY_BACKREF = regex.compile(
    r"(?i)\W*(?:(?:by|at) the end of (?:the|that|this) (?:study|trial|follow-up)"
    r"|(?:in|during|over|throughout) (?:the|that|this) (?:same )?(?:study|trial|follow-up period)\b"
    r"|in (?:that|this|the same|each|either|both|the (?:\w+ )?(?:placebo|treatment|control|intervention|supplement|comparison))"
    r" (?:group|groups|arm|arms|cohort)\b"
    r"|(?:the|that|this) (?:same )?"
    + _STUDY_NOUN
    + r" (?:also |further |additionally )?(?:found|finds|showed|shows|reported|reports|noted|observed|estimated|concluded)\b)"
)  # a bare "Researchers found..." introduces unnamed researchers: it is not a back-reference
# The same, said at the end or in the middle: "..., or 18%, the authors reported."
_STUDY_BACKREF_AFTER = regex.compile(
    r"(?i)\baccording to (?:the|that|this) (?:same )?" + _STUDY_NOUN + r"\b"
    r"|,\s*(?:the|that|this) (?:same )?"
    + _STUDY_NOUN
    + r"\s+(?:also )?(?:found|reported|noted|observed|estimated|concluded|said|wrote|added)\W*$"
)
STUDY_BACKREF_SENTENCES = 40  # how far back the study's citation may be
# A sentence that goes on about the previous one ("This limit does not include food [1].").
_CONTINUES = regex.compile(r"(?i)\W*(?:this|that|these|those|it|they|the same|both|such)\b")
_SOURCE_OPENER = regex.compile(
    r"(?i)\W*(?:\[|\(|source|sources|data from|figures? from|this (?:figure|number|estimate|data|finding) "
    r"(?:comes|is) from|that(?:'s| is| figure comes) from|see |ref(?:erence)?s?\b|(?:the |a |one |that |this )?"
    r"(?:19|20)[0-9]{2} (?:study|trial|review|report|survey|meta-analysis)|(?:the|that|this|a|one) (?:study|trial|review|"
    r"report|survey|meta-analysis|paper) (?:was |is )?(?:published|appeared|ran|in)\b)"
)


def _tried_at(
    pattern: regex.Pattern[str],
    text: str,
    starts: Sequence[int],
    a: int,
    z: int,
    endpos: int,
    timeout: float,
    rest: regex.Pattern[str] | None = None,
) -> Iterator[regex.Match[str]]:
    """What `pattern.finditer(text, a, endpos)` yields up to offset `z`, trying only the given
    start offsets (ascending) and, when `rest` is given, where a search for `rest` (the
    pattern's alternatives that need not start there) finds a match."""
    i = bisect.bisect_left(starts, a)
    seen = a
    match = pattern.match
    other = -1  # where `rest` next matches at or after `seen` (-1: not searched; z: nowhere)
    while True:
        while i < len(starts) and starts[i] < seen:
            i += 1
        candidate = starts[i] if i < len(starts) and starts[i] < z else z
        if rest is not None:
            if other < seen:
                m = rest.search(text, seen, endpos, timeout=timeout)
                other = m.start() if m is not None and m.start() < z else z
            candidate = min(candidate, other)
        if candidate >= z:
            return
        m = match(text, candidate, endpos, timeout=timeout)
        if m is not None:
            yield m
            seen = m.end() if m.end() > m.start() else m.end() + 1
        else:
            seen = candidate + 1


@dataclass(frozen=True, slots=True)
class Cues:
    """Compiled cue lexicons, built once per rule set from the `hedges`, `negations`,
    `weak-hedges`, `disbelief`, `negations-after`, `attribution-cues`, `trusted-sources` and
    `commercial-link-hosts` lexicons."""

    hedges: regex.Pattern[str] | None
    weak_hedges: regex.Pattern[str] | None
    negations: regex.Pattern[str] | None
    disbelief: regex.Pattern[str] | None
    negations_after: regex.Pattern[str] | None
    trusted: regex.Pattern[str] | None
    attribution: regex.Pattern[str] | None
    commercial: regex.Pattern[str] | None

    @classmethod
    def from_lexicons(cls, lexicons: dict[str, list[str]]) -> Cues:
        def build(name: str) -> regex.Pattern[str] | None:
            words = lexicons.get(name)
            return compile_regex(alternation(words, [])) if words else None

        commercial = lexicons.get("commercial-link-hosts")
        return cls(
            hedges=build("hedges"),
            weak_hedges=build("weak-hedges"),
            negations=build("negations"),
            disbelief=build("disbelief"),
            negations_after=build("negations-after"),
            trusted=build("trusted-sources"),
            attribution=build("attribution-cues"),
            commercial=compile_regex("|".join(regex.escape(h) for h in commercial)) if commercial else None,
        )


NEGATION_WINDOW_WORDS = 8
CONTEXT = 64  # characters after a sentence a pattern's lookahead may see
T = TypeVar("T")
_NONE: array[int] = array("q")  # no offsets (never changed)
_LIST_BREAK = regex.compile(r",|\band\b")


class Match:
    """A pattern match trimmed of surrounding whitespace (anchored patterns such as `^\\s*…`
    may start in the blanked margin before a block)."""

    __slots__ = ("_start", "_end", "_text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self._text


class Context:
    """Lazily computed, cached facts about one document (one Context per lint call)."""

    def __init__(self, doc: Document, cues: Cues, prefilter: Prefilter | None = None) -> None:
        self.doc = doc
        self.cues = cues
        self._prefilter = prefilter
        self._found: dict[int, list[tuple[int, array[int]]]] | None = None  # prefilter slot -> occurrences
        self._places: dict[int, array[int]] = {}  # prefilter slot -> where its pattern can match
        self._merged: dict[tuple[str, int], array[int]] = {}  # split pattern -> both slots' places
        self._native: Found | None = None  # the native filter's scan
        self._timeout = patterns.match_timeout(len(doc.prose))
        self._cited: dict[int, bool] = {}
        self.memo: dict[object, object] = {}  # per-document results rule kinds share (e.g. doses per sentence)

    def shared(self, key: str, compute: Callable[[Document], T]) -> T:
        """`compute(doc)`, computed once per document for all the rules that need it."""
        if key not in self.memo:
            self.memo[key] = compute(self.doc)
        return self.memo[key]  # type: ignore[return-value]

    # -- where a pattern can match ---------------------------------------------------------
    def places(self, pattern: regex.Pattern[str]) -> array[int] | None:
        """Ascending offsets of the prefilter's required strings of `pattern` in the prose (a
        match can only lie where one of them is), or None when the pattern is not filtered."""
        prefilter = self._prefilter
        if prefilter is None:
            return None
        slot = prefilter.slot(pattern)
        if slot is not None:
            return self._slot_places(slot)
        key = (pattern.pattern, pattern.flags)
        split = prefilter.splits.get(key)
        if split is None:
            return None
        places = self._merged.get(key)
        if places is None:
            both = self._slot_places(split.anchored) + self._slot_places(split.inner)
            places = self._merged[key] = array("q", sorted(both))
        return places

    def _slot_places(self, slot: int) -> array[int]:
        places = self._places.get(slot)
        if places is None:
            prefilter = self._prefilter
            if self._found is None:
                self._found = prefilter.scan(self.doc.prose)  # type: ignore[union-attr]  # once per document
            parts = self._found.get(slot)
            places = self._places[slot] = prefilter.places(slot, parts) if parts else _NONE  # type: ignore[union-attr]
        return places

    def ends(self, pattern: regex.Pattern[str]) -> tuple[array[int], array[int] | None] | None:
        """Where the native filter's loosened `pattern` can end, ascending, with their bounds (see
        `NativeFilter.resolve`): every match [start, end) has an i with ends[i] <= end and
        bounds[i] (ends[i] when bounds is None) > start. None when there is no native filter for it."""
        native = self._prefilter.native if self._prefilter is not None else None
        if native is None:
            return None
        pattern_id = native.id((pattern.pattern, pattern.flags))
        if pattern_id is None:
            return None
        if self._native is None:
            self._native = native.scan(self.doc.prose)  # once per document
        return self._native.ends(pattern_id)

    def possible(self, pattern: regex.Pattern[str], start: int, end: int) -> bool:
        """False when no match of `pattern` can lie inside [start, end)."""
        found = self.ends(pattern)
        if found is not None:
            ends, bounds = found
            i = bisect.bisect_right(ends, start)
            if bounds is not None:
                while i < len(ends) and ends[i] <= end and bounds[i] <= start:
                    i += 1
            if i == len(ends) or ends[i] > end:
                return False
        places = self.places(pattern)
        if places is None:
            return True
        i = bisect.bisect_left(places, start)
        return i < len(places) and places[i] < end

    def search(self, pattern: regex.Pattern[str], start: int, end: int) -> regex.Match[str] | None:
        """`pattern.search(prose, start, end)`, skipped where the prefilter rules a match out."""
        if not self.possible(pattern, start, end):
            return None
        return pattern.search(self.doc.prose, start, end, timeout=patterns.match_timeout(end - start))

    def sentences_with(self, pattern: regex.Pattern[str], scope: str = "sentence") -> Iterator[int]:
        """Indices of the sentences a match of `pattern` could lie in (or start in the
        whitespace before), ascending; for scope "paragraph", a match may run on from earlier
        sentences of the block, and the sentence it ends in is given."""
        doc = self.doc
        found = self.ends(pattern)
        if found is not None:
            ends, bounds = found
            yield from self._sentences_ending(ends, None if scope == "paragraph" else bounds)
            return
        places = self.places(pattern)
        if places is None:
            yield from range(len(doc.sentences))
            return
        sentences, starts = doc.sentences, doc.sentence_starts
        count = len(sentences)
        i, n = 0, len(places)
        while i < n:
            at = places[i]
            s = bisect.bisect_right(starts, at) - 1
            if s < 0 or at >= sentences[s].end:
                s += 1  # in the gap before sentence s + 1
            if s >= count:
                return
            yield s
            i = bisect.bisect_left(places, sentences[s].end, i + 1)  # skip to the next sentence's places

    def _sentences_ending(self, ends: Sequence[int], bounds: Sequence[int] | None) -> Iterator[int]:
        """The sentences a match can lie in that holds the character before one of `ends`: the
        sentence it is in, or the one before the gap it is in (a match may end in whitespace).
        With bounds, only where the match can also start after the sentence before ends."""
        sentences, starts = self.doc.sentences, self.doc.sentence_starts
        count = len(starts)
        i, n = 0, len(ends)
        while i < n:
            s = bisect.bisect_right(starts, ends[i] - 1) - 1
            if bounds is not None and s > 0 and bounds[i] <= sentences[s - 1].end:
                i += 1  # it started before this sentence: no match of a sentence ends here
                continue
            if s >= 0:
                yield s
            if s + 1 >= count:
                return
            i = bisect.bisect_right(ends, starts[s + 1], i + 1)  # skip to the first end past sentence s

    def _lead(self, s: int) -> int:
        """Where a search for matches in sentence `s` starts: before the whitespace (and masked
        markup) that precedes it, so that anchored patterns (`^[ \\t]*…`) see its line start."""
        doc = self.doc
        start = doc.sentences[s].start
        low = doc.sentences[s - 1].end if s > 0 else 0
        if low >= start:
            return start
        return low + len(doc.prose[low:start].rstrip())

    # -- scopes ----------------------------------------------------------------------------
    def finditer(
        self, pattern: regex.Pattern[str], scope: str, references: bool = False, only: set[int] | None = None
    ) -> Iterator[Match]:
        """Matches of `pattern` that lie inside one sentence (or one block for scope
        "paragraph"; headings only for scope "heading"), trimmed of whitespace. Each sentence
        (block) is searched on its own, seeing up to CONTEXT characters of what follows it, and
        only where the prefilter finds one of the pattern's required strings. Entries of a
        references section are skipped unless `references` is true. With `only`, just the
        sentences (for scope "paragraph": the blocks of the sentences) of these indices."""
        doc = self.doc
        prose = doc.prose
        sentences, blocks = doc.sentences, doc.blocks
        timeout = self._timeout
        places = self.places(pattern)
        prefilter = self._prefilter
        split = None
        anchored = False
        if places is not None and prefilter is not None:  # a filtered pattern: a slot or a split
            slot = prefilter.slot(pattern)
            if slot is not None:
                anchored = prefilter.anchored[slot]
            else:
                split = prefilter.splits[(pattern.pattern, pattern.flags)]
                starts, inner = self._slot_places(split.anchored), self._slot_places(split.inner)
        last_block = -1
        for s in self.sentences_with(pattern, scope):
            if only is not None and s not in only:
                continue
            sentence = sentences[s]
            b = sentence.block
            block = blocks[b]
            if block.kind == "reference" and not references:
                continue
            if scope == "heading" and block.kind != "heading":
                continue
            if scope == "paragraph":
                if b == last_block:
                    continue
                last_block = b
                first = s
                while first > 0 and sentences[first - 1].block == b:
                    first -= 1
                a, z = self._lead(first), block.end
            else:
                a, z = self._lead(s), sentence.end
            endpos = min(len(prose), z + CONTEXT)
            if split is not None:
                i = bisect.bisect_left(inner, a)
                rest = split.rest if i < len(inner) and inner[i] < endpos else None
                found = _tried_at(pattern, prose, starts, a, z, endpos, timeout, rest)
            elif anchored:
                found = _tried_at(pattern, prose, places, a, z, endpos, timeout)  # type: ignore[arg-type]
            else:
                found = pattern.finditer(prose, a, endpos, timeout=timeout)
            for m in found:
                text = m.group()
                stripped = text.strip()
                if not stripped:
                    continue
                start = m.start() + (len(text) - len(text.lstrip()))
                if start >= z:
                    break
                end = start + len(stripped)
                if end > z or doc.sentence_index(start) < 0:
                    continue
                yield Match(start, end, stripped)

    def unit(self, offset: int, scope: str) -> tuple[int, int]:
        """The [start, end) of the sentence, block or document around `offset`."""
        doc = self.doc
        if scope == "document":
            return 0, len(doc.prose)
        s = doc.sentence_index(offset)
        if s < 0:
            return offset, offset
        sentence = doc.sentences[s]
        if scope == "paragraph":
            block = doc.blocks[sentence.block]
            return block.start, block.end
        return sentence.start, sentence.end

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause of the sentence around [start, end): bounded by ; : dashes and contrast words."""
        a, b = self.unit(start, "sentence")
        prose = self.doc.prose
        left = a
        for m in _CLAUSE_BREAK.finditer(prose, a, start):
            left = m.end()
        m = _CLAUSE_BREAK.search(prose, end, b)
        return left, (m.start() if m else b)

    # -- modifiers -------------------------------------------------------------------------
    def cited(self, start: int) -> bool:
        """Whether the sentence around `start` carries a citation (a marker, a source link or a
        named trusted body with an attribution cue), or the next sentence of the same block
        does ("One trial found fewer cramps. It was published in JAMA [4]."), or it reports more
        of a study cited earlier ("By the end of the study, 9.6%...")."""
        doc = self.doc
        s = doc.sentence_index(start)
        if s < 0:
            return False
        if self._sentence_cited(s):
            return True
        sentence = doc.sentences[s]
        if _STUDY_BACKREF.match(doc.prose, sentence.start) or _STUDY_BACKREF_AFTER.search(
            doc.prose, sentence.start, sentence.end
        ):
            first = max(0, s - STUDY_BACKREF_SENTENCES)
            if any(self._sentence_cited(k) for k in range(s - 1, first - 1, -1)):
                return True
        following = s + 1
        if following >= len(doc.sentences) or doc.sentences[following].block != doc.sentences[s].block:
            return False
        nxt = doc.sentences[following]
        # Only a sentence that gives the source or carries the same point on counts for the one
        # before it: a short one ("It was published in JAMA [4]."), one that opens with the source,
        # or one that continues it ("This limit does not include food [1].").
        short = len(_WORD.findall(doc.prose, nxt.start, nxt.end)) <= 12
        linked = short or _SOURCE_OPENER.match(doc.prose, nxt.start) or _CONTINUES.match(doc.prose, nxt.start)
        return bool(linked) and self._sentence_cited(following)

    def _sentence_cited(self, s: int) -> bool:
        if s not in self._cited:
            self._cited[s] = self._find_citation(s)
        return self._cited[s]

    def _find_citation(self, s: int) -> bool:
        doc = self.doc
        sentence = doc.sentences[s]
        # Markers may sit just after the sentence's final punctuation ("…cramps.<sup>3</sup>"),
        # but never in the next sentence of the block nor past the block's markup.
        text = doc.text
        following = s + 1
        if following < len(doc.sentences) and doc.sentences[following].block == sentence.block:
            end = doc.sentences[following].start
        else:
            end = min(len(text), doc.blocks[sentence.block].end + 40)
            if sentence.block + 1 < len(doc.blocks):
                end = min(end, doc.blocks[sentence.block + 1].start)
        end = max(sentence.end, min(end, sentence.end + 80))
        prose = doc.prose
        if _SELF_CITED.search(prose, sentence.start, sentence.end):
            return False  # "the brand's own lab data": a seller citing itself is not a source
        for m in CITATION_MARKERS.finditer(text, sentence.start, end):
            if not prose[m.start() : m.end()].strip():
                continue  # the reader does not see it: in a comment, a code span, a <script> or an attribute
            if not self._dangling(m.start()):
                return True
        for link in doc.links_starting(sentence.start, sentence.end + 2):
            if link.end <= sentence.end + 1:
                if link.url.startswith(("http://", "https://")) and not (
                    self.cues.commercial and self.cues.commercial.search(link.url)
                ):
                    return True
        if self.cues.trusted and self.cues.trusted.search(prose, sentence.start, sentence.end):
            return bool(self.cues.attribution and self.cues.attribution.search(prose, sentence.start, sentence.end))
        return False

    def _dangling(self, start: int) -> bool:
        """Whether the numeric marker at `start` cites only entries missing from the article's
        references (when it has a references section): a marker that points nowhere is not a source."""
        from .citations import MARKER, entries, marker_ids

        m = MARKER.match(self.doc.text, start)
        if m is None:
            return False
        found, sections = self.shared("citation-entries", entries)
        if not (found or sections):
            return False
        known = self.reference_ids()
        return not any(i in known for i in marker_ids(m))

    def reference_ids(self) -> set[str]:
        """The ids of the article's reference entries, found once per document."""
        from .citations import entries

        return self.shared("citation-entry-ids", lambda d: {e.id for e in self.shared("citation-entries", entries)[0]})

    def hedged(self, start: int, end: int, strong_only: bool = False) -> bool:
        """Whether a hedge cue sits in the same clause: a strong one ("may", "might", "some
        evidence") or, unless `strong_only`, a weak softener ("usually", "often")."""
        a, b = self.clause(start, end)
        prose = self.doc.prose
        for cue in (self.cues.hedges, None if strong_only else self.cues.weak_hedges):
            if cue is not None and cue.search(prose, a, b) is not None:
                return True
        return False

    def negated(self, start: int, end: int, disbelief: bool = True) -> bool:
        """Whether a negation cue closely precedes `start` in its clause, a disbelief cue
        precedes it in its sentence, or a distancing cue ("is a myth") follows `end`."""
        a, b = self.clause(start, end)
        prose = self.doc.prose
        if self.cues.negations:
            words = list(_WORD.finditer(prose, a, start))
            left = words[-NEGATION_WINDOW_WORDS].start() if len(words) >= NEGATION_WINDOW_WORDS else a
            # A list cuts the scope: in "no sugar, no colours and no side effects" the first
            # "no"s do not negate the last item.
            for cut in _LIST_BREAK.finditer(prose, left, start):
                left = cut.end()
            if self.cues.negations.search(prose, left, start):
                return True
        if disbelief and self.cues.disbelief:
            # Disbelief and hearsay ("don't believe labels that say…", "a friend says…") disown
            # everything after them in the sentence.
            s_start, _ = self.unit(start, "sentence")
            if self.cues.disbelief.search(prose, s_start, start):
                return True
        if self.cues.negations_after and self.cues.negations_after.search(prose, end, b):
            return True
        return False

    def keeps(self, rule: Rule, hit: Hit, framed: bool = True) -> bool:
        """Whether a hit of `rule` survives the rule's modifiers (its exceptions, and unless_question,
        skip_quoted, unless_negated, unless_hedged, unless_cited). An exception removes a hit only
        where its match overlaps the hit, within the hit's sentence. With `framed=False` a hit that
        is only asked or quoted is kept: it still shows what the article talks about."""
        if rule.exceptions is not None:
            a, b = self.unit(hit.start, "sentence")
            for m in rule.exceptions.finditer(self.doc.prose, a, b, timeout=patterns.match_timeout(b - a)):
                if m.start() < hit.end and hit.start < m.end():
                    return False
        if framed and rule.unless_question and self.question(hit.start):
            return False
        anchor = hit.anchor if hit.anchor >= 0 else hit.start
        if framed and rule.skip_quoted and self.quoted(anchor, hit.anchor_end if hit.anchor_end >= 0 else hit.end):
            return False
        if rule.unless_negated and self.negated(anchor, hit.end):
            return False
        if rule.unless_hedged and self.hedged(hit.start, hit.end, strong_only=rule.unless_hedged == "strong"):
            return False
        if rule.unless_cited and self.cited(hit.start):
            return False
        return True

    def question(self, start: int) -> bool:
        """Whether the sentence around `start` is a question: questions ask, they do not claim."""
        a, b = self.unit(start, "sentence")
        tail = self.doc.prose[a:b].rstrip(" \t\r\n\"'”’)*_")
        return tail.endswith("?")

    def quoted(self, start: int, end: int, whole: bool = False) -> bool:
        """Whether the span is inside quotation marks that do not cover (nearly) the whole
        sentence: a quoted phrase is being mentioned, a quoted testimonial is still a claim.
        With `whole`, any quotation counts (a heading that quotes a claim to examine it)."""
        a, b = self.unit(start, "sentence")
        text = self.doc.text
        for m in _QUOTES.finditer(text, a, b):
            if m.start() < start and end < m.end():
                return whole or (m.end() - m.start()) < 0.6 * (b - a)
        return False
