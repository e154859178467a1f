"""Search across documents: every hit of a pattern, in document order, with its context.

A :class:`Query` is plain text by default (``regex`` makes it a Python regular expression),
case-insensitive unless ``case_sensitive``; ``whole_word`` wants no letter, digit or ``_``
right before or after a hit (lookarounds rather than ``\\b``, so "-ism" or "U.S." work too).
An empty pattern, an invalid regular expression (with ``re``'s reason in plain words) and a
pattern that can match empty text (a hit must hold a character to be shown or coded) are
refused in one sentence.

Hits are code points on the stored text (``text[start:end]`` is the hit), in document order
(documents by id, hits by position). ``left`` and ``right`` are the ``context`` code points
either side, exact slices of the text (line breaks kept), so ``left + text + right`` is a slice
of the document; :func:`one_line` is how a person sees them (a line break as ``⏎``).

Texts are read with one SELECT and one document at a time (the cursor streams rows), so memory
holds one text plus the hits. ``documents`` and ``where`` conditions (:mod:`annotator.where`)
narrow the documents; both must hold.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, NamedTuple, Optional, Sequence

from ._refs import resolve
from .attributes import document_id
from .display import shown
from .errors import AnnotatorError
from .where import Condition, document_ids

DEFAULT_CONTEXT = 60
_LINE_BREAK = "\u23ce"   # ⏎


class Hit(NamedTuple):
    """One hit: a named record that is a tuple (cheap to make by the hundred thousand)."""

    document_id: int
    document: str      # the document's name
    start: int
    end: int
    text: str
    left: str
    right: str


@dataclass(frozen=True)
class Query:
    pattern: str
    regex: bool = False
    case_sensitive: bool = False
    whole_word: bool = False

    def compile(self) -> re.Pattern:
        """The compiled pattern; an empty, invalid or empty-matching one is refused."""
        if not isinstance(self.pattern, str) or not self.pattern:
            raise AnnotatorError("The pattern is empty; give the text to search for.")
        source = self.pattern if self.regex else re.escape(self.pattern)
        if self.whole_word:
            source = rf"(?<!\w)(?:{source})(?!\w)"
        try:
            compiled = re.compile(source, 0 if self.case_sensitive else re.IGNORECASE)
        except re.error as error:
            raise AnnotatorError(f"\"{shown(self.pattern)}\" is not a valid regular expression: "
                                 f"{_reason(error)}.") from None
        if compiled.search("") is not None:
            raise self.empty_match()
        return compiled

    def empty_match(self) -> AnnotatorError:
        return AnnotatorError(f"The pattern \"{shown(self.pattern)}\" can match empty text, so its hits would hold "
                              "nothing to show or code; make it match at least one character (\"a+\", not \"a*\").")


def _reason(error: re.error) -> str:
    """``re``'s message, with the position counted from 1 as a person counts characters."""
    if error.pos is None:
        return error.msg
    return f"{error.msg} (at character {error.pos + 1})"


def scope(conn: sqlite3.Connection, documents: Optional[Sequence] = None,
          conditions: Sequence[Condition] = ()) -> Optional[list[int]]:
    """The ids of the documents to search, by id; ``None`` for all. ``documents`` are names,
    UUIDs or ids (an unknown name is refused naming the closest); ``conditions`` must all hold."""
    chosen = None if documents is None else {_document(conn, ref) for ref in documents}
    if conditions:
        meeting = document_ids(conn, list(conditions))
        return [i for i in meeting if chosen is None or i in chosen]
    return None if chosen is None else sorted(chosen)


def _document(conn: sqlite3.Connection, ref) -> int:
    if isinstance(ref, str):
        return document_id(conn, ref)
    return resolve(conn, "documents", "document", ref, ())


def texts(conn: sqlite3.Connection, ids: Optional[Iterable[int]] = None) -> Iterator[tuple[int, str, str]]:
    """``(id, name, text)`` of the documents (all, or ``ids``) by id: one SELECT, streamed."""
    if ids is None:
        return iter(conn.execute("SELECT id, name, text FROM documents ORDER BY id"))
    return iter(conn.execute("SELECT id, name, text FROM documents WHERE id IN (SELECT value FROM json_each(?)) "
                             "ORDER BY id", (json.dumps(list(ids)),)))


def spans(pattern: re.Pattern, text: str, query: Query) -> list[tuple[int, int]]:
    """Every hit of ``pattern`` in ``text`` as ``(start, end)``; an empty one refuses the query."""
    found = [m.span() for m in pattern.finditer(text)]
    if found and any(start == end for start, end in found):
        raise query.empty_match()
    return found


def search(conn: sqlite3.Connection, query: Query, ids: Optional[Iterable[int]] = None,
           context: int = DEFAULT_CONTEXT, limit: Optional[int] = None,
           cancelled: Optional[Callable[[], bool]] = None) -> list[Hit]:
    """Every hit of ``query`` in the documents ``ids`` (all if None), in document order, with
    ``context`` code points either side. ``limit``: stop after that many hits; ``cancelled()``
    is asked between documents and stops the search early (the hits so far are returned)."""
    if isinstance(context, bool) or not isinstance(context, int) or context < 0:
        raise AnnotatorError(f"The context must be a whole number of characters, 0 or more, not {context!r}.")
    pattern = query.compile()
    hits: list[Hit] = []
    for doc_id, name, text in texts(conn, ids):
        if cancelled is not None and cancelled():
            break
        hits += [Hit(doc_id, name, start, end, text[start:end], text[max(0, start - context):start],
                     text[end:end + context]) for start, end in spans(pattern, text, query)]
        if limit is not None and len(hits) >= limit:
            return hits[:limit]
    return hits


def one_line(text: str) -> str:
    """``text`` as one line for a person: each line break shown as ``⏎`` (a hit list stays one
    line per hit); other control characters are left to :func:`annotator.display.shown`."""
    return text.replace("\n", _LINE_BREAK)
