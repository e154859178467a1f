"""Dragging an edge of the current annotation with the mouse (real press, move and release):
one undoable UpdateAnnotation on release, snapped to whole tokens unless Alt or exact mode."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from test_text_view import TEXT, add, make_view


def edge_point(view, cp):
    """The viewport point exactly on the boundary before code point ``cp``."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view._offsets.to_utf16(cp))
    rect = view.cursorRect(cursor)
    return QPoint(rect.x(), rect.center().y())


def inside(view, cp):
    """A point on the left half of the character at ``cp``."""
    return edge_point(view, cp) + QPoint(2, 0)


def drag(qtbot, view, start_point, end_point, modifier=Qt.NoModifier):
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.LeftButton, modifier, start_point)
    qtbot.mouseMove(viewport, (start_point + end_point) / 2)
    qtbot.mouseMove(viewport, end_point)
    qtbot.mouseRelease(viewport, Qt.LeftButton, modifier, end_point)


def span(project, uuid):
    annotation = project.annotation(uuid)
    return annotation.start, annotation.end


def test_hovering_an_edge_of_the_current_annotation_shows_a_resize_cursor(qtbot, text_project):
    view = make_view(qtbot, text_project)
    uuid = add(view, 4, 12)                               # "minister"
    viewport = view.viewport()
    qtbot.mouseMove(viewport, edge_point(view, 12))
    assert viewport.cursor().shape() != Qt.SizeHorCursor  # not current yet: no edge to grab
    view.session.select_annotation(uuid)
    for cp in (4, 12):
        qtbot.mouseMove(viewport, edge_point(view, cp))
        assert viewport.cursor().shape() == Qt.SizeHorCursor, cp
    qtbot.mouseMove(viewport, inside(view, 8))
    assert viewport.cursor().shape() == Qt.IBeamCursor


def test_dragging_the_end_snaps_to_the_whole_word_and_undo_restores(qtbot, text_project):
    view = make_view(qtbot, text_project)
    uuid = add(view, 4, 12)                               # "minister"
    view.session.select_annotation(uuid)
    stack = view.session.undo_stack
    before = stack.count()
    with qtbot.waitSignal(view.session.changed):
        drag(qtbot, view, edge_point(view, 12), inside(view, TEXT.index("plan") + 1))   # into "plan"
    assert span(text_project, uuid) == (4, TEXT.index("plan") + 4)                          # "minister said the plan"
    assert stack.count() == before + 1 and stack.undoText() == "Move annotation boundary"
    assert view.selected_annotation_uuid == uuid
    [outline] = view.extraSelections()
    assert (outline.cursor.selectionStart(), outline.cursor.selectionEnd()) == span(text_project, uuid)
    stack.undo()
    assert span(text_project, uuid) == (4, 12)


def test_dragging_the_start_with_alt_keeps_exact_characters(qtbot, text_project):
    view = make_view(qtbot, text_project)
    uuid = add(view, 18, 34)                              # "the plan is fair"
    view.session.select_annotation(uuid)
    with qtbot.waitSignal(view.session.changed):
        drag(qtbot, view, edge_point(view, 18), edge_point(view, 23), Qt.AltModifier)   # "the p|lan"
    assert span(text_project, uuid) == (23, 34)
    with qtbot.waitSignal(view.session.changed):
        drag(qtbot, view, edge_point(view, 23), inside(view, 19))                      # into "the": snaps
    assert span(text_project, uuid) == (18, 34)


def test_an_edge_cannot_cross_the_other_one(qtbot, text_project):
    view = make_view(qtbot, text_project)
    uuid = add(view, 4, 17)                               # "minister said"
    view.session.select_annotation(uuid)
    with qtbot.waitSignal(view.session.changed):
        drag(qtbot, view, edge_point(view, 17), inside(view, 1))                       # far left of the start
    start, end = span(text_project, uuid)
    assert start == 4 and end > start and TEXT[start:end] == "minister"


def test_escape_cancels_a_drag_and_nothing_is_written(qtbot, text_project):
    view = make_view(qtbot, text_project)
    uuid = add(view, 4, 12)
    view.session.select_annotation(uuid)
    count = view.session.undo_stack.count()
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.LeftButton, pos=edge_point(view, 12))
    qtbot.mouseMove(viewport, inside(view, 30))
    [outline] = view.extraSelections()
    assert outline.cursor.selectionEnd() > 12             # the outline previews the new span
    qtbot.keyClick(view, Qt.Key_Escape)
    qtbot.mouseRelease(viewport, Qt.LeftButton, pos=inside(view, 30))
    assert span(text_project, uuid) == (4, 12) and view.session.undo_stack.count() == count


def test_other_coders_annotations_show_no_resize_cursor_and_do_not_move(qtbot, text_project):
    view = make_view(qtbot, text_project, coders=("Ana", "Ben"))
    view.session.set_show_other_coders(True)
    bens = text_project.annotate(view.document_id, 4, 12, "claim", "Ben")
    view.refresh_layers()
    view.session.select_annotation(bens.uuid)
    assert view.selected_annotation_uuid == bens.uuid
    qtbot.mouseMove(view.viewport(), edge_point(view, 12))
    assert view.viewport().cursor().shape() != Qt.SizeHorCursor
    drag(qtbot, view, edge_point(view, 12), inside(view, 30))
    assert span(text_project, bens.uuid) == (4, 12)
    assert not view.move_current_boundary("end", 1)


def test_a_drag_ends_if_the_annotation_stops_being_current(qtbot, text_project):
    view = make_view(qtbot, text_project)
    uuid = add(view, 4, 12)
    view.session.select_annotation(uuid)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.LeftButton, pos=edge_point(view, 12))
    qtbot.mouseMove(viewport, inside(view, 30))
    view.session.select_annotation("")                    # e.g. undo removed it, or another was chosen
    qtbot.mouseRelease(viewport, Qt.LeftButton, pos=inside(view, 30))
    assert span(text_project, uuid) == (4, 12)
