"""Storing one imported text: the one writer of the documents table (files, .qdpx, JSONL, strings)."""
from __future__ import annotations

import sqlite3
from typing import Optional

from .attribute_rules import dumps
from .clock import now
from .records import ImportResult
from .textio import sha256_text
from .uuids import new_uuid


def add_document(conn: sqlite3.Connection, text: str, name: str, language: str,
                 source_path: Optional[str], source_type: Optional[str],
                 attributes: Optional[dict] = None) -> ImportResult:
    """Store one normalised text unless the same text is already there."""
    label = source_path or name
    if not text.strip():
        return ImportResult(label, "refused", f"{name}: the text is empty.")
    digest = sha256_text(text)
    existing = conn.execute("SELECT id, name FROM documents WHERE sha256 = ?", (digest,)).fetchone()
    if existing:
        return ImportResult(label, "duplicate", f"{name}: same text as document {existing[1]!r}; not imported again.",
                            existing[0])
    cursor = conn.execute(
        "INSERT INTO documents(uuid, name, text, sha256, length, language, source_path, source_type, imported_at, "
        "attributes) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (new_uuid(), name, text, digest, len(text), language, source_path, source_type, now(),
         dumps(attributes or {})))
    return ImportResult(label, "imported", f"{name}: imported ({len(text):,} characters).", cursor.lastrowid)


def record_extraction(conn: sqlite3.Connection, document_id: int, method: str, page_text: str) -> None:
    """Keep the whole text of the page a document's main text was extracted from."""
    conn.execute("INSERT INTO extractions(document_id, method, page_text, created) VALUES (?,?,?,?)",
                 (document_id, method, page_text, now()))


def read_extraction(conn: sqlite3.Connection, document_id: int) -> Optional[tuple[str, str]]:
    """``(method, page_text)`` if the document is a page's extracted main text, else None."""
    return conn.execute("SELECT method, page_text FROM extractions WHERE document_id = ?",
                        (document_id,)).fetchone()
