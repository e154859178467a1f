"""The Annotations panel of the coding window at real sizes: rows updated in place, records read only
for the rows shown, never sized to their contents, the Code column as wide as the longest code name
(right-to-left ones too), Tab moving on, and memos written in a multi-line editor (issue 14)."""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QHeaderView, QLabel, QPlainTextEdit, QTableView

from annotator.commands import AddAnnotation, UpdateAnnotation
from ui.shared.models import AnnotationTableModel

RTL_NAME = "ادعاء سياسي طويل جدا عن العدالة"       # the longest name in these tests, right to left
SWATCH = "#00c000"


def annotation_table(window) -> QTableView:
    return window.findChild(QTableView, "annotationTable")


def spy(model) -> list[tuple]:
    """Every structural or data signal of ``model``, in order."""
    seen: list[tuple] = []
    model.modelReset.connect(lambda: seen.append(("reset",)))
    model.rowsInserted.connect(lambda _p, first, last: seen.append(("inserted", first, last)))
    model.rowsRemoved.connect(lambda _p, first, last: seen.append(("removed", first, last)))
    model.dataChanged.connect(lambda tl, br, roles=(): seen.append(("changed", tl.row(), br.row())))
    model.layoutChanged.connect(lambda *_: seen.append(("layout",)))
    return seen


def test_adding_recoding_and_deleting_update_rows_in_place(qtbot, window, sample_project):
    model = annotation_table(window).annotation_model
    session, ana = window.session, sample_project.coder("Ana").id
    seen = spy(model)
    add = AddAnnotation(1, ana, sample_project.code("attack").id, 0, 3)
    assert session.push(add)
    assert seen == [("inserted", 0, 0)]                      # text order: it starts at 0
    seen.clear()
    row = model.row_of(add.uuid)
    assert session.push(UpdateAnnotation(add.uuid, sample_project.code("claim").id, 0, 3, None))
    assert seen == [("changed", row, row)] and model.index(row, 0).data() == "claim"
    seen.clear()
    session.undo()
    session.undo()
    assert seen == [("changed", row, row), ("removed", 0, 0)] and model.row_of(add.uuid) == -1


def rows_of(model) -> list[str]:
    return [model.annotation(row).uuid for row in range(model.rowCount())]


def test_rows_stay_right_when_a_change_touches_rows_never_read(qtbot, window, sample_project):
    model = annotation_table(window).annotation_model
    session, ana = window.session, sample_project.coder("Ana").id
    attack = sample_project.code("attack").id
    twins = [AddAnnotation(1, ana, attack, 100, 110) for _ in range(2)]     # two rows with one span
    for command in twins:
        assert session.push(command)
    session.select_document(2)
    session.select_document(1)                   # the model reads afresh: no record of those rows yet
    expected = [a.uuid for a in sample_project.annotations(document=1, coder=ana)]
    seen = spy(model)
    session.undo()                               # a row never read is deleted: read afresh (one page)
    assert seen == [("reset",)] and rows_of(model) == [u for u in expected if u != twins[1].uuid]
    seen.clear()
    assert model.row_of(twins[0].uuid) >= 0      # read now: its deletion removes its row in place
    session.undo()
    assert seen == [("removed", expected.index(twins[0].uuid), expected.index(twins[0].uuid))]
    assert rows_of(model) == [u for u in expected if u not in {t.uuid for t in twins}]
    session.redo()
    session.redo()
    assert [kind for kind, *_ in seen[1:]] == ["inserted", "inserted"] and rows_of(model) == expected


class CountingModel(AnnotationTableModel):
    """Remembers which rows the view asked about."""

    def __init__(self, *args, **kwargs):
        self.asked: set[int] = set()
        super().__init__(*args, **kwargs)

    def data(self, index, role=Qt.DisplayRole):
        self.asked.add(index.row())
        return super().data(index, role)


