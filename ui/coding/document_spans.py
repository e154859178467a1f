"""The annotations the text view may show in one document, read from the project a region at a
time, when the view first needs that region: the blocks it highlights (those in view), the place
under the mouse or the text cursor, the current annotation.

Opening a document, switching coders or showing other coders therefore reads the few hundred
annotations in view, not the document's ten thousand; scrolling reads the next region once. The
regions read are kept in a :class:`SpanIndex` with their records, and a change updates the index
only where regions were read (elsewhere the change is read with the region, when it is needed).
``REGION`` is a few screens of text: one short indexed query for each.
"""
from __future__ import annotations

from typing import Optional

from annotator.errors import NotFoundError
from annotator.records import Annotation
from annotator.spanindex import Span, SpanIndex

REGION = 4_096    # code points read at once (about a screenful)


class DocumentSpans:
    """The spans of ``document_id`` by ``coder_id`` (None: every coder), read as needed."""

    def __init__(self, project, document_id: Optional[int], coder_id: Optional[int]):
        self._project, self.document_id, self.coder_id = project, document_id, coder_id
        self._index = SpanIndex()
        self._records: dict[str, Annotation] = {}
        self._read: set[int] = set()          # the regions read

    # ------------------------------------------------------------------ the highlighter's index
    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans sharing a code point with ``[start, end)``, in text order."""
        self._read_regions(start, end)
        return self._index.overlapping(start, end)

    def at(self, pos: int) -> list[Span]:
        """Spans covering code point ``pos``, innermost first."""
        self._read_regions(pos, pos + 1)
        return self._index.at(pos)

    # ------------------------------------------------------------------ records
    def annotations_at(self, pos: int) -> list[Annotation]:
        return [self._records[span.uuid] for span in self.at(pos)]

    def annotation(self, uuid: str) -> Optional[Annotation]:
        """The record of ``uuid`` if the view may show it (read with its regions if need be)."""
        if not uuid:
            return None
        if uuid not in self._records:
            try:
                found = self._project.annotation(uuid)
            except NotFoundError:
                return None
            if not self.shows(found):
                return None
            self._read_regions(found.start, found.end)
        return self._records.get(uuid)

    def shows(self, annotation: Annotation) -> bool:
        return annotation.document_id == self.document_id and self.coder_id in (None, annotation.coder_id)

    # ------------------------------------------------------------------ changes
    def refresh(self, uuid: str) -> None:
        """``uuid`` was added, changed or deleted: keep the index right where regions were read."""
        self._forget(uuid)
        try:
            fresh = self._project.annotation(uuid)
        except NotFoundError:
            return
        if self.shows(fresh) and self._read & set(_regions(fresh.start, fresh.end)):
            self._keep(fresh)

    def _forget(self, uuid: str) -> None:
        self._index.discard(uuid)
        self._records.pop(uuid, None)

    def _keep(self, annotation: Annotation) -> None:
        self._index.update(Span.of(annotation))
        self._records[annotation.uuid] = annotation

    def _read_regions(self, start: int, end: int) -> None:
        missing = [r for r in _regions(start, end) if r not in self._read]
        if not missing or self.document_id is None:
            return
        first, last = missing[0] * REGION, (missing[-1] + 1) * REGION
        for annotation in self._project.annotations(document=self.document_id, coder=self.coder_id,
                                                     overlapping=(first, last)):
            self._keep(annotation)
        self._read.update(range(missing[0], missing[-1] + 1))


def _regions(start: int, end: int) -> range:
    return range(start // REGION, max(start, end - 1) // REGION + 1)
