"""Which codes go together, and in what order: a code-by-code table counted in one unit.

Codes are taken as coded (no roll-up). Everything is counted per coder, only between one
coder's own annotations in one document, and the coders' counts are added up (pooled) unless
the scope names coders. ``count(a, b)`` and "the units with a" for each unit:

- ``sentence`` / ``paragraph`` / ``document``: a unit is a (coder, sentence), (coder, paragraph)
  or (coder, document). A unit has ``a`` when an annotation of ``a`` by that coder shares at
  least one character with it (for ``document``: is in it; one over whitespace only is in the
  unit before it, :func:`annotator.paragraphs.touched`). ``count(a, b)`` is the number of
  units that have both. Sentences are spaCy's (:meth:`annotator.nlp.TextServices.sentences`);
  paragraphs are :func:`annotator.paragraphs.paragraphs`.
- ``overlap``: pairs of annotations, one of ``a`` and one of ``b`` (two different annotations),
  by the same coder in the same document, sharing at least one character. The units with ``a``
  are the annotations of ``a``.
- ``window:N`` (N >= 1): pairs of annotations as for overlap, within N tokens of each other: an
  annotation occupies the tokens it shares a character with (one over whitespace only, the next
  token), and two are within N when the first token of the later one is at most N tokens after
  the last token of the other (overlapping ones are within any N). Units with ``a``: its annotations.
- ``followed-by:N`` (N >= 0), directed: pairs (x, y), x of ``a``, y of ``b``, where y starts at or
  after the end of x and y's first character lies in the sentence where x's last character lies
  or in one of the N sentences after it (a position between two sentences belongs to the
  earlier one). Units with ``a``: its annotations. ``count(a, b)`` need not equal ``count(b, a)``.

The diagonal follows the same definitions with ``b = a`` (for the pair units: pairs of two
different annotations of ``a``; for overlap and window unordered, for followed-by ordered).
``jaccard(a, b) = count / (units with a + units with b - count)``; for the pair units that is
ATLAS.ti's c-coefficient on annotations (n12 / (n1 + n2 - n12)), which exceeds 1 when one
annotation meets several of the other code; a denominator of 0 or less gives ``None``.
"""
from __future__ import annotations

import sqlite3
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import combinations_with_replacement
from typing import Any, Callable, Optional

import numpy as np

from ..display import shown
from ..errors import AnnotatorError
from ..paragraphs import paragraphs
from .codes import shown_codes
from .reading import Progress, Row, by_coder, by_document, services, text_of
from .scope import Scope
from .spans import intersecting_pairs, touched

UNITS = ("overlap", "sentence", "paragraph", "document", "window:N", "followed-by:N")
PAIR_UNITS = ("overlap", "window", "followed-by")
_NEEDS_SPACY = ("sentence", "window", "followed-by")


@dataclass(frozen=True)
class Unit:
    kind: str
    n: Optional[int] = None

    def __str__(self) -> str:
        return self.kind if self.n is None else f"{self.kind}:{self.n}"


def parse_unit(text: str) -> Unit:
    kind, colon, number = text.partition(":")
    if kind in ("overlap", "sentence", "paragraph", "document") and not colon:
        return Unit(kind)
    if kind not in ("window", "followed-by"):
        raise AnnotatorError(f'"{shown(text)}" is not a unit; use one of {", ".join(UNITS)}.')
    what = "tokens" if kind == "window" else "sentences"
    try:
        n = int(number)
    except ValueError:
        raise AnnotatorError(f"{kind} needs a number of {what}, as in {kind}:3.") from None
    least = 1 if kind == "window" else 0
    if n < least:
        hint = " (use --unit overlap for annotations that overlap)" if kind == "window" else ""
        raise AnnotatorError(f"{kind}:N needs N of {least} or more {what}, not {n}{hint}.")
    return Unit(kind, n)


@dataclass(frozen=True)
class Cooccurrence:
    unit: str
    codes: tuple[str, ...]  # code paths, codebook order
    code_ids: tuple[int, ...]
    counts: tuple[tuple[int, ...], ...]  # counts[a][b]
    totals: tuple[int, ...]  # units with each code

    def jaccard(self, a: int, b: int) -> Optional[float]:
        count = self.counts[a][b]
        denominator = self.totals[a] + self.totals[b] - count
        return count / denominator if denominator > 0 else None

    def cells(self) -> list[tuple[str, str, int, Optional[float]]]:
        """``(a path, b path, count, jaccard)`` for every ordered pair of codes, diagonal included."""
        size = range(len(self.codes))
        return [(self.codes[a], self.codes[b], self.counts[a][b], self.jaccard(a, b)) for a in size for b in size]

    def as_json(self) -> dict:
        return {"unit": self.unit, "codes": list(self.codes),
                "cells": [{"a": a, "b": b, "count": n, "jaccard": j} for a, b, n, j in self.cells()],
                "totals": dict(zip(self.codes, self.totals))}

    @property
    def warnings(self) -> list[str]:
        if self.unit.partition(":")[0] not in PAIR_UNITS:
            return []
        over = sum(1 for _, _, n, j in self.cells() if n and (j is None or j > 1))
        if not over:
            return []
        return [f"{over} cell{'s' if over > 1 else ''} count more pairs than fit one-to-one (an annotation meets "
                "several of the other code), so the coefficient is above 1 or undefined (null) there."]


