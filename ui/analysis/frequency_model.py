"""The Code Frequencies table: a crosstab's counts, or row or column percentages, as cells.

Row percentages are each cell's share of its row's sum over the columns (how a code spreads
over documents, outlets or months). Column percentages are each cell's share of its column:
for ``documents``, of the column's documents (the share of an outlet's articles that use the
code); for ``segments`` and ``characters``, of the column's sum over the top codes shown (a
parent already counts its sub-codes, so they are not added twice). Rates (``per1000``) have no
percentages. A share of nothing is undefined (shown as –).
"""
from __future__ import annotations

from typing import Optional, Sequence

from annotator.analysis.crosstab import Crosstab

from ..shared.cells import Cell

SHOWS = (("counts", "Counts"), ("row", "Row percentages"), ("column", "Column percentages"))
COUNT_NAMES = {"segments": "segments", "documents": "documents", "characters": "characters",
               "per1000": "segments per 1,000 words"}
CELL_ROLE_TIP = "Click or press Enter to read this cell's segments"


def top_rows(table: Crosstab) -> list[int]:
    """Rows no other row counts (a sub-code is counted in its parent's row)."""
    inside = {code for row, members in enumerate(table.members) for code in members if code != table.code_ids[row]}
    return [row for row, code in enumerate(table.code_ids) if code not in inside]


def shown_values(table: Crosstab, show: str) -> list[list[Optional[float]]]:
    """The numbers the table shows: counts, or percentages (``row``, ``column``)."""
    values = [list(row) for row in table.values]
    if show == "counts" or table.count == "per1000":
        return values
    if show == "row":
        return [[_share(v, sum(v or 0 for v in row)) for v in row] for row in values]
    if table.count == "documents":
        totals = [len(column.document_ids) for column in table.columns.columns]
    else:
        tops = top_rows(table)
        totals = [sum(values[r][c] or 0 for r in tops) for c in range(len(table.labels))]
    return [[_share(v, total) for v, total in zip(row, totals)] for row in values]


def _share(value: Optional[float], total: float) -> Optional[float]:
    return None if value is None or not total else 100 * value / total


def shown(value: Optional[float], percent: bool) -> str:
    if value is None:
        return "–"
    if percent:
        return f"{value:.1f}%"
    return f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"


def frequency_rows(table: Crosstab, show: str) -> list[list[Cell]]:
    percent = show != "counts" and table.count != "per1000"
    values = shown_values(table, show)
    unit = COUNT_NAMES[table.count]
    rows = []
    for r, (code, counts) in enumerate(zip(table.rows, table.values)):
        cells = []
        for c, (label, value) in enumerate(zip(table.labels, values[r])):
            count = shown(counts[c], False)
            tip = f"{code} × {label}: {count} {unit}" + (f" ({shown(value, True)})" if percent else "")
            cells.append(Cell(shown(value, percent), f"{tip}\n{CELL_ROLE_TIP}", number=True, payload=(r, c),
                              sort=value))
        rows.append(cells)
    return rows


def header_tips(table: Crosstab) -> Sequence[str]:
    documents = table.documents
    return [f"{label}: {documents[label]:,} document{'' if documents[label] == 1 else 's'}" for label in table.labels]
