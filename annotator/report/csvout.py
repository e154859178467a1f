"""The report as CSV files in a folder, so R or Python can recompute every coefficient.

``units_wide.csv`` has the columns of formats.md §3.2 (``unit_id, document, unit_start,
unit_end`` and one column per coder): a code, an empty cell for "coded nothing here", and
``NA`` where the coder did not work on that document. ``units_long.csv`` has one row per
unit and coder who worked on the document (all of one coder's rows, then the next coder's).
The other files are the report's tables, long (one row per figure). UTF-8 without BOM, RFC
4180; cells that a spreadsheet would run as a formula get a leading apostrophe unless
``raw`` (the relabelling does not change any coefficient). The files are written into a new
folder beside ``folder`` and moved in only when all are complete. ``folder`` may be new, or
hold other files, but the report replaces only files an earlier report wrote (its README.txt
says so): never a file of the user's.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np

from annotator.display import shown
from annotator.errors import OutputRefusedError, WriteFailedError
from annotator.outputs import (
    CsvWriter,
    atomic_output,
    neutralise,
    output_target,
    replace_into,
    temporary_folder,
    write_text_atomically,
)
from annotator.report.jsonout import figure_dict
from annotator.report.model import AgreementReport, Table

FIGURE_COLUMNS = ["key", "label", "measure", "variant", "value", "reason", "ci_low", "ci_high", "ci_seed",
                  "n_units", "unit", "n_coders", "coders", "n_documents", "coverage", "verdict", "warnings"]
MISSING = "NA"
REPORT_FILES = ("overall.csv", "by_code.csv", "pairs.csv", "by_document.csv", "confusion.csv", "disagreements.csv",
                "units_wide.csv", "units_long.csv", "README.txt")  # README.txt last: it marks a whole report
MARKER = "Agreement report of "

README = """Agreement report of {project}: {coders} coders, {documents} documents, unit: {unit}.
{cu_variant_note}

units_wide.csv   one row per unit ({unit}); a column per coder: the code, empty = coded nothing
                 there, NA = the coder did not work on that document. Offsets are code points,
                 half-open [unit_start, unit_end). Overlapping codes of one coder appear as one
                 value joined with " + ".
units_long.csv   the same, one row per unit and coder (coders absent from a document have no row).
overall.csv, by_code.csv, pairs.csv, by_document.csv   every figure with its definition, n and warnings.
confusion.csv, disagreements.csv   the confusion (coincidence) matrix and every disagreement.

Recompute Krippendorff's alpha with uncoded text counted as a value ("alpha_none"):
  Python: import pandas as pd, krippendorff
          d = pd.read_csv("units_wide.csv", keep_default_na=False, na_values=["NA"])  # "" stays a value
          coders = list(d.columns[4:])
          labels = {{v: i for i, v in enumerate(sorted(set(d[coders].stack().dropna())))}}
          data = d[coders].apply(lambda c: c.map(labels)).to_numpy(float).T
          krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
  R:      d <- read.csv("units_wide.csv", check.names = FALSE)  # "" stays a value, NA is missing
          irr::kripp.alpha(t(as.matrix(d[, -(1:4)])), "nominal")
