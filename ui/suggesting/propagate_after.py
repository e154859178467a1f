"""Propagate After Coding: once the coder codes a span, the same code is offered on the other
occurrences of its words, found off the GUI thread.

The window announces each new span (``span_coded``); this listens only while the option is on,
so with it off a code key costs nothing more. With it on, the code key returns at once: a worker
runs ``propagate`` for the spans coded meanwhile (in short reads, ``suggest_job``), and the GUI
pushes what it finds as one ``AddSuggestions`` (its own undo step) unless the span was undone by
then. Spans coded while a worker runs wait for it and go in the next one together.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject

from annotator.errors import NotFoundError

from ..shared.jobs import BackgroundJob
from . import suggest_job


class PropagateAfterCoding(QObject):
    def __init__(self, window, action):
        super().__init__(window)
        self.window, self.session = window, window.session
        self.job: Optional[BackgroundJob] = None
        self._waiting: list[str] = []
        self.pushed = 0                      # AddSuggestions pushed (tests)
        self.listening = False
        action.toggled.connect(self._on_action_toggled)
        self._on_action_toggled(action.isChecked())

    def _on_action_toggled(self, on: bool) -> None:
        if on == self.listening:
            return
        self.listening = on
        if on:
            self.window.span_coded.connect(self._on_window_span_coded)
        else:
            self.window.span_coded.disconnect(self._on_window_span_coded)
            self._waiting.clear()

    def _on_window_span_coded(self, uuid: str) -> None:
        self._waiting.append(uuid)
        if self.job is None:
            self._start()

    def _start(self) -> None:
        uuids, self._waiting = self._waiting, []
        coder = self.session.coder_id
        if not uuids or coder is None:
            return
        fn = suggest_job.plan("propagate", coder, None, annotations=uuids)
        self.job = job = suggest_job.start(self.session, fn, self, name="propagateThread")
        job.finished.connect(lambda command: self._on_job_finished(command, uuids))
        job.failed.connect(self._on_job_failed)

    def _on_job_finished(self, command, uuids: list[str]) -> None:
        self.job = None
        result = suggest_job.push_new(self.session, command) if command.offers and self._still_there(uuids) else None
        if result is not None and result.added:
            self.pushed += 1
            self.window.statusBar().showMessage(f"{result.added:,} more place{'s' if result.added != 1 else ''} "
                                                "offered with the same code (F9 goes there).", 8000)
        self._start()

    def _on_job_failed(self, message: str) -> None:
        self.job = None
        self.window.statusBar().showMessage(message, 8000)
        self._start()

    def _still_there(self, uuids: list[str]) -> bool:
        for uuid in uuids:
            try:
                self.session.project.annotation(uuid)
                return True
            except NotFoundError:
                continue
        return False

    def stop(self) -> None:
        if self.job is not None:
            self.job.stop()
            self.job = None
