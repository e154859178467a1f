"""Provenance carried by a merge: which accepted suggestion made an annotation (:mod:`annotator.provenance`).

A package's provenance rows are staged beside its annotations (a package made before migration 8
has none). The merge writes the staged row of every annotation it adds or updates from that
package, replacing the project's (an annotation without a staged row keeps the project's); rows of
annotations the merge leaves alone are not written. Suggestions themselves never travel: a
package's open and rejected suggestions are its coder's and stay in it. All of it is in the
merge's undo.
"""
from __future__ import annotations

import sqlite3

from ..provenance import COLUMNS, TABLE, has_table
from .restore import capture

_STAGED = ("pkg INTEGER, annotation_uuid TEXT, suggestion_uuid TEXT, method TEXT, model_version TEXT, "
           "score REAL, scheme_version INTEGER, accepted TEXT")


def create_table(conn: sqlite3.Connection, table: str) -> None:
    conn.execute(f"CREATE TEMP TABLE {table.split('.')[1]} ({_STAGED})")


def stage_provenance(conn: sqlite3.Connection, table: str, package) -> None:
    """Copy the ATTACHed package's provenance rows; a suggestion's UUID that is not one becomes ""
    (it names a suggestion in the package's file only, never merged)."""
    if has_table(conn, "pkg"):
        conn.execute(f"INSERT INTO {table} SELECT ?, annotation_uuid, coalesce(annotator_uuid(suggestion_uuid), ''), "
                     f"method, model_version, score, scheme_version, accepted FROM pkg.{TABLE}", (package.index,))


def apply_provenance(conn: sqlite3.Connection, staging, undo: dict) -> None:
    """Write the staged rows of the annotations the merge added or updated (``temp.merge_plan``)."""
    rows = conn.execute(f"""
        SELECT s.annotation_uuid, s.suggestion_uuid, s.method, s.model_version, s.score, s.scheme_version,
               s.accepted
        FROM {staging.provenance} s JOIN temp.merge_plan p ON p.pkg = s.pkg AND p.uuid = s.annotation_uuid
        WHERE p.verdict IN ('add', 'update') AND EXISTS (SELECT 1 FROM main.annotations a WHERE a.uuid = p.uuid)
        ORDER BY s.annotation_uuid""").fetchall()
    undo[TABLE] = capture(conn, TABLE, [(row[0],) for row in rows])
    conn.executemany(f"INSERT OR REPLACE INTO main.{TABLE} ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
