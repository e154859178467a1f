"""Memos in files: each document's memos on its JSON line, and all three kinds as REFI-QDA notes
(valid against the bundled schema), read back on import."""
import json
import re
import zipfile

import pytest

from annotator import Project
from annotator.errors import AnnotatorError
from annotator.formats.jsonl_export import export_jsonl
from annotator.formats.jsonl_read import read_jsonl
from annotator.formats.qdpx_export import export_qdpx
from annotator.formats.refi import schema_errors
from annotator.formats.safety import parse_xml

EMPTY_SCHEME = {"format": "annotator-scheme", "version": 1, "codes": []}


@pytest.fixture
def memo_source(tmp_path):
    """A project with memos of every kind by two coders, and one document without any."""
    with Project.create(tmp_path / "source.annot") as project:
        project.import_text("Crime has fallen 😊 by a third.\nThey lied.", "speech.txt")
        project.import_text("Nobody wrote about this one.", "quiet.txt")
        project.add_coder("Ana")
        project.add_coder("Ben Smith")
        project.annotate("speech.txt", 0, 5, "claim", "Ana", memo="an annotation's memo")
        project.set_memo("document", "speech.txt", "Ana", "Ana: <frames> & \"quotes\"\nsecond line")
        project.set_memo("document", "speech.txt", "Ben Smith", "=SUM(A1) looks like a formula")
        project.set_memo("code", "attack", "Ana", "Where attack ends and claim begins.")
        project.set_memo("journal", None, "Ben Smith", "2024-05-01\nStarted.\n\n2024-05-02\nGoing on. 😊\n")
        yield project


def shown(project):
    """Every memo by kind, target name, coder name and text (UUIDs differ between projects)."""
    names = {d.uuid: d.name for d in project.documents()} | {c.uuid: c.name for c in project.codes()}
    return sorted((m.kind, names.get(m.target_uuid), project.coder(m.coder_uuid).name, m.text)
                  for m in project.memos())


# ----------------------------------------------------------------------------- JSONL
def test_jsonl_carries_memos_of_every_kind_and_reads_them_back(memo_source, tmp_path):
    export_jsonl(memo_source, tmp_path / "out.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines[0]["memos"] == [{"coder": "Ana", "text": "Ana: <frames> & \"quotes\"\nsecond line"},
                                 {"coder": "Ben Smith", "text": "=SUM(A1) looks like a formula"}]
    assert "memos" not in lines[1]                       # no memos: the line keeps its old shape
    assert lines[2:] == [                                # after the documents, one line per code, then journals
        {"code": "attack", "memos": [{"coder": "Ana", "text": "Where attack ends and claim begins."}]},
        {"journals": [{"coder": "Ben Smith", "text": "2024-05-01\nStarted.\n\n2024-05-02\nGoing on. 😊\n"}]}]
    with Project.create(tmp_path / "copy.annot", scheme=EMPTY_SCHEME) as copy:
        [result] = copy.import_files([tmp_path / "out.jsonl"], create_codes=True)
        assert result.status == "imported" and "memos: 4 added, 0 already present" in result.lines
        assert shown(copy) == shown(memo_source)
        [again] = copy.import_files([tmp_path / "out.jsonl"])
        assert "memos: 0 added, 4 already present" in again.lines and len(copy.memos()) == 4
        export_jsonl(copy, tmp_path / "again.jsonl")
    assert (tmp_path / "again.jsonl").read_bytes() == (tmp_path / "out.jsonl").read_bytes()


