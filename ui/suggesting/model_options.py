"""Suggest Codes… with the model method: the score threshold and the minimum held-out F1.

The threshold is each code's own (the model's, 0.5 unless set) until the user sets one for all
codes; the minimum F1 (default 0: every code) leaves out codes whose held-out F1 is lower, and a
line below names them, from the stored model's figures. Both are remembered per project in
``QSettings``: how many suggestions a coder wants to see is their preference, not the study's
data (each suggestion records the model version and its score).
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QWidget

from ..shared.project_keys import project_key
from .quality_figures import CodeNames, excluded_text

THRESHOLD_KEY, MIN_F1_KEY = "suggest/modelThreshold", "suggest/modelMinF1"


class ModelOptions(QObject):
    """The rows :meth:`add_rows` puts in the dialog's form; ``options()`` is ``{"threshold": float or
    None, "min_f1": float}``; ``has_model`` says whether the coder has a stored model to suggest with."""

    def __init__(self, project, coder_id: int, parent=None):
        super().__init__(parent)
        self.project = project
        model = project.model(coder_id)
        self.metrics = model.metrics if model is not None else None
        self.names = CodeNames(project.codes())
        self.own = QCheckBox("Each code's &own")
        self.own.setObjectName("suggestOwnThreshold")
        self.own.setToolTip("The threshold the model keeps per code (0.5 unless set)")
        self.threshold = _share_box("suggestThreshold")
        self.min_f1 = _share_box("suggestMinF1")
        self.excluded = QLabel()
        self.excluded.setObjectName("suggestExcluded")
        self.excluded.setWordWrap(True)
        self.rows: list[QWidget] = []
        self._restore()
        self.own.toggled.connect(lambda own: self.threshold.setEnabled(not own))
        self.min_f1.valueChanged.connect(self._show_excluded)
        self._show_excluded(coder_id)

    @property
    def has_model(self) -> bool:
        return self.metrics is not None

    def add_rows(self, form: QFormLayout) -> None:
        """The threshold, the minimum F1 and the line naming the codes it leaves out, as rows of ``form``."""
        self.rows = [_row(self.own, self.threshold), _row(self.min_f1), self.excluded]
        form.addRow("Score at least:", self.rows[0])
        form.addRow("Minimum held-out &F1:", self.rows[1])
        form.addRow(self.excluded)

    def set_visible(self, form: QFormLayout, visible: bool) -> None:
        for row in self.rows:
            form.setRowVisible(row, visible)

    def _show_excluded(self, coder_id: Optional[int] = None) -> None:
        if self.metrics is not None:
            self.excluded.setText(excluded_text(self.metrics, self.names, self.min_f1.value()))
        elif coder_id is not None:
            name = self.project.coder(coder_id).name
            self.excluded.setText(f"{name} has no trained model yet; Tools › Train Model… trains one.")

    def options(self) -> dict:
        return {"threshold": None if self.own.isChecked() else self.threshold.value(),
                "min_f1": self.min_f1.value()}

    def remember(self) -> None:
        settings, chosen = QSettings(), self.options()
        settings.setValue(project_key(self.project, THRESHOLD_KEY),
                          "" if chosen["threshold"] is None else chosen["threshold"])
        settings.setValue(project_key(self.project, MIN_F1_KEY), chosen["min_f1"])

    def _restore(self) -> None:
        settings = QSettings()
        threshold = _share(settings.value(project_key(self.project, THRESHOLD_KEY), ""))
        self.own.setChecked(threshold is None)
        self.threshold.setEnabled(threshold is not None)
        self.threshold.setValue(0.5 if threshold is None else threshold)
        self.min_f1.setValue(_share(settings.value(project_key(self.project, MIN_F1_KEY), 0.0)) or 0.0)


def _row(*widgets: QWidget) -> QWidget:
    """``widgets`` side by side, kept at their own width."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch()
    return row


def _share_box(name: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setObjectName(name)
    box.setRange(0.0, 1.0)
    box.setSingleStep(0.05)
    box.setDecimals(2)
    return box


def _share(value) -> Optional[float]:
    """A remembered share (an INI file gives text back), None if unset or unreadable."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if 0.0 <= number <= 1.0 else None
