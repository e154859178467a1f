"""What every writer needs: the selected annotations per document, with names resolved."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional, Sequence

from ..records import code_path
from ..selection import annotation_rows

CSV_COLUMNS = ["document", "document_sha256", "coder", "code", "code_path", "start", "end", "text",
               "memo", "created", "modified", "document_uuid", "coder_uuid", "code_uuid", "annotation_uuid"]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    code: str
    code_uuid: str
    code_id: int
    coder: str
    coder_uuid: str
    memo: Optional[str]
    uuid: str
    created: str
    modified: str


@dataclass
class ExportReport:
    """What an export wrote: ``count`` items of ``unit``, and notes for the user
    (misaligned spans, truncated cells...)."""

    count: int
    unit: str
    notes: list = field(default_factory=list)


def select(project, coders: Optional[Sequence] = None, codes: Optional[Sequence] = None) -> dict[int, list[Span]]:
    """Annotations by document id, in text order (``coders``/``codes``: names, ids or UUIDs)."""
    by_doc: dict[int, list[Span]] = {}
    for doc_id, start, end, memo, created, modified, a_uuid, coder, coder_uuid, code_id, code, code_uuid \
            in annotation_rows(project, coders, codes):
        by_doc.setdefault(doc_id, []).append(Span(start, end, code, code_uuid, code_id, coder, coder_uuid, memo,
                                                  a_uuid, created, modified))
    return by_doc


def documents(project) -> Iterator[tuple[int, str, str, str]]:
    """(id, uuid, name, text) for every document, one text in memory at a time."""
    conn = project.store.conn
    for (doc_id,) in conn.execute("SELECT id FROM documents ORDER BY id").fetchall():
        yield conn.execute("SELECT id, uuid, name, text FROM documents WHERE id = ?", (doc_id,)).fetchone()


def code_paths(project) -> dict[int, str]:
    by_id = {code.id: code for code in project.codes()}
    return {code_id: code_path(by_id, code_id) for code_id in by_id}


def by_coder(spans: list[Span]) -> dict[str, list[Span]]:
    grouped: dict[str, list[Span]] = {}
    for span in spans:
        grouped.setdefault(span.coder, []).append(span)
    return grouped


def safe_file_name(name: str, taken: set) -> str:
    """A file name without path separators or control characters, unique within ``taken``."""
    import re

    stem = re.sub(r'[\x00-\x1f/\\:*?"<>|]+', "_", name).strip(" .") or "document"
    stem = stem[:120]
    candidate, number = stem, 2
    while candidate.casefold() in taken:
        candidate, number = f"{stem}_{number}", number + 1
    taken.add(candidate.casefold())
    return candidate
