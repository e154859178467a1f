"""Triangle cliques that tighten the relaxation of γ's set packing (``gamma_solver``).

Three units ``u < v < w`` pairwise held together by candidates form a triangle; any two candidates
that hold two of its units share one, so at most one of them is in a packing: ``Σ x ≤ 1`` over
them. The relaxation without these is fractional mostly on exactly such triangles (three pairs at
one half each).
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_array


def _edges(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of units ``u < v`` held by a candidate: the candidate, ``u``, ``v``."""
    held = [(np.flatnonzero((rows[:, i] >= 0) & (rows[:, j] >= 0)), i, j)
            for j in range(rows.shape[1]) for i in range(j)]
    cand = np.concatenate([c for c, _, _ in held])
    first, second = (np.concatenate([rows[c, k[side]] for c, *k in held]) for side in (0, 1))
    return cand, np.minimum(first, second), np.maximum(first, second)


def _runs(starts: np.ndarray, stops: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each ``k``, the indices ``starts[k]..stops[k] - 1``: (k, index) pairs."""
    lengths = np.maximum(stops - starts, 0)
    k = np.repeat(np.arange(starts.size), lengths)
    return k, np.arange(k.size) - np.repeat(np.cumsum(lengths) - lengths, lengths) + starts[k]


def _triangles(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The triangles ``(u, v, w)`` of the graph with (unique, sorted) edges ``u < v``."""
    size = int(max(u.max(initial=0), v.max(initial=0))) + 1
    keys = u * size + v
    block_end = np.searchsorted(u, u, side="right")
    e, f = _runs(np.arange(u.size) + 1, block_end)  # edges (u, v) and (u, w), v < w
    w = v[f]
    closed = np.isin(v[e] * size + w, keys)
    return np.column_stack([u[e][closed], v[e][closed], w[closed]])


def triangle_cliques(rows: np.ndarray) -> csr_array:
    """Triangles x candidates: 1 where the candidate holds two or three of the triangle's units."""
    cand, u, v = _edges(rows)
    size = int(max(u.max(initial=0), v.max(initial=0))) + 1
    pairs = np.unique(u * size + v)
    tri = _triangles(pairs // size, pairs % size)
    keys = u * size + v
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    sides = np.concatenate([tri[:, 0] * size + tri[:, 1], tri[:, 0] * size + tri[:, 2], tri[:, 1] * size + tri[:, 2]])
    t, at = _runs(np.searchsorted(sorted_keys, sides), np.searchsorted(sorted_keys, sides, side="right"))
    entries = np.unique((t % max(len(tri), 1)) * rows.shape[0] + cand[order[at]])
    return csr_array((np.ones(entries.size), (entries // rows.shape[0], entries % rows.shape[0])),
                     shape=(len(tri), rows.shape[0]))
