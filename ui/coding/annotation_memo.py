"""The memo on one annotation, written in a multi-line editor with the look of the document and
code memos (``memo_editor.memo_text_edit``), never in the annotation table's narrow cell.

The passage and its code are named above the editor. OK (or Ctrl+Return; Return starts a new
line) writes the memo as one undoable ``UpdateAnnotation`` ("Edit memo"); an empty text clears
it; the same text again writes nothing. A refused change (the session says why) keeps the
dialog open with what was typed.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from annotator.commands import UpdateAnnotation
from annotator.errors import NotFoundError

from .memo_editor import memo_text_edit


class AnnotationMemoDialog(QDialog):
    """Edit the memo of the annotation ``uuid`` (one of the current coder's)."""

    def __init__(self, session, uuid: str, passage: str, parent=None):
        super().__init__(parent)
        self.setObjectName("annotationMemoEditor")
        self.session, self.uuid = session, uuid
        annotation = session.project.annotation(uuid)
        code = session.project.code_path(annotation.code_id)
        self.setWindowTitle(f"Annotation Memo — {code}")
        self.editor = memo_text_edit(annotation.memo or "", "annotationMemoText", "Memo on this annotation")
        about = QLabel(f"“{passage}” ({code})")
        about.setObjectName("annotationMemoPassage")
        about.setTextFormat(Qt.PlainText)
        about.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.Ok).setToolTip("Write the memo (Ctrl+Return)")
        self.editor.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.buttons)
        metrics = self.editor.fontMetrics()
        self.resize(metrics.averageCharWidth() * 72, metrics.height() * 20)
        self.editor.setFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        """Ctrl+Return in the editor is OK (Return alone starts a new line)."""
        if watched is self.editor and event.type() == QEvent.KeyPress \
                and event.key() in (Qt.Key_Return, Qt.Key_Enter) and event.modifiers() & Qt.ControlModifier:
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def text(self) -> str:
        return self.editor.toPlainText()

    def accept(self) -> None:
        """Write the memo (one undo step) if it changed, and close; stay open if it was refused."""
        try:
            annotation = self.session.project.annotation(self.uuid)
        except NotFoundError:
            self.session.error_raised.emit("The annotation was deleted; its memo cannot be written.")
            return
        memo = self.text().strip() or None
        if memo != annotation.memo and not self.session.push(
                UpdateAnnotation(annotation.uuid, annotation.code_id, annotation.start, annotation.end, memo,
                                 label="Edit memo")):
            return
        super().accept()
