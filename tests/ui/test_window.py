"""The coding window driven with real key and mouse events; the project file is checked
through a second connection to prove every change is committed when it is made."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QComboBox, QPlainTextEdit, QPushButton, QTableView, QTreeView

from annotator import Project


def select_by_keys(qtbot, view, start: int, end: int) -> None:
    """Select code points start..end with the keyboard (ASCII/BMP text: one key per character)."""
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_Home, Qt.ControlModifier)
    for _ in range(start):
        qtbot.keyClick(view, Qt.Key_Right)
    for _ in range(end - start):
        qtbot.keyClick(view, Qt.Key_Right, Qt.ShiftModifier)


def committed(path, **filters):
    """Annotations as another process would see them."""
    with Project.open(path) as other:
        return other.annotations(**filters)


def text_view(window) -> QPlainTextEdit:
    return window.findChild(QPlainTextEdit, "textView")


def table(window) -> QTableView:
    return window.findChild(QTableView, "annotationTable")


def own(project, document_id=1, coder="Ana"):
    return project.annotations(document=document_id, coder=coder)


def test_named_widgets_exist(window):
    for name, kind in (("documentList", QTreeView), ("textView", QPlainTextEdit), ("codePalette", QTreeView),
                       ("annotationTable", QTableView), ("coderSelector", QComboBox)):
        assert window.findChild(kind, name) is not None, name
    assert window.windowTitle().startswith("01-minister-oped.txt — Sample study")


def test_pressing_a_code_key_codes_the_selection_and_commits_it(qtbot, window, sample_project, sample_path):
    view = text_view(window)
    before = len(own(sample_project))
    select_by_keys(qtbot, view, 4, 9)            # "Why |the F|air": snaps outward to whole words
    expected = view.selected_span()
    assert expected is not None and expected[0] <= 4 and expected[1] >= 9
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_2)
    mine = committed(sample_path, document=1, coder="Ana")
    assert len(mine) == before + 1
    new = next(a for a in mine if (a.start, a.end) == expected)
    assert new.code_id == sample_project.code("attack").id
    assert (sample_project.document(1).text[new.start:new.end].strip()
            == sample_project.document(1).text[expected[0]:expected[1]].strip())


def test_alt_key_codes_the_exact_characters(qtbot, window, sample_path):
    view = text_view(window)
    select_by_keys(qtbot, view, 4, 9)
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_1, Qt.AltModifier)
    assert any((a.start, a.end) == (4, 9) for a in committed(sample_path, document=1, coder="Ana"))


def test_undo_and_redo_with_the_keyboard(qtbot, window, sample_project, sample_path):
    view = text_view(window)
    before = len(committed(sample_path, document=1, coder="Ana"))
    select_by_keys(qtbot, view, 0, 3)
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_1)
    assert len(committed(sample_path, document=1, coder="Ana")) == before + 1
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    assert len(committed(sample_path, document=1, coder="Ana")) == before
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert len(committed(sample_path, document=1, coder="Ana")) == before + 1
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_Y, Qt.ControlModifier)
    assert len(committed(sample_path, document=1, coder="Ana")) == before + 1


def test_overlapping_annotations_are_all_kept_and_listed(qtbot, window, sample_project):
    view = text_view(window)
    select_by_keys(qtbot, view, 0, 13)           # "Why the Fair "
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_1)
    with qtbot.waitSignal(window.session.changed):  # the selection stays: a second code on it
        qtbot.keyClick(view, Qt.Key_3)
    select_by_keys(qtbot, view, 8, 20)           # "Fair Regions"
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_2)
    early = [a for a in own(sample_project) if a.start < 20]
    assert sorted(sample_project.code(a.code_id).name for a in early) == ["appeal to fairness", "attack", "claim"]
    model = table(window).model()
    rows = [(model.annotation(r).start, model.index(r, 0).data()) for r in range(3)]
    assert rows == sorted(rows, key=lambda r: r[0]) and rows[0][0] == 0
    assert {view.annotations_at(10)[i].code_id for i in range(3)} == {a.code_id for a in early}


def test_undo_of_a_change_in_another_document_shows_that_document(qtbot, window, sample_project, sample_path):
    view = text_view(window)
    select_by_keys(qtbot, view, 0, 3)
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_1)
    count = len(own(sample_project, 1))
    with qtbot.waitSignal(window.session.document_selected):
        qtbot.keyClick(view, Qt.Key_PageDown, Qt.ControlModifier)
    assert window.session.document_id == 2 and "02-" in window.windowTitle()
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    assert window.session.document_id == 1
    assert len(committed(sample_path, document=1, coder="Ana")) == count - 1
    assert table(window).model().rowCount() == count - 1


def test_clicking_a_row_selects_the_annotation_and_a_key_recodes_it(qtbot, window, sample_project, sample_path):
    grid = table(window)
    first = grid.model().annotation(0)
    rect = grid.visualRect(grid.model().index(0, 2))
    with qtbot.waitSignal(window.session.annotation_selected):
        qtbot.mouseClick(grid.viewport(), Qt.LeftButton, pos=rect.center())
    assert window.session.annotation_uuid == first.uuid
    assert text_view(window).selected_span() is None
    new_code = sample_project.code("boilerplate").id
    assert first.code_id != new_code
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(grid, Qt.Key_4)
    with Project.open(sample_path) as other:
        assert other.annotation(first.uuid).code_id == new_code
    assert grid.model().index(grid.model().row_of(first.uuid), 0).data() == "boilerplate"
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(grid, Qt.Key_Z, Qt.ControlModifier)
    assert sample_project.annotation(first.uuid).code_id == first.code_id


def test_delete_key_in_the_table_deletes_and_undo_restores(qtbot, window, sample_project, sample_path):
    grid = table(window)
    first = grid.model().annotation(0)
    rows = grid.model().rowCount()
    qtbot.mouseClick(grid.viewport(), Qt.LeftButton, pos=grid.visualRect(grid.model().index(0, 0)).center())
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(grid, Qt.Key_Delete)
    assert grid.model().rowCount() == rows - 1
    assert all(a.uuid != first.uuid for a in committed(sample_path, document=1))
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(grid, Qt.Key_Z, Qt.ControlModifier)
    assert sample_project.annotation(first.uuid) == first


def test_switching_coders_hides_other_layers_and_the_toggle_shows_them(qtbot, window, sample_project):
    grid = table(window)
    ana, ben = sample_project.coder("Ana").id, sample_project.coder("Ben").id
    assert {grid.model().annotation(r).coder_id for r in range(grid.model().rowCount())} == {ana}
    combo = window.findChild(QComboBox, "coderSelector")
    assert combo.currentText() == "Ana"
    with qtbot.waitSignal(window.session.coder_selected):
        qtbot.keyClick(combo, Qt.Key_Up)        # Ben is listed first (added first)
    assert window.session.coder_id == ben and "Ben" in window.coder_label.text()
    assert {grid.model().annotation(r).coder_id for r in range(grid.model().rowCount())} == {ben}
    assert all(a.coder_id == ben for a in text_view(window).annotations_at(
        grid.model().annotation(0).start))
    with qtbot.waitSignal(window.session.layers_toggled):
        qtbot.keyClick(text_view(window), Qt.Key_L, Qt.ControlModifier | Qt.ShiftModifier)
    assert window.others_action.isChecked()
    assert {grid.model().annotation(r).coder_id for r in range(grid.model().rowCount())} == {ana, ben}
    assert grid.model().rowCount() == len(sample_project.annotations(document=1))


def test_mark_done_updates_the_document_list_and_the_file(qtbot, window, sample_project, sample_path):
    documents = window.findChild(QTreeView, "documentList")
    assert documents.model().index(0, 2).data().startswith("in progress")
    qtbot.keyClick(text_view(window), Qt.Key_D, Qt.ControlModifier)
    assert documents.model().index(0, 2).data().startswith("done")
    with Project.open(sample_path) as other:
        assert other.status(1, "Ana") == "done" and other.status(1, "Ben") != "done"
    qtbot.keyClick(text_view(window), Qt.Key_D, Qt.ControlModifier)
    assert documents.model().index(0, 2).data().startswith("in progress")


def test_clicking_a_code_in_the_palette_codes_the_selection(qtbot, window, sample_project):
    view = text_view(window)
    select_by_keys(qtbot, view, 0, 3)
    palette = window.findChild(QTreeView, "codePalette")
    index = palette.model().index(2, 0)
    assert palette.model().data(index, Qt.ToolTipRole).startswith("<b>appeal to fairness</b>")
    with qtbot.waitSignal(window.session.changed):
        qtbot.mouseClick(palette.viewport(), Qt.LeftButton, pos=palette.visualRect(index).center())
    assert any(a.start == 0 and a.code_id == sample_project.code("appeal to fairness").id for a in own(sample_project))


def test_find_bar(qtbot, window):
    qtbot.keyClick(text_view(window), Qt.Key_F, Qt.ControlModifier)
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.edit, "the")
    assert "match" in window.find_bar.hits.text() and window.find_bar.hits.text() != "no matches"
    qtbot.keyClick(window.find_bar.edit, Qt.Key_Escape)
    assert not window.find_bar.isVisible()


def test_next_annotation_of_the_same_code(qtbot, window, sample_project):
    model = table(window).model()
    claims = [a.uuid for a in model.annotations() if a.code_id == sample_project.code("claim").id]
    window.session.select_annotation(claims[0])
    qtbot.keyClick(text_view(window), Qt.Key_F8)
    assert window.session.annotation_uuid == claims[1]
    qtbot.keyClick(text_view(window), Qt.Key_F8, Qt.ShiftModifier)
    assert window.session.annotation_uuid == claims[0]


def _text_folder(tmp_path, count):
    folder = tmp_path / "texts"
    folder.mkdir()
    for i in range(count):
        (folder / f"speech-{i:03}.txt").write_text(f"Speech number {i}. We will act now.\n", encoding="utf-8")
    return folder


def test_import_worker_imports_a_folder_with_progress(qtbot, window, tmp_path):
    folder = _text_folder(tmp_path, 5)
    documents = window.findChild(QTreeView, "documentList")
    rows = documents.model().rowCount()
    progress = []
    job = window.import_paths([str(folder)])
    job.progressed.connect(lambda done, total, name: progress.append((done, total)))
    with qtbot.waitSignal(job.done, timeout=20000) as blocker:
        pass
    results, cancelled = blocker.args
    assert not cancelled and [r.status for r in results] == ["imported"] * 5
    assert documents.model().rowCount() == rows + 5
    assert progress and progress[-1] == (5, 5)
    assert window.import_job is None and window.import_action.isEnabled()


def test_import_can_be_cancelled_midway(qtbot, window, tmp_path):
    folder = _text_folder(tmp_path, 40)
    documents = window.findChild(QTreeView, "documentList")
    rows = documents.model().rowCount()
    job = window.import_paths([str(folder)], show_dialog=False)
    # Cancel from the worker thread after the first file, as the dialog's button would.
    job.worker.progressed.connect(lambda *_: job.worker.cancel(), Qt.DirectConnection)
    with qtbot.waitSignal(job.done, timeout=20000) as blocker:
        pass
    results, cancelled = blocker.args
    assert cancelled and 1 <= len(results) < 40
    assert documents.model().rowCount() == rows + len(results)
    assert "cancelled" in window.statusBar().currentMessage()


def test_progress_dialog_cancel_button_cancels(qtbot, window, tmp_path):
    job = window.import_paths([str(_text_folder(tmp_path, 3))])
    assert job.dialog is not None and job.dialog.objectName() == "importProgress"
    cancel = job.dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    cancel.click()
    assert job.worker.cancelled
    with qtbot.waitSignal(job.done, timeout=20000):
        pass


@pytest.mark.filterwarnings("ignore:Function.*QDragEnterEvent:DeprecationWarning")  # the only ctor PySide offers
def test_dropping_files_on_the_document_list_imports_them(qtbot, window, tmp_path):
    a, b = tmp_path / "drop-a.txt", tmp_path / "drop-b.txt"
    a.write_text("First dropped text.\n", encoding="utf-8")
    b.write_text("Second dropped text.\n", encoding="utf-8")
    documents = window.findChild(QTreeView, "documentList")
    rows = documents.model().rowCount()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(a)), QUrl.fromLocalFile(str(b))])
    # As in a real drag: the enter event makes the list the drop target, then the drop.
    enter = QDragEnterEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(documents.viewport(), enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(documents.viewport(), drop)
    assert drop.isAccepted() and window.import_job is not None
    with qtbot.waitSignal(window.import_job.done, timeout=20000):
        pass
    names = [documents.model().index(r, 0).data() for r in range(documents.model().rowCount())]
    assert len(names) == rows + 2 and names[-2:] == ["drop-a.txt", "drop-b.txt"]


def test_zoom_changes_the_text_size_and_is_remembered(qtbot, window):
    from PySide6.QtCore import QSettings

    view = text_view(window)
    size = view.font().pointSizeF()
    qtbot.keyClick(view, Qt.Key_Equal, Qt.ControlModifier)
    assert view.font().pointSizeF() == size + 1
    qtbot.keyClick(view, Qt.Key_Minus, Qt.ControlModifier)
    qtbot.keyClick(view, Qt.Key_Minus, Qt.ControlModifier)
    assert view.font().pointSizeF() == size - 1
    window.close()
    assert float(QSettings().value("view/textPointSize")) == size - 1


def test_delete_with_nothing_selected_changes_nothing(qtbot, window, sample_project):
    view = text_view(window)
    before = len(sample_project.annotations())
    window.session.select_annotation("")
    qtbot.keyClick(view, Qt.Key_Delete)
    assert len(sample_project.annotations()) == before
    assert "Select an annotation" in window.statusBar().currentMessage()


def test_other_coders_annotations_cannot_be_recoded(qtbot, window, sample_project):
    qtbot.keyClick(text_view(window), Qt.Key_L, Qt.ControlModifier | Qt.ShiftModifier)
    model = table(window).model()
    bens = next(model.annotation(r) for r in range(model.rowCount())
                if model.annotation(r).coder_id == sample_project.coder("Ben").id)
    window.session.select_annotation(bens.uuid)
    qtbot.keyClick(text_view(window), Qt.Key_4)
    assert sample_project.annotation(bens.uuid).code_id == bens.code_id
    assert "only your own" in window.statusBar().currentMessage()
