"""The agreement report as plain data: frozen dataclasses, no Qt, no I/O.

Every number is a :class:`Figure`: the measure's :class:`~annotator.agreement.AgreementResult`
(value or ``None`` with the reason, definition name, n of units, warnings) plus the coders
and number of documents behind it, a one-line explanation (from ``measures``), Krippendorff's
verdict for the alpha family and, where computed, a bootstrap interval with its seed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from annotator.agreement import AgreementResult
from annotator.agreement.gamma_cat import unaligned_note
from annotator.agreement.unitized_stats import DEFAULT_CU_VARIANT
from annotator.report.measures import MAIN, Measure, alpha_family, at, explanation

RELIABLE, TENTATIVE = 0.800, 0.667
GAMMA_KEYS = ("gamma", "gamma_cat", "gamma_k")

#: cuα self-pairing variant -> its self-pairing term per unit (they coincide for two coders).
CU_VARIANT_NOTES = {
    "mass": "the square of the unit's mean overlap with the other coders' coded text; reproduces Krippendorff 2019, "
            "Fig. 12.11",
    "pairwise": "the mean of the unit's squared overlaps with each other coder's coded text, as "
                "lindanna/unitized_alpha",
    "union": "the square of the unit's overlap with all other coders' coded text together, as quallmer",
}

THRESHOLD_NOTE = (f"Krippendorff (2004): α ≥ {RELIABLE:.3f} reliable; {TENTATIVE:.3f}–{RELIABLE:.3f} only for "
                  "tentative conclusions; below that, not reliable. Applied to the alpha family only; kappa, AC1, "
                  "percent agreement and F1 have no agreed cut-off.")


@dataclass(frozen=True)
class Interval:
    """Bootstrap percentile interval; ``seed`` reproduces it."""

    low: float | None
    high: float | None
    confidence: float
    n_resamples: int
    seed: int
    n_undefined: int
    method: str


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    result: AgreementResult
    coders: tuple[str, ...]
    n_documents: int
    variant: str = ""
    ci: Interval | None = None

    value = property(lambda self: self.result.value)
    reason = property(lambda self: self.result.reason)
    measure = property(lambda self: self.result.measure)
    warnings = property(lambda self: self.result.warnings)

    @property
    def explanation(self) -> str:
        return explanation(self.key)

    @property
    def aligned(self) -> int:
        """A γ-k's spans aligned with a span of another coder (its coverage as a count)."""
        return round((self.result.coverage or 0.0) * self.result.n_units)

    @property
    def partly_aligned(self) -> bool:
        """A γ-k that rests on only some of its code's spans (the others aligned with no other coder's)."""
        coverage = self.result.coverage
        return self.key == "gamma_k" and self.value is not None and coverage is not None and coverage < 1

    @property
    def verdict(self) -> str | None:
        """Krippendorff's reading of an alpha-family value ("reliable", "tentative", "unreliable")."""
        if self.value is None or not alpha_family(self.key):
            return None
        return "reliable" if self.value >= RELIABLE else "tentative" if self.value >= TENTATIVE else "unreliable"


@dataclass(frozen=True)
class Table:
    """A square or rectangular count table: ``rows`` x ``columns`` labels, ``counts[i][j]``."""

    title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: tuple[tuple[float, ...], ...]
    unit: str
    note: str = ""


@dataclass(frozen=True)
class CoderSummary:
    name: str
    documents: int
    spans: int
    coded_characters: int
    coded_share: float  # of the characters of the documents the coder worked on


@dataclass(frozen=True)
class AssistedCoder:
    """A coder's annotations in the report and how many of them came from accepted suggestions."""

    name: str
    annotations: int
    suggested: int
    by_method: dict  # method -> annotations accepted from its suggestions

    @property
    def share(self) -> float:
        return self.suggested / self.annotations if self.annotations else 0.0


@dataclass(frozen=True)
class Assistance:
    """Assisted coding: each coder's annotations from accepted suggestions, and the overall figures
    computed again without every such annotation (of all coders), on the same documents and coders.
    ``without`` is empty when no annotation came from a suggestion (nothing is computed twice)."""

    coders: tuple[AssistedCoder, ...]
    without: tuple[Figure, ...]

    @property
    def suggested(self) -> int:
        return sum(c.suggested for c in self.coders)

    @property
    def summary(self) -> str:
        """One sentence on what the section holds."""
        if not self.suggested:
            return "No annotation in this report came from an accepted suggestion."
        return (f"{self.suggested} of {sum(c.annotations for c in self.coders)} annotations came from accepted "
                "suggestions. 'All annotations' is the overall table above; 'without suggested' computes the same "
                "measures again after dropping every annotation that came from a suggestion (all coders'), on the "
                "same documents and coders: their text counts as uncoded.")


@dataclass(frozen=True)
class CodeRow:
    label: str
    path: str
    depth: int
    is_group: bool
    members: tuple[str, ...]
    spans: dict  # coder -> number of spans
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class PairRow:
    first: str
    second: str
    n_documents: int
    figures: tuple[Figure, ...]
    contingency: Table | None


@dataclass(frozen=True)
class DocumentRow:
    id: int
    name: str
    length: int
    coders: tuple[str, ...]
    spans: dict  # coder -> number of spans
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Disagreement:
    """A place where coders differ: ``codes[coder]`` is what that coder coded there (labels;
    empty = nothing) and ``spans[coder]`` the same as ``(start, end, label)``. ``start``/``end``
    span all the annotations involved; coders who did not work on the document are absent.
    ``id`` is stable (:func:`annotator.cited.disagreement_id`: the document's and annotations' UUIDs)."""

    id: str
    document_uuid: str
    document_id: int
    document: str
    start: int
    end: int
    text: str
    codes: dict
    spans: dict
    annotation_uuids: tuple[str, ...]


