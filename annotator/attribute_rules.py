"""The one rule for what a document attribute may be, and the one reader of stored attributes.

Every writer checks here: spreadsheet corpora, JSONL, ``.qdpx``, ``attributes --set/--import``,
the app's editor and the API (through the edit command and ``documents.add_document``).

- A key (an attribute's name) is text with no space at either end and no control character or
  line break, not empty, and not ``document`` in any case (that column names the document in an
  attribute table). Writers that read keys from a table or a prompt trim them first; names
  already stored are read as they are, and compared after NFC (:func:`textio.nfc`).
- A value is text, a whole number within SQLite's 64-bit integers, a finite number, true/false
  or null: what JSON, and SQLite's json functions, hold exactly.

Files written by older versions may hold ``NaN`` or ``Infinity``, which are not JSON:
:func:`read_stored` reads them as the text they are, and :func:`damaged_documents` names them.
"""
from __future__ import annotations

import json
import math
import re
import sqlite3
from typing import Any, Optional, Union

from .errors import AnnotatorError
from .textio import nfc

Value = Union[str, int, float, bool, None]
DOCUMENT_COLUMN = "document"
INTEGERS = range(-2 ** 63, 2 ** 63)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


class AttributeRuleError(AnnotatorError):
    """A key or value that no document attribute may have."""


def key_problem(key: Any) -> str:
    """Why ``key`` cannot name an attribute ("" if it can)."""
    if not isinstance(key, str) or not key.strip():
        return "an attribute needs a name"
    if key != key.strip():
        return "it starts or ends with a space"
    if _CONTROL.search(key):
        return "it holds a control character or a line break"
    if nfc(key).casefold() == DOCUMENT_COLUMN:
        return f"the {DOCUMENT_COLUMN} column names the document"
    return ""


def check_key(key: Any) -> str:
    """``key`` if it can name an attribute, else one sentence saying why not."""
    if problem := key_problem(key):
        raise AttributeRuleError(f"{key!r} cannot be an attribute: {problem}.")
    return key


def value_problem(value: Any) -> str:
    """Why ``value`` cannot be stored as an attribute's value ("" if it can)."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return "it holds a lone surrogate, which is not text" if re.search("[\ud800-\udfff]", value) else ""
    if isinstance(value, int):
        return "" if value in INTEGERS else "it is a whole number too large to store exactly (give it as text)"
    if isinstance(value, float):
        return "" if math.isfinite(value) else "NaN, infinities and numbers beyond a double have no JSON form"
    return "values are text, numbers, true/false or null"


def check_attributes(attributes: Any, where: str = "") -> dict:
    """``attributes`` if every key and value follows the rule (and no two keys are one name in
    different Unicode forms); else one sentence, after ``where`` ("file, line 3: ")."""
    if not isinstance(attributes, dict):
        raise AttributeRuleError(f"{where}attributes must be an object of names and values.")
    forms: dict[str, str] = {}
    for key, value in attributes.items():
        if problem := key_problem(key):
            raise AttributeRuleError(f"{where}{key!r} cannot be an attribute: {problem}.")
        if problem := value_problem(value):
            raise AttributeRuleError(f"{where}the value of {key!r} cannot be stored: {problem}.")
        if forms.setdefault(nfc(key), key) != key:
            raise AttributeRuleError(f"{where}{forms[nfc(key)]!r} and {key!r} are one name written in two "
                                     "Unicode forms.")
    return attributes


def dumps(attributes: dict) -> str:
    """The JSON text stored for checked ``attributes``."""
    return json.dumps(check_attributes(attributes), ensure_ascii=False, allow_nan=False)


def canonical(value: Value) -> str:
    """A value's stored form: two values are the same value when these are equal (``true`` is
    not ``1``, and ``1`` is not ``1.0``)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# ----------------------------------------------------------------- reading what is stored
def read_stored(raw: Optional[str]) -> dict:
    """A document's stored attributes as a dict, whatever an older version left there: ``NaN``,
    ``Infinity`` and numbers beyond a double are read as the text written; text that is not a
    JSON object reads as no attributes (:func:`damaged_documents` names such documents)."""
    try:
        value = json.loads(raw or "{}", parse_constant=str, parse_float=_float_or_text)
    except (ValueError, RecursionError):
        return {}
    if not isinstance(value, dict):
        return {}
    return {key: item if isinstance(item, (str, int, float, bool, type(None))) else json.dumps(item)
            for key, item in value.items()}


def _float_or_text(text: str) -> Union[float, str]:
    value = float(text)
    return value if math.isfinite(value) else text


def is_intact(raw: Optional[str]) -> bool:
    """Whether stored attributes are a JSON object of values the rule allows."""
    try:
        value = json.loads(raw or "{}", parse_constant=_refuse)
    except (ValueError, RecursionError):
        return False
    return isinstance(value, dict) and all(not value_problem(item) for item in value.values())


def _refuse(text: str):
    raise ValueError(text)


def damaged_documents(conn: sqlite3.Connection) -> list[str]:
    """The names of documents whose stored attributes break the rule (older versions wrote
    ``NaN``/``Infinity``), in id order."""
    return [name for name, raw in conn.execute("SELECT name, attributes FROM documents ORDER BY id")
            if not is_intact(raw)]


def damage_note(conn: sqlite3.Connection) -> str:
    """A sentence for a report naming documents with damaged attributes, or ""."""
    names = damaged_documents(conn)
    if not names:
        return ""
    shown = ", ".join(repr(name) for name in names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return (f"the stored attributes of {shown} hold values that are not JSON (an older version wrote NaN or "
            "Infinity); they were read as text, or left out where unreadable. Set them again to repair them.")
