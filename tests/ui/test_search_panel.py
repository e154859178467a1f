"""Edit › Find in All Documents (ui/search): the search, its table, showing a hit in the text,
Code All Hits as one undo step, and bad input shown in the panel."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDockWidget, QRadioButton

from annotator import Project
from annotator.autocode import AutoCodeResult
from ui.search.code_hits_dialog import CodeHitsDialog
from ui.search.hit_model import HIT, LEFT, HitTableModel
from ui.search.search_panel import SearchPanel
from ui.shared.jobs import wait_for_jobs

FIRST = "We cut crime. Crime fell.\nA line about crime."
SECOND = "😊😊 Emoji first, then crime. 👩‍👩‍👧 And crime again."
THIRD = "Nothing to find here."


@pytest.fixture
def corpus_window(qtbot, qt_settings, tmp_path):
    """A coding window (coding as Ana) on three small documents, the second after emoji."""
    from ui.coding.main_window import MainWindow
    from ui.shared.session import Session

    project = Project.create(tmp_path / "corpus.annot")
    for text, name in ((FIRST, "first.txt"), (SECOND, "second.txt"), (THIRD, "third.txt")):
        project.import_text(text, name)
    project.set_document_attributes("second.txt", {"outlet": "Daily"})
    project.add_code("stance", codable=False)
    window = MainWindow(Session(project), coder="Ana")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    wait_for_jobs()
    project.close()


def open_panel(qtbot, window) -> SearchPanel:
    window.find_all_action.trigger()
    panel = window.findChild(SearchPanel, "searchPanel")
    assert panel is not None and panel.isVisible()
    return panel


def search(qtbot, panel, pattern, **checks) -> int:
    panel.form.pattern_edit.setText(pattern)
    for name, on in checks.items():
        getattr(panel.form, f"{name}_check").setChecked(on)
    with qtbot.waitSignal(panel.searched, timeout=20000) as blocker:
        qtbot.keyClick(panel.form.pattern_edit, Qt.Key_Return)
    return blocker.args[0]


def refused(qtbot, panel, pattern, where="") -> str:
    panel.form.pattern_edit.setText(pattern)
    panel.form.where_edit.setText(where)
    with qtbot.waitSignal(panel.failed, timeout=20000) as blocker:
        panel.search()
    return blocker.args[0]


def test_the_action_is_ctrl_shift_f_in_the_edit_menu_and_opens_a_dock(qtbot, corpus_window):
    action = corpus_window.find_all_action
    assert QKeySequence("Ctrl+Shift+F") in action.shortcuts()
    edit = corpus_window.menu("Edit")
    assert action in edit.actions()
    others = [a for a in corpus_window.findChildren(type(action)) if a is not action]
    assert all(QKeySequence("Ctrl+Shift+F") not in a.shortcuts() for a in others)   # no clash
    panel = open_panel(qtbot, corpus_window)
    assert corpus_window.findChild(QDockWidget, "searchDock").widget() is panel
    assert panel.form.pattern_edit.hasFocus()


def test_hits_are_listed_with_context_and_counted(qtbot, corpus_window, qtmodeltester):
    panel = open_panel(qtbot, corpus_window)
    assert search(qtbot, panel, "crime") == 5
    model = panel.model
    qtmodeltester.check(model)
    rows = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    assert rows[0] == ["first.txt", "We cut ", "crime", ". Crime fell.⏎A line about crime."]
    assert [r[0] for r in rows] == ["first.txt"] * 3 + ["second.txt"] * 2
    assert model.index(0, LEFT).data(Qt.TextAlignmentRole) & Qt.AlignRight     # hits line up
    assert panel.status_label.text() == "5 hits in 2 documents."
    assert search(qtbot, panel, "Crime", case=True) == 1
    assert search(qtbot, panel, "crime", case=False, word=True) == 5
    panel.form.where_edit.setText("outlet=daily")
    assert search(qtbot, panel, "crime") == 2
    panel.form.where_edit.setText("")
    assert search(qtbot, panel, r"cr\w+", regex=True) == 5
    assert search(qtbot, panel, "absent") == 0 and panel.status_label.text() == "No hits."
    assert not panel.code_button.isEnabled()


def test_rows_have_one_height_and_no_column_is_sized_to_its_contents(qtbot, corpus_window):
    panel = open_panel(qtbot, corpus_window)
    search(qtbot, panel, "crime")
    rows, columns = panel.table.verticalHeader(), panel.table.horizontalHeader()
    assert rows.sectionResizeMode(0).name == "Fixed"
    assert all(columns.sectionResizeMode(c).name != "ResizeToContents" for c in range(4))
    assert len({panel.table.rowHeight(r) for r in range(panel.model.rowCount())}) == 1


def test_choosing_a_hit_opens_its_document_and_selects_it_after_emoji(qtbot, corpus_window):
    panel = open_panel(qtbot, corpus_window)
    search(qtbot, panel, "crime")
    view = corpus_window.text_view
    with qtbot.waitSignal(panel.hit_shown):
        panel.table.setCurrentIndex(panel.model.index(4, 0))           # the click's effect, by the keyboard too
    start = SECOND.index("crime again")
    assert corpus_window.session.document_id == 2 and view.document_id == 2
    assert view.selected_span(exact=True) == (start, start + 5)         # code points, after astral characters
    assert view.textCursor().selectedText() == "crime"
    with qtbot.waitSignal(panel.hit_shown):
        qtbot.keyClick(panel.table, Qt.Key_Up)
    assert view.selected_span(exact=True) == (SECOND.index("crime."), SECOND.index("crime.") + 5)
    with qtbot.waitSignal(panel.hit_shown):
        qtbot.keyClick(panel.table, Qt.Key_Home, Qt.ControlModifier)
    assert corpus_window.session.document_id == 1 and view.selected_span(exact=True) == (7, 12)
    rect = panel.table.visualRect(panel.model.index(3, HIT))
    with qtbot.waitSignal(panel.hit_shown) as blocker:
        qtbot.mouseClick(panel.table.viewport(), Qt.LeftButton, pos=rect.center())
    assert blocker.args == [2, SECOND.index("crime."), SECOND.index("crime.") + 5]


def test_code_all_hits_is_one_undo_step_for_the_current_coder(qtbot, corpus_window):
    panel = open_panel(qtbot, corpus_window)
    search(qtbot, panel, "crime")
    session, project = corpus_window.session, corpus_window.project
    claim = project.code("claim")
    project.annotate("first.txt", 0, 6, "claim", "Ana")                  # unrelated, stays
    steps = session.undo_stack.count()
    with qtbot.waitSignal(panel.coded, timeout=20000) as blocker:
        panel.code_hits(claim.id, "sentence")
    result = blocker.args[0]
    assert isinstance(result, AutoCodeResult) and (result.hits, result.added, result.already) == (5, 5, 0)
    assert panel.status_label.text().startswith("Coded as claim: 5 added, 0 already there")
    texts = {1: FIRST, 2: SECOND}
    coded = [texts[a.document_id][a.start:a.end] for a in project.annotations(code="claim")]
    assert coded == ["We cut", "We cut crime.", "Crime fell.", "A line about crime.",
                     "😊😊 Emoji first, then crime.", "👩‍👩‍👧 And crime again."]
    assert session.undo_stack.count() == steps + 1
    assert {a.coder_id for a in project.annotations(code="claim")} == {session.coder_id}
    shown = corpus_window.annotation_table.annotation_model.rowCount()
    assert shown == project.count_annotations(document=session.document_id, coder=session.coder_id)
    uuids = {a.uuid for a in project.annotations(code="claim")}
    session.undo()
    assert [(a.start, a.end) for a in project.annotations(code="claim")] == [(0, 6)]
    assert corpus_window.annotation_table.annotation_model.rowCount() == 1
    session.redo()
    assert {a.uuid for a in project.annotations(code="claim")} == uuids
    with qtbot.waitSignal(panel.coded, timeout=20000) as blocker:
        panel.code_hits(claim.id, "sentence")                             # again: nothing new
    assert (blocker.args[0].added, blocker.args[0].already) == (0, 5)


def test_code_all_hits_codes_the_hits_listed_even_when_the_scope_changed_since(qtbot, corpus_window):
    panel = open_panel(qtbot, corpus_window)
    panel.form.where_edit.setText("outlet=daily")
    assert search(qtbot, panel, "crime") == 2                              # second.txt only
    project = corpus_window.project
    project.set_document_attributes("first.txt", {"outlet": "Daily"})      # now first.txt is in scope too
    panel.form.pattern_edit.setText("fell")                                 # typed, not searched: not what is listed
    with qtbot.waitSignal(panel.coded, timeout=20000) as blocker:
        panel.code_hits(project.code("claim").id, "hit")
    assert (blocker.args[0].hits, blocker.args[0].added) == (2, 2)
    assert [(a.document_id, SECOND[a.start:a.end]) for a in project.annotations(code="claim")] == [
        (2, "crime"), (2, "crime")]


def test_code_all_hits_asks_the_code_and_the_extent(qtbot, corpus_window, monkeypatch):
    panel = open_panel(qtbot, corpus_window)
    search(qtbot, panel, "crime")
    asked = []

    def answer(dialog):
        asked.append([dialog.code_combo.itemText(i) for i in range(dialog.code_combo.count())])
        dialog.code_combo.setCurrentIndex(dialog.code_combo.findText("attack"))
        dialog.findChild(QRadioButton, "codeHitsExtend_paragraph").setChecked(True)
        return QDialog.Accepted

    monkeypatch.setattr(CodeHitsDialog, "exec", answer)
    with qtbot.waitSignal(panel.coded, timeout=20000) as blocker:
        qtbot.mouseClick(panel.code_button, Qt.LeftButton)
    assert "stance" not in asked[0] and "attack" in asked[0]                 # a group is not offered
    assert blocker.args[0].added == 3                                         # two hits on the first line
    texts = {d.id: d.text for d in corpus_window.project.documents()}
    coded = [texts[a.document_id][a.start:a.end] for a in corpus_window.project.annotations(code="attack")]
    assert coded == ["We cut crime. Crime fell.", "A line about crime.", SECOND]


def test_bad_input_is_one_sentence_in_the_panel(qtbot, corpus_window):
    panel = open_panel(qtbot, corpus_window)
    panel.form.regex_check.setChecked(True)
    message = refused(qtbot, panel, "(crime")
    assert message == ('"(crime" is not a valid regular expression: missing ), unterminated subpattern '
                       "(at character 1).") and panel.status_label.text() == message
    assert refused(qtbot, panel, "") == "The pattern is empty; give the text to search for."
    assert refused(qtbot, panel, "x*").startswith('The pattern "x*" can match empty text')
    panel.form.regex_check.setChecked(False)
    assert refused(qtbot, panel, "crime", where="outlt=Daily") == (
        'No document has the attribute "outlt". Did you mean "outlet"? The attributes are: outlet.')


def test_a_cancelled_search_leaves_the_hits_shown(qtbot, corpus_window):
    panel = open_panel(qtbot, corpus_window)
    search(qtbot, panel, "crime")
    panel.form.pattern_edit.setText("fell")
    panel.search()
    panel.cancel()
    wait_for_jobs()
    assert panel.model.rowCount() == 5 and panel.status_label.text() == "Cancelled."
    assert panel.code_button.isEnabled()


def test_the_hit_model_passes_the_model_tester_with_many_hits(qtmodeltester, tmp_path):
    with Project.create(tmp_path / "many.annot") as project:
        project.import_text("the cat and the dog\n" * 5000, "many.txt")
        hits = project.search("the")
    model = HitTableModel()
    model.set_hits(hits)
    assert model.rowCount() == 10_000
    qtmodeltester.check(model)
    assert model.index(9999, HIT).data() == "the"
    assert model.index(9999, LEFT).data() == ("the dog⏎the cat and " * 3)[-60:]


def test_code_all_hits_marks_an_open_agreement_report_stale(qtbot, window):
    from ui.agreement.agreement_window import AgreementWindow

    report = AgreementWindow(window.session, window.text_view, parent=window)
    qtbot.addWidget(report)
    with qtbot.waitSignal(report.computed, timeout=30000):
        report.compute(seed=7)
    panel = open_panel(qtbot, window)
    search(qtbot, panel, "fair")
    with qtbot.waitSignal(panel.coded, timeout=20000):
        panel.code_hits(window.project.code("claim").id, "hit")
    assert report.status_label.text().startswith("The coding has changed since this report was computed")
