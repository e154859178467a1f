"""Whole numbers as people type them on the command line (ids, counts, seeds): only the digits
0-9. ``str.isdigit`` and ``int`` also take other scripts' digits ("٣" is 3), superscripts and
underscores, so "٣" would quietly name suggestion 3."""
from __future__ import annotations

from typing import Optional

MAX_SEED = 2**32 - 1   # numpy's and spaCy's seeds are 32-bit; any seed up to this fits SQLite's INTEGER


def whole_number(text: str) -> Optional[int]:
    """``text`` (spaces around it allowed) as a whole number of 0 or more, or None."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else None
