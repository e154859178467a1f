"""What the Code Frequencies and Co-occurrence windows share: the code tree and the coders (with
gold) at the left, a Documents field for attribute conditions, the line that states what was
counted, the count in a worker (:mod:`background_fill`: a bar with Cancel after 0.2 s, a new
count after changes pause, and when the project changes), and Export Table… (CSV and XLSX as
the command line writes them, HTML as the table is shown; through :mod:`annotator.outputs`, so
never over a project). A subclass builds its choices and its body, counts, and shows the result.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from annotator.errors import AnnotatorError

from ..shared.session import touches_documents, touches_scheme
from .background_fill import BackgroundFill
from .count_fill import Choices, Counted, documents_text
from .filled_window import FilledWindow
from .segment_export import kind_of
from .segment_filters import FilterPanel


class CountWindow(FilledWindow):
    PREFIX = "count"               # object names: {PREFIX}Codes, {PREFIX}Status, {PREFIX}Unit, …
    TITLE = "Counts"
    BUSY = "Counting"

    def __init__(self, session, text_view=None, parent=None):
        super().__init__(parent, Qt.Window)
        self.session, self.text_view = session, text_view
        self.setObjectName(f"{self.PREFIX}Window")
        self.setWindowTitle(f"{self.TITLE} — {session.project.name}")
        self.counted: Optional[Counted] = None
        self.filters = FilterPanel(self.PREFIX)
        self.status = self._label("Status")
        self.unit_label = self._label("Unit")
        self.filling = BackgroundFill(self, self.PREFIX, self.status, lambda news: documents_text(news, self.BUSY),
                                      f"{self.BUSY} stopped unexpectedly")
        self.export_button = QPushButton("&Export Table…")
        self.export_button.setObjectName(f"{self.PREFIX}ExportButton")
        self.export_button.setToolTip("Write the table to CSV or Excel (as the command line writes it, for R) or "
                                      "HTML (as shown)")
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(lambda: self.export())
        self._reload_filters()

    def _label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"{self.PREFIX}{name}")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        return label

    def assemble(self, choices: QWidget, body: QWidget, buttons: tuple = ()) -> None:
        """Lay the window out: filters | choices, the unit line, the body, then the status bar."""
        right = QWidget()
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(choices)
        box.addWidget(self.unit_label)
        box.addWidget(body, 1)
        bottom = QHBoxLayout()
        for widget in (self.filling.busy, self.filling.cancel_button):
            bottom.addWidget(widget)
        bottom.addWidget(self.status, 1)
        for widget in (*buttons, self.export_button):
            bottom.addWidget(widget)
        box.addLayout(bottom)
        splitter = QSplitter()
        splitter.addWidget(self.filters)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self.fontMetrics().averageCharWidth() * 28, 1000])
        QVBoxLayout(self).addWidget(splitter)
        self.filling.pause.timeout.connect(self.fill)
        self.filling.finished.connect(self._on_filled)
        self.filling.failed.connect(self._on_fill_failed)
        self.filling.cancel_button.clicked.connect(self.cancel)
        self.filters.changed.connect(self.filling.pause.start)
        self.session.changed.connect(self._on_session_changed)

    # ------------------------------------------------------------------ counting
    def choices(self, where: tuple) -> Choices:
        names = self.filters.coders.chosen()
        ids = {c.name: c.id for c in self.session.project.coders()}
        chosen = tuple(sorted((n for n in names if n in ids), key=str.casefold))
        return Choices(self.filters.codes.chosen_ids(), frozenset(ids[n] for n in chosen), chosen, where)

    def cancel(self) -> None:
        if self.filling.abandon():
            self.status.setText("Cancelled: the table shows the previous count." if self.counted else "Cancelled.")

    def _on_filled(self, counted: Counted) -> None:
        self.counted = counted
        self.export_button.setEnabled(True)
        self.show_counted()
        self.filled.emit()

    def _on_fill_failed(self, message: str) -> None:
        self.counted = None
        self.export_button.setEnabled(False)
        self.show_counted()
        self.status.setText(message)
        self.fill_failed.emit(message)

    def show_counted(self) -> None:
        raise NotImplementedError

    def empty_note(self) -> str:
        """What the filters lack for a table ("" when they pick something)."""
        if self.counted is None or not self.counted.request.choices.empty:
            return ""
        choices = self.counted.request.choices
        return "Tick at least one code and one coder." if not choices.code_ids else "Tick at least one coder (or gold)."

    # ------------------------------------------------------------------ exporting
    def export(self, path=None) -> Optional[Path]:
        """Write the table to ``path`` (asked with a save dialog if not given); the path, or None."""
        if self.counted is None:
            return None
        path = self.export_path(path, self.TITLE.lower())
        if path is None:
            return None
        kind = kind_of(path)
        try:
            if kind is None:
                raise AnnotatorError(f"{path.name} does not end in .csv, .xlsx or .html, so it was not written.")
            notes = self.write_table(path, kind)
        except AnnotatorError as error:
            self.status.setText(str(error))
            self.export_failed.emit(str(error))
            return None
        self.status.setText(" ".join([f"Wrote {path}.", *notes]))
        self.exported.emit(path)
        return path

    def write_table(self, path: Path, kind: str) -> list[str]:
        raise NotImplementedError

    # ------------------------------------------------------------------ the project changes
    def _on_session_changed(self, change) -> None:
        if touches_scheme(change):
            self._reload_filters()
        if touches_documents(change):
            self.documents_changed()
        self.filling.mark_stale()

    def documents_changed(self) -> None:
        """Documents or their attributes changed (the frequencies' column choices follow)."""
