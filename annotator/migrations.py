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


def _m002_codebook(conn: sqlite3.Connection) -> None:
    """Rich code definitions, a scheme change log, and the codebook version of each
    annotation (filled from ``meta.scheme_version`` when an insert leaves it empty)."""
    _run_script(conn,
        """
        ALTER TABLE codes ADD COLUMN examples TEXT NOT NULL DEFAULT '';
        ALTER TABLE codes ADD COLUMN use_when TEXT NOT NULL DEFAULT '';
        ALTER TABLE codes ADD COLUMN dont_use_when TEXT NOT NULL DEFAULT '';
        CREATE TABLE scheme_log (
            id INTEGER PRIMARY KEY,
            time TEXT NOT NULL,
            coder_uuid TEXT,
            action TEXT NOT NULL,
            code_uuid TEXT,
            details TEXT NOT NULL DEFAULT '{}',
            scheme_version INTEGER NOT NULL
        );
        ALTER TABLE annotations ADD COLUMN scheme_version INTEGER;
        UPDATE annotations SET scheme_version =
            coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'scheme_version'), 1);
        CREATE TRIGGER annotations_scheme_version
        AFTER INSERT ON annotations WHEN NEW.scheme_version IS NULL
        BEGIN
            UPDATE annotations SET scheme_version =
                coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'scheme_version'), 1)
            WHERE id = NEW.id;
        END;
        """
    )


def _m003_merge_log(conn: sqlite3.Connection) -> None:
    """What merges need to remember so that merging coder packages in any order, in one go
    or one by one, ends in the same codebook (see annotator/merging/codes.py).

    ``merged_code_edits``: every code a merged package added or changed, with the code as
    it was when the package was made (``base``, NULL if the coder added it) and as the
    package had it (``edit``), both canonical JSON. ``merged_code_origins``: for each code a
    merge changed, the lead's own version before (``lead_version``, NULL if a merge added
    it) and the version the last merge left (``applied``). IF NOT EXISTS: safe to re-run.
    """
    _run_script(conn,
        """
        CREATE TABLE IF NOT EXISTS merged_code_edits (
            package_uuid TEXT NOT NULL,
            code_uuid TEXT NOT NULL,
            base TEXT,
            edit TEXT NOT NULL,
            PRIMARY KEY (package_uuid, code_uuid, edit)
        );
        CREATE TABLE IF NOT EXISTS merged_code_origins (
            code_uuid TEXT PRIMARY KEY,
            lead_version TEXT,
            applied TEXT NOT NULL
        );
        """
    )


def _m004_deleted_annotations(conn: sqlite3.Connection) -> None:
    """Deletions carried by merges (annotator/merging/deletions.py). In a coder package
    (``meta.package_uuid`` set), deleting an annotation records its UUID, coder and the
    version (``modified``) deleted in ``deleted_annotations``, in the delete's own transaction;
    inserting an annotation with that UUID again (undo of the delete) removes the record.
    Other project files record nothing there. ``merged_deletions``: in the lead's project,
    every deletion a merge applied (which package, which annotation, whose, which version)."""
    _run_script(conn,
        """
        CREATE TABLE IF NOT EXISTS merged_deletions (
            package_uuid TEXT NOT NULL,
            uuid TEXT NOT NULL,
            coder_uuid TEXT NOT NULL,
            modified TEXT NOT NULL,
            PRIMARY KEY (package_uuid, uuid)
        );
        CREATE TABLE IF NOT EXISTS deleted_annotations (
            uuid TEXT PRIMARY KEY,
            coder_uuid TEXT,
            modified TEXT NOT NULL,
            deleted TEXT NOT NULL
        );
        CREATE TRIGGER IF NOT EXISTS annotations_deleted_in_package
        AFTER DELETE ON annotations
        WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'package_uuid')
        BEGIN
            INSERT OR REPLACE INTO deleted_annotations (uuid, coder_uuid, modified, deleted)
            VALUES (OLD.uuid, (SELECT uuid FROM coders WHERE id = OLD.coder_id), OLD.modified,
                    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
        END;
        CREATE TRIGGER IF NOT EXISTS annotations_restored
        AFTER INSERT ON annotations
        BEGIN
            DELETE FROM deleted_annotations WHERE uuid = NEW.uuid;
        END;
        """
    )


