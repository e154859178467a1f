"""The report as JSON-ready dicts: every number with its definition, n, coders, documents and warnings."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from annotator.report.model import GAMMA_KEYS, RELIABLE, TENTATIVE, AgreementReport, Figure, Table


def _finite(x):
    """JSON has no NaN or infinity: such a number is written as null."""
    return None if isinstance(x, float) and not math.isfinite(x) else x


def figure_dict(f: Figure) -> dict:
    r = f.result
    out: dict[str, Any] = {"key": f.key, "label": f.label, "measure": r.measure, "value": r.value, "reason": r.reason,
           "variant": f.variant, "n_units": r.n_units, "unit": r.unit, "n_coders": len(f.coders),
           "coders": list(f.coders), "n_documents": f.n_documents, "coverage": r.coverage,
           "observed": r.observed, "expected": r.expected, "verdict": f.verdict,
           "explanation": f.explanation, "warnings": list(r.warnings), "ci": None}
    if f.ci is not None:
        out["ci"] = dataclasses.asdict(f.ci)
        out["ci"].update(low=_finite(f.ci.low), high=_finite(f.ci.high))
    return {k: _finite(v) for k, v in out.items()}


def table_dict(t: Table | None) -> dict | None:
    if t is None:
        return None
    return {"title": t.title, "rows": list(t.rows), "columns": list(t.columns), "counts": [list(r) for r in t.counts],
            "unit": t.unit, "note": t.note}


def as_json(report: AgreementReport) -> dict:
    """A dict that ``json.dumps`` accepts (the unit x coder matrix is left to the CSV)."""
    return {
        "format": "annotator agreement report", "version": 1,
        "project": report.project, "coders": list(report.coders), "documents": list(report.documents),
        "unit": report.unit, "bootstrap": {"resamples": report.n_resamples, "seed": report.seed},
        "cu_variant": report.cu_variant, "cu_variant_note": report.cu_variant_note,
        "thresholds": {"reliable": RELIABLE, "tentative": TENTATIVE, "note": report.threshold_note},
        "coder_summaries": [dataclasses.asdict(s) for s in report.coder_summaries],
        "overall": [figure_dict(f) for f in report.overall],
        "by_code": [{"code": c.label, "path": c.path, "depth": c.depth, "is_group": c.is_group,
                     "members": list(c.members), "spans": c.spans, "figures": [figure_dict(f) for f in c.figures]}
                    for c in report.by_code],
        "pairs": [{"coders": [p.first, p.second], "n_documents": p.n_documents,
                   "figures": [figure_dict(f) for f in p.figures], "contingency": table_dict(p.contingency)}
                  for p in report.pairs],
        "by_document": [{"id": d.id, "document": d.name, "length": d.length, "coders": list(d.coders),
                         "spans": d.spans, "figures": [figure_dict(f) for f in d.figures]} for d in report.by_document],
        "confusion": table_dict(report.confusion),
        "disagreements": [{"id": d.id, "document": d.document, "document_id": d.document_id, "start": d.start,
                           "end": d.end, "text": d.text, "codes": {c: list(v) for c, v in d.codes.items()},
                           "spans": {c: [{"start": a, "end": b, "code": code} for a, b, code in v]
                                     for c, v in d.spans.items()},
                           "annotations": list(d.annotation_uuids)} for d in report.disagreements],
        "assistance": assistance_dict(report),
        "warnings": list(report.warnings),
    } | ({"round": dataclasses.asdict(report.round)} if report.round else {}) | gamma_dict(report)


def gamma_dict(report: AgreementReport) -> dict:
    """How γ, γ-cat and γ-k were computed and where they are undefined (their figures are in ``overall``
    and ``by_document`` under the keys ``gamma`` and ``gamma_cat``, γ-k's in ``by_code`` under ``gamma_k``);
    nothing when not asked for."""
    if report.gamma is None:
        return {}
    undefined = [{"document": None, "key": f.key, "reason": f.reason} for f in report.overall
                 if f.key in GAMMA_KEYS and f.value is None]
    undefined += [{"document": name, "key": f.key, "reason": f.reason} for name, f in report.undefined_gamma()]
    undefined += [{"code": label, "key": f.key, "reason": f.reason} for label, f in report.undefined_gamma_k()]
    return {"gamma": dataclasses.asdict(report.gamma) | {"codes": "all codes together (γ, γ-cat); per code (γ-k)",
                                                         "note": report.gamma.sentence,
                                                         "undefined": undefined}}


def assistance_dict(report: AgreementReport) -> dict | None:
    """Per coder, the annotations from accepted suggestions; the overall figures without them
    (an empty list when no annotation came from a suggestion)."""
    section = report.assistance
    if section is None:
        return None
    return {"summary": section.summary,
            "coders": [{"coder": c.name, "annotations": c.annotations, "from_suggestions": c.suggested,
                        "share": c.share, "by_method": c.by_method} for c in section.coders],
            "without_suggested": [figure_dict(f) for f in section.without]}
