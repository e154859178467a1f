"""The coders' progress table: a well-behaved model, statuses and counts that follow the work."""
from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.changes import Change, ChangeKind
from annotator.commands import AddAnnotation
from ui.coders.coders_view import COUNT_ROLE, STATUS_ROLE, CoderProgressModel, show_coders_view


def cell(model, document_id, coder_name):
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(Qt.UserRole + 12) == document_id)
    column = 1 + [c.name for c in model.coders()].index(coder_name)
    return model.index(row, column)


def test_the_model_passes_the_model_tester_and_shows_each_status(qtmodeltester, session, sample_project):
    first, second, third = [d.id for d in sample_project.document_summaries()[:3]]
    sample_project.add_coder("Cleo")
    sample_project.set_status(first, "Ana", "done")
    model = CoderProgressModel(session)
    qtmodeltester.check(model, force_py=True)
    assert model.columnCount() == 1 + len(sample_project.coders())
    done = cell(model, first, "Ana")
    assert done.data(STATUS_ROLE) == "done"
    assert done.data(COUNT_ROLE) == sample_project.count_annotations(document=first, coder="Ana")
    assert done.data().startswith("done (")
    assert done.data(Qt.BackgroundRole) is not None
    assert cell(model, second, "Ben").data(STATUS_ROLE) == "in progress"     # the sample has Ben's codings
    idle = cell(model, third, "Cleo")
    assert idle.data() == "not started" and idle.data(Qt.BackgroundRole) is None
    assert "Cleo: 0 of" in model.headerData(3, Qt.Horizontal, Qt.ToolTipRole)


def test_the_view_follows_coding_marking_done_and_merges(qtbot, window, sample_project):
    dock = show_coders_view(window)
    view = dock.widget()
    model = view.model
    document = window.session.document_id
    cleo = sample_project.add_coder("Cleo")
    with qtbot.waitSignal(window.session.changed):                 # a merge (or its undo): everything
        window.session.announce(Change(0, (), (), ChangeKind.MERGE))
    assert "Cleo" in [c.name for c in model.coders()]
    assert cell(model, document, "Cleo").data() == "not started"
    with qtbot.waitSignal(window.session.changed):                 # one annotation: that row
        window.session.push(AddAnnotation(document, cleo.id, sample_project.code("claim").id, 0, 5))
    assert cell(model, document, "Cleo").data() == "in progress (1)"
    before = cell(model, document, "Ana").data(STATUS_ROLE)
    window.done_action.trigger()                                   # Mark Done for Me (as Ana)
    assert before != "done" and cell(model, document, "Ana").data(STATUS_ROLE) == "done"
    assert "Ana</b>: 1 of" in view.summary.text()
