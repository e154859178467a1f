"""Code All Hits…: which code (codable codes only, by path) and how far each hit extends."""
from __future__ import annotations

from typing import Optional

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

EXTENDS = (("hit", "the hit only"), ("sentence", "its sentence"), ("paragraph", "its paragraph (its line)"))


class CodeHitsDialog(QDialog):
    """Asks the code and the extent; ``choice()`` is ``(code id, extend)`` once accepted."""

    def __init__(self, project, hits: int, coder: str, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("codeHitsDialog")
        self.setWindowTitle("Code All Hits")
        layout = QVBoxLayout(self)
        noun = "hit" if hits == 1 else "hits"
        intro = QLabel(f"Code the {hits:,} {noun} of this search as <b>{_escape(coder)}</b>, in one step "
                       "(Edit › Undo takes it back). A passage you already coded with the code is not coded again.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.code_combo = QComboBox()
        self.code_combo.setObjectName("codeHitsCode")
        for code in project.codes():
            if code.codable:
                self.code_combo.addItem(_swatch(code.color), project.code_path(code), code.id)
        form.addRow("&Code:", self.code_combo)
        self.extend_group = QButtonGroup(self)
        extend = QVBoxLayout()
        for n, (key, text) in enumerate(EXTENDS):
            button = QRadioButton(f"Code {text}")
            button.setObjectName(f"codeHitsExtend_{key}")
            button.setChecked(n == 0)
            self.extend_group.addButton(button, n)
            extend.addWidget(button)
        form.addRow("Extent:", extend)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Code")
        buttons.button(QDialogButtonBox.Ok).setEnabled(self.code_combo.count() > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choice(self) -> tuple[int, str]:
        return self.code_combo.currentData(), EXTENDS[self.extend_group.checkedId()][0]


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
