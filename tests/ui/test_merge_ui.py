"""Several coders in the app: making a package in the dialog, merging packages off the GUI
thread (report, undo/redo, cancel, name matches, bad files), and who codes in a package."""
from __future__ import annotations

import sqlite3

import pytest
from helpers import dump
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QPlainTextEdit, QPushButton, QTableWidget

from annotator import Project
from annotator.changes import ChangeKind
from annotator.packages import make_package
from ui.coders.merge_dialog import MergeRun, merge_packages
from ui.coders.packages_dialog import show_package_dialog

CODERS = ("Cleo", "Dan", "Eve")


def coded_by(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return set(conn.execute("SELECT a.uuid, c.name FROM annotations a JOIN coders c ON c.id = a.coder_id"))
    finally:
        conn.close()


@pytest.fixture
def packages(window, sample_project, tmp_path):
    """Three packages of the lead's project, each coded by the Python API."""
    paths, expected = [], set()
    for i, name in enumerate(CODERS):
        path = tmp_path / f"{name}.annot"
        make_package(sample_project, name, path)
        with Project.open(path) as package:
            for doc in package.documents()[:3]:
                expected.add((package.annotate(doc, 10 * i, 10 * i + 7, "claim", name).uuid, name))
                expected.add((package.annotate(doc, 100 + i, 140, "attack", name, memo=f"{name}'s memo").uuid, name))
            package.set_status(package.documents()[0], name, "done")
        paths.append(path)
    return paths, expected


def finish(qtbot, run, timeout=30000) -> str:
    with qtbot.waitSignal(run.ended, timeout=timeout) as blocker:
        pass
    return blocker.args[0]


def start_merge(qtbot, window, paths) -> str:
    run = merge_packages(window, paths)
    return run, finish(qtbot, run)


# ---------------------------------------------------------------- merging end to end
def test_three_packages_merge_with_a_report_and_undo_redo_restore_the_file(qtbot, window, sample_project, packages):
    paths, expected = packages
    before = dump(sample_project.path)
    leads_own = {(a.uuid, a.start, a.end, a.memo) for a in sample_project.annotations()}
    changes = []
    window.session.changed.connect(changes.append)
    run, outcome = start_merge(qtbot, window, paths)
    assert outcome == "merged"
    assert expected <= coded_by(sample_project.path)                 # every annotation, with its coder
    assert leads_own <= {(a.uuid, a.start, a.end, a.memo) for a in sample_project.annotations()}
    assert [c.kind for c in changes] == [ChangeKind.MERGE]
    dialog = run.report_dialog
    assert dialog.isVisible() and dialog.objectName() == "mergeReport"
    table = dialog.findChild(type(dialog._table(run.report)), "mergeReportTable")
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(2, 8)] for r in range(table.rowCount())}
    assert rows == {name: ["6", "6", "0", "0", "0", "0"] for name in CODERS}     # documents, added, ...
    assert "6 annotations added" in dialog.findChild(QPlainTextEdit, "mergeDetails").toPlainText()
    assert "Cleo" in [window.coder_selector.itemText(i) for i in range(window.coder_selector.count())]
    after = dump(sample_project.path)

    assert window.undo_action.text() == "&Undo Merge coders' work"
    with qtbot.waitSignal(window.session.changed):
        window.undo_action.trigger()
    assert dump(sample_project.path) == before                       # the lead's file exactly as before
    assert not (expected & coded_by(sample_project.path))
    with qtbot.waitSignal(window.session.changed):
        window.redo_action.trigger()
    assert dump(sample_project.path) == after
    dialog.close()


def test_undoing_the_merge_that_added_the_current_coder_codes_as_an_existing_coder(
        qtbot, window, sample_project, tmp_path):
    path = tmp_path / "zed.annot"
    with Project.open(sample_project.save_copy(tmp_path / "copy.annot")) as copy:
        make_package(copy, "Zed", path)                   # Zed is known to the copy, not to the lead
    with Project.open(path) as package:
        package.annotate(package.documents()[0], 0, 7, "claim", "Zed")
    ana = window.session.coder_id
    run, outcome = start_merge(qtbot, window, [path])
    assert outcome == "merged"
    run.report_dialog.close()
    zed = sample_project.coder("Zed").id
    window.session.select_coder(zed)                      # the lead looks at Zed's work
    with qtbot.waitSignal(window.session.changed):
        window.undo_action.trigger()                      # the merge, and Zed with it, is gone
    assert zed not in [c.id for c in sample_project.coders()]
    assert window.session.coder_id == ana                 # back to the coder chosen before
    assert window.coder_selector.currentData() == ana and "Ana" in window.coder_label.text()
    with qtbot.waitSignal(window.session.changed):
        window.redo_action.trigger()
    assert window.session.coder_id == ana and "Zed" in [c.name for c in sample_project.coders()]


