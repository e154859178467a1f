"""γ-cat and γ-k (Mathet 2017, *Computational Linguistics* 43(3):661–681, §4.2) on γ's best alignments.

Both read the pairs of units aligned together (two coders' units in one unitary alignment, neither
empty): each pair's categorical dissimilarity, weighted by ``w = max(0, 1 − α·d_pos)/(n_v − 1)`` for a
unitary alignment of ``n_v`` units (the pairing confidence with α as in the Gamma Software and
pygamma-agreement 0.5.9, ``Alignment.gamma_k_disorder`` in pygamma_agreement/alignment.py). A
continuum's disorder is ``Σ w·d_cat / Σ w``; γ-cat takes every pair, γ-k of a code ``k`` the pairs
where at least one unit has code ``k`` (pygamma: a pair is skipped when neither unit is of ``k``), so a
pair of two codes counts for both. pygamma's "experimental" term for a unit aligned with ∅ (weight
Δ∅, disorder Δ∅²) is not in the paper and is left out, as is its disorder 1 for a continuum without
any pair of ``k`` (0 when its ``k`` units are all unaligned): such a disorder is undefined here.

A unit aligned with no unit of another coder is in no pair, so it is in no γ-k: a code one coder used eight
times and the other once can score γ-k 1. Each γ-k therefore carries as its ``coverage`` the share of the code's
units aligned with a unit of another coder, and a warning when that share is below 1.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Hashable
from dataclasses import dataclass, fields

import numpy as np

from annotator.agreement.gamma_alignment import Candidates, pair_index
from annotator.agreement.gamma_dissimilarity import Dissimilarity, Units
from annotator.agreement.result import AgreementResult, Counts, undefined


@dataclass(frozen=True)
class CatSums:
    """Per continuum: γ-cat's ``Σ w·d_cat`` and ``Σ w``; per continuum and code (columns): γ-k's, the
    number of units of the code and how many of them are aligned with a unit of another coder."""

    cat: np.ndarray
    weight: np.ndarray
    cat_k: np.ndarray
    weight_k: np.ndarray
    units_k: np.ndarray
    aligned_k: np.ndarray

    def take(self, index: np.ndarray | slice) -> CatSums:
        return CatSums(*(getattr(self, f.name)[index] for f in fields(self)))

    @staticmethod
    def concat(parts: list[CatSums], n_categories: int) -> CatSums:
        if not parts:
            return CatSums(np.zeros(0), np.zeros(0), *(np.zeros((0, n_categories)) for _ in range(4)))
        return CatSums(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(CatSums)))


def _by_code(cont: np.ndarray, code: np.ndarray, values: np.ndarray, size: int, k: int) -> np.ndarray:
    out: np.ndarray = np.bincount(cont * k + code, values, minlength=size * k).reshape(size, k)
    return out


def cat_sums(chosen: Candidates, units: Units, cont: np.ndarray, n: int, diss: Dissimilarity, size: int,
             n_categories: int) -> CatSums:
    """The sums of ``size`` continua whose best alignments are ``chosen``; ``cont`` is every unit's continuum."""
    filled = (chosen.rows >= 0).sum(axis=1)
    k = n_categories
    cat, weight, cat_k, weight_k = np.zeros(size), np.zeros(size), np.zeros((size, k)), np.zeros((size, k))
    for i, j in pair_index(n):
        u, v = chosen.rows[:, i], chosen.rows[:, j]
        both = np.flatnonzero((u >= 0) & (v >= 0))
        u, v, at = u[both], v[both], chosen.cont[both]
        w = np.maximum(0.0, 1.0 - diss.alpha * diss.positional(units, u, v)) / (filled[both] - 1)
        wd = w * diss.categorical(units, u, v)
        cat += np.bincount(at, wd, minlength=size)
        weight += np.bincount(at, w, minlength=size)
        cu, cv = units.cat[u], units.cat[v]
        other = cu != cv  # the pair counts once for each of its codes
        cat_k += _by_code(at, cu, wd, size, k) + _by_code(at[other], cv[other], wd[other], size, k)
        weight_k += _by_code(at, cu, w, size, k) + _by_code(at[other], cv[other], w[other], size, k)
    units_k = _by_code(cont, units.cat, np.ones(cont.size), size, k)
    return CatSums(cat, weight, cat_k, weight_k, units_k, _aligned_k(chosen, filled, units, size, k))


def _aligned_k(chosen: Candidates, filled: np.ndarray, units: Units, size: int, k: int) -> np.ndarray:
    """Per continuum and code: its units in a unitary alignment with at least one other coder's unit."""
    rows = chosen.rows[filled >= 2]
    at = np.broadcast_to(chosen.cont[filled >= 2][:, None], rows.shape)
    real = rows >= 0
    return _by_code(at[real], units.cat[rows[real]], np.ones(int(real.sum())), size, k)


