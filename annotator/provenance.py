"""Where an annotation came from: the accepted suggestion that made it (migration 8).

``annotation_provenance`` has one row per annotation made by accepting a suggestion, keyed by
the annotation's UUID, so it travels wherever the annotation does (packages, merges, undo) and
stays when the annotation is deleted (the record that it was accepted). Annotations coded by hand
have no row. Readers here run on any connection; a file before migration 8 has no such table.
"""
from __future__ import annotations

import sqlite3

TABLE = "annotation_provenance"
COLUMNS = "annotation_uuid, suggestion_uuid, method, model_version, score, scheme_version, accepted"


def has_table(conn: sqlite3.Connection, schema: str = "main") -> bool:
    """True if the database ``schema`` (an ATTACHed file's name) has the provenance table."""
    return conn.execute(f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?",
                        (TABLE,)).fetchone() is not None


def methods(conn: sqlite3.Connection) -> dict[str, str]:
    """Annotation UUID -> the method of the suggestion it was accepted from (only those that were)."""
    if not has_table(conn):
        return {}
    return dict(conn.execute(f"SELECT p.annotation_uuid, p.method FROM {TABLE} p "
                             "JOIN annotations a ON a.uuid = p.annotation_uuid"))
