"""Memos beyond annotations: a coder's memo on a document, on a code (apart from the code's
definition), and each coder's project journal (table ``memos``, migration 6).

A memo belongs to a coder, as an annotation does: one per coder on each document or code, and
one journal per coder (long-form; its writer dates the entries inside the text). So blind
coding stays blind (a coder package carries its coder's own memos) and a merge takes only the
package coder's memos, never another coder's (:mod:`annotator.merging.memos`). Clearing a memo
keeps its row with an empty text, so that a merge carries the clearing like an edit (newest
``modified`` wins); everything that shows memos shows only those with text.

:class:`SetMemo` is the edit (an empty text clears the memo); :class:`PutMemo` puts one
coder's memo row back exactly (id, UUID, timestamps) and is every inverse. A code's memos go
with it: deleted with the code, joined to the target's in a code merge (:func:`moved_to`).
:func:`find` lists the hits of a regular expression in the memos, for ``annotator search``.
"""
from __future__ import annotations

import dataclasses
import re
import sqlite3
from dataclasses import dataclass, replace
from typing import NamedTuple, Optional

from .changes import Change, ChangeKind, read_meta
from .clock import now
from .errors import AnnotatorError, NotFoundError
from .records import Memo, tree_path
from .textio import normalise
from .textmatch import match_spans, pairs
from .uuids import new_uuid

KINDS = ("document", "code", "journal")
COLUMNS = "id, uuid, kind, target_uuid, coder_uuid, text, created, modified"
_TABLES = {"document": "documents", "code": "codes"}


class MemoLine(NamedTuple):
    """A memo with text, and the names it is shown under."""

    memo: Memo
    target: str      # the document's name, the code's path (``a > b``); "" for a journal
    coder: str       # the coder's name


class MemoHit(NamedTuple):
    """One match in a memo: ``text[start:end]`` is the hit (code points in the whole memo)."""

    kind: str
    target: str
    coder: str
    start: int
    end: int
    text: str


# ----------------------------------------------------------------- rows
def stored(conn: sqlite3.Connection, kind: str, target_uuid: Optional[str], coder_uuid: str) -> Optional[Memo]:
    """The row of a coder's memo on a target (a journal: ``target_uuid`` None), cleared or not."""
    row = conn.execute(f"SELECT {COLUMNS} FROM memos WHERE kind = ? AND target_uuid IS ? AND coder_uuid = ?",
                       (kind, target_uuid, coder_uuid)).fetchone()
    return Memo(*row) if row else None


def by_uuid(conn: sqlite3.Connection, uuids) -> dict[str, Memo]:
    found: dict[str, Memo] = {}
    for uuid in uuids:
        row = conn.execute(f"SELECT {COLUMNS} FROM memos WHERE uuid = ?", (uuid,)).fetchone()
        if row:
            found[uuid] = Memo(*row)
    return found


def on_target(conn: sqlite3.Connection, kind: str, target_uuid: str) -> list[Memo]:
    """Every coder's memo row on one document or code (cleared ones too), by id."""
    rows = conn.execute(f"SELECT {COLUMNS} FROM memos WHERE kind = ? AND target_uuid = ? ORDER BY id",
                        (kind, target_uuid))
    return [Memo(*row) for row in rows]


def put(conn: sqlite3.Connection, memo: Memo) -> None:
    """Write ``memo`` exactly (its id, if it has one, and its UUID), replacing its old row."""
    conn.execute("DELETE FROM memos WHERE uuid = ?", (memo.uuid,))
    conn.execute(f"INSERT INTO memos ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", dataclasses.astuple(memo))


def remove(conn: sqlite3.Connection, uuid: str) -> None:
    conn.execute("DELETE FROM memos WHERE uuid = ?", (uuid,))


