"""CSV: one row per annotation, for R and pandas.

UTF-8 (no BOM), RFC 4180 quoting with CRLF row ends (newlines inside a cell survive). Every
text cell, the header and the UUID columns included, that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab, CR or LF) gets a leading apostrophe unless
``raw=True`` (for R and Python, where the apostrophe would change the data). ``start``/``end``
are code points, half-open: ``text == document_text[start:end]``. After the fixed columns come
``attr:KEY``, one per attribute key of the exported documents, sorted (none when they have no
attributes). The last column, ``suggested_by``, is the method of the accepted suggestion an
annotation came from (propagate, rules, model, boilerplate), empty for one coded by hand. Rows stream
from one cursor ordered by document, and only the current document's text is held in memory.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..outputs import CsvWriter, atomic_output
from ..selection import DocumentCache, annotation_count, annotation_rows, attribute_keys, code_paths, suggested_methods
from ..steps import NO_STEPS, Steps

CSV_COLUMNS = ["document", "document_sha256", "coder", "code", "code_path", "start", "end", "text",
               "memo", "created", "modified", "document_uuid", "coder_uuid", "code_uuid", "annotation_uuid"]
SUGGESTED_COLUMNS = ["suggested_by"]   # the last column, after the attributes: no earlier column moves
ATTRIBUTE_PREFIX = "attr:"  # no fixed column has a colon, so an attribute column never collides with one


def attribute_columns(keys) -> list[str]:
    return [ATTRIBUTE_PREFIX + key for key in keys]


def _cell(value):
    """An attribute value as a CSV cell: as stored, booleans as true/false, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, (str, int, float)) else json.dumps(value, ensure_ascii=False)


def export_csv(project, out: Path, coders=None, codes=None, raw: bool = False, steps: Steps = NO_STEPS) -> int:
    """Write one row per annotation; return the number of rows."""
    paths = code_paths(project)
    docs = DocumentCache(project)
    keys = attribute_keys(project, coders, codes)
    suggested = suggested_methods(project)
    count, total = 0, annotation_count(project, coders, codes)
    with atomic_output(out, "w", encoding="utf-8", newline="") as stream:
        writer = CsvWriter(stream, raw)
        writer.writerow(CSV_COLUMNS + attribute_columns(keys) + SUGGESTED_COLUMNS)
        for doc_id, start, end, memo, created, modified, a_uuid, coder, coder_uuid, code_id, code, code_uuid \
                in steps.each(annotation_rows(project, coders, codes), total, "annotations", every=1000):
            name, sha, doc_uuid, text = docs.get(doc_id)
            writer.writerow((name, sha, coder, code, paths[code_id], start, end, text[start:end], memo, created,
                             modified, doc_uuid, coder_uuid, code_uuid, a_uuid,
                             *(_cell(docs.attributes.get(key)) for key in keys), suggested.get(a_uuid, "")))
            count += 1
        steps.check()
    return count
