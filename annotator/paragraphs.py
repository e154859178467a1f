"""What a paragraph is: the one definition auto-coding (``--extend paragraph``) and the counts
(``cooccurrence --unit paragraph``) share.

A paragraph is the text between two paragraph breaks (or the text's start or end), trimmed of the
whitespace at its edges. The breaks are the characters the text view shows as one: a line break
``\\n``, U+2029 PARAGRAPH SEPARATOR and U+2028 LINE SEPARATOR (Qt starts a new block at the first
two and breaks the line at the third). Stored text holds no ``\\r`` (:mod:`annotator.textio`);
``\\v``, ``\\f`` and U+0085 are not breaks, since the view shows them inside the line. A break
belongs to the line it ends.
"""
from __future__ import annotations

import bisect
import re
from typing import Sequence

BREAKS = "\n\u2028\u2029"
_BREAK = re.compile(f"[{BREAKS}]")
_LINE = re.compile(f"[^{BREAKS}]+")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The paragraphs of ``text`` as code-point spans; lines holding only whitespace are none."""
    out = []
    for line in _LINE.finditer(text):
        piece = line.group()
        stripped = piece.lstrip()
        if stripped.strip():
            start = line.start() + len(piece) - len(stripped)
            out.append((start, start + len(stripped.rstrip())))
    return out


def touched(unit_starts: Sequence[int], unit_ends: Sequence[int], start: int, end: int) -> range:
    """Indexes of the units (sentences or paragraphs: ordered, not overlapping) a span ``[start,
    end)`` is in: those sharing a character with it; a span over only the whitespace between two
    units is in the earlier one (as ``followed-by`` places it), before the first unit in the first."""
    found = range(bisect.bisect_right(unit_ends, start), bisect.bisect_left(unit_starts, end))
    if found or not unit_starts:
        return found
    index = max(bisect.bisect_right(unit_starts, start) - 1, 0)
    return range(index, index + 1)


def covering(text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """For each span, the lines holding its first and last character, trimmed, never inside the
    span. Each line is trimmed once (a text that is one long line costs one pass)."""
    starts = [0] + [m.end() for m in _BREAK.finditer(text)]
    trimmed: dict[int, tuple[int, int]] = {}

    def line(i: int) -> tuple[int, int]:
        if i not in trimmed:
            start, end = starts[i], starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
            piece = text[start:end]
            trimmed[i] = (end - len(piece.lstrip()), start + len(piece.rstrip()))
        return trimmed[i]

    out = []
    for start, end in found:
        first = line(bisect.bisect_right(starts, start) - 1)
        last = line(bisect.bisect_right(starts, end - 1) - 1)
        out.append((min(start, first[0]), max(end, last[1])))
    return out
