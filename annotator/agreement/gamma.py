"""γ and γ-cat (Mathet, Widlöcher & Métivier 2015, *Computational Linguistics* 41(3):437–479;
Mathet 2017, *Computational Linguistics* 43(3):661–681), per document and pooled.

``γ = 1 − δo/δe``: δo is the disorder of the best alignment (``gamma_alignment``, exact by
``gamma_solver``), δe the mean disorder of the best alignments of ``n_samples`` chance continua drawn by
pygamma-agreement's default sampler (``gamma_sampler``) from a ``numpy`` Generator seeded with
``seed``. The disorder of an alignment is its summed unitary disorders over the average number of
units per coder. γ-cat and the per-code γ-k (``gamma_cat``) read the same best alignments, observed and
chance (see :func:`gamma`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from annotator.agreement._data import _sorted_labels
from annotator.agreement.documents import CodedDocument, Documents, LabelledSpan, SpansByCoder
from annotator.agreement.gamma_alignment import Candidates, Continua, best_alignment
from annotator.agreement.gamma_cat import CatSums, cat_sums, expected, gamma_cat, gamma_ks, ratios
from annotator.agreement.gamma_dissimilarity import Dissimilarity, Units
from annotator.agreement.gamma_sampler import SAMPLER, fit, sample
from annotator.agreement.result import AgreementDataError, AgreementResult, Counts, DocumentsResult, undefined, warn_all
from annotator.agreement.spans import as_documents

#: Fewer spans per coder than this in one document, and its γ carries a warning: the chance model is fitted to
#: that document alone, so with a handful of spans the same agreement can score near 1 or below 0 depending on
#: where the spans sit (a span at offset 0 narrows the fitted gaps). Pooled γ fits chance per document too but
#: averages over them. An order of magnitude, not a published cut-off.
FEW_SPANS = 10

#: Continua per solver call: measured fastest with HiGHS's relaxation (32 and 128 were slower).
_BATCH = 64


class UnitaryAlignment(NamedTuple):
    """One unit (or ``None``: the empty unit) per coder, in ``GammaResult.coders`` order, and
    the unitary alignment's disorder (its mean pairwise dissimilarity)."""

    units: tuple[LabelledSpan | None, ...]
    disorder: float


@dataclass(frozen=True)
class GammaResult:
    """γ, γ-cat and γ-k of one document, or pooled over documents.

    ``gamma.observed``/``gamma.expected`` (also ``observed_disorder``/``expected_disorder``) are
    δo and δe; ``alignment`` is the best alignment (empty for a pooled result, see
    ``by_document``). ``sampler``, ``n_samples`` and ``seed`` say how δe was estimated.
    ``gamma_k`` maps every code of the call (used in any of its documents) to its γ-k.
    """

    gamma: AgreementResult
    gamma_cat: AgreementResult
    coders: tuple[str, ...]
    alignment: tuple[UnitaryAlignment, ...]
    sampler: str
    n_samples: int
    seed: int
    warnings: tuple[str, ...] = ()
    gamma_k: dict[Hashable, AgreementResult] = field(default_factory=dict)

    @property
    def observed_disorder(self) -> float | None:
        return self.gamma.observed

    @property
    def expected_disorder(self) -> float | None:
        return self.gamma.expected


@dataclass(frozen=True)
class _Doc:
    coders: tuple[str, ...]
    spans: list[np.ndarray]  # per coder, rows (start, end, category index), sorted, distinct
    n_units: int


@dataclass(frozen=True)
class _Terms:
    """Per continuum: summed unitary disorders, units per coder, and γ-cat's and γ-k's sums."""

    disorder: np.ndarray
    per_coder: np.ndarray  # the average number of units per coder
    cat: CatSums

    def take(self, index: np.ndarray | slice) -> _Terms:
        return _Terms(self.disorder[index], self.per_coder[index], self.cat.take(index))


def _check_span(span: LabelledSpan, name: str, doc_id: Hashable, length: int) -> tuple[int, int, Hashable]:
    start, end, code = span
    if not (0 <= start <= end <= length) or int(start) != start or int(end) != end:
        raise AgreementDataError(f"Span {tuple(span)!r} of coder {name!r} in document {doc_id!r} "
                                 f"lies outside 0..{length}.")
    return int(start), int(end), code


