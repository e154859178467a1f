"""A span index for one document: which annotations overlap a range, fast, without Qt.

The text view asks it, for every paragraph it paints, which spans overlap that paragraph;
after a change it adds, moves or removes one span. Both must stay cheap with tens of
thousands of spans on a text of a million characters.

Design: fixed-size bins. The text is cut into bins of ``bin_size`` code points and each span
is listed in every bin it touches, so a query looks only at the bins of its range and a
change touches only the bins of one span (never the whole index). A span that would touch
more than ``max_bins`` bins (a chapter-long annotation) is kept once in a short list of long
spans, which every query scans; real coding has few of them. Offsets are code points,
half-open, like everything in the core.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Optional


@dataclass(frozen=True, slots=True)
class Span:
    uuid: str
    start: int
    end: int
    code_id: int
    coder_id: int

    @classmethod
    def of(cls, annotation) -> "Span":
        """The span of an :class:`annotator.records.Annotation` (or anything alike)."""
        return cls(annotation.uuid, annotation.start, annotation.end, annotation.code_id,
                   annotation.coder_id)

    @property
    def length(self) -> int:
        return self.end - self.start


def _order(span: Span):
    return span.start, span.end, span.uuid


class SpanIndex:
    """Spans of one document, queried by range or by position."""

    def __init__(self, spans: Iterable[Span] = (), bin_size: int = 512, max_bins: int = 64):
        if bin_size < 1 or max_bins < 1:
            raise ValueError("bin_size and max_bins must be positive")
        self.bin_size = bin_size
        self.max_bins = max_bins
        self._spans: dict[str, Span] = {}
        self._bins: dict[int, dict[str, Span]] = {}
        self._long: dict[str, Span] = {}
        for span in spans:
            self.add(span)

    # ------------------------------------------------------------------ changes
    def add(self, span: Span) -> None:
        """Add ``span``; a span with the same uuid must not be present (use :meth:`update`)."""
        if span.uuid in self._spans:
            raise ValueError(f"span {span.uuid} is already in the index")
        if span.end < span.start:
            raise ValueError(f"span {span.uuid} ends before it starts")
        self._spans[span.uuid] = span
        first, last = self._bin_range(span.start, span.end)
        if last - first + 1 > self.max_bins:
            self._long[span.uuid] = span
            return
        for b in range(first, last + 1):
            self._bins.setdefault(b, {})[span.uuid] = span

    def remove(self, uuid: str) -> Span:
        """Remove the span with ``uuid`` and return it (KeyError if absent)."""
        span = self._spans.pop(uuid)
        if self._long.pop(uuid, None) is None:
            first, last = self._bin_range(span.start, span.end)
            for b in range(first, last + 1):
                members = self._bins[b]
                del members[uuid]
                if not members:
                    del self._bins[b]
        return span

    def update(self, span: Span) -> None:
        """Replace the span with the same uuid (or add it if absent)."""
        if span.uuid in self._spans:
            self.remove(span.uuid)
        self.add(span)

    def discard(self, uuid: str) -> Optional[Span]:
        """Remove the span with ``uuid`` if present; return it or None."""
        return self.remove(uuid) if uuid in self._spans else None

    def clear(self) -> None:
        self._spans.clear()
        self._bins.clear()
        self._long.clear()

    # ------------------------------------------------------------------ queries
    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans sharing at least one code point with ``[start, end)``, in text order.

        An empty range ``[p, p)`` finds nothing; use :meth:`at` for a position.
        """
        if end <= start:
            return []
        found: dict[str, Span] = {}
        first, last = self._bin_range(start, end)
        bins = self._bins
        for b in range(first, last + 1):
            members = bins.get(b)
            if members:
                for uuid, span in members.items():
                    if span.start < end and span.end > start:
                        found[uuid] = span
        for uuid, span in self._long.items():
            if span.start < end and span.end > start:
                found[uuid] = span
        return sorted(found.values(), key=_order)

    def at(self, pos: int) -> list[Span]:
        """Spans covering the code point at ``pos``, shortest (innermost) first."""
        return sorted(self.overlapping(pos, pos + 1), key=lambda s: (s.length, s.start, s.uuid))

    def get(self, uuid: str) -> Optional[Span]:
        return self._spans.get(uuid)

    def __contains__(self, uuid: object) -> bool:
        return uuid in self._spans

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[Span]:
        return iter(sorted(self._spans.values(), key=_order))

    def _bin_range(self, start: int, end: int) -> tuple[int, int]:
        """The bins holding code points ``start .. end-1`` (one bin for an empty span)."""
        return start // self.bin_size, max(start, end - 1) // self.bin_size
