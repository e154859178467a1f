"""What a new coder's name must be, for the app's Add Coder dialog and ``annotator coders --add``.

A name is tidied (runs of whitespace become one space, none at the edges) and must differ, ignoring
case and Unicode form (NFC: "Åsa" typed composed or decomposed), from every coder's name in the project.
A placeholder ("coder", "test", "me"…) is allowed, with a warning: agreement reports and exports name
each coder.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Optional

# Words that say "a coder" rather than who: alone, or numbered or lettered ("Coder 2", "rater_b").
PLACEHOLDER_WORDS = ("coder", "user", "annotator", "rater", "test", "default", "anonymous", "name",
                     "your name", "admin", "me", "new coder", "guest", "tester")
_PLACEHOLDER = re.compile(rf"(?:{'|'.join(PLACEHOLDER_WORDS)})(?:[\s_#-]*\d+|[\s_#-]+[^\W\d_])?")
PLACEHOLDER_WARNING = ("\"{name}\" looks like a placeholder; agreement reports and exports name each coder, "
                       "so a real name (or initials) is better.")


def tidy(name: str) -> str:
    return " ".join((name or "").split())


def is_placeholder_name(name: str) -> bool:
    """A name that does not say who coded, so agreement reports would be unreadable: empty, one
    letter of a cased alphabet or one digit ("A", "B", "7": coders told apart by a label), or a word for any coder
    alone, numbered or lettered ("Coder", "coder2", "Rater B", "user_3"; not "Mel"). Two letters or more
    (initials, "AS") and real names are not. Case and spacing do not matter."""
    name = tidy(name).casefold()
    if len(name) <= 1:   # a letter with case (Latin, Greek, Cyrillic…) or a digit; a Chinese surname is a name
        return not name or name.isdigit() or name.upper() != name
    return _PLACEHOLDER.fullmatch(name) is not None


def name_key(name: str) -> str:
    """What two coder names share when they name the same coder: tidied, composed (NFC), case folded."""
    return unicodedata.normalize("NFC", tidy(name)).casefold()


def taken(name: str, existing: Iterable[str]) -> Optional[str]:
    """The existing name that ``name`` repeats (ignoring case, spacing and Unicode form), or None."""
    key = name_key(name)
    return next((other for other in existing if name_key(other) == key), None)