def memo_change(conn: sqlite3.Connection, kind: str, target_uuid: Optional[str]) -> Change:
    """The change to announce: a document memo names its document, so its row can refresh."""
    row = conn.execute("SELECT id FROM documents WHERE uuid = ?", (target_uuid,)).fetchone() \
        if kind == "document" else None
    return Change(row[0] if row else None, (), (), ChangeKind.MEMOS)


# ----------------------------------------------------------------- commands
@dataclass
class PutMemo:
    """Put a coder's memo on a target back to exactly ``memo`` (None: no row at all)."""

    kind: str
    target_uuid: Optional[str]
    coder_uuid: str
    memo: Optional[Memo]
    label: str = "Edit memo"

    def apply(self, conn: sqlite3.Connection) -> tuple["PutMemo", Change]:
        old = stored(conn, self.kind, self.target_uuid, self.coder_uuid)
        if old is not None:
            remove(conn, old.uuid)
        if self.memo is not None:
            put(conn, self.memo)
        inverse = PutMemo(self.kind, self.target_uuid, self.coder_uuid, old, self.label)
        return inverse, memo_change(conn, self.kind, self.target_uuid)


@dataclass
class SetMemo:
    """Set a coder's memo on a document or a code (by UUID), or their journal (``target_uuid``
    None). The text is stored normalised (``\\n`` line ends); a blank text clears the memo, and
    the same text again changes nothing. In a coder package only its coder's memos are written."""

    kind: str
    target_uuid: Optional[str]
    coder_uuid: str
    text: str
    label: str = "Edit memo"

    def apply(self, conn: sqlite3.Connection) -> tuple[PutMemo, Change]:
        check_target(conn, self.kind, self.target_uuid)
        check_coder(conn, self.coder_uuid)
        old = stored(conn, self.kind, self.target_uuid, self.coder_uuid)
        return PutMemo(self.kind, self.target_uuid, self.coder_uuid, self._new(old), self.label).apply(conn)

    def _new(self, old: Optional[Memo]) -> Optional[Memo]:
        text = normalise(self.text or "")
        text = text if text.strip() else ""
        if old is None:
            stamp = now()
            return Memo(None, new_uuid(), self.kind, self.target_uuid, self.coder_uuid, text, stamp, stamp) \
                if text else None
        return old if old.text == text else replace(old, text=text, modified=now())


def check_kind(kind, target) -> None:
    """Refuse a kind that is not one, and a target given for the journal or missing for the others."""
    if kind not in KINDS:
        raise AnnotatorError(f"A memo is on a document, on a code or the journal, not {kind!r}.")
    if kind == "journal" and target is not None:
        raise AnnotatorError("The journal belongs to the project, not to a document or a code; name no target.")
    if kind != "journal" and target is None:
        raise AnnotatorError(f"Say which {kind} the memo is on.")


def check_target(conn: sqlite3.Connection, kind: str, target_uuid: Optional[str]) -> None:
    check_kind(kind, target_uuid)
    if kind == "journal":
        return
    if not conn.execute(f"SELECT 1 FROM {_TABLES[kind]} WHERE uuid = ?", (target_uuid,)).fetchone():
        raise NotFoundError(f"There is no {kind} {target_uuid!r} in this project.")


def check_coder(conn: sqlite3.Connection, coder_uuid: str) -> None:
    if not conn.execute("SELECT 1 FROM coders WHERE uuid = ?", (coder_uuid,)).fetchone():
        raise NotFoundError(f"There is no coder {coder_uuid!r} in this project.")
    owner = read_meta(conn, "package_coder_uuid")
    if owner is not None and owner != coder_uuid:
        raise AnnotatorError(f"This is {read_meta(conn, 'package_coder_name') or 'another coder'}'s coder "
                             "package: the memos written here are theirs (a merge takes no one else's); write "
                             "this one in the lead's project.")


