"""A code's rules in the Code Definition panel: listed, edited one a line in a dialog whose OK is one
undoable codebook edit; a refused line is shown and nothing changes."""
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QLabel

from annotator.codebook.rules import Rule
from ui.coding.code_definition import CodeDefinitionPanel
from ui.coding.rules_editor import RulesDialog


def test_rules_are_listed_and_edited_from_the_definition_panel(qtbot, session):
    panel = CodeDefinitionPanel(session)
    qtbot.addWidget(panel)
    code = session.project.code("claim")
    panel.show_code(code.uuid)
    assert "No rules suggest this code." in panel.toPlainText()
    version = session.project.scheme_version
    panel.anchorClicked.emit(QUrl(f"rules:{code.uuid}"))
    dialog = panel.findChild(RulesDialog)     # a child of the panel: closed with it
    dialog.editor.setPlainText("keyword: tax\nregex: a*\n")
    dialog.accept()
    problem = dialog.findChild(QLabel, "rulesProblem")
    assert dialog.isVisible() and "Line 2 of the rules of 'claim'" in problem.text()
    assert "can match empty text" in problem.text() and session.project.scheme_version == version
    dialog.editor.setPlainText("keyword: tax\nphrase, sentence: unfair <b>tax</b>\n")
    dialog.accept()
    assert dialog.result() == QDialog.Accepted
    assert session.project.code_rules(code) == (Rule("keyword", "tax"),
                                                Rule("phrase", "unfair <b>tax</b>", extend="sentence"))
    assert session.project.scheme_version == version + 1
    text = panel.toPlainText()
    assert "keyword: tax" in text and "phrase, sentence: unfair <b>tax</b>" in text
    session.undo()
    assert session.project.code_rules(code) == () and "No rules suggest this code." in panel.toPlainText()


def test_a_group_and_a_locked_codebook_offer_no_rules_link(qtbot, session):
    panel = CodeDefinitionPanel(session)
    qtbot.addWidget(panel)
    panel.show_code(session.project.code("claim").uuid)
    assert "Edit rules" in panel.toHtml()
    session.project.set_setting("codebook_locked", "1")
    panel.show_code(None)
    panel.show_code(session.project.code("claim").uuid)
    assert "Edit rules" not in panel.toHtml()
