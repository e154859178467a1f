"""Which method makes a coder's offers: one entry point for the command line and the app.

Each method returns :class:`annotator.suggestions.Offer` records and a model version (what made
them: the codebook version for rules, the trained model's version for a model, "" otherwise).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from ..errors import AnnotatorError
from ..suggestions import METHODS, Offer
from .boilerplate import DEFAULT_ATTRIBUTE, boilerplate_spans
from .model import load_model, predict
from .propagate import propagate
from .rules import rule_offers, version

BOILERPLATE = "boilerplate"     # the code boilerplate is suggested with (by name, ignoring case)


@dataclass(frozen=True)
class Request:
    """What to suggest: to whom, by which method, in which documents (None: all)."""
    coder_id: int
    method: str
    document_ids: Optional[Sequence[int]] = None
    threshold: Optional[float] = None       # a model's score threshold (its per-code ones if None)
    annotation_uuids: Optional[Sequence[str]] = None    # propagate only these annotations' words
    group_by: str = DEFAULT_ATTRIBUTE       # boilerplate: the attribute whose documents share lines
    min_f1: float = 0.0                     # model: codes whose held-out F1 is lower get no suggestions

    def __post_init__(self):
        if not 0.0 <= self.min_f1 <= 1.0:
            raise AnnotatorError(f"The minimum F1 is between 0 and 1, not {self.min_f1}.")


def offers(conn: sqlite3.Connection, request: Request, services=None,
           cancelled: Optional[Callable[[], bool]] = None) -> tuple[list[Offer], str]:
    """The offers ``request`` asks for and the model version that made them."""
    if request.method not in METHODS:
        raise AnnotatorError(f"The method must be one of {', '.join(METHODS)}, not {request.method!r}.")
    if request.threshold is not None and not 0.0 <= request.threshold <= 1.0:
        raise AnnotatorError(f"The threshold is a score between 0 and 1, not {request.threshold}.")
    if request.method == "propagate":
        return propagate(conn, request.coder_id, request.document_ids, request.annotation_uuids, cancelled), ""
    if request.method == "rules":
        return rule_offers(conn, request.document_ids, services, cancelled), version(conn)
    if request.method == "model":
        return _model_offers(conn, request, services, cancelled)
    code_id = _boilerplate_code(conn)     # boilerplate, the last of METHODS
    found = boilerplate_spans(conn, request.document_ids, request.group_by)
    return [Offer(doc, start, end, code_id, score) for doc, start, end, score, _ in found], ""


def _boilerplate_code(conn: sqlite3.Connection) -> int:
    rows = [(i, codable) for i, name, codable in conn.execute("SELECT id, name, codable FROM codes ORDER BY id")
            if name.casefold() == BOILERPLATE]
    if not rows or not rows[0][1]:
        raise AnnotatorError("Boilerplate is suggested with a code named \"boilerplate\", and this codebook has "
                             "no such code one can apply; add one (annotator scheme import, or Code › New Code).")
    return rows[0][0]


def _model_offers(conn: sqlite3.Connection, request: Request, services, cancelled) -> tuple[list[Offer], str]:
    model = load_model(conn, request.coder_id)
    if model is None:
        name = conn.execute("SELECT name FROM coders WHERE id = ?", (request.coder_id,)).fetchone()[0]
        raise AnnotatorError(f"{name} has no trained model yet; train one first (annotator train PROJECT --coder "
                             f"{name!r}, or Tools › Train Model…).")
    thresholds = None
    if request.threshold is not None:
        thresholds = {code_id: request.threshold for (code_id,) in conn.execute("SELECT id FROM codes")}
    found = predict(conn, services, model, request.document_ids, thresholds=thresholds, min_f1=request.min_f1,
                    cancelled=cancelled)
    return [Offer(*span) for span in found.spans], found.version
