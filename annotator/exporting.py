"""One export by format name, over :data:`annotator.formats.registry.WRITERS`.

Every writer streams: rows come from one SQL cursor ordered by document, and only the current
document's text is held in memory. Files are written through :mod:`annotator.outputs`: to a
temporary file beside the target, renamed into place (a crash never leaves half an export),
never over a project, a folder, a pipe or a device. ``progress(done, total, unit)`` hears how
far it got; once ``cancelled()`` is true the export stops at its next step with
:class:`~annotator.errors.Cancelled`, its temporary file removed and nothing replaced
(:mod:`annotator.steps`).
"""
from __future__ import annotations

from pathlib import Path

from .attribute_rules import damage_note
from .formats.registry import ExportOptions, writer
from .outputs import output_target
from .steps import Steps


def export(project, format: str, out: Path, coders=None, codes=None, raw: bool = False, progress=None,
           span_key: str = "sc", positions: str = "utf16", cancelled=None):
    """Write one export; return an :class:`~annotator.formats.spans.ExportReport`
    (what was written, and notes such as spans that had to be widened to tokens). ``positions``:
    qdpx only, ``utf16`` (NVivo, ATLAS.ti, MAXQDA) or ``codepoints`` (the REFI-QDA text, QualCoder)."""
    chosen, out = writer(format), Path(out)
    output_target(out, folder=chosen.folder)  # refused before any work; checked again when written
    project.store.check_intact("nothing was exported")
    steps = Steps(progress, cancelled)
    steps.check()
    options = ExportOptions(coders=coders, codes=codes, raw=raw, steps=steps, span_key=span_key, positions=positions)
    report = chosen.write(project, out, options)
    if note := damage_note(project.store.conn):
        report.notes.append(note)
    return report