def test_merging_again_reports_nothing_new_and_adds_no_undo_step(qtbot, window, sample_project, packages):
    paths, _ = packages
    start_merge(qtbot, window, paths)
    run_dialog = window.merge_run.report_dialog
    run_dialog.close()
    steps, before = window.session.undo_stack.count(), dump(sample_project.path)
    run, outcome = start_merge(qtbot, window, paths)
    assert outcome == "merged" and dump(sample_project.path) == before
    assert window.session.undo_stack.count() == steps
    assert "Nothing new" in run.report_dialog.summary.text()


def test_a_coders_deletion_is_in_the_report_and_undoing_the_merge_brings_it_back(
        qtbot, window, sample_project, packages):
    paths, _ = packages
    start_merge(qtbot, window, paths)
    window.merge_run.report_dialog.close()
    with Project.open(paths[0]) as package:                  # Cleo deletes one of hers after the merge
        gone = package.annotations()[0]
        package.delete_annotation(gone)
    before = dump(sample_project.path)
    run, outcome = start_merge(qtbot, window, paths[:1])
    assert outcome == "merged" and gone.uuid not in {a.uuid for a in sample_project.annotations()}
    dialog = run.report_dialog
    table = dialog.findChild(QTableWidget, "mergeReportTable")
    header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert table.item(0, 0).text() == "Cleo" and table.item(0, header.index("Deleted")).text() == "1"
    assert "1 deleted" in dialog.summary.text()
    assert "1 deleted" in dialog.findChild(QPlainTextEdit, "mergeDetails").toPlainText()
    with qtbot.waitSignal(window.session.changed):
        window.undo_action.trigger()
    assert dump(sample_project.path) == before and sample_project.annotation(gone.uuid).memo == gone.memo
    dialog.close()


def test_cancel_during_the_merge_changes_nothing(qtbot, window, sample_project, packages):
    paths, _ = packages
    before, steps = dump(sample_project.path), window.session.undo_stack.count()
    run = MergeRun(window, paths)
    job = run.make_job()
    # Cancel from inside the worker, at the step that runs inside the merge's transaction.
    job.worker.progressed.connect(lambda step: job.worker.cancel() if step == "writing annotations" else None,
                                  Qt.DirectConnection)
    job.start()
    assert finish(qtbot, run) == "cancelled"
    assert dump(sample_project.path) == before and window.session.undo_stack.count() == steps
    assert "nothing changed" in window.statusBar().currentMessage()


def test_the_progress_dialogs_cancel_button_stops_the_merge(qtbot, window, sample_project, packages):
    paths, _ = packages
    before = dump(sample_project.path)
    run = MergeRun(window, paths)
    job = run.make_job()
    job.dialog.findChild(QPushButton).click()                 # Cancel, before the worker has read anything
    job.start()
    assert finish(qtbot, run) == "cancelled" and dump(sample_project.path) == before


# ---------------------------------------------------------------- names and bad files
@pytest.fixture
def name_match(sample_project, packages):
    """The lead and Cleo each added a code "irony" on their own (different UUIDs)."""
    paths, _ = packages
    irony = sample_project.add_code("irony", color="#AA0000")
    with Project.open(paths[0]) as package:
        mine = package.add_code("Irony", color="#00AA00")
        ironic = package.annotate(package.documents()[1], 40, 50, mine, "Cleo")
    return paths, irony, ironic


def test_name_matches_are_listed_and_merged_once_confirmed(qtbot, window, sample_project, name_match):
    paths, irony, ironic = name_match
    run = merge_packages(window, paths)
    qtbot.waitUntil(lambda: run.question is not None and run.question.isVisible(), timeout=30000)
    assert "Irony" in run.question.text() and "Cleo.annot" in run.question.text()
    assert coded_by(sample_project.path) & {(ironic.uuid, "Cleo")} == set()       # nothing merged yet
    run.question.button(QMessageBox.Yes).click()
    assert finish(qtbot, run) == "merged"
    assert sample_project.annotation(ironic.uuid).code_id == irony.id
    assert [c.name.lower() for c in sample_project.codes()].count("irony") == 1
    run.report_dialog.close()


def test_declining_the_name_matches_merges_nothing(qtbot, window, sample_project, name_match):
    paths, _, _ = name_match
    before = dump(sample_project.path)
    run = merge_packages(window, paths)
    qtbot.waitUntil(lambda: run.question is not None and run.question.isVisible(), timeout=30000)
    with qtbot.waitSignal(run.ended) as ended:
        run.question.button(QMessageBox.No).click()
    assert ended.args == ["declined"]
    assert dump(sample_project.path) == before and window.session.undo_stack.count() == 0


