"""Numbers as people type them on the command line (ids, counts, seeds; shares): whole numbers take
only the digits 0-9. ``str.isdigit`` and ``int`` also take other scripts' digits ("٣" is 3), superscripts and
underscores, so "٣" would quietly name suggestion 3."""
from __future__ import annotations

from typing import Callable, Optional

from .errors import AnnotatorError

MAX_SEED = 2**32 - 1   # numpy's and spaCy's seeds are 32-bit; any seed up to this fits SQLite's INTEGER


def whole_number(text: str) -> Optional[int]:
    """``text`` (spaces around it allowed) as a whole number of 0 or more, or None."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else None


def number_option(option: str, most: Optional[int] = None) -> Callable[[str], int]:
    """The argparse ``type`` of ``option``: a whole number of 0 or more (at most ``most``), written
    with the digits 0-9; anything else is one sentence naming the option."""
    def parse(text: str) -> int:
        value = whole_number(text)
        if value is None or most is not None and value > most:
            allowed = "a whole number (0 or more)" if most is None else f"a whole number from 0 to {most}"
            raise AnnotatorError(f"{option} takes {allowed}, not \"{text}\".")
        return value
    return parse


seed_option = number_option("--seed", MAX_SEED)


def share_option(option: str) -> Callable[[str], float]:
    """The argparse ``type`` of ``option``, a number such as 0.8 (the range is checked where it is
    used); anything else is one sentence naming the option."""
    def parse(text: str) -> float:
        try:
            return float(text)
        except ValueError:
            raise AnnotatorError(f"{option} takes a number between 0 and 1, such as 0.8, not \"{text}\".") from None
    return parse
