"""How lists order what they show: names in natural order ("doc 2" before "doc 10"), and
attribute values by kind (numbers by value, ISO dates by day, text ignoring case).

A key is a tuple, so Python's ``sorted`` computes it once per row: sorting thousands of
documents costs one key each, not one Python call per comparison. Values of different kinds
in one column sort numbers first, then dates, then text. Missing values are not keyed here:
a list puts them last in both directions (``ordered``).
"""
from __future__ import annotations

import re
from typing import Callable, Optional, Sequence, TypeVar

from annotator.attributes import Value, cell, is_date

T = TypeVar("T")
_DIGITS = re.compile(r"([0-9]+)")


def natural_key(text: str) -> tuple:
    """``"Doc 10"`` after ``"doc 2"``: runs of digits compare as numbers, the rest ignoring case."""
    parts = _DIGITS.split(text.casefold())
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts))


def value_key(value: Value) -> tuple:
    """An attribute value's place: numbers, then dates, then text (and true/false as text)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return 0, value
    if is_date(value):
        return 1, value
    return 2, natural_key(cell(value))


def ordered(items: Sequence[T], key: Callable[[T], Optional[tuple]], descending: bool) -> list[T]:
    """``items`` by ``key``; those whose key is None (no value) last in either direction, in
    their given order."""
    keyed = [(key(item), item) for item in items]
    present = sorted((pair for pair in keyed if pair[0] is not None), key=lambda pair: pair[0],
                     reverse=descending)
    return [item for _, item in present] + [item for k, item in keyed if k is None]
