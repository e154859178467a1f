"""The public Python API: one :class:`Project` per open project file.

    from annotator import Project
    with Project.create("study.annot", language="en") as project:
        project.import_files(["texts/"])
        doc = project.documents()[0]
        ana = project.add_coder("Ana")
        project.annotate(doc, 0, 24, "claim", ana, memo="opening claim")

Every method that changes the project is one transaction, durable when it returns; group
many changes into one transaction with ``with project.batch(): ...``. Nothing is cached
between calls, so two processes (or two ``Project`` objects) on one file see each other's
committed work.
"""
from __future__ import annotations

import contextlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Union

from ._backup import write_copy
from ._refs import annotation_filter, resolve
from .analysis.cooccurrence import Cooccurrence, cooccurrence
from .analysis.crosstab import Crosstab, crosstab
from .analysis.pairs import CellItem, cooccurrence_pairs
from .analysis.reading import Progress
from .analysis.retrieval import CodedSegment, coded_segments
from .analysis.scope import Scope, resolve_scope
from .analysis.scope import coder_id as scope_coder_id
from .assist.methods import Request, offers
from .assist.model import TrainedModel, load_model, save_model, train_model
from .attribute_rules import read_stored
from .attributes import SetDocumentAttributes, all_attributes, equal_values
from .autocode import AutoCode, AutoCodeResult, check_target, plan, plan_hits
from .clock import now
from .codebook import (
    AddCode,
    CodebookUnchangedError,
    CodeRow,
    ImportCodebook,
    MarkAnchor,
    SetRules,
    UnmarkAnchor,
    annotation_counts,
    code_row,
    code_rows,
    definition,
    scheme_log,
    scheme_version,
)
from .codebook import scheme_json as scheme_io
from .codebook.anchors import Anchor, read_anchors
from .codebook.bulk import write_codes
from .codebook.rules import Rule, read_rules
from .commands import AddAnnotation, DeleteAnnotation, UpdateAnnotation
from .documents import add_document, read_extraction
from .errors import AnnotatorError
from .formats.webpage import removed_passages
from .importing import import_paths
from .memos import KINDS, MemoHit, SetMemo, check_kind, lines, stored
from .memos import find as find_memos
from .nlp import get_services
from .outputs import write_atomically
from .records import Annotation, Code, Coder, Document, DocumentSummary, Extraction, ImportResult, Memo, code_path
from .round_delete import DeleteRound, RoundDeletion, describe_deletion
from .round_store import Round, retest_coders, rounds
from .search import DEFAULT_CONTEXT, Hits, Query, scope, search
from .store import Damage, Store
from .suggestions import Added, AddSuggestions, Decide, Rate, Suggestion, acceptance, suggestions
from .textio import normalise
from .uuids import check_uuid, new_uuid
from .where import document_ids
from .where import parse as parse_where

DocumentRef = Union[Document, DocumentSummary, int, str]
CodeRef = Union[Code, int, str]
CoderRef = Union[Coder, int, str]
AnnotationRef = Union[Annotation, int, str]
STATUSES = ("not started", "in progress", "done")

_DOC_COLUMNS = "id, uuid, name, text, sha256, language, source_path, source_type, imported_at"
_CODE_COLUMNS = "id, uuid, name, color, description, shortcut, parent_id, position, codable"
_ANN_COLUMNS = 'id, uuid, document_id, coder_id, code_id, start, "end", memo, created, modified'


def _code(row) -> Code:
    return Code(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], bool(row[8]))