def _m005_tombstones_everywhere(conn: sqlite3.Connection) -> None:
    """Every project records the annotations deleted in it, and an undo marks the record
    ``restored`` instead of removing it: a package can then tell a merge that its coder undid
    a deletion, which a stale copy of the package (that never deleted it) cannot, and the
    lead's own deletions are remembered, so merging a package again does not bring them
    back. A delete that a merge makes for a coder is recorded in ``merged_deletions`` (which
    gains when the package deleted and restored it), not as the project's own deletion."""
    _run_script(conn,
        """
        ALTER TABLE deleted_annotations ADD COLUMN restored TEXT;
        ALTER TABLE merged_deletions ADD COLUMN deleted TEXT;
        ALTER TABLE merged_deletions ADD COLUMN restored TEXT;
        CREATE INDEX merged_deletions_by_uuid ON merged_deletions (uuid);
        DROP TRIGGER IF EXISTS annotations_deleted_in_package;
        DROP TRIGGER IF EXISTS annotations_restored;
        CREATE TRIGGER annotations_deleted
        AFTER DELETE ON annotations
        WHEN NOT EXISTS (SELECT 1 FROM merged_deletions WHERE uuid = OLD.uuid AND modified >= OLD.modified
                         AND restored IS NULL)
        BEGIN
            INSERT OR REPLACE INTO deleted_annotations (uuid, coder_uuid, modified, deleted)
            VALUES (OLD.uuid, (SELECT uuid FROM coders WHERE id = OLD.coder_id), OLD.modified,
                    strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
        END;
        CREATE TRIGGER annotations_restored
        AFTER INSERT ON annotations
        BEGIN
            UPDATE deleted_annotations SET restored = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
            WHERE uuid = NEW.uuid AND restored IS NULL;
        END;
        """
    )


def _m006_memos(conn: sqlite3.Connection) -> None:
    """Memos beyond annotations (annotator/memos.py): a coder's memo on a document or a code
    (``target_uuid``), and each coder's project journal (``target_uuid`` NULL). One per coder and
    target: the unique index reads NULL as one value, so a coder has one journal. A cleared memo
    keeps its row with an empty text, so that a merge carries the clearing like an edit (newest
    ``modified`` wins). Targets are named by UUID (documents and codes travel between files by
    UUID); the coder must exist."""
    _run_script(conn,
        """
        CREATE TABLE memos (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('document', 'code', 'journal')),
            target_uuid TEXT,
            coder_uuid TEXT NOT NULL REFERENCES coders(uuid) ON DELETE RESTRICT,
            text TEXT NOT NULL,
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            CHECK ((kind = 'journal') = (target_uuid IS NULL))
        );
        CREATE UNIQUE INDEX memos_one_per_coder ON memos (kind, coalesce(target_uuid, ''), coder_uuid);
        CREATE INDEX memos_by_target ON memos (target_uuid);
        """
    )


def _m007_annotations_by_coder_and_place(conn: sqlite3.Connection) -> None:
    """One coder's annotations of one document in text order, from the index alone: what the coding
    window reads when a document opens in blind coding (``coder_id`` alone made each of those
    reads look up every annotation of the document in the table, all coders')."""
    _run_script(conn,
        """
        DROP INDEX IF EXISTS annotations_by_coder;
        CREATE INDEX annotations_by_coder ON annotations (coder_id, document_id, start, "end");
        """
    )


def _m008_suggestions(conn: sqlite3.Connection) -> None:
    """Assisted coding (annotator/suggestions.py). ``suggestions``: spans offered to one coder with
    one code by a method (propagate, rules, model, boilerplate), with the method's model version
    and score; open, accepted or rejected (rejections are kept: they are negative examples). They
    are never annotations: exports, agreement, adjudication, packages and merges read
    ``annotations`` only. A suggestion goes with its document, coder or code (CASCADE: deleting a
    code deletes what was suggested with it). ``annotation_provenance``: the annotation an accepted
    suggestion became, by the annotation's UUID (so it travels with it through packages, merges and
    undo), and what made it. ``codes.rules``: each code's keywords, phrases and patterns (JSON), part
    of the codebook. ``models``: each coder's trained classifier (spaCy bytes) with its held-out
    figures, so that a closed project stays one file."""
    _run_script(conn,
        """
        CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            coder_id INTEGER NOT NULL REFERENCES coders(id) ON DELETE CASCADE,
            code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            method TEXT NOT NULL CHECK (method IN ('propagate', 'rules', 'model', 'boilerplate')),
            model_version TEXT NOT NULL DEFAULT '',
            score REAL NOT NULL DEFAULT 1.0 CHECK (score >= 0 AND score <= 1),
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
            created TEXT NOT NULL,
            decided TEXT,
            annotation_uuid TEXT,
            CHECK ((status = 'accepted') = (annotation_uuid IS NOT NULL))
        );
        CREATE UNIQUE INDEX suggestions_once ON suggestions (coder_id, document_id, start, "end", code_id, method);
        CREATE INDEX suggestions_by_place ON suggestions (document_id, coder_id, start);
        CREATE TABLE annotation_provenance (
            annotation_uuid TEXT PRIMARY KEY,
            suggestion_uuid TEXT NOT NULL,
            method TEXT NOT NULL,
            model_version TEXT NOT NULL,
            score REAL NOT NULL,
            scheme_version INTEGER NOT NULL,
            accepted TEXT NOT NULL
        );
        ALTER TABLE codes ADD COLUMN rules TEXT NOT NULL DEFAULT '[]';
        CREATE TABLE models (
            id INTEGER PRIMARY KEY,
            version TEXT NOT NULL UNIQUE,
            coder_id INTEGER NOT NULL REFERENCES coders(id) ON DELETE CASCADE,
            created TEXT NOT NULL,
            scheme_version INTEGER NOT NULL,
            seed INTEGER NOT NULL,
            metrics TEXT NOT NULL,
            thresholds TEXT NOT NULL DEFAULT '{}',
            model BLOB NOT NULL
        );
        """
    )


