"""Import a REFI-QDA project (.qdpx) written by MAXQDA, ATLAS.ti, NVivo, QualCoder or us.

Read tolerantly (formats.md §1.7-1.8): the single ``*.qde`` at the archive root (ATLAS.ti
names it after the project), ``sources/`` or ``Sources/``, GUIDs with or without braces in any
case, colours not in ``#RRGGBB`` form, missing names. The ``.qde`` is validated against the
bundled schema, but problems are only reported. The archive passes the zip-bomb and
path-traversal checks and the XML is parsed without DTDs or entities.

What is imported: text sources (plain text from the archive or ``PlainTextContent``; source
variables become document attributes), the code tree with colours and descriptions, users
as coders, and every ``Coding`` of a ``PlainTextSelection`` as an annotation by its creating
user, with notes and the selection's description as the memo. A coding of a whole source
becomes an annotation of the whole text. Positions are code points; if a source's text has
``\\r\\n`` line ends, the selections' names tell whether the exporting tool counted it as one
character or two (the spec counts code points in the file: two, unless the names say
otherwise). Everything else (pictures, PDFs, audio, video, cases, sets, links, graphs,
memos on the project or on sources, selections without a code) is listed in the report.
Everything is written in one transaction: the file imports whole or not at all.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..colours import colour
from ..errors import AnnotatorError, RefusedFileError
from .refi import guid, schema_errors
from .safety import SafeZip, open_archive, parse_xml

PALETTE = ["#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#E69F00", "#999999"]
UNSUPPORTED_SOURCES = {"PictureSource": "picture", "PDFSource": "PDF", "AudioSource": "audio",
                       "VideoSource": "video"}


@dataclass
class QdpxReport:
    origin: str = ""
    documents_added: int = 0
    documents_matched: int = 0
    codes_created: list = field(default_factory=list)
    codes_matched: int = 0
    coders_created: list = field(default_factory=list)
    coders_matched: int = 0
    annotations_added: int = 0
    annotations_unchanged: int = 0
    not_represented: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [f"written by: {self.origin or 'unknown'}",
                 f"documents: {self.documents_added} added, {self.documents_matched} already in the project",
                 f"codes: {len(self.codes_created)} created, {self.codes_matched} already in the project",
                 f"coders: {', '.join(self.coders_created) or 'none'} created, {self.coders_matched} already "
                 "in the project",
                 f"annotations: {self.annotations_added} added, {self.annotations_unchanged} already present"]
        lines += [f"not imported: {item}" for item in self.not_represented]
        lines += [f"warning: {item}" for item in self.warnings]
        return lines


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name: str) -> list:
    return [child for child in element if _local(child.tag) == name]


def _child(element, name: str):
    found = _children(element, name)
    return found[0] if found else None


def _text_of(element, name: str) -> str:
    child = _child(element, name)
    return (child.text or "") if child is not None else ""


def find_qde(archive: SafeZip) -> str:
    candidates = [n for n in archive.names if n.lower().endswith(".qde") and "/" not in n.strip("/")]
    candidates = candidates or [n for n in archive.names if n.lower().endswith(".qde")]
    if not candidates:
        raise RefusedFileError(f"{archive.label} is not a REFI-QDA project (it holds no .qde file).")
    preferred = [n for n in candidates if n.lower() == "project.qde"]
    return (preferred or sorted(candidates))[0]


def internal_member(archive: SafeZip, path: str) -> str | None:
    """The archive member for ``internal://name`` (in ``sources/`` or ``Sources/``)."""
    if not path.lower().startswith("internal://"):
        return None
    name = path[len("internal://"):].lstrip("/")
    return archive.find(f"sources/{name}") or archive.find(name)


class _Offsets:
    """Maps positions counted in the file's text (``\\r\\n`` = two) to the stored text."""

    def __init__(self, raw: str):
        self.removed = [match.start() for match in re.finditer("\r\n", raw)]

    def __call__(self, position: int) -> int:
        return position - bisect.bisect_left(self.removed, position)


