"""Auto-coding (annotator/autocode.py, ``Project.autocode``, ``annotator autocode``): every hit
coded as one undoable command, extended to its sentence or paragraph, never twice."""
import pytest

from annotator.autocode import AutoCode, extended, merged
from annotator.changes import ChangeKind
from annotator.cli import main
from annotator.commands import AddAnnotation
from annotator.errors import AnnotatorError, InvalidSpanError, NotFoundError
from annotator.nlp import get_services
from annotator.packages import make_package
from annotator.project import Project
from tests.helpers import dump

SPEECH = ("Crime has fallen. We cut crime and crime fell!\n"
          "   A line about crime, indented.  \n"
          "\n"
          "Last words.")
OTHER = "Nothing here.\nCrime again."


@pytest.fixture
def coded_study(tmp_path):
    path = tmp_path / "coded_study.annot"
    with Project.create(path) as project:
        project.import_text(SPEECH, "speech.txt")
        project.import_text(OTHER, "other.txt")
        project.add_coder("Ana")
        project.add_coder("Ben")
        project.add_code("stance", codable=False)
    return path


def coded(project, coder="Ana"):
    texts = {d.id: d.text for d in project.documents()}
    return [(a.document_id, texts[a.document_id][a.start:a.end], project.code(a.code_id).name)
            for a in project.annotations(coder=coder)]


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_hits_are_coded_exactly(coded_study):
    with Project.open(coded_study) as project:
        result = project.autocode("crime", "claim", "Ana")
        assert (result.hits, result.added, result.already) == (5, 5, 0)
        assert [text for _, text, _ in coded(project)] == ["Crime", "crime", "crime", "crime", "Crime"]
        assert coded(project, "Ben") == []


def test_sentences_with_several_hits_are_coded_once(coded_study):
    with Project.open(coded_study) as project:
        result = project.autocode("crime", "claim", "Ana", extend="sentence")
        assert (result.hits, result.added, result.already) == (5, 4, 0)
        assert [text for _, text, _ in coded(project)] == [
            "Crime has fallen.", "We cut crime and crime fell!", "A line about crime, indented.", "Crime again."]


def test_paragraphs_are_the_lines_between_breaks_trimmed(coded_study):
    with Project.open(coded_study) as project:
        result = project.autocode("crime", "claim", "Ana", extend="paragraph")
        assert (result.hits, result.added) == (5, 3)
        assert [text for _, text, _ in coded(project)] == [
            "Crime has fallen. We cut crime and crime fell!", "A line about crime, indented.", "Crime again."]


def test_running_twice_adds_nothing_and_counts_what_is_there(coded_study):
    with Project.open(coded_study) as project:
        project.annotate("speech.txt", 0, 5, "claim", "Ana")            # one of the hits, already coded
        project.annotate("speech.txt", 25, 30, "attack", "Ana")         # another code: not the same coding
        project.annotate("speech.txt", 35, 40, "claim", "Ben")          # another coder: not the same coding
        first = project.autocode("crime", "claim", "Ana")
        second = project.autocode("crime", "claim", "Ana")
        assert (first.added, first.already) == (4, 1)
        assert (second.added, second.already) == (0, 5)
        assert project.count_annotations(coder="Ana", code="claim") == 5


def test_extension_contains_the_hit_and_overlaps_merge():
    text = "One two. Three four.\n  five six  \n"
    services = get_services("en")
    hit = text.index("two. Three")
    assert extended(text, [(hit, hit + 10)], "sentence", services) == [(0, len("One two. Three four."))]
    space = text.index(". ") + 1                                        # between two sentences
    assert extended(text, [(space, space + 1)], "sentence", services) == [(space, space + 1)]
    line = text.index("five")
    assert extended(text, [(line, line + 4)], "paragraph") == [(line, line + len("five six"))]
    # "\n  ": a line break belongs to the line it ends, so both lines are coded
    assert extended(text, [(line - 3, line)], "paragraph") == [(0, line + len("five six"))]
    assert merged([(5, 9), (0, 6), (9, 12), (0, 6)]) == [(0, 9), (9, 12)]


def test_a_long_one_line_text_is_extended_by_paragraph_in_one_pass(tmp_path):
    text = "crime " * 50_000
    found = [(i, i + 5) for i in range(0, len(text), 6)]
    assert extended(text, found, "paragraph") == [(0, len(text) - 1)] * len(found)


