"""Tools › Suggest Codes…: which method, and in this document or in all of them."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QRadioButton, QVBoxLayout

from .suggest_job import METHODS


class SuggestDialog(QDialog):
    """``choice()`` is ``(method, all documents)`` once accepted."""

    def __init__(self, coder: str, document: Optional[str], parent=None):
        super().__init__(parent)
        self.setObjectName("suggestDialog")
        self.setWindowTitle("Suggest Codes")
        layout = QVBoxLayout(self)
        intro = QLabel(f"Suggestions for <b>{_escape(coder)}</b> only, drawn as dotted outlines until you accept "
                       "(Alt+Return) or reject (Alt+Del) them; nothing counts as coded before you accept it. "
                       "Edit › Undo takes the suggestions back.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.method_combo = QComboBox()
        self.method_combo.setObjectName("suggestMethod")
        for key, text in METHODS:
            self.method_combo.addItem(text, key)
        form.addRow("&Method:", self.method_combo)
        self.this_document = QRadioButton(f"This document ({document})" if document else "This document")
        self.this_document.setObjectName("suggestThisDocument")
        self.this_document.setEnabled(document is not None)
        self.all_documents = QRadioButton("All documents")
        self.all_documents.setObjectName("suggestAllDocuments")
        (self.this_document if document is not None else self.all_documents).setChecked(True)
        scope = QVBoxLayout()
        scope.addWidget(self.this_document)
        scope.addWidget(self.all_documents)
        form.addRow("In:", scope)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Suggest")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choice(self) -> tuple[str, bool]:
        return self.method_combo.currentData(), self.all_documents.isChecked()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
