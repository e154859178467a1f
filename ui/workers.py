"""Importing files off the GUI thread, with progress and Cancel (a ``BackgroundJob``).

Cancel stops the import before the next file; files imported so far stay imported, and
``done(results, cancelled)`` reports them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from .jobs import BackgroundJob


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
        if self.dialog is not None and not self.cancel_requested:
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)
            self.dialog.setLabelText(f"Imported {done} of {total}: {name}")
        self.progressed.emit(done, total, name)

    def _on_finished(self, results: list) -> None:
        self.done.emit(results, self.cancel_requested)


def summarise(results: list, cancelled: bool) -> str:
    """One or two plain sentences about an import, for the status bar or a message box."""
    counts = {s: sum(r.status == s for r in results) for s in ("imported", "duplicate", "refused")}
    text = (f"{counts['imported']} imported, {counts['duplicate']} already in the project, "
            f"{counts['refused']} refused.")
    if cancelled:
        text = "Import cancelled; files imported before cancelling are kept. " + text
    return text


def refusals(results: list) -> list[str]:
    return [r.message for r in results if r.status == "refused"]
