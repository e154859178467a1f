"""Tools › Suggest Codes…: ask the method and scope, run it off the GUI thread with progress and
Cancel, then push the suggestions as one undo step and say how many per code."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog

from ..shared import dialogs
from ..shared.jobs import BackgroundJob
from . import suggest_job
from .suggest_dialog import SuggestDialog


class SuggestFlow(QObject):
    suggested = Signal(object)       # annotator.suggestions.Added, once pushed
    refused = Signal(str)            # a plain sentence (a method not available, a bad scope…)

    def __init__(self, window):
        super().__init__(window)
        self.window, self.session = window, window.session
        self.job: Optional[BackgroundJob] = None

    def ask(self) -> Optional[BackgroundJob]:
        if not self.window.coders.ready() or self.session.coder_id is None:
            return None
        document = self.session.document_id
        name = self.window.document_model.name_of(document) if document is not None else None
        dialog = SuggestDialog(self.session.project, self.session.coder_id, name, self.window)
        if dialog.exec() != QDialog.Accepted:
            return None
        method, all_documents, options = dialog.choice()
        return self.run(method, all_documents, **options)

    def run(self, method: str, all_documents: bool, **options) -> Optional[BackgroundJob]:
        """Make ``method``'s suggestions for the current coder in this document or in all
        (``options``: the model's ``threshold`` and ``min_f1``)."""
        if self.job is not None or self.session.coder_id is None:
            return None
        documents = None if all_documents or self.session.document_id is None else [self.session.document_id]
        work = suggest_job.plan(method, self.session.coder_id, documents, **options)
        job = suggest_job.start(self.session, work, self)
        self.job = job
        job.show_progress(self.window, "suggestProgress", "Suggest Codes", f"Suggesting codes ({method})…")
        job.progress_reported.connect(lambda step: job.show_step(step[0], f"Suggesting codes ({method})…", step[1]))
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.cancelled.connect(self._on_job_cancelled)
        return job

    def _on_job_finished(self, command) -> None:
        self.job = None
        result = suggest_job.push_new(self.session, command)
        if result is None:
            return
        codes = {c.id: c.name for c in self.session.project.codes()}
        counts = ", ".join(f"{codes.get(code, code)} {n:,}" for code, n in sorted(result.by_code.items()))
        message = (f"{result.added:,} new suggestion{'s' if result.added != 1 else ''}: {counts} (F9 goes to the "
                   "next one)." if result.added else "No new suggestions: everything found is coded or was offered.")
        self.window.statusBar().showMessage(message, 10000)
        self.suggested.emit(result)

    def _on_job_failed(self, message: str) -> None:
        self.job = None
        self.refused.emit(message)
        dialogs.show_error(self.window, message, "Cannot suggest codes")

    def _on_job_cancelled(self) -> None:
        self.job = None
        self.window.statusBar().showMessage("Suggesting was cancelled; nothing was added.", 6000)
