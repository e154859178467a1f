"""``attributes --export`` and ``--import`` (annotator/attribute_table.py): the project's own
export comes back exactly, as CSV and as XLSX; header cells trimmed; two columns of one name,
rows naming no document or two, refused whole with the file's own row numbers; date-like
values kept as text are warned about."""
import csv
import datetime
import json
import shutil

import openpyxl
import pytest

from annotator import Project
from annotator.cli import main
from tests.helpers import dump

TRICKY = {"temp": -5, "score": -0.5, "tag": "@home", "note": "=SUM(1)", "plus": "+44 20", "year_text": "2024",
          "decimal": "1.10", "flag": True, "off": False, "quoted": "'=x", "apostrophe": "'tis", "empty": "",
          "spaced": " padded ", "date": "2024-03-03", "written": "3 March 2024", "big": 12345678901234567,
          "tiny": 1e-05, "whole_float": 3.5, "text_true": "true", "dash": "-", "unicode": "Zürich ✓"}


@pytest.fixture
def tabled(tmp_path):
    path = tmp_path / "tabled.annot"
    with Project.create(path) as project:
        for name in ("alpha", "beta", "=gamma", "same", "same "):
            project.import_text(f"Text {name}.", name)
        project.set_document_attributes("alpha", TRICKY)
        project.set_document_attributes("beta", {"temp": 12, "note": "plain"})
    return path


def _run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _attributes(path):
    with Project.open(path) as project:
        return {d.name: project.document_attributes(d.id) for d in project.documents()}


def _emptied(path, tmp_path):
    copy = tmp_path / f"copy-{path.name}"
    shutil.copy(path, copy)
    with Project.open(copy) as project:
        project.store.conn.execute("UPDATE documents SET attributes = '{}'")
        project.store.conn.commit()
    return copy


# ----------------------------------------------------------------- finding 4: the round trip
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_gives_back_every_value_exactly(tabled, tmp_path, capsys, suffix):
    table = tmp_path / f"attributes{suffix}"
    assert _run(capsys, "attributes", tabled, "--export", table)[0] == 0
    copy = _emptied(tabled, tmp_path)
    code, _, err = _run(capsys, "attributes", copy, "--import", table)
    assert code == 0 and "warning" not in err
    got, want = _attributes(copy), _attributes(tabled)
    if suffix == ".xlsx":   # a workbook keeps 15 significant digits of a number: 12345678901234567 has no place there
        assert got["alpha"].pop("big") == pytest.approx(want["alpha"].pop("big"), rel=1e-15)
    assert json.dumps(got, sort_keys=True) == json.dumps(want, sort_keys=True)    # types too: true is not 1


def test_the_export_never_writes_a_cell_that_starts_like_a_formula(tabled, tmp_path, capsys):
    table = tmp_path / "attributes.csv"
    assert _run(capsys, "attributes", tabled, "--export", table)[0] == 0
    rows = list(csv.reader(table.open(encoding="utf-8", newline="")))
    header = rows[0]
    alpha = dict(zip(header, rows[1]))
    assert alpha["temp"] == "-5" and alpha["score"] == "-0.5"         # numbers are numbers, never neutralised
    assert alpha["note"] == "'=SUM(1)" and alpha["tag"] == "'@home" and alpha["dash"] == "'-"
    assert alpha["year_text"] == "'2024" and alpha["flag"] == "true" and alpha["text_true"] == "'true"
    assert [row[0] for row in rows[1:]] == ["alpha", "beta", "'=gamma", "same", "same "]
    for row in rows:
        assert not any(cell.startswith(("=", "+", "@")) or cell.startswith("-") and not cell[1:2].isdigit()
                       for cell in row)


def test_raw_writes_text_as_it_is(tabled, tmp_path, capsys):
    table = tmp_path / "raw.csv"
    assert _run(capsys, "attributes", tabled, "--export", table, "--raw")[0] == 0
    alpha = dict(zip(*list(csv.reader(table.open(encoding="utf-8", newline="")))[:2]))
    assert alpha["note"] == "=SUM(1)" and alpha["year_text"] == "2024"


# ----------------------------------------------------------------- finding 13: .xlsx is a workbook
def test_export_to_xlsx_writes_a_workbook(tabled, tmp_path, capsys):
    out = tmp_path / "a.xlsx"
    assert _run(capsys, "attributes", tabled, "--export", out)[0] == 0
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "document" and rows[1][0] == "alpha"
    assert dict(zip(rows[0], rows[1]))["temp"] == -5


@pytest.mark.parametrize("name", ["a.txt", "a.xls", "a"])
def test_export_to_another_suffix_is_refused(tabled, tmp_path, capsys, name):
    code, _, err = _run(capsys, "attributes", tabled, "--export", tmp_path / name)
    assert code == 1 and ".csv or .xlsx" in err and not (tmp_path / name).exists()


