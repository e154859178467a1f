"""Each coder's partition of the continuum into coded segments and gaps.

A coder's segments are their (cleaned) spans plus the gaps between them; gaps are cut at
document boundaries. The *elementary intervals* are the pieces between consecutive
boundaries of all coders together, so every elementary interval lies inside exactly one
segment of every coder: intersections of segments become sums over elementary intervals,
which numpy does with ``searchsorted`` and ``bincount`` in O(B log B) for B boundaries.
Values: ``0`` is a gap (∅), ``k + 1`` is code ``k``, ``-1`` means the coder did not
unitize that document.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.agreement.result import AgreementDataError
from annotator.agreement.spans import SpanTable


@dataclass(frozen=True)
class Segments:
    """One coder's partition: parallel arrays over segments."""

    bounds: np.ndarray  # (S + 1,) segment boundaries
    start: np.ndarray
    length: np.ndarray
    value: np.ndarray
    doc: np.ndarray


@dataclass(frozen=True)
class Partitions:
    coders: tuple[Segments, ...]
    length: np.ndarray  # (E,) elementary interval lengths
    doc: np.ndarray  # (E,)
    value: np.ndarray  # (M, E)
    segment: np.ndarray  # (M, E) index into the coder's segments


def _check_no_overlap(table: SpanTable, idx: np.ndarray, coder: int) -> None:
    start, end = table.start[idx], table.end[idx]
    reach = np.maximum.accumulate(end)
    clash = np.flatnonzero(start[1:] < reach[:-1])
    if clash.size:
        k = idx[clash[0] + 1]
        d = table.doc[k]
        at = int(table.start[k] - table.offsets[d])
        raise AgreementDataError(
            f"Coder {table.coders[coder]!r} has overlapping spans of different codes in document {table.doc_ids[d]!r} "
            f"(at offset {at}); unitizing measures need each coder's spans to partition the text. "
            "Use a per-code measure (u_alpha_by_code, alpha_u_2004_by_code or the per-code projection)."
        )


def covering(starts: np.ndarray, ends: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For sorted, non-overlapping units: (index of the unit covering each position, covered?)."""
    unit = np.searchsorted(starts, positions, side="right") - 1
    safe = np.maximum(unit, 0)
    covered = (unit >= 0) & (positions < np.append(ends, -1)[safe]) if starts.size else np.zeros(positions.shape, bool)
    return safe, covered


def coder_segments(table: SpanTable, coder: int) -> Segments:
    """The partition of coder ``coder`` (raises if two of their spans of different codes overlap)."""
    idx = np.flatnonzero(table.coder == coder)
    idx = idx[np.argsort(table.start[idx], kind="stable")]
    _check_no_overlap(table, idx, coder)
    starts, ends, codes = table.start[idx], table.end[idx], table.code[idx]
    bounds = np.unique(np.concatenate([table.offsets, starts, ends]))
    seg_start = bounds[:-1]
    unit, covered = covering(starts, ends, seg_start)
    value = np.where(covered, np.append(codes, 0)[unit] + 1, 0)
    doc = np.searchsorted(table.offsets, seg_start, side="right") - 1
    value = np.where(table.present[doc, coder], value, -1)
    return Segments(bounds, seg_start, np.diff(bounds), value, doc)


def partitions(table: SpanTable) -> Partitions:
    """All coders' partitions and the elementary intervals they induce."""
    coders = tuple(coder_segments(table, m) for m in range(len(table.coders)))
    edges = np.unique(np.concatenate([table.offsets] + [c.bounds for c in coders]))
    starts = edges[:-1]
    segment = np.array([np.searchsorted(c.bounds, starts, side="right") - 1 for c in coders]).reshape(len(coders), -1)
    value = np.array([c.value[s] for c, s in zip(coders, segment)]).reshape(len(coders), -1)
    doc = np.searchsorted(table.offsets, starts, side="right") - 1
    return Partitions(coders, np.diff(edges), doc, value, segment)
