"""What the attribute editor's table does to each document's attributes (no Qt): the edits of
its rows, one document's attributes after them, the undo step for all, and the note on how a
typed value is read.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from annotator.attributes import SetDocumentAttributes, is_date, parse_value
from annotator.changes import ChangeKind, Group


@dataclass(frozen=True)
class Edit:
    """One row of the table: the stored name (None if new), the name now, the value typed (None:
    left alone, each document keeps its own)."""

    original: Optional[str]
    key: str
    value: Optional[str]


def edited(old: dict, edits: list[Edit], removed: set[str]) -> dict:
    """A document's attributes after the table's edits."""
    touched = removed | {e.original for e in edits if e.original is not None}
    new = {key: value for key, value in old.items() if key not in touched}
    for edit in edits:
        if edit.value is not None:
            new[edit.key] = parse_value(edit.value)[0]
        elif edit.original in old:
            new[edit.key] = old[edit.original]
    return new


def edit_command(documents: list[tuple[int, str, dict]], edits: list[Edit], removed: set[str]) -> Optional[Group]:
    """One undo step changing the documents whose attributes the edits change; None if none."""
    changed = [(doc, name, new) for doc, name, old in documents if (new := edited(old, edits, removed)) != old]
    if not changed:
        return None
    label = f"Edit attributes of {changed[0][1] if len(changed) == 1 else f'{len(changed)} documents'}"
    return Group([SetDocumentAttributes(doc, new, label) for doc, _, new in changed], label, ChangeKind.DOCUMENTS)


def reading(edit: Edit, names: str) -> str:
    value, ambiguous = parse_value(edit.value or "")
    if ambiguous:
        return (f"{edit.key} \u201c{value}\u201d stays text for {names}: its day and month could be either way "
                "round; write it as YYYY\u2011MM\u2011DD to make it a date.")
    if is_date(value) and value != (edit.value or "").strip():
        return f"{edit.key} \u201c{(edit.value or '').strip()}\u201d is stored as the date {value}."
    return ""


def names_text(names: list[str], at_most: int = 4) -> str:
    shown = ", ".join(names[:at_most])
    return shown if len(names) <= at_most else f"{shown} and {len(names) - at_most} more"
