"""What the count windows (Code Frequencies, Co-occurrence) and Coded Segments share: a table
filled off the GUI thread by ``self.filling`` (a ``BackgroundFill``) from the code and coder
filters (``self.filters``), filled again when shown after a change and abandoned when closed,
and the file its export goes to."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from annotator.segments import gold_coder

from ..shared.jobs import BackgroundJob
from ..shared.session import Session
from .background_fill import BackgroundFill
from .segment_export import ask_path
from .segment_filters import FilterPanel


class FilledWindow(QWidget):
    filled = Signal()              # the table shows the result of a fill
    fill_failed = Signal(str)
    exported = Signal(object)      # the path written
    export_failed = Signal(str)

    session: Session
    filling: BackgroundFill
    filters: FilterPanel

    def _reload_filters(self) -> None:
        project = self.session.project
        self.filters.codes.reload(project.codes())
        self.filters.coders.reload(project.coders(), gold_coder(project), aside=project.retest_coders())

    @property
    def job(self) -> Optional[BackgroundJob]:
        """The fill under way, if any."""
        return self.filling.job

    def fill(self) -> BackgroundJob:
        raise NotImplementedError

    def export_path(self, path, name: str) -> Optional[Path]:
        """``path``, or else one asked with a save dialog suggesting "<project> <name>.csv" (None if cancelled)."""
        if path is None:
            project = self.session.project
            path = ask_path(self, Path(project.path).with_name(f"{project.name} {name}.csv"))
        return None if path is None else Path(path)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.filling.needs_fill():
            self.fill()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.filling.abandon()
        self.filling.stale = True
        super().closeEvent(event)
