"""Tools › Train Model…: which kind of model to train (``annotator.assist.model.KINDS``), a sentence model
(the default) or a span model for codes given to short phrases.

The choice is remembered per project in ``QSettings``, like Suggest Codes…'s model options: which kind
suits a codebook is the user's working preference, and the stored model records its own kind.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QRadioButton, QVBoxLayout

from annotator.assist.model import KINDS

from ..shared.project_keys import project_key

KIND_KEY = "train/modelKind"
CHOICES = {"sentence": ("&Whole sentences (default)",
                        "Suggests whole sentences: for codes given to sentences or longer passages."),
           "span": ("&Phrases inside sentences (slower)",
                    "Suggests the words inside a sentence that look like the phrases you coded: for codes "
                    "given to a few words. Training takes several times longer.")}


class TrainDialog(QDialog):
    """``kind()`` is the chosen kind ("sentence" or "span"); accepting remembers it for the project."""

    def __init__(self, project, coder_id: int, parent=None):
        super().__init__(parent)
        self.project = project
        self.setObjectName("trainDialog")
        self.setWindowTitle("Train Model")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        layout = QVBoxLayout(self)
        coder = escape(project.coder(coder_id).name)
        intro = QLabel(f"Train a model on <b>{coder}</b>'s own coding. It should suggest:")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.buttons: dict[str, QRadioButton] = {}
        for kind in KINDS:
            self._add_choice(layout, kind)
        self.buttons[_remembered(project)].setChecked(True)
        box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        box.button(QDialogButtonBox.Ok).setText("Train")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def _add_choice(self, layout: QVBoxLayout, kind: str) -> None:
        text, explanation = CHOICES[kind]
        button = QRadioButton(text)
        button.setObjectName(f"trainKind_{kind}")
        note = QLabel(explanation)
        note.setWordWrap(True)
        note.setIndent(button.iconSize().width() + 8)
        note.setBuddy(button)
        layout.addWidget(button)
        layout.addWidget(note)
        self.buttons[kind] = button

    def kind(self) -> str:
        return next(kind for kind, button in self.buttons.items() if button.isChecked())

    def accept(self) -> None:
        QSettings().setValue(project_key(self.project, KIND_KEY), self.kind())
        super().accept()


def _remembered(project) -> str:
    """The kind chosen last for ``project``; the default (``KINDS[0]``, a sentence model) if none or unknown."""
    kind = QSettings().value(project_key(project, KIND_KEY), KINDS[0])
    return kind if kind in KINDS else KINDS[0]
