"""Adjudication core: segments, the gold coder, and every command undone to the same store."""
import csv

import pytest
from helpers import apply_undo_redo

from annotator.adjudication import (
    GOLD_KEY,
    AcceptAllAgreements,
    AcceptAnnotation,
    RejectSegment,
    ReopenSegment,
    compare,
    find_segments,
    gold_coder,
)
from annotator.changes import ChangeKind
from annotator.commands import DeleteAnnotation, UpdateAnnotation
from annotator.errors import AnnotatorError

TEXT = "The plan will reopen the line. They lied about the budget. Every town deserves a bus.\n"


@pytest.fixture
def gold_study(empty_project):
    doc = empty_project.document(empty_project.import_text(TEXT, "a.txt").document_id)
    for name in ("Ana", "Ben", "Cem"):
        empty_project.add_coder(name)
    for coder in ("Ana", "Ben", "Cem"):
        empty_project.annotate(doc, 0, 30, "claim", coder)  # agreement
        empty_project.annotate(doc, 59, 85, "appeal to fairness", coder)  # agreement
    empty_project.annotate(doc, 31, 58, "attack", "Ana")  # disagreement: attack / claim / nothing
    empty_project.annotate(doc, 31, 58, "claim", "Ben")
    return empty_project, doc


def snapshot(project):
    conn = project.store.conn
    return (conn.execute("SELECT * FROM annotations ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM coders ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM meta ORDER BY key").fetchall())


def test_segments_split_agreements_from_disagreements(gold_study):
    project, doc = gold_study
    segments = compare(project, doc, ["Ana", "Ben", "Cem"])
    assert [(s.start, s.end, s.kind) for s in segments] == [(0, 30, "agreement"), (31, 58, "disagreement"),
                                                           (59, 85, "agreement")]
    middle = segments[1]
    codes = {c: [project.code(a.code_id).name for a in anns] for c, anns in middle.annotations.items()}
    assert codes == {"Ana": ["attack"], "Ben": ["claim"], "Cem": []}
    assert not middle.resolved and middle.key != segments[0].key


def test_overlapping_annotations_form_one_disagreement():
    from annotator.records import Annotation

    def a(i, start, end, code):
        return Annotation(i, f"u{i}", 1, 1, code, start, end, None, "", "")
    segments = find_segments(1, {"Ana": [a(1, 0, 10, 1), a(2, 20, 30, 2)], "Ben": [a(3, 5, 25, 1), a(4, 40, 50, 1)]})
    assert [(s.start, s.end, s.kind) for s in segments] == [(0, 30, "disagreement"), (40, 50, "disagreement")]
    assert [x.uuid for x in segments[1].annotations["Ben"]] == ["u4"] and segments[1].annotations["Ana"] == ()


def test_accept_annotation_creates_and_marks_gold_and_undoes_exactly(gold_study):
    project, doc = gold_study
    source = project.annotations(document=doc, coder="Ana", code="attack")[0]
    _, change, _ = apply_undo_redo(project, AcceptAnnotation(source.uuid), snapshot)
    gold = gold_coder(project)
    assert gold.name == "gold" and project.setting(GOLD_KEY) == gold.uuid
    copy = project.annotations(coder=gold)[0]
    assert (copy.start, copy.end, copy.code_id) == (source.start, source.end, source.code_id)
    assert copy.uuid != source.uuid and "Ana" in copy.memo and source.uuid in copy.memo
    assert change.document_id == doc.id and (31, 58) in change.ranges
    unchanged = snapshot(project)
    with pytest.raises(AnnotatorError, match="already has"):
        project.apply(AcceptAnnotation(source.uuid))  # twice: refused, nothing written
    assert snapshot(project) == unchanged
    segment = compare(project, doc, ["Ana", "Ben", "Cem"])[1]
    assert segment.resolved and segment.gold[0].uuid == copy.uuid


def test_undoing_the_first_accept_removes_the_gold_coder_it_created(gold_study):
    project, doc = gold_study
    before = snapshot(project)
    inverse, _ = project.apply(AcceptAnnotation(project.annotations(document=doc, coder="Ben")[0].uuid))
    project.apply(inverse)
    assert snapshot(project) == before and gold_coder(project) is None