def test_jsonl_code_memos_follow_the_chosen_codes_and_coders(memo_source, tmp_path):
    memo_source.set_memo("code", "claim", "Ben Smith", "Ben on claims.")
    export_jsonl(memo_source, tmp_path / "ana.jsonl", coders=["Ana"], codes=["claim"])
    lines = [json.loads(line) for line in (tmp_path / "ana.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line for line in lines if "document" not in line] == []    # Ana wrote no memo on claim, no journal
    export_jsonl(memo_source, tmp_path / "ben.jsonl", coders=["Ben Smith"], codes=["claim"])
    lines = [json.loads(line) for line in (tmp_path / "ben.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line for line in lines if "document" not in line] == [
        {"code": "claim", "memos": [{"coder": "Ben Smith", "text": "Ben on claims."}]},
        {"journals": [{"coder": "Ben Smith", "text": "2024-05-01\nStarted.\n\n2024-05-02\nGoing on. 😊\n"}]}]


def test_jsonl_a_code_memo_needs_its_code_in_the_project_or_create_codes(memo_source, tmp_path):
    path = tmp_path / "code_only.jsonl"
    path.write_text(json.dumps({"code": "framing", "memos": [{"coder": "Ana", "text": "New idea."}]}) + "\n")
    [refused] = memo_source.import_files([path])
    assert refused.status == "refused" and "uses codes this project does not have: framing" in refused.message
    [result] = memo_source.import_files([path], create_codes=True)
    assert result.status == "imported" and memo_source.memo("code", "framing", "Ana").text == "New idea."


def test_jsonl_keeps_a_memo_already_in_the_project_and_says_so(memo_source, tmp_path):
    export_jsonl(memo_source, tmp_path / "out.jsonl", coders=["Ana"])
    assert [m["coder"] for m in json.loads((tmp_path / "out.jsonl").read_text().splitlines()[0])["memos"]] == ["Ana"]
    memo_source.set_memo("document", "speech.txt", "Ana", "Ana changed her mind.")
    [result] = memo_source.import_files([tmp_path / "out.jsonl"])
    assert "warning: Ana's memo on document 'speech.txt' was kept; the file's is different" in result.lines
    assert memo_source.memo("document", "speech.txt", "Ana").text == "Ana changed her mind."


@pytest.mark.parametrize("memos, words", [
    ("not a list", "\"memos\" must be a list of objects with a coder's name and a text"),
    ([{"coder": "", "text": "x"}], "\"memos\" must be a list"),
    ([{"coder": "Ana", "text": 3}], "\"memos\" must be a list"),
    ([{"coder": "Ana", "text": "x", "label": "y"}], "a memo: it has fields annotator's JSONL does not ('label')"),
    ([{"coder": "Ana", "text": "x"}, {"coder": "Ana", "text": "y"}], "gives one coder two"),
])
def test_jsonl_refuses_memos_it_cannot_read(tmp_path, memos, words):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"document": "a.txt", "text": "Some text.", "spans": [], "memos": memos}) + "\n")
    with pytest.raises(AnnotatorError, match=re.escape(words)):
        read_jsonl(path)


@pytest.mark.parametrize("line, words", [
    ({"code": "", "memos": []}, "a code line needs a code's name and \"memos\""),
    ({"code": "claim"}, "a code line needs a code's name and \"memos\""),
    ({"code": "claim", "memos": [], "color": "red"}, "it has fields annotator's JSONL does not ('color')"),
    ({"code": "claim", "memos": [{"coder": "Ana", "text": "x"}, {"coder": "Ana", "text": "y"}]}, "gives one coder two"),
    ({"journals": [{"coder": "Ana"}]}, "\"journals\" must be a list of objects with a coder's name and a text"),
    ({"journals": [], "extra": 1}, "it has fields annotator's JSONL does not ('extra')"),
])
def test_jsonl_refuses_memo_lines_it_cannot_read(tmp_path, line, words):
    path = tmp_path / "bad_lines.jsonl"
    path.write_text(json.dumps(line) + "\n")
    with pytest.raises(AnnotatorError, match=re.escape(words)):
        read_jsonl(path)


def test_jsonl_refuses_a_coder_with_two_memos_on_one_code_across_lines(tmp_path):
    path = tmp_path / "twice.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in (
        {"code": "claim", "memos": [{"coder": "Ana", "text": "x"}]},
        {"code": "claim", "memos": [{"coder": "Ana", "text": "y"}]})))
    with pytest.raises(AnnotatorError, match="Ana has two memos on the code 'claim'"):
        read_jsonl(path)


