"""``--where KEY=VALUE``: which documents a command works on, by their attributes.

A condition is ``KEY`` ``OP`` ``VALUE`` with OP one of ``=`` (or ``==``), ``!=``, ``<``, ``<=``,
``>``, ``>=``, ``~`` (the first of ``= ! < > ~`` in the text starts the operator, so a key holds
none of them and a value may hold any). Several conditions must all hold. The value is read like
a stored one (``attribute_values.parse_value``): ``date=3 March 2024`` finds ``2024-03-03``,
``year=2024`` the number (a stored text "2024" too) and ``flag=true`` true/false (a stored text
"true" too; never 1 or 0).
A value in double quotes is taken as the text written (``note="=SUM"``) and compared with the
stored value as a table shows it. Names and text are compared after NFC; equality of text
ignores case (``str.casefold``); ``<``/``>`` compare numbers with numbers, dates with dates and
text with text, and never across kinds. ``~`` means "contains": the value is taken as written
and found, ignoring case, in the stored value as a table shows it (``author~kim``,
``date~2024-03``). A document without the key (or with null) matches no condition on it, ``!=``
included (as SQL's NULL does): "outlet is not Daily" is the documents that have an outlet and it
is not Daily. A key that no document has is refused with the keys there are, and a value that
could never compare with the key's values (``date>2024`` among dates, ``date>=03/04/2024``,
whose day and month could be swapped) is refused saying why, since either would otherwise
select nothing silently.
"""
from __future__ import annotations

import operator
import re
import sqlite3
from dataclasses import dataclass
from typing import Callable, Iterable

from ._refs import closest_name
from .attribute_values import BOOLEAN, DATE, NUMBER, TEXT, kind, loose_number
from .attributes import Value, all_attributes, cell, is_date, name_form, parse_value, stored_key
from .display import shown
from .errors import AnnotatorError
from .textio import nfc

_SPLIT = re.compile(r"(!=|<=|>=|==|=|<|>|~)")
_ORDER: dict[str, Callable] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_KIND_NAMES = {NUMBER: "a number", DATE: "a date", BOOLEAN: "true/false", TEXT: "text"}
_HELD = {NUMBER: "numbers", DATE: "dates", BOOLEAN: "true/false", TEXT: "text"}


@dataclass(frozen=True)
class Condition:
    key: str
    op: str
    value: Value
    note: str = ""          # why the value, which looks like a number or date, was read as text
    literal: bool = False   # given in double quotes: the text as written

    def holds(self, attributes: dict) -> bool:
        stored = as_number(attributes.get(stored_key(attributes, self.key)))
        if stored is None:
            return False
        if self.op == "~":
            return _folded(str(self.value)) in _folded(cell(stored))
        if self.op in ("=", "!="):
            same = _folded(cell(stored)) == _folded(str(self.value)) if self.literal else _equal(stored, self.value)
            return same == (self.op == "=")
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
    op, text = ("=" if op == "==" else op), written.strip()
    if op == "~":
        return Condition(key, op, text)
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return Condition(key, op, text[1:-1], literal=True)
    value, note = parse_value(text)
    number = loose_number(text) if note else None
    return Condition(key, op, value, note) if number is None else Condition(key, op, number)


def matches(attributes: dict, conditions: Iterable[Condition]) -> bool:
    return all(c.holds(attributes) for c in conditions)


def document_ids(conn: sqlite3.Connection, conditions: list[Condition]) -> list[int]:
    """The ids (in id order) of the documents meeting every condition; all documents if none.
    A key that no document has is refused, naming the closest key and the keys there are."""
    rows = all_attributes(conn)
    kinds: dict[str, set[str]] = {}
    for _, _, attributes in rows:
        for key, value in attributes.items():
            kinds.setdefault(name_form(key), set()).add(kind(as_number(value)))
    check_keys({key for _, _, attributes in rows for key in attributes}, conditions)
    for condition in conditions:
        check_kind(condition, kinds[name_form(condition.key)])
    return [doc_id for doc_id, _, attributes in rows if matches(attributes, conditions)]


def check_keys(known: set, conditions: Iterable[Condition]) -> None:
    forms = {name_form(key) for key in known}
    for condition in conditions:
        if name_form(condition.key) not in forms:
            raise AnnotatorError(unknown_key_message(condition.key, known))


def check_kind(condition: Condition, kinds: set[str]) -> None:
    """Refuse a value that could never compare with the key's values (``kinds``), saying why."""
    if condition.op == "~" or condition.literal:
        return
    given, ordered, shown_value = kind(condition.value), condition.op in _ORDER, shown(cell(condition.value))
    if ordered and condition.note:
        why = f"{shown_value!r} stays text: {condition.note}"
    elif ordered and given == BOOLEAN:
        why = "true and false have no order"
    elif given in kinds or given == BOOLEAN and TEXT in kinds:
        return  # (a stored text "true" equals true)
    else:
        held = " and ".join(_HELD[k] for k in sorted(kinds) if k) or "only null values"
        why = f"{shown_value} is {_KIND_NAMES[given]}, and \"{shown(condition.key)}\" holds {held}"
    raise AnnotatorError(f"\"{shown(condition.key)} {condition.op} {shown_value}\" can match no document: {why}.")


def unknown_key_message(key: str, known: set) -> str:
    if not known:
        return f"No document has attributes, so there is no \"{shown(key)}\" to select by."
    names = sorted(known, key=str.casefold)
    close = closest_name(key, names)
    hint = f"Did you mean \"{shown(close)}\"? " if close else ""
    return f"No document has the attribute \"{shown(key)}\". {hint}The attributes are: {', '.join(map(shown, names))}."


def as_number(value: Value) -> Value:
    """A text written exactly as a number is shown (``"3"``, ``"2.5"``; an import may store it so)
    as that number, else ``value``: the number 3 and the text "3" are one value, here and in
    crosstab's attribute columns."""
    if isinstance(value, str):
        number = parse_value(value).value
        if _is_number(number) and cell(number) == value:
            return number
    return value


def _folded(text: str) -> str:
    return nfc(text).casefold()


def _equal(stored: Value, given: Value) -> bool:
    if _is_number(stored) and _is_number(given):
        return stored == given
    if isinstance(stored, bool) or isinstance(given, bool):  # true/false, or a stored text "true"
        return not _is_number(stored) and not _is_number(given) and _folded(cell(stored)) == _folded(cell(given))
    if isinstance(stored, str) and isinstance(given, str):
        return _folded(stored) == _folded(given)
    return False


def _comparable(stored: Value, given: Value):
    if _is_number(stored) and _is_number(given):
        return stored, given
    if is_date(stored) and is_date(given):
        return stored, given
    if isinstance(stored, str) and isinstance(given, str) and not is_date(stored) and not is_date(given):
        return _folded(stored), _folded(given)
    return None


def _is_number(value: Value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
