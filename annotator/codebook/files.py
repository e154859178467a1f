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

This module holds the entry points; the formats live in :mod:`annotator.codebook.qdc`
(writing ``.qdc``), :mod:`annotator.codebook.qdc_read` (reading it) and
:mod:`annotator.codebook.printable` (Markdown, HTML); colours from other tools are read by
:mod:`annotator.colours`. Every name is still importable from here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..colours import parse_colour
from ..errors import SchemeError
from ..inputs import read_input
from ..outputs import write_atomically
from . import scheme_json as scheme_io
from .printable import html_page, markdown
from .qdc import (
    NS,
    SCHEMA_FILE,
    SECTIONS,
    CodebookReport,
    description_text,
    qdc_bytes,
    schema_errors,
    split_description,
)
from .qdc_read import FALLBACK, read_qdc
from .reading import code_rows
from .records import CodebookUnchangedError
from .restructure import ImportCodebook

__all__ = ["NS", "SCHEMA_FILE", "CodebookFormat", "CODEBOOK_FORMATS",
           "EXPORT_SUFFIXES", "IMPORT_SUFFIXES", "SECTIONS", "FALLBACK", "CodebookReport",
           "parse_colour", "description_text", "split_description", "export_codebook", "qdc_bytes",
           "schema_errors", "markdown", "html_page", "import_codebook", "prepare_import", "read_qdc"]

EXPORT_SUFFIXES = (".qdc", ".json", ".md", ".markdown", ".html", ".htm")


@dataclass(frozen=True)
class CodebookFormat:
    """One codebook format as the app offers it: ``suffix`` picks it in :func:`export_codebook`."""

    name: str
    label: str
    suffix: str


CODEBOOK_FORMATS = (
    CodebookFormat("qdc", "REFI-QDA codebook for ATLAS.ti, MAXQDA, NVivo, QualCoder; examples and rules go into "
                          "each description", ".qdc"),
    CodebookFormat("json", "annotator's coding scheme: start a new project with it, or import it into another",
                   ".json"),
    CodebookFormat("md", "Markdown, printable: every code with its colour, definition, examples and rules", ".md"),
    CodebookFormat("html", "one HTML page, printable, for a paper's appendix: every code with its colour, "
                           "definition, examples and rules", ".html"),
)
IMPORT_SUFFIXES = (".qdc", ".json")


def export_codebook(project, path) -> CodebookReport:
    """Write the codebook; the format follows the suffix (.qdc, .json, .md, .html)."""
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


def import_codebook(project, path, coder_id: Optional[int] = None, because: str = "",
                    disagreements: tuple = ()) -> CodebookReport:
    """Merge a .json or .qdc codebook into the project (one undoable edit, logged, with ``because`` and the
    :class:`~annotator.cited.CitedDisagreement` snapshots it answers). A codebook the project already has
    changes nothing: no edit, no version, and the report counts 0 added, 0 updated."""
    command, report = prepare_import(project, path, coder_id)
    command.because, command.disagreements = because, tuple(disagreements)
    try:
        project.apply(command)
    except CodebookUnchangedError:
        return report
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
        codes = read_qdc(read_input(path, name=path.name), project, report, path.name)
    else:
        raise SchemeError(f"Cannot read a codebook from {path.name}; use a .qdc or .json file.")
    report.codes = len(codes)
    return ImportCodebook(codes, path.name, coder_id=coder_id), report
