"""Krippendorff's unitizing alpha family uα, |uα, cuα, (k)uα (Krippendorff, Mathet, Bouvry &
Widlöcher 2016, *Quality & Quantity* 50:2347–2364; Krippendorff 2019, *Content Analysis*, §12.6).

Formulas as implemented by lindanna/unitized_alpha and quallmer (agreement-measures.md §4.2),
except cuα's self-pairing term for three or more coders, where the two differ from each other
and from the published three-coder example; we default to "mass" (see :func:`unitized_alpha`).
Computed for all documents at once from per-document sums (see ``unitized_stats``).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal, TypedDict

import numpy as np

from annotator.agreement.documents import CodedDocument, Documents, SpansByCoder
from annotator.agreement.partition import partitions
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
from annotator.agreement.unitized_stats import CU_VARIANTS, DEFAULT_CU_VARIANT, UnitizingStats, unitizing_stats

GAP = "∅"


@dataclass(frozen=True)
class UnitizedAlphaResult:
    """The uα family for one document or a pooled set of documents.

    ``k_u_alpha`` maps each code to its (k)uα. ``coincidences`` (pooled results only) is the
    observed coincidence matrix ℓ_ck with rows/columns ``values`` (``"∅"`` first, then the
    codes); its code x code block is the confusion matrix of intersecting coded text.
    """

    u_alpha: AgreementResult
    bar_u_alpha: AgreementResult
    cu_alpha: AgreementResult
    k_u_alpha: Mapping[Hashable, AgreementResult]
    values: tuple[Hashable, ...]
    coincidences: np.ndarray | None = field(default=None, compare=False, repr=False)
    warnings: tuple[str, ...] = ()


#: Numerators and denominators of ``1 − num/den``, one entry per group (document or resample).
_Ratio = tuple[list[float], list[float]]
Member = Literal["u", "bar", "cu"]


class Family(TypedDict):
    """The terms of every member of the family, as lists (one entry per group)."""

    u: _Ratio
    bar: _Ratio
    cu: _Ratio
    k: tuple[list[list[float]], list[list[float]]]  # per group, per code
    coverage: tuple[list[float], list[list[float]]]  # cuα's, then each code's
    coded: list[float]
    total: list[float]
    star: list[list[float]]
    star_den: list[float]
    variant: str


def _lists(num: np.ndarray, den: np.ndarray) -> tuple[list[float], list[float]]:
    return num.tolist(), den.tolist()


def _family(st: UnitizingStats, variant: str) -> Family:
    """Numerators and denominators of ``1 − num/den`` for every member, one row per group."""
    tot, l_c, s = st.total, st.margin, st.self_pairs
    with np.errstate(divide="ignore", invalid="ignore"):
        eps_cc = tot[:, None] * (l_c**2 - s) / (tot**2 - s.sum(axis=1))[:, None]
        eps_gap = tot * (l_c[:, 0] * tot - s[:, 0]) / (tot**2 - s.sum(axis=1))
        star = l_c[:, 1:] - st.to_gap[:, 1:]
        star_tot, p = star.sum(axis=1), st.pairable[:, 1:]
        den_star = (star_tot - p.sum(axis=1) / star_tot)[:, None]
        eps_s_cc, eps_s_c = (star**2 - p) / den_star, (star * star_tot[:, None] - p) / den_star
        return Family(
            u=_lists(tot - st.diag.sum(axis=1), tot - eps_cc.sum(axis=1)),
            bar=_lists(l_c[:, 0] - st.diag[:, 0], eps_gap - eps_cc[:, 0]),
            cu=_lists(star_tot - st.diag[:, 1:].sum(axis=1), star_tot - eps_s_cc.sum(axis=1)),
            k=((eps_s_c / star * (star - st.diag[:, 1:])).tolist(), (eps_s_c - eps_s_cc).tolist()),
            coverage=((star_tot / tot).tolist(), np.nan_to_num(star / l_c[:, 1:]).tolist()),
            coded=l_c[:, 1:].sum(axis=1).tolist(),
            total=tot.tolist(),
            star=star.tolist(),
            # rounding can leave a zero denominator a hair above 0 (3+ coders, sparse coding): call it 0
            star_den=np.where(den_star[:, 0] > 1e-9 * np.maximum(1.0, star_tot), den_star[:, 0], 0.0).tolist(),
            variant=variant,
        )


def _not_positive(f: Family) -> str:
    return (f"the expected disagreement is not positive under the {f['variant']!r} self-pairing variant "
            "(agreement-measures.md §4.2.5)")


def _covering(counts: Counts, coverage: float) -> Counts:
    return {**counts, "coverage": coverage}


def _member(name: str, f: Family, key: Member, g: int, why: str, counts: Counts) -> AgreementResult:
    num, den = f[key]
    if den[g] < -1e-9 or (key == "cu" and f["star_den"][g] <= 0):
        return undefined(name, _not_positive(f), counts)
    result = ratio_result(name, float(num[g]), float(den[g]), why, counts)
    return replace(result, observed=float(num[g]), expected=float(den[g]))


def _group_result(f: Family, g: int, codes: tuple[Hashable, ...], counts: Counts,
                  cu_notes: tuple[str, ...]) -> UnitizedAlphaResult:
    if f["coded"][g] == 0:
        why = "no coder coded anything" if f["total"][g] > 0 else "fewer than two coders unitized the text"
        nothing = undefined("uα", why, counts)
        blank = {k: undefined(f"({k})uα", why, counts) for k in codes}
        return UnitizedAlphaResult(nothing, replace(nothing, measure="|uα"), replace(nothing, measure="cuα"),
                                   MappingProxyType(blank), (GAP, *codes))
    novar = "there is no variation to disagree on (expected disagreement is 0)"
    u = _member("uα", f, "u", g, novar, counts)
    bar = _member("|uα", f, "bar", g, "no text was left uncoded (coded vs. uncoded does not vary)", counts)
    cover, k_cover = f["coverage"]
    if sum(f["star"][g]) == 0:
        cu = undefined("cuα", "no coded text of one coder overlaps coded text of another", _covering(counts, 0.0))
    else:
        cu_counts = _covering({**counts, "warnings": cu_notes}, float(cover[g]))
        cu = _member("cuα", f, "cu", g, "only one code occurs where coded text overlaps", cu_counts)
    k_alpha = {code: _k_member(f, g, i, code, counts, k_cover[g][i]) for i, code in enumerate(codes)}
    return UnitizedAlphaResult(u, bar, cu, MappingProxyType(k_alpha), (GAP, *codes))


def _k_member(f: Family, g: int, i: int, code: Hashable, counts: Counts, coverage: float) -> AgreementResult:
    name = f"({code})uα"
    if f["star"][g][i] == 0:
        why = f"no text coded {code!r} overlaps another coder's coded text"
        return undefined(name, why, _covering(counts, coverage))
    num, den = f["k"]
    why = f"no other code meets {code!r} (expected disagreement is 0)"
    if den[g][i] < -1e-9 or f["star_den"][g] <= 0:
        return undefined(name, _not_positive(f), _covering(counts, coverage))
    result = ratio_result(name, num[g][i], den[g][i], why, counts)
    return replace(result, coverage=coverage)


_Computed = tuple[UnitizedAlphaResult, dict[Hashable, UnitizedAlphaResult], SpanTable, UnitizingStats]


def _compute(documents: Documents, cu_pairable: str, drill_down: bool) -> _Computed:
    if cu_pairable not in CU_VARIANTS:
        raise AgreementDataError(
            f"The cuα self-pairing variant must be one of {', '.join(CU_VARIANTS)}, not {cu_pairable!r}.")
    table = collect(documents)
    stats = unitizing_stats(table, partitions(table), cu_pairable)
    m = table.present.sum(axis=1)
    found = list(table.warnings)
    if (m < len(table.coders)).any():
        found.append(f"{int((m < len(table.coders)).sum())} document(s) were not unitized by every coder; there "
                     "only the coders present are compared.")
    notes = warn_all(found)
    cu_notes: tuple[str, ...] = ()
    if len(table.coders) >= 3:
        cu_notes = (f"cuα with {len(table.coders)} coders uses the {cu_pairable!r} self-pairing variant (the "
                    "variants differ for three or more coders).",)
    pooled_counts = Counts(n_units=int(table.lengths[m >= 2].sum()), n_coders=len(table.coders), unit="characters",
                           n_documents=len(table.doc_ids), warnings=notes)
    pooled = _group_result(_family(stats.pooled(), cu_pairable), 0, table.codes, pooled_counts, cu_notes + notes)
    pooled = replace(pooled, coincidences=stats.matrix, warnings=notes)
    by_doc = {}
    if drill_down:
        f = _family(stats, cu_pairable)
        for d, doc_id in enumerate(table.doc_ids):
            counts = Counts(n_units=int(table.lengths[d]), n_coders=int(m[d]), unit="characters", n_documents=1)
            by_doc[doc_id] = _group_result(f, d, table.codes, counts, cu_notes)
    return pooled, by_doc, table, stats


def unitized_alpha(length: int, spans_by_coder: SpansByCoder, *,
                   cu_pairable: str = DEFAULT_CU_VARIANT) -> UnitizedAlphaResult:
    """Krippendorff's uα family for one text of ``length`` characters.

    ``spans_by_coder`` maps each coder to ``(start, end, code)`` spans (half-open character
    offsets). Each coder's spans plus the gaps between them partition ``[0, length)``; a
    coder listed with no spans left the whole text uncoded. Overlapping spans of the same
    code are merged and zero-length spans dropped (with warnings); overlapping spans of
    different codes by one coder raise :class:`AgreementDataError` (use :func:`u_alpha_by_code`).

    Definitions (nominal; ℓ observed coincidences, ``ℓ.. = mL``; ``S_c = Σ l_g²`` over units
    of c and ``Σ l_g`` over gaps; ``ε_ck = ℓ..(ℓ_c ℓ_k − δ_ck S_c)/(ℓ..² − S)``):

    * ``uα = 1 − (ℓ.. − Σ ℓ_cc)/(ℓ.. − Σ ε_cc)``: boundaries and codes together;
    * ``|uα = 1 − ℓ_∅V/ε_∅V``: coded vs. uncoded text, all codes collapsed into V;
    * ``cuα``: codes where coded text intersects (ℓ* = valued x valued block), with coverage
      ``ℓ*../ℓ..``. Its self-pairing term ``P_c = Σ_g p_g²`` over units g of value c is read
      differently for three or more coders; ``cu_pairable`` picks it (all three coincide for
      two coders, V_j is coder j's coded text):

      - "mass" (default): ``p_g = Σ_{j≠i} |g∩V_j|/(m−1)``, the share g contributes to ℓ*, the
        exact analogue of uα's ``S = Σ l_g²``. It keeps ``P ≤ ℓ*..²``, so the expected
        disagreement is positive whenever two codes meet and cuα ≤ 1; a coder who coded
        nothing leaves cuα and (k)uα unchanged; it reproduces Krippendorff (2019, Fig. 12.11)
        cuα ≈ .724 (here .7242);
      - "pairwise": ``Σ_j |g∩V_j|²/(m−1)``, lindanna/unitized_alpha's transcription of the 2016
        paper's eq. 10 (.7256 on Fig. 12.11);
      - "union": ``|g ∩ ∪_j V_j|²``, quallmer (.7284 on Fig. 12.11).

      "pairwise" and "union" are never smaller than "mass" and can make the expected
      disagreement 0 or negative (3+ coders, sparse coding); cuα is then undefined, not > 1.
      The 2016 paper has an erratum (doi:10.1007/s11135-015-0289-7) that was not read here;
    * ``(k)uα = 1 − (ε*_k/ℓ*_k)(ℓ*_k − ℓ*_kk)/(ε*_k − ε*_kk)`` per code, coverage ``ℓ*_k/ℓ_k``.

    Reference: Krippendorff, Mathet, Bouvry & Widlöcher (2016), doi:10.1007/s11135-015-0266-1;
    Krippendorff (2019) §12.6. Complexity O(S log S + m² (S + D)) for S spans, m coders, D documents.
    """
    return _compute([CodedDocument(length, spans_by_coder)], cu_pairable, drill_down=False)[0]


def unitized_alpha_documents(documents: Documents, *,
                             cu_pairable: str = DEFAULT_CU_VARIANT) -> DocumentsResult[UnitizedAlphaResult]:
    """The uα family pooled over documents, with each document's own values as drill-down.

    ``documents`` is a list (ids 0, 1, ...) or a mapping ``doc_id -> (length, spans_by_coder)``.
    Pooling sums ℓ, S and P over documents (one long continuum whose segments never cross a
    document boundary), so long documents weigh more, as Krippendorff intends; the pooled value
    is not a mean of the per-document values. A coder missing from a document's mapping is
    left out of that document. Complexity O(S log S + m² (S + D)); 3 coders, 1,000 documents
    and 30,000 spans take well under a second (see benchmarks/bench_agreement.py).
    Reference: Krippendorff et al. (2016); pooling as in agreement-measures.md §4.2.8.
    """
    pooled, by_doc, _, _ = _compute(documents, cu_pairable, drill_down=True)
    return DocumentsResult(pooled, by_doc)
