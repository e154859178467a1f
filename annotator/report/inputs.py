"""Turn a :class:`Study` into the inputs of ``annotator.agreement``.

Multi-label coding: a coder may give overlapping text different codes. Per-code measures
(binary uα, αU per code, NVivo) take the spans as they are. Measures that need one value
per character (the uα family, the character/token/sentence projections, the confusion
matrix) get :func:`single_label` spans instead: where one coder's codes overlap, that stretch
carries the combination as one value ("attack + claim"), and the report says so.
"""

from __future__ import annotations

import numpy as np

from annotator.agreement.documents import CodedDocument, LabelledSpan
from annotator.report.study import Study

UNITS = {"char": "characters", "token": "tokens", "sentence": "sentences"}
JOIN = " + "


def single_label(spans: list[LabelledSpan], order: dict) -> tuple[list[LabelledSpan], int]:
    """Spans that never overlap: same-code overlaps merged, cross-code overlaps cut into
    pieces labelled with the combination of codes. Returns ``(spans, pieces_combined)``."""
    merged: list[LabelledSpan] = []
    for code in sorted({span.label for span in spans}, key=lambda c: order.get(c, len(order))):
        own = sorted((span.start, span.end) for span in spans if span.label == code and span.end > span.start)
        for s, e in own:
            if merged and merged[-1].label == code and s < merged[-1].end:
                merged[-1] = merged[-1]._replace(end=max(merged[-1].end, e))
            else:
                merged.append(LabelledSpan(s, e, code))
    merged.sort()
    if all(a.end <= b.start for a, b in zip(merged, merged[1:])):
        return merged, 0
    cuts = sorted({p for span in merged for p in (span.start, span.end)})
    out, combined = [], 0
    for a, b in zip(cuts, cuts[1:]):
        codes = [span.label for span in merged if span.start <= a and b <= span.end]
        if codes:
            codes.sort(key=lambda c: order.get(c, len(order)))
            combined += len(codes) > 1
            out.append(LabelledSpan(a, b, JOIN.join(str(c) for c in codes)))
    return out, combined


def documents(study: Study, *, single: bool, relabel: dict | None = None,
              coders=None) -> tuple[dict[int, CodedDocument], list]:
    """``{document id: CodedDocument}`` and the notes about combined codes."""
    order = {label: i for i, label in enumerate(study.labels.values())}
    out, notes = {}, []
    for doc in study.documents:
        by_coder = {name: [LabelledSpan(*s) for s in spans] for name, spans in study.spans(doc.id, relabel).items()}
        if coders is not None:
            by_coder = {c: s for c, s in by_coder.items() if c in coders}
        if single:
            for name, spans in by_coder.items():
                by_coder[name], combined = single_label(spans, order)
                if combined:
                    notes.append((name, doc.name, combined))
        out[doc.id] = CodedDocument(doc.length, by_coder)
    return out, notes


def combination_warning(notes: list) -> list[str]:
    if not notes:
        return []
    total = sum(n for _, _, n in notes)
    name, doc, _ = notes[0]
    return [f"Coders gave different codes to overlapping text in {total} place(s) (e.g. {name} in {doc!r}); "
            "measures that need one value per character (uα, |uα, cuα, (k)uα, the character/token/sentence "
            "coefficients and the confusion matrix) count each combination as its own value, "
            f"such as 'a{JOIN}b'; the per-code measures see every code."]


def unit_bounds(project, study: Study, unit: str) -> dict | None:
    """``None`` for characters, else ``{document id: (n, 2) array}`` of token or sentence bounds."""
    if unit == "char":
        return None
    services = project.text_services()
    out = {}
    for doc in study.documents:
        if unit == "token":
            starts, ends = services.tokens(doc.text)
            out[doc.id] = np.column_stack([starts, ends]).astype(np.int64)
        else:
            out[doc.id] = np.array(services.sentences(doc.text), dtype=np.int64).reshape(-1, 2)
    return out
