"""The one rule for attribute keys and values (annotator/attribute_rules.py), held by every
writer: JSONL, spreadsheet corpora, .qdpx, ``attributes --set``, the API; stored damage from
older versions read without crashing; values kept as written (annotator/attribute_values.py)."""
import json
import unicodedata

import openpyxl
import pytest

from annotator import Project
from annotator.attribute_values import parse_value
from annotator.attributes import SetDocumentAttributes
from annotator.cli import main
from annotator.codebook.names import name_key
from annotator.errors import AnnotatorError
from annotator.exporting import export
from annotator.importing import import_paths, import_project
from tests.helpers import dump


@pytest.fixture
def ruled(tmp_path):
    path = tmp_path / "ruled.annot"
    with Project.create(path) as project:
        project.import_text("One text about crime.", "alpha")
        project.add_coder("Ana")
        project.annotate("alpha", 0, 3, "claim", "Ana")
    return path


def _run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _jsonl_line(tmp_path, attributes_json: str):
    line = json.dumps({"document": "n.txt", "text": "New text.", "spans": [], "attributes": {"x": "P"}})
    path = tmp_path / "in.jsonl"
    path.write_text(line.replace('{"x": "P"}', attributes_json) + "\n", encoding="utf-8")
    return path


# ----------------------------------------------------------------- finding 1: numbers JSON cannot hold
@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_a_jsonl_number_json_cannot_hold_is_refused_in_one_sentence(ruled, tmp_path, number):
    before = dump(ruled)
    with Project.open(ruled) as project:
        with pytest.raises(AnnotatorError, match=r"^in\.jsonl, line 1: .*'x' cannot be stored"):
            import_project(project, _jsonl_line(tmp_path, '{"x": %s}' % number))
    assert dump(ruled) == before


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 2 ** 70, [1], {"a": 1}, "\ud800"])
def test_the_api_refuses_a_value_json_or_sqlite_cannot_hold(ruled, value):
    before = dump(ruled)
    with Project.open(ruled) as project:
        with pytest.raises(AnnotatorError, match="cannot be stored"):
            project.set_document_attributes("alpha", {"x": value})
    assert dump(ruled) == before


def _older_version_wrote(path, raw: str) -> None:
    with Project.open(path) as project:
        project.store.conn.execute("UPDATE documents SET attributes = ? WHERE name = 'alpha'", (raw,))
        project.store.conn.commit()


@pytest.mark.parametrize("fmt, out", [("csv", "o.csv"), ("xlsx", "o.xlsx"), ("bundle", "bundle"), ("jsonl", "o.jsonl")])
def test_stored_infinity_from_an_older_version_exports_as_text_with_a_note(ruled, tmp_path, capsys, fmt, out):
    _older_version_wrote(ruled, '{"x": Infinity, "y": NaN, "z": 2}')
    code, stdout, _ = _run(capsys, "export", ruled, "--format", fmt, "-o", tmp_path / out)
    assert code == 0 and "'alpha'" in stdout and "NaN or Infinity" in stdout
    if fmt == "jsonl":
        line = json.loads((tmp_path / out).read_text("utf-8").splitlines()[0])   # strict JSON again
        assert line["attributes"] == {"x": "Infinity", "y": "NaN", "z": 2}


def test_stored_damage_lists_as_json_and_is_named(ruled, capsys):
    _older_version_wrote(ruled, '{"x": -Infinity}')
    code, out, err = _run(capsys, "attributes", ruled, "--json")
    assert code == 0 and json.loads(out)[0]["attributes"] == {"x": "-Infinity"}
    assert "'alpha'" in err and err.startswith("warning:")
    with Project.open(ruled) as project:
        assert project.documents(where={"x": "-Infinity"})[0].name == "alpha"


def test_setting_a_value_repairs_stored_damage(ruled, capsys):
    _older_version_wrote(ruled, '{"x": NaN}')
    assert _run(capsys, "attributes", ruled, "--set", "alpha", "y=1")[0] == 0
    with Project.open(ruled) as project:
        raw = project.store.conn.execute("SELECT attributes FROM documents").fetchone()[0]
    assert json.loads(raw, parse_constant=pytest.fail) == {"x": "NaN", "y": 1}


# ----------------------------------------------------------------- finding 6: one rule for keys
BAD_KEYS = ["", "  ", "document", "Document", "a\nb", "esc\x1bkey", " padded "]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_jsonl_keys_follow_the_rule(ruled, tmp_path, key):
    before = dump(ruled)
    with Project.open(ruled) as project:
        with pytest.raises(AnnotatorError, match="cannot be an attribute"):
            import_project(project, _jsonl_line(tmp_path, json.dumps({key: 1})))
    assert dump(ruled) == before


@pytest.mark.parametrize("key", BAD_KEYS)
def test_the_api_holds_the_key_rule(ruled, key):
    with Project.open(ruled) as project:
        with pytest.raises(AnnotatorError, match="cannot be an attribute"):
            project.set_document_attributes("alpha", {key: 1})


@pytest.mark.parametrize("assignment", ["nl\nkey=4", "esc\x1b=4", "Document=x"])
def test_set_refuses_keys_with_control_characters(ruled, capsys, assignment):
    before = dump(ruled)
    code, _, err = _run(capsys, "attributes", ruled, "--set", "alpha", assignment)
    assert code == 1 and err.count("\n") == 1 and "cannot be an attribute" in err
    assert dump(ruled) == before


