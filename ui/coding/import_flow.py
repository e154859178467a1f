"""File › Import Files…/Folder… and drops on the Documents list, off the GUI thread.

``ImportFlow`` is the conversation: which files, which columns of a spreadsheet are the text
and the name (``column_dialog.ask_columns``), the ``ImportJob`` (a ``BackgroundJob`` with a
progress dialog) and the report. Cancel stops the import before the next file; files imported
so far stay imported, and ``done(results, cancelled)`` reports them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ..shared import dialogs
from ..shared.jobs import BackgroundJob


def import_task(paths: list[str], columns: Optional[dict] = None):
    """``fn(project, progress, cancelled)`` importing ``paths``: plain files in one batch, then
    each spreadsheet with its own ``(text, name)`` columns; progress is ``(done, total, name)``."""
    paths = [str(p) for p in paths]
    columns = {str(p): c for p, c in (columns or {}).items()}
    batches = [([p for p in paths if p not in columns], (None, None))]
    batches += [([p], columns[p]) for p in paths if p in columns]

    def run(project, progress, cancelled) -> list:
        results = []
        for batch, (text_column, name_column) in batches:
            if batch and not cancelled():
                results += project.import_files(
                    batch, text_column=text_column, name_column=name_column, cancelled=cancelled,
                    progress=lambda done, total, path: progress((done, total, Path(path).name)))
        return results
    return run


class ImportJob(BackgroundJob):
    """One import with a progress dialog; ``done(results, cancelled)`` or ``failed(message)`` once,
    on the GUI thread, after the thread has stopped."""

    progressed = Signal(int, int, str)   # done, total, file name
    done = Signal(list, bool)            # list[ImportResult], cancelled

    def __init__(self, project_path: Path, paths: list[str], parent: Optional[QWidget] = None,
                 show_dialog: bool = True, columns: Optional[dict] = None):
        super().__init__(project_path, import_task(paths, columns), parent, "importThread",
                         "The import stopped unexpectedly")
        self.progress_reported.connect(self._on_progress_reported)
        self.finished.connect(self._on_finished)
        if show_dialog:
            self.show_progress(parent, "importProgress", "Importing texts", "Preparing the import…")

    def cancel(self) -> None:
        super().cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("Cancelling after the current file…")

    def _on_progress_reported(self, payload: tuple) -> None:
        done, total, name = payload
        self.show_step(done, f"Imported {done} of {total}: {name}", total)
        self.progressed.emit(done, total, name)

    def _on_finished(self, results: list) -> None:
        self.done.emit(results, self.cancel_requested)


def summarise(results: list, cancelled: bool) -> str:
    """One or two plain sentences about an import, for the status bar or a message box."""
    counts = {s: sum(r.status == s for r in results) for s in ("imported", "duplicate", "refused", "warning")}
    text = (f"{counts['imported']} imported, {counts['duplicate']} already in the project, "
            f"{counts['refused']} refused.")
    if counts["warning"]:
        text += f" {counts['warning']} imported in part (see the details)."
    if cancelled:
        text = "Import cancelled; files imported before cancelling are kept. " + text
    return text


def refusals(results: list) -> list[str]:
    return [r.message for r in results if r.status in ("refused", "warning")]


class ImportFlow(QObject):
    """One import at a time for a main window; ``job`` is the one running (or ``None``)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.job: Optional[ImportJob] = None

    def choose_files(self) -> None:
        paths = dialogs.choose_files_to_import(self.window)
        if paths:
            self.start(paths)

    def choose_folder(self) -> None:
        folder = dialogs.choose_folder_to_import(self.window)
        if folder:
            self.start([folder])

    def start(self, paths: list, show_dialog: bool = True) -> Optional[ImportJob]:
        """Import files/folders in a worker thread with a progress dialog; returns the job."""
        from .column_dialog import ask_columns

        if self.job is not None:
            self.window.statusBar().showMessage("An import is already running.", 5000)
            return None
        paths, columns = ask_columns(self.window, paths)   # a spreadsheet: which column is the text, the name
        if not paths:
            return None
        job = ImportJob(self.window.project.path, paths, self.window, show_dialog=show_dialog, columns=columns)
        job.done.connect(self._on_job_done)
        job.failed.connect(self._on_job_failed)
        self.job = job
        self.window.import_action.setEnabled(False)
        job.start()
        return job

    def stop(self) -> None:
        """The window closes: cancel and wait for the worker's thread."""
        if self.job is not None:
            self.job.stop()

    def _end(self) -> None:
        if self.job is not None:
            self.job.deleteLater()
        self.job = None
        self.window.import_action.setEnabled(True)

    def _on_job_done(self, results: list, cancelled: bool) -> None:
        self._end()
        new_ids = self.window.document_model.add_new_documents()
        if new_ids and self.window.session.document_id is None:
            self.window.session.select_document(new_ids[0])
        summary = summarise(results, cancelled)
        self.window.statusBar().showMessage(summary, 15000)
        problems = refusals(results)
        if problems:
            self._report(summary, problems)

    def _report(self, summary: str, problems: list[str]) -> None:
        box = QMessageBox(QMessageBox.Information, "Import finished", summary, QMessageBox.Ok, self.window)
        box.setObjectName("importReport")
        box.setDetailedText("\n".join(problems))
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()

    def _on_job_failed(self, message: str) -> None:
        self._end()
        self.window.document_model.add_new_documents()
        self.window.statusBar().showMessage(message, 10000)
