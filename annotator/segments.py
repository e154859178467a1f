"""Reading the coders' layers and the gold layer for adjudication; nothing here writes.

**The gold layer is a coder.** It is named "gold" when created, and its UUID is stored in the
project's ``meta`` table under ``gold_coder_uuid``, so it stays recognisable when renamed.

**Segments.** :func:`compare` splits the coders' annotations of one document into
*agreements* (an identical span and code from every coder) and *disagreements* (overlapping
annotations that are not shared by all, grouped into one segment, with who coded what;
a coder with nothing there has an empty tuple). A segment's key is a fingerprint of its
annotations; rejected keys are kept in ``meta`` under ``adjudication.rejected.<document
uuid>`` (a JSON list). The commands that build gold are in :mod:`annotator.adjudication`.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Iterable, Iterator, Mapping, Optional, Sequence, TypeVar

from .changes import read_meta
from .errors import AnnotatorError
from .records import Annotation, Coder

GOLD_NAME = "gold"
GOLD_KEY = "gold_coder_uuid"
REJECTED_PREFIX = "adjudication.rejected."
T = TypeVar("T")


@dataclass(frozen=True)
class Segment:
    document_id: int
    start: int
    end: int
    kind: str  # "agreement" or "disagreement"
    annotations: Mapping  # coder name -> tuple of Annotation (empty: coded nothing here)
    key: str
    gold: tuple[Annotation, ...] = ()
    rejected: bool = False

    @property
    def resolved(self) -> bool:
        return bool(self.gold) or self.rejected


def _key(document_id: int, annotations: Mapping) -> str:
    items = sorted((c, a.uuid, a.start, a.end, a.code_id) for c, anns in annotations.items() for a in anns)
    return hashlib.sha1(repr((document_id, items)).encode()).hexdigest()[:16]


def _segment(document_id, kind, annotations: dict) -> Segment:
    spans = [a for anns in annotations.values() for a in anns]
    frozen = MappingProxyType({c: tuple(anns) for c, anns in annotations.items()})
    return Segment(document_id, min(a.start for a in spans), max(a.end for a in spans), kind, frozen,
                   _key(document_id, frozen))


def find_segments(document_id: int, annotations_by_coder: Mapping[str, Sequence[Annotation]]) -> list[Segment]:
    """Agreements and disagreements among ``{coder name: [Annotation, ...]}`` of one document.

    An *agreement* is a (start, end, code) that every coder has. The remaining annotations
    are grouped by overlap (any shared character, across coders and codes) into
    *disagreements*. Sorted by start, then end. Pure: no project needed.
    """
    coders = list(annotations_by_coder)
    keysets = [{(a.start, a.end, a.code_id) for a in annotations_by_coder[c]} for c in coders]
    common = set.intersection(*keysets) if keysets else set()
    out = []
    for key in sorted(common):
        out.append(_segment(document_id, "agreement",
                            {c: [a for a in annotations_by_coder[c] if (a.start, a.end, a.code_id) == key]
                             for c in coders}))
    rest = sorted(((c, a) for c in coders for a in annotations_by_coder[c]
                   if (a.start, a.end, a.code_id) not in common),
                  key=lambda item: (item[1].start, item[1].end))
    for group in overlap_chains(rest, lambda item: (item[1].start, item[1].end)):
        out.append(_disagreement(document_id, coders, group))
    return sorted(out, key=lambda s: (s.start, s.end, s.kind))


def overlap_chains(items: Iterable[T], span: Callable[[T], tuple[int, int]]) -> Iterator[list[T]]:
    """``items`` (sorted by start) in groups linked by overlap: an item joins the group when it
    shares at least one character with any item already in it, so a chain of overlaps is one
    group and spans that only touch (one ends where the next starts) are two."""
    group: list[T] = []
    reach = -1
    for item in items:
        start, end = span(item)
        if group and start >= reach:
            yield group
            group, reach = [], -1
        group.append(item)
        reach = max(reach, end)
    if group:
        yield group


def _disagreement(document_id: int, coders: list[str], group: list[tuple[str, Annotation]]) -> Segment:
    return _segment(document_id, "disagreement", {c: [x for k, x in group if k == c] for c in coders})


# ------------------------------------------------------------------ read from a connection
def gold_coder_row(conn: sqlite3.Connection) -> Optional[Coder]:
    """The gold coder, or ``None`` if the project has none yet."""
    uuid = read_meta(conn, GOLD_KEY)
    row = conn.execute("SELECT id, uuid, name FROM coders WHERE uuid = ?", (uuid,)).fetchone() if uuid else None
    return Coder(*row) if row else None


def rejections(conn: sqlite3.Connection, document_id: int) -> tuple[str, list]:
    """The meta key holding a document's rejected segments, and its entries."""
    doc_uuid = conn.execute("SELECT uuid FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
    meta_key = REJECTED_PREFIX + doc_uuid
    return meta_key, json.loads(read_meta(conn, meta_key) or "[]")


def _annotations(conn: sqlite3.Connection, document_id: int, coder_id: int) -> list[Annotation]:
    rows = conn.execute('SELECT id, uuid, document_id, coder_id, code_id, start, "end", memo, created, modified '
                        'FROM annotations WHERE document_id = ? AND coder_id = ? ORDER BY start, "end", id',
                        (document_id, coder_id))
    return [Annotation(*row) for row in rows]


def _name(conn: sqlite3.Connection, coder_id: int) -> str:
    return conn.execute("SELECT name FROM coders WHERE id = ?", (coder_id,)).fetchone()[0]


def read_segments(conn: sqlite3.Connection, document_id: int, coder_ids) -> list[Segment]:
    """The segments of a document for two or more coders (row ids), with the gold annotations
    overlapping each segment and whether it was rejected."""
    chosen = list(dict.fromkeys(coder_ids))
    gold = gold_coder_row(conn)
    if gold is not None and gold.id in chosen:
        raise AnnotatorError("Compare the coders with each other; the gold layer is what adjudication builds.")
    if len(chosen) < 2:
        raise AnnotatorError("Adjudication compares at least two coders.")
    by_coder = {_name(conn, c): _annotations(conn, document_id, c) for c in chosen}
    gold_anns = _annotations(conn, document_id, gold.id) if gold else []
    rejected = {entry["key"] for entry in rejections(conn, document_id)[1]}
    out = []
    for seg in find_segments(document_id, by_coder):
        overlapping = tuple(a for a in gold_anns if a.start < seg.end and seg.start < a.end)
        out.append(Segment(**{**seg.__dict__, "gold": overlapping, "rejected": seg.key in rejected}))
    return out


def agreements(conn: sqlite3.Connection, document_id: int, coder_ids) -> list[Segment]:
    """The agreements among :func:`read_segments`: what every one of the coders coded alike."""
    return [s for s in read_segments(conn, document_id, coder_ids) if s.kind == "agreement"]


# ------------------------------------------------------------------ read through a project
def gold_coder(project) -> Optional[Coder]:
    """The gold coder of ``project``, or ``None`` if it has none yet."""
    return gold_coder_row(project.store.conn)


def rejected_keys(project, document) -> set:
    return {entry["key"] for entry in rejections(project.store.conn, project.document(document).id)[1]}


def compare(project, document, coders) -> list[Segment]:
    """The segments of ``document`` for ``coders`` (two or more; records, ids or names), with
    the gold annotations overlapping each segment and whether it was rejected."""
    return read_segments(project.store.conn, project.document(document).id, [project.coder(c).id for c in coders])
