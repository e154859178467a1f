"""Sorted sweeps over spans: the union of spans, the units a span touches, the pairs of spans that
intersect. Spans are half-open ``[start, end)``; the sweeps cost O(n log n) plus the pairs found."""
from __future__ import annotations

from bisect import bisect_left
from itertools import repeat
from typing import Iterable, Iterator, Sequence

from ..paragraphs import touched as touched  # the units a span is in: one rule for every count


def union_length(spans: Iterable[tuple[int, int]]) -> int:
    """Characters covered by ``spans`` (given ordered by start), each counted once."""
    total, reach = 0, None
    for start, end in spans:
        if reach is None or start >= reach:
            total += end - start
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return total


def intersecting_pairs(spans: Sequence[tuple[int, int, int]]) -> Iterator[tuple[int, int]]:
    """The labels of every two spans ``(start, end, label)`` (ordered by start) that share a
    position, the earlier span's label first: a later span meets an earlier one exactly when it
    starts before the earlier one ends."""
    starts = [span[0] for span in spans]
    labels = [span[2] for span in spans]
    for i, (_, end, label) in enumerate(spans):
        stop = bisect_left(starts, end, i + 1)
        if stop > i + 1:
            yield from zip(repeat(label), labels[i + 1:stop])
