"""A code's rules, edited one a line (``KIND[, EXTEND][, case-sensitive]: PATTERN``), opened from the
Code Definition panel. OK checks every line (:func:`annotator.codebook.rules.parse_lines`, the one
check) and sets them as one undoable codebook edit (``SetRules``); a refused line is named under
the editor and the dialog stays open with what was typed."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from annotator.codebook import SetRules
from annotator.codebook.rules import parse_lines, rule_line
from annotator.errors import AnnotatorError

HELP = ("One rule a line: <b>keyword: tax</b>, <b>phrase, sentence: unfair tax</b>, "
        "<b>regex, paragraph, case-sensitive: \\bCuts?\\b</b>. Keywords and phrases match whole words in any "
        "case; a rule suggests the hit (unless it says sentence or paragraph) when suggestions are made by rules.")


class RulesDialog(QDialog):
    """Edit the rules of the code ``uuid``."""

    def __init__(self, session, uuid: str, parent=None):
        super().__init__(parent)
        self.setObjectName("rulesEditor")
        self.session, self.uuid = session, uuid
        self.name = session.project.code_path(uuid)
        self.setWindowTitle(f"Rules — {self.name}")
        lines = "\n".join(rule_line(rule) for rule in session.project.code_rules(uuid))
        self.editor = QPlainTextEdit(lines + "\n" if lines else "")
        self.editor.setObjectName("rulesText")
        self.editor.setAccessibleName(f"Rules of {self.name}, one a line")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.editor.setTabChangesFocus(True)
        about = QLabel(HELP)
        about.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("rulesProblem")
        self.problem.setTextFormat(Qt.PlainText)
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (about, self.editor, self.problem, buttons):
            layout.addWidget(widget, 1 if widget is self.editor else 0)
        metrics = self.editor.fontMetrics()
        self.resize(metrics.averageCharWidth() * 72, metrics.height() * 16)
        self.editor.setFocus()

    def accept(self) -> None:
        """Set the rules (one undo step) if they changed, and close; stay open if a line is refused."""
        try:
            rules = parse_lines(self.editor.toPlainText(), self.name)
        except AnnotatorError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return
        if rules != self.session.project.code_rules(self.uuid) and not self.session.push(SetRules(self.uuid, rules)):
            return
        super().accept()