@pytest.mark.parametrize("header, message", [
    ("name,text,document,outlet", "column 3 ('document') cannot be an attribute"),
    ("name,text,Document ,outlet", "column 3 ('Document') cannot be an attribute"),
    ("name,text,outlet, outlet", "columns 3 and 4 are both called 'outlet'"),
    ("name,text,\"a\nb\",outlet", "column 3 ('a\\nb') cannot be an attribute")])
def test_a_corpus_column_the_rule_refuses_refuses_the_file(ruled, tmp_path, header, message):
    corpus = tmp_path / "corp.csv"
    corpus.write_text(f"{header}\nA1,Some text.,x,Daily\n", encoding="utf-8")
    before = dump(ruled)
    with Project.open(ruled) as project:
        (result,) = import_paths(project, [corpus], False, "en")
    assert result.status == "refused" and message in result.message
    assert dump(ruled) == before


def test_a_corpus_column_without_a_name_is_column_n(ruled, tmp_path):
    corpus = tmp_path / "corp.csv"
    corpus.write_text("name,text,,outlet\nA1,Some text.,x,Daily\n", encoding="utf-8")
    with Project.open(ruled) as project:
        (result,) = import_paths(project, [corpus], False, "en")
        assert project.document_attributes(result.document_id) == {"column 3": "x", "outlet": "Daily",
                                                                   "source_row": 2}


def test_a_qdpx_variable_the_rule_refuses_is_one_sentence(ruled, tmp_path):
    _older_version_wrote(ruled, '{"Document": "x"}')
    with Project.open(ruled) as project:
        export(project, "qdpx", tmp_path / "p.qdpx")
    with Project.create(tmp_path / "new.annot") as fresh:
        with pytest.raises(AnnotatorError, match="variable 'Document' cannot be a document attribute"):
            import_project(fresh, tmp_path / "p.qdpx")
        assert fresh.documents() == []


# ----------------------------------------------------------------- finding 16: values kept as written
@pytest.mark.parametrize("text, value", [
    ("1.10", "1.10"), ("3.50", "3.50"), ("-0", "-0"), ("12345678901234567890.5", "12345678901234567890.5"),
    ("99999999999999999999", "99999999999999999999"), ("1E5", "1E5"),
    ("1.5", 1.5), ("-2", -2), ("1e-05", 1e-05), ("0.0001", 0.0001), ("1e+20", 1e+20), ("TRUE", True),
    ("false", False)])
def test_a_number_is_stored_only_when_it_keeps_its_written_form(text, value):
    reading = parse_value(text)
    assert reading.value == value and type(reading.value) is type(value)
    assert bool(reading.note) == isinstance(value, str)


def test_xlsx_numbers_in_exponent_form_are_numbers_and_error_cells_are_reported(ruled, tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["document", "small", "tiny", "ratio"])
    sheet.append(["alpha", 0.0001, 1e-05, "#DIV/0!"])
    book.save(tmp_path / "t.xlsx")
    code, _, err = _run(capsys, "attributes", ruled, "--import", tmp_path / "t.xlsx")
    with Project.open(ruled) as project:
        assert project.document_attributes("alpha") == {"small": 0.0001, "tiny": 1e-05, "ratio": "#DIV/0!"}
    assert code == 0 and "alpha: ratio '#DIV/0!' kept as text: it is a spreadsheet error" in err


def test_a_decimal_set_keeps_its_written_form_with_a_warning(ruled, capsys):
    code, _, err = _run(capsys, "attributes", ruled, "--set", "alpha", "price=3.50", "big=12345678901234567890.5")
    with Project.open(ruled) as project:
        assert project.document_attributes("alpha") == {"price": "3.50", "big": "12345678901234567890.5"}
    assert code == 0 and "alpha: price '3.50' kept as text: as a number it would read 3.5" in err


# ----------------------------------------------------------------- finding 11: names compared after NFC
def test_a_decomposed_document_name_is_found_by_its_composed_form(tmp_path, capsys):
    path = tmp_path / "nfd.annot"
    decomposed = unicodedata.normalize("NFD", "café.txt")
    with Project.create(path) as project:
        project.import_text("Un texte.", decomposed)
    assert _run(capsys, "attributes", path, "--set", "café.txt", "x=1")[0] == 0
    table = tmp_path / "t.csv"
    table.write_text("document,y\ncafé.txt,2\n", encoding="utf-8")
    assert _run(capsys, "attributes", path, "--import", table)[0] == 0
    with Project.open(path) as project:
        assert project.document_attributes("café.txt") == {"x": 1, "y": 2}
        assert project.documents()[0].name == decomposed          # the stored name is kept as it is
    code, out, _ = _run(capsys, "search", path, "texte", "--document", "café.txt", "--json")
    assert code == 0 and len(json.loads(out)) == 1


def test_a_key_typed_composed_sets_the_stored_decomposed_key(ruled):
    decomposed = unicodedata.normalize("NFD", "Zürich")
    with Project.open(ruled) as project:
        project.set_document_attributes("alpha", {decomposed: "a"})
        project.apply(SetDocumentAttributes(project.document("alpha").id, {"Zürich": "b"}))
        assert project.document_attributes("alpha") == {decomposed: "b"}


def test_code_names_clash_in_either_unicode_form():
    assert name_key(unicodedata.normalize("NFD", "Ärger")) == name_key("ärger")
