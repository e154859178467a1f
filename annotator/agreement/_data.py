"""Turn a coders x units matrix of labels into integer codes.

Input: nested lists with ``None`` (or NaN) for a missing value, or a numpy array with NaN.
Values may be strings, numbers or any hashable labels. Output: an ``int64`` array of the
same shape with ``-1`` for missing and ``0..V-1`` indexing ``labels``, which are sorted
(or in the order given by ``categories``). Numeric arrays take an O(n) path without sorting.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from typing import Union

import numpy as np

from annotator.agreement.result import AgreementDataError

_DENSE_RANGE = 1 << 16  # integer values spanning at most this many codes skip np.unique

#: A coders x units matrix as the measures take it: nested lists or a 2-d numpy array.
Matrix = Union[np.ndarray, Iterable[Iterable[object]]]
#: The distinct values of a matrix, in the order of their integer codes.
Labels = tuple[Hashable, ...]


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _as_2d(matrix: Matrix) -> np.ndarray:
    if isinstance(matrix, np.ndarray):
        array = matrix
    else:
        rows = [list(row) for row in matrix]
        if len({len(row) for row in rows}) > 1:
            raise AgreementDataError("Every coder's row must have one entry per unit.")
        array = np.empty((len(rows), len(rows[0]) if rows else 0), dtype=object)
        for i, row in enumerate(rows):
            array[i, :] = row
    if array.ndim != 2:
        raise AgreementDataError("The data must be a coders x units matrix.")
    return array


def _numeric(array: np.ndarray) -> np.ndarray | None:
    if array.dtype.kind in "fiub":
        return array.astype(np.float64, copy=False)
    if array.dtype != object:
        return None
    flat = array.ravel()
    if all(_is_missing(v) or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in flat):
        return np.array([np.nan if _is_missing(v) else v for v in flat], dtype=np.float64).reshape(array.shape)
    return None


def _numeric_codes(x: np.ndarray) -> tuple[np.ndarray, Labels]:
    missing = np.isnan(x)
    n_missing = int(np.count_nonzero(missing))
    if n_missing == x.size:
        return np.full(x.shape, -1, dtype=np.int64), ()
    low, high = np.fmin.reduce(x, axis=None), np.fmax.reduce(x, axis=None)
    if high - low < _DENSE_RANGE:
        offsets = x - low
        with np.errstate(invalid="ignore"):
            codes = offsets.astype(np.int64)  # NaN casts to garbage, overwritten below
        if np.count_nonzero(codes == offsets) == x.size - n_missing:  # all values are integers
            return _dense_codes(codes, missing, int(high - low) + 1, low)
    labels_arr, inverse = np.unique(x[~missing], return_inverse=True)
    codes = np.full(x.shape, -1, dtype=np.int64)
    codes[~missing] = inverse.ravel()
    return codes, tuple(float(v) for v in labels_arr)


def _dense_codes(codes: np.ndarray, missing: np.ndarray, span: int, low: float) -> tuple[np.ndarray, Labels]:
    codes[missing] = span  # one bin past the range counts the missing values
    used = np.flatnonzero(np.bincount(codes.ravel(), minlength=span + 1)[:span])
    if used.size < span:  # compact to the values that occur
        lookup = np.full(span + 1, -1, dtype=np.int64)
        lookup[used] = np.arange(used.size)
        codes = lookup[codes]
    else:
        codes[missing] = -1
    return codes, tuple(int(v + low) for v in used)


def _sorted_labels(values: Iterable[Hashable]) -> Labels:
    try:
        return tuple(sorted(values))  # type: ignore[type-var]  # labels of one kind sort; mixed ones below
    except TypeError:
        return tuple(sorted(values, key=repr))


def _object_codes(array: np.ndarray, categories: Iterable[Hashable] | None) -> tuple[np.ndarray, Labels]:
    flat = array.ravel()
    present = {v for v in flat if not _is_missing(v)}
    labels = tuple(categories) if categories is not None else _sorted_labels(present)
    index = {label: i for i, label in enumerate(labels)}
    unknown = present - index.keys()
    if unknown:
        raise AgreementDataError(f"Values not among the given categories: {sorted(map(str, unknown))}.")
    codes = np.array([-1 if _is_missing(v) else index[v] for v in flat], dtype=np.int64)
    return codes.reshape(array.shape), labels


def encode(matrix: Matrix, categories: Iterable[Hashable] | None = None) -> tuple[np.ndarray, Labels]:
    """Return ``(codes, labels)`` for a coders x units matrix (see the module docstring)."""
    array = _as_2d(matrix)
    numeric = _numeric(array)
    if numeric is not None and categories is None:
        return _numeric_codes(numeric)
    if numeric is not None:
        plain = [None if math.isnan(v) else _plain(v) for v in numeric.ravel()]
        array = np.array(plain, dtype=object).reshape(array.shape)
    return _object_codes(array, categories)


def _plain(value: float) -> float:
    return int(value) if float(value).is_integer() else value


def label_values(labels: Labels, level: str) -> np.ndarray:
    """The labels as numbers, for the interval and ratio metrics (clear error otherwise)."""
    try:
        # any label is tried: one that is not a number raises, and the message says so
        return np.array([float(v) for v in labels], dtype=np.float64)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise AgreementDataError(f"The {level} metric needs numeric values, got {list(labels)[:5]}.") from None
