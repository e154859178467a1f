"""Training examples for one coder, read only from that coder's rows.

:func:`read_coder_rows` is the only reader of coding here: one SQL statement, both halves
``WHERE coder_id = ?``, so another coder's work cannot reach a model (issue 15: "never on
another coder's current work"). The gold layer is an ordinary coder, so its model is the same
call with the gold coder's id.

**Which sentences, which labels.** Sentences are the project's text services'
(``TextServices.sentences``). Only documents the coder has coded at least once give examples
(an uncoded document is unknown, not negative). In such a document a sentence is *positive*
for code X when one of the coder's X annotations lies wholly inside it or covers at least half
of its non-space characters; *unknown* for X when an X annotation overlaps it less than that
(it is neither learnt from nor scored); *negative* otherwise. A rejected suggestion of X is an
explicit negative for X on every sentence it overlaps (in any document) unless the sentence is
positive for X. Labels are the codable codes the coder has used, by UUID (stable across
renames and merges).
"""
from __future__ import annotations

import bisect
import sqlite3
from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional, Sequence

import numpy as np

from annotator.errors import AnnotatorError, NotFoundError

Span = tuple[int, int, str]    # start, end, code UUID
_WHITESPACE = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)

_CODER_ROWS = """
SELECT 'annotation', a.document_id, a.start, a."end", c.uuid
  FROM annotations a JOIN codes c ON c.id = a.code_id
 WHERE a.coder_id = :coder AND c.codable
UNION ALL
SELECT 'rejection', s.document_id, s.start, s."end", c.uuid
  FROM suggestions s JOIN codes c ON c.id = s.code_id
 WHERE s.coder_id = :coder AND s.status = 'rejected' AND c.codable
ORDER BY 2, 3, 4, 5
"""


class NothingToLearnError(AnnotatorError):
    """The coder has coded no document, so there is nothing to train a model on."""


@dataclass(frozen=True)
class CoderRows:
    """One coder's annotations and rejected suggestions, per document id."""

    coder_id: int
    annotations: dict[int, list[Span]] = field(default_factory=dict)
    rejections: dict[int, list[Span]] = field(default_factory=dict)


@dataclass(frozen=True)
class Example:
    """A sentence and what the coder says of it: label (code UUID) -> 1.0 or 0.0; labels
    missing from ``cats`` are unknown. For a span model, also the coder's spans inside it
    (offsets in the sentence)."""

    document_id: int
    start: int
    end: int
    text: str
    cats: dict[str, float]
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class TrainingData:
    coder_id: int
    labels: tuple[str, ...]
    examples: list[Example]


def read_coder_rows(conn: sqlite3.Connection, coder_id: int) -> CoderRows:
    """``coder_id``'s annotations (codable codes) and rejected suggestions, nobody else's."""
    rows = CoderRows(coder_id)
    for kind, document_id, start, end, code in conn.execute(_CODER_ROWS, {"coder": coder_id}):
        target = rows.annotations if kind == "annotation" else rows.rejections
        target.setdefault(document_id, []).append((start, end, code))
    return rows


def training_data(conn: sqlite3.Connection, services, coder_id: int,
                  step: Optional[Callable[[], None]] = None, spans: bool = False) -> TrainingData:
    """The examples of ``coder_id`` (see the module docstring), in document and text order;
    ``step()`` after each document (it may raise to stop). With ``spans``, a span model's
    (:func:`span_examples`)."""
    name = _coder_name(conn, coder_id)
    rows = read_coder_rows(conn, coder_id)
    if not rows.annotations:
        raise NothingToLearnError(f"{name} has not coded any document yet, so there is nothing to train a model on.")
    labels = tuple(sorted({code for spans in rows.annotations.values() for _, _, code in spans}))
    examples: list[Example] = []
    ids = sorted(rows.annotations) if spans else sorted(set(rows.annotations) | set(rows.rejections))
    make = span_examples if spans else document_examples
    for document_id, text in texts(conn, ids):
        examples += make(document_id, text, services.sentences(text), rows, labels)
        if step is not None:
            step()
    return TrainingData(coder_id, labels, examples)


