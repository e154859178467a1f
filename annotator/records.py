"""Records: frozen dataclasses that cross every layer (core, CLI, UI, scripts).

Offsets are Python code points, half-open: ``document.text[a.start:a.end]`` is the
annotated text, always. Ids are the row ids in one project file; UUIDs are stable across
files (coder packages, merges, exports).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Optional, Protocol, TypeVar


@dataclass(frozen=True)
class Document:
    id: int
    uuid: str
    name: str
    text: str
    sha256: str
    language: str
    source_path: Optional[str] = None
    source_type: Optional[str] = None
    imported_at: Optional[str] = None

    @property
    def length(self) -> int:
        return len(self.text)


@dataclass(frozen=True)
class DocumentSummary:
    """A document without its text, for lists (the text of a book is megabytes)."""

    id: int
    uuid: str
    name: str
    sha256: str
    language: str
    length: int
    imported_at: Optional[str] = None


@dataclass(frozen=True)
class Code:
    id: int
    uuid: str
    name: str
    color: str
    description: str
    shortcut: Optional[str]
    parent_id: Optional[int]
    position: int = 0
    codable: bool = True


@dataclass(frozen=True)
class Coder:
    id: int
    uuid: str
    name: str


@dataclass(frozen=True)
class Annotation:
    id: int
    uuid: str
    document_id: int
    coder_id: int
    code_id: int
    start: int
    end: int
    memo: Optional[str]
    created: str
    modified: str


@dataclass(frozen=True)
class Memo:
    """A coder's memo on a document or a code (``target_uuid`` names it), or a coder's project
    journal (``kind`` "journal", no target). An empty ``text`` is a cleared memo."""

    id: Optional[int]
    uuid: str
    kind: str            # "document", "code" or "journal"
    target_uuid: Optional[str]
    coder_uuid: str
    text: str
    created: str
    modified: str


@dataclass(frozen=True)
class ImportResult:
    """What happened to one input file: ``status`` is imported, duplicate, refused, or warning (a
    project file imported in part: no documents, or codings left out; ``message`` says what)."""

    path: str
    status: str
    message: str
    document_id: Optional[int] = None
    lines: tuple[str, ...] = ()   # a project file: its report, one line each (the CLI prints them)
    removed: Optional[int] = None  # a web page's main text: characters of the page left out

    @property
    def ok(self) -> bool:
        return self.status != "refused"


@dataclass(frozen=True)
class Extraction:
    """A document that is a web page's main text (``import --main-text``): the page's whole text
    before extraction and the passages of it the document lacks, as code-point spans of
    ``page_text``."""

    document_id: int
    method: str                               # the extractor and its version, "trafilatura 2.3.1"
    page_text: str
    removed: tuple[tuple[int, int], ...]

    @property
    def removed_characters(self) -> int:
        return sum(end - start for start, end in self.removed)

    def passages(self) -> list[str]:
        return [self.page_text[start:end] for start, end in self.removed]


class _Named(Protocol):
    @property
    def name(self) -> str: ...


Key = TypeVar("Key")


def code_path(codes_by_id: Mapping[int, Code], code_id: int) -> str:
    """The names from the root code down to ``codes_by_id[code_id]``, joined with `` > ``."""
    return tree_path(codes_by_id, code_id, "id", "parent_id")


def tree_path(nodes: Mapping[Key, _Named], key: Key, id_field: str, parent_field: str) -> str:
    """The names from the root down to ``nodes[key]`` (see :func:`path_part`), joined with `` > ``; each node names
    its parent's key in ``parent_field``, and a cycle (checked on ``id_field``) stops the walk."""
    names: list[str] = []
    seen: set[Key] = set()
    node = nodes.get(key)
    while node is not None and getattr(node, id_field) not in seen:
        seen.add(getattr(node, id_field))
        names.append(node.name)
        node = nodes.get(getattr(node, parent_field))
    return PATH_SEPARATOR.join(path_part(name) for name in reversed(names))


PATH_SEPARATOR = " > "


def path_part(name: str) -> str:
    """A name as written in a path: in a name containing ">", "\\" and ">" get a "\\" before them,
    so `` > `` in a path only ever separates names and two codes never share a path."""
    return name.replace("\\", "\\\\").replace(">", "\\>") if ">" in name else name