def _m009_extractions(conn: sqlite3.Connection) -> None:
    """What main-text extraction took out of an imported web page (``import --main-text``): per
    document, the method with its version and the page's whole text before extraction (normalised
    like any imported text), so nothing it removed disappears unseen (``annotator removed``). It
    goes with its document."""
    _run_script(conn,
        """
        CREATE TABLE extractions (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            method TEXT NOT NULL,
            page_text TEXT NOT NULL,
            created TEXT NOT NULL
        );
        """
    )


def _m010_rounds(conn: sqlite3.Connection) -> None:
    """Coding rounds (annotator/rounds.py): a round is a named sample of documents that named coders code
    in packages made for it, under the codebook version frozen at its start (``scheme_version``).
    ``kind`` is ``reliability`` (two or more coders code afresh); ``calibration`` and ``retest`` are
    reserved, with ``details`` (JSON) for what such a round needs to remember. ``sample_size`` and
    ``seed`` say how the documents were drawn (both NULL: listed). ``round_documents`` and
    ``round_coders`` are the sample and the coders by UUID, each coder with the package made for
    them and when it was last merged (NULL: not yet). ``round_annotations``: the annotations that came
    into the project through the round's packages, by UUID, so the round's figures never include
    coding done later on the same documents; ``round_statuses``: each document's status as the coder's
    round package had it (who took part in a document of the round)."""
    _run_script(conn,
        """
        CREATE TABLE rounds (
            uuid TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) != ''),
            kind TEXT NOT NULL DEFAULT 'reliability' CHECK (kind IN ('reliability', 'calibration', 'retest')),
            scheme_version INTEGER NOT NULL,
            created TEXT NOT NULL,
            sample_size INTEGER CHECK (sample_size IS NULL OR sample_size >= 1),
            seed INTEGER,
            details TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE round_documents (
            round_uuid TEXT NOT NULL REFERENCES rounds(uuid) ON DELETE CASCADE,
            document_uuid TEXT NOT NULL,
            PRIMARY KEY (round_uuid, document_uuid)
        );
        CREATE TABLE round_coders (
            round_uuid TEXT NOT NULL REFERENCES rounds(uuid) ON DELETE CASCADE,
            coder_uuid TEXT NOT NULL,
            package_uuid TEXT NOT NULL UNIQUE,
            merged TEXT,
            PRIMARY KEY (round_uuid, coder_uuid)
        );
        CREATE TABLE round_annotations (
            round_uuid TEXT NOT NULL REFERENCES rounds(uuid) ON DELETE CASCADE,
            annotation_uuid TEXT NOT NULL,
            PRIMARY KEY (round_uuid, annotation_uuid)
        );
        CREATE TABLE round_statuses (
            round_uuid TEXT NOT NULL REFERENCES rounds(uuid) ON DELETE CASCADE,
            coder_uuid TEXT NOT NULL,
            document_uuid TEXT NOT NULL,
            status TEXT NOT NULL,
            PRIMARY KEY (round_uuid, coder_uuid, document_uuid)
        );
        """
    )


def _m011_anchors(conn: sqlite3.Connection) -> None:
    """Anchor examples (issue 16): ``codes.anchors``, the gold annotations marked as examples or
    counter-examples of each code, as a JSON list with a snapshot of each one's text
    (:mod:`annotator.codebook.anchors`). Part of the codebook, so it travels with the codes."""
    _run_script(conn, "ALTER TABLE codes ADD COLUMN anchors TEXT NOT NULL DEFAULT '[]';")


