"""Propagate: the same code on every other occurrence of words a coder has coded.

For each of the coder's annotations (all of them, or the ones just made), its words (the coded
text split at whitespace) are looked for in the documents, case-insensitive, as whole words
(:class:`annotator.search.Query` ``whole_word``), any run of whitespace matching any other, so a
phrase broken across a line still matches. One pattern holds every phrase (longest first), so
the corpus is read once; where two phrases overlap the longer one wins. An occurrence the coder
has already coded with that code is left out (:class:`annotator.suggestions.AddSuggestions`
also leaves out what was offered before). Score 1.0: the words are the same; whether the
meaning is, the coder decides.
"""
from __future__ import annotations

import json
import re
import sqlite3
from typing import Callable, Iterable, Optional

from ..search import Query, texts
from ..suggestions import Offer
from ..textmatch import match_spans, nfc

MAX_WORDS = 12          # longer spans (sentences, paragraphs) are not phrases that recur


def propagate(conn: sqlite3.Connection, coder_id: int, document_ids: Optional[Iterable[int]] = None,
              annotation_uuids: Optional[Iterable[str]] = None,
              cancelled: Optional[Callable[[], bool]] = None) -> list[Offer]:
    """Offers for ``coder_id``: every occurrence, in ``document_ids`` (all if None), of the words
    of the coder's annotations (or of those in ``annotation_uuids``), with the annotation's code."""
    phrases = _phrases(conn, coder_id, annotation_uuids)
    if not phrases:
        return []
    source = "|".join(r"\s+".join(re.escape(word) for word in phrase.split())
                      for phrase in sorted(phrases, key=len, reverse=True))
    pattern = Query(source, regex=True, whole_word=True).compile()
    offers: list[Offer] = []
    for doc_id, _, text in texts(conn, None if document_ids is None else sorted(set(document_ids))):
        if cancelled is not None and cancelled():
            break
        found = match_spans(pattern, text)
        for start, end in zip(found[::2], found[1::2]):
            for code_id in sorted(phrases.get(_key(text[start:end]), ())):
                offers.append(Offer(doc_id, start, end, code_id, 1.0))
    return offers


def _phrases(conn: sqlite3.Connection, coder_id: int, uuids: Optional[Iterable[str]]) -> dict[str, set[int]]:
    """The coder's coded phrases (case-folded, whitespace as one space) and their codes."""
    sql = ('SELECT substr(d.text, a.start + 1, a."end" - a.start), a.code_id FROM annotations a '
           "JOIN documents d ON d.id = a.document_id WHERE a.coder_id = ?")
    params: list[object] = [coder_id]
    if uuids is not None:
        sql += " AND a.uuid IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(uuids)))
    phrases: dict[str, set[int]] = {}
    for text, code_id in conn.execute(sql, params):
        key = _key(text)
        if key and len(key.split()) <= MAX_WORDS and any(c.isalnum() for c in key):
            phrases.setdefault(key, set()).add(code_id)
    return phrases


def _key(text: str) -> str:
    return " ".join(nfc(text).casefold().split())
