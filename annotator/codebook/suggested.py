"""A code's suggestions (migration 8) when a codebook edit removes the code: a merged code's
move to the target code like its annotations; a deleted code's go with it and come back with it
on undo. ``suggestions.code_id`` is ``ON DELETE CASCADE``, so :class:`~.patch.SchemePatch` takes
them out itself, first, to keep them for its inverse (rejections are negative examples, accepted
ones the acceptance rates). ``annotation_provenance`` is keyed by annotation UUID and needs nothing."""
from __future__ import annotations

import json
import sqlite3
from typing import Iterable

# Which of two suggestions of the same span, coder and method to keep when a merge makes them one
# (the unique index suggestions_once): the coder's decision over an open one, and an acceptance
# over a rejection (its annotation moves to the target code too); on a tie, the target's.
_KEEP_FIRST = {"accepted": 2, "rejected": 1, "open": 0}


def rows(conn: sqlite3.Connection, uuids: Iterable[str]) -> tuple[tuple, ...]:
    """The whole rows ((column, value), ...) of the suggestions ``uuids``, in id order."""
    cursor = conn.execute("SELECT * FROM suggestions WHERE uuid IN (SELECT value FROM json_each(?)) ORDER BY id",
                          (json.dumps(list(uuids)),))
    names = [d[0] for d in cursor.description]
    return tuple(tuple(zip(names, values)) for values in cursor)


def left_behind(conn: sqlite3.Connection, code_uuids: Iterable[str], moves: Iterable[tuple]) -> tuple[str, ...]:
    """The UUIDs of the suggestions of the codes ``code_uuids`` that ``moves`` does not move away."""
    moving = {uuid for uuid, _code in moves}
    found = conn.execute("SELECT s.uuid FROM suggestions s JOIN codes c ON c.id = s.code_id WHERE c.uuid IN "
                         "(SELECT value FROM json_each(?)) ORDER BY s.id", (json.dumps(list(code_uuids)),))
    return tuple(uuid for (uuid,) in found if uuid not in moving)


def moved(conn: sqlite3.Connection, source_uuid: str, target_uuid: str) -> tuple[tuple, tuple]:
    """The source code's suggestions re-coded to the target: (moves (suggestion UUID, code UUID),
    drops (suggestion UUIDs)). Where the target has the same one already, one is kept (_KEEP_FIRST)."""
    found = conn.execute(
        "SELECT s.uuid, s.status, t.uuid, t.status FROM suggestions s JOIN codes c ON c.id = s.code_id "
        "LEFT JOIN suggestions t ON t.code_id = (SELECT id FROM codes WHERE uuid = ?) AND t.coder_id = s.coder_id "
        'AND t.document_id = s.document_id AND t.start = s.start AND t."end" = s."end" AND t.method = s.method '
        "WHERE c.uuid = ? ORDER BY s.id", (target_uuid, source_uuid))
    moves, drops = [], []
    for uuid, status, twin, twin_status in found:
        if twin is None:
            moves.append((uuid, target_uuid))
        elif _KEEP_FIRST[status] > _KEEP_FIRST[twin_status]:
            moves.append((uuid, target_uuid))
            drops.append(twin)
        else:
            drops.append(uuid)
    return tuple(moves), tuple(drops)


def codes_now(conn: sqlite3.Connection, moves: Iterable[tuple]) -> tuple[tuple, ...]:
    """(suggestion UUID, the UUID of its code now) for each of ``moves``: the moves back."""
    out = []
    for uuid, _code in moves:
        row = conn.execute("SELECT c.uuid FROM suggestions s JOIN codes c ON c.id = s.code_id WHERE s.uuid = ?",
                           (uuid,)).fetchone()
        if row is not None:
            out.append((uuid, row[0]))
    return tuple(out)


def remove(conn: sqlite3.Connection, uuids: Iterable[str]) -> None:
    conn.execute("DELETE FROM suggestions WHERE uuid IN (SELECT value FROM json_each(?))", (json.dumps(list(uuids)),))


def put(conn: sqlite3.Connection, moves: Iterable[tuple], restore: Iterable[tuple]) -> None:
    """Re-code the suggestions ``moves`` names, then insert the rows ``restore`` as they were."""
    conn.executemany("UPDATE suggestions SET code_id = (SELECT id FROM codes WHERE uuid = ?) WHERE uuid = ?",
                     [(code, uuid) for uuid, code in moves])
    for row in restore:
        columns = ", ".join(f'"{name}"' for name, _ in row)
        conn.execute(f"INSERT INTO suggestions({columns}) VALUES ({', '.join('?' * len(row))})", [v for _, v in row])
