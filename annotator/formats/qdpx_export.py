"""REFI-QDA project exchange (.qdpx): ``project.qde`` + ``sources/<guid>.txt``.

What is written (spec REFI-QDA 1.5, Project-mrt2019.xsd; element order as the schema's
sequence): coders as ``Users``; the code tree as the ``CodeBook`` (folders are
``isCodable="false"``, descriptions kept); document attributes as text ``Variables`` with a
``VariableValue`` on each source; each document as a ``TextSource`` whose plain text is
``internal://<guid>.txt`` (UTF-8, no BOM, ``\\n`` line ends, so positions are unambiguous code
points); each annotation as a ``PlainTextSelection`` (its GUID is the annotation's UUID,
``startPosition``/``endPosition`` half-open code points, ``name`` the start of the coded text)
holding one ``Coding`` by its coder; a memo as a ``Note`` referenced from the selection.
The ``project.qde`` is validated against the bundled schema before the archive is written.
"""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from ..errors import AnnotatorError
from ..exporting import atomic_output
from .refi import NS, derived_guid, schema_errors
from .spans import ExportReport, documents, select

ORIGIN = "annotator 0.1"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _clean(value: str, replaced: list) -> str:
    if _XML_ILLEGAL.search(value):
        replaced.append(1)
        value = _XML_ILLEGAL.sub("\ufffd", value)
    return value.replace("\r\n", "\n").replace("\r", "\n")


def build_project(project, coders=None, codes=None) -> tuple[ET.Element, dict[str, str], list[str]]:
    """The ``Project`` element, the source texts by archive name, and notes."""
    selected = select(project, coders, codes)
    replaced: list = []
    users = [c for c in project.coders()
             if not coders or any(s.coder_uuid == c.uuid for spans in selected.values() for s in spans)]
    root = ET.Element(_q("Project"), {"name": project.name, "origin": ORIGIN,
                                      "creationDateTime": project.setting("created") or ""})
    if not root.get("creationDateTime"):
        del root.attrib["creationDateTime"]
    if users:
        users_el = ET.SubElement(root, _q("Users"))
        for coder in users:
            ET.SubElement(users_el, _q("User"), {"guid": coder.uuid, "name": coder.name})
    all_codes = project.codes()
    if all_codes:
        codes_el = ET.SubElement(ET.SubElement(root, _q("CodeBook")), _q("Codes"))
        children: dict = {}
        for code in all_codes:
            children.setdefault(code.parent_id, []).append(code)

        def add_code(parent_el, code):
            el = ET.SubElement(parent_el, _q("Code"), {"guid": code.uuid, "name": _clean(code.name, replaced),
                                                       "isCodable": "true" if code.codable else "false",
                                                       "color": code.color.upper()})
            if code.description:
                ET.SubElement(el, _q("Description")).text = _clean(code.description, replaced)
            for child in children.get(code.id, []):
                add_code(el, child)

        for code in children.get(None, []):
            add_code(codes_el, code)
    conn = project.store.conn
    attributes = {row[0]: json.loads(row[1] or "{}") for row in conn.execute("SELECT id, attributes FROM documents")}
    variable_names = sorted({k for attrs in attributes.values() for k in attrs})
    project_uuid = project.setting("project_uuid") or project.name
    variables = {name: derived_guid("variable", f"{project_uuid}:{name}") for name in variable_names}
    if variables:
        vars_el = ET.SubElement(root, _q("Variables"))
        for name, guid in variables.items():
            ET.SubElement(vars_el, _q("Variable"), {"guid": guid, "name": _clean(name, replaced),
                                                    "typeOfVariable": "Text"})
    sources_el = ET.SubElement(root, _q("Sources"))
    notes_el = ET.Element(_q("Notes"))
    texts: dict[str, str] = {}
    for doc_id, doc_uuid, name, text in documents(project):
        imported_at = conn.execute("SELECT imported_at FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
        member = f"{doc_uuid}.txt"
        texts[f"sources/{member}"] = text
        source = ET.SubElement(sources_el, _q("TextSource"), {"guid": doc_uuid, "name": _clean(name, replaced),
                                                              "plainTextPath": f"internal://{member}",
                                                              "creationDateTime": imported_at})
        for s in selected.get(doc_id, []):
            selection = ET.SubElement(source, _q("PlainTextSelection"), {
                "guid": s.uuid, "name": _clean(text[s.start:s.end][:100], replaced),
                "startPosition": str(s.start), "endPosition": str(s.end),
                "creatingUser": s.coder_uuid, "creationDateTime": s.created,
                "modifyingUser": s.coder_uuid, "modifiedDateTime": s.modified})
            coding = ET.SubElement(selection, _q("Coding"), {"guid": derived_guid("coding", s.uuid),
                                                              "creatingUser": s.coder_uuid,
                                                              "creationDateTime": s.created})
            ET.SubElement(coding, _q("CodeRef"), {"targetGUID": s.code_uuid})
            if s.memo:
                note_guid = derived_guid("memo", s.uuid)
                ET.SubElement(selection, _q("NoteRef"), {"targetGUID": note_guid})
                note = ET.SubElement(notes_el, _q("Note"), {"guid": note_guid, "name": f"Memo: {s.code}",
                                                            "creatingUser": s.coder_uuid,
                                                            "creationDateTime": s.modified})
                ET.SubElement(note, _q("PlainTextContent")).text = _clean(s.memo, replaced)
        for key in sorted(attributes.get(doc_id, {})):
            value_el = ET.SubElement(source, _q("VariableValue"))
            ET.SubElement(value_el, _q("VariableRef"), {"targetGUID": variables[key]})
            ET.SubElement(value_el, _q("TextValue")).text = _clean(str(attributes[doc_id][key]), replaced)
    if len(notes_el):
        root.append(notes_el)
    notes = [f"{len(replaced)} names or memos held characters XML cannot carry; they became \ufffd."] if replaced else []
    notes += _unrepresented(project)
    return root, texts, notes


def _unrepresented(project) -> list[str]:
    """What REFI-QDA has no place for: code definition fields beyond the description, document
    statuses (done / in progress)."""
    import sqlite3

    conn, notes = project.store.conn, []
    try:
        rich = conn.execute("SELECT count(*) FROM codes WHERE examples != '' OR use_when != '' "
                            "OR dont_use_when != ''").fetchone()[0]
    except sqlite3.OperationalError:  # a file without the codebook columns
        rich = 0
    if rich:
        notes.append(f"{rich} codes have examples or use-when/don't-use-when rules; REFI-QDA keeps only the "
                     "description, so those were not exported.")
    statuses = conn.execute("SELECT count(*) FROM document_status").fetchone()[0]
    if statuses:
        notes.append(f"{statuses} document statuses (done / in progress) have no place in REFI-QDA and were "
                     "not exported.")
    return notes


def export_qdpx(project, out: Path, coders=None, codes=None) -> ExportReport:
    root, texts, notes = build_project(project, coders, codes)
    errors = schema_errors(root)
    if errors:  # our bug, not the user's: say so plainly and write nothing
        raise AnnotatorError(f"The REFI-QDA export did not validate against the schema ({errors[0]}); "
                             "nothing was written. Please report this.")
    ET.register_namespace("", NS)
    qde = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    with atomic_output(Path(out), "wb") as stream:
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("project.qde", qde)
            for name, text in texts.items():
                archive.writestr(name, text.encode("utf-8"))
    count = sum(1 for _ in root.iter(_q("PlainTextSelection")))
    return ExportReport(count, f"codings in {len(texts)} documents", notes)
