"""Importing files: walk files and folders, read each with its format's reader, store.

A file is decoded outside any transaction; decoded texts are written in batches (one
transaction per batch, at most ``BATCH_SECONDS`` of work), so a folder of a thousand texts
is not a thousand fsyncs, and a kill loses at most the batch in flight. A file is reported
as imported only after its batch committed. Identity is the SHA-256 of the normalised text:
the same text twice is reported as a duplicate, not stored twice.

Readers come from :mod:`annotator.formats.registry` by suffix: texts (plain text, Markdown,
Word, OpenDocument, RTF, PDF, HTML), a spreadsheet corpus (.csv/.xlsx, one document per row,
other columns kept as document attributes) and project files (.qdpx, our .jsonl), which
:mod:`.store` writes whole in one transaction. The file's name and type are kept
(``source_path``, ``source_type``). With ``main_text``, a web page is stored as the main text its
reader extracts, and the page's whole text is kept beside it (``extractions``) in the same batch.
"""
from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path
from typing import Iterable, Optional

from ..documents import add_document, record_extraction
from ..errors import AnnotatorError
from ..formats.registry import reader_for
from ..records import ImportResult
from ..textio import normalise, read_text_file
from .store import store_project

BATCH_SECONDS = 2.0
BATCH_FILES = 1000


def source_type(path: Path) -> str:
    reader = reader_for(path)
    return reader.name if reader else (path.suffix.lower().lstrip(".") or "txt")


def expand(paths: Iterable, recursive: bool) -> list[tuple[Path, bool]]:
    """Files to import, as (path, named_explicitly). Folders yield the texts we can read,
    in a stable order; hidden files and folders are skipped."""
    found: list[tuple[Path, bool]] = []
    for raw in paths:
        if isinstance(raw, str) and not raw:  # Path("") is the current folder: not what anyone meant
            raise AnnotatorError("An empty path was given; name a file or folder (. for the current folder).")
        path = Path(raw)
        if not path.is_dir():
            found.append((path, True))
            continue
        walker = os.walk(path) if recursive else [(str(path), [], os.listdir(path))]
        for folder, subfolders, files in walker:
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            for file_name in sorted(files):
                candidate = Path(folder) / file_name
                if not file_name.startswith(".") and candidate.is_file() and _is_text(candidate):
                    found.append((candidate, False))
    return found


def _is_text(path: Path) -> bool:
    reader = reader_for(path)
    return reader is not None and reader.kind == "text"


def read_one(path: Path) -> str:
    """A text file's normalised text; a type we do not know is read as plain text."""
    reader = reader_for(path)
    if reader is not None and reader.kind == "text":
        return reader.read(path)
    return read_text_file(path).text  # a type we do not know: plain text, binaries refused


def import_project(project, path, create_codes: bool = False):
    """Read a project file (.qdpx, .jsonl) and store it whole; return its report."""
    path = Path(path)
    reader = reader_for(path)
    if reader is None or reader.kind != "project":
        raise AnnotatorError(f"{path.name} is not a project file annotator reads (.qdpx, .jsonl).")
    return store_project(project, reader.read(path), create_codes)


def import_paths(project, paths: Iterable, recursive: bool, language: str,
                 progress=None, cancelled=None, text_column: Optional[str] = None,
                 name_column: Optional[str] = None, create_codes: bool = False,
                 main_text: bool = False) -> list[ImportResult]:
    """Import files in order; one result per file (per row for a spreadsheet corpus); with
    ``main_text``, web pages as their main text."""
    files = expand(paths, recursive)
    results: list[tuple[int, ImportResult]] = []
    pending: list[tuple[int, Path, Extracted]] = []
    started = time.monotonic()

    def flush() -> None:
        if not pending:
            return
        with project.store.write() as conn:
            batch = [(index, _store(conn, item, language, str(path))) for index, path, item in pending]
        results.extend(batch)
        pending.clear()

    for done, (path, _explicit) in enumerate(files, start=1):
        if cancelled is not None and cancelled():
            break
        try:
            if _kind(path) == "project":
                flush()
                results.append((done, _import_project_file(project, path, create_codes)))
            else:
                pending.extend((done, path, item) for item in read_documents(path, text_column, name_column,
                                                                             main_text))
        except AnnotatorError as error:
            results.append((done, ImportResult(str(path), "refused", str(error))))
        except OSError as error:
            results.append((done, ImportResult(str(path), "refused",
                                               f"{path.name}: cannot be read ({error.strerror}).")))
        except Exception as error:  # a reader's library choked on a damaged file: report it, go on
            results.append((done, ImportResult(str(path), "refused", f"{path.name} could not be read as "
                                               f"{source_type(path).upper()} ({type(error).__name__}: {error}).")))
        if len(pending) >= BATCH_FILES or time.monotonic() - started > BATCH_SECONDS:
            flush()
            started = time.monotonic()
        if progress is not None:
            progress(done, len(files), path)
    flush()
    results.sort(key=lambda pair: pair[0])  # stable: a spreadsheet's rows stay in order
    return [result for _index, result in results]


def _kind(path: Path) -> Optional[str]:
    reader = reader_for(path)
    return reader.kind if reader else None


def _store(conn, item: Extracted, language: str, path: str) -> ImportResult:
    """Store one document; a page's main text with the page's whole text beside it."""
    result = add_document(conn, item.text, item.name, language, path, item.source_type, item.attributes)
    if item.page is None or result.document_id is None or result.status != "imported":
        return result
    record_extraction(conn, result.document_id, item.page.method, item.page.page_text)
    removed = item.page.removed
    return dataclasses.replace(result, removed=removed, message=f"{item.name}: imported ({len(item.text):,} characters "
                               f"of main text; {removed:,} characters of the page left out).")


class Extracted:
    """One document read from a file, before it is stored; ``page``: what a main text came from."""

    __slots__ = ("name", "text", "source_type", "attributes", "page")

    def __init__(self, name: str, text: str, source_type: str, attributes: Optional[dict] = None, page=None):
        self.name, self.text, self.source_type, self.attributes = name, text, source_type, attributes
        self.page = page


def read_documents(path: Path, text_column: Optional[str] = None,
                   name_column: Optional[str] = None, main_text: bool = False) -> list[Extracted]:
    """The documents in one file: one for a text, one per row for a spreadsheet corpus; a web
    page's main text when ``main_text`` (other files as always)."""
    reader = reader_for(path)
    if reader is not None and reader.kind == "corpus":
        return [Extracted(row.name, normalise(row.text), reader.name, {**row.attributes, "source_row": row.number})
                for row in reader.read(path, text_column, name_column)]
    if main_text and reader is not None and reader.main_text is not None:
        page = reader.main_text(path)
        return [Extracted(path.name, page.text, reader.name, page=page)]
    return [Extracted(path.name, read_one(path), source_type(path))]


def _import_project_file(project, path: Path, create_codes: bool) -> ImportResult:
    report = import_project(project, path, create_codes)
    lines = report.lines()
    return ImportResult(str(path), report.status, f"{path.name}: " + "; ".join(lines), lines=tuple(lines))
