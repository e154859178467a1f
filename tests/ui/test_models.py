"""The item models pass pytest-qt's model tester and refresh only what a change touches."""
from __future__ import annotations

from annotator.commands import AddAnnotation, DeleteAnnotation, UpdateAnnotation
from ui.shared.document_model import DocumentListModel
from ui.shared.models import AnnotationTableModel, CodeTreeModel


def test_document_list_model_passes_modeltester(qtmodeltester, session, sample_project):
    session.select_coder(sample_project.coder("Ana").id)
    model = DocumentListModel(session)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == len(sample_project.document_summaries())
    assert "in progress" in model.index(0, 2).data()


def test_code_tree_model_shows_the_scheme_as_a_tree(qtmodeltester, sample_project):
    group = sample_project.add_code("evaluation", codable=False)
    sample_project.add_code("praise", color="#117733", description="Positive evaluation.", parent=group)
    model = CodeTreeModel(sample_project)
    qtmodeltester.check(model, force_py=True)
    group_index = model.index_of(group.id)
    assert model.rowCount(group_index) == 1
    child_index = model.index(0, 0, group_index)
    assert child_index.data() == "praise"
    assert model.parent(child_index) == group_index
    assert "Positive evaluation" in child_index.data(0x0003)  # ToolTipRole


def test_annotation_table_model_passes_modeltester_and_follows_changes(qtmodeltester, session, sample_project):
    ana = sample_project.coder("Ana").id
    session.select_coder(ana)
    session.select_document(1)
    model = AnnotationTableModel(session)
    qtmodeltester.check(model, force_py=True)
    before = model.rowCount()
    assert before == len(sample_project.annotations(document=1, coder=ana))
    inserted = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    add = AddAnnotation(1, ana, sample_project.code("attack").id, 0, 3)
    assert session.push(add)
    assert model.rowCount() == before + 1 and inserted == [(0, 0)]  # text order: it starts at 0
    assert model.index(0, 0).data() == "attack"
    changed = []
    model.dataChanged.connect(lambda tl, br, roles=(): changed.append(tl.row()))
    assert model.setData(model.index(0, AnnotationTableModel.MEMO), "opening")
    assert changed == [0] and sample_project.annotation(add.uuid).memo == "opening"
    session.push(UpdateAnnotation(add.uuid, sample_project.code("claim").id, 5, 9, None))
    assert model.annotation(model.row_of(add.uuid)).start == 5
    session.push(DeleteAnnotation(add.uuid))
    assert model.rowCount() == before and model.row_of(add.uuid) == -1
    qtmodeltester.check(model, force_py=True)
