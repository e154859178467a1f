"""The one module that writes the ``codes`` table. Every writer of codes (the editor's
commands through :class:`~annotator.codebook.SchemePatch`, a new project's scheme and the
REFI-QDA import through :mod:`.bulk`, a merge and its undo, a coder package's copy) comes
here, so the table's rules hold for all of them: a shortcut is freed before codes are
updated (two codes may swap keys), parents are inserted before their children and deleted
after them (``parent_id`` is ``ON DELETE RESTRICT``). Names are checked by the callers with
:mod:`.names` before they write."""
from __future__ import annotations

import sqlite3
from typing import Iterable, Optional

from ..errors import SchemeError
from .anchors import without_anchors
from .records import CodeRow


def write_rows(conn: sqlite3.Connection, rows: Iterable[CodeRow]) -> list[int]:
    """Insert each row (with its id, if given) or update the code with its UUID; fields named
    in a row's ``keep`` are left as the project has them (and columns the table does not have yet,
    in a file a test writes as an older version did). Returns the ids of inserted codes."""
    rows = list(rows)
    live = set(table_columns(conn))
    existing = {u for (u,) in conn.execute("SELECT uuid FROM codes")}
    updates = [r for r in rows if r.uuid in existing]
    inserts = [r for r in rows if r.uuid not in existing]
    conn.executemany("UPDATE codes SET shortcut = NULL WHERE uuid = ?", [(r.uuid,) for r in updates])
    parents = {r.uuid: r.parent_uuid for r in inserts}
    ids = [_insert(conn, row, live) for row in sorted(inserts, key=lambda r: depth(r.uuid, parents))]
    for row in updates:
        columns = {k: v for k, v in _columns(conn, row).items() if k not in row.keep and k in live}
        conn.execute(f"UPDATE codes SET {', '.join(f'{k} = ?' for k in columns)} WHERE uuid = ?",
                     [*columns.values(), row.uuid])
    return ids


def _insert(conn: sqlite3.Connection, row: CodeRow, live: set) -> int:
    columns = {**{k: v for k, v in _columns(conn, row).items() if k in live}, "uuid": row.uuid}
    if row.id is not None:
        columns["id"] = row.id
    cursor = conn.execute(f"INSERT INTO codes({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                          [*columns.values()])
    assert cursor.lastrowid is not None  # an INSERT sets it
    return cursor.lastrowid


def _columns(conn: sqlite3.Connection, row: CodeRow) -> dict:
    parent_id = None
    if row.parent_uuid is not None:
        found = conn.execute("SELECT id FROM codes WHERE uuid = ?", (row.parent_uuid,)).fetchone()
        if found is None:
            raise SchemeError(f"There is no parent code {row.parent_uuid} in this project.")
        parent_id = found[0]
    return {"name": row.name, "color": row.color, "description": row.description, "examples": row.examples,
            "use_when": row.use_when, "dont_use_when": row.dont_use_when, "shortcut": row.shortcut,
            "parent_id": parent_id, "position": row.position, "codable": int(row.codable),
            "rules": row.rules, "anchors": row.anchors, **dict(row.extra)}


def depth(uuid: str, parents: dict) -> int:
    """How many ancestors ``uuid`` has in ``parents`` (code UUID -> parent UUID)."""
    count, seen = 0, set()
    while parents.get(uuid) is not None and uuid not in seen:
        seen.add(uuid)
        uuid = parents[uuid]
        count += 1
    return count


def remove_rows(conn: sqlite3.Connection, uuids: Iterable[str]) -> None:
    """Delete codes by UUID, children before parents."""
    parents = dict(conn.execute("SELECT c.uuid, p.uuid FROM codes c LEFT JOIN codes p ON p.id = c.parent_id"))
    for uuid in sorted(uuids, key=lambda u: -depth(u, parents)):
        conn.execute("DELETE FROM codes WHERE uuid = ?", (uuid,))


def remove_ids(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Delete codes by row id, children before parents; a code that keeps a child outside
    ``ids`` stays (the undo of a merge)."""
    left = list(ids)
    while left:
        parents = {p for (p,) in conn.execute("SELECT parent_id FROM codes WHERE parent_id IS NOT NULL")}
        ready = [i for i in left if i not in parents]
        if not ready:
            return
        conn.executemany("DELETE FROM codes WHERE id = ?", [(i,) for i in ready])
        left = [i for i in left if i in parents]


def restore_rows(conn: sqlite3.Connection, columns: list[str], rows: list[tuple]) -> None:
    """Put back code rows captured with ``columns`` (``id`` among them) by row id; columns the
    table no longer has are skipped, shortcuts freed first so restored keys cannot collide."""
    if not rows:
        return
    live = set(table_columns(conn))
    keep = [i for i, c in enumerate(columns) if c in live]
    names = [columns[i] for i in keep]
    at = columns.index("id")
    conn.executemany("UPDATE codes SET shortcut = NULL WHERE id = ?", [(r[at],) for r in rows])
    quoted = ", ".join(f'"{c}"' for c in names)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in names if c != "id")
    conn.executemany(f"INSERT INTO codes ({quoted}) "
                     f"VALUES ({', '.join('?' * len(names))}) ON CONFLICT (id) DO UPDATE SET {updates}",
                     [tuple(r[i] for i in keep) for r in rows])


def copy_table(conn: sqlite3.Connection, schema: str, withheld: Optional[dict] = None) -> None:
    """Copy every code of the attached database ``schema`` as it is (same ids and UUIDs) into
    this project's empty codes table; columns only one side has are left out. ``withheld`` (code
    UUID -> annotation UUIDs) names anchors left out of the copy (a coder package's own documents)."""
    shared = [c for c in table_columns(conn, schema) if c in set(table_columns(conn))]
    names = ", ".join(f'"{c}"' for c in shared)
    conn.execute(f"INSERT INTO main.codes ({names}) SELECT {names} FROM {schema}.codes")
    for uuid, held in (withheld or {}).items():
        name, anchors = conn.execute("SELECT name, anchors FROM main.codes WHERE uuid = ?", (uuid,)).fetchone()
        conn.execute("UPDATE main.codes SET anchors = ? WHERE uuid = ?",
                     (without_anchors(anchors, held, name), uuid))


def table_columns(conn: sqlite3.Connection, schema: str = "main") -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA {schema}.table_info(codes)")]
