"""What the coded-segments window asks for, and reading it in a worker thread.

A :class:`Request` is everything the filters say, as plain values, so the worker (a
``BackgroundJob`` with its own ``Project``) never touches a widget. :func:`retrieve` reads the
segments with their context, reports how many it has read every ``STEP`` rows, stops when
cancelled, and groups the passages for Compare coders too, so switching modes reads nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, NamedTuple, Optional

from annotator.analysis.passages import Passage, passages
from annotator.analysis.retrieval import CodedSegment
from annotator.analysis.scope import Scope

from ..shared.jobs import JobCancelled

STEP = 2_000


@dataclass(frozen=True)
class Request:
    code_ids: frozenset
    coder_ids: frozenset
    coders: tuple               # the coders' names, in the order of the compare columns
    where: tuple = ()           # --where conditions
    text: Optional[str] = None
    memo: Optional[str] = None
    context: int = 60
    document_ids: Optional[frozenset] = None    # only these documents (a crosstab cell's), besides ``where``


class Retrieved(NamedTuple):
    request: Request
    segments: list[CodedSegment]
    passages: list[Passage]


def retrieve(project, request: Request, progress: Callable = lambda n: None,
             cancelled: Callable[[], bool] = lambda: False) -> Retrieved:
    documents = project.scope(where=request.where).document_ids if request.where else None
    if request.document_ids is not None:
        documents = request.document_ids if documents is None else documents & request.document_ids
    scope = Scope(request.code_ids, request.coder_ids, documents)
    segments: list[CodedSegment] = []
    for segment in project.coded_segments(scope, request.context, request.text, request.memo):
        segments.append(segment)
        if len(segments) % STEP == 0:
            if cancelled():
                raise JobCancelled()
            progress(len(segments))
    return Retrieved(request, segments, passages(segments, request.coders))
