"""Inter-coder agreement measures (pure Python + numpy; no Qt, no project store).

Coefficients for predefined units (coders x units matrices, ``None``/NaN for missing):
:func:`percent_agreement`, :func:`cohen_kappa`, :func:`scott_pi`, :func:`fleiss_kappa`,
:func:`krippendorff_alpha`, :func:`gwet_ac1`.

Every measure returns an :class:`AgreementResult` (or a small container of them): read
``.value`` (``None`` when undefined, with ``.reason``), ``.n_units``, ``.n_coders`` and
``.warnings``. See ``/work/shared/docs/agreement-measures.md`` for the definitions and the
differences between tools.
"""

from annotator.agreement.alpha import krippendorff_alpha
from annotator.agreement.kappa import cohen_kappa, fleiss_kappa, gwet_ac1, percent_agreement, scott_pi
from annotator.agreement.result import (
    AgreementDataError,
    AgreementResult,
    AgreementWarning,
    DocumentsResult,
    UndefinedAgreementError,
)

__all__ = [
    "AgreementDataError",
    "AgreementResult",
    "AgreementWarning",
    "DocumentsResult",
    "UndefinedAgreementError",
    "cohen_kappa",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "percent_agreement",
    "scott_pi",
]
