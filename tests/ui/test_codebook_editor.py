"""The codebook editor driven by clicks: add, rename, delete with move, undo; refusals shown;
the definition panel follows the current annotation."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QColorDialog, QDockWidget, QInputDialog, QLabel, QPlainTextEdit, QToolButton

from ui.codebook.codebook_editor import CodebookEditor, DeleteCodeDialog, show_codebook_editor
from ui.coding.code_definition import CodeDefinitionPanel, install_code_definition


@pytest.fixture
def editor(qtbot, session):
    session.select_coder(session.project.coder("Ana").id)
    widget = CodebookEditor(session)
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def button(editor, name) -> QToolButton:
    return editor.findChild(QToolButton, f"codebook{name}Button")


def names(editor):
    tree, out = editor.tree, []

    def walk(item, depth):
        out.append(("  " * depth) + item.text(0))
        for i in range(item.childCount()):
            walk(item.child(i), depth + 1)

    for i in range(tree.topLevelItemCount()):
        walk(tree.topLevelItem(i), 0)
    return out


def answer_text(monkeypatch, text):
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (text, True)))


def test_add_rename_and_undo(qtbot, editor, session, monkeypatch):
    project = session.project
    before = [c.name for c in project.codes()]
    answer_text(monkeypatch, "irony")
    with qtbot.waitSignal(session.changed):
        qtbot.mouseClick(button(editor, "Add"), Qt.LeftButton)
    assert names(editor)[-1] == "irony" and editor.current_uuid() == project.code("irony").uuid
    answer_text(monkeypatch, "sarcasm")
    with qtbot.waitSignal(session.changed):
        qtbot.mouseClick(button(editor, "Rename"), Qt.LeftButton)
    assert project.code(editor.current_uuid()).name == "sarcasm" and "sarcasm" in names(editor)
    assert project.scheme_log()[-1].coder == "Ana"
    session.undo()
    assert "irony" in names(editor)
    session.undo()
    assert [c.name for c in project.codes()] == before and "irony" not in names(editor)
    session.redo()
    assert "irony" in names(editor)


def test_duplicate_name_and_key_are_refused_with_a_message(qtbot, editor, session, monkeypatch):
    first, second = session.project.codes()[:2]
    editor.select_code(first.uuid)
    answer_text(monkeypatch, second.name.upper())
    qtbot.mouseClick(button(editor, "Rename"), Qt.LeftButton)
    assert "already a code named" in editor.findChild(QLabel, "codebookMessage").text()
    answer_text(monkeypatch, second.shortcut)
    qtbot.mouseClick(button(editor, "Shortcut"), Qt.LeftButton)
    assert f"already the shortcut of code {second.name!r}" in editor.message.text()
    assert session.project.code(first.uuid).shortcut == first.shortcut
    answer_text(monkeypatch, "")
    with qtbot.waitSignal(session.changed):
        qtbot.mouseClick(button(editor, "Shortcut"), Qt.LeftButton)
    assert session.project.code(first.uuid).shortcut is None and editor.message.text() == ""


def test_delete_with_move_shows_the_count_and_undo_restores(qtbot, editor, session):
    project = session.project
    source, target = [c for c in project.codes() if c.codable][:2]
    moved = project.annotations(code=source)
    assert moved, "the sample has annotations of the first code"
    editor.select_code(source.uuid)
    seen = {}

    def answer(dialog):
        seen["text"] = " ".join(label.text() for label in dialog.findChildren(QLabel))
        dialog.target.setCurrentIndex(dialog.target.findData(target.uuid))
        dialog.move_button.setChecked(True)
        return True

    editor.exec_dialog = answer
    with qtbot.waitSignal(session.changed):
        qtbot.mouseClick(button(editor, "Delete"), Qt.LeftButton)
    assert f"has {len(moved)} annotations" in seen["text"]
    assert source.name not in names(editor)
    assert {a.code_id for a in project.annotations() if a.uuid in {m.uuid for m in moved}} == {target.id}
    session.undo()
    assert project.annotations(code=source.id) == moved
    assert source.name in names(editor)


def test_delete_dialog_offers_codable_targets_only():
    dialog = DeleteCodeDialog("claim", 3, [("u1", "attack"), ("u2", "stance > for")])
    assert dialog.choice() == ("move", "u1")
    dialog.delete_button.setChecked(True)
    assert dialog.choice() == ("delete", None)
    empty = DeleteCodeDialog("claim", 1, [])
    assert empty.choice() == ("delete", None) and not empty.move_button.isEnabled()


def test_nest_reorder_recolour_and_describe(qtbot, editor, session, monkeypatch):
    project = session.project
    top = [c for c in project.codes() if c.parent_id is None]
    editor.select_code(top[1].uuid)
    qtbot.mouseClick(button(editor, "Indent"), Qt.LeftButton)
    assert project.code_path(top[1].uuid) == f"{top[0].name} > {top[1].name}"
    qtbot.mouseClick(button(editor, "Outdent"), Qt.LeftButton)
    assert project.code(top[1].uuid).parent_id is None
    qtbot.mouseClick(button(editor, "Up"), Qt.LeftButton)
    assert names(editor)[0] == top[1].name
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *a, **k: __import__(
        "PySide6.QtGui", fromlist=["QColor"]).QColor("#123456")))
    qtbot.mouseClick(button(editor, "Colour"), Qt.LeftButton)
    assert project.code(top[1].uuid).color == "#123456"
    examples = editor.findChild(QPlainTextEdit, "codebook_examples")
    examples.setPlainText("“An example.”")
    examples.document().setModified(True)
    editor.select_code(top[2].uuid)   # moving away saves what was typed
    assert project.code_definition(top[1].uuid).examples == "“An example.”"
    for _ in range(5):
        session.undo()
    assert project.code(top[1].uuid) == top[1]


def test_locked_codebook_is_read_only(qtbot, session):
    session.project.set_setting("codebook_locked", "1")
    editor = CodebookEditor(session)
    qtbot.addWidget(editor)
    assert not button(editor, "Add").isEnabled() and button(editor, "Export").isEnabled()
    assert "coder package" in editor.message.text()


def test_import_and_export_through_the_editor(qtbot, editor, session, tmp_path):
    out = tmp_path / "book.qdc"
    report = editor.export_file(out)
    assert out.exists() and report.codes == len(session.project.codes())
    odd = tmp_path / "odd.qdc"
    odd.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="11111111-2222-3333-4444-'
                   '555555555555" name="New" isCodable="true" color="red"/></Codes></CodeBook>', "utf-8")
    report = editor.import_file(odd)
    assert report.added == 1 and "New" in names(editor) and any("'red'" in n for n in report.notes)
    session.undo()
    assert "New" not in names(editor)


def test_definition_panel_follows_the_current_annotation(qtbot, session):
    panel = CodeDefinitionPanel(session)
    qtbot.addWidget(panel)
    annotation = session.project.annotations()[0]
    session.select_annotation(annotation.uuid)
    code = session.project.code(annotation.code_id)
    assert panel.code_uuids() == [code.uuid]
    assert code.name in panel.toPlainText()
    from annotator.codebook import DescribeCode
    session.push(DescribeCode(code.uuid, use_when="<b>bold?</b>"))
    assert "Use when:" in panel.toPlainText() and "<b>bold?</b>" in panel.toPlainText()


def test_main_window_hooks(qtbot, window):
    dock = show_codebook_editor(window)
    assert window.findChild(CodebookEditor, "codebookEditor") is dock.widget()
    assert show_codebook_editor(window) is dock
    definition = install_code_definition(window)
    assert window.findChild(QDockWidget, "codeDefinitionDock") is definition
    view = window.text_view
    annotation = window.session.visible_annotations()[0]
    cursor = view.textCursor()
    cursor.setPosition(view._to_u16(annotation.start) + 1)
    view.setTextCursor(cursor)
    panel = definition.widget()
    assert window.project.code(annotation.code_id).uuid in panel.code_uuids()
    editor = dock.widget()
    editor.select_code(window.project.code(annotation.code_id).uuid)
    with qtbot.waitSignal(window.session.changed):
        editor.rename_code(editor.current_uuid(), "renamed code")
    assert "renamed code" in panel.toPlainText()


def test_a_code_key_that_the_window_uses_is_refused_with_a_plain_message(qtbot, window):
    editor = show_codebook_editor(window).widget()
    claim = window.project.code("claim")
    for key, command in (("Ctrl+Z", "Undo"), ("F8", "Next Annotation of This Code")):
        assert not editor.set_shortcut(claim.uuid, key)
        assert f"{key} is already the key of “{command}”" in editor.message.text()
        assert window.project.code(claim.uuid).shortcut == claim.shortcut
    assert not editor.set_shortcut(claim.uuid, "Ctrl+J")            # free in the window, but not a code key
    assert "without Ctrl or Alt" in editor.message.text()
    assert window.project.code(claim.uuid).shortcut == claim.shortcut
    with qtbot.waitSignal(window.session.changed):
        assert editor.set_shortcut(claim.uuid, "7")
    assert window.project.code(claim.uuid).shortcut == "7"


def test_the_move_buttons_say_in_words_what_they_do(editor):
    """They were bare arrows (↑ ↓ → ←): now a word on each, a tooltip, and a short accessible name."""
    expected = {"Up": "Move up", "Down": "Move down", "Indent": "Nest", "Outdent": "Un-nest"}
    for name, accessible in expected.items():
        b = button(editor, name)
        words = b.text().strip("↑↓→← ")
        assert words and any(ch.isalpha() for ch in words), b.text()
        assert b.toolTip().startswith(accessible + ":") and len(b.toolTip()) > len(accessible) + 10
        assert b.accessibleName() == accessible and b.accessibleDescription() == b.toolTip()
    for b in editor.findChildren(QToolButton):
        assert b.toolTip() and b.accessibleName() and b.accessibleName()[0].isalpha()


def test_the_definition_takes_the_height_and_the_other_boxes_their_lines(qtbot, editor):
    editor.resize(900, 560)
    editor.select_code(editor.project.codes()[0].uuid)
    fields = editor.fields
    for key in ("examples", "use_when", "dont_use_when"):
        fields[key].setPlainText("")
    qtbot.waitUntil(lambda: fields["examples"].height() < 4 * fields["examples"].fontMetrics().lineSpacing())
    definition, examples = fields["description"], fields["examples"]
    line = examples.fontMetrics().lineSpacing()
    assert definition.height() > 3 * max(fields[k].height() for k in ("examples", "use_when", "dont_use_when"))
    layout = definition.parentWidget().layout()
    assert layout.stretch(layout.indexOf(definition)) > 0          # the definition is the one that grows
    empty = examples.height()
    examples.setPlainText("one\ntwo\nthree\nfour\nfive")
    qtbot.waitUntil(lambda: examples.height() >= empty + 2 * line)  # grows with its text …
    examples.setPlainText("\n".join(str(n) for n in range(40)))
    qtbot.waitUntil(lambda: examples.height() > empty + 4 * line)
    assert examples.height() <= 9 * line + 20                        # … up to eight lines, then it scrolls
    assert definition.height() > examples.height()


def test_edits_that_change_nothing_leave_no_undo_step_and_say_so(qtbot, editor, session, monkeypatch, tmp_path):
    project, first = session.project, session.project.codes()[0]
    steps, version = session.undo_stack.count(), project.scheme_version
    editor.select_code(first.uuid)
    answer_text(monkeypatch, first.name)
    qtbot.mouseClick(button(editor, "Rename"), Qt.LeftButton)    # the same name: the dialog pushes nothing
    book = tmp_path / "same.json"
    editor.export_file(book)
    assert editor.import_file(book) is None and "holds the codebook as the project has it" in editor.message.text()
    assert session.undo_stack.count() == steps and project.scheme_version == version
