"""How many units to double-code: two published sample-size rules, with their reasoning.

:func:`krippendorff_sample_size`: Krippendorff (2004, *Content Analysis*, 2nd ed., §11.4.2;
2013, 3rd ed., §12.4; 2019, 4th ed.), after Bloch & Kraemer (1989, eq. 3.7): the fewest units every
coder must code for an α at least ``alpha_min`` to be told apart at significance
``p = 1 − confidence`` (one-tailed) when the least frequent code has the share ``p_c``::

    N = z² · ((1 + α_min)(3 − α_min) / (4 (1 − α_min) p_c (1 − p_c)) − α_min)

and the codings (values) that makes with ``m`` coders: ``m · N``. Krippendorff's table of sample
sizes counts codings of two coders, as ATLAS.ti's manual reproduces it ("Sample Size and Decision
Rules": 139 codings for p_c = 1/4, α_min = .800, p = .05; 81 for α_min = .667; "more than two
coders: multiply z² by the number of coders"); both of its figures are this formula's, and the
tests check them.

:func:`lacy_riffe_sample_size`: Lacy & Riffe (1996, *Journalism & Mass Communication Quarterly*
73(4), 963–973): how many of a population of ``N`` units to test so that, with the given
confidence (one-tailed), percent agreement on all ``N`` is at least ``minimum`` when it is
``assumed`` in truth; ``SE = (assumed − minimum) / z``, ``P = assumed``, ``Q = 1 − P``::

    n = ((N − 1) SE² + P Q N) / ((N − 1) SE² + P Q)

Both return a :class:`SampleSize` that carries its inputs, the formula in words, the
intermediate values and the result rounded up; :func:`explain` renders it as plain lines.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Optional

from scipy.special import ndtri

from annotator.agreement.result import AgreementDataError

KRIPPENDORFF = "Krippendorff (2004, §11.4.2)"
LACY_RIFFE = "Lacy & Riffe (1996)"
MAX_UNITS = 10**15   # beyond any study; below 2**53, so every count up to it is exact in a float


@dataclass(frozen=True)
class SampleSize:
    """One sample-size answer: ``units`` (``exact`` rounded up) of ``unit``, and why.

    ``inputs`` and ``steps`` are ``(name, value)`` pairs in the order the reasoning uses them;
    ``formula`` states the rule in words and symbols; ``claim`` what the sample lets one say.
    """

    method: str
    units: int
    exact: float
    unit: str
    claim: str
    formula: str
    inputs: tuple[tuple[str, float], ...]
    steps: tuple[tuple[str, float], ...]
    note: str = ""
    values: Optional[int] = None   # Krippendorff: the codings m coders make on ``units`` units (m · exact, rounded up)

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready data (inputs and steps as objects, in order)."""
        return {"method": self.method, "units": self.units, "exact": self.exact, "unit": self.unit,
                "claim": self.claim, "formula": self.formula, "inputs": dict(self.inputs),
                "steps": dict(self.steps), "note": self.note, "values": self.values}


def one_tailed_z(confidence: float) -> float:
    """The standard normal quantile at ``confidence`` (0.95 → 1.6449)."""
    _check_open("The confidence", confidence, 0.5, 1.0)
    return float(ndtri(confidence))


def krippendorff_sample_size(alpha_min: float = 0.8, p_c: float = 0.1, confidence: float = 0.95,
                             note: str = "", coders: int = 2) -> SampleSize:
    """The fewest units every one of ``coders`` coders codes for α ≥ ``alpha_min`` at
    ``p = 1 − confidence``, and the codings (values) that makes."""
    _check_open("The smallest acceptable alpha", alpha_min, 0.0, 1.0)
    if not 0.0 < p_c <= 0.5:
        raise AgreementDataError(f"p_c, the share of the least frequent code, must lie above 0 and at most 0.5, "
                                 f"not {p_c!r}.")
    if isinstance(coders, bool) or not isinstance(coders, int) or not 2 <= coders <= MAX_UNITS:
        raise AgreementDataError(f"Agreement needs at least 2 coders and at most {MAX_UNITS:,}, not {coders!r}.")
    z = one_tailed_z(confidence)
    # divided one factor at a time: a product of tiny factors would underflow to 0 (p_c = 5e-324)
    ratio = (1 + alpha_min) * (3 - alpha_min) / 4 / (1 - alpha_min) / p_c / (1 - p_c)
    exact = z * z * (ratio - alpha_min)
    too_many = f"p_c = {p_c:g} is too small, or α_min = {alpha_min:g} too close to 1"
    return SampleSize(
        method=KRIPPENDORFF, units=_count(exact, too_many), exact=exact, unit=f"units coded by each of {coders} coders",
        claim=f"to show α ≥ {alpha_min:g} at p = {1 - confidence:.3g} (one-tailed) when the least "
              f"frequent code has the share p_c = {p_c:g}",
        formula="N = z² · ((1 + α_min)(3 − α_min) / (4 (1 − α_min) p_c (1 − p_c)) − α_min); "
                "codings = m · N for m coders",
        inputs=(("alpha_min", alpha_min), ("p_c", p_c), ("confidence", confidence), ("coders", coders)),
        steps=(("p", round(1 - confidence, 12)), ("z", z), ("z²", z * z),
               ("(1 + α_min)(3 − α_min) / (4 (1 − α_min) p_c (1 − p_c))", ratio)),
        note=note, values=_count(coders * exact, f"{too_many}, for {coders:,} coders"))


