"""``annotator memos``: list and write memos on documents and codes and the journal; bad input
is one sentence with exit 1 and the project untouched."""
import json

import pytest
from helpers import dump

from annotator import Project
from annotator.cli import main


def run(capsys, *args):
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err.splitlines()


@pytest.fixture
def memo_cli_file(tmp_path):
    path = tmp_path / "study.annot"
    with Project.create(path) as project:
        project.import_text("The minister spoke about buses.", "op-ed.txt")
        project.import_text("Another text.", "letter.txt")
        project.add_coder("Ana")
        project.add_coder("Ben")
    return path


def test_set_then_list_every_kind_as_text_and_json(memo_cli_file, tmp_path, capsys):
    memo_file = tmp_path / "memo.txt"
    memo_file.write_bytes("From a file\r\nwith two lines 😊\r\n".encode("utf-16"))
    assert run(capsys, "memos", memo_cli_file, "--set", "document", "op-ed.txt", "--coder", "Ana",
               "--text", "Frames buses as a right.")[:2] == (0, "Ana's memo on document 'op-ed.txt': written.\n")
    assert run(capsys, "memos", memo_cli_file, "--set", "code", "claim", "--coder", "Ben", "--file", memo_file)[0] == 0
    assert run(capsys, "memos", memo_cli_file, "--set", "journal", "--coder", "Ana",
               "--text", "2024-05-01\nBegan.")[0] == 0
    status, out, _ = run(capsys, "memos", memo_cli_file)
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("document op-ed.txt · Ana · ") and lines[1] == "    Frames buses as a right."
    assert lines[2].startswith("code claim · Ben · ") and lines[3:5] == ["    From a file", "    with two lines 😊"]
    assert lines[5].startswith("journal · Ana · ") and lines[6:] == ["    2024-05-01", "    Began."]
    status, out, _ = run(capsys, "memos", memo_cli_file, "--json", "--kind", "code")
    [entry] = json.loads(out)
    assert (entry["kind"], entry["target"], entry["coder"], entry["text"]) == (
        "code", "claim", "Ben", "From a file\nwith two lines 😊\n")
    status, out, _ = run(capsys, "memos", memo_cli_file, "--json", "--coder", "Ana")
    assert [(e["kind"], e["target"]) for e in json.loads(out)] == [("document", "op-ed.txt"), ("journal", None)]


def test_the_same_text_is_unchanged_and_an_empty_text_clears(memo_cli_file, capsys):
    args = ("memos", memo_cli_file, "--set", "journal", "--coder", "Ana", "--text")
    run(capsys, *args, "Entry.")
    assert run(capsys, *args, "Entry.")[1] == "Ana's journal: unchanged.\n"
    assert run(capsys, *args, "")[1] == "Ana's journal: cleared.\n"
    assert run(capsys, "memos", memo_cli_file)[1] == "No memos.\n"


@pytest.mark.parametrize("args, words", [
    (("--set", "document", "op-ed", "--coder", "Ana", "--text", "x"),
     "There is no document 'op-ed' in this project. Did you mean 'op-ed.txt'?"),
    (("--set", "document", "op-ed.txt", "--coder", "Anna", "--text", "x"),
     "There is no coder 'Anna' in this project. Did you mean 'Ana'?"),
    (("--coder", "Benn"), "There is no coder 'Benn' in this project. Did you mean 'Ben'?"),
    (("--set", "code", "claims", "--coder", "Ana", "--text", "x"), "Did you mean 'claim'?"),
    (("--set", "document", "op-ed.txt", "--coder", "Ana", "--file", "EMPTY"),
     "empty.txt is empty (it holds only whitespace); the memo was not changed (--text '' clears it)."),
    (("--set", "document", "op-ed.txt", "--coder", "Ana", "--file", "MISSING"), "could not be read"),
    (("--set", "journal", "op-ed.txt", "--coder", "Ana", "--text", "x"), "--set journal takes no target."),
    (("--set", "document", "--coder", "Ana", "--text", "x"), "--set document takes one document"),
    (("--set", "page", "x", "--coder", "Ana", "--text", "x"), "not 'page'"),
    (("--set", "journal", "--text", "x"), "Say whose memo it is with --coder NAME."),
    (("--set", "journal", "--coder", "Ana"), "Give the memo's text with --text TEXT or --file FILE"),
    (("--text", "x"), "--text and --file give the text of a memo written with --set."),
])
def test_bad_input_is_one_sentence_and_changes_nothing(memo_cli_file, tmp_path, capsys, args, words):
    (tmp_path / "empty.txt").write_text("  \n")
    args = [str(tmp_path / "empty.txt") if a == "EMPTY" else str(tmp_path / "gone.txt") if a == "MISSING" else a
            for a in args]
    before = dump(memo_cli_file)
    status, out, err = run(capsys, "memos", memo_cli_file, *args)
    assert status == 1 and out == "" and len(err) == 1 and err[0].startswith("annotator: "), err
    assert words in err[0]
    assert dump(memo_cli_file) == before
