"""Agreement benchmarks: print our times, the baseline's time and the ratio (never asserts).

1. Character-level Krippendorff's alpha (nominal), 3 coders x 1,000,000 characters, against
   the ``krippendorff`` package on the same matrix (values must agree to 1e-9).
2. The unitizing family (uα, |uα, cuα, (k)uα, pooled plus per-document drill-down) for
   3 coders, 1,000 documents, 30,000 spans.

Run: ``python benchmarks/bench_agreement.py``
"""

from __future__ import annotations

import statistics
import time
import warnings

import numpy as np

from annotator.agreement import alpha_u_2004_documents, krippendorff_alpha, unitized_alpha_documents


def best_of(function, repeat: int) -> tuple[float, object]:
    """Median wall time of ``repeat`` runs (after one warm-up) and the last result."""
    result = function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def character_matrix(rng, coders=3, length=1_000_000, codes=8) -> np.ndarray:
    """Spans projected on characters: runs of codes (0 = uncoded) with a few missing stretches."""
    runs = rng.integers(5, 400, size=length // 50)
    shared = np.repeat(rng.integers(0, codes, size=runs.size), runs)[:length]
    matrix = np.tile(shared, (coders, 1)).astype(float)
    flips = rng.random(matrix.shape) < 0.15
    matrix[flips] = rng.integers(0, codes, size=int(flips.sum()))
    matrix[:, : length // 100] = np.nan
    return matrix


def bench_character_alpha(rng) -> None:
    from importlib.metadata import version

    import krippendorff

    matrix = character_matrix(rng)
    ours_t, ours = best_of(lambda: krippendorff_alpha(matrix, "nominal"), repeat=7)
    theirs_t, theirs = best_of(lambda: krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"),
                               repeat=3)
    print("Character-level Krippendorff's alpha (nominal), 3 coders x 1,000,000 characters")
    print(f"  annotator.agreement : {ours_t * 1000:8.1f} ms   alpha = {ours.value:.12f}")
    print(f"  krippendorff {version('krippendorff'):<7}: {theirs_t * 1000:8.1f} ms   alpha = {theirs:.12f}")
    print(f"  ratio (krippendorff / ours): {theirs_t / ours_t:.1f}x   |difference| = {abs(ours.value - theirs):.1e}")


def documents(rng, n_docs=1_000, coders=3, spans_total=30_000, codes=10) -> dict:
    """Random documents; each coder's spans are a perturbed copy of a shared reference."""
    per_coder = spans_total // (n_docs * coders)
    docs = {}
    for d in range(n_docs):
        length = int(rng.integers(2_000, 8_000))
        cuts = np.sort(rng.choice(np.arange(1, length), size=2 * per_coder, replace=False))
        labels = rng.integers(0, codes, per_coder)
        reference = [(int(a), int(b), int(c)) for a, b, c in zip(cuts[::2], cuts[1::2], labels)]
        by_coder = {}
        for c in range(coders):
            jitter = rng.integers(0, 4, size=(len(reference), 2))  # boundaries move inwards only: no overlaps
            spans = [(a + j0, b - j1, code if rng.random() > 0.1 else int(rng.integers(0, codes)))
                     for (a, b, code), (j0, j1) in zip(reference, jitter)]
            by_coder[f"coder{c}"] = [(a, b, code) for a, b, code in spans if a < b]
        docs[f"doc{d}"] = (length, by_coder)
    return docs


def bench_unitizing(rng) -> None:
    docs = documents(rng)
    n_spans = sum(len(s) for _, by in docs.values() for s in by.values())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        u_t, result = best_of(lambda: unitized_alpha_documents(docs), repeat=5)
        a_t, old = best_of(lambda: alpha_u_2004_documents(docs), repeat=3)
    pooled = result.pooled
    print(f"Unitizing family, 3 coders, {len(docs):,} documents, {n_spans:,} spans (pooled + per-document)")
    print(f"  uα, |uα, cuα, (k)uα : {u_t * 1000:8.1f} ms   uα = {pooled.u_alpha.value:.4f}, "
          f"cuα = {pooled.cu_alpha.value:.4f}")
    print(f"  αU 2004 (DKPro)     : {a_t * 1000:8.1f} ms   αU = {old.pooled.overall.value:.4f}")


if __name__ == "__main__":
    generator = np.random.default_rng(2024)
    bench_character_alpha(generator)
    print()
    bench_unitizing(generator)
