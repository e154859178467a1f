"""One condition of the Documents list's filter: an attribute, an operator and a value (two for
"between"), offered by what the documents hold under the key.

Text keys get "is", "is not" and "contains" with the values present to pick from; numbers and
dates also "between" (two conditions, ``>=`` and ``<=``: both ends count), "less than"/"before"
and "more than"/"after", dates with calendars. A key's kind is the kind most of its values are.
The conditions are ``annotator.where.condition``'s, so they mean what ``--where`` means.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from PySide6.QtCore import QDate, QLocale, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QComboBox, QDateEdit, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from annotator.attributes import Value, cell, is_date
from annotator.where import Condition, condition

from ..shared.ordering import natural_key

TEXT, NUMBER, DATE = "text", "number", "date"
BETWEEN = "between"
OPERATORS = {
    TEXT: (("is", "="), ("is not", "!="), ("contains", "~")),
    NUMBER: (("is", "="), ("is not", "!="), ("between", BETWEEN), ("less than", "<"), ("more than", ">")),
    DATE: (("is", "="), ("is not", "!="), ("between", BETWEEN), ("before", "<"), ("after", ">")),
}


@dataclass
class KeyFacts:
    """What the documents hold under one key: its kind and the values to offer."""

    kind: str = TEXT
    texts: list[str] = field(default_factory=list)     # distinct values ignoring case, in natural order
    first: str = ""                                    # the earliest and latest date, ISO
    last: str = ""


def key_facts(attributes: list[dict]) -> dict[str, KeyFacts]:
    """Every key of these documents' attributes with its facts."""
    values: dict[str, list[Value]] = {}
    for item in attributes:
        for key, value in item.items():
            values.setdefault(key, []).append(value)
    return {key: _facts(found) for key, found in values.items()}


def _facts(values: list[Value]) -> KeyFacts:
    texts = {cell(v).casefold(): cell(v) for v in reversed(values)}
    dates = sorted(v for v in values if is_date(v))
    return KeyFacts(kind_of(values), sorted(texts.values(), key=natural_key),
                    dates[0] if dates else "", dates[-1] if dates else "")


def kind_of(values: list[Value]) -> str:
    """The kind most values are (text on a tie)."""
    counts = Counter(NUMBER if isinstance(v, (int, float)) and not isinstance(v, bool)
                     else DATE if is_date(v) else TEXT for v in values)
    return max((TEXT, DATE, NUMBER), key=lambda kind: counts[kind])


