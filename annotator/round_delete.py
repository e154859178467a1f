"""Deleting a coding round made by mistake (:mod:`annotator.round_store`), as a command the app can undo.

Deleting a round removes its record only: the ``rounds`` row and its membership rows (documents,
coders and their packages, the annotations and statuses recorded as the round's). The annotations
its packages brought in are coders' work and stay in the project as ordinary coding. A retest
round's own coder row ("Ana (retest NAME)") goes with it only when nothing in the project refers to
it (no annotations, statuses, memos, suggestions or models); one that holds other work stays. A retest
round whose row holds the re-coding (annotations, or documents marked in progress or done) is not deleted:
without the round that row would be one more coder, counted in agreement and calibration by default.

    deletion = describe_deletion(conn, "pilot")     # what it will do, in words (:meth:`RoundDeletion.lines`)
    inverse, change = DeleteRound(deletion.round.uuid).apply(conn)
    inverse.apply(conn)                              # the round is back: same UUID, rows and row ids
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from .changes import Change, ChangeKind
from .errors import AnnotatorError
from .round_store import Round, find_round, merged_counts, took_part

# each table of a round with the column naming the round, parents first (rows restored in this order)
ROUND_TABLES = (("rounds", "uuid"), ("round_documents", "round_uuid"), ("round_coders", "round_uuid"),
                ("round_annotations", "round_uuid"), ("round_statuses", "round_uuid"), ("round_snapshot", "round_uuid"))
# what refers to a coder row, by id or UUID: a retest row referred to holds work and is kept
_WORK = (("annotations", "coder_id = ?", "id"), ("document_status", "coder_id = ?", "id"),
         ("memos", "coder_uuid = ?", "uuid"), ("suggestions", "coder_id = ?", "id"),
         ("models", "coder_id = ?", "id"))


@dataclass(frozen=True)
class RoundDeletion:
    """What deleting a round does, for the user: whose annotations stay, which retest row goes or stays."""

    round: Round
    kept: tuple[tuple[str, int], ...]           # (coder name, the round's annotations of theirs that stay)
    retest_kept: tuple[tuple[str, int], ...]     # (retest row name, its annotations): rows that hold work
    retest_removed: tuple[str, ...]              # empty retest rows removed with the round

    def lines(self) -> list[str]:
        r, total = self.round, sum(n for _, n in self.kept)
        who = "; ".join(f"{name} {n:,}" for name, n in self.kept if n)
        out = [f"Deleted round {r.name!r} ({r.kind}; {len(r.documents)} documents, {len(r.coders)} coders): its "
               "record and who and what it held. It no longer shows in `round list`, the trend or the app."]
        stay = "stays" if total == 1 else "stay"
        out.append(f"The {_annotations_word(total)} merged from its packages {stay} in the project as ordinary "
                   f"coding ({who})." if total else "No annotation had been merged from its packages; nothing else "
                   "changed.")
        out += [f"The retest coder {name!r} stays: it holds no coding, but statuses, memos, suggestions or a model "
                "refer to it." for name, _ in self.retest_kept]
        out += [f"The empty retest coder {name!r} was removed." for name in self.retest_removed]
        return out


def _annotations_word(count: int) -> str:
    return f"{count:,} annotation{'' if count == 1 else 's'}"


def describe_deletion(conn: sqlite3.Connection, name: str) -> RoundDeletion:
    """What deleting the round ``name`` (or UUID) will do; one sentence naming the closest round if there is none."""
    found = find_round(conn, name)
    refuse_recoded(conn, found)
    counts = merged_counts(conn, found.uuid)
    names = dict(conn.execute("SELECT uuid, name FROM coders").fetchall())
    kept = tuple((names.get(c.coder_uuid, c.coder_uuid), counts.get(c.coder_uuid, 0)) for c in found.coders)
    rows = _retest_rows(conn, found)
    empty = _empty(conn, rows)
    held = tuple((row[2], _annotations(conn, row[0])) for row in rows if row[0] not in empty)
    return RoundDeletion(found, kept, held, tuple(row[2] for row in rows if row[0] in empty))


def _retest_rows(conn: sqlite3.Connection, found: Round) -> list[tuple]:
    """``(id, uuid, name)`` of the round's own retest coder row, if it still exists."""
    uuid = found.details.get("retest_coder") if found.kind == "retest" else None
    return conn.execute("SELECT id, uuid, name FROM coders WHERE uuid = ?", (uuid,)).fetchall() if uuid else []


