"""How a search compares a pattern with stored text, beyond what ``re`` does by itself.

**Word characters.** A whole-word hit has no word character right before or after it. A word
character is a letter, a mark, a number or a connector (Unicode categories L*, M*, N*, Pc), or a
joiner (U+200C, U+200D). Python's ``\\w`` lacks the marks, so it saw a word end inside "Cafe" +
U+0301 or between क and its vowel sign in कि. So a hit never ends in front of a mark that belongs
to its last letter. In scripts written without spaces (Chinese, Japanese, Thai) a whole word is
one set off by spaces or punctuation.

**The composed view.** Stored text keeps the characters it was imported with (no NFC, so offsets
stay those of the file), so "café" may be stored decomposed, e + U+0301, as macOS writes file
names and some PDFs their text. Patterns and texts are compared in NFC: a text that is not NFC
is searched in its :class:`Composed` view, and hits are mapped back to stored code points. Each
run of a character and the combining characters after it is composed alone, so the map is exact;
a hit edge inside a run that composing changed moves out to the run's edge (a hit never holds
half of an accented letter). A pattern that spells a combining mark as an escape (``e\\u0301``)
finds it only where NFC keeps it apart.
"""
from __future__ import annotations

import bisect
import functools
import operator
import re
import sys
import unicodedata
from array import array
from dataclasses import dataclass
from itertools import chain
from typing import Any, Iterator, Optional, Protocol

_JOINERS = "\u200c\u200d"
_ASTRAL = r"[\U00010000-\U0010ffff]"
_HANGUL_VOWELS_AND_FINALS = ((0x1160, 0x11FF), (0xD7B0, 0xD7FF))   # compose with the jamo before them


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def word_edges() -> tuple[str, str]:
    """The lookbehind and the lookahead that want no word character before and after a hit.
    ``re`` tests a class of BMP ranges on a bitmap, but astral ranges (and ``\\w``) one by one:
    tested at every position they made a whole-word search 7-15x slower, so the astral part is
    tested only next to an astral character."""
    bmp, astral = _word_classes()
    return (f"(?<!{bmp})(?!(?<={_ASTRAL})(?<={astral}))", f"(?!{bmp})(?!(?={_ASTRAL}){astral})")


@functools.cache
def _word_classes() -> tuple[str, str]:
    """The word characters in the BMP and beyond it, as two ``re`` classes (built once, ~0.15 s)."""
    points = _code_points(_is_word)
    return (f"[{_ranges([p for p in points if p <= 0xFFFF])}]", f"[{_ranges([p for p in points if p > 0xFFFF])}]")


def _is_word(c: str) -> bool:
    category = unicodedata.category(c)
    return category[0] in "LMN" or category == "Pc" or c in _JOINERS


@functools.cache
def _runs() -> re.Pattern:
    """A character with the combining characters after it, or one NFC changes on its own."""
    combining = _ranges(_code_points(_is_mark)) + "".join(f"\\U{a:08x}-\\U{b:08x}"
                                                           for a, b in _HANGUL_VOWELS_AND_FINALS)
    alone = _ranges(_code_points(lambda c: not unicodedata.is_normalized("NFC", c)))
    return re.compile(f"(?s:.[{combining}]+|[{alone}])")


def _is_mark(c: str) -> bool:
    return unicodedata.category(c)[0] == "M"


def _code_points(test) -> list[int]:
    return [n for n in range(sys.maxunicode + 1) if test(chr(n))]


def _ranges(points: list[int]) -> str:
    """``points`` (sorted) as character-class ranges in ``\\U`` escapes (ASCII: safe in a verbose
    pattern)."""
    out, i = [], 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        out.append(f"\\U{points[i]:08x}-\\U{points[j]:08x}")
        i = j + 1
    return "".join(out)


@dataclass(frozen=True)
class Composed:
    """A text's NFC view and the runs composing changed: view and stored spans, in order."""

    text: str
    view_starts: array
    view_ends: array
    stored_starts: array
    stored_ends: array

    def stored(self, found: array) -> array:
        """Spans of the view (start, end, start, end…) as spans of the stored text; an empty one
        stays empty."""
        out = array("q")
        for start, end in zip(found[::2], found[1::2]):
            first = self._start(start)
            out += array("q", (first, self._end(end) if end > start else first))
        return out

    def _start(self, p: int) -> int:
        k = bisect.bisect_right(self.view_starts, p) - 1
        if k < 0:
            return p
        return self.stored_starts[k] if p < self.view_ends[k] else self.stored_ends[k] + p - self.view_ends[k]

    def _end(self, p: int) -> int:
        k = bisect.bisect_left(self.view_starts, p) - 1
        if k < 0:
            return p
        return self.stored_ends[k] + max(0, p - self.view_ends[k])


class Finder(Protocol):
    """What :func:`match_spans` searches with: a compiled ``re`` pattern, or anything with its
    ``finditer`` whose matches have ``span()`` (a rule's pattern run by the ``regex`` module)."""

    def finditer(self, string: str) -> Iterator[Any]: ...


def match_spans(pattern: Finder, text: str) -> array:
    """Every match of ``pattern`` in ``text``, compared in NFC, as stored spans in one array:
    start, end, start, end… (made by C loops when ``text`` is NFC)."""
    view = composed(text)
    spans = map(operator.methodcaller("span"), pattern.finditer(text if view is None else view.text))
    found = array("q", chain.from_iterable(spans))
    return found if view is None else view.stored(found)


def pairs(found: array) -> list[tuple[int, int]]:
    """:func:`match_spans`' array as ``(start, end)`` pairs."""
    return list(zip(found[::2], found[1::2]))


def composed(text: str) -> Optional[Composed]:
    """The NFC view of ``text``, or None when ``text`` is NFC already (the usual case, checked in C)."""
    if unicodedata.is_normalized("NFC", text):
        return None
    pieces: list[str] = []
    spans: list[array] = [array("q") for _ in range(4)]
    done = shift = 0
    for run in _runs().finditer(text):
        new = nfc(run.group())
        if new == run.group():
            continue
        pieces += [text[done:run.start()], new]
        start = run.start() + shift
        for column, value in zip(spans, (start, start + len(new), run.start(), run.end())):
            column.append(value)
        shift += len(new) - (run.end() - run.start())
        done = run.end()
    pieces.append(text[done:])
    return Composed("".join(pieces), *spans)
