"""Tools › Adjudicate…: accepting into gold (checked in the file with a second connection),
accepting all agreements, rejecting and reopening, editing gold, progress, and every step
undone and redone through the session's stack (Edit › Undo in the coding window)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator import Project
from annotator.adjudication import compare, gold_coder, rejected_keys
from annotator.changes import ChangeKind
from ui.adjudication.adjudication_view import AdjudicationView


@pytest.fixture
def view(qtbot, window):
    view = AdjudicationView(window.session, window.text_view, parent=window)
    qtbot.addWidget(view)
    view.show()
    return view


def gold_in_file(path) -> list[tuple[int, int, int]]:
    with Project.open(path) as other:
        gold = gold_coder(other)
        return [] if gold is None else [(a.start, a.end, a.code_id) for a in other.annotations(coder=gold)]


def first(view, kind: str) -> int:
    return next(i for i, s in enumerate(view.segments) if s.kind == kind)


def test_menu_entry_opens_the_view_on_the_current_document(qtbot, window):
    action = next(a for a in window.menu("Tools").actions() if a.text() == "A&djudicate…")
    action.trigger()
    view = window.findChild(AdjudicationView, "adjudicationView")
    assert view.isVisible() and view.document_id == window.session.document_id
    assert sorted(view.chosen_coders()) == ["Ana", "Ben"]
    assert view.segments and view.model.rowCount() == len(view.segments)
    marks = {view.model.index(r, 0).data() for r in range(view.model.rowCount())}
    assert marks <= {"✓ agree", "✗ differ"} and len(marks) == 2
    assert view.progress.format().startswith("Gold: 0 of ")


def test_accepting_an_annotation_writes_gold_to_the_file_and_undoes(qtbot, window, view, sample_project):
    row = first(view, "disagreement")
    view.select_row(row)
    segment = view.segments[row]
    chosen = next(a for anns in segment.annotations.values() for a in anns)
    with qtbot.waitSignal(window.session.changed):
        qtbot.mouseClick(view.accept_buttons[0], Qt.LeftButton)
    assert gold_in_file(sample_project.path) == [(chosen.start, chosen.end, chosen.code_id)]
    assert view.segments[row].resolved and view.progress_counts()[0] == 1
    assert view.model.index(row, view.model.columnCount() - 2).data().startswith("✓")
    assert view.current_segment().key != segment.key or not view.current_segment().resolved  # moved on
    # gold now appears in the coding window's coder selector
    assert window.coder_selector.findText("gold") >= 0
    window.undo_action.trigger()
    assert gold_in_file(sample_project.path) == [] and gold_coder(sample_project) is None
    assert window.coder_selector.findText("gold") < 0
    assert view.progress_counts()[0] == 0
    window.redo_action.trigger()
    assert gold_in_file(sample_project.path) == [(chosen.start, chosen.end, chosen.code_id)]


def test_accept_all_agreements_is_one_undo_step(qtbot, window, view, sample_project):
    agreements = [s for s in view.segments if s.kind == "agreement"]
    assert agreements
    with qtbot.waitSignal(window.session.changed):
        qtbot.mouseClick(view.accept_all_button, Qt.LeftButton)
    expected = sorted((s.start, s.end, next(iter(s.annotations.values()))[0].code_id) for s in agreements)
    assert sorted(gold_in_file(sample_project.path)) == expected
    assert view.progress_counts() == (len(agreements), len(view.segments))
    assert window.session.undo_stack.count() == 1
    window.session.undo()
    assert gold_in_file(sample_project.path) == []
    window.session.redo()
    assert sorted(gold_in_file(sample_project.path)) == expected


def test_reject_and_reopen_are_recorded_in_the_file_and_undo(qtbot, window, view, sample_project):
    row = first(view, "disagreement")
    view.select_row(row)
    key = view.segments[row].key
    document = window.session.document_id
    with qtbot.waitSignal(window.session.changed):
        qtbot.keyClick(view.table, Qt.Key_R)
    with Project.open(sample_project.path) as other:
        assert key in rejected_keys(other, document)
    rejected = next(s for s in view.segments if s.key == key)
    assert rejected.rejected and rejected.resolved
    row = next(i for i, s in enumerate(view.segments) if s.key == key)
    assert view.model.index(row, view.model.columnCount() - 2).data() == "rejected"
    view.select_row(row)
    assert view.reopen()
    assert key not in rejected_keys(sample_project, document)
    window.session.undo()                  # undo the reopen: rejected again
    assert key in rejected_keys(sample_project, document)
    window.session.undo()                  # undo the rejection
    assert key not in rejected_keys(sample_project, document)
    window.session.redo()
    assert key in rejected_keys(sample_project, document)


def test_a_rejection_does_not_rebuild_the_coding_window(qtbot, window, view, monkeypatch):
    rebuilt = []
    monkeypatch.setattr(window, "_rebuild_scheme", lambda: rebuilt.append(True))
    view.select_row(first(view, "disagreement"))
    assert view.reject()
    assert rebuilt == []


def test_a_rejection_does_not_reload_the_text_view_tables_or_code_definition(qtbot, window, view, monkeypatch):
    from PySide6.QtWidgets import QDockWidget

    reloads = []
    text = window.text_view
    read_spans = text._read_spans
    monkeypatch.setattr(text, "_read_spans", lambda: reloads.append("text view") or read_spans())
    monkeypatch.setattr(window.annotation_table.annotation_model, "reload", lambda: reloads.append("annotations"))
    monkeypatch.setattr(window.document_model, "refresh_statuses", lambda: reloads.append("documents"))
    definition = window.findChild(QDockWidget, "codeDefinitionDock").widget()
    monkeypatch.setattr(definition, "_render", lambda: reloads.append("code definition"))
    view.select_row(first(view, "disagreement"))
    with qtbot.waitSignal(window.session.changed) as blocker:
        assert view.reject()
    assert blocker.args[0].kind is ChangeKind.ADJUDICATION and not blocker.args[0].annotation_uuids
    window.session.undo()
    window.session.redo()
    assert reloads == []


def test_gold_annotations_are_recoded_and_deleted_with_the_normal_commands(qtbot, window, view, sample_project):
    row = first(view, "agreement")
    view.select_row(row)
    assert view.accept(next(iter(view.segments[row].annotations.values()))[0].uuid)
    view.select_row(row)
    [gold] = view.segments[row].gold
    other = next(c for c in sample_project.codes() if c.id != gold.code_id)
    assert view.recode_gold(gold.uuid, other.id)
    assert sample_project.annotation(gold.uuid).code_id == other.id
    assert view.delete_gold(gold.uuid)
    assert gold_in_file(sample_project.path) == []
    window.session.undo()
    window.session.undo()
    assert gold_in_file(sample_project.path) == [(gold.start, gold.end, gold.code_id)]


def test_edit_in_coding_window_makes_gold_current_there(qtbot, window, view, sample_project):
    row = first(view, "agreement")
    view.select_row(row)
    view.accept(next(iter(view.segments[row].annotations.values()))[0].uuid)
    view.select_row(row)
    [gold] = view.segments[row].gold
    view.edit_in_coding_window(gold.uuid)
    assert window.session.coder_id == gold_coder(sample_project).id
    assert window.session.annotation_uuid == gold.uuid
    assert window.coder_selector.currentText() == "gold"


def test_the_view_follows_the_coding_windows_document(qtbot, window, view, sample_project):
    other = next(d.id for d in sample_project.documents() if d.id != window.session.document_id)
    window.session.select_document(other)
    assert view.document_id == other
    assert [s.key for s in view.segments] == [s.key for s in compare(sample_project, other, ["Ana", "Ben"])]
    assert view.document_combo.currentData() == other


def test_choosing_a_segment_selects_it_in_the_text(qtbot, window, view):
    row = first(view, "disagreement")
    view.table.setCurrentIndex(view.model.index(row, 2))
    segment = view.segments[row]
    assert window.text_view.textCursor().selectedText() == window.text_view.text[segment.start:segment.end] \
        .replace("\n", "\u2029")
    assert "Ana" in view.layers.toPlainText() and "Ben" in view.layers.toPlainText()


def test_one_coder_is_not_enough(qtbot, view):
    view.set_coders(["Ana"])
    assert view.segments == [] and "two coders" in view.message.text()


def test_segment_model_passes_qtmodeltester(qtmodeltester, view):
    qtmodeltester.check(view.model)


def test_the_progress_words_stand_beside_the_bar_never_on_its_chunk(qtbot, window, view):
    """A style splits text drawn on a bar in two colours at the chunk's edge, cutting a letter."""
    from PySide6.QtWidgets import QLabel

    label = view.findChild(QLabel, "goldProgressLabel")
    assert not view.progress.isTextVisible() and label.isVisible()
    total = len(view.segments)
    assert label.text() == f"Gold: 0 of {total} segments resolved" == view.progress.accessibleName()
    with qtbot.waitSignal(window.session.changed):
        view.accept_all()
    done = view.progress_counts()[0]
    assert 0 < done < total and view.progress.value() == done
    assert label.text() == f"Gold: {done} of {total} segments resolved"


