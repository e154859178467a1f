"""Tools › Model Quality…: how good the current coder's model is, in the figures training measured.

A sentence says which model, trained on how much, and how it was measured (held-out documents and
seed, in words); a table gives per code the sentences learnt from, the held-out positives,
precision, recall and F1, and how many suggestions the coder accepted so far, per method; the
learning curve shows F1 against training sentences. A span model's figures are by exact span, and
the window says so in each of these places (``model.kind``; a model stored before kinds is a
sentence model). It reads the stored model (``project.model(coder)``), or the one Train Model… just
made, and never trains itself.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..shared import dialogs
from .learning_curve import LearningCurveView, curve_data
from .quality_figures import CodeNames, CodeRow, code_rows, figure_text, methods, summary

HEADERS = {"sentence": (("Code", ""),
                        ("Positive", "Sentences the model learnt this code from"),
                        ("Negative", "Sentences the model learnt are not this code"),
                        ("Held-out positive", "Sentences of this code in the held-out documents"),
                        ("Precision", "Of the held-out sentences the model gave this code, the share the coder "
                                      "had given it"),
                        ("Recall", "Of the held-out sentences the coder gave this code, the share the model found"),
                        ("F1", "The harmonic mean of precision and recall on the held-out documents")),
           "span": (("Code", ""),
                    ("Positive", "Sentences with a span of this code the model learnt from"),
                    ("Negative", "Sentences without a span of this code the model learnt from"),
                    ("Held-out positive", "Sentences with a span of this code in the held-out documents"),
                    ("Exact precision", "Of the spans the model found with this code in the held-out documents, "
                                        "the share the coder had coded with the same start and end"),
                    ("Exact recall", "Of the coder's spans of this code in the held-out documents, the share the "
                                     "model found with the same start and end"),
                    ("Exact F1", "The harmonic mean of exact precision and recall on the held-out documents"))}
NOT_AVAILABLE = {"sentence": "The held-out documents cannot give this figure (no sentence of the code, or none "
                             "predicted).",
                 "span": "The held-out documents cannot give this figure (no span of the code, or none found)."}
CURVE_CAPTION = {"sentence": "Learning curve: held-out F1 as the model learns from more of the training part.",
                 "span": "Learning curve: held-out F1 by exact span as the model learns from more of the training "
                         "part."}


MAX_ROWS = 12


class ModelQualityWindow(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent, Qt.Window)
        self.session = session
        self.setObjectName("modelQualityWindow")
        self.summary = QLabel()
        self.summary.setObjectName("modelSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.table = QTableWidget()
        self.table.setObjectName("modelFigures")
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setFocusPolicy(Qt.NoFocus)      # no current cell drawn as if picked; selecting still copies
        self.chart = LearningCurveView()
        self.caption = QLabel()
        self.caption.setObjectName("learningCurveCaption")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(self.caption)
        layout.addWidget(self.chart, 1)

    def show_model(self, model, coder: str) -> None:
        project = self.session.project
        names = CodeNames(project.codes())
        self.setWindowTitle(f"Model Quality — {coder}")
        self.summary.setText(summary(model, coder))
        rows = code_rows(model.metrics, names, project.acceptance(model.coder_id))
        self._fill(rows, methods(rows), model.kind)
        self.caption.setText(CURVE_CAPTION[model.kind])
        self.chart.show_data(curve_data(model.metrics, names, model.kind))

    def _fill(self, rows: list[CodeRow], shown_methods: list[str], kind: str) -> None:
        headers = [*HEADERS[kind], *((f"Accepted ({m})", f"Suggestions by {m} the coder accepted of those decided")
                                     for m in shown_methods)]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setRowCount(len(rows))
        for column, (text, tip) in enumerate(headers):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            self.table.setHorizontalHeaderItem(column, item)
        for r, row in enumerate(rows):
            for column, item in enumerate(_items(row, shown_methods, NOT_AVAILABLE[kind])):
                self.table.setItem(r, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        self._fit_height(len(rows))

    def _fit_height(self, rows: int) -> None:
        """As tall as its rows (up to ``MAX_ROWS``, then it scrolls): the chart takes the rest."""
        table = self.table
        row = table.verticalHeader().defaultSectionSize()
        height = table.horizontalHeader().sizeHint().height() + row * min(max(rows, 1), MAX_ROWS)
        table.setFixedHeight(height + 2 * table.frameWidth() + 2)


def _items(row: CodeRow, shown_methods: list[str], not_available: str) -> list[QTableWidgetItem]:
    name = QTableWidgetItem(_swatch(row.colour), row.name)
    counts = [_number(str(v) if v is not None else "") for v in (row.positive, row.negative, row.held_out)]
    figures = [_number(figure_text(v) if row.positive is not None else "") for v in row.figures]
    for item in figures:
        if item.text() == "n/a":
            item.setToolTip(not_available)
    return [name, *counts, *figures, *(_number(row.accepted.get(m, "")) for m in shown_methods)]


def _number(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
    return item


def _swatch(colour: str) -> QPixmap:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return pixmap


def show_model_quality(window, model=None) -> Optional[ModelQualityWindow]:
    """Show (creating once) the window for ``model`` (the current coder's stored one if None); if the
    coder has none yet, say so in one sentence and show nothing."""
    session = window.session
    coder_id = session.coder_id if model is None else model.coder_id
    if coder_id is None:
        return None
    coder = session.project.coder(coder_id).name
    model = model if model is not None else session.project.model(coder_id)
    if model is None:
        dialogs.show_error(window, f"{coder} has no trained model yet; Tools › Train Model… trains one on "
                                   f"{coder}'s own coding.", "Model Quality")
        return None
    view = window.findChild(ModelQualityWindow, "modelQualityWindow") or ModelQualityWindow(session, window)
    view.show_model(model, coder)
    if not view.isVisible():
        view.resize(900, 720)
    view.show()
    view.raise_()
    view.activateWindow()
    return view
