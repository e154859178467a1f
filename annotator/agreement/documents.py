"""The named records the unitizing measures read: a coder's labelled span and a coded document.

They are tuples, so ``(length, {coder: [(start, end, code), ...]})`` written by hand works
wherever a :class:`CodedDocument` does; code that builds them names the fields.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any, NamedTuple, Union


class LabelledSpan(NamedTuple):
    """Code points ``[start, end)`` of a document and the code (``None``: no code)."""

    start: int
    end: int
    label: Hashable | None


#: Each coder's spans in one document.
SpansByCoder = Mapping[str, Sequence[LabelledSpan]]


class CodedDocument(NamedTuple):
    """A document's length in code points and each coder's spans in it; a coder listed
    with no spans worked on the document and left it uncoded."""

    length: int
    by_coder: SpansByCoder


#: Documents as the ``*_documents`` measures take them: a mapping by document id (any hashable;
#: typed Any because a mapping's key type is invariant), or a list.
Documents = Union[Mapping[Any, CodedDocument], Sequence[CodedDocument]]
