"""Build an :class:`AgreementReport` from a project: every figure comes from ``annotator.agreement``.

Documents are pooled (the statistics of all documents summed), never averaged; the
per-document rows are a drill-down. See ``annotator.report`` for the overview.
"""

from __future__ import annotations

import dataclasses
import numbers
import warnings
from itertools import combinations

import numpy as np

from annotator import agreement as ag
from annotator.adjudication import find_segments
from annotator.agreement.alpha import coincidences
from annotator.agreement.unitized_stats import DEFAULT_CU_VARIANT
from annotator.errors import AnnotatorError
from annotator.report import coefficients as co
from annotator.report.inputs import UNITS, combination_warning, documents, unit_bounds
from annotator.report.model import (
    AgreementReport,
    CodeRow,
    CoderSummary,
    Disagreement,
    DocumentRow,
    Figure,
    PairRow,
    Table,
)
from annotator.report.study import Study, annotations_of, load_study

MAX_BOOTSTRAP = 100_000  # resamples x documents floats are held at once (B x D x 8 bytes)


def build_report(project, coders=None, codes=None, documents=None, unit: str = "char", bootstrap: int = 1000,
                 seed: int | None = None, cu_pairable: str = DEFAULT_CU_VARIANT) -> AgreementReport:
    """The agreement report of ``coders`` (default: all but gold) on ``codes`` (default: all; a
    group stands for its descendants) in ``documents`` (default: all worked on by two coders).

    ``unit`` ("char", "token" or "sentence") is the unit of the coefficients for predefined
    units (percent, α, κ, AC1, confusion, unit x coder matrix); the unitizing measures always
    use characters. ``bootstrap`` resamples of documents give the intervals for uα and α
    (0 turns them off); ``seed`` makes them reproducible and is reported (drawn when ``None``).
    ``cu_pairable`` is the cuα/(k)uα self-pairing variant for three or more coders ("mass",
    "pairwise" or "union"; see :func:`annotator.agreement.unitized_alpha`); the report names it.
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
    seed = int(np.random.SeedSequence().entropy % (2**31)) if seed is None else _checked_seed(seed)
    project.store.check_readable("no agreement report was made")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ag.AgreementWarning)
        study = load_study(project, coders, codes, documents)
        return _Builder(project, study, unit, bootstrap, seed, cu_pairable).report()


def _checked_seed(seed) -> int:
    """A seed numpy accepts: a whole number of 0 or more."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise AnnotatorError(f"The bootstrap seed must be a whole number of 0 or more, not {seed!r}.")
    return int(seed)


