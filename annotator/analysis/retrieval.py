"""Coded segments: every annotation in scope with its text and context, for reading and for R.

One SELECT streams the annotations by document, start, end; each document's text is read once,
when its first segment comes. :func:`read_segments` keeps them all (for the command line and the
app's table) with the garbage collector paused: every tuple built is kept, so a collection while
building finds nothing to free, yet a full one walks all of them (a third of the time at 100,000).
``left``/``right`` are up to ``context`` code points of the text before and after the segment,
as stored (line breaks included). ``--text`` and ``--memo`` keep segments whose text or memo
contains the pattern, ignoring case (``str.casefold``).
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
_SQL = ('SELECT a.document_id, a.start, a."end", a.memo, c.name, a.code_id FROM annotations a '
        'JOIN coders c ON c.id = a.coder_id{where} ORDER BY a.document_id, a.start, a."end", c.name, a.code_id, a.id')


class CodedSegment(NamedTuple):
    document: str
    document_sha256: str
    coder: str
    code: str
    code_path: str
    start: int
    end: int
    text: str
    left: str
    right: str
    memo: Optional[str]
    attributes: dict
    document_id: int

    def as_json(self) -> dict:
        return dict(zip(FIELDS, self))       # FIELDS are the first fields, in order


def coded_segments(conn: sqlite3.Connection, scope: Scope, context: int = DEFAULT_CONTEXT,
                   text: Optional[str] = None, memo: Optional[str] = None) -> Iterator[CodedSegment]:
    """The annotations in ``scope``, ordered by document (id), start, end, coder."""
    if context < 0:
        raise AnnotatorError(f"The context is a number of characters, 0 or more, not {context}.")
    by_id = codes_by_id(conn)
    codes = {cid: (code.name, code_path(by_id, cid)) for cid, code in by_id.items()}
    wanted_text, wanted_memo = _needle(text, "--text"), _needle(memo, "--memo")
    where, params = scope.sql()
    current: Optional[int] = None
    name, sha, body, attributes = "", "", "", dict[str, object]()
    new = tuple.__new__
    for doc_id, start, end, note, coder, code in conn.execute(_SQL.format(where=where), params):
        if doc_id != current:
            current, (name, sha, body, attributes) = doc_id, _document(conn, doc_id)
        piece = body[start:end]
        if wanted_text is not None and wanted_text not in piece.casefold():
            continue
        if wanted_memo is not None and wanted_memo not in (note or "").casefold():
            continue
        yield new(CodedSegment, (name, sha, coder, *codes[code], start, end, piece,
                                 body[start - context if start > context else 0:start], body[end:end + context],
                                 note, attributes, doc_id))


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


def _document(conn: sqlite3.Connection, doc_id: int) -> tuple[str, str, str, dict]:
    name, sha, body, raw = conn.execute("SELECT name, sha256, text, attributes FROM documents WHERE id = ?",
                                        (doc_id,)).fetchone()
    return name, sha, body, read_stored(raw)