def refuse_recoded(conn: sqlite3.Connection, found: Round) -> None:
    """One sentence if the round is a retest whose row holds the re-coding (nothing is changed)."""
    for row_id, _, name in _retest_rows(conn, found):
        if documents := took_part(conn, row_id):
            raise AnnotatorError(
                f"Round {found.name!r} is a retest whose re-coding was merged ({name!r} holds its coding of "
                f"{len(documents)} document{'' if len(documents) == 1 else 's'}, "
                f"{_annotations_word(_annotations(conn, row_id))}), and "
                "without the round that row would count as one more coder in agreement and calibration; delete "
                "the re-coding first (that row's annotations and statuses), or keep the round.")


def _empty(conn: sqlite3.Connection, rows: list[tuple]) -> set[int]:
    """Ids of the coder rows nothing refers to."""
    return {row[0] for row in rows
            if not any(conn.execute(f"SELECT 1 FROM {table} WHERE {where} LIMIT 1",
                                    (row[0] if key == "id" else row[1],)).fetchone()
                       for table, where, key in _WORK)}


def _annotations(conn: sqlite3.Connection, coder_id: int) -> int:
    return conn.execute("SELECT count(*) FROM annotations WHERE coder_id = ?", (coder_id,)).fetchone()[0]


ROUND_CHANGE = Change(0, (), (), ChangeKind.ROUNDS)


@dataclass
class DeleteRound:
    """Delete a round's rows and its empty retest coder row; the inverse puts back the very rows (row ids too)."""

    round_uuid: str
    label: str = "Delete round"

    def apply(self, conn: sqlite3.Connection) -> tuple["RestoreRound", Change]:
        found = find_round(conn, self.round_uuid)
        refuse_recoded(conn, found)
        empty = _empty(conn, _retest_rows(conn, found))
        saved = {table: _rows(conn, table, f"{column} = ?", (found.uuid,)) for table, column in ROUND_TABLES}
        coders = _rows(conn, "coders", f"id IN ({','.join('?' * len(empty))})", tuple(empty), rowid=False)
        for table, column in reversed(ROUND_TABLES):
            conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (found.uuid,))
        conn.executemany("DELETE FROM coders WHERE id = ?", [(i,) for i in empty])
        return RestoreRound(found.uuid, saved, coders, self.label), ROUND_CHANGE


@dataclass
class RestoreRound:
    """Put a deleted round's rows back (and its retest coder row), with their row ids; the inverse deletes it."""

    round_uuid: str
    rows: dict = field(default_factory=dict)     # table -> (columns, rows), rowid first
    coders: tuple = ((), ())                     # the coder rows removed with it, the same way
    label: str = "Delete round"

    def apply(self, conn: sqlite3.Connection) -> tuple[DeleteRound, Change]:
        _insert(conn, "coders", *self.coders)
        for table, _ in ROUND_TABLES:
            _insert(conn, table, *self.rows.get(table, ((), ())))
        return DeleteRound(self.round_uuid, self.label), ROUND_CHANGE


def _rows(conn: sqlite3.Connection, table: str, where: str, params: tuple, rowid: bool = True) -> tuple[tuple, tuple]:
    """``(columns, rows)`` of the table's rows that match, in rowid order; with the rowid unless a column is it."""
    also = "rowid AS _rowid_, " if rowid else ""
    cursor = conn.execute(f"SELECT {also}* FROM {table} WHERE {where} ORDER BY rowid", params)
    return tuple(d[0] for d in cursor.description), tuple(cursor.fetchall())


def _insert(conn: sqlite3.Connection, table: str, columns: tuple, rows: tuple) -> None:
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows)
