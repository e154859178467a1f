"""File › Merge Coders' Work…: coder packages merged off the GUI thread, undoable.

``MergeWorker`` runs the core's ``merge`` on its own ``Project`` (SQLite connections belong
to one thread, as for imports); ``MergeJob`` adds the thread and a progress dialog whose
Cancel stops the merge at its next step: before the commit nothing changes (the core's one
transaction rolls back). ``MergeRun`` is the conversation with the user: choose packages,
confirm matches by name if the core asks (then run again with that answer), show the report,
put the merge on the undo stack (``session.push_applied(report.undo, ...)``) and announce
``Change(kind="merge")`` so every view rebuilds.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QObject, QThread, Qt, Signal, Slot
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QLabel,
                               QMessageBox, QPlainTextEdit, QProgressDialog, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from annotator import Project
from annotator.commands import Change
from annotator.errors import AnnotatorError

from .dialogs import PROJECT_FILTER, documents_folder

MERGE_LABEL = "Merge coders' work"


class _Cancelled(Exception):
    """Raised from the progress callback: the core rolls its transaction back."""


class MergeWorker(QObject):
    """Runs ``annotator.merging.merge`` in a worker thread; signals cross back queued."""

    progressed = Signal(str)              # the core's step ("reading ana.annot", "writing annotations"…)
    finished = Signal(object)             # MergeReport
    needs_confirmation = Signal(list)     # [NameMatch]: nothing was merged, ask the user
    cancelled = Signal()                  # stopped before the commit: nothing changed
    failed = Signal(str)                  # a plain sentence: nothing changed

    def __init__(self, project_path: Path, paths: list[str], confirmed: Optional[list] = None):
        super().__init__()
        self._project_path = Path(project_path)
        self._paths = [str(p) for p in paths]
        self._confirmed = confirmed
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Thread-safe: the merge stops at its next step and rolls back, unless already committed."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, step: str) -> None:
        self.progressed.emit(step)
        if self._cancel.is_set():
            raise _Cancelled()

    @Slot()
    def run(self) -> None:
        from annotator.merging import merge

        asked: list = []

        def confirm(matches) -> bool:
            # Only the very matches the user saw and accepted.
            if self._confirmed is not None and list(matches) == list(self._confirmed):
                return True
            asked[:] = list(matches)
            return False

        try:
            if self._cancel.is_set():
                raise _Cancelled()
            with Project.open(self._project_path) as project:
                report = merge(project, self._paths, confirm_name_matches=confirm, progress=self._progress)
        except _Cancelled:
            self.cancelled.emit()
        except AnnotatorError as error:
            if asked:
                self.needs_confirmation.emit(asked)
            else:
                self.failed.emit(str(error))
        except Exception as error:  # a bug: still a sentence for the user, not a dead thread
            self.failed.emit(f"The merge stopped unexpectedly and nothing was merged "
                             f"({type(error).__name__}: {error}).")
        else:
            self.finished.emit(report)


class MergeJob(QObject):
    """One merge: a worker in its own QThread and a progress dialog with Cancel. Exactly one
    of ``done(report)``, ``needs_confirmation(matches)``, ``cancelled()``, ``failed(message)``
    is emitted, on the GUI thread, after the thread has stopped."""

    progressed = Signal(str)
    done = Signal(object)
    needs_confirmation = Signal(list)
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, project_path: Path, paths: list[str], parent: Optional[QWidget] = None,
                 confirmed: Optional[list] = None, show_dialog: bool = True):
        super().__init__(parent)
        self.paths = [str(p) for p in paths]
        self.worker = MergeWorker(project_path, self.paths, confirmed)
        self.thread = QThread(self)
        self.thread.setObjectName("mergeThread")
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._on_worker_progressed, Qt.QueuedConnection)
        # Bound methods of this GUI-thread object, so the slots run on the GUI thread.
        self.worker.finished.connect(self._on_worker_finished, Qt.QueuedConnection)
        self.worker.cancelled.connect(self._on_worker_cancelled, Qt.QueuedConnection)
        self.worker.failed.connect(self._on_worker_failed, Qt.QueuedConnection)
        self.worker.needs_confirmation.connect(self._on_worker_needs_confirmation, Qt.QueuedConnection)
        self._steps = 0
        self.dialog: Optional[QProgressDialog] = None
        if show_dialog:
            self.dialog = QProgressDialog("Reading the packages…", "Cancel", 0, len(self.paths) + 3, parent)
            self.dialog.setObjectName("mergeProgress")
            self.dialog.setWindowTitle("Merging coders' work")
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
            self.dialog.setLabelText("Cancelling: nothing will be merged…")

    def _on_worker_progressed(self, step: str) -> None:
        self._steps += 1
        if self.dialog is not None and not self.worker.cancel_requested:
            self.dialog.setValue(min(self._steps, self.dialog.maximum()))
            self.dialog.setLabelText(f"{step[:1].upper()}{step[1:]}…")
        self.progressed.emit(step)

    def _on_worker_finished(self, report) -> None:
        self._finish(self.done, report)

    def _on_worker_cancelled(self) -> None:
        self._finish(self.cancelled)

    def _on_worker_failed(self, message: str) -> None:
        self._finish(self.failed, message)

    def _on_worker_needs_confirmation(self, matches: list) -> None:
        self._finish(self.needs_confirmation, matches)

    def _finish(self, signal, *args) -> None:
        self.thread.quit()
        self.thread.wait()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)   # closing it emits canceled
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        signal.emit(*args)


class MergeReportDialog(QDialog):
    """What the merge did, one row per coder, with every refusal and its reason below."""

    COLUMNS = ("Coder", "Package", "Documents", "Added", "Updated", "Unchanged", "Refused")

    def __init__(self, report, undoable: bool, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("mergeReport")
        self.setWindowTitle("Merge finished")
        self.report = report
        layout = QVBoxLayout(self)
        added = sum(p.added for p in report.packages)
        refused = sum(sum(p.refused.values()) for p in report.packages)
        headline = (f"<b>Merged {len(report.packages)} package{'s' if len(report.packages) != 1 else ''}: "
                    f"{added} annotation{'s' if added != 1 else ''} added, {refused} refused.</b>")
        if not report.changed:
            headline = "<b>Nothing new: the project already had all of this work.</b>"
        self.summary = QLabel(headline)
        self.summary.setObjectName("mergeSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addWidget(self._table(report))
        details = [line for line in report.lines()]
        self.details = QPlainTextEdit("\n".join(details))
        self.details.setObjectName("mergeDetails")
        self.details.setAccessibleName("The merge report")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        layout.addWidget(QLabel("Details (refusals and their reasons, codebook changes):"))
        layout.addWidget(self.details, 1)
        note = QLabel("Edit › Undo takes the whole merge back." if undoable else
                      "Nothing was changed, so there is nothing to undo.")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        em, line = self.fontMetrics().averageCharWidth(), self.fontMetrics().height()
        self.resize(em * 110, line * 26)

    def _table(self, report) -> QTableWidget:
        table = QTableWidget(len(report.packages), len(self.COLUMNS))
        table.setObjectName("mergeReportTable")
        table.setAccessibleName("Per coder: documents and annotations added, unchanged and refused")
        table.setHorizontalHeaderLabels(self.COLUMNS)
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.verticalHeader().hide()
        for row, package in enumerate(report.packages):
            refused = sum(package.refused.values())
            values = (package.coder, Path(package.path).name, package.documents, package.added, package.updated,
                      package.unchanged, refused)
            for column, value in enumerate(values):
                item = QTableWidgetItem(f"{value:,}" if isinstance(value, int) else str(value))
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                item.setToolTip("\n".join(package.lines()))
                table.setItem(row, column, item)
        table.setFocusPolicy(Qt.NoFocus)
        table.setSelectionMode(QAbstractItemView.NoSelection)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setFixedHeight(header.sizeHint().height() + rows + 2 * table.frameWidth() + 2)
        return table


def choose_packages(parent: Optional[QWidget]) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, "Merge coder packages", documents_folder(), PROJECT_FILTER)
    return paths


def describe_matches(matches) -> str:
    lines = []
    for m in matches:
        what = "code" if m.kind == "code" else "coder"
        lines.append(f"• the {what} “{m.name}” in {m.package}")
    return "\n".join(lines)


class MergeRun(QObject):
    """One merge from the user's side: job, name-match question, report, undo step."""

    ended = Signal(str)      # "merged", "cancelled", "failed", "declined"

    def __init__(self, window, paths: list[str], show_progress: bool = True):
        super().__init__(window)
        self.window = window
        self.paths = [str(p) for p in paths]
        self.show_progress = show_progress
        self.job: Optional[MergeJob] = None
        self.question: Optional[QMessageBox] = None
        self.report_dialog: Optional[MergeReportDialog] = None
        self.message: Optional[QMessageBox] = None
        self.report = None
        window.closed.connect(self._on_window_closed)

    def start(self, confirmed: Optional[list] = None) -> MergeJob:
        job = self.make_job(confirmed)
        job.start()
        return job

    def make_job(self, confirmed: Optional[list] = None) -> MergeJob:
        """The job, connected but not started (``start`` starts it)."""
        job = MergeJob(self.window.project.path, self.paths, self.window, confirmed, self.show_progress)
        job.done.connect(self._on_job_done)
        job.needs_confirmation.connect(self._on_job_needs_confirmation)
        job.cancelled.connect(self._on_job_cancelled)
        job.failed.connect(self._on_job_failed)
        self.job = job
        return job

    def _end(self, outcome: str, status: str) -> None:
        if self.job is not None:
            self.job.deleteLater()
            self.job = None
        self.window.statusBar().showMessage(status, 15000)
        self.ended.emit(outcome)

    def _on_job_needs_confirmation(self, matches: list) -> None:
        self.job.deleteLater()
        self.job = None
        box = QMessageBox(QMessageBox.Question, "Confirm matches by name",
                          "These match the project only by name, not by their identity (UUID):\n\n"
                          f"{describe_matches(matches)}\n\n"
                          "Are they the same as the project's? If so, their annotations are merged into "
                          "the project's code or coder of that name. If not, nothing is merged.",
                          QMessageBox.Yes | QMessageBox.No, self.window)
        box.setObjectName("nameMatchQuestion")
        box.button(QMessageBox.Yes).setText("Merge as the Same")
        box.button(QMessageBox.No).setText("Merge Nothing")
        box.setDefaultButton(QMessageBox.No)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.finished.connect(lambda result: self._on_question_answered(result, matches))
        self.question = box
        box.open()

    def _on_question_answered(self, result: int, matches: list) -> None:
        self.question = None
        if result == QMessageBox.Yes:
            self.start(confirmed=matches)
        else:
            self._end("declined", "Nothing was merged: the matches by name were not confirmed.")

    def _on_job_done(self, report) -> None:
        late = self.job.worker.cancel_requested
        self.report = report
        session = self.window.session
        if report.changed:
            session.push_applied(report.undo, MERGE_LABEL)
        session.changed.emit(Change(0, (), (), kind="merge"))
        dialog = MergeReportDialog(report, report.changed, self.window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        if late:
            dialog.summary.setText(dialog.summary.text() + "<br>The merge had finished before Cancel took effect.")
        self.report_dialog = dialog
        dialog.open()
        self._end("merged", "Merge finished" + ("; Edit › Undo takes it back." if report.changed else
                                                ": nothing new."))

    def _on_window_closed(self) -> None:
        """The window closes mid-merge: stop the worker (rolled back unless committed) and
        wait for its thread, so it never outlives the window."""
        if self.job is not None:
            self.job.worker.cancel()
            self.job.thread.quit()
            self.job.thread.wait()

    def _on_job_cancelled(self) -> None:
        self._end("cancelled", "Merge cancelled; nothing changed.")

    def _on_job_failed(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Warning, "Cannot merge", message, QMessageBox.Ok, self.window)
        box.setObjectName("mergeError")
        box.setAttribute(Qt.WA_DeleteOnClose)
        self.message = box
        box.open()
        self._end("failed", "Nothing was merged.")


def merge_packages(window, paths: Optional[list] = None, show_progress: bool = True) -> Optional[MergeRun]:
    """File › Merge Coders' Work…: ask for package files (unless given) and merge them."""
    running = getattr(window, "merge_run", None)
    if running is not None and running.job is not None:
        window.statusBar().showMessage("A merge is already running.", 5000)
        return None
    paths = list(paths) if paths else choose_packages(window)
    if not paths:
        return None
    run = MergeRun(window, paths, show_progress)
    window.merge_run = run
    run.start()
    return run
