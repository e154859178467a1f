"""Build an :class:`AgreementReport` from a project: every figure comes from ``annotator.agreement``.

Documents are pooled (the statistics of all documents summed), never averaged; the
per-document rows are a drill-down. See ``annotator.report`` for the overview.
"""

from __future__ import annotations

import dataclasses
import numbers
import secrets
import warnings
from itertools import combinations

import numpy as np

from annotator import agreement as ag
from annotator import provenance
from annotator.agreement.alpha import coincidences
from annotator.agreement.bootstrap import UNITIZED, Resampled
from annotator.agreement.documents import CodedDocument
from annotator.agreement.gamma_sampler import SAMPLER
from annotator.agreement.unitized_stats import DEFAULT_CU_VARIANT
from annotator.errors import AnnotatorError
from annotator.report import coefficients as co
from annotator.report.assistance import assisted_coders, without_suggested
from annotator.report.disagreements import disagreements_of
from annotator.report.inputs import UNITS, combination_warning, documents, unit_bounds
from annotator.report.measures import Measure, Scope, at
from annotator.report.model import (
    AgreementReport,
    Assistance,
    CodeRow,
    CoderSummary,
    Disagreement,
    DocumentRow,
    Figure,
    GammaOptions,
    PairRow,
    RoundHeading,
    Table,
)
from annotator.report.round_reference import reference
from annotator.report.study import Study, annotations_of, load_study, round_scope
from annotator.round_store import find_round

MAX_BOOTSTRAP = 100_000  # resamples x documents floats are held at once (B x D x 8 bytes)
MAX_GAMMA_SAMPLES = 1_000  # γ's time grows with them: 30 take about 50 s for 1,000 documents of 3 x 20 spans


def build_report(project, coders=None, codes=None, documents=None, unit: str = "char", bootstrap: int = 1000,
                 seed: int | None = None, cu_pairable: str = DEFAULT_CU_VARIANT, round: str | None = None,
                 gamma_samples: int | None = None) -> AgreementReport:
    """The agreement report of ``coders`` (default: all but gold) on ``codes`` (default: all; a
    group stands for its descendants) in ``documents`` (default: all worked on by two coders).

    ``unit`` ("char", "token" or "sentence") is the unit of the coefficients for predefined
    units (percent, α, κ, AC1, confusion, unit x coder matrix); the unitizing measures always
    use characters. ``bootstrap`` resamples of documents give the intervals for uα and α
    (0 turns them off); ``seed`` makes them reproducible and is reported (drawn when ``None``).
    ``cu_pairable`` is the cuα/(k)uα self-pairing variant for three or more coders ("mass",
    "pairwise" or "union"; see :func:`annotator.agreement.unitized_alpha`); the report names it.
    ``round`` (a round's name) reports that round alone: its coders and documents (``coders`` and
    ``documents`` may choose among them) and only the annotations its packages brought in.
    ``gamma_samples`` (1 to 1,000) adds γ and γ-cat (all codes together), pooled and per document, and γ-k
    per code (pooled), their
    expected disorder from that many chance continua per document drawn from ``seed``; ``None``: no γ.
    Raises :class:`AnnotatorError` for fewer than two coders, unknown names or nothing coded.
    """
    if unit not in UNITS:
        raise AnnotatorError(f"The unit must be one of {', '.join(UNITS)}, not {unit!r}.")
    if bootstrap < 0:
        raise AnnotatorError("The number of bootstrap resamples cannot be negative.")
    if bootstrap > MAX_BOOTSTRAP:
        raise AnnotatorError(f"{bootstrap:,} bootstrap resamples were asked for; at most {MAX_BOOTSTRAP:,} are "
                             "drawn (they hold resamples x documents numbers in memory, and the interval's tails "
                             "are steady long before).")
    seed = secrets.randbits(31) if seed is None else _checked_seed(seed)
    if gamma_samples is not None:
        gamma_samples = checked_gamma_samples(gamma_samples)
    project.store.check_intact("no agreement report was made")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ag.AgreementWarning)
        heading, scope = None, None
        if round is not None:
            found = find_round(project.store.conn, round)
            coders, documents, scope = round_scope(project, found, coders, documents)
            heading = RoundHeading(found.name, found.kind, found.scheme_version, found.sample,
                                   reference(project, found).compares)
        study = load_study(project, coders, codes, documents, scope)
        options = (unit, bootstrap, seed, cu_pairable, gamma_samples)
        report = _Builder(project, study, *options).report()
        return dataclasses.replace(report, assistance=_assistance(project, study, *options), round=heading)


