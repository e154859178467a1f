"""The best alignment of γ (Mathet, Widlöcher & Métivier 2015, §4.3 and §5.1), exactly, for
many continua at once.

A *unitary alignment* holds one unit or ∅ per coder; its disorder is the mean of ``d`` over the
``P = C(n, 2)`` coder pairs (a pair with ∅ in it, also ∅ with ∅, costs Δ∅, as in pygamma). An
*alignment* partitions the units into unitary alignments; the best one minimises the summed
disorder. Candidates are built coder by coder and pruned only where they cannot be in any best
alignment: a candidate of ``k`` units whose disorder exceeds ``k · Δ∅`` (the cost of its units
apart, each unitary alignment of one unit costing Δ∅) or the cost of its units split in two
groups. pygamma's criterion (Mathet 2015 §5.1.1: summed pair disorder ≤ ``n · P · Δ∅``) keeps a
superset of these, so both find the same minimum. Each new coder's units are tried only with
the partial candidates whose last unit they may join (``_partners``), which skips no kept
candidate. The choice among the candidates is a set partitioning problem — every unit covered
exactly once — solved exactly by ``gamma_solver`` for a batch of continua at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.agreement.gamma_dissimilarity import Dissimilarity, Units
from annotator.agreement.gamma_solver import solve

_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Continua:
    """Continua of ``n_coders`` coders each; unit rows sorted by (continuum, coder)."""

    n_coders: int
    n_continua: int
    cont: np.ndarray  # (U,) continuum of each unit
    coder: np.ndarray  # (U,) coder 0..n-1 within its continuum
    units: Units


@dataclass(frozen=True)
class Candidates:
    """Unitary alignments: continuum, unit row per coder (-1 for ∅), pair dissimilarities."""

    cont: np.ndarray  # (C,)
    rows: np.ndarray  # (C, n)
    pairs: np.ndarray  # (C, P), pair order of ``pair_index``

    @property
    def disorder(self) -> np.ndarray:
        """Each unitary alignment's disorder: the mean over coder pairs."""
        out: np.ndarray = self.pairs.mean(axis=1)
        return out

    def take(self, keep: np.ndarray | np.bool_) -> Candidates:
        return Candidates(self.cont[keep], self.rows[keep], self.pairs[keep])


def pair_index(n: int) -> list[tuple[int, int]]:
    """Coder pairs ``(i, j)``, ``i < j``, in the order candidates store them."""
    return [(i, j) for j in range(n) for i in range(j)]


def _slots(c: Continua) -> tuple[np.ndarray, np.ndarray]:
    """First unit row and number of units of every (continuum, coder)."""
    key = c.cont * c.n_coders + c.coder
    bounds = np.searchsorted(key, np.arange(c.n_continua * c.n_coders + 1))
    shape = (c.n_continua, c.n_coders)
    return bounds[:-1].reshape(shape), np.diff(bounds).reshape(shape)


