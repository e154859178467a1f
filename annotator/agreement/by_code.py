"""Binary uα per code, for multi-label coding where one coder's spans of different codes overlap."""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Mapping
from dataclasses import replace
from types import MappingProxyType

from annotator.agreement.documents import CodedDocument, Documents, SpansByCoder
from annotator.agreement.result import AgreementResult, warn_all
from annotator.agreement.spans import as_documents, collect
from annotator.agreement.unitized import _compute
from annotator.agreement.unitized_stats import DEFAULT_CU_VARIANT


def _only(documents: list[CodedDocument], code: Hashable) -> list[CodedDocument]:
    return [CodedDocument(length, {coder: [s for s in spans if s[2] == code] for coder, spans in by.items()})
            for length, by in documents]


def u_alpha_by_code_documents(documents: Documents) -> Mapping[Hashable, AgreementResult]:
    """Per code c: uα of "coded c" vs. "not coded c", pooled over ``documents``.

    Because each code is judged on its own, a coder may give overlapping spans different
    codes (multi-label coding, agreement-measures.md §4.2.7); for one code uα equals |uα.
    ``documents``: list or mapping of ``(length, spans_by_coder)``. Returns code -> result.
    Reference: Krippendorff et al. (2016), doi:10.1007/s11135-015-0266-1.
    """
    table = collect(documents)  # validates once and emits the cleaning warnings once
    notes = warn_all(table.warnings)
    _, docs = as_documents(documents)
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for code in table.codes:
            member = _compute(_only(docs, code), DEFAULT_CU_VARIANT, drill_down=False)[0].u_alpha
            out[code] = replace(member, measure=f"uα for {code!r} (code vs. rest)", warnings=notes)
    return MappingProxyType(out)


def u_alpha_by_code(length: int, spans_by_coder: SpansByCoder) -> Mapping[Hashable, AgreementResult]:
    """Binary uα per code for one text: code -> :class:`AgreementResult`.

    For code c, every coder's c-spans and the gaps between them partition the text (other
    codes count as gap), and uα is computed as in :func:`unitized_alpha` (Krippendorff et al.
    2016) on the values {c, ∅}. Overlapping spans of different codes are allowed.
    """
    return u_alpha_by_code_documents([CodedDocument(length, spans_by_coder)])
