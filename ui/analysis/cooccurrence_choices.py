"""The choices above the Co-occurrence table: the unit (``annotator cooccurrence``'s ``--unit``),
with N for the units within N tokens or sentences, counts or coefficients, and attribute conditions."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QSpinBox, QWidget

from .cooccurrence_model import SHOWS, UNITS
from .segment_filters import WHERE_PLACEHOLDER, WHERE_TIP, SearchFields, split_conditions

_N_UNITS = {"window": (1, "tokens"), "followed-by": (0, "sentences")}    # least N, what N counts


def _combo(name: str, items) -> QComboBox:
    """A combo box of ``(data, text)`` items, as wide as its longest."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
    for data, text in items:
        combo.addItem(text, data)
    return combo


class CooccurrenceChoices(QWidget):
    changed = Signal()             # the unit or the conditions: count again
    display_changed = Signal()     # counts or coefficients

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.unit = _combo("cooccurrenceUnit", UNITS)
        self.n = QSpinBox()
        self.n.setObjectName("cooccurrenceN")
        self.n.setRange(0, 1_000)
        self.n.setValue(3)
        self.shown_as = _combo("cooccurrenceShow", SHOWS)
        self.shown_as.setToolTip("Jaccard: units with both / units with either. For pairs of annotations it is "
                                 "ATLAS.ti's c-coefficient, which exceeds 1 when one annotation meets several.")
        for column, (label, widget) in enumerate((("&Unit:", self.unit), ("&N:", self.n), ("&Show:", self.shown_as))):
            caption = QLabel(label)
            caption.setBuddy(widget)
            layout.addWidget(caption, 0, 2 * column)
            layout.addWidget(widget, 0, 2 * column + 1)
        self.where = SearchFields.field(layout, 1, 0, "&Documents:", "cooccurrenceWhere", WHERE_PLACEHOLDER,
                                        WHERE_TIP, span=6)
        layout.setColumnStretch(6, 1)
        self.unit.currentIndexChanged.connect(self._on_unit_changed)
        self.n.valueChanged.connect(self.changed)
        self.where.editingFinished.connect(self.changed)
        self.shown_as.currentIndexChanged.connect(self.display_changed)
        self._on_unit_changed()

    def unit_spec(self) -> str:
        kind = self.unit.currentData()
        return f"{kind}:{self.n.value()}" if kind in _N_UNITS else kind

    def set_unit(self, spec: str) -> None:
        kind, _, n = spec.partition(":")
        self.unit.setCurrentIndex(self.unit.findData(kind))
        if n:
            self.n.setValue(int(n))

    def conditions(self) -> tuple:
        return split_conditions(self.where.text())

    def _on_unit_changed(self) -> None:
        least, what = _N_UNITS.get(self.unit.currentData(), (0, ""))
        self.n.setEnabled(bool(what))
        self.n.blockSignals(True)
        self.n.setMinimum(least)
        self.n.blockSignals(False)
        self.n.setSuffix(f" {what}" if what else "")
        self.n.setToolTip(f"How many {what}" if what else "Only for the units within N tokens or sentences")
        self.changed.emit()
