"""Long work off the GUI thread: ``BackgroundJob`` runs ``fn(project, progress, cancelled)``.

SQLite connections belong to one thread, so the worker opens its own ``Project`` on the same
file; the GUI's connection sees what it committed afterwards (the core caches nothing between
calls). ``progress(payload)`` may be called from ``fn`` with any one value; ``cancelled()`` says
whether Cancel was pressed, and ``fn`` decides what that means: stop early and return what it
has, or raise ``JobCancelled`` (or let the core's ``Cancelled`` through, which its long calls
raise). Exactly one of ``finished(result)``, ``failed(message)`` or ``cancelled()`` is emitted on
the GUI thread, after the worker's thread has stopped.

Handlers may process events (``QProgressDialog.setValue`` does on a shown modal dialog), and
on a busy machine the worker's later reports and its end are already queued behind the report
being handled. So a job delivers its news one at a time, in order: the next report, or the end,
only after the handlers of the one before have returned. A handler never sees its job end (and
``dialog`` become ``None``) under it, and reports are never seen out of order. ``show_step``
updates the dialog with ``setValue`` last, so nothing it does comes after the events that call
may process (Cancel, say).

Every job whose thread runs is kept in a registry until it ends, so a job abandoned by its
window is never destroyed under its thread; ``wait_for_jobs`` (connected to the application's
``aboutToQuit``) lets them all end. Imports, merges and the agreement report use it.
"""
from __future__ import annotations

import threading
from collections import deque
from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from annotator import Project
from annotator.errors import AnnotatorError, Cancelled

_RUNNING: set = set()     # jobs whose thread is running (possibly abandoned by their window)


class JobCancelled(Exception):
    """Raised by ``fn`` (e.g. from its progress step) to end the job with ``cancelled()``."""


class _Worker(QObject):
    """Lives in the job's thread; its signals cross back to the job queued."""

    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    stopped = Signal()            # fn raised JobCancelled

    def __init__(self, project_path: Path, fn: Callable, unexpected: str):
        super().__init__()
        self._path, self._fn, self._unexpected = Path(project_path), fn, unexpected
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Thread-safe: ``fn`` sees ``cancelled()`` true from now on."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        try:
            self._run()
        finally:
            # Nothing else runs in this thread: it stops now, so waiting for it (wait_for_jobs,
            # at quit) does not wait for the GUI thread to deliver the end first, which it can't.
            self.thread().quit()

    def _run(self) -> None:
        try:
            with Project.open(self._path) as project:
                result = self._fn(project, self.progressed.emit, self._cancel.is_set)
        except (JobCancelled, Cancelled):    # the core's Cancelled too: the user's Cancel, not a failure
            self.stopped.emit()
        except AnnotatorError as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug: still a sentence for the user, not a dead thread
            self.failed.emit(f"{self._unexpected} ({type(error).__name__}: {error}).")
        else:
            self.finished.emit(result)


class BackgroundJob(QObject):
    """``fn(project, progress, cancelled)`` in its own QThread, with an optional progress dialog."""

    progress_reported = Signal(object)    # what fn passed to progress(...)
    finished = Signal(object)             # fn's result
    failed = Signal(str)                  # a plain sentence
    cancelled = Signal()                  # fn raised JobCancelled

    def __init__(self, project_path: Path, fn: Callable, parent: Optional[QObject] = None,
                 name: str = "jobThread", unexpected: str = "The work stopped unexpectedly"):
        super().__init__(parent)
        self.worker = _Worker(project_path, fn, unexpected)
        self.thread = QThread(self)
        self.thread.setObjectName(name)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        # Bound methods of this GUI-thread object, so the slots run on the GUI thread.
        self.worker.progressed.connect(self._on_worker_progressed, Qt.QueuedConnection)
        self.worker.finished.connect(self._on_worker_finished, Qt.QueuedConnection)
        self.worker.failed.connect(self._on_worker_failed, Qt.QueuedConnection)
        self.worker.stopped.connect(self._on_worker_stopped, Qt.QueuedConnection)
        self.dialog: Optional[QProgressDialog] = None
        self._news: deque = deque()     # (emit, *args) not delivered yet, oldest first
        self._delivering = False

    def show_progress(self, parent: Optional[QWidget], name: str, title: str, label: str,
                      maximum: int = 0) -> QProgressDialog:
        """A window-modal progress dialog (after 300 ms) whose Cancel calls ``cancel``."""
        dialog = QProgressDialog(label, "Cancel", 0, maximum, parent)
        dialog.setObjectName(name)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        return dialog

    def show_step(self, value: int, label: str, maximum: Optional[int] = None) -> None:
        """Show progress in the dialog, if there is one and Cancel was not pressed. ``setValue``
        comes last: it may process events, and nothing here may overwrite what they did."""
        dialog = self.dialog
        if dialog is None or self.cancel_requested:
            return
        if maximum is not None:
            dialog.setMaximum(maximum)
        dialog.setLabelText(label)
        dialog.setValue(min(value, dialog.maximum()))

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not app.property("annotator_waits_for_jobs"):
            app.setProperty("annotator_waits_for_jobs", True)
            app.aboutToQuit.connect(wait_for_jobs)
        _RUNNING.add(self)
        self.thread.start()

    def cancel(self) -> None:
        """Thread-safe request; what it does is up to ``fn``."""
        self.worker.cancel()

    @property
    def cancel_requested(self) -> bool:
        return self.worker.cancelled

    def stop(self) -> None:
        """Cancel and wait for the thread (a window closing mid-job)."""
        self.cancel()
        self.thread.quit()
        self.thread.wait()
        _RUNNING.discard(self)

    def _deliver(self, emit: Callable, *args) -> None:
        """Deliver the worker's news in order, never inside the handling of earlier news."""
        self._news.append((emit, *args))
        if self._delivering:          # we are inside a handler that processes events
            return
        self._delivering = True
        try:
            while self._news:
                emit, *args = self._news.popleft()
                emit(*args)
        finally:
            self._delivering = False

    def _on_worker_progressed(self, payload) -> None:
        self._deliver(self.progress_reported.emit, payload)

    def _on_worker_finished(self, result) -> None:
        self._deliver(self._end, self.finished, result)

    def _on_worker_failed(self, message: str) -> None:
        self._deliver(self._end, self.failed, message)

    def _on_worker_stopped(self) -> None:
        self._deliver(self._end, self.cancelled)

    def _end(self, signal, *args) -> None:
        self.thread.quit()
        self.thread.wait()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)   # closing it emits canceled
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        _RUNNING.discard(self)
        signal.emit(*args)


def wait_for_jobs() -> None:
    """Let running jobs end and deliver their results (at exit and in tests)."""
    for job in list(_RUNNING):
        job.thread.wait()
        QApplication.processEvents()
