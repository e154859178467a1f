"""Reading a REFI-QDA codebook written by another tool: odd colours, nesting, code sets,
missing GUIDs or names. Everything that cannot be carried over is a note in the report."""
from __future__ import annotations

import uuid as uuidlib
import xml.etree.ElementTree as ET
from typing import Optional

from ..colours import parse_colour
from ..errors import SchemeError
from ..uuids import parse_uuid
from . import scheme_json as scheme_io
from .names import name_key
from .qdc import NS, CodebookReport, split_description
from .reading import code_rows
from .records import CodeRow

# Okabe-Ito, then a few more: colours for codes that arrive without a readable one.
FALLBACK = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_qdc(data: bytes, project, report: CodebookReport, source: str = "the codebook") -> list:
    """Codes of a REFI-QDA codebook (or of the CodeBook inside a project .qde) as
    :class:`CodeRow` records without ids, parents first, matched to the project's codes."""
    from defusedxml import ElementTree as SafeET
    from defusedxml.common import DefusedXmlException

    try:
        root = SafeET.fromstring(data)
    except (ET.ParseError, DefusedXmlException, ValueError) as error:
        raise SchemeError(f"{source} is not a REFI-QDA codebook (it is not readable XML: {error}).") from None
    if _local(root.tag) == "Project":
        root = next((c for c in root if _local(c.tag) == "CodeBook"), None)
        if root is None:
            raise SchemeError(f"{source} is a REFI-QDA project without a codebook.")
        report.notes.append("Read the codebook of a REFI-QDA project; its sources and codings were not imported.")
    if _local(root.tag) != "CodeBook":
        raise SchemeError(f"{source} is not a REFI-QDA codebook (its root element is <{_local(root.tag)}>).")
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if namespace not in (NS, "urn:QDA-XML:project:1.0"):
        report.notes.append(f"The file uses the namespace {namespace or '(none)'!r} instead of {NS!r}; "
                            "read it anyway.")
    codes_element = next((c for c in root if _local(c.tag) == "Codes"), None)
    if codes_element is None or not any(_local(c.tag) == "Code" for c in codes_element):
        raise SchemeError(f"{source} has no codes.")
    reader = _QdcReader(project, report, source)
    reader.walk(codes_element, None, None)
    for child in root:
        if _local(child.tag) == "Sets":
            for code_set in child:
                members = sum(_local(m.tag) == "MemberCode" for m in code_set)
                report.notes.append(f"Code set {code_set.get('name') or '(unnamed)'!r} ({members} code"
                                    f"{'s' if members != 1 else ''}) was not imported: annotator has no code sets.")
        elif _local(child.tag) != "Codes":
            report.notes.append(f"<{_local(child.tag)}> was ignored.")
    report.notes.extend(reader.summary())
    return reader.codes


class _QdcReader:
    def __init__(self, project, report: CodebookReport, source: str):
        rows = code_rows(project.store.conn)
        self.source = source
        self.existing = {r.uuid: r for r in rows}
        self.by_place = {(r.parent_uuid, name_key(r.name)): r for r in rows}
        self.report = report
        self.codes: list = []
        self.seen: set[str] = set()
        self.fallback = 0
        self.ignored: dict[str, int] = {}
        self.matched_by_name: list[str] = []

    def walk(self, element, parent_uuid: Optional[str], parent_path: Optional[str], depth: int = 1) -> None:
        names: set[str] = set()
        position = 0
        for child in element:
            tag = _local(child.tag)
            if tag == "Code":
                self.code(child, parent_uuid, parent_path, names, position, depth)
                position += 1
            elif tag not in ("Description",):
                self.ignored[tag] = self.ignored.get(tag, 0) + 1

    def code(self, element, parent_uuid, parent_path, names: set, position: int, depth: int) -> None:
        if depth > scheme_io.MAX_CODE_DEPTH:
            raise SchemeError(f"{self.source}: codes are nested more than {scheme_io.MAX_CODE_DEPTH} levels deep.")
        where = f" under {parent_path!r}" if parent_path else ""
        name = " ".join((element.get("name") or "").split())
        if not name:
            name = f"Unnamed code {len(self.codes) + 1}"
            self.note(f"A code{where} had no name; it was named {name!r}.")
        base, n = name, 2
        while name_key(name) in names:
            name, n = f"{base} ({n})", n + 1
        if name != base:
            self.note(f"Two codes{where} are named {base!r}; the second was renamed {name!r}.")
        names.add(name_key(name))
        given = parse_uuid(element.get("guid"))
        if given is None or given in self.seen:
            why = "had no valid GUID" if given is None else "repeats the GUID of another code"
            code_uuid = str(uuidlib.uuid4())
            self.note(f"Code {name!r}{where} {why}; it was given a new one.")
        else:
            code_uuid = given
        if code_uuid not in self.existing:
            same = self.by_place.get((parent_uuid, name_key(name)))
            if same is not None and same.uuid not in self.seen:
                code_uuid = same.uuid
                self.matched_by_name.append(name)
        self.seen.add(code_uuid)
        colour, colour_note = parse_colour(element.get("color"))
        if colour is None:
            colour = self.existing[code_uuid].color if code_uuid in self.existing else \
                FALLBACK[self.fallback % len(FALLBACK)]
            self.fallback += code_uuid not in self.existing
            self.note(f"Code {name!r} {colour_note}; it {'keeps' if code_uuid in self.existing else 'was given'} "
                      f"{colour}.")
        elif colour_note:
            self.note(f"Code {name!r}: {colour_note}.")
        codable_text = (element.get("isCodable") or "").strip().lower()
        codable = codable_text not in ("false", "0")
        if codable_text not in ("true", "false", "1", "0"):
            self.note(f"Code {name!r} has isCodable={element.get('isCodable')!r}; it was made codable.")
        description = next((c.text or "" for c in element if _local(c.tag) == "Description"), "")
        fields = split_description(description, name)
        for attribute in element.attrib:
            if attribute not in ("guid", "name", "isCodable", "color"):
                self.ignored[f"@{attribute}"] = self.ignored.get(f"@{attribute}", 0) + 1
        old = self.existing.get(code_uuid)
        self.codes.append(CodeRow(
            None, code_uuid, name, colour, fields["description"], fields["examples"], fields["use_when"],
            fields["dont_use_when"], old.shortcut if old else None, parent_uuid, position, codable,
            rules=fields["rules"] or "[]", anchors=fields["anchors"] or "[]",
            keep=frozenset(key for key in ("rules", "anchors") if fields[key] is None)))
        path = f"{parent_path} > {name}" if parent_path else name
        self.walk(element, code_uuid, path, depth + 1)

    def note(self, text: str) -> None:
        self.report.notes.append(text)

    def summary(self) -> list[str]:
        out = []
        if self.matched_by_name:
            out.append("Matched to existing codes by name (their GUIDs differ): "
                       + ", ".join(repr(n) for n in self.matched_by_name) + ".")
        for tag, count in sorted(self.ignored.items()):
            what = f"attribute {tag[1:]!r}" if tag.startswith("@") else f"<{tag}> element"
            extra = " (code memos)" if tag == "NoteRef" else ""
            out.append(f"{count} {what}{'s' if count != 1 else ''}{extra} not imported: annotator has no place "
                       "for them.")
        return out