def test_the_table_never_reads_rows_out_of_view_to_size_itself(qtbot, session, sample_project, monkeypatch):
    from ui.coding import annotation_panel

    text_length = sample_project.document(1).length
    with sample_project.batch():
        for i in range(1500):
            sample_project.annotate(1, i % (text_length - 20), i % (text_length - 20) + 12, "claim", "Ana")
    session.select_coder(sample_project.coder("Ana").id)
    session.select_document(1)
    monkeypatch.setattr(annotation_panel, "AnnotationTableModel", CountingModel)
    read, record, records = [], sample_project.annotation, sample_project.annotations

    def reading(*args, **kwargs):
        found = records(*args, **kwargs)
        read.extend(found)
        return found

    monkeypatch.setattr(sample_project, "annotation", lambda ref: read.append(ref) or record(ref))
    monkeypatch.setattr(sample_project, "annotations", reading)
    grid = annotation_panel.AnnotationTable(session)
    qtbot.addWidget(grid)
    grid.resize(700, 300)
    grid.show()
    qtbot.waitExposed(grid)
    grid.resize(640, 360)
    qtbot.wait(20)
    assert session.push(AddAnnotation(1, session.coder_id, sample_project.code("attack").id, 1, 4))
    qtbot.wait(20)
    last_in_view = grid.rowAt(grid.viewport().height() - 1)
    model = grid.annotation_model
    assert model.rowCount() > 1500 and 0 < last_in_view < 100 and model.asked
    assert max(model.asked) <= last_in_view + 1
    assert len(read) <= 2 * AnnotationTableModel.PAGE + 4    # a page of records for the rows shown, not 1,500
    for header in (grid.horizontalHeader(), grid.verticalHeader()):
        modes = {header.sectionResizeMode(i) for i in range(header.count())}
        assert QHeaderView.ResizeToContents not in modes


def test_rows_keep_one_height_with_a_memo_of_several_lines(qtbot, window, sample_project):
    grid = annotation_table(window)
    first = grid.annotation_model.annotation(0)
    assert window.session.push(UpdateAnnotation(first.uuid, first.code_id, first.start, first.end,
                                                "First line\nsecond line\nthird line"))
    qtbot.wait(10)
    heights = {grid.rowHeight(row) for row in range(grid.annotation_model.rowCount())}
    assert len(heights) == 1 and heights.pop() >= grid.fontMetrics().height()
    assert grid.annotation_model.index(0, 3).data() == "First line second line third line"
    assert "second line" in grid.annotation_model.index(0, 3).data(Qt.ToolTipRole)


def ink_extent(image, rect: QRect, background: QColor, swatch: QColor) -> tuple[int, int, int]:
    """(swatch pixels, leftmost and rightmost x of other non-background pixels) in ``rect``."""
    swatches, xs = 0, []
    for y in range(rect.top() + 2, rect.bottom() - 1):
        for x in range(rect.left() + 1, rect.right()):
            colour = image.pixelColor(x, y)
            if colour == swatch:
                swatches += 1
            elif max(abs(colour.red() - background.red()), abs(colour.green() - background.green()),
                     abs(colour.blue() - background.blue())) > 60:
                xs.append(x)
    return swatches, min(xs, default=-1), max(xs, default=-1)


def test_the_code_column_fits_the_longest_code_name_even_right_to_left(qtbot, window, sample_project):
    grid = annotation_table(window)
    window.resize(1024, 700)
    sample_project.add_code("appeal to the common sense of ordinary people", "#777777")   # not applied yet
    rtl = sample_project.add_code(RTL_NAME, SWATCH)
    window.palette_view.reload()
    grid.annotation_model.reload()          # as after a codebook change (the scheme signal)
    assert window.session.push(AddAnnotation(1, sample_project.coder("Ana").id, rtl.id, 0, 5))
    qtbot.wait(20)
    metrics = grid.fontMetrics()
    for name in ("appeal to the common sense of ordinary people", RTL_NAME):
        assert grid.columnWidth(0) > metrics.horizontalAdvance(name) + 16
    row = grid.annotation_model.row_of(sample_project.annotations(document=1, code=rtl.id)[0].uuid)
    grid.scrollTo(grid.annotation_model.index(row, 0))
    grid.clearSelection()
    qtbot.wait(20)
    rect = grid.visualRect(grid.annotation_model.index(row, 0))
    image = grid.viewport().grab().toImage()
    background = image.pixelColor(rect.right() - 2, rect.top() + 2)
    swatches, left, right = ink_extent(image, rect, background, QColor(SWATCH))
    assert swatches >= 40                                   # the colour square is there
    assert right - left >= metrics.horizontalAdvance(RTL_NAME) - 4 and right < rect.right()   # the whole name


