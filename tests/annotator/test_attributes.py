"""Document attributes: `annotator attributes` (list, set, unset, import, export) and its command."""
import csv
import json

import openpyxl
import pytest

from annotator.attribute_table import import_table
from annotator.attributes import SetDocumentAttributes, parse_value, set_values
from annotator.changes import ChangeKind
from annotator.cli import main
from annotator.project import Project
from tests.helpers import dump


@pytest.fixture
def study(tmp_path):
    path = tmp_path / "study.annot"
    with Project.create(path) as project:
        project.import_text("One text.", "alpha")
        project.import_text("Two text.", "beta")
        project.import_text("Three text.", "gamma")
        project.store.conn.execute("UPDATE documents SET attributes = ? WHERE name = 'gamma'",
                                   ('{"pages": 3, "peer_reviewed": true}',))  # as a .qdpx import stores them
        project.store.conn.commit()
    return path


def attrs(path, name):
    with Project.open(path) as project:
        return project.document_attributes(name)


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_every_document_and_json_keeps_value_types(study, capsys):
    code, out, _ = run(capsys, "attributes", study)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3
    assert lines[0] == "1  alpha: (none)"
    assert lines[2] == "3  gamma: pages=3; peer_reviewed=true"
    code, out, _ = run(capsys, "attributes", study, "--json")
    listed = json.loads(out)
    assert [d["document"] for d in listed] == ["alpha", "beta", "gamma"]
    assert listed[2]["attributes"] == {"pages": 3, "peer_reviewed": True}


def test_set_and_unset_by_name_and_id_parse_numbers_and_dates(study, capsys):
    code, _, _ = run(capsys, "attributes", study, "--set", "alpha", "outlet=Daily Post", "date=3 March 2024",
                     "words=812", "score=0.5", "code=007")
    assert code == 0
    assert attrs(study, "alpha") == {"outlet": "Daily Post", "date": "2024-03-03", "words": 812, "score": 0.5,
                                     "code": "007"}
    assert run(capsys, "attributes", study, "--set", "3", "outlet=Weekly")[0] == 0  # gamma by id
    assert attrs(study, "gamma") == {"pages": 3, "peer_reviewed": True, "outlet": "Weekly"}
    assert run(capsys, "attributes", study, "--unset", "1", "words", "score")[0] == 0
    assert attrs(study, "alpha") == {"outlet": "Daily Post", "date": "2024-03-03", "code": "007"}


@pytest.mark.parametrize("argument", ["outlet", "=Daily", "document=x"])
def test_a_bad_assignment_is_one_sentence_and_changes_nothing(study, capsys, argument):
    before = dump(study)
    code, out, err = run(capsys, "attributes", study, "--set", "alpha", "ok=1", argument)
    assert code == 1 and err.count("\n") == 1 and err.startswith("annotator: ") and "Traceback" not in err
    assert dump(study) == before


def test_unknown_document_or_attribute_is_refused(study, capsys):
    before = dump(study)
    assert run(capsys, "attributes", study, "--set", "omega", "a=1")[0] == 1
    code, _, err = run(capsys, "attributes", study, "--unset", "gamma", "pages", "colour")
    assert code == 1 and "'colour'" in err and dump(study) == before


def test_import_csv_reads_written_dates_and_warns_naming_the_document(study, tmp_path, capsys):
    table = tmp_path / "meta.csv"
    table.write_text("Document,date,outlet,words\n"
                     "alpha,2024-03-03,Daily,800\n"
                     "beta,\"March 4, 2024\",Weekly,\n"
                     "gamma,sometime in May 2024,Daily,1200.5\n")
    code, out, err = run(capsys, "attributes", study, "--import", table)
    assert code == 0 and "3 documents" in out
    assert attrs(study, "alpha") == {"date": "2024-03-03", "outlet": "Daily", "words": 800}
    assert attrs(study, "beta") == {"date": "2024-03-04", "outlet": "Weekly"}  # an empty cell sets nothing
    assert attrs(study, "gamma") == {"pages": 3, "peer_reviewed": True, "date": "sometime in May 2024",
                                     "outlet": "Daily", "words": 1200.5}
    assert [line for line in err.splitlines() if "warning" in line] == \
        ["warning: gamma: date 'sometime in May 2024' is not a date this reads; kept as text"]