def test_offsets_are_written_one_way_and_every_span_has_its_line(qtbot, view):
    import re

    from ui.shared.span_text import span_label, span_range

    one_range = re.compile(r"^\d{1,3}(,\d{3})*–\d{1,3}(,\d{3})*$")
    coders = view.chosen_coders()
    several = 0
    for row, segment in enumerate(view.segments):
        assert view.model.index(row, 1).data() == span_range(segment.start, segment.end)
        assert one_range.match(view.model.index(row, 1).data())
        for column, coder in enumerate(coders, 2):
            names = {a.code_id: view._codes[a.code_id].name for a in segment.annotations.get(coder, ())}
            lines = [span_label(names[a.code_id], a.start, a.end) for a in segment.annotations.get(coder, ())]
            assert view.model.index(row, column).data() == ("\n".join(lines) or "(nothing)")
            if len(lines) > 1:
                several += 1
                assert view.table.rowHeight(row) >= len(lines) * view.table.fontMetrics().lineSpacing()
            width = max((view.table.fontMetrics().horizontalAdvance(x) for x in lines), default=0)
            assert width <= view.table.columnWidth(column)        # no position is cut off
    assert several > 0
    view.select_row(first(view, "disagreement"))
    assert "[" not in view.layers.toPlainText() and "[" not in view.accept_buttons[0].text()
