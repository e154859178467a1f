"""Propagate: the same code on every other occurrence of words a coder has coded.

For each of the coder's annotations (all of them, or the ones just made), its words (the coded
text split at whitespace) are looked for in the documents, case-insensitive, as whole words
(:class:`annotator.search.Query` ``whole_word``), any run of whitespace matching any other, so a
phrase broken across a line still matches. One pattern holds every phrase (longest first), so
the corpus is read once; where two phrases overlap the longer one wins. An occurrence the coder
has already coded with that code is left out (:class:`annotator.suggestions.AddSuggestions`
also leaves out what was offered before). Score 1.0: the words are the same; whether the
meaning is, the coder decides.

**Case.** A phrase is looked for as coded (in NFC) and as case-folded, each ``re.IGNORECASE``:
"Straße" finds "straße" and "STRASSE", "İstanbul" finds "istanbul", "ΟΔΌΣ" finds "οδός". Phrases
whose case-folded forms are equal (with whitespace as one space) are one phrase and share their
codes. A hit takes the codes of its case-folded form; ``re``'s and ``str.casefold``'s ideas of
case differ a little (``re`` takes "İ" for "i", casefold makes it "i̇"), so a hit whose folded form
is no phrase's takes those of the spellings that match it alone: every hit ``re`` finds is
offered. (One pattern of capturing groups, one per spelling, would say which matched, but ``re``
runs it 10-15x slower.) Coding "STRASSE" does not find "Straße": nothing gives back ß from ss.
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
    codes, spellings = _phrases(conn, coder_id, annotation_uuids)
    if not codes:
        return []
    source = "|".join(_words(spelling) for spelling in sorted(spellings, key=len, reverse=True))
    pattern = Query(source, regex=True, whole_word=True).compile()
    phrase = _Phrase(codes, spellings)
    offers: list[Offer] = []
    for doc_id, _, text in texts(conn, None if document_ids is None else sorted(set(document_ids))):
        if cancelled is not None and cancelled():
            break
        found = match_spans(pattern, text)
        for start, end in zip(found[::2], found[1::2]):
            offers += [Offer(doc_id, start, end, code_id, 1.0) for code_id in sorted(phrase.codes(text[start:end]))]
    return offers


def _words(spelling: str) -> str:
    return r"\s+".join(re.escape(word) for word in spelling.split())


def _key(text: str) -> str:
    return " ".join(nfc(text).casefold().split())


class _Phrase:
    """The codes of a hit: those of its key; a hit ``re`` matched whose key is no phrase's ("istanbul"
    for "İstanbul") takes the codes of every spelling that matches it alone (compiled when needed)."""

    def __init__(self, codes: dict[str, set[int]], spellings: dict[str, str]):
        self._codes, self._spellings = codes, spellings
        self._alone: dict[str, re.Pattern] = {}

    def codes(self, hit: str) -> set[int]:
        found = self._codes.get(_key(hit))
        if found is not None:
            return found
        hit = nfc(hit)
        return set().union(*(self._codes[key] for spelling, key in self._spellings.items()
                             if self._pattern(spelling).fullmatch(hit)))

    def _pattern(self, spelling: str) -> re.Pattern:
        if spelling not in self._alone:
            self._alone[spelling] = re.compile(_words(nfc(spelling)), re.IGNORECASE)
        return self._alone[spelling]


def _phrases(conn: sqlite3.Connection, coder_id: int,
             uuids: Optional[Iterable[str]]) -> tuple[dict[str, set[int]], dict[str, str]]:
    """The coder's coded phrases: their codes by key (case-folded NFC, whitespace as one space),
    and each spelling to look for (as coded in NFC, and the key itself) with its key."""
    sql = ('SELECT substr(d.text, a.start + 1, a."end" - a.start), a.code_id FROM annotations a '
           "JOIN documents d ON d.id = a.document_id WHERE a.coder_id = ?")
    params: list[object] = [coder_id]
    if uuids is not None:
        sql += " AND a.uuid IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(uuids)))
    codes: dict[str, set[int]] = {}
    spellings: dict[str, str] = {}
    for text, code_id in conn.execute(sql, params):
        phrase, key = " ".join(nfc(text).split()), _key(text)
        if key and len(phrase.split()) <= MAX_WORDS and any(c.isalnum() for c in phrase):
            codes.setdefault(key, set()).add(code_id)
            spellings.update({phrase: key, key: key})
    return codes, spellings