def test_gold_is_recognised_after_renaming(gold_study):
    project, doc = gold_study
    project.apply(AcceptAnnotation(project.annotations(document=doc, coder="Ana")[0].uuid))
    gold = gold_coder(project)
    with project.store.write() as conn:
        conn.execute("UPDATE coders SET name = 'consensus' WHERE id = ?", (gold.id,))
    assert gold_coder(project).name == "consensus"
    project.apply(AcceptAnnotation(project.annotations(document=doc, coder="Ben", code="claim")[-1].uuid))
    assert [c.name for c in project.coders()].count("gold") == 0
    assert len(project.annotations(coder=gold.id)) == 2
    with pytest.raises(AnnotatorError, match="gold layer"):
        compare(project, doc, ["Ana", "consensus"])


def test_accept_all_agreements_is_one_step_and_its_inverse_removes_exactly_those(gold_study):
    project, doc = gold_study
    project.apply(AcceptAnnotation(project.annotations(document=doc, coder="Ana", code="attack")[0].uuid))
    gold = gold_coder(project)
    kept = project.annotations(coder=gold)
    command = AcceptAllAgreements(doc.id, ("Ana", "Ben", "Cem"))
    apply_undo_redo(project, command, snapshot)
    added = [a for a in project.annotations(coder=gold) if a not in kept]
    assert [(a.start, a.end) for a in added] == [(0, 30), (59, 85)] and all("agreed" in a.memo for a in added)
    before = snapshot(project)
    inverse, change = project.apply(AcceptAllAgreements(doc.id, ("Ana", "Ben", "Cem")))  # nothing left to accept
    assert snapshot(project) == before and change.ranges == ()
    project.apply(inverse)
    assert snapshot(project) == before
    assert all(s.resolved for s in compare(project, doc, ["Ana", "Ben", "Cem"]) if s.kind == "agreement")


def test_reapplying_accept_all_after_undo_reuses_the_same_uuids(gold_study):
    project, doc = gold_study
    command = AcceptAllAgreements(doc.id, ("Ana", "Ben"))
    inverse, _ = project.apply(command)
    uuids = {a.uuid for a in project.annotations(coder=gold_coder(project))}
    project.apply(inverse)
    project.apply(command)
    assert {a.uuid for a in project.annotations(coder=gold_coder(project))} == uuids


def test_reject_records_the_decision_in_the_file_and_undoes(gold_study):
    project, doc = gold_study
    segment = compare(project, doc, ["Ana", "Ben", "Cem"])[1]
    _, change, _ = apply_undo_redo(project, RejectSegment(doc.id, segment.key, segment.start, segment.end), snapshot)
    assert change.kind is ChangeKind.ADJUDICATION and change.ranges == ((31, 58),)
    again = compare(project, doc, ["Ana", "Ben", "Cem"])[1]
    assert again.rejected and again.resolved and not again.gold
    apply_undo_redo(project, ReopenSegment(doc.id, segment.key), snapshot)
    assert not compare(project, doc, ["Ana", "Ben", "Cem"])[1].rejected


def test_a_changed_segment_is_open_again(gold_study):
    project, doc = gold_study
    segment = compare(project, doc, ["Ana", "Ben", "Cem"])[1]
    project.apply(RejectSegment(doc.id, segment.key, segment.start, segment.end))
    ben = project.annotations(document=doc, coder="Ben", code="claim")[-1]
    project.update_annotation(ben, start=33)
    assert not compare(project, doc, ["Ana", "Ben", "Cem"])[1].rejected


def test_gold_is_edited_with_ordinary_commands_and_exports_like_a_coder(gold_study, tmp_path):
    from annotator.formats.csv_export import export_csv

    project, doc = gold_study
    project.apply(AcceptAllAgreements(doc.id, ("Ana", "Ben", "Cem")))
    gold = gold_coder(project)
    first, second = project.annotations(coder=gold)
    apply_undo_redo(project, UpdateAnnotation(first.uuid, first.code_id, 0, 29, "trimmed"), snapshot)
    apply_undo_redo(project, DeleteAnnotation(second.uuid), snapshot)
    export_csv(project, tmp_path / "gold.csv", coders=["gold"])
    with open(tmp_path / "gold.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["coder"], r["start"], r["end"]) for r in rows] == [("gold", "0", "29")]


def test_the_report_leaves_gold_out_unless_asked(gold_study):
    from annotator.report import build_report

    project, doc = gold_study
    project.apply(AcceptAllAgreements(doc.id, ("Ana", "Ben", "Cem")))
    assert "gold" not in build_report(project, bootstrap=0).coders
    assert build_report(project, coders=["Ana", "gold"], bootstrap=0).coders == ("Ana", "gold")
