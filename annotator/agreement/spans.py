"""Collect coders' spans from one or more documents into flat, cleaned numpy arrays.

Documents are laid end to end on one global continuum (document ``d`` starts at
``offsets[d]``), so every measure can work on all documents at once and still keep them
apart: no segment ever crosses a document boundary. Cleaning, with a warning each time:
zero-length spans are dropped, overlapping spans of the same code by the same coder are
merged into their union, and (for αU only, ``drop_unlabelled``) spans whose code is ``None``
are left out, so their text counts as uncoded. Cost: O(S log S) for S spans.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, Union

import numpy as np

from annotator.agreement._data import Labels, _sorted_labels
from annotator.agreement.documents import CodedDocument, Documents
from annotator.agreement.result import AgreementDataError


@dataclass(frozen=True)
class SpanTable:
    """All spans of all documents. Span arrays are parallel; positions are global."""

    doc_ids: tuple[Hashable, ...]
    lengths: np.ndarray  # (D,)
    offsets: np.ndarray  # (D + 1,), offsets[-1] is the total length
    coders: tuple[str, ...]
    present: np.ndarray  # (D, M) bool: coder m unitized document d
    codes: Labels  # code labels; span code k means codes[k]
    doc: np.ndarray
    coder: np.ndarray
    start: np.ndarray
    end: np.ndarray
    code: np.ndarray
    warnings: tuple[str, ...] = ()


#: Parallel span arrays: document, coder, start, end, code.
Spans = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
_Row = tuple[int, int, int, int, int]


Doc = TypeVar("Doc")


def as_documents(documents: Union[Mapping[Any, Doc], Sequence[Doc]]) -> tuple[tuple[Hashable, ...], list[Doc]]:
    """``(doc_ids, [(length, spans_by_coder), ...])`` from a list or a mapping of documents."""
    if isinstance(documents, Mapping):
        return tuple(documents.keys()), list(documents.values())
    listed = list(documents)
    return tuple(range(len(listed))), listed


def _rows(doc_ids: tuple[Hashable, ...], documents: list[CodedDocument], coders: dict[str, int],
          labels: dict[Hashable, int], drop_unlabelled: bool) -> tuple[list[_Row], int]:
    rows: list[_Row] = []
    dropped = 0
    for d, (doc_id, (length, spans_by_coder)) in enumerate(zip(doc_ids, documents)):
        if int(length) != length or length < 0:
            raise AgreementDataError(f"Document {doc_id!r} has an impossible length {length!r}.")
        for name, spans in spans_by_coder.items():
            m = coders.setdefault(name, len(coders))
            for span in spans:
                start, end, code = span
                if not (0 <= start <= end <= length) or int(start) != start or int(end) != end:
                    raise AgreementDataError(
                        f"Span {tuple(span)!r} of coder {name!r} in document {doc_id!r} lies outside 0..{length}.")
                if code is None and drop_unlabelled:
                    dropped += 1
                    continue
                rows.append((d, m, int(start), int(end), labels.setdefault(code, len(labels))))
    return rows, dropped


def collect(documents: Documents, drop_unlabelled: bool = False) -> SpanTable:
    """Flatten and clean ``documents`` (a list or mapping of ``(length, spans_by_coder)``).

    With ``drop_unlabelled`` a span whose code is ``None`` is not a unit: it is left out (with
    a warning) and its coder still counts, as DKPro's unitizing study does with category null.
    """
    doc_ids, docs = as_documents(documents)
    coders: dict[str, int] = {}
    labels: dict[Hashable, int] = {}
    rows, dropped = _rows(doc_ids, docs, coders, labels, drop_unlabelled)
    table = np.array(rows, dtype=np.int64).reshape(-1, 5)
    lengths = np.array([int(length) for length, _ in docs], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    present = np.zeros((len(docs), len(coders)), dtype=np.bool_)
    for d, (_, spans_by_coder) in enumerate(docs):
        present[d, [coders[name] for name in spans_by_coder]] = True
    order = _sorted_labels(labels)
    relabel = np.array([order.index(code) for code in labels], dtype=np.int64)
    doc, coder, start, end, code = table.T if table.size else np.zeros((5, 0), dtype=np.int64)
    code = relabel[code] if code.size else code
    spans, notes = _clean(doc, coder, start + offsets[doc], end + offsets[doc], code, tuple(coders), doc_ids)
    if dropped:
        notes = (f"{dropped} span(s) without a code were left out: they are not units, so their text counts "
                 "as uncoded.", *notes)
    return SpanTable(doc_ids, lengths, offsets, tuple(coders), present, order, *spans, warnings=notes)


def _clean(doc: np.ndarray, coder: np.ndarray, start: np.ndarray, end: np.ndarray, code: np.ndarray,
           coders: tuple[str, ...], doc_ids: tuple[Hashable, ...]) -> tuple[Spans, tuple[str, ...]]:
    notes = []
    empty = start == end
    if empty.any():
        notes.append(f"{int(empty.sum())} zero-length span(s) were dropped (they cover no text).")
        doc, coder, start, end, code = (a[~empty] for a in (doc, coder, start, end, code))
    merged, example = _merge_same_code(doc, coder, start, end, code)
    if example is not None:
        d, m = example
        notes.append(
            f"{doc.size - merged[0].size} overlapping span(s) of the same code by the same coder were merged "
            f"into their union (e.g. coder {coders[m]!r} in document {doc_ids[d]!r})."
        )
    return merged, tuple(notes)


def _merge_same_code(doc: np.ndarray, coder: np.ndarray, start: np.ndarray, end: np.ndarray,
                     code: np.ndarray) -> tuple[Spans, tuple[int, int] | None]:
    """Union of overlapping spans within each (coder, code); touching spans stay apart."""
    order = np.lexsort((start, code, coder))
    doc, coder, start, end, code = (a[order] for a in (doc, coder, start, end, code))
    if not start.size:
        return (doc, coder, start, end, code), None
    group = coder * (int(code.max()) + 1) + code
    stride = int(end.max()) + 1
    key_start, key_end = group * stride + start, group * stride + end
    reach = np.maximum.accumulate(key_end)
    new = np.ones(start.size, dtype=bool)
    new[1:] = key_start[1:] >= reach[:-1]
    first = np.flatnonzero(new)
    last_reach = np.maximum.reduceat(key_end, first) - group[first] * stride
    joined = np.flatnonzero(~new)
    example = (int(doc[joined[0]]), int(coder[joined[0]])) if joined.size else None
    return (doc[first], coder[first], start[first], last_reach, code[first]), example
