"""File › Merge Coders' Work…: coder packages merged off the GUI thread, undoable.

``MergeJob`` runs the core's ``merge`` as a ``BackgroundJob`` (its own thread and ``Project``,
as for imports) with a progress dialog whose Cancel stops the merge at its next step: before
the commit nothing changes (the core's one transaction rolls back). ``MergeRun`` is the
conversation with the user: choose packages, confirm matches by name if the core asks (then
run again with that answer), show the report, put the merge on the undo stack
(``session.push_applied(report.undo, ...)``) and announce a ``ChangeKind.MERGE`` change so every
view rebuilds.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.changes import Change, ChangeKind
from annotator.errors import AnnotatorError

from ..shared.dialogs import PROJECT_FILTER, documents_folder
from ..shared.jobs import BackgroundJob, JobCancelled

MERGE_LABEL = "Merge coders' work"


class MergeTask:
    """What the worker runs: the core's merge, stopping at its next step once cancelled (the
    core's one transaction rolls back). Name matches the user has not confirmed stop it too:
    it then returns ``None`` and ``asked`` holds them."""

    def __init__(self, paths: list[str], confirmed: Optional[list] = None):
        self.paths, self.confirmed, self.asked = paths, confirmed, []

    def confirm(self, matches) -> bool:
        # Only the very matches the user saw and accepted.
        if self.confirmed is not None and list(matches) == list(self.confirmed):
            return True
        self.asked = list(matches)
        return False

    def __call__(self, project, progress, cancelled):
        from annotator.merging import merge

        def step(name: str) -> None:     # "reading ana.annot", "writing annotations"…
            progress(name)
            if cancelled():
                raise JobCancelled()

        if cancelled():
            raise JobCancelled()
        try:
            return merge(project, self.paths, confirm_name_matches=self.confirm, progress=step)
        except AnnotatorError:
            if self.asked:
                return None
            raise


class MergeJob(BackgroundJob):
    """One merge with a progress dialog whose Cancel stops it before the commit. Exactly one
    of ``done(report)``, ``needs_confirmation(matches)``, ``cancelled()``, ``failed(message)``
    is emitted, on the GUI thread, after the thread has stopped."""

    done = Signal(object)                 # MergeReport
    needs_confirmation = Signal(list)     # [NameMatch]: nothing was merged, ask the user

    def __init__(self, project_path: Path, paths: list[str], parent: Optional[QWidget] = None,
                 confirmed: Optional[list] = None, show_dialog: bool = True):
        task = MergeTask([str(p) for p in paths], confirmed)
        super().__init__(project_path, task, parent, "mergeThread",
                         "The merge stopped unexpectedly and nothing was merged")
        self.task, self.paths, self._steps = task, task.paths, 0
        self.progress_reported.connect(self._on_progress_reported)
        self.finished.connect(self._on_finished)
        if show_dialog:
            self.show_progress(parent, "mergeProgress", "Merging coders' work", "Reading the packages…",
                               len(self.paths) + 3)

    def cancel(self) -> None:
        super().cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("Cancelling: nothing will be merged…")

    def _on_progress_reported(self, step: str) -> None:
        self._steps += 1
        self.show_step(self._steps, f"{step[:1].upper()}{step[1:]}…")

    def _on_finished(self, report) -> None:
        if report is None:
            self.needs_confirmation.emit(self.task.asked)
        else:
            self.done.emit(report)


class MergeReportDialog(QDialog):
    """What the merge did, one row per coder, with every refusal and its reason below."""

    COLUMNS = ("Coder", "Package", "Documents", "Added", "Updated", "Deleted", "Unchanged", "Refused")

    def __init__(self, report, undoable: bool, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("mergeReport")
        self.setWindowTitle("Merge finished")
        self.report = report
        layout = QVBoxLayout(self)
        added = sum(p.added for p in report.packages)
        deleted = sum(p.deleted for p in report.packages)
        refused = sum(sum(p.refused.values()) for p in report.packages)
        headline = (f"<b>Merged {len(report.packages)} package{'s' if len(report.packages) != 1 else ''}: "
                    f"{added} annotation{'s' if added != 1 else ''} added, "
                    f"{f'{deleted} deleted, ' if deleted else ''}{refused} refused.</b>")
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
        table.setAccessibleName("Per coder: documents and annotations added, updated, deleted, unchanged and refused")
        table.setHorizontalHeaderLabels(self.COLUMNS)
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.verticalHeader().hide()
        for row, package in enumerate(report.packages):
            refused = sum(package.refused.values())
            values = (package.coder, Path(package.path).name, package.documents, package.added, package.updated,
                      package.deleted, package.unchanged, refused)
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
        late = self.job.cancel_requested
        self.report = report
        session = self.window.session
        if report.changed:
            session.push_applied(report.undo, MERGE_LABEL)
        session.announce(Change(0, (), (), ChangeKind.MERGE))
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
            self.job.stop()

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
    if any(run.job is not None for run in window.findChildren(MergeRun)):
        window.statusBar().showMessage("A merge is already running.", 5000)
        return None
    paths = list(paths) if paths else choose_packages(window)
    if not paths:
        return None
    run = MergeRun(window, paths, show_progress)
    window.merge_run = run
    run.start()
    return run
