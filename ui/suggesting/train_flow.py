"""Tools › Train Model…: ask which kind of model (``train_dialog``), train the current coder's model
(gold's, when the window codes as gold) off the GUI thread, with progress in percent and Cancel, then
show its figures (Model Quality).

The worker opens its own ``Project`` (``ui/shared/jobs.py``) and calls ``project.train``, which
stores the model when it returns and nothing when cancelled (the core raises ``Cancelled``, which
ends the job as cancelled). A coder with nothing coded gets the core's one sentence. Progress
reaches the GUI only when the percent changes: training ticks thousands of times.
"""
from __future__ import annotations

import dataclasses
from typing import Callable, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog

from ..shared import dialogs
from ..shared.jobs import BackgroundJob
from .train_dialog import CHOICES, TrainDialog


class TrainFlow(QObject):
    trained = Signal(object)       # annotator.assist.model.TrainedModel, stored
    refused = Signal(str)          # a plain sentence (nothing coded yet…)

    def __init__(self, window):
        super().__init__(window)
        self.window, self.session = window, window.session
        self.job: Optional[BackgroundJob] = None

    def ask(self) -> Optional[BackgroundJob]:
        """Ask which kind of model, then train it; None if cancelled, a training runs already or nobody codes."""
        coder_id = self.session.coder_id
        if self.job is not None or coder_id is None:
            return None
        dialog = TrainDialog(self.session.project, coder_id, self.window)
        if dialog.exec() != QDialog.Accepted:
            return None
        return self.run(dialog.kind())

    def run(self, kind: str = "sentence") -> Optional[BackgroundJob]:
        """Train the current coder's model of ``kind``; None if a training runs already or nobody codes."""
        coder_id = self.session.coder_id
        if self.job is not None or coder_id is None:
            return None
        what = CHOICES[kind][0].replace("&", "").lower()
        label = f"Training {self.session.project.coder(coder_id).name}'s model ({what})…"
        job = BackgroundJob(self.session.project.path, train(coder_id, kind), self, name="trainThread",
                            unexpected="Training stopped unexpectedly and no model was stored")
        self.job = job
        job.show_progress(self.window, "trainProgress", "Train Model", label, maximum=100)
        job.progress_reported.connect(lambda percent: job.show_step(percent, label))
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.cancelled.connect(self._on_job_cancelled)
        job.start()
        return job

    def stop(self) -> None:
        """The window closes: cancel (nothing is stored) and wait."""
        if self.job is not None:
            self.job.stop()
            self.job = None

    def _on_job_finished(self, model) -> None:
        self.job = None
        self.window.statusBar().showMessage(f"Model {model.version} trained and stored.", 10000)
        self.trained.emit(model)

    def _on_job_failed(self, message: str) -> None:
        self.job = None
        self.refused.emit(message)
        dialogs.show_error(self.window, message, "Cannot train a model")

    def _on_job_cancelled(self) -> None:
        self.job = None
        self.window.statusBar().showMessage("Training was cancelled; no model was made.", 6000)


def train(coder_id: int, kind: str = "sentence") -> Callable:
    """``fn(project, progress, cancelled)`` for a :class:`BackgroundJob`: the stored model of ``kind``,
    without its loaded pipeline (the window shows figures; suggesting loads the model again)."""
    def run(project, progress, cancelled):
        model = project.train(coder_id, kind=kind, progress=percent_steps(progress), cancelled=cancelled)
        return dataclasses.replace(model, _nlp=None)
    return run


def percent_steps(report: Callable[[int], None]) -> Callable[[float], None]:
    """A fraction callback that passes on whole percents, each once."""
    last = [-1]

    def step(fraction: float) -> None:
        percent = int(fraction * 100)
        if percent != last[0]:
            last[0] = percent
            report(percent)
    return step
