"""REFI-QDA project exchange (.qdpx): ``project.qde`` + ``sources/<guid>.txt``.

What is written (spec REFI-QDA 1.5, Project-mrt2019.xsd; element order as the schema's
sequence): coders as ``Users``; the code tree as the ``CodeBook`` (folders are
``isCodable="false"``, descriptions kept); document attributes as text ``Variables`` with a
``VariableValue`` on each source; each document as a ``TextSource`` whose plain text is
``internal://<guid>.txt`` (UTF-8, no BOM, ``\\n`` line ends, so a line break is one unit in
every tool); each annotation as a ``PlainTextSelection`` (its GUID is the annotation's UUID,
``startPosition``/``endPosition`` half-open, ``name`` the start of the coded text) holding one
``Coding`` by its coder; a memo as a ``Note`` referenced from the selection. Memos beyond
annotations are ``Note``s by their coder (``creatingUser``, the note's GUID the memo's UUID):
a memo on a document referenced from its ``TextSource``, one on a code from its ``Code`` (the
``Description`` stays the code's definition), and each coder's journal from the ``Project``,
its text in ``sources/<guid>.txt`` as QualCoder writes and reads journals. Positions are
UTF-16 code units by default, as NVivo counts them (and ATLAS.ti and MAXQDA, built on UTF-16
strings), or code points, as the REFI-QDA text and QualCoder count them; the two differ only
after characters outside the Basic Multilingual Plane (emoji), and ``origin`` names the unit so
our import reads the file back exactly. Empty parts (no documents, no notes) are left out,
as the schema wants. The ``project.qde`` is validated against the bundled schema before the
archive is written.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from ..errors import AnnotatorError
from ..outputs import atomic_output
from ..selection import (
    attributes_by_document,
    codes_with_rules,
    document_count,
    documents,
    imported_at,
    memo_rows,
    select,
    status_count,
)
from ..steps import NO_STEPS, Steps
from .qdpx_positions import utf16_positions
from .qdpx_variables import value_element, variable_type
from .refi import NS, XML_ILLEGAL, derived_guid, schema_errors
from .spans import ExportReport

ORIGIN = "annotator 0.1"
POSITIONS = {"utf16": "UTF-16 positions", "codepoints": "code-point positions"}


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _clean(value: str, replaced: list) -> str:
    if XML_ILLEGAL.search(value):
        replaced.append(1)
        value = XML_ILLEGAL.sub("\ufffd", value)
    return value.replace("\r\n", "\n").replace("\r", "\n")


def build_project(project, coders=None, codes=None, positions: str = "utf16", steps: Steps = NO_STEPS):
    """The ``Project`` element, the source texts by archive name, and notes."""
    if positions not in POSITIONS:
        raise AnnotatorError(f"Positions are counted in {' or '.join(POSITIONS)}, not {positions!r}.")
    builder = _Builder(project, select(project, coders, codes), positions, coders)
    builder.users(coders)
    builder.codebook()
    builder.variables()
    builder.journals()
    builder.sources(steps)
    builder.project_notes()
    notes = [f"{len(builder.replaced)} names or memos held characters XML cannot carry; they became \ufffd."
             ] if builder.replaced else []
    notes += [_unit_note(positions, builder.astral)] if builder.astral else []
    return builder.root, builder.texts, notes + _unrepresented(project)


class _Builder:
    """The parts of ``project.qde`` in the schema's order; empty parts are left out."""

    def __init__(self, project, selected: dict, positions: str, coders=None):
        self.project, self.selected, self.positions = project, selected, positions
        self.memos: dict[tuple, list] = {}   # (kind, target UUID) -> memos with text of the chosen coders
        for kind in ("document", "code", "journal"):
            for memo in memo_rows(project, kind, coders):
                self.memos.setdefault((kind, memo.target_uuid), []).append(memo)
        self.journal_refs: list[str] = []
        self.replaced: list = []
        self.texts: dict[str, str] = {}
        self.astral = 0  # documents with characters outside the BMP
        self.root = ET.Element(_q("Project"), {"name": project.name, "origin": f"{ORIGIN} ({POSITIONS[positions]})"})
        if project.setting("created"):
            self.root.set("creationDateTime", project.setting("created"))
        self.notes_el = ET.Element(_q("Notes"))

    def clean(self, value: str) -> str:
        return _clean(value, self.replaced)

    def users(self, coders) -> None:
        chosen = {s.coder_uuid for spans in self.selected.values() for s in spans}
        chosen |= {m.coder_uuid for memos in self.memos.values() for m in memos}
        users = [c for c in self.project.coders() if not coders or c.uuid in chosen]
        if not users:
            return
        users_el = ET.SubElement(self.root, _q("Users"))
        for coder in users:
            ET.SubElement(users_el, _q("User"), {"guid": coder.uuid, "name": coder.name})

    def codebook(self) -> None:
        children: dict = {}
        for code in self.project.codes():
            children.setdefault(code.parent_id, []).append(code)
        if children:
            codes_el = ET.SubElement(ET.SubElement(self.root, _q("CodeBook")), _q("Codes"))
            for code in children.get(None, []):
                self.code(codes_el, code, children)

    def code(self, parent_el, code, children: dict) -> None:
        el = ET.SubElement(parent_el, _q("Code"), {"guid": code.uuid, "name": self.clean(code.name),
                                                   "isCodable": "true" if code.codable else "false",
                                                   "color": code.color.upper()})
        if code.description:
            ET.SubElement(el, _q("Description")).text = self.clean(code.description)
        self.memo_refs(el, "code", code.uuid, f"Code memo: {code.name}")
        for child in children.get(code.id, []):
            self.code(el, child, children)

    def variables(self) -> None:
        self.attributes = attributes_by_document(self.project)
        names = sorted({name for attrs in self.attributes.values() for name in attrs})
        project_uuid = self.project.setting("project_uuid") or self.project.name
        self.variable_guids = {name: derived_guid("variable", f"{project_uuid}:{name}") for name in names}
        self.kinds = {name: variable_type([a[name] for a in self.attributes.values() if name in a]) for name in names}
        if not names:
            return
        vars_el = ET.SubElement(self.root, _q("Variables"))
        for name in names:
            ET.SubElement(vars_el, _q("Variable"), {"guid": self.variable_guids[name], "name": self.clean(name),
                                                    "typeOfVariable": self.kinds[name]})

    def sources(self, steps: Steps) -> None:
        sources_el = ET.Element(_q("Sources"))
        for doc_id, doc_uuid, name, text in steps.each(documents(self.project), document_count(self.project)):
            self.source(sources_el, doc_id, doc_uuid, name, text)
        for part in (sources_el, self.notes_el):  # the schema wants at least one child in each
            if len(part):
                self.root.append(part)

    def source(self, sources_el, doc_id: int, doc_uuid: str, name: str, text: str) -> None:
        to_utf16 = utf16_positions(text)
        self.astral += to_utf16(len(text)) != len(text)
        unit = to_utf16 if self.positions == "utf16" else (lambda position: position)
        created = imported_at(self.project, doc_id)
        self.texts[f"sources/{doc_uuid}.txt"] = text
        source = ET.SubElement(sources_el, _q("TextSource"), {"guid": doc_uuid, "name": self.clean(name),
                                                              "plainTextPath": f"internal://{doc_uuid}.txt",
                                                              "creationDateTime": created})
        for span in self.selected.get(doc_id, []):
            self.selection(source, span, text, unit)
        self.memo_refs(source, "document", doc_uuid, f"Document memo: {name}")
        attributes = self.attributes.get(doc_id, {})
        for key in sorted(attributes):
            value_el = ET.SubElement(source, _q("VariableValue"))
            ET.SubElement(value_el, _q("VariableRef"), {"targetGUID": self.variable_guids[key]})
            if attributes[key] is not None:  # null: a value without a value element
                tag, value = value_element(self.kinds[key], attributes[key])
                ET.SubElement(value_el, _q(tag)).text = self.clean(value)

    def memo_refs(self, element, kind: str, target_uuid: str, name: str) -> None:
        """A ``NoteRef`` in ``element`` to a ``Note`` for each coder's memo on it."""
        for memo in self.memos.get((kind, target_uuid), []):
            ET.SubElement(element, _q("NoteRef"), {"targetGUID": memo.uuid})
            note = self.memo_note(memo, f"{name} ({memo.coder})")
            ET.SubElement(note, _q("PlainTextContent")).text = self.clean(memo.text)

    def memo_note(self, memo, name: str, **attributes):
        return ET.SubElement(self.notes_el, _q("Note"), {
            "guid": memo.uuid, "name": self.clean(name), **attributes, "creatingUser": memo.coder_uuid,
            "creationDateTime": memo.created, "modifyingUser": memo.coder_uuid, "modifiedDateTime": memo.modified})

    def journals(self) -> None:
        """Each coder's journal: a ``Note`` whose text is a file in ``sources/``, referenced from the project."""
        for memo in self.memos.get(("journal", None), []):
            self.texts[f"sources/{memo.uuid}.txt"] = memo.text
            self.memo_note(memo, f"Journal ({memo.coder})", plainTextPath=f"internal://{memo.uuid}.txt")
            self.journal_refs.append(memo.uuid)

    def project_notes(self) -> None:
        """``NoteRef``s to the notes on the project as a whole (the schema puts them last)."""
        for uuid in self.journal_refs:
            ET.SubElement(self.root, _q("NoteRef"), {"targetGUID": uuid})

    def selection(self, source, s, text: str, unit) -> None:
        selection = ET.SubElement(source, _q("PlainTextSelection"), {
            "guid": s.uuid, "name": self.clean(text[s.start:s.end][:100]),
            "startPosition": str(unit(s.start)), "endPosition": str(unit(s.end)),
            "creatingUser": s.coder_uuid, "creationDateTime": s.created,
            "modifyingUser": s.coder_uuid, "modifiedDateTime": s.modified})
        coding = ET.SubElement(selection, _q("Coding"), {"guid": derived_guid("coding", s.uuid),
                                                          "creatingUser": s.coder_uuid, "creationDateTime": s.created})
        ET.SubElement(coding, _q("CodeRef"), {"targetGUID": s.code_uuid})
        if s.memo:
            note_guid = derived_guid("memo", s.uuid)
            ET.SubElement(selection, _q("NoteRef"), {"targetGUID": note_guid})
            note = ET.SubElement(self.notes_el, _q("Note"), {"guid": note_guid, "name": f"Memo: {s.code}",
                                                             "creatingUser": s.coder_uuid,
                                                             "creationDateTime": s.modified})
            ET.SubElement(note, _q("PlainTextContent")).text = self.clean(s.memo)