def _runs(reps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(i, j)`` for every ``i`` and ``j < reps[i]``."""
    idx = np.repeat(np.arange(reps.size), reps)
    return idx, np.arange(idx.size) - np.repeat(np.cumsum(reps) - reps, reps)


def _partners(k: int, first: np.ndarray, count: np.ndarray, c: Continua,
              diss: Dissimilarity) -> tuple[np.ndarray, np.ndarray]:
    """For every unit of a coder before ``k``, the units of coder ``k`` it may share a candidate
    with (ascending, as CSR ``indptr``, units): a kept candidate of ``m + 1`` units costs no more
    than its unit ``u`` apart from the rest, so ``d(u, w) ≤ Σ_v d(u, v) ≤ (P + m) · Δ∅``, and
    ``m < n`` (with slack for the tolerance, the total being at most ``n · P · Δ∅``)."""
    p = len(pair_index(c.n_coders))
    limit = (p + c.n_coders - 1 + 2 * _TOLERANCE * c.n_coders * p) * diss.delta_empty
    before = np.flatnonzero(c.coder < k)
    u, j = _runs(count[c.cont[before], k])
    u = before[u]
    w = first[c.cont[u], k] + j
    near = diss.combined(c.units, u, w) <= limit
    return np.concatenate([[0], np.cumsum(np.bincount(u[near], minlength=c.cont.size))]), w[near]


def _extend(cand: Candidates, k: int, first: np.ndarray, count: np.ndarray,
            c: Continua, diss: Dissimilarity) -> Candidates:
    """Every candidate with ∅ or each unit of coder ``k`` of its continuum that may join its
    last unit (``_partners``; any unit where it has none) appended."""
    indptr, partner = _partners(k, first, count, c, diss)
    last = cand.rows.max(axis=1, initial=-1)
    anchored = last >= 0
    options = np.where(anchored, indptr[last + 1] - indptr[np.maximum(last, 0)], count[cand.cont, k])
    idx, j = _runs(options + 1)
    cont, at = cand.cont[idx], last[idx]
    via = np.append(partner, -1)[np.minimum(indptr[np.maximum(at, 0)] + j, partner.size)]
    new = np.where(j < options[idx], np.where(at >= 0, via, first[cont, k] + j), -1)
    rows = np.column_stack([cand.rows[idx], new])
    added = [diss.combined(c.units, rows[:, i], new) for i in range(k)]
    return Candidates(cont, rows, np.column_stack([cand.pairs[idx], *added]))


def _bound(cand: Candidates, n: int, coders_left: int, diss: Dissimilarity) -> np.ndarray:
    """Whether each (partial) candidate can still cost no more than its units apart."""
    most_units = (cand.rows >= 0).sum(axis=1) + coders_left
    limit = most_units * diss.delta_empty * len(pair_index(n))
    out: np.ndarray = cand.pairs.sum(axis=1) <= limit * (1 + _TOLERANCE)
    return out


def _undominated(cand: Candidates, n: int, diss: Dissimilarity) -> np.ndarray:
    """False for candidates that cost more than their units split into two groups."""
    pairs = pair_index(n)
    filled = cand.rows >= 0
    real = np.column_stack([filled[:, i] & filled[:, j] for i, j in pairs]) if pairs else filled[:, :0]
    total = cand.pairs.sum(axis=1)
    keep = np.ones(total.size, dtype=bool)
    for mask in range(1, 2 ** (n - 1)):
        side = np.array([(mask >> i) & 1 == 1 for i in range(n)])
        split = np.zeros(total.size)
        for part in (side, ~side):
            inside = np.array([part[i] and part[j] for i, j in pairs])
            within = real & inside
            split += (cand.pairs * within).sum(axis=1) + (len(pairs) - within.sum(axis=1)) * diss.delta_empty
        apart = (filled & side).any(axis=1) & (filled & ~side).any(axis=1)
        keep &= ~(apart & (split < total * (1 - _TOLERANCE)))
    return keep


def candidates(c: Continua, diss: Dissimilarity) -> Candidates:
    """The unitary alignments that may be part of a best alignment, for every continuum."""
    first, count = _slots(c)
    n = c.n_coders
    cand = Candidates(np.arange(c.n_continua), np.empty((c.n_continua, 0), np.int64), np.empty((c.n_continua, 0)))
    for k in range(n):
        cand = _extend(cand, k, first, count, c, diss)
        cand = cand.take(_bound(cand, n, n - k - 1, diss))
    cand = cand.take((cand.rows >= 0).any(axis=1))
    return cand.take(_undominated(cand, n, diss))


def best_alignment(c: Continua, diss: Dissimilarity) -> Candidates:
    """The unitary alignments of every continuum's best alignment (exact, see ``gamma_solver``)."""
    cand = candidates(c, diss)
    return cand.take(solve(cand.rows, cand.disorder, c.cont.size))


