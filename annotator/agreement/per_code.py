"""NVivo-style agreement per code: a 2x2 table of characters (coded with c / not) per coder pair.

NVivo ("Run a Coding Comparison query") reports, per code and source, the percentage
agreement ``(characters both coded + characters neither coded) / characters`` and Cohen's
kappa on the same 2x2 table, ``κ = (TA − ΣEF)/(TU − ΣEF)`` with
``ΣEF = (A_coded·B_coded + A_uncoded·B_uncoded)/TU``. It handles multi-label coding but cannot
see category confusions. Here documents are pooled by summing the tables (NVivo leaves
averaging over sources to the user); per-document values are the drill-down.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

import numpy as np

from annotator.agreement.documents import CodedDocument, Documents, SpansByCoder
from annotator.agreement.result import (
    AgreementDataError,
    AgreementResult,
    Counts,
    DocumentsResult,
    ratio_result,
    undefined,
    warn_all,
)
from annotator.agreement.spans import SpanTable, collect


@dataclass(frozen=True)
class CodeAgreement:
    """Per-code NVivo figures: ``kappa`` and ``percent`` (a proportion), from one 2x2 table."""

    kappa: AgreementResult
    percent: AgreementResult
    both: int
    only_first: int
    only_second: int
    neither: int


def _coverage(table: SpanTable, coder: int, code: int, total: int) -> np.ndarray:
    sel = (table.coder == coder) & (table.code == code)
    diff = np.zeros(total + 1, dtype=np.int64)
    np.add.at(diff, table.start[sel], 1)
    np.add.at(diff, table.end[sel], -1)
    return np.cumsum(diff[:-1]) > 0


def _tables(table: SpanTable) -> np.ndarray:
    """(documents, codes, 4) counts: both, only first, only second, neither."""
    total, n_docs = int(table.offsets[-1]), table.lengths.size
    doc_of_char = np.repeat(np.arange(n_docs), table.lengths)
    out = np.zeros((n_docs, len(table.codes), 4), dtype=np.int64)
    for k in range(len(table.codes)):
        a, b = _coverage(table, 0, k, total), _coverage(table, 1, k, total)
        cell = 2 * (~a) + (~b)  # 0 both, 1 only a, 2 only b, 3 neither
        out[:, k, :] = np.bincount(doc_of_char * 4 + cell, minlength=n_docs * 4).reshape(n_docs, 4)
    return out


def _code_result(code: Hashable, cells: np.ndarray, n_documents: int, warnings: tuple[str, ...]) -> CodeAgreement:
    both, only_a, only_b, neither = (int(c) for c in cells)
    tu = both + only_a + only_b + neither
    a, b = both + only_a, both + only_b
    counts = Counts(n_units=tu, n_coders=2, unit="characters", warnings=warnings, n_documents=n_documents)
    if tu == 0:
        empty = undefined(f"NVivo kappa for {code!r}", "the text is empty", counts)
        return CodeAgreement(empty, replace(empty, measure=f"NVivo percent agreement for {code!r}"), 0, 0, 0, 0)
    p_o, p_e = (both + neither) / tu, (a * b + (tu - a) * (tu - b)) / tu**2
    why = f"{code!r} was coded on all or none of the text by both coders"
    kappa = ratio_result(f"NVivo kappa for {code!r}", 1 - p_o, 1 - p_e, why, counts)
    kappa = replace(kappa, observed=p_o, expected=p_e)
    percent = AgreementResult(p_o, f"NVivo percent agreement for {code!r}", observed=p_o, **counts)
    return CodeAgreement(kappa, percent, both, only_a, only_b, neither)


ByCode = Mapping[Hashable, CodeAgreement]


def per_code_agreement_documents(documents: Documents) -> DocumentsResult[ByCode]:
    """Per-code 2x2 character kappa and percent agreement for exactly two coders, pooled over
    documents (tables summed) with per-document drill-down. ``documents``: list or mapping of
    ``(length, {coder: spans})``. Overlapping spans of different codes are fine (multi-label).
    Reference: NVivo help, "Run a Coding Comparison query"; Cohen (1960).
    """
    table = collect(documents)
    if len(table.coders) != 2:
        raise AgreementDataError(
            f"The per-code (NVivo) comparison needs exactly two coders; got {len(table.coders)}.")
    cells = _tables(table)
    notes = warn_all(table.warnings)
    pooled = {c: _code_result(c, cells[:, k].sum(axis=0), len(table.doc_ids), notes) for k, c in enumerate(table.codes)}
    by_doc: dict[Hashable, ByCode] = {
        d: MappingProxyType({c: _code_result(c, cells[i, k], 1, ()) for k, c in enumerate(table.codes)})
        for i, d in enumerate(table.doc_ids)
    }
    return DocumentsResult(MappingProxyType(pooled), by_doc)


def per_code_agreement(length: int, spans_by_coder: SpansByCoder) -> ByCode:
    """NVivo's coding comparison for one text: code -> :class:`CodeAgreement` (two coders).

    Units are the ``length`` characters of the text; per code, each character is "coded with
    the code" or not by each coder; percent agreement = (both + neither)/length and Cohen's
    kappa on that 2x2 table (NVivo help, "Run a Coding Comparison query"; Cohen 1960).
    """
    return per_code_agreement_documents([CodedDocument(length, spans_by_coder)]).pooled
