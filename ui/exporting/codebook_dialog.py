"""File › Export Codebook…: the codebook formats of ``annotator.codebook.files.CODEBOOK_FORMATS``
(.qdc, JSON, Markdown, HTML), then the file, then the export off the GUI thread like the
annotations (``running``); what a format cannot hold is listed with the result."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QLabel, QVBoxLayout

from annotator.codebook.files import CODEBOOK_FORMATS, CodebookFormat

from . import places
from .choices import FormatList
from .run_dialog import ExportingDialog, open_on
from .running import ExportRun, codebook_task, describe_codebook


class CodebookExportDialog(ExportingDialog):
    def __init__(self, main_window):
        super().__init__(main_window, "codebookExportDialog", "Export Codebook")
        layout = QVBoxLayout(self)
        codes = len(self.project.codes())
        intro = QLabel(f"The codebook has {codes:,} code{'' if codes == 1 else 's'}. Annotations are not part of "
                       "it (File › Export… writes those).")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.formats = FormatList("codebookFormatList", [(f.name, f.suffix, f.label) for f in CODEBOOK_FORMATS])
        layout.addWidget(QLabel("&Format:", buddy=self.formats))
        layout.addWidget(self.formats, 1)
        self._make_buttons("codebookExportButton")
        layout.addWidget(self.buttons)
        em, line = self.fontMetrics().averageCharWidth(), self.fontMetrics().height()
        self.resize(em * 90, line * 19)

    def format(self) -> CodebookFormat:
        name = self.formats.current_key()
        return next(f for f in CODEBOOK_FORMATS if f.name == name)

    def choose_format(self, name: str) -> None:
        self.formats.choose(name)

    def export(self) -> Optional[ExportRun]:
        if self.run is not None:
            return None
        chosen = self.format()
        out = places.file_output(self, places.CODEBOOK_KEY, self.project.path, chosen.name, chosen.suffix, "codebook")
        if out is None:
            return None
        return self._start_run(out, describe_codebook, codebook_task(out), "Exporting the codebook")

    def _update(self) -> None:
        self.export_button.setEnabled(self.run is None)


def show_codebook_export_dialog(main_window) -> CodebookExportDialog:
    return open_on(main_window, CodebookExportDialog(main_window), "codebook_export_dialog")