def _divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den``, NaN where ``den`` is 0 (no pair with any pairing confidence)."""
    out: np.ndarray = np.divide(num, den, out=np.full(np.shape(num), np.nan), where=den > 0)
    return out


def ratios(sums: CatSums) -> tuple[float, np.ndarray]:
    """γ-cat's disorder and γ-k's per code (NaN where undefined) of the continuum made of the given ones
    laid end to end."""
    cat = _divide(sums.cat.sum(), sums.weight.sum())
    return float(cat), _divide(sums.cat_k.sum(axis=0), sums.weight_k.sum(axis=0))


def expected(samples: list[CatSums]) -> tuple[float, np.ndarray]:
    """The mean γ-cat and γ-k disorders over the chance continua, each over those where it is defined
    (NaN where it is defined in none)."""
    cat = np.array([ratios(s)[0] for s in samples])
    per_k = np.array([ratios(s)[1] for s in samples])
    return float(_mean_defined(cat[:, None])[0]), _mean_defined(per_k)


def _mean_defined(values: np.ndarray) -> np.ndarray:
    """Column means over the rows that are not NaN."""
    defined = ~np.isnan(values)
    return _divide(np.where(defined, values, 0.0).sum(axis=0), defined.sum(axis=0).astype(np.float64))


def gamma_cat(observed: float, expected: float, counts: Counts) -> AgreementResult:
    """γ-cat ``= 1 − observed/expected`` (1 when observed is 0, as in pygamma)."""
    if math.isnan(observed):
        return undefined("γ-cat", "no units of two coders were aligned with any positional confidence", counts)
    if observed == 0:
        return AgreementResult(1.0, "γ-cat", observed=0.0, expected=_number(expected), **counts)
    if math.isnan(expected) or expected <= 0:
        return undefined("γ-cat", "the chance continua show no categorical disorder", counts)
    return AgreementResult(1.0 - observed / expected, "γ-cat", observed=observed, expected=expected, **counts)


def _number(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def gamma_k(observed: float, expected: float, counts: Counts) -> AgreementResult:
    """γ-k of one code ``= 1 − observed/expected`` (1 when observed is 0, as pygamma's ``gamma_k``);
    ``counts["n_units"]`` is the number of units of the code."""
    if counts["n_units"] == 0:
        return undefined("γ-k", "no coder used this code in the text γ compares", counts)
    if math.isnan(observed):
        return undefined("γ-k", "no unit of this code was aligned with another coder's unit with any positional "
                         "confidence", counts)
    if observed == 0:
        return AgreementResult(1.0, "γ-k", observed=0.0, expected=_number(expected), **counts)
    if math.isnan(expected) or expected <= 0:  # the observed disorder is kept
        why = ("no unit of this code was aligned with another coder's unit in the chance continua"
               if math.isnan(expected) else "the chance continua show no categorical disorder for this code")
        return dataclasses.replace(undefined("γ-k", why, counts), observed=observed, expected=_number(expected))
    return AgreementResult(1.0 - observed / expected, "γ-k", observed=observed, expected=expected, **counts)


def gamma_ks(observed: CatSums, expected_k: np.ndarray, columns: dict[Hashable, int],
             counts: Counts) -> dict[Hashable, AgreementResult]:
    """γ-k of the codes ``columns`` maps to their columns."""
    _, observed_k = ratios(observed)
    used, aligned = observed.units_k.sum(axis=0), observed.aligned_k.sum(axis=0)
    return {label: gamma_k(float(observed_k[i]), float(expected_k[i]), _code_counts(counts, int(used[i]),
                                                                                   int(aligned[i])))
            for label, i in columns.items()}


def _code_counts(counts: Counts, used: int, aligned: int) -> Counts:
    """``counts`` for the γ-k of a code with ``used`` units, ``aligned`` of them aligned with another coder's:
    its coverage, and a warning when some (not all, not none) are left out."""
    note = (f"γ-k {unaligned_note(used, aligned)}",) if 0 < aligned < used else ()
    return Counts(**{**counts, "n_units": used, "coverage": aligned / used if used else None,
                     "warnings": (*counts.get("warnings", ()), *note)})


def unaligned_note(used: int, aligned: int) -> str:
    """Why a γ-k rests on fewer than all spans of its code: "rests on ... applies." (its subject left out)."""
    left = used - aligned
    return (f"rests on {aligned} of the code's {used} spans; the other {left} {'was' if left == 1 else 'were'} "
            "aligned with no span of another coder and left out, so it shows agreement on the code "
            "where coders marked the same passage, not on where the code applies.")
