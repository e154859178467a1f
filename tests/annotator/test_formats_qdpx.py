"""REFI-QDA project exchange: our export validates against the schema, imports back into a new
project unchanged, and a .qdpx written by another tool (hand-made here in the shapes
MAXQDA, ATLAS.ti and NVivo write) imports with what cannot be represented listed."""
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from annotator import Project
from annotator.errors import AnnotatorError
from annotator.exporting import export
from annotator.importing import import_project

SCHEMA = Path(__file__).resolve().parents[2] / "resources" / "Project-mrt2019.xsd"   # bundled
NS = "urn:QDA-XML:project:1.0"


def snapshot(project):
    docs = {d.id: d for d in project.documents()}
    codes = {c.id: c for c in project.codes()}
    return {
        "documents": sorted((d.name, d.text, tuple(sorted(project.document_attributes(d).items())))
                            for d in docs.values()),
        "codes": sorted((project.code_path(c), c.color, c.codable, c.description) for c in codes.values()),
        "coders": sorted(c.name for c in project.coders()),
        "annotations": sorted((docs[a.document_id].text, a.start, a.end, project.code_path(a.code_id),
                               project.coder(a.coder_id).name, a.memo) for a in project.annotations()),
    }


def test_export_validates_against_the_published_schema(tricky, tmp_path):
    import xmlschema

    project, doc = tricky
    with project.batch():
        project.store.conn.execute("UPDATE documents SET attributes = ? WHERE id = ?",
                                   ('{"outlet": "Daily Post", "year": "2026"}', doc.id))
    report = export(project, "qdpx", tmp_path / "study.qdpx")
    assert report.count == 6
    with zipfile.ZipFile(tmp_path / "study.qdpx") as archive:
        names = archive.namelist()
        qde = archive.read("project.qde")
        sources = {n: archive.read(n) for n in names if n.startswith("sources/")}
    assert names[0] == "project.qde" and len(sources) == 2 and not qde.startswith(b"\xef\xbb\xbf")
    schema = xmlschema.XMLSchema(str(SCHEMA))
    schema.validate(qde.decode("utf-8"))  # raises on the first error
    data = schema.to_dict(qde.decode("utf-8"))
    assert {u["@name"] for u in data["Users"]["User"]} == {"Ana", "Ben Smith"}
    text_of = {s["@guid"]: sources["sources/" + s["@plainTextPath"].split("//")[1]].decode("utf-8")
               for s in data["Sources"]["TextSource"]}
    notes = {n["@guid"]: n["PlainTextContent"] for n in data["Notes"]["Note"]}
    memos = set()
    for source in data["Sources"]["TextSource"]:
        for selection in source.get("PlainTextSelection", []):
            text = text_of[source["@guid"]]
            units = text.encode("utf-16-le")  # positions are UTF-16 code units by default, as NVivo counts
            covered = units[2 * selection["@startPosition"]:2 * selection["@endPosition"]].decode("utf-16-le")
            assert covered.startswith(selection["@name"]) and len(selection["Coding"]) == 1
            memos |= {notes[ref["@targetGUID"]] for ref in selection.get("NoteRef", [])}
    assert text_of[doc.uuid] == doc.text
    assert memos == {a.memo for a in project.annotations() if a.memo}
    assert {v["@name"] for v in data["Variables"]["Variable"]} == {"outlet", "year"}


def test_round_trip_into_a_new_project(tricky, tmp_path):
    project, doc = tricky
    group = project.add_code("stance", codable=False, color="#112233")
    project.add_code("hedge", parent=group, color="#445566", description="may, might")
    project.annotate(doc, 0, 2, "hedge", "Ana", memo="nested code")
    export(project, "qdpx", tmp_path / "study.qdpx")
    with Project.create(tmp_path / "copy.annot") as copy:
        report = import_project(copy, tmp_path / "study.qdpx")
        assert snapshot(copy)["annotations"] == snapshot(project)["annotations"]
        assert snapshot(copy) == snapshot(project)
        assert report.annotations_added == 7 and report.not_represented == [] and report.warnings == []
        assert {a.uuid for a in copy.annotations()} == {a.uuid for a in project.annotations()}
        again = import_project(copy, tmp_path / "study.qdpx")  # importing twice adds nothing
        assert again.annotations_added == 0 and again.annotations_unchanged == 7
        assert len(copy.annotations()) == 7