def cooccurrence(conn: sqlite3.Connection, scope: Scope, unit: str = "overlap",
                 progress: Progress = None) -> Cooccurrence:
    parsed = parse_unit(unit)
    codes = shown_codes(conn, scope)
    pairs, totals = _count(conn, scope, parsed, progress)
    index = codes.index()
    matrix = [[0] * len(codes.ids) for _ in codes.ids]
    for (a, b), n in pairs.items():
        if a in index and b in index:
            matrix[index[a]][index[b]] += n
            if parsed.kind != "followed-by" and a != b:
                matrix[index[b]][index[a]] += n
    return Cooccurrence(str(parsed), codes.paths, codes.ids, tuple(map(tuple, matrix)),
                        tuple(totals.get(code, 0) for code in codes.ids))


def _count(conn, scope: Scope, unit: Unit, progress: Progress) -> tuple[Counter, Counter]:
    """``{(a, b): n}`` (for the undirected units, a pair under either order) and ``{a: units with a}``."""
    pairs: Counter = Counter()
    totals: Counter = Counter()
    count = _COUNTERS[unit.kind]
    layout = unit_layout(conn, unit)
    for doc_id, rows in by_document(conn, scope, progress):
        context = layout(doc_id)
        for own in by_coder(rows):
            count(own, context, unit.n, pairs, totals)
    return pairs, totals


def unit_layout(conn: sqlite3.Connection, unit: Unit) -> Callable[[int], Any]:
    """What the unit needs of a document, by its id: sentence or paragraph bounds (two lists,
    starts and ends), token arrays (window), or None (overlap, document)."""
    layout = _LAYOUTS[unit.kind]
    if layout is None:
        return lambda doc_id: None
    text_services = services(conn) if unit.kind in _NEEDS_SPACY else None
    return lambda doc_id: layout(text_of(conn, doc_id), text_services)


# ----------------------------------------------------------------- what each unit needs of a document
def _sentence_layout(text: str, text_services) -> tuple[list[int], list[int]]:
    bounds = text_services.sentences(text)
    return [s for s, _ in bounds], [e for _, e in bounds]


def _paragraph_layout(text: str, text_services) -> tuple[list[int], list[int]]:
    bounds = paragraphs(text)
    return [s for s, _ in bounds], [e for _, e in bounds]


def _token_layout(text: str, text_services):
    return text_services.tokens(text)


_LAYOUTS: dict[str, Optional[Callable]] = {
    "overlap": None, "document": None, "sentence": _sentence_layout, "paragraph": _paragraph_layout,
    "window": _token_layout, "followed-by": _sentence_layout}


# ----------------------------------------------------------------- one coder's annotations in one document
def _count_units(rows: list[Row], layout, n, pairs: Counter, totals: Counter) -> None:
    """Units as sets of codes: sentences, paragraphs, or (``layout`` None) the document."""
    units: dict[int, set[int]] = {}
    for _, _, code, start, end in rows:
        for u in (range(1) if layout is None else touched(layout[0], layout[1], start, end)):
            units.setdefault(u, set()).add(code)
    for codes in units.values():
        totals.update(codes)
        pairs.update(combinations_with_replacement(sorted(codes), 2))


def _count_overlaps(rows: list[Row], layout, n, pairs: Counter, totals: Counter) -> None:
    totals.update(row[2] for row in rows)
    pairs.update(intersecting_pairs([(row[3], row[4], row[2]) for row in rows]))


def _count_windows(rows: list[Row], layout, n: int, pairs: Counter, totals: Counter) -> None:
    totals.update(row[2] for row in rows)
    pairs.update(intersecting_pairs(sorted((f, to, row[2]) for (f, to), row in zip(window_spans(rows, layout, n),
                                                                                 rows))))


def window_spans(rows: list[Row], layout, n: int) -> list[tuple[int, int]]:
    """Per row, its tokens ``[first, last + 1)`` widened by N to the right: two intersect exactly
    when the annotations are within N tokens."""
    starts, ends = layout
    first = np.searchsorted(ends, [row[3] for row in rows], side="right").tolist()
    last = (np.searchsorted(starts, [row[4] for row in rows], side="left") - 1).tolist()
    return [(f, max(f, lst) + n + 1) for f, lst in zip(first, last)]


def _count_followers(rows: list[Row], layout, n: int, pairs: Counter, totals: Counter) -> None:
    starts = [row[3] for row in rows]  # ordered by start
    totals.update(row[2] for row in rows)
    for _, _, code, _, end in rows:
        pairs.update((code, rows[j][2]) for j in followers(starts, layout[0], n, end))


def followers(starts: list[int], sentence_starts: list[int], n: int, end: int) -> range:
    """Indexes (into ``starts``, ordered) of the annotations that follow one ending at ``end``:
    starting at or after it, in its last sentence or one of the N after."""
    too_far = bisect_right(sentence_starts, end - 1) + n  # the first sentence after the N allowed
    hi = bisect_left(starts, sentence_starts[too_far]) if too_far < len(sentence_starts) else len(starts)
    return range(bisect_left(starts, end), hi)


_COUNTERS: dict[str, Callable] = {
    "overlap": _count_overlaps, "document": _count_units, "sentence": _count_units, "paragraph": _count_units,
    "window": _count_windows, "followed-by": _count_followers}
