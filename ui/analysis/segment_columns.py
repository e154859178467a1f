"""The columns of the coded-segments table, in both modes: what each shows, exports and sorts by.

One segment per row: document, coder, code path, left context | segment | right context,
memo, then one column per document attribute. Compare coders: one passage per row (see
:mod:`annotator.analysis.passages`): document, left | passage | right, one column per coder
(and gold) with the code paths they gave there, then the attributes.

Sorting by a context is a concordance sort: the left context by its words read backwards from
the segment (the nearest word first, then the one before, like a concordancer's L1, L2, L3),
so rows with the same word just before the segment come together; the right context by its
words read forwards. Words are ``\\w+`` runs compared ignoring case (``str.casefold``).
"""
from __future__ import annotations

import re
from typing import Any, Callable, NamedTuple, Sequence

from annotator.formats.csv_export import ATTRIBUTE_PREFIX

_WORD = re.compile(r"\w+")
LINE_BREAK = "¶"          # how a line break in a context or segment is shown in a table cell


class Column(NamedTuple):
    header: str                      # shown in the table and written in exports
    value: Callable[[Any], Any]      # the row's value as exported (text with its line breaks)
    sort: Callable[[Any], Any]       # the sort key
    kind: str = "text"               # "left", "focus" (the segment/passage), "right", "coder" or "text"
    export_header: str = ""          # when an export names the column otherwise (attributes: attr:KEY)
    tip: str = ""


def words_before(text: str) -> str:
    """The words of a left context, nearest to the segment first, as one sort key: joined by
    U+0000, which sorts below every character of a word, so the key orders like the tuple of
    words (a word before its longer forms, then the next word) and compares much faster."""
    return "\0".join(reversed(_WORD.findall(text.casefold())))


def words_after(text: str) -> str:
    return "\0".join(_WORD.findall(text.casefold()))


def text_key(value) -> tuple:
    """Text ignoring case, empty cells last (a memo or a coder's codes sort what is there first)."""
    return (not value, (value or "").casefold())


def value_key(value) -> tuple:
    """Attribute values: empty first, then numbers by size, then text ignoring case (dates sort as
    ISO text, which is their order)."""
    if value is None or value == "":
        return (0, 0, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (1, value, "")
    return (2, 0, str(value).casefold())


def shown(value) -> str:
    """A value as one line of a table cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).replace("\r", "").replace("\n", LINE_BREAK).replace("\t", " ")


def attribute_keys(rows: Sequence) -> list[str]:
    """Every attribute key of the rows' documents, sorted ignoring case."""
    seen: dict[int, dict] = {}
    for row in rows:
        seen.setdefault(row.document_id, row.attributes)
    return sorted({key for attributes in seen.values() for key in attributes}, key=str.casefold)


def _attribute(key: str) -> Column:
    return Column(key, lambda r: r.attributes.get(key), lambda r: value_key(r.attributes.get(key)),
                  export_header=ATTRIBUTE_PREFIX + key, tip=f"The document attribute “{key}”")


def _document(r) -> tuple:
    return (r.document.casefold(), r.document_id, r.start, r.end)


def _contexts(focus: str) -> list[Column]:
    return [Column("Left context", lambda r: r.left, lambda r: words_before(r.left), "left",
                   tip="The text before; sorts by the words nearest the segment first"),
            Column(focus, lambda r: r.text, lambda r: text_key(r.text), "focus"),
            Column("Right context", lambda r: r.right, lambda r: words_after(r.right), "right",
                   tip="The text after; sorts by its words in reading order")]


def segment_columns(keys: Sequence[str]) -> list[Column]:
    return [Column("Document", lambda r: r.document, _document),
            Column("Coder", lambda r: r.coder, lambda r: text_key(r.coder)),
            Column("Code", lambda r: r.code_path, lambda r: text_key(r.code_path),
                   tip="The code with its parents (Parent > Child)"),
            *_contexts("Segment"),
            Column("Memo", lambda r: r.memo, lambda r: text_key(r.memo)),
            *(_attribute(key) for key in keys)]


def _coder(position: int, name: str) -> Column:
    def value(p):
        return "; ".join(p.code_paths(position))
    return Column(name, value, lambda p: text_key(value(p)), "coder",
                  tip=f"The codes {name} gave in the passage (empty: nothing coded there)")


def passage_columns(coders: Sequence[str], keys: Sequence[str]) -> list[Column]:
    return [Column("Document", lambda r: r.document, _document),
            *_contexts("Passage"),
            *(_coder(i, name) for i, name in enumerate(coders)),
            *(_attribute(key) for key in keys)]
