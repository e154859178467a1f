"""Coded segments: every annotation in scope with its text and context, for reading and for R.

One SELECT streams the annotations by document, start, end in index order, without a sort (segments
of one span then go by coder name and code path); each document's text is read once, when its first
segment comes, and its segments slice their text and context from it when asked
(:class:`CodedSegment`). Coder and code names come from dictionaries read first, not from a JOIN.
:func:`read_segments` keeps them all (for the command line and the app's table) with the garbage
collector paused: every tuple built is kept, so a collection while building finds nothing to free,
yet a full one walks all of them (a third of the time at 100,000). ``left``/``right`` are up to
``context`` code points of the text before and after the segment, as stored (line breaks included).
``--text`` and ``--memo`` keep segments whose text or memo contains the pattern, ignoring case
(``str.casefold``).
"""
from __future__ import annotations

import gc
import sqlite3
from typing import Iterator, NamedTuple, Optional

from ..attribute_rules import read_stored
from ..errors import AnnotatorError
from ..records import code_path
from .scope import Scope, codes_by_id

DEFAULT_CONTEXT = 60
FIELDS = ("document", "document_sha256", "coder", "code", "code_path", "start", "end", "text", "left", "right",
          "memo", "attributes")
# The index annotations_by_document (document_id, start, "end", and the rowid SQLite keeps in every
# index entry) gives this order without sorting; ties (one span coded more than once) are then put
# in order by coder name and code path, which, unlike ids, do not depend on the order of merges.
_SQL = 'SELECT document_id, start, "end", memo, coder_id, code_id FROM annotations a{where} ' \
       'ORDER BY document_id, start, "end", id'


class Source(NamedTuple):
    """One document, shared by all of its segments."""
    id: int
    name: str
    sha256: str
    text: str
    attributes: dict


class CodedSegment(NamedTuple):
    """One coded segment. Its text and context are sliced from the document's text when read,
    so 100,000 segments hold three numbers and four references each, not three strings."""
    source: Source
    coder: str
    code_names: tuple           # (name, path)
    start: int
    end: int
    memo: Optional[str]
    context: int                # how many code points ``left`` and ``right`` hold at most

    @property
    def document(self) -> str:
        return self.source.name

    @property
    def document_sha256(self) -> str:
        return self.source.sha256

    @property
    def document_id(self) -> int:
        return self.source.id

    @property
    def attributes(self) -> dict:
        return self.source.attributes

    @property
    def code(self) -> str:
        return self.code_names[0]

    @property
    def code_path(self) -> str:
        return self.code_names[1]

    @property
    def text(self) -> str:
        return self.source.text[self.start:self.end]

    @property
    def left(self) -> str:
        start = self.start
        return self.source.text[start - self.context if start > self.context else 0:start]

    @property
    def right(self) -> str:
        end = self.end
        return self.source.text[end:end + self.context]

    def values(self) -> tuple:
        """The values of :data:`FIELDS`, in order."""
        source, text, start, end, context = self.source, self.source.text, self.start, self.end, self.context
        return (source.name, source.sha256, self.coder, *self.code_names, start, end, text[start:end],
                text[start - context if start > context else 0:start], text[end:end + context], self.memo,
                source.attributes)

    def as_json(self) -> dict:
        return dict(zip(FIELDS, self.values()))


def coded_segments(conn: sqlite3.Connection, scope: Scope, context: int = DEFAULT_CONTEXT,
                   text: Optional[str] = None, memo: Optional[str] = None) -> Iterator[CodedSegment]:
    """The annotations in ``scope``, ordered by document (id), start, end, coder name, code path."""
    if context < 0:
        raise AnnotatorError(f"The context is a number of characters, 0 or more, not {context}.")
    by_id = codes_by_id(conn)
    codes = {cid: (code.name, code_path(by_id, cid)) for cid, code in by_id.items()}
    coders = dict(conn.execute("SELECT id, name FROM coders"))
    wanted_text, wanted_memo = _needle(text, "--text"), _needle(memo, "--memo")
    where, params = scope.sql()
    current: Optional[int] = None
    source = Source(0, "", "", "", {})
    new = tuple.__new__
    held: list[CodedSegment] = []       # segments of one span, not yet given: ties go by coder name
    at = (None, -1, -1)
    for doc_id, start, end, note, coder, code in conn.execute(_SQL.format(where=where), params):
        if doc_id != current:
            current, source = doc_id, _document(conn, doc_id)
        if wanted_text is not None and wanted_text not in source.text[start:end].casefold():
            continue
        if wanted_memo is not None and wanted_memo not in (note or "").casefold():
            continue
        segment = new(CodedSegment, (source, coders[coder], codes[code], start, end, note, context))
        if end == at[2] and start == at[1] and doc_id == at[0]:
            held.append(segment)
            continue
        if len(held) > 1:
            held.sort(key=_by_coder)
        yield from held
        held, at = [segment], (doc_id, start, end)
    if len(held) > 1:
        held.sort(key=_by_coder)
    yield from held


def _by_coder(segment: CodedSegment) -> tuple:
    return segment.coder, segment.code_names[1]


def read_segments(conn: sqlite3.Connection, scope: Scope, context: int = DEFAULT_CONTEXT,
                  text: Optional[str] = None, memo: Optional[str] = None) -> list[CodedSegment]:
    """:func:`coded_segments` as a list, read with the garbage collector paused (see above)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return list(coded_segments(conn, scope, context, text, memo))
    finally:
        if collecting:
            gc.enable()


def _needle(pattern: Optional[str], option: str) -> Optional[str]:
    if pattern is None:
        return None
    if not pattern.strip():
        raise AnnotatorError(f"{option} needs some text to look for.")
    return pattern.casefold()


def _document(conn: sqlite3.Connection, doc_id: int) -> Source:
    name, sha, body, raw = conn.execute("SELECT name, sha256, text, attributes FROM documents WHERE id = ?",
                                        (doc_id,)).fetchone()
    return Source(doc_id, name, sha, body, read_stored(raw))
