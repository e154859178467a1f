"""Chance continua for γ's expected disorder: pygamma-agreement's ``StatisticalContinuumSampler``
(0.5.9, its default), drawn with numpy's ``Generator``.

From the observed continuum it fits normal distributions to the number of units per coder, the
gaps (0, each coder's first start when positive, and start − previous end between a coder's
consecutive units, which is negative where they overlap) and the unit lengths, and takes the
categories' observed frequencies. A sample gives every coder ``|trunc(N(units))|`` units (the
first coder at least one, so no sample is empty), laid left to right: ``start = previous end +
N(gap)``, ``length = |N(length)|`` (drawn again below 1e-6, pyannote's segment precision), and a
category drawn by frequency. Positions are real numbers, as in pygamma.
Mathet et al. (2015, §5.2) shuffle the observed units instead (pygamma's ShuffleContinuumSampler);
the two give visibly different γ on the same data (agreement-measures.md §4.3).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SAMPLER = "statistical (pygamma-agreement's StatisticalContinuumSampler)"
_PRECISION = 1e-6


@dataclass(frozen=True)
class SamplerFit:
    """The distributions a document's chance continua are drawn from."""

    units: tuple[float, float]  # mean, standard deviation of units per coder
    gap: tuple[float, float]
    length: tuple[float, float]
    weights: np.ndarray  # probability of each category index


def _gaps(by_coder: list[np.ndarray]) -> list[float]:
    gaps = [0.0]
    for spans in by_coder:
        if len(spans):
            gaps += (spans[1:, 0] - spans[:-1, 1]).tolist()
    gaps += [float(spans[0, 0]) for spans in by_coder if len(spans) and spans[0, 0] > 0]
    return gaps


def fit(by_coder: list[np.ndarray], n_categories: int) -> SamplerFit:
    """Fit the sampler to one continuum: per coder, rows ``(start, end, category)`` sorted."""
    spans = np.concatenate(by_coder)
    lengths, gaps = spans[:, 1] - spans[:, 0], _gaps(by_coder)
    counts = [len(s) for s in by_coder]
    weights = np.bincount(spans[:, 2].astype(np.int64), minlength=n_categories) / len(spans)
    return SamplerFit((float(np.mean(counts)), float(np.std(counts))), (float(np.mean(gaps)), float(np.std(gaps))),
                      (float(np.mean(lengths)), float(np.std(lengths))), weights)


def _lengths(f: SamplerFit, size: int, rng: np.random.Generator) -> np.ndarray:
    out = np.abs(rng.normal(*f.length, size))
    short = np.flatnonzero(out < _PRECISION)
    while short.size:
        out[short] = np.abs(rng.normal(*f.length, short.size))
        short = short[out[short] < _PRECISION]
    return out


def sample(f: SamplerFit, n_coders: int, n_samples: int,
           rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``n_samples`` chance continua as unit arrays (sample, coder, start, end, category),
    sorted by sample and coder."""
    counts = np.abs(np.trunc(rng.normal(*f.units, (n_samples, n_coders)))).astype(np.int64)
    counts[:, 0] = np.maximum(counts[:, 0], 1)
    flat = counts.ravel()
    total = int(flat.sum())
    gaps, lengths = rng.normal(*f.gap, total), _lengths(f, total, rng)
    cats = rng.choice(f.weights.size, size=total, p=f.weights)
    run = np.cumsum(gaps + lengths)
    before = np.concatenate([[0.0], run])[np.cumsum(flat) - flat]
    end = run - np.repeat(before, flat)
    group = np.repeat(np.arange(flat.size), flat)
    return group // n_coders, group % n_coders, end - lengths, end, cats
