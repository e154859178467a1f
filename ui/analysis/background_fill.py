"""How an analysis window fills: in a worker thread, one reading at a time, with a bar and Cancel
when it takes longer than 0.2 s.

A window owns one :class:`BackgroundFill` and calls :meth:`run` with the work (a function of a
``Project``, a progress callback and a cancelled check, run by a ``BackgroundJob`` on its own
connection, so the window never freezes). A newer reading abandons the one under way, whose
late news is ignored. A change of a filter, or of the project (:meth:`mark_stale`), reads
again once changes pause for ``PAUSE_MS``; a hidden window reads when it is shown again. The
bar appears only when the reading has taken ``PROGRESS_AFTER_MS``: with the number read so far,
or a bar that fills when the work reports ``(done, total)``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QWidget

from ..shared.jobs import BackgroundJob, JobCancelled

PAUSE_MS = 300          # typing and project changes: read again once they pause this long
PROGRESS_AFTER_MS = 200
REPORT_EVERY_S = 0.05   # progress reports from a worker: at most this often, and the last one


class BackgroundFill(QObject):
    finished = Signal(object)      # the work's result, for the reading still wanted
    failed = Signal(str)           # a plain sentence

    def __init__(self, owner: QWidget, prefix: str, status: QLabel, busy_text: Callable[[object], str],
                 unexpected: str):
        super().__init__(owner)
        self._owner, self._prefix, self._status = owner, prefix, status
        self._busy_text, self._unexpected = busy_text, unexpected
        self.job: Optional[BackgroundJob] = None
        self.stale = True              # the shown result may be out of date: read when next shown
        self._news = None              # the running job's last progress report
        self.pause = QTimer(self, singleShot=True, interval=PAUSE_MS)
        # Precise: a coarse timer may fire 5% early, and the bar is for readings longer than 0.2 s.
        self._delay = QTimer(self, singleShot=True, interval=PROGRESS_AFTER_MS, timeout=self._show_busy,
                             timerType=Qt.PreciseTimer)
        self.busy = QProgressBar()
        self.busy.setObjectName(f"{prefix}Busy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(owner.fontMetrics().averageCharWidth() * 20)
        self.busy.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName(f"{prefix}Cancel")
        self.cancel_button.setAutoDefault(False)
        self.set_busy(False)

    def run(self, project_path: Path, work: Callable) -> BackgroundJob:
        """Start ``work(project, progress, cancelled)``; a reading under way is abandoned."""
        self.pause.stop()
        self.abandon()
        # No parent: a job outlives a window closed under it (ui/shared/jobs.py keeps it until its thread ends).
        job = BackgroundJob(project_path, work, name=f"{self._prefix}Thread", unexpected=self._unexpected)
        job.progress_reported.connect(self._on_job_progress)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        self.job, self.stale, self._news = job, False, None
        self._delay.start()
        job.start()
        return job

    def abandon(self) -> bool:
        """Stop waiting for the reading under way (it stops at its next step); True if there was one."""
        job, self.job = self.job, None
        if job is not None:
            job.cancel()
        self.set_busy(False)
        return job is not None

    def mark_stale(self) -> None:
        """The project changed: read again after a pause if the window is shown, else when it is."""
        self.stale = True
        if self._owner.isVisible():
            self.pause.start()

    def needs_fill(self) -> bool:
        return self.stale and self.job is None

    def set_busy(self, busy: bool) -> None:
        if not busy:
            self._delay.stop()
        self.busy.setVisible(busy)
        self.cancel_button.setVisible(busy)

    def _show_busy(self) -> None:
        """The reading has taken PROGRESS_AFTER_MS: show the bar, Cancel and how far it got."""
        if self.job is None:
            return
        self.set_busy(True)
        if isinstance(self._news, tuple):
            done, total = self._news
            self.busy.setRange(0, max(total, 1))
            self.busy.setValue(min(done, max(total, 1)))
        else:
            self.busy.setRange(0, 0)
        self._status.setText(self._busy_text(self._news))

    def _on_job_progress(self, news) -> None:
        if self.sender() is self.job:
            self._news = news
            if self.busy.isVisible():
                self._show_busy()

    def _on_job_finished(self, result) -> None:
        if self.sender() is self.job:
            self.job = None
            self.set_busy(False)
            self.finished.emit(result)

    def _on_job_failed(self, message: str) -> None:
        if self.sender() is self.job:
            self.job = None
            self.set_busy(False)
            self.failed.emit(message)


def documents_progress(progress: Callable, cancelled: Callable[[], bool], clock: Callable[[], float]) -> Callable:
    """A core ``progress(done, total)`` callback for a worker: stops the work when cancelled
    (``JobCancelled``) and passes ``(done, total)`` on at most every REPORT_EVERY_S, and the last."""
    last = [float("-inf")]

    def report(done: int, total: int) -> None:
        if cancelled():
            raise JobCancelled()
        now = clock()
        if done >= total or now - last[0] >= REPORT_EVERY_S:
            last[0] = now
            progress((done, total))
    return report
