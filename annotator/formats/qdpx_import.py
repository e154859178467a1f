"""Import a REFI-QDA project (.qdpx) written by MAXQDA, ATLAS.ti, NVivo, QualCoder or us.

Read tolerantly (formats.md §1.7-1.8): the single ``*.qde`` at the archive root (ATLAS.ti
writes ``Project.qde`` or names it after the project), GUIDs with or without braces in any
case, colours not in ``#RRGGBB`` form, missing names; source files as :mod:`.qdpx_sources`
finds them. The ``.qde`` is validated against the bundled schema, but problems are only
reported. The archive passes the zip-bomb and path-traversal checks and the XML is parsed
without DTDs or entities and refused when nested deeper than a real project.

What is imported: text sources (source and case variables become document attributes,
:mod:`.qdpx_variables`), the code tree with colours and descriptions, users as coders, and
every ``Coding`` of a ``PlainTextSelection`` as an annotation by its creating user, with notes
and the selection's description as the memo; notes on sources, codes and the project as memos on
documents and codes and journals (:mod:`.qdpx_notes`). A coding of a whole source becomes an
annotation of the whole text. Positions are read in the unit the writer counted them in, decided from the
file (:mod:`.qdpx_positions`); codings no reading places with confidence are left out, never
imported shifted. Everything not imported is listed: per source (pictures, PDFs, audio, video,
texts whose file is missing) with the codings left out, and cases, sets, links, graphs,
selections without a code. An identifier that is not a GUID
links the file's parts but is not kept; new GUIDs are made and the report names them.
This module only reads: :func:`read_qdpx` returns an :class:`~.records.ImportedProject`, which
the core stores in one transaction, so the file imports whole or not at all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..colours import colour
from ..errors import AnnotatorError, RefusedFileError
from .qdpx_notes import Notes
from .qdpx_positions import Choice, Selection, choose, differs, plausible, quotes_at
from .qdpx_sources import (
    SOURCE_KINDS,
    Loaded,
    Unreadable,
    codings_in,
    load_text,
    media_path,
    member_for,
    missing,
)
from .qdpx_variables import CaseVariables, kept_as_text, values_on, variable_names
from .records import ImportCounts, ImportedCode, ImportedCoder, ImportedCoding, ImportedDocument, ImportedProject
from .refi import guid, link_key, schema_errors
from .safety import SafeZip, open_archive, parse_xml

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element  # what defusedxml's parser returns


@dataclass
class QdpxReport(ImportCounts):
    origin: str = ""
    codings: int = 0              # Coding elements in the file's sources
    codings_left_out: int = 0
    positions: str = ""           # the unit the positions were read in, and why
    not_represented: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def problems(self) -> list[str]:
        """What makes this import a warning rather than "imported"."""
        found = [] if self.documents_added + self.documents_matched else ["no documents were imported"]
        if self.codings_left_out:
            found.append(f"{self.codings_left_out:,} of the file's {self.codings:,} codings were not imported")
        return found

    @property
    def status(self) -> str:
        return "warning" if self.problems() else "imported"

    def lines(self) -> list[str]:
        lines = [f"written by: {self.origin or 'unknown'}",
                 f"documents: {self.documents_added} added, {self.documents_matched} already in the project",
                 f"codes: {len(self.codes_created)} created, {self.codes_matched} already in the project",
                 f"coders: {', '.join(self.coders_created) or 'none'} created, {self.coders_matched} already "
                 "in the project",
                 f"annotations: {self.annotations_added} added, {self.annotations_unchanged} already present",
                 f"memos: {self.memos_added} added, {self.memos_unchanged} already present"]
        lines += [f"positions: {self.positions}"] if self.positions else []
        lines += [f"not imported: {item}" for item in self.not_represented]
        lines += [f"note: {item}" for item in self.notes]
        lines += [f"warning: {item}" for item in self.warnings + self.problems()]
        return lines


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name: str) -> list:
    return [child for child in element if _local(child.tag) == name] if element is not None else []


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


def _selection(element) -> Selection | None:
    try:
        return Selection(int(element.get("startPosition")), int(element.get("endPosition")),
                         element.get("name") or "")
    except (TypeError, ValueError):
        return None


@dataclass
class _Source:
    element: Element
    name: str
    label: str
    loaded: Loaded
    selections: list   # (PlainTextSelection element, Selection or None)


class _Reader:
    def __init__(self, archive: SafeZip, root, path: Path, imported: ImportedProject[QdpxReport]):
        self.archive, self.root, self.path, self.imported = archive, root, path, imported
        self.report: QdpxReport = imported.report
        self.users: dict[str, tuple] = {}       # user link key -> (name, GUID to store or None)
        self.code_keys: set[str] = set()        # link keys of the codebook's codes
        self.notes = Notes(archive, root, path.name, self.coder_for)
        self.unreadable: dict[str, int] = {}
        self.left_out: dict[str, int] = {}      # reason -> codings

    def skip(self, reason: str) -> None:
        self.unreadable[reason] = self.unreadable.get(reason, 0) + 1

    def leave_out(self, reason: str, codings: int = 1) -> None:
        self.left_out[reason] = self.left_out.get(reason, 0) + codings
        self.report.codings_left_out += codings

    def stored_guid(self, value, what: str) -> str | None:
        """``value`` as a GUID to keep, or None; an identifier that is not a GUID is reported."""
        found = guid(value)
        if found is None and str(value or "").strip():
            self.report.not_guids.append(f"{what} ({str(value).strip()!r})")
        return found

    # -------------------------------------------------------------- parts
    def read_users(self) -> None:
        for number, user in enumerate(_children(_child(self.root, "Users"), "User"), start=1):
            key = link_key(user.get("guid"))
            if key:
                name = (user.get("name") or user.get("id") or f"user {number}").strip()
                self.users[key] = (name, self.stored_guid(user.get("guid"), f"user {name!r}"))

    def coder_for(self, *user_guids) -> str:
        """The key of a coding's coder: a user declared in ``Users``, or only named by a coding."""
        raw = next((str(g).strip() for g in user_guids if link_key(g)), None)
        key = link_key(raw) or f"imported from {self.report.origin or self.path.name}"
        if key not in self.imported.coders:
            self.imported.coders[key] = self._user(raw, key)
        return key

    def _user(self, raw: str | None, key: str) -> ImportedCoder:
        if key in self.users:
            return ImportedCoder(*self.users[key])
        if raw is None:
            return ImportedCoder(key)
        return ImportedCoder(f"user {raw[:8]}", raw, "creating user")

    def read_codes(self) -> None:
        codes = _child(_child(self.root, "CodeBook"), "Codes")
        used = {link_key(ref.get("targetGUID")) for ref in self.root.iter() if _local(ref.tag) == "CodeRef"}
        if codes is not None:
            self._walk_codes(codes, None, used)

    def _walk_codes(self, element, parent_key, used: set) -> None:
        for number, code in enumerate(_children(element, "Code")):
            key = link_key(code.get("guid"))
            name = (code.get("name") or "").strip() or "unnamed code"
            own_key = key or f"{parent_key}/{number}"   # a code without a GUID still holds its children
            self.imported.codes.append(self._code(code, own_key, name, parent_key, key in used))
            if key:
                self.code_keys.add(key)
            self._walk_codes(code, own_key, used)

    def _code(self, code, key, name, parent_key, used: bool) -> ImportedCode:
        value = colour(code.get("color"))
        description = "\n\n".join(t for t in [_text_of(code, "Description").strip(), *self.notes.anonymous_texts(code)]
                                  if t)
        return ImportedCode(
            key, name, parent_key, self.stored_guid(code.get("guid"), f"code {name!r}"), value,
            code.get("color") if code.get("color") and value is None else None, description,
            code.get("isCodable", "true").strip().lower() in ("true", "1") or used, used,
            tuple(self.notes.memos(code, anonymous=False)))

    # -------------------------------------------------------------- sources
    def read_sources(self) -> None:
        sources = _child(self.root, "Sources")
        self.report.codings = codings_in(sources) if sources is not None else 0
        texts = [text for text in map(self.load, list(sources) if sources is not None else []) if text]
        choice = self.choose_positions(texts)
        names = variable_names(self.root)
        cases = CaseVariables(self.root, names)
        if kept := kept_as_text(self.root):
            self.report.notes.append(f"{len(kept)} variable values do not read as their type and were kept as text: "
                                     + ", ".join(kept[:5]) + (" …" if len(kept) > 5 else ""))
        for text in texts:
            attributes = cases.merged(link_key(text.element.get("guid")), values_on(text.element, names))
            self.document(text, attributes, choice)
        if cases.used:
            self.report.notes.append(f"the variables of {cases.used} cases became attributes of the documents "
                                     "they cover")
        if cases.unused:
            self.report.not_represented.append(f"{cases.unused} cases (only the variables of cases that cover "
                                               "whole documents are imported)")
        self.report.not_represented += [f"case variable {item}" for item in cases.conflicts]

    def load(self, source) -> _Source | None:
        kind = _local(source.tag)
        name = (source.get("name") or "").strip() or f"source {source.get('guid', '')[:8]}"
        label = f"{SOURCE_KINDS.get(kind, kind)} source {name!r}"
        if kind != "TextSource":
            path = media_path(source)
            gone = f"; {missing(path)}" if path and member_for(self.archive, path) is None else ""
            self.leave_source(source, label, f"{SOURCE_KINDS.get(kind, kind)} sources are not imported{gone}")
            return None
        try:
            loaded = load_text(self.archive, source, self.path.name)
        except Unreadable as why:
            self.leave_source(source, label, str(why))
            return None
        if loaded.note:
            self.report.notes.append(f"{label}: {loaded.note}")
        selections = [(item, _selection(item)) for item in _children(source, "PlainTextSelection")]
        return _Source(source, name, label, loaded, selections)

    def leave_source(self, source, label: str, why: str) -> None:
        count = codings_in(source)
        self.report.codings_left_out += count
        self.report.not_represented.append(f"{label} ({why}" + (f"; {count} codings left out)" if count else ")"))

    def choose_positions(self, texts: list[_Source]) -> Choice:
        def pool(rebuilt: bool):
            return [(t.loaded.text, [s for _, s in t.selections if s]) for t in texts if t.loaded.rebuilt == rebuilt]

        choice = choose(pool(False) or pool(True), self.report.origin)
        if any(s for t in texts for _, s in t.selections):
            self.report.positions = (f"{choice.reading.label} ({choice.why})" if choice.fits
                                     else f"not decided ({choice.why})")
        return choice

    def document(self, source: _Source, attributes: dict, choice: Choice) -> None:
        text = source.loaded.text.text
        if not text.strip():   # the store refuses an empty text; its codings are left out
            self.leave_source(source.element, source.label, "its text is empty")
            return
        codings: list[ImportedCoding] = []
        selections = [s for _, s in source.selections if s]
        trusted = not source.loaded.rebuilt or plausible([(source.loaded.text, selections)], choice.reading)
        for element, selection in source.selections:
            codings += self.read_selection(element, selection, source, choice, trusted)
        for coding in _children(source.element, "Coding"):  # a code on the whole source
            codings += self.coding(coding, 0, len(text), None, [], source.element)
        self.imported.documents.append(ImportedDocument(source.name, text, str(self.path), "qdpx", attributes,
                                                        tuple(codings), tuple(self.notes.memos(source.element))))

    def place(self, selection: Selection, source: _Source, choice: Choice, trusted: bool):
        """The selection's code points, or None and why its codings are left out."""
        spans = source.loaded.text.spans(selection.start, selection.end)
        if not trusted:
            return None, "do not fit the text read from their source's rich text"
        if not choice.plausible and selection.end > source.loaded.text.plain_prefix:
            return None, "have positions that no reading places on the words (see positions)"
        if differs(spans) and not choice.decided:
            return None, "have positions that readings place differently and the file cannot tell which (see positions)"
        if (choice.names_quote and selection.name.strip() and selection.end > source.loaded.text.plain_prefix
                and not quotes_at(source.loaded.text, choice.reading, selection)):
            return None, "have names that do not quote the text at their positions (other names do)"
        span = spans[choice.reading]
        return (span, "") if span else (None, "lie outside their text or are empty")

    def read_selection(self, element, selection, source: _Source, choice, trusted) -> list[ImportedCoding]:
        codings = _children(element, "Coding")
        if not codings:
            self.skip("selections without a code (annotations or memos only)")
            return []
        if selection is None:
            self.leave_out("have no numeric positions", len(codings))
            return []
        span, why = self.place(selection, source, choice, trusted)
        if span is None:
            self.leave_out(why, len(codings))
            return []
        memo_parts = [t for t in [_text_of(element, "Description").strip(), *self.notes.texts(element)] if t]
        single = len(codings) == 1
        return [found for coding in codings
                for found in self.coding(coding, span[0], span[1], element if single else None, memo_parts, element)]

    def coding(self, coding, start, end, selection, memo_parts, owner) -> list[ImportedCoding]:
        ref = _child(coding, "CodeRef")
        code_key = link_key(ref.get("targetGUID")) if ref is not None else None
        if code_key is None or code_key not in self.code_keys:
            self.leave_out("refer to a code missing from the codebook")
            return []
        coder = self.coder_for(coding.get("creatingUser"), owner.get("creatingUser"))
        memo = "\n\n".join(memo_parts + self.notes.texts(coding)) or None
        candidates = ([(selection.get("guid"), "selection")] if selection is not None else [])
        return [ImportedCoding(coder, code_key, start, end, memo, tuple(candidates + [(coding.get("guid"), "coding")]))]

    def finish(self) -> None:
        for part, what in (("Sets", "sets"), ("Links", "links"), ("Graphs", "graphs")):
            element = _child(self.root, part)
            if element is not None and len(element):
                self.report.not_represented.append(f"{len(element)} {what}")
        self.imported.journals += self.notes.journals(self.root)
        if unused := self.notes.unused():
            self.report.not_represented.append(f"{unused} notes on links or on parts not imported")
        self.report.not_represented += [f"{count} {reason}" for reason, count in self.unreadable.items()]
        self.report.not_represented += [f"{count} codings that {reason}" for reason, count in self.left_out.items()]


def read_qdpx(path) -> ImportedProject[QdpxReport]:
    """The project in a ``.qdpx`` file, read whole; nothing is written."""
    path = Path(path)
    imported = ImportedProject(path.name, QdpxReport())
    with open_archive(path, "REFI-QDA project") as archive:
        root = parse_xml(archive.read(find_qde(archive)), path.name)
        if _local(root.tag) != "Project":
            raise RefusedFileError(f"{path.name} is not a REFI-QDA project (its .qde holds <{_local(root.tag)}>).")
        imported.report.origin = root.get("origin", "")
        imported.report.warnings += [f"does not follow the REFI-QDA schema: {e}" for e in schema_errors(root, limit=3)]
        reader = _Reader(archive, root, path, imported)
        try:
            reader.read_users()
            reader.read_codes()
            reader.read_sources()
            reader.finish()
        except AnnotatorError as error:
            raise AnnotatorError(f"{path.name} was not imported: {error}") from None
    return imported
