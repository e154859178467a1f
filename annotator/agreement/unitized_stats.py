"""Sufficient statistics of the uα family, per document.

Every quantity the uα family needs is a sum over documents, so it is computed once per
document and pooled by adding rows (and bootstrapped by re-weighting rows):

* ``total`` ℓ.. = m_d L_d, ``margin`` ℓ_c, ``diag`` ℓ_cc and ``to_gap`` ℓ_c∅ of the observed
  coincidences ``ℓ_ck = Σ_i Σ_{j≠i} Σ_{g∈i,h∈j} |g∩h| [g=c][h=k] / (m−1)``;
* ``self_pairs`` S_c = Σ l_g² over units of value c (Σ l_g over gaps);
* ``pairable`` P_c = Σ over units g of value c of p_g², the self-pairing term of cuα, in one
  of three variants that coincide for two coders (agreement-measures.md §4.2.5); the default
  "mass" squares the share g contributes to ℓ*, as S squares what a unit contributes to ℓ.

Value 0 is the gap ∅; value k + 1 is code k. Cost O(m² E) with E elementary intervals.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.agreement.partition import Partitions
from annotator.agreement.spans import SpanTable

CU_VARIANTS = ("mass", "pairwise", "union")
DEFAULT_CU_VARIANT = "mass"


@dataclass(frozen=True)
class UnitizingStats:
    total: np.ndarray  # (D,)
    margin: np.ndarray  # (D, V)
    diag: np.ndarray
    to_gap: np.ndarray
    self_pairs: np.ndarray
    pairable: np.ndarray
    matrix: np.ndarray  # (V, V) pooled observed coincidences

    def pooled(self, weights: np.ndarray | None = None) -> "UnitizingStats":
        """Rows summed (optionally weighted: ``weights`` is (B, D) -> B pooled rows)."""
        w = np.ones((1, self.total.shape[0])) if weights is None else weights
        return UnitizingStats(w @ self.total, w @ self.margin, w @ self.diag, w @ self.to_gap, w @ self.self_pairs,
                              w @ self.pairable, self.matrix)


def _bins(doc: np.ndarray, value: np.ndarray, weight: np.ndarray, n_docs: int, n_values: int) -> np.ndarray:
    key = doc * n_values + np.maximum(value, 0)
    return np.bincount(key, weight, minlength=n_docs * n_values).reshape(n_docs, n_values)


def _coincidences(parts: Partitions, scale: np.ndarray, n_docs: int,
                  n_values: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    margin, diag, to_gap = (np.zeros((n_docs, n_values)) for _ in range(3))
    matrix = np.zeros(n_values * n_values)
    base = parts.length * scale[parts.doc]
    for i, vi in enumerate(parts.value):
        for j, vj in enumerate(parts.value):
            if i == j:
                continue
            w = base * ((vi >= 0) & (vj >= 0))
            margin += _bins(parts.doc, vi, w, n_docs, n_values)
            diag += _bins(parts.doc, vi, w * (vi == vj), n_docs, n_values)
            to_gap += _bins(parts.doc, vi, w * (vj == 0), n_docs, n_values)
            matrix += np.bincount(np.maximum(vi, 0) * n_values + np.maximum(vj, 0), w, minlength=n_values**2)
    return margin, diag, to_gap, matrix.reshape(n_values, n_values)


def _self_pairs(parts: Partitions, pairable_docs: np.ndarray, n_docs: int, n_values: int) -> np.ndarray:
    out = np.zeros((n_docs, n_values))
    for seg in parts.coders:
        squares = np.where(seg.value > 0, seg.length.astype(float) ** 2, seg.length)
        weight = squares * ((seg.value >= 0) & pairable_docs[seg.doc])
        out += _bins(seg.doc, seg.value, weight, n_docs, n_values)
    return out


def _pairable(parts: Partitions, scale: np.ndarray, variant: str, n_docs: int, n_values: int) -> np.ndarray:
    out = np.zeros((n_docs, n_values))
    valued = parts.value > 0
    for i, seg in enumerate(parts.coders):
        others = [j for j in range(len(parts.coders)) if j != i]
        if variant == "pairwise":  # Σ_{j≠i} |g ∩ V_j|² / (m − 1)  (lindanna/unitized_alpha)
            groups, factor, inner = [valued[j] for j in others], scale, np.ones_like(scale)
        elif variant == "union":  # |g ∩ ∪_{j≠i} V_j|²  (quallmer)
            groups = [valued[others].any(axis=0)] if others else []
            factor, inner = (scale > 0) * 1.0, np.ones_like(scale)
        else:  # (Σ_{j≠i} |g ∩ V_j| / (m − 1))²: the squared mass g contributes to ℓ*
            groups, factor, inner = [valued[others].sum(axis=0)] if others else [], (scale > 0) * 1.0, scale
        for other in groups:
            shared = np.bincount(parts.segment[i], parts.length * valued[i] * other, minlength=seg.start.size)
            x = shared * inner[seg.doc]
            out += _bins(seg.doc, seg.value, x**2 * factor[seg.doc] * (seg.value > 0), n_docs, n_values)
    return out


def unitizing_stats(table: SpanTable, parts: Partitions, cu_pairable: str = DEFAULT_CU_VARIANT) -> UnitizingStats:
    """Per-document sufficient statistics for :func:`annotator.agreement.unitized_alpha`."""
    n_docs, n_values = table.lengths.size, len(table.codes) + 1
    m = table.present.sum(axis=1)
    scale = np.where(m >= 2, 1.0 / np.maximum(m - 1, 1), 0.0)
    margin, diag, to_gap, matrix = _coincidences(parts, scale, n_docs, n_values)
    total = np.where(m >= 2, m * table.lengths, 0).astype(float)
    self_pairs = _self_pairs(parts, m >= 2, n_docs, n_values)
    pairable = _pairable(parts, scale, cu_pairable, n_docs, n_values)
    return UnitizingStats(total, margin, diag, to_gap, self_pairs, pairable, matrix)
