"""The analysis bundle: tidy tables for R, pandas, DuckDB (``annotator export --format bundle``).

A new folder with ``documents.csv``, ``codes.csv``, ``coders.csv``, ``segments.csv``,
``document_code.csv``, ``sentence_code.csv`` and a ``README.md`` data dictionary (every column,
its type and unit, and lines of R and pandas that load and join the tables); with pyarrow
installed (``pip install "annotator[parquet]"``) each table is also written as ``.parquet``,
typed and never neutralised. Joins go by UUID (``document_uuid`` → ``documents.uuid`` …).

Which rows: ``document_code`` has a row for every document × code × coder where the coder
has at least one annotation in that document (so a zero means "read it and did not use the
code", not "never opened it"); ``sentence_code`` one row per sentence of such a document and
coder, with a 0/1 column per code, 1 when an annotation of that code by that coder shares a
character with the sentence. Sentences are spaCy's (``annotator.nlp``), as the app shows them.
"""
from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

from ..attribute_values import is_date
from ..outputs import atomic_output, new_folder
from ..paragraphs import touched
from ..records import code_path
from ..selection import (
    Span,
    attribute_keys,
    document_count,
    document_records,
    document_table,
    gold_uuid,
    scheme_versions,
    select,
    suggested_methods,
)
from ..steps import NO_STEPS, Steps
from .bundle_readme import CODE_PREFIX, data_dictionary, describe
from .csv_export import ATTRIBUTE_PREFIX, CSV_COLUMNS, SUGGESTED_COLUMNS
from .spans import ExportReport
from .tables import csv_cell, write_csv


def export_bundle(project, out: Path, coders=None, codes=None, raw: bool = False,
                  steps: Steps = NO_STEPS) -> ExportReport:
    tables = _tables(project, coders, codes, steps)
    parquet = importlib.util.find_spec("pyarrow") is not None
    with new_folder(out, "the analysis bundle") as folder:
        for name, (header, rows) in tables.items():
            write_csv(folder / f"{name}.csv", header, rows, raw)
            if parquet:
                _write_parquet(folder / f"{name}.parquet", header, rows)
        with atomic_output(folder / "README.md", "w", encoding="utf-8", newline="\n") as stream:
            stream.write(data_dictionary(tables, parquet, raw))
        steps.check()
    notes = [] if parquet else ['Parquet files need pyarrow: pip install "annotator[parquet]".']
    return ExportReport(len(tables["segments"][1]), "segments (and six tables with a data dictionary)", notes)


def _tables(project, coders, codes, steps: Steps) -> dict:
    by_id = {c.id: c for c in project.codes()}
    wanted = {project.code(r).id for r in codes} if codes else set(by_id)
    chosen = [c for c in by_id.values() if c.id in wanted]
    paths = {c.id: code_path(by_id, c.id) for c in by_id.values()}
    selected = select(project, coders, codes)
    keys = attribute_keys(project, coders, codes)
    all_keys = sorted({k for row in document_table(project) for k in row[8]})
    versions = scheme_versions(project)
    suggested = suggested_methods(project)
    services = project.text_services()
    documents_rows, segments, pairs, sentences = [], [], [], []
    for doc_id, doc_uuid, name, sha, text, attributes in steps.each(document_records(project), document_count(project)):
        spans = selected.get(doc_id, [])
        documents_rows.append([doc_uuid, name, sha, len(text), services.word_count(text),
                               *(attributes.get(k) for k in all_keys)])
        segments += [_segment(name, sha, doc_uuid, text, s, paths, versions, attributes, keys)
                     + [suggested.get(s.uuid)] for s in spans]
        pairs += _document_code((doc_uuid, name), spans, chosen, paths)
        sentences += _sentence_code((doc_uuid, name), text, spans, chosen, services)
    return {
        "documents": (["uuid", "name", "sha256", "characters", "words", *(ATTRIBUTE_PREFIX + k for k in all_keys)],
                      documents_rows),
        "codes": _codes(by_id, paths),
        "coders": _coders(project, selected),
        "segments": (CSV_COLUMNS + ["scheme_version"] + [ATTRIBUTE_PREFIX + k for k in keys] + SUGGESTED_COLUMNS,
                     segments),
        "document_code": (["document_uuid", "document", "code_uuid", "code_path", "coder_uuid", "coder",
                           "segments", "characters"], pairs),
        "sentence_code": (["document_uuid", "document", "sentence", "start", "end", "coder_uuid", "coder", "text",
                           *(CODE_PREFIX + paths[c.id] for c in chosen)], sentences),
    }