def document_examples(document_id: int, text: str, sentences: Sequence[tuple[int, int]], rows: CoderRows,
                      labels: Sequence[str]) -> list[Example]:
    """The examples of one document's sentences (only those with at least one known label)."""
    coded = document_id in rows.annotations
    places = Places(text, sentences)
    positive, partial, rejected = places.marks(rows.annotations.get(document_id, []),
                                               rows.rejections.get(document_id, []))
    known = set(labels)
    examples = []
    for i, (start, end) in enumerate(sentences):
        cats = dict.fromkeys(labels, 0.0) if coded else {}
        for code in partial[i] - positive[i]:
            cats.pop(code, None)
        cats.update((code, 0.0) for code in (rejected[i] & known) - positive[i])
        cats.update((code, 1.0) for code in positive[i])
        if cats:
            examples.append(Example(document_id, start, end, text[start:end], cats))
    return examples


def span_examples(document_id: int, text: str, sentences: Sequence[tuple[int, int]], rows: CoderRows,
                  labels: Sequence[str]) -> list[Example]:
    """A span model's examples of one coded document: each sentence with the coder's spans inside it
    (every label known: 1.0 when it has a span of it). A sentence an annotation crosses out of is
    left out (what the coder coded there is not inside it), and so are rejections: every run of
    tokens the coder did not code is already a negative."""
    places = Places(text, sentences)
    inside, crossed = places.holding(rows.annotations.get(document_id, []))
    return [Example(document_id, s, e, text[s:e], {label: float(any(c == label for *_, c in inside[i]))
                                                   for label in labels},
                    tuple((a - s, b - s, code) for a, b, code in inside[i]))
            for i, (s, e) in enumerate(places.sentences) if i not in crossed]


class Places:
    """A document's sentences and its count of non-space characters before each offset."""

    def __init__(self, text: str, sentences: Sequence[tuple[int, int]]):
        self.sentences = list(sentences)
        self.starts = [start for start, _ in self.sentences]
        self.ends = [end for _, end in self.sentences]
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        self.solid = np.concatenate(([0], np.cumsum(~np.isin(points, _WHITESPACE))))

    def overlapping(self, start: int, end: int) -> range:
        """Indexes of the sentences that share at least one character with ``[start, end)``."""
        return range(bisect.bisect_right(self.ends, start), bisect.bisect_left(self.starts, end))

    def covers(self, i: int, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies inside sentence ``i`` or covers half its non-space characters."""
        s, e = self.sentences[i]
        if s <= start and end <= e:
            return True
        shared = int(self.solid[min(end, e)] - self.solid[max(start, s)])
        return 2 * shared >= int(self.solid[e] - self.solid[s])

    def marks(self, annotations: Sequence[Span], rejections: Sequence[Span]):
        """Per sentence: the codes it is positive for, partly covered by, and rejected for."""
        positive: list[set[str]] = [set() for _ in self.sentences]
        partial: list[set[str]] = [set() for _ in self.sentences]
        rejected: list[set[str]] = [set() for _ in self.sentences]
        for start, end, code in annotations:
            for i in self.overlapping(start, end):
                (positive if self.covers(i, start, end) else partial)[i].add(code)
        for start, end, code in rejections:
            for i in self.overlapping(start, end):
                rejected[i].add(code)
        return positive, partial, rejected

    def holding(self, spans: Sequence[Span]) -> tuple[list[list[Span]], set[int]]:
        """Per sentence, the spans lying inside it; and the indexes of the sentences a span crosses out of."""
        inside: list[list[Span]] = [[] for _ in self.sentences]
        crossed: set[int] = set()
        for start, end, code in spans:
            found = self.overlapping(start, end)
            if len(found) == 1 and self.starts[found[0]] <= start and end <= self.ends[found[0]]:
                inside[found[0]].append((start, end, code))
            else:
                crossed.update(found)
        return inside, crossed

    def touched(self, spans: Sequence[Span]) -> set[int]:
        """Indexes of the sentences that any of ``spans`` overlaps."""
        return {i for start, end, _ in spans for i in self.overlapping(start, end)}


def _coder_name(conn: sqlite3.Connection, coder_id: int) -> str:
    row = conn.execute("SELECT name FROM coders WHERE id = ?", (coder_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"There is no coder {coder_id} in this project.")
    return row[0]


def texts(conn: sqlite3.Connection, document_ids: Sequence[int]) -> Iterator[tuple[int, str]]:
    """Each document's text, one read at a time (only one text is held)."""
    for document_id in document_ids:
        row = conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is not None:
            yield document_id, row[0]
