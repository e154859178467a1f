"""Numbered schema migrations.

``PRAGMA user_version`` is the schema version of a project file: the number of migrations
applied to it. ``PRAGMA application_id`` marks the file as ours. On open, the migrations a
file lacks run in order inside one ``BEGIN IMMEDIATE`` transaction, so two processes opening
an old file at once cannot both migrate it, and a crash mid-migration leaves the old file.
Never edit a released migration: append a new one.
"""
from __future__ import annotations

import sqlite3
from typing import Callable

APPLICATION_ID = 0x414E4E54  # "ANNT"


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run statements one by one (``executescript`` would COMMIT the open transaction)."""
    statement = ""
    for piece in script.split(";"):
        statement += piece + ";"
        if sqlite3.complete_statement(statement):
            if statement.strip(" \n;"):
                conn.execute(statement)
            statement = ""


def _m001_initial(conn: sqlite3.Connection) -> None:
    _run_script(conn, 
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            length INTEGER NOT NULL CHECK (length > 0),
            language TEXT NOT NULL,
            source_path TEXT,
            source_type TEXT,
            imported_at TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TRIGGER documents_text_is_immutable
        BEFORE UPDATE OF text, sha256, length ON documents
        BEGIN SELECT RAISE(ABORT, 'a document''s text never changes once imported'); END;
        CREATE TABLE codes (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            color TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            shortcut TEXT UNIQUE,
            parent_id INTEGER REFERENCES codes(id) ON DELETE RESTRICT,
            position INTEGER NOT NULL DEFAULT 0,
            codable INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE coders (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE RESTRICT,
            coder_id INTEGER NOT NULL REFERENCES coders(id) ON DELETE RESTRICT,
            code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE RESTRICT,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            memo TEXT,
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        );
        CREATE INDEX annotations_by_document ON annotations (document_id, start, "end");
        CREATE INDEX annotations_by_coder ON annotations (coder_id);
        CREATE INDEX annotations_by_code ON annotations (code_id);
        CREATE TRIGGER annotations_inside_text_insert
        BEFORE INSERT ON annotations
        WHEN NEW."end" > (SELECT length FROM documents WHERE id = NEW.document_id)
        BEGIN SELECT RAISE(ABORT, 'the span ends past the end of the document'); END;
        CREATE TRIGGER annotations_inside_text_update
        BEFORE UPDATE OF start, "end", document_id ON annotations
        WHEN NEW."end" > (SELECT length FROM documents WHERE id = NEW.document_id)
        BEGIN SELECT RAISE(ABORT, 'the span ends past the end of the document'); END;
        CREATE TABLE document_status (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            coder_id INTEGER NOT NULL REFERENCES coders(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('not started', 'in progress', 'done')),
            modified TEXT NOT NULL,
            PRIMARY KEY (document_id, coder_id)
        );
        """
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _m001_initial,
]

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file to SCHEMA_VERSION; return the version it had before."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        before = conn.execute("PRAGMA user_version").fetchone()[0]
        for number in range(before, SCHEMA_VERSION):
            MIGRATIONS[number](conn)
        if before < SCHEMA_VERSION:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return before
