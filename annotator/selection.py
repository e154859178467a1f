"""What an export reads: the chosen annotations with coder and code names resolved, in text
order, and the text of one document at a time (so a million annotations export in constant memory)."""
from __future__ import annotations

from typing import Optional, Sequence


def annotation_rows(project, coders: Optional[Sequence] = None, codes: Optional[Sequence] = None):
    conn = project.store.conn
    where, params = [], []
    for column, refs, resolve in (("a.coder_id", coders, project._coder_id), ("a.code_id", codes, project._code_id)):
        if refs:
            ids = [resolve(ref) for ref in refs]
            where.append(f"{column} IN ({','.join('?' * len(ids))})")
            params.extend(ids)
    sql = ('SELECT a.document_id, a.start, a."end", a.memo, a.created, a.modified, a.uuid, '
           "c.name, c.uuid, k.id, k.name, k.uuid FROM annotations a "
           "JOIN coders c ON c.id = a.coder_id JOIN codes k ON k.id = a.code_id")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += ' ORDER BY a.document_id, a.start, a."end", c.name, k.name, a.memo, a.id'
    return conn.execute(sql, params)


class DocumentCache:
    """Holds the text of the current document only."""

    def __init__(self, conn):
        self._conn, self._id, self.row = conn, None, None

    def get(self, document_id: int):
        if document_id != self._id:
            self.row = self._conn.execute("SELECT name, sha256, uuid, text FROM documents WHERE id = ?",
                                          (document_id,)).fetchone()
            self._id = document_id
        return self.row
