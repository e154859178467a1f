"""What an export reads: the chosen annotations with coder and code names resolved, in text
order, and the text of one document at a time (so a million annotations export in constant memory).
Every query a writer in :mod:`annotator.formats` needs is here; the writers run no SQL."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Iterator, Optional, Sequence

from . import provenance
from .attribute_rules import read_stored
from .records import code_path


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    code: str
    code_uuid: str
    code_id: int
    coder: str
    coder_uuid: str
    memo: Optional[str]
    uuid: str
    created: str
    modified: str


def _filters(project, coders: Optional[Sequence], codes: Optional[Sequence]) -> tuple[str, list]:
    """`` WHERE ...`` on annotations ``a`` for the chosen coders and codes (or ""), and its parameters."""
    where, params = [], []
    for column, refs, resolve in (("a.coder_id", coders, project._coder_id), ("a.code_id", codes, project._code_id)):
        if refs:
            ids = [resolve(ref) for ref in refs]
            where.append(f"{column} IN ({','.join('?' * len(ids))})")
            params.extend(ids)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def annotation_rows(project, coders: Optional[Sequence] = None, codes: Optional[Sequence] = None):
    where, params = _filters(project, coders, codes)
    sql = ('SELECT a.document_id, a.start, a."end", a.memo, a.created, a.modified, a.uuid, '
           "c.name, c.uuid, k.id, k.name, k.uuid FROM annotations a "
           "JOIN coders c ON c.id = a.coder_id JOIN codes k ON k.id = a.code_id" + where)
    sql += ' ORDER BY a.document_id, a.start, a."end", c.name, k.name, a.memo, a.id'
    return project.store.conn.execute(sql, params)


def annotation_count(project, coders: Optional[Sequence] = None, codes: Optional[Sequence] = None) -> int:
    where, params = _filters(project, coders, codes)
    return project.store.conn.execute("SELECT count(*) FROM annotations a" + where, params).fetchone()[0]


def document_count(project) -> int:
    return project.store.conn.execute("SELECT count(*) FROM documents").fetchone()[0]


def attribute_keys(project, coders: Optional[Sequence] = None, codes: Optional[Sequence] = None) -> list[str]:
    """The attribute keys, sorted, of the documents holding the chosen annotations (one query)."""
    where, params = _filters(project, coders, codes)
    sql = f"SELECT attributes FROM documents WHERE id IN (SELECT a.document_id FROM annotations a{where})"
    return sorted({key for (raw,) in project.store.conn.execute(sql, params) for key in read_stored(raw)})


def select(project, coders: Optional[Sequence] = None, codes: Optional[Sequence] = None) -> dict[int, list[Span]]:
    """Annotations by document id, in text order (``coders``/``codes``: names, ids or UUIDs)."""
    by_doc: dict[int, list[Span]] = {}
    for doc_id, start, end, memo, created, modified, a_uuid, coder, coder_uuid, code_id, code, code_uuid \
            in annotation_rows(project, coders, codes):
        by_doc.setdefault(doc_id, []).append(Span(start, end, code, code_uuid, code_id, coder, coder_uuid, memo,
                                                  a_uuid, created, modified))
    return by_doc


def documents(project) -> Iterator[tuple[int, str, str, str]]:
    """(id, uuid, name, text) for every document, one text in memory at a time."""
    conn = project.store.conn
    for (doc_id,) in conn.execute("SELECT id FROM documents ORDER BY id").fetchall():
        yield conn.execute("SELECT id, uuid, name, text FROM documents WHERE id = ?", (doc_id,)).fetchone()


def document_texts(project) -> Iterator[tuple[int, str, str, str, dict]]:
    """(id, name, sha256, text, attributes) for every document, from one cursor."""
    for *row, raw in project.store.conn.execute("SELECT id, name, sha256, text, attributes FROM documents ORDER BY id"):
        yield (*row, read_stored(raw))


def document_table(project) -> list[tuple]:
    """(name, sha256, length, language, source_path, source_type, imported_at, uuid, attributes)
    for every document; ``attributes`` as a dict."""
    rows = project.store.conn.execute("SELECT name, sha256, length, language, source_path, source_type, "
                                      "imported_at, uuid, attributes FROM documents ORDER BY id").fetchall()
    return [(*row[:8], read_stored(row[8])) for row in rows]


def attributes_by_document(project) -> dict[int, dict]:
    return {doc_id: read_stored(raw)
            for doc_id, raw in project.store.conn.execute("SELECT id, attributes FROM documents")}


@dataclass(frozen=True)
class MemoRow:
    """A memo with text (:mod:`annotator.memos`) as exports write it."""

    uuid: str
    kind: str                  # document, code, journal
    target_uuid: Optional[str]
    coder: str
    coder_uuid: str
    text: str
    created: str
    modified: str


def memo_rows(project, kind: str, coders: Optional[Sequence] = None) -> list[MemoRow]:
    """The memos with text of one kind (by target, then coder name), by the chosen coders."""
    where, params = _filters(project, coders, None)
    sql = ("SELECT m.uuid, m.kind, m.target_uuid, c.name, c.uuid, m.text, m.created, m.modified FROM memos m "
           "JOIN coders c ON c.uuid = m.coder_uuid WHERE m.kind = ? AND m.text != ''"
           + where.replace(" WHERE ", " AND ").replace("a.coder_id", "c.id") + " ORDER BY m.target_uuid, c.name")
    return [MemoRow(*row) for row in project.store.conn.execute(sql, [kind, *params])]


def memos_by_document(project, coders: Optional[Sequence] = None) -> dict[int, list[MemoRow]]:
    """Document id -> its memos with text, by the chosen coders."""
    ids = dict(project.store.conn.execute("SELECT uuid, id FROM documents"))
    found: dict[int, list[MemoRow]] = {}
    for memo in memo_rows(project, "document", coders):
        if memo.target_uuid in ids:
            found.setdefault(ids[memo.target_uuid], []).append(memo)
    return found


def imported_at(project, document_id: int) -> str:
    return project.store.conn.execute("SELECT imported_at FROM documents WHERE id = ?", (document_id,)).fetchone()[0]


def codes_with_rules(project) -> int:
    """Codes with examples or use-when/don't-use-when rules (0 in a file without those columns)."""
    try:
        return project.store.conn.execute("SELECT count(*) FROM codes WHERE examples != '' OR use_when != '' "
                                          "OR dont_use_when != ''").fetchone()[0]
    except sqlite3.OperationalError:  # a file without the codebook columns
        return 0


