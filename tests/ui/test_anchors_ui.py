"""Anchor examples in the app (issue 16): a gold annotation's context menu marks it as an example or a
counter-example (one undoable codebook edit), the Code Definition panel lists them and links to them."""
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTableView, QTextBrowser

from annotator.adjudication import AcceptAnnotation
from annotator.codebook import MarkAnchor


def _actions(menu) -> dict:
    """Every action of ``menu`` and its sub-menus by text."""
    found = {}
    for action in menu.actions():
        found[action.text().split("\t")[0]] = action
        if action.menu() is not None:
            found.update({f"{action.text()} › {k}": v for k, v in _actions(action.menu()).items()})
    return found


def _gold_copy(session, annotation):
    command = AcceptAnnotation(annotation.uuid)
    assert session.push(command)
    return session.project.annotation(command.uuid)


def test_a_gold_annotation_is_marked_from_the_table_and_shown_in_the_definition(qtbot, window, sample_project):
    session, table = window.session, window.findChild(QTableView, "annotationTable")
    panel = window.findChild(QTextBrowser, "codeDefinitionPanel")
    ana = sample_project.annotations(coder="Ana")[0]
    code = sample_project.code(ana.code_id)
    other = next(c for c in sample_project.codes() if c.codable and c.id != code.id)
    menu = table.menu_for(ana)
    assert not _actions(menu)[f"Mark as Example of {code.name}"].isEnabled()     # Ana's own: not gold
    gold = _gold_copy(session, ana)
    version = sample_project.scheme_version
    _actions(table.menu_for(gold))[f"Mark as Example of {code.name}"].trigger()
    _actions(table.menu_for(gold))[f"Mark as Counter-example of › {sample_project.code_path(other)}"].trigger()
    assert [a.kind for a in sample_project.code_anchors(code)] == ["example"]
    assert [a.kind for a in sample_project.code_anchors(other)] == ["counter"]
    assert sample_project.scheme_version == version + 2
    panel.show_code(code.uuid)
    text = sample_project.document(gold.document_id).text[gold.start:gold.end]
    shown = panel.toPlainText()
    assert "Examples from the adjudicated data:" in shown and " ".join(text.split()) in " ".join(shown.split())
    panel.show_code(other.uuid)
    assert "Counter-examples (not this code):" in panel.toPlainText()
    session.undo()
    assert sample_project.code_anchors(other) == () and "Counter-examples" not in panel.toPlainText()
    assert f"Unmark as Anchor of {code.name}" in _actions(table.menu_for(gold))


def test_an_anchor_in_the_definition_links_to_its_annotation(qtbot, window, sample_project):
    session = window.session
    panel = window.findChild(QTextBrowser, "codeDefinitionPanel")
    ana = sample_project.annotations(coder="Ana")[-1]
    gold = _gold_copy(session, ana)
    session.select_annotation("")
    panel.show_code(sample_project.code(gold.code_id).uuid)
    assert session.push(MarkAnchor(gold.uuid, note="the clearest case"))
    assert "the clearest case" in panel.toPlainText()
    assert f"anchor:{gold.uuid}" in panel.toHtml()
    panel.anchorClicked.emit(QUrl(f"anchor:{gold.uuid}"))
    assert (session.document_id, session.annotation_uuid) == (gold.document_id, gold.uuid)
