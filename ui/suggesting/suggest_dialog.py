"""Tools › Suggest Codes…: which method, and in this document or in all of them; for the model, its
score threshold and the minimum held-out F1 (``model_options``)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QRadioButton, QVBoxLayout

from .model_options import ModelOptions
from .suggest_job import METHODS


class SuggestDialog(QDialog):
    """``choice()`` is ``(method, all documents, options)`` once accepted (``options``: the model's
    threshold and minimum F1 for the model method, else empty)."""

    def __init__(self, project, coder_id: int, document: Optional[str], parent=None):
        super().__init__(parent)
        coder = project.coder(coder_id).name
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
        self.model_options = ModelOptions(project, coder_id, self)
        self.model_options.add_rows(form)
        self.form = form
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.suggest_button = buttons.button(QDialogButtonBox.Ok)
        self.suggest_button.setText("Suggest")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.method_combo.currentIndexChanged.connect(self._on_method_changed)
        self._on_method_changed()

    def _on_method_changed(self) -> None:
        model = self.method_combo.currentData() == "model"
        self.model_options.set_visible(self.form, model)
        self.suggest_button.setEnabled(not model or self.model_options.has_model)

    def choice(self) -> tuple[str, bool, dict]:
        method = self.method_combo.currentData()
        return method, self.all_documents.isChecked(), self.model_options.options() if method == "model" else {}

    def accept(self) -> None:
        if self.method_combo.currentData() == "model":
            self.model_options.remember()
        super().accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
