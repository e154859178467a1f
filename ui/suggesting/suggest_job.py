"""A suggestion method run for the current coder off the GUI thread, then pushed as one undo step.

The worker (``ui/shared/jobs.py``, its own connection) asks the core for the command
(``project.suggest_command``: the method runs there, without a transaction) and the GUI thread
pushes it (``session.push``: one ``AddSuggestions``, undone with Ctrl+Z), as Code All Hits does.

Methods that read each document on its own (propagate, rules) run on batches of documents of
about ``BATCH`` code points: each batch is one short read, so the worker never holds the project's
read lock for long (a code key's write would wait for it) and progress and Cancel come between
batches. A model is loaded once and boilerplate compares documents with each other, so those run
on the whole scope at once.
"""
from __future__ import annotations

from typing import Callable, Optional, Sequence

from annotator.errors import AnnotatorError
from annotator.suggestions import Added, AddSuggestions

from ..shared.jobs import BackgroundJob, JobCancelled

METHODS = (("propagate", "Propagate: the same code on other occurrences of the words you coded"),
           ("rules", "Rules: each code's keywords, phrases and patterns (Code Definition)"),
           ("model", "Model: trained on your own coding (Train Model…)"),
           ("boilerplate", "Boilerplate: lines repeated across an outlet's documents, tails after markers"))
BY_BATCH = ("propagate", "rules")
BATCH = 2_000_000      # code points read at once


def batches(project, document_ids: Optional[Sequence[int]]) -> list[list[int]]:
    """The documents in scope (all if None) in batches of about ``BATCH`` code points."""
    wanted = None if document_ids is None else set(document_ids)
    out: list[list[int]] = [[]]
    size = 0
    for summary in project.document_summaries():
        if wanted is not None and summary.id not in wanted:
            continue
        if out[-1] and size + summary.length > BATCH:
            out.append([])
            size = 0
        out[-1].append(summary.id)
        size += summary.length
    return [batch for batch in out if batch]


def plan(method: str, coder_id: int, document_ids: Optional[Sequence[int]],
         annotations: Optional[Sequence[str]] = None, threshold: Optional[float] = None,
         min_f1: float = 0.0) -> Callable:
    """``fn(project, progress, cancelled)`` for a :class:`BackgroundJob`: the command to push.
    ``threshold`` and ``min_f1``: the model's (its per-code thresholds if None; every code at 0)."""
    def run(project, progress, cancelled):
        parts = batches(project, document_ids) if method in BY_BATCH else [document_ids]
        offers, version = [], ""
        for done, part in enumerate(parts):
            progress((done, len(parts)))
            command = project.suggest_command(method, coder_id, documents=part, annotations=annotations,
                                              threshold=threshold, min_f1=min_f1, cancelled=cancelled)
            offers += command.offers
            version = command.model_version
            if cancelled():
                raise JobCancelled
        return AddSuggestions(coder_id, method, offers, version, label=f"Suggest codes ({method})")
    return run


def push_new(session, command: AddSuggestions) -> Optional[Added]:
    """Apply ``command``; stack it for undo only if it added a suggestion (offers already made or
    coded add none, and an empty step would only puzzle Ctrl+Z). None if the core refused it."""
    try:
        inverse = session.apply_now(command)
    except AnnotatorError as error:
        session.error_raised.emit(str(error))
        return None
    if command.result.added:
        session.push_applied(inverse, command.label)
    return command.result


def start(session, fn: Callable, parent=None, name: str = "suggestThread") -> BackgroundJob:
    job = BackgroundJob(session.project.path, fn, parent, name=name,
                        unexpected="Making suggestions stopped unexpectedly")
    job.start()
    return job
