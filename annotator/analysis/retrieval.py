"""Coded segments: every annotation in scope with its text and context, for reading and for R.

One SELECT streams the annotations by document, start, end; each document's text is read once,
when its first segment comes. ``left``/``right`` are up to ``context`` code points of the text
before and after the segment, as stored (line breaks included). ``--text`` and ``--memo`` keep
segments whose text or memo contains the pattern, ignoring case (``str.casefold``).
"""
from __future__ import annotations

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
        return {field: getattr(self, field) for field in FIELDS}


def coded_segments(conn: sqlite3.Connection, scope: Scope, context: int = DEFAULT_CONTEXT,
                   text: Optional[str] = None, memo: Optional[str] = None) -> Iterator[CodedSegment]:
    """The annotations in ``scope``, ordered by document (id), start, end, coder."""
    if context < 0:
        raise AnnotatorError(f"The context is a number of characters, 0 or more, not {context}.")
    by_id = codes_by_id(conn)
    names = {cid: code.name for cid, code in by_id.items()}
    paths = {cid: code_path(by_id, cid) for cid in by_id}
    wanted_text, wanted_memo = _needle(text, "--text"), _needle(memo, "--memo")
    where, params = scope.sql()
    current: Optional[int] = None
    doc: tuple[str, str, str, dict] = ("", "", "", {})
    for doc_id, start, end, note, coder, code in conn.execute(_SQL.format(where=where), params):
        if doc_id != current:
            current, doc = doc_id, _document(conn, doc_id)
        body = doc[2]
        piece = body[start:end]
        if wanted_text is not None and wanted_text not in piece.casefold():
            continue
        if wanted_memo is not None and wanted_memo not in (note or "").casefold():
            continue
        yield CodedSegment(doc[0], doc[1], coder, names[code], paths[code], start, end, piece,
                           body[max(0, start - context):start], body[end:end + context], note, doc[3], doc_id)


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
