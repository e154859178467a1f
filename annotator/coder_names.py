"""What a new coder's name must be, for the app's Add Coder dialog and ``annotator coders --add``.

A name is tidied (runs of whitespace become one space, none at the edges) and must differ, ignoring
case, from every coder's name in the project. A placeholder ("coder", "test", "me"…) is allowed, with
a warning: agreement reports and exports name each coder.
"""
from __future__ import annotations

from typing import Iterable, Optional

PLACEHOLDER_NAMES = {"", "coder", "coder 1", "coder1", "user", "me", "test", "default", "anonymous",
                     "annotator", "name", "your name", "admin", "x", "a", "new coder"}
PLACEHOLDER_WARNING = ("\"{name}\" looks like a placeholder; agreement reports and exports name each coder, "
                       "so a real name (or initials) is better.")


def tidy(name: str) -> str:
    return " ".join((name or "").split())


def is_placeholder_name(name: str) -> bool:
    """A name that does not say who coded: agreement reports would be unreadable."""
    return tidy(name).lower() in PLACEHOLDER_NAMES


def taken(name: str, existing: Iterable[str]) -> Optional[str]:
    """The existing name that ``name`` repeats (ignoring case and spacing), or None."""
    key = tidy(name).casefold()
    return next((other for other in existing if tidy(other).casefold() == key), None)
