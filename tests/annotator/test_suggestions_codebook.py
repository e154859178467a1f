"""A code's suggestions through the codebook edits that remove the code (annotator/codebook/
suggested.py): deleted with it and back with it on undo, moved to the target of a merge (or of a
delete that moves the annotations), one kept where the target has the same suggestion, and every
step undone and redone exactly."""
import pytest
from helpers import apply_undo_redo

from annotator.codebook import DeleteCode, MergeCodes
from annotator.project import Project
from tests.helpers import dump

TEXT = "The tax is high. A tax is unfair. No tax cuts now. Cuts!"


def snapshot(project):
    """Every table but the change log (an undo is logged and gets a new codebook version, by design)
    and the tombstones of deleted annotations (written by every delete, as for a hand-made one)."""
    return {name: rows for name, rows in dump(project.path).items()
            if name not in ("scheme_log", "meta", "deleted_annotations")}


@pytest.fixture
def twin_study(tmp_path):
    """Ana's rules suggestions: claim (tax, cuts) and attack (tax) at the same three 'tax' spans;
    claim's are accepted, open and rejected there, attack's open, rejected and rejected."""
    with Project.create(tmp_path / "twin_study.annot") as project:
        project.import_text(TEXT, "d1")
        project.add_coder("Ana")
        project.set_code_rules("claim", [{"kind": "keyword", "pattern": "tax"}, {"kind": "keyword", "pattern": "cuts"}])
        project.set_code_rules("attack", [{"kind": "keyword", "pattern": "tax"}])
        project.suggest("rules", "Ana")
        claim = [s.id for s in project.suggestions("Ana") if s.code == "claim"]
        attack = [s.id for s in project.suggestions("Ana") if s.code == "attack"]
        project.decide_suggestions([claim[0]], accept=True)
        project.decide_suggestions([claim[2], attack[1], attack[2]], accept=False)
        yield project


def _state(project):
    return sorted((s.start, s.code, s.status, s.uuid) for s in project.suggestions("Ana"))


def test_deleting_a_code_takes_its_suggestions_and_undo_brings_them_back(twin_study):
    project = twin_study
    before = _state(project)
    inverse, _, _ = apply_undo_redo(project, DeleteCode(project.code("claim").uuid, annotations="delete"), snapshot)
    assert {s.code for s in project.suggestions("Ana")} == {"attack"}
    project.apply(inverse)
    assert _state(project) == before
    assert project.suggest("rules", "Ana").added == 0        # the rejections are kept: nothing offered again


def test_a_code_without_annotations_deleted_and_undone_keeps_its_rejections(twin_study):
    project = twin_study
    project.add_code("hedge")
    project.set_code_rules("hedge", [{"kind": "keyword", "pattern": "unfair"}])
    project.suggest("rules", "Ana")
    [hedge] = [s for s in project.suggestions("Ana") if s.code == "hedge"]
    project.decide_suggestions([hedge.id], accept=False)
    inverse, _, _ = apply_undo_redo(project, DeleteCode(project.code("hedge").uuid), snapshot)
    project.apply(inverse)
    assert [(s.uuid, s.status) for s in project.suggestions("Ana") if s.code == "hedge"] == [(hedge.uuid, "rejected")]


@pytest.mark.parametrize("command", [
    lambda p: MergeCodes(p.code("claim").uuid, p.code("attack").uuid),
    lambda p: DeleteCode(p.code("claim").uuid, annotations="move", move_to=p.code("attack").uuid),
])
def test_merged_suggestions_move_to_the_target_keeping_one_of_twins(twin_study, command):
    project = twin_study
    by_place = {(s.start, s.code): s for s in project.suggestions("Ana")}
    tax = sorted({start for start, code in by_place if code == "attack"})
    cuts = [start for start, code in by_place if code == "claim" and start not in tax]
    apply_undo_redo(project, command(project), snapshot)
    kept = [by_place[tax[0], "claim"],        # accepted beats open
            by_place[tax[1], "attack"],       # rejected beats open
            by_place[tax[2], "attack"],       # both rejected: the target's
            *(by_place[start, "claim"] for start in cuts)]     # no twin: moved
    assert _state(project) == sorted((s.start, "attack", s.status, s.uuid) for s in kept)
    [accepted] = project.suggestions("Ana", "accepted")
    [annotation] = project.annotations(coder="Ana")
    assert accepted.annotation_uuid == annotation.uuid and project.code(annotation.code_id).name == "attack"
    assert [(r.code, r.accepted, r.rejected, r.open) for r in project.acceptance("Ana")] == [("attack", 1, 2, 2)]
    provenance = project.store.conn.execute("SELECT annotation_uuid, suggestion_uuid FROM annotation_provenance")
    assert provenance.fetchall() == [(annotation.uuid, accepted.uuid)]