class ConditionRow(QWidget):
    """One condition: attribute, operator, value (two for "between"), and a button to remove it."""

    changed = Signal()
    remove_requested = Signal()

    def __init__(self, facts: dict[str, KeyFacts], key: str = "", parent=None):
        super().__init__(parent)
        self.setObjectName("filterCondition")
        self._facts = facts
        self._fields: list[QWidget] = []
        layout = QGridLayout(self)         # two lines, so a narrow dock needs no wider a minimum
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.key_combo = self._combo("filterKey", "Attribute")
        self.op_combo = self._combo("filterOperator", "Operator")
        self.values = QHBoxLayout()
        self.values.setContentsMargins(0, 0, 0, 0)
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip("Remove this condition")
        remove.setAccessibleName("Remove this condition")
        remove.clicked.connect(self.remove_requested.emit)
        layout.addWidget(self.key_combo, 0, 0)
        layout.addWidget(self.op_combo, 0, 1)
        layout.addWidget(remove, 0, 2)
        layout.addLayout(self.values, 1, 0, 1, 2)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(1, 2)
        self.set_facts(facts, key)
        self.key_combo.currentIndexChanged.connect(self._on_key_combo_changed)
        self.op_combo.currentIndexChanged.connect(self._on_op_combo_changed)

    @staticmethod
    def _combo(name: str, label: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(label)
        combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(6)
        return combo

    # the parts
    def key(self) -> str:
        return self.key_combo.currentText()

    def kind(self) -> str:
        return self._facts.get(self.key(), KeyFacts()).kind

    def op(self) -> str:
        return self.op_combo.currentData() or "="

    def set_facts(self, facts: dict[str, KeyFacts], key: str = "") -> None:
        """New keys and values (attributes were edited); the choices made stay where they can."""
        key, op, texts = key or self.key(), self.op(), self.texts()
        self._facts = facts
        with QSignalBlocker(self.key_combo):
            self.key_combo.clear()     # a key no document has any more stays chosen (it matches nothing)
            self.key_combo.addItems(sorted(set(facts) | ({key} if key else set()), key=natural_key))
            self.key_combo.setCurrentIndex(max(0, self.key_combo.findText(key)))
        self._fill_operators(op)
        self._make_fields(texts)

    def set_operator(self, op: str) -> None:
        self.op_combo.setCurrentIndex(max(0, self.op_combo.findData(op)))

    def set_texts(self, *texts: str) -> None:
        for widget, text in zip(self._fields, texts):
            if isinstance(widget, QDateEdit):
                widget.setDate(QDate.fromString(text, Qt.ISODate))
            elif isinstance(widget, QComboBox):
                widget.setCurrentText(text)
            else:
                widget.setText(text)  # type: ignore[attr-defined]

    def texts(self) -> list[str]:
        """The values as written (dates ISO)."""
        return [w.date().toString(Qt.ISODate) if isinstance(w, QDateEdit)
                else w.currentText() if isinstance(w, QComboBox) else w.text()  # type: ignore[attr-defined]
                for w in self._fields]

    def conditions(self) -> list[Condition]:
        """This row's conditions (two for "between"); none while a value is empty."""
        texts = self.texts()
        if not self.key() or not texts or not all(text.strip() for text in texts):
            return []
        if self.op() == BETWEEN:
            return [condition(self.key(), ">=", texts[0]), condition(self.key(), "<=", texts[1])]
        return [condition(self.key(), self.op(), texts[0])]

    # building
    def _fill_operators(self, op: str) -> None:
        with QSignalBlocker(self.op_combo):
            self.op_combo.clear()
            for label, data in OPERATORS[self.kind()]:
                self.op_combo.addItem(label, data)
            self.op_combo.setCurrentIndex(max(0, self.op_combo.findData(op)))

    def _make_fields(self, texts: list[str]) -> None:
        while self.values.count():
            widget = self.values.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)      # gone now, not only at the next event loop
                widget.deleteLater()
        facts = self._facts.get(self.key(), KeyFacts())
        count = 2 if self.op() == BETWEEN else 1
        self._fields = [self._field(facts, at) for at in range(count)]
        for at, widget in enumerate(self._fields):
            if at:
                self.values.addWidget(QLabel("and"))
            self.values.addWidget(widget, 1)
        if texts and (facts.kind != DATE or all(is_date(t) for t in texts)):
            self.set_texts(*texts)
        for widget in self._fields:
            _changed_signal(widget).connect(lambda *_: self.changed.emit())

    def _field(self, facts: KeyFacts, at: int) -> QWidget:
        name = "filterValue" if at == 0 else "filterValueTo"
        if facts.kind == DATE:
            edit = QDateEdit(QDate.fromString(facts.last if at else facts.first, Qt.ISODate))
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            widget: QWidget = edit
        elif facts.kind == NUMBER:
            line = QLineEdit()
            validator = QDoubleValidator(line)
            validator.setLocale(QLocale.c())
            validator.setNotation(QDoubleValidator.StandardNotation)
            line.setValidator(validator)
            line.setPlaceholderText("a number")
            widget = line
        else:
            combo = QComboBox()
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.NoInsert)
            combo.addItems(facts.texts)
            combo.setCurrentIndex(-1)
            combo.lineEdit().setPlaceholderText("a value")
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
            widget = combo
        widget.setObjectName(name)
        widget.setAccessibleName("Value" if at == 0 else "Second value")
        return widget

    def _on_key_combo_changed(self, _index: int) -> None:
        self._fill_operators(self.op())
        self._make_fields([])
        self.changed.emit()

    def _on_op_combo_changed(self, _index: int) -> None:
        texts = self.texts()
        if (self.op() == BETWEEN) != (len(self._fields) == 2):
            self._make_fields(texts[:1])
        self.changed.emit()


def _changed_signal(widget: QWidget):
    if isinstance(widget, QDateEdit):
        return widget.dateChanged
    if isinstance(widget, QComboBox):
        return widget.currentTextChanged
    return widget.textChanged  # type: ignore[attr-defined]