def test_sentences_of_a_text_longer_than_a_chunk(coded_study):
    from annotator.nlp import TextServices

    services = TextServices(get_services("en").nlp, "en", chunk_size=40)
    text = "Short one. " * 10 + "Crime here."
    hit = text.index("Crime")
    assert extended(text, [(hit, hit + 5)], "sentence", services) == [(hit, len(text))]


def test_the_inverse_deletes_exactly_the_added_rows_and_redo_restores_them(coded_study):
    with Project.open(coded_study) as project:
        project.annotate("speech.txt", 0, 5, "claim", "Ana")
        before = dump(coded_study)
        command = project.autocode_command("crime", "claim", "Ana", extend="sentence")
        inverse, change = project.apply(command)
        after = dump(coded_study)
        assert change.kind is ChangeKind.BULK and len(change.annotation_uuids) == command.result.added == 4
        redo, _ = project.apply(inverse)
        undone = dump(coded_study)
        project.apply(redo)
        assert _without_tombstones(undone) == _without_tombstones(before)      # same ids, UUIDs, times
        assert _without_tombstones(dump(coded_study)) == _without_tombstones(after)   # (tombstones: the next test)


def _without_tombstones(tables):
    return {table: rows for table, rows in tables.items() if table != "deleted_annotations"}


def test_undo_and_redo_leave_tombstones_as_a_single_delete_and_restore_do(coded_study):
    with Project.open(coded_study) as project:
        conn = project.store.conn
        single, _ = project.apply(AddAnnotation(1, 1, 1, 0, 5))
        restore, _ = project.apply(single)
        one = conn.execute("SELECT restored IS NULL FROM deleted_annotations").fetchall()
        project.apply(restore)
        one_back = conn.execute("SELECT restored IS NULL FROM deleted_annotations").fetchall()
        conn.execute("DELETE FROM deleted_annotations")
        conn.commit()
        command = project.autocode_command("crime", "claim", "Ana")
        inverse, _ = project.apply(command)
        redo, _ = project.apply(inverse)
        tombstones = conn.execute("SELECT uuid, restored IS NULL FROM deleted_annotations").fetchall()
        assert one == [(1,)] and sorted(tombstones) == sorted((u, 1) for u in inverse.uuids)
        project.apply(redo)
        assert one_back == [(0,)]
        assert conn.execute("SELECT count(*) FROM deleted_annotations WHERE restored IS NULL").fetchone()[0] == 0
        assert project.code(1).name == "claim" and len(inverse.uuids) == 4     # "Crime" at 0 was there
        assert project.count_annotations(coder="Ana", code="claim") == 5


def test_refusals_change_nothing(coded_study):
    before = dump(coded_study)
    with Project.open(coded_study) as project:
        with pytest.raises(InvalidSpanError, match="'stance' is a group"):
            project.autocode("crime", "stance", "Ana")
        with pytest.raises(NotFoundError, match="no code 'claimm'.*Did you mean 'claim'"):
            project.autocode("crime", "claimm", "Ana")
        with pytest.raises(NotFoundError, match="no coder 'Anna'.*Did you mean 'Ana'"):
            project.autocode("crime", "claim", "Anna")
        with pytest.raises(AnnotatorError, match="--extend must be one of hit, sentence, paragraph"):
            project.autocode("crime", "claim", "Ana", extend="line")
        with pytest.raises(AnnotatorError, match="can match empty text"):
            project.autocode("x*", "claim", "Ana", regex=True)
        with pytest.raises(InvalidSpanError, match="does not fit"):
            project.apply(AutoCode([(1, 0, 5), (2, 0, 999)], 1, 1))     # nothing of it is written
    assert dump(coded_study) == before


def test_in_a_coder_package_it_codes_only_as_the_package_coder(coded_study, tmp_path):
    with Project.open(coded_study) as project:
        make_package(project, "Ana", tmp_path / "ana.annot")
    with Project.open(tmp_path / "ana.annot") as package:
        package.add_coder("Ben")
        before = dump(tmp_path / "ana.annot")
        with pytest.raises(AnnotatorError, match="This is Ana's coder package: auto-coding here codes as Ana only, "
                                                 "not as Ben."):
            package.autocode("crime", "claim", "Ben")
        assert dump(tmp_path / "ana.annot") == before
        assert package.autocode("crime", "claim", "Ana").added == 5


