"""Every format in one place: readers by suffix, writers by name.

A reader's ``kind`` says what it returns and how the core treats the file:
``text`` — ``read(path) -> str``, normalised text (a folder imports these);
``corpus`` — ``read(path, text_column, name_column) -> list[Row]``, one document per row (read only
when named explicitly: a folder's stray spreadsheet is not a corpus);
``project`` — ``read(path) -> ImportedProject``, documents, codes, coders and codings that the core
stores in one transaction. A writer's ``write(project, out, options)`` returns an
:class:`~.spans.ExportReport`; its ``options`` name the :class:`ExportOptions` fields it reads
beyond coders, codes and steps (the app shows those). Labels and file filters are what the app's dialogs show.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional

from ..errors import AnnotatorError
from ..steps import NO_STEPS, Steps
from ..textio import normalise, read_text_file
from . import opendoc, pdf, rtf, webpage, word
from .brat import export_brat
from .bundle import export_bundle
from .csv_export import export_csv
from .html_export import export_html
from .jsonl_export import export_jsonl
from .jsonl_read import read_jsonl
from .prodigy import export_prodigy
from .qdpx_export import export_qdpx
from .qdpx_import import read_qdpx
from .spacy_docbin import export_spacy
from .spans import ExportReport
from .spreadsheet import read_rows
from .xlsx_export import export_xlsx

KINDS = {"text": "Texts", "corpus": "Spreadsheet corpus, one text per row",
         "project": "Coded projects: REFI-QDA, annotator JSON lines"}


def _patterns(suffixes: Iterable[str]) -> str:
    return " ".join(f"*{suffix}" for suffix in suffixes)


@dataclass(frozen=True)
class Reader:
    name: str                    # stored as the document's source_type
    suffixes: tuple
    label: str
    kind: str                    # "text" | "corpus" | "project"
    read: Callable
    main_text: Optional[Callable] = None  # web pages: read_main(path) -> webpage.MainText (import --main-text)


@dataclass(frozen=True)
class ExportOptions:
    coders: Optional[list] = None
    codes: Optional[list] = None
    raw: bool = False            # csv, xlsx: no formula neutralisation
    steps: Steps = NO_STEPS      # progress and Cancel
    span_key: str = "sc"         # spacy
    positions: str = "utf16"     # qdpx: "utf16" or "codepoints"


@dataclass(frozen=True)
class Writer:
    name: str
    label: str
    suffix: str
    folder: bool                 # writes a new folder rather than a file
    write: Callable              # (project, out, ExportOptions) -> ExportReport
    options: tuple = ()          # the ExportOptions fields beyond coders and codes it reads (the app shows those)


def _plain_text(path: Path) -> str:
    return read_text_file(path).text


def _by(module) -> Callable[[Path], str]:
    return lambda path: normalise(module.read(Path(path)))


READERS = (
    Reader("txt", (".txt", ".text"), "Plain text", "text", _plain_text),
    Reader("md", (".md",), "Markdown", "text", _plain_text),
    Reader("docx", (".docx",), "Word documents", "text", _by(word)),
    Reader("odt", (".odt",), "OpenDocument texts", "text", _by(opendoc)),
    Reader("rtf", (".rtf",), "Rich text", "text", _by(rtf)),
    Reader("pdf", (".pdf",), "PDF documents", "text", _by(pdf)),
    Reader("html", (".html", ".htm"), "Web pages", "text", _by(webpage), webpage.read_main),
    Reader("csv", (".csv",), "CSV corpus", "corpus", read_rows),
    Reader("xlsx", (".xlsx",), "Excel corpus", "corpus", read_rows),
    Reader("qdpx", (".qdpx",), "REFI-QDA projects", "project", read_qdpx),
    Reader("jsonl", (".jsonl",), "annotator JSON lines", "project", read_jsonl),
)

WRITERS = (
    Writer("csv", "one row per annotation (UTF-8, RFC 4180)", ".csv", False,
           lambda p, out, o: ExportReport(export_csv(p, out, o.coders, o.codes, o.raw, o.steps), "annotations"),
           ("raw",)),
    Writer("xlsx", "Excel workbook: segments, codes and documents sheets", ".xlsx", False,
           lambda p, out, o: export_xlsx(p, out, o.coders, o.codes, o.raw, o.steps), ("raw",)),
    Writer("jsonl", "annotator's JSON lines: one line per document with its spans", ".jsonl", False,
           lambda p, out, o: ExportReport(export_jsonl(p, out, o.coders, o.codes, o.steps), "documents")),
    Writer("prodigy", "Prodigy/spaCy-style span JSONL: one task per document and coder, with tokens", ".jsonl",
           False, lambda p, out, o: export_prodigy(p, out, o.coders, o.codes, o.steps)),
    Writer("spacy", "spaCy DocBin (.spacy): one Doc per document and coder, spans under a span key", ".spacy",
           False, lambda p, out, o: export_spacy(p, out, o.coders, o.codes, o.span_key, o.steps), ("span_key",)),
    Writer("brat", "brat standoff folder: <coder>/<document>.txt + .ann, annotation.conf, visual.conf", "", True,
           lambda p, out, o: export_brat(p, out, o.coders, o.codes, o.steps)),
    Writer("html", "one HTML page with highlighted documents, a legend and memos as footnotes", ".html", False,
           lambda p, out, o: export_html(p, out, o.coders, o.codes, o.steps)),
    Writer("bundle", "analysis bundle folder for R and pandas: tidy CSV tables (and Parquet with pyarrow), "
           "a data dictionary", "", True,
           lambda p, out, o: export_bundle(p, out, o.coders, o.codes, o.raw, o.steps), ("raw",)),
    Writer("qdpx", "REFI-QDA project exchange (.qdpx) for MAXQDA, ATLAS.ti, NVivo, QualCoder", ".qdpx", False,
           lambda p, out, o: export_qdpx(p, out, o.coders, o.codes, o.positions, o.steps), ("positions",)),
)

_BY_SUFFIX = {suffix: reader for reader in READERS for suffix in reader.suffixes}


def reader_for(path) -> Optional[Reader]:
    """The reader of ``path``'s suffix, or None if we do not read that type."""
    return _BY_SUFFIX.get(Path(path).suffix.lower())


def writer(name: str) -> Writer:
    found = next((w for w in WRITERS if w.name == name), None)
    if found is None:
        raise AnnotatorError(f"There is no export format {name!r}; choose one of "
                             f"{', '.join(w.name for w in WRITERS)}.")
    return found


def suffixes(*kinds: str) -> tuple:
    """Every suffix read by readers of these kinds, in the registry's order."""
    return tuple(s for reader in READERS if reader.kind in kinds for s in reader.suffixes)


def dialog_filter(*kinds: str, title: Optional[str] = None) -> str:
    """One entry of a file dialog's filter: every suffix of these kinds, under ``title`` (by default
    the kind's name, e.g. "Spreadsheet corpus, one text per row (*.csv *.xlsx)")."""
    return f"{title or KINDS[kinds[0]]} ({_patterns(suffixes(*kinds))})"
