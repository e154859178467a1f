"""The window's menus and tools: scheme changes while it is open, menu entries added by other
windows, the shortcut help, Save a Copy As, Close Project, the boundary keys, and the status
bar and tooltip naming every annotation at a point. Driven by real keys where there are keys."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAction, QHelpEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QApplication, QDialog, QToolTip, QTreeView
from test_window import committed, own, select_by_keys, table, text_view

from annotator import Project
from annotator.changes import Change, ChangeKind
from ui.shared.actions import plain_text


def press(qtbot, window, keys: str) -> None:
    """Press a shortcut written like "Ctrl+Shift+S" in the text view."""
    combo = QKeySequence(keys)[0]
    qtbot.keyClick(text_view(window), combo.key(), combo.keyboardModifiers())


def point_of(view, cp):
    cursor = QTextCursor(view.document())
    cursor.setPosition(cp)
    rect = view.cursorRect(cursor)
    return QPoint(rect.x() + 2, rect.center().y())


def menu_titles(window):
    return [a.text().replace("&", "") for a in window.menuBar().actions()]


# ---------------------------------------------------------------- the scheme changes while the window is open

def test_a_new_code_appears_in_the_palette_menu_and_keys(qtbot, window, sample_project):
    irony = sample_project.add_code("irony", color="#117733", shortcut="7", description="Saying the opposite.")
    with qtbot.waitSignal(window.session.changed):
        window.session.announce(Change(None, (), (), ChangeKind.SCHEME))
    palette = window.findChild(QTreeView, "codePalette")
    names = [palette.model().index(r, 0).data() for r in range(palette.model().rowCount())]
    assert names[-1] == "irony"
    menu = [a.text() for a in window.codes_menu.actions()]
    assert "irony" in menu and menu.index("irony") < menu.index("Next Annotation of This Code")
    view = text_view(window)
    select_by_keys(qtbot, view, 0, 3)
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_7)
    [new] = [a for a in own(sample_project) if a.code_id == irony.id]
    assert (new.start, new.end) == (0, 3)
    assert table(window).model().index(0, 0).data() == "irony"
    assert view.highlighter.colour(irony.id).name() == "#117733"


def test_renaming_recolouring_and_rekeying_a_code_update_the_window_and_undo(qtbot, window, sample_project):
    from annotator.codebook import RecolourCode, RenameCode, SetShortcut

    claim = sample_project.code("claim")
    session, view, model = window.session, text_view(window), table(window).model()
    row = next(r for r in range(model.rowCount()) if model.annotation(r).code_id == claim.id)
    start = model.annotation(row).start
    before = view.highlighter.colour(claim.id).name()
    with qtbot.waitSignal(session.changed):
        assert session.push(RenameCode(claim.uuid, "assertion"))
    with qtbot.waitSignal(session.changed):
        assert session.push(RecolourCode(claim.uuid, "#AA3377"))
    with qtbot.waitSignal(session.changed):
        assert session.push(SetShortcut(claim.uuid, "9"))
    assert model.index(row, 0).data() == "assertion"
    assert model.data(model.index(row, 0), Qt.DecorationRole).name() == "#aa3377"
    assert "assertion (Ana)" in view.annotation_labels(start)
    block = view.document().findBlock(start)
    fills = {r.format.background().color().name() for r in block.layout().formats()}
    assert view.highlighter.colour(claim.id).name() == "#aa3377" and before != "#aa3377"
    assert any(fill != before for fill in fills)
    assert window.findChild(QAction, f"codeAction{claim.id}").shortcut().toString() == "9"
    select_by_keys(qtbot, view, 0, 3)
    count = len(own(sample_project))
    qtbot.keyClick(view, Qt.Key_1)                       # the old key codes nothing now
    assert len(own(sample_project)) == count
    with qtbot.waitSignal(session.changed):
        qtbot.keyClick(view, Qt.Key_9)
    assert len(own(sample_project)) == count + 1
    for _ in range(4):
        with qtbot.waitSignal(session.changed):
            qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    assert model.index(row, 0).data() == "claim"
    assert window.findChild(QAction, f"codeAction{claim.id}").shortcut().toString() == "1"
    assert view.highlighter.colour(claim.id).name() == before


# ---------------------------------------------------------------- menu entries from other windows

def test_add_tool_action_adds_a_menu_entry_whose_shortcut_works(qtbot, window):
    opened = []
    action = window.add_tool_action("Tools", "&Example Tool…", lambda: opened.append(True), "Ctrl+Alt+J")
    titles = menu_titles(window)
    assert titles.index("Tools") == titles.index("Help") - 1
    before = window.menu("tools").actions()[:-1]          # Agreement…, Adjudicate…
    assert window.menu("tools").actions()[-1] == action
    press(qtbot, window, "Ctrl+Alt+J")
    assert opened == [True]
    extra = QAction("Merge Coders…")
    assert window.add_tool_action("&Tools", extra) is extra and extra.parent() is window
    assert window.menu("Tools").actions() == before + [action, extra] and menu_titles(window).count("Tools") == 1


def test_an_action_added_to_the_codes_menu_survives_a_scheme_rebuild(qtbot, window, sample_project):
    action = window.add_tool_action("Codes", "Edit Codebook…")
    sample_project.add_code("irony", shortcut="7")
    window.session.announce(Change(None, (), (), ChangeKind.SCHEME))
    texts = [a.text() for a in window.codes_menu.actions()]
    assert texts[-1] == "Edit Codebook…" and "irony" in texts and action in window.codes_menu.actions()


# ---------------------------------------------------------------- help

def test_keyboard_shortcuts_help_lists_every_action_from_the_actions(qtbot, window, sample_project):
    window.add_tool_action("Tools", "Agreement…", None, "Ctrl+Shift+G")
    press(qtbot, window, "F1")
    dialog = window.findChild(QDialog, "shortcutsDialog")
    assert dialog is not None and dialog.isVisible()
    rows = dialog.rows()
    listed = {text: keys for _menu, text, keys in rows}
    for action in window.actions():                      # every action with keys, with every key it has
        if action.shortcuts():
            keys = listed[plain_text(action)].split(", ")
            assert QKeySequence(keys[0]) in action.shortcuts(), action.text()
            assert len(keys) >= 1 and all(QKeySequence(k) in action.shortcuts() for k in keys)
    native = lambda keys: QKeySequence(keys).toString(QKeySequence.NativeText)  # noqa: E731
    assert ("Edit", "Undo", f"{native('Ctrl+Z')}, {native('Alt+Backspace')}") in rows
    assert ("Tools", "Agreement", native("Ctrl+Shift+G")) in rows
    assert ("Codes", "claim", "1") in rows and ("Codes, exact characters", "claim (exact characters)", "Alt+1") in rows
    assert "Ctrl+W" in listed["Close Project"] and "Close" not in listed["Close Project"].split(", ")
    assert any(text == "Move End Right" and menu == "Edit › Annotation Boundaries" for menu, text, _ in rows)
    dialog.close()


def test_the_readme_shortcut_table_is_the_one_the_actions_give(window):
    from pathlib import Path

    from ui.shared.actions import markdown_table

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- shortcuts:begin -->\n")[1].split("<!-- shortcuts:end -->")[0]
    assert table == markdown_table(window.shortcut_rows(codes=False)), \
        "README.md is out of date: paste the output of python tools/shortcuts_table.py between its markers"


# ---------------------------------------------------------------- the project file

def test_save_a_copy_as_writes_every_annotation_and_keeps_working_here(qtbot, window, sample_project, tmp_path,
                                                                          monkeypatch):
    from ui.shared import dialogs

    target = tmp_path / "backup" / "copy.annot"
    target.parent.mkdir()
    monkeypatch.setattr(dialogs, "choose_copy_path", lambda parent, current: target)
    press(qtbot, window, "Ctrl+Shift+S")
    with Project.open(target) as copy:
        assert copy.annotations() == sample_project.annotations() and len(copy.annotations()) > 10
    assert "Saved a copy" in window.statusBar().currentMessage()
    assert window.project.path != target
    view = text_view(window)
    select_by_keys(qtbot, view, 0, 3)
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_1)                   # the open project is still the one written
    assert len(committed(window.project.path)) == len(sample_project.annotations())
    with Project.open(target) as copy:
        assert len(copy.annotations()) == len(sample_project.annotations()) - 1


def test_save_a_copy_onto_the_open_file_is_refused_in_plain_words(qtbot, window, monkeypatch):
    from ui.shared import dialogs

    shown = []
    monkeypatch.setattr(dialogs, "choose_copy_path", lambda parent, current: current)
    monkeypatch.setattr(dialogs, "show_error", lambda parent, message, title="": shown.append(message))
    before = window.project.path.read_bytes()
    window.save_copy_action.trigger()
    assert shown and "is the project that is open" in shown[0]
    assert window.project.path.read_bytes() == before


def test_ctrl_w_closes_the_window_and_asks_for_the_start_screen(qtbot, window):
    with qtbot.waitSignal(window.start_screen_requested):
        press(qtbot, window, "Ctrl+W")
    assert not window.isVisible()


def test_close_project_goes_back_to_the_start_screen(qt_settings, qtbot, sample_path):
    from ui.app import WindowManager

    manager = WindowManager()
    window = manager.open(sample_path, coder="Ana")
    project = window.project
    window.close_project_action.trigger()
    assert manager.windows == [] and not window.isVisible()
    assert manager.start_screen is not None and manager.start_screen.isVisible()
    with pytest.raises(Exception):
        project.annotations()                            # its connection was closed
    assert manager.start_screen.recent_list.item(0).data(Qt.UserRole) == str(sample_path.resolve())
    manager.start_screen.close()


# ---------------------------------------------------------------- boundary keys in the window

def test_boundary_keys_move_your_chosen_annotation_and_otherwise_extend_the_selection(qtbot, window, sample_project):
    view = text_view(window)
    window.session.select_annotation("")
    select_by_keys(qtbot, view, 0, 3)                    # "Why"
    qtbot.keyClick(view, Qt.Key_Right, Qt.ControlModifier | Qt.ShiftModifier)
    assert view.selected_span(exact=True)[1] > 3         # nothing chosen: the keys extend the selection
    first = table(window).model().annotation(0)
    window.session.select_annotation(first.uuid)
    assert all(a.isEnabled() for a in window.boundary_actions)
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_Right, Qt.ControlModifier | Qt.ShiftModifier)
    assert sample_project.annotation(first.uuid).end > first.end
    assert window.session.undo_stack.undoText() == "Move annotation boundary"
    window.session.undo()
    assert sample_project.annotation(first.uuid) == first


# ---------------------------------------------------------------- colour is never the only cue

def _two_codes_at_the_start(qtbot, window):
    view = text_view(window)
    select_by_keys(qtbot, view, 0, 12)                   # "Why the Fair"
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_1)
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_3)
    return view


def test_the_status_bar_names_every_annotation_at_the_cursor(qtbot, window):
    view = _two_codes_at_the_start(qtbot, window)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=point_of(view, 5))
    text = window.here_label.text()
    assert "claim (Ana)" in text and "appeal to fairness (Ana)" in text
    qtbot.keyClick(view, Qt.Key_End)
    qtbot.keyClick(view, Qt.Key_Down)
    qtbot.keyClick(view, Qt.Key_Down)
    assert window.here_label.text() == "At cursor: no annotation"


def test_hovering_shows_a_tooltip_naming_every_annotation_and_coder(qtbot, window, sample_project):
    view = _two_codes_at_the_start(qtbot, window)
    ben = sample_project.coder("Ben")
    sample_project.annotate(1, 4, 7, "attack", ben)             # "the", by Ben, seen once others are shown
    with qtbot.waitSignal(window.session.layers_toggled):
        qtbot.keyClick(view, Qt.Key_L, Qt.ControlModifier | Qt.ShiftModifier)
    point = point_of(view, 5)
    event = QHelpEvent(QEvent.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    tip = QToolTip.text()
    for words in ("claim", "appeal to fairness", "attack", "Ana", "Ben"):
        assert words in tip
    QToolTip.hideText()


# ---------------------------------------------------------------- the document list counts with SQL

def test_the_document_list_counts_without_loading_annotations(qtbot, window, sample_project, monkeypatch):
    documents = window.findChild(QTreeView, "documentList")
    expected = len(sample_project.annotations(document=1, coder="Ana"))

    def refuse(*args, **kwargs):
        raise AssertionError("the document list loaded annotations to count them")

    monkeypatch.setattr(sample_project, "annotations", refuse)
    documents.model().sourceModel().refresh_statuses()
    assert documents.model().index(0, 2).data() == f"in progress ({expected})"
