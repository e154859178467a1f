"""Document attributes in the annotation exports: ``attr:KEY`` columns after the fixed CSV/XLSX
columns, and ``"attributes"`` per JSONL line, read back by the JSONL import."""
import csv
import json

import pytest
from openpyxl import load_workbook

from annotator import Project
from annotator.errors import AnnotatorError
from annotator.exporting import export
from annotator.formats.csv_export import CSV_COLUMNS
from annotator.importing import import_project

ATTRIBUTES = {"outlet": "=SUM(1)", "year": 2024, "date": "2024-03-03", "weight": 0.5}


def _attributed(project):
    """Two coded documents, only the first with attributes, and an uncoded one with a key of its own."""
    ana = project.add_coder("Ana")
    first = project.import_text("Crime has fallen. They lied.", "a.txt").document_id
    second = project.import_text("Another speech.", "b.txt").document_id
    third = project.import_text("Never coded.", "c.txt").document_id
    for doc, attrs in ((first, ATTRIBUTES), (third, {"uncoded_only": "x"})):
        project.store.conn.execute("UPDATE documents SET attributes = ? WHERE id = ?", (json.dumps(attrs), doc))
    project.annotate(first, 0, 5, "claim", ana)
    project.annotate(second, 0, 7, "claim", ana)
    return first, second


def _csv(path):
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.reader(stream))


def test_csv_has_sorted_attribute_columns_after_the_fixed_ones_neutralised(empty_project, tmp_path):
    _attributed(empty_project)
    export(empty_project, "csv", tmp_path / "out.csv")
    header, first, second = _csv(tmp_path / "out.csv")
    assert header == CSV_COLUMNS + ["attr:date", "attr:outlet", "attr:weight", "attr:year", "suggested_by"]
    assert first[len(CSV_COLUMNS):-1] == ["2024-03-03", "'=SUM(1)", "0.5", "2024"]     # not uncoded_only
    assert second[len(CSV_COLUMNS):-1] == ["", "", "", ""]
    export(empty_project, "csv", tmp_path / "raw.csv", raw=True)
    assert _csv(tmp_path / "raw.csv")[1][len(CSV_COLUMNS) + 1] == "=SUM(1)"


def test_no_attribute_columns_when_no_exported_document_has_attributes(coded, tmp_path):
    project, doc = coded
    project.annotate(doc.id, 0, 5, "claim", "Ana")
    export(project, "csv", tmp_path / "out.csv")
    assert _csv(tmp_path / "out.csv")[0] == CSV_COLUMNS + ["suggested_by"]


def test_xlsx_segments_carry_attributes_with_numbers_as_numbers(empty_project, tmp_path):
    _attributed(empty_project)
    export(empty_project, "xlsx", tmp_path / "out.xlsx")
    rows = list(load_workbook(tmp_path / "out.xlsx")["segments"].iter_rows(values_only=True))
    assert list(rows[0]) == CSV_COLUMNS + ["attr:date", "attr:outlet", "attr:weight", "attr:year", "suggested_by"]
    assert list(rows[1][len(CSV_COLUMNS):]) == ["2024-03-03", "'=SUM(1)", 0.5, 2024, None]
    assert isinstance(rows[1][-2], int) and not isinstance(rows[1][-2], str)
    assert list(rows[2][len(CSV_COLUMNS):]) == [None] * 5


def test_jsonl_round_trip_keeps_attributes_byte_identical(empty_project, tmp_path):
    _attributed(empty_project)
    export(empty_project, "jsonl", tmp_path / "first.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "first.jsonl").read_text("utf-8").splitlines()]
    assert [line.get("attributes") for line in lines] == [ATTRIBUTES, None, {"uncoded_only": "x"}]
    with Project.create(tmp_path / "b.annot") as second:
        import_project(second, tmp_path / "first.jsonl")
        assert second.document_attributes(second.documents()[0].id) == ATTRIBUTES
        export(second, "jsonl", tmp_path / "second.jsonl")
    assert (tmp_path / "second.jsonl").read_bytes() == (tmp_path / "first.jsonl").read_bytes()


def test_jsonl_import_keeps_a_matched_documents_own_attributes(empty_project, tmp_path):
    first, _ = _attributed(empty_project)
    line = {"document": "a.txt", "text": "Crime has fallen. They lied.", "spans": [], "attributes": {"outlet": "Y"}}
    (tmp_path / "in.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert import_project(empty_project, tmp_path / "in.jsonl").documents_matched == 1
    assert empty_project.document_attributes(first) == ATTRIBUTES


@pytest.mark.parametrize("attributes", [["outlet"], {"outlet": {"name": "X"}}, {"tags": [1, 2]}])
def test_jsonl_import_refuses_bad_attributes_in_one_sentence(empty_project, tmp_path, attributes):
    line = {"document": "a.txt", "text": "Some text.", "spans": [], "attributes": attributes}
    (tmp_path / "bad.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(AnnotatorError, match=r"^bad\.jsonl, line 1: \"attributes\" must be an object whose values"):
        import_project(empty_project, tmp_path / "bad.jsonl")
    assert empty_project.documents() == []


def test_qdpx_round_trip_keeps_empty_and_null_values_and_every_name(empty_project, tmp_path):
    """Attack 12, finding 17: an empty text and a null vanished on the way through .qdpx."""
    values = {"empty": "", "null": None, "inner space": "v", "Zürich ✓": 1.5, "flag": False, "n": 7}
    doc = empty_project.import_text("A document.", "a.txt").document_id
    empty_project.set_document_attributes(doc, values)
    other = empty_project.import_text("Another.", "b.txt").document_id
    empty_project.set_document_attributes(other, {"empty": "x", "null": "y", "n": 8})
    export(empty_project, "qdpx", tmp_path / "p.qdpx")
    with Project.create(tmp_path / "back.annot") as back:
        import_project(back, tmp_path / "p.qdpx")
        by_name = {d.name: back.document_attributes(d.id) for d in back.documents()}
    assert json.dumps(by_name["a.txt"], sort_keys=True) == json.dumps(values, sort_keys=True)
    assert by_name["b.txt"] == {"empty": "x", "null": "y", "n": 8}