# ----------------------------------------------------------------- a code's memos in codebook edits
def moved_to(conn: sqlite3.Connection, source_uuid: str, target_uuid: str, source_name: str):
    """A code merge: each coder's memo on the source joins theirs on the target (after a line
    naming the source), or becomes it. Returns (memo rows to put, memo UUIDs to drop)."""
    rows, drop = [], []
    stamp = now()
    for memo in on_target(conn, "code", source_uuid):
        kept = stored(conn, "code", target_uuid, memo.coder_uuid)
        if kept is None:
            rows.append(replace(memo, target_uuid=target_uuid, modified=stamp))
            continue
        drop.append(memo.uuid)
        if memo.text:
            joined = f"{kept.text}\n\n" if kept.text else ""
            rows.append(replace(kept, text=f"{joined}From the merged code {source_name}:\n{memo.text}",
                                modified=stamp))
    return tuple(rows), tuple(drop)


def overwritten(conn: sqlite3.Connection, rows, drop) -> tuple[tuple[Memo, ...], tuple[str, ...]]:
    """What putting ``rows`` and dropping the UUIDs ``drop`` overwrites, as (rows to put back,
    UUIDs to drop): the inverse of such an edit."""
    uuids = [m.uuid for m in rows] + list(drop)
    old = by_uuid(conn, uuids)
    return tuple(old[u] for u in dict.fromkeys(uuids) if u in old), tuple(m.uuid for m in rows if m.uuid not in old)


# ----------------------------------------------------------------- reading
def lines(conn: sqlite3.Connection, kind: Optional[str] = None, coder_uuid: Optional[str] = None,
          target_uuid: Optional[str] = None) -> list[MemoLine]:
    """The memos with text (on documents in document order, then codes, then journals; coders by
    name), with the names of their targets and coders."""
    where, params = ["m.text != ''", "(m.kind = 'journal' OR d.id IS NOT NULL OR k.id IS NOT NULL)"], []
    for column, value in (("m.kind", kind), ("m.coder_uuid", coder_uuid), ("m.target_uuid", target_uuid)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    columns = ", ".join(f"m.{c}" for c in COLUMNS.split(", "))
    rows = conn.execute(
        f"SELECT {columns}, d.name, c.name FROM memos m JOIN coders c ON c.uuid = m.coder_uuid "
        "LEFT JOIN documents d ON m.kind = 'document' AND d.uuid = m.target_uuid "
        "LEFT JOIN codes k ON m.kind = 'code' AND k.uuid = m.target_uuid "
        f"WHERE {' AND '.join(where)} ORDER BY CASE m.kind WHEN 'document' THEN 0 WHEN 'code' THEN 1 ELSE 2 END, "
        "d.id, k.position, k.id, c.name, m.id", params).fetchall()
    paths = code_paths(conn) if any(row[2] == "code" for row in rows) else {}
    return [MemoLine(Memo(*row[:8]), row[8] or paths.get(row[3], ""), row[9]) for row in rows]


class _Node(NamedTuple):
    id: int
    name: str
    parent_id: Optional[int]


def code_paths(conn: sqlite3.Connection) -> dict[str, str]:
    """Code UUID -> its path (``group > code``)."""
    rows = conn.execute("SELECT id, uuid, name, parent_id FROM codes").fetchall()
    nodes = {i: _Node(i, name, parent) for i, _u, name, parent in rows}
    return {u: tree_path(nodes, i, "id", "parent_id") for i, u, _n, _p in rows}


def find(conn: sqlite3.Connection, pattern: re.Pattern, coder_uuid: Optional[str] = None) -> list[MemoHit]:
    """Every non-empty match of the compiled ``pattern`` in the memos with text (all coders', or
    ``coder_uuid``'s), in :func:`lines` order, compared in NFC as texts are (:mod:`.textmatch`)."""
    return [MemoHit(line.memo.kind, line.target, line.coder, start, end, line.memo.text)
            for line in lines(conn, coder_uuid=coder_uuid)
            for start, end in pairs(match_spans(pattern, line.memo.text)) if end > start]