def _unit_note(positions: str, documents_affected: int) -> str:
    if positions == "utf16":
        return (f"{documents_affected} documents hold emoji or other characters outside the Basic Multilingual Plane; "
                "positions are UTF-16 code units, as NVivo, ATLAS.ti and MAXQDA count them. For QualCoder, "
                "export with --positions codepoints.")
    return (f"{documents_affected} documents hold emoji or other characters outside the Basic Multilingual Plane; "
            "positions are code points, as the REFI-QDA text and QualCoder count them. For NVivo, ATLAS.ti "
            "or MAXQDA, export with --positions utf16.")


def _unrepresented(project) -> list[str]:
    """What REFI-QDA has no place for: code definition fields beyond the description, document
    statuses (done / in progress)."""
    notes, rich = [], codes_with_rules(project)
    if rich:
        notes.append(f"{rich} codes have examples or use-when/don't-use-when rules; REFI-QDA keeps only the "
                     "description, so those were not exported.")
    statuses = status_count(project)
    if statuses:
        notes.append(f"{statuses} document statuses (done / in progress) have no place in REFI-QDA and were "
                     "not exported.")
    return notes


def export_qdpx(project, out: Path, coders=None, codes=None, positions: str = "utf16",
                steps: Steps = NO_STEPS) -> ExportReport:
    root, texts, notes = build_project(project, coders, codes, positions, steps)
    errors = schema_errors(root)
    if errors:  # our bug, not the user's: say so plainly and write nothing
        raise AnnotatorError(f"The REFI-QDA export did not validate against the schema ({errors[0]}); "
                             "nothing was written. Please report this.")
    ET.register_namespace("", NS)
    qde = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    with atomic_output(Path(out), "wb") as stream:
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("project.qde", qde)
            for name, text in steps.each(texts.items(), len(texts), "texts packed"):
                archive.writestr(name, text.encode("utf-8"))
        steps.check()
    count = sum(1 for _ in root.iter(_q("PlainTextSelection")))
    sources = sum(1 for _ in root.iter(_q("TextSource")))
    return ExportReport(count, f"codings in {sources} documents", notes)
