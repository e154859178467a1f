"""The current coder's suggestions in the open document, read once, drawn as dotted outlines.

A document's suggestions for one coder are few next to its annotations and change only when they
are offered, decided or undone, so they are read whole with one indexed query (``suggestions_by_place``)
when the document opens, the coder switches or the codebook changes, and again only after a change
that touches them (``session.touches_suggestions``: a code key elsewhere costs a set lookup). Only
the current coder's are ever read (blind coding stays blind); with no coder, none. The open ones go
into a :class:`SpanIndex`, so painting asks only for those in view, like the annotations' outlines;
accepted ones are annotations by then, and rejected ones are shown only in the Suggestions dock.
"""
from __future__ import annotations

import bisect
from typing import Optional

from annotator.changes import ChangeKind
from annotator.spanindex import Span, SpanIndex
from annotator.suggestions import Suggestion

from ..shared.session import touches_suggestions


class DocumentSuggestions:
    """The open suggestions of ``document_id`` for ``coder_id`` (None: nobody, so none)."""

    def __init__(self, project, document_id: Optional[int], coder_id: Optional[int]):
        self._project, self.document_id, self.coder_id = project, document_id, coder_id
        self._index = SpanIndex()
        self._open: list[Suggestion] = []              # in text order
        self._keys: list[tuple[int, int, int]] = []    # (start, end, id) of ``_open``, for bisect
        self._known: set[tuple[int, int, int]] = set()  # (document, start, end) of every status
        self._records: dict[str, Suggestion] = {}
        self.reads = 0                                   # queries made (tests, benchmarks)
        self.reload()

    def reload(self) -> None:
        rows: list[Suggestion] = []
        if self.document_id is not None and self.coder_id is not None:
            rows = self._project.suggestions(self.coder_id, documents=[self.document_id])
            self.reads += 1
        self._known = {(s.document_id, s.start, s.end) for s in rows}
        self._open = sorted((s for s in rows if s.status == "open"), key=_key)
        self._keys = [_key(s) for s in self._open]
        self._records = {s.uuid: s for s in self._open}
        self._index = SpanIndex(Span(s.uuid, s.start, s.end, s.code_id, s.coder_id) for s in self._open)

    def follow(self, change) -> bool:
        """Re-read if ``change`` touched these suggestions; True if it did."""
        if self.coder_id is None or not touches_suggestions(change, self._known):
            return False
        if change.kind is ChangeKind.SUGGESTIONS and change.document_id not in (None, self.document_id):
            return False
        self.reload()
        return True

    # ------------------------------------------------------------------ reading
    def open_ones(self) -> list[Suggestion]:
        return list(self._open)

    def overlapping(self, start: int, end: int) -> list[Suggestion]:
        """Open suggestions sharing a code point with ``[start, end)``, in text order."""
        return [self._by_uuid(span.uuid) for span in self._index.overlapping(start, end)]

    def at(self, pos: int) -> list[Suggestion]:
        """Open suggestions covering code point ``pos``, innermost first."""
        return [self._by_uuid(span.uuid) for span in self._index.at(pos)]

    def get(self, suggestion_id: int) -> Optional[Suggestion]:
        """The open suggestion ``suggestion_id``, or None (decided, undone, elsewhere)."""
        return next((s for s in self._open if s.id == suggestion_id), None)

    def neighbour(self, anchor: tuple[int, int, int], step: int) -> Optional[Suggestion]:
        """The first open suggestion after ``anchor`` ((start, end, id) in text order), or the last
        one before it if ``step`` < 0."""
        if step > 0:
            i = bisect.bisect_right(self._keys, anchor)
            return self._open[i] if i < len(self._open) else None
        i = bisect.bisect_left(self._keys, anchor) - 1
        return self._open[i] if i >= 0 else None

    def _by_uuid(self, uuid: str) -> Suggestion:
        return self._records[uuid]


def _key(suggestion: Suggestion) -> tuple[int, int, int]:
    return suggestion.start, suggestion.end, suggestion.id
