"""Project coders' spans onto predefined units: characters, or given token/sentence bounds.

The result is a coders x units matrix that every coefficient for predefined units accepts
(Krippendorff 1995's "digitized" comparison; NVivo and INCEpTION's position-based measures).
Tokenisation happens elsewhere: pass unit boundaries as ``(start, end)`` pairs.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

import numpy as np

from annotator.agreement.documents import CodedDocument, Documents, SpansByCoder
from annotator.agreement.partition import partitions
from annotator.agreement.result import AgreementDataError, warn_all
from annotator.agreement.spans import collect

UNCODED = ("none", "exclude", "missing")
#: Unit boundaries, ``(start, end)`` pairs in a document's code points.
Bounds = Union[np.ndarray, Sequence[tuple[int, int]]]


@dataclass(frozen=True)
class Projection:
    """``matrix[coder, unit]`` holds an index into ``labels`` (``labels[0]`` is the uncoded
    value) or NaN where the coder did not code that document or the value counts as missing."""

    matrix: np.ndarray = field(repr=False)
    labels: tuple[Hashable, ...]
    coders: tuple[str, ...]
    n_units: int
    uncoded: str
    warnings: tuple[str, ...] = ()


def _unit_index(bounds: np.ndarray, total: int) -> np.ndarray:
    """Unit number of every character (-1 outside all units); units must not overlap."""
    order = np.argsort(bounds[:, 0], kind="stable")
    starts, ends = bounds[order, 0], bounds[order, 1]
    if (starts[1:] < ends[:-1]).any() or (ends < starts).any():
        raise AgreementDataError("Unit boundaries must be non-overlapping (start, end) pairs.")
    position = np.arange(total)
    k = np.searchsorted(starts, position, side="right") - 1
    inside = (k >= 0) & (position < np.append(ends, -1)[np.maximum(k, 0)])
    return np.where(inside, order[np.maximum(k, 0)], -1)


def _global_units(units: Union[Mapping[Any, Bounds], Bounds], doc_ids: tuple[Hashable, ...],
                  offsets: np.ndarray) -> np.ndarray:
    if isinstance(units, Mapping):
        per_doc = [np.asarray(units[d], dtype=np.int64).reshape(-1, 2) + offsets[i] for i, d in enumerate(doc_ids)]
    else:
        per_doc = [np.asarray(units, dtype=np.int64).reshape(-1, 2) + offsets[0]]
    return np.concatenate(per_doc) if per_doc else np.zeros((0, 2), dtype=np.int64)


def _by_unit(char_values: np.ndarray, unit_of_char: np.ndarray, n_units: int, n_codes: int) -> np.ndarray:
    """Per unit: the code covering most of its characters (ties: first code), else 0 or -1."""
    keep = unit_of_char >= 0
    stride = n_codes + 2  # slots: absent (-1), gap (0), codes 1..n_codes
    key = unit_of_char[keep] * stride + char_values[keep] + 1
    counts = np.bincount(key, minlength=n_units * stride).reshape(n_units, stride)
    coded = counts[:, 2:]
    return np.where(coded.sum(axis=1) > 0, coded.argmax(axis=1) + 1, np.where(counts[:, 1] > 0, 0, -1))


def project_documents(documents: Documents, *, units: Union[Mapping[Any, Bounds], Bounds, None] = None,
                      uncoded: str = "none", none_label: Hashable = "(uncoded)") -> Projection:
    """Project spans of several documents; the units of all documents are concatenated (pooled).

    ``units`` is ``None`` (every character is a unit) or a mapping ``doc_id -> [(start, end), ...]``.
    See :func:`project_spans` for the rules and the reference (Krippendorff 1995).
    """
    if uncoded not in UNCODED:
        raise AgreementDataError(f"uncoded must be one of {', '.join(UNCODED)}.")
    table = collect(documents)
    parts = partitions(table)
    total = int(table.offsets[-1])
    per_char = np.array([np.repeat(seg.value, seg.length) for seg in parts.coders]).reshape(len(table.coders), total)
    if units is not None:
        if not isinstance(units, Mapping) and len(table.doc_ids) > 1:
            raise AgreementDataError("With several documents, give units as a mapping doc_id -> boundaries.")
        bounds = _global_units(units, table.doc_ids, table.offsets)
        unit_of_char = _unit_index(bounds, total)
        per_unit = [_by_unit(v, unit_of_char, len(bounds), len(table.codes)) for v in per_char]
        per_char = np.array(per_unit).reshape(len(table.coders), -1)
    matrix = per_char.astype(float)
    matrix[per_char < 0] = np.nan
    if uncoded == "exclude":
        matrix = matrix[:, (per_char > 0).any(axis=0)]
    elif uncoded == "missing":
        matrix[per_char == 0] = np.nan
    notes = warn_all(table.warnings)
    return Projection(matrix, (none_label, *table.codes), table.coders, matrix.shape[1], uncoded, notes)


def project_spans(length: int, spans_by_coder: SpansByCoder, *, units: Bounds | None = None, uncoded: str = "none",
                  none_label: Hashable = "(uncoded)") -> Projection:
    """Project one text's spans onto characters (``units=None``) or onto given units.

    Each unit gets, per coder, the code that covers it; a unit touched by several codes of
    one coder gets the code covering most of its characters (ties: the first code in sort
    order) — i.e. spans are snapped to the units. Uncoded text is handled by ``uncoded``:

    * ``"none"``: uncoded units take the value ``labels[0]`` ("(uncoded)") and count as a
      category, so text that nobody coded counts as agreement (inflates κ and α, §7.2);
    * ``"exclude"``: units no coder coded are dropped (the union of coded text); a coder who
      left such a unit uncoded still contributes the "(uncoded)" value;
    * ``"missing"``: uncoded is a missing value, so only coders who coded a unit are compared.

    Overlapping spans of different codes by one coder cannot be projected onto one value per
    unit and raise :class:`AgreementDataError` (use :func:`per_code_agreement`). Cost O(L log U)
    for L characters and U units. Reference: Krippendorff (1995), Sociological Methodology
    25:47–76 ("digitized" comparison); agreement-measures.md §3.1.
    """
    by_document: Mapping[Any, Bounds] | None = None if units is None else {0: units}
    return project_documents([CodedDocument(length, spans_by_coder)], units=by_document, uncoded=uncoded,
                             none_label=none_label)

