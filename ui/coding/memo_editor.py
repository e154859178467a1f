"""Memos beyond annotations: Document › Document Memo…, Codes › Code Memo… (and the code's context
menu), Tools › Project Journal…. One editor for the three (:class:`MemoEditor`).

The editor shows the current coder's memo in a word-wrapped plain-text editor. When the window
shows other coders' work (View › Show Other Coders), their memos on the same document or code,
or their journals, are tabs beside it, read-only; in blind coding they are not shown. OK writes
the memo as one undoable command (``annotator.memos.SetMemo``; an empty text clears it).
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
)

from annotator.errors import AnnotatorError
from annotator.memos import SetMemo

from ..shared.theme import text_font

KIND_LABELS = {"document": "Edit Document Memo", "code": "Edit Code Memo", "journal": "Edit Project Journal"}
INTRO = {"document": "Your thoughts on this document as a whole: context, first impressions, questions. "
                     "Memos on single passages belong to their annotations (Edit › Edit Memo).",
         "code": "Your notes on applying this code: doubts, boundary cases, ideas. The code's definition "
                 "stays in the codebook.",
         "journal": "Your research journal for this project: decisions, reasons and progress. Date your "
                    "entries (Insert Date)."}


def memo_text_edit(text: str, name: str, accessible: str, read_only: bool = False) -> QPlainTextEdit:
    """The look of every memo: the reading font, word-wrapped, Tab moves on, the cursor at the end."""
    edit = QPlainTextEdit(text)
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setFont(text_font())
    edit.setLineWrapMode(QPlainTextEdit.WidgetWidth)
    edit.setTabChangesFocus(True)
    edit.setReadOnly(read_only)
    edit.moveCursor(QTextCursor.End)
    return edit


class MemoEditor(QDialog):
    """Edit the current coder's memo on a document or code, or their journal (``target_uuid`` None)."""

    def __init__(self, session, kind: str, target_uuid: Optional[str], title: str, parent=None):
        super().__init__(parent)
        self.setObjectName("memoEditor")
        self.setWindowTitle(title)
        self.session, self.kind, self.target_uuid = session, kind, target_uuid
        project = session.project
        self.coder = project.coder(session.coder_id)
        found = project.memo(kind, target_uuid, self.coder.id)
        self.original = found.text if found is not None else ""
        self.editor = self._text_edit(self.original, "memoText", f"Your memo ({self.coder.name})")
        layout = QVBoxLayout(self)
        intro = QLabel(INTRO[kind])
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self._body(project), 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        if kind == "journal":
            stamp = QPushButton("Insert &Date")
            stamp.setObjectName("insertDateButton")
            stamp.setToolTip("Insert today's date at the cursor, to start an entry")
            stamp.setAutoDefault(False)
            stamp.clicked.connect(self.insert_date)
            row.addWidget(stamp)
        row.addWidget(self.buttons, 1)
        layout.addLayout(row)
        metrics = self.editor.fontMetrics()
        self.resize(metrics.averageCharWidth() * 72, metrics.height() * 24)
        self.editor.setFocus()

    def _text_edit(self, text: str, name: str, accessible: str, read_only: bool = False) -> QPlainTextEdit:
        return memo_text_edit(text, name, accessible, read_only)

    def _body(self, project):
        """The editor alone, or tabs: yours first, then each other coder's memo, read-only."""
        others = [m for m in project.memos(self.kind, self._target(), None) if m.coder_uuid != self.coder.uuid] \
            if self.session.show_other_coders else []
        if not others:
            return self.editor
        tabs = QTabWidget()
        tabs.setObjectName("memoTabs")
        tabs.addTab(self.editor, f"Yours ({self.coder.name})")
        for memo in others:
            name = project.coder(memo.coder_uuid).name
            tabs.addTab(self._text_edit(memo.text, "otherMemo", f"{name}'s memo (read-only)", True),
                        f"{name} (read-only)")
        return tabs

    def _target(self):
        return None if self.kind == "journal" else self.target_uuid

    def insert_date(self) -> None:
        cursor = self.editor.textCursor()
        at_line_start = cursor.positionInBlock() == 0
        cursor.insertText(("" if at_line_start else "\n") + f"{date.today().isoformat()}\n")
        self.editor.setFocus()

    def text(self) -> str:
        return self.editor.toPlainText()

    def accept(self) -> None:
        """Write the memo (one undo step) if it changed, and close."""
        if self.text() != self.original:
            self.session.push(SetMemo(self.kind, self.target_uuid, self.coder.uuid, self.text(),
                                      KIND_LABELS[self.kind]))
        super().accept()


# ----------------------------------------------------------------- opening it from the window
def _open(window, kind: str, target_uuid: Optional[str], title: str) -> Optional[MemoEditor]:
    if not window.coders.ready():
        return None
    dialog = MemoEditor(window.session, kind, target_uuid, title, window)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_document_memo(window) -> Optional[MemoEditor]:
    """Document › Document Memo…: the current document's memo."""
    if window.session.document_id is None:
        window.statusBar().showMessage("Open a document first.", 5000)
        return None
    document = window.project.document(window.session.document_id)
    return _open(window, "document", document.uuid, f"Document Memo — {document.name}")


def open_code_memo(window) -> Optional[MemoEditor]:
    """Codes › Code Memo…: the memo on the code chosen in the palette, else the current annotation's."""
    code_id = window.palette_view.current_code_id()
    if code_id is None and window.session.annotation_uuid:
        code_id = window.project.annotation(window.session.annotation_uuid).code_id
    if code_id is None:
        window.statusBar().showMessage("Choose a code in the Codes list first.", 5000)
        return None
    try:
        code = window.project.code(code_id)
    except AnnotatorError:   # deleted since
        return None
    return _open(window, "code", code.uuid, f"Code Memo — {window.project.code_path(code)}")


def open_journal(window) -> Optional[MemoEditor]:
    """Tools › Project Journal…: the current coder's journal."""
    return _open(window, "journal", None, f"Project Journal — {window.project.name}")


def install_memos(window) -> None:
    """The three menu entries, and Code Memo… in the palette's context menu."""
    window.document_memo_action = window.add_tool_action("Document", "Document &Memo…",
                                                         lambda: open_document_memo(window), "Ctrl+Shift+M")
    window.code_memo_action = window.add_tool_action("Codes", "Code M&emo…", lambda: open_code_memo(window))
    window.journal_action = window.add_tool_action("Tools", "Project &Journal…", lambda: open_journal(window),
                                                   "Ctrl+Shift+J")
    for action, name in ((window.document_memo_action, "documentMemoAction"),
                         (window.code_memo_action, "codeMemoAction"), (window.journal_action, "journalAction")):
        action.setObjectName(name)
    context = QAction("Code M&emo…", window.palette_view)
    context.setObjectName("paletteCodeMemoAction")
    context.triggered.connect(lambda: open_code_memo(window))
    window.palette_view.addAction(context)
    window.palette_view.setContextMenuPolicy(Qt.ActionsContextMenu)