def lacy_riffe_units(population: int, agreement: float, standard_error: float) -> float:
    """Lacy & Riffe's n, unrounded, for a population of ``population`` units whose true
    agreement is ``agreement`` (P), to be estimated with the standard error ``standard_error``."""
    _check_population(population)
    _check_open("The assumed agreement", agreement, 0.0, 1.0)
    if not standard_error > 0:
        raise AgreementDataError(f"The standard error must be above 0, not {standard_error!r}.")
    pq = agreement * (1 - agreement)
    spread = (population - 1) * standard_error ** 2
    return (spread + pq * population) / (spread + pq)


def lacy_riffe_sample_size(population: int, assumed: float = 0.85, minimum: float = 0.80,
                           confidence: float = 0.95, noun: str = "units") -> SampleSize:
    """How many of ``population`` units (called ``noun``: "documents") to test for agreement
    ≥ ``minimum`` if it is ``assumed``."""
    _check_population(population)
    _check_open("The minimum acceptable agreement", minimum, 0.0, 1.0)
    _check_open("The assumed agreement", assumed, 0.0, 1.0)
    if not assumed > minimum:
        raise AgreementDataError(f"The assumed agreement ({assumed:g}) must be above the minimum acceptable "
                                 f"agreement ({minimum:g}).")
    z = one_tailed_z(confidence)
    se = (assumed - minimum) / z
    exact = lacy_riffe_units(population, assumed, se)
    return SampleSize(
        method=LACY_RIFFE, units=min(_round_up(exact), population), exact=exact, unit=f"of {population:,} {noun}",
        claim=f"to be {confidence:.0%} confident (one-tailed) that agreement on all {population:,} is at least "
              f"{minimum:.0%} when it is {assumed:.0%}",
        formula="n = ((N − 1) SE² + P Q N) / ((N − 1) SE² + P Q), SE = (P − minimum) / z, P = assumed, Q = 1 − P",
        inputs=(("population", population), ("assumed", assumed), ("minimum", minimum),
                ("confidence", confidence)),
        steps=(("z", z), ("SE", se), ("P Q", assumed * (1 - assumed))))


def least_frequent_share(counts: Mapping[str, int]) -> tuple[str, float]:
    """The least used code among ``counts`` (code → annotations; unused codes left out) and its
    share of all annotations: an estimate of p_c from coded data."""
    used = {name: n for name, n in counts.items() if n > 0}
    if len(used) < 2:
        raise AgreementDataError("p_c can be estimated only once at least two codes have been used; "
                                 "give it with --p-c.")
    name = min(used, key=lambda key: (used[key], key))
    return name, used[name] / sum(used.values())


def explain(result: SampleSize) -> list[str]:
    """A few plain lines: the answer, what it lets one say, the formula, the numbers."""
    lines = [f"{result.method}: at least {result.units:,} {result.unit}",
             f"  {result.claim}",
             f"  {result.formula}",
             "  " + ", ".join(f"{name} = {_shown(value)}" for name, value in result.steps),
             f"  = {result.exact:.3f}, rounded up to {result.units:,}"]
    if result.values is not None:
        coders = int(dict(result.inputs)["coders"])
        lines.append(f"  m · N = {coders} · {result.exact:.3f}: {result.values:,} codings by the {coders} coders "
                     "(Krippendorff's table counts these)")
    return lines + ([f"  {result.note}"] if result.note else [])


def _shown(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() and value > 1 else f"{value:.5g}"


def _round_up(exact: float) -> int:
    # 1e-9 absorbs floating-point noise (70.000000000001 is 70), never a real fraction.
    return max(1, math.ceil(exact - 1e-9))


def _count(exact: float, why: str) -> int:
    """``exact`` rounded up, refused with ``why`` when it is no count a study could code (infinite,
    NaN, or above MAX_UNITS)."""
    if not exact <= MAX_UNITS:  # also refuses NaN
        raise AgreementDataError(f"{why}: the sample would be more than {MAX_UNITS:,} units.")
    return _round_up(exact)


def _check_open(what: str, value: float, low: float, high: float) -> None:
    if not low < value < high:  # also refuses NaN
        raise AgreementDataError(f"{what} must lie between {low:g} and {high:g} (both excluded), not {value!r}.")


def _check_population(population: int) -> None:
    if isinstance(population, bool) or not isinstance(population, int) or not 2 <= population <= MAX_UNITS:
        raise AgreementDataError(f"The population must be a whole number of at least 2 and at most {MAX_UNITS:,} "
                                 f"units, not {population!r}.")
