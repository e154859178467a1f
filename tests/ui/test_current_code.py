"""One current code: the Codes list and the Code Definition dock always show the same code
(ui/coding/current_code.py, Session.code_id)."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDockWidget

from annotator.commands import UpdateAnnotation


def shown(window):
    """(the Codes list's current code, the codes the definition dock shows), as code names."""
    project = window.project
    panel = window.findChild(QDockWidget, "codeDefinitionDock").widget()
    listed = window.palette_view.current_code_id()
    return (project.code(listed).name if listed else None,
            [project.code(uuid).name for uuid in panel.code_uuids()])


def agree(window, name):
    assert window.session.code_id == window.project.code(name).id
    assert shown(window) == (name, [name])


def put_cursor(window, cp):
    view = window.text_view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view._to_u16(cp))
    view.setTextCursor(cursor)


def first(window, code):
    return next(a for a in window.session.visible_annotations() if window.project.code(a.code_id).name == code)


def test_the_current_annotation_decides_and_the_cursor_elsewhere_does_not(window):
    claim, attack = first(window, "claim"), first(window, "attack")
    window.session.select_annotation(claim.uuid)
    agree(window, "claim")
    put_cursor(window, attack.start + 1)        # into an attack passage, the claim still chosen
    agree(window, "claim")


def test_without_a_current_annotation_the_code_at_the_cursor_is_current(window):
    window.session.select_annotation("")
    put_cursor(window, first(window, "attack").start + 1)
    agree(window, "attack")
    put_cursor(window, 0)                       # uncoded text: the code there was stays
    agree(window, "attack")


def test_choosing_in_the_codes_list_shows_that_definition(qtbot, window):
    palette = window.palette_view
    palette.setFocus()
    palette.setCurrentIndex(palette.code_model.index_of(window.project.code("boilerplate").id))
    agree(window, "boilerplate")
    qtbot.keyClick(palette, Qt.Key_Up)          # arrow keys move the current code
    agree(window, "appeal to fairness")


def test_recoding_the_current_annotation_moves_the_current_code(window):
    claim = first(window, "claim")
    window.session.select_annotation(claim.uuid)
    attack = window.project.code("attack").id
    assert window.session.push(UpdateAnnotation(claim.uuid, attack, claim.start, claim.end, claim.memo))
    agree(window, "attack")


def test_next_annotation_of_this_code_uses_the_current_code(window):
    window.session.select_annotation("")
    put_cursor(window, first(window, "attack").start + 1)
    window.session.select_annotation("")
    window.step_annotation_of_code(+1)
    chosen = window.project.annotation(window.session.annotation_uuid)
    assert window.project.code(chosen.code_id).name == "attack"


def test_a_narrow_definition_dock_never_splits_key_from_its_value(window):
    panel = window.findChild(QDockWidget, "codeDefinitionDock").widget()
    window.session.select_code(window.project.code("claim").id)
    assert "key\u00a01" in panel.document().toRawText()      # toPlainText turns it into a space
