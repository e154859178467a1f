"""The choice among γ's candidate unitary alignments (``gamma_alignment``), exactly and fast.

Every unit has its own unitary alignment (it alone), so the set partitioning problem is a set
packing one: choose disjoint candidates of two or more units, maximising their *saving* (the cost
of their units alone less theirs); the units left over stand alone. Candidates with no saving are
never needed. The packing splits into independent *components* (units joined by any candidate).
Its linear relaxation (HiGHS dual simplex) is solved for a whole batch at once; a component whose
relaxed solution is integral is solved exactly by it (a relaxed optimum bounds every integral
one), and only the components left fractional go to ``scipy.optimize.milp`` (HiGHS, zero gap),
together in one call. With two coders the relaxation is always integral (bipartite matching).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_array, vstack
from scipy.sparse.csgraph import connected_components

from annotator.agreement.gamma_cliques import triangle_cliques

_INTEGRAL = 1e-6


def _alone(rows: np.ndarray, disorder: np.ndarray, n_units: int) -> np.ndarray:
    """The disorder of each unit alone (every unit has that candidate)."""
    single = (rows >= 0).sum(axis=1) == 1
    cost = np.full(n_units, np.inf)
    cost[rows[single].max(axis=1)] = disorder[single]
    return cost


def _incidence(rows: np.ndarray, n_units: int) -> csr_array:
    """Units x candidates, 1 where a candidate holds a unit."""
    col, k = np.nonzero(rows >= 0)
    return csr_array((np.ones(col.size), (rows[col, k], col)), shape=(n_units, rows.shape[0]))


def _components(rows: np.ndarray, n_units: int) -> np.ndarray:
    """The component of every unit: units joined by a candidate are in the same one."""
    first = rows.max(axis=1)
    col, k = np.nonzero(rows >= 0)
    graph = csr_array((np.ones(col.size), (rows[col, k], first[col])), shape=(n_units, n_units))
    labels: np.ndarray = connected_components(graph, directed=False)[1]
    return labels


def _relaxed(saving: np.ndarray, matrix: csr_array) -> np.ndarray | None:
    """The relaxed packing's optimum (``None`` if HiGHS gives none)."""
    result = linprog(-saving, A_ub=matrix, b_ub=np.ones(matrix.shape[0]), bounds=(0, 1), method="highs-ds",
                     options={"presolve": False})
    return result.x if result.status == 0 else None


def _integral(saving: np.ndarray, matrix: csr_array) -> np.ndarray:
    """Which candidates a best packing takes, by mixed-integer programming."""
    result = milp(-saving, constraints=LinearConstraint(matrix, -np.inf, 1), integrality=np.ones(saving.size),
                  bounds=Bounds(0, 1), options={"mip_rel_gap": 0.0})
    if result.x is None:  # taking nothing is always feasible
        raise RuntimeError(f"HiGHS found no alignment: {result.message}")
    out: np.ndarray = result.x > 0.5
    return out


def _by_relaxation(saving: np.ndarray, matrix: csr_array, label: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The candidates taken where the relaxation is integral, and those of the components where it is not."""
    x = _relaxed(saving, matrix)
    if x is None:
        return np.zeros(saving.size, dtype=bool), np.ones(saving.size, dtype=bool)
    left = np.isin(label, label[np.abs(x - np.round(x)) > _INTEGRAL])
    return (x > 0.5) & ~left, left


def _packing(saving: np.ndarray, rows: np.ndarray, n_units: int) -> np.ndarray:
    """Which of the candidates ``rows`` (all with a positive saving) a best packing takes: by the
    relaxation, then by the relaxation with the triangle cliques where that was fractional, then
    by MILP where that still is."""
    label = _components(rows, n_units)[rows.max(axis=1)]
    taken, left = _by_relaxation(saving, _incidence(rows, n_units), label)
    if left.any():
        matrix = vstack([_incidence(rows[left], n_units), triangle_cliques(rows[left])], format="csr")
        more, still = _by_relaxation(saving[left], matrix, label[left])
        if still.any():
            more[still] = _integral(saving[left][still], matrix[:, still])
        taken[left] = more
    return taken


def solve(rows: np.ndarray, disorder: np.ndarray, n_units: int) -> np.ndarray:
    """Indices of the candidates (unit rows per coder, ``-1`` for ∅; their disorders) that make
    up a best alignment of ``n_units`` units: the best packing, and every other unit alone."""
    alone = _alone(rows, disorder, n_units)
    filled = rows >= 0
    saving = np.where(filled, alone[np.maximum(rows, 0)], 0.0).sum(axis=1) - disorder
    group = np.flatnonzero((filled.sum(axis=1) >= 2) & (saving > 0))
    packed = group[_packing(saving[group], rows[group], n_units)] if group.size else group
    covered = np.zeros(n_units, dtype=bool)
    covered[rows[packed][rows[packed] >= 0]] = True
    single = np.flatnonzero(filled.sum(axis=1) == 1)
    return np.sort(np.concatenate([packed, single[~covered[rows[single].max(axis=1)]]]))
