"""Result types shared by every agreement measure.

A measure never returns a bare float: it returns an :class:`AgreementResult` that carries
the value (or ``None`` with the reason it is undefined), the name of the definition used,
how many units and coders stand behind it, and any warnings about the data. Scripts read
``result.value``; ``float(result)`` works too but raises :class:`UndefinedAgreementError`
when the value is undefined, so a degenerate study never turns silently into 0 or 1.
"""

from __future__ import annotations

import warnings as _warnings
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypedDict, TypeVar

from annotator.errors import AnnotatorError


class AgreementDataError(AnnotatorError, ValueError):
    """The data cannot be used for the requested measure (the message says why)."""


class UndefinedAgreementError(AnnotatorError, ValueError):
    """``float()`` was called on a result whose value is undefined."""


class AgreementWarning(UserWarning):
    """Something about the data that the reader of an agreement figure should know."""


@dataclass(frozen=True)
class AgreementResult:
    """One agreement figure.

    ``value`` is ``None`` exactly when the figure is undefined; ``reason`` then starts with
    "undefined, because". ``n_units`` counts what was compared (units, characters, spans;
    see ``unit``), ``observed``/``expected`` are the measure's observed and expected
    agreement (kappa family) or disagreement (alpha family), and ``coverage`` is the share
    of the data the figure rests on, where the measure defines one (cuα, (k)uα).
    """

    value: float | None
    measure: str
    n_units: int
    n_coders: int
    reason: str | None = None
    warnings: tuple[str, ...] = ()
    unit: str = "units"
    observed: float | None = None
    expected: float | None = None
    coverage: float | None = None
    n_documents: int | None = None

    @property
    def defined(self) -> bool:
        return self.value is not None

    def __float__(self) -> float:
        if self.value is None:
            raise UndefinedAgreementError(f"{self.measure} is {self.reason}")
        return float(self.value)

    def __str__(self) -> str:
        shown = f"{self.value:.4f}" if self.value is not None else str(self.reason)
        return f"{self.measure} = {shown} ({self.n_units} {self.unit}, {self.n_coders} coders)"


class _CountsNeeded(TypedDict):
    n_units: int
    n_coders: int


class Counts(_CountsNeeded, total=False):
    """What a measure passes on to every :class:`AgreementResult` it makes besides the value."""

    warnings: tuple[str, ...]
    unit: str
    coverage: float | None
    n_documents: int | None


Pooled = TypeVar("Pooled")


@dataclass(frozen=True)
class DocumentsResult(Generic[Pooled]):
    """A pooled result plus the same measure per document (the drill-down).

    ``pooled`` is computed from data summed over documents, never from a mean of the
    per-document values, so a short note weighs as little as it is long.
    """

    pooled: Pooled
    by_document: Mapping[Hashable, Pooled] = field(default_factory=dict)


def undefined(measure: str, why: str, counts: Counts) -> AgreementResult:
    """An undefined result whose reason reads "undefined, because <why>"."""
    return AgreementResult(None, measure, reason=f"undefined, because {why}", **counts)


def ratio_result(measure: str, num: float, den: float, why: str, counts: Counts) -> AgreementResult:
    """``1 - num/den`` as a result, undefined (with ``why``) when ``den`` is (numerically) 0."""
    if not den > 1e-12 * max(1.0, abs(num)):
        return undefined(measure, why, counts)
    return AgreementResult(float(1.0 - num / den), measure, **counts)


def warn_all(messages: Iterable[str]) -> tuple[str, ...]:
    """Emit each message as an :class:`AgreementWarning` and return them as a tuple."""
    shown = tuple(messages)
    for message in shown:
        _warnings.warn(message, AgreementWarning, stacklevel=3)
    return shown