def _segment(name, sha, doc_uuid, text, s: Span, paths, versions, attributes, keys) -> list:
    return [name, sha, s.coder, s.code, paths[s.code_id], s.start, s.end, text[s.start:s.end], s.memo, s.created,
            s.modified, doc_uuid, s.coder_uuid, s.code_uuid, s.uuid, versions.get(s.uuid),
            *(attributes.get(k) for k in keys)]


def _codes(by_id: dict, paths: dict) -> tuple[list, list]:
    rows = []
    for code in by_id.values():
        parent = by_id.get(code.parent_id)
        rows.append([code.uuid, code.name, paths[code.id], parent.uuid if parent else None,
                     _depth(by_id, code), code.description, code.color, code.codable, code.shortcut])
    return ["uuid", "name", "path", "parent_uuid", "depth", "description", "color", "codable", "shortcut"], rows


def _depth(by_id: dict, code) -> int:
    """How many ancestors ``code`` has (from the tree, not the path: a name may contain " > ")."""
    seen = {code.id}
    while code.parent_id in by_id and code.parent_id not in seen:
        code = by_id[code.parent_id]
        seen.add(code.id)
    return len(seen) - 1


def _coders(project, selected: dict) -> tuple[list, list]:
    counts: dict[str, int] = {}
    for spans in selected.values():
        for s in spans:
            counts[s.coder_uuid] = counts.get(s.coder_uuid, 0) + 1
    gold = gold_uuid(project)
    rows = [[c.uuid, c.name, c.uuid == gold, counts.get(c.uuid, 0)] for c in project.coders()]
    return ["uuid", "name", "is_gold", "annotations"], rows


def _by_coder(spans: list[Span]) -> dict[tuple[str, str], list[Span]]:
    out: dict[tuple[str, str], list[Span]] = {}
    for s in spans:
        out.setdefault((s.coder_uuid, s.coder), []).append(s)
    return out


def _document_code(document, spans: list[Span], chosen, paths) -> list[list]:
    rows = []
    for (coder_uuid, coder), mine in _by_coder(spans).items():
        by_code: dict[int, list[tuple[int, int]]] = {}
        for s in mine:
            by_code.setdefault(s.code_id, []).append((s.start, s.end))
        for code in chosen:
            own = by_code.get(code.id, [])
            rows.append([*document, code.uuid, paths[code.id], coder_uuid, coder, len(own), covered(own)])
    return rows


def covered(spans: list[tuple[int, int]]) -> int:
    """Characters inside at least one of ``spans`` (overlaps counted once)."""
    total, reach = 0, -1
    for start, end in sorted(spans):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def _sentence_code(document, text: str, spans: list[Span], chosen, services) -> list[list]:
    by_coder = _by_coder(spans)
    if not by_coder:
        return []
    bounds = services.sentences(text)
    starts, ends = [a for a, _ in bounds], [b for _, b in bounds]
    present: dict[tuple, list[set]] = {key: [set() for _ in bounds] for key in by_coder}
    for key, mine in by_coder.items():
        for s in mine:
            for i in touched(starts, ends, s.start, s.end):
                present[key][i].add(s.code_id)
    return [[*document, index + 1, start, end, coder_uuid, coder, text[start:end],
             *(int(c.id in present[(coder_uuid, coder)][index]) for c in chosen)]
            for index, (start, end) in enumerate(bounds) for coder_uuid, coder in by_coder]


def _write_parquet(path: Path, header: list, rows: list) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    columns = list(zip(*rows)) if rows else [()] * len(header)
    arrays = [_arrow_column(list(values), describe(name)[1]) for name, values in zip(header, columns)]
    pq.write_table(pa.Table.from_arrays(arrays, names=header), path)


_DECLARED = {"integer": "int64", "0/1": "int64", "boolean": "bool_", "text": "string"}


def _arrow_column(values: list, declared: str = "as stored"):
    """One typed column: booleans, integers, numbers, dates (every value YYYY-MM-DD) or text; a
    column mixing kinds (an attribute that is a number in one document and text in another)
    becomes text, and a column without values has the type the data dictionary declares."""
    import pyarrow as pa
    kinds = {type(v) for v in values if v is not None}
    if not kinds:
        return pa.array(values, type=getattr(pa, _DECLARED.get(declared, "string"))())
    for kind, arrow in (({bool}, pa.bool_()), ({int}, pa.int64()), ({int, float}, pa.float64())):
        if kinds <= kind:
            return pa.array(values, type=arrow)
    if declared == "as stored" and all(v is None or is_date(v) for v in values):
        return pa.array([None if v is None else date.fromisoformat(v) for v in values], type=pa.date32())
    return pa.array([None if v is None else str(csv_cell(v)) for v in values], type=pa.string())
