"""The suggestion layer: spans offered to one coder with one code, accepted or rejected by them.

Suggestions live in their own table (migration 8), never in ``annotations``: exports, agreement,
adjudication, packages and merges read annotations only, so an open or rejected suggestion is
never counted. Each is for one coder (blind coding stays blind: a coder is offered only what
their own work, the codebook's rules or the corpus produced for them), made by one method
(:data:`METHODS`) with a model version and a score in [0, 1].

- :class:`AddSuggestions` writes what a method offers, one undo step. A span the coder already
  has with that code, or that was already suggested to them with that code (by any method, open
  or decided), is not offered again: a rejection stays a rejection.
- :class:`Decide` accepts or rejects suggestions, one undo step. Accepting makes an ordinary
  annotation for that coder and records its provenance (method, model version, score, codebook
  version) in ``annotation_provenance`` by the annotation's UUID, so it travels with it. If the
  coder already has that exact annotation, the suggestion is linked to it and no provenance is
  written (it was coded by hand). Rejections are kept: they are negative examples for training.
  An accepted suggestion cannot be rejected (delete its annotation instead, which keeps the
  record that it was accepted); a rejected one can still be accepted. A suggestion whose code
  became a group stays open (the code may become codable again): it can be rejected, not accepted.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import NamedTuple, Optional, Sequence

from .autocode import check_author, check_target
from .changes import Change, ChangeKind, read_meta
from .clock import now
from .errors import AnnotatorError, InvalidSpanError, NotFoundError
from .provenance import COLUMNS as _PROVENANCE
from .provenance import METHODS
from .uuids import new_uuids

STATUSES = ("open", "accepted", "rejected")


class Offer(NamedTuple):
    """What a method offers: a span of a document with a code and a score in [0, 1]."""
    document_id: int
    start: int
    end: int
    code_id: int
    score: float = 1.0


class Suggestion(NamedTuple):
    id: int
    uuid: str
    document_id: int
    document: str
    coder_id: int
    code_id: int
    code: str
    start: int
    end: int
    method: str
    model_version: str
    score: float
    status: str
    annotation_uuid: Optional[str]


@dataclass(frozen=True)
class Added:
    offered: int                    # offers made
    added: int                      # suggestions written
    by_code: dict                   # code id -> suggestions written with it


@dataclass
class AddSuggestions:
    """Write ``offers`` for ``coder_id`` as made by ``method`` (one undo step; see the module)."""

    coder_id: int
    method: str
    offers: Sequence[Offer]
    model_version: str = ""
    label: str = "Suggest codes"
    result: Optional[Added] = field(default=None, init=False)

    def apply(self, conn: sqlite3.Connection):
        if self.method not in METHODS:
            raise AnnotatorError(f"The method must be one of {', '.join(METHODS)}, not {self.method!r}.")
        wanted = list(dict.fromkeys(_checked(conn, self.coder_id, self.offers)))
        known = _known(conn, self.coder_id)
        fresh = [o for o in wanted if (o.document_id, o.start, o.end, o.code_id) not in known]
        stamp, uuids = now(), new_uuids(len(fresh))
        conn.executemany('INSERT INTO suggestions(uuid, document_id, coder_id, code_id, start, "end", method, '
                         "model_version, score, created) VALUES (?,?,?,?,?,?,?,?,?,?)",
                         [(uuid, o.document_id, self.coder_id, o.code_id, o.start, o.end, self.method,
                           self.model_version, float(o.score), stamp)
                          for uuid, o in zip(uuids, fresh)])
        by_code: dict[int, int] = {}
        for offer in fresh:
            by_code[offer.code_id] = by_code.get(offer.code_id, 0) + 1
        self.result = Added(len(self.offers), len(fresh), by_code)
        return DeleteSuggestions(tuple(uuids), label=self.label), _change(fresh, ())


@dataclass
class DeleteSuggestions:
    """Remove suggestions (the undo of :class:`AddSuggestions`); the inverse puts them back exactly."""

    uuids: tuple[str, ...]
    label: str = "Remove suggestions"

    def apply(self, conn: sqlite3.Connection):
        rows = conn.execute(f"SELECT {_COLUMNS} FROM suggestions WHERE uuid IN (SELECT value FROM json_each(?)) "
                            "ORDER BY id", (json.dumps(list(self.uuids)),)).fetchall()
        conn.execute("DELETE FROM suggestions WHERE uuid IN (SELECT value FROM json_each(?))",
                     (json.dumps(list(self.uuids)),))
        return _RestoreSuggestions(tuple(rows), self.label), _change(_offers(rows), ())


@dataclass
class _RestoreSuggestions:
    rows: tuple[tuple, ...]
    label: str

    def apply(self, conn: sqlite3.Connection):
        conn.executemany(f"INSERT INTO suggestions({_COLUMNS}) VALUES ({', '.join('?' * _WIDTH)})", self.rows)
        return DeleteSuggestions(tuple(row[1] for row in self.rows), self.label), _change(_offers(self.rows), ())


@dataclass
class Decide:
    """Accept (``accept`` True) or reject the suggestions ``ids`` (one undo step; see the module).
    Those already so decided are left as they are; ``result`` counts what changed."""

    ids: Sequence[int]
    accept: bool
    label: str = ""
    result: Optional[int] = field(default=None, init=False)

    def __post_init__(self):
        self.label = self.label or ("Accept suggestions" if self.accept else "Reject suggestions")

    def apply(self, conn: sqlite3.Connection):
        rows = _rows(conn, self.ids)
        for row in rows:
            check_author(conn, row[3], _ONLY)
            if self.accept:
                _check_codable(conn, row[0], row[4])
            if not self.accept and row[10] == "accepted":
                raise AnnotatorError(f"Suggestion {row[0]} was accepted: delete its annotation instead of "
                                     "rejecting it, so that the record of it stays.")
        goal = "accepted" if self.accept else "rejected"
        todo = [row for row in rows if row[10] != goal]
        saved = _states(conn, [row[0] for row in todo])
        made = _accept(conn, todo) if self.accept else _reject(conn, todo)
        self.result = len(todo)
        return _Decided(tuple(saved), made, (), (), self.label), _change(_offers(todo), made)


@dataclass
class _Decided:
    """Put suggestions back in ``states`` (id, status, decided, annotation UUID), remove the
    annotations ``made`` and their provenance, and write back ``annotations`` and ``provenance``
    rows exactly (a redo's); the inverse is the same step the other way."""

    states: tuple[tuple, ...]
    made: tuple[str, ...]
    annotations: tuple[tuple, ...]
    provenance: tuple[tuple, ...]
    label: str

    def apply(self, conn: sqlite3.Connection):
        ids = [row[0] for row in self.states]
        now_states = _states(conn, ids)
        gone = json.dumps(list(self.made))
        removed = conn.execute(f"SELECT {_ANNOTATION} FROM annotations WHERE uuid IN (SELECT value FROM json_each(?)) "
                               "ORDER BY id", (gone,)).fetchall()
        lineage = conn.execute(f"SELECT {_PROVENANCE} FROM annotation_provenance WHERE annotation_uuid IN "
                               "(SELECT value FROM json_each(?))", (gone,)).fetchall()
        conn.execute("DELETE FROM annotations WHERE uuid IN (SELECT value FROM json_each(?))", (gone,))
        conn.execute("DELETE FROM annotation_provenance WHERE annotation_uuid IN (SELECT value FROM json_each(?))",
                     (gone,))
        conn.executemany(f"INSERT INTO annotations({_ANNOTATION}) VALUES ({', '.join('?' * 11)})", self.annotations)
        conn.executemany(f"INSERT INTO annotation_provenance({_PROVENANCE}) VALUES (?,?,?,?,?,?,?)", self.provenance)
        conn.executemany("UPDATE suggestions SET status = ?, decided = ?, annotation_uuid = ? WHERE id = ?",
                         [(status, decided, link, sid) for sid, status, decided, link in self.states])
        back = tuple(row[1] for row in self.annotations)
        inverse = _Decided(tuple(now_states), back, tuple(removed), tuple(lineage), self.label)
        return inverse, _change(_offers(_rows(conn, ids)), back or self.made)


def suggestions(conn: sqlite3.Connection, coder_id: int, status: Optional[str] = None,
                document_ids: Optional[Sequence[int]] = None, code_ids: Optional[Sequence[int]] = None,
                ) -> list[Suggestion]:
    """One coder's suggestions in document order (by document id, start, end, code), optionally
    of one status, in some documents, with some codes."""
    if status is not None and status not in STATUSES:
        raise AnnotatorError(f"The status must be one of {', '.join(STATUSES)}, not {status!r}.")
    where, params = ["s.coder_id = ?"], list[object]([coder_id])
    for column, values in (("s.document_id", document_ids), ("s.code_id", code_ids)):
        if values is not None:
            where.append(f"{column} IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted(values)))
    if status is not None:
        where.append("s.status = ?")
        params.append(status)
    sql = ("SELECT s.id, s.uuid, s.document_id, d.name, s.coder_id, s.code_id, c.name, s.start, s.\"end\", "
           "s.method, s.model_version, s.score, s.status, s.annotation_uuid FROM suggestions s "
           "JOIN documents d ON d.id = s.document_id JOIN codes c ON c.id = s.code_id "
           f"WHERE {' AND '.join(where)} ORDER BY s.document_id, s.start, s.\"end\", c.position, s.code_id, s.id")
    return [Suggestion(*row) for row in conn.execute(sql, params)]


class Rate(NamedTuple):
    method: str
    code_id: int
    code: str
    accepted: int
    rejected: int
    open: int

    @property
    def rate(self) -> Optional[float]:
        """Accepted among those decided; None before any decision."""
        decided = self.accepted + self.rejected
        return self.accepted / decided if decided else None


def acceptance(conn: sqlite3.Connection, coder_id: int) -> list[Rate]:
    """Per method and code: how many of the coder's suggestions were accepted, rejected, still open."""
    rows = conn.execute("SELECT s.method, s.code_id, c.name, sum(s.status = 'accepted'), "
                        "sum(s.status = 'rejected'), sum(s.status = 'open') FROM suggestions s "
                        "JOIN codes c ON c.id = s.code_id WHERE s.coder_id = ? "
                        "GROUP BY s.method, s.code_id ORDER BY s.method, c.position, c.id", (coder_id,))
    return [Rate(*row) for row in rows]


# ----------------------------------------------------------------- inside
_COLUMNS = ('id, uuid, document_id, coder_id, code_id, start, "end", method, model_version, score, status, '
            'created, decided, annotation_uuid')
_WIDTH = 14
_ONLY = "suggestions here are for {owner} only, not for {coder}"
_ANNOTATION = 'id, uuid, document_id, coder_id, code_id, start, "end", memo, created, modified, scheme_version'
_DECISION = 'id, uuid, document_id, coder_id, code_id, start, "end", method, model_version, score, status, ' \
            'decided, annotation_uuid'


def _checked(conn: sqlite3.Connection, coder_id: int, offers: Sequence[Offer]) -> list[Offer]:
    """The offers as :class:`Offer` records, every one checked: a codable code, a span inside its
    document, a score in [0, 1]; the coder must be one this project may suggest to."""
    codes = {offer.code_id for offer in offers}
    for code_id in sorted(codes):
        check_target(conn, code_id, coder_id, _ONLY)
    if not codes and not conn.execute("SELECT 1 FROM coders WHERE id = ?", (coder_id,)).fetchone():
        raise NotFoundError(f"There is no coder {coder_id} in this project.")
    ids = sorted({offer.document_id for offer in offers})
    lengths = dict(conn.execute("SELECT id, length FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                                (json.dumps(ids),)))
    out = []
    for offer in offers:
        offer = Offer(*offer)
        if offer.document_id not in lengths:
            raise NotFoundError(f"There is no document {offer.document_id} in this project.")
        if not 0 <= offer.start < offer.end <= lengths[offer.document_id]:
            raise InvalidSpanError(f"The span {offer.start}-{offer.end} does not fit document {offer.document_id} "
                                   f"({lengths[offer.document_id]} characters).")
        if not 0.0 <= float(offer.score) <= 1.0:
            raise AnnotatorError(f"A suggestion's score is between 0 and 1, not {offer.score}.")
        out.append(offer)
    return out


def _known(conn: sqlite3.Connection, coder_id: int) -> set[tuple[int, int, int, int]]:
    """The spans with codes the coder has as annotations or was already offered."""
    sql = ('SELECT document_id, start, "end", code_id FROM annotations WHERE coder_id = ? '
           'UNION SELECT document_id, start, "end", code_id FROM suggestions WHERE coder_id = ?')
    return set(conn.execute(sql, (coder_id, coder_id)))


def _rows(conn: sqlite3.Connection, ids: Sequence[int]) -> list[tuple]:
    wanted = sorted(set(ids))
    rows = conn.execute(f"SELECT {_DECISION} FROM suggestions WHERE id IN (SELECT value FROM json_each(?)) "
                        "ORDER BY id", (json.dumps(wanted),)).fetchall()
    missing = sorted(set(wanted) - {row[0] for row in rows})
    if missing:
        raise NotFoundError(f"There is no suggestion {missing[0]} in this project, so nothing was decided.")
    return rows


def _check_codable(conn: sqlite3.Connection, suggestion_id: int, code_id: int) -> None:
    """Refuse to accept a suggestion whose code has become a group since (rejecting it needs no
    code that can be applied)."""
    name, codable = conn.execute("SELECT name, codable FROM codes WHERE id = ?", (code_id,)).fetchone()
    if not codable:
        raise InvalidSpanError(f"Suggestion {suggestion_id} is of {name!r}, which is now a group for other codes "
                               "and cannot be applied itself, so nothing was decided (reject it, or make the code "
                               "codable again).")


def _accept(conn: sqlite3.Connection, rows: list[tuple]) -> tuple[str, ...]:
    """Annotations for ``rows`` (their provenance recorded); the UUIDs of those made."""
    stamp, version = now(), int(read_meta(conn, "scheme_version") or 1)
    made: list[str] = []
    for row, uuid in zip(rows, new_uuids(len(rows))):
        sid, suuid, doc, coder, code, start, end, method, model_version, score = row[:10]
        have = conn.execute('SELECT uuid FROM annotations WHERE coder_id = ? AND document_id = ? AND code_id = ? '
                            'AND start = ? AND "end" = ?', (coder, doc, code, start, end)).fetchone()
        if have is None:
            conn.execute('INSERT INTO annotations(uuid, document_id, coder_id, code_id, start, "end", created, '
                         "modified) VALUES (?,?,?,?,?,?,?,?)", (uuid, doc, coder, code, start, end, stamp, stamp))
            conn.execute(f"INSERT INTO annotation_provenance({_PROVENANCE}) VALUES (?,?,?,?,?,?,?)",
                         (uuid, suuid, method, model_version, score, version, stamp))
            made.append(uuid)
        conn.execute("UPDATE suggestions SET status = 'accepted', decided = ?, annotation_uuid = ? WHERE id = ?",
                     (stamp, have[0] if have else uuid, sid))
    return tuple(made)


def _reject(conn: sqlite3.Connection, rows: list[tuple]) -> tuple[str, ...]:
    conn.executemany("UPDATE suggestions SET status = 'rejected', decided = ?, annotation_uuid = NULL WHERE id = ?",
                     [(now(), row[0]) for row in rows])
    return ()


def _states(conn: sqlite3.Connection, ids: Sequence[int]) -> list[tuple]:
    return conn.execute("SELECT id, status, decided, annotation_uuid FROM suggestions WHERE id IN "
                        "(SELECT value FROM json_each(?)) ORDER BY id", (json.dumps(list(ids)),)).fetchall()


def _offers(rows) -> list[Offer]:
    return [Offer(row[2], row[5], row[6], row[4]) for row in rows]


def _change(offers: Sequence[Offer], made: Sequence[str]) -> Change:
    """What views refresh: the suggestions' document and ranges; annotations made or removed are
    an annotation change (a bulk one across documents)."""
    documents = {offer.document_id for offer in offers}
    one = next(iter(documents)) if len(documents) == 1 else None
    ranges = tuple((offer.start, offer.end) for offer in offers) if one is not None else ()
    if not made:
        return Change(one, ranges, (), ChangeKind.SUGGESTIONS)
    return Change(one, ranges, tuple(made), ChangeKind.ANNOTATION if one is not None else ChangeKind.BULK)
