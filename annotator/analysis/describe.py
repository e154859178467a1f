"""The counts' units in words: the line above every crosstab and co-occurrence table, the same on
the command line and in the app, so a table never leaves its reader guessing what was counted."""
from __future__ import annotations

from typing import Sequence

COUNT_TITLES = {"segments": "Segments (annotations; a parent counts its sub-codes)",
                "documents": "Documents with at least one segment (a parent counts its sub-codes)",
                "characters": "Characters covered (overlaps within a coder counted once; a parent counts its "
                              "sub-codes)",
                "per1000": "Segments per 1,000 words (a parent counts its sub-codes)"}
COLUMN_TITLES = {"attr": "{}", "year": "year of {}", "month": "month of {}", "week": "ISO week of {}"}
UNIT_TITLES = {"overlap": "pairs of overlapping annotations (c-coefficient)", "sentence": "sentences",
               "paragraph": "paragraphs", "document": "documents",
               "window": "pairs of annotations within {} token(s)", "followed-by": "pairs: the row's code, then "
               "the column's starting within {} sentence(s) after it ends"}
PAIR_KINDS = ("overlap", "window", "followed-by")


def columns_words(spec: str) -> str:
    """``month:date`` as "month of date", ``attr:outlet`` as "outlet"."""
    kind, _, key = spec.partition(":")
    return COLUMN_TITLES[kind].format(key) if key else kind


def coders_words(names: Sequence[str], pooled: bool = True) -> str:
    if not names:
        return "no coders"
    if len(names) == 1:
        return f"coder {names[0]}"
    return f"coders{' pooled' if pooled else ''}: {', '.join(names)}"


def crosstab_title(count: str, spec: str, coders: Sequence[str]) -> str:
    """"Segments (annotations; …), by code and month of date; coders pooled: Ana, Ben." """
    return f"{COUNT_TITLES[count]}, by code and {columns_words(spec)}; {coders_words(coders, spec != 'coder')}."


def unit_words(unit: str) -> str:
    kind, _, n = unit.partition(":")
    return UNIT_TITLES[kind].format(n)


def cooccurrence_title(unit: str, coders: Sequence[str]) -> str:
    return f"Co-occurrence counted in {unit_words(unit)}, per coder; {coders_words(coders)}."


def coefficient_name(unit: str) -> str:
    """ATLAS.ti's c-coefficient for the pair units, Jaccard for the others (the same formula)."""
    return "c-coefficient" if unit.partition(":")[0] in PAIR_KINDS else "Jaccard"
