"""Memos carried by a merge: the package coder's own memos on documents and codes, and their journal
(:mod:`annotator.memos`).

A package's memos are staged beside its annotations, but only those of its coder: a package that
also carries other coders' memos (made with their annotations) never writes them. Each memo is
matched to the project's memo of the same coder on the same target (the document by its text,
the code by UUID or the name match the merge confirmed); the newest ``modified`` wins, over the
project's and over the same coder's other packages in this merge, so the order of merges does
not matter. A cleared memo (empty text) is a version like any other, so clearing travels too.
A memo whose document or code the project lacks is not written and is counted. All of it is in
the merge's undo.
"""
from __future__ import annotations

import sqlite3

from ..memos import COLUMNS
from ..uuids import new_uuid
from .restore import capture

_STAGED = ("pkg INTEGER, uuid TEXT, kind TEXT, target_uuid TEXT, coder_uuid TEXT, text TEXT, created TEXT, "
           "modified TEXT")
REASONS = {"target": "its document or code is not in the project",
           "older": "the project holds a newer version of this memo"}


def create_table(conn: sqlite3.Connection, table: str) -> None:
    conn.execute(f"CREATE TEMP TABLE {table.split('.')[1]} ({_STAGED})")


def stage_memos(conn: sqlite3.Connection, table: str, package) -> None:
    """Copy the ATTACHed package's memos by its coder (a package made before memos has none)."""
    if conn.execute("SELECT 1 FROM pkg.sqlite_master WHERE type = 'table' AND name = 'memos'").fetchone():
        conn.execute(f"INSERT INTO {table} SELECT ?, uuid, kind, target_uuid, coder_uuid, text, created, modified "
                     "FROM pkg.memos WHERE annotator_uuid(coder_uuid) = ?", (package.index, package.coder_uuid))


def apply_memos(conn: sqlite3.Connection, staging, packages: list, undo: dict) -> None:
    """Write the newest version of each staged memo the project lacks or holds older; count per package."""
    snapshot = undo["memos"] = capture(conn, "memos", [])
    for key, (pkg, uuid, text, created, modified) in sorted(_newest(conn, staging, packages).items(),
                                                           key=lambda item: item[1][:2]):
        lead = conn.execute(f"SELECT {COLUMNS} FROM memos WHERE kind = ? AND target_uuid IS ? AND coder_uuid = ?",
                            key).fetchone()
        if lead is None:
            free = not conn.execute("SELECT 1 FROM memos WHERE uuid = ?", (uuid,)).fetchone()
            cursor = conn.execute(f"INSERT INTO memos ({COLUMNS}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)",
                                  (uuid if free else new_uuid(), *key, text, created, modified))
            snapshot.keys.append((cursor.lastrowid,))
        elif modified > lead[7]:
            snapshot.rows += capture(conn, "memos", [(lead[0],)]).rows
            snapshot.keys.append((lead[0],))
            conn.execute("UPDATE memos SET text = ?, modified = ? WHERE id = ?", (text, modified, lead[0]))
        else:
            if modified < lead[7]:
                packages[pkg].memos_refused[REASONS["older"]] += 1
            continue
        packages[pkg].memos += 1


def _newest(conn: sqlite3.Connection, staging, packages: list) -> dict[tuple, tuple]:
    """(kind, target UUID, coder UUID) in the project -> the newest staged (package, UUID, text,
    created, modified); a memo whose target the project lacks is counted and left out."""
    best: dict[tuple, tuple] = {}
    for pkg, uuid, kind, target, coder, text, created, modified in _placed(conn, staging):
        if target is None and kind != "journal":
            packages[pkg].memos_refused[REASONS["target"]] += 1
            continue
        key = (kind, target, coder)
        if key not in best or (modified, text) > (best[key][4], best[key][2]):
            best[key] = (pkg, uuid, text, created, modified)
    return best


def _placed(conn: sqlite3.Connection, staging) -> list[tuple]:
    """The staged memos with the project's UUIDs for their target (None if it has none) and coder."""
    return conn.execute(f"""
        SELECT s.pkg, s.uuid, s.kind,
               CASE s.kind WHEN 'document' THEN d.uuid WHEN 'code' THEN k.uuid END,
               c.uuid, CAST(s.text AS TEXT), s.created, CAST(s.modified AS TEXT)
        FROM {staging.memos} s
        JOIN temp.merge_pkgs p ON p.pkg = s.pkg JOIN main.coders c ON c.id = p.coder_id
        LEFT JOIN {staging.docs} sd ON s.kind = 'document' AND sd.pkg = s.pkg AND sd.uuid = s.target_uuid
        LEFT JOIN temp.merge_docmap dm ON dm.pkg = sd.pkg AND dm.doc = sd.doc
        LEFT JOIN main.documents d ON d.id = dm.lead_doc
        LEFT JOIN temp.merge_codemap cm ON s.kind = 'code' AND cm.uuid = s.target_uuid
        LEFT JOIN main.codes k ON k.id = cm.code_id
        ORDER BY s.pkg, s.uuid""").fetchall()