def test_import_xlsx_with_excel_dates_and_ambiguous_numeric_dates(study, tmp_path, capsys):
    import datetime
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["date", "document", "issue"])
    sheet.append([datetime.datetime(2024, 3, 5), "alpha", 12])
    sheet.append(["03/04/2024", "beta", 13])
    sheet.append(["13/03/2024", "gamma", 14])
    table = tmp_path / "meta.xlsx"
    book.save(table)
    code, _, err = run(capsys, "attributes", study, "--import", table)
    assert code == 0
    assert attrs(study, "alpha") == {"date": "2024-03-05", "issue": 12}
    assert attrs(study, "beta") == {"date": "03/04/2024", "issue": 13}
    assert attrs(study, "gamma")["date"] == "2024-03-13"
    assert "beta: date '03/04/2024' kept as text" in err


def test_unmatched_rows_refuse_the_whole_file_and_are_listed(study, tmp_path, capsys):
    table = tmp_path / "meta.csv"
    table.write_text("document,outlet\nalpha,Daily\nomega,Weekly\nbeta,X\nalpha,Again\n")
    before = study.read_bytes()
    code, _, err = run(capsys, "attributes", study, "--import", table)
    assert code == 1 and err.count("\n") == 1
    assert "row 3 'omega'" in err and "row 5 'alpha'" in err and "row 2" not in err
    assert study.read_bytes() == before


def test_export_csv_is_neutralised_and_reimports(study, tmp_path, capsys):
    assert run(capsys, "attributes", study, "--set", "beta", "note==SUM(1)", "date=2024-01-02")[0] == 0
    out = tmp_path / "out.csv"
    assert run(capsys, "attributes", study, "--export", out)[0] == 0
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert rows[0] == ["document", "date", "note", "pages", "peer_reviewed"]
    assert rows[2] == ["beta", "2024-01-02", "'=SUM(1)", "", ""]
    assert rows[3] == ["gamma", "", "", "3", "true"]


def test_export_never_replaces_a_project(study, tmp_path, capsys):
    other = tmp_path / "other.annot"
    Project.create(other).close()
    before = other.read_bytes()
    assert run(capsys, "attributes", study, "--export", other)[0] == 1
    assert other.read_bytes() == before


def test_the_command_and_its_inverse_restore_the_store_exactly(study):
    before = dump(study)
    with Project.open(study) as project:
        gamma = project.document("gamma").id
        inverse, change = project.apply(SetDocumentAttributes(gamma, {"outlet": "Daily", "date": "2024-03-03"},
                                                              replace=True))
        assert change.kind is ChangeKind.DOCUMENTS and change.document_id == gamma
        assert project.document_attributes(gamma) == {"outlet": "Daily", "date": "2024-03-03"}
        redo, _ = project.apply(inverse)
    assert dump(study) == before  # the stored JSON text itself, not only an equal dict
    with Project.open(study) as project:
        project.apply(redo)
        assert project.document_attributes(gamma) == {"outlet": "Daily", "date": "2024-03-03"}


@pytest.mark.parametrize("text, value", [
    ("2024-03-03", "2024-03-03"), ("2024/3/4", "2024-03-04"), ("3 March 2024", "2024-03-03"),
    ("March 3, 2024", "2024-03-03"), ("Mon, 4 Mar 2024", "2024-03-04"), ("13.03.2024", "2024-03-13"),
    ("4.4.2024", "2024-04-04"), ("03/04/2024", "03/04/2024"), ("March 2024", "March 2024"),
    ("2024-03-03 10:00", "2024-03-03 10:00"), ("1999", 1999), ("-2.5", -2.5), ("007", "007"),
    ("Daily Post", "Daily Post")])
def test_written_values(text, value):
    reading = parse_value(text)
    assert reading.value == value and type(reading.value) is type(value)
    assert bool(reading.note) == (text in ("03/04/2024", "March 2024", "2024-03-03 10:00"))


def test_set_and_import_are_patches_so_a_write_in_between_survives(study, tmp_path):
    """Attack 12, finding 2: --set and --import read in one transaction and wrote in another."""
    table = tmp_path / "t.csv"
    table.write_text("document,pages\nbeta,4\n", encoding="utf-8")
    with Project.open(study) as project:
        conn = project.store.conn
        commands = [set_values(conn, "alpha", ["outlet=Daily"])[0], import_table(conn, table).command]
        with Project.open(study) as other:                        # another process, after the reads
            other.set_document_attributes("alpha", {"year": 2024})
            other.set_document_attributes("beta", {"year": 2023})
        for command in commands:
            project.apply(command)
        assert project.document_attributes("alpha") == {"year": 2024, "outlet": "Daily"}
        assert project.document_attributes("beta") == {"year": 2023, "pages": 4}
