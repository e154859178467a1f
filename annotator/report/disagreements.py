"""The report's disagreements, each with its stable id (:mod:`annotator.cited`), and finding them by id.

:func:`disagreements_of` is what the report lists; :func:`cite` finds ids in a project as a codebook
change cites them: in the whole study and in each round's scope, reading only the annotations and
grouping them into segments (:func:`annotator.segments.find_segments`), with no figure computed. An id
depends on the annotations of its segment, so one listed by a report narrowed to some coders or codes is
found in that report only: ``cite`` is told which (the agreement report's ``coders``, ``codes``, ``round``).
"""
from __future__ import annotations

from annotator.cited import CitedDisagreement, cut, disagreement_id, normal_id
from annotator.errors import AnnotatorError
from annotator.report.model import Disagreement
from annotator.report.study import Study, annotations_of, load_study, round_scope
from annotator.round_store import find_round, rounds
from annotator.segments import find_segments

BECAUSE_HELP = "why the codebook changes (a disagreement, a round), kept in the change log and shown by `annotator " \
               "round trend`"
CITE_HELP = "a disagreement this change answers, by the id `annotator agreement` lists (repeatable); the change " \
            "log keeps where it was, its text and who coded what"
FROM_OPTIONS = ("--from-coders", "--from-codes", "--from-round")


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


def cite(project, ids, coders=None, codes=None, round=None) -> tuple[CitedDisagreement, ...]:
    """The disagreements ``ids`` as the latest round whose report shows them has them, else as the whole
    study's report does; with ``coders``, ``codes`` or ``round``, as the report so narrowed (the agreement
    report's options of those names) has them. :class:`AnnotatorError` naming an id that is none or is not found."""
    wanted = [_checked(i) for i in ids]
    if not wanted:
        return ()
    named = bool(coders or codes or round)
    found: dict[str, CitedDisagreement] = {}
    for round_name, study in [_named(project, coders, codes, round)] if named else _studies(project):
        for d in disagreements_of(study):
            if d.id in wanted and d.id not in found:
                found[d.id] = snapshot(d, round_name)
        if all(i in found for i in wanted):
            break
    for i in wanted:
        if i not in found:
            raise AnnotatorError(_not_found(project, i, coders, codes, round) if named else
                                 f"There is no disagreement {i} in {project.name}'s report or any round's; list "
                                 "them with `annotator agreement PROJECT [--round NAME]` (an id from a report "
                                 "narrowed with --coders or --codes is cited with the same choice, as --from-coders "
                                 "or --from-codes, and --from-round for its round).")
    return tuple(found[i] for i in dict.fromkeys(wanted))


def _named(project, coders, codes, round_name) -> tuple[str | None, Study]:
    """(round name or None, study) of the report narrowed as ``agreement --coders/--codes/--round`` narrows it."""
    if round_name is None:
        return None, load_study(project, coders, codes)
    found = find_round(project.store.conn, round_name)
    chosen, documents, scope = round_scope(project, found, coders)
    return found.name, load_study(project, chosen, codes, documents, scope)


def _not_found(project, i: str, coders, codes, round_name) -> str:
    options = [*([f"--round {round_name}"] if round_name else []), *([f"--coders {' '.join(coders)}"] if coders else
               []), *([f"--codes {' '.join(codes)}"] if codes else [])]
    return (f"There is no disagreement {i} in {project.name}'s report with {' '.join(options)}; list its "
            f"disagreements and their ids with `annotator agreement PROJECT {' '.join(options)}`.")


def cite_options(parser, prefix: str = "") -> None:
    """The citing commands' options naming the agreement report their ``--disagreement`` ids were listed by."""
    said = "ids listed by `annotator agreement` with "
    parser.add_argument("--from-coders", nargs="+", metavar="NAME", help=f"{prefix}{said}--coders NAME...")
    parser.add_argument("--from-codes", nargs="+", metavar="CODE", help=f"{prefix}{said}--codes CODE...")
    parser.add_argument("--from-round", metavar="NAME", help=f"{prefix}{said}--round NAME")


def citing(args) -> bool:
    """Whether a command's arguments give a reason (``--because``, ``--disagreement``); one sentence for a
    ``--from-...`` option without ``--disagreement``."""
    if (args.from_coders or args.from_codes or args.from_round) and not args.disagreement:
        raise AnnotatorError(f"{', '.join(FROM_OPTIONS[:2])} and {FROM_OPTIONS[2]} go with --disagreement.")
    return bool(args.because or args.disagreement)


def cited(project, args) -> tuple[CitedDisagreement, ...]:
    """The ``--disagreement`` ids of a citing command, in the report its ``--from-...`` options name."""
    return cite(project, args.disagreement, args.from_coders, args.from_codes, args.from_round)


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
