"""The Co-occurrence heat map and the list of what one cell counts, as cells.

Heat map: the number is written in every cell; colour only repeats it. Cells off the diagonal
are coloured by their value's share of the largest value off the diagonal (viridis, as the
agreement window's heat map, with black or white text, whichever reads better, so it reads in
light and dark palettes); zero and undefined cells keep the table's colour. The diagonal is not
coloured: it counts something else (the units with the code, or pairs of one code's annotations)
and would drown the other cells; it is written in italics.
"""
from __future__ import annotations

from typing import Optional

from annotator.analysis.cooccurrence import Cooccurrence
from annotator.analysis.describe import PAIR_KINDS, coefficient_name, unit_words

from ..shared.cells import Cell, heat_colour, text_on
from .count_fill import Listed

SHOWS = (("count", "Counts"), ("jaccard", "Jaccard / c-coefficient"))
UNITS = (("overlap", "Overlapping annotations"), ("sentence", "Sentences"), ("paragraph", "Paragraphs"),
         ("document", "Documents"), ("window", "Within N tokens"), ("followed-by", "Followed within N sentences"))
UNIT_NOUNS = {"sentence": "Sentence", "paragraph": "Paragraph", "document": "Document text"}


def cell_value(table: Cooccurrence, show: str, a: int, b: int) -> Optional[float]:
    return table.counts[a][b] if show == "count" else table.jaccard(a, b)


def cell_text(value: Optional[float], show: str) -> str:
    if value is None:
        return "–"
    return f"{value:,}" if show == "count" else f"{value:.2f}"


def heat_rows(table: Cooccurrence, show: str) -> list[list[Cell]]:
    size = range(len(table.codes))
    values = [[cell_value(table, show, a, b) for b in size] for a in size]
    top = max((values[a][b] or 0 for a in size for b in size if a != b), default=0)
    return [[_heat_cell(table, show, a, b, values[a][b], top) for b in size] for a in size]


def _heat_cell(table: Cooccurrence, show: str, a: int, b: int, value: Optional[float], top: float) -> Cell:
    text = cell_text(value, show)
    tip = f"{cell_tip(table, a, b)}\nClick or press Enter to list them"
    if a == b or not value or not top:
        return Cell(text, tip, number=True, italic=a == b, payload=(a, b))
    background = heat_colour(value / top)
    return Cell(text, tip, number=True, background=background, foreground=text_on(background), payload=(a, b))


def cell_tip(table: Cooccurrence, a: int, b: int) -> str:
    kind = table.unit.partition(":")[0]
    joint = "then" if kind == "followed-by" else "×"
    jaccard = table.jaccard(a, b)
    coefficient = "undefined" if jaccard is None else f"{jaccard:.3f}"
    return (f"{table.codes[a]} {joint} {table.codes[b]}: {table.counts[a][b]:,} in {unit_words(table.unit)}; "
            f"{coefficient_name(table.unit)} {coefficient}")


def row_headers(table: Cooccurrence) -> list[str]:
    return [f"{i + 1} {code}" for i, code in enumerate(table.codes)]


def pair_headers(listed: Listed, table: Cooccurrence) -> list[str]:
    kind = listed.request.unit.partition(":")[0]
    if kind in PAIR_KINDS:
        index = dict(zip(table.code_ids, table.codes))
        return ["Document", "Coder", index.get(listed.a, "a"), index.get(listed.b, "b")]
    return ["Document", "Coder", UNIT_NOUNS[kind]]


def pair_rows(listed: Listed) -> list[list[Cell]]:
    tip = "Click or press Enter to show it in the coding window"
    return [[Cell(item.document, tip, payload=item), Cell(item.coder, tip, payload=item),
             *(Cell(text, text, payload=item) for text in item.texts)] for item in listed.items]