For "alpha_excluded" keep only rows where at least one coder has a non-empty code.
"""


def _write(path: Path, header: list, rows, raw: bool) -> None:
    with atomic_output(path, "w", encoding="utf-8", newline="") as stream:
        writer = CsvWriter(stream, raw)
        writer.writerow(header)
        writer.writerows(rows)


def _figure_row(f) -> list:
    d = figure_dict(f)
    ci = d["ci"] or {}
    return [d["key"], d["label"], d["measure"], d["variant"], d["value"], d["reason"], ci.get("low"), ci.get("high"),
            ci.get("seed"), d["n_units"], d["unit"], d["n_coders"], "; ".join(d["coders"]), d["n_documents"],
            d["coverage"], d["verdict"], " | ".join(d["warnings"])]


def _table(path: Path, table: Table, raw: bool) -> None:
    plain = lambda x: int(x) if float(x).is_integer() else x  # noqa: E731
    _write(path, [""] + list(table.columns),
           ([r] + [plain(x) for x in row] for r, row in zip(table.rows, table.counts)), raw)


def _who(d, coder: str) -> str:
    """``claim [3, 15); attack [20, 31)``, ``(nothing)``, or NA if the coder did not work on the document."""
    if coder not in d.spans:
        return MISSING
    return "; ".join(f"{code} [{a}, {b})" for a, b, code in d.spans[coder]) or "(nothing)"


def write_units(folder: Path, report: AgreementReport, raw: bool) -> None:
    """The unit x coder matrix, wide and long. Labels are neutralised once, not per cell."""
    m = report.matrix
    clean = (lambda v: v) if raw else neutralise
    names = {d.id: clean(d.name) for d in report.by_document}
    cells = np.array(["", *map(clean, m.labels[1:]), MISSING], dtype=object)
    text = cells[m.values]  # -1 picks MISSING
    docs = [names[d] for d in m.document.tolist()]
    ids = [f"u{i + 1}" for i in range(m.values.shape[1])]
    starts, ends = m.start.tolist(), m.end.tolist()
    coders = [clean(c) for c in m.coders]
    _write(folder / "units_wide.csv", ["unit_id", "document", "unit_start", "unit_end", *coders],
           zip(ids, docs, starts, ends, *(t.tolist() for t in text)), raw=True)
    with atomic_output(folder / "units_long.csv", "w", encoding="utf-8", newline="") as stream:
        writer = CsvWriter(stream, raw=True)  # every cell is a neutralised label, an id or a number
        writer.writerow(["unit_id", "document", "unit_start", "unit_end", "coder", "code"])
        for c, coder in enumerate(coders):  # coder by coder, so one coder's rows are contiguous
            present = np.flatnonzero(m.values[c] >= 0).tolist()
            column = text[c].tolist()
            writer.writerows((ids[u], docs[u], starts[u], ends[u], coder, column[u]) for u in present)


def write_csv(report: AgreementReport, folder, raw: bool = False) -> list[Path]:
    """Write the report's tables and the unit x coder matrix into ``folder`` (created if
    missing; its parent must exist). Returns the files written."""
    folder = Path(folder)
    target = check_csv_folder(folder)
    temp = temporary_folder(target)
    try:
        _write_files(temp, report, raw)
        _move_in(temp, target, folder)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return [folder / name for name in sorted(REPORT_FILES)]


def check_csv_folder(folder) -> Path:
    """The folder the report may be written to (symlinks followed), or OutputRefusedError: a
    report file name there that an earlier report did not write, a project, a pipe, a folder."""
    target = output_target(folder, folder=True)
    present = [name for name in REPORT_FILES if os.path.lexists(target / name)]
    if present and not _earlier_report(target / "README.txt"):
        raise OutputRefusedError(f"{shown(folder)} already holds {present[0]}, which no earlier agreement report "
                                 "wrote; choose a new or empty folder, or the folder of an earlier report.")
    for name in present:
        output_target(target / name)
    return target


def _earlier_report(readme: Path) -> bool:
    try:
        if not readme.is_file():  # a pipe would block the read
            return False
        with open(readme, encoding="utf-8", errors="replace") as stream:
            return stream.read(len(MARKER)) == MARKER
    except OSError:
        return False


def _move_in(temp: Path, target: Path, folder: Path) -> None:
    """A new folder is renamed into place whole; an earlier report's files are replaced one
    by one, README.txt last."""
    try:
        if not target.exists():
            os.replace(temp, target)
            return
        for name in REPORT_FILES:
            replace_into(temp / name, target / name)
    except OSError as error:
        raise WriteFailedError(f"The report could not be moved into {shown(folder)} ({error.strerror}).",
                               error.strerror or "") from None


def _write_files(folder: Path, report: AgreementReport, raw: bool) -> None:
    _write(folder / "overall.csv", FIGURE_COLUMNS, (_figure_row(f) for f in report.overall), raw)
    _write(folder / "by_code.csv", ["code", "path", "is_group", *FIGURE_COLUMNS],
           ([c.label, c.path, c.is_group, *_figure_row(f)] for c in report.by_code for f in c.figures), raw)
    _write(folder / "pairs.csv", ["coder_1", "coder_2", *FIGURE_COLUMNS],
           ([p.first, p.second, *_figure_row(f)] for p in report.pairs for f in p.figures), raw)
    _write(folder / "by_document.csv", ["document", "length", *FIGURE_COLUMNS],
           ([d.name, d.length, *_figure_row(f)] for d in report.by_document for f in d.figures), raw)
    _table(folder / "confusion.csv", report.confusion, raw)
    _write(folder / "disagreements.csv", ["id", "document", "start", "end", "text", *report.coders],
           ([d.id, d.document, d.start, d.end, d.text, *(_who(d, c) for c in report.coders)]
            for d in report.disagreements), raw)
    write_units(folder, report, raw)
    write_text_atomically(folder / "README.txt", README.format(project=report.project, coders=len(report.coders),
                                                              documents=len(report.documents), unit=report.unit,
                                                              cu_variant_note=report.cu_variant_note
                                                              + (f"\n{report.round.sentence}" if report.round else "")
                                                              + (f"\n{report.gamma.sentence} Their figures are the "
                                                                 "rows gamma and gamma_cat of overall.csv and "
                                                                 "by_document.csv, and gamma_k of by_code.csv."
                                                                 if report.gamma else "")),
                         newline=None)
