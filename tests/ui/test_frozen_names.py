"""The Documents list keeps its name column in view when attribute columns scroll sideways
(ui/coding/frozen_names.py, finding 12 of the issue-12 attack)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTreeView

KEYS = ("outlet", "author", "date", "pages")


@pytest.fixture
def frozen_sample(sample_project):
    """The sample project with four attributes on every document (before the window opens)."""
    for doc in sample_project.document_summaries():
        sample_project.set_document_attributes(doc.id, {"outlet": "Daily Chronicle", "author": "Teodora Vance",
                                                        "date": "2024-03-03", "pages": 12})
    return sample_project


def wide_list(qtbot, window):
    """The coding window at 1024x700 with four attribute columns shown, scrolled fully right."""
    window.resize(1024, 700)
    for key in KEYS:
        window.documents_panel.set_column_shown(key, True)
    view = window.document_list
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() > 0)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    return view


def what_shows_at(view, x: int, row: int):
    """The widget and the index drawn at ``x`` (list coordinates) on ``row``."""
    y = view.viewport().mapTo(view, view.visualRect(view.rows.index(row, 0)).center()).y()
    widget = view.childAt(QPoint(x, y))
    owner = widget.parent() if widget is not None else None
    if not isinstance(owner, QTreeView):
        return widget, None
    return owner, owner.indexAt(widget.mapFrom(view, QPoint(x, y)))


def test_the_names_stay_in_view_when_the_columns_scroll_right(qtbot, frozen_sample, window):
    view = wide_list(qtbot, window)
    assert view.horizontalScrollBar().value() > view.header().sectionSize(0)      # the name column scrolled past
    names = [d.name for d in frozen_sample.document_summaries()]
    x = view.viewport().geometry().x() + 10
    for row in range(view.rows.rowCount()):
        shown_by, index = what_shows_at(view, x, row)
        assert index is not None and index.column() == 0 and index.data() in names
        assert index.data() == view.rows.index(row, 0).data()
    right = view.viewport().geometry().right() - 5                     # the scrolled columns show beyond them
    _, index = what_shows_at(view, right, 0)
    assert index is not None and index.column() != 0


def test_the_frozen_names_share_the_rows_selection_and_sort_of_the_list(qtbot, frozen_sample, window):
    view = wide_list(qtbot, window)
    names = view.names
    assert names.model() is view.model() and names.selectionModel() is view.selectionModel()
    assert names.width() == view.header().sectionSize(0) and names.header().height() == view.header().height()
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    assert names.verticalScrollBar().value() == view.verticalScrollBar().value()
    rect = names.visualRect(names.model().index(2, 0))
    with qtbot.waitSignal(view.document_chosen) as chosen:
        qtbot.mouseClick(names.viewport(), Qt.LeftButton, pos=rect.center())
    assert chosen.args == [view.rows.document_id(2)] and view.selected_document_ids() == chosen.args
    qtbot.mouseClick(names.viewport(), Qt.LeftButton, Qt.ControlModifier,
                     names.visualRect(names.model().index(4, 0)).center())
    assert view.selected_document_ids() == [view.rows.document_id(2), view.rows.document_id(4)]
    assert window.session.document_id == chosen.args[0]                 # Ctrl+click extends, opens nothing
    header = names.header()
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(10, header.height() // 2))
    assert view.header().sortIndicatorSection() == 0
    assert view.rows.document_ids() != sorted(view.rows.document_ids()) or \
        view.header().sortIndicatorOrder() == Qt.AscendingOrder


def test_choosing_a_document_keeps_the_columns_scrolled_where_they_were(qtbot, frozen_sample, window):
    view = wide_list(qtbot, window)
    sideways = view.horizontalScrollBar().value()
    names = view.names
    with qtbot.waitSignal(view.document_chosen):
        qtbot.mouseClick(names.viewport(), Qt.LeftButton, pos=names.visualRect(names.model().index(3, 0)).center())
    window.session.select_document(view.rows.document_id(5))            # Next Document and the like
    assert view.horizontalScrollBar().value() == sideways > 0
