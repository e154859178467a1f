"""The codebook as REFI-QDA Codebook Exchange (``.qdc``): writing it, checked against the
bundled ``Codebook.xsd``, and the Description that carries our definition sections.
Reading a ``.qdc`` is :mod:`.qdc_read`; the entry points are in :mod:`annotator.codebook.files`.
REFI-QDA has no place for a code's rules, so they go last in the Description under the heading
``Annotator rules:``, one rule a line (:func:`annotator.codebook.rules.rule_line`), and come back
from there on import; other tools show them as text. A code's anchors (examples and counter-examples
from the gold layer, :mod:`.anchors`) go the same way under ``Annotator anchors:``, one
:func:`~annotator.codebook.anchors.anchor_line` a line (REFI-QDA's ``Codebook.xsd`` has no notes)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Optional

from ..errors import SchemeError
from ..formats.refi import XML_ILLEGAL
from .anchors import anchor_line, anchors_text, parse_anchor_lines, read_anchors
from .reading import code_rows, tree_order
from .records import CodeRow
from .rules import parse_lines, read_rules, rule_line, rules_text

NS = "urn:QDA-XML:codebook:1.0"
SCHEMA_FILE = "Codebook.xsd"
SECTIONS = (("examples", "Examples"), ("use_when", "Use when"), ("dont_use_when", "Do not use when"))
RULES_HEADING = "Annotator rules"
ANCHORS_HEADING = "Annotator anchors"


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


def description_text(row: CodeRow) -> str:
    """The definition and its sections as one text (the REFI-QDA Description)."""
    parts = [row.description.strip()] if row.description.strip() else []
    parts += [f"{title}:\n{getattr(row, key).strip()}" for key, title in SECTIONS if getattr(row, key).strip()]
    rules = read_rules(row.rules, row.name)
    if rules:
        parts.append(f"{RULES_HEADING}:\n" + "\n".join(rule_line(rule) for rule in rules))
    anchors = read_anchors(row.anchors, row.name)
    if anchors:
        parts.append(f"{ANCHORS_HEADING}:\n" + "\n".join(anchor_line(anchor) for anchor in anchors))
    return "\n\n".join(parts)


_HEADING = re.compile(r"^(Examples|Use when|Do not use when|Annotator rules|Annotator anchors):[ \t]*$",
                      re.MULTILINE)


def split_description(text: str, code: str = "") -> dict:
    """Inverse of :func:`description_text`; sections not present come back as None (rules as
    anchors as their stored JSON text, checked)."""
    text = (text or "").replace("\r\n", "\n").strip()
    pieces = _HEADING.split(text)
    out = {"description": pieces[0].strip(), "examples": None, "use_when": None, "dont_use_when": None,
           "rules": None, "anchors": None}
    titles = {title: key for key, title in (*SECTIONS, ("rules", RULES_HEADING), ("anchors", ANCHORS_HEADING))}
    for title, body in zip(pieces[1::2], pieces[2::2]):
        out[titles[title]] = body.strip()
    if out["rules"] is not None:
        out["rules"] = rules_text(parse_lines(out["rules"], code))
    if out["anchors"] is not None:
        out["anchors"] = anchors_text(parse_anchor_lines(out["anchors"], code))
    return out


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
        folded += any(getattr(row, key).strip() for key, _ in SECTIONS) or row.rules != "[]" or row.anchors != "[]"
        if row.shortcut:
            shortcuts.append(f"{row.name} ({row.shortcut})")
        elements[row.uuid] = element
    if shortcuts:
        report.notes.append("Shortcut keys are not part of a REFI-QDA codebook and were left out: "
                            + ", ".join(shortcuts) + ".")
    if folded:
        report.notes.append(f"Examples, use/do-not-use rules, annotator's rules and anchors of {folded} "
                            f"code{'s' if folded != 1 else ''} were written into the Description under headings "
                            "(annotator reads them back).")
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
        from importlib import resources

        import xmlschema

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


def _xml_safe(text: str) -> str:
    return XML_ILLEGAL.sub("\ufffd", text)
