"""Rounds carried by a merge (:mod:`annotator.round_store`): a package made for a coding round says so
in its meta (``round_uuid``, ``round_name``). The project knows the round's package when
``round_coders`` lists its ``package_uuid`` for that round and coder; then the annotations the merge
adds or updates, or finds already there, by that coder on the round's documents are recorded as the
round's, so are the package's document statuses (who took part where), and the coder's package is
marked merged. The round's snapshot (``round_snapshot``) takes those annotations as the package has them
(document, coder, span, code with its name and path), so later edits in the project never move the round's
figures; a re-merged package's snapshot follows the package (an annotation its coder deleted there leaves it).
All of it is in the merge's undo.

A round's codebook is frozen: such a package's codes are never merged (it was locked; a code it holds
anyway is not the round's codebook, and annotations with it are refused like those of any unknown
code). A package naming a round the project does not know (made before a lost change, or for a copy
of the project) is merged as ordinary coding, and the report says so.
"""
from __future__ import annotations

import sqlite3

from ..clock import now
from ..round_store import record_snapshot, snapshot_rows
from .restore import capture


def known_round(conn: sqlite3.Connection, package, meta: dict) -> None:
    """Set ``package.round_uuid`` and ``round_name`` for a package of a round this project made for
    that coder; only ``round_name`` for a package of a round it does not know; neither otherwise."""
    round_uuid = str(meta.get("round_uuid") or "").strip().lower()
    if not round_uuid:
        return
    row = conn.execute("SELECT r.name FROM main.round_coders c JOIN main.rounds r ON r.uuid = c.round_uuid "
                       "WHERE c.round_uuid = ? AND c.package_uuid = ? AND c.coder_uuid = ?",
                       (round_uuid, package.package_uuid, package.coder_uuid)).fetchone()
    package.round_uuid = round_uuid if row else ""
    package.round_name = row[0] if row else str(meta.get("round_name") or round_uuid)


_OF_ROUND = """
    SELECT p.uuid, d.uuid, k.uuid, p.start, p."end", p.code_id FROM temp.merge_plan p
    JOIN main.annotations a ON a.uuid = p.uuid AND a.coder_id = p.coder_id
    JOIN main.documents d ON d.id = a.document_id JOIN main.coders k ON k.id = p.coder_id
    JOIN main.round_documents r ON r.round_uuid = ? AND r.document_uuid = d.uuid
    WHERE p.pkg = ? AND p.verdict IN ('add', 'update', 'same')"""


def apply_rounds(conn: sqlite3.Connection, staging, results: list, undo: dict) -> None:
    """Record the round packages' annotations and statuses as their rounds' and mark the packages merged."""
    records, snapped, withdrawn, statuses, merged = [], [], [], [], []
    for package in staging.packages:
        if not package.round_uuid:
            continue
        rows = conn.execute(_OF_ROUND, (package.round_uuid, package.index)).fetchall()
        records += [(package.round_uuid, row[0]) for row in rows]
        snapped += snapshot_rows(conn, package.round_uuid, rows)
        withdrawn += _withdrawn(conn, staging, package)
        statuses += _statuses(conn, package)
        merged.append((package.round_uuid, package.coder_uuid))
        results[package.index].round_annotations = len(rows)
    if not merged:
        return
    undo["round_annotations"] = capture(conn, "round_annotations", records)
    undo["round_snapshot"] = capture(conn, "round_snapshot", records + withdrawn)
    conn.executemany("DELETE FROM round_snapshot WHERE round_uuid = ? AND annotation_uuid = ?", withdrawn)
    record_snapshot(conn, snapped)
    undo["round_statuses"] = capture(conn, "round_statuses", [row[:3] for row in statuses])
    undo["round_coders"] = capture(conn, "round_coders", merged)
    conn.executemany("INSERT OR IGNORE INTO round_annotations(round_uuid, annotation_uuid) VALUES (?, ?)", records)
    conn.executemany("INSERT OR REPLACE INTO round_statuses(round_uuid, coder_uuid, document_uuid, status) "
                     "VALUES (?, ?, ?, ?)", statuses)
    conn.executemany("UPDATE round_coders SET merged = ? WHERE round_uuid = ? AND coder_uuid = ?",
                     [(now(), *key) for key in merged])


def _withdrawn(conn: sqlite3.Connection, staging, package) -> list[tuple]:
    """``(round, annotation UUID)`` of the coder's snapshot rows their package no longer holds."""
    rows = conn.execute("SELECT annotation_uuid FROM main.round_snapshot WHERE round_uuid = ? AND coder_uuid = ? "
                        f"AND annotation_uuid NOT IN (SELECT uuid FROM {staging.anns} WHERE pkg = ?)",
                        (package.round_uuid, package.coder_uuid, package.index))
    return [(package.round_uuid, u) for (u,) in rows]


def _statuses(conn: sqlite3.Connection, package) -> list[tuple]:
    """``(round, coder, document UUID, status)`` of the package's statuses on the round's documents."""
    docmap = dict(conn.execute("SELECT m.doc, d.uuid FROM temp.merge_docmap m JOIN main.documents d "
                               "ON d.id = m.lead_doc WHERE m.pkg = ?", (package.index,)).fetchall())
    in_round = {u for (u,) in conn.execute("SELECT document_uuid FROM round_documents WHERE round_uuid = ?",
                                           (package.round_uuid,))}
    return [(package.round_uuid, package.coder_uuid, docmap[doc], status) for doc, status, _ in package.statuses
            if docmap.get(doc) in in_round]
