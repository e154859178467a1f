"""Our `.qdpx` export: valid for any project (even one without documents), positions in the unit
asked for (UTF-16 by default, as NVivo counts; code points on request), read back exactly,
and document attributes as typed variables."""
import subprocess
import sys
import zipfile

import pytest

from annotator import Project
from annotator.exporting import export
from annotator.formats.refi import schema_errors
from annotator.formats.safety import parse_xml
from annotator.importing import import_project

NS = "{urn:QDA-XML:project:1.0}"


def qde_of(path):
    with zipfile.ZipFile(path) as archive:
        return parse_xml(archive.read("project.qde"), "project.qde")


def test_a_project_without_documents_exports_a_valid_file(tmp_path):
    with Project.create(tmp_path / "empty.annot") as project:
        report = export(project, "qdpx", tmp_path / "empty.qdpx")
    root = qde_of(tmp_path / "empty.qdpx")
    assert schema_errors(root) == [] and root.find(f"{NS}Sources") is None and report.count == 0


@pytest.mark.parametrize("positions, unit", [("utf16", "utf-16-le"), ("codepoints", "utf-32-le")])
def test_positions_in_the_unit_asked_for_and_read_back_exactly(tricky, tmp_path, positions, unit):
    project, doc = tricky
    report = export(project, "qdpx", tmp_path / "study.qdpx", positions=positions)
    root = qde_of(tmp_path / "study.qdpx")
    assert schema_errors(root) == [] and root.get("origin").endswith(
        "(UTF-16 positions)" if positions == "utf16" else "(code-point positions)")
    width = 2 if positions == "utf16" else 4
    encoded = doc.text.encode(unit)
    quoted = sorted(encoded[width * int(s.get("startPosition")):width * int(s.get("endPosition"))].decode(unit)
                    for s in root.iter(f"{NS}PlainTextSelection"))
    assert quoted == sorted(doc.text[a.start:a.end] for a in project.annotations(document=doc))
    assert any("outside the Basic Multilingual Plane" in note for note in report.notes)
    with Project.create(tmp_path / "copy.annot") as copy:
        back = import_project(copy, tmp_path / "study.qdpx")
        assert sorted((a.start, a.end, a.uuid) for a in copy.annotations()) == \
            sorted((a.start, a.end, a.uuid) for a in project.annotations())
        assert back.status == "imported" and back.positions.startswith(
            "UTF-16 code units" if positions == "utf16" else "code points")


def test_attributes_round_trip_as_typed_variables(empty_project, tmp_path):
    import json

    attributes = {"outlet": "Daily Post", "source_row": 3, "paid": False, "share": 0.125, "year": "2019"}
    with empty_project.batch():
        doc = empty_project.import_text("A text.", "a.txt")
        empty_project.store.conn.execute("UPDATE documents SET attributes = ? WHERE id = ?",
                                   (json.dumps(attributes), doc.document_id))
    export(empty_project, "qdpx", tmp_path / "study.qdpx")
    root = qde_of(tmp_path / "study.qdpx")
    kinds = {v.get("name"): v.get("typeOfVariable") for v in root.iter(f"{NS}Variable")}
    assert kinds == {"outlet": "Text", "source_row": "Integer", "paid": "Boolean", "share": "Float", "year": "Text"}
    assert schema_errors(root) == []
    with Project.create(tmp_path / "copy.annot") as copy:
        import_project(copy, tmp_path / "study.qdpx")
        [copied] = copy.documents()
        assert copy.document_attributes(copied) == attributes


def test_the_command_line_offers_the_unit(tricky, tmp_path):
    project, _doc = tricky
    result = subprocess.run([sys.executable, "-m", "annotator", "export", project.path, "--format", "qdpx", "-o",
                             tmp_path / "cp.qdpx", "--positions", "codepoints"], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert qde_of(tmp_path / "cp.qdpx").get("origin").endswith("(code-point positions)")
    assert "export with --positions utf16" in result.stdout
