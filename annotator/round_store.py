"""Coding rounds as stored (migration 10): reading them, and the rows a new round writes.

A round is read as a :class:`Round` record: its documents and coders by UUID, each coder with
the package made for them and when it was last merged. Making rounds (the packages) is
:mod:`annotator.rounds`; a merge records a round's annotations in :mod:`annotator.merging.rounds`;
the agreement report reads a round through :func:`find_round` and :func:`snapshot`: what the round
measured as it was (migration 12), and the coding it is compared with (a calibration's gold, a retest's earlier
coding) as it was when the round was made (migration 13), never the annotations as they are now.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Optional

from ._refs import closest_name
from .errors import NotFoundError
from .records import Code, code_path

KINDS = ("reliability", "calibration", "retest")


@dataclass(frozen=True)
class RoundCoder:
    coder_uuid: str
    package_uuid: str
    merged: Optional[str]      # when its package was last merged (UTC), None if not yet


@dataclass(frozen=True)
class Snapped:
    """One annotation a round measured, as it was when recorded (``round_snapshot``)."""
    annotation_uuid: str
    document_uuid: str
    coder_uuid: str
    start: int
    end: int
    code_uuid: str
    code_name: str      # the code's name and path then (the code may since be renamed, merged or deleted)
    code_path: str


SNAPSHOT_COLUMNS = ("round_uuid", "annotation_uuid", "document_uuid", "coder_uuid", "start", "end", "code_uuid",
                    "code_name", "code_path")


@dataclass(frozen=True)
class Round:
    uuid: str
    name: str
    kind: str
    scheme_version: int        # the codebook version frozen at its start
    created: str
    documents: tuple[str, ...]  # document UUIDs
    coders: tuple[RoundCoder, ...]
    sample_size: Optional[int] = None   # None: the documents were listed
    seed: Optional[int] = None
    details: dict = field(default_factory=dict)

    @property
    def sample(self) -> str:
        """How the documents were chosen, in words."""
        if self.sample_size is None:
            return f"{len(self.documents)} documents listed"
        return f"a random sample of {self.sample_size} documents, seed {self.seed}"


def rounds(conn: sqlite3.Connection) -> list[Round]:
    """Every round, in the order they were made."""
    rows = conn.execute("SELECT uuid, name, kind, scheme_version, created, sample_size, seed, details "
                        "FROM rounds ORDER BY created, rowid").fetchall()
    return [_round(conn, *row) for row in rows]


def _round(conn, uuid, name, kind, version, created, size, seed, details) -> Round:
    documents = tuple(u for (u,) in conn.execute(
        "SELECT document_uuid FROM round_documents WHERE round_uuid = ? ORDER BY rowid", (uuid,)))
    coders = tuple(RoundCoder(*row) for row in conn.execute(
        "SELECT coder_uuid, package_uuid, merged FROM round_coders WHERE round_uuid = ? ORDER BY rowid", (uuid,)))
    return Round(uuid, name, kind, version, created, documents, coders, size, seed, json.loads(details or "{}"))


def find_round(conn: sqlite3.Connection, name: str) -> Round:
    """The round called ``name`` (case ignored) or with that UUID; one sentence if there is none."""
    row = conn.execute("SELECT uuid, name, kind, scheme_version, created, sample_size, seed, details FROM rounds "
                       "WHERE name = ? OR uuid = ?", (str(name).strip(), str(name).strip().lower())).fetchone()
    if row is not None:
        return _round(conn, *row)
    names = [n for (n,) in conn.execute("SELECT name FROM rounds ORDER BY created, rowid")]
    if not names:
        raise NotFoundError(f"There is no round {name!r}: this project has no rounds yet "
                            "(make one with `annotator round new`).")
    hint = closest_name(str(name), names)
    also = f" Did you mean {hint!r}?" if hint else f" The rounds are {', '.join(map(repr, names))}."
    raise NotFoundError(f"There is no round {name!r} in this project.{also}")


def name_taken(conn: sqlite3.Connection, name: str) -> Optional[str]:
    """The existing round's name if ``name`` is taken (case ignored), else None."""
    row = conn.execute("SELECT name FROM rounds WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def insert_round(conn: sqlite3.Connection, round_: Round) -> None:
    """Write a new round's rows (inside the caller's transaction)."""
    conn.execute("INSERT INTO rounds(uuid, name, kind, scheme_version, created, sample_size, seed, details) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (round_.uuid, round_.name, round_.kind, round_.scheme_version, round_.created,
                  round_.sample_size, round_.seed, json.dumps(round_.details, sort_keys=True)))
    conn.executemany("INSERT INTO round_documents(round_uuid, document_uuid) VALUES (?, ?)",
                     [(round_.uuid, u) for u in round_.documents])
    conn.executemany("INSERT INTO round_coders(round_uuid, coder_uuid, package_uuid, merged) VALUES (?, ?, ?, ?)",
                     [(round_.uuid, c.coder_uuid, c.package_uuid, c.merged) for c in round_.coders])
    record_snapshot(conn, snapshot_now(conn, round_.uuid, round_.details.get("earlier", ())))


def snapshot(conn: sqlite3.Connection, round_uuid: str) -> list[Snapped]:
    """What the round measured, as recorded, in text order (an annotation still in the project in its place)."""
    rows = conn.execute(
        'SELECT s.annotation_uuid, s.document_uuid, s.coder_uuid, s.start, s."end", s.code_uuid, s.code_name, '
        's.code_path FROM round_snapshot s LEFT JOIN annotations a ON a.uuid = s.annotation_uuid '
        'WHERE s.round_uuid = ? ORDER BY s.document_uuid, s.start, s."end", coalesce(a.id, -s.rowid)', (round_uuid,))
    return [Snapped(*row) for row in rows]


