"""Which unit a ``.qdpx`` writer counted its selection positions in, decided from the file.

The REFI-QDA text says code points, but writers count what their string type counts: NVivo
(.NET) and other .NET, Qt or Cocoa programs count UTF-16 code units, so every emoji before a
coded passage shifts it by one; NVivo and MAXQDA count a ``\\r\\n`` line break as two, ATLAS.ti
as one although its ``.txt`` holds both characters; QualCoder (Python) counts code points.
A *reading* is one unit and one line-break count. Each maps the writer's positions on the
source text as stored (byte-order mark not counted) to code points of our normalised text.

Readings are told apart only by selections they place differently. On those, a selection's
``name`` that quotes the text (ATLAS.ti, QualCoder and we write the quotation there) is
strong evidence, edges between words are weak evidence, a range outside the text or inside an
emoji or a line break rules a reading out. The ``origin`` attribute gives the reading a tie
falls to. The chosen reading must also be plausible on its own: a writer counting in a unit
we do not try (UTF-8 bytes, graphemes) shifts every selection after the first accent, which
all our readings would place alike and wrongly. Codings the evidence does not carry are left
out and reported, never imported shifted.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..textio import normalise_with_offsets
from .refi import XML_ILLEGAL

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_NOT_PLAIN = re.compile("[^\x00-\x0c\x0e-\x7f]")  # not ASCII, or a CR
BOUNDARY_SHARE = 0.8   # share of selection edges between words a reading needs when names do not decide


@dataclass(frozen=True)
class Reading:
    utf16: bool         # UTF-16 code units (True) or code points
    crlf_as_two: bool   # a "\r\n" in the stored text counts two (True) or one

    @property
    def label(self) -> str:
        unit = "UTF-16 code units" if self.utf16 else "code points"
        return f"{unit}, a CRLF line break counted as {'two' if self.crlf_as_two else 'one'}"


READINGS = (Reading(True, True), Reading(False, True), Reading(True, False), Reading(False, False))
STANDARD = Reading(False, True)  # the REFI-QDA text: code points of the file as stored
# What each writer counts, by the start of its ``origin``; used when the text cannot tell.
_WRITERS = (("nvivo", Reading(True, True)), ("maxqda", Reading(True, True)),
            ("atlas.ti", Reading(True, False)), ("qualcoder", Reading(False, False)))


def expected_reading(origin: str) -> tuple[Reading, bool]:
    """The reading ``origin`` is known to write, and whether it was recognised."""
    lowered = (origin or "").lower()
    if lowered.startswith("annotator"):
        return Reading("utf-16" in lowered, True), True
    for name, reading in _WRITERS:
        if name in lowered:
            return reading, True
    return STANDARD, False


class _Pairs:
    """Positions counting each surrogate pair as two, mapped to one (CRLF: textio's OffsetMap)."""

    def __init__(self, starts: list[int]):
        self.starts = starts

    def __call__(self, position: int) -> Optional[int]:
        before = bisect.bisect_right(self.starts, position - 2)
        if before < len(self.starts) and self.starts[before] == position - 1:
            return None  # between the two halves
        return position - before


def _utf16_starts(text: str) -> list[int]:
    return [match.start() + number for number, match in enumerate(_ASTRAL.finditer(text))]


class SourceText:
    """One source's text as stored (``raw``, BOM removed) and normalised (``text``), with the
    mapping of a writer's positions under every reading."""

    def __init__(self, raw: str):
        self.raw = raw.lstrip("\ufeff")
        self.text, offsets = normalise_with_offsets(self.raw)
        unsure = _NOT_PLAIN.search(self.raw)  # before it, every unit counts alike
        self.plain_prefix = unsure.start() if unsure else len(self.raw)

        def crlf(position: int) -> Optional[int]:
            return None if offsets.splits_a_pair(position) else offsets(position)

        raw16, text16 = _Pairs(_utf16_starts(self.raw)), _Pairs(_utf16_starts(self.text))
        self._maps: dict[Reading, Callable[[int], Optional[int]]] = {
            Reading(True, True): lambda p: _then(raw16(p), crlf), Reading(False, True): crlf,
            Reading(True, False): text16, Reading(False, False): lambda p: p}

    def span(self, reading: Reading, start: int, end: int) -> Optional[tuple[int, int]]:
        """Code points ``[start, end)`` of the normalised text, or None if ``reading`` cannot
        place the selection (outside the text, empty, inside an emoji or a line break)."""
        mapped = self._maps[reading]
        first, last = mapped(start), mapped(end)
        if first is None or last is None or not 0 <= first < last <= len(self.text):
            return None
        return first, last

    def spans(self, start: int, end: int) -> dict[Reading, Optional[tuple[int, int]]]:
        return {reading: self.span(reading, start, end) for reading in READINGS}


def _then(position: Optional[int], mapping) -> Optional[int]:
    return None if position is None else mapping(position)


def name_quotes(name: str, covered: str) -> bool:
    """Whether a selection's name is the start of the covered text (white space folded; a
    name cut with "…" or "..." as ATLAS.ti cuts it at 100 characters; U+FFFD standing for a
    character XML cannot carry, as writers replace a form feed or vertical tab)."""
    name = " ".join((name or "").split()).rstrip("…").removesuffix("...").strip()
    return bool(name) and " ".join(XML_ILLEGAL.sub("\ufffd", covered).split()).startswith(name)


def _kind(char: str) -> int:
    """0 white space, 1 part of a word (letters, digits, marks), 2 anything else."""
    if char.isspace():
        return 0
    return 1 if char.isalnum() or char == "_" or unicodedata.category(char).startswith("M") else 2


def on_tokens(text: str, start: int, end: int) -> int:
    """How many of a selection's edges a person would choose (0-2): a start where a token
    (a word, or one other sign) starts, an end where one ends; never inside a word, never
    beside white space on the wrong side."""
    return _edge(text, start, start - 1) + _edge(text, end - 1, end)


def _edge(text: str, inside: int, outside: int) -> bool:
    """Whether the character at ``inside`` (in the selection) starts or ends a token, with
    ``outside`` its neighbour beyond the edge."""
    if not 0 <= inside < len(text) or _kind(text[inside]) == 0:
        return False
    kind = _kind(text[inside])
    return kind == 2 or not 0 <= outside < len(text) or _kind(text[outside]) != kind


@dataclass(frozen=True)
class Selection:
    start: int
    end: int
    name: str = ""


@dataclass
class Tally:
    """Evidence for one reading on the selections the readings place differently."""

    ruled_out: int = 0     # selections it cannot place, or whose quoting name it does not match
    quotes: int = 0        # selections whose name quotes the text it places
    edges: int = 0
    between: int = 0       # edges on token boundaries
    placed: list = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.between / self.edges if self.edges else 0.0


def differs(spans: dict) -> bool:
    """Whether the readings place a selection differently (and at least one can place it)."""
    values = set(spans.values())
    return len(values) > 1 and values != {None}


def tally(sources: list[tuple[SourceText, list[Selection]]]) -> dict[Reading, Tally]:
    tallies = {reading: Tally() for reading in READINGS}
    for source, selections in sources:
        for selection in selections:
            spans = source.spans(selection.start, selection.end)
            if differs(spans):
                _count(source.text, selection.name, spans, tallies)
    return tallies


def _count(text: str, name: str, spans: dict, tallies: dict) -> None:
    quoting = {reading for reading, span in spans.items() if span and name_quotes(name, text[span[0]:span[1]])}
    for reading, span in spans.items():
        counts = tallies[reading]
        counts.placed.append(span)
        counts.edges += 2
        if span is None or (quoting and reading not in quoting):
            counts.ruled_out += 1
            continue
        counts.quotes += reading in quoting
        counts.between += on_tokens(text, *span)


@dataclass(frozen=True)
class Choice:
    reading: Reading
    decided: bool      # the selections the readings place differently can be placed
    plausible: bool    # any selection after the text stops being plain ASCII can be placed
    why: str
    names_quote: bool = False  # names are quotations: one that does not quote its place is left out

    @property
    def fits(self) -> bool:
        return self.decided and self.plausible


def choose(sources: list[tuple[SourceText, list[Selection]]], origin: str) -> Choice:
    """The reading for a whole file: the one the evidence carries, or a refusal to guess.

    Two checks. Relative: on the selections our readings place differently, the best must be
    clearly ahead. Absolute: on every selection that ends after the first character that is
    not ASCII (or a CR), where a unit we do not know (UTF-8 bytes, graphemes) would place it
    differently too, it must put names on their quotations or edges between words."""
    expected, known = expected_reading(origin)
    tallies = tally(sources)
    if tallies[expected].edges:
        ranked = sorted(READINGS, key=lambda r: (tallies[r].ruled_out, -tallies[r].quotes, -tallies[r].between,
                                                 r.utf16 != expected.utf16, r.crlf_as_two != expected.crlf_as_two))
        best = tallies[ranked[0]]
        rivals = [tallies[r] for r in READINGS if tallies[r].placed != best.placed]
        reading, decided, why = _verdict(ranked[0], best, rivals, expected if known else None)
    else:
        reading, decided, why = expected, True, "every reading places the selections alike in these texts"
    uncertain = [(source, [s for s in selections if s.end > source.plain_prefix]) for source, selections in sources]
    quoting = names_quote(uncertain, reading)
    if quoting or plausible(uncertain, reading):
        return Choice(reading, decided, True, why, quoting)
    return Choice(reading, decided, False, "no reading puts the selections on the quoted words or between words")


def _verdict(reading: Reading, best: Tally, rivals: list[Tally], expected: Optional[Reading]) -> tuple:
    if best.ruled_out:
        return reading, False, "no reading places every selection inside its text with the quoted words"
    if best.quotes > max((rival.quotes for rival in rivals), default=0):
        return reading, True, f"{best.quotes} selection names quote the text at those places"
    share = f"{best.share:.0%} of the selection edges it moves fall between words"
    if best.share < BOUNDARY_SHARE:
        return reading, False, f"only {share}"
    if best.between > max((rival.between for rival in rivals), default=0):
        others = max((rival.share for rival in rivals), default=0.0)
        return reading, True, f"{share}, against at most {others:.0%} for any other reading"
    if reading == expected:
        return reading, True, f"{share}, as many as for another reading; the writer is known to count so"
    return reading, False, "two readings fit the texts equally well and the writer is not known"


def plausible(sources: list[tuple[SourceText, list[Selection]]], reading: Reading) -> bool:
    """Whether ``reading`` puts the selections where a person selected: most names quoting
    their text (:func:`names_quote`), or most edges between words (selections it cannot place
    at all are not counted)."""
    if names_quote(sources, reading):
        return True
    placed = [(source.text, span) for source, selections in sources for selection in selections
              if (span := source.span(reading, selection.start, selection.end))]
    between = sum(on_tokens(text, a, b) for text, (a, b) in placed)
    return bool(placed) and between >= BOUNDARY_SHARE * 2 * len(placed)


def names_quote(sources: list[tuple[SourceText, list[Selection]]], reading: Reading) -> bool:
    """Whether the writer puts quotations in the names: under ``reading`` at least
    ``BOUNDARY_SHARE`` of the named selections quote their text. Then a named selection whose
    name does not is left out on its own (:func:`quotes_at`), and the others are kept."""
    named = [(source, selection) for source, selections in sources for selection in selections
             if selection.name.strip()]
    quoting = sum(quotes_at(source, reading, selection) for source, selection in named)
    return bool(named) and quoting >= BOUNDARY_SHARE * len(named)


def quotes_at(source: SourceText, reading: Reading, selection: Selection) -> bool:
    span = source.span(reading, selection.start, selection.end)
    return span is not None and name_quotes(selection.name, source.text[span[0]:span[1]])


def utf16_positions(text: str):
    """A function mapping code-point positions of ``text`` to UTF-16 code units (for export)."""
    starts = [match.start() for match in _ASTRAL.finditer(text)]
    return lambda position: position + bisect.bisect_left(starts, position)