def _m012_round_snapshot(conn: sqlite3.Connection) -> None:
    """What a round measured, kept as it was (issue 16): per round, each annotation its packages brought in
    (recorded at merge from the package) and, for a retest, each of the re-tested coder's annotations on its
    documents when it was made: document, coder, span, and code by UUID with its name and path then, so later
    edits, deletions and codebook changes never move a round's figures. Rounds made before this migration are
    filled from the annotations as they are when it runs (what was edited or deleted before is lost)."""
    _run_script(conn,
        """
        CREATE TABLE round_snapshot (
            round_uuid TEXT NOT NULL REFERENCES rounds(uuid) ON DELETE CASCADE,
            annotation_uuid TEXT NOT NULL,
            document_uuid TEXT NOT NULL,
            coder_uuid TEXT NOT NULL,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            code_uuid TEXT NOT NULL,
            code_name TEXT NOT NULL,
            code_path TEXT NOT NULL,
            PRIMARY KEY (round_uuid, annotation_uuid)
        );
        """
    )
    conn.execute(_BACKFILL_SNAPSHOT.format(measured=_MEASURED_12))


def _m013_calibration_gold(conn: sqlite3.Connection) -> None:
    """A calibration round keeps gold as it was when the round was made (issue 16), as a retest keeps the coder's
    earlier coding: the UUIDs of gold's annotations on its documents in ``details`` (``earlier``) and those
    annotations in ``round_snapshot``, so later edits of gold and codebook changes that re-code it never move the
    round's figures. Calibration rounds made before this migration are filled from gold as it is when it runs
    (what gold changed since the round was made is not known)."""
    conn.execute(_EARLIER_GOLD)
    conn.execute(_BACKFILL_SNAPSHOT.format(measured=_MEASURED_13))


_EARLIER_GOLD = """
    UPDATE rounds SET details = json_set(coalesce(details, '{}'), '$.earlier', json((
        SELECT json_group_array(uuid) FROM (
            SELECT a.uuid FROM annotations a JOIN coders k ON k.id = a.coder_id JOIN documents d
            ON d.id = a.document_id JOIN round_documents r ON r.document_uuid = d.uuid AND r.round_uuid = rounds.uuid
            WHERE k.uuid = json_extract(rounds.details, '$.against') ORDER BY a.uuid))))
    WHERE kind = 'calibration' AND json_extract(details, '$.against') IS NOT NULL"""

_MEASURED_12 = """
        SELECT round_uuid, annotation_uuid FROM round_annotations
        UNION SELECT r.uuid, e.value FROM rounds r, json_each(r.details, '$.earlier') e WHERE r.kind = 'retest'"""

_MEASURED_13 = """
        SELECT r.uuid, e.value FROM rounds r, json_each(r.details, '$.earlier') e WHERE r.kind = 'calibration'"""

_BACKFILL_SNAPSHOT = """
    WITH RECURSIVE part(id, name) AS (
        SELECT id, CASE WHEN instr(name, '>') THEN replace(replace(name, '\\', '\\\\'), '>', '\\>') ELSE name END
        FROM codes),
    up(id, parent_id, path, depth) AS (
        SELECT c.id, c.parent_id, p.name, 0 FROM codes c JOIN part p ON p.id = c.id
        UNION ALL
        SELECT up.id, c.parent_id, p.name || ' > ' || up.path, up.depth + 1
        FROM up JOIN codes c ON c.id = up.parent_id JOIN part p ON p.id = c.id WHERE up.depth < 1000),
    paths(id, path) AS (SELECT id, path FROM up WHERE parent_id IS NULL),
    measured(round_uuid, annotation_uuid) AS ({measured})
    INSERT OR IGNORE INTO round_snapshot
    SELECT m.round_uuid, a.uuid, d.uuid, k.uuid, a.start, a."end", c.uuid, c.name, coalesce(paths.path, c.name)
    FROM measured m JOIN annotations a ON a.uuid = m.annotation_uuid JOIN documents d ON d.id = a.document_id
    JOIN coders k ON k.id = a.coder_id JOIN codes c ON c.id = a.code_id LEFT JOIN paths ON paths.id = c.id"""


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _m001_initial,
    _m002_codebook,
    _m003_merge_log,
    _m004_deleted_annotations,
    _m005_tombstones_everywhere,
    _m006_memos,
    _m007_annotations_by_coder_and_place,
    _m008_suggestions,
    _m009_extractions,
    _m010_rounds,
    _m011_anchors,
    _m012_round_snapshot,
    _m013_calibration_gold,
]

SCHEMA_VERSION = len(MIGRATIONS)


def needs_migration(conn: sqlite3.Connection) -> bool:
    """True if the file lacks migrations (a read: no lock beyond a reader's)."""
    return conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file to SCHEMA_VERSION; return the version it had before. A file that is
    up to date is only read, so opening it needs no write lock (and works read-only)."""
    if not needs_migration(conn):
        return conn.execute("PRAGMA user_version").fetchone()[0]
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
