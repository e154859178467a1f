"""Auto-coding: every hit of a search coded with one code for one coder, as one undoable step.

:func:`plan` reads (no transaction): it finds the hits (:mod:`annotator.search`) and extends
each to what is coded, always containing the hit (:func:`plan_hits` does the same for hits a
person was shown, which the app's Code All Hits codes, rather than searching again):

- ``hit``: the hit itself;
- ``sentence``: the spaCy sentences it touches (``TextServices.sentences``, which cuts long
  texts into chunks), from the first one's start to the last one's end;
- ``paragraph``: the lines it touches (:mod:`annotator.paragraphs`: the text between line or
  paragraph breaks; a break belongs to the line it ends), trimmed of the whitespace at their edges.

Extended spans that overlap are merged into one (two hits in one sentence code it once);
spans that only touch stay apart. :class:`AutoCode` then writes them in one transaction with
one ``executemany``, leaving out each span the coder already has with that code (so running
it twice adds nothing); its inverse deletes exactly those rows (:class:`DeleteAnnotations`).
It codes only as the named coder, and in a coder package only as the package's coder.
"""
from __future__ import annotations

import bisect
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional, Sequence

from .changes import read_meta
from .clock import now
from .commands import DeleteAnnotations, bulk_change, check_code
from .errors import AnnotatorError, InvalidSpanError, NotFoundError
from .paragraphs import covering
from .search import Hits, Query, pairs, spans, texts
from .uuids import new_uuids

EXTENDS = ("hit", "sentence", "paragraph")
Span = tuple[int, int, int]   # document id, start, end


@dataclass(frozen=True)
class AutoCodeResult:
    hits: int       # hits of the search
    added: int      # annotations added
    already: int    # spans the coder already had with that code


@dataclass
class AutoCode:
    """Code ``spans`` (document id, start, end) with ``code_id`` as ``coder_id`` in one step.
    ``hits`` is only reported. After ``apply``, ``result`` says what was added."""

    spans: Sequence[Span]
    code_id: int
    coder_id: int
    hits: int = 0
    label: str = "Code all hits"
    result: Optional[AutoCodeResult] = field(default=None, init=False)

    def apply(self, conn: sqlite3.Connection):
        check_target(conn, self.code_id, self.coder_id)
        wanted: list[Span] = list(dict.fromkeys((doc, start, end) for doc, start, end in self.spans))
        _check_spans(conn, wanted)
        have = set(conn.execute('SELECT document_id, start, "end" FROM annotations WHERE coder_id = ? AND code_id = ?',
                                (self.coder_id, self.code_id)))
        new = [span for span in wanted if span not in have]
        stamp = now()
        rows = [(uuid, doc, self.coder_id, self.code_id, start, end, stamp, stamp)
                for uuid, (doc, start, end) in zip(new_uuids(len(new)), new)]
        conn.executemany('INSERT INTO annotations(uuid, document_id, coder_id, code_id, start, "end", created, '
                         "modified) VALUES (?,?,?,?,?,?,?,?)", rows)
        self.result = AutoCodeResult(self.hits, len(rows), len(wanted) - len(rows))
        uuids = tuple(row[0] for row in rows)
        return DeleteAnnotations(uuids, label=self.label), bulk_change(uuids)


def check_target(conn: sqlite3.Connection, code_id: int, coder_id: int,
                 only: str = "auto-coding here codes as {owner} only, not as {coder}") -> None:
    """Refuse a group or unknown code, an unknown coder, and, in a coder package, any coder
    but the package's own (``only`` says what is refused, naming the ``owner`` and the ``coder``)."""
    check_code(conn, code_id)
    check_author(conn, coder_id, only)


