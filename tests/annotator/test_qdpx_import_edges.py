"""`.qdpx` import edges: hostile nesting, identifiers that are not GUIDs, where source paths
point, document variables on sources and cases."""
import json
import subprocess
import sys
import zipfile

import pytest
from helpers import dump

from annotator import Project
from annotator.importing import import_project

HEAD = '<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="Hand 1">'
CODE = '<CodeBook><Codes><Code guid="{code}" name="Stance marker" isCodable="true"/></Codes></CodeBook>'
TEXT = "We must act now, she said."


def qdpx(path, body: str, files: dict | None = None):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", f"{HEAD}{body}</Project>")
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return path


def source(path: str, selection: str = "", extra: str = "", name: str = "s.txt") -> str:
    return (f'<TextSource guid="b0000000-0000-0000-0000-000000000001" name="{name}" plainTextPath="{path}">'
            f'{selection}{extra}</TextSource>')


def selection(code: str = "c0000000-0000-0000-0000-000000000001", guid: str = "50000000-0000-0000-0000-000000000001"):
    return (f'<PlainTextSelection guid="{guid}" name="she said" startPosition="17" endPosition="25">'
            f'<Coding guid="60000000-0000-0000-0000-000000000001"><CodeRef targetGUID="{code}"/></Coding>'
            '</PlainTextSelection>')


