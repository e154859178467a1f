"""What the attribute editor's table does to each document's attributes (no Qt): the edits of
its rows, each document's patch (only the keys edited, applied to what is stored when it runs),
the undo step for all, and the note on how a typed value is read.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from annotator.attribute_rules import canonical
from annotator.attributes import SetDocumentAttributes, is_date, parse_value
from annotator.changes import ChangeKind, Group


@dataclass(frozen=True)
class Edit:
    """One row of the table: the stored name (None if new), the name now, the value typed (None:
    left alone, each document keeps its own)."""

    original: Optional[str]
    key: str
    value: Optional[str]


def patch(document_id: int, edits: list[Edit], removed: set[str], label: str) -> SetDocumentAttributes:
    """The edits as a patch of one document's attributes: only the keys the table changed, so
    keys written meanwhile by another window or process are kept."""
    values = {edit.key: parse_value(edit.value).value for edit in edits if edit.value is not None}
    renamed = tuple((edit.original, edit.key) for edit in edits
                    if edit.value is None and edit.original is not None and edit.key != edit.original)
    gone = set(removed) | {edit.original for edit in edits
                           if edit.value is not None and edit.original is not None and edit.key != edit.original}
    return SetDocumentAttributes(document_id, values, tuple(sorted(gone)), renamed, label)


def edit_command(documents: list[tuple[int, str, dict]], edits: list[Edit], removed: set[str]) -> Optional[Group]:
    """One undo step changing the documents whose attributes (as last read) the edits change; None if none."""
    changed = [(doc, name) for doc, name, old in documents
               if canonical(patch(doc, edits, removed, "").patched(old)) != canonical(old)]
    if not changed:
        return None
    label = f"Edit attributes of {changed[0][1] if len(changed) == 1 else f'{len(changed)} documents'}"
    return Group([patch(doc, edits, removed, label) for doc, _ in changed], label, ChangeKind.DOCUMENTS)


def reading(edit: Edit, names: str) -> str:
    value, note = parse_value(edit.value or "")
    written = (edit.value or "").strip()
    if note:
        return f"{edit.key} \u201c{written}\u201d stays text for {names}: {note}."
    if is_date(value) and value != written:
        return f"{edit.key} \u201c{written}\u201d is stored as the date {value}."
    return ""


def names_text(names: list[str], at_most: int = 4) -> str:
    shown = ", ".join(names[:at_most])
    return shown if len(names) <= at_most else f"{shown} and {len(names) - at_most} more"
