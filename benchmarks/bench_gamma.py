"""γ benchmark (issue 16): 3 coders x 20 spans per document, 1,000 documents, per document and
pooled (γ, γ-cat and γ-k per code), 30 chance samples each; prints the time (wall and CPU) and its
ratio to the unitizing family (uα, |uα, cuα, (k)uα) on the same documents in the same run. Asserts
nothing. The issue's target is under a minute on a 2-core machine (pygamma-agreement's fast mode:
about 5 minutes).

Run: ``python benchmarks/bench_gamma.py [N_DOCUMENTS]``
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np
from bench_agreement import documents

from annotator.agreement import gamma_documents, unitized_alpha_documents


def main(n_docs: int) -> None:
    docs = documents(np.random.default_rng(2024), n_docs=n_docs, spans_total=60 * n_docs)
    n_spans = sum(len(s) for _, by in docs.values() for s in by.values())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        unitized_alpha_documents(docs)
        base = time.perf_counter() - start
        start, cpu = time.perf_counter(), time.process_time()
        result = gamma_documents(docs)
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
    pooled = result.pooled
    print(f"γ, 3 coders, {len(docs):,} documents, {n_spans:,} spans, {pooled.n_samples} samples per document")
    print(f"  γ per document and pooled : {took:8.2f} s ({cpu:.1f} s CPU)   γ = {pooled.gamma.value:.4f}, "
          f"γ-cat = {pooled.gamma_cat.value:.4f}")
    per_code = ", ".join(f"{code} {r.value:.4f}" if r.value is not None else f"{code} undefined"
                         for code, r in pooled.gamma_k.items())
    print(f"  γ-k per code (same run)   : {per_code}")
    print(f"  uα family (baseline)      : {base:8.3f} s   ratio {took / base:,.0f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000)
