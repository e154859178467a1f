"""Deletions carried by a merge: a coder's, made in their package, and the lead's own.

Every project records the annotations deleted in it (``deleted_annotations``: UUID, coder,
the version ``modified`` that was deleted, when); inserting the annotation again (an undo)
marks the record ``restored`` rather than removing it (migrations 4 and 5). A merge stages a
package's records beside its annotations and, after adding and updating, deletes from the
project each annotation that

- the package's coder deleted and that is theirs in the project: a deletion never removes the
  lead's or another coder's annotation (such deletions are refused and reported), and
- the project holds in the version the coder deleted, or an older one. If the project's copy
  is newer (the lead re-coded or moved it after the merge that brought it), it is kept and
  the refusal is reported: the newest version wins, as for updates.

The project remembers each deletion it applied (``merged_deletions``: package, UUID, coder,
version, when the package deleted it), so that, whatever the order of merges, an older copy
of the annotation in another package of the same coder, or in a stale copy of the same
package, does not bring it back; only a newer version does, or the package saying that its
coder restored it after that deletion (then the project remembers when, and a stale copy
still holding the deletion does not delete it again). Likewise the project's own deletions:
a merge does not add back a version the lead deleted, only a newer one. An annotation the
project no longer has needs nothing, so merging again changes nothing. All of it is in the
merge's undo.
"""
from __future__ import annotations

import sqlite3

from .restore import Snapshot, capture

DELETION_REASONS = {
    "other coder": "the annotation is by someone other than this package's coder",
    "owned": "the project has this annotation under another coder",
    "changed": "the project changed the annotation after the version the coder deleted, so it was kept",
    "restored": "its coder restored the annotation after deleting it (a later copy of this package was merged)",
}
# A staged record ``d`` that deletes: not restored in its package, and not restored after
# that deletion in a copy of the package merged earlier.
LIVE = ("d.restored IS NULL AND NOT EXISTS (SELECT 1 FROM main.merged_deletions m WHERE "
        "m.package_uuid = d.package_uuid AND m.uuid = d.uuid AND m.restored >= d.deleted)")


def create_table(conn: sqlite3.Connection, table: str) -> None:
    conn.execute(f"CREATE TEMP TABLE {table.split('.')[1]} (pkg INTEGER, package_uuid TEXT, uuid TEXT, "
                 "coder_uuid TEXT, modified TEXT, deleted TEXT, restored TEXT)")


def stage_deletions(conn: sqlite3.Connection, table: str, package) -> None:
    """Copy the ATTACHed package's records of deleted annotations (a package last opened
    before they were recorded has none, and one before migration 5 no restores)."""
    found = [row[1] for row in conn.execute("PRAGMA pkg.table_info(deleted_annotations)")]
    if found:
        restored = "restored" if "restored" in found else "NULL"
        conn.execute(f"INSERT INTO {table} SELECT ?, ?, uuid, coder_uuid, modified, deleted, {restored} "
                     "FROM pkg.deleted_annotations", (package.index, package.package_uuid))


def supersede(conn: sqlite3.Connection, staging, undo: dict) -> None:
    """Before anything is written: packages that say their coder restored an annotation take
    back their earlier deletion of it; versions that their coder deleted later (in a package
    of this merge, or of an earlier one), or that the project itself deleted, are not written."""
    _retract(conn, staging, undo)
    conn.execute(f"""
        UPDATE temp.merge_plan SET verdict = 'deleted'
        WHERE (verdict IN ('add', 'update') OR verdict = 'same' AND merge_plan.coder_id =
               (SELECT coder_id FROM main.annotations WHERE id = merge_plan.lead_id)) AND EXISTS (
            SELECT 1 FROM {staging.dels} d JOIN temp.merge_pkgs p ON p.pkg = d.pkg
            WHERE {LIVE} AND d.uuid = merge_plan.uuid AND d.coder_uuid = p.coder_uuid
              AND p.coder_id = merge_plan.coder_id AND d.modified >= merge_plan.modified)""")
    conn.execute("""
        UPDATE temp.merge_plan SET verdict = 'deleted earlier'
        WHERE verdict IN ('add', 'update') AND EXISTS (
            SELECT 1 FROM main.merged_deletions m JOIN main.coders c ON c.uuid = m.coder_uuid
            WHERE m.uuid = merge_plan.uuid AND c.id = merge_plan.coder_id AND m.restored IS NULL
              AND m.modified >= merge_plan.modified)""")
    conn.execute("""
        UPDATE temp.merge_plan SET verdict = 'deleted in project'
        WHERE verdict = 'add' AND EXISTS (
            SELECT 1 FROM main.deleted_annotations t WHERE t.uuid = merge_plan.uuid AND t.restored IS NULL
              AND t.modified >= merge_plan.modified)""")


