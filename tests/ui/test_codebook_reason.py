"""The reason for codebook changes in the app (issue 16): the codebook editor's "Reason for these changes"
(a note and cited disagreements) goes with every edit made there; the Agreement window's Disagreements tab
cites the selected rows into it; the trend window shows each change's cited disagreements."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QLineEdit, QListWidget

from annotator import Project
from annotator.cited import CitedDisagreement
from annotator.codebook import RenameCode
from annotator.report import build_report
from annotator.report.disagreements import snapshot
from ui.agreement.agreement_window import AgreementWindow
from ui.codebook.codebook_editor import CodebookEditor
from ui.shared.jobs import wait_for_jobs

SEED = 3
CITED = CitedDisagreement("D0123abcd", "01.txt", "u-1", 3, 9, "the text", (("Ana", ((3, 9, "claim"),)),
                                                                        ("Ben", ())), "pilot")


def _editor(qtbot, session) -> CodebookEditor:
    session.select_coder(session.project.coder("Ana").id)
    editor = CodebookEditor(session)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def test_every_edit_from_the_editor_carries_the_reason_while_it_is_filled(qtbot, session):
    editor = _editor(qtbot, session)
    field = editor.findChild(QLineEdit, "codebookBecause")
    listed = editor.findChild(QListWidget, "codebookCited")
    assert field.isVisible() and editor.reason.title() == "Reason for these changes" and not listed.isVisible()
    qtbot.keyClicks(field, "claims and attacks were confused")
    session.codebook_reason.cite([CITED, CITED])
    assert listed.isVisible() and listed.count() == 1 and listed.item(0).text().startswith("D0123abcd in 01.txt")
    first, second = session.project.codes()[:2]
    assert editor.rename_code(first.uuid, "assertion")
    assert editor.recolour_code(second.uuid, "#123456")
    for entry in session.project.scheme_log()[-2:]:
        assert entry.details["because"] == "claims and attacks were confused"
        assert [CitedDisagreement.from_json(d) for d in entry.details["disagreements"]] == [CITED]
    session.undo()                               # as any edit: undone, with its log entry saying so
    assert session.project.scheme_log()[-1].action == "undo recolour"
    session.redo()
    assert session.project.code(second.uuid).color == "#123456"
    editor.reason.clear_button.click()
    assert field.text() == "" and session.codebook_reason.cited == () and not listed.isVisible()
    assert editor.rename_code(first.uuid, "claim")
    assert "because" not in session.project.scheme_log()[-1].details
    assert "disagreements" not in session.project.scheme_log()[-1].details


def test_removing_a_cited_disagreement_in_the_editor(qtbot, session):
    editor = _editor(qtbot, session)
    other = CitedDisagreement("D99999999", "02.txt", "u-2", 0, 4, "x", (), None)
    session.codebook_reason.cite([CITED, other])
    editor.reason.cited.item(0).setSelected(True)
    editor.reason.remove_button.click()
    assert [d.id for d in session.codebook_reason.cited] == ["D99999999"]


def test_the_disagreements_tab_cites_the_selected_rows_into_the_editor_s_reason(qtbot, window):
    session = window.session
    view = AgreementWindow(session, window.text_view, parent=window)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.computed, timeout=30000):
        view.compute(seed=SEED)
    editor = _editor(qtbot, session)
    table, model = view.disagreement_view, view.disagreement_view.model()
    column = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Horizontal) == "Id")
    expected = build_report(session.project, coders=view.chosen_coders(), bootstrap=0).disagreements
    assert {model.index(r, column).data() for r in range(model.rowCount())} == {d.id for d in expected}
    assert not view.citing.button.isEnabled() and not view.citing.action.isEnabled()
    chosen = [model.index(r, column).data() for r in (0, 2)]
    for r in (0, 2):
        table.selectionModel().select(model.index(r, 0), QItemSelectionModel.Select | QItemSelectionModel.Rows)
    assert view.citing.button.isEnabled()
    assert view.citing.action in table.actions() and table.contextMenuPolicy() == Qt.ActionsContextMenu
    view.citing.action.trigger()
    by_id = {d.id: d for d in expected}
    assert session.codebook_reason.cited == tuple(snapshot(by_id[i]) for i in chosen)
    assert "Cited 2 disagreements" in view.status_label.text()
    assert [editor.reason.cited.item(i).text().split()[0] for i in range(2)] == chosen   # the editor shows them
    qtbot.mouseClick(view.citing.button, Qt.LeftButton)                                  # again: no duplicates
    assert len(session.codebook_reason.cited) == 2 and "2 already were" in view.status_label.text()
    code = session.project.codes()[0]
    assert editor.rename_code(code.uuid, "assertion")
    assert [d["id"] for d in session.project.scheme_log()[-1].details["disagreements"]] == chosen
    wait_for_jobs()


def test_the_trend_window_shows_the_disagreements_a_change_cites(qtbot, window, sample_project, tmp_path):
    from annotator.merging import merge
    from annotator.report.disagreements import cite
    from annotator.rounds import make_round

    def round_(name, seed):
        coders = [f"{name} A", f"{name} B"]   # new coders: a round codes afresh
        made = make_round(sample_project, name, tmp_path / name, coders, sample=2, seed=seed)
        for coder, path in made.packages:
            with Project.open(path) as package:
                for doc in package.documents():
                    package.annotate(doc, 0, 10 + (coder == coders[1]) * 5, "claim", coder)
        merge(sample_project, [path for _, path in made.packages])

    round_("pilot", 4)
    first = build_report(sample_project, round="pilot", bootstrap=0).disagreements[0]
    cited = cite(sample_project, [first.id])
    sample_project.apply(RenameCode(sample_project.code("attack").uuid, "attack!", because="too broad",
                                    disagreements=cited))
    round_("main", 5)
    view = AgreementWindow(window.session, window.text_view, parent=window)
    qtbot.addWidget(view)
    view.show()
    view.ci_check.setChecked(False)
    with qtbot.waitSignal(view.show_trend(seed=SEED).shown, timeout=60000):
        pass
    text = view.trend_window.changes.toPlainText()
    assert "Codebook changes before main" in text and "because: too broad" in text
    assert f"{first.id} in {first.document} [{first.start}, {first.end}) (round pilot)" in text
    wait_for_jobs()
