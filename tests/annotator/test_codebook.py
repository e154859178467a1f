"""Codebook edits: each command does what it says, refuses what it must, and its inverse puts
back the codes table and every annotation exactly (ids, UUIDs, timestamps, scheme versions)."""
import hashlib

import pytest
from helpers import apply_undo_redo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator import Project
from annotator.changes import ChangeKind, Command
from annotator.codebook import (
    AddCode,
    CodebookLockedError,
    CodeInUseError,
    DeleteCode,
    DescribeCode,
    ImportCodebook,
    MergeCodes,
    MoveCode,
    RecolourCode,
    RenameCode,
    SetCodable,
    SetShortcut,
    annotation_scheme_version,
)
from annotator.errors import SchemeError


def snapshot(project):
    conn = project.store.conn
    return (conn.execute("SELECT * FROM codes ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM annotations ORDER BY id").fetchall())


def uuid_of(project, name):
    return project.code(name).uuid


@pytest.fixture
def codebook_study(coded):
    """Default scheme, a group with two children, and annotations by Ana and Ben."""
    project, doc = coded
    group = project.add_code("stance", codable=False)
    project.add_code("for", "#112233", parent=group)
    project.add_code("against", "#445566", parent=group)
    ana, ben = project.coder("Ana"), project.coder("Ben")
    project.annotate(doc, 0, 5, "claim", ana)
    project.annotate(doc, 6, 9, "claim", ben, memo="memo kept")
    project.annotate(doc, 10, 12, "attack", ana)
    project.annotate(doc, 0, 5, "for", ben)
    return project, doc


def roundtrip(project, command):
    """A scheme edit that changes the store, undone and redone exactly; return the inverse."""
    inverse, change, changed = apply_undo_redo(project, command, snapshot)
    assert change.kind is ChangeKind.SCHEME and changed
    return inverse


def test_add_code_and_undo(codebook_study):
    project, _ = codebook_study
    inverse = roundtrip(project, AddCode("hedge", "#abc", parent_uuid=uuid_of(project, "stance"), index=0,
                                         description="Softened claims", shortcut="h"))
    code = project.code("hedge")
    assert (code.color, code.shortcut, project.code_path(code)) == ("#AABBCC", "h", "stance > hedge")
    assert [c.name for c in project.codes() if c.parent_id == code.parent_id][0] == "hedge"
    assert inverse.label == "Add code"


def test_add_code_refuses_clashes(codebook_study):
    project, _ = codebook_study
    with pytest.raises(SchemeError, match="already a code named 'claim'"):
        project.apply(AddCode("Claim"))
    with pytest.raises(SchemeError, match="already the shortcut of code 'claim'"):
        project.apply(AddCode("new", shortcut="1"))
    with pytest.raises(SchemeError, match="not a colour"):
        project.apply(AddCode("new", color="red"))
    with pytest.raises(SchemeError, match="needs a name"):
        project.apply(AddCode("   "))


def test_rename_recolour_describe(codebook_study):
    project, _ = codebook_study
    claim = uuid_of(project, "claim")
    roundtrip(project, RenameCode(claim, "assertion"))
    assert project.code(claim).name == "assertion"
    roundtrip(project, RecolourCode(claim, "#00ff00"))
    assert project.code(claim).color == "#00FF00"
    roundtrip(project, DescribeCode(claim, examples="“We will win.”", use_when="asserted as true",
                                    dont_use_when="questions"))
    definition = project.code_definition(claim)
    assert (definition.examples, definition.use_when, definition.dont_use_when) == \
        ("“We will win.”", "asserted as true", "questions")
    assert definition.description.startswith("A claim is")  # untouched field kept
    with pytest.raises(SchemeError, match="already a code named 'attack'"):
        project.apply(RenameCode(claim, "ATTACK"))


@pytest.mark.parametrize("key", ["Ctrl+Z", "Alt+1", "Ctrl+Shift+K", "F25", "ab"])
def test_a_codes_key_with_ctrl_or_alt_or_longer_than_one_key_is_refused(codebook_study, key):
    project, _ = codebook_study
    claim = uuid_of(project, "claim")
    before = project.code(claim).shortcut
    with pytest.raises(SchemeError, match="without Ctrl or Alt"):
        project.apply(SetShortcut(claim, key))
    with pytest.raises(SchemeError, match="without Ctrl or Alt"):
        project.apply(AddCode("new", shortcut=key))
    assert project.code(claim).shortcut == before


