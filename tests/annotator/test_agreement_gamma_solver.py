"""γ's fast exact solver (annotator.agreement.gamma_solver, gamma_cliques) against the plain set
partitioning MILP over the same candidates, on many seeded random continua."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_array

from annotator.agreement.gamma_alignment import Continua, best_alignment, candidates
from annotator.agreement.gamma_cliques import triangle_cliques
from annotator.agreement.gamma_dissimilarity import Dissimilarity, Units
from annotator.agreement.gamma_solver import solve


def _random_continua(rng: np.random.Generator, n: int, size: int, most: int = 12) -> Continua:
    """``size`` continua of ``n`` coders, 1 to ``most`` units each, crowded on 0..120 so that they overlap."""
    parts = []
    for k in range(size):
        for coder in range(n):
            m = int(rng.integers(1, most + 1))
            start = rng.uniform(0, 120, m)
            parts.append(np.column_stack([np.full(m, k), np.full(m, coder), start, start + rng.uniform(1, 25, m),
                                          rng.integers(0, 3, m)]))
    a = np.concatenate(parts)
    a = a[np.lexsort((a[:, 1], a[:, 0]))]
    return Continua(n, size, a[:, 0].astype(np.int64), a[:, 1].astype(np.int64),
                    Units(a[:, 2], a[:, 3], a[:, 4].astype(np.int64)))


def _partitioning(c: Continua, diss: Dissimilarity, relax: bool) -> np.ndarray:
    """Each continuum's least summed disorder by the plain set partitioning problem (every unit
    covered once), as a MILP with zero gap, or its linear relaxation."""
    cand = candidates(c, diss)
    col, k = np.nonzero(cand.rows >= 0)
    matrix = csr_array((np.ones(col.size), (cand.rows[col, k], col)), shape=(c.cont.size, cand.cont.size))
    if relax:
        x = linprog(cand.disorder, A_eq=matrix, b_eq=np.ones(c.cont.size), bounds=(0, 1), method="highs").x
    else:
        x = milp(cand.disorder, constraints=LinearConstraint(matrix, 1, 1), integrality=np.ones(cand.cont.size),
                 bounds=Bounds(0, 1), options={"mip_rel_gap": 0.0}).x
    return np.bincount(cand.cont, x * cand.disorder, minlength=c.n_continua)


@pytest.mark.parametrize(("n", "size"), [(2, 150), (3, 400), (4, 120)])
def test_fast_solver_finds_the_plain_milp_minimum_on_random_continua(n, size):
    rng = np.random.default_rng(16 + n)
    c = _random_continua(rng, n, size)
    matrix = rng.uniform(0, 1, (3, 3))
    for diss in (Dissimilarity(), Dissimilarity(alpha=3, beta=0.5, delta_empty=0.7,
                                                 categories=np.minimum(matrix, matrix.T) * (1 - np.eye(3)))):
        best = best_alignment(c, diss)
        assert np.array_equal(np.sort(best.rows[best.rows >= 0]), np.arange(c.cont.size))  # each unit once
        found = np.bincount(best.cont, best.disorder, minlength=c.n_continua)
        optimum = _partitioning(c, diss, relax=False)
        assert found == pytest.approx(optimum, abs=1e-9)
        gaps = optimum - _partitioning(c, diss, relax=True)
        assert (gaps < 1e-9).all() if n == 2 else (gaps > 1e-6).sum() >= 2  # fractional relaxations met


def _every_unitary_alignment(c: Continua, diss: Dissimilarity) -> np.ndarray:
    """Each continuum's least summed disorder over all its unitary alignments, none pruned (MILP)."""
    columns, costs = [], []
    for k in range(c.n_continua):
        by_coder = [[*np.flatnonzero((c.cont == k) & (c.coder == i)).tolist(), -1] for i in range(c.n_coders)]
        for rows in itertools.product(*by_coder):
            row = np.array(rows)
            if (row >= 0).any():
                pairs = [diss.combined(c.units, row[[i]], row[[j]])[0] for j in range(c.n_coders) for i in range(j)]
                columns.append(row[row >= 0])
                costs.append((k, float(np.mean(pairs))))
    col = np.repeat(np.arange(len(columns)), [len(x) for x in columns])
    matrix = csr_array((np.ones(col.size), (np.concatenate(columns), col)), shape=(c.cont.size, len(columns)))
    cont, cost = np.array(costs).T
    x = milp(cost, constraints=LinearConstraint(matrix, 1, 1), integrality=np.ones(cost.size), bounds=Bounds(0, 1),
             options={"mip_rel_gap": 0.0}).x
    return np.bincount(cont.astype(np.int64), x * cost, minlength=c.n_continua)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_pruned_candidates_keep_the_minimum_over_every_unitary_alignment(n):
    c = _random_continua(np.random.default_rng(60 + n), n, 100, most=6 - n // 2)
    for diss in (Dissimilarity(), Dissimilarity(alpha=3, delta_empty=0.5)):
        best = best_alignment(c, diss)
        found = np.bincount(best.cont, best.disorder, minlength=c.n_continua)
        assert found == pytest.approx(_every_unitary_alignment(c, diss), abs=1e-9)


def test_triangle_cliques_list_every_triangle_and_the_candidates_in_it():
    rows = np.array([[0, 3, -1], [0, -1, 5], [-1, 3, 5], [0, 3, 5], [1, 3, -1], [1, -1, 6], [-1, 4, 6], [2, -1, -1]])
    cliques = triangle_cliques(rows).toarray()
    held = [set(r[r >= 0].tolist()) for r in rows]
    edges = {frozenset(p) for h in held for p in itertools.combinations(sorted(h), 2)}
    units = sorted(set().union(*held))
    triangles = [t for t in itertools.combinations(units, 3) if all(frozenset(p) in edges for p in
                                                                     itertools.combinations(t, 2))]
    expected = {(t, i) for t in triangles for i, h in enumerate(held) if len(h & set(t)) >= 2}
    rows_found = {tuple(sorted(int(u) for u in np.unique(rows[np.flatnonzero(line)]) if u >= 0))
                  for line in cliques}
    assert len(cliques) == len(triangles) == 1 and rows_found == {(0, 3, 5)}
    assert {(triangles[0], int(i)) for i in np.flatnonzero(cliques[0])} == expected


def _singletons(n_units: int, coder: list[int]) -> list[list[int]]:
    rows = [[-1, -1, -1] for _ in range(n_units)]
    for u, k in enumerate(coder):
        rows[u][k] = u
    return rows


@pytest.mark.parametrize(("pairs", "coder", "best"), [
    ([[0, 1, -1], [-1, 1, 2], [0, -1, 2]], [0, 1, 2], 0.5 + 1.0),  # a triangle: one pair, one unit alone
    ([[0, 2, -1], [-1, 2, 4], [1, -1, 4], [1, 3, -1], [0, 3, -1]], [0, 0, 1, 1, 2], 0.5 + 0.5 + 1.0),  # a 5-cycle
])
def test_odd_cycles_of_pairs_are_solved_whole_where_the_relaxation_takes_halves(pairs, coder, best):
    # Every pair costs 0.5 and every unit alone 1: the relaxation takes each pair at one half; the
    # triangle's clique settles the first, only milp the second (it has no triangle).
    rows = np.array(pairs + _singletons(len(coder), coder))
    disorder = np.array([0.5] * len(pairs) + [1.0] * len(coder))
    chosen = solve(rows, disorder, len(coder))
    assert np.array_equal(np.sort(rows[chosen][rows[chosen] >= 0]), np.arange(len(coder)))
    assert disorder[chosen].sum() == pytest.approx(best)
