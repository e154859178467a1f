"""Rounds carried by a merge (:mod:`annotator.round_store`): a package made for a coding round says so
in its meta (``round_uuid``, ``round_name``). The project knows the round's package when
``round_coders`` lists its ``package_uuid`` for that round and coder; then the annotations the merge
adds or updates, or finds already there, by that coder on the round's documents are recorded as the
round's, so are the package's document statuses (who took part where), and the coder's package is
marked merged (when first merged, or when the merge brought something new), with how many of the
coder's annotations the merge refused in the round's ``details`` (``refused``). The round's snapshot
(``round_snapshot``) takes those annotations as the package has them (document, coder, span, code with
its name and path), so later edits in the project never move the round's figures; a re-merged
package's snapshot follows the package (an annotation its coder deleted there leaves it). A package's
status goes into the coder's own statuses only where the coder has none of their own on that document:
a status set outside the round stays. The merge report warns when the coder has annotations outside
the round on its documents (two codings in one layer). All of it is in the merge's undo.

A round's codebook is frozen: such a package's codes are never merged (it was locked; a code it holds
anyway is not the round's codebook, and annotations with it are refused like those of any unknown
code). A package naming a round the project does not know (deleted, made before a lost change, or for a copy
of the project) is merged as ordinary coding; the report says so (naming the project's round of that name, if
one was made again: a different round) and warns, as for a known round, when the coder has other annotations on
its documents.
"""
from __future__ import annotations

import json
import sqlite3

from ..clock import now
from ..round_store import SNAPSHOT_COLUMNS, outstanding, record_snapshot, round_annotations, snapshot_rows
from .restore import capture


def known_round(conn: sqlite3.Connection, package, meta: dict) -> bool:
    """Set ``package.round_uuid`` and ``round_name`` for a package of a round this project made for
    that coder; only ``round_name`` (and ``round_namesake``, when another round of that name exists: it was
    made again after the package's was deleted) for a package of a round it does not know; neither otherwise.
    True unless the package names a round the project does not know."""
    round_uuid = str(meta.get("round_uuid") or "").strip().lower()
    if not round_uuid:
        return True
    row = conn.execute("SELECT r.name FROM main.round_coders c JOIN main.rounds r ON r.uuid = c.round_uuid "
                       "WHERE c.round_uuid = ? AND c.package_uuid = ? AND c.coder_uuid = ?",
                       (round_uuid, package.package_uuid, package.coder_uuid)).fetchone()
    package.round_uuid = round_uuid if row else ""
    package.round_name = row[0] if row else str(meta.get("round_name") or round_uuid)
    if not row:
        other = conn.execute("SELECT name, created FROM main.rounds WHERE name = ? AND uuid != ?",
                             (package.round_name, round_uuid)).fetchone()
        package.round_namesake = tuple(other) if other else ()
    return bool(row)


_OF_ROUND = """
    SELECT p.uuid, d.uuid, k.uuid, p.start, p."end", p.code_id FROM temp.merge_plan p
    JOIN main.annotations a ON a.uuid = p.uuid AND a.coder_id = p.coder_id
    JOIN main.documents d ON d.id = a.document_id JOIN main.coders k ON k.id = p.coder_id
    JOIN main.round_documents r ON r.round_uuid = ? AND r.document_uuid = d.uuid
    WHERE p.pkg = ? AND p.verdict IN ('add', 'update', 'same')"""


def apply_rounds(conn: sqlite3.Connection, staging, results: list, undo: dict) -> None:
    """Record the round packages' annotations and statuses as their rounds'. A coder's status of their own
    in the project (one the round did not write) is kept: the package's is then the round's only
    (``package.keep_status``, which the merge's statuses leave alone)."""
    for package in staging.packages:
        if package.round_name and not package.round_uuid:
            results[package.index].round_outside = _outside_package(conn, staging, package)
            results[package.index].round_pending = _pending(conn, package)
    ours = [package for package in staging.packages if package.round_uuid]
    if not ours:
        return
    records, snapped, withdrawn, statuses = [], [], [], []
    for package in ours:
        rows, theirs = _recorded(conn, package, results[package.index])
        records += [(package.round_uuid, row[0]) for row in rows]
        new_rows, gone = snapshot_rows(conn, package.round_uuid, rows), _withdrawn(conn, staging, package)
        results[package.index].round_changes += len(gone) + _changed(conn, package.round_uuid, new_rows)
        snapped += new_rows
        withdrawn += gone
        statuses += theirs
    undo["round_annotations"] = capture(conn, "round_annotations", records)
    undo["round_snapshot"] = capture(conn, "round_snapshot", records + withdrawn)
    conn.executemany("DELETE FROM round_snapshot WHERE round_uuid = ? AND annotation_uuid = ?", withdrawn)
    record_snapshot(conn, snapped)
    undo["round_statuses"] = capture(conn, "round_statuses", [row[:3] for row in statuses])
    conn.executemany("INSERT OR IGNORE INTO round_annotations(round_uuid, annotation_uuid) VALUES (?, ?)", records)
    conn.executemany("INSERT OR REPLACE INTO round_statuses(round_uuid, coder_uuid, document_uuid, status) "
                     "VALUES (?, ?, ?, ?)", statuses)
    for package in ours:
        results[package.index].round_outside = _outside(conn, package)


