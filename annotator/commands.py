"""The annotation commands. Each follows :class:`annotator.changes.Command`: it applies itself
in the caller's transaction and returns ``(inverse, change)``. The inverse is another command
that puts the store back exactly as it was (same ids, UUIDs and timestamps). The Qt undo stack
only wraps these (see ui/shared/undo.py).

``Change`` (from :mod:`annotator.changes`) tells views what to refresh: the document and the
code-point ranges whose highlighting changed.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Optional

from .changes import Change, ChangeKind
from .clock import now
from .errors import InvalidSpanError, NotFoundError
from .records import Annotation
from .uuids import new_uuid


def check_span(conn: sqlite3.Connection, document_id: int, start, end) -> None:
    """Refuse impossible spans with a plain sentence."""
    for label, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidSpanError(f"The span's {label} must be a whole number, not {value!r}.")
    row = conn.execute("SELECT name, length FROM documents WHERE id = ?", (document_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"There is no document {document_id} in this project.")
    name, length = row
    if start < 0:
        raise InvalidSpanError(f"The span starts at {start}, before the beginning of {name!r}.")
    if end <= start:
        raise InvalidSpanError(f"The span [{start}, {end}) is empty or reversed; the end must come after the start.")
    if end > length:
        raise InvalidSpanError(f"The span ends at {end}, past the end of {name!r} ({length} characters).")


def check_code(conn: sqlite3.Connection, code_id: int) -> None:
    """Refuse a code that does not exist or is a group (not codable)."""
    row = conn.execute("SELECT name, codable FROM codes WHERE id = ?", (code_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"There is no code {code_id} in this project.")
    if not row[1]:
        raise InvalidSpanError(f"Code {row[0]!r} is a group for other codes and cannot be applied itself.")


def _fetch(conn: sqlite3.Connection, uuid: str) -> Annotation:
    row = conn.execute('SELECT id, uuid, document_id, coder_id, code_id, start, "end", memo, created, '
                       "modified FROM annotations WHERE uuid = ?", (uuid,)).fetchone()
    if row is None:
        raise NotFoundError(f"There is no annotation {uuid} in this project.")
    return Annotation(*row)


@dataclass
class AddAnnotation:
    document_id: int
    coder_id: int
    code_id: int
    start: int
    end: int
    memo: Optional[str] = None
    uuid: str = field(default_factory=new_uuid)
    label: str = "Add annotation"

    def apply(self, conn: sqlite3.Connection):
        check_span(conn, self.document_id, self.start, self.end)
        check_code(conn, self.code_id)
        if not conn.execute("SELECT 1 FROM coders WHERE id = ?", (self.coder_id,)).fetchone():
            raise NotFoundError(f"There is no coder {self.coder_id} in this project.")
        stamp = now()
        conn.execute('INSERT INTO annotations(uuid, document_id, coder_id, code_id, start, "end", memo, '
                     "created, modified) VALUES (?,?,?,?,?,?,?,?,?)",
                     (self.uuid, self.document_id, self.coder_id, self.code_id, self.start, self.end,
                      self.memo, stamp, stamp))
        change = Change(self.document_id, ((self.start, self.end),), (self.uuid,))
        return DeleteAnnotation(self.uuid, label=self.label), change


@dataclass
class RestoreAnnotation:
    """Put back a deleted annotation exactly as it was (the inverse of a delete)."""

    annotation: Annotation
    label: str = "Restore annotation"
    scheme_version: Optional[int] = None  # the codebook version it was made under (codebook.py)

    def apply(self, conn: sqlite3.Connection):
        a = self.annotation
        check_span(conn, a.document_id, a.start, a.end)
        conn.execute('INSERT INTO annotations(id, uuid, document_id, coder_id, code_id, start, "end", memo, '
                     "created, modified) VALUES (?,?,?,?,?,?,?,?,?,?)",
                     (a.id, a.uuid, a.document_id, a.coder_id, a.code_id, a.start, a.end, a.memo,
                      a.created, a.modified))
        if self.scheme_version is not None:
            conn.execute("UPDATE annotations SET scheme_version = ? WHERE id = ?", (self.scheme_version, a.id))
        return DeleteAnnotation(a.uuid, label=self.label), Change(a.document_id, ((a.start, a.end),), (a.uuid,))


@dataclass
class DeleteAnnotation:
    uuid: str
    label: str = "Delete annotation"

    def apply(self, conn: sqlite3.Connection):
        old = _fetch(conn, self.uuid)
        version = conn.execute("SELECT scheme_version FROM annotations WHERE id = ?", (old.id,)).fetchone()[0]
        conn.execute("DELETE FROM annotations WHERE id = ?", (old.id,))
        change = Change(old.document_id, ((old.start, old.end),), (old.uuid,))
        return RestoreAnnotation(old, label=self.label, scheme_version=version), change


@dataclass
class UpdateAnnotation:
    """Set code, boundaries and memo of one annotation (re-code, resize, memo)."""

    uuid: str
    code_id: int
    start: int
    end: int
    memo: Optional[str]
    modified: Optional[str] = None  # set by inverses, so undo restores the old timestamp
    label: str = "Edit annotation"

    def apply(self, conn: sqlite3.Connection):
        old = _fetch(conn, self.uuid)
        check_span(conn, old.document_id, self.start, self.end)
        check_code(conn, self.code_id)
        conn.execute('UPDATE annotations SET code_id=?, start=?, "end"=?, memo=?, modified=? WHERE id=?',
                     (self.code_id, self.start, self.end, self.memo, self.modified or now(), old.id))
        inverse = UpdateAnnotation(old.uuid, old.code_id, old.start, old.end, old.memo,
                                   modified=old.modified, label=self.label)
        ranges = ((old.start, old.end), (self.start, self.end))
        return inverse, Change(old.document_id, ranges, (old.uuid,))


_ROW = 'id, uuid, document_id, coder_id, code_id, start, "end", memo, created, modified, scheme_version'


def bulk_change(uuids: tuple[str, ...]) -> Change:
    """The change of many annotations in many documents: views re-read rather than patch."""
    return Change(None, (), uuids, ChangeKind.BULK)


@dataclass
class DeleteAnnotations:
    """Delete many annotations in one statement (the undo of auto-coding). The delete triggers
    record each one's tombstone, as :class:`DeleteAnnotation` does; the inverse puts the rows
    back exactly (ids, UUIDs, timestamps, codebook version), which marks the tombstones restored."""

    uuids: tuple[str, ...]
    label: str = "Delete annotations"

    def apply(self, conn: sqlite3.Connection):
        rows = conn.execute(f"SELECT {_ROW} FROM annotations WHERE uuid IN (SELECT value FROM json_each(?)) "
                            "ORDER BY id", (json.dumps(list(self.uuids)),)).fetchall()
        if len(rows) != len(set(self.uuids)):
            raise NotFoundError(f"{len(set(self.uuids)) - len(rows)} of these annotations are no longer in this "
                                "project, so none was deleted.")
        conn.execute("DELETE FROM annotations WHERE id IN (SELECT value FROM json_each(?))",
                     (json.dumps([row[0] for row in rows]),))
        return RestoreAnnotations(tuple(rows), label=self.label), bulk_change(tuple(self.uuids))


@dataclass
class RestoreAnnotations:
    """Put back rows that :class:`DeleteAnnotations` removed, exactly as they were."""

    rows: tuple[tuple, ...]
    label: str = "Restore annotations"

    def apply(self, conn: sqlite3.Connection):
        conn.executemany(f"INSERT INTO annotations({_ROW}) VALUES (?,?,?,?,?,?,?,?,?,?,?)", self.rows)
        uuids = tuple(row[1] for row in self.rows)
        return DeleteAnnotations(uuids, label=self.label), bulk_change(uuids)
