"""Assisted coding in the app (issue 15): the coder's open suggestions drawn dotted, the keys that
go to, accept and reject them (undoable), the Suggestions dock, Suggest Codes… off the GUI thread
with Cancel, and Propagate After Coding."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QPushButton

from annotator.commands import AddAnnotation
from annotator.project import Project
from annotator.suggestions import AddSuggestions, Offer
from ui.shared.actions import window_keys
from ui.shared.jobs import wait_for_jobs
from ui.suggesting import suggest_flow as suggest_flow_module
from ui.suggesting.suggestion_keys import KEYS, PROPAGATE_KEY

WORDS = (("Regions", "claim", 0.9), ("Transport", "attack", 0.6), ("governments", "claim", 0.7))


def offer(project, document, words, code, score=1.0):
    start = document.text.index(words)
    return Offer(document.id, start, start + len(words), project.code(code).id, score)


@pytest.fixture
def offered_window(window):
    """The sample window coding as Ana, with three suggestions for Ana and one for Ben in its document."""
    session, project = window.session, window.project
    document = project.document(session.document_id)
    ana, ben = project.coder("Ana").id, project.coder("Ben").id
    assert session.push(AddSuggestions(ana, "rules", [offer(project, document, *w) for w in WORDS], "v1"))
    assert session.push(AddSuggestions(ben, "rules", [offer(project, document, "town", "attack")], "v1"))
    window.text_view.set_current_annotation("")
    window.text_view.select_span(0, 0)
    return window


def spans(suggestions):
    return sorted((s.start, s.end) for s in suggestions)


def ana_open(window):
    return window.project.suggestions("Ana", "open", documents=[window.session.document_id])


def run_lengths(flags):
    runs, run = [], 0
    for flag in flags + [False]:
        if flag:
            run += 1
        elif run:
            runs.append(run)
            run = 0
    return runs


def near(pixel: QColor, colour: QColor) -> bool:
    return sum(abs(a - b) for a, b in zip(pixel.getRgb()[:3], colour.getRgb()[:3])) < 60


def top_edge(view, rect, colour: QColor) -> list[bool]:
    image = view.viewport().grab().toImage()
    rows = [y for y in range(int(rect.top()) - 2, int(rect.top()) + 3) if 0 <= y < image.height()]
    return [any(near(QColor(image.pixel(x, y)), colour) for y in rows)
            for x in range(int(rect.left()) + 3, int(rect.right()) - 3)]


# ---------------------------------------------------------------------------------------------- drawing
def test_only_the_current_coders_open_suggestions_are_read_and_drawn(offered_window):
    window = offered_window
    view = window.text_view
    assert spans(view.suggestions_in_view()) == spans(ana_open(window))
    assert {s.coder_id for s in view.suggestions.open_ones()} == {window.project.coder("Ana").id}
    window.session.set_show_other_coders(True)             # Ben's annotations show, his suggestions never
    assert spans(view.suggestions_in_view()) == spans(ana_open(window))
    window.session.select_coder(window.project.coder("Ben").id)
    assert [window.project.document(view.document_id).text[s.start:s.end] for s in view.suggestions_in_view()] \
        == ["town"]


def test_a_suggestion_is_outlined_with_dots_in_its_codes_colour_and_a_rejected_one_is_not(offered_window):
    window = offered_window
    view = window.text_view
    transport = next(s for s in view.suggestions_in_view() if s.code == "attack")
    colour = view.highlighter.line_colour(transport.code_id)
    edge = top_edge(view, view._rects(transport.start, transport.end)[0], colour)
    runs = run_lengths(edge)
    assert len(runs) >= 4 and max(runs) <= 5, runs           # dots, not a line or dashes
    assert window.project.suggestions("Ana", "rejected") == []
    view.show_suggestion(transport)
    assert window.suggestion_tools.keys.decide(False)
    assert [s.id for s in window.project.suggestions("Ana", "rejected")] == [transport.id]
    assert transport.id not in [s.id for s in view.suggestions_in_view()]
    assert not any(top_edge(view, view._rects(transport.start, transport.end)[0], colour))


def test_a_code_key_elsewhere_reads_no_suggestions(offered_window, qtbot):
    window = offered_window
    view = window.text_view
    reads = view.suggestions.reads
    text = view.text
    start = text.index("promised")
    view.select_span(start, start + len("promised"))
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_1)
    assert view.suggestions.reads == reads


# ---------------------------------------------------------------------------------------------- keys
def test_the_keys_are_in_the_menus_and_clash_with_nothing(offered_window):
    window = offered_window
    rows = {(menu, action): keys for menu, action, keys in window.shortcut_rows(codes=False)}
    wanted = {"Next Suggestion": "F9", "Previous Suggestion": "Shift+F9", "Accept Suggestion": "Alt+Return",
              "Reject Suggestion": "Alt+Del"}
    assert {action: keys for (menu, action), keys in rows.items() if menu == "Codes › Suggestions"} == wanted
    for _text, _slot, key, name in KEYS:
        owners = [a for a in window.findChildren(type(window.undo_action))
                  if QKeySequence(key) in a.shortcuts() and a.isEnabled()]
        assert [a.objectName() for a in owners] == [name]
    assert all(key not in window_keys(window, [a for a in window.suggestion_tools.keys.actions])
               for key in ("F9", "Shift+F9", "Alt+Return", "Alt+Del"))


def test_keys_go_accept_reject_and_ctrl_z_undoes(offered_window, qtbot):
    window = offered_window
    view, project = window.text_view, window.project
    first, second, third = ana_open(window)
    qtbot.keyClick(view, Qt.Key_F9)
    assert view.current_suggestion.id == first.id and view.selected_span(exact=True) == (first.start, first.end)
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_Return, Qt.AltModifier)
    [made] = [a for a in project.annotations(coder="Ana", document=view.document_id)
              if (a.start, a.end) == (first.start, first.end)]
    assert project.code(made.code_id).name == "claim"
    assert view.annotations_at(first.start)[0].uuid == made.uuid                      # in the text at once
    assert made.uuid in [a.uuid for a in window.annotation_table.annotation_model.annotations()]   # and the table
    assert view.current_suggestion.id == second.id                                 # the keys walk on
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view, Qt.Key_Delete, Qt.AltModifier)
    assert [s.status for s in project.suggestions("Ana", documents=[view.document_id])] == \
        ["accepted", "rejected", "open"]
    assert view.current_suggestion.id == third.id
    qtbot.keyClick(view, Qt.Key_F9, Qt.ShiftModifier)          # the decided ones are passed over: none before
    assert view.current_suggestion.id == third.id and "No more" in window.statusBar().currentMessage()
    window.session.undo()
    window.session.undo()
    assert [s.status for s in project.suggestions("Ana", documents=[view.document_id])] == ["open"] * 3
    assert all(a.uuid != made.uuid for a in project.annotations(coder="Ana"))
    assert spans(view.suggestions_in_view()) == spans([first, second, third])
    window.session.redo()
    assert [s.status for s in project.suggestions("Ana", documents=[view.document_id])][0] == "accepted"


def test_next_goes_on_to_the_next_document_with_suggestions(offered_window, qtbot):
    window = offered_window
    project = window.project
    other = [d for d in project.documents() if d.id > window.session.document_id][-1]
    window.session.push(AddSuggestions(project.coder("Ana").id, "rules", [offer(project, other, "the", "claim")]))
    for _ in range(3):
        window.suggestion_tools.keys.step(+1)
    assert window.session.document_id != other.id
    found = window.suggestion_tools.keys.step(+1)              # past the documents without any
    assert window.session.document_id == other.id and found.document_id == other.id
    assert window.text_view.selected_span(exact=True) == (found.start, found.end)
    assert window.suggestion_tools.keys.step(-1).document_id != other.id            # and back


# ---------------------------------------------------------------------------------------------- the dock
def choose(panel, row):
    """Select ``row`` (not ``selectRow``, which toggles if an earlier key click left a modifier down)."""
    panel.table.selectionModel().select(panel.model.index(row, 0),
                                        QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)


def test_the_dock_lists_the_coders_suggestions_and_follows_decisions_and_undo(offered_window, qtbot):
    window = offered_window
    panel = window.suggestion_tools.show_panel()
    model = panel.model
    assert [(s.code, s.method, s.status) for s in model.suggestions()] == \
        [("claim", "rules", "open"), ("attack", "rules", "open"), ("claim", "rules", "open")]
    assert model.data(model.index(0, 3)) == "0.90"
    first = model.suggestion(0)
    panel.table.clicked.emit(model.index(0, 2))
    assert window.text_view.current_suggestion.id == first.id
    choose(panel, 0)
    assert panel.decide(True)
    assert model.suggestion(0).status == "accepted"
    assert model.data(model.index(0, 2), Qt.ForegroundRole) is not None               # greyed
    assert "claim (rules) 1 of 1 (100%)" in panel.rates_label.text()
    choose(panel, 1)
    assert panel.decide(False) and model.suggestion(1).status == "rejected"
    window.session.undo()
    assert model.suggestion(1).status == "open"
    window.session.undo()
    assert [s.status for s in model.suggestions()] == ["open"] * 3
    choose(panel, 0)
    assert panel.accept_all_of_code() == 2                                         # both claims, one step
    assert [s.status for s in model.suggestions()] == ["accepted", "open", "accepted"]
    window.session.undo()
    assert [s.status for s in model.suggestions()] == ["open"] * 3
    panel.scope_combo.setCurrentIndex(1)
    assert not panel.table.isColumnHidden(0) and model.rowCount() == 3


# ---------------------------------------------------------------------------------------------- Suggest…
def code_word(window, word, code):
    """Ana codes the first occurrence of ``word`` in the open document."""
    start = window.text_view.text.index(word)
    assert window.session.push(AddAnnotation(window.session.document_id, window.session.coder_id,
                                             window.project.code(code).id, start, start + len(word)))



@pytest.fixture
def worker_threads(monkeypatch):
    """Records the thread every suggest_command runs on; ``hold`` makes it wait for Cancel."""
    record = {"threads": [], "hold": False}
    original = Project.suggest_command

    def recorded(self, *args, cancelled=None, **kwargs):
        record["threads"].append(threading.get_ident())
        while record["hold"] and not cancelled():
            threading.Event().wait(0.01)
        return original(self, *args, cancelled=cancelled, **kwargs)

    monkeypatch.setattr(Project, "suggest_command", recorded)
    yield record
    record["hold"] = False
    wait_for_jobs()


def test_suggest_runs_off_the_gui_thread_as_one_undo_step(offered_window, qtbot, worker_threads):
    window = offered_window
    flow = window.suggestion_tools.flow
    code_word(window, "levy", "attack")
    before = len(window.project.suggestions("Ana"))
    with qtbot.waitSignal(flow.suggested, timeout=20000) as blocker:
        flow.run("propagate", True)
    assert worker_threads["threads"] and threading.get_ident() not in worker_threads["threads"]
    added = blocker.args[0].added
    assert added > 0 and len(window.project.suggestions("Ana")) == before + added
    assert window.project.suggestions("Ben") and all(s.coder_id == window.project.coder("Ana").id
                                                     for s in window.project.suggestions("Ana"))
    window.session.undo()
    assert len(window.project.suggestions("Ana")) == before


def test_suggest_can_be_cancelled_and_adds_nothing(offered_window, qtbot, worker_threads):
    window = offered_window
    flow = window.suggestion_tools.flow
    before, steps = len(window.project.suggestions("Ana")), window.session.undo_stack.count()
    worker_threads["hold"] = True
    job = flow.run("propagate", False)
    qtbot.waitUntil(lambda: bool(worker_threads["threads"]))
    with qtbot.waitSignal(job.cancelled, timeout=20000):
        job.dialog.findChild(QPushButton).click()            # the progress dialog's Cancel
    assert flow.job is None
    assert len(window.project.suggestions("Ana")) == before and window.session.undo_stack.count() == steps


def test_a_refused_method_says_so_in_one_sentence(offered_window, qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(suggest_flow_module.dialogs, "show_error", lambda _parent, text, _title: shown.append(text))
    flow = offered_window.suggestion_tools.flow
    with qtbot.waitSignal(flow.refused, timeout=20000) as blocker:
        flow.run("model", False)              # Ana has no trained model (the sample has a boilerplate code)
    assert shown == [blocker.args[0]] and "\n" not in shown[0] and shown[0].endswith(".")
    assert shown[0].startswith("Ana has no trained model yet")


# ---------------------------------------------------------------------------------------------- propagate
def test_propagate_after_coding_is_off_by_default_and_costs_the_code_key_nothing(offered_window, qtbot):
    window = offered_window
    propagate = window.suggestion_tools.propagate
    assert not window.suggestion_tools.keys.propagate_action.isChecked() and not propagate.listening
    view = window.text_view
    start = view.text.index("promised")
    view.select_span(start, start + len("promised"))
    qtbot.keyClick(view, Qt.Key_1)
    assert propagate.job is None


def test_propagate_after_coding_offers_the_code_on_the_other_occurrences(offered_window, qtbot):
    window = offered_window
    action = window.suggestion_tools.keys.propagate_action
    action.setChecked(True)
    assert QSettings().value(PROPAGATE_KEY, type=bool)
    propagate, view, project = window.suggestion_tools.propagate, window.text_view, window.project
    word = "levy"
    occurrences = sum(d.text.lower().count(word) for d in project.documents())
    assert occurrences >= 2
    start = view.text.index(word)
    view.select_span(start, start + len(word))
    qtbot.keyClick(view, Qt.Key_2)
    assert propagate.job is not None                           # the key returned before the search ran
    qtbot.waitUntil(lambda: propagate.pushed == 1, timeout=20000)
    offered = [s for s in project.suggestions("Ana", "open") if s.method == "propagate" and s.code == "attack"]
    assert offered and all(project.document(s.document_id).text[s.start:s.end].lower() == word for s in offered)
    assert project.suggestions("Ben", "open")[0].method == "rules"    # Ben is offered nothing of Ana's
    window.session.undo()                                      # the offers are their own step
    assert not [s for s in project.suggestions("Ana") if s.method == "propagate"]


def test_the_codebook_editor_refuses_a_suggestion_key_as_a_code_key(offered_window):
    from ui.codebook.codebook_editor import show_codebook_editor

    editor = show_codebook_editor(offered_window).widget()
    claim = offered_window.project.code("claim")
    assert not editor.set_shortcut(claim.uuid, "F9")
    assert "F9 is already the key of “Next Suggestion”" in editor.message.text()


def test_the_new_menu_entries_have_mnemonics_of_their_own(offered_window):
    codes = offered_window.menu("Codes")
    [suggestions] = [a.menu() for a in codes.actions()
                     if a.menu() is not None and a.text().replace("&", "") == "Suggestions"]
    for menu in (offered_window.menu("Tools"), codes, suggestions):
        letters = [a.text()[a.text().index("&") + 1].lower() for a in menu.actions() if "&" in a.text()]
        assert len(letters) == len(set(letters)), letters