def _recorded(conn: sqlite3.Connection, package, result) -> tuple[list, list]:
    """The package's annotations (rows of ``_OF_ROUND``) and statuses the round records, counting in
    ``result`` what is new and which of the coder's own statuses are kept."""
    rows = conn.execute(_OF_ROUND, (package.round_uuid, package.index)).fetchall()
    uuids = [row[0] for row in rows]
    theirs = _statuses(conn, package)
    mine = {u: (doc_id, status) for doc_id, u, status in _own_statuses(conn, package)}
    package.keep_status = {doc_id for doc_id, _ in mine.values()}
    result.statuses_kept = sum(1 for row in theirs if row[2] in mine and row[3] != mine[row[2]][1])
    result.round_annotations = len(uuids)
    known = set(conn.execute(_ROUND_STATUSES, (package.round_uuid, package.coder_uuid)))
    result.round_changes = len(set(uuids) - round_annotations(conn, package.round_uuid)) + len(set(theirs) - known)
    return rows, theirs


_ROUND_STATUSES = ("SELECT round_uuid, coder_uuid, document_uuid, status FROM round_statuses "
                   "WHERE round_uuid = ? AND coder_uuid = ?")


def _withdrawn(conn: sqlite3.Connection, staging, package) -> list[tuple]:
    """``(round, annotation UUID)`` of the coder's snapshot rows the round no longer holds: their package no longer
    has them, or this merge refused them (the round's figures are then without them, as its report says)."""
    rows = conn.execute("SELECT annotation_uuid FROM main.round_snapshot WHERE round_uuid = ? AND coder_uuid = ? "
                        f"AND (annotation_uuid NOT IN (SELECT uuid FROM {staging.anns} WHERE pkg = ?) OR "
                        "annotation_uuid IN (SELECT uuid FROM temp.merge_plan WHERE pkg = ? AND verdict IN "
                        f"({', '.join('?' * len(REFUSED))})))",
                        (package.round_uuid, package.coder_uuid, package.index, package.index, *REFUSED))
    return [(package.round_uuid, u) for (u,) in rows]


def _changed(conn: sqlite3.Connection, round_uuid: str, rows: list[tuple]) -> int:
    """How many of these snapshot rows the round does not hold as they are (new, or recorded otherwise)."""
    names = ", ".join(f'"{c}"' for c in SNAPSHOT_COLUMNS)
    held = set(conn.execute(f"SELECT {names} FROM round_snapshot WHERE round_uuid = ?", (round_uuid,)).fetchall())
    return sum(1 for row in rows if tuple(row) not in held)


def _statuses(conn: sqlite3.Connection, package) -> list[tuple]:
    """``(round, coder, document UUID, status)`` of the package's statuses on the round's documents."""
    docmap = dict(conn.execute("SELECT m.doc, d.uuid FROM temp.merge_docmap m JOIN main.documents d "
                               "ON d.id = m.lead_doc WHERE m.pkg = ?", (package.index,)).fetchall())
    in_round = {u for (u,) in conn.execute("SELECT document_uuid FROM round_documents WHERE round_uuid = ?",
                                           (package.round_uuid,))}
    return [(package.round_uuid, package.coder_uuid, docmap[doc], status) for doc, status, _ in package.statuses
            if docmap.get(doc) in in_round]


def _own_statuses(conn: sqlite3.Connection, package) -> list[tuple]:
    """``(document id, document UUID, status)`` where the coder has a status in the project on a round document
    that is not the one the round recorded (a status of their own, outside the round)."""
    return conn.execute(
        "SELECT s.document_id, d.uuid, s.status FROM document_status s JOIN coders c ON c.id = s.coder_id "
        "JOIN documents d ON d.id = s.document_id JOIN round_documents r ON r.document_uuid = d.uuid "
        "LEFT JOIN round_statuses rs ON rs.round_uuid = r.round_uuid AND rs.coder_uuid = c.uuid "
        "AND rs.document_uuid = d.uuid WHERE c.uuid = ? AND r.round_uuid = ? AND rs.status IS NOT s.status",
        (package.coder_uuid, package.round_uuid)).fetchall()


