"""The codebook in other shapes: REFI-QDA Codebook Exchange (``.qdc``), our JSON, and a
printable Markdown or HTML codebook for the appendix of a paper.

REFI-QDA (spec §4.4, §5.2; schema ``resources/Codebook.xsd``, MIT, REFI, a verbatim copy of
openqda/refi-tools docs/schemas/codebook/v1.0/Codebook.xsd at 232df897, see
../shared/schemas/SOURCES.md) has for each code a GUID, a
name, ``isCodable``, an optional ``#RRGGBB``/``#RGB`` colour and one ``Description``; codes
nest. What it cannot hold is reported, never dropped in silence:

- export: shortcut keys are left out (listed in the report); examples, "use when" and "do
  not use when" are written into the Description under the headings ``Examples:``, ``Use
  when:`` and ``Do not use when:``, which the import splits back out.
- import (files from other tools): colours in other forms (``#ABC``, ``rgb(…)``, CSS names,
  ``#AARRGGBB`` as NVivo writes it, bare hex) are converted; a missing or unreadable colour
  gets a palette colour; missing GUIDs or names, duplicate names, code sets and unknown
  elements are handled and each is listed in the report. A code whose GUID is new but whose
  name matches a code at the same place in the project updates that code.

Imports go through :class:`annotator.codebook.ImportCodebook`, so they are one undoable
edit with an entry in the change log.
"""
from __future__ import annotations

import html
import json
import re
import uuid as uuidlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from . import scheme as scheme_io
from .codebook import CodeRow, ImportCodebook, code_rows, scheme_version, tree_order
from .colours import parse_colour
from .errors import SchemeError

NS = "urn:QDA-XML:codebook:1.0"
SCHEMA_FILE = "Codebook.xsd"
EXPORT_SUFFIXES = (".qdc", ".json", ".md", ".markdown", ".html", ".htm")
IMPORT_SUFFIXES = (".qdc", ".json")
SECTIONS = (("examples", "Examples"), ("use_when", "Use when"), ("dont_use_when", "Do not use when"))
# Okabe-Ito, then a few more: colours for codes that arrive without a readable one.
FALLBACK = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")
_GUID = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")


@dataclass
class CodebookReport:
    """What an export or import did, and everything it could not carry over."""

    path: str
    format: str
    codes: int = 0
    added: int = 0
    updated: int = 0
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return list(self.notes)


# --------------------------------------------------------------------------- definitions
def description_text(row: CodeRow) -> str:
    """The definition and its sections as one text (the REFI-QDA Description)."""
    parts = [row.description.strip()] if row.description.strip() else []
    parts += [f"{title}:\n{getattr(row, key).strip()}" for key, title in SECTIONS if getattr(row, key).strip()]
    return "\n\n".join(parts)


_HEADING = re.compile(r"^(Examples|Use when|Do not use when):[ \t]*$", re.MULTILINE)


def split_description(text: str) -> dict:
    """Inverse of :func:`description_text`; sections not present come back as None."""
    text = (text or "").replace("\r\n", "\n").strip()
    pieces = _HEADING.split(text)
    out = {"description": pieces[0].strip(), "examples": None, "use_when": None, "dont_use_when": None}
    titles = {title: key for key, title in SECTIONS}
    for title, body in zip(pieces[1::2], pieces[2::2]):
        out[titles[title]] = body.strip()
    return out