# ----------------------------------------------------------------------------- REFI-QDA
def test_qdpx_round_trips_memos_of_every_kind_as_notes(memo_source, tmp_path):
    export_qdpx(memo_source, tmp_path / "out.qdpx")
    with zipfile.ZipFile(tmp_path / "out.qdpx") as archive:
        root = parse_xml(archive.read("project.qde"), "out.qdpx")
        journal = memo_source.memo("journal", None, "Ben Smith")
        assert archive.read(f"sources/{journal.uuid}.txt").decode("utf-8") == journal.text
    assert schema_errors(root) == []
    ns = "{urn:QDA-XML:project:1.0}"
    notes = {n.get("guid"): n for n in root.iter(f"{ns}Note")}
    source = next(s for s in root.iter(f"{ns}TextSource") if s.get("name") == "speech.txt")
    code = next(c for c in root.iter(f"{ns}Code") if c.get("name") == "attack")
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{ns}User")}
    on_source = [notes[r.get("targetGUID")] for r in source.findall(f"{ns}NoteRef")]
    assert sorted(users[n.get("creatingUser")] for n in on_source) == ["Ana", "Ben Smith"]
    [on_code] = [notes[r.get("targetGUID")] for r in code.findall(f"{ns}NoteRef")]
    assert on_code.findtext(f"{ns}PlainTextContent") == "Where attack ends and claim begins."
    assert code.findtext(f"{ns}Description") == memo_source.code("attack").description   # still the definition
    [on_project] = [notes[r.get("targetGUID")] for r in root.findall(f"{ns}NoteRef")]
    assert on_project.get("plainTextPath") == f"internal://{journal.uuid}.txt" and users[
        on_project.get("creatingUser")] == "Ben Smith"
    with Project.create(tmp_path / "copy.annot", scheme=EMPTY_SCHEME) as copy:
        [result] = copy.import_files([tmp_path / "out.qdpx"])
        assert "memos: 4 added, 0 already present" in result.lines
        assert shown(copy) == shown(memo_source)
        assert [a.memo for a in copy.annotations()] == ["an annotation's memo"]
        assert copy.code("attack").description == memo_source.code("attack").description
        kept = {(m.uuid, m.created, m.modified) for m in copy.memos()}
        assert kept == {(m.uuid, m.created, m.modified) for m in memo_source.memos()}


QUALCODER_QDE = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="qc" origin="QualCoder 3.5">
  <Users><User guid="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" name="Maria"/></Users>
  <CodeBook><Codes><Code guid="c0000000-0000-0000-0000-000000000001" name="Stance" isCodable="true">
    <NoteRef targetGUID="e0000000-0000-0000-0000-000000000003"/></Code></Codes></CodeBook>
  <Sources><TextSource guid="a0000000-0000-0000-0000-000000000001" name="one.txt"
      plainTextPath="internal://a0000000-0000-0000-0000-000000000001.txt"/></Sources>
  <Notes>
    <Note guid="e0000000-0000-0000-0000-000000000001" name="Week one" plainTextPath="internal://e1.txt"
          creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" creationDateTime="2019-06-04T06:11:56Z"/>
    <Note guid="e0000000-0000-0000-0000-000000000002" name="Week two" plainTextPath="internal://e2.txt"
          creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" creationDateTime="2019-06-11T06:11:56Z"/>
    <Note guid="e0000000-0000-0000-0000-000000000003" name="on stance"
          creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860"><PlainTextContent>Hedges too.</PlainTextContent></Note>
  </Notes>
</Project>"""


def test_qdpx_journal_entries_from_qualcoder_become_the_users_journal(tmp_path):
    path = tmp_path / "qc.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", QUALCODER_QDE)
        archive.writestr("sources/a0000000-0000-0000-0000-000000000001.txt", "A text.")
        archive.writestr("sources/e1.txt", "Began coding.")
        archive.writestr("sources/e2.txt", "Revised the stance code.")
    with Project.create(tmp_path / "qc.annot", scheme=EMPTY_SCHEME) as project:
        [result] = project.import_files([path])
        assert result.status == "imported", result.lines
        [journal] = project.memos("journal")
        assert project.coder(journal.coder_uuid).name == "Maria"
        assert journal.text == "Week one (2019-06-04)\nBegan coding.\n\nWeek two (2019-06-11)\nRevised the stance code."
        [memo] = project.memos("code")
        assert (memo.text, memo.target_uuid) == ("Hedges too.", project.code("Stance").uuid)
        assert project.code("Stance").description == ""