def test_tab_leaves_the_annotation_table(qtbot, window):
    grid = annotation_table(window)
    grid.setFocus()
    grid.setCurrentIndex(grid.annotation_model.index(0, 0))
    qtbot.waitUntil(grid.hasFocus)
    qtbot.keyClick(grid, Qt.Key_Tab)
    assert not grid.hasFocus() and window.focusWidget() is not None
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key_Backtab, Qt.ShiftModifier)
    assert not grid.hasFocus()


def open_memo(qtbot, window, how) -> QDialog:
    how()
    [dialog] = [d for d in window.findChildren(QDialog, "annotationMemoEditor") if d.isVisible()]
    qtbot.waitExposed(dialog)
    return dialog


def test_a_memo_is_written_in_a_multi_line_editor_and_undone_in_one_step(qtbot, window, sample_project,
                                                                          sample_path):
    from annotator import Project

    grid = annotation_table(window)
    first = grid.annotation_model.annotation(0)
    grid.setFocus()
    grid.setCurrentIndex(grid.annotation_model.index(0, AnnotationTableModel.MEMO))
    dialog = open_memo(qtbot, window, lambda: qtbot.keyClick(grid, Qt.Key_F2))
    editor = dialog.findChild(QPlainTextEdit, "annotationMemoText")
    assert editor.height() >= 5 * editor.fontMetrics().height() and editor.toPlainText() == (first.memo or "")
    assert first.start >= 0 and sample_project.document(1).text[first.start:first.end][:20] in \
        dialog.findChild(QLabel, "annotationMemoPassage").text()
    editor.selectAll()
    qtbot.keyClicks(editor, "Ironic tone")
    qtbot.keyClick(editor, Qt.Key_Return)                 # a new line, not OK
    qtbot.keyClicks(editor, "throughout")
    assert dialog.isVisible() and editor.toPlainText() == "Ironic tone\nthroughout"
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)  # the editor's own undo
    assert editor.toPlainText() != "Ironic tone\nthroughout"
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert editor.toPlainText() == "Ironic tone\nthroughout"
    steps = window.session.undo_stack.count()
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(editor, Qt.Key_Return, Qt.ControlModifier)
    assert not dialog.isVisible() and window.session.undo_stack.count() == steps + 1
    with Project.open(sample_path) as other:
        assert other.annotation(first.uuid).memo == "Ironic tone\nthroughout"
    assert window.undo_action.text() == "&Undo Edit memo"
    with qtbot.waitSignal(window.session.changed):
        window.undo_action.trigger()
    assert sample_project.annotation(first.uuid).memo == first.memo
    with qtbot.waitSignal(window.session.changed):
        window.redo_action.trigger()
    assert sample_project.annotation(first.uuid).memo == "Ironic tone\nthroughout"


def test_edit_memo_opens_the_editor_for_own_annotations_only(qtbot, window, sample_project):
    grid = annotation_table(window)
    first = grid.annotation_model.annotation(0)
    window.session.select_annotation(first.uuid)
    dialog = open_memo(qtbot, window, window.memo_action.trigger)
    steps = window.session.undo_stack.count()
    dialog.reject()                                       # Cancel writes nothing
    assert window.session.undo_stack.count() == steps
    window.session.set_show_other_coders(True)
    ben = sample_project.coder("Ben").id
    model = grid.annotation_model
    row = next(r for r in range(model.rowCount()) if model.annotation(r).coder_id == ben)
    qtbot.wait(10)
    before = len([d for d in window.findChildren(QDialog, "annotationMemoEditor") if d.isVisible()])
    grid.edit(grid.annotation_model.index(row, AnnotationTableModel.MEMO))
    assert len([d for d in window.findChildren(QDialog, "annotationMemoEditor") if d.isVisible()]) == before
