"""How the app writes a span's place in its text: ``1,338–1,462``, the one form in every window.

Offsets are the core's code points, half-open (``start`` counted, ``end`` not), written as they
are stored (from 0), with thousands separators and an en dash; a coded span is its code's name,
"at", and the range. Windows never format offsets themselves (``tests/ui/test_span_text.py``
looks for other forms in ``ui/``), so a table, a tooltip and a button say the same thing.
"""
from __future__ import annotations


def span_range(start: int, end: int) -> str:
    """``1,338–1,462``."""
    return f"{start:,}–{end:,}"


def span_label(name: str, start: int, end: int) -> str:
    """``claim at 1,338–1,462``: a code (or any name) and where its span is."""
    return f"{name} at {span_range(start, end)}"


def span_tip(start: int, end: int) -> str:
    """A tooltip saying what the numbers count."""
    return f"Characters {span_range(start, end)} (counted from 0; the last one is not included)"
