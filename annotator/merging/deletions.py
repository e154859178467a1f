"""Deletions a coder made in their package, carried into the lead's project by a merge.

A package records every annotation deleted in it, by UUID, with the coder and the version
(``modified``) that was deleted: a trigger writes ``deleted_annotations`` in the delete's own
transaction, and inserting the annotation again (undo of the delete) removes the record
(migration 4). A merge stages these records beside the package's annotations and, after
adding and updating, deletes from the project each annotation that

- the package's coder deleted and that is theirs in the project: a deletion never removes the
  lead's or another coder's annotation (such deletions are refused and reported), and
- the project holds in the version the coder deleted, or an older one. If the project's copy
  is newer (the lead re-coded or moved it after the merge that brought it), it is kept and
  the refusal is reported: the newest version wins, as for updates.

The project remembers each deletion it applied (``merged_deletions``: package, UUID, coder,
version), so that, whatever the order of merges, an older copy of the annotation in another
package of the same coder does not bring it back; only a newer version does, or the same
package holding it again (its coder undid the delete). An annotation the project no longer
has needs nothing, so merging again changes nothing. All of it is in the merge's undo.
"""
from __future__ import annotations

import sqlite3

from .restore import Snapshot, capture

DELETION_REASONS = {
    "other coder": "the annotation is by someone other than this package's coder",
    "owned": "the project has this annotation under another coder",
    "changed": "the project changed the annotation after the version the coder deleted, so it was kept",
}


def create_table(conn: sqlite3.Connection, table: str) -> None:
    conn.execute(f"CREATE TEMP TABLE {table.split('.')[1]} (pkg INTEGER, uuid TEXT, coder_uuid TEXT, modified TEXT)")


def stage_deletions(conn: sqlite3.Connection, table: str, index: int) -> None:
    """Copy the ATTACHed package's deletions (a package last opened before they were
    recorded has none)."""
    if conn.execute("SELECT 1 FROM pkg.sqlite_master WHERE name = 'deleted_annotations'").fetchone():
        conn.execute(f"INSERT INTO {table} SELECT ?, uuid, coder_uuid, modified FROM pkg.deleted_annotations",
                     (index,))


def supersede(conn: sqlite3.Connection, staging, undo: dict) -> None:
    """Before anything is written: packages holding an annotation again take back their earlier
    deletion of it; versions that their coder deleted later (in a package of this merge, or
    of an earlier one) are not written (verdict ``deleted``)."""
    _retract(conn, staging, undo)
    conn.execute(f"""
        UPDATE temp.merge_plan SET verdict = 'deleted'
        WHERE verdict IN ('add', 'update') AND (EXISTS (
            SELECT 1 FROM {staging.dels} d JOIN temp.merge_pkgs p ON p.pkg = d.pkg
            WHERE d.uuid = merge_plan.uuid AND d.coder_uuid = p.coder_uuid
              AND p.coder_id = merge_plan.coder_id AND d.modified >= merge_plan.modified
        ) OR EXISTS (
            SELECT 1 FROM main.merged_deletions m JOIN main.coders c ON c.uuid = m.coder_uuid
            WHERE m.uuid = merge_plan.uuid AND c.id = merge_plan.coder_id
              AND m.modified >= merge_plan.modified))""")


def _retract(conn: sqlite3.Connection, staging, undo: dict) -> None:
    keys = []
    for package in staging.packages:
        keys += conn.execute(f"SELECT package_uuid, uuid FROM main.merged_deletions WHERE package_uuid = ? "
                             f"AND uuid IN (SELECT uuid FROM {staging.anns} WHERE pkg = ?)",
                             (package.package_uuid, package.index)).fetchall()
    undo["merged_deletions"] = capture(conn, "merged_deletions", keys)
    conn.executemany("DELETE FROM main.merged_deletions WHERE package_uuid = ? AND uuid = ?", keys)


def apply_deletions(conn: sqlite3.Connection, staging, packages: list, snapshot: Snapshot, undo: dict) -> None:
    """Delete what the packages' coders deleted, remember it, count it per package; the
    deleted rows join the annotations' undo ``snapshot``."""
    plan = conn.execute(f"""
        SELECT d.pkg, a.id, a.uuid, c.uuid, d.modified,
               CASE WHEN d.coder_uuid IS NOT p.coder_uuid THEN 'other coder'
                    WHEN a.coder_id != p.coder_id THEN 'owned'
                    WHEN a.modified > d.modified THEN 'changed'
                    ELSE 'delete' END
        FROM {staging.dels} d JOIN temp.merge_pkgs p ON p.pkg = d.pkg
        JOIN main.annotations a ON a.uuid = d.uuid JOIN main.coders c ON c.id = a.coder_id
        ORDER BY d.pkg""").fetchall()
    doomed = sorted({row[1] for row in plan if row[-1] == "delete"})
    _count(plan, set(doomed), packages)
    kept = {tuple(key) for key in snapshot.keys}
    saved = capture(conn, "annotations", [(i,) for i in doomed if (i,) not in kept])
    snapshot.keys += saved.keys
    snapshot.rows += saved.rows
    conn.executemany("DELETE FROM annotations WHERE id = ?", [(i,) for i in doomed])
    _remember(conn, [(packages[row[0]].package_uuid, *row[2:5]) for row in plan if row[-1] == "delete"], undo)


def _remember(conn: sqlite3.Connection, rows: list, undo: dict) -> None:
    """Record applied deletions (package UUID, annotation UUID, coder UUID, version)."""
    new = [r for r in rows if not conn.execute("SELECT 1 FROM merged_deletions WHERE package_uuid = ? AND uuid = ?",
                                               r[:2]).fetchone()]
    undo["merged_deletions"].keys += [r[:2] for r in new]
    conn.executemany("INSERT OR IGNORE INTO merged_deletions (package_uuid, uuid, coder_uuid, modified) "
                     "VALUES (?, ?, ?, ?)", new)


def _count(plan, gone: set, packages: list) -> None:
    """One deletion per annotation (the first package that deleted it); refusals per package,
    unless another package's deletion removed the annotation anyway."""
    counted: set = set()
    for pkg, lead_id, *_, verdict in plan:
        result = packages[pkg]
        if verdict == "delete" and lead_id not in counted:
            counted.add(lead_id)
            result.deleted += 1
        elif verdict != "delete" and lead_id not in gone:
            result.deletions_refused[DELETION_REASONS[verdict]] += 1
