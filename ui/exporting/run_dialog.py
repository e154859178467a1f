"""What File › Export… and File › Export Codebook… share: the Export… and Cancel buttons, one
export at a time off the GUI thread (``running.ExportRun``), the dialog closing once the file is
written, and opening the dialog window-modal."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from .running import ExportRun

D = TypeVar("D", bound=QDialog)


class ExportingDialog(QDialog):
    """Subclasses lay out their choices, call ``_make_buttons``, and keep the Export… button's
    state (off while ``run`` is under way) in ``_update``."""

    def __init__(self, main_window, name: str, title: str):
        super().__init__(main_window)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.main_window, self.project = main_window, main_window.project
        self.run: Optional[ExportRun] = None

    def _make_buttons(self, export_name: str) -> None:
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.export_button = self.buttons.button(QDialogButtonBox.Ok)
        self.export_button.setText("&Export…")
        self.export_button.setObjectName(export_name)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)

    def export(self) -> Optional[ExportRun]:
        raise NotImplementedError

    def _update(self) -> None:
        raise NotImplementedError

    def _start_run(self, out: Path, describe: Callable, task: Callable, title: str) -> ExportRun:
        self.run = ExportRun(self.main_window, self, out, describe)
        self.run.ended.connect(self._on_run_ended)
        self.run.start(task, title)
        self._update()
        return self.run

    def _on_run_ended(self, outcome: str) -> None:
        self.run.deleteLater()
        self.run = None
        self._update()
        if outcome == "written":
            self.accept()


def open_on(main_window, dialog: D, attribute: str) -> D:
    """Open ``dialog`` window-modal (so there is one at a time), kept as ``main_window.<attribute>``."""
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    setattr(main_window, attribute, dialog)
    dialog.open()
    return dialog
