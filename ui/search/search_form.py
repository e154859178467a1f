"""The search's form: Find: [pattern] In: [all documents / this document] [Search], then the
options (regular expression, match case, whole words) and the attribute conditions."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

ALL, THIS = "all", "this"


class SearchForm(QWidget):
    search_requested = Signal()             # Enter in a field, or the Search button

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_pattern_row())
        layout.addLayout(self._build_options_row())

    def _build_pattern_row(self) -> QHBoxLayout:
        """Find: [pattern] In: [all documents / this document] [Search]"""
        row = QHBoxLayout()
        self.pattern_edit = QLineEdit()
        self.pattern_edit.setObjectName("searchPattern")
        self.pattern_edit.setPlaceholderText("Text to find in every document")
        self.pattern_edit.setClearButtonEnabled(True)
        self.pattern_edit.setAccessibleName("Find in all documents")
        self.pattern_edit.returnPressed.connect(self.search_requested.emit)
        self.scope_combo = QComboBox()
        self.scope_combo.setObjectName("searchScope")
        self.scope_combo.addItem("All documents", ALL)
        self.scope_combo.addItem("This document", THIS)
        self.search_button = QPushButton("&Search")
        self.search_button.setObjectName("searchButton")
        self.search_button.clicked.connect(self.search_requested.emit)
        for widget, stretch in ((QLabel("Find:"), 0), (self.pattern_edit, 1), (QLabel("In:"), 0),
                                (self.scope_combo, 0), (self.search_button, 0)):
            row.addWidget(widget, stretch)
        return row

    def _build_options_row(self) -> QHBoxLayout:
        """[ ] Regular expression [ ] Match case [ ] Whole words [where …]"""
        row = QHBoxLayout()
        self.regex_check = QCheckBox("Regular e&xpression")
        self.case_check = QCheckBox("Match &case")
        self.word_check = QCheckBox("&Whole words")
        for check, name in ((self.regex_check, "searchRegex"), (self.case_check, "searchCase"),
                            (self.word_check, "searchWholeWord")):
            check.setObjectName(name)
            row.addWidget(check)
        self.where_edit = QLineEdit()
        self.where_edit.setObjectName("searchWhere")
        self.where_edit.setPlaceholderText("only where, e.g. outlet=Daily; year>=2024")
        self.where_edit.setToolTip("Only documents whose attributes meet every condition (=, !=, <, <=, >, >=), "
                                   "separated by semicolons. Text ignores case; dates are YYYY-MM-DD.")
        self.where_edit.setAccessibleName("Only documents where")
        self.where_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 12)
        self.where_edit.returnPressed.connect(self.search_requested.emit)
        row.addWidget(self.where_edit, 1)
        return row

    def focus_pattern(self, selected: str = "") -> None:
        """Focus the pattern; ``selected`` (a short selection in the text) becomes it, unless the
        pattern is a regular expression."""
        if selected and not self.regex_check.isChecked():
            self.pattern_edit.setText(selected)
        self.pattern_edit.setFocus()
        self.pattern_edit.selectAll()

    def only_this_document(self) -> bool:
        return self.scope_combo.currentData() == THIS

    def options(self, document_id: Optional[int] = None) -> dict:
        """The search as ``Project.search`` takes it; ``document_id``: only that document."""
        where = [part.strip() for part in self.where_edit.text().split(";") if part.strip()]
        return {"pattern": self.pattern_edit.text(), "regex": self.regex_check.isChecked(),
                "case_sensitive": self.case_check.isChecked(), "whole_word": self.word_check.isChecked(),
                "documents": None if document_id is None else [document_id], "where": where}
