"""How big a reliability sample should be, for a project: p_c estimated from its coding, and the
reasoning a round prints (Krippendorff's minimum units, Lacy & Riffe's documents, and whether the
round's sample reaches them).

    plan = sample_plan(project, "study.annot", alpha_min=0.8, confidence=0.95)
    plan.lines(12)   # the reasoning, then whether a sample of 12 documents is enough
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .agreement.result import AgreementDataError
from .agreement.sample_size import (
    SampleSize,
    explain,
    krippendorff_sample_size,
    lacy_riffe_sample_size,
    least_frequent_share,
)

DEFAULT_P_C = 0.1


def estimate_p_c(project, label: str) -> tuple[float, str]:
    """p_c as the least used code's share of all annotations (all coders), and a note saying so."""
    names = {code.uuid: project.code_path(code.id) for code in project.codes()}
    counts = {names[uuid]: n for uuid, n in project.annotation_counts().items()}
    name, share = least_frequent_share(counts)
    return share, (f"p_c = {share:.4g} estimated from {label}: {name!r} has the fewest annotations, "
                   f"{counts[name]:,} of {sum(counts.values()):,} (all coders; unused codes left out).")


def p_c_or_assumed(project, label: str) -> tuple[float, str]:
    """The estimate, else (fewer than two codes used yet) the default, with a note saying it is assumed."""
    try:
        return estimate_p_c(project, label)
    except AgreementDataError:
        return DEFAULT_P_C, (f"p_c = {DEFAULT_P_C} is assumed: {label} has fewer than two codes in use to "
                             "estimate it from.")


@dataclass(frozen=True)
class SamplePlan:
    krippendorff: SampleSize
    lacy_riffe: Optional[SampleSize]    # None when the project has fewer than 2 documents
    documents: int                      # the project's documents

    def lines(self, sampled: int) -> list[str]:
        """The reasoning, then whether a sample of ``sampled`` documents reaches Lacy & Riffe's n."""
        out = ["Sample size (Krippendorff's N counts units coded by every coder, known once the round is coded; "
               "Lacy & Riffe's n counts documents):", *explain(self.krippendorff)]
        if self.lacy_riffe is None:
            return out + [f"Lacy & Riffe's sample needs at least 2 documents; the project has {self.documents}."]
        need = self.lacy_riffe.units
        verdict = (f"reaches Lacy & Riffe's n = {need:,}" if sampled >= need else
                   f"is too small: Lacy & Riffe's n is {need:,}, {need - sampled:,} more than it has")
        return out + explain(self.lacy_riffe) + [f"The round's sample of {sampled:,} documents {verdict}."]


def sample_plan(project, label: str, alpha_min: float = 0.8, confidence: float = 0.95,
                coders: int = 2) -> SamplePlan:
    """Both answers for ``project`` (p_c from its coding, its documents as the population); bad inputs raise
    :class:`AgreementDataError` before anything is written."""
    p_c, note = p_c_or_assumed(project, label)
    krippendorff = krippendorff_sample_size(alpha_min, p_c, confidence, note=note, coders=coders)
    documents = project.count_documents()
    lacy_riffe = lacy_riffe_sample_size(documents, confidence=confidence, noun="documents") if documents >= 2 else None
    return SamplePlan(krippendorff, lacy_riffe, documents)
