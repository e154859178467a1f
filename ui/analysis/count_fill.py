"""What the Code Frequencies and Co-occurrence windows ask for, and counting it in a worker.

A request is the windows' choices as plain values, so the worker (a ``BackgroundJob`` with its
own ``Project``) never touches a widget. The counts are the core's (``Project.crosstab``,
``Project.cooccurrence``, ``Project.cooccurrence_pairs``), the same as on the command line;
progress is ``(documents done, documents in all)``, and Cancel stops the count at its next document.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, NamedTuple, Optional

from annotator.analysis.cooccurrence import Cooccurrence
from annotator.analysis.crosstab import Crosstab
from annotator.analysis.scope import Scope

from ..shared.models import quote
from .background_fill import documents_progress


@dataclass(frozen=True)
class Choices:
    """The filters both windows share."""

    code_ids: frozenset
    coder_ids: frozenset
    coders: tuple               # the coders' names, for the line that states the unit
    where: tuple = ()           # --where conditions

    def scope(self, project) -> Scope:
        documents = project.scope(where=self.where).document_ids if self.where else None
        return Scope(self.code_ids, self.coder_ids, documents)

    @property
    def empty(self) -> bool:
        return not self.code_ids or not self.coder_ids


@dataclass(frozen=True)
class FrequencyRequest:
    choices: Choices
    columns: str = "document"
    count: str = "segments"


@dataclass(frozen=True)
class CooccurrenceRequest:
    choices: Choices
    unit: str = "overlap"


class Counted(NamedTuple):
    request: object
    table: object               # a Crosstab or a Cooccurrence


class ListedItem(NamedTuple):
    """One pair or unit behind a co-occurrence cell, with the texts the list shows."""

    document: str
    document_id: int
    coder: str
    start: int
    end: int
    texts: tuple                # (a's text, b's text) for pairs; (the unit's text,) for units


class Listed(NamedTuple):
    request: CooccurrenceRequest
    a: int                      # code ids of the cell
    b: int
    items: list


def _progress(progress: Callable, cancelled: Callable[[], bool]):
    return documents_progress(progress, cancelled, time.monotonic)


def count_frequencies(project, request: FrequencyRequest, progress: Callable = lambda news: None,
                      cancelled: Callable[[], bool] = lambda: False) -> Counted:
    table: Crosstab = project.crosstab(request.choices.scope(project), request.columns, request.count,
                                       _progress(progress, cancelled))
    return Counted(request, table)


def count_cooccurrence(project, request: CooccurrenceRequest, progress: Callable = lambda news: None,
                       cancelled: Callable[[], bool] = lambda: False) -> Counted:
    table: Cooccurrence = project.cooccurrence(request.choices.scope(project), request.unit,
                                               _progress(progress, cancelled))
    return Counted(request, table)


def list_pairs(project, request: CooccurrenceRequest, a: int, b: int, progress: Callable = lambda news: None,
               cancelled: Callable[[], bool] = lambda: False) -> Listed:
    items = project.cooccurrence_pairs(request.choices.scope(project), request.unit, a, b,
                                       _progress(progress, cancelled))
    documents: dict[int, tuple[str, str]] = {}
    coders = {c.id: c.name for c in project.coders()}
    listed = []
    for item in items:
        if item.document_id not in documents:
            document = project.document(item.document_id)
            documents[item.document_id] = (document.name, document.text)
        name, text = documents[item.document_id]
        spans = (item.a, item.b) if item.a is not None else ((item.start, item.end),)
        listed.append(ListedItem(name, item.document_id, coders[item.coder_id], item.start, item.end,
                                 tuple(quote(text[s:e], 200) for s, e in spans)))
    return Listed(request, a, b, listed)


def documents_text(news: Optional[tuple], what: str) -> str:
    """The busy line: "Counting… 120 of 1,000 documents"."""
    if not news:
        return f"{what}…"
    done, total = news
    return f"{what}… {done:,} of {total:,} documents"
