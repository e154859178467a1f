"""Edit › Find in All Documents (Ctrl+Shift+F): a dock under the text with the pattern, its
options, an optional restriction (this document; attribute conditions such as
``outlet=Daily; year>=2024``), the hits with their context, and Code All Hits….

Searches and the planning of Code All Hits run in a ``BackgroundJob`` (its own connection), so
the window stays responsive and a Cancel button stops them between documents; only the
insert runs on the GUI thread, through ``session.push`` as one undo step. Code All Hits codes the
hits listed, as listed (``Project.autocode_hits_command``), never those of a second search.
Choosing a hit (click, arrow keys, Enter) shows it in the coding window: the document is opened
and the hit selected by the text view, which converts code points to Qt's positions
(``ui/shared/offsets.py``).
"""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.autocode import AutoCodeResult

from ..shared.jobs import BackgroundJob, JobCancelled
from .code_hits_dialog import CodeHitsDialog
from .hit_table import HitTable
from .search_form import SearchForm


class SearchPanel(QWidget):
    searched = Signal(int)                  # a search ended with this many hits
    coded = Signal(object)                  # Code All Hits was applied: an AutoCodeResult
    failed = Signal(str)                    # a search or Code All Hits was refused: the sentence shown
    hit_shown = Signal(int, int, int)       # document id, start, end (code points)

    def __init__(self, session, text_view=None, ready: Optional[Callable[[], bool]] = None, parent=None):
        super().__init__(parent)
        self.session, self.text_view, self._ready = session, text_view, ready
        self.setObjectName("searchPanel")
        self.job: Optional[BackgroundJob] = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.form = SearchForm()
        self.form.search_requested.connect(self.search)
        layout.addWidget(self.form)
        self.table = HitTable()
        self.model = self.table.hit_model
        self.table.hit_chosen.connect(self.show_hit)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._build_status_row())

    # ------------------------------------------------------------------ building
    def _build_status_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.status_label = QLabel("Type a word or phrase and press Enter.")
        self.status_label.setObjectName("searchStatus")
        self.status_label.setWordWrap(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("searchCancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.code_button = QPushButton("Code &All Hits…")
        self.code_button.setObjectName("codeAllHitsButton")
        self.code_button.setToolTip("Code every hit (or its sentence or paragraph) with one code, as one undo step")
        self.code_button.setEnabled(False)
        self.code_button.clicked.connect(self.code_all_hits)
        row.addWidget(self.status_label, 1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.code_button)
        return row

    # ------------------------------------------------------------------ searching
    def search(self) -> BackgroundJob:
        """Search in a worker; the hits replace the table's when it ends (``searched``)."""
        this = self.session.document_id if self.form.only_this_document() else None
        options = self.form.options(this)
        return self._start(lambda project, _progress, cancelled: _search(project, options, cancelled),
                           self._on_searched, "Searching…")

    def _on_searched(self, hits) -> None:
        self.table.set_hits(hits)
        count, documents = len(hits), hits.document_count
        self.status_label.setText("No hits." if not count else
                                  f"{count:,} hit{'s' * (count != 1)} in {documents:,} "
                                  f"document{'s' * (documents != 1)}.")
        self.code_button.setEnabled(count > 0)
        self.searched.emit(count)

    # ------------------------------------------------------------------ showing a hit
    def show_hit(self, document_id: int, start: int, end: int) -> None:
        """Open the hit's document in the coding window and select the hit there."""
        self.session.select_document(document_id)
        if self.text_view is not None and self.text_view.document_id == document_id:
            self.text_view.select_span(start, end)
            self.text_view.centerCursor()
        self.hit_shown.emit(document_id, start, end)

    # ------------------------------------------------------------------ Code All Hits
    def code_all_hits(self) -> Optional[BackgroundJob]:
        """Ask the code and the extent, then code every hit of the search shown as the current coder."""
        if not self.model.rowCount():
            return None
        if self._ready is not None and not self._ready():   # who codes; a placeholder name confirmed
            return None
        if self.session.coder_id is None:
            self._refuse("Choose who is coding (the Coder box in the toolbar) first.")
            return None
        coder = self.session.project.coder(self.session.coder_id).name
        dialog = CodeHitsDialog(self.session.project, self.model.rowCount(), coder, self)
        if dialog.exec() != QDialog.Accepted:
            return None
        return self.code_hits(*dialog.choice())

    def code_hits(self, code_id: int, extend: str) -> BackgroundJob:
        """Extend the hits listed (exactly those, not a new search: the documents in scope may have
        changed since) in a worker, then push the one command that codes them."""
        hits, coder_id = self.model.hits(), self.session.coder_id

        def plan(project, _progress, cancelled):
            command = project.autocode_hits_command(hits, code_id, coder_id, extend=extend, cancelled=cancelled)
            if cancelled():
                raise JobCancelled
            return command

        return self._start(plan, self._on_planned, "Finding the passages to code…")

    def _on_planned(self, command) -> None:
        errors: list[str] = []
        self.session.error_raised.connect(errors.append)
        try:
            pushed = self.session.push(command)
        finally:
            self.session.error_raised.disconnect(errors.append)
        if not pushed:
            self._refuse(errors[0] if errors else "Nothing was coded.")
            return
        result: AutoCodeResult = command.result
        code = self.session.project.code(command.code_id).name
        self.status_label.setText(f"Coded as {code}: {result.added:,} added, {result.already:,} already there "
                                  "(Edit › Undo takes them back).")
        self.coded.emit(result)

    # ------------------------------------------------------------------ jobs
    def _start(self, fn, on_done: Callable, label: str) -> BackgroundJob:
        if self.job is not None:
            self.cancel()
        job = BackgroundJob(self.session.project.path, fn, name="searchThread",
                            unexpected="The search stopped unexpectedly")
        job.finished.connect(lambda result: self._on_job_done(job, on_done, result))
        job.failed.connect(lambda message: self._on_job_failed(job, message))
        self.job = job
        self._set_busy(True, label)
        job.start()
        return job

    def cancel(self) -> None:
        """Stop the running job; what it found is dropped."""
        if self.job is None:
            return
        self.job.cancel()
        self.job = None
        self._set_busy(False, "Cancelled.")

    def _set_busy(self, busy: bool, message: str) -> None:
        self.status_label.setText(message)
        self.cancel_button.setVisible(busy)
        self.code_button.setEnabled(not busy and self.model.rowCount() > 0)

    def _on_job_done(self, job: BackgroundJob, on_done: Callable, result) -> None:
        if job is not self.job:      # cancelled, or replaced by a newer search
            return
        self.job = None
        self._set_busy(False, "")
        on_done(result)

    def _on_job_failed(self, job: BackgroundJob, message: str) -> None:
        if job is self.job:
            self.job = None
            self._set_busy(False, "")
            self._refuse(message)

    def _refuse(self, message: str) -> None:
        self.status_label.setText(message)
        self.failed.emit(message)


def _search(project, options: dict, cancelled):
    options = dict(options)
    hits = project.search(options.pop("pattern"), cancelled=cancelled, **options)
    if cancelled():
        raise JobCancelled
    return hits


def show_search_panel(window) -> SearchPanel:
    """Show (creating once) the Find in All Documents dock of a coding window, tabbed with its
    Annotations dock, with the pattern focused."""
    dock = window.findChild(QDockWidget, "searchDock")
    if dock is None:
        dock = QDockWidget("Find in All Documents", window)
        dock.setObjectName("searchDock")
        dock.setWidget(SearchPanel(window.session, window.text_view, window.coders.ready))
        window.addDockWidget(Qt.BottomDockWidgetArea, dock)
        window.tabifyDockWidget(window.annotations_dock, dock)
    dock.show()
    dock.raise_()
    if dock.height() < window.fontMetrics().height() * 14:    # room for a dozen hits, not the text's share
        window.resizeDocks([dock], [min(window.fontMetrics().height() * 20, window.height() // 2)], Qt.Vertical)
    panel = dock.widget()
    selected = window.text_view.textCursor().selectedText()
    panel.form.focus_pattern(selected if "\u2029" not in selected and len(selected) <= 200 else "")
    return panel
