"""Code frequencies: a table of codes (rows) by documents, coders, attribute values or date bins
(columns; see :mod:`annotator.analysis.columns`), counted in one of four units.

- ``segments``: annotations. A parent code's row counts its own annotations and its sub-codes'.
- ``documents``: documents with at least one annotation of the code or a sub-code, each counted
  once however many coders and annotations it has.
- ``characters``: characters covered. Per document and coder, the spans of the code and its
  sub-codes are united first, so text that several of them (or overlapping annotations) cover
  counts once; coders are then added up (two coders covering the same sentence count it twice).
- ``per1000``: segments per 1,000 words of the column's documents; words are spaCy tokens that
  are neither punctuation nor whitespace (:func:`annotator.analysis.units.word_count`). A column
  without words has no value (``None``).

Coders are pooled (every coder's annotations count) unless the scope names coders. In ``coder``
columns every coder's column holds all documents in scope. One SELECT streams the annotations in
document order; each document is counted when its rows are read.
"""
from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter
from typing import Iterator, Optional, Union

from ..display import shown
from ..errors import AnnotatorError
from .codes import ShownCodes, shown_codes
from .columns import Columns, crosstab_columns
from .reading import Progress, Row, by_coder, by_document
from .scope import Scope
from .spans import union_length
from .units import column_words

COUNTS = ("segments", "documents", "characters", "per1000")
Number = Union[int, float, None]


@dataclass(frozen=True)
class Crosstab:
    count: str
    rows: tuple[str, ...]  # code paths, codebook order
    code_ids: tuple[int, ...]  # aligned with rows
    columns: Columns
    values: tuple[tuple[Number, ...], ...]  # values[row][column]
    scope: Scope
    members: tuple[frozenset[int], ...]  # per row, the codes it counts (itself and its sub-codes in scope)
    words: Optional[tuple[int, ...]] = None  # per column, for per1000

    @property
    def labels(self) -> list[str]:
        return [column.label for column in self.columns.columns]

    @property
    def documents(self) -> dict[str, int]:
        return {column.label: len(column.document_ids) for column in self.columns.columns}

    def cells(self) -> Iterator[tuple[str, str, Number]]:
        labels = self.labels
        for row, values in zip(self.rows, self.values):
            yield from ((row, label, value) for label, value in zip(labels, values))

    def cell_scope(self, row: int, column: int) -> Scope:
        """The annotations one cell counts, for :func:`annotator.analysis.retrieval.coded_segments`."""
        chosen = self.columns.columns[column]
        coders = self.scope.coder_ids if chosen.coder_id is None else frozenset([chosen.coder_id])
        return Scope(self.members[row], coders, chosen.document_ids)

    def as_json(self) -> dict:
        out = {"rows": list(self.rows), "columns": self.labels, "count": self.count,
               "cells": [{"row": r, "column": c, "value": v} for r, c, v in self.cells()],
               "documents": self.documents}
        if self.words is not None:
            out["words"] = dict(zip(self.labels, self.words))
        return out


def crosstab(conn: sqlite3.Connection, scope: Scope, columns: str = "document", count: str = "segments",
             progress: Progress = None) -> Crosstab:
    if count not in COUNTS:
        raise AnnotatorError(f'"{shown(count)}" is not a count; use {", ".join(COUNTS)}.')
    codes = shown_codes(conn, scope)
    cols = crosstab_columns(conn, columns, scope)
    tallies = _tally(conn, scope, codes, cols, count, progress)
    if count in ("segments", "per1000"):
        tallies = _rolled_up(tallies, codes)
    table: list[list[Number]] = [[tally.get(code, 0) for tally in tallies] for code in codes.ids]
    words = tuple(column_words(conn, cols, progress)) if count == "per1000" else None
    if words is not None:
        table = [[None if w == 0 else (n or 0) * 1000 / w for n, w in zip(row, words)] for row in table]
    return Crosstab(count, codes.paths, codes.ids, cols, tuple(map(tuple, table)), scope, codes.members(), words)


def _tally(conn, scope: Scope, codes: ShownCodes, cols: Columns, count: str, progress: Progress) -> list[Counter]:
    """Per column, ``{code id: n}``: own segments (not yet rolled up), or rolled-up documents or characters."""
    tallies: list[Counter] = [Counter() for _ in cols.columns]
    column_of = _column_index(cols)
    add = _ADDERS.get(count, _add_segments)
    for doc_id, rows in by_document(conn, scope, progress):
        if cols.by_coder:
            for own in by_coder(rows):
                add(tallies[column_of[own[0][1]]], own, codes)
        else:
            add(tallies[column_of[doc_id]], rows, codes)
    return tallies


def _column_index(cols: Columns) -> dict[int, int]:
    """Coder id (``coder`` columns) or document id -> column index."""
    if cols.by_coder:
        return {column.coder_id: i for i, column in enumerate(cols.columns) if column.coder_id is not None}
    return {doc: i for i, column in enumerate(cols.columns) for doc in column.document_ids}


def _add_segments(tally: Counter, rows: list[Row], codes: ShownCodes) -> None:
    tally.update(map(itemgetter(2), rows))


def _add_documents(tally: Counter, rows: list[Row], codes: ShownCodes) -> None:
    tally.update({counted for code in {row[2] for row in rows} for counted in codes.counts_for.get(code, ())})


def _add_characters(tally: Counter, rows: list[Row], codes: ShownCodes) -> None:
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for _, coder, code, start, end in rows:  # ordered by coder, then start: every list by start
        for counted in codes.counts_for.get(code, ()):
            spans.setdefault((coder, counted), []).append((start, end))
    for (_, counted), own in spans.items():
        tally[counted] += union_length(own)


_ADDERS = {"documents": _add_documents, "characters": _add_characters}


def _rolled_up(tallies: list[Counter], codes: ShownCodes) -> list[Counter]:
    out = []
    for tally in tallies:
        rolled: Counter = Counter()
        for code, n in tally.items():
            for counted in codes.counts_for.get(code, ()):
                rolled[counted] += n
        out.append(rolled)
    return out
