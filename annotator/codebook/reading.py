"""Reading the codebook: code rows, tree order, definitions, the version and the change log."""
from __future__ import annotations

import json
import sqlite3
from typing import Optional

from ..errors import NotFoundError
from ..records import tree_path
from .anchors import read_anchors
from .records import CodeDefinition, CodeRow, SchemeLogEntry
from .rules import read_rules

_KNOWN = ("id", "uuid", "name", "color", "description", "examples", "use_when", "dont_use_when",
          "shortcut", "parent_id", "position", "codable", "rules", "anchors", "parent_uuid")


def _rows(conn: sqlite3.Connection, where: str = "", params=()) -> list[CodeRow]:
    cursor = conn.execute("SELECT c.*, p.uuid AS parent_uuid FROM codes c LEFT JOIN codes p ON p.id = c.parent_id "
                          f"{where} ORDER BY c.position, c.id", params)
    names = [d[0] for d in cursor.description]
    out = []
    for values in cursor:
        row = dict(zip(names, values))
        extra = tuple((k, v) for k, v in row.items() if k not in _KNOWN)
        out.append(CodeRow(row["id"], row["uuid"], row["name"], row["color"], row["description"],
                           row.get("examples", ""), row.get("use_when", ""), row.get("dont_use_when", ""),
                           row["shortcut"], row["parent_uuid"], row["position"], bool(row["codable"]),
                           row.get("rules", "[]"), row.get("anchors", "[]"), extra))
    return out


def code_rows(conn: sqlite3.Connection) -> list[CodeRow]:
    """Every code, ordered by position then id."""
    return _rows(conn)


def code_row(conn: sqlite3.Connection, uuid: str) -> CodeRow:
    rows = _rows(conn, "WHERE c.uuid = ?", (uuid,))
    if not rows:
        raise NotFoundError(f"There is no code {uuid} in this project.")
    return rows[0]


def tree_order(rows: list[CodeRow]) -> list[tuple[int, CodeRow]]:
    """(depth, row) depth first, siblings by position."""
    children: dict[Optional[str], list[CodeRow]] = {}
    known = {r.uuid for r in rows}
    for row in sorted(rows, key=lambda r: (r.position, r.id or 0)):
        parent = row.parent_uuid if row.parent_uuid in known else None
        children.setdefault(parent, []).append(row)
    out: list[tuple[int, CodeRow]] = []

    def walk(parent: Optional[str], depth: int) -> None:
        for row in children.get(parent, []):
            out.append((depth, row))
            walk(row.uuid, depth + 1)

    walk(None, 0)
    return out


def path_of(rows_by_uuid: dict, uuid: str) -> str:
    return tree_path(rows_by_uuid, uuid, "uuid", "parent_uuid")


def definition(project, ref) -> CodeDefinition:
    """The definition of one code (a record, id, UUID or name)."""
    conn = project.store.conn
    uuid = project.code(ref).uuid
    by_uuid = {r.uuid: r for r in code_rows(conn)}
    row = by_uuid[uuid]
    return CodeDefinition(row.uuid, row.name, path_of(by_uuid, uuid), row.color, row.codable, row.shortcut,
                          row.description, row.examples, row.use_when, row.dont_use_when,
                          read_rules(row.rules, row.name), read_anchors(row.anchors, row.name))


def scheme_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'scheme_version'").fetchone()
    try:
        return int(row[0]) if row else 1
    except ValueError:
        return 1


def scheme_log(conn: sqlite3.Connection) -> list[SchemeLogEntry]:
    rows = conn.execute("SELECT l.id, l.time, c.name, l.coder_uuid, l.action, l.code_uuid, l.details, "
                        "l.scheme_version FROM scheme_log l LEFT JOIN coders c ON c.uuid = l.coder_uuid "
                        "ORDER BY l.id")
    return [SchemeLogEntry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6] or "{}"), r[7]) for r in rows]


def annotation_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Code UUID -> number of annotations (all coders)."""
    rows = conn.execute("SELECT c.uuid, count(a.id) FROM codes c LEFT JOIN annotations a ON a.code_id = c.id "
                        "GROUP BY c.id")
    return {uuid: count for uuid, count in rows}


def annotation_scheme_version(conn: sqlite3.Connection, annotation_uuid: str) -> Optional[int]:
    row = conn.execute("SELECT scheme_version FROM annotations WHERE uuid = ?", (annotation_uuid,)).fetchone()
    if row is None:
        raise NotFoundError(f"There is no annotation {annotation_uuid} in this project.")
    return row[0]
