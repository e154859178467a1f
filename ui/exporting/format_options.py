"""The options a format has on the command line, in words: a writer's ``options`` in the
registry say which it reads (``raw``, ``positions``, ``span_key``); the others are hidden.

- raw (csv, xlsx): formula neutralisation off, with a plain warning while it is ticked;
- positions (qdpx): UTF-16 units or code points, with the programs that count each way;
- span_key (spacy): the ``doc.spans`` key, "sc" (what spancat reads) unless changed.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

RAW_WARNING = ("Raw cells are written exactly as they are: a text that starts with =, +, - or @ can run as a "
               "formula when the file is opened in Excel, LibreOffice or Google Sheets. Use raw cells only for R, "
               "pandas or other code.")
POSITIONS_NOTE = ("The two differ only after emoji and other characters outside the Basic Multilingual Plane; "
                  "choose how the program that opens the file counts.")


def _label(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class FormatOptions(QGroupBox):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__("Options", parent)
        self.setObjectName("exportOptions")
        layout = QVBoxLayout(self)
        self.none_label = _label("This format has no options.")
        self.raw = self._raw_part()
        self.positions = self._positions_part()
        self.span_key = self._span_key_part()
        for part in (self.none_label, self.raw, self.positions, self.span_key):
            layout.addWidget(part)
        layout.addStretch(1)

    def _raw_part(self) -> QWidget:
        part = QWidget()
        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 0, 0, 0)
        self.raw_check = QCheckBox("&Raw cells: do not neutralise cells that start like a formula")
        self.raw_check.setObjectName("rawCheck")
        self.raw_warning = _label(RAW_WARNING, "rawWarning")
        layout.addWidget(self.raw_check)
        layout.addWidget(self.raw_warning)
        self.raw_check.toggled.connect(self._update)
        return part

    def _positions_part(self) -> QWidget:
        part = QWidget()
        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(part)
        self.utf16_button = QRadioButton("&UTF-16 positions, as NVivo, ATLAS.ti and MAXQDA count")
        self.utf16_button.setObjectName("utf16Button")
        self.codepoints_button = QRadioButton("Code-&point positions, as QualCoder and the REFI-QDA text count")
        self.codepoints_button.setObjectName("codepointsButton")
        for button in (self.utf16_button, self.codepoints_button):
            group.addButton(button)
            layout.addWidget(button)
        self.utf16_button.setChecked(True)
        layout.addWidget(_label(POSITIONS_NOTE))
        return part

    def _span_key_part(self) -> QWidget:
        part = QWidget()
        form = QFormLayout(part)
        form.setContentsMargins(0, 0, 0, 0)
        self.span_key_edit = QLineEdit("sc")
        self.span_key_edit.setObjectName("spanKeyEdit")
        self.span_key_edit.setAccessibleName("Span key")
        self.span_key_edit.textChanged.connect(self._update)
        form.addRow("&Span key:", self.span_key_edit)
        form.addRow("", _label("Spans go under doc.spans[key]; spaCy's spancat reads “sc”."))
        return part

    def show_options(self, names) -> None:
        """Show the parts of these option names (a writer's ``options``)."""
        parts = {"raw": self.raw, "positions": self.positions, "span_key": self.span_key}
        for name, part in parts.items():
            part.setVisible(name in names)
        self.none_label.setVisible(not any(name in parts for name in names))
        self._update()

    def values(self) -> dict:
        """The keyword arguments of ``annotator.exporting.export`` these options set."""
        return {"raw": self.raw_check.isChecked() and self.raw.isVisibleTo(self),
                "positions": "codepoints" if self.codepoints_button.isChecked() else "utf16",
                "span_key": self.span_key_edit.text().strip() or "sc"}

    def problem(self) -> str:
        if self.span_key.isVisibleTo(self) and not self.span_key_edit.text().strip():
            return "Give a span key (spaCy's spancat reads “sc”)."
        return ""

    def _update(self, *_args) -> None:
        self.raw_warning.setVisible(self.raw_check.isChecked())
        self.changed.emit()