def snapshot_now(conn: sqlite3.Connection, round_uuid: str, annotation_uuids) -> list[tuple]:
    """Rows of ``round_snapshot`` (:data:`SNAPSHOT_COLUMNS`) for these annotations as the project has them now."""
    rows = conn.execute('SELECT a.uuid, d.uuid, k.uuid, a.start, a."end", a.code_id FROM annotations a '
                        'JOIN documents d ON d.id = a.document_id JOIN coders k ON k.id = a.coder_id '
                        'WHERE a.uuid IN (SELECT value FROM json_each(?))', (json.dumps(list(annotation_uuids)),))
    return snapshot_rows(conn, round_uuid, rows.fetchall())


def snapshot_rows(conn: sqlite3.Connection, round_uuid: str, rows: list[tuple]) -> list[tuple]:
    """``(annotation, document, coder UUID, start, end, code row id)`` as rows of ``round_snapshot``: the code
    named by its UUID, name and path now."""
    codes = {i: Code(i, uuid, name, "", "", None, parent) for i, uuid, name, parent in conn.execute(
        "SELECT id, uuid, name, parent_id FROM codes")}
    return [(round_uuid, *row[:5], codes[row[5]].uuid, codes[row[5]].name, code_path(codes, row[5]))
            for row in rows]


def record_snapshot(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Write (or replace) snapshot rows (inside the caller's transaction)."""
    names, marks = ", ".join(f'"{c}"' for c in SNAPSHOT_COLUMNS), ", ".join("?" * len(SNAPSHOT_COLUMNS))
    conn.executemany(f"INSERT OR REPLACE INTO round_snapshot ({names}) VALUES ({marks})", rows)


def round_annotations(conn: sqlite3.Connection, round_uuid: str) -> set[str]:
    """The UUIDs of the annotations that came in through the round's packages."""
    return {u for (u,) in conn.execute("SELECT annotation_uuid FROM round_annotations WHERE round_uuid = ?",
                                       (round_uuid,))}


def took_part(conn: sqlite3.Connection, coder_id: int) -> set[int]:
    """Row ids of the documents a coder annotated or marked in progress or done (the report's rule)."""
    rows = conn.execute("SELECT document_id FROM annotations WHERE coder_id = ? UNION SELECT document_id FROM "
                        "document_status WHERE coder_id = ? AND status IN ('in progress', 'done')",
                        (coder_id, coder_id))
    return {d for (d,) in rows}


def outstanding(conn: sqlite3.Connection, coder_uuid: str, doc_ids: list[int]) -> list[tuple[str, list[str]]]:
    """``(round name, ["'d5.txt'", ...])``: the rounds whose package for this coder is not merged yet, with
    which of the documents ``doc_ids`` (row ids) it holds."""
    marks = ", ".join("?" * len(doc_ids))
    out: dict[str, list[str]] = {}
    for round_name, doc in conn.execute(
            "SELECT r.name, d.name FROM round_coders c JOIN rounds r ON r.uuid = c.round_uuid JOIN round_documents "
            f"rd ON rd.round_uuid = r.uuid JOIN documents d ON d.uuid = rd.document_uuid WHERE c.coder_uuid = ? AND "
            f"c.merged IS NULL AND d.id IN ({marks}) ORDER BY r.created, r.rowid, d.id", (coder_uuid, *doc_ids)):
        out.setdefault(round_name, []).append(repr(doc))
    return list(out.items())


def retest_coders(conn: sqlite3.Connection) -> set[str]:
    """UUIDs of the coder rows that hold retest rounds' re-coding (not coders of their own)."""
    rows = conn.execute("SELECT details FROM rounds WHERE kind = 'retest'")
    return {str(json.loads(d or "{}").get("retest_coder") or "") for (d,) in rows} - {""}


def merged_counts(conn: sqlite3.Connection, round_uuid: str) -> dict[str, int]:
    """Coder UUID -> how many of the round's annotations (still in the project) are theirs."""
    rows = conn.execute("SELECT c.uuid, count(*) FROM round_annotations r JOIN annotations a ON a.uuid = "
                        "r.annotation_uuid JOIN coders c ON c.id = a.coder_id WHERE r.round_uuid = ? "
                        "GROUP BY c.uuid", (round_uuid,))
    return dict(rows.fetchall())


def gaps(conn: sqlite3.Connection, round_: Round) -> list[str]:
    """What the round's figures lack, in sentences: the coders whose packages are not merged yet, and how
    many of each coder's round annotations their package's last merge refused (:mod:`annotator.merging.rounds`)."""
    names = dict(conn.execute("SELECT uuid, name FROM coders").fetchall())
    waiting = [names.get(c.coder_uuid, c.coder_uuid) for c in round_.coders if not c.merged]
    counts = round_.details.get("refused", {})
    refused = [f"{counts[c.coder_uuid]} of {names.get(c.coder_uuid)}'s" for c in round_.coders
               if counts.get(c.coder_uuid)]
    out = []
    if waiting:
        out.append(f"The round's data is incomplete: {len(waiting)} of its {len(round_.coders)} packages not merged "
                   f"yet ({and_joined(waiting)}); the figures are without "
                   f"{'that coder' if len(waiting) == 1 else 'them'}.")
    if refused:
        out.append(f"The round's data is incomplete: merging refused {and_joined(refused)} round annotations (see the "
                   "merge report); the figures are without them.")
    return out


def and_joined(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``: items in a sentence."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
