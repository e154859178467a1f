"""Coders side by side: coded segments grouped into passages, one per stretch of text.

A passage is a chain of overlapping segments of one document (any coder, any code): a segment
joins it when it shares at least one character with a segment already in it, the rule
adjudication uses to group disagreements (:func:`annotator.segments.overlap_chains`), so
passages never overlap each other and every segment is in exactly one. Segments that only
touch (one ends where the next starts) are two passages. Unlike adjudication, an exact
agreement is not split off: the passage shows every coder's codes for that stretch.
Pure: it works on :class:`CodedSegment` rows already read (their text and context), no project needed.
"""
from __future__ import annotations

from itertools import groupby
from typing import Iterable, NamedTuple, Sequence

from ..segments import overlap_chains
from .retrieval import CodedSegment


class Passage(NamedTuple):
    document: str
    start: int
    end: int
    text: str
    left: str           # the context before ``start`` (as long as the segments' context)
    right: str          # the context after ``end``
    coded: tuple        # per coder asked for, in that order: their segments here as (code_path, start, end)
    attributes: dict
    document_id: int

    def code_paths(self, column: int) -> list[str]:
        """The code paths one coder gave here, each once, in the order of their segments."""
        return list(dict.fromkeys(path for path, _, _ in self.coded[column]))


def passages(segments: Iterable[CodedSegment], coders: Sequence[str]) -> list[Passage]:
    """Group ``segments`` (ordered by document, then start, as :func:`coded_segments` gives
    them) into passages, with a column per coder name in ``coders``; segments of other coders
    are left out."""
    wanted = set(coders)
    out: list[Passage] = []
    for _, in_document in groupby((s for s in segments if s.coder in wanted), key=lambda s: s.document_id):
        ordered = sorted(in_document, key=lambda s: (s.start, s.end))
        out.extend(_passage(group, coders) for group in overlap_chains(ordered, lambda s: (s.start, s.end)))
    return out


def _passage(group: list[CodedSegment], coders: Sequence[str]) -> Passage:
    first, last = group[0], max(group, key=lambda s: s.end)
    # plain tuples of text and numbers, which Python's garbage collector stops tracking: 100,000
    # rows held this way do not lengthen its full passes (they stall every thread)
    coded = tuple(tuple((s.code_path, s.start, s.end) for s in group if s.coder == name) for name in coders)
    return Passage(first.document, first.start, last.end, _stitched(group), first.left, last.right, coded,
                   first.attributes, first.document_id)


def _stitched(group: list[CodedSegment]) -> str:
    """The text from the first start to the last end, from the segments' own texts (a chain of
    overlaps covers it without a gap)."""
    text, reach = "", group[0].start
    for s in group:
        if s.end > reach:
            text += s.text[reach - s.start:]
            reach = s.end
    return text