def test_a_code_tree_nested_3000_deep_is_refused_in_one_sentence(tmp_path):
    codes = "".join(f'<Code guid="c0000000-0000-0000-0000-{i:012d}" name="c{i}" isCodable="true">'
                    for i in range(3000)) + "</Code>" * 3000
    bad = qdpx(tmp_path / "deep.qdpx", f"<CodeBook><Codes>{codes}</Codes></CodeBook>")
    study = tmp_path / "study.annot"
    assert subprocess.run([sys.executable, "-m", "annotator", "new", study], capture_output=True).returncode == 0
    before = dump(study)
    result = subprocess.run([sys.executable, "-m", "annotator", "import", study, bad], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1 and "unexpected" not in result.stdout + result.stderr
    assert result.stdout == ("refused: deep.qdpx is refused: its XML nests elements more than 256 levels deep, "
                             "which no real document or code tree does.\n")
    assert dump(study) == before


@pytest.mark.parametrize("path, where", [
    ("internal://s.txt", "sources/s.txt"), ("s.txt", "sources/s.txt"), ("s.txt", "s.txt"),
    ("internal://s.txt", "Sources/s.txt"), ("relative://s.txt", "sources/s.txt"), ("internal:///s.txt", "s.txt"),
])
def test_source_paths_as_writers_write_them(empty_project, tmp_path, path, where):
    body = CODE.format(code="c0000000-0000-0000-0000-000000000001") + f"<Sources>{source(path, selection())}</Sources>"
    report = import_project(empty_project, qdpx(tmp_path / "p.qdpx", body, {where: TEXT}))
    [annotation] = empty_project.annotations()
    assert empty_project.document(annotation.document_id).text[annotation.start:annotation.end] == "she said"
    assert report.status == "imported"


@pytest.mark.parametrize("path", ["absolute:///data/ana/s.txt", "relative://../s.txt", "relative://elsewhere.txt"])
def test_paths_outside_the_archive_are_never_read_and_are_reported(empty_project, tmp_path, path):
    body = CODE.format(code="c0000000-0000-0000-0000-000000000001") + f"<Sources>{source(path, selection())}</Sources>"
    report = import_project(empty_project, qdpx(tmp_path / "p.qdpx", body, {"sources/s.txt": TEXT, "s.txt": TEXT}))
    assert empty_project.documents() == [] and report.status == "warning"
    assert report.not_represented == [f"text source 's.txt' (its file {path} is outside the archive; "
                                      "1 codings left out)"]


def test_identifiers_that_are_not_guids_link_the_file_but_are_not_kept(empty_project, tmp_path):
    body = ('<Users><User guid="ana" name="Ana"/></Users>'
            + CODE.format(code="claim-1")
            + f'<Sources>{source("s.txt", selection(code="claim-1", guid="sel 1"))}</Sources>')
    report = import_project(empty_project, qdpx(tmp_path / "p.qdpx", body, {"sources/s.txt": TEXT}))
    [annotation] = empty_project.annotations()
    assert empty_project.code(annotation.code_id).name == "Stance marker" and len(annotation.uuid) == 36
    assert annotation.uuid != "sel 1" and empty_project.code(annotation.code_id).uuid != "claim-1"
    [warning] = [w for w in report.warnings if "not GUIDs" in w]
    assert "user 'Ana' ('ana')" in warning and "code 'Stance marker' ('claim-1')" in warning


def test_variables_on_sources_and_on_cases_become_typed_attributes(empty_project, tmp_path):
    variables = ('<Variables>'
                 '<Variable guid="f0000000-0000-0000-0000-000000000001" name="age" typeOfVariable="Integer"/>'
                 '<Variable guid="f0000000-0000-0000-0000-000000000002" name="speaker" typeOfVariable="Text"/>'
                 '<Variable guid="f0000000-0000-0000-0000-000000000003" name="paid" typeOfVariable="Boolean"/>'
                 '<Variable guid="f0000000-0000-0000-0000-000000000004" name="share" typeOfVariable="Float"/>'
                 '</Variables>')

    def value(number, tag, text):
        return (f'<VariableValue><VariableRef targetGUID="f0000000-0000-0000-0000-00000000000{number}"/>'
                f'<{tag}>{text}</{tag}></VariableValue>')

    cases = ('<Cases><Case guid="d0000000-0000-0000-0000-000000000001" name="Anna">'
             + value(1, "IntegerValue", "34") + value(2, "TextValue", "Anna K.")
             + '<SourceRef targetGUID="b0000000-0000-0000-0000-000000000001"/></Case>'
             '<Case guid="d0000000-0000-0000-0000-000000000002">' + value(3, "BooleanValue", "true")
             + '<SourceRef targetGUID="b0000000-0000-0000-0000-000000000001"/></Case>'
             '<Case guid="d0000000-0000-0000-0000-000000000003" name="Ben">' + value(2, "TextValue", "Ben")
             + '<SelectionRef targetGUID="50000000-0000-0000-0000-000000000001"/></Case></Cases>')
    own = value(4, "FloatValue", "0.25") + value(2, "TextValue", "Anna Kovács")
    body = variables + cases + f'<Sources>{source("s.txt", extra=own)}</Sources>'
    report = import_project(empty_project, qdpx(tmp_path / "p.qdpx", body, {"sources/s.txt": TEXT}))
    [doc] = empty_project.documents()
    assert empty_project.document_attributes(doc) == {"age": 34, "speaker": "Anna Kovács", "paid": True, "share": 0.25}
    assert "the variables of 2 cases became attributes of the documents they cover" in report.notes
    assert any(line.startswith("1 cases (only the variables of cases that cover whole documents")
               for line in report.not_represented)


def test_a_rich_text_that_is_not_a_docx_is_reported(empty_project, tmp_path):
    body = ('<Sources><TextSource guid="b0000000-0000-0000-0000-000000000001" name="s" plainTextPath="internal://s.txt"'
            ' richTextPath="internal://s.rtf"/></Sources>')
    files = {"sources/s.txt": b"\n", "sources/s.rtf": b"{\\rtf1}"}
    report = import_project(empty_project, qdpx(tmp_path / "p.qdpx", body, files))
    assert report.not_represented == ["text source 's' (its plain text is empty and its rich text sources/s.rtf is "
                                      "not a .docx)"]


def test_a_rich_text_that_is_a_zip_bomb_is_refused_for_that_source_only(empty_project, tmp_path):
    import io

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as inner:
        inner.writestr("word/document.xml", b"<a/>" + b" " * (4 * 1024 * 1024))
    body = CODE.format(code="c0000000-0000-0000-0000-000000000001") + (
        '<Sources><TextSource guid="b0000000-0000-0000-0000-000000000001" name="s" plainTextPath="internal://s.txt"'
        ' richTextPath="internal://s.docx"/>'
        + source("t.txt", selection(), name="t").replace("0001\"", "0002\"", 1) + '</Sources>')
    report = import_project(empty_project, qdpx(tmp_path / "p.qdpx", body, {"sources/s.txt": b"\n", "sources/s.docx":
                                                                   bomb.getvalue(), "sources/t.txt": TEXT}))
    assert [d.name for d in empty_project.documents()] == ["t"]
    assert report.not_represented[0].startswith("text source 's' (p.qdpx (sources/s.docx) is refused")


def test_float_values_that_are_not_finite_stay_text_with_a_note_and_round_trip(empty_project, tmp_path):
    """NaN and -Infinity were stored as non-standard JSON and came back as "nan"/"-inf"."""
    from annotator.exporting import export

    variables = ('<Variables><Variable guid="f0000000-0000-0000-0000-000000000001" name="f" typeOfVariable="Float"/>'
                 '<Variable guid="f0000000-0000-0000-0000-000000000002" name="g" typeOfVariable="Float"/></Variables>')
    own = "".join(f'<VariableValue><VariableRef targetGUID="f0000000-0000-0000-0000-00000000000{n}"/>'
                  f'<FloatValue>{text}</FloatValue></VariableValue>' for n, text in ((1, "NaN"), (2, "-Infinity")))
    body = variables + f'<Sources>{source("s.txt", extra=own)}</Sources>'
    report = import_project(empty_project, qdpx(tmp_path / "p.qdpx", body, {"sources/s.txt": TEXT}))
    [doc] = empty_project.documents()
    assert empty_project.document_attributes(doc) == {"f": "NaN", "g": "-Infinity"}
    stored = empty_project.store.conn.execute("SELECT attributes FROM documents").fetchone()[0]
    json.loads(stored, parse_constant=lambda constant: pytest.fail(f"non-standard JSON {constant}"))
    assert ("2 variable values do not read as their type and were kept as text: FloatValue 'NaN', "
            "FloatValue '-Infinity'") in report.notes
    export(empty_project, "qdpx", tmp_path / "again.qdpx")
    with Project.create(tmp_path / "b.annot") as copy:
        import_project(copy, tmp_path / "again.qdpx")
        assert copy.document_attributes(copy.documents()[0]) == {"f": "NaN", "g": "-Infinity"}
