"""Inter-coder agreement measures (pure Python + numpy; no Qt, no project store).

Coefficients for predefined units (coders x units matrices, ``None``/NaN for missing):
:func:`percent_agreement`, :func:`cohen_kappa`, :func:`scott_pi`, :func:`fleiss_kappa`,
:func:`krippendorff_alpha`, :func:`gwet_ac1`.

Unitizing on the character continuum, spans ``(start, end, code)`` per coder (documents as
:class:`CodedDocument` ``(length, by_coder)`` of :class:`LabelledSpan`, or plain tuples):
:func:`unitized_alpha` (uα, |uα, cuα, (k)uα of Krippendorff et al. 2016) and
:func:`unitized_alpha_documents` (pooled over documents, per-document drill-down);
:func:`alpha_u_2004`, :func:`alpha_u_2004_by_code`, :func:`alpha_u_2004_documents` (the older
αU of DKPro/INCEpTION, for comparability); :func:`u_alpha_by_code` (binary uα per code, for
multi-label coding); :func:`span_f1` (exact or overlap matching); :func:`gamma` and
:func:`gamma_documents` (γ, γ-cat and per-code γ-k of Mathet et al. 2015 and Mathet 2017: the best alignment
by MILP, chance by resampling, seeded).

Projections: :func:`project_spans` / :func:`project_documents` turn spans into a coders x
units matrix (characters, or given token/sentence boundaries; uncoded text as a value,
excluded, or missing) for the coefficients above; :func:`per_code_agreement` is NVivo's
per-code 2x2 character kappa and percent agreement.

Several documents are pooled (statistics summed), never averaged; the ``*_documents``
functions also return per-document values. :func:`bootstrap_alpha` resamples documents.

Planning: :func:`krippendorff_sample_size` (Krippendorff 2004, §11.4.2) and
:func:`lacy_riffe_sample_size` (Lacy & Riffe 1996) say how many units to double-code, as a
:class:`SampleSize` that carries its reasoning (:func:`explain` renders it).

Every measure returns an :class:`AgreementResult` (or a small container of them): read
``.value`` (``None`` when undefined, with ``.reason``), ``.n_units``, ``.n_coders`` and
``.warnings``. See ``/work/shared/docs/agreement-measures.md`` for the definitions and the
differences between tools.
"""

from annotator.agreement.alpha import krippendorff_alpha
from annotator.agreement.alpha_u_2004 import (
    AlphaU2004Result,
    alpha_u_2004,
    alpha_u_2004_by_code,
    alpha_u_2004_documents,
)
from annotator.agreement.bootstrap import BootstrapResult, bootstrap_alpha
from annotator.agreement.by_code import u_alpha_by_code, u_alpha_by_code_documents
from annotator.agreement.documents import CodedDocument, LabelledSpan
from annotator.agreement.gamma import FEW_SPANS, GammaResult, UnitaryAlignment, gamma, gamma_documents
from annotator.agreement.kappa import cohen_kappa, fleiss_kappa, gwet_ac1, percent_agreement, scott_pi
from annotator.agreement.per_code import CodeAgreement, per_code_agreement, per_code_agreement_documents
from annotator.agreement.projection import Projection, project_documents, project_spans
from annotator.agreement.result import (
    AgreementDataError,
    AgreementResult,
    AgreementWarning,
    DocumentsResult,
    UndefinedAgreementError,
)
from annotator.agreement.sample_size import (
    SampleSize,
    explain,
    krippendorff_sample_size,
    lacy_riffe_sample_size,
    lacy_riffe_units,
    least_frequent_share,
)
from annotator.agreement.span_f1 import span_f1
from annotator.agreement.unitized import UnitizedAlphaResult, unitized_alpha, unitized_alpha_documents

__all__ = [
    "SampleSize",
    "explain",
    "krippendorff_sample_size",
    "lacy_riffe_sample_size",
    "lacy_riffe_units",
    "least_frequent_share",
    "GammaResult",
    "UnitaryAlignment",
    "FEW_SPANS",
    "gamma",
    "gamma_documents",
    "BootstrapResult",
    "CodeAgreement",
    "CodedDocument",
    "LabelledSpan",
    "Projection",
    "bootstrap_alpha",
    "per_code_agreement",
    "per_code_agreement_documents",
    "project_documents",
    "project_spans",
    "span_f1",
    "u_alpha_by_code",
    "u_alpha_by_code_documents",
    "AlphaU2004Result",
    "UnitizedAlphaResult",
    "alpha_u_2004",
    "alpha_u_2004_by_code",
    "alpha_u_2004_documents",
    "unitized_alpha",
    "unitized_alpha_documents",
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