def test_a_codes_key_is_one_character_or_a_function_key(codebook_study):
    project, _ = codebook_study
    claim = uuid_of(project, "claim")
    for key in ("7", "f", "?", "F2", "F24"):
        project.apply(SetShortcut(claim, key))
        assert project.code(claim).shortcut == key


def test_shortcuts_set_clear_and_duplicates_refused(codebook_study):
    project, _ = codebook_study
    claim = uuid_of(project, "claim")
    with pytest.raises(SchemeError, match="already the shortcut of code 'attack'"):
        project.apply(SetShortcut(claim, "2"))
    roundtrip(project, SetShortcut(claim, None))
    assert project.code(claim).shortcut is None
    project.apply(SetShortcut(uuid_of(project, "for"), "1"))  # the freed key can be reused
    with pytest.raises(SchemeError, match="group"):
        project.apply(SetShortcut(uuid_of(project, "stance"), "s"))


def test_set_codable(codebook_study):
    project, _ = codebook_study
    boilerplate = uuid_of(project, "boilerplate")
    shortcut = project.code(boilerplate).shortcut
    roundtrip(project, SetCodable(boilerplate, False))
    assert not project.code(boilerplate).codable and project.code(boilerplate).shortcut is None
    assert project.scheme_log()[-1].details["shortcut cleared"] == shortcut
    with pytest.raises(CodeInUseError, match="has 2 annotations") as error:
        project.apply(SetCodable(uuid_of(project, "claim"), False))
    assert error.value.count == 2
    roundtrip(project, SetCodable(uuid_of(project, "stance"), True))


def test_move_reorders_nests_and_refuses_cycles(codebook_study):
    project, _ = codebook_study
    stance, against = uuid_of(project, "stance"), uuid_of(project, "against")
    roundtrip(project, MoveCode(against, stance, 0))
    assert [c["name"] for c in project.scheme()["codes"][-1]["children"]] == ["against", "for"]
    roundtrip(project, MoveCode(uuid_of(project, "claim"), stance))
    assert project.code_path("claim") == "stance > claim"
    roundtrip(project, MoveCode(against, None, 0))
    assert project.scheme()["codes"][0]["name"] == "against"
    with pytest.raises(SchemeError, match="one of its own sub-codes"):
        project.apply(MoveCode(stance, uuid_of(project, "for")))
    with pytest.raises(SchemeError, match="itself"):
        project.apply(MoveCode(stance, stance))


def test_delete_refuses_without_a_choice_and_says_how_many(codebook_study):
    project, _ = codebook_study
    before = snapshot(project)
    with pytest.raises(CodeInUseError, match="'claim' has 2 annotations") as error:
        project.apply(DeleteCode(uuid_of(project, "claim")))
    assert error.value.count == 2
    with pytest.raises(SchemeError, match="sub-codes"):
        project.apply(DeleteCode(uuid_of(project, "stance"), "delete"))
    with pytest.raises(SchemeError, match="group"):
        project.apply(DeleteCode(uuid_of(project, "claim"), "move", uuid_of(project, "stance")))
    assert snapshot(project) == before


def test_delete_moving_annotations_and_undo(codebook_study):
    project, _ = codebook_study
    claim, attack = uuid_of(project, "claim"), uuid_of(project, "attack")
    moved = [a.uuid for a in project.annotations(code="claim")]
    roundtrip(project, DeleteCode(claim, "move", attack))
    assert all(project.annotation(u).code_id == project.code(attack).id for u in moved)
    assert [c.name for c in project.codes()].count("claim") == 0
    entry = project.scheme_log()[-1]
    assert (entry.action, entry.details["annotations"], entry.details["moved_to"]) == ("delete", 2, attack)


def test_delete_dropping_annotations_and_undo_restores_them_exactly(codebook_study):
    project, _ = codebook_study
    claim = uuid_of(project, "claim")
    inverse, change = project.apply(DeleteCode(claim, "delete"))
    assert len(change.annotation_uuids) == 2
    assert project.annotations(code="attack") and not [a for a in project.annotations() if a.memo]
    project.apply(inverse)
    restored = project.annotations(code="claim")
    assert [a.memo for a in restored] == [None, "memo kept"]


def test_merge_moves_annotations_and_sub_codes(codebook_study):
    project, _ = codebook_study
    claim, attack = uuid_of(project, "claim"), uuid_of(project, "attack")
    roundtrip(project, MergeCodes(claim, attack))
    assert len(project.annotations(code="attack")) == 3
    stance, for_ = uuid_of(project, "stance"), uuid_of(project, "for")
    project.apply(SetCodable(stance, True))
    roundtrip(project, MergeCodes(stance, uuid_of(project, "boilerplate")))
    assert project.code_path("for") == "boilerplate > for"
    assert project.code(for_).uuid == for_
    with pytest.raises(SchemeError, match="same code"):
        project.apply(MergeCodes(attack, attack))


