"""OpenDocument text (.odt): the zip's content.xml, parsed with defusedxml.

Paragraphs and headings are lines; ``text:s``, ``text:tab`` and ``text:line-break`` become
spaces, tabs and newlines; lists are walked in order; a table is one line per row with cells
separated by a tab. Notes (footnotes), annotations (comments) and tracked deletions are
left out, as Word's reader leaves them out.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import RefusedFileError
from .safety import open_archive, parse_xml

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_SKIP = {f"{{{TEXT}}}note", f"{{{OFFICE}}}annotation", f"{{{TEXT}}}tracked-changes",
         f"{{{TEXT}}}sequence-decls", f"{{{TEXT}}}variable-decls", f"{{{OFFICE}}}forms"}


def read(path: Path) -> str:
    with open_archive(path, "OpenDocument text") as archive:
        name = archive.find("content.xml")
        if name is None:
            raise RefusedFileError(f"{path.name} is not an OpenDocument text (it has no content.xml).")
        root = parse_xml(archive.read(name), path.name)
    body = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    if body is None:
        raise RefusedFileError(f"{path.name} is not an OpenDocument text (no text body; a spreadsheet?).")
    lines: list[str] = []
    _blocks(body, lines)
    return "\n".join(lines)


def _blocks(element, lines: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
            lines.append(_inline(child))
        elif tag == f"{{{TABLE}}}table":
            for row in child.iter(f"{{{TABLE}}}table-row"):
                cells = []
                for cell in row.findall(f"{{{TABLE}}}table-cell"):
                    inner: list[str] = []
                    _blocks(cell, inner)
                    cells.append(" ".join(inner).strip())
                lines.append("\t".join(cells))
        else:  # lists, sections, frames...
            _blocks(child, lines)


def _inline(element) -> str:
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{{{TEXT}}}s":
            count = child.get(f"{{{TEXT}}}c", "1")
            parts.append(" " * (min(int(count), 1000) if count.isdigit() else 1))
        elif tag == f"{{{TEXT}}}tab":
            parts.append("\t")
        elif tag == f"{{{TEXT}}}line-break":
            parts.append("\n")
        elif tag not in _SKIP:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)
