"""Each coder against gold (issue 16): per code, span F1 with gold as the reference, the agreement
report's per-code figures for the coder and gold as two coders, and what the coder over- and
under-codes, with examples.

    scores = calibrate(project, coders=["Ana"])            # on every document both coded
    scores = calibrate(project, round="training")          # a calibration round's coders on its documents
    print("\\n".join(calibration_lines(scores)))

The figures are the report's (:func:`annotator.report.build_report` of the coder and gold on the
documents both took part in, the report's rule), so they equal ``annotator agreement --coders Ana
gold``. *Over-coded* is text the coder coded with a code that gold did not code with it; *under-coded*
the reverse; a group of codes counts its members as one. Examples are the longest such stretches.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from .agreement.span_f1 import MATCHES, span_f1
from .errors import AnnotatorError
from .records import Coder
from .report.build import build_report
from .report.model import Figure
from .report.study import Study, load_study, round_scope
from .round_store import Round, find_round, retest_coders
from .segments import gold_coder_row

EXAMPLES = 3       # examples per code and direction
_TEXT = 80         # characters of an example's text shown


@dataclass(frozen=True)
class Stretch:
    document: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Miscoding:
    """Text one side coded with a code and the other did not."""

    characters: int
    spans: int                        # that side's spans of the code sharing no character with the other's
    examples: tuple[Stretch, ...]     # the longest stretches, longest first


@dataclass(frozen=True)
class CodeScore:
    code: str
    path: str
    is_group: bool
    spans: tuple[int, int]            # the coder's, gold's
    f1: dict                          # match -> AgreementResult (observed: the coder's precision, expected: recall)
    figures: tuple[Figure, ...]       # the report's code-level figures for the coder and gold
    over: Miscoding                   # the coder coded, gold did not
    under: Miscoding                  # gold coded, the coder did not


@dataclass(frozen=True)
class CoderScore:
    coder: str
    documents: tuple[str, ...]
    overall: tuple[Figure, ...] = ()
    codes: tuple[CodeScore, ...] = ()
    reason: str = ""                  # why there is nothing to score


@dataclass(frozen=True)
class Calibration:
    project: str
    gold: str
    round: Optional[str]
    coders: tuple[CoderScore, ...]


def calibrate(project, coders=None, documents=None, round: Optional[str] = None,
              examples: int = EXAMPLES) -> Calibration:
    """Each coder (default: a round's coders, else all but gold and retest rows) against gold."""
    conn = project.store.conn
    gold = gold_coder_row(conn)
    if gold is None:
        raise AnnotatorError("This project has no gold layer yet, so there is nothing to calibrate against "
                             "(build one in Tools › Adjudicate).")
    found = _calibration_round(conn, round)
    chosen = _coders(project, gold, coders, found)
    docs = [project.document(d) for d in documents] if documents else None
    project.store.check_intact("no calibration report was made")
    scores = tuple(_score(project, coder, gold, docs, found, examples) for coder in chosen)
    return Calibration(project.name, gold.name, found.name if found else None, scores)


def _calibration_round(conn, name: Optional[str]) -> Optional[Round]:
    if name is None:
        return None
    found = find_round(conn, name)
    if found.kind != "calibration":
        raise AnnotatorError(f"Round {found.name!r} is a {found.kind} round; `calibration --round` reports a "
                             "calibration round (for other coders against gold, name them with --coder).")
    return found


def _coders(project, gold: Coder, coders, found: Optional[Round]) -> list[Coder]:
    if coders:
        chosen = list(dict.fromkeys(project.coder(c) for c in coders))
    elif found is not None:
        chosen = [project.coder(c.coder_uuid) for c in found.coders]
    else:
        left_out = {gold.uuid} | retest_coders(project.store.conn)
        chosen = [c for c in project.coders() if c.uuid not in left_out]
    if found is not None:
        _in_round(chosen, found)
    if any(c.uuid == gold.uuid for c in chosen):
        raise AnnotatorError(f"{gold.name!r} is the gold layer; name the coders to compare with it.")
    if not chosen:
        raise AnnotatorError("There is no coder besides the gold layer to compare with it.")
    return chosen


def _in_round(chosen: list[Coder], found: Round) -> None:
    theirs = {r.coder_uuid for r in found.coders}
    if outside := [c.name for c in chosen if c.uuid not in theirs]:
        raise AnnotatorError(f"{outside[0]!r} is not a coder of round {found.name!r}; name its coders or leave "
                             "--coder out.")


def _score(project, coder: Coder, gold: Coder, docs, found: Optional[Round], examples: int) -> CoderScore:
    """One coder against gold; a coder with nothing to compare gets the report's reason instead (a round's
    refusals, documents not of the round or no package merged, are the user's to see, as in ``agreement``)."""
    pair, scope = [coder, gold], None
    if found is not None:
        pair, docs, scope = round_scope(project, found, pair, docs)
    try:
        study = load_study(project, pair, None, docs, scope)
        report = build_report(project, coders=pair, documents=docs, bootstrap=0, seed=0,
                              round=found.name if found else None)
    except AnnotatorError as error:
        return CoderScore(coder.name, (), reason=str(error))
    codes = tuple(_code(study, row, coder.name, gold.name, examples) for row in report.by_code)
    return CoderScore(coder.name, report.documents, report.overall, codes)


def _code(study: Study, row, coder: str, gold: str, examples: int) -> CodeScore:
    members = set(row.members)
    mine, theirs = _spans(study, coder, members), _spans(study, gold, members)
    f1 = {match: span_f1(theirs, mine, match) for match in MATCHES}   # gold as A: recall is of gold's spans
    over, under = _miscoding(study, mine, theirs, examples), _miscoding(study, theirs, mine, examples)
    return CodeScore(row.label, row.path, row.is_group, (len(mine), len(theirs)), f1, row.figures, over, under)


def _spans(study: Study, coder: str, members: set) -> list[tuple[int, int, int, str]]:
    """``(document id, start, end, "")`` of the coder's spans with one of the codes (a group is one code)."""
    return [(d.id, s, e, "") for d in study.documents for s, e, c in study.spans(d.id).get(coder, ()) if c in members]


def _miscoding(study: Study, spans: list, other: list, examples: int) -> Miscoding:
    """What ``spans`` cover and ``other`` does not: characters, spans without any overlap, the longest stretches."""
    stretches, characters, alone = [], 0, 0
    for doc in study.documents:
        mine, theirs = _cover(doc.length, spans, doc.id), _cover(doc.length, other, doc.id)
        extra = mine & ~theirs
        characters += int(extra.sum())
        alone += sum(1 for d, s, e, _ in spans if d == doc.id and not theirs[s:e].any())
        stretches += [(e - s, doc, s, e) for s, e in _runs(extra)]
    stretches.sort(key=lambda r: (-r[0], r[1].name, r[2]))
    shown = tuple(Stretch(doc.name, s, e, doc.text[s:e]) for _, doc, s, e in stretches[:examples])
    return Miscoding(characters, alone, shown)


def _cover(length: int, spans: list, doc_id: int) -> np.ndarray:
    covered = np.zeros(length, dtype=bool)
    for d, s, e, _ in spans:
        if d == doc_id:
            covered[s:e] = True
    return covered


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of True."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))