class Project:
    """An open project file. Use :meth:`create` or :meth:`open`, then :meth:`close`."""

    def __init__(self, store: Store):
        self._store = store

    # ----------------------------------------------------------------- lifecycle
    @classmethod
    def create(cls, path, language: str = "en", scheme=None, name: Optional[str] = None) -> "Project":
        """Create a new project file (refused if ``path`` exists) with the default scheme,
        or ``scheme`` (a path to a JSON scheme, or the parsed dict)."""
        path = Path(path)
        if path.exists():
            raise AnnotatorError(f"{path} already exists; choose another name or open it.")
        if not path.parent.exists():
            raise AnnotatorError(f"The folder {path.parent} does not exist.")
        codes = _scheme_codes(scheme)
        _check_language(language)
        store = Store.create(path)
        project = cls(store)
        try:
            with store.write() as conn:
                settings = {"app": "annotator", "project_uuid": new_uuid(), "name": name or path.stem,
                            "language": language, "scheme_version": "1", "created": now(),
                            "spacy_model": ""}
                conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", settings.items())
                write_codes(conn, codes)
        except BaseException:
            store.close()
            for leftover in (path, Path(f"{path}-journal")):
                leftover.unlink(missing_ok=True)
            raise
        return project

    @classmethod
    def open(cls, path, read_only: bool = False) -> "Project":
        """Open an existing project; a foreign, damaged or newer file is refused untouched.
        ``read_only``: SQLite's ``mode=ro``, so nothing is written, not even an update of an older file
        (refused) or the rollback of an interrupted change (refused until the file is opened to write)."""
        return cls(Store.open(Path(path), True if read_only else None))

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self._store.path

    def save_copy(self, path) -> Path:
        """Write a consistent copy of the whole project to ``path`` (SQLite's online backup),
        leaving this project open on its own file. The copy is written beside ``path`` and
        renamed into place, so a failure never leaves half a file. Refuses the open file itself.
        A project with damaged pages is rebuilt row by row into the copy (all that is readable);
        damage inside a stored value is copied as it is, as ``annotator copy`` does."""
        damage = self._store.damage()
        return write_copy(self._store.conn, self.path, path, rebuild=damage is not None and damage.pages)

    @property
    def store(self) -> Store:
        return self._store

    def check_file(self) -> Optional[Damage]:
        """The damage check of the file now (SQLite's ``quick_check``, then the texts against
        their SHA-256): None if intact (the app runs it on a worker and hands the result to
        ``store.record_check``)."""
        return self._store.check_file()

    @contextlib.contextmanager
    def batch(self) -> Iterator["Project"]:
        """Group several changes into one transaction (all or nothing)."""
        with self._store.write():
            yield self

    # ----------------------------------------------------------------- settings
    def setting(self, key: str, default: Optional[str] = None) -> Optional[str]:
        row = self._store.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    def set_setting(self, key: str, value: str) -> None:
        if key == "language":
            _check_language(value)
        with self._store.write() as conn:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, str(value)))

    @property
    def name(self) -> str:
        return self.setting("name") or self.path.stem

    @property
    def language(self) -> str:
        return self.setting("language") or "en"

    @property
    def codebook_locked(self) -> bool:
        """True in a coder package made with a locked codebook: codes may be read, not edited."""
        return self.setting("codebook_locked") == "1"

    def text_services(self, language: Optional[str] = None):
        """Tokens, sentences and span snapping (spaCy, loaded on first use)."""
        return get_services(language or self.language, self.setting("spacy_model") or None)

    # ----------------------------------------------------------------- documents
    def import_files(self, paths: Iterable, recursive: bool = True, language: Optional[str] = None,
                     progress=None, cancelled=None, text_column: Optional[str] = None,
                     name_column: Optional[str] = None, create_codes: bool = False,
                     main_text: bool = False) -> list[ImportResult]:
        """Import files and folders (folders recursively). One result per file: imported,
        duplicate, or refused with the reason. A bad file never stops the batch. A .csv/.xlsx
        corpus gives one document per row (``text_column``, ``name_column``). A project file
        (.qdpx, .jsonl) imports whole or not at all, with its report in ``lines`` (status
        "warning" when part of it was left out); ``create_codes``: JSONL codes the project lacks.
        ``main_text``: a web page becomes its main text (trafilatura); the page's whole text is
        kept (:meth:`extraction`) and ``removed`` counts the characters left out."""
        if language is not None:
            _check_language(language)
        return import_paths(self, paths, recursive=recursive, language=language or self.language,
                            progress=progress, cancelled=cancelled, text_column=text_column,
                            name_column=name_column, create_codes=create_codes, main_text=main_text)

    def import_text(self, text: str, name: str, language: Optional[str] = None,
                    source_path: Optional[str] = None, source_type: str = "text") -> ImportResult:
        """Import one text given as a string (it is normalised like a file)."""
        with self._store.write() as conn:
            return add_document(conn, normalise(text), name, language or self.language,
                                source_path, source_type)

    def documents(self, where: Union[dict, list[str], None] = None) -> list[Document]:
        """All documents; or those whose attributes equal every ``{name: value}`` in a dict
        ``where``; or those meeting every ``--where`` condition in a list such as
        ``["outlet=Daily", "date>=2024-01-01"]`` (see :mod:`annotator.where`)."""
        if isinstance(where, list):
            return [self.document(i) for i in document_ids(self._store.conn, parse_where(where))]
        if where:
            return [self.document(i) for i, _, attributes in all_attributes(self._store.conn)
                    if equal_values(attributes, where)]
        rows = self._store.conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY id")
        return [Document(*row) for row in rows]

    def set_document_attributes(self, ref: DocumentRef, attributes: dict) -> None:
        """Replace a document's attributes (values: text, numbers, true/false, null, ISO dates);
        a key or value that :mod:`annotator.attribute_rules` refuses is one sentence."""
        self.apply(SetDocumentAttributes(self._document_id(ref), dict(attributes), label="Set document attributes",
                                         replace=True))

    def document_attributes(self, ref: DocumentRef) -> dict:
        """A document's attributes (spreadsheet columns, REFI variables), e.g. ``{"outlet": "X"}``."""
        row = self._store.conn.execute("SELECT attributes FROM documents WHERE id = ?",
                                       (self._document_id(ref),)).fetchone()
        return read_stored(row[0])

    def attributes_of_documents(self) -> dict[int, dict]:
        """Every document's attributes by document id, in one query (for lists and filters)."""
        return {doc_id: attributes for doc_id, _, attributes in all_attributes(self._store.conn)}

    def document_summaries(self) -> list[DocumentSummary]:
        rows = self._store.conn.execute(
            "SELECT id, uuid, name, sha256, language, length, imported_at FROM documents ORDER BY id")
        return [DocumentSummary(*row) for row in rows]

    def count_documents(self) -> int:
        """How many documents, counted by SQLite from an index (no text is read)."""
        return self._store.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def document(self, ref: DocumentRef) -> Document:
        row = self._store.conn.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (self._document_id(ref),)).fetchone()
        return Document(*row)

    def extraction(self, ref: DocumentRef) -> Optional[Extraction]:
        """What main-text extraction left out of the web page a document came from (None for a
        document imported whole)."""
        document_id = self._document_id(ref)
        found = read_extraction(self._store.conn, document_id)
        if found is None:
            return None
        method, page_text = found
        text = self._store.conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
        return Extraction(document_id, method, page_text, tuple(removed_passages(page_text, text)))

    def _document_id(self, ref: DocumentRef) -> int:
        return self._resolve("documents", "document", ref, ("uuid", "sha256", "name"))

    # ----------------------------------------------------------------- codes
    def codes(self) -> list[Code]:
        rows = self._store.conn.execute(f"SELECT {_CODE_COLUMNS} FROM codes ORDER BY position, id")
        return [_code(row) for row in rows]

    def code(self, ref: CodeRef) -> Code:
        row = self._store.conn.execute(
            f"SELECT {_CODE_COLUMNS} FROM codes WHERE id = ?", (self._code_id(ref),)).fetchone()
        return _code(row)

    def code_rows(self) -> list[CodeRow]:
        """Every code's full row (definition fields, parent by UUID), by position then id."""
        return code_rows(self._store.conn)

    def annotation_counts(self) -> dict[str, int]:
        """Code UUID -> number of annotations (all coders)."""
        return annotation_counts(self._store.conn)

    def code_path(self, code: CodeRef) -> str:
        """The code's ancestors and itself, joined with `` > ``."""
        by_id = {c.id: c for c in self.codes()}
        return code_path(by_id, self._code_id(code))

    def add_code(self, name: str, color: str = "#999999", description: str = "",
                 shortcut: Optional[str] = None, parent: Optional[CodeRef] = None,
                 codable: bool = True) -> Code:
        parent_uuid = None if parent is None else self.code(parent).uuid
        command = AddCode(name, color, parent_uuid, description, shortcut=shortcut, codable=codable)
        self.apply(command)
        return self.code(command.uuid)

    def scheme(self) -> dict:
        """The coding scheme as the documented JSON document."""
        definitions = {r.uuid: {**{k: getattr(r, k) for k in scheme_io.DEFINITION_FIELDS},
                                "rules": [asdict(rule) for rule in read_rules(r.rules, r.name)],
                                **_anchors_field(r)}
                       for r in code_rows(self._store.conn)}
        return scheme_io.to_document(self.codes(), self.name, definitions)

    def export_scheme(self, path) -> None:
        text = json.dumps(self.scheme(), ensure_ascii=False, indent=2) + "\n"
        write_atomically(Path(path), text.encode("utf-8"))

    def import_scheme(self, scheme) -> tuple[int, int]:
        """Merge a scheme (path or dict) by UUID; return (added, updated)."""
        data = scheme_io.load_scheme_file(scheme) if isinstance(scheme, (str, Path)) else scheme
        source = str(scheme) if isinstance(scheme, (str, Path)) else "the scheme"
        command = ImportCodebook(scheme_io.flatten(data, source), source)
        try:
            self.apply(command)
        except CodebookUnchangedError:
            return 0, 0
        return command.result

    # codebook (definitions, version, change log): see annotator/codebook.py
    @property
    def scheme_version(self) -> int:
        """Increments on every codebook edit (and undo); annotations record it when made."""
        return scheme_version(self._store.conn)

    def code_definition(self, ref: CodeRef):
        """Definition, examples, use when / do not use when of one code."""
        return definition(self, ref)

    def scheme_log(self) -> list:
        """Every codebook change: time, coder, action, code UUID, details, version after it."""
        return scheme_log(self._store.conn)

    def code_rules(self, ref: CodeRef) -> tuple[Rule, ...]:
        """The keywords, phrases and regular expressions that suggest a code (annotator/codebook/rules.py)."""
        row = code_row(self._store.conn, self.code(ref).uuid)
        return read_rules(row.rules, row.name)

    def set_code_rules(self, ref: CodeRef, rules: Sequence, because: str = "",
                       disagreements: Sequence = ()) -> tuple[Rule, ...]:
        """Replace a code's rules (``Rule`` records or their JSON objects) as one undoable codebook edit
        (logged with ``because`` and the cited disagreements, :class:`~annotator.cited.CitedDisagreement`)."""
        uuid = self.code(ref).uuid
        self.apply(SetRules(uuid, tuple(rules), because=because, disagreements=tuple(disagreements)))
        return self.code_rules(uuid)

    def rounds(self) -> list[Round]:
        """The coding rounds, in the order made (:mod:`annotator.rounds` makes them)."""
        return rounds(self._store.conn)

    def round_deletion(self, name: str) -> RoundDeletion:
        """What deleting the round ``name`` would do (nothing is changed); one sentence if it cannot be deleted."""
        return describe_deletion(self._store.conn, name)

    def delete_round(self, name: str) -> RoundDeletion:
        """Delete a round's record (one undoable command, :mod:`annotator.round_delete`); the annotations merged
        from its packages stay. Returns what it did, in words too (``.lines()``)."""
        with self._store.write() as conn:
            deletion = describe_deletion(conn, name)
            DeleteRound(deletion.round.uuid, f"Delete round {deletion.round.name!r}").apply(conn)
        return deletion

    def code_anchors(self, ref: CodeRef) -> tuple[Anchor, ...]:
        """A code's examples and counter-examples from the gold layer (annotator/codebook/anchors.py)."""
        row = code_row(self._store.conn, self.code(ref).uuid)
        return read_anchors(row.anchors, row.name)

    def mark_anchor(self, annotation: str, code: Optional[CodeRef] = None, kind: str = "example",
                    note: Optional[str] = None, because: str = "", disagreements: Sequence = ()) -> Anchor:
        """Mark a gold annotation as an example of its code, or (``kind="counter"``) a counter-example
        of ``code``, as one undoable codebook edit (logged with ``because`` and the cited disagreements);
        returns the anchor as stored. Marking it again keeps its note unless ``note`` is given."""
        code_uuid = self.code(code).uuid if code is not None else None
        self.apply(MarkAnchor(annotation, code_uuid, kind, note, because=because, disagreements=tuple(disagreements)))
        uuid = code_uuid or self.annotation(annotation).code_id
        return next(a for a in self.code_anchors(uuid) if a.annotation == annotation)

    def unmark_anchor(self, annotation: str, code: CodeRef) -> None:
        """Remove the anchor of ``annotation`` from ``code`` (one undoable codebook edit)."""
        self.apply(UnmarkAnchor(annotation, self.code(code).uuid))

    def retest_coders(self) -> list[Coder]:
        """The coder rows holding retest rounds' re-coding ("Ana (retest NAME)"), not coders of their own."""
        uuids = retest_coders(self._store.conn)
        return [c for c in self.coders() if c.uuid in uuids]

    def _code_id(self, ref: CodeRef) -> int:
        return self._resolve("codes", "code", ref, ("uuid", "name"))

    # ----------------------------------------------------------------- coders
    def coders(self) -> list[Coder]:
        return [Coder(*row) for row in self._store.conn.execute("SELECT id, uuid, name FROM coders ORDER BY id")]

    def coder(self, ref: CoderRef) -> Coder:
        row = self._store.conn.execute("SELECT id, uuid, name FROM coders WHERE id = ?",
                                       (self._coder_id(ref),)).fetchone()
        return Coder(*row)

    def add_coder(self, name: str, uuid: Optional[str] = None) -> Coder:
        name = (name or "").strip()
        if not name:
            raise AnnotatorError("A coder needs a name.")
        with self._store.write() as conn:
            if conn.execute("SELECT 1 FROM coders WHERE name = ?", (name,)).fetchone():
                raise AnnotatorError(f"There is already a coder named {name!r}.")
            uuid = check_uuid(uuid, f"Coder {name!r}") if uuid else new_uuid()
            conn.execute("INSERT INTO coders(uuid, name) VALUES (?, ?)", (uuid, name))
        return self.coder(name)

    def _coder_id(self, ref: CoderRef) -> int:
        return self._resolve("coders", "coder", ref, ("uuid", "name"))

    # ----------------------------------------------------------------- annotations
    def annotate(self, document: DocumentRef, start: int, end: int, code: CodeRef,
                 coder: CoderRef, memo: Optional[str] = None) -> Annotation:
        """Add an annotation: ``document.text[start:end]`` coded with ``code`` by ``coder``."""
        command = AddAnnotation(self._document_id(document), self._coder_id(coder),
                                self._code_id(code), start, end, memo)
        self.apply(command)
        return self.annotation(command.uuid)

    def annotations(self, document: Optional[DocumentRef] = None, coder=None, code=None,
                    overlapping: Optional[tuple[int, int]] = None, offset: int = 0,
                    limit: Optional[int] = None) -> list[Annotation]:
        """Annotations in text order, filtered by document, coder(s) and code(s); with ``overlapping``
        ``(start, end)`` only those sharing a code point with that range, and ``limit`` of them from
        the ``offset``-th on (a view reads what it shows)."""
        where, params = self._annotation_filter(document, coder, code)
        if overlapping is not None:
            where += (" AND " if where else " WHERE ") + 'start < ? AND "end" > ?'
            params = [*params, overlapping[1], overlapping[0]]
        sql = f"SELECT {_ANN_COLUMNS} FROM annotations{where}" + ' ORDER BY document_id, start, "end", id'
        if limit is not None or offset:
            sql, params = sql + " LIMIT ? OFFSET ?", [*params, -1 if limit is None else limit, offset]
        return [Annotation(*row) for row in self._store.conn.execute(sql, params)]

    def count_annotations(self, document: Optional[DocumentRef] = None, coder=None, code=None,
                          before: Optional[tuple[int, int, int]] = None) -> int:
        """How many annotations :meth:`annotations` would return, counted by SQLite (no rows loaded);
        with ``before`` ``(start, end, id)`` only those that come before it in a document's text order:
        its place in that document's list."""
        where, params = self._annotation_filter(document, coder, code)
        if before is not None:
            where += (" AND " if where else " WHERE ") + '(start, "end", id) < (?, ?, ?)'
            params = [*params, *before]
        return self._store.conn.execute(f"SELECT count(*) FROM annotations{where}", params).fetchone()[0]

    def _annotation_filter(self, document, coder, code) -> tuple[str, list]:
        """`` WHERE ...`` (or "") and its parameters for a document, coder(s) and code(s)."""
        return annotation_filter(self, document, coder, code)

    def scope(self, codes: Sequence[str] = (), coders: Sequence[str] = (), documents: Sequence[str] = (),
              where: Sequence[str] = ()) -> Scope:
        """What an analysis reads (:mod:`annotator.analysis.scope`): codes by name or path with their
        sub-codes, coders (``gold`` the adjudicated layer), documents, ``--where`` conditions."""
        return resolve_scope(self._store.conn, codes, coders, documents, where)

    def coded_segments(self, scope: Optional[Scope] = None, context: int = DEFAULT_CONTEXT,
                       text: Optional[str] = None, memo: Optional[str] = None) -> Iterator[CodedSegment]:
        """The annotations in ``scope`` with their text and ``context`` characters on each side, by
        document then start, as ``annotator segments`` lists them (:mod:`annotator.analysis.retrieval`)."""
        return coded_segments(self._store.conn, scope or Scope(None, None, None), context, text, memo)

    def crosstab(self, scope: Optional[Scope] = None, columns: str = "document", count: str = "segments",
                 progress: Progress = None) -> Crosstab:
        """Code frequencies by ``columns`` as ``annotator crosstab`` counts them (:mod:`.analysis.crosstab`)."""
        return crosstab(self._store.conn, scope or Scope(None, None, None), columns, count, progress)

    def cooccurrence(self, scope: Optional[Scope] = None, unit: str = "overlap",
                     progress: Progress = None) -> Cooccurrence:
        """Codes together in ``unit`` as ``annotator cooccurrence`` counts them (:mod:`.analysis.cooccurrence`)."""
        return cooccurrence(self._store.conn, scope or Scope(None, None, None), unit, progress)

    def cooccurrence_pairs(self, scope: Optional[Scope], unit: str, a: CodeRef, b: CodeRef,
                           progress: Progress = None) -> list[CellItem]:
        """The pairs or units one cell ``count(a, b)`` counts (:mod:`annotator.analysis.pairs`)."""
        return cooccurrence_pairs(self._store.conn, scope or Scope(None, None, None), unit, self._code_id(a),
                                  self._code_id(b), progress)

    def annotation(self, ref: AnnotationRef) -> Annotation:
        annotation_id = self._resolve("annotations", "annotation", ref, ("uuid",))
        row = self._store.conn.execute(f"SELECT {_ANN_COLUMNS} FROM annotations WHERE id = ?",
                                       (annotation_id,)).fetchone()
        return Annotation(*row)

    def update_annotation(self, ref: AnnotationRef, *, code: Optional[CodeRef] = None,
                          start: Optional[int] = None, end: Optional[int] = None, memo=...) -> Annotation:
        """Re-code, move a boundary or change the memo (``memo=None`` clears it)."""
        current = self.annotation(ref)
        self.apply(UpdateAnnotation(
            current.uuid,
            code_id=current.code_id if code is None else self._code_id(code),
            start=current.start if start is None else start,
            end=current.end if end is None else end,
            memo=current.memo if memo is ... else memo))
        return self.annotation(current.uuid)

    def delete_annotation(self, ref: AnnotationRef) -> None:
        self.apply(DeleteAnnotation(self.annotation(ref).uuid))

    def apply(self, command):
        """Apply a core command in one transaction; return ``(inverse, change)``."""
        with self._store.write() as conn:
            return command.apply(conn)

    # ----------------------------------------------------------------- memos (annotator/memos.py)
    def memos(self, kind: Optional[str] = None, target=None, coder: Optional[CoderRef] = None) -> list[Memo]:
        """The memos with text: ``kind`` "document", "code" or "journal" (all if None), on one
        document or code (``target``), by one coder; documents' first (in document order),
        then codes', then the journals, each target's by coder name."""
        if kind is not None and kind not in KINDS or target is not None and kind not in ("document", "code"):
            raise AnnotatorError("List memos of kind document, code or journal; a target needs document or code.")
        target_uuid = None if target is None else self._memo_target(str(kind), target)
        coder_uuid = None if coder is None else self.coder(coder).uuid
        return [line.memo for line in lines(self._store.conn, kind, coder_uuid, target_uuid)]

    def memo(self, kind: str, target, coder: CoderRef) -> Optional[Memo]:
        """A coder's memo on a document or a code (``target``: a record, id, UUID or name), or
        their journal (``kind`` "journal", ``target`` None); None if they have none."""
        found = stored(self._store.conn, kind, self._memo_target(kind, target), self.coder(coder).uuid)
        return found if found is not None and found.text else None

    def set_memo(self, kind: str, target, coder: CoderRef, text: str) -> Optional[Memo]:
        """Write a coder's memo (one undoable command, :class:`annotator.memos.SetMemo`); an
        empty text clears it. Returns the memo now (None once cleared)."""
        self.apply(SetMemo(kind, self._memo_target(kind, target), self.coder(coder).uuid, text))
        return self.memo(kind, target, coder)

    def _memo_target(self, kind: str, target) -> Optional[str]:
        """The UUID of a memo's document or code; None for the journal."""
        check_kind(kind, target)
        if kind == "journal":
            return None
        table, row_id = ("documents", self._document_id(target)) if kind == "document" \
            else ("codes", self._code_id(target))
        return self._store.conn.execute(f"SELECT uuid FROM {table} WHERE id = ?", (row_id,)).fetchone()[0]

    # ----------------------------------------------------------------- search and auto-coding
    def search(self, pattern: str, *, regex: bool = False, case_sensitive: bool = False, whole_word: bool = False,
               documents=None, where=None, context: int = DEFAULT_CONTEXT, limit: Optional[int] = None,
               cancelled=None) -> Hits:
        """Every hit of ``pattern`` (plain text, or a regular expression with ``regex``;
        case-insensitive unless ``case_sensitive``) in document order: a sequence of ``Hit``
        records (``document_id``, ``document``, ``start``, ``end``, ``text``, and ``left`` and
        ``right``: ``context`` code points either side).
        ``documents``: names, UUIDs or ids; ``where``: conditions such as ``["outlet=Daily"]``
        (:mod:`annotator.where`). ``limit`` stops after that many hits; ``cancelled()`` is asked
        between documents (see :mod:`annotator.search`)."""
        query = Query(pattern, regex, case_sensitive, whole_word)
        return search(self._store.conn, query, self._scope(documents, where), context, limit, cancelled)

    def search_memos(self, pattern: str, *, regex: bool = False, case_sensitive: bool = False,
                     whole_word: bool = False, coder: Optional[CoderRef] = None) -> list[MemoHit]:
        """Every hit of ``pattern`` (as :meth:`search` reads it) in the memos on documents and
        codes and in the journals (all coders', or ``coder``'s): ``MemoHit`` records (``kind``,
        ``target``, ``coder``, ``start``, ``end``, ``text``: the whole memo)."""
        compiled = Query(pattern, regex, case_sensitive, whole_word).compile()
        return find_memos(self._store.conn, compiled, None if coder is None else self.coder(coder).uuid)

    def autocode(self, pattern: str, code: CodeRef, coder: CoderRef, *, extend: str = "hit", regex: bool = False,
                 case_sensitive: bool = False, whole_word: bool = False, documents=None,
                 where=None) -> AutoCodeResult:
        """Code every hit of the search with ``code`` as ``coder``, extended to the ``hit``, its
        ``sentence`` or its ``paragraph``, in one transaction; a span the coder already has with
        that code is counted in ``already``, not added again (see :mod:`annotator.autocode`)."""
        command = self.autocode_command(pattern, code, coder, extend=extend, regex=regex,
                                        case_sensitive=case_sensitive, whole_word=whole_word,
                                        documents=documents, where=where)
        self.apply(command)
        assert command.result is not None
        return command.result

    def autocode_command(self, pattern: str, code: CodeRef, coder: CoderRef, *, extend: str = "hit",
                         regex: bool = False, case_sensitive: bool = False, whole_word: bool = False,
                         documents=None, where=None, cancelled=None) -> AutoCode:
        """The undoable command :meth:`autocode` applies (the app pushes it as one undo step):
        the search and the extension run here, without a transaction; ``cancelled()`` is asked
        between documents and ends the search early."""
        query = Query(pattern, regex, case_sensitive, whole_word)
        query.compile()
        code_id, coder_id, services = self._autocode_target(code, coder, extend)
        spans, hits = plan(self._store.conn, query, self._scope(documents, where), extend, services, cancelled)
        return AutoCode(spans, code_id, coder_id, hits)

    def autocode_hits_command(self, hits: Hits, code: CodeRef, coder: CoderRef, *, extend: str = "hit",
                              cancelled=None) -> AutoCode:
        """The command that codes exactly ``hits`` (a :meth:`search`'s result, as shown to a person),
        extended as :meth:`autocode` does, without searching again; refused if a document's text is
        not the one searched (:func:`annotator.autocode.plan_hits`)."""
        code_id, coder_id, services = self._autocode_target(code, coder, extend)
        spans, count = plan_hits(self._store.conn, hits, extend, services, cancelled)
        return AutoCode(spans, code_id, coder_id, count)

    def _autocode_target(self, code: CodeRef, coder: CoderRef, extend: str) -> tuple[int, int, object]:
        code_id, coder_id = self._code_id(code), self._coder_id(coder)
        check_target(self._store.conn, code_id, coder_id)
        return code_id, coder_id, self.text_services() if extend == "sentence" else None

    def _scope(self, documents, where) -> Optional[list[int]]:
        """The ids of the documents named and meeting every condition (None: all documents)."""
        if documents is not None and not isinstance(documents, (list, tuple, set)):
            documents = [documents]     # one document
        where = [where] if isinstance(where, str) else list(where or [])
        return scope(self._store.conn, documents, parse_where(where))

    # ----------------------------------------------------------------- suggestions (annotator/suggestions.py)
    def train(self, coder: CoderRef, *, seed: int = 0, kind: str = "sentence", progress=None,
              cancelled=None) -> TrainedModel:
        """Train ``coder``'s model (``kind``: "sentence" or "span") on their own annotations and
        rejections, measure it on held-out documents (split with ``seed``) and store it
        (:mod:`annotator.assist.model`); not undoable: training changes no coding. ``cancelled()``
        stops it with nothing stored."""
        model = train_model(self._store.conn, self.text_services(), self._layer_id(coder), seed=seed, kind=kind,
                            progress=progress, cancelled=cancelled)
        save_model(self._store, model)
        return model

    def model(self, coder: CoderRef) -> Optional[TrainedModel]:
        """``coder``'s newest stored model, or None."""
        return load_model(self._store.conn, self._layer_id(coder))

    def suggest(self, method: str, coder: CoderRef, *, documents=None, where=None,
                threshold: Optional[float] = None, group_by: str = "outlet", min_f1: float = 0.0) -> Added:
        """Offer ``coder`` suggestions made by ``method`` (propagate, rules, model, boilerplate) in
        the documents named and meeting ``where`` (all if neither), as one undoable step.
        ``group_by``: boilerplate is what documents with the same value of this attribute share."""
        command = self.suggest_command(method, coder, documents=documents, where=where, threshold=threshold,
                                       group_by=group_by, min_f1=min_f1)
        self.apply(command)
        assert command.result is not None
        return command.result

    def suggest_command(self, method: str, coder: CoderRef, *, documents=None, where=None,
                        threshold: Optional[float] = None, annotations: Optional[Sequence[str]] = None,
                        group_by: str = "outlet", min_f1: float = 0.0, cancelled=None) -> AddSuggestions:
        """The undoable command :meth:`suggest` applies; the method runs here, without a
        transaction (``cancelled()`` ends it early). ``annotations``: propagate only their words."""
        coder_id = self._layer_id(coder)
        request = Request(coder_id, method, self._scope(documents, where), threshold, annotations, group_by, min_f1)
        services = self.text_services() if method in ("rules", "model") else None
        found, version = offers(self._store.conn, request, services, cancelled)
        return AddSuggestions(coder_id, method, found, version)

    def suggestions(self, coder: CoderRef, status: Optional[str] = None, *, documents=None, where=None,
                    codes: Optional[Sequence[CodeRef]] = None) -> list[Suggestion]:
        """``coder``'s suggestions (of one ``status``: open, accepted, rejected) in document order."""
        code_ids = None if codes is None else [self._code_id(code) for code in codes]
        return suggestions(self._store.conn, self._layer_id(coder), status, self._scope(documents, where), code_ids)

    def decide_suggestions(self, ids: Sequence[int], accept: bool) -> int:
        """Accept or reject suggestions by id, as one undoable step; how many changed."""
        command = Decide(list(ids), accept)
        self.apply(command)
        assert command.result is not None
        return command.result

    def layer(self, ref: CoderRef) -> Coder:
        """A coder as the analysis and assistance commands name one: an exact name, else ``gold``
        (any case) or ``@gold`` for the adjudicated layer (:func:`annotator.analysis.scope.coder_id`)."""
        return self.coder(self._layer_id(ref))

    def _layer_id(self, ref: CoderRef) -> int:
        return scope_coder_id(self._store.conn, ref) if isinstance(ref, str) else self._coder_id(ref)

    def acceptance(self, coder: CoderRef) -> list[Rate]:
        """Per method and code: ``coder``'s suggestions accepted, rejected and open."""
        return acceptance(self._store.conn, self._layer_id(coder))

    # ----------------------------------------------------------------- status
    def set_status(self, document: DocumentRef, coder: CoderRef, status: str) -> None:
        if status not in STATUSES:
            raise AnnotatorError(f"Status must be one of {', '.join(STATUSES)}, not {status!r}.")
        with self._store.write() as conn:
            conn.execute("INSERT OR REPLACE INTO document_status VALUES (?, ?, ?, ?)",
                         (self._document_id(document), self._coder_id(coder), status, now()))

    def status(self, document: DocumentRef, coder: CoderRef) -> str:
        """'done' if marked so; else 'in progress' once the coder has annotated it."""
        doc_id, coder_id = self._document_id(document), self._coder_id(coder)
        row = self._store.conn.execute(
            "SELECT status FROM document_status WHERE document_id = ? AND coder_id = ?",
            (doc_id, coder_id)).fetchone()
        if row and row[0] == "done":
            return "done"
        has_any = self._store.conn.execute(
            "SELECT 1 FROM annotations WHERE document_id = ? AND coder_id = ? LIMIT 1",
            (doc_id, coder_id)).fetchone()
        return "in progress" if has_any or (row and row[0] == "in progress") else "not started"

    # ----------------------------------------------------------------- summary
    def counts(self) -> dict:
        conn = self._store.conn
        count = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": count("SELECT count(*) FROM documents"),
            "characters": count("SELECT coalesce(sum(length), 0) FROM documents"),
            "codes": count("SELECT count(*) FROM codes"),
            "coders": count("SELECT count(*) FROM coders"),
            "annotations": count("SELECT count(*) FROM annotations"),
        }

    # ----------------------------------------------------------------- helpers
    def _resolve(self, table: str, what: str, ref, keys: tuple[str, ...]) -> int:
        """Turn a record, row id, UUID or name into a row id that exists."""
        return resolve(self._store.conn, table, what, ref, keys)


def _anchors_field(row) -> dict:
    """A code's anchors for the scheme JSON, only when it has some."""
    anchors = read_anchors(row.anchors, row.name)
    return {"anchors": [asdict(anchor) for anchor in anchors]} if anchors else {}


def _scheme_codes(scheme) -> list:
    """The codes of ``scheme`` (a path to a JSON scheme, the parsed dict, or None: the default);
    a file holding anything but a scheme (``[]``, ``null``) is refused like ``scheme import`` does."""
    if isinstance(scheme, (str, Path)):
        return scheme_io.flatten(scheme_io.load_scheme_file(scheme), Path(scheme).name)
    return scheme_io.flatten(scheme_io.default_scheme() if scheme is None else scheme, "the scheme")


def _check_language(language: str) -> None:
    if not isinstance(language, str) or not language.isalpha() or not 2 <= len(language) <= 3:
        raise AnnotatorError(f"{language!r} is not a language code; use an ISO code such as en, de or fr.")
