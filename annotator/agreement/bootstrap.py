"""Bootstrap confidence intervals for alpha with documents resampled (a cluster bootstrap).

Documents, not characters, are the independent sampling units of a coding study, so each
resample draws D documents with replacement and recomputes the pooled coefficient. Pooled
statistics are sums of per-document statistics, so a resample is a weighted sum (one matrix
product for all resamples) rather than a recomputation from spans.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union, cast

import numpy as np

from annotator.agreement._data import Matrix, encode
from annotator.agreement.alpha import LEVELS, alpha_from_coincidences, coincidences
from annotator.agreement.documents import Documents
from annotator.agreement.result import AgreementDataError, AgreementResult, Counts
from annotator.agreement.spans import as_documents
from annotator.agreement.unitized import Member, _compute, _family
from annotator.agreement.unitized_stats import DEFAULT_CU_VARIANT

UNITIZED = ("u_alpha", "bar_u_alpha", "cu_alpha")
_KEYS: dict[str, Member] = {"u_alpha": "u", "bar_u_alpha": "bar", "cu_alpha": "cu"}
#: Coded documents for the uα family, matrices for Krippendorff's alpha (``measure`` says which).
Resampled = Union[Documents, Mapping[Any, Matrix], Sequence[Matrix]]


@dataclass(frozen=True)
class BootstrapResult:
    """``estimate`` on all documents and the percentile interval ``[low, high]`` of the
    resampled values; ``seed`` reproduces the run; undefined resamples are counted, not used."""

    estimate: AgreementResult
    low: float | None
    high: float | None
    confidence: float
    n_resamples: int
    seed: int
    n_undefined: int
    method: str = "percentile bootstrap, documents resampled with replacement"


def _unitized_samples(documents: Documents, measure: str, weights: np.ndarray,
                      cu_pairable: str) -> tuple[AgreementResult, np.ndarray]:
    pooled, _, _, stats = _compute(documents, cu_pairable, drill_down=False)
    f = _family(stats.pooled(weights), cu_pairable)
    num, den = (np.array(a, dtype=float) for a in f[_KEYS[measure]])
    ok = den > 1e-12 * np.maximum(1.0, np.abs(num))
    if measure == "cu_alpha":
        ok &= np.array(f["star_den"]) > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate: AgreementResult = getattr(pooled, measure)
        return estimate, np.where(ok, 1.0 - num / den, np.nan)


def _alpha_samples(documents: Mapping[Any, Matrix] | Sequence[Matrix], level: str,
                   weights: np.ndarray) -> tuple[AgreementResult, np.ndarray]:
    _, matrices = as_documents(documents)
    arrays = [m if isinstance(m, np.ndarray) and m.dtype.kind in "fiub" else np.asarray(m, dtype=object)
              for m in matrices]
    numeric = all(a.dtype != object for a in arrays)  # numeric arrays skip the per-element object path of encode
    stacked = np.hstack([a.astype(float if numeric else object) for a in arrays])
    codes, labels = encode(stacked)
    bounds = np.cumsum([0] + [a.shape[1] for a in arrays])
    per_doc = np.array([coincidences(codes[:, a:b], len(labels)).ravel() for a, b in zip(bounds, bounds[1:])])
    measure = f"Krippendorff's alpha ({level})"
    counts = Counts(n_units=int(((codes >= 0).sum(axis=0) >= 2).sum()), n_coders=codes.shape[0],
                    n_documents=len(matrices))
    size = len(labels)
    estimate = alpha_from_coincidences(per_doc.sum(axis=0).reshape(size, size), labels, level, measure, counts)
    samples = [alpha_from_coincidences(o.reshape(size, size), labels, level, measure, counts).value
               for o in weights @ per_doc]
    return estimate, np.array([np.nan if v is None else v for v in samples], dtype=float)


def bootstrap_alpha(documents: Resampled, *, measure: str = "u_alpha", n_resamples: int = 1000,
                    confidence: float = 0.95, seed: int | None = None, level: str = "nominal",
                    cu_pairable: str = DEFAULT_CU_VARIANT) -> BootstrapResult:
    """Percentile confidence interval for a pooled alpha, resampling documents.

    ``measure`` "u_alpha", "bar_u_alpha" or "cu_alpha": ``documents`` is a list or mapping of
    ``(length, spans_by_coder)`` as for :func:`unitized_alpha_documents`. ``measure``
    "krippendorff_alpha": ``documents`` is a list or mapping of coders x units matrices (same
    coders, same row order) and ``level`` picks the metric. Each of ``n_resamples`` resamples
    draws as many documents as there are, with replacement (Efron & Tibshirani 1993, ch. 13,
    percentile interval; resampling clusters rather than Krippendorff's (2004) bootstrap of
    pairable values). ``seed`` (reported in the result; drawn from OS entropy when ``None``)
    makes the interval reproducible. Cost O(B·D·F) for B resamples and F statistics per document.
    """
    if not 0 < confidence < 1:
        raise AgreementDataError("confidence must lie between 0 and 1.")
    seed = secrets.randbits(63) if seed is None else int(seed)
    n_docs = len(as_documents(documents)[1])
    if n_docs == 0:
        raise AgreementDataError("The bootstrap needs at least one document.")
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(n_docs, np.full(n_docs, 1.0 / n_docs), size=n_resamples).astype(float)
    if measure in UNITIZED:
        estimate, samples = _unitized_samples(cast(Documents, documents), measure, weights, cu_pairable)
    elif measure == "krippendorff_alpha" and level in LEVELS:
        matrices = cast(Union[Mapping[Any, Matrix], Sequence[Matrix]], documents)
        estimate, samples = _alpha_samples(matrices, level, weights)
    else:
        raise AgreementDataError(f"Unknown measure {measure!r} or level {level!r} for the bootstrap.")
    defined = samples[~np.isnan(samples)]
    tail = (1 - confidence) / 2
    low, high = (float(q) for q in np.quantile(defined, [tail, 1 - tail])) if defined.size else (None, None)
    return BootstrapResult(estimate, low, high, confidence, n_resamples, seed, int(samples.size - defined.size))