class _Builder:
    def __init__(self, project, study: Study, unit: str, n_resamples: int, seed: int, cu_pairable: str):
        self.study, self.unit, self.n_resamples, self.seed, self.cu = study, unit, n_resamples, seed, cu_pairable
        self.cu_text = f"characters; self-pairing variant {cu_pairable!r}"
        self.names, self.n_docs = study.names, len(study.documents)
        self.ids = [d.id for d in study.documents]
        self.multi, _ = documents(study, single=False)
        self.single, combined = documents(study, single=True)
        self.notes = list(study.warnings) + combination_warning(combined)
        self.units = co.project(self.single, unit_bounds(project, study, unit), self.names, unit)

    def fig(self, key, label, result, coders=None, n_documents=None, variant="", ci=None) -> Figure:
        if result.unit == "units":
            result = dataclasses.replace(result, unit=UNITS[self.unit])
        return Figure(key, label, result, tuple(coders or self.names), self.n_docs if n_documents is None else n_documents,
                      variant, ci)

    # ------------------------------------------------------------------ overall
    def report(self) -> AgreementReport:
        family = ag.unitized_alpha_documents(self.single, cu_pairable=self.cu)
        self.family = family
        self.alpha_u = ag.alpha_u_2004_documents(self.multi)
        overall = self.coefficients(self.units.values, "") + self.unitizing(family.pooled) + self.span_f1()
        notes = self.notes + [w for f in overall for w in f.warnings]
        if self.n_resamples and self.n_docs < 2:
            notes.append("No bootstrap interval: it resamples documents, and there is only one.")
        return AgreementReport(
            self.study.project, self.names, tuple(d.name for d in self.study.documents), self.unit, self.seed,
            self.n_resamples, self.summaries(), tuple(overall), self.by_code(family.pooled), self.pairs(),
            self.by_document(family), self.confusion(), self.disagreements(), self.units,
            tuple(dict.fromkeys(notes)), cu_variant=self.cu)

    def interval(self, documents, measure):
        if not self.n_resamples or self.n_docs < 2:
            return None
        return co.interval(ag.bootstrap_alpha(documents, measure=measure, n_resamples=self.n_resamples,
                                              seed=self.seed, cu_pairable=self.cu))

    def coefficients(self, values: np.ndarray, prefix: str, coders=None, n_documents=None, with_ci=True) -> list[Figure]:
        """Percent, α, κ (Cohen or Fleiss) and AC1 with uncoded text as a value and excluded."""
        out = []
        for variant, matrix in (("none", co.as_float(values)), ("excluded", co.as_float(co.excluded(values)))):
            text = co.VARIANTS[variant]
            ci = self.interval(co.slices(self.units, self.ids, values, variant), "krippendorff_alpha") if with_ci else None
            figures = [("percent", "percent agreement", co.safe(ag.percent_agreement, matrix, "percent agreement")),
                       ("alpha", "α (nominal)", co.safe(ag.krippendorff_alpha, matrix, "Krippendorff's alpha (nominal)"))]
            if matrix.shape[0] == 2:
                figures.append(("cohen", "Cohen's κ", co.safe(ag.cohen_kappa, matrix, "Cohen's kappa")))
            else:
                figures.append(("fleiss", "Fleiss' κ", co.safe(ag.fleiss_kappa, matrix, "Fleiss' kappa")))
            figures.append(("ac1", "Gwet's AC1", co.safe(ag.gwet_ac1, matrix, "Gwet's AC1")))
            out += [self.fig(f"{prefix}{key}_{variant}", label, result, coders, n_documents, text,
                             ci if key == "alpha" else None) for key, label, result in figures]
        return out

    def unitizing(self, pooled) -> list[Figure]:
        ci = self.interval(self.single, "u_alpha")
        return [self.fig("u_alpha", "uα", pooled.u_alpha, variant="characters", ci=ci),
                self.fig("bar_u_alpha", "|uα", pooled.bar_u_alpha, variant="characters"),
                self.fig("cu_alpha", "cuα", pooled.cu_alpha, variant=self.cu_text),
                self.fig("alpha_u_2004", "αU (INCEpTION/DKPro)", self.alpha_u.pooled.overall, variant="characters")]

    def span_f1(self) -> list[Figure]:
        out = []
        for match in ("exact", "overlap"):
            pairs = [co.pair_f1(self.multi, a, b, match) for a, b in combinations(self.names, 2)]
            if len(pairs) == 1:
                out.append(self.fig(f"f1_{match}", f"span F1 ({match})", pairs[0][0], n_documents=pairs[0][1]))
            else:
                out.append(self.fig(f"f1_{match}", f"mean pairwise span F1 ({match})", co.mean_of([p[0] for p in pairs], match)))
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
                only = {d: (n, {c: [s for s in spans if s[2] == node.label] for c, spans in by.items()})
                        for d, (n, by) in grouped.items()}
                k_alpha = ag.unitized_alpha_documents(documents(self.study, single=True, relabel=relabel)[0],
                                                      cu_pairable=self.cu).pooled.k_u_alpha.get(node.label)
                code_binary = ag.u_alpha_by_code_documents(only).get(node.label)
                code_au = ag.alpha_u_2004_documents(only).pooled.by_code.get(node.label)
                code_nvivo = ag.per_code_agreement_documents(only).pooled.get(node.label) if nvivo is not None else None
            else:
                k_alpha, code_binary = pooled.k_u_alpha.get(node.label), binary.get(node.label)
                code_au = self.alpha_u.pooled.by_code.get(node.label)
                code_nvivo = nvivo.get(node.label) if nvivo is not None else None
            figures = [self.fig("k_u_alpha", "(k)uα", k_alpha or co.absent(f"({node.label})uα", self.names), variant=self.cu_text),
                       self.fig("code_u_alpha", "uα code vs. rest", code_binary or co.absent("uα", self.names)),
                       self.fig("alpha_u_2004", "αU (INCEpTION)", code_au or co.absent("αU", self.names))]
            if nvivo is not None:
                figures += [self.fig("nvivo_kappa", "NVivo κ", code_nvivo.kappa if code_nvivo else co.absent("NVivo kappa", self.names)),
                            self.fig("nvivo_percent", "NVivo %", code_nvivo.percent if code_nvivo else co.absent("NVivo percent", self.names))]
            rows.append(CodeRow(node.label, node.path, node.depth, node.is_group, node.members,
                                co.span_counts(self.study, set(node.members)), tuple(figures)))
        return tuple(rows)

    def pairs(self) -> tuple[PairRow, ...]:
        out = []
        for (i, a), (j, b) in combinations(enumerate(self.names), 2):
            docs = {d: (n, {c: s for c, s in by.items() if c in (a, b)}) for d, (n, by) in self.single.items()
                    if a in by and b in by}
            if not docs:
                out.append(PairRow(a, b, 0, (), None))
                continue
            pooled = ag.unitized_alpha_documents(docs, cu_pairable=self.cu).pooled
            values = self.units.values[[i, j]]
            figures = [self.fig("u_alpha", "uα", pooled.u_alpha, (a, b), len(docs)),
                       self.fig("cu_alpha", "cuα", pooled.cu_alpha, (a, b), len(docs), self.cu_text)]
            figures += [f for f in self.coefficients(values, "", (a, b), len(docs), with_ci=False)]
            figures += [self.fig(f"f1_{m}", f"span F1 ({m})", r, (a, b), n) for m in ("exact", "overlap")
                        for r, n in [co.pair_f1(self.multi, a, b, m)]]
            out.append(PairRow(a, b, len(docs), tuple(figures), co.contingency(values, self.units.labels, a, b, self.units.unit)))
        return tuple(out)

    def by_document(self, family) -> tuple[DocumentRow, ...]:
        rows = []
        for doc, (lo, hi) in zip(self.study.documents, co.doc_columns(self.units, self.ids)):
            present = self.study.present[doc.id]
            one = family.by_document[doc.id]
            values = self.units.values[:, lo:hi]
            figures = [self.fig("u_alpha", "uα", one.u_alpha, present, 1),
                       self.fig("bar_u_alpha", "|uα", one.bar_u_alpha, present, 1),
                       self.fig("cu_alpha", "cuα", one.cu_alpha, present, 1, self.cu_text),
                       self.fig("alpha_u_2004", "αU (INCEpTION)", self.alpha_u.by_document[doc.id].overall, present, 1)]
            for variant, matrix in (("none", co.as_float(values)), ("excluded", co.as_float(co.excluded(values)))):
                figures.append(self.fig(f"alpha_{variant}", "α (nominal)", co.safe(ag.krippendorff_alpha, matrix, "Krippendorff's alpha (nominal)"),
                                        present, 1, co.VARIANTS[variant]))
            figures.append(self.fig("percent_none", "percent agreement", co.safe(ag.percent_agreement, co.as_float(values), "percent agreement"),
                                    present, 1, co.VARIANTS["none"]))
            spans = {c: len(a) for c, a in annotations_of(self.study, doc.id).items()}
            rows.append(DocumentRow(doc.id, doc.name, doc.length, present, spans, tuple(figures)))
        return tuple(rows)

    def confusion(self) -> Table:
        labels = self.units.labels
        o = coincidences(self.units.values, len(labels))
        return Table("Coincidences of codes in units", labels, labels, tuple(tuple(float(x) for x in row) for row in o),
                     self.units.unit, "Krippendorff's coincidence matrix: every unit coded by m coders adds its m(m−1) "
                     "ordered pairs of values, each weighted 1/(m−1); the off-diagonal cells are the disagreements. "
                     "With two coders it is the coder x coder table plus its transpose.")

    def disagreements(self) -> tuple[Disagreement, ...]:
        out = []
        for doc in self.study.documents:
            for seg in find_segments(doc.id, annotations_of(self.study, doc.id)):
                if seg.kind == "disagreement":
                    codes = {c: tuple(self.study.labels[a.code_id] for a in anns) for c, anns in seg.annotations.items()}
                    spans = {c: tuple((a.start, a.end, self.study.labels[a.code_id]) for a in anns)
                             for c, anns in seg.annotations.items()}
                    uuids = tuple(a.uuid for anns in seg.annotations.values() for a in anns)
                    out.append(Disagreement(doc.id, doc.name, seg.start, seg.end, doc.text[seg.start:seg.end], codes, spans, uuids))
        return tuple(out)

    def summaries(self) -> tuple[CoderSummary, ...]:
        out = []
        for name in self.names:
            docs = [d for d in self.study.documents if name in self.study.present[d.id]]
            spans = sum(len(self.study.annotations[d.id].get(name, ())) for d in docs)
            coded = sum(co.covered(self.single[d.id][1][name]) for d in docs)
            total = sum(d.length for d in docs)
            out.append(CoderSummary(name, len(docs), spans, coded, coded / total if total else 0.0))
        return tuple(out)
