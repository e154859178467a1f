"""Memos beyond annotations (annotator/memos.py): a coder's memo on a document or a code and each
coder's journal; the migration that adds them, the undoable edit, the Project API, a code's
memos in codebook edits, and the search over memos."""
import re
import sqlite3

import pytest
from helpers import apply_undo_redo, dump

from annotator import Project, migrations, store
from annotator.changes import ChangeKind
from annotator.codebook import DeleteCode, MergeCodes
from annotator.errors import AnnotatorError, NotFoundError
from annotator.memos import PutMemo, SetMemo, find
from annotator.packages import make_package


def memo_rows(project):
    return project.store.conn.execute("SELECT * FROM memos ORDER BY id").fetchall()


def memos_and_codes(project):
    return memo_rows(project), project.store.conn.execute("SELECT * FROM codes ORDER BY id").fetchall()


@pytest.fixture
def memo_study(coded):
    """One document, Ana and Ben, the default scheme plus a second document."""
    project, doc = coded
    project.import_text("A second text about buses.", "second.txt")
    return project, doc


# ----------------------------------------------------------------------------- the migration
def test_a_project_from_before_memos_gains_them_on_open_and_keeps_its_work(tmp_path, monkeypatch):
    path = tmp_path / "old.annot"
    with monkeypatch.context() as old:   # a file written by the version before migration 6
        old.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:5])
        old.setattr(migrations, "SCHEMA_VERSION", 5)
        old.setattr(store, "SCHEMA_VERSION", 5)
        with Project.create(path) as project:
            doc = project.document(project.import_text("Old text.", "old.txt").document_id)
            project.add_coder("Ana")
            project.annotate(doc, 0, 3, "claim", "Ana", memo="an annotation's memo")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'memos'").fetchone()
    conn.close()
    before = dump(path)
    with Project.open(path) as project:
        assert project.store.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION >= 6
        assert [a.memo for a in project.annotations()] == ["an annotation's memo"]
        project.set_memo("document", "old.txt", "Ana", "Now it has a document memo.")
        assert project.memo("document", "old.txt", "Ana").text == "Now it has a document memo."
    after = dump(path)
    # Later migrations add tables and columns (migration 8: suggestions, codes.rules), at the end of a
    # row; what was there stays as it was.
    kept = {t: sorted((row[:len(before[t][0])] for row in after[t]), key=repr) if before[t] else after[t]
            for t in before}
    assert kept == before
    assert len(after["memos"]) == 1


def test_the_schema_keeps_one_memo_per_coder_and_target_and_one_journal_per_coder(memo_study):
    project, doc = memo_study
    project.set_memo("journal", None, "Ana", "first")
    ana = project.coder("Ana").uuid
    conn = project.store.conn
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO memos (uuid, kind, target_uuid, coder_uuid, text, created, modified) "
                     "VALUES ('x', 'journal', NULL, ?, 'second', 'now', 'now')", (ana,))
    with pytest.raises(sqlite3.IntegrityError):   # a journal has no target, a document memo has one
        conn.execute("INSERT INTO memos (uuid, kind, target_uuid, coder_uuid, text, created, modified) "
                     "VALUES ('y', 'document', NULL, ?, 'text', 'now', 'now')", (ana,))
    conn.rollback()


# ----------------------------------------------------------------------------- the command
@pytest.mark.parametrize("kind", ["document", "code", "journal"])
def test_setting_changing_and_clearing_a_memo_undo_exactly(memo_study, kind):
    project, doc = memo_study
    target = {"document": doc.uuid, "code": project.code("claim").uuid, "journal": None}[kind]
    ana = project.coder("Ana").uuid
    inverse, change, changed = apply_undo_redo(project, SetMemo(kind, target, ana, "First thoughts.\r\n"), memo_rows)
    assert changed and change.kind is ChangeKind.MEMOS
    assert change.document_id == (doc.id if kind == "document" else None)
    assert isinstance(inverse, PutMemo) and inverse.memo is None
    [row] = memo_rows(project)
    assert row[5] == "First thoughts.\n"                 # stored normalised
    inverse, _, changed = apply_undo_redo(project, SetMemo(kind, target, ana, "Second thoughts."), memo_rows)
    assert changed and inverse.memo.text == "First thoughts.\n" and inverse.memo.id == row[0]
    [edited] = memo_rows(project)
    assert edited[:2] == row[:2] and edited[6] == row[6] and edited[7] >= row[7]   # same row, UUID, created
    _, _, changed = apply_undo_redo(project, SetMemo(kind, target, ana, "  \n "), memo_rows)
    assert changed
    assert memo_rows(project)[0][5] == "" and project.memos() == []   # cleared: kept as an empty row, never shown


def test_the_same_text_again_changes_nothing(memo_study):
    project, doc = memo_study
    project.set_memo("document", doc, "Ana", "Same.")
    before = memo_rows(project)
    _, _, changed = apply_undo_redo(project, SetMemo("document", doc.uuid, project.coder("Ana").uuid, "Same."),
                                    memo_rows)
    assert not changed and memo_rows(project) == before