# --------------------------------------------------------------------------- export
def export_codebook(project, path) -> CodebookReport:
    """Write the codebook; the format follows the suffix (.qdc, .json, .md, .html)."""
    from .exporting import write_atomically

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise SchemeError(f"Cannot write a codebook as {path.name}; use .qdc, .json, .md or .html.")
    rows = code_rows(project.store.conn)
    report = CodebookReport(str(path), suffix.lstrip("."), codes=len(rows))
    if suffix == ".qdc":
        data = qdc_bytes(project, report)
    elif suffix == ".json":
        data = (json.dumps(project.scheme(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    elif suffix in (".md", ".markdown"):
        data = markdown(project).encode("utf-8")
    else:
        data = html_page(project).encode("utf-8")
    write_atomically(path, data)
    return report


def qdc_bytes(project, report: Optional[CodebookReport] = None) -> bytes:
    """The codebook as a REFI-QDA ``.qdc`` document, checked against Codebook.xsd."""
    report = report if report is not None else CodebookReport("", "qdc")
    rows = code_rows(project.store.conn)
    if not rows:
        raise SchemeError("The codebook has no codes; a REFI-QDA codebook needs at least one.")
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}CodeBook", {"origin": _origin()})
    codes = ET.SubElement(root, f"{{{NS}}}Codes")
    elements: dict[Optional[str], ET.Element] = {None: codes}
    shortcuts, folded = [], 0
    for _depth, row in tree_order(rows):
        attributes = {"guid": row.uuid, "name": row.name, "isCodable": "true" if row.codable else "false",
                      "color": row.color.upper()}
        element = ET.SubElement(elements[row.parent_uuid], f"{{{NS}}}Code", attributes)
        text = description_text(row)
        if text:
            ET.SubElement(element, f"{{{NS}}}Description").text = _xml_safe(text)
        folded += any(getattr(row, key).strip() for key, _ in SECTIONS)
        if row.shortcut:
            shortcuts.append(f"{row.name} ({row.shortcut})")
        elements[row.uuid] = element
    if shortcuts:
        report.notes.append("Shortcut keys are not part of a REFI-QDA codebook and were left out: "
                            + ", ".join(shortcuts) + ".")
    if folded:
        report.notes.append(f"Examples and use/do-not-use rules of {folded} code{'s' if folded != 1 else ''} "
                            "were written into the Description under headings (annotator reads them back).")
    ET.indent(root)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    data = b'<?xml version="1.0" encoding="utf-8"?>\n' + data + b"\n"
    errors = schema_errors(data)
    if errors:  # a bug on our side: refuse to write a file other tools would reject
        raise SchemeError("The codebook could not be written as valid REFI-QDA: " + "; ".join(errors))
    return data


def schema_errors(data: bytes, limit: int = 5) -> list[str]:
    """Errors of a .qdc document against the bundled Codebook.xsd (empty: valid)."""
    return [str(e.reason or e) for _, e in zip(range(limit), _schema().iter_errors(data.decode("utf-8")))]


def _schema():
    global _SCHEMA
    if _SCHEMA is None:
        import xmlschema
        from importlib import resources

        with resources.as_file(resources.files("resources").joinpath(SCHEMA_FILE)) as path:
            _SCHEMA = xmlschema.XMLSchema(str(path))
    return _SCHEMA


_SCHEMA = None


def _origin() -> str:
    try:
        from importlib.metadata import version

        return f"annotator {version('annotator')}"
    except Exception:  # noqa: BLE001 - running from a source tree without metadata
        return "annotator"


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _XML_BAD.sub("\ufffd", text)


# --------------------------------------------------------------------------- printable
def _tree(project) -> list[tuple[int, str, CodeRow]]:
    """(depth, number like "2.1", row) in tree order."""
    out, counters = [], []
    for depth, row in tree_order(code_rows(project.store.conn)):
        del counters[depth + 1:]
        if len(counters) <= depth:
            counters.append(0)
        counters[depth] += 1
        out.append((depth, ".".join(map(str, counters)), row))
    return out


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d")


def markdown(project) -> str:
    """Every code in tree order with colour, kind, key, definition, examples and rules."""
    version = scheme_version(project.store.conn)
    tree = _tree(project)
    lines = [f"# Codebook: {_md_inline(project.name)}", "",
             f"Codebook version {version}, {len(tree)} codes, exported {_stamp()}.", ""]
    for depth, number, row in tree:
        lines += [f"{'#' * min(depth + 2, 6)} {number} {_md_inline(row.name)}", ""]
        facts = [f"Colour: `{row.color}`", "Codable" if row.codable else "Group (not applied itself)"]
        if row.shortcut:
            facts.append(f"Key: `{row.shortcut.replace('`', '')}`")
        lines += [" · ".join(facts), ""]
        lines += [_md_text(row.description) if row.description.strip() else "*No definition yet.*", ""]
        for key, title in SECTIONS:
            if getattr(row, key).strip():
                lines += [f"**{title}:**", "", _md_text(getattr(row, key)), ""]
    return "\n".join(lines).rstrip() + "\n"


def _md_inline(text: str) -> str:
    return re.sub(r"([\\`*_\[\]#<>|])", r"\\\1", " ".join(text.split()))


def _md_text(text: str) -> str:
    """Prose as written, with HTML neutralised so a rendered file shows it as text."""
    return text.strip().replace("&", "&amp;").replace("<", "&lt;")


_CSS_PAGE = """
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; max-width: 46em; margin: 2em auto; padding: 0 1em;
       color: #111; background: #fff; }
h1 { font-size: 1.6em; } h2, h3, h4, h5, h6 { margin: 1.4em 0 .3em; }
.facts { font: .9em system-ui, sans-serif; color: #333; }
.swatch { display: inline-block; width: .9em; height: .9em; border: 1px solid #0006; vertical-align: -.1em;
          margin-right: .4em; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.rule { font-weight: bold; margin-bottom: 0; } .rule + p { margin-top: .2em; }
section { break-inside: avoid; } .empty { color: #666; font-style: italic; }
"""


def html_page(project) -> str:
    """A self-contained, printable HTML codebook; every user text is escaped."""
    version = scheme_version(project.store.conn)
    tree = _tree(project)
    e = html.escape
    body = [f"<h1>Codebook: {e(project.name)}</h1>",
            f"<p class=\"facts\">Codebook version {version}, {len(tree)} codes, exported {_stamp()}.</p>"]
    for depth, number, row in tree:
        level = min(depth + 2, 6)
        kind = "codable" if row.codable else "group (not applied itself)"
        key = f" · key <kbd>{e(row.shortcut)}</kbd>" if row.shortcut else ""
        body.append(f"<section id=\"code-{e(row.uuid)}\"><h{level}>{number} {e(row.name)}</h{level}>")
        body.append(f"<p class=\"facts\"><span class=\"swatch\" style=\"background:{_safe_colour(row.color)}\">"
                    f"</span>{e(row.color)} · {kind}{key}</p>")
        body.append(_html_paragraphs(row.description) if row.description.strip()
                    else "<p class=\"empty\">No definition yet.</p>")
        for attr, title in SECTIONS:
            if getattr(row, attr).strip():
                body.append(f"<p class=\"rule\">{title}:</p>{_html_paragraphs(getattr(row, attr))}")
        body.append("</section>")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>Codebook: {e(project.name)}</title>\n<style>{_CSS_PAGE}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def _safe_colour(color: str) -> str:
    return color if re.fullmatch(r"#[0-9A-Fa-f]{6}", color or "") else "#999999"


def _html_paragraphs(text: str) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(f"<p>{html.escape(p.strip()).replace(chr(10), '<br>')}</p>" for p in paragraphs)


# --------------------------------------------------------------------------- import
def import_codebook(project, path, coder_id: Optional[int] = None) -> CodebookReport:
    """Merge a .json or .qdc codebook into the project (one undoable edit, logged)."""
    command, report = prepare_import(project, path, coder_id)
    project.apply(command)
    report.added, report.updated = command.result
    return report


def prepare_import(project, path, coder_id: Optional[int] = None) -> tuple[ImportCodebook, CodebookReport]:
    """Read a codebook file into an :class:`ImportCodebook` command (not yet applied) and
    the report of what could not be represented. The UI pushes the command to undo it."""
    path = Path(path)
    suffix = path.suffix.lower()
    report = CodebookReport(str(path), suffix.lstrip("."))
    if suffix == ".json":
        codes = scheme_io.flatten(scheme_io.load_scheme_file(path), path.name)
    elif suffix == ".qdc":
        try:
            data = path.read_bytes()
        except OSError as error:
            raise SchemeError(f"{path.name} cannot be read: {error.strerror}.") from None
        codes = read_qdc(data, project, report, path.name)
    else:
        raise SchemeError(f"Cannot read a codebook from {path.name}; use a .qdc or .json file.")
    report.codes = len(codes)
    return ImportCodebook(codes, path.name, coder_id=coder_id), report


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_qdc(data: bytes, project, report: CodebookReport, source: str = "the codebook") -> list:
    """Codes of a REFI-QDA codebook (or of the CodeBook inside a project .qde) as
    ``scheme.SchemeCode`` records, parents first, matched to the project's codes."""
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
    reader = _QdcReader(project, report)
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
    def __init__(self, project, report: CodebookReport):
        rows = code_rows(project.store.conn)
        self.existing = {r.uuid: r for r in rows}
        self.by_place = {(r.parent_uuid, r.name.casefold()): r for r in rows}
        self.report = report
        self.codes: list = []
        self.seen: set[str] = set()
        self.fallback = 0
        self.ignored: dict[str, int] = {}
        self.matched_by_name: list[str] = []

    def walk(self, element, parent_uuid: Optional[str], parent_path: Optional[str]) -> None:
        names: set[str] = set()
        position = 0
        for child in element:
            tag = _local(child.tag)
            if tag == "Code":
                self.code(child, parent_uuid, parent_path, names, position)
                position += 1
            elif tag not in ("Description",):
                self.ignored[tag] = self.ignored.get(tag, 0) + 1

    def code(self, element, parent_uuid, parent_path, names: set, position: int) -> None:
        where = f" under {parent_path!r}" if parent_path else ""
        name = " ".join((element.get("name") or "").split())
        if not name:
            name = f"Unnamed code {len(self.codes) + 1}"
            self.note(f"A code{where} had no name; it was named {name!r}.")
        base, n = name, 2
        while name.casefold() in names:
            name, n = f"{base} ({n})", n + 1
        if name != base:
            self.note(f"Two codes{where} are named {base!r}; the second was renamed {name!r}.")
        names.add(name.casefold())
        guid = _GUID.match((element.get("guid") or "").strip())
        code_uuid = guid.group(1).lower() if guid else None
        if code_uuid is None or code_uuid in self.seen:
            why = "had no valid GUID" if code_uuid is None else "repeats the GUID of another code"
            code_uuid = str(uuidlib.uuid4())
            self.note(f"Code {name!r}{where} {why}; it was given a new one.")
        if code_uuid not in self.existing:
            same = self.by_place.get((parent_uuid, name.casefold()))
            if same is not None and same.uuid not in self.seen:
                code_uuid = same.uuid
                self.matched_by_name.append(name)
        self.seen.add(code_uuid)
        colour, why = parse_colour(element.get("color"))
        if colour is None:
            colour = self.existing[code_uuid].color if code_uuid in self.existing else \
                FALLBACK[self.fallback % len(FALLBACK)]
            self.fallback += code_uuid not in self.existing
            self.note(f"Code {name!r} {why}; it {'keeps' if code_uuid in self.existing else 'was given'} {colour}.")
        elif why:
            self.note(f"Code {name!r}: {why}.")
        codable_text = (element.get("isCodable") or "").strip().lower()
        codable = codable_text not in ("false", "0")
        if codable_text not in ("true", "false", "1", "0"):
            self.note(f"Code {name!r} has isCodable={element.get('isCodable')!r}; it was made codable.")
        description = next((c.text or "" for c in element if _local(c.tag) == "Description"), "")
        fields = split_description(description)
        for attribute in element.attrib:
            if attribute not in ("guid", "name", "isCodable", "color"):
                self.ignored[f"@{attribute}"] = self.ignored.get(f"@{attribute}", 0) + 1
        old = self.existing.get(code_uuid)
        self.codes.append(scheme_io.SchemeCode(
            code_uuid, name, colour, fields["description"], old.shortcut if old else None, codable, parent_uuid,
            position, fields["examples"], fields["use_when"], fields["dont_use_when"]))
        path = f"{parent_path} > {name}" if parent_path else name
        self.walk(element, code_uuid, path)

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
