"""Document attributes (outlet, date, author...): the undoable edit and the command line's edits.

Attributes live in ``documents.attributes`` (a JSON object), where spreadsheet and ``.qdpx``
imports put them; :mod:`.attribute_rules` says what a key and a value may be, and
:mod:`.attribute_values` how a typed cell becomes a value. An edit is a patch applied to what is
stored when it runs, so keys that another window or process wrote meanwhile survive it, and so
does a later change when an edit is undone.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Optional

from ._refs import resolve
from .attribute_rules import DOCUMENT_COLUMN as DOCUMENT_COLUMN
from .attribute_rules import Value as Value
from .attribute_rules import canonical, check_key, is_intact, read_stored, value_problem
from .attribute_values import DATE, TEXT, kind
from .attribute_values import cell as cell
from .attribute_values import is_date as is_date
from .attribute_values import parse_value as parse_value
from .changes import Change, ChangeKind
from .display import shown
from .errors import AnnotatorError, NotFoundError
from .textio import nfc


@dataclass
class SetDocumentAttributes:
    """Change one document's attributes, as a patch on what is stored when it runs: ``values``
    are set, ``renamed`` keys (``(old, new)`` pairs) move with their stored value, ``removed`` keys
    go; with ``replace`` every key not in ``values`` goes. A name in another Unicode form than a
    stored one means the stored one. New keys and every value must pass :mod:`.attribute_rules`.
    The inverse writes back the stored JSON text exactly when nothing changed it in between, and
    is the reverse patch otherwise."""

    document_id: int
    values: dict = field(default_factory=dict)
    removed: tuple = ()
    renamed: tuple = ()
    label: str = "Change document attributes"
    replace: bool = False
    restore: Optional[tuple[str, str]] = None  # set by an inverse: (the text it expects, the text to write)
    checked: bool = True                       # False in an inverse: it puts back keys that were stored

    def apply(self, conn: sqlite3.Connection) -> tuple["SetDocumentAttributes", Change]:
        row = conn.execute("SELECT attributes FROM documents WHERE id = ?", (self.document_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"There is no document {self.document_id} in this project.")
        raw, old = row[0], read_stored(row[0])
        if self.restore is not None and raw == self.restore[0]:
            written = self.restore[1]
        else:
            written = json.dumps(self.patched(old), ensure_ascii=False, allow_nan=False)
        conn.execute("UPDATE documents SET attributes = ? WHERE id = ?", (written, self.document_id))
        return self._inverse(old, raw, written), Change(self.document_id, (), (), ChangeKind.DOCUMENTS)

    def patched(self, old: dict) -> dict:
        """``old`` with this patch applied; a new key or a value that breaks the rule is refused."""
        new = {} if self.replace else dict(old)
        for key in self.removed:
            new.pop(stored_key(new, key), None)
        for was, now in self.renamed:
            if (was := stored_key(new, was)) in new:
                value = new.pop(was)
                new[self._key({**old, **new}, now)] = value
        for key, value in self.values.items():
            if problem := value_problem(value):
                raise AnnotatorError(f"The value of {key!r} cannot be stored: {problem}.")
            new[self._key({**old, **new}, key)] = value
        return new

    def _key(self, known: dict, key) -> str:
        """The key ``key`` writes: a stored one it names, else a new key, which must follow the rule."""
        found = stored_key(known, key)
        return found if found in known or not self.checked else check_key(found)

    def _inverse(self, old: dict, raw: Optional[str], written: str) -> "SetDocumentAttributes":
        new = read_stored(written)
        touched = [key for key in {**old, **new} if key not in old or key not in new
                   or canonical(old[key]) != canonical(new[key])]
        restore = (written, raw) if raw is not None and is_intact(raw) else None
        return SetDocumentAttributes(self.document_id, {key: old[key] for key in touched if key in old},
                                     tuple(key for key in touched if key not in old), (), self.label,
                                     restore=restore, checked=False)


def name_form(key: str) -> str:
    """What two attribute names share when one names the other: NFC, trimmed."""
    return nfc(key.strip())


def stored_key(attributes: dict, key: str) -> str:
    """The key of ``attributes`` that ``key`` names (the same :func:`name_form`), else ``key``."""
    if key in attributes or not isinstance(key, str):
        return key
    form = name_form(key)
    return next((stored for stored in attributes if name_form(stored) == form), key)


def equal_values(attributes: dict, wanted: dict) -> bool:
    """Whether ``attributes`` holds every ``{key: value}`` of ``wanted`` (numbers equal as numbers;
    true/false only true/false)."""
    return all((key := stored_key(attributes, name)) in attributes and _same(attributes[key], value)
               for name, value in wanted.items())


def _same(stored: Value, given: Value) -> bool:
    return (isinstance(stored, bool) == isinstance(given, bool)) and stored == given


def all_attributes(conn: sqlite3.Connection) -> list[tuple[int, str, dict]]:
    """(id, name, attributes) of every document, by id."""
    return [(i, name, read_stored(raw)) for i, name, raw in
            conn.execute("SELECT id, name, attributes FROM documents ORDER BY id")]


def document_id(conn: sqlite3.Connection, ref: str) -> int:
    """A document given on the command line: its name (or UUID), else its id."""
    try:
        return resolve(conn, "documents", "document", ref, ("uuid", "name"))
    except NotFoundError:
        if not ref.isdigit():
            raise
        return resolve(conn, "documents", "document", int(ref), ())


# ----------------------------------------------------------------- warnings about values
def kept_as_text(document: str, key: str, text: str, note: str) -> str:
    return f"{document}: {key} {text!r} kept as text: {note}"


def unlike_the_others(document: str, key: str, value: Value, kinds: set[str]) -> str:
    """A warning when text lands among dates (the issue's "a date that is not a date is never
    silently dropped"), or "" ."""
    if kind(value) == TEXT and DATE in kinds:
        return f"{document}: {key} {value!r} is not a date this reads; kept as text"
    return ""


def kinds_by_key(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """Every stored key (in NFC) with the kinds of its values."""
    found: dict[str, set[str]] = {}
    for _, _, attributes in all_attributes(conn):
        for key, value in attributes.items():
            found.setdefault(name_form(key), set()).add(kind(value))
    return found


# ----------------------------------------------------------------- the command line's edits
def assignment(text: str) -> tuple[str, str]:
    """``KEY=VALUE`` split (the key trimmed); a missing ``=`` or a key that cannot be one is refused."""
    key, equals, value = text.partition("=")
    if not equals or not key.strip():
        raise AnnotatorError(f"{text!r} is not KEY=VALUE; write e.g. outlet=Daily Post.")
    return check_key(key.strip()), value


def set_values(conn, ref: str, assignments: list[str]) -> tuple[SetDocumentAttributes, list[str]]:
    """The command setting ``KEY=VALUE`` on a document, and warnings about its values."""
    doc, kinds, values, warnings = document_id(conn, ref), kinds_by_key(conn), {}, []
    for key, text in map(assignment, assignments):
        values[key], note = parse_value(text)
        warning = kept_as_text(ref, key, text.strip(), note) if note else \
            unlike_the_others(ref, key, values[key], kinds.get(name_form(key), set()))
        warnings += [warning] if warning else []
    return SetDocumentAttributes(doc, values, label="Set document attributes"), warnings


def unset_values(conn, ref: str, keys: list[str]) -> SetDocumentAttributes:
    doc = document_id(conn, ref)
    attributes = read_stored(conn.execute("SELECT attributes FROM documents WHERE id = ?", (doc,)).fetchone()[0])
    for key in keys:
        if stored_key(attributes, key) not in attributes:
            raise AnnotatorError(f"Document {shown(ref)!r} has no attribute {shown(key)!r}; nothing was changed.")
    return SetDocumentAttributes(doc, removed=tuple(keys), label="Remove document attributes")
