"""Search across documents: every hit of a pattern, in document order, with its context.

A :class:`Query` is plain text by default (``regex`` makes it a Python regular expression),
case-insensitive unless ``case_sensitive``; ``whole_word`` wants no word character (a letter,
mark, digit or connector, :func:`annotator.textmatch.word_edges`) right before or after a hit
(lookarounds rather than ``\\b``, so "-ism" or "U.S." work too). Patterns and texts are compared
in NFC (:mod:`annotator.textmatch`): typed "café" finds it stored decomposed too.
An empty pattern, an invalid regular expression (with ``re``'s reason in plain words) and a
pattern that can match empty text (a hit must hold a character to be shown or coded) are
refused in one sentence.

Hits are code points on the stored text (``text[start:end]`` is the hit), in document order
(documents by id, hits by position). ``left`` and ``right`` are the ``context`` code points
either side, exact slices of the text (line breaks kept), so ``left + text + right`` is a slice
of the document; :func:`one_line` is how a person sees them (a line break as ``⏎``).

Texts are read with one SELECT, one document at a time (the cursor streams rows). The result,
:class:`Hits`, keeps the texts that have hits and 16 bytes a hit; a :class:`Hit` is made when
read. ``documents`` and ``where`` conditions (:mod:`annotator.where`) narrow the documents;
both must hold.
"""
from __future__ import annotations

import bisect
import json
import operator
import re
import sqlite3
from array import array
from typing import Callable, Iterable, Iterator, NamedTuple, Optional, Sequence, overload

from ._refs import resolve
from .attributes import document_id
from .errors import AnnotatorError
from .patterns import Query
from .textmatch import match_spans, pairs
from .where import Condition, document_ids

DEFAULT_CONTEXT = 60
_LINE_BREAK = "\u23ce"   # ⏎


class Hit(NamedTuple):
    """One hit: a named record that is a tuple, cheap to make by the hundred thousand. It shares
    its document's text (``source``, not copied); ``text``, ``left`` and ``right`` are sliced
    from it when asked, so a dense search costs neither the time nor the memory of copies."""

    document_id: int
    document: str      # the document's name
    start: int
    end: int
    source: str        # the whole text of the document (shared)
    context: int       # code points of context either side

    @property
    def text(self) -> str:
        return self.source[self.start:self.end]

    @property
    def left(self) -> str:
        return self.source[max(0, self.start - self.context):self.start]

    @property
    def right(self) -> str:
        return self.source[self.end:self.end + self.context]

    def __repr__(self) -> str:
        return (f"Hit(document_id={self.document_id}, document={self.document!r}, start={self.start}, "
                f"end={self.end}, text={self.text!r})")


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


def spans(pattern: re.Pattern, text: str, query: Query) -> array:
    """Every hit of ``pattern`` in ``text`` (compared in NFC, :mod:`annotator.textmatch`) as one
    array: start, end, start, end… An empty hit refuses the query. (Made by C loops only: a
    dense search costs little more than finditer.)"""
    found = match_spans(pattern, text)
    if 0 in map(operator.sub, found[1::2], found[::2]):
        raise query.empty_match()
    return found


def search(conn: sqlite3.Connection, query: Query, ids: Optional[Iterable[int]] = None,
           context: int = DEFAULT_CONTEXT, limit: Optional[int] = None,
           cancelled: Optional[Callable[[], bool]] = None) -> "Hits":
    """Every hit of ``query`` in the documents ``ids`` (all if None), in document order, with
    ``context`` code points either side. ``limit``: stop after that many hits; ``cancelled()``
    is asked between documents and stops the search early (the hits so far are returned)."""
    if isinstance(context, bool) or not isinstance(context, int) or context < 0:
        raise AnnotatorError(f"The context must be a whole number of characters, 0 or more, not {context!r}.")
    pattern = query.compile()
    hits = Hits(context)
    for doc_id, name, text in texts(conn, ids):
        if cancelled is not None and cancelled():
            break
        found = spans(pattern, text, query)
        if limit is not None:
            found = found[:2 * (limit - len(hits))]
        hits.add(doc_id, name, text, found)
        if limit is not None and len(hits) >= limit:
            break
    return hits


class Hits(Sequence[Hit]):
    """The hits of one search in document order, held per document as its text and one array of
    start, end, start, end… (16 bytes a hit); each :class:`Hit` is made when it is read. Reads
    like a list: ``len``, indexing, slicing, iteration, ``==`` with a list."""

    def __init__(self, context: int):
        self.context = context
        self._documents: list[tuple[int, str, str, array]] = []
        self._firsts: list[int] = []    # the index of each document's first hit
        self._count = 0

    def add(self, document_id: int, name: str, text: str, found: array) -> None:
        if found:
            self._documents.append((document_id, name, text, found))
            self._firsts.append(self._count)
            self._count += len(found) // 2

    def documents(self) -> Iterator[tuple[int, str, str, array]]:
        """Per document with hits, in order: its id, name and text (as searched) and its hits as
        one array (start, end, start, end…)."""
        return iter(self._documents)

    @property
    def document_count(self) -> int:
        """How many documents have hits."""
        return len(self._documents)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Hit: ...

    @overload
    def __getitem__(self, index: slice) -> list[Hit]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        position = operator.index(index) + (self._count if index < 0 else 0)
        if not 0 <= position < self._count:
            raise IndexError("hit index out of range")
        k = bisect.bisect_right(self._firsts, position) - 1
        doc_id, name, text, found = self._documents[k]
        j = 2 * (position - self._firsts[k])
        return Hit(doc_id, name, found[j], found[j + 1], text, self.context)

    def __iter__(self) -> Iterator[Hit]:
        for doc_id, name, text, found in self._documents:
            for start, end in pairs(found):
                yield Hit(doc_id, name, start, end, text, self.context)

    def __eq__(self, other) -> bool:
        if isinstance(other, (Hits, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a mutable sequence, like a list

    def __repr__(self) -> str:
        return f"<{self._count} hits in {len(self._documents)} documents>"


def one_line(text: str) -> str:
    """``text`` as one line for a person: each line break shown as ``⏎`` (a hit list stays one
    line per hit); other control characters are left to :func:`annotator.display.shown`."""
    return text.replace("\n", _LINE_BREAK)
