"""Units of text the counts use: words per document, sentences (spaCy, :mod:`annotator.nlp`),
paragraphs and tokens.

Paragraphs are :func:`annotator.paragraphs.paragraphs` (between line or paragraph breaks, trimmed;
lines holding only whitespace are no paragraph). Word counts are kept in
memory per process, by the text's SHA-256 and the pipeline (a document's text never changes), so
a second table over the same documents does not tokenise them again.
"""
from __future__ import annotations

import sqlite3
import threading
from typing import Iterable

from ..nlp import TextServices
from .columns import Columns
from .reading import Progress, services

_WORDS: dict[tuple[str, str, str], int] = {}  # (sha256, language, model) -> words
_WORDS_LOCK = threading.Lock()
_MAX_CACHED = 200_000


def column_words(conn: sqlite3.Connection, cols: Columns, progress: Progress = None) -> list[int]:
    """The words of each column's documents."""
    wanted = sorted({doc for column in cols.columns for doc in column.document_ids})
    words = document_words(conn, wanted, progress)
    return [sum(words[doc] for doc in column.document_ids) for column in cols.columns]


def document_words(conn: sqlite3.Connection, doc_ids: Iterable[int], progress: Progress = None) -> dict[int, int]:
    text_services = services(conn)
    ids = list(doc_ids)
    out = {}
    for done, doc_id in enumerate(ids):
        sha, text = conn.execute("SELECT sha256, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        out[doc_id] = word_count(text_services, sha, text)
        if progress:
            progress(done + 1, len(ids))
    return out


def word_count(text_services: TextServices, sha256: str, text: str) -> int:
    key = (sha256, text_services.language, text_services.model or "")
    with _WORDS_LOCK:
        if key in _WORDS:
            return _WORDS[key]
    n = text_services.word_count(text)
    with _WORDS_LOCK:
        if len(_WORDS) >= _MAX_CACHED:
            _WORDS.clear()
        _WORDS[key] = n
    return n
