"""What one cell of a co-occurrence table counts: the pairs of annotations, or the units, behind
``count(a, b)`` (:mod:`annotator.analysis.cooccurrence` defines them), one :class:`CellItem` each,
so that ``len(cooccurrence_pairs(...)) == count(a, b)`` for every unit and every two codes.

Only the annotations of ``a`` and ``b`` are read (nothing else changes the cell), one document
and one coder at a time, with the same layouts (sentences, paragraphs, tokens) and sweeps as the
counts. Items come by document, coder, then position.
"""
from __future__ import annotations

import sqlite3
from typing import Iterator, NamedTuple, Optional

from .cooccurrence import Unit, followers, parse_unit, unit_layout, window_spans
from .reading import Progress, Row, by_coder, by_document, text_of
from .scope import Scope
from .spans import intersecting_pairs, touched

Span = tuple[int, int]


class CellItem(NamedTuple):
    document_id: int
    coder_id: int
    start: int                  # what to show: the unit, or the two annotations from first start to last end
    end: int
    a: Optional[Span] = None    # pair units: the annotation of the row's code (a)
    b: Optional[Span] = None    # ... and of the column's code (b)


def cooccurrence_pairs(conn: sqlite3.Connection, scope: Scope, unit: str, a: int, b: int,
                       progress: Progress = None) -> list[CellItem]:
    """The pairs (overlap, window, followed-by: a's annotation, then b's) or the units (sentence,
    paragraph, document) that ``count(a, b)`` counts in ``scope``; ``a`` and ``b`` are code ids."""
    parsed = parse_unit(unit)
    narrowed = Scope(frozenset({a, b}) & scope.code_ids if scope.code_ids is not None else frozenset({a, b}),
                     scope.coder_ids, scope.document_ids)
    layout = unit_layout(conn, parsed)
    out: list[CellItem] = []
    for doc_id, rows in by_document(conn, narrowed, progress):
        context = _document_span(conn, doc_id) if parsed.kind == "document" else layout(doc_id)
        for own in by_coder(rows):
            out.extend(_ITEMS[parsed.kind](own, context, parsed, a, b))
    return out


def _document_span(conn: sqlite3.Connection, doc_id: int) -> tuple[list[int], list[int]]:
    return [0], [len(text_of(conn, doc_id))]


def _units(rows: list[Row], layout, unit: Unit, a: int, b: int) -> Iterator[CellItem]:
    """Units (sentences, paragraphs, the document: ``layout`` is starts and ends) with both codes."""
    starts, ends = layout
    having: dict[int, set[int]] = {a: set(), b: set()}
    for _, _, code, start, end in rows:
        having[code].update(touched(starts, ends, start, end))
    for u in sorted(having[a] & having[b]):
        yield CellItem(rows[0][0], rows[0][1], starts[u], ends[u])


def _pair(rows: list[Row], i: int, j: int, a: int) -> CellItem:
    """Rows ``i`` and ``j`` as a pair, the annotation of ``a`` first (``i`` first when both are)."""
    x, y = (rows[i], rows[j]) if rows[i][2] == a else (rows[j], rows[i])
    return CellItem(x[0], x[1], min(x[3], y[3]), max(x[4], y[4]), (x[3], x[4]), (y[3], y[4]))


def _wanted(rows: list[Row], i: int, j: int, a: int, b: int) -> bool:
    """An unordered pair counted in the cell: one of each code (both of ``a`` on the diagonal)."""
    return {rows[i][2], rows[j][2]} == {a, b} and (a == b or rows[i][2] != rows[j][2])


def _intersecting(rows: list[Row], spans: list[Span], a: int, b: int) -> Iterator[CellItem]:
    ordered = sorted((start, end, i) for i, (start, end) in enumerate(spans))
    pairs = sorted((min(i, j), max(i, j)) for i, j in intersecting_pairs(ordered))
    yield from (_pair(rows, i, j, a) for i, j in pairs if _wanted(rows, i, j, a, b))


def _overlaps(rows: list[Row], layout, unit: Unit, a: int, b: int) -> Iterator[CellItem]:
    return _intersecting(rows, [(row[3], row[4]) for row in rows], a, b)


def _windows(rows: list[Row], layout, unit: Unit, a: int, b: int) -> Iterator[CellItem]:
    return _intersecting(rows, window_spans(rows, layout, unit.n or 0), a, b)


def _followers(rows: list[Row], layout, unit: Unit, a: int, b: int) -> Iterator[CellItem]:
    starts = [row[3] for row in rows]
    for x in (row for row in rows if row[2] == a):
        for j in followers(starts, layout[0], unit.n or 0, x[4]):
            if rows[j][2] == b:
                y = rows[j]
                yield CellItem(x[0], x[1], x[3], max(x[4], y[4]), (x[3], x[4]), (y[3], y[4]))


_ITEMS = {"sentence": _units, "paragraph": _units, "document": _units, "overlap": _overlaps, "window": _windows,
          "followed-by": _followers}
