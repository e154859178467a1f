"""Where an annotation came from: the accepted suggestion that made it (migration 8).

``annotation_provenance`` has one row per annotation made by accepting a suggestion, keyed by
the annotation's UUID, so it travels wherever the annotation does (packages, merges, undo) and
stays when the annotation is deleted (the record that it was accepted). Annotations coded by hand
have no row. Readers here run on any connection; a file before migration 8 has no such table.
"""
from __future__ import annotations

import sqlite3
from typing import NamedTuple, Optional

METHODS = ("propagate", "rules", "model", "boilerplate")   # as migration 8's CHECK on suggestions.method
TABLE = "annotation_provenance"
COLUMNS = "annotation_uuid, suggestion_uuid, method, model_version, score, scheme_version, accepted"


def has_table(conn: sqlite3.Connection, schema: str = "main") -> bool:
    """True if the database ``schema`` (an ATTACHed file's name) has the provenance table."""
    return conn.execute(f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?",
                        (TABLE,)).fetchone() is not None


class Suggested(NamedTuple):
    """What made an annotation: the accepted suggestion's method, model version and score, and the
    codebook version it was accepted under (None: not known, as in a file from before it was carried)."""
    method: str
    model_version: str
    score: float
    scheme_version: Optional[int] = None


def suggested(conn: sqlite3.Connection) -> dict[str, Suggested]:
    """Annotation UUID -> what suggested it, for the annotations accepted from a suggestion."""
    if not has_table(conn):
        return {}
    return {uuid: Suggested(*row) for uuid, *row in conn.execute(
        f"SELECT p.annotation_uuid, p.method, p.model_version, p.score, p.scheme_version FROM {TABLE} p "
        "JOIN annotations a ON a.uuid = p.annotation_uuid")}


def record(conn: sqlite3.Connection, annotation_uuid: str, made: Suggested, accepted: str) -> None:
    """Provenance for an annotation accepted from a suggestion elsewhere (an import): no suggestion
    of this project made it (``suggestion_uuid`` is ""); its codebook version is the one ``made``
    carries, else the annotation's."""
    conn.execute(f"INSERT OR REPLACE INTO {TABLE} ({COLUMNS}) SELECT uuid, '', ?, ?, ?, "
                 "coalesce(?, scheme_version, 1), ? FROM annotations WHERE uuid = ?",
                 (*made, accepted, annotation_uuid))


def methods(conn: sqlite3.Connection) -> dict[str, str]:
    """Annotation UUID -> the method of the suggestion it was accepted from (only those that were)."""
    return {uuid: made.method for uuid, made in suggested(conn).items()}
