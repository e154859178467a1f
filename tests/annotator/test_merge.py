"""Merging coder packages: every coding arrives exactly once with its coder, whatever the
order; nothing else in the lead's file is touched; bad packages change nothing."""
import itertools
import shutil
import sqlite3
import struct

import pytest
from helpers import dump

from annotator import Project
from annotator.changes import ChangeKind
from annotator.commands import DeleteAnnotation
from annotator.errors import AnnotatorError, NewerVersionError, NotAProjectError
from annotator.merging import merge, prepare_merge
from annotator.merging.deletions import DELETION_REASONS
from annotator.merging.report import REASONS
from annotator.packages import make_package
from annotator.store import integrity_ok

TEXTS = [f"Speech {i}. Crime has fallen by a third since we took office. They lied about the buses.\n"
         for i in range(5)]
CODERS = ("Ana", "Ben", "Cleo")


# ----------------------------------------------------------------------------- helpers
def make_lead(path):
    project = Project.create(path, name="Bus study")
    for i, text in enumerate(TEXTS):
        project.import_text(text, f"speech{i}.txt")
    project.add_coder("Lead")
    project.annotate(project.documents()[0], 0, 6, "claim", "Lead", memo="lead's own")
    return project


def code_package(path, coder, offset):
    """A coder's work: a few annotations per document, one memo, one document done."""
    with Project.open(path) as package:
        for doc in package.documents():
            package.annotate(doc, offset, offset + 5, "claim", coder)
            package.annotate(doc, 10 + offset, 30, "attack", coder, memo=f"{coder} thinks so")
        package.set_status(package.documents()[0], coder, "done")
        return {(a.uuid, coder) for a in package.annotations()}


@pytest.fixture
def merge_study(tmp_path):
    """The lead's project and three coded packages of the same texts."""
    lead = make_lead(tmp_path / "lead.annot")
    paths, expected = [], set()
    for i, coder in enumerate(CODERS):
        path = tmp_path / f"{coder}.annot"
        make_package(lead, coder, path)
        expected |= code_package(path, coder, i)
        paths.append(path)
    yield lead, paths, expected
    lead.close()


