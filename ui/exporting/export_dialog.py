"""File › Export…: every format of ``annotator.formats.registry.WRITERS`` (a new writer appears
here with no change), the coders and codes to take, the format's options; then the file (a
folder for brat) and the export off the GUI thread (``running``).

The dialog stays open until the export is written: a refusal or a Cancel leaves it as it was,
so the user can choose another file or other options.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from annotator.formats.registry import WRITERS, Writer, writer
from annotator.selection import annotation_count

from . import places
from .choices import CodeChoice, CoderChoice, FormatList
from .format_options import FormatOptions
from .run_dialog import ExportingDialog, open_on
from .running import ExportRun, annotations_task, describe_export


class ExportDialog(ExportingDialog):
    def __init__(self, main_window):
        super().__init__(main_window, "exportDialog", "Export Annotations")
        self.formats = FormatList("exportFormatList", [(w.name, w.suffix, w.label) for w in WRITERS])
        self.coders, self.codes, self.options = CoderChoice(self.project), CodeChoice(self.project), FormatOptions()
        self.summary = QLabel()
        self.summary.setObjectName("exportSummary")
        self.summary.setWordWrap(True)
        self._make_buttons("exportButton")
        self._lay_out()
        self.formats.currentItemChanged.connect(self._on_format_changed)
        for part in (self.coders, self.codes, self.options):
            part.changed.connect(self._update)
        self._on_format_changed()
        em, line = self.fontMetrics().averageCharWidth(), self.fontMetrics().height()
        self.resize(em * 120, line * 40)

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel("&Format:", buddy=self.formats))
        left.addWidget(self.formats, 1)
        left.addWidget(self.options)
        right = QVBoxLayout()
        right.addWidget(self.coders)
        right.addWidget(self.codes, 1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout.addLayout(columns, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------------ state
    def writer(self) -> Writer:
        return writer(self.formats.current_key())

    def choose_format(self, name: str) -> None:
        self.formats.choose(name)

    def choice(self) -> dict:
        """The keyword arguments of ``annotator.exporting.export`` besides the format and file."""
        return {"coders": self.coders.chosen(), "codes": self.codes.chosen(), **self.options.values()}

    def problem(self) -> str:
        if self.coders.chosen() == []:
            return "Tick at least one coder."
        if self.codes.chosen() == []:
            return "Tick at least one code."
        return self.options.problem()

    def _on_format_changed(self, *_args) -> None:
        self.options.show_options(self.writer().options)
        self.options.setTitle(f"Options for {self.writer().name}")
        self._update()

    def _update(self) -> None:
        problem = self.problem()
        if problem:
            self.summary.setText(problem)
        else:
            count = annotation_count(self.project, self.coders.chosen(), self.codes.chosen())
            self.summary.setText(f"{count:,} annotation{'' if count == 1 else 's'} by the chosen coders with the "
                                 "chosen codes." if count else "No annotation has a chosen coder and a chosen code: "
                                 "the export will hold no codings.")
        self.export_button.setEnabled(not problem and self.run is None)

    # ------------------------------------------------------------------ exporting
    def output(self) -> Optional[Path]:
        chosen = self.writer()
        if chosen.folder:
            return places.folder_output(self, places.EXPORT_KEY, self.project.path, chosen.name)
        return places.file_output(self, places.EXPORT_KEY, self.project.path, chosen.name, chosen.suffix)

    def export(self) -> Optional[ExportRun]:
        """Ask where, then export off the GUI thread; the dialog closes once the file is written."""
        if self.problem() or self.run is not None:
            return None
        out = self.output()
        if out is None:
            return None
        name = self.writer().name
        return self._start_run(out, describe_export(name), annotations_task(name, out, self.choice()),
                               f"Exporting {name}")


def show_export_dialog(main_window) -> ExportDialog:
    """File › Export…: open the dialog (window-modal, so there is one at a time)."""
    return open_on(main_window, ExportDialog(main_window), "export_dialog")
