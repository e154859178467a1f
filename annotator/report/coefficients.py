"""Small helpers between the report and ``annotator.agreement``: the unit x coder matrix, the
two treatments of uncoded text, span F1 per pair (undefined results for refused data are in
``measures``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import numpy as np

from annotator import agreement as ag
from annotator.agreement.documents import CodedDocument, LabelledSpan
from annotator.agreement.result import Counts, undefined
from annotator.report.inputs import UNITS
from annotator.report.model import Interval, Table, UnitMatrix

VARIANTS = {"none": "uncoded text counted as the value '(uncoded)'",
            "excluded": "uncoded text excluded (only units at least one coder coded)"}


def project(single: dict[int, CodedDocument], bounds: dict | None, names: tuple, unit: str) -> UnitMatrix:
    """Project the single-label spans onto units; rows in the order of ``names``."""
    proj = ag.project_documents(single, units=bounds, uncoded="none")
    values = np.full((len(names), proj.n_units), -1, dtype=np.int64)
    for row, coder in enumerate(proj.coders):
        values[names.index(coder)] = np.nan_to_num(proj.matrix[row], nan=-1).astype(np.int64)
    ids = list(single)
    if bounds is None:
        lengths = np.array([single[d].length for d in ids], dtype=np.int64)
        document = np.repeat(np.array(ids, dtype=np.int64), lengths)
        start = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        end = start + 1
    else:
        parts = [np.asarray(bounds[d], dtype=np.int64).reshape(-1, 2) for d in ids]
        document = np.repeat(np.array(ids, dtype=np.int64), [len(p) for p in parts])
        stacked = np.concatenate(parts) if parts else np.zeros((0, 2), dtype=np.int64)
        start, end = stacked[:, 0], stacked[:, 1]
    labels = cast(tuple[str, ...], proj.labels)  # the report's codes are named by strings
    return UnitMatrix(UNITS[unit], names, labels, document, start, end, values)


def as_float(values: np.ndarray) -> np.ndarray:
    """Integer codes (-1 missing) as the float matrix with NaN the measures take."""
    out = values.astype(float)
    out[values < 0] = np.nan
    return out


def excluded(values: np.ndarray) -> np.ndarray:
    """Only the units at least one coder coded (the union of coded text)."""
    return values[:, (values > 0).any(axis=0)]


def doc_columns(units: UnitMatrix, ids) -> list[tuple[int, int]]:
    """``(first, last + 1)`` column of each document in ``ids`` (the order of the matrix)."""
    position = {d: i for i, d in enumerate(ids)}
    index = np.array([position[d] for d in ids], dtype=np.int64)
    lookup = np.full(int(max(ids, default=0)) + 1, -1, dtype=np.int64)
    lookup[np.array(ids, dtype=np.int64)] = index
    counts = np.bincount(lookup[units.document], minlength=len(ids)) if units.document.size else np.zeros(len(ids), int)
    ends = np.cumsum(counts)
    return list(zip((ends - counts).tolist(), ends.tolist()))


def slices(units: UnitMatrix, ids, values: np.ndarray, variant: str) -> list[np.ndarray]:
    """Per-document float matrices (for the document bootstrap of α)."""
    parts = [values[:, lo:hi] for lo, hi in doc_columns(units, ids)]
    return [as_float(excluded(p) if variant == "excluded" else p) for p in parts]


def interval(result: ag.BootstrapResult) -> Interval:
    return Interval(result.low, result.high, result.confidence, result.n_resamples, result.seed,
                    result.n_undefined, result.method)


def pair_f1(multi: dict[int, CodedDocument], a: str, b: str, match: str) -> tuple[ag.AgreementResult, int]:
    """Span F1 of two coders over the documents both worked on, and how many those are."""
    docs = [(d, doc.by_coder) for d, doc in multi.items() if a in doc.by_coder and b in doc.by_coder]
    spans_a = [(d, *span) for d, by in docs for span in by[a]]
    spans_b = [(d, *span) for d, by in docs for span in by[b]]
    return ag.span_f1(spans_a, spans_b, match), len(docs)


def mean_of(results: list, match: str) -> ag.AgreementResult:
    measure = f"mean pairwise span F1 ({match} match)"
    values = [r.value for r in results if r.value is not None]
    counts = Counts(n_units=sum(r.n_units for r in results), n_coders=len(results), unit="spans")
    if not values:
        return undefined(measure, "no pair of coders marked a span", counts)
    return ag.AgreementResult(float(np.mean(values)), measure, **counts)


def span_counts(study, labels: set) -> dict:
    return {name: sum(study.labels[a.code_id] in labels
                      for anns in study.annotations.values() for a in anns.get(name, ()))
            for name in study.names}


def contingency(values: np.ndarray, labels: tuple, a: str, b: str, unit: str) -> Table:
    both = (values >= 0).all(axis=0)
    size = len(labels)
    counts = np.bincount(values[0, both] * size + values[1, both], minlength=size * size).reshape(size, size)
    cells = tuple(tuple(int(x) for x in row) for row in counts)
    return Table(f"{a} (rows) x {b} (columns)", labels, labels, cells, unit)


def covered(spans: Sequence[LabelledSpan]) -> int:
    """Characters covered by non-overlapping spans."""
    return sum(span.end - span.start for span in spans)
