"""Memos through coder packages and merges: a blind package carries only its coder's memos; a
merge brings back that coder's memos (newest version wins, clearing included), never another
coder's, loses none, and its undo puts the project back exactly."""
import sqlite3

import pytest
from helpers import dump

from annotator import Project
from annotator.codebook import DeleteCode
from annotator.errors import NotAProjectError
from annotator.merging import merge
from annotator.packages import make_package


def memos_of(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(conn.execute("SELECT m.kind, coalesce(d.name, k.name), c.name, m.text FROM memos m "
                                   "JOIN coders c ON c.uuid = m.coder_uuid "
                                   "LEFT JOIN documents d ON d.uuid = m.target_uuid "
                                   "LEFT JOIN codes k ON k.uuid = m.target_uuid WHERE m.text != ''"))
    finally:
        conn.close()


@pytest.fixture
def memo_lead(tmp_path):
    """The lead's project: three texts, memos by the lead and by Ana, Ben with one annotation."""
    project = Project.create(tmp_path / "lead.annot", name="Memo study")
    for i in range(3):
        project.import_text(f"Text {i}: buses, fares and fairness.", f"t{i}.txt")
    for coder in ("Lead", "Ana", "Ben"):
        project.add_coder(coder)
    project.annotate("t0.txt", 0, 4, "claim", "Ben")
    project.set_memo("document", "t0.txt", "Lead", "The lead on t0")
    project.set_memo("document", "t0.txt", "Ana", "Ana on t0, first version")
    project.set_memo("document", "t2.txt", "Ana", "Ana on t2, not in her package")
    project.set_memo("code", "claim", "Lead", "The lead on claim")
    project.set_memo("journal", None, "Lead", "The lead's journal")
    project.set_memo("journal", None, "Ana", "Ana's journal")
    yield project
    project.close()


def test_a_blind_package_carries_only_its_coders_memos_on_its_documents(memo_lead, tmp_path):
    make_package(memo_lead, "Ana", tmp_path / "ana.annot", documents=["t0.txt", "t1.txt"])
    assert memos_of(tmp_path / "ana.annot") == [("document", "t0.txt", "Ana", "Ana on t0, first version"),
                                                ("journal", None, "Ana", "Ana's journal")]
    make_package(memo_lead, "Ben", tmp_path / "ben.annot", documents=["t0.txt", "t1.txt"], include_annotations=True)
    assert memos_of(tmp_path / "ben.annot") == [("code", "claim", "Lead", "The lead on claim"),
                                                ("document", "t0.txt", "Ana", "Ana on t0, first version"),
                                                ("document", "t0.txt", "Lead", "The lead on t0")]


def test_merging_two_packages_brings_each_coders_own_memos_and_undo_restores_the_file(memo_lead, tmp_path):
    ana, ben = tmp_path / "ana.annot", tmp_path / "ben.annot"
    make_package(memo_lead, "Ana", ana)
    make_package(memo_lead, "Ben", ben, include_annotations=True)
    with Project.open(ana) as package:
        package.set_memo("document", "t0.txt", "Ana", "Ana on t0, second version")
        package.set_memo("code", "attack", "Ana", "Ana on attack")
        package.set_memo("journal", None, "Ana", "")                      # cleared in her package
    with Project.open(ben) as package:
        package.set_memo("document", "t1.txt", "Ben", "Ben on t1")
        package.store.conn.execute("UPDATE memos SET text = 'changed by Ben', modified = '2999-01-01T00:00:00.000Z' "
                                   "WHERE coder_uuid != (SELECT uuid FROM coders WHERE name = 'Ben')")
        package.store.conn.commit()
    before = dump(memo_lead.path)
    report = merge(memo_lead, [ana, ben])
    assert memos_of(memo_lead.path) == [
        ("code", "attack", "Ana", "Ana on attack"), ("code", "claim", "Lead", "The lead on claim"),
        ("document", "t0.txt", "Ana", "Ana on t0, second version"), ("document", "t0.txt", "Lead", "The lead on t0"),
        ("document", "t1.txt", "Ben", "Ben on t1"), ("document", "t2.txt", "Ana", "Ana on t2, not in her package"),
        ("journal", None, "Lead", "The lead's journal")]
    assert [p.memos for p in report.packages] == [3, 1]
    assert "  3 memos on documents, codes or the journal merged." in report.lines()
    memo_lead.apply(report.undo)
    assert dump(memo_lead.path) == before
    again = merge(memo_lead, [ben, ana])                          # the other order: the same memos
    assert [p.memos for p in again.packages] == [1, 3]
    assert len(memo_lead.memos()) == 7
    assert not merge(memo_lead, [ana, ben]).changed              # merged already: nothing new


def test_an_older_package_never_replaces_a_newer_memo_and_a_lost_target_is_counted(memo_lead, tmp_path):
    first, second = tmp_path / "first.annot", tmp_path / "second.annot"
    make_package(memo_lead, "Ana", first)
    with Project.open(first) as package:
        package.set_memo("document", "t1.txt", "Ana", "old thought")
        package.set_memo("code", "boilerplate", "Ana", "on a code the lead deletes")
    make_package(memo_lead, "Ana", second)
    with Project.open(second) as package:
        package.set_memo("document", "t1.txt", "Ana", "newer thought")
    memo_lead.apply(DeleteCode(memo_lead.code("boilerplate").uuid))
    report = merge(memo_lead, [second, first])
    assert memo_lead.memo("document", "t1.txt", "Ana").text == "newer thought"
    assert [dict(p.memos_refused) for p in report.packages] == [{}, {"its document or code is not in the project": 1}]
    late = merge(memo_lead, [first])
    assert memo_lead.memo("document", "t1.txt", "Ana").text == "newer thought"
    assert "  1 memo not merged: the project holds a newer version of this memo." in late.lines()


def test_a_memo_identifier_that_is_not_a_uuid_refuses_the_package(memo_lead, tmp_path):
    path = tmp_path / "ana.annot"
    make_package(memo_lead, "Ana", path)
    with Project.open(path) as package:
        memo = package.set_memo("document", "t1.txt", "Ana", "a thought")
        package.store.conn.execute("UPDATE memos SET uuid = upper('{' || uuid || '}') WHERE uuid = ?", (memo.uuid,))
        package.store.conn.commit()
    merge(memo_lead, [path])
    assert memo_lead.memo("document", "t1.txt", "Ana").uuid == memo.uuid     # written another way: the same memo
    with Project.open(path) as package:
        package.store.conn.execute("UPDATE memos SET target_uuid = '=HYPERLINK(1)' WHERE text = 'a thought'")
        package.store.conn.commit()
    before = dump(memo_lead.path)
    with pytest.raises(NotAProjectError, match="the document or code of a memo has the identifier '=HYPERLINK"):
        merge(memo_lead, [path])
    assert dump(memo_lead.path) == before