def _outside(conn: sqlite3.Connection, package) -> tuple[int, int]:
    """How many of the coder's annotations on the round's documents are not the round's, and on how many documents."""
    rows = conn.execute(
        "SELECT a.document_id FROM annotations a JOIN coders c ON c.id = a.coder_id JOIN documents d "
        "ON d.id = a.document_id JOIN round_documents r ON r.document_uuid = d.uuid WHERE c.uuid = ? "
        "AND r.round_uuid = ? AND a.uuid NOT IN (SELECT annotation_uuid FROM round_annotations "
        "WHERE round_uuid = r.round_uuid)", (package.coder_uuid, package.round_uuid)).fetchall()
    return len(rows), len(set(rows))


def _outside_package(conn: sqlite3.Connection, staging, package) -> tuple[int, int]:
    """For a package of a round the project does not know: how many of the coder's annotations on its documents
    did not come from it, and on how many documents."""
    rows = conn.execute(
        "SELECT a.document_id FROM main.annotations a JOIN main.coders c ON c.id = a.coder_id JOIN temp.merge_docmap "
        f"m ON m.lead_doc = a.document_id AND m.pkg = ? WHERE c.uuid = ? AND a.uuid NOT IN (SELECT uuid FROM "
        f"{staging.anns} WHERE pkg = ?)", (package.index, package.coder_uuid, package.index)).fetchall()
    return len(rows), len(set(rows))


def _pending(conn: sqlite3.Connection, package) -> tuple[tuple[str, int], ...]:
    """``(round name, documents)`` of the project's rounds whose package for this coder, not merged yet, holds
    some of this package's documents."""
    docs = [d for (d,) in conn.execute("SELECT lead_doc FROM temp.merge_docmap WHERE pkg = ?", (package.index,))]
    return tuple((name, len(names)) for name, names in outstanding(conn, package.coder_uuid, docs))


# verdicts (merging/apply.py) that leave a package's annotation out of the project
REFUSED = ("document", "code", "span", "owned", "deleted in project")


def mark_merged(conn: sqlite3.Connection, staging, results: list, undo: dict) -> None:
    """Mark each round package merged, when first merged or when it brought something new (a re-merge that
    brought nothing keeps the time), and record in the round's ``details`` how many of the coder's
    annotations this merge of their package refused (``refused``: coder UUID -> count)."""
    merged: list = []
    refused: dict = {}
    for package in staging.packages:
        if not package.round_uuid:
            continue
        result = results[package.index]
        count = _refused_now(conn, package)
        result.round_changes += count != _refused_before(conn, package)
        first = conn.execute("SELECT merged IS NULL FROM round_coders WHERE round_uuid = ? AND coder_uuid = ?",
                             (package.round_uuid, package.coder_uuid)).fetchone()[0]
        if first or result.added or result.updated or result.deleted or result.statuses or result.memos \
                or result.round_changes:
            merged.append((package.round_uuid, package.coder_uuid))
        refused.setdefault(package.round_uuid, {})[package.coder_uuid] = count
    undo["round_coders"] = capture(conn, "round_coders", merged)
    conn.executemany("UPDATE round_coders SET merged = ? WHERE round_uuid = ? AND coder_uuid = ?",
                     [(now(), *key) for key in merged])
    _record_refused(conn, refused, undo)


def _refused_now(conn: sqlite3.Connection, package) -> int:
    """How many of the package's annotations this merge refused."""
    return conn.execute(f"SELECT count(*) FROM temp.merge_plan WHERE pkg = ? AND verdict IN "
                        f"({', '.join('?' * len(REFUSED))})", (package.index, *REFUSED)).fetchone()[0]


def _refused_before(conn: sqlite3.Connection, package) -> int:
    """How many of the coder's round annotations the last merge of their package refused."""
    details = conn.execute("SELECT details FROM rounds WHERE uuid = ?", (package.round_uuid,)).fetchone()[0]
    return int(json.loads(details or "{}").get("refused", {}).get(package.coder_uuid, 0))


def _record_refused(conn: sqlite3.Connection, refused: dict, undo: dict) -> None:
    """Set ``details["refused"][coder]`` of each round (dropped where nothing was refused) where it changed."""
    changed = []
    for round_uuid, counts in refused.items():
        details = json.loads(conn.execute("SELECT details FROM rounds WHERE uuid = ?", (round_uuid,)).fetchone()[0])
        now_refused = {**details.get("refused", {}), **counts}
        now_refused = {k: v for k, v in sorted(now_refused.items()) if v}
        if now_refused != details.get("refused", {}):
            details = {k: v for k, v in details.items() if k != "refused"} | ({"refused": now_refused} if now_refused
                                                                              else {})
            changed.append((json.dumps(details, sort_keys=True), round_uuid))
    undo["rounds"] = capture(conn, "rounds", [(u,) for _, u in changed])
    conn.executemany("UPDATE rounds SET details = ? WHERE uuid = ?", changed)