def test_merge_into_own_sub_code_is_refused(codebook_study):
    project, _ = codebook_study
    project.apply(SetCodable(uuid_of(project, "stance"), True))
    with pytest.raises(SchemeError, match="own sub-code"):
        project.apply(MergeCodes(uuid_of(project, "stance"), uuid_of(project, "for")))


def test_version_log_and_annotation_versions(codebook_study):
    project, doc = codebook_study
    first = project.annotations()[0]
    version = project.scheme_version
    assert annotation_scheme_version(project.store.conn, first.uuid) == version
    ana = project.coder("Ana")
    inverse, _ = project.apply(RenameCode(uuid_of(project, "claim"), "assertion", coder_id=ana.id))
    assert project.scheme_version == version + 1
    later = project.annotate(doc, 20, 25, "assertion", ana)
    assert annotation_scheme_version(project.store.conn, later.uuid) == version + 1
    assert annotation_scheme_version(project.store.conn, first.uuid) == version
    project.apply(inverse)
    assert project.scheme_version == version + 2  # an undo is a new codebook state too
    log = project.scheme_log()
    assert [e.action for e in log[-2:]] == ["rename", "undo rename"]
    assert log[-2].coder == "Ana" and log[-2].details == {"from": "claim", "to": "assertion"}
    assert log[-1].scheme_version == project.scheme_version


def test_locked_codebook_refuses_edits(codebook_study, monkeypatch):
    project, _ = codebook_study
    project.set_setting("codebook_locked", "1")
    before = snapshot(project)
    for command in (AddCode("new"), RenameCode(uuid_of(project, "claim"), "x"),
                    ImportCodebook([], "file")):
        with pytest.raises(CodebookLockedError, match="coder package"):
            project.apply(command)
    assert snapshot(project) == before


def test_json_scheme_carries_definitions(codebook_study, tmp_path):
    project, _ = codebook_study
    project.apply(DescribeCode(uuid_of(project, "claim"), examples="ex", use_when="uw", dont_use_when="dn"))
    path = tmp_path / "scheme.json"
    project.export_scheme(path)
    with Project.create(tmp_path / "copy.annot", scheme=path) as copy:
        definition = copy.code_definition("claim")
        assert (definition.examples, definition.use_when, definition.dont_use_when) == ("ex", "uw", "dn")
        assert copy.scheme()["codes"] == project.scheme()["codes"]


def test_import_scheme_is_undoable_and_keeps_definitions_not_given(codebook_study):
    project, _ = codebook_study
    claim = uuid_of(project, "claim")
    project.apply(DescribeCode(claim, examples="keep me"))
    data = project.scheme()
    data["codes"][0]["name"] = "assertion"
    del data["codes"][0]["examples"]
    data["codes"].append({"name": "irony", "color": "#123456"})
    before = snapshot(project)
    from annotator.codebook import scheme_json as scheme_io
    command = ImportCodebook(scheme_io.flatten(data), "test")
    inverse, _ = project.apply(command)
    assert command.result == (1, 1)   # irony added; only claim (renamed) changed of the 7 codes there
    assert project.code(claim).name == "assertion"
    assert project.code_definition(claim).examples == "keep me"
    project.apply(inverse)
    assert snapshot(project) == before


# ----------------------------------------------------------------- random sequences
NAMES = ["a", "b", "c", "Claim", "d"]
COLOURS = ["#000000", "#ABCDEF", "#123"]
KEYS = [None, "1", "2", "9", "x"]

edit = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(NAMES), st.integers(0, 12), st.sampled_from(KEYS), st.booleans()),
    st.tuples(st.just("rename"), st.integers(0, 12), st.sampled_from(NAMES)),
    st.tuples(st.just("recolour"), st.integers(0, 12), st.sampled_from(COLOURS)),
    st.tuples(st.just("describe"), st.integers(0, 12), st.text(max_size=5)),
    st.tuples(st.just("shortcut"), st.integers(0, 12), st.sampled_from(KEYS)),
    st.tuples(st.just("codable"), st.integers(0, 12), st.booleans()),
    st.tuples(st.just("move"), st.integers(0, 12), st.integers(-1, 12), st.integers(0, 4)),
    st.tuples(st.just("delete"), st.integers(0, 12), st.sampled_from(["refuse", "move", "delete"]),
              st.integers(0, 12)),
    st.tuples(st.just("merge"), st.integers(0, 12), st.integers(0, 12)),
)


