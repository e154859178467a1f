"""JSONL import through the command line: spans count the text as given in the file and are
mapped through normalisation (BOM, CRLF, CR); bad lines are refused in one precise sentence."""
import hashlib
import json

import pytest

from annotator import Project
from annotator.cli import main
from annotator.textio import normalise_with_offsets


def import_lines(tmp_path, capsys, *items):
    project = tmp_path / "p.annot"
    if not project.exists():
        Project.create(project).close()
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    before = hashlib.sha256(project.read_bytes()).hexdigest()
    code = main(["import", str(project), str(path), "--create-codes"])
    out = capsys.readouterr()
    if code:
        assert hashlib.sha256(project.read_bytes()).hexdigest() == before  # a refused file writes nothing
    return code, out.out + out.err, project


@pytest.mark.parametrize("text", [
    "Line one\r\nThe minister said taxes.",
    "\ufeffThe minister said taxes.",
    "Line one\rThe minister said taxes.",
    "\ufeffA\r\nB\r\nC\rD\r\n\r\nThe minister said taxes.",
])
def test_spans_after_a_crlf_cr_or_bom_keep_their_words(tmp_path, capsys, text):
    start = text.index("minister")
    span = {"start": start, "end": start + 8, "code": "claim", "coder": "Ana"}
    code, said, path = import_lines(tmp_path, capsys, {"document": "d", "text": text, "spans": [span]})
    assert code == 0, said
    with Project.open(path) as project:
        document = project.documents()[0]
        [annotation] = project.annotations()
        assert document.text[annotation.start:annotation.end] == "minister"


def test_an_edge_inside_a_crlf_moves_before_the_line_break_and_a_span_of_only_cr_is_refused(tmp_path, capsys):
    text = "one\r\ntwo"
    spans = [{"start": 0, "end": 4, "code": "c", "coder": "Ana"},   # ends between \r and \n
             {"start": 4, "end": 8, "code": "c", "coder": "Ana"}]   # starts between them
    code, said, path = import_lines(tmp_path, capsys, {"document": "d", "text": text, "spans": spans})
    assert code == 0, said
    with Project.open(path) as project:
        assert sorted((a.start, a.end) for a in project.annotations()) == [(0, 3), (3, 7)]
    only_cr = {"document": "e", "text": "three\r\nfour", "spans": [{"start": 5, "end": 6, "code": "c", "coder": "A"}]}
    code, said, _ = import_lines(tmp_path, capsys, only_cr)
    assert code == 1 and "line 1: a span covers only a byte-order mark or the \\r of a line break" in said


def test_offset_map_matches_normalise_character_by_character():
    text = "\ufeff\ufeffa\r\nb\rc\r\r\nd\n"
    normalised, offsets = normalise_with_offsets(text)
    assert normalised == "a\nb\nc\n\nd\n"
    mapped = [0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 6, 7, 8, 9]  # each position in the text as given -> normalised
    assert [offsets(p) for p in range(len(text) + 1)] == mapped
    assert [p for p in range(len(text) + 1) if offsets.splits_a_pair(p)] == [4, 10]


@pytest.mark.parametrize("item, sentence", [
    ({"document": "d", "text": "   ", "spans": []}, "line 1: the text is empty (it holds only whitespace)."),
    ({"document": None, "text": " \n", "spans": [{"start": 0, "end": 1, "code": "c", "coder": "Ana"}]},
     "line 1: the text is empty (it holds only whitespace)."),
    ({"document": "d", "text": "Some text.", "spans": [{"start": 0, "end": 4, "code": "", "coder": "Ana"}]},
     "line 1: every span needs integer start/end and a code and coder name."),
    ({"document": "d", "text": "Some text.", "spans": [{"start": 0, "end": 4, "code": "c", "coder": " "}]},
     "line 1: every span needs integer start/end and a code and coder name."),
    ({"document": "d", "text": "Some\u0000text.", "spans": []},
     "line 1: the text holds a NUL character (U+0000), which plain text never holds."),
    ({"document": ["d"], "text": "Some text.", "spans": []}, "line 1: the document name must be text."),
    # Another tool's JSON lines (doccano keeps its labels under "label"): refused, not imported without them.
    ({"text": "We must act now.", "label": [[0, 2, "claim"]]},
     "line 1: it has fields annotator's JSONL does not ('label'); it reads document, sha256, text, spans, "
     "attributes, memos only"),
    ({"document": "d", "text": "Some text.", "spans": [{"start": 0, "end": 4, "code": "c", "coder": "Ana",
                                                        "label": "x"}]},
     "line 1: a span: it has fields annotator's JSONL does not ('label')"),
])
def test_bad_lines_are_refused_in_one_precise_sentence(tmp_path, capsys, item, sentence):
    code, said, path = import_lines(tmp_path, capsys, item)
    assert code == 1 and sentence in said and "Traceback" not in said
    with Project.open(path) as project:
        assert project.documents() == []