FOREIGN_QDE = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Other tool study" origin="OtherTool 24.1"
         creatingUserGUID="{AAAAAAAA-0000-0000-0000-000000000001}">
  <Users>
    <User guid="{AAAAAAAA-0000-0000-0000-000000000001}" name="Maria" id="M"/>
    <User guid="aaaaaaaa-0000-0000-0000-000000000002" id="JB"/>
  </Users>
  <CodeBook><Codes>
    <Code guid="{C0000000-0000-0000-0000-000000000001}" name="Stance" isCodable="false">
      <Description>Folder</Description>
      <Code guid="{C0000000-0000-0000-0000-000000000002}" name="Modality" isCodable="true" color="rgb(230, 25, 75)"/>
      <Code guid="{C0000000-0000-0000-0000-000000000003}" name="Evidential" isCodable="true" color="#3cb"/>
    </Code>
    <Code guid="{C0000000-0000-0000-0000-000000000004}" name="Attribution" isCodable="true" color="#FF3CB44B">
      <NoteRef targetGUID="{E0000000-0000-0000-0000-000000000003}"/>
    </Code>
    <Code guid="{C0000000-0000-0000-0000-000000000005}" name="Odd colour" isCodable="true" color="bluish"/>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="{F0000000-0000-0000-0000-000000000001}" name="Outlet" typeOfVariable="Text"/>
  </Variables>
  <Cases><Case guid="{D0000000-0000-0000-0000-000000000001}" name="Case A"/></Cases>
  <Sources>
    <TextSource guid="{B0000000-0000-0000-0000-000000000001}" name="interview.docx"
                richTextPath="internal://b1.docx" plainTextPath="internal://b1.txt">
      <PlainTextSelection guid="{50000000-0000-0000-0000-000000000001}" name="must act now"
                          startPosition="3" endPosition="15" creatingUser="{AAAAAAAA-0000-0000-0000-000000000001}">
        <Coding guid="{60000000-0000-0000-0000-000000000001}" creatingUser="{AAAAAAAA-0000-0000-0000-000000000001}">
          <CodeRef targetGUID="{C0000000-0000-0000-0000-000000000002}"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{50000000-0000-0000-0000-000000000002}" name="Second line 😊"
                          startPosition="30" endPosition="43">
        <Description>selection description</Description>
        <Coding guid="{60000000-0000-0000-0000-000000000002}" creatingUser="aaaaaaaa-0000-0000-0000-000000000002">
          <CodeRef targetGUID="{C0000000-0000-0000-0000-000000000004}"/>
        </Coding>
        <Coding guid="{60000000-0000-0000-0000-000000000003}" creatingUser="{AAAAAAAA-0000-0000-0000-000000000001}">
          <CodeRef targetGUID="{C0000000-0000-0000-0000-000000000003}"/>
          <NoteRef targetGUID="{E0000000-0000-0000-0000-000000000001}"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{50000000-0000-0000-0000-000000000003}" name="x" startPosition="0" endPosition="2">
        <Description>an annotation without a code</Description>
      </PlainTextSelection>
      <PlainTextSelection guid="{50000000-0000-0000-0000-000000000004}" name="far"
                          startPosition="900" endPosition="990">
        <Coding guid="{60000000-0000-0000-0000-000000000004}"
                ><CodeRef targetGUID="{C0000000-0000-0000-0000-000000000002}"/></Coding>
      </PlainTextSelection>
      <NoteRef targetGUID="{E0000000-0000-0000-0000-000000000002}"/>
      <VariableValue><VariableRef targetGUID="{F0000000-0000-0000-0000-000000000001}"
                     /><TextValue>Radio 4</TextValue></VariableValue>
    </TextSource>
    <TextSource guid="{B0000000-0000-0000-0000-000000000002}" name="inline note">
      <PlainTextContent>Whole text coded once.</PlainTextContent>
      <Coding guid="{60000000-0000-0000-0000-000000000005}" creatingUser="{AAAAAAAA-0000-0000-0000-000000000001}">
        <CodeRef targetGUID="{C0000000-0000-0000-0000-000000000004}"/>
      </Coding>
    </TextSource>
    <PDFSource guid="{B0000000-0000-0000-0000-000000000003}" name="scan.pdf" path="internal://b3.pdf"/>
    <PictureSource guid="{B0000000-0000-0000-0000-000000000004}" name="photo.jpg" path="internal://b4.jpg"/>
  </Sources>
  <Notes>
    <Note guid="{E0000000-0000-0000-0000-000000000001}"
          name="memo"><PlainTextContent>Evidential memo</PlainTextContent></Note>
    <Note guid="{E0000000-0000-0000-0000-000000000002}"
          name="doc memo"><PlainTextContent>About the interview</PlainTextContent></Note>
    <Note guid="{E0000000-0000-0000-0000-000000000003}"
          name="code memo"><PlainTextContent>Who says it</PlainTextContent></Note>
  </Notes>
  <Sets><Set guid="{A1000000-0000-0000-0000-000000000001}" name="Round 1">
    <MemberSource targetGUID="{B0000000-0000-0000-0000-000000000001}"/></Set></Sets>
