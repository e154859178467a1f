"""Storing a project file read by a format (:class:`~annotator.formats.records.ImportedProject`).

Codes are matched first (their names are checked before anything is written), then everything
is written in one transaction: coders, codes, documents (:func:`~annotator.documents.add_document`)
and codings (:class:`~annotator.commands.AddAnnotation`), then memos on documents and codes and
journals (:mod:`annotator.memos`). A coding already present (same document, coder, code, offsets
and memo) is counted as unchanged, so importing twice adds nothing. A memo is added where its
coder has none on that document or code (or no journal); one already there is never replaced. A coding
accepted from a suggestion elsewhere (JSONL's ``"suggested"``) gets its provenance when it is added.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from .. import provenance
from ..clock import now, stamp
from ..codebook import AddCode, CodeRow, code_row, code_rows, record_scheme_change
from ..codebook.bulk import write_codes
from ..codebook.names import name_key
from ..codebook.store import write_rows
from ..commands import AddAnnotation
from ..documents import add_document
from ..errors import AnnotatorError
from ..formats.records import PALETTE, ImportedCoder, ImportedMemo, ImportedProject
from ..memos import PutMemo, stored
from ..records import Memo
from ..textio import normalise
from ..uuids import new_uuid, parse_uuid


def store_project(project, imported: ImportedProject, create_codes: bool = False):
    """Write ``imported`` into ``project`` whole or not at all; return its report."""
    if imported.match_codes == "name":
        _check_names(project, imported, create_codes)
    storer = _Storer(project, imported)
    try:
        with project.store.write() as conn:
            storer.run(conn)
    except AnnotatorError as error:
        raise AnnotatorError(f"{imported.label} was not imported: {error}") from None
    imported.report.finish()
    return imported.report


def _check_names(project, imported: ImportedProject, create_codes: bool) -> None:
    known: dict[str, int] = {}
    for code in project.codes():
        known[code.name] = known.get(code.name, 0) + 1
    wanted = [code.name for code in imported.codes]
    ambiguous = [name for name in wanted if known.get(name, 0) > 1]
    if ambiguous:
        raise AnnotatorError(f"{imported.label}: these code names are used by more than one code: "
                             f"{', '.join(ambiguous)}.")
    missing = [name for name in wanted if name not in known]
    if missing and not create_codes:
        raise AnnotatorError(f"{imported.label} uses codes this project does not have: {', '.join(missing)}. "
                             "Add them to the scheme, or import with --create-codes.")


class _Storer:
    def __init__(self, project, imported: ImportedProject):
        self.project, self.imported, self.report = project, imported, imported.report
        self.code_ids: dict[str, int] = {}       # code key -> id
        self.code_uuids: dict[str, str] = {}     # code key -> UUID (parents of new codes)
        self.coder_ids: dict[str, int] = {}      # coder key -> id

    def run(self, conn) -> None:
        if self.imported.match_codes == "name":
            self.codes_by_name(conn)
        else:
            self.codes_by_place(conn)
        for code in self.imported.codes:
            uuid = conn.execute("SELECT uuid FROM codes WHERE id = ?", (self.code_ids[code.key],)).fetchone()[0]
            for memo in code.memos:
                self.memo(conn, "code", uuid, memo, f"code {code.name!r}")
        for document in self.imported.documents:
            self.document(conn, document)
        for memo in self.imported.journals:
            self.memo(conn, "journal", None, memo, "the journal")

    # -------------------------------------------------------------- codes
    def codes_by_name(self, conn) -> None:
        known = {code.name: code.id for code in self.project.codes()}
        for code in self.imported.codes:
            if code.name not in known:
                index = len(self.report.codes_created)
                command = AddCode(code.name, color=PALETTE[index % len(PALETTE)])
                command.apply(conn)
                known[code.name] = command.id
                self.report.codes_created.append(code.name)
            self.code_ids[code.key] = known[code.name]

    def codes_by_place(self, conn) -> None:
        """Each code matches the project's code with its GUID, else the one with its name at its
        place (names compared as :mod:`annotator.codebook.names` does), else is added."""
        bad_colours: list[str] = []
        by_uuid: dict[str, CodeRow] = {}
        by_place: dict[tuple, CodeRow] = {}
        for row in code_rows(conn):
            self.known_code(row, by_uuid, by_place)
        for code in self.imported.codes:
            parent_uuid = self.code_uuids.get(code.parent_key)
            found = by_uuid.get(code.uuid) if code.uuid else None
            found = found or by_place.get((parent_uuid, name_key(code.name)))
            if found is not None:
                row = found
                self.report.codes_matched += 1
                if code.used and not row.codable:
                    row = replace(row, codable=True)
                    write_rows(conn, [row])
            else:
                row = self.new_code(conn, code, bad_colours)
                self.known_code(row, by_uuid, by_place)
            assert row.id is not None  # matched or just written
            self.code_ids[code.key], self.code_uuids[code.key] = row.id, row.uuid
        if self.report.codes_created:
            record_scheme_change(conn, "import qdpx", {"codes_created": list(self.report.codes_created)})
        if bad_colours:
            self.report.warnings.append(f"colours that could not be read, replaced from our palette: "
                                        f"{', '.join(bad_colours)}")

    @staticmethod
    def known_code(row: CodeRow, by_uuid: dict, by_place: dict) -> None:
        by_uuid[row.uuid] = row
        by_place.setdefault((row.parent_uuid, name_key(row.name)), row)

    def new_code(self, conn, code, bad_colours: list) -> CodeRow:
        if code.bad_colour:
            bad_colours.append(f"{code.name} ({code.bad_colour})")
        uuid = code.uuid or new_uuid()
        position = conn.execute("SELECT count(*) FROM codes").fetchone()[0]
        write_codes(conn, [CodeRow(
            None, uuid, code.name, code.color or PALETTE[position % len(PALETTE)], code.description,
            shortcut=None, parent_uuid=self.code_uuids.get(code.parent_key), position=position,
            codable=code.codable)])
        self.report.codes_created.append(code.name)
        return code_row(conn, uuid)

    # -------------------------------------------------------------- coders
    def guid(self, value, what: str) -> Optional[str]:
        """``value`` as a GUID to keep, or None; an identifier that is not a GUID is reported."""
        found = parse_uuid(value)
        if found is None and what and str(value or "").strip():
            self.report.not_guids.append(f"{what} ({str(value).strip()!r})")
        return found

    def coder_id(self, conn, key: str) -> int:
        if key not in self.coder_ids:
            self.coder_ids[key] = self.new_coder(conn, self.imported.coders.get(key) or ImportedCoder(key))
        return self.coder_ids[key]

    def new_coder(self, conn, coder: ImportedCoder) -> int:
        uuid = self.guid(coder.uuid, coder.what)
        existing = conn.execute("SELECT id FROM coders WHERE name = ?", (coder.name,)).fetchone()
        if existing:
            self.report.coders_matched += 1
            return existing[0]
        free = uuid and not conn.execute("SELECT 1 FROM coders WHERE uuid = ?", (uuid,)).fetchone()
        self.report.coders_created.append(coder.name)
        return self.project.add_coder(coder.name, uuid=uuid if free else None).id

    # -------------------------------------------------------------- documents
    def document(self, conn, document) -> None:
        result = add_document(conn, document.text, document.name, self.project.language, document.source_path,
                              document.source_type, document.attributes)
        if result.status == "imported":
            self.report.documents_added += 1
        else:
            self.report.documents_matched += 1
        if result.document_id is not None:
            for coding in document.codings:
                self.coding(conn, result.document_id, coding)
            uuid = conn.execute("SELECT uuid FROM documents WHERE id = ?", (result.document_id,)).fetchone()[0]
            for memo in document.memos:
                self.memo(conn, "document", uuid, memo, f"document {document.name!r}")

    def coding(self, conn, document_id: int, coding) -> None:
        coder_id, code_id = self.coder_id(conn, coding.coder), self.code_ids[coding.code]
        if conn.execute('SELECT 1 FROM annotations WHERE document_id=? AND coder_id=? AND code_id=? AND start=? '
                        'AND "end"=? AND memo IS ?',
                        (document_id, coder_id, code_id, coding.start, coding.end, coding.memo)).fetchone():
            self.report.annotations_unchanged += 1
            return
        uuid = self.annotation_uuid(conn, coding.uuids)
        AddAnnotation(document_id, coder_id, code_id, coding.start, coding.end, coding.memo, uuid=uuid).apply(conn)
        if coding.suggested is not None:
            provenance.record(conn, uuid, coding.suggested, now())
        self.report.annotations_added += 1

    # -------------------------------------------------------------- memos
    def memo(self, conn, kind: str, target_uuid, memo: ImportedMemo, label: str) -> None:
        """Add ``memo`` unless its coder has one there: the same text is counted as unchanged, a
        different one is kept and named in a warning."""
        text = normalise(memo.text)
        if not text.strip():
            return
        coder_uuid, coder = conn.execute("SELECT uuid, name FROM coders WHERE id = ?",
                                         (self.coder_id(conn, memo.coder),)).fetchone()
        old = stored(conn, kind, target_uuid, coder_uuid)
        if old is not None and old.text:
            if old.text == text:
                self.report.memos_unchanged += 1
            else:
                self.report.warnings.append(f"{coder}'s memo on {label} was kept; the file's is different")
            return
        created = stamp(memo.created) or now()
        new = Memo(None, self.memo_uuid(conn, memo.uuid), kind, target_uuid, coder_uuid, text, created,
                   stamp(memo.modified) or created) if old is None else replace(old, text=text, modified=now())
        PutMemo(kind, target_uuid, coder_uuid, new).apply(conn)
        self.report.memos_added += 1

    def memo_uuid(self, conn, value) -> str:
        uuid = self.guid(value, "memo")
        free = uuid and not conn.execute("SELECT 1 FROM memos WHERE uuid = ?", (uuid,)).fetchone()
        return uuid if uuid and free else new_uuid()

    def annotation_uuid(self, conn, candidates) -> str:
        """The first candidate that is a GUID not yet used, else a new one."""
        for value, what in candidates:
            uuid = self.guid(value, what)
            if uuid and not conn.execute("SELECT 1 FROM annotations WHERE uuid = ?", (uuid,)).fetchone():
                return uuid
        return new_uuid()
