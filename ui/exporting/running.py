"""Running an export off the GUI thread, and telling the user how it went.

``ExportJob`` is a ``BackgroundJob`` (its own thread and ``Project``) whose progress dialog
says "12 of 40 documents" and whose Cancel stops the core at its next step
(``annotator.steps``: nothing written, a file it would have replaced left as it was).
``ExportRun`` ends in exactly one of three ways, then emits ``ended``: the result dialog (what
was written, where, the writer's notes, Show in Folder), one plain message for a refusal
(the output is a project or a folder, the project is damaged…), or "cancelled" in the status bar.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.codebook.files import export_codebook
from annotator.errors import Cancelled
from annotator.exporting import export

from ..shared.jobs import BackgroundJob, JobCancelled

CANCELLED_NOTE = "Export cancelled; nothing was written."


def annotations_task(fmt: str, out: Path, choice: dict) -> Callable:
    """What the worker runs: ``annotator.exporting.export`` with its progress and Cancel."""
    def run(project, progress, cancelled):
        try:
            return export(project, fmt, out, progress=lambda *step: progress(step), cancelled=cancelled, **choice)
        except Cancelled:
            raise JobCancelled() from None
    return run


def codebook_task(out: Path) -> Callable:
    return lambda project, _progress, _cancelled: export_codebook(project, out)


class ExportJob(BackgroundJob):
    def __init__(self, project_path: Path, task: Callable, parent: Optional[QWidget], title: str):
        super().__init__(project_path, task, parent, "exportThread",
                         "The export stopped unexpectedly and nothing was written")
        self.progress_reported.connect(self._on_progress_reported)
        self.show_progress(parent, "exportProgress", title, "Preparing the export…")

    def cancel(self) -> None:
        super().cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("Cancelling: nothing will be written…")

    def _on_progress_reported(self, payload: tuple) -> None:
        done, total, unit = payload
        self.show_step(done, f"Exported {done:,} of {total:,} {unit}…" if total else f"Exported {done:,} {unit}…",
                       total or 0)


class ExportDoneDialog(QDialog):
    """What was written and where, the writer's notes, and Show in Folder. ``opener`` opens
    the folder's URL (``QDesktopServices.openUrl``; tests put a recorder in its place)."""

    def __init__(self, headline: str, out: Path, notes: list[str], parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("exportDone")
        self.setWindowTitle("Export finished")
        self.out, self.opener = Path(out), QDesktopServices.openUrl
        layout = QVBoxLayout(self)
        self.headline = QLabel(f"<b>{headline}</b>")
        self.headline.setTextFormat(Qt.RichText)
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        layout.addWidget(QLabel("The folder of the export:" if self.out.is_dir() else "Saved as:"))
        self.path_edit = QLineEdit(str(self.out))
        self.path_edit.setObjectName("exportPath")
        self.path_edit.setAccessibleName("Where the export was written")
        self.path_edit.setReadOnly(True)
        self.path_edit.setCursorPosition(0)
        layout.addWidget(self.path_edit)
        self.notes = QPlainTextEdit("\n".join(notes))
        self.notes.setObjectName("exportNotes")
        self.notes.setAccessibleName("Notes on the export")
        self.notes.setReadOnly(True)
        if notes:
            layout.addWidget(QLabel("Notes:"))
            layout.addWidget(self.notes, 1)
        else:
            self.notes.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.show_button = buttons.addButton("&Show in Folder", QDialogButtonBox.ActionRole)
        self.show_button.setObjectName("showInFolderButton")
        self.show_button.clicked.connect(self.show_in_folder)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        em, line = self.fontMetrics().averageCharWidth(), self.fontMetrics().height()
        self.resize(em * 80, line * (24 if notes else 10))

    def folder_url(self) -> QUrl:
        return QUrl.fromLocalFile(str(self.out if self.out.is_dir() else self.out.parent))

    def show_in_folder(self) -> None:
        self.opener(self.folder_url())


class ExportRun(QObject):
    """One export from the user's side: the job, then the result, a refusal or the cancel."""

    ended = Signal(str)      # "written", "cancelled", "failed"

    def __init__(self, window, owner: QWidget, out: Path, describe: Callable):
        super().__init__(window)
        self.window, self.owner, self.out, self.describe = window, owner, Path(out), describe
        self.job: Optional[ExportJob] = None
        self.done_dialog: Optional[ExportDoneDialog] = None
        self.message: Optional[QMessageBox] = None
        window.closed.connect(self._on_window_closed)

    def start(self, task: Callable, title: str) -> ExportJob:
        job = ExportJob(self.window.project.path, task, self.owner, title)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.cancelled.connect(self._on_job_cancelled)
        self.job = job
        job.start()
        return job

    def _end(self, outcome: str, status: str) -> None:
        if self.job is not None:
            self.job.deleteLater()
            self.job = None
        self.window.statusBar().showMessage(status, 15000)
        self.ended.emit(outcome)

    def _on_job_finished(self, report) -> None:
        headline, notes = self.describe(report)
        dialog = ExportDoneDialog(headline, self.out, notes, self.window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.done_dialog = dialog
        dialog.open()
        self._end("written", f"{headline} Saved as {self.out}.")

    def _on_job_failed(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Warning, "Nothing was exported", message, QMessageBox.Ok, self.owner)
        box.setObjectName("exportError")
        box.setAttribute(Qt.WA_DeleteOnClose)
        self.message = box
        box.open()
        self._end("failed", "Nothing was exported.")

    def _on_job_cancelled(self) -> None:
        self._end("cancelled", CANCELLED_NOTE)

    def _on_window_closed(self) -> None:
        if self.job is not None:
            self.job.stop()


def describe_export(fmt: str) -> Callable:
    return lambda report: (f"Wrote {report.count:,} {report.unit} ({fmt}).", list(report.notes))


def describe_codebook(report) -> tuple[str, list[str]]:
    notes = [f"Not in this format: {note}" for note in report.notes]
    return f"Wrote the codebook: {report.codes:,} codes ({report.format}).", notes