def status_count(project) -> int:
    return project.store.conn.execute("SELECT count(*) FROM document_status").fetchone()[0]


def code_paths(project) -> dict[int, str]:
    by_id = {code.id: code for code in project.codes()}
    return {code_id: code_path(by_id, code_id) for code_id in by_id}


class DocumentCache:
    """Holds the text of the current document only."""

    def __init__(self, project):
        self._conn, self._id, self.row, self.attributes = project.store.conn, None, None, {}

    def get(self, document_id: int):
        """(name, sha256, uuid, text); ``attributes`` then holds that document's attributes."""
        if document_id != self._id:
            *row, raw = self._conn.execute("SELECT name, sha256, uuid, text, attributes FROM documents WHERE id = ?",
                                           (document_id,)).fetchone()
            self.row, self.attributes, self._id = tuple(row), read_stored(raw), document_id
        return self.row


def suggested_methods(project) -> dict[str, str]:
    """Annotation UUID -> the method of the accepted suggestion it came from (annotations coded by
    hand are not in it)."""
    return provenance.methods(project.store.conn)


def suggested_by(project) -> dict[str, provenance.Suggested]:
    """Annotation UUID -> the method, model version and score of the accepted suggestion it came from."""
    return provenance.suggested(project.store.conn)


def scheme_versions(project) -> dict[str, Optional[int]]:
    """The codebook version each annotation was made under, by annotation UUID."""
    return dict(project.store.conn.execute("SELECT uuid, scheme_version FROM annotations"))


def gold_uuid(project) -> Optional[str]:
    row = project.store.conn.execute("SELECT value FROM meta WHERE key = 'gold_coder_uuid'").fetchone()
    return row[0] if row else None


def document_records(project) -> Iterator[tuple[int, str, str, str, str, dict]]:
    """(id, uuid, name, sha256, text, attributes) for every document, from one cursor."""
    for *row, raw in project.store.conn.execute("SELECT id, uuid, name, sha256, text, attributes FROM documents "
                                                "ORDER BY id"):
        yield (*row, read_stored(raw))