@dataclass(frozen=True)
class UnitMatrix:
    """The unit x coder matrix behind the coefficients: ``values[coder, unit]`` indexes
    ``labels`` (``labels[0]`` is uncoded), ``-1`` where the coder did not work on the document."""

    unit: str
    coders: tuple[str, ...]
    labels: tuple[str, ...]
    document: np.ndarray = field(repr=False)  # document id per unit
    start: np.ndarray = field(repr=False)
    end: np.ndarray = field(repr=False)
    values: np.ndarray = field(repr=False)


@dataclass(frozen=True)
class RoundHeading:
    """The coding round a report is about (``agreement --round``)."""

    name: str
    kind: str
    scheme_version: int
    sample: str        # how its documents were chosen, in words
    compares: str = ""  # a calibration's or retest's comparison, in words

    @property
    def sentence(self) -> str:
        also = " " + self.compares if self.compares else ""
        return (f"Round {self.name!r} ({self.kind}), coded under codebook version {self.scheme_version}; its "
                f"documents: {self.sample}. Only the annotations its packages brought in are compared.{also}")


@dataclass(frozen=True)
class GammaOptions:
    """How the report's γ, γ-cat and γ-k were computed (``agreement --gamma``): their expected disorder is the mean
    over ``n_samples`` chance continua per document drawn by ``sampler`` from ``seed`` (the report's seed)."""

    n_samples: int
    seed: int
    sampler: str
    alpha: float = 1.0
    beta: float = 1.0

    @property
    def sentence(self) -> str:
        return (f"γ and γ-cat: all codes together; γ-k: per code (not for groups), on the same alignments. Expected "
                f"disorder from {self.n_samples:,} chance continua per document, {self.sampler}, seed {self.seed}; "
                f"dissimilarity weights α = {self.alpha:g} "
                f"(position), β = {self.beta:g} (code). Pooled over the documents laid end to end; a document "
                "where γ is undefined is left out of the pool.")


@dataclass(frozen=True)
class AgreementReport:
    project: str
    coders: tuple[str, ...]
    documents: tuple[str, ...]
    unit: str
    seed: int
    n_resamples: int
    coder_summaries: tuple[CoderSummary, ...]
    overall: tuple[Figure, ...]
    by_code: tuple[CodeRow, ...]
    pairs: tuple[PairRow, ...]
    by_document: tuple[DocumentRow, ...]
    confusion: Table
    disagreements: tuple[Disagreement, ...]
    matrix: UnitMatrix = field(repr=False)
    warnings: tuple[str, ...] = ()
    threshold_note: str = THRESHOLD_NOTE
    cu_variant: str = DEFAULT_CU_VARIANT
    assistance: Assistance | None = None
    round: RoundHeading | None = None
    gamma: GammaOptions | None = None

    @property
    def asked(self) -> tuple[str, ...]:
        """The measures computed only when asked for that this report has (``Measure.needs``)."""
        return ("gamma",) if self.gamma is not None else ()

    def measures(self, level: str) -> tuple[Measure, ...]:
        """The table's measures of one level that this report computed (some only when asked for)."""
        return at(level, self.asked)

    def undefined_gamma(self) -> list[tuple[str, Figure]]:
        """Per document, its γ and γ-cat figures that are undefined (each with its reason)."""
        return [(d.name, f) for d in self.by_document for f in d.figures if f.key in GAMMA_KEYS and f.value is None]

    def undefined_gamma_k(self) -> list[tuple[str, Figure]]:
        """Per code, its γ-k when undefined (with the reason)."""
        return [(c.label, f) for c in self.by_code for f in c.figures if f.key == "gamma_k" and f.value is None]

    def gamma_k_notes(self) -> list[tuple[str, Figure, str]]:
        """Per code, what its γ-k figure needs said: why it is undefined, or on how few of the code's spans it rests."""
        return [(c.label, f, f.reason if f.value is None else unaligned_note(f.result.n_units, f.aligned))
                for c in self.by_code for f in c.figures
                if f.key == "gamma_k" and (f.value is None or f.partly_aligned)]

    @property
    def cu_variant_note(self) -> str:
        """One sentence naming the cuα/(k)uα self-pairing variant used."""
        return (f"cuα and (k)uα use the {self.cu_variant!r} self-pairing variant "
                f"({CU_VARIANT_NOTES[self.cu_variant]}); the variants differ only with three or more coders.")

    def figure(self, key: str) -> Figure:
        """The overall figure with this key (``KeyError`` if the report has none)."""
        for figure in self.overall:
            if figure.key == key:
                return figure
        raise KeyError(key)

    def pair_matrix(self, key: str = MAIN) -> list[list[float | None]]:
        """coders x coders values of one pairwise measure (diagonal ``None``), for a heat map."""
        index = {name: i for i, name in enumerate(self.coders)}
        out: list[list[float | None]] = [[None] * len(self.coders) for _ in self.coders]
        for pair in self.pairs:
            value = next((f.value for f in pair.figures if f.key == key), None)
            out[index[pair.first]][index[pair.second]] = out[index[pair.second]][index[pair.first]] = value
        return out
