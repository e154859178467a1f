"""The columns of a crosstab: ``document``, ``coder``, ``attr:KEY`` (one column per value of an
attribute), or a date attribute binned by ``year:KEY``, ``month:KEY`` (``YYYY-MM``) or
``week:KEY`` (ISO week, ``2024-W09``).

Each column holds documents (all documents in scope, for ``coder`` columns) and, for ``coder``,
a coder. Values are grouped as ``--where`` compares them: text ignoring case (the column is named
by the spelling of the first document), numbers by value. Columns come in order: documents by
id, coders by name, numbers then text, dates in time order; documents without the attribute go
to a last column ``(no value)``, and, when binning dates, documents without a date in KEY to
``(no date)``, with a warning.
"""
from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Optional

from ..attributes import Value, all_attributes, cell, is_date
from ..display import shown
from ..errors import AnnotatorError
from ..where import as_number, unknown_key_message
from .scope import Scope

NO_VALUE = "(no value)"
NO_DATE = "(no date)"
KINDS = ("document", "coder", "attr", "year", "month", "week")


@dataclass(frozen=True)
class Column:
    label: str
    document_ids: frozenset[int]
    coder_id: Optional[int] = None


@dataclass(frozen=True)
class Columns:
    spec: str
    columns: tuple[Column, ...]
    warnings: tuple[str, ...] = ()

    @property
    def by_coder(self) -> bool:
        return self.spec == "coder"


def parse_columns(spec: str) -> tuple[str, Optional[str]]:
    """``"month:date"`` as ``("month", "date")``; a spec that is none of the kinds is refused."""
    kind, colon, key = spec.partition(":")
    if kind in ("document", "coder") and not colon:
        return kind, None
    if kind in KINDS[2:] and colon and key:
        return kind, key
    raise AnnotatorError(f'"{shown(spec)}" is not a kind of column; use document, coder, attr:KEY, year:KEY, '
                         "month:KEY or week:KEY.")


def crosstab_columns(conn: sqlite3.Connection, spec: str, scope: Scope) -> Columns:
    kind, key = parse_columns(spec)
    every = all_attributes(conn)
    documents = [row for row in every if scope.document_ids is None or row[0] in scope.document_ids]
    if kind == "document":
        return Columns(spec, _document_columns(documents))
    if kind == "coder":
        in_scope = frozenset(i for i, _, _ in documents)
        return Columns(spec, tuple(Column(name, in_scope, coder) for coder, name in _coders(conn, scope)))
    assert key is not None
    _check_key(every, kind, key)
    if kind == "attr":
        return _binned(spec, documents, key, _value_bin, NO_VALUE)
    return _binned(spec, documents, key, _DATE_BINS[kind], NO_DATE)


def _document_columns(documents: list) -> tuple[Column, ...]:
    twice = {name for name, n in Counter(name for _, name, _ in documents).items() if n > 1}
    return tuple(Column(f"{name} [{i}]" if name in twice else name, frozenset([i])) for i, name, _ in documents)


def _coders(conn: sqlite3.Connection, scope: Scope) -> list[tuple[int, str]]:
    rows = conn.execute("SELECT id, name FROM coders").fetchall()
    chosen = [(i, name) for i, name in rows if scope.coder_ids is None or i in scope.coder_ids]
    return sorted(chosen, key=lambda row: (row[1].casefold(), row[1]))


def _check_key(every: list, kind: str, key: str) -> None:
    values = [attrs[key] for _, _, attrs in every if key in attrs]
    if not values:
        known = {k for _, _, attrs in every for k in attrs}
        raise AnnotatorError(unknown_key_message(key, known))
    if kind != "attr" and not any(is_date(v) for v in values):
        raise AnnotatorError(f'No document has a date in "{shown(key)}" (a date is YYYY-MM-DD), so there is nothing '
                             f"to bin by {kind}; use attr:{shown(key)} for its values.")


Bin = Callable[[Value], Optional[tuple]]  # a value -> (sort key, label), or None when it has no bin


def _value_bin(value: Value) -> Optional[tuple]:
    value = as_number(value)
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value, ""), cell(value)
    return (1, 0, cell(value).casefold()), cell(value)


def _date_bin(label: Callable[[date], str]) -> Bin:
    def bin_of(value: Value) -> Optional[tuple]:
        if not is_date(value):
            return None
        text = label(date.fromisoformat(str(value)))
        return text, text
    return bin_of


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


_DATE_BINS: dict[str, Bin] = {
    "year": _date_bin(lambda d: f"{d.year:04d}"),
    "month": _date_bin(lambda d: f"{d.year:04d}-{d.month:02d}"),
    "week": _date_bin(_week),
}


def period_bounds(kind: str, label: str) -> tuple[date, date]:
    """A ``year``/``month``/``week`` column's label as [its first day, the next period's first day)."""
    if kind == "week":
        year, week = (int(part) for part in label.split("-W"))
        start = date.fromisocalendar(year, week, 1)
        return start, start + timedelta(days=7)
    if kind == "year":
        return date(int(label), 1, 1), date(int(label) + 1, 1, 1)
    year, month = int(label[:4]), int(label[5:7])
    return date(year, month, 1), date(year + month // 12, month % 12 + 1, 1)


def _binned(spec: str, documents: list, key: str, bin_of: Bin, missing: str) -> Columns:
    bins: dict = {}
    labels: dict = {}
    left_out = []
    for doc_id, name, attrs in documents:
        found = bin_of(attrs.get(key))
        if found is None:
            left_out.append((doc_id, name))
            continue
        labels.setdefault(found[0], found[1])
        bins.setdefault(found[0], set()).add(doc_id)
    columns = [Column(labels[k], frozenset(bins[k])) for k in sorted(bins)]
    warnings: tuple[str, ...] = ()
    if left_out:
        columns.append(Column(missing, frozenset(doc_id for doc_id, _ in left_out)))
        warnings = (_left_out_warning(left_out, key, missing),)
    return Columns(spec, tuple(columns), warnings)


def _left_out_warning(left_out: list, key: str, missing: str) -> str:
    what = "date" if missing == NO_DATE else "value"
    few = ", ".join(f'"{shown(name)}"' for _, name in left_out[:3]) + (", ..." if len(left_out) > 3 else "")
    count = f"{len(left_out)} document{'s have' if len(left_out) > 1 else ' has'}"
    return f'{count} no {what} in "{shown(key)}" ({few}); {"they are" if len(left_out) > 1 else "it is"} ' \
           f"counted in the column {missing}."