def _name_matches(name: str, covered: str) -> bool:
    name = " ".join(name.split()).rstrip("…").removesuffix("...").strip()
    return bool(name) and " ".join(covered.split()).startswith(name)


def _decode(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        from ..textio import decode_bytes

        return decode_bytes(data, label).text


class _Reader:
    def __init__(self, project, archive: SafeZip, root, path: Path, report: QdpxReport):
        self.project, self.archive, self.root, self.path, self.report = project, archive, root, path, report
        self.users: dict[str, str] = {}        # REFI user GUID -> name
        self.coder_ids: dict[str, int] = {}     # user GUID -> coder id
        self.code_ids: dict[str, int] = {}      # REFI code GUID -> code id
        self.notes: dict[str, str] = {}         # note GUID -> text
        self.used_notes: set = set()
        self.unreadable: dict[str, int] = {}

    def skip(self, reason: str) -> None:
        self.unreadable[reason] = self.unreadable.get(reason, 0) + 1

    # -------------------------------------------------------------- parts
    def read_notes(self) -> None:
        notes = _child(self.root, "Notes")
        for note in _children(notes, "Note") if notes is not None else []:
            text = _text_of(note, "PlainTextContent")
            member = internal_member(self.archive, note.get("plainTextPath", ""))
            if not text and member:
                text = _decode(self.archive.read(member), f"{self.path.name} ({member})")
            if guid(note.get("guid")):
                self.notes[guid(note.get("guid"))] = text.strip() or (note.get("name") or "")

    def note_texts(self, element) -> list[str]:
        texts = []
        for ref in _children(element, "NoteRef"):
            key = guid(ref.get("targetGUID"))
            if key in self.notes:
                self.used_notes.add(key)
                texts.append(self.notes[key])
        return texts

    def read_users(self) -> None:
        users = _child(self.root, "Users")
        for number, user in enumerate(_children(users, "User") if users is not None else [], start=1):
            key = guid(user.get("guid"))
            if key:
                self.users[key] = (user.get("name") or user.get("id") or f"user {number}").strip()

    def coder_for(self, *user_guids) -> int:
        key = next((guid(g) for g in user_guids if guid(g)), None)
        name = self.users.get(key) if key else None
        if name is None:
            name = f"user {key[:8]}" if key else f"imported from {self.report.origin or self.path.name}"
        cache_key = key or name
        if cache_key in self.coder_ids:
            return self.coder_ids[cache_key]
        existing = {c.name: c for c in self.project.coders()}
        if name in existing:
            self.report.coders_matched += 1
            coder_id = existing[name].id
        else:
            free = key and not self.project.store.conn.execute("SELECT 1 FROM coders WHERE uuid = ?", (key,)).fetchone()
            coder_id = self.project.add_coder(name, uuid=key if free else None).id
            self.report.coders_created.append(name)
        self.coder_ids[cache_key] = coder_id
        return coder_id

    def read_codes(self) -> None:
        from ..scheme import SchemeCode

        book = _child(self.root, "CodeBook")
        codes = _child(book, "Codes") if book is not None else None
        used = {guid(ref.get("targetGUID")) for ref in self.root.iter() if _local(ref.tag) == "CodeRef"}
        conn = self.project.store.conn
        bad_colours = []

        def walk(element, parent_uuid, parent_id):
            for code in _children(element, "Code"):
                key = guid(code.get("guid"))
                name = (code.get("name") or "").strip() or "unnamed code"
                description = "\n\n".join([t for t in [_text_of(code, "Description").strip(),
                                                       *self.note_texts(code)] if t])
                row = conn.execute("SELECT id, uuid FROM codes WHERE uuid = ?", (key,)).fetchone() if key else None
                row = row or conn.execute("SELECT id, uuid FROM codes WHERE parent_id IS ? AND lower(name) = lower(?)",
                                          (parent_id, name)).fetchone()
                if row:
                    self.report.codes_matched += 1
                    code_id, code_uuid = row
                    if key in used:
                        conn.execute("UPDATE codes SET codable = 1 WHERE id = ?", (code_id,))
                else:
                    value = colour(code.get("color"))
                    if code.get("color") and value is None:
                        bad_colours.append(f"{name} ({code.get('color')})")
                    codable = (code.get("isCodable", "true").strip().lower() in ("true", "1")) or key in used
                    code_uuid = key or _new_uuid()
                    position = conn.execute("SELECT count(*) FROM codes").fetchone()[0]
                    self.project._write_scheme(conn, [SchemeCode(
                        uuid=code_uuid, name=name, color=value or PALETTE[position % len(PALETTE)],
                        description=description, shortcut=None, codable=codable, parent_uuid=parent_uuid,
                        position=position)])
                    code_id = conn.execute("SELECT id FROM codes WHERE uuid = ?", (code_uuid,)).fetchone()[0]
                    self.report.codes_created.append(name)
                if key:
                    self.code_ids[key] = code_id
                walk(code, code_uuid, code_id)

        if codes is not None:
            walk(codes, None, None)
        if self.report.codes_created:
            from ..codebook import record_scheme_change

            record_scheme_change(conn, "import qdpx", {"codes_created": list(self.report.codes_created)})
        if bad_colours:
            self.report.warnings.append(f"colours that could not be read, replaced from our palette: "
                                        f"{', '.join(bad_colours)}")

    def variables(self) -> dict[str, str]:
        found = _child(self.root, "Variables")
        return {guid(v.get("guid")): v.get("name") or "variable"
                for v in (_children(found, "Variable") if found is not None else []) if guid(v.get("guid"))}

    # -------------------------------------------------------------- sources
    def read_sources(self) -> None:
        sources = _child(self.root, "Sources")
        names = self.variables()
        for source in list(sources) if sources is not None else []:
            kind = _local(source.tag)
            if kind != "TextSource":
                self.skip(f"{UNSUPPORTED_SOURCES.get(kind, kind)} sources (only text is coded here)")
                continue
            self.read_text_source(source, names)

    def source_text(self, source) -> str | None:
        content = _child(source, "PlainTextContent")
        if content is not None and content.text:
            return content.text.lstrip("\ufeff")
        path = source.get("plainTextPath") or ""
        member = internal_member(self.archive, path)
        if member is None:
            if path:
                self.skip("text sources stored outside the archive (relative:// or absolute:// paths)")
            else:
                self.skip("text sources without plain text")
            return None
        return _decode(self.archive.read(member), f"{self.path.name} ({member})")

    def read_text_source(self, source, variable_names: dict) -> None:
        from ..importing import add_document
        from ..textio import normalise

        raw = self.source_text(source)
        if raw is None:
            return
        text = normalise(raw)
        name = (source.get("name") or "").strip() or f"source {source.get('guid', '')[:8]}"
        attributes = {}
        for value in _children(source, "VariableValue"):
            ref = _child(value, "VariableRef")
            key = variable_names.get(guid(ref.get("targetGUID")) if ref is not None else None)
            data = next((child.text for child in value if _local(child.tag) != "VariableRef"), None)
            if key and data is not None:
                attributes[key] = data
        result = add_document(self.project.store.conn, text, name, self.project.language, str(self.path), "qdpx",
                              attributes)
        if result.status == "refused":
            self.skip("empty text sources")
            return
        if result.status == "imported":
            self.report.documents_added += 1
        else:
            self.report.documents_matched += 1
        if self.note_texts(source):
            self.skip("memos on documents")
        selections = _children(source, "PlainTextSelection")
        to_text = self.offset_map(raw, text, selections, name)
        for selection in selections:
            self.read_selection(selection, result.document_id, text, to_text)
        for coding in _children(source, "Coding"):  # a code on the whole source
            self.add_coding(coding, result.document_id, 0, len(text), None, [], source)

    def offset_map(self, raw: str, text: str, selections, name: str):
        if "\r\n" not in raw:
            return lambda position: position
        as_two, as_one = _Offsets(raw), 0
        for selection in selections:
            try:
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            except (TypeError, ValueError):
                continue
            label = selection.get("name") or ""
            as_one += _name_matches(label, text[start:end]) - _name_matches(label, raw[start:end])
        if as_one > 0:
            self.report.warnings.append(f"{name}: line breaks were counted as one character by the exporting tool")
            return lambda position: position
        return as_two

    def read_selection(self, selection, document_id: int, text: str, to_text) -> None:
        try:
            start = to_text(int(selection.get("startPosition")))
            end = to_text(int(selection.get("endPosition")))
        except (TypeError, ValueError):
            self.skip("selections without numeric positions")
            return
        codings = _children(selection, "Coding")
        memo_parts = [t for t in [(_text_of(selection, "Description") or "").strip(), *self.note_texts(selection)] if t]
        if not codings:
            self.skip("selections without a code (annotations or memos only)")
            return
        if not 0 <= start < end <= len(text):
            self.skip("selections outside their text or empty")
            return
        single = len(codings) == 1
        for coding in codings:
            self.add_coding(coding, document_id, start, end, selection if single else None, memo_parts, selection)

    def add_coding(self, coding, document_id, start, end, selection, memo_parts, owner) -> None:
        from ..commands import AddAnnotation

        ref = _child(coding, "CodeRef")
        code_id = self.code_ids.get(guid(ref.get("targetGUID")) if ref is not None else None)
        if code_id is None:
            self.skip("codings that refer to a code missing from the codebook")
            return
        coder_id = self.coder_for(coding.get("creatingUser"), owner.get("creatingUser"))
        memo = "\n\n".join(memo_parts + self.note_texts(coding)) or None
        conn = self.project.store.conn
        if conn.execute('SELECT 1 FROM annotations WHERE document_id=? AND coder_id=? AND code_id=? AND start=? '
                        'AND "end"=? AND memo IS ?', (document_id, coder_id, code_id, start, end, memo)).fetchone():
            self.report.annotations_unchanged += 1
            return
        uuid = guid(selection.get("guid")) if selection is not None else None
        if not uuid or conn.execute("SELECT 1 FROM annotations WHERE uuid = ?", (uuid,)).fetchone():
            uuid = guid(coding.get("guid"))
        if not uuid or conn.execute("SELECT 1 FROM annotations WHERE uuid = ?", (uuid,)).fetchone():
            uuid = _new_uuid()
        command = AddAnnotation(document_id, coder_id, code_id, start, end, memo, uuid=uuid)
        command.apply(self.project, conn)
        self.report.annotations_added += 1

    def finish(self) -> None:
        for part, what in (("Cases", "cases"), ("Sets", "sets"), ("Links", "links"), ("Graphs", "graphs")):
            element = _child(self.root, part)
            if element is not None and len(element):
                self.report.not_represented.append(f"{len(element)} {what}")
        if self.note_texts(self.root):
            self.skip("memos on the project")
        unused = len(set(self.notes) - self.used_notes)
        if unused:
            self.report.not_represented.append(f"{unused} notes not attached to a coding or code")
        self.report.not_represented += [f"{count} {reason}" for reason, count in self.unreadable.items()]


def _new_uuid() -> str:
    from ..project import new_uuid

    return new_uuid()


def import_qdpx(project, path) -> QdpxReport:
    path = Path(path)
    report = QdpxReport()
    with open_archive(path, "REFI-QDA project") as archive:
        root = parse_xml(archive.read(find_qde(archive)), path.name)
        if _local(root.tag) != "Project":
            raise RefusedFileError(f"{path.name} is not a REFI-QDA project (its .qde holds <{_local(root.tag)}>).")
        report.origin = root.get("origin", "")
        report.warnings += [f"does not follow the REFI-QDA schema: {e}" for e in schema_errors(root, limit=3)]
        reader = _Reader(project, archive, root, path, report)
        try:
            with project.batch():
                reader.read_users()
                reader.read_notes()
                reader.read_codes()
                reader.read_sources()
                reader.finish()
        except AnnotatorError as error:
            raise AnnotatorError(f"{path.name} was not imported: {error}") from None
    return report