def build(project, op):
    codes = project.codes()
    pick = lambda i: codes[i % len(codes)].uuid if codes else None  # noqa: E731
    kind, *args = op
    if kind == "add":
        name, parent, key, codable = args
        return AddCode(name, parent_uuid=pick(parent) if parent % 3 == 0 else None, shortcut=key, codable=codable)
    if not codes:
        return AddCode("again")
    if kind == "rename":
        return RenameCode(pick(args[0]), args[1])
    if kind == "recolour":
        return RecolourCode(pick(args[0]), args[1])
    if kind == "describe":
        return DescribeCode(pick(args[0]), description=args[1], examples=args[1][::-1])
    if kind == "shortcut":
        return SetShortcut(pick(args[0]), args[1])
    if kind == "codable":
        return SetCodable(pick(args[0]), args[1])
    if kind == "move":
        return MoveCode(pick(args[0]), None if args[1] < 0 else pick(args[1]), args[2])
    if kind == "delete":
        return DeleteCode(pick(args[0]), args[1], pick(args[2]))
    return MergeCodes(pick(args[0]), pick(args[1]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(edit, max_size=12))
def test_random_edit_sequences_undo_to_the_same_store(tmp_path_factory, ops):
    path = tmp_path_factory.mktemp("h") / "p.annot"
    with Project.create(path) as project:
        doc = project.document(project.import_text("One two three four five six seven.", "t.txt").document_id)
        ana = project.add_coder("Ana")
        for i, code in enumerate(project.codes()):
            project.annotate(doc, i * 3, i * 3 + 2, code, ana)
        start = snapshot(project)
        inverses, states = [], [start]
        for op in ops:
            try:
                inverse, change = project.apply(build(project, op))
            except SchemeError:
                assert snapshot(project) == states[-1], "a refused edit changed the store"
                continue
            assert change.kind is ChangeKind.SCHEME and isinstance(inverse, Command)
            inverses.append(inverse)
            states.append(snapshot(project))
        assert project.counts()["annotations"] <= len(start[1])  # only ever moved or deleted here
        redos = []
        for inverse, state in zip(reversed(inverses), reversed(states[:-1])):
            redo, change = project.apply(inverse)
            assert change.kind is ChangeKind.SCHEME and isinstance(redo, Command)
            redos.append(redo)
            assert snapshot(project) == state
        for redo, state in zip(reversed(redos), states[1:]):
            project.apply(redo)
            assert snapshot(project) == state


def test_undoing_an_annotation_delete_keeps_its_scheme_version(codebook_study):
    project, _ = codebook_study
    annotation = project.annotations()[0]
    version = annotation_scheme_version(project.store.conn, annotation.uuid)
    from annotator.commands import DeleteAnnotation
    inverse, _ = project.apply(DeleteAnnotation(annotation.uuid))
    project.apply(RenameCode(uuid_of(project, "attack"), "assault"))
    before_restore = project.scheme_version
    project.apply(inverse)
    assert annotation_scheme_version(project.store.conn, annotation.uuid) == version < before_restore


def test_a_file_from_before_the_codebook_migration_opens_with_versions_filled(tmp_path):
    import sqlite3

    from annotator import migrations
    path = tmp_path / "old.annot"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations._m001_initial(conn)
    conn.executescript("""
        INSERT INTO meta VALUES ('scheme_version', '3');
        INSERT INTO documents VALUES (1, 'd', 'doc', 'Some text.', '%s', 10, 'en', NULL, 'text', 't', '{}');
        INSERT INTO codes(id, uuid, name, color) VALUES (1, 'c', 'claim', '#112233');
        INSERT INTO coders VALUES (1, 'k', 'Ana');
        INSERT INTO annotations VALUES (1, 'a', 1, 1, 1, 0, 4, NULL, 't', 't');
        PRAGMA application_id = 1095650900;
        PRAGMA user_version = 1;""" % hashlib.sha256(b"Some text.").hexdigest())  # the damage check compares it
    conn.close()
    with Project.open(path) as project:
        assert annotation_scheme_version(project.store.conn, "a") == 3
        assert project.code_definition("claim").examples == ""
        project.apply(RenameCode("c", "assertion"))
        assert project.scheme_version == 4 and project.scheme_log()[0].scheme_version == 4
