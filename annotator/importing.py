"""Importing documents: walk files and folders, decode, normalise, store.

A file is decoded outside any transaction; decoded texts are written in batches (one
transaction per batch, at most ``BATCH_SECONDS`` of work), so a folder of a thousand texts
is not a thousand fsyncs, and a kill loses at most the batch in flight. A file is reported
as imported only after its batch committed. Identity is the SHA-256 of the normalised text:
the same text twice is reported as a duplicate, not stored twice.
"""
from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Callable, Iterable, Optional

from .errors import AnnotatorError
from .records import ImportResult

BATCH_SECONDS = 2.0
BATCH_FILES = 1000

# Readers by suffix; a folder imports only these (other formats plug in here).
TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md"}


def reader_for(path: Path) -> Optional[Callable[[Path], str]]:
    """The function that turns a file into text, or None if we do not read that type."""
    from .textio import read_text_file

    if path.suffix.lower() in TEXT_SUFFIXES:
        return lambda p: read_text_file(p).text
    return None


def expand(paths: Iterable, recursive: bool) -> list[tuple[Path, bool]]:
    """Files to import, as (path, named_explicitly). Folders yield the files we can read,
    in a stable order; hidden files and folders are skipped."""
    found: list[tuple[Path, bool]] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            found.append((path, True))
            continue
        walker = os.walk(path) if recursive else [(str(path), [], os.listdir(path))]
        for folder, subfolders, files in walker:
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            for file_name in sorted(files):
                candidate = Path(folder) / file_name
                if not file_name.startswith(".") and candidate.is_file() and reader_for(candidate):
                    found.append((candidate, False))
    return found


def read_one(path: Path) -> str:
    reader = reader_for(path)
    if reader is None:
        from .textio import read_text_file

        return read_text_file(path).text  # refuses binaries with a clear reason
    return reader(path)


def add_document(conn: sqlite3.Connection, text: str, name: str, language: str,
                 source_path: Optional[str], source_type: Optional[str]) -> ImportResult:
    """Store one normalised text unless the same text is already there."""
    from .project import new_uuid, now
    from .textio import sha256_text

    label = source_path or name
    if not text.strip():
        return ImportResult(label, "refused", f"{name}: the text is empty.")
    digest = sha256_text(text)
    existing = conn.execute("SELECT id, name FROM documents WHERE sha256 = ?", (digest,)).fetchone()
    if existing:
        return ImportResult(label, "duplicate", f"{name}: same text as document {existing[1]!r}; not imported again.",
                            existing[0])
    cursor = conn.execute(
        "INSERT INTO documents(uuid, name, text, sha256, length, language, source_path, source_type, imported_at) "
        "VALUES (?,?,?,?,?,?,?,?,?)",
        (new_uuid(), name, text, digest, len(text), language, source_path, source_type, now()))
    return ImportResult(label, "imported", f"{name}: imported ({len(text):,} characters).", cursor.lastrowid)


def import_paths(project, paths: Iterable, recursive: bool, language: str,
                 progress=None, cancelled=None) -> list[ImportResult]:
    files = expand(paths, recursive)
    results: list[ImportResult] = []
    pending: list[tuple[Path, str]] = []
    started = time.monotonic()

    def flush() -> None:
        if not pending:
            return
        with project.store.write() as conn:
            batch = [add_document(conn, text, path.name, language, str(path),
                                  TEXT_SUFFIXES.get(path.suffix.lower(), path.suffix.lstrip(".").lower() or "txt"))
                     for path, text in pending]
        results.extend(batch)
        pending.clear()

    for done, (path, _explicit) in enumerate(files, start=1):
        if cancelled is not None and cancelled():
            break
        try:
            pending.append((path, read_one(path)))
        except AnnotatorError as error:
            results.append(ImportResult(str(path), "refused", str(error)))
        except OSError as error:
            results.append(ImportResult(str(path), "refused", f"{path.name}: cannot be read ({error.strerror})."))
        if len(pending) >= BATCH_FILES or time.monotonic() - started > BATCH_SECONDS:
            flush()
            started = time.monotonic()
        if progress is not None:
            progress(done, len(files), path)
    flush()
    order = {str(path): index for index, (path, _) in enumerate(files)}
    results.sort(key=lambda r: order.get(r.path, len(order)))
    return results
