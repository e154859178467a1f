"""Exports: CSV (one row per annotation) and JSONL (one line per document) live here; the
other formats (xlsx, prodigy, spacy, brat, html, qdpx) are in :mod:`annotator.formats` and are
reached through :func:`export`.

Both stream: rows come from one SQL cursor ordered by document, and only the current
document's text is held in memory, so a million annotations export in constant memory.
Files are written through :mod:`annotator.outputs`: to a temporary file beside the target,
renamed into place (a crash never leaves half an export), never over a project, a folder, a
pipe or a device.

CSV: UTF-8 (no BOM), RFC 4180 quoting with CRLF row ends (newlines inside a cell survive).
Every text cell, the header and the UUID columns included, that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, tab, CR or LF) gets a leading apostrophe
unless ``raw=True`` (for R and Python, where the apostrophe would change the data).
``start``/``end`` are code points, half-open:
``text == document_text[start:end]``.
"""
from __future__ import annotations

import json
from pathlib import Path

from .errors import AnnotatorError
from .formats.brat import export_brat
from .formats.html_export import export_html
from .formats.prodigy import export_prodigy
from .formats.qdpx_export import export_qdpx
from .formats.spacy_docbin import export_spacy
from .formats.spans import CSV_COLUMNS, ExportReport
from .formats.xlsx_export import export_xlsx
from .outputs import CsvWriter, atomic_output, neutralise, output_target, write_atomically
from .records import code_path
from .selection import DocumentCache, annotation_rows

__all__ = ["CSV_COLUMNS", "EXPORT_FORMATS", "export", "export_csv", "export_jsonl", "atomic_output",
           "neutralise", "write_atomically"]


def export_csv(project, out: Path, coders=None, codes=None, raw: bool = False, progress=None) -> int:
    """Write one row per annotation; return the number of rows."""
    by_id = {code.id: code for code in project.codes()}
    paths = {code_id: code_path(by_id, code_id) for code_id in by_id}
    docs = DocumentCache(project.store.conn)
    count = 0
    with atomic_output(out, "w", encoding="utf-8", newline="") as stream:
        writer = CsvWriter(stream, raw)
        writer.writerow(CSV_COLUMNS)
        for doc_id, start, end, memo, created, modified, a_uuid, coder, coder_uuid, code_id, code, code_uuid \
                in annotation_rows(project, coders, codes):
            name, sha, doc_uuid, text = docs.get(doc_id)
            writer.writerow((name, sha, coder, code, paths[code_id], start, end, text[start:end], memo, created,
                             modified, doc_uuid, coder_uuid, code_uuid, a_uuid))
            count += 1
            if progress is not None and count % 10_000 == 0:
                progress(count)
    return count


def export_jsonl(project, out: Path, coders=None, codes=None) -> int:
    """One JSON object per document (every document, coded or not); return the line count."""
    conn = project.store.conn
    spans: dict[int, list] = {}
    for doc_id, start, end, memo, *_rest, coder, _cu, _cid, code, _ku in annotation_rows(project, coders, codes):
        spans.setdefault(doc_id, []).append({"start": start, "end": end, "code": code, "coder": coder, "memo": memo})
    count = 0
    with atomic_output(out, "w", encoding="utf-8", newline="\n") as stream:
        for doc_id, name, sha, text in conn.execute("SELECT id, name, sha256, text FROM documents ORDER BY id"):
            line = {"document": name, "sha256": sha, "text": text, "spans": spans.get(doc_id, [])}
            stream.write(json.dumps(line, ensure_ascii=False) + "\n")
            count += 1
    return count


# Every export format by name: (module in annotator.formats or None for this module, function, unit).
EXPORT_FORMATS = {
    "csv": "one row per annotation (UTF-8, RFC 4180)",
    "xlsx": "Excel workbook: segments, codes and documents sheets",
    "jsonl": "annotator's JSON lines: one line per document with its spans",
    "prodigy": "Prodigy/spaCy-style span JSONL: one task per document and coder, with tokens",
    "spacy": "spaCy DocBin (.spacy): one Doc per document and coder, spans under a span key",
    "brat": "brat standoff folder: <coder>/<document>.txt + .ann, annotation.conf, visual.conf",
    "html": "one HTML page with highlighted documents, a legend and memos as footnotes",
    "qdpx": "REFI-QDA project exchange (.qdpx) for MAXQDA, ATLAS.ti, NVivo, QualCoder",
}


def export(project, format: str, out: Path, coders=None, codes=None, raw: bool = False, progress=None,
           span_key: str = "sc", positions: str = "utf16"):
    """Write one export; return an :class:`~annotator.formats.spans.ExportReport`
    (what was written, and notes such as spans that had to be widened to tokens). ``positions``:
    qdpx only, ``utf16`` (NVivo, ATLAS.ti, MAXQDA) or ``codepoints`` (the REFI-QDA text, QualCoder)."""
    out = Path(out)
    output_target(out, folder=format == "brat")  # refused before any work; checked again when written
    project.store.check_readable("nothing was exported")
    if format == "csv":
        return ExportReport(export_csv(project, out, coders, codes, raw=raw, progress=progress), "annotations")
    if format == "jsonl":
        return ExportReport(export_jsonl(project, out, coders, codes), "documents")
    if format == "xlsx":
        return export_xlsx(project, out, coders, codes, raw=raw)
    if format == "prodigy":
        return export_prodigy(project, out, coders, codes)
    if format == "spacy":
        return export_spacy(project, out, coders, codes, span_key=span_key)
    if format == "brat":
        return export_brat(project, out, coders, codes)
    if format == "html":
        return export_html(project, out, coders, codes)
    if format == "qdpx":
        return export_qdpx(project, out, coders, codes, positions)
    raise AnnotatorError(f"There is no export format {format!r}; choose one of {', '.join(EXPORT_FORMATS)}.")
