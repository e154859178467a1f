"""Long work off the GUI thread: importing files, with progress and Cancel.

SQLite connections belong to one thread, so the worker opens its own ``Project`` on the
same file; the GUI's connection sees the committed documents afterwards (the core caches
nothing between calls).
"""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator import Project
from annotator.errors import AnnotatorError


class ImportWorker(QObject):
    """Runs ``Project.import_files`` in a worker thread; signals cross back queued."""

    progressed = Signal(int, int, str)   # done, total, file name
    finished = Signal(list)              # list[ImportResult]
    failed = Signal(str)                 # a plain sentence

    def __init__(self, project_path: Path, paths: list[str], language: str | None = None,
                 columns: dict | None = None):
        super().__init__()
        self._project_path = Path(project_path)
        self._paths = [str(p) for p in paths]
        self._language = language
        self._columns = {str(p): c for p, c in (columns or {}).items()}  # spreadsheet -> (text, name)
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Thread-safe: the worker stops before the next file; files done so far stay imported."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        try:
            with Project.open(self._project_path) as project:
                results = []
                # Plain files in one batch, then each spreadsheet with its own columns.
                batches = [([p for p in self._paths if p not in self._columns], (None, None))]
                batches += [([p], self._columns[p]) for p in self._paths if p in self._columns]
                for paths, (text_column, name_column) in batches:
                    if paths and not self._cancel.is_set():
                        results += project.import_files(
                            paths, language=self._language, text_column=text_column, name_column=name_column,
                            progress=lambda done, total, path: self.progressed.emit(done, total, Path(path).name),
                            cancelled=self._cancel.is_set)
        except AnnotatorError as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug: still a sentence for the user, not a dead thread
            self.failed.emit(f"The import stopped unexpectedly ({type(error).__name__}: {error}).")
        else:
            self.finished.emit(results)


class ImportJob(QObject):
    """One import: a worker in its own QThread and a progress dialog with Cancel.

    ``done(results, cancelled)`` or ``failed(message)`` is emitted once, on the GUI thread.
    """

    progressed = Signal(int, int, str)
    done = Signal(list, bool)
    failed = Signal(str)

    def __init__(self, project_path: Path, paths: list[str], parent: QWidget | None = None,
                 show_dialog: bool = True, columns: dict | None = None):
        super().__init__(parent)
        self.worker = ImportWorker(project_path, paths, columns=columns)
        self.thread = QThread(self)
        self.thread.setObjectName("importThread")
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._on_worker_progressed, Qt.QueuedConnection)
        self.worker.finished.connect(self._on_worker_finished, Qt.QueuedConnection)
        self.worker.failed.connect(self._on_worker_failed, Qt.QueuedConnection)
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            self.dialog = QProgressDialog("Preparing the import…", "Cancel", 0, 0, parent)
            self.dialog.setObjectName("importProgress")
            self.dialog.setWindowTitle("Importing texts")
            self.dialog.setWindowModality(Qt.WindowModal)
            self.dialog.setMinimumDuration(300)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self.cancel)

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        self.worker.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("Cancelling after the current file…")

    def _on_worker_progressed(self, done: int, total: int, name: str) -> None:
        if self.dialog is not None and not self.worker.cancelled:
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)
            self.dialog.setLabelText(f"Imported {done} of {total}: {name}")
        self.progressed.emit(done, total, name)

    def _finish(self) -> None:
        self.thread.quit()
        self.thread.wait()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)   # closing it emits canceled
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _on_worker_finished(self, results: list) -> None:
        self._finish()
        self.done.emit(results, self.worker.cancelled)

    def _on_worker_failed(self, message: str) -> None:
        self._finish()
        self.failed.emit(message)


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
