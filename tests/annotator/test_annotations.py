"""Annotations: the span contract, refusals of impossible spans, filters, commands and inverses."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import Annotation, Project
from annotator.changes import ChangeKind, Command
from annotator.commands import AddAnnotation, DeleteAnnotation, UpdateAnnotation
from annotator.errors import AnnotatorError, InvalidSpanError, NotFoundError


def test_annotate_slices_exactly_even_after_emoji(coded):
    project, doc = coded
    start = doc.text.index("They lied.")
    ann = project.annotate(doc, start, start + len("They lied."), "attack", "Ana", memo="accusation")
    assert isinstance(ann, Annotation)
    assert doc.text[ann.start:ann.end] == "They lied."
    assert ((ann.memo, project.code(ann.code_id).name, project.coder(ann.coder_id).name)
            == ("accusation", "attack", "Ana"))
    assert ann.created == ann.modified and ann.created.endswith("Z")


def test_annotate_accepts_records_ids_and_names(coded):
    project, doc = coded
    code, coder = project.code("claim"), project.coder("Ben")
    a = project.annotate(doc.id, 0, 5, code.id, coder.id)
    b = project.annotate(doc, 0, 5, code, coder)
    c = project.annotate(doc.uuid, 0, 5, code.uuid, coder.uuid)
    assert {(x.document_id, x.code_id, x.coder_id) for x in (a, b, c)} == {(doc.id, code.id, coder.id)}


def test_overlapping_and_nested_annotations_are_allowed(coded):
    project, doc = coded
    project.annotate(doc, 0, 30, "claim", "Ana")
    project.annotate(doc, 6, 12, "attack", "Ana")
    project.annotate(doc, 0, 30, "claim", "Ben")
    project.annotate(doc, 20, 40, "appeal to fairness", "Ana")
    assert len(project.annotations(document=doc)) == 4


def test_a_view_reads_the_annotations_of_a_range_or_a_page_and_counts_where_one_goes(coded):
    project, doc = coded
    a = project.annotate(doc, 0, 30, "claim", "Ana")
    b = project.annotate(doc, 6, 12, "attack", "Ben")
    c = project.annotate(doc, 30, 40, "claim", "Ana")
    d = project.annotate(doc, 30, 40, "attack", "Ana")
    assert [x.uuid for x in project.annotations(document=doc, overlapping=(12, 30))] == [a.uuid]
    assert [x.uuid for x in project.annotations(document=doc, overlapping=(11, 31))] == [a.uuid, b.uuid, c.uuid, d.uuid]
    assert project.annotations(document=doc, coder="Ben", overlapping=(12, 40)) == []
    assert [x.uuid for x in project.annotations(document=doc, offset=1, limit=2)] == [b.uuid, c.uuid]
    assert [x.uuid for x in project.annotations(document=doc, coder="Ana", offset=1)] == [c.uuid, d.uuid]
    assert [project.count_annotations(doc, before=(x.start, x.end, x.id)) for x in (a, b, c, d)] == [0, 1, 2, 3]
    assert project.count_annotations(doc, coder="Ana", before=(d.start, d.end, d.id)) == 2
    plan = " ".join(row[3] for row in project.store.conn.execute(
        'EXPLAIN QUERY PLAN SELECT count(*) FROM annotations WHERE document_id = ? AND coder_id IN (?) '
        'AND (start, "end", id) < (?, ?, ?)', (doc.id, a.coder_id, 1, 2, 3)))
    assert "COVERING INDEX" in plan           # one coder's place in a document, from an index alone


def test_a_project_from_before_migration_7_gains_the_index_of_one_coders_annotations(tmp_path, monkeypatch):
    from annotator import migrations, store

    path = tmp_path / "old.annot"
    with monkeypatch.context() as old:   # a file written by the version before migration 7
        old.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:6])
        old.setattr(migrations, "SCHEMA_VERSION", 6)
        old.setattr(store, "SCHEMA_VERSION", 6)
        with Project.create(path) as project:
            doc = project.document(project.import_text("Old text here.", "old.txt").document_id)
            project.add_coder("Ana")
            project.annotate(doc, 0, 3, "claim", "Ana")
    with Project.open(path) as project:
        conn = project.store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION >= 7
        columns = [row[2] for row in conn.execute("PRAGMA index_info(annotations_by_coder)")]
        assert columns == ["coder_id", "document_id", "start", "end"]
        assert [(a.start, a.end) for a in project.annotations(coder="Ana")] == [(0, 3)]


@pytest.mark.parametrize("start,end,message", [
    (-1, 5, "before the beginning"),
    (5, 5, "empty or reversed"),
    (9, 3, "empty or reversed"),
    (0, 10_000, "past the end"),
    (0.5, 3, "whole number"),
    (True, 3, "whole number"),
])
def test_impossible_spans_are_refused(coded, start, end, message):
    project, doc = coded
    with pytest.raises(InvalidSpanError, match=message):
        project.annotate(doc, start, end, "claim", "Ana")
    assert project.annotations() == []


def test_unknown_code_coder_or_document_is_refused(coded):
    project, doc = coded
    with pytest.raises(NotFoundError, match="no code 'nonsense'"):
        project.annotate(doc, 0, 5, "nonsense", "Ana")
    with pytest.raises(NotFoundError, match="no coder 'Zoe'"):
        project.annotate(doc, 0, 5, "claim", "Zoe")
    with pytest.raises(NotFoundError, match="no document 999"):
        project.annotate(999, 0, 5, "claim", "Ana")
    assert project.annotations() == []


def test_group_codes_cannot_be_applied(coded):
    project, doc = coded
    group = project.add_code("stance", codable=False)
    project.add_code("support", parent=group)
    assert project.code_path("support") == "stance > support"
    with pytest.raises(InvalidSpanError, match="group"):
        project.annotate(doc, 0, 5, "stance", "Ana")
    project.annotate(doc, 0, 5, "support", "Ana")


def test_filters_by_document_coder_and_code(coded):
    project, doc = coded
    other = project.document(project.import_text("Another text entirely.", "b.txt").document_id)
    project.annotate(doc, 0, 5, "claim", "Ana")
    project.annotate(doc, 0, 5, "attack", "Ben")
    project.annotate(other, 0, 7, "claim", "Ben")
    assert len(project.annotations(document=doc)) == 2
    assert len(project.annotations(coder="Ben")) == 2
    assert len(project.annotations(code="claim", coder="Ben")) == 1
    assert len(project.annotations(code=["claim", "attack"])) == 3



def test_count_annotations_counts_what_annotations_would_return(coded):
    project, doc = coded
    other = project.document(project.import_text("Another text entirely.", "b.txt").document_id)
    project.annotate(doc, 0, 5, "claim", "Ana")
    project.annotate(doc, 6, 9, "claim", "Ana")
    project.annotate(doc, 0, 5, "attack", "Ben")
    project.annotate(other, 0, 7, "claim", "Ben")
    for filters in ({}, {"document": doc}, {"document": other.id, "coder": "Ben"}, {"coder": "Ana"},
                    {"document": doc, "coder": ["Ana", "Ben"]}, {"code": "claim"}, {"document": other, "coder": "Ana"}):
        assert project.count_annotations(**filters) == len(project.annotations(**filters)), filters
    assert project.count_annotations(document=doc, coder="Ana") == 2
    with pytest.raises(NotFoundError):
        project.count_annotations(coder="Nobody")


def test_save_copy_writes_a_project_with_every_annotation(coded, tmp_path):
    project, doc = coded
    project.annotate(doc, 0, 5, "claim", "Ana", memo="first")
    project.annotate(doc, 2, 9, "attack", "Ben")
    copy_path = project.save_copy(tmp_path / "copy.annot")
    project.annotate(doc, 10, 16, "claim", "Ana")   # the original stays open and writable
    with Project.open(copy_path) as copy:
        assert copy.annotations() == project.annotations()[:2]
        assert copy.document(doc.id).text == doc.text
        assert [c.name for c in copy.codes()] == [c.name for c in project.codes()]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("copy", ".copy"))) == ["copy.annot"]


def test_save_copy_refuses_the_open_file_and_leaves_it_untouched(coded):
    project, doc = coded
    project.annotate(doc, 0, 5, "claim", "Ana")
    before = project.path.read_bytes()
    with pytest.raises(AnnotatorError, match="is the project that is open"):
        project.save_copy(project.path)
    with pytest.raises(AnnotatorError, match="is the project that is open"):
        project.save_copy(project.path.parent / "." / project.path.name)
    assert project.path.read_bytes() == before
    assert len(project.annotations()) == 1

def test_update_and_delete(coded):
    project, doc = coded
    ann = project.annotate(doc, 0, 5, "claim", "Ana")
    changed = project.update_annotation(ann, code="attack", end=9, memo="wider")
    assert (changed.code_id, changed.end, changed.memo) == (project.code("attack").id, 9, "wider")
    assert project.update_annotation(ann, memo=None).memo is None
    with pytest.raises(InvalidSpanError):
        project.update_annotation(ann, end=0)
    project.delete_annotation(ann)
    assert project.annotations() == []


def test_document_status(coded):
    project, doc = coded
    assert project.status(doc, "Ana") == "not started"
    project.annotate(doc, 0, 5, "claim", "Ana")
    assert project.status(doc, "Ana") == "in progress"
    project.set_status(doc, "Ana", "done")
    assert project.status(doc, "Ana") == "done"
    assert project.status(doc, "Ben") == "not started"


def snapshot(project):
    return [tuple(vars(a).values()) for a in project.annotations()]


operations = st.lists(st.tuples(st.sampled_from(["add", "delete", "update"]),
                                st.integers(0, 60), st.integers(1, 20), st.sampled_from([1, 2, 3, 4]),
                                st.integers(0, 10)), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None)
@given(operations)
def test_every_command_is_undone_exactly_by_its_inverse(tmp_path_factory, ops):
    """Apply a sequence of commands, then the inverses in reverse order: the store is as before."""
    path = tmp_path_factory.mktemp("cmd") / "p.annot"
    with Project.create(path) as project:
        doc = project.document(project.import_text("x" * 80, "d.txt").document_id)
        coder = project.add_coder("Ana")
        project.annotate(doc, 1, 4, "claim", coder)
        inverses, states = [], [snapshot(project)]
        for kind, start, length, code, pick in ops:
            existing = project.annotations()
            end = min(start + length, 80)
            if kind == "add" or not existing:
                command = AddAnnotation(doc.id, coder.id, code, start, end, memo=None)
            elif kind == "delete":
                command = DeleteAnnotation(existing[pick % len(existing)].uuid)
            else:
                command = UpdateAnnotation(existing[pick % len(existing)].uuid, code, start, end, memo=f"m{pick}")
            inverse, change = project.apply(command)
            assert change.document_id == doc.id and change.kind is ChangeKind.ANNOTATION
            assert isinstance(command, Command) and isinstance(inverse, Command)
            inverses.append(inverse)
            states.append(snapshot(project))
        for inverse, before in zip(reversed(inverses), reversed(states[:-1])):
            redo, change = project.apply(inverse)
            assert snapshot(project) == before
            assert change.kind is ChangeKind.ANNOTATION and isinstance(redo, Command)