def _read(doc_ids: tuple[Hashable, ...], docs: list[CodedDocument]) -> tuple[list[_Doc], tuple[Hashable, ...],
                                                                             tuple[str, ...]]:
    raw, notes, empty, twice = [], [], 0, 0
    codes: set[Hashable] = set()
    for doc_id, (length, by_coder) in zip(doc_ids, docs):
        if int(length) != length or length < 0:
            raise AgreementDataError(f"Document {doc_id!r} has an impossible length {length!r}.")
        spans = {name: [_check_span(s, name, doc_id, length) for s in listed] for name, listed in by_coder.items()}
        empty += sum(s == e for listed in spans.values() for s, e, _ in listed)
        distinct = {name: {(s, e, c) for s, e, c in listed if s < e} for name, listed in spans.items()}
        twice += sum(len(listed) for listed in spans.values()) - sum(len(d) for d in distinct.values())
        codes.update(c for d in distinct.values() for _, _, c in d)
        raw.append(distinct)
    labels = _sorted_labels(codes)
    index = {label: i for i, label in enumerate(labels)}
    if empty:
        notes.append(f"{empty} zero-length span(s) were dropped (they cover no text).")
    if twice - empty:
        notes.append(f"{twice - empty} span(s) repeating another span of the same coder (same place and code) "
                     "were counted once.")
    return [_doc(d, index) for d in raw], labels, tuple(notes)


def _doc(distinct: dict[str, set[tuple[int, int, Hashable]]], index: dict[Hashable, int]) -> _Doc:
    spans = []
    for found in distinct.values():
        rows = np.array([(s, e, index[c]) for s, e, c in found], dtype=np.float64).reshape(-1, 3)
        spans.append(rows[np.lexsort((rows[:, 2], rows[:, 1], rows[:, 0]))])
    return _Doc(tuple(distinct), spans, sum(len(s) for s in spans))


def _continua(parts: list[tuple[np.ndarray, ...]], n: int) -> Continua:
    """One Continua from per-continuum (coder, start, end, category) arrays."""
    cont = np.concatenate([np.full(p[0].size, i) for i, p in enumerate(parts)]).astype(np.int64)
    coder, start, end, cat = (np.concatenate([p[k] for p in parts]) for k in range(4))
    order = np.lexsort((coder, cont))
    return Continua(n, len(parts), cont[order], coder[order].astype(np.int64),
                    Units(start[order], end[order], cat[order].astype(np.int64)))


def _observed(doc: _Doc) -> tuple[np.ndarray, ...]:
    coder = np.concatenate([np.full(len(s), k) for k, s in enumerate(doc.spans)])
    rows = np.concatenate(doc.spans)
    return coder, rows[:, 0], rows[:, 1], rows[:, 2]


