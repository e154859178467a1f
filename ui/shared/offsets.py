"""Code points (the core) <-> UTF-16 units (Qt), for one text.

The core counts Python code points; ``QTextCursor`` and ``QTextBlock.position()`` count
UTF-16 units, where every astral character (emoji, many CJK extension ideographs) takes two.
This is the only place that converts between them (formats.md §5.9).

:class:`OffsetMap` keeps the sorted positions of the text's astral characters, so each
lookup is one binary search (O(log k) for k astral characters) and a text without any is the
identity (O(1)). Building it is one vectorised pass over the text.
"""
from __future__ import annotations

import numpy as np


class OffsetMap:
    """Convert positions in one text between code points and UTF-16 units."""

    def __init__(self, text: str):
        self.length = len(text)
        if text.isascii():
            points = np.zeros(0, dtype=np.int64)
        else:
            units = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            points = np.flatnonzero(units > 0xFFFF).astype(np.int64)
        self._astral_cp = points                                   # code-point index of each
        self._astral_u16 = points + np.arange(len(points), dtype=np.int64)  # its UTF-16 index
        self.utf16_length = self.length + len(points)

    @property
    def is_identity(self) -> bool:
        return not len(self._astral_cp)

    def to_utf16(self, cp: int) -> int:
        """The UTF-16 position of code point position ``cp`` (0..len(text))."""
        if not len(self._astral_cp):
            return cp
        return cp + int(np.searchsorted(self._astral_cp, cp, side="left"))

    def to_cp(self, u16: int) -> int:
        """The code point position of UTF-16 position ``u16``; the middle of a surrogate pair
        maps to the start of its character."""
        if not len(self._astral_u16):
            return u16
        return u16 - int(np.searchsorted(self._astral_u16, u16, side="left"))

    def to_utf16_array(self, cps) -> np.ndarray:
        cps = np.asarray(cps, dtype=np.int64)
        return cps + np.searchsorted(self._astral_cp, cps, side="left")

    def to_cp_array(self, u16s) -> np.ndarray:
        u16s = np.asarray(u16s, dtype=np.int64)
        return u16s - np.searchsorted(self._astral_u16, u16s, side="left")


def cp_to_utf16(text: str, cp: int) -> int:
    """One-off conversion (builds a map: use :class:`OffsetMap` for repeated lookups)."""
    return OffsetMap(text).to_utf16(cp)


def utf16_to_cp(text: str, u16: int) -> int:
    """One-off conversion (builds a map: use :class:`OffsetMap` for repeated lookups)."""
    return OffsetMap(text).to_cp(u16)
