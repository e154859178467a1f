"""The report's disagreements, each with its stable id (:mod:`annotator.cited`), and finding them by id.

:func:`disagreements_of` is what the report lists; :func:`cite` finds ids in a project as a codebook
change cites them: in the whole study and in each round's scope, reading only the annotations and
grouping them into segments (:func:`annotator.segments.find_segments`), with no figure computed.
"""
from __future__ import annotations

from annotator.cited import CitedDisagreement, cut, disagreement_id, normal_id
from annotator.errors import AnnotatorError
from annotator.report.model import Disagreement
from annotator.report.study import Study, annotations_of, load_study, round_scope
from annotator.round_store import rounds
from annotator.segments import find_segments

BECAUSE_HELP = "why the codebook changes (a disagreement, a round), kept in the change log and shown by `annotator " \
               "round trend`"
CITE_HELP = "a disagreement this change answers, by the id `annotator agreement` lists (repeatable); the change " \
            "log keeps where it was, its text and who coded what"


def disagreements_of(study: Study) -> tuple[Disagreement, ...]:
    """Every disagreement of the study, document by document, sorted by place."""
    out = []
    for doc in study.documents:
        for seg in find_segments(doc.id, annotations_of(study, doc.id)):
            if seg.kind == "disagreement":
                out.append(_disagreement(study, doc, seg))
    return tuple(out)


def _disagreement(study: Study, doc, seg) -> Disagreement:
    codes = {c: tuple(study.labels[a.code_id] for a in anns) for c, anns in seg.annotations.items()}
    spans = {c: tuple((a.start, a.end, study.labels[a.code_id]) for a in anns) for c, anns in seg.annotations.items()}
    uuids = tuple(a.uuid for anns in seg.annotations.values() for a in anns)
    return Disagreement(disagreement_id(doc.uuid, uuids), doc.uuid, doc.id, doc.name, seg.start, seg.end,
                        doc.text[seg.start:seg.end], codes, spans, uuids)


def snapshot(disagreement: Disagreement, round_name: str | None = None) -> CitedDisagreement:
    """What a codebook change keeps of a disagreement it cites (from a round's report: its name)."""
    d = disagreement
    return CitedDisagreement(d.id, d.document, d.document_uuid, d.start, d.end, cut(d.text),
                             tuple((coder, tuple(spans)) for coder, spans in d.spans.items()), round_name)


def cite(project, ids) -> tuple[CitedDisagreement, ...]:
    """The disagreements ``ids`` as the latest round whose report shows them has them, else as the whole
    study's report does; :class:`AnnotatorError` naming an id that is none or is not found."""
    wanted = [_checked(i) for i in ids]
    found: dict[str, CitedDisagreement] = {}
    for round_name, study in _studies(project):
        for d in disagreements_of(study):
            if d.id in wanted and d.id not in found:
                found[d.id] = snapshot(d, round_name)
        if all(i in found for i in wanted):
            break
    for i in wanted:
        if i not in found:
            raise AnnotatorError(f"There is no disagreement {i} in {project.name}; list the disagreements and their "
                                 f"ids with `annotator agreement PROJECT [--round NAME]`.")
    return tuple(found[i] for i in dict.fromkeys(wanted))


def _checked(text) -> str:
    found = normal_id(text)
    if found is None:
        raise AnnotatorError(f"{str(text)!r} is not a disagreement id (\"D\" and 8 hex digits, as `annotator "
                             f"agreement PROJECT [--round NAME]` lists them).")
    return found


def _studies(project):
    """(round name or None, study) for each round, latest first, then the whole study; those that
    cannot be reported (a round not merged yet, nothing coded) are skipped."""
    for r in reversed(rounds(project.store.conn)):
        try:
            coders, documents, scope = round_scope(project, r)
            yield r.name, load_study(project, coders, None, documents, scope)
        except AnnotatorError:
            continue
    try:
        yield None, load_study(project)
    except AnnotatorError:
        return
