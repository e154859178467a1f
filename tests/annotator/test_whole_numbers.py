"""Numbers typed on the command line (ids, counts, seeds) are read with the digits 0-9 only, a seed
is refused before any work when numpy and spaCy could not take it, and each option's refusal
names that option (annotator/whole_numbers.py and the parsers of the cli_* modules)."""
import pytest

from annotator.cli import main
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.whole_numbers import MAX_SEED, whole_number
from tests.helpers import dump

ARABIC_THREE = "\u0663"   # ARABIC-INDIC DIGIT THREE: "٣".isdigit() is True and int("٣") == 3


@pytest.fixture
def numbers_study(tmp_path):
    path = tmp_path / "numbers_study.annot"
    with Project.create(path) as project:
        for n in range(4):
            project.import_text(f"Taxes are high in town {n}. The tax is unfair.", f"d{n}.txt")
        project.add_coder("Ana")
        project.add_coder("Ben")
        project.set_code_rules("claim", [{"kind": "keyword", "pattern": "tax"}])
        project.suggest("rules", "Ana")
        for doc in project.documents():
            project.annotate(doc, 0, 5, "claim", "Ana")
    return path


@pytest.mark.parametrize("text, value", [("0", 0), (" 12 ", 12), ("007", 7), (ARABIC_THREE, None), ("\u00b2", None),
                                         ("1_000", None), ("-1", None), ("", None), ("3.0", None)])
def test_only_the_digits_0_to_9_make_a_whole_number(text, value):
    assert whole_number(text) == value


@pytest.mark.parametrize("args, message", [
    (["suggestions", "{p}", "--coder", "Ana", "--accept", ARABIC_THREE], f'by its id (a whole number, as listed), '
                                                                         f'not "{ARABIC_THREE}"'),
    (["suggestions", "{p}", "--coder", "Ana", "--reject", "1", ARABIC_THREE], "by its id"),
    (["rules", "{p}", "--code", "claim", "--remove", ARABIC_THREE], "--remove takes rule numbers"),
    (["train", "{p}", "--coder", "Ana", "--seed", ARABIC_THREE], "--seed takes a whole number from 0 to 4294967295"),
    (["train", "{p}", "--coder", "Ana", "--seed", "99999999999999999999"], "--seed takes a whole number from 0"),
    (["train", "{p}", "--coder", "Ana", "--seed", str(MAX_SEED + 1)], f'not "{MAX_SEED + 1}"'),
    (["suggest", "{p}", "--coder", "Ana", "--method", "model", "--min-f1", "nan"], '--min-f1 takes a score between '
                                                                                   '0 and 1, not "nan"'),
    (["suggest", "{p}", "--coder", "Ana", "--method", "model", "--min-f1", "2"], "--min-f1 takes a score"),
    (["suggest", "{p}", "--coder", "Ana", "--method", "model", "--threshold", "2"], "--threshold takes a score"),
    (["round", "new", "{p}", "r1", "--sample", ARABIC_THREE, "--coders", "Ana", "Ben", "-o", "{o}"],
     "--sample takes a whole number"),
    (["round", "new", "{p}", "r1", "--sample", "2", "--seed", "99999999999999999999", "--coders", "Ana", "Ben",
      "-o", "{o}"], "--seed takes a whole number from 0 to 4294967295"),
    (["round", "trend", "{p}", "--seed", ARABIC_THREE], "--seed takes a whole number"),
    (["round", "trend", "{p}", "--bootstrap", ARABIC_THREE], "--bootstrap takes a whole number"),
    (["sample-size", "--population", ARABIC_THREE], "--population takes a whole number"),
    (["agreement", "{p}", "--seed", ARABIC_THREE], "--seed takes a whole number from 0 to 4294967295"),
    (["agreement", "{p}", "--seed", "99999999999999999999"], "--seed takes a whole number from 0 to 4294967295"),
    (["agreement", "{p}", "--bootstrap", "1_000"], "--bootstrap takes a whole number"),
    (["segments", "{p}", "--context", ARABIC_THREE], "--context takes a whole number"),
    (["package", "{p}", "--coder", "Ana", "--sample", ARABIC_THREE, "-o", "{o}"], "--sample takes a whole number"),
])
def test_a_bad_number_is_one_sentence_naming_its_option_and_changes_nothing(numbers_study, tmp_path, capsys, args,
                                                                          message):
    before = dump(numbers_study)
    code = main([a.format(p=numbers_study, o=tmp_path / "round") for a in args])
    err = capsys.readouterr().err
    assert code == 1 and message in err and "Traceback" not in err
    assert ("--threshold" in err) == ("--threshold" in message)     # --min-f1's refusal names --min-f1
    assert dump(numbers_study) == before
    assert not (tmp_path / "round").exists()


def test_a_seed_numpy_cannot_take_is_refused_before_training(numbers_study):
    with Project.open(numbers_study) as project:
        for seed in (MAX_SEED + 1, 99999999999999999999, -1, True):
            with pytest.raises(AnnotatorError, match="seed must be a whole number from 0 to 4294967295"):
                project.train("Ana", seed=seed, progress=_no_progress)
        assert project.store.conn.execute("SELECT count(*) FROM models").fetchone()[0] == 0


def _no_progress(_share):
    raise AssertionError("training started although the seed was refused")


def test_the_largest_seed_is_stored_with_the_model(numbers_study):
    with Project.open(numbers_study) as project:
        model = project.train("Ana", seed=MAX_SEED)
        assert project.store.conn.execute("SELECT seed FROM models WHERE version = ?",
                                          (model.version,)).fetchone() == (MAX_SEED,)


def test_a_round_seed_is_refused_before_any_package_is_written(numbers_study, tmp_path):
    from annotator.rounds import make_round
    with Project.open(numbers_study) as project:
        with pytest.raises(AnnotatorError, match="seed must be a whole number from 0 to 4294967295"):
            make_round(project, "r1", tmp_path / "round", ["Ana", "Ben"], sample=2, seed=MAX_SEED + 1)
    assert not (tmp_path / "round").exists()