def check_author(conn: sqlite3.Connection, coder_id: int, only: str) -> None:
    """Refuse an unknown coder and, in a coder package, any coder but the package's own."""
    row = conn.execute("SELECT uuid, name FROM coders WHERE id = ?", (coder_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"There is no coder {coder_id} in this project.")
    owner = read_meta(conn, "package_coder_uuid")
    if owner and owner != row[0]:
        name = read_meta(conn, "package_coder_name") or "another coder"
        raise AnnotatorError(f"This is {name}'s coder package: {only.format(owner=name, coder=row[1])}.")


def _check_spans(conn: sqlite3.Connection, wanted: list[Span]) -> None:
    ids = sorted({doc for doc, _, _ in wanted})
    lengths = dict(conn.execute("SELECT id, length FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                                (json.dumps(ids),)))
    for doc, start, end in wanted:
        if doc not in lengths:
            raise NotFoundError(f"There is no document {doc} in this project.")
        if not 0 <= start < end <= lengths[doc]:
            raise InvalidSpanError(f"The span {start}-{end} does not fit document {doc} ({lengths[doc]} characters).")


def plan(conn: sqlite3.Connection, query: Query, ids: Optional[Iterable[int]], extend: str = "hit",
         services=None, cancelled: Optional[Callable[[], bool]] = None) -> tuple[list[Span], int]:
    """The spans to code (extended, merged, in document order) and the number of hits.
    ``services``: the project's ``TextServices`` (needed for ``sentence``). ``cancelled()`` is
    asked between documents and stops early (the caller decides what a partial plan means)."""
    _check_extend(extend)
    pattern = query.compile()
    planned: list[Span] = []
    hits = 0
    for doc_id, _, text in texts(conn, ids):
        if cancelled is not None and cancelled():
            break
        found = pairs(spans(pattern, text, query))
        hits += len(found)
        planned += _planned(doc_id, text, found, extend, services)
    return planned, hits


def plan_hits(conn: sqlite3.Connection, hits: Hits, extend: str = "hit", services=None,
              cancelled: Optional[Callable[[], bool]] = None) -> tuple[list[Span], int]:
    """:func:`plan` for hits already found and shown: exactly those, not a new search (the
    documents in scope may have changed since). Each document's stored text must still be the
    one searched, else all is refused (texts never change: only a replaced file differs)."""
    _check_extend(extend)
    listed = {doc_id: (name, text, found) for doc_id, name, text, found in hits.documents()}
    planned: list[Span] = []
    for doc_id, _, stored in texts(conn, list(listed)):
        if cancelled is not None and cancelled():
            return planned, len(hits)
        name, text, found = listed.pop(doc_id)
        if stored != text:
            raise _not_searched(name)
        planned += _planned(doc_id, text, pairs(found), extend, services)
    if listed:
        raise _not_searched(next(iter(listed.values()))[0])
    return planned, len(hits)


def _not_searched(name: str) -> AnnotatorError:
    return AnnotatorError(f"{name!r} is not the text that was searched (was the project file replaced?), so "
                          "nothing was coded; search again, then code the hits.")


def _check_extend(extend: str) -> None:
    if extend not in EXTENDS:
        raise AnnotatorError(f"--extend must be one of {', '.join(EXTENDS)}, not {extend!r}.")


def _planned(doc_id: int, text: str, found: list[tuple[int, int]], extend: str, services) -> list[Span]:
    return [(doc_id, start, end) for start, end in merged(extended(text, found, extend, services))] if found else []


def extended(text: str, found: list[tuple[int, int]], extend: str, services=None) -> list[tuple[int, int]]:
    """Each hit of ``text`` extended to what ``extend`` names (see the module's docstring)."""
    if extend == "sentence":
        sentences = services.sentences(text)
        starts, ends = [s for s, _ in sentences], [e for _, e in sentences]
        return [_sentence(sentences, starts, ends, start, end) for start, end in found]
    if extend == "paragraph":
        return covering(text, found)
    return list(found)


def _sentence(sentences, starts, ends, start: int, end: int) -> tuple[int, int]:
    first = bisect.bisect_right(ends, start)        # the first sentence ending after the hit starts
    last = bisect.bisect_left(starts, end) - 1      # the last sentence starting before it ends
    if first > last:
        return start, end
    return min(start, sentences[first][0]), max(end, sentences[last][1])


def merged(found: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined into one; touching ones stay apart."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
