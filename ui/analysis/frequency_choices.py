"""The choices above the Code Frequencies table: what the columns are (documents, coders, the
values of an attribute, a date attribute by year, month or ISO week: the keys the project has),
what is counted, counts or percentages, the chart's kind, and attribute conditions.

The columns and the count are ``annotator crosstab``'s ``--columns`` and ``--count``.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from annotator.attributes import is_date

from .frequency_chart import CHART_KINDS, TIME_KINDS
from .frequency_model import SHOWS
from .segment_filters import WHERE_PLACEHOLDER, WHERE_TIP, SearchFields, split_conditions

COUNTS = (("segments", "Segments"), ("documents", "Documents with the code"), ("characters", "Characters covered"),
          ("per1000", "Segments per 1,000 words"))
_DATE_BINS = (("year", "by year"), ("month", "by month"), ("week", "by ISO week"))


def column_choices(attributes: dict[int, dict]) -> list[tuple[str, str]]:
    """``(label, --columns spec)``: documents, coders, then per attribute key its values and,
    for a key holding dates, its years, months and weeks."""
    keys = sorted({key for values in attributes.values() for key in values}, key=str.casefold)
    dated = {key for values in attributes.values() for key, value in values.items() if is_date(value)}
    out = [("Documents", "document"), ("Coders", "coder")]
    for key in keys:
        out.append((f"{key} (values)", f"attr:{key}"))
        out += [(f"{key} {words}", f"{kind}:{key}") for kind, words in _DATE_BINS if key in dated]
    return out


class FrequencyChoices(QWidget):
    changed = Signal()             # columns, count or conditions: count again
    display_changed = Signal()     # counts or percentages, the chart's kind: show again

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.columns = self._combo(layout, 0, "Co&lumns:", "frequencyColumns", [])
        self.count = self._combo(layout, 2, "Co&unt:", "frequencyCount", [(text, key) for key, text in COUNTS])
        self.shown_as = self._combo(layout, 4, "&Show:", "frequencyShow", [(text, key) for key, text in SHOWS])
        self.chart = self._combo(None, 0, "", "frequencyChartKind", [(text, key) for key, text in CHART_KINDS])
        self.chart_label = QLabel("C&hart:")            # both placed by the window, beside Save Chart…
        self.chart_label.setBuddy(self.chart)
        self.where = SearchFields.field(layout, 1, 0, "&Documents:", "frequencyWhere", WHERE_PLACEHOLDER, WHERE_TIP,
                                        span=6)
        self.where.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)
        self.columns.setToolTip("What each column holds: a document, a coder, a value of an attribute, or a year, "
                                "month or ISO week of a date attribute")
        self.shown_as.setToolTip("Row percentages: shares of the row's sum. Column percentages: shares of the column "
                             "(for Documents with the code: of the column's documents). Not for rates.")
        self.columns.currentIndexChanged.connect(self._on_columns_changed)
        self.count.currentIndexChanged.connect(self._on_count_changed)
        self.where.editingFinished.connect(self.changed)
        self.shown_as.currentIndexChanged.connect(self.display_changed)
        self.chart.currentIndexChanged.connect(self.display_changed)
        layout.setColumnStretch(6, 1)

    @staticmethod
    def _combo(layout: Optional[QGridLayout], column: int, label: str, name: str, items) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        for text, data in items:
            combo.addItem(text, data)
        if layout is not None:
            caption = QLabel(label)
            caption.setBuddy(combo)
            layout.addWidget(caption, 0, column)
            layout.addWidget(combo, 0, column + 1)
        combo.setMinimumWidth(combo.sizeHint().width())
        return combo

    def reload_columns(self, attributes: dict[int, dict]) -> None:
        """Offer the project's attribute keys, keeping the choice while it is still there."""
        current = self.columns.currentData() or "document"
        self.columns.blockSignals(True)
        self.columns.clear()
        for text, spec in column_choices(attributes):
            self.columns.addItem(text, spec)
        self.columns.setCurrentIndex(max(0, self.columns.findData(current)))
        self.columns.setMinimumWidth(self.columns.sizeHint().width())
        self.columns.blockSignals(False)
        self._enable_line()
        if self.columns.currentData() != current:
            self.changed.emit()

    def set_choice(self, combo: QComboBox, data: str) -> None:
        """Choose the item holding ``data`` (tests and callers name choices by their spec)."""
        combo.setCurrentIndex(combo.findData(data))

    def spec(self) -> str:
        return self.columns.currentData() or "document"

    def conditions(self) -> tuple:
        return split_conditions(self.where.text())

    def _on_columns_changed(self) -> None:
        over_time = self._enable_line()
        self.chart.setCurrentIndex(self.chart.findData("line" if over_time else "bars"))
        self.changed.emit()

    def _enable_line(self) -> bool:
        """Lines only over time (year, month, week columns)."""
        over_time = self.spec().partition(":")[0] in TIME_KINDS
        self.chart.model().item(self.chart.findData("line")).setEnabled(over_time)
        return over_time

    def _on_count_changed(self) -> None:
        rates = self.count.currentData() == "per1000"
        for key, _ in SHOWS[1:]:
            self.shown_as.model().item(self.shown_as.findData(key)).setEnabled(not rates)
        if rates:
            self.shown_as.setCurrentIndex(self.shown_as.findData("counts"))
        self.changed.emit()
