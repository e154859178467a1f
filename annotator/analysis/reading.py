"""The annotations a count reads: one SELECT, streamed one document at a time, and the project's
text services (its language and spaCy model, as :meth:`Project.text_services` picks them)."""
from __future__ import annotations

import sqlite3
from itertools import groupby
from operator import itemgetter
from typing import Callable, Iterator, Optional

from ..nlp import TextServices, get_services
from .scope import Scope

Progress = Optional[Callable[[int, int], None]]  # (documents done, documents in all)
Row = tuple[int, int, int, int, int]  # document id, coder id, code id, start, end
_SQL = ('SELECT a.document_id, a.coder_id, a.code_id, a.start, a."end" FROM annotations a{where} '
        'ORDER BY a.document_id, a.coder_id, a.start, a."end"')


def by_document(conn: sqlite3.Connection, scope: Scope, progress: Progress = None) -> Iterator[tuple[int, list[Row]]]:
    """``(document id, its rows ordered by coder, then start)`` for every document with annotations in scope."""
    where, params = scope.sql()
    total = _documents_with_annotations(conn, scope) if progress else 0
    for done, (doc_id, rows) in enumerate(groupby(conn.execute(_SQL.format(where=where), params), itemgetter(0))):
        yield doc_id, list(rows)
        if progress:
            progress(done + 1, total)


def by_coder(rows: list[Row]) -> list[list[Row]]:
    """One document's rows (as :func:`by_document` gives them) split by coder, each ordered by start."""
    return [list(own) for _, own in groupby(rows, itemgetter(1))]


def _documents_with_annotations(conn: sqlite3.Connection, scope: Scope) -> int:
    where, params = scope.sql()
    return conn.execute(f"SELECT count(DISTINCT a.document_id) FROM annotations a{where}", params).fetchone()[0]


def text_of(conn: sqlite3.Connection, doc_id: int) -> str:
    return conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]


def services(conn: sqlite3.Connection) -> TextServices:
    meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('language', 'spacy_model')"))
    return get_services(meta.get("language") or "en", meta.get("spacy_model") or None)