def _retract(conn: sqlite3.Connection, staging, undo: dict) -> None:
    """A package whose coder restored an annotation after the deletion the project merged
    from it: that deletion no longer holds (it is remembered as restored, and when)."""
    rows = conn.execute(f"""
        SELECT m.package_uuid, m.uuid, max(d.restored) FROM main.merged_deletions m
        JOIN {staging.dels} d ON d.package_uuid = m.package_uuid AND d.uuid = m.uuid
        WHERE m.restored IS NULL AND d.restored > coalesce(m.deleted, '')
        GROUP BY m.package_uuid, m.uuid""").fetchall()
    undo["merged_deletions"] = capture(conn, "merged_deletions", [row[:2] for row in rows])
    conn.executemany("UPDATE main.merged_deletions SET restored = ? WHERE package_uuid = ? AND uuid = ?",
                     [(row[2], *row[:2]) for row in rows])


def apply_deletions(conn: sqlite3.Connection, staging, packages: list, snapshot: Snapshot, undo: dict) -> None:
    """Delete what the packages' coders deleted, remember it, count it per package; the
    deleted rows join the annotations' undo ``snapshot``."""
    plan = conn.execute(f"""
        SELECT d.pkg, a.id, a.uuid, c.uuid, d.modified, d.deleted,
               CASE WHEN d.coder_uuid IS NOT p.coder_uuid THEN 'other coder'
                    WHEN a.coder_id != p.coder_id THEN 'owned'
                    WHEN NOT ({LIVE}) THEN 'restored'
                    WHEN a.modified > d.modified THEN 'changed'
                    ELSE 'delete' END
        FROM {staging.dels} d JOIN temp.merge_pkgs p ON p.pkg = d.pkg
        JOIN main.annotations a ON a.uuid = d.uuid JOIN main.coders c ON c.id = a.coder_id
        WHERE d.restored IS NULL ORDER BY d.pkg""").fetchall()
    doomed = sorted({row[1] for row in plan if row[-1] == "delete"})
    _count(plan, set(doomed), packages)
    _remember(conn, [(packages[row[0]].package_uuid, *row[2:6]) for row in plan if row[-1] == "delete"], undo)
    extend(conn, snapshot, "annotations", [(i,) for i in doomed])
    extend(conn, undo["deleted_annotations"], "deleted_annotations", [(row[2],) for row in plan])
    conn.executemany("DELETE FROM annotations WHERE id = ?", [(i,) for i in doomed])


def extend(conn: sqlite3.Connection, snapshot: Snapshot, table: str, keys: list) -> None:
    """Add to an undo ``snapshot`` the rows of ``keys`` it does not hold yet, as they are now."""
    kept = {tuple(key) for key in snapshot.keys}
    saved = capture(conn, table, sorted({tuple(key) for key in keys} - kept))
    snapshot.keys += saved.keys
    snapshot.rows += saved.rows


def _remember(conn: sqlite3.Connection, rows: list, undo: dict) -> None:
    """Record applied deletions (package UUID, annotation UUID, coder UUID, version, when the
    package deleted it), before the rows go, so the project does not record them as its own."""
    extend(conn, undo["merged_deletions"], "merged_deletions", [r[:2] for r in rows])
    conn.executemany("INSERT INTO merged_deletions (package_uuid, uuid, coder_uuid, modified, deleted) "
                     "VALUES (?, ?, ?, ?, ?) ON CONFLICT (package_uuid, uuid) DO UPDATE SET coder_uuid = "
                     "excluded.coder_uuid, modified = excluded.modified, deleted = excluded.deleted, "
                     "restored = NULL", rows)


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
