"""Deciding suggestions: ids given twice count once, and a suggestion whose code became a group can
be rejected, is refused (by name) when accepted, and is left open by --accept-all while the
others are accepted."""
import pytest

from annotator.cli import main
from annotator.codebook.edits import SetCodable
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.suggestions import Decide
from tests.helpers import dump

TEXT = "Taxes are high. The tax is unfair. More tax cuts now. Cuts!"


@pytest.fixture
def grouped_study(tmp_path):
    """Ana has two open rules suggestions of 'grp' (tax) and two of 'other' (cuts); 'grp' is then
    made a group (allowed: it has no annotations)."""
    path = tmp_path / "grouped_study.annot"
    with Project.create(path) as project:
        project.import_text(TEXT, "d1")
        project.add_coder("Ana")
        project.add_code("grp")
        project.add_code("other")
        project.set_code_rules("grp", [{"kind": "keyword", "pattern": "tax"}])
        project.set_code_rules("other", [{"kind": "keyword", "pattern": "cuts"}])
        project.suggest("rules", "Ana")
        project.apply(SetCodable(project.code("grp").uuid, False))
    return path


def _ids(project, code):
    return [s.id for s in project.suggestions("Ana") if s.code == code]


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out + err


def test_a_suggestion_of_a_code_made_a_group_can_be_rejected_and_undone(grouped_study):
    with Project.open(grouped_study) as project:
        first, second = _ids(project, "grp")
        before = dump(project.path)
        inverse, _ = project.apply(Decide([first], accept=False))
        assert [s.status for s in project.suggestions("Ana") if s.code == "grp"] == ["rejected", "open"]
        project.apply(inverse)
        assert dump(project.path) == before


def test_accepting_a_suggestion_of_a_group_is_refused_naming_it(grouped_study):
    with Project.open(grouped_study) as project:
        group, other = _ids(project, "grp")[0], _ids(project, "other")[0]
        before = dump(project.path)
        with pytest.raises(AnnotatorError, match=f"Suggestion {group} is of 'grp', which is now a group.*nothing "
                                                 "was decided"):
            project.decide_suggestions([other, group], accept=True)
        assert dump(project.path) == before


def test_accept_all_accepts_the_others_and_says_what_it_left_open(grouped_study, capsys):
    code, said = run(capsys, "suggestions", grouped_study, "--coder", "Ana", "--accept-all")
    assert code == 0, said
    assert "2 suggestions accepted; 0 already accepted." in said
    assert "2 suggestions of grp left open: a group for other codes is never applied itself" in said
    with Project.open(grouped_study) as project:
        assert sorted((s.code, s.status) for s in project.suggestions("Ana")) == [
            ("grp", "open"), ("grp", "open"), ("other", "accepted"), ("other", "accepted")]
        assert len(project.annotations(coder="Ana")) == 2
    code, said = run(capsys, "suggestions", grouped_study, "--coder", "Ana", "--code", "other", "--accept-all")
    assert code == 0 and "left open" not in said        # --code other: nothing of grp was asked for


def test_repeated_ids_count_once(grouped_study, capsys):
    with Project.open(grouped_study) as project:
        first, second = _ids(project, "other")
    code, said = run(capsys, "suggestions", grouped_study, "--coder", "Ana", "--accept", first, first, first)
    assert code == 0 and "1 suggestion accepted; 0 already accepted." in said
    code, said = run(capsys, "suggestions", grouped_study, "--coder", "Ana", "--accept", first, second, second)
    assert code == 0 and "1 suggestion accepted; 1 already accepted." in said
    with Project.open(grouped_study) as project:
        group = _ids(project, "grp")[0]
    code, said = run(capsys, "suggestions", grouped_study, "--coder", "Ana", "--reject", group, group)
    assert code == 0 and "1 suggestion rejected; 0 already rejected." in said
