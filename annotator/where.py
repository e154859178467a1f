"""``--where KEY=VALUE``: which documents a command works on, by their attributes.

A condition is ``KEY`` ``OP`` ``VALUE`` with OP one of ``=``, ``!=``, ``<``, ``<=``, ``>``,
``>=``, ``~`` (the first of ``= ! < > ~`` in the text starts the operator, so a key holds none
of them and a value may hold any). Several conditions must all hold. The value is read like a
stored one (``attributes.parse_value``): ``date=3 March 2024`` finds ``2024-03-03`` and
``year=2024`` the number. Equality of text ignores case (``str.casefold``); ``<``/``>`` compare
numbers with numbers, dates with dates and text with text, and never across kinds. ``~`` means
"contains": the value is taken as written and found, ignoring case, in the stored value as a
table shows it (``author~kim``, ``date~2024-03``). A document
without the key matches no condition on it, ``!=`` included (as SQL's NULL does): "outlet is
not Daily" is the documents that have an outlet and it is not Daily. A key that no document has
is refused with the keys there are, since a typo would otherwise select nothing silently.
"""
from __future__ import annotations

import difflib
import operator
import re
import sqlite3
from dataclasses import dataclass
from typing import Callable, Iterable

from .attributes import Value, all_attributes, cell, is_date, parse_value
from .display import shown
from .errors import AnnotatorError

_SPLIT = re.compile(r"(!=|<=|>=|=|<|>|~)")
_ORDER: dict[str, Callable] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


@dataclass(frozen=True)
class Condition:
    key: str
    op: str
    value: Value

    def holds(self, attributes: dict) -> bool:
        if self.key not in attributes:
            return False
        stored = attributes[self.key]
        if self.op == "~":
            return str(self.value).casefold() in cell(stored).casefold()
        if self.op in ("=", "!="):
            return _equal(stored, self.value) == (self.op == "=")
        pair = _comparable(stored, self.value)
        return pair is not None and _ORDER[self.op](*pair)


def parse(texts: Iterable[str]) -> list[Condition]:
    """``["outlet=Daily", "date>=2024-01-01"]`` as conditions; a text without an operator or a
    key is refused in one sentence."""
    return [_condition(text) for text in texts]


def _condition(text: str) -> Condition:
    match = _SPLIT.search(text)
    key = text[:match.start()].strip() if match else ""
    if match is None or not key:
        raise AnnotatorError(f"\"{shown(text)}\" is not KEY=VALUE (or KEY>=VALUE, KEY!=VALUE...); "
                             "write e.g. --where outlet=Daily.")
    return condition(key, match.group(1), text[match.end():])


def condition(key: str, op: str, written: str) -> Condition:
    """A condition from its parts, the value read as ``--where`` reads it (the app's filter
    builds its conditions here too)."""
    value = written.strip() if op == "~" else parse_value(written)[0]
    return Condition(key, op, value)


def matches(attributes: dict, conditions: Iterable[Condition]) -> bool:
    return all(c.holds(attributes) for c in conditions)


def document_ids(conn: sqlite3.Connection, conditions: list[Condition]) -> list[int]:
    """The ids (in id order) of the documents meeting every condition; all documents if none.
    A key that no document has is refused, naming the closest key and the keys there are."""
    rows = all_attributes(conn)
    check_keys({key for _, _, attributes in rows for key in attributes}, conditions)
    return [doc_id for doc_id, _, attributes in rows if matches(attributes, conditions)]


def check_keys(known: set, conditions: Iterable[Condition]) -> None:
    for condition in conditions:
        if condition.key not in known:
            raise AnnotatorError(unknown_key_message(condition.key, known))


def unknown_key_message(key: str, known: set) -> str:
    if not known:
        return f"No document has attributes, so there is no \"{shown(key)}\" to select by."
    names = sorted(known, key=str.casefold)
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    hint = f"Did you mean \"{shown(close[0])}\"? " if close else ""
    return f"No document has the attribute \"{shown(key)}\". {hint}The attributes are: {', '.join(map(shown, names))}."


def _equal(stored: Value, given: Value) -> bool:
    if _is_number(stored) and _is_number(given):
        return stored == given
    if isinstance(stored, str) and isinstance(given, str):
        return stored.casefold() == given.casefold()
    return stored == given


def _comparable(stored: Value, given: Value):
    if _is_number(stored) and _is_number(given):
        return stored, given
    if is_date(stored) and is_date(given):
        return stored, given
    if isinstance(stored, str) and isinstance(given, str) and not is_date(stored) and not is_date(given):
        return stored.casefold(), given.casefold()
    return None


def _is_number(value: Value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
