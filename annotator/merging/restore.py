"""Putting rows back to a snapshot: the undo (and redo) of a merge.

``RestoreRows`` holds, per table, the keys a merge touched and the rows those keys had;
a key with no row did not exist. Applying it captures the rows the keys have now (that is
its inverse), deletes those missing from the snapshot and upserts the others, so undo and
redo are the same command with different snapshots. Updates keep row ids, so annotations
that point at a restored code keep pointing at it.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from ..changes import Change, ChangeKind
from ..codebook import store as codes_store
from .codes import columns

KEYS = {
    "coders": ("id",),
    "codes": ("id",),
    "annotations": ("id",),
    "memos": ("id",),
    "annotation_provenance": ("annotation_uuid",),
    "document_status": ("document_id", "coder_id"),
    "merged_code_edits": ("package_uuid", "code_uuid", "edit"),
    "merged_code_origins": ("code_uuid",),
    "merged_deletions": ("package_uuid", "uuid"),
    "deleted_annotations": ("uuid",),
    "meta": ("key",),
    "scheme_log": ("id",),
    "round_annotations": ("round_uuid", "annotation_uuid"),
    "round_snapshot": ("round_uuid", "annotation_uuid"),
    "round_coders": ("round_uuid", "coder_uuid"),
    "round_statuses": ("round_uuid", "coder_uuid", "document_uuid"),
    "rounds": ("uuid",),
}
# deleted_annotations last: it undoes what the annotations table's triggers wrote meanwhile
DELETE_ORDER = ("annotations", "annotation_provenance", "memos", "document_status", "merged_code_edits",
                "merged_code_origins", "merged_deletions", "codes", "coders", "scheme_log", "meta",
                "round_annotations", "round_snapshot", "round_coders", "round_statuses", "deleted_annotations")
UPSERT_ORDER = ("coders", "codes", "annotations", "annotation_provenance", "memos", "document_status",
                "merged_code_edits", "merged_code_origins", "merged_deletions", "meta", "scheme_log",
                "round_annotations", "round_snapshot", "round_coders", "round_statuses", "rounds",
                "deleted_annotations")
MERGE_CHANGE = Change(0, (), (), ChangeKind.MERGE)


@dataclass
class Snapshot:
    keys: list[tuple]
    columns: list[str]
    rows: list[tuple]


def capture(conn: sqlite3.Connection, table: str, keys: list[tuple]) -> Snapshot:
    """The rows ``keys`` have now (all columns)."""
    cols = columns(conn, table)
    key_cols = KEYS[table]
    select = ", ".join(f'{table}."{c}"' for c in cols)
    _fill_keys(conn, key_cols, keys)
    join = " AND ".join(f'{table}."{c}" = temp.restore_keys.k{i}' for i, c in enumerate(key_cols))
    rows = conn.execute(f"SELECT {select} FROM {table} JOIN temp.restore_keys ON {join}").fetchall()
    return Snapshot(list(keys), cols, rows)


def _fill_keys(conn: sqlite3.Connection, key_cols, keys) -> None:
    names = ", ".join(f"k{i}" for i in range(len(key_cols)))
    conn.execute("DROP TABLE IF EXISTS temp.restore_keys")
    conn.execute(f"CREATE TEMP TABLE restore_keys ({names}, PRIMARY KEY ({names}))")
    marks = ", ".join("?" * len(key_cols))
    conn.executemany(f"INSERT OR IGNORE INTO temp.restore_keys VALUES ({marks})", keys)


@dataclass
class RestoreRows:
    tables: dict[str, Snapshot] = field(default_factory=dict)
    label: str = "Merge coders' work"

    def apply(self, conn: sqlite3.Connection):
        conn.execute("PRAGMA defer_foreign_keys = ON")
        inverse = {t: capture(conn, t, s.keys) for t, s in self.tables.items()}
        for table in DELETE_ORDER:
            if table in self.tables:
                self._delete_missing(conn, table, self.tables[table])
        for table in UPSERT_ORDER:
            if table in self.tables:
                self._upsert(conn, table, self.tables[table])
        conn.execute("DROP TABLE IF EXISTS temp.restore_keys")
        return RestoreRows(inverse, self.label), MERGE_CHANGE

    @staticmethod
    def _delete_missing(conn, table: str, snap: Snapshot) -> None:
        key_cols = KEYS[table]
        present = {tuple(row[snap.columns.index(c)] for c in key_cols) for row in snap.rows}
        gone = [k for k in snap.keys if tuple(k) not in present]
        if not gone:
            return
        if table == "codes":  # the codebook's writer deletes children before parents
            codes_store.remove_ids(conn, [k[0] for k in gone])
            return
        _fill_keys(conn, key_cols, gone)
        match = (f"({', '.join(key_cols)}) IN (SELECT {', '.join(f'k{i}' for i in range(len(key_cols)))} "
                 "FROM temp.restore_keys)")
        conn.execute(f"DELETE FROM {table} WHERE {match}")

    @staticmethod
    def _upsert(conn, table: str, snap: Snapshot) -> None:
        if table == "codes":  # the codebook's writer frees shortcuts first, so swaps cannot collide
            codes_store.restore_rows(conn, snap.columns, snap.rows)
            return
        if not snap.rows:
            return
        live = set(columns(conn, table))
        keep = [i for i, c in enumerate(snap.columns) if c in live]
        cols = [snap.columns[i] for i in keep]
        key_cols = KEYS[table]
        quoted = ", ".join(f'"{c}"' for c in cols)
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in cols if c not in key_cols) or None
        conflict = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
        conn.executemany(
            f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(cols))}) "
            f"ON CONFLICT ({', '.join(key_cols)}) {conflict}",
            [tuple(row[i] for i in keep) for row in snap.rows])