def test_a_file_that_is_not_a_project_shows_a_plain_message_and_changes_nothing(qtbot, window, sample_project,
                                                                               packages, tmp_path):
    paths, _ = packages
    bad = tmp_path / "notes.annot"
    bad.write_text("just some notes, not a project\n", encoding="utf-8")
    before = dump(sample_project.path)
    run, outcome = start_merge(qtbot, window, [paths[0], bad])
    assert outcome == "failed"
    message = run.message.text()
    assert run.message.isVisible() and "notes.annot" in message and "Traceback" not in message
    assert dump(sample_project.path) == before and window.session.undo_stack.count() == 0
    run.message.close()


# ---------------------------------------------------------------- making a package in the dialog
def test_the_package_dialog_makes_a_blind_sampled_locked_package(qtbot, window, sample_project, tmp_path):
    dialog = show_package_dialog(window)
    assert dialog.isVisible() and not dialog.include_check.isChecked()          # blind by default
    dialog.coder_combo.setEditText("Zoe Park")
    assert "new" in dialog.coder_note.text()
    dialog.sample_button.setChecked(True)
    dialog.sample_spin.setValue(2)
    dialog.seed_edit.setText("7")
    dialog.lock_check.setChecked(True)
    out = tmp_path / "zoe.annot"
    dialog.path_edit.setText(str(out))
    with qtbot.waitSignal(window.session.changed):                 # a new coder in the lead's project
        dialog.make_button.click()
    box = window.package_report
    assert box.isVisible() and "seed 7" in box.text() and "Blind" in box.text()
    with Project.open(out) as package:
        assert len(package.documents()) == 2 and package.codebook_locked
        assert package.setting("package_coder_name") == "Zoe Park"
        assert package.annotations() == []                          # no one else's annotations
    assert "Zoe Park" in [window.coder_selector.itemText(i) for i in range(window.coder_selector.count())]
    box.close()


def test_the_package_dialog_with_chosen_documents_and_a_refusal(qtbot, window, sample_project, tmp_path):
    ids = [d.id for d in sample_project.document_summaries()]
    taken = tmp_path / "taken.annot"
    taken.write_text("x")
    dialog = show_package_dialog(window)
    dialog.coder_combo.setCurrentText("Ben")
    dialog.choose_documents(ids[1:3])
    dialog.path_edit.setText(str(taken))
    dialog.make_button.click()
    assert dialog.isVisible() and "already exists" in dialog.problem.text()   # said, and nothing lost
    dialog.path_edit.setText(str(tmp_path / "ben.annot"))
    dialog.make_button.click()
    assert dialog.result() == QDialog.Accepted
    with Project.open(tmp_path / "ben.annot") as package:
        assert sorted(d.name for d in package.documents()) == sorted(
            d.name for d in sample_project.document_summaries()[1:3])
        assert {a.coder_id for a in package.annotations()} <= {package.coder("Ben").id}
    window.package_report.close()


# ---------------------------------------------------------------- who codes in a package
def test_opening_a_package_codes_as_its_coder_and_asks_before_another_name(manager, qtbot, monkeypatch,
                                                                           sample_project, tmp_path):
    path = tmp_path / "ana.annot"
    make_package(sample_project, "Ana", path, include_annotations=True, lock_codebook=True)   # Ben's work too
    window = manager.open(path)
    ana = window.project.coder("Ana")
    assert window.project.coders()[0].name == "Ben"                 # so Ana was chosen, not the first
    assert window.session.coder_id == ana.id
    assert "Ana's coder package" in window.statusBar().currentMessage()

    questions = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kw: questions.append(args[2]) or QMessageBox.No)
    window.session.select_coder(window.project.coder("Ben").id)
    window.text_view.setFocus()
    cursor = window.text_view.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(9, cursor.MoveMode.KeepAnchor)
    window.text_view.setTextCursor(cursor)
    before = len(window.project.annotations())
    window.apply_code(window.project.code("claim").id)
    assert questions and "made for Ana" in questions[0]
    assert len(window.project.annotations()) == before                     # declined: nothing coded
    window.session.select_coder(ana.id)
    with qtbot.waitSignal(window.session.changed):
        window.apply_code(window.project.code("claim").id)                 # the package's coder: no question
    assert len(questions) == 1

    # The codebook is locked: the editor says so and its editing buttons are off.
    from ui.codebook.codebook_editor import show_codebook_editor

    editor = show_codebook_editor(window).widget()
    assert "cannot be edited" in editor.message.text()
    assert not editor.buttons["add"].isEnabled() and editor.buttons["export"].isEnabled()


def test_a_package_remembers_its_own_coder_apart_from_the_lead(manager, qtbot, sample_project, tmp_path):
    path = tmp_path / "ben.annot"
    make_package(sample_project, "Ben", path)
    lead = manager.open(sample_project.path, coder="Ana")
    lead.close()
    window = manager.open(path)
    assert window.project.coder(window.session.coder_id).name == "Ben"