def _samples(doc: _Doc, n_categories: int, n_samples: int, rng: np.random.Generator) -> list[tuple[np.ndarray, ...]]:
    s, coder, start, end, cat = sample(fit(doc.spans, n_categories), len(doc.coders), n_samples, rng)
    bounds = np.searchsorted(s, np.arange(n_samples + 1))
    return [(coder[a:b], start[a:b], end[a:b], cat[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]


def _chunks(c: Continua, size: int) -> Iterator[Continua]:
    bounds = np.searchsorted(c.cont, np.arange(0, c.n_continua + size, size).clip(max=c.n_continua))
    for k, (a, b) in enumerate(zip(bounds[:-1], bounds[1:])):
        u = c.units
        yield Continua(c.n_coders, min(size, c.n_continua - k * size), c.cont[a:b] - k * size, c.coder[a:b],
                       Units(u.start[a:b], u.end[a:b], u.cat[a:b]))


def _aligned(best: Candidates, units: Units, labels: tuple[Hashable, ...], size: int) -> list[list[UnitaryAlignment]]:
    """The chosen unitary alignments of each continuum, as spans, in text order."""
    out: list[list[UnitaryAlignment]] = [[] for _ in range(size)]
    first = np.where(best.rows >= 0, units.start[best.rows], np.inf).min(axis=1)
    for k in np.lexsort((first, best.cont)):
        spans = tuple(None if r < 0 else LabelledSpan(int(units.start[r]), int(units.end[r]), labels[units.cat[r]])
                      for r in best.rows[k])
        out[best.cont[k]].append(UnitaryAlignment(spans, float(best.disorder[k])))
    return out


def _terms(c: Continua, diss: Dissimilarity, labels: tuple[Hashable, ...],
           keep: bool) -> tuple[_Terms, list[list[UnitaryAlignment]]]:
    """Each continuum's terms, and its best alignment if ``keep``."""
    out: list[list[np.ndarray]] = [[], []]
    cats: list[CatSums] = []
    aligned: list[list[UnitaryAlignment]] = []
    for part in _chunks(c, _BATCH):
        best = best_alignment(part, diss)
        size = part.n_continua
        cats.append(cat_sums(best, part.units, part.cont, part.n_coders, diss, size, len(labels)))
        out[0].append(np.bincount(best.cont, best.disorder, minlength=size))
        out[1].append(np.bincount(part.cont, minlength=size))
        if keep:
            aligned += _aligned(best, part.units, labels, size)
    d, u = (np.concatenate(a) if a else np.zeros(0) for a in out)
    return _Terms(d, u.astype(np.float64) / c.n_coders, CatSums.concat(cats, len(labels))), aligned


@dataclass(frozen=True)
class _Setup:
    diss: Dissimilarity
    n_samples: int
    seed: int
    labels: tuple[Hashable, ...]


def _ratio(terms: _Terms) -> float:
    """δ of the continuum made of all the given ones laid end to end."""
    return float(terms.disorder.sum() / terms.per_coder.sum())


def _gamma(observed: float, expected: float, counts: Counts) -> AgreementResult:
    if observed == 0:
        value = 1.0  # perfect agreement, whatever chance would give (pygamma, Mathet 2015)
    elif expected <= 0:
        return undefined("γ", "the chance continua show no disorder (expected disorder is 0)", counts)
    else:
        value = 1.0 - observed / expected
    return AgreementResult(value, "γ", observed=observed, expected=expected, **counts)


def _result(observed: _Terms, samples: list[_Terms], counts: Counts, coders: tuple[str, ...],
            alignment: tuple[UnitaryAlignment, ...], setup: _Setup, codes: list[int]) -> GammaResult:
    d_o, d_e = _ratio(observed), float(np.mean([_ratio(t) for t in samples]))
    (cat_o, _), (cat_e, per_code) = ratios(observed.cat), expected([t.cat for t in samples])
    return GammaResult(_gamma(d_o, d_e, counts), gamma_cat(cat_o, cat_e, counts), coders, alignment, SAMPLER,
                       setup.n_samples, setup.seed, counts.get("warnings", ()),
                       gamma_ks(observed.cat, per_code, {setup.labels[i]: i for i in codes}, counts))


def _undefined(why: str, counts: Counts, coders: tuple[str, ...], setup: _Setup, codes: list[int]) -> GammaResult:
    return GammaResult(undefined("γ", why, counts), undefined("γ-cat", why, counts), coders, (), SAMPLER,
                       setup.n_samples, setup.seed, counts.get("warnings", ()),
                       {setup.labels[i]: undefined("γ-k", why, counts) for i in codes})


def _why_not(doc: _Doc) -> str | None:
    if len(doc.coders) < 2:
        return "fewer than two coders annotated the text"
    return "no coder marked any span" if doc.n_units == 0 else None


@dataclass(frozen=True)
class _Group:
    """Documents with the same number of coders: observed and sampled terms, best alignments."""

    members: list[int]
    observed: _Terms
    samples: _Terms
    alignments: list[list[UnitaryAlignment]]


def _group(members: list[int], docs: list[_Doc], streams: list[np.random.SeedSequence], setup: _Setup) -> _Group:
    n, k = len(docs[members[0]].coders), len(setup.labels)
    observed, alignments = _terms(_continua([_observed(docs[d]) for d in members], n), setup.diss, setup.labels, True)
    parts = [p for d in members for p in _samples(docs[d], k, setup.n_samples, np.random.default_rng(streams[d]))]
    samples, _ = _terms(_continua(parts, n), setup.diss, setup.labels, False)
    return _Group(members, observed, samples, alignments)


def _doc_result(g: _Group, i: int, doc: _Doc, setup: _Setup) -> GammaResult:
    counts = Counts(n_units=doc.n_units, n_coders=len(doc.coders), unit="spans", n_documents=1,
                    warnings=_few_spans(doc))
    s = setup.n_samples
    samples = [g.samples.take(slice(i * s + j, i * s + j + 1)) for j in range(s)]
    return _result(g.observed.take(slice(i, i + 1)), samples, counts, doc.coders, tuple(g.alignments[i]), setup,
                   _codes(doc))


def _few_spans(doc: _Doc) -> tuple[str, ...]:
    per_coder = doc.n_units / len(doc.coders)
    if per_coder >= FEW_SPANS:
        return ()
    return (f"γ of this document rests on {per_coder:.3g} spans per coder, under {FEW_SPANS}: its chance model is "
            "fitted to this document alone, so the figure is unstable (the same agreement can score near 1 or below "
            "0 depending on where the spans sit); read the pooled γ.",)


def _codes(doc: _Doc) -> list[int]:
    """The category indices of the codes used in a document: the codes its γ-k are given for."""
    return np.unique(np.concatenate([s[:, 2] for s in doc.spans])).astype(np.int64).tolist() if doc.spans else []


def _pooled(groups: list[_Group], docs: list[_Doc], setup: _Setup, notes: tuple[str, ...]) -> GammaResult:
    coders = tuple(dict.fromkeys(c for doc in docs for c in doc.coders))
    used = [d for g in groups for d in g.members]
    counts = Counts(n_units=sum(docs[d].n_units for d in used), n_coders=len(coders), unit="spans",
                    n_documents=len(used), warnings=notes)
    every = list(range(len(setup.labels)))
    if not used:
        return _undefined("no document has spans of two or more coders", counts, coders, setup, every)
    k, s = len(setup.labels), setup.n_samples
    observed = _concat([g.observed for g in groups], k)
    by_sample = [_concat([g.samples.take(np.arange(j, g.samples.disorder.size, s)) for g in groups], k)
                 for j in range(s)]
    return _result(observed, by_sample, counts, coders, (), setup, every)


def _concat(terms: list[_Terms], n_categories: int) -> _Terms:
    return _Terms(np.concatenate([t.disorder for t in terms]), np.concatenate([t.per_coder for t in terms]),
                  CatSums.concat([t.cat for t in terms], n_categories))


def _compute(documents: Documents, alpha: float, beta: float, n_samples: int,
             seed: int) -> tuple[GammaResult, dict[Hashable, GammaResult]]:
    if int(n_samples) != n_samples or n_samples < 1:
        raise AgreementDataError(f"γ needs at least one chance sample, not n_samples={n_samples!r}.")
    diss = Dissimilarity(float(alpha), float(beta))
    doc_ids, listed = as_documents(documents)
    docs, labels, found = _read(doc_ids, listed)
    notes = warn_all(found)
    setup = _Setup(diss, int(n_samples), int(seed), labels)
    streams = np.random.SeedSequence(int(seed)).spawn(len(docs))
    by_n: dict[int, list[int]] = {}
    for d, doc in enumerate(docs):
        if _why_not(doc) is None:
            by_n.setdefault(len(doc.coders), []).append(d)
    groups = [_group(members, docs, streams, setup) for members in by_n.values()]
    by_doc: dict[Hashable, GammaResult] = {}
    for g in groups:
        for i, d in enumerate(g.members):
            by_doc[doc_ids[d]] = _doc_result(g, i, docs[d], setup)
    for d, doc in enumerate(docs):
        why = _why_not(doc)
        if why is not None:
            counts = Counts(n_units=doc.n_units, n_coders=len(doc.coders), unit="spans", n_documents=1)
            by_doc[doc_ids[d]] = _undefined(why, counts, doc.coders, setup, _codes(doc))
    return _pooled(groups, docs, setup, notes), {k: by_doc[k] for k in doc_ids}


def gamma(length: int, spans_by_coder: SpansByCoder, *, alpha: float = 1.0, beta: float = 1.0,
          n_samples: int = 30, seed: int = 0) -> GammaResult:
    """γ and γ-cat of one text of ``length`` characters (Mathet et al. 2015; Mathet 2017).

    ``spans_by_coder`` maps each coder to ``(start, end, code)`` spans (half-open offsets); a
    coder listed with no spans left the text uncoded. Spans may overlap, also within a coder;
    zero-length spans are dropped and a coder's repeated identical span counted once (warnings).

    * Dissimilarity (Δ∅ = 1): ``d = α·d_pos + β·d_cat`` with the positional-sporadic
      ``d_pos = ((|Δstart| + |Δend|)/(len_u + len_v))²`` and nominal ``d_cat`` (0 or 1); a pair
      with the empty unit costs Δ∅, also two empty units of coders who are both absent (pygamma).
    * δo: the disorder of the best alignment, found exactly over the unitary alignments that can
      be in it: by the linear relaxation (HiGHS) wherever that is integral, by mixed-integer
      programming (``scipy.optimize.milp``, zero gap) where it is not.
    * δe: the mean best-alignment disorder of ``n_samples`` chance continua from pygamma's
      default StatisticalContinuumSampler (``gamma_sampler``), drawn from
      ``numpy.random.default_rng`` seeded from ``seed``: the same seed gives the same figures.
    * ``γ = 1 − δo/δe``, not clamped (negative below chance); 1 when δo = 0.
    * γ-cat (Mathet 2017): on the same best alignments, the categorical dissimilarity of every
      pair of aligned units, weighted by ``max(0, 1 − α·d_pos)/(n_v − 1)`` for a unitary alignment
      of ``n_v`` units, averaged; observed on the text, expected as the mean over the chance
      continua; ``γ-cat = 1 − observed/expected``. Unaligned units do not enter it: pygamma 0.5.9's
      "experimental" term for them (weight Δ∅, disorder Δ∅²) is not in the paper and is left out.
    * γ-k (Mathet 2017 §4.2.5; pygamma's ``gamma_k``), per code ``k`` in ``gamma_k``: γ-cat on the
      pairs where at least one unit has code ``k``, on the same best alignments, observed and chance;
      its expected disorder is the mean over the chance continua where it is defined (pygamma counts
      a chance continuum without any pair of ``k`` as disorder 1, one whose ``k`` units are all
      unaligned as 0; both are left out here, as for γ-cat).

    Undefined, with the reason (not an error): fewer than two coders, no spans, δe = 0; γ-cat
    also when no two coders' units are aligned; γ-k also when no coder used the code, when no unit
    of it is aligned (with any pairing confidence), observed or in every chance continuum, or when
    its expected disorder is 0. Bad parameters raise :class:`AgreementDataError`.
    Cost: per continuum, the candidates (pruned coder by coder); per batch of continua, one or
    two linear programs and rarely a small MILP.
    """
    pooled, by_doc = _compute([CodedDocument(length, spans_by_coder)], alpha, beta, n_samples, seed)
    return by_doc[0]


def gamma_documents(documents: Documents, *, alpha: float = 1.0, beta: float = 1.0, n_samples: int = 30,
                    seed: int = 0) -> DocumentsResult[GammaResult]:
    """γ and γ-cat per document and pooled over documents.

    ``documents`` is a list (ids 0, 1, ...) or a mapping ``doc_id -> (length, spans_by_coder)``.
    Each document has its own best alignment and its own ``n_samples`` chance continua, drawn
    from its own statistics with its own random stream (``SeedSequence(seed).spawn``), so a
    document's figures do not depend on the other documents, and equal :func:`gamma` of it alone
    when it is the first. Pooled: the documents laid end to end as one continuum whose units never
    align across documents, so δo = Σ summed unitary disorders / Σ average units per coder, and
    each chance continuum is the documents' chance continua laid end to end (the j-th of each);
    δe is their mean. Long documents weigh more, as in the pooled uα; γ-cat pools the same way.
    Documents where γ is undefined (fewer than two coders, no spans) are left out of the pool.
    """
    pooled, by_doc = _compute(documents, alpha, beta, n_samples, seed)
    return DocumentsResult(pooled, by_doc)