</Project>
"""
# As MAXQDA and NVivo on Windows write it: a BOM, CRLF line ends counted as two characters.
FOREIGN_TEXT = "We must act now, she said.\r\n\r\nSecond line 😊 ends here.\r\n"


def make_foreign(path: Path, qde: str = FOREIGN_QDE, text: str = FOREIGN_TEXT, qde_name="Other tool study.qde",
                 extra: dict | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(qde_name, qde.encode("utf-8"))
        archive.writestr("Sources/b1.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))
        archive.writestr("Sources/b1.docx", b"PK not really")
        for name, data in (extra or {}).items():
            archive.writestr(zipfile.ZipInfo(name), data)
    return path


def test_foreign_qdpx_imports_what_it_can_and_lists_the_rest(empty_project, tmp_path):
    report = import_project(empty_project, make_foreign(tmp_path / "other.qdpx"))
    docs = {d.name: d for d in empty_project.documents()}
    assert docs["interview.docx"].text == "We must act now, she said.\n\nSecond line 😊 ends here.\n"
    assert empty_project.document_attributes(docs["interview.docx"]) == {"Outlet": "Radio 4"}
    # the memo on the document names no user: it is kept as the memo of the file's own coder
    assert {c.name for c in empty_project.coders()} == {"Maria", "JB", "imported from OtherTool 24.1"}
    [memo] = empty_project.memos("document")
    assert (memo.text, empty_project.coder(memo.coder_uuid).name) == ("About the interview",
                                                                      "imported from OtherTool 24.1")
    codes = {c.name: c for c in empty_project.codes()}
    assert codes["Modality"].color == "#E6194B" and codes["Evidential"].color == "#33CCBB"
    assert codes["Attribution"].color == "#3CB44B" and codes["Attribution"].description == "Who says it"
    assert empty_project.code_path(codes["Modality"]) == "Stance > Modality" and not codes["Stance"].codable
    got = sorted((empty_project.document(a.document_id).text[a.start:a.end], empty_project.code(a.code_id).name,
                  empty_project.coder(a.coder_id).name, a.memo) for a in empty_project.annotations())
    assert got == [("Second line 😊", "Attribution", "JB", "selection description"),
                   ("Second line 😊", "Evidential", "Maria", "selection description\n\nEvidential memo"),
                   ("Whole text coded once.", "Attribution", "Maria", None),
                   ("must act now", "Modality", "Maria", None)]
    listed = " | ".join(report.not_represented)
    for expected in ("1 cases", "1 sets", "PDF source 'scan.pdf' (PDF sources are not imported",
                     "picture source 'photo.jpg' (picture sources",
                     "1 selections without a code", "1 codings that lie outside their text"):
        assert expected in listed, listed
    assert any("bluish" in w for w in report.warnings) and codes["Odd colour"].color.startswith("#")
    assert report.origin == "OtherTool 24.1"
    assert any(line.startswith("not imported: 1 cases (") for line in report.lines())
    entry = empty_project.scheme_log()[-1]
    assert entry.action == "import qdpx" and "Modality" in entry.details["codes_created"]
    assert entry.scheme_version == empty_project.scheme_version


def test_crlf_counted_as_one_is_detected_from_selection_names(empty_project, tmp_path):
    """ATLAS.ti writes CRLF in the .txt but counts it as one character."""
    qde = FOREIGN_QDE.replace('startPosition="30" endPosition="43"', 'startPosition="28" endPosition="41"')
    report = import_project(empty_project, make_foreign(tmp_path / "atlas.qdpx", qde=qde))
    texts = {empty_project.document(a.document_id).text[a.start:a.end] for a in empty_project.annotations()}
    assert "Second line 😊" in texts
    assert report.positions.startswith("code points, a CRLF line break counted as one (1 selection names quote")


@pytest.mark.parametrize("extra, qde, message", [
    ({"../../escape.txt": b"x"}, FOREIGN_QDE, "path traversal"),
    ({}, '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
         + FOREIGN_QDE.split("?>", 1)[1], "entities"),
    ({}, "<Project", "cannot be read"),
])
def test_hostile_or_broken_qdpx_is_refused_and_nothing_written(empty_project, tmp_path, extra, qde, message):
    before = snapshot(empty_project)
    bad = make_foreign(tmp_path / "bad.qdpx", qde=qde, extra=extra)
    with pytest.raises(AnnotatorError, match=message):
        import_project(empty_project, bad)
    assert snapshot(empty_project) == before
    [result] = empty_project.import_files([bad])  # the app's File > Import and drag-drop path
    assert result.status == "refused" and message in result.message


def test_a_failure_midway_rolls_back_everything(empty_project, tmp_path, monkeypatch):
    from annotator.importing import store

    def boom(self, *args):
        raise AnnotatorError("simulated failure")

    monkeypatch.setattr(store._Storer, "coding", boom)  # after coders, codes and a document were written
    before = snapshot(empty_project)
    with pytest.raises(AnnotatorError, match="other.qdpx was not imported: simulated failure"):
        import_project(empty_project, make_foreign(tmp_path / "other.qdpx"))
    assert snapshot(empty_project) == before


def run(*args):
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def test_cli_import_qdpx_and_corpus_and_export_every_format(tmp_path):
    study = tmp_path / "study.annot"
    assert run("new", study).returncode == 0
    result = run("import", study, make_foreign(tmp_path / "other.qdpx"))
    assert result.returncode == 0, result.stderr
    assert "imported:" in result.stdout and "not imported: 1 cases" in result.stdout
    corpus = tmp_path / "news.csv"
    corpus.write_text('headline,body,outlet\nA,"two\nlines",X\nB,text b,Y\n', encoding="utf-8")
    result = run("import", study, corpus, "--text-column", "body", "--name-column", "headline")
    assert result.returncode == 0 and result.stdout.count("imported:") == 2, result.stdout
    for fmt, out in (("xlsx", "o.xlsx"), ("prodigy", "o.jsonl"), ("spacy", "o.spacy"), ("brat", "o_brat"),
                     ("html", "o.html"), ("qdpx", "o.qdpx"), ("csv", "o.csv"), ("jsonl", "o2.jsonl")):
        result = run("export", study, "--format", fmt, "-o", tmp_path / out, "--coder", "Maria")
        assert result.returncode == 0, (fmt, result.stderr)
        assert result.stdout.startswith("Wrote ") and (tmp_path / out).exists()
    result = run("export", study, "--format", "brat", "-o", tmp_path / "o_brat")
    assert result.returncode == 1 and "not an empty folder" in result.stderr


def test_the_schema_is_found_from_the_installed_package(tmp_path):
    """Run from an empty folder: the XSD must come from the package data (resources/*.xsd)."""
    script = ("from annotator.formats.refi import project_schema\n"
              "assert project_schema().target_namespace == 'urn:QDA-XML:project:1.0'\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
