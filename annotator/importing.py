"""Importing documents: walk files and folders, decode, normalise, store.

A file is decoded outside any transaction; decoded texts are written in batches (one
transaction per batch, at most ``BATCH_SECONDS`` of work), so a folder of a thousand texts
is not a thousand fsyncs, and a kill loses at most the batch in flight. A file is reported
as imported only after its batch committed. Identity is the SHA-256 of the normalised text:
the same text twice is reported as a duplicate, not stored twice.

Formats: plain text and Markdown (:mod:`.textio`), Word, OpenDocument, RTF, PDF and HTML
(:mod:`.formats`), a spreadsheet corpus (.csv/.xlsx, one document per row, other columns
kept as document attributes) and REFI-QDA projects (.qdpx, :mod:`.formats.qdpx_import`).
The file's name and type are kept (``source_path``, ``source_type``).
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable, Iterable, Optional

from .documents import add_document
from .errors import AnnotatorError
from .formats import opendoc, pdf, rtf, webpage, word
from .formats.qdpx_import import import_qdpx
from .formats.spreadsheet import read_rows
from .records import ImportResult
from .textio import normalise, read_text_file

BATCH_SECONDS = 2.0
BATCH_FILES = 1000

# Readers by suffix; a folder imports only these. Values are the stored source_type.
TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md"}
FORMAT_SUFFIXES = {".docx": "docx", ".odt": "odt", ".rtf": "rtf", ".pdf": "pdf", ".html": "html", ".htm": "html"}
# One document per row; read only when named explicitly (a folder's stray .csv is not a corpus).
SPREADSHEET_SUFFIXES = {".csv": "csv", ".xlsx": "xlsx"}
PROJECT_SUFFIXES = {".qdpx": "qdpx"}
_FORMAT_MODULES = {"docx": word, "odt": opendoc, "rtf": rtf, "pdf": pdf, "html": webpage}


def source_type(path: Path) -> str:
    suffix = path.suffix.lower()
    for table in (TEXT_SUFFIXES, FORMAT_SUFFIXES, SPREADSHEET_SUFFIXES, PROJECT_SUFFIXES):
        if suffix in table:
            return table[suffix]
    return suffix.lstrip(".") or "txt"


def reader_for(path: Path) -> Optional[Callable[[Path], str]]:
    """The function that turns a file into text, or None if we do not read that type."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return lambda p: read_text_file(p).text
    if suffix in FORMAT_SUFFIXES:
        module = _FORMAT_MODULES[FORMAT_SUFFIXES[suffix]]
        return lambda p: normalise(module.read(Path(p)))
    return None


def expand(paths: Iterable, recursive: bool) -> list[tuple[Path, bool]]:
    """Files to import, as (path, named_explicitly). Folders yield the files we can read,
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
                if not file_name.startswith(".") and candidate.is_file() and reader_for(candidate):
                    found.append((candidate, False))
    return found


def read_one(path: Path) -> str:
    reader = reader_for(path)
    if reader is None:
        return read_text_file(path).text  # refuses binaries with a clear reason
    return reader(path)


def import_paths(project, paths: Iterable, recursive: bool, language: str,
                 progress=None, cancelled=None, text_column: Optional[str] = None,
                 name_column: Optional[str] = None) -> list[ImportResult]:
    """Import files in order; one result per file (per row for a spreadsheet corpus)."""
    files = expand(paths, recursive)
    results: list[tuple[int, ImportResult]] = []
    pending: list[tuple[int, Path, Extracted]] = []
    started = time.monotonic()

    def flush() -> None:
        if not pending:
            return
        with project.store.write() as conn:
            batch = [(index, add_document(conn, item.text, item.name, language, str(path), item.source_type,
                                          item.attributes))
                     for index, path, item in pending]
        results.extend(batch)
        pending.clear()

    for done, (path, _explicit) in enumerate(files, start=1):
        if cancelled is not None and cancelled():
            break
        try:
            if path.suffix.lower() in PROJECT_SUFFIXES:
                flush()
                results.append((done, _import_project_file(project, path)))
            else:
                pending.extend((done, path, item) for item in read_documents(path, text_column, name_column))
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


class Extracted:
    """One document read from a file, before it is stored."""

    __slots__ = ("name", "text", "source_type", "attributes")

    def __init__(self, name: str, text: str, source_type: str, attributes: Optional[dict] = None):
        self.name, self.text, self.source_type, self.attributes = name, text, source_type, attributes


def read_documents(path: Path, text_column: Optional[str] = None,
                   name_column: Optional[str] = None) -> list[Extracted]:
    """The documents in one file: one for a text, one per row for a spreadsheet corpus."""
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        kind = SPREADSHEET_SUFFIXES[path.suffix.lower()]
        return [Extracted(row.name, normalise(row.text), kind, {**row.attributes, "source_row": row.number})
                for row in read_rows(path, text_column, name_column)]
    return [Extracted(path.name, read_one(path), source_type(path))]


def _import_project_file(project, path: Path) -> ImportResult:
    report = import_qdpx(project, path)
    return ImportResult(str(path), report.status, f"{path.name}: " + "; ".join(report.lines()))