def _assistance(project, study, *options) -> Assistance:
    """Each coder's annotations from accepted suggestions, and the overall figures computed the same
    way (same options, same seed) without them, only if there are some."""
    suggested = provenance.methods(project.store.conn)
    shares = assisted_coders(study, suggested)
    if not any(s.suggested for s in shares):
        return Assistance(shares, ())
    return Assistance(shares, tuple(_Builder(project, without_suggested(study, suggested), *options).overall()))


def _checked_seed(seed) -> int:
    """A seed numpy accepts: a whole number of 0 or more."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise AnnotatorError(f"The bootstrap seed must be a whole number of 0 or more, not {seed!r}.")
    return int(seed)


def checked_gamma_samples(n) -> int:
    """A number of γ's chance continua: a whole number from 1 to MAX_GAMMA_SAMPLES."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 1 <= int(n) <= MAX_GAMMA_SAMPLES:
        raise AnnotatorError(f"γ needs 1 to {MAX_GAMMA_SAMPLES:,} chance samples (its time grows with them; 30 is "
                             f"usual), not {n!r}.")
    return int(n)


class _Builder:
    def __init__(self, project, study: Study, unit: str, n_resamples: int, seed: int, cu_pairable: str,
                 gamma_samples: int | None = None):
        self.study, self.unit, self.n_resamples, self.seed, self.cu = study, unit, n_resamples, seed, cu_pairable
        self.gamma_options = None if gamma_samples is None else GammaOptions(gamma_samples, seed, SAMPLER)
        self.asked = () if gamma_samples is None else ("gamma",)
        self.countings = {"": "", "characters": "characters", "cu": f"characters; self-pairing variant {cu_pairable!r}",
                          "gamma": f"{gamma_samples or 0:,} chance continua, seed {seed}; spans, all codes together",
                          "gamma_k": f"{gamma_samples or 0:,} chance continua, seed {seed}; pairs with this code",
                          **co.VARIANTS}
        self.names, self.n_docs = study.names, len(study.documents)
        self.ids = [d.id for d in study.documents]
        self.multi, _ = documents(study, single=False)
        self.single, combined = documents(study, single=True)
        self.notes = list(study.warnings) + combination_warning(combined)
        self.units = co.project(self.single, unit_bounds(project, study, unit), self.names, unit)

    def fig(self, measure: Measure, result, coders=None, n_documents=None) -> Figure:
        if result.unit == "units":
            result = dataclasses.replace(result, unit=UNITS[self.unit])
        if n_documents is None:  # a figure computed only when asked counts the documents it pools (γ's)
            n_documents = result.n_documents if measure.needs and result.n_documents is not None else self.n_docs
        return Figure(measure.key, measure.label, result, tuple(coders or self.names), n_documents,
                      self.countings[measure.counting], self.ci(measure))

    def figures(self, level: str, scope: Scope, coders=None, n_documents=None) -> list[Figure]:
        """The figures of one level's measures that apply to the scope, in the table's order."""
        return [self.fig(m, m.compute(scope), coders, n_documents) for m in at(level, self.asked)
                if m.applies(scope.n_coders)]

    def matrices(self, values: np.ndarray) -> dict:
        """The unit matrix as the coefficients take it: uncoded text as a value, and excluded."""
        return {"none": co.as_float(values), "excluded": co.as_float(co.excluded(values))}

    # ------------------------------------------------------------------ overall
    def overall(self) -> list[Figure]:
        """The overall figures (the family of uα and αU are kept for the drill-downs)."""
        self.family = ag.unitized_alpha_documents(self.single, cu_pairable=self.cu)
        self.alpha_u = ag.alpha_u_2004_documents(self.multi)
        self.gamma = self.gamma_documents()
        return self.figures("overall", Scope(len(self.names), self.matrices(self.units.values), self.family.pooled,
                                             self.alpha_u.pooled.overall, self.span_f1(),
                                             gamma=self.gamma.pooled if self.gamma else None))

    def gamma_documents(self):
        """γ, γ-cat and γ-k of every document and pooled, on every code's spans as coded, when asked for."""
        if self.gamma_options is None:
            return None
        return ag.gamma_documents(self.multi, n_samples=self.gamma_options.n_samples, seed=self.seed)

    def report(self) -> AgreementReport:
        overall = self.overall()
        family = self.family
        notes = self.notes + [w for f in overall for w in f.warnings]
        if self.n_resamples and self.n_docs < 2:
            notes.append("No bootstrap interval: it resamples documents, and there is only one.")
        notes += self.few_spans_note()
        return AgreementReport(
            self.study.project, self.names, tuple(d.name for d in self.study.documents), self.unit, self.seed,
            self.n_resamples, self.summaries(), tuple(overall), self.by_code(family.pooled), self.pairs(),
            self.by_document(family), self.confusion(), self.disagreements(), self.units,
            tuple(dict.fromkeys(notes)), cu_variant=self.cu, gamma=self.gamma_options)

    def few_spans_note(self) -> list[str]:
        """One note naming the documents whose own γ rests on few spans (``ag.FEW_SPANS``)."""
        if self.gamma is None:
            return []
        names = {doc.id: doc.name for doc in self.study.documents}
        few = [names[i] for i, r in self.gamma.by_document.items() if r.gamma.warnings and i in names]
        if not few:
            return []
        listed = ", ".join(few[:5]) + (f" and {len(few) - 5:,} more" if len(few) > 5 else "")
        return [f"γ per document: {len(few):,} document(s) have fewer than {ag.FEW_SPANS} spans per coder ({listed}); "
                "each document's chance model is fitted to it alone, so their own γ, γ-cat and γ-k are unstable. "
                "The pooled figures are the ones to read."]

    def ci(self, measure: Measure):
        """The bootstrap interval of an overall figure that has one (α over the unit matrix's
        per-document slices, uα over the documents' spans)."""
        if measure.bootstrap is None or not self.n_resamples or self.n_docs < 2:
            return None
        data: Resampled
        if measure.bootstrap in UNITIZED:
            data = self.single
        else:
            data = co.slices(self.units, self.ids, self.units.values, measure.counting)
        return co.interval(ag.bootstrap_alpha(data, measure=measure.bootstrap, n_resamples=self.n_resamples,
                                              seed=self.seed, cu_pairable=self.cu))

    def span_f1(self) -> dict:
        """Span F1 per match: of the two coders, or the mean over the pairs of three or more."""
        out = {}
        for match in ("exact", "overlap"):
            pairs = [co.pair_f1(self.multi, a, b, match)[0] for a, b in combinations(self.names, 2)]
            out[match] = pairs[0] if len(pairs) == 1 else co.mean_of(pairs, match)
        return out

    # ------------------------------------------------------------------ drill-downs
    def by_code(self, pooled) -> tuple[CodeRow, ...]:
        binary = ag.u_alpha_by_code_documents(self.multi)
        nvivo = ag.per_code_agreement_documents(self.multi).pooled if len(self.names) == 2 else None
        rows = []
        for node in self.study.tree:
            if node.is_group:
                relabel = {m: node.label for m in node.members}
                grouped, _ = documents(self.study, single=False, relabel=relabel)
                only = {d: CodedDocument(doc.length, {c: [s for s in spans if s.label == node.label]
                                                      for c, spans in doc.by_coder.items()})
                        for d, doc in grouped.items()}
                k_alpha = ag.unitized_alpha_documents(documents(self.study, single=True, relabel=relabel)[0],
                                                      cu_pairable=self.cu).pooled.k_u_alpha.get(node.label)
                code_binary = ag.u_alpha_by_code_documents(only).get(node.label)
                code_au = ag.alpha_u_2004_documents(only).pooled.by_code.get(node.label)
                code_nvivo = ag.per_code_agreement_documents(only).pooled.get(node.label) if nvivo is not None else None
            else:
                k_alpha, code_binary = pooled.k_u_alpha.get(node.label), binary.get(node.label)
                code_au = self.alpha_u.pooled.by_code.get(node.label)
                code_nvivo = nvivo.get(node.label) if nvivo is not None else None
            scope = Scope(len(self.names), alpha_u=code_au, label=node.label, k_u_alpha=k_alpha,
                          code_u_alpha=code_binary, nvivo=code_nvivo, group=node.is_group,
                          gamma=self.gamma.pooled if self.gamma else None)
            rows.append(CodeRow(node.label, node.path, node.depth, node.is_group, node.members,
                                co.span_counts(self.study, set(node.members)), tuple(self.figures("code", scope))))
        return tuple(rows)

    def pairs(self) -> tuple[PairRow, ...]:
        out = []
        for (i, a), (j, b) in combinations(enumerate(self.names), 2):
            docs = {d: CodedDocument(doc.length, {c: s for c, s in doc.by_coder.items() if c in (a, b)})
                    for d, doc in self.single.items() if a in doc.by_coder and b in doc.by_coder}
            if not docs:
                out.append(PairRow(a, b, 0, (), None))
                continue
            values = self.units.values[[i, j]]
            scope = Scope(2, self.matrices(values), ag.unitized_alpha_documents(docs, cu_pairable=self.cu).pooled,
                          f1={m: co.pair_f1(self.multi, a, b, m)[0] for m in ("exact", "overlap")})
            figures = self.figures("pair", scope, (a, b), len(docs))
            table = co.contingency(values, self.units.labels, a, b, self.units.unit)
            out.append(PairRow(a, b, len(docs), tuple(figures), table))
        return tuple(out)

    def by_document(self, family) -> tuple[DocumentRow, ...]:
        rows = []
        for doc, (lo, hi) in zip(self.study.documents, co.doc_columns(self.units, self.ids)):
            present = self.study.present[doc.id]
            scope = Scope(len(present), self.matrices(self.units.values[:, lo:hi]), family.by_document[doc.id],
                          self.alpha_u.by_document[doc.id].overall,
                          gamma=self.gamma.by_document[doc.id] if self.gamma else None)
            spans = {c: len(a) for c, a in annotations_of(self.study, doc.id).items()}
            rows.append(DocumentRow(doc.id, doc.name, doc.length, present, spans,
                                    tuple(self.figures("document", scope, present, 1))))
        return tuple(rows)

    def confusion(self) -> Table:
        labels = self.units.labels
        o = coincidences(self.units.values, len(labels))
        return Table("Coincidences of codes in units", labels, labels, tuple(tuple(float(x) for x in row) for row in o),
                     self.units.unit, "Krippendorff's coincidence matrix: every unit coded by m coders adds its m(m−1) "
                     "ordered pairs of values, each weighted 1/(m−1); the off-diagonal cells are the disagreements. "
                     "With two coders it is the coder x coder table plus its transpose.")

    def disagreements(self) -> tuple[Disagreement, ...]:
        return disagreements_of(self.study)

    def summaries(self) -> tuple[CoderSummary, ...]:
        out = []
        for name in self.names:
            docs = [d for d in self.study.documents if name in self.study.present[d.id]]
            spans = sum(len(self.study.annotations[d.id].get(name, ())) for d in docs)
            coded = sum(co.covered(self.single[d.id].by_coder[name]) for d in docs)
            total = sum(d.length for d in docs)
            out.append(CoderSummary(name, len(docs), spans, coded, coded / total if total else 0.0))
        return tuple(out)
