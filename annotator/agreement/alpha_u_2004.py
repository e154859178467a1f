"""The older unitizing alpha αU (Krippendorff 1995, 2004) as DKPro Statistics and INCEpTION
compute it ("Krippendorff's alpha (unitizing)"). Kept for comparability only: Krippendorff et
al. (2016) replaced it with the uα family, which behaves better for three or more coders.

Per code c, each coder's text splits into units of c and gaps (everything else, including
spans whose code is ``None``: DKPro leaves category null out of the study). Over every
pair of coders and every pair of overlapping segments g, h (begins b, ends e, lengths l):
δ² = (b_g−b_h)² + (e_g−e_h)² for two units; l_g² for a unit lying wholly inside a gap (and
symmetrically); 0 otherwise. ``D_o(c) = 2 Σ_{i<j} Σ δ² / (R(R−1)L²)``;
``D_e(c) = (2/L) Σ_u [(N_c−1)(2l_u³−3l_u²+l_u)/3 + l_u² Σ_{gaps g, l_g≥l_u} (l_g−l_u+1)]
/ [RL(RL−1) − Σ_u l_u(l_u−1)]``; ``αU(c) = 1 − D_o(c)/D_e(c)`` and overall
``αU = 1 − Σ_c D_o(c) / Σ_c D_e(c)`` (DKPro ``KrippendorffAlphaUnitizingAgreement``).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

import numpy as np

from annotator.agreement.documents import CodedDocument, Documents, SpansByCoder
from annotator.agreement.partition import covering
from annotator.agreement.result import AgreementResult, Counts, DocumentsResult, ratio_result, undefined, warn_all
from annotator.agreement.spans import SpanTable, collect

#: Per coder: the boundaries of their segments and whether each segment is a unit (not a gap).
Segments = list[tuple[np.ndarray, np.ndarray]]

# Every code gets its own copy of the whole continuum: copy c spans [c*T, (c+1)*T) for total length T.


def _coder_segments(table: SpanTable, coder: int) -> tuple[np.ndarray, np.ndarray]:
    total, n_codes = int(table.offsets[-1]), len(table.codes)
    sel = table.coder == coder
    shift = table.code[sel] * total
    starts, ends = table.start[sel] + shift, table.end[sel] + shift
    copies = (np.arange(n_codes)[:, None] * total + table.offsets[None, :]).ravel()
    bounds = np.unique(np.concatenate([copies, starts, ends]))
    order = np.argsort(starts)
    starts, ends = starts[order], ends[order]
    return bounds, covering(starts, ends, bounds[:-1])[1]


def _groups(table: SpanTable, positions: np.ndarray, per_document: bool) -> np.ndarray:
    total = int(table.offsets[-1])
    code: np.ndarray = positions // max(total, 1)
    if not per_document:
        return code
    doc = np.searchsorted(table.offsets, positions - code * total, side="right") - 1
    grouped: np.ndarray = doc * len(table.codes) + code
    return grouped


def observed_sums(table: SpanTable, segs: Segments, per_document: bool, n_groups: int) -> np.ndarray:
    """Σ over ordered coder pairs of δ², per group (code, or document x code)."""
    out = np.zeros(n_groups)
    for i in range(len(segs)):
        for j in range(i + 1, len(segs)):
            (bi, ui), (bj, uj) = segs[i], segs[j]
            edges = np.union1d(bi, bj)[:-1]
            gi, gj = np.searchsorted(bi, edges, "right") - 1, np.searchsorted(bj, edges, "right") - 1
            sb, se, tb, te = bi[gi], bi[gi + 1], bj[gj], bj[gj + 1]
            both = ui[gi] & uj[gj]
            d2 = np.where(both, (sb - tb).astype(float) ** 2 + (se - te).astype(float) ** 2, 0.0)
            d2 += np.where(ui[gi] & ~uj[gj] & (tb <= sb) & (se <= te), (se - sb).astype(float) ** 2, 0.0)
            d2 += np.where(~ui[gi] & uj[gj] & (sb <= tb) & (te <= se), (te - tb).astype(float) ** 2, 0.0)
            out += 2.0 * np.bincount(_groups(table, edges, per_document), d2, minlength=n_groups)
    return out


def expected_sums(table: SpanTable, segs: Segments, per_document: bool, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """(Σ_u bracket term, Σ_u l_u(l_u − 1)) per group, the parts of D_e."""
    starts = np.concatenate([b[:-1] for b, _ in segs])
    lengths = np.concatenate([np.diff(b) for b, _ in segs]).astype(float)
    is_unit = np.concatenate([u for _, u in segs])
    group = _groups(table, starts, per_document)
    gaps, units = ~is_unit & (lengths > 0), is_unit
    stride = float(lengths.max() + 1) if lengths.size else 1.0
    key = group[gaps] * stride + lengths[gaps]
    order = np.argsort(key)
    key, gap_len = key[order], lengths[gaps][order]
    prefix = np.concatenate([[0.0], np.cumsum(gap_len + 1.0)])
    lu, g = lengths[units], group[units]
    lo, hi = np.searchsorted(key, g * stride + lu, "left"), np.searchsorted(key, (g + 1) * stride, "left")
    fits = prefix[hi] - prefix[lo] - (hi - lo) * lu
    n_c = np.bincount(g, minlength=n_groups)[g]
    term = (n_c - 1) * (2 * lu**3 - 3 * lu**2 + lu) / 3.0 + lu**2 * fits
    return np.bincount(g, term, minlength=n_groups), np.bincount(g, lu * (lu - 1), minlength=n_groups)


def disagreements(table: SpanTable, per_document: bool) -> tuple[np.ndarray, np.ndarray]:
    """``(D_o, D_e)`` arrays of shape (codes,) pooled, or (documents, codes) per document."""
    segs = [_coder_segments(table, m) for m in range(len(table.coders))]
    n_codes, r = len(table.codes), len(table.coders)
    n_groups = n_codes * (table.lengths.size if per_document else 1)
    length = np.repeat(table.lengths if per_document else table.offsets[-1:], n_codes).astype(float)
    d_o = observed_sums(table, segs, per_document, n_groups)
    term, sq = expected_sums(table, segs, per_document, n_groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        d_o = d_o / (r * (r - 1) * length**2)
        d_e = (2.0 / length) * term / (r * length * (r * length - 1) - sq)
    shape = (-1, n_codes) if per_document else (n_codes,)
    return np.nan_to_num(d_o).reshape(shape), np.nan_to_num(d_e).reshape(shape)


# --- public functions -------------------------------------------------------------------------

_NAME = "αU (Krippendorff 1995/2004, as DKPro/INCEpTION)"


@dataclass(frozen=True)
class AlphaU2004Result:
    """Overall αU and αU per code for one document or a pooled set of documents."""

    overall: AgreementResult
    by_code: Mapping[Hashable, AgreementResult]


def _result(name: str, d_o: float, d_e: float, counts: Counts) -> AgreementResult:
    if counts["n_coders"] < 2:
        return undefined(name, "fewer than two coders", counts)
    result = ratio_result(name, float(d_o), float(d_e), "nothing was coded (expected disagreement is 0)", counts)
    return replace(result, observed=float(d_o), expected=float(d_e))


def _assemble(codes: tuple[Hashable, ...], d_o: np.ndarray, d_e: np.ndarray, counts: Counts) -> AlphaU2004Result:
    by_code = {c: _result(f"{_NAME} for {c!r}", d_o[k], d_e[k], counts) for k, c in enumerate(codes)}
    return AlphaU2004Result(_result(_NAME, d_o.sum(), d_e.sum(), counts), MappingProxyType(by_code))


def _compute(documents: Documents,
             per_document: bool) -> tuple[AlphaU2004Result, dict[Hashable, AlphaU2004Result]]:
    table = collect(documents, drop_unlabelled=True)  # DKPro: a unit of category null is part of every gap
    found = list(table.warnings)
    if not table.present.all():
        found.append("Some coders have no entry for some documents; αU counts them as having coded nothing there.")
    notes = warn_all(found)
    counts = Counts(n_units=int(table.offsets[-1]), n_coders=len(table.coders), unit="characters",
                    n_documents=len(table.doc_ids), warnings=notes)
    if table.coders:
        pooled = _assemble(table.codes, *disagreements(table, False), counts)
    else:
        pooled = _assemble((), np.zeros(0), np.zeros(0), counts)
    by_doc = {}
    if per_document and table.coders:
        d_o, d_e = disagreements(table, True)
        for d, doc_id in enumerate(table.doc_ids):
            doc_counts: Counts = {**counts, "n_units": int(table.lengths[d]), "n_documents": 1, "warnings": ()}
            by_doc[doc_id] = _assemble(table.codes, d_o[d], d_e[d], doc_counts)
    return pooled, by_doc


def alpha_u_2004(length: int, spans_by_coder: SpansByCoder) -> AgreementResult:
    """Overall αU of Krippendorff (1995; 2004 *Content Analysis* §12.4) as DKPro/INCEpTION compute it.

    ``1 − Σ_c D_o(c) / Σ_c D_e(c)`` over all codes (see the module docstring for D_o and D_e).
    Labelled distinctly from uα because it is a different measure (agreement-measures.md §7.4).
    Spans are ``(start, end, code)``; same-code overlaps are merged and zero-length spans dropped
    with a warning (INCEpTION instead keeps the longest of overlapping spans). A span whose code
    is ``None`` is not a unit (its text counts as gap for every code), as INCEpTION and DKPro
    treat a span without a label; it is left out with a warning. Undefined, not
    0 or NaN as in DKPro, when nothing was coded. Cost O(K·(S + D) log(S + D)) for K codes.
    Reference: Krippendorff (1995), Sociological Methodology 25:47–76.
    """
    return _compute([CodedDocument(length, spans_by_coder)], False)[0].overall


def alpha_u_2004_by_code(length: int, spans_by_coder: SpansByCoder) -> Mapping[Hashable, AgreementResult]:
    """αU per code (code -> :class:`AgreementResult`), as DKPro's ``calculateCategoryAgreement``.

    Each code is judged against everything else (other codes count as gap), so coders may
    give different codes to the same text. Undefined when ``D_e(c) = 0``, where DKPro gives 0.
    """
    return _compute([CodedDocument(length, spans_by_coder)], False)[0].by_code


def alpha_u_2004_documents(documents: Documents) -> DocumentsResult[AlphaU2004Result]:
    """αU pooled over documents (one continuum, gaps cut at document boundaries), with
    per-document values as drill-down. ``documents``: list or mapping of ``(length, spans_by_coder)``.
    INCEpTION shows a mean of per-document values instead; the pooled value is not that mean.
    Reference: Krippendorff (1995); DKPro Statistics (Meyer et al. 2014).
    """
    pooled, by_doc = _compute(documents, True)
    return DocumentsResult(pooled, by_doc)
