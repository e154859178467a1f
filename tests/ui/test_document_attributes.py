"""The Documents list's attribute columns, sorting, filter and attribute editor (issue 12)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QDateEdit, QHeaderView

from annotator.attributes import SetDocumentAttributes
from ui.coding.document_filter import FilterBar
from ui.coding.main_window import MainWindow

ATTRIBUTES = {
    1: {"outlet": "Daily", "date": "2024-03-03", "pages": 12},
    2: {"outlet": "Weekly", "date": "2024-01-15", "pages": 3},
    3: {"outlet": "daily", "date": "2023-12-31", "pages": 100},
    4: {},
    5: {"outlet": "Radio 10", "date": "2024-02-10"},
    6: {"outlet": "Radio 2", "pages": 7},
}


@pytest.fixture
def attributed_sample(sample_project):
    """The sample project with outlets, dates and page counts (document 4 has none)."""
    for doc, attributes in ATTRIBUTES.items():
        sample_project.set_document_attributes(doc, attributes)
    return sample_project


@pytest.fixture
def docs_window(attributed_sample, window):
    """The coding window on the attributed sample, showing the outlet, date and pages columns."""
    for key in ("outlet", "date", "pages"):
        window.documents_panel.set_column_shown(key, True)
    return window


def shown(window) -> list[int]:
    return window.document_list.rows.document_ids()


def column(window, key: str) -> int:
    model = window.document_model
    return next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Horizontal) == key)


def click_row(qtbot, window, document_id: int, modifier=Qt.NoModifier) -> None:
    view = window.document_list
    rect = view.visualRect(view.rows.index(view.rows.row_of(document_id), 0))
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, modifier, QPoint(view.viewport().width() // 2, rect.center().y()))


def filter_on(window, key: str, op: str, *texts: str, another: bool = False) -> None:
    """Open the filter row if closed and fill its last condition (``another``: a new one)."""
    if not window.filter_documents_action.isChecked():
        window.filter_documents_action.trigger()
    bar = window.findChild(FilterBar, "documentFilter")
    if another:
        bar.add_button.click()
    row = bar.condition_rows()[-1]
    row.key_combo.setCurrentText(key)
    row.set_operator(op)
    row.set_texts(*texts)


# ---------------------------------------------------------------- columns

def test_attribute_columns_show_values_as_stored_and_are_remembered(qtbot, attributed_sample, window, session):
    panel = window.documents_panel
    panel.columns_menu.aboutToShow.emit()
    actions = {a.text(): a for a in panel.columns_menu.actions()}
    assert list(actions) == ["date", "outlet", "pages"] and not any(a.isChecked() for a in actions.values())
    actions["date"].trigger()
    actions["pages"].trigger()
    model = window.document_model
    assert [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())] == [
        "Document", "Length", "Your status", "date", "pages"]
    row = model.row_of(1)
    assert model.index(row, column(window, "date")).data() == "2024-03-03"
    assert model.index(row, column(window, "pages")).data() == "12"
    assert model.index(model.row_of(4), column(window, "date")).data() == ""
    assert "Document Columns" in [a.text().replace("&", "") for a in window.menu("Document").actions()]

    window.close()                                     # the same project opened again: the same columns
    again = MainWindow(session, coder="Ana")
    qtbot.addWidget(again)
    assert again.document_model.attribute_columns() == ["date", "pages"]
    assert "documentColumns" in " ".join(QSettings().allKeys())


def test_attribute_columns_come_right_after_the_name(docs_window):
    header = docs_window.document_list.header()
    order = sorted(range(header.count()), key=header.visualIndex)
    assert [docs_window.document_model.headerData(c, Qt.Horizontal) for c in order] == [
        "Document", "outlet", "date", "pages", "Length", "Your status"]


def test_the_list_never_measures_every_row(docs_window):
    view = docs_window.document_list
    assert view.uniformRowHeights()
    modes = [view.header().sectionResizeMode(c) for c in range(view.header().count())]
    assert QHeaderView.ResizeToContents not in modes


def test_the_header_context_menu_lists_every_key(qtbot, docs_window):
    panel, header = docs_window.documents_panel, docs_window.document_list.header()
    assert header.contextMenuPolicy() == Qt.CustomContextMenu
    header.customContextMenuRequested.emit(QPoint(5, 5))
    qtbot.waitUntil(panel.columns_menu.isVisible)
    assert {a.text(): a.isChecked() for a in panel.columns_menu.actions()} == {
        "date": True, "outlet": True, "pages": True}
    panel.columns_menu.close()


def test_the_models_pass_the_model_tester(qtmodeltester, docs_window):
    docs_window.document_list.sortByColumn(column(docs_window, "date"), Qt.DescendingOrder)
    qtmodeltester.check(docs_window.document_model, force_py=True)
    filter_on(docs_window, "outlet", "=", "Daily")
    qtmodeltester.check(docs_window.document_list.rows, force_py=True)


# ---------------------------------------------------------------- sorting

@pytest.mark.parametrize("key, ascending, descending", [
    ("pages", [2, 6, 1, 3, 4, 5], [3, 1, 6, 2, 4, 5]),            # numbers by value, not as text
    ("date", [3, 2, 5, 1, 4, 6], [1, 5, 2, 3, 4, 6]),             # dates by day
    ("outlet", [1, 3, 6, 5, 2, 4], [2, 5, 6, 1, 3, 4]),           # text ignoring case, "Radio 2" < "Radio 10"
])
def test_sorting_by_an_attribute_puts_missing_values_last_both_ways(docs_window, key, ascending, descending):
    view = docs_window.document_list
    view.sortByColumn(column(docs_window, key), Qt.AscendingOrder)
    assert shown(docs_window) == ascending
    view.sortByColumn(column(docs_window, key), Qt.DescendingOrder)
    assert shown(docs_window) == descending
    view.sortByColumn(-1, Qt.AscendingOrder)                       # the header's third click
    assert shown(docs_window) == [1, 2, 3, 4, 5, 6]


def test_sorting_by_name_length_and_status(docs_window, sample_project, session):
    view, lengths = docs_window.document_list, {d.id: d.length for d in sample_project.document_summaries()}
    view.sortByColumn(1, Qt.DescendingOrder)
    assert shown(docs_window) == sorted(lengths, key=lambda d: -lengths[d])
    view.sortByColumn(0, Qt.DescendingOrder)
    assert shown(docs_window) == [6, 5, 4, 3, 2, 1]
    session.select_document(4)
    docs_window.done_action.trigger()
    view.sortByColumn(2, Qt.DescendingOrder)
    assert shown(docs_window)[0] == 4
    session.select_document(6)
    docs_window.done_action.trigger()                              # re-sorted as statuses change
    assert shown(docs_window)[:2] == [4, 6]


def test_clicking_a_header_sorts(qtbot, docs_window):
    header = docs_window.document_list.header()
    x = header.sectionViewportPosition(column(docs_window, "pages")) + 5
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=QPoint(x, header.height() // 2))
    assert shown(docs_window) in ([2, 6, 1, 3, 4, 5], [3, 1, 6, 2, 4, 5])


# ---------------------------------------------------------------- filter

def test_filter_outlet_is_daily(qtbot, docs_window, session):
    before = session.undo_stack.count()
    qtbot.keyClick(docs_window, Qt.Key_F, Qt.ControlModifier | Qt.AltModifier)
    bar = docs_window.findChild(FilterBar, "documentFilter")
    assert bar.isVisible() and docs_window.filter_documents_action.isChecked()
    row = bar.condition_rows()[0]
    row.key_combo.setCurrentText("outlet")
    values = row.findChild(type(row.key_combo), "filterValue")
    assert [values.itemText(i) for i in range(values.count())] == ["Daily", "Radio 2", "Radio 10", "Weekly"]
    values.setCurrentText("Daily")
    assert shown(docs_window) == [1, 3]                           # "daily" too: text equality ignores case
    assert bar.count_label.text() == "2 of 6 documents"
    qtbot.keyClick(bar, Qt.Key_Escape)                             # closing the row shows every document
    assert not bar.isVisible() and not docs_window.filter_documents_action.isChecked()
    assert shown(docs_window) == [1, 2, 3, 4, 5, 6]
    assert session.undo_stack.count() == before                    # a view, not a change


def test_filter_date_between_two_days(docs_window):
    filter_on(docs_window, "date", "between", "2024-01-01", "2024-02-29")
    bar = docs_window.findChild(FilterBar, "documentFilter")
    dates = bar.findChildren(QDateEdit)
    assert len(dates) == 2 and all(d.calendarPopup() for d in dates)
    assert shown(docs_window) == [2, 5]
    filter_on(docs_window, "pages", ">", "5", another=True)         # a second condition: both must hold
    assert len(bar.condition_rows()) == 2 and shown(docs_window) == []
    bar.condition_rows()[-1].set_texts("2")
    assert shown(docs_window) == [2]
    assert bar.count_label.text() == "1 of 6 documents"


@pytest.mark.parametrize("key, op, texts, expected", [
    ("outlet", "~", ("radio",), [5, 6]),
    ("outlet", "!=", ("daily",), [2, 5, 6]),                       # documents without an outlet are not "not Daily"
    ("pages", "between", ("3", "12"), [1, 2, 6]),
    ("pages", "<", ("7",), [2]),
    ("date", "<", ("2024-01-15",), [3]),
    ("date", ">", ("2024-01-15",), [1, 5]),
])
def test_filter_operators_mean_what_where_means(docs_window, key, op, texts, expected):
    filter_on(docs_window, key, op, *texts)
    assert shown(docs_window) == expected


def test_the_filter_follows_attribute_edits_and_their_undo(docs_window, session):
    filter_on(docs_window, "outlet", "=", "Daily")
    session.select_document(1)
    session.push(SetDocumentAttributes(2, {"outlet": "DAILY"}))
    assert shown(docs_window) == [1, 2, 3] and session.document_id == 1
    session.undo()
    assert shown(docs_window) == [1, 3] and session.document_id == 1


# ---------------------------------------------------------------- the open document under sorting and filtering

def test_next_and_previous_document_follow_the_sorted_and_filtered_list(qtbot, docs_window, session):
    docs_window.document_list.sortByColumn(column(docs_window, "date"), Qt.AscendingOrder)   # 3 2 5 1 4 6
    click_row(qtbot, docs_window, 2)
    assert session.document_id == 2
    docs_window.next_document_action.trigger()
    assert session.document_id == 5
    docs_window.next_document_action.trigger()
    assert session.document_id == 1
    docs_window.previous_document_action.trigger()
    assert session.document_id == 5
    filter_on(docs_window, "outlet", "=", "Daily")                 # shows 3 and 1; 5 stays open, unlisted
    assert session.document_id == 5 and shown(docs_window) == [3, 1]
    assert not docs_window.document_list.selectionModel().hasSelection()
    docs_window.next_document_action.trigger()                    # the next shown after 5's place
    assert session.document_id == 1
    docs_window.next_document_action.trigger()                    # the last stays
    assert session.document_id == 1
    docs_window.previous_document_action.trigger()
    assert session.document_id == 3
    assert docs_window.text_view.document_id == 3
    assert docs_window.document_list.selected_document_ids() == [3]


def test_sorting_and_filtering_keep_the_open_document(qtbot, docs_window, session):
    click_row(qtbot, docs_window, 5)
    view = docs_window.document_list
    view.sortByColumn(column(docs_window, "outlet"), Qt.DescendingOrder)
    assert session.document_id == 5 and view.selected_document_ids() == [5]
    assert view.currentIndex().row() == view.rows.row_of(5)
    filter_on(docs_window, "outlet", "=", "Weekly")                # hides the open document
    assert session.document_id == 5 and docs_window.text_view.document_id == 5
    docs_window.filter_documents_action.trigger()                  # closed: every document again
    assert session.document_id == 5 and view.selected_document_ids() == [5]
    docs_window.documents_panel.set_column_shown("outlet", False)  # the sorted column goes: import order
    assert session.document_id == 5 and shown(docs_window) == [1, 2, 3, 4, 5, 6]
    assert view.header().sortIndicatorSection() == -1


def test_extended_selection_keeps_the_open_document(qtbot, docs_window, session):
    click_row(qtbot, docs_window, 1)
    assert session.document_id == 1
    click_row(qtbot, docs_window, 3, Qt.ControlModifier)
    click_row(qtbot, docs_window, 5, Qt.ShiftModifier)
    assert session.document_id == 1 and docs_window.text_view.document_id == 1
    assert docs_window.document_list.selected_document_ids() == [1, 3, 4, 5]
    qtbot.keyClick(docs_window.document_list, Qt.Key_Up, Qt.ShiftModifier)
    assert session.document_id == 1
    click_row(qtbot, docs_window, 2)                               # a plain click opens
    assert session.document_id == 2 and docs_window.document_list.selected_document_ids() == [2]
    qtbot.keyClick(docs_window.document_list, Qt.Key_Down)
    assert session.document_id == 3
    click_row(qtbot, docs_window, 6, Qt.ControlModifier)           # the focus moves to 6, 3 stays open
    assert session.document_id == 3
    click_row(qtbot, docs_window, 6)                               # a plain click on the focused row opens it
    assert session.document_id == 6
    qtbot.keyClick(docs_window.document_list, Qt.Key_Up, Qt.ControlModifier)
    qtbot.keyClick(docs_window.document_list, Qt.Key_Return)       # Enter opens the focused row
    assert session.document_id == 5


def test_the_open_document_is_bold(qtbot, docs_window, session):
    model = docs_window.document_model
    click_row(qtbot, docs_window, 2)
    assert model.index(model.row_of(2), 0).data(Qt.FontRole).bold()
    assert model.index(model.row_of(1), 0).data(Qt.FontRole) is None


def test_an_attribute_edit_is_not_a_scheme_change(docs_window, session, monkeypatch):
    rebuilt = []
    monkeypatch.setattr(docs_window.palette_view, "reload", lambda: rebuilt.append("palette"))
    monkeypatch.setattr(docs_window.text_view, "_on_scheme_changed", lambda: rebuilt.append("text"))
    session.push(SetDocumentAttributes(1, {"outlet": "Evening"}))
    assert rebuilt == []
    model = docs_window.document_model
    assert model.index(model.row_of(1), column(docs_window, "outlet")).data() == "Evening"


# ---------------------------------------------------------------- the attribute editor

def test_the_editor_on_one_document_and_its_undo(qtbot, docs_window, session, attributed_sample):
    click_row(qtbot, docs_window, 4)
    dialog = docs_window.documents_panel.edit_attributes()
    assert dialog.windowTitle() == "Attributes of 04-news-scraped.txt" and dialog.table.rowCount() == 0
    dialog.add_attribute("outlet", "Evening Star")
    dialog.add_attribute("date", "3 March 2024")
    dialog.add_attribute("year", "2024")
    assert "stored as the date 2024-03-03" in dialog.note.text()
    with qtbot.waitSignal(session.changed):
        dialog.accept()
    assert attributed_sample.document_attributes(4) == {"outlet": "Evening Star", "date": "2024-03-03", "year": 2024}
    assert session.undo_stack.undoText() == "Edit attributes of 04-news-scraped.txt"
    model, row = docs_window.document_model, docs_window.document_model.row_of(4)
    assert model.index(row, column(docs_window, "date")).data() == "2024-03-03"
    assert "year" in model.attribute_columns()                     # a new attribute is shown
    session.undo()
    assert attributed_sample.document_attributes(4) == {}
    assert model.index(row, column(docs_window, "date")).data() == ""
    session.redo()
    assert model.index(row, column(docs_window, "outlet")).data() == "Evening Star"


def test_the_editor_on_several_documents_is_one_undo_step(qtbot, docs_window, session, attributed_sample):
    click_row(qtbot, docs_window, 1)
    click_row(qtbot, docs_window, 3, Qt.ShiftModifier)
    before = {doc: attributed_sample.document_attributes(doc) for doc in (1, 2, 3)}
    dialog = docs_window.documents_panel.edit_attributes()
    assert dialog.windowTitle() == "Attributes of 3 documents"
    outlet = dialog.table.item(dialog.row_of("outlet"), 1)
    assert outlet.text() == "" and dialog.table.itemDelegateForColumn(1) is not None
    assert "(several values)" in _painted_text(dialog, dialog.row_of("outlet"))
    assert "Weekly" in outlet.toolTip()
    dialog.set_value("pages", "5")
    dialog.rename("date", "published")
    dialog.remove_rows([dialog.row_of("outlet")])
    dialog.add_attribute("coded", "yes")
    depth = session.undo_stack.count()
    dialog.accept()
    assert session.undo_stack.count() == depth + 1
    assert session.undo_stack.undoText() == "Edit attributes of 3 documents"
    for doc in (1, 2, 3):
        expected = {"published": before[doc]["date"], "pages": 5, "coded": "yes"}
        assert attributed_sample.document_attributes(doc) == expected
    model = docs_window.document_model
    assert "published" in model.attribute_columns() and "date" not in model.attribute_columns()
    session.undo()
    assert {doc: attributed_sample.document_attributes(doc) for doc in (1, 2, 3)} == before
    assert model.index(model.row_of(2), column(docs_window, "outlet")).data() == "Weekly"
    assert session.document_id == 1


def test_values_left_alone_keep_each_documents_value(qtbot, docs_window, attributed_sample):
    click_row(qtbot, docs_window, 1)
    click_row(qtbot, docs_window, 2, Qt.ShiftModifier)
    dialog = docs_window.documents_panel.edit_attributes()
    dialog.set_value("outlet", "Herald")
    dialog.accept()
    assert attributed_sample.document_attributes(1) == {**ATTRIBUTES[1], "outlet": "Herald"}
    assert attributed_sample.document_attributes(2) == {**ATTRIBUTES[2], "outlet": "Herald"}


def test_an_ambiguous_date_stays_text_and_the_editor_names_the_documents(qtbot, docs_window, attributed_sample):
    click_row(qtbot, docs_window, 5)
    click_row(qtbot, docs_window, 6, Qt.ControlModifier)
    dialog = docs_window.documents_panel.edit_attributes()
    dialog.set_value("date", "03/04/2024")
    note = dialog.note.text()
    assert "stays text" in note and "05-radio-interview.txt" in note and "06-letter-to-editor.txt" in note
    dialog.accept()
    assert attributed_sample.document_attributes(6)["date"] == "03/04/2024"


@pytest.mark.parametrize("key, message", [("Document", "cannot be an attribute"), ("outlet", "two attributes")])
def test_the_editor_refuses_a_bad_name_and_changes_nothing(qtbot, docs_window, session, attributed_sample,
                                                           key, message):
    click_row(qtbot, docs_window, 1)
    dialog = docs_window.documents_panel.edit_attributes()
    dialog.add_attribute(key, "x")
    depth = session.undo_stack.count()
    dialog.accept()
    assert message in dialog.note.text() and dialog.isVisible()
    assert session.undo_stack.count() == depth and attributed_sample.document_attributes(1) == ATTRIBUTES[1]
    dialog.reject()


def test_the_editor_changes_nothing_when_nothing_changed(qtbot, docs_window, session):
    click_row(qtbot, docs_window, 1)
    dialog = docs_window.documents_panel.edit_attributes()
    dialog.set_value("outlet", "Daily")                            # the same value again
    depth = session.undo_stack.count()
    dialog.accept()
    assert session.undo_stack.count() == depth and not dialog.isVisible()


def test_edit_attributes_is_in_the_document_menu_and_the_lists_context_menu(docs_window):
    action = docs_window.edit_attributes_action
    assert action in docs_window.menu("Document").actions()
    assert action in docs_window.document_list.actions()
    assert docs_window.filter_documents_action in docs_window.document_list.actions()


def _painted_text(dialog, row: int) -> str:
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    index = dialog.table.model().index(row, 1)
    dialog.table.itemDelegateForColumn(1).initStyleOption(option, index)
    return option.text


def test_a_column_just_chosen_is_scrolled_into_view(qtbot, attributed_sample, window):
    panel, view = window.documents_panel, window.document_list
    window.resize(700, 500)
    for key in ("outlet", "pages", "date"):
        panel.set_column_shown(key, True)
    header = view.header()
    last = header.count() - 1
    assert header.sectionViewportPosition(last) < view.viewport().width()
    assert view.horizontalScrollBar().value() > 0


def test_imported_documents_bring_their_attributes_into_the_list_and_the_filter(qtbot, docs_window, monkeypatch,
                                                                                tmp_path):
    from PySide6.QtWidgets import QDialog

    from ui.coding.column_dialog import ColumnDialog

    path = tmp_path / "news.csv"
    path.write_text("headline;body;outlet\nBuses cut;The council cut two bus lines.;Daily\n", encoding="utf-8")
    monkeypatch.setattr(ColumnDialog, "exec", lambda dialog: (dialog.choose("body", "headline"), QDialog.Accepted)[1])
    filter_on(docs_window, "outlet", "=", "Daily")
    job = docs_window.import_paths([str(path)], show_dialog=False)
    with qtbot.waitSignal(job.done, timeout=30000):
        pass
    new = docs_window.document_model.document_ids()[-1]
    assert shown(docs_window) == [1, 3, new]                       # the filter holds for it too
    model = docs_window.document_model
    assert model.index(model.row_of(new), column(docs_window, "outlet")).data() == "Daily"


def test_without_attributes_the_filter_and_the_columns_say_so(window):
    window.filter_documents_action.trigger()
    bar = window.findChild(FilterBar, "documentFilter")
    assert bar.empty_note.isVisible() and not bar.add_button.isEnabled() and bar.condition_rows() == []
    assert bar.count_label.text() == "all 6 documents"
    window.documents_panel.columns_menu.aboutToShow.emit()
    (only,) = window.documents_panel.columns_menu.actions()
    assert not only.isEnabled() and "No document has attributes" in only.text()


def test_the_undo_step_names_only_the_documents_that_change(qtbot, docs_window, session, attributed_sample):
    click_row(qtbot, docs_window, 1)
    click_row(qtbot, docs_window, 2, Qt.ControlModifier)
    dialog = docs_window.documents_panel.edit_attributes()
    dialog.set_value("outlet", "Weekly")                           # document 2 has it already
    dialog.accept()
    assert session.undo_stack.undoText() == "Edit attributes of 01-minister-oped.txt"
    assert attributed_sample.document_attributes(2) == ATTRIBUTES[2]