# ----------------------------------------------------------------- the command line
def test_cli_autocode_reports_added_and_already_there(coded_study, capsys):
    code, out, _ = run(capsys, "autocode", coded_study, "crime", "--code", "claim", "--coder", "Ana", "--extend",
                       "sentence", "--document", "speech.txt")
    assert code == 0 and out == "Coded 4 hits (their sentences) as claim for Ana: 3 added, 0 already there.\n"
    code, out, _ = run(capsys, "autocode", coded_study, "crime", "--code", "claim", "--coder", "Ana", "--extend",
                       "sentence")
    assert code == 0 and out == "Coded 5 hits (their sentences) as claim for Ana: 1 added, 3 already there.\n"


@pytest.mark.parametrize("pattern, args, message", [
    ("crime", ("--code", "stance", "--coder", "Ana"),
     "Code 'stance' is a group for other codes and cannot be applied itself."),
    ("crime", ("--code", "claimm", "--coder", "Ana"),
     "There is no code 'claimm' in this project. Did you mean 'claim'?"),
    ("crime", ("--code", "claim", "--coder", "Zoe"),
     "There is no coder 'Zoe' in this project; add one with `annotator coders PROJECT --add NAME`."),
    ("crime", ("--code", "claim", "--coder", "Ana", "--extend", "line"),
     "--extend must be one of hit, sentence, paragraph, not 'line'."),
    ("crime", ("--code", "claim", "--coder", "Ana", "--document", "speach.txt"),
     "There is no document 'speach.txt' in this project. Did you mean 'speech.txt'?"),
    ("crime", ("--code", "claim", "--coder", "Ana", "--where", "outlet=Daily"),
     'No document has attributes, so there is no "outlet" to select by.'),
    ("crime(", ("--code", "claim", "--coder", "Ana", "--regex"),
     '"crime(" is not a valid regular expression: missing ), unterminated subpattern (at character 6).'),
    ("", ("--code", "claim", "--coder", "Ana"), "The pattern is empty; give the text to search for."),
])
def test_cli_autocode_bad_input_is_one_sentence(coded_study, capsys, pattern, args, message):
    before = dump(coded_study)
    code, out, err = run(capsys, "autocode", coded_study, pattern, *args)
    assert (code, out, err) == (1, "", f"annotator: {message}\n")
    assert dump(coded_study) == before


def test_uuids_made_in_bulk_are_random_version_4_uuids():
    import uuid

    from annotator.uuids import new_uuids, parse_uuid

    made = new_uuids(2000)
    assert len(set(made)) == 2000 and new_uuids(0) == []
    for text in made:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, text) and parse_uuid(text) == text


@pytest.mark.parametrize("separator", ["\u2029", "\u2028"])
def test_paragraph_and_line_separators_end_a_paragraph_as_the_text_view_shows_them(tmp_path, separator):
    text = f"A crime here.{separator}  Next crime there.\vsame line\nLast."
    with Project.create(tmp_path / "separators.annot") as project:
        project.import_text(text, "separated.txt")
        project.add_coder("Ana")
        project.autocode("crime", "claim", "Ana", extend="paragraph")
        assert [text for _, text, _ in coded(project)] == ["A crime here.", "Next crime there.\vsame line"]


def test_hits_already_found_are_coded_exactly_and_only_where_the_text_is_the_one_searched(coded_study, tmp_path):
    from annotator.autocode import plan_hits

    with Project.open(coded_study) as project:
        hits = project.search("crime", documents=["other.txt"])
        project.set_document_attributes("speech.txt", {"x": 1})             # nothing the hits depend on
        command = project.autocode_hits_command(hits, "claim", "Ana", extend="paragraph")
        project.apply(command)
        assert (command.result.hits, command.result.added) == (1, 1)
        assert coded(project) == [(2, "Crime again.", "claim")]
    with Project.create(tmp_path / "other_texts.annot") as other:            # same ids, other texts
        other.import_text(SPEECH, "speech.txt")
        other.import_text("Nothing here.\nCrime again!", "other.txt")
        with pytest.raises(AnnotatorError, match="^'other.txt' is not the text that was searched"):
            plan_hits(other.store.conn, hits)
