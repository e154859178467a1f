"""Importing a spreadsheet corpus: which column is the text, which names the document.

``ask_columns(parent, paths)`` asks once per ``.csv``/``.xlsx`` file named in ``paths`` (a
folder's stray spreadsheet is not a corpus, as in the core) and returns the paths still to
import with ``{path: (text_column, name_column)}``; Cancel leaves that spreadsheet out. The
header and a few rows come from the core's reader, so the dialog sees what the import will.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.formats.registry import reader_for
from annotator.formats.spreadsheet import NAME_NAMES, TEXT_NAMES, read_header

NO_NAME = "(none: name rows by number)"


def is_spreadsheet(path) -> bool:
    """A spreadsheet corpus named explicitly (the registry's ``corpus`` readers)."""
    reader = reader_for(path)
    return reader is not None and reader.kind == "corpus" and Path(path).is_file()


class ColumnDialog(QDialog):
    """Choose the text column and the name column of one spreadsheet, with a preview."""

    def __init__(self, path: Path, header: list[str], rows: list[list[str]], parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("columnDialog")
        self.setWindowTitle(f"Import {Path(path).name}")
        self._header = [h or f"column {i + 1}" for i, h in enumerate(header)]
        layout = QVBoxLayout(self)
        intro = QLabel(f"<b>{Path(path).name}</b> is a spreadsheet: each row becomes one document. "
                       "Choose the column that holds the text and the one that names each document. "
                       "The other columns are kept as the document's attributes (source, date, outlet…).")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.text_combo = QComboBox()
        self.text_combo.setObjectName("textColumnCombo")
        self.text_combo.setAccessibleName("Text column")
        self.name_combo = QComboBox()
        self.name_combo.setObjectName("nameColumnCombo")
        self.name_combo.setAccessibleName("Name column")
        self.name_combo.addItem(NO_NAME, None)
        for column in self._header:
            self.text_combo.addItem(column, column)
            self.name_combo.addItem(column, column)
        form.addRow("&Text column:", self.text_combo)
        form.addRow("&Name column:", self.name_combo)
        layout.addLayout(form)
        layout.addWidget(self._preview(rows), 1)
        self.problem = QLabel()
        self.problem.setObjectName("columnProblem")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._guess(rows)
        self.text_combo.currentIndexChanged.connect(self._check)
        self.name_combo.currentIndexChanged.connect(self._check)
        self._check()
        em = self.fontMetrics().averageCharWidth()
        self.resize(em * 90, self.fontMetrics().height() * 22)

    def _preview(self, rows: list[list[str]]) -> QTableWidget:
        table = QTableWidget(len(rows), len(self._header))
        table.setObjectName("columnPreview")
        table.setAccessibleName("The first rows of the spreadsheet")
        table.setHorizontalHeaderLabels(self._header)
        table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        for r, row in enumerate(rows):
            for c, value in enumerate(row[:len(self._header)]):
                short = " ".join(value.split())
                item = QTableWidgetItem(short if len(short) <= 80 else short[:79] + "…")
                item.setToolTip(value[:1000])
                table.setItem(r, c, item)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        table.resizeColumnsToContents()
        em = self.fontMetrics().averageCharWidth()
        for c in range(table.columnCount()):
            table.setColumnWidth(c, min(table.columnWidth(c), em * 40))
        return table

    def _guess(self, rows: list[list[str]]) -> None:
        """Preselect the columns the command line would use (text/content/body, name/title...),
        else the column with the longest cells as the text."""
        folded = [h.casefold() for h in self._header]
        text = next((folded.index(n) for n in TEXT_NAMES if n in folded), None)
        if text is None and self._header:
            length = [sum(len(row[c]) for row in rows if c < len(row)) for c in range(len(self._header))]
            text = length.index(max(length))
        if text is not None:
            self.text_combo.setCurrentIndex(text)
        name = next((folded.index(n) for n in NAME_NAMES if n in folded and folded.index(n) != text), None)
        self.name_combo.setCurrentIndex(0 if name is None else name + 1)

    def _check(self) -> None:
        text, name = self.columns()
        problem = "The text and the name must be different columns." if text is not None and text == name else ""
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(text is not None and not problem)

    def columns(self) -> tuple[Optional[str], Optional[str]]:
        """``(text_column, name_column)``; the name is None for row numbers."""
        return self.text_combo.currentData(), self.name_combo.currentData()

    def choose(self, text: str, name: Optional[str] = None) -> None:
        """Select columns by header name (as a user would in the combo boxes)."""
        self.text_combo.setCurrentIndex(self.text_combo.findData(text))
        self.name_combo.setCurrentIndex(self.name_combo.findData(name) if name else 0)


def ask_columns(parent: Optional[QWidget], paths: list) -> tuple[list[str], dict]:
    """Ask for each spreadsheet's columns. Returns the paths to import (a cancelled spreadsheet
    is left out) and ``{path: (text_column, name_column)}``. A spreadsheet that cannot be read
    is passed on unasked, so the import reports why it was refused."""
    keep, columns = [], {}
    for path in (str(p) for p in paths):
        if not is_spreadsheet(path):
            keep.append(path)
            continue
        try:
            header, rows = read_header(Path(path))
        except (AnnotatorError, OSError):
            keep.append(path)
            continue
        dialog = ColumnDialog(Path(path), header, rows, parent)
        if dialog.exec() == QDialog.Accepted:
            keep.append(path)
            columns[path] = dialog.columns()
        dialog.deleteLater()
    return keep, columns