def test_a_memo_is_refused_for_a_target_or_coder_that_is_not_there(memo_study):
    project, doc = memo_study
    ana = project.coder("Ana").uuid
    for command, words in ((SetMemo("document", "not-a-document", ana, "x"), "There is no document"),
                           (SetMemo("code", doc.uuid, ana, "x"), "There is no code"),
                           (SetMemo("journal", doc.uuid, ana, "x"), "journal belongs to the project"),
                           (SetMemo("document", None, ana, "x"), "Say which document"),
                           (SetMemo("page", doc.uuid, ana, "x"), "not 'page'"),
                           (SetMemo("document", doc.uuid, "no-such-coder", "x"), "There is no coder")):
        with pytest.raises(AnnotatorError, match=words):
            project.apply(command)
    assert memo_rows(project) == []


# ----------------------------------------------------------------------------- the API
def test_the_api_lists_memos_by_kind_target_and_coder_in_a_stable_order(memo_study):
    project, doc = memo_study
    project.set_memo("journal", None, "Ben", "Ben's journal")
    project.set_memo("code", "attack", "Ana", "Ana on attack")
    project.set_memo("document", "second.txt", "Ana", "Ana on the second")
    project.set_memo("document", doc, "Ben", "Ben on the speech")
    project.set_memo("document", doc.id, "Ana", "Ana on the speech")
    assert [m.text for m in project.memos()] == ["Ana on the speech", "Ben on the speech", "Ana on the second",
                                                 "Ana on attack", "Ben's journal"]
    assert [m.text for m in project.memos("document", coder="Ana")] == ["Ana on the speech", "Ana on the second"]
    assert [m.text for m in project.memos("document", target="speech.txt")] == ["Ana on the speech",
                                                                              "Ben on the speech"]
    assert project.memo("journal", None, "Ana") is None
    assert project.memo("code", project.code("attack").uuid, "Ana").text == "Ana on attack"
    assert project.set_memo("code", "attack", "Ana", "") is None and project.memo("code", "attack", "Ana") is None


def test_the_api_names_the_closest_document_coder_or_code(memo_study):
    project, _doc = memo_study
    for args, words in ((("document", "speach.txt", "Ana", "x"), "Did you mean 'speech.txt'"),
                        (("document", "speech.txt", "Anna", "x"), "Did you mean 'Ana'"),
                        (("code", "atack", "Ana", "x"), "Did you mean 'attack'"),
                        (("document", "zzz", "Ana", "x"), r"There is no document 'zzz' in this project\.$")):
        with pytest.raises(NotFoundError, match=words):
            project.set_memo(*args)
    with pytest.raises(AnnotatorError, match="a target needs document or code"):
        project.memos("journal", target="speech.txt")


def test_a_coder_package_writes_only_its_coders_memos(memo_study, tmp_path):
    project, doc = memo_study
    project.annotate(doc, 0, 5, "claim", "Ben")     # so Ben is in a package made with others' annotations
    make_package(project, "Ana", tmp_path / "ana.annot", include_annotations=True)
    with Project.open(tmp_path / "ana.annot") as package:
        package.set_memo("journal", None, "Ana", "mine")
        with pytest.raises(AnnotatorError, match="This is Ana's coder package"):
            package.set_memo("document", "speech.txt", "Ben", "not mine")


# ----------------------------------------------------------------------------- codebook edits
def test_deleting_a_code_deletes_its_memos_and_undo_brings_them_back(memo_study):
    project, _doc = memo_study
    project.set_memo("code", "boilerplate", "Ana", "Ana on boilerplate")
    project.set_memo("code", "boilerplate", "Ben", "Ben on boilerplate")
    apply_undo_redo(project, DeleteCode(project.code("boilerplate").uuid), memos_and_codes)
    assert project.memos("code") == [] and memo_rows(project) == []


def test_merging_codes_joins_each_coders_memo_to_the_targets_and_undo_parts_them(memo_study):
    project, _doc = memo_study
    project.set_memo("code", "attack", "Ana", "Ana on attack")
    project.set_memo("code", "boilerplate", "Ana", "Ana on boilerplate")
    project.set_memo("code", "boilerplate", "Ben", "Ben on boilerplate")
    source, target = project.code("boilerplate").uuid, project.code("attack").uuid
    apply_undo_redo(project, MergeCodes(source, target), memo_rows)
    assert {(project.coder(m.coder_uuid).name, m.text) for m in project.memos("code")} == {
        ("Ana", "Ana on attack\n\nFrom the merged code boilerplate:\nAna on boilerplate"),
        ("Ben", "Ben on boilerplate")}
    assert {m.target_uuid for m in project.memos("code")} == {target}
    assert len(memo_rows(project)) == 2


# ----------------------------------------------------------------------------- search
def test_find_lists_every_hit_in_memos_with_its_target_and_coder(memo_study):
    project, doc = memo_study
    project.set_memo("document", doc, "Ana", "Buses 😊 and more buses.")
    project.set_memo("code", "attack", "Ben", "No buses here? BUSES!")
    project.set_memo("journal", None, "Ben", "Nothing to see.")
    project.set_memo("journal", None, "Ana", "")
    hits = find(project.store.conn, re.compile("buses", re.IGNORECASE))
    assert [(h.kind, h.target, h.coder, h.text[h.start:h.end]) for h in hits] == [
        ("document", "speech.txt", "Ana", "Buses"), ("document", "speech.txt", "Ana", "buses"),
        ("code", "attack", "Ben", "buses"), ("code", "attack", "Ben", "BUSES")]
    assert hits[1].start == len("Buses 😊 and more ")   # code points
    assert find(project.store.conn, re.compile("x*")) == []        # empty matches are no hits
    assert [h.coder for h in find(project.store.conn, re.compile("buses"), project.coder("Ben").uuid)] == ["Ben"]