# ----------------------------------------------------------------- finding 7: header cells trimmed
def test_header_cells_are_trimmed(tabled, tmp_path, capsys):
    table = tmp_path / "ws.csv"
    table.write_text("Document , sp \nalpha,x\n", encoding="utf-8")
    assert _run(capsys, "attributes", tabled, "--import", table)[0] == 0
    assert _attributes(tabled)["alpha"]["sp"] == "x"
    code, out, _ = _run(capsys, "search", tabled, "Text", "--where", "sp=x", "--json")
    assert code == 0 and [hit["document"] for hit in json.loads(out)] == ["alpha"]


# ----------------------------------------------------------------- finding 8: two columns of one name
@pytest.mark.parametrize("header, message", [("document,x,x", "columns 2 and 3 are both called 'x'"),
                                             ("document,x, x", "columns 2 and 3 are both called 'x'"),
                                             ("document,x,Document", "columns 1 and 3 are both the document column")])
def test_two_columns_of_one_name_refuse_the_table(tabled, tmp_path, capsys, header, message):
    table = tmp_path / "e.csv"
    table.write_text(f"{header}\nalpha,A,B\n", encoding="utf-8")
    before = dump(tabled)
    code, _, err = _run(capsys, "attributes", tabled, "--import", table)
    assert code == 1 and message in err and err.count("\n") == 1
    assert dump(tabled) == before


# ----------------------------------------------------------------- finding 14: the rows named
def test_refused_rows_are_named_by_their_row_in_the_file(tabled, tmp_path, capsys):
    table = tmp_path / "b.csv"
    table.write_bytes(b"document,outlet\r\nalpha,A\r\n\r\nnosuch,B\r\nalpha,C\r\n")
    code, _, err = _run(capsys, "attributes", tabled, "--import", table)
    assert code == 1 and "row 4 'nosuch'" in err and "row 5 'alpha': a document an earlier row named" in err


def test_a_name_two_documents_share_asks_for_the_id_and_the_id_is_taken(tabled, tmp_path, capsys):
    with Project.open(tabled) as project:
        project.store.conn.execute("UPDATE documents SET name = 'same' WHERE name = 'same '")
        project.store.conn.commit()
        same = [d.id for d in project.documents() if d.name == "same"]
    table = tmp_path / "d.csv"
    table.write_text("document,outlet\nsame,A\n", encoding="utf-8")
    code, _, err = _run(capsys, "attributes", tabled, "--import", table)
    assert code == 1 and "row 2 'same': 2 documents have this name (write the id of the one meant)" in err
    table.write_text(f"document,outlet\n{same[1]},B\n", encoding="utf-8")
    assert _run(capsys, "attributes", tabled, "--import", table)[0] == 0
    with Project.open(tabled) as project:
        assert project.document_attributes(same[1]) == {"outlet": "B"}
        assert project.document_attributes(same[0]) == {}
    exported = tmp_path / "out.csv"                            # the export writes those two by id
    assert _run(capsys, "attributes", tabled, "--export", exported)[0] == 0
    assert [row[0] for row in csv.reader(exported.open(encoding="utf-8"))][-2:] == [str(i) for i in same]


# ----------------------------------------------------------------- finding 9: dates not stored as dates
def test_date_like_values_kept_as_text_are_warned_about(tabled, tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["document", "when", "day", "month"])
    sheet.append(["alpha", datetime.datetime(2024, 3, 4, 10, 30), "2024-02-30", "March 2024"])
    sheet.append(["beta", "4 March 2024 10:00", "30 February 2024", "Daily Post"])
    book.save(tmp_path / "x.xlsx")
    code, _, err = _run(capsys, "attributes", tabled, "--import", tmp_path / "x.xlsx")
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert code == 0 and len(warnings) == 5, warnings
    assert "alpha: when '2024-03-04T10:30:00' kept as text: it has a time of day" in warnings[0]
    assert "alpha: day '2024-02-30' kept as text: it is not a day of the calendar" in warnings[1]
    assert "alpha: month 'March 2024' kept as text: it is not a whole date" in warnings[2]
    assert not any("Daily Post" in w for w in warnings)


@pytest.mark.parametrize("assignment, why", [("date=2024-02-30", "it is not a day of the calendar"),
                                             ("when=2024-03-04 10:00", "it has a time of day"),
                                             ("date=sometime in May", "is not a date this reads")])
def test_set_warns_about_a_date_it_keeps_as_text(tabled, capsys, assignment, why):
    assert _run(capsys, "attributes", tabled, "--set", "beta", "date=2024-01-01")[0] == 0
    code, _, err = _run(capsys, "attributes", tabled, "--set", "alpha", assignment)
    assert code == 0 and why in err and err.startswith("warning: alpha: ")


def test_a_name_an_older_version_stored_is_exported_with_a_warning(tabled, tmp_path, capsys):
    """Attack 12, finding 6: such a table cannot be imported again, and the export says so."""
    with Project.open(tabled) as project:
        project.store.conn.execute("""UPDATE documents SET attributes = '{"Document": "x"}' WHERE name = 'beta'""")
        project.store.conn.commit()
    code, _, err = _run(capsys, "attributes", tabled, "--export", tmp_path / "o.csv")
    assert code == 0 and "warning: the attribute 'Document' (stored by an older version) cannot be imported" in err
