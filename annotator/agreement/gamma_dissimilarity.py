"""The dissimilarities of γ (Mathet, Widlöcher & Métivier 2015, §4.2 and §4.4), vectorised.

A continuum's units are rows of parallel arrays (start, end, category index); a pair of units is
a pair of row indices, ``-1`` standing for the empty unit ∅. Definitions as pygamma-agreement
0.5.9 implements them (``PositionalSporadicDissimilarity``, ``AbsoluteCategoricalDissimilarity``,
``PrecomputedCategoricalDissimilarity``, ``CombinedCategoricalDissimilarity``):

* positional-sporadic ``d_pos(u, v) = ((|s_u − s_v| + |e_u − e_v|) / (len_u + len_v))² · Δ∅``;
* categorical ``d_cat(u, v) = M[c_u][c_v] · Δ∅``, nominal ``M = 1 − I`` unless a matrix is given;
* combined ``d = α · d_pos + β · d_cat``; any pair with ∅ in it costs ``Δ∅``.

Unlike pygamma 0.5.9 (agreement-measures.md §4.3, "known implementation trap"), Δ∅ applies to
the categorical part everywhere, also when it is not 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.agreement.result import AgreementDataError


@dataclass(frozen=True)
class Units:
    """Unit arrays of one or more continua: start, end (floats) and category index."""

    start: np.ndarray
    end: np.ndarray
    cat: np.ndarray


@dataclass(frozen=True)
class Dissimilarity:
    """``α · d_pos + β · d_cat`` with ``Δ∅``; ``categories`` is an optional K x K matrix in [0, 1]."""

    alpha: float = 1.0
    beta: float = 1.0
    delta_empty: float = 1.0
    categories: np.ndarray | None = None

    def __post_init__(self) -> None:
        for name in ("alpha", "beta", "delta_empty"):
            value = getattr(self, name)
            if not (np.isfinite(value) and value >= 0):
                raise AgreementDataError(f"γ's {name} must be a number of at least 0, not {value!r}.")
        if self.delta_empty == 0:
            raise AgreementDataError("γ's Δ∅ (the cost of an unaligned unit) must be positive.")

    def positional(self, units: Units, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """``d_pos`` of unit rows ``u`` and ``v`` (both non-empty)."""
        s, e = units.start, units.end
        ratio = (np.abs(s[u] - s[v]) + np.abs(e[u] - e[v])) / ((e[u] - s[u]) + (e[v] - s[v]))
        out: np.ndarray = ratio * ratio * self.delta_empty
        return out

    def categorical(self, units: Units, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """``d_cat`` of unit rows ``u`` and ``v`` (both non-empty)."""
        cu, cv = units.cat[u], units.cat[v]
        if self.categories is None:
            nominal: np.ndarray = (cu != cv) * self.delta_empty
            return nominal
        out: np.ndarray = self.categories[cu, cv] * self.delta_empty
        return out

    def combined(self, units: Units, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """``d`` of unit rows ``u`` and ``v``, ``Δ∅`` where either is ``-1`` (the empty unit)."""
        both = (u >= 0) & (v >= 0)
        su, sv = np.where(both, u, 0), np.where(both, v, 0)
        d = self.alpha * self.positional(units, su, sv) + self.beta * self.categorical(units, su, sv)
        out: np.ndarray = np.where(both, d, self.delta_empty)
        return out
