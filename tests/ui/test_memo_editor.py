"""Document › Document Memo…, Codes › Code Memo… (and the palette's context menu), Tools ›
Project Journal…: one editor, OK is one undo step, undo and redo show in the Documents list,
and other coders' memos are shown read-only only when the window shows other coders."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QPushButton, QTabWidget, QTreeView


def open_editor(qtbot, window, action_name: str) -> QDialog:
    window.findChild(QAction, action_name).trigger()
    [dialog] = [d for d in window.findChildren(QDialog, "memoEditor") if d.isVisible()]   # closed ones go later
    qtbot.waitExposed(dialog)
    return dialog


def write(qtbot, dialog, text: str) -> None:
    editor = dialog.findChild(QPlainTextEdit, "memoText")
    editor.selectAll()
    qtbot.keyClicks(editor, text)


def ok(qtbot, window, dialog) -> None:
    with qtbot.waitSignal(window.session.changed):
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)


def mark(window, document_id):
    model = window.document_model
    index = model.index(model.row_of(document_id), 0)
    return model.data(index, Qt.DecorationRole), model.data(index, Qt.ToolTipRole)


def test_a_document_memo_is_one_undo_step_and_marks_the_document(qtbot, window, sample_project):
    document = sample_project.document(window.session.document_id)
    assert mark(window, document.id)[0] is None
    dialog = open_editor(qtbot, window, "documentMemoAction")
    assert document.name in dialog.windowTitle() and dialog.findChild(QTabWidget, "memoTabs") is None
    write(qtbot, dialog, "The framing leans on fairness.")
    steps = window.session.undo_stack.count()
    ok(qtbot, window, dialog)
    assert window.session.undo_stack.count() == steps + 1
    assert sample_project.memo("document", document.id, "Ana").text == "The framing leans on fairness."
    icon, tip = mark(window, document.id)
    assert icon is not None and not icon.isNull() and "Memo (Ana): The framing leans on fairness." in tip
    assert window.undo_action.text() == "&Undo Edit Document Memo"
    with qtbot.waitSignal(window.session.changed):
        window.undo_action.trigger()
    assert sample_project.memo("document", document.id, "Ana") is None and mark(window, document.id)[0] is None
    with qtbot.waitSignal(window.session.changed):
        window.redo_action.trigger()
    assert sample_project.memo("document", document.id, "Ana").text == "The framing leans on fairness."
    assert "Memo (Ana)" in mark(window, document.id)[1]


def test_cancel_or_an_unchanged_text_writes_nothing(qtbot, window, sample_project):
    steps = window.session.undo_stack.count()
    dialog = open_editor(qtbot, window, "documentMemoAction")
    write(qtbot, dialog, "Never kept.")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Cancel), Qt.LeftButton)
    dialog = open_editor(qtbot, window, "documentMemoAction")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert window.session.undo_stack.count() == steps and sample_project.memos() == []


def test_a_code_memo_from_the_palettes_context_menu_is_not_the_definition(qtbot, window, sample_project):
    palette = window.findChild(QTreeView, "codePalette")
    attack = sample_project.code("attack")
    palette.show_code(attack.id)
    assert palette.contextMenuPolicy() == Qt.ActionsContextMenu
    assert "paletteCodeMemoAction" in [a.objectName() for a in palette.actions()]
    dialog = open_editor(qtbot, window, "paletteCodeMemoAction")
    assert dialog.windowTitle() == "Code Memo — attack"
    write(qtbot, dialog, "Harder to tell from claim in op-eds.")
    ok(qtbot, window, dialog)
    assert sample_project.memo("code", "attack", "Ana").text == "Harder to tell from claim in op-eds."
    assert sample_project.code("attack").description == attack.description
    assert "Code Memo…" in [a.text().replace("&", "") for a in window.codes_menu.actions()]
    with qtbot.waitSignal(window.session.changed):
        window.session.undo()
    assert sample_project.memo("code", "attack", "Ana") is None


def test_the_journal_dates_an_entry_and_undoes(qtbot, window, sample_project):
    dialog = open_editor(qtbot, window, "journalAction")
    editor = dialog.findChild(QPlainTextEdit, "memoText")
    qtbot.mouseClick(dialog.findChild(QPushButton, "insertDateButton"), Qt.LeftButton)
    qtbot.keyClicks(editor, "Agreed to code claims at sentence level.")
    ok(qtbot, window, dialog)
    text = f"{date.today().isoformat()}\nAgreed to code claims at sentence level."
    assert sample_project.memo("journal", None, "Ana").text == text
    dialog = open_editor(qtbot, window, "journalAction")
    assert dialog.findChild(QPlainTextEdit, "memoText").toPlainText() == text
    dialog.reject()
    with qtbot.waitSignal(window.session.changed):
        window.session.undo()
    assert sample_project.memo("journal", None, "Ana") is None


def test_other_coders_memos_show_read_only_only_when_the_window_shows_other_coders(qtbot, window, sample_project):
    document_id = window.session.document_id
    sample_project.set_memo("document", document_id, "Ben", "Ben's reading.")
    window.document_model.refresh_statuses()
    assert mark(window, document_id)[0] is None                     # blind: Ben's memo is not marked
    dialog = open_editor(qtbot, window, "documentMemoAction")
    assert dialog.findChild(QTabWidget, "memoTabs") is None and "Ben's reading." not in [
        e.toPlainText() for e in dialog.findChildren(QPlainTextEdit)]
    dialog.reject()
    window.others_action.trigger()
    assert "Memo (Ben): Ben's reading." in mark(window, document_id)[1]
    dialog = open_editor(qtbot, window, "documentMemoAction")
    tabs = dialog.findChild(QTabWidget, "memoTabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Yours (Ana)", "Ben (read-only)"]
    other = dialog.findChild(QPlainTextEdit, "otherMemo")
    assert other.isReadOnly() and other.toPlainText() == "Ben's reading."
    write(qtbot, dialog, "Mine.")
    ok(qtbot, window, dialog)
    assert {m.text for m in sample_project.memos("document")} == {"Ben's reading.", "Mine."}