def by_uuid(path):
    """Annotations and codebook by UUID only (row ids may differ between files)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        annotations = set(conn.execute(
            'SELECT a.uuid, d.uuid, c.uuid, k.uuid, a.start, a."end", a.memo, a.created, a.modified '
            "FROM annotations a JOIN documents d ON d.id = a.document_id JOIN coders c ON c.id = a.coder_id "
            "JOIN codes k ON k.id = a.code_id"))
        codes = set(conn.execute("SELECT c.uuid, c.name, c.color, c.shortcut, p.uuid FROM codes c "
                                 "LEFT JOIN codes p ON p.id = c.parent_id"))
        coders = set(conn.execute("SELECT uuid, name FROM coders"))
        status = set(conn.execute("SELECT d.uuid, c.uuid, s.status FROM document_status s JOIN documents d "
                                  "ON d.id = s.document_id JOIN coders c ON c.id = s.coder_id"))
        return annotations, codes, coders, status
    finally:
        conn.close()


def attributed(project):
    return {(a.uuid, project.coder(a.coder_id).name) for a in project.annotations()}


# ----------------------------------------------------------------------------- the happy path
def test_every_annotation_arrives_exactly_once_with_its_coder(merge_study):
    lead, paths, expected = merge_study
    before = lead.annotations(coder="Lead")
    report = merge(lead, paths)
    assert attributed(lead) == expected | {(a.uuid, "Lead") for a in before}
    assert len(lead.annotations()) == len(expected) + len(before)
    assert lead.annotations(coder="Lead") == before                # the lead's own work is untouched
    for result, coder in zip(report.packages, CODERS):
        assert (result.coder, result.documents, result.added, result.unchanged) == (coder, 5, 10, 0)
        assert not result.refused and not result.documents_refused
    assert lead.status(lead.documents()[0], "Ana") == "done"
    assert "Ana" in "\n".join(report.lines()) and "10 annotations added" in "\n".join(report.lines())


def test_merging_again_changes_nothing(merge_study):
    lead, paths, _ = merge_study
    merge(lead, paths)
    before = dump(lead.path)
    report = merge(lead, paths)
    assert dump(lead.path) == before
    assert not report.changed and all(p.unchanged == 10 and p.added == 0 for p in report.packages)
    assert "Nothing new" in report.lines()[-1]


def test_merge_order_does_not_matter(merge_study, tmp_path):
    lead, paths, _ = merge_study
    results = []
    for n, order in enumerate(itertools.permutations(paths)):
        copy = tmp_path / f"order{n}.annot"
        shutil.copy(tmp_path / "lead.annot", copy)
        with Project.open(copy) as project:
            if n % 2:
                merge(project, order)                 # all at once
            else:
                for path in order:                    # one by one
                    merge(project, [path])
        results.append(by_uuid(copy))
    assert all(r == results[0] for r in results)
    assert len(results[0][0]) == 31


def test_other_coders_annotations_in_a_package_are_reported_not_attributed(merge_study, tmp_path):
    lead, paths, _ = merge_study
    merge(lead, paths[:1])
    make_package(lead, "Ben", tmp_path / "open.annot", include_annotations=True)
    with Project.open(tmp_path / "open.annot") as package:
        lead_note = package.annotations(coder="Lead")[0]
        package.update_annotation(lead_note, memo="Ben rewrote the lead's memo")
        ghost = package.add_coder("Ghost")
        package.annotate(package.documents()[1], 0, 5, "claim", ghost)
        package.annotate(package.documents()[1], 0, 5, "attack", "Ben")
    before = {a.uuid: a for a in lead.annotations()}
    report = merge(lead, [tmp_path / "open.annot"])
    result = report.packages[0]
    assert result.added == 1 and sum(result.refused.values()) == 2
    assert "coded by someone other than this package's coder" in "\n".join(result.lines())
    assert result.unchanged == 10                      # Ana's work, already here
    after = {a.uuid: a for a in lead.annotations()}
    assert all(after[u] == a for u, a in before.items())      # nothing of anyone else changed
    assert "Ghost" not in {c.name for c in lead.coders()}


def test_a_coder_who_edits_after_a_merge_updates_only_their_own_annotations(merge_study):
    lead, paths, _ = merge_study
    merge(lead, paths)
    with Project.open(paths[0]) as package:
        first = package.annotations()[0]
        package.update_annotation(first, memo="second thoughts")
    report = merge(lead, [paths[0]])
    assert report.packages[0].updated == 1 and report.packages[0].unchanged == 9
    assert lead.annotation(first.uuid).memo == "second thoughts"


# ----------------------------------------------------------------------------- deletions
def same_version(a, b):
    """The same annotation in the same version (row ids differ between files)."""
    return (a.uuid, a.start, a.end, a.memo, a.created, a.modified) == (b.uuid, b.start, b.end, b.memo, b.created,
                                                                      b.modified)


def delete_in_package(path, pick=0):
    """The coder deletes one of their annotations in the package; return it."""
    with Project.open(path) as package:
        gone = package.annotations()[pick]
        package.delete_annotation(gone)
        return gone


def test_a_coders_deletion_is_merged_reported_and_undone(merge_study):
    lead, paths, _ = merge_study
    merge(lead, paths)
    gone = delete_in_package(paths[0])
    before = dump(lead.path)
    report = merge(lead, [paths[0]])
    assert [p.deleted for p in report.packages] == [1] and report.changed
    assert "1 deleted" in report.lines()[0] and report.packages[0].unchanged == 9
    assert gone.uuid not in {a.uuid for a in lead.annotations()}
    after = dump(lead.path)
    assert merge(lead, [paths[0]]).changed is False and dump(lead.path) == after    # merging twice: no-op
    lead.apply(report.undo)
    assert dump(lead.path) == before and same_version(lead.annotation(gone.uuid), gone)


def test_undoing_a_delete_in_the_package_takes_the_deletion_back(merge_study):
    lead, paths, _ = merge_study
    merge(lead, paths)
    with Project.open(paths[0]) as package:
        gone = package.annotations()[0]
        inverse, _ = package.apply(DeleteAnnotation(gone.uuid))
        tombstones = package.store.conn.execute("SELECT uuid, modified, restored FROM deleted_annotations")
        assert tombstones.fetchall() == [(gone.uuid, gone.modified, None)]
        package.apply(inverse)
        restored = package.store.conn.execute("SELECT uuid, restored IS NOT NULL FROM deleted_annotations")
        assert restored.fetchall() == [(gone.uuid, 1)]                     # kept, and marked restored
    assert not merge(lead, [paths[0]]).changed and same_version(lead.annotation(gone.uuid), gone)


def test_a_delete_undone_after_its_merge_brings_the_annotation_back_and_stale_copies_change_nothing(
        merge_study, tmp_path):
    lead, paths, _ = merge_study
    merge(lead, paths)
    untouched = tmp_path / "Ana-copy.annot"                          # a second machine's copy, never edited
    shutil.copy(paths[0], untouched)
    with Project.open(paths[0]) as package:
        gone = package.annotations()[0]
        inverse, _ = package.apply(DeleteAnnotation(gone.uuid))
    deleting = tmp_path / "Ana-deleting.annot"                       # a copy of the package as it was then
    shutil.copy(paths[0], deleting)
    assert merge(lead, [paths[0]]).packages[0].deleted == 1
    stale = merge(lead, [untouched]).packages[0]                     # still holds it: not an undo
    assert stale.added == 0 and stale.refused == {REASONS["deleted earlier"]: 1}
    assert gone.uuid not in {a.uuid for a in lead.annotations()}
    with Project.open(paths[0]) as package:
        package.apply(inverse)                                       # the coder undoes the delete
    assert merge(lead, [paths[0]]).packages[0].added == 1 and same_version(lead.annotation(gone.uuid), gone)
    after = dump(lead.path)
    older = merge(lead, [deleting]).packages[0]                      # the copy holding the undone delete
    assert older.deleted == 0 and older.deletions_refused == {DELETION_REASONS["restored"]: 1}
    assert merge(lead, [untouched]).changed is False and dump(lead.path) == after
    with Project.open(paths[0]) as package:
        package.delete_annotation(gone.uuid)                         # deleted again: that counts
    assert merge(lead, [paths[0]]).packages[0].deleted == 1
    assert gone.uuid not in {a.uuid for a in lead.annotations()}


def test_an_annotation_the_lead_deleted_is_not_brought_back_by_merging_again(merge_study):
    lead, paths, _ = merge_study
    merge(lead, paths)
    ana = lead.annotations(coder="Ana")
    lead.delete_annotation(ana[0])
    lead.delete_annotation(ana[1])
    after = dump(lead.path)
    report = merge(lead, paths)
    assert report.changed is False and dump(lead.path) == after          # merging twice stays a no-op
    assert report.packages[0].refused == {REASONS["deleted in project"]: 2}
    assert "2 annotations refused: it was deleted in the project" in "\n".join(report.lines())
    with Project.open(paths[0]) as package:                              # a newer version is new work
        newer = package.update_annotation(ana[1].uuid, memo="on second thoughts")
    report = merge(lead, [paths[0]])
    assert report.packages[0].added == 1 and same_version(lead.annotation(newer.uuid), newer)
    lead.apply(report.undo)
    assert dump(lead.path) == after


def test_a_deletion_in_a_batch_that_fails_is_not_recorded(merge_study):
    _, paths, _ = merge_study
    with Project.open(paths[0]) as package:
        with pytest.raises(AnnotatorError), package.batch():
            package.delete_annotation(package.annotations()[0])
            raise AnnotatorError("the batch fails")
        assert not package.store.conn.execute("SELECT * FROM deleted_annotations").fetchall()


def test_a_deletion_never_removes_the_leads_or_another_coders_annotation(merge_study, tmp_path):
    lead, paths, _ = merge_study
    merge(lead, paths)
    make_package(lead, "Ben", tmp_path / "open.annot", include_annotations=True)
    with Project.open(tmp_path / "open.annot") as package:
        for coder in ("Lead", "Ana"):
            package.delete_annotation(package.annotations(coder=coder)[0])
        mine = package.annotations(coder="Ben")[0]
        package.delete_annotation(mine)
        stolen = package.annotations(coder="Cleo")[0]                 # a tampered record claims Cleo's for Ben
        package.store.conn.execute("INSERT INTO deleted_annotations VALUES (?, ?, ?, ?, NULL)",
                                   (stolen.uuid, lead.coder("Ben").uuid, stolen.modified, stolen.modified))
    before = {a.uuid: a for a in lead.annotations()}
    report = merge(lead, [tmp_path / "open.annot"]).packages[0]
    after = {a.uuid: a for a in lead.annotations()}
    assert set(before) - set(after) == {mine.uuid} and report.deleted == 1
    assert report.deletions_refused == {DELETION_REASONS["other coder"]: 2, DELETION_REASONS["owned"]: 1}
    assert "2 deletions not applied: the annotation is by someone other" in "\n".join(report.lines())


def test_a_deletion_of_an_annotation_the_lead_changed_since_keeps_the_leads_version(merge_study):
    lead, paths, _ = merge_study
    merge(lead, paths)
    gone = delete_in_package(paths[0])
    recoded = lead.update_annotation(gone.uuid, code="attack")        # the lead re-codes it after the merge
    report = merge(lead, [paths[0]]).packages[0]
    assert lead.annotation(gone.uuid) == recoded and report.deleted == 0
    assert report.deletions_refused == {DELETION_REASONS["changed"]: 1}


def test_a_deletion_is_not_undone_by_an_older_package_of_the_same_coder_in_any_order(merge_study, tmp_path):
    lead, paths, _ = merge_study
    merge(lead, paths[:1])
    second = tmp_path / "Ana-2.annot"
    make_package(lead, "Ana", second)                               # carries Ana's annotations so far
    gone = delete_in_package(paths[0])
    results = []
    for n, order in enumerate([[paths[0], second], [second, paths[0]]]):
        copy = tmp_path / f"del{n}.annot"
        shutil.copy(tmp_path / "lead.annot", copy)
        with Project.open(copy) as project:
            for path in order:
                merge(project, [path])
            assert gone.uuid not in {a.uuid for a in project.annotations()}
        results.append(by_uuid(copy))
    assert results[0] == results[1]
    merge(lead, [paths[0], second])                                  # both at once
    assert gone.uuid not in {a.uuid for a in lead.annotations()}


def test_a_version_its_coder_deleted_is_reported_refused_with_where_it_was_deleted(merge_study, tmp_path):
    lead, paths, _ = merge_study
    merge(lead, paths[:1])
    second = tmp_path / "Ana-2.annot"
    make_package(lead, "Ana", second)                               # holds Ana's 10 annotations too
    delete_in_package(paths[0])
    shutil.copy(tmp_path / "lead.annot", tmp_path / "apart.annot")
    at_once = merge(lead, [paths[0], second]).packages[1]
    assert (at_once.unchanged, at_once.refused) == (9, {REASONS["deleted"]: 1})
    with Project.open(tmp_path / "apart.annot") as project:
        merge(project, [paths[0]])
        apart = merge(project, [second]).packages[0]
    assert (apart.unchanged, apart.refused) == (9, {REASONS["deleted earlier"]: 1})
    assert "  1 annotation refused: its coder deleted it in a package merged before." in apart.lines()


# ----------------------------------------------------------------------------- tampering
def tamper_text(path, new_text, fix_hash=False):
    from annotator.textio import sha256_text

    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER documents_text_is_immutable")
    doc_id = conn.execute("SELECT min(id) FROM documents").fetchone()[0]
    conn.execute("UPDATE documents SET text = ? WHERE id = ?", (new_text, doc_id))
    if fix_hash:
        conn.execute("UPDATE documents SET sha256 = ? WHERE id = ?", (sha256_text(new_text), doc_id))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("fix_hash, reason", [(False, "no longer matches its SHA-256"),
                                              (True, "differs from the project's copy")])
def test_a_tampered_document_is_refused_alone(merge_study, fix_hash, reason):
    lead, paths, _ = merge_study
    tamper_text(paths[1], TEXTS[0].replace("a third", "a half"), fix_hash)
    report = merge(lead, paths)
    ben = report.packages[1]
    assert ben.documents == 4 and len(ben.documents_refused) == 1
    assert ben.documents_refused[0][0] == "speech0.txt" and reason in ben.documents_refused[0][1]
    assert ben.added == 8 and ben.refused == {"its document was refused": 2}
    first = lead.documents()[0]
    assert not lead.annotations(document=first, coder="Ben")
    assert len(lead.annotations(document=first, coder="Ana")) == 2
    assert lead.documents()[0].text == TEXTS[0]          # never re-anchored, never rewritten


# ----------------------------------------------------------------------------- bad input
def other_study_package(tmp_path):
    other = make_lead(tmp_path / "other.annot")
    make_package(other, "Ana", tmp_path / "other-ana.annot")
    other.close()
    return tmp_path / "other-ana.annot"


def truncated(tmp_path, source):
    path = tmp_path / "truncated.annot"
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def newer(tmp_path, source):
    path = tmp_path / "newer.annot"
    data = bytearray(source.read_bytes())
    data[60:64] = struct.pack(">i", 999)
    path.write_bytes(bytes(data))
    return path


def foreign_sqlite(tmp_path, _):
    path = tmp_path / "foreign.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    return path


def damaged_codebook_base(tmp_path, source):
    path = tmp_path / "base.annot"
    path.write_bytes(source.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '{\"codes\": [' WHERE key = 'codebook_base'")
    conn.commit()
    conn.close()
    return path


def plain_project(tmp_path, _):
    Project.create(tmp_path / "plain.annot").close()
    return tmp_path / "plain.annot"


@pytest.mark.parametrize("make_bad, error, words", [
    (lambda tmp, src: other_study_package(tmp), NotAProjectError, "another study"),
    (truncated, NotAProjectError, "truncated"),
    (newer, NewerVersionError, "newer version"),
    (lambda tmp, src: (tmp / "noise.annot").write_bytes(b"\x89 not a database" * 64) and tmp / "noise.annot",
     NotAProjectError, "not a SQLite database"),
    (foreign_sqlite, NotAProjectError, "another program"),
    (plain_project, NotAProjectError, "not a coder package"),
    (damaged_codebook_base, NotAProjectError, "damaged record of the codebook it started from"),
])
def test_bad_packages_are_refused_and_nothing_changes(merge_study, tmp_path, make_bad, error, words):
    lead, paths, _ = merge_study
    bad = make_bad(tmp_path, paths[0])
    lead_bytes, bad_bytes = (tmp_path / "lead.annot").read_bytes(), bad.read_bytes()
    with pytest.raises(error, match=words) as caught:
        merge(lead, [paths[1], bad, paths[2]])
    assert "nothing was merged" in str(caught.value)
    assert (tmp_path / "lead.annot").read_bytes() == lead_bytes and bad.read_bytes() == bad_bytes
    assert not lead.store.conn.execute("SELECT name FROM temp.sqlite_master").fetchall()
    assert merge(lead, paths).packages[0].added == 10       # and the lead still merges fine


FORGERIES = {  # what a forged package renames, in SQL
    "coder": ["UPDATE coders SET uuid = '=HYPERLINK(\"http://x\")' WHERE name = 'Ana'",
              "UPDATE meta SET value = '=HYPERLINK(\"http://x\")' WHERE key = 'package_coder_uuid'"],
    "annotation": ["UPDATE annotations SET uuid = '@SUM(' || id || ')'"],
    "code": ["UPDATE codes SET uuid = '+cmd|calc' WHERE name = 'claim'"],
    "document": ["UPDATE documents SET uuid = '' WHERE id = 1"],
    "package": ["UPDATE meta SET value = '-1' WHERE key = 'package_uuid'"],
}


@pytest.mark.parametrize("forged", FORGERIES)
def test_a_package_with_an_identifier_that_is_not_a_uuid_is_refused(merge_study, tmp_path, forged):
    lead, paths, _ = merge_study
    conn = sqlite3.connect(paths[0])
    for sql in FORGERIES[forged]:
        conn.execute(sql)
    conn.commit()
    conn.close()
    lead_bytes = (tmp_path / "lead.annot").read_bytes()
    with pytest.raises(NotAProjectError, match="Ana.annot: .*which is not a UUID; nothing was merged"):
        merge(lead, paths)
    assert (tmp_path / "lead.annot").read_bytes() == lead_bytes
    assert not lead.store.conn.execute("SELECT name FROM temp.sqlite_master").fetchall()


UUID_FORMS = {"upper case": "upper({})", "braces": "'{{' || {} || '}}'", "a newline": "{} || char(10)",
              "spaces": "' ' || upper({}) || ' '"}


@pytest.mark.parametrize("form", UUID_FORMS)
def test_uuids_written_another_way_are_merged_in_our_form(merge_study, tmp_path, form):
    lead, paths, _ = merge_study
    merge(lead, paths[:1])
    gone = delete_in_package(paths[0])
    before = {a.uuid for a in lead.annotations()}
    conn = sqlite3.connect(paths[0])
    for table, column in (("annotations", "uuid"), ("deleted_annotations", "uuid"), ("coders", "uuid"),
                          ("codes", "uuid"), ("documents", "uuid")):
        conn.execute(f"UPDATE {table} SET {column} = {UUID_FORMS[form].format(column)}")
    conn.execute(f"UPDATE meta SET value = {UUID_FORMS[form].format('value')} "
                 "WHERE key IN ('package_uuid', 'package_coder_uuid')")
    conn.commit()
    conn.close()
    report = merge(lead, paths).packages
    assert (report[0].added, report[0].unchanged, report[0].deleted, sum(report[0].refused.values())) == (0, 9, 1, 0)
    assert {a.uuid for a in lead.annotations()} == before - {gone.uuid} | {u for u, _ in expected_of(paths[1:])}
    assert [c.name for c in lead.coders()] == ["Lead", "Ana", "Ben", "Cleo"] and len(lead.codes()) == 4
    conn = lead.store.conn
    for table in ("annotations", "coders", "codes", "documents", "merged_deletions"):
        assert all(u == u.strip().lower() for (u,) in conn.execute(f"SELECT uuid FROM {table}")), table


def expected_of(paths):
    found = set()
    for path in paths:
        with Project.open(path) as package:
            found |= {(a.uuid, package.coder(a.coder_id).name) for a in package.annotations()}
    return found


# ----------------------------------------------------------------------------- names as a fallback
def test_codes_and_coders_matching_only_by_name_need_confirmation(merge_study, tmp_path):
    lead, paths, _ = merge_study
    irony = lead.add_code("irony", color="#AA0000")              # the lead adds it after packaging
    with Project.open(paths[0]) as package:                      # ... and so does Ana, on her own
        mine = package.add_code("Irony", color="#00AA00")
        ironic = package.annotate(package.documents()[2], 40, 50, mine, "Ana")
    before = dump(lead.path)
    with pytest.raises(AnnotatorError, match="only by name: code 'Irony' of Ana.annot"):
        merge(lead, [paths[0]])
    with pytest.raises(AnnotatorError, match="--match-names"):
        merge(lead, [paths[0]], confirm_name_matches=lambda matches: False)
    assert dump(lead.path) == before
    seen = []
    merge(lead, [paths[0]], confirm_name_matches=lambda matches: seen.extend(matches) or True)
    assert [(m.kind, m.name, m.lead_uuid) for m in seen] == [("code", "Irony", irony.uuid)]
    assert lead.annotation(ironic.uuid).code_id == irony.id
    assert lead.code(irony.uuid).color == "#AA0000" and len(lead.codes()) == 5


def test_a_coder_known_under_another_uuid_needs_confirmation(merge_study):
    lead, paths, _ = merge_study
    with lead.batch() as p:
        p.store.conn.execute("UPDATE coders SET uuid = 'renamed-profile' WHERE name = 'Ben'")
    with pytest.raises(AnnotatorError, match="coder 'Ben'"):
        merge(lead, [paths[1]])
    report = merge(lead, [paths[1]], confirm_name_matches=lambda matches: True)
    assert report.packages[0].added == 10 and len(lead.annotations(coder="Ben")) == 10
    assert [c.name for c in lead.coders()].count("Ben") == 1


# ----------------------------------------------------------------------------- the codebook rule
def edit_code(path, code_uuid, **changes):
    with Project.open(path) as package:
        code = package.code(code_uuid)
        fields = {"uuid": code.uuid, "name": code.name, "color": code.color, "description": code.description,
                  "shortcut": code.shortcut, "codable": code.codable, **changes}
        package.import_scheme({"format": "annotator-scheme", "version": 1, "codes": [fields]})


def test_a_rename_in_one_package_arrives_and_keeps_its_annotations(merge_study):
    lead, paths, _ = merge_study
    claim = lead.code("claim")
    edit_code(paths[0], claim.uuid, name="assertion")
    report = merge(lead, paths)
    assert lead.code(claim.uuid).name == "assertion" and lead.code(claim.uuid).id == claim.id
    assert [(c.code, c.outcome) for c in report.codes] == [("assertion", "applied")]
    assert "renamed from 'claim'" in report.codes[0].detail


def test_code_changes_from_a_merge_are_in_the_codebook_log_and_undone_with_it(merge_study):
    lead, paths, _ = merge_study
    claim = lead.code("claim")
    edit_code(paths[0], claim.uuid, name="assertion")
    version, log = lead.scheme_version, len(lead.scheme_log())
    inverse, _ = lead.apply(prepare_merge(lead, paths))
    entry = lead.scheme_log()[-1]
    assert (entry.action, entry.scheme_version, lead.scheme_version) == ("merge", version + 1, version + 1)
    assert entry.details["codes"] == [{"code": "assertion", "uuid": claim.uuid, "outcome": "applied"}]
    lead.apply(inverse)
    assert (lead.scheme_version, len(lead.scheme_log())) == (version, log)
    assert lead.code(claim.uuid).name == "claim"


def test_a_merge_without_code_changes_leaves_the_codebook_log_alone(merge_study):
    lead, paths, _ = merge_study
    version, log = lead.scheme_version, len(lead.scheme_log())
    merge(lead, paths)
    assert (lead.scheme_version, len(lead.scheme_log())) == (version, log)


def test_competing_edits_keep_the_leads_version_in_any_order(merge_study, tmp_path):
    lead, paths, _ = merge_study
    claim = lead.code("claim")
    edit_code(paths[0], claim.uuid, name="assertion")
    edit_code(paths[1], claim.uuid, name="statement")
    outcomes = []
    for n, order in enumerate([paths, paths[::-1]]):
        copy = tmp_path / f"c{n}.annot"
        shutil.copy(tmp_path / "lead.annot", copy)
        with Project.open(copy) as project:
            reports = [merge(project, [path]) for path in order]     # one by one: the hard case
            outcomes.append((project.code(claim.uuid).name, by_uuid(copy)))
            conflicts = [c for r in reports for c in r.codes if c.outcome == "conflict"]
            assert len(conflicts) == 1 and "2 packages changed it differently" in conflicts[0].detail
    assert outcomes[0] == outcomes[1] and outcomes[0][0] == "claim"


def test_the_leads_later_edit_wins_over_a_package(merge_study):
    lead, paths, _ = merge_study
    claim = lead.code("claim")
    edit_code(paths[0], claim.uuid, color="#000000")
    lead.import_scheme({"format": "annotator-scheme", "version": 1,
                        "codes": [{"uuid": claim.uuid, "name": "claim", "color": "#FFFFFF", "shortcut": "1"}]})
    report = merge(lead, paths)
    assert lead.code(claim.uuid).color == "#FFFFFF"
    assert report.codes[0].outcome == "conflict" and "changed after the package was made" in report.codes[0].detail


def test_codes_added_by_coders_arrive_with_their_annotations(merge_study):
    lead, paths, _ = merge_study
    with Project.open(paths[2]) as package:
        group = package.add_code("tone", color="#123456", codable=False)
        sarcasm = package.add_code("sarcasm", color="#654321", parent=group, shortcut="s")
        a = package.annotate(package.documents()[3], 12, 20, sarcasm, "Cleo")
    report = merge(lead, paths)
    assert lead.code_path(sarcasm.uuid) == "tone > sarcasm" and lead.code(sarcasm.uuid).shortcut == "s"
    assert lead.annotation(a.uuid).code_id == lead.code(sarcasm.uuid).id
    assert {(c.code, c.outcome) for c in report.codes} == {("tone", "added"), ("sarcasm", "added")}


# ----------------------------------------------------------------------------- undo
def test_merge_command_and_its_inverse_restore_the_store_exactly(merge_study):
    lead, paths, _ = merge_study
    edit_code(paths[0], lead.code("claim").uuid, name="assertion")
    with Project.open(paths[1]) as package:
        package.add_code("irony", color="#AA0000")
    merge(lead, paths[2:])                       # something already merged, to be kept by the undo
    with Project.open(paths[2]) as package:
        package.update_annotation(package.annotations()[0], memo="updated later")
    before = dump(lead.path)
    command = prepare_merge(lead, paths)
    inverse, change = lead.apply(command)
    assert change.kind is ChangeKind.MERGE
    after = dump(lead.path)
    assert after != before and command.report.packages[2].updated == 1
    redo, _ = lead.apply(inverse)
    assert dump(lead.path) == before
    lead.apply(redo)
    assert dump(lead.path) == after
    assert integrity_ok(lead.path)


def test_two_coders_adding_the_same_new_code_get_one_code_once_confirmed(merge_study, tmp_path):
    lead, paths, _ = merge_study
    added = {}
    for path, coder in zip(paths[:2], CODERS):
        with Project.open(path) as package:
            code = package.add_code("irony", color="#AA0000")
            added[coder] = (code.uuid, package.annotate(package.documents()[1], 40, 50, code, coder).uuid)
    with pytest.raises(AnnotatorError, match="only by name: code 'irony'"):
        merge(lead, paths)
    results = []
    for n, order in enumerate([paths, paths[::-1]]):
        copy = tmp_path / f"irony{n}.annot"
        shutil.copy(tmp_path / "lead.annot", copy)
        with Project.open(copy) as project:
            merge(project, order, confirm_name_matches=lambda matches: True)
            irony = [c for c in project.codes() if c.name == "irony"]
            assert len(irony) == 1 and irony[0].uuid == min(u for u, _ in added.values())
            assert {project.annotation(a).code_id for _, a in added.values()} == {irony[0].id}
        results.append(by_uuid(copy))
    assert results[0] == results[1]
