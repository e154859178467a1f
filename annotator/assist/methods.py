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
from .propagate import propagate
from .rules import rule_offers, version


@dataclass(frozen=True)
class Request:
    """What to suggest: to whom, by which method, in which documents (None: all)."""
    coder_id: int
    method: str
    document_ids: Optional[Sequence[int]] = None
    threshold: Optional[float] = None       # a model's score threshold (its per-code ones if None)
    annotation_uuids: Optional[Sequence[str]] = None    # propagate only these annotations' words


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
    raise AnnotatorError(f"The {request.method} method is not available in this version.")
