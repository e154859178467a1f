"""A typed or imported cell as an attribute value, and a stored value as a cell.

A cell is read, trimmed, as true/false (any case), a number, a date or text:

- A number is kept as a number only when the number gives back the text exactly (``1.5``,
  ``-2``, ``1e-05``); ``1.10``, ``-0`` or ``12345678901234567890.5`` stay text as written, with a
  note, so a value never changes its written form and a table exported and imported again is
  the same. Whole numbers beyond SQLite's 64-bit integers stay text too.
- A date (stored as ISO ``YYYY-MM-DD``) is read with python-dateutil when it holds a four-digit
  year, a month and a day and no time of day: ISO and other year-first forms as year-month-day,
  named months ("3 March 2024", "March 3, 2024", "Mon, 4 Mar 2024") as written, and numeric
  forms such as 03/04/2024 only when one reading is possible (13/03/2024).
- A value that looks like a date but is not stored as one (day and month could be swapped, a
  time of day, 2024-02-30, "March 2024") stays text with a note saying why, as does a
  spreadsheet error such as ``#DIV/0!``. The callers turn notes into warnings naming the document.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import NamedTuple, Optional

from dateutil import parser as dateparser

from .attribute_rules import INTEGERS, Value

_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
_DEFAULTS = (datetime(1, 1, 1, 0, 0), datetime(2, 2, 2, 1, 1))
BOOLEANS = {"true": True, "false": False}
SPREADSHEET_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                      "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!"}
AMBIGUOUS = "its day and month could be either way round (write it as YYYY-MM-DD)"
NUMBER, DATE, BOOLEAN, TEXT = "number", "date", "true/false", "text"


class Reading(NamedTuple):
    value: Value
    note: str  # why a cell that looks like a number or a date is kept as text ("" if it is not)


def parse_value(text: str) -> Reading:
    """``text`` as true/false, a number, an ISO date or text, with the note on a kept text."""
    text = text.strip()
    if text.casefold() in BOOLEANS:
        return Reading(BOOLEANS[text.casefold()], "")
    if text.upper() in SPREADSHEET_ERRORS:
        return Reading(text, f"it is a spreadsheet error ({text}), not a value")
    return _number(text) or _date_reading(text) or Reading(text, "")


def _number(text: str) -> Optional[Reading]:
    if not _NUMBER.fullmatch(text):
        return None
    if re.fullmatch(r"-?[0-9]+", text):
        whole = int(text)
        if whole not in INTEGERS:
            return Reading(text, "it is a whole number too large to store exactly")
        return Reading(whole, "") if str(whole) == text else Reading(text, f"as a number it would read {whole}")
    number = float(text)
    if not math.isfinite(number):
        return Reading(text, "it is a number too large to store")
    return Reading(number, "") if repr(number) == text else Reading(text, f"as a number it would read {number!r}")


def _date_reading(text: str) -> Optional[Reading]:
    if not _YEAR.search(text):
        return None
    readings = {_date(text, dayfirst) for dayfirst in (True, False)}
    if None not in readings:
        return Reading(readings.pop(), "") if len(readings) == 1 else Reading(text, AMBIGUOUS)
    why = _not_a_date(text)
    return Reading(text, why) if why else None


def _parsed(text: str, dayfirst: bool) -> tuple[datetime, datetime]:
    """``text`` read with two different defaults for the parts it leaves out."""
    year_first = bool(re.match(r"\s*[0-9]{4}", text))
    return tuple(dateparser.parse(text, default=d, dayfirst=dayfirst and not year_first, yearfirst=year_first)
                 for d in _DEFAULTS)


def _date(text: str, dayfirst: bool) -> Optional[str]:
    """``text`` read as a whole date, ISO; None if it is not one."""
    try:
        a, b = _parsed(text, dayfirst)
    except (ValueError, OverflowError):
        return None
    if a.date() != b.date() or a.time() == b.time():  # a part of the date missing, or a time of day given
        return None
    return a.date().isoformat()


def _not_a_date(text: str) -> str:
    """Why ``text``, which dateutil reads as (part of) a date, is not stored as one; "" if it
    is no date at all."""
    try:
        a, b = _parsed(text, False)
    except (ValueError, OverflowError) as error:
        return "it is not a day of the calendar" if "out of range" in str(error) else ""
    if a.date() != b.date():
        return "it is not a whole date (a year, a month and a day)"
    return "it has a time of day, and dates are stored as days (YYYY-MM-DD)"


def loose_number(text: str) -> Optional[float]:
    """``text`` as a number however it is written (``1.10``, ``-0``), for a query; None if not."""
    if not _NUMBER.fullmatch(text.strip()):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def is_date(value: Value) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def kind(value: Value) -> str:
    """number, date, true/false or text (None is no kind: "")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, (int, float)):
        return NUMBER
    return DATE if is_date(value) else TEXT


def cell(value: Value) -> str:
    """A stored value as a table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
