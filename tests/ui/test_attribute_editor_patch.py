"""The attribute editor writes only what was edited (attack 12: findings 2, 5, 7): keys another
process stored after the window read them survive the edit and its undo; true → 1 is a change;
names stored by older versions are left as they are; the filter selects true/false."""
from __future__ import annotations

import pytest

from annotator import Project
from ui.coding.document_filter import FilterBar


@pytest.fixture
def flag_sample(sample_project):
    """The sample with true/false flags and numbers on documents 1-3."""
    for doc, attributes in {1: {"flag": True, "n": 1}, 2: {"flag": False, "n": 2}, 3: {"flag": True}}.items():
        sample_project.set_document_attributes(doc, attributes)
    return sample_project


def _edit(window, document_id: int):
    window.session.select_document(document_id)
    return window.documents_panel.edit_attributes()


def test_keys_another_process_wrote_survive_an_edit_and_its_undo(qtbot, flag_sample, window, sample_path):
    dialog = _edit(window, 1)                                   # the window read {flag, n}
    with Project.open(sample_path) as other:                    # e.g. `annotator attributes --set` in a shell
        other.set_document_attributes(1, {"flag": True, "n": 1, "year": 2024})
    dialog.add_attribute("outlet", "Daily")
    dialog.set_value("n", "5")
    dialog.accept()
    assert flag_sample.document_attributes(1) == {"flag": True, "n": 5, "year": 2024, "outlet": "Daily"}
    with Project.open(sample_path) as other:                    # and another change after the edit
        other.set_document_attributes(1, {**other.document_attributes(1), "pages": 3})
    window.session.undo()
    assert flag_sample.document_attributes(1) == {"flag": True, "n": 1, "year": 2024, "pages": 3}
    window.session.redo()
    assert flag_sample.document_attributes(1) == {"flag": True, "n": 5, "year": 2024, "pages": 3, "outlet": "Daily"}


def test_undo_with_nothing_between_restores_the_stored_text_exactly(qtbot, flag_sample, window):
    raw = "SELECT attributes FROM documents WHERE id = 1"
    before = flag_sample.store.conn.execute(raw).fetchone()[0]
    dialog = _edit(window, 1)
    dialog.remove_rows([dialog.row_of("flag")])
    dialog.accept()
    assert flag_sample.document_attributes(1) == {"n": 1}
    window.session.undo()
    assert flag_sample.store.conn.execute(raw).fetchone()[0] == before    # the key order too


@pytest.mark.parametrize("key, typed, stored", [("flag", "1", 1), ("n", "1.0", 1.0), ("n", "true", True)])
def test_a_change_of_kind_is_a_change(qtbot, flag_sample, window, key, typed, stored):
    dialog = _edit(window, 1)
    depth = window.session.undo_stack.count()
    dialog.set_value(key, typed)
    dialog.accept()
    value = flag_sample.document_attributes(1)[key]
    assert value == stored and type(value) is type(stored)
    assert window.session.undo_stack.count() == depth + 1


def test_the_filter_selects_true(qtbot, flag_sample, window):
    window.filter_documents_action.trigger()
    row = window.findChild(FilterBar, "documentFilter").condition_rows()[-1]
    row.key_combo.setCurrentText("flag")
    row.set_operator("=")
    row.set_texts("true")
    assert window.document_list.rows.document_ids() == [1, 3]


@pytest.fixture
def legacy_keys(sample_project):
    """Keys an older version stored: with spaces around, and both " sp " and "sp" on one document."""
    sample_project.store.conn.execute("""UPDATE documents SET attributes = '{" sp ": "x", "sp": "y"}' WHERE id = 1""")
    sample_project.store.conn.commit()
    return sample_project


def test_names_stored_by_an_older_version_are_left_as_they_are(qtbot, legacy_keys, window):
    dialog = _edit(window, 1)
    depth = window.session.undo_stack.count()
    dialog.accept()                                             # nothing edited: no rename, no refusal
    assert not dialog.isVisible() and window.session.undo_stack.count() == depth
    assert legacy_keys.document_attributes(1) == {" sp ": "x", "sp": "y"}
    dialog = _edit(window, 1)
    dialog.set_value(" sp ", "z")
    dialog.accept()
    assert legacy_keys.document_attributes(1) == {" sp ": "z", "sp": "y"}
    dialog = _edit(window, 1)
    dialog.rename(" sp ", "sp")                                 # a new name must not be another row's
    dialog.accept()
    assert "two attributes called" in dialog.note.text() and dialog.isVisible()
    dialog.reject()
