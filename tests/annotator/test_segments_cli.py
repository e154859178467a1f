"""`annotator segments`: coded segments with their context, filtered by code (with sub-codes),
coder or gold, document, attribute, text and memo. Expected rows are written out by hand from
the fixture below, not computed by the code under test."""
import csv
import gc
import json

import openpyxl
import pytest
from analysis_study import code_blame_study, new_study

from annotator.analysis.retrieval import FIELDS, coded_segments, read_segments
from annotator.analysis.scope import resolve_scope
from annotator.cli import main
from annotator.project import Project

TEXTS = {
    "op-ed": "Crime fell. They lie about it.\nWe will fix it.",
    "speech": "Jobs are up. The rivals failed us.",
}


@pytest.fixture
def retrieval_study(tmp_path):
    path = tmp_path / "retrieval.annot"
    attributes = {"op-ed": {"outlet": "Daily", "date": "2024-03-01"}, "speech": {"outlet": "Weekly"}}
    with new_study(path, TEXTS, attributes) as project:
        code_blame_study(project, memos=("crime stats", "Rivals named"))
        project.store.conn.execute("UPDATE coders SET name = 'Adjudicated' WHERE name = 'gold'")
        project.store.conn.commit()
    return path


def rows(capsys, path, *options):
    assert main(["segments", str(path), "--json", *options]) == 0
    return json.loads(capsys.readouterr().out)


def brief(items):
    return [(r["document"], r["coder"], r["code_path"], r["start"], r["end"], r["text"]) for r in items]


def test_every_segment_in_document_then_start_order_with_all_fields(retrieval_study, capsys):
    items = rows(capsys, retrieval_study, "--context", "5")
    assert brief(items) == [
        ("op-ed", "Ana", "assertion", 0, 11, "Crime fell."),
        ("op-ed", "Ana", "blame > insult", 12, 30, "They lie about it."),
        ("op-ed", "Ben", "blame", 12, 30, "They lie about it."),
        ("speech", "Adjudicated", "assertion", 0, 12, "Jobs are up."),
        ("speech", "Ben", "assertion", 0, 12, "Jobs are up."),
        ("speech", "Ana", "blame", 13, 34, "The rivals failed us."),
    ]
    first, second = items[0], items[1]
    assert set(first) >= {"document", "document_sha256", "coder", "code", "code_path", "start", "end", "text",
                          "left", "right", "memo", "attributes"}
    assert (first["left"], first["right"], first["memo"]) == ("", " They", "crime stats")
    assert (second["code"], second["left"], second["right"]) == ("insult", "ell. ", "\nWe w")
    assert first["attributes"] == {"outlet": "Daily", "date": "2024-03-01"}
    assert len(first["document_sha256"]) == 64


def test_a_code_includes_its_sub_codes_and_a_path_names_one(retrieval_study, capsys):
    assert [r["code_path"] for r in rows(capsys, retrieval_study, "--code", "blame")] == [
        "blame > insult", "blame", "blame"]
    assert [r["code_path"] for r in rows(capsys, retrieval_study, "--code", "blame > insult")] == [
        "blame > insult"]


def test_gold_is_the_adjudicated_layer_even_renamed(retrieval_study, capsys):
    assert brief(rows(capsys, retrieval_study, "--coder", "gold")) == [
        ("speech", "Adjudicated", "assertion", 0, 12, "Jobs are up.")]


def test_a_coder_named_gold_is_that_coder_and_at_gold_is_the_layer(retrieval_study, capsys):
    with Project.open(retrieval_study) as project:
        project.annotate("op-ed", 31, 46, "assertion", project.add_coder("Gold"))
    assert brief(rows(capsys, retrieval_study, "--coder", "Gold")) == [
        ("op-ed", "Gold", "assertion", 31, 46, "We will fix it.")]
    layer = [("speech", "Adjudicated", "assertion", 0, 12, "Jobs are up.")]
    assert brief(rows(capsys, retrieval_study, "--coder", "gold")) == layer
    assert brief(rows(capsys, retrieval_study, "--coder", "@gold")) == layer


def test_a_document_name_two_documents_share_is_called_ambiguous(retrieval_study, capsys):
    with Project.open(retrieval_study) as project:
        project.import_text("Another text.", "speech")
    assert main(["segments", str(retrieval_study), "--document", "speech"]) == 1
    err = capsys.readouterr().err
    assert "More than one document is named 'speech'" in err
    assert "no document" not in err


def test_coders_documents_where_text_and_memo_all_narrow(retrieval_study, capsys):
    assert len(rows(capsys, retrieval_study, "--coder", "Ana", "--coder", "Ben")) == 5
    assert [r["document"] for r in rows(capsys, retrieval_study, "--document", "speech")] == ["speech"] * 3
    assert {r["document"] for r in rows(capsys, retrieval_study, "--where", "outlet=daily")} == {"op-ed"}
    assert [r["text"] for r in rows(capsys, retrieval_study, "--text", "RIVALS")] == ["The rivals failed us."]
    assert [r["memo"] for r in rows(capsys, retrieval_study, "--memo", "rivals")] == ["Rivals named"]
    assert rows(capsys, retrieval_study, "--where", "outlet=Daily", "--document", "speech") == []


@pytest.mark.parametrize("options, words", [
    (["--code", "blme"], ['no code "blme"', 'Did you mean "blame"?', "blame > insult"]),
    (["--coder", "Anna"], ['no coder "Anna"', 'Did you mean "Ana"?', "gold"]),
    (["--document", "oped"], ['no document "oped"', 'Did you mean "op-ed"?']),
    (["--where", "outlit=Daily"], ['"outlit"', 'Did you mean "outlet"?']),
    (["--context", "-1"], ["0 or more"]),
    (["--text", " "], ["--text needs some text"]),
])
def test_unknown_names_are_refused_with_the_known_ones(retrieval_study, capsys, options, words):
    assert main(["segments", str(retrieval_study), *options]) == 1
    err = capsys.readouterr().err
    for word in words:
        assert word in err
    assert "Traceback" not in err


def test_csv_and_xlsx_carry_attribute_columns_after_the_fields(retrieval_study, tmp_path, capsys):
    out = tmp_path / "segments.csv"
    assert main(["segments", str(retrieval_study), "--csv", str(out), "--coder", "Ana"]) == 0
    with open(out, newline="", encoding="utf-8") as stream:
        table = list(csv.reader(stream))
    assert table[0][-2:] == ["attr:date", "attr:outlet"] and table[0][0] == "document"
    assert table[1][table[0].index("text")] == "Crime fell." and table[1][-2:] == ["2024-03-01", "Daily"]
    assert table[3][-2:] == ["", "Weekly"]
    book = tmp_path / "segments.xlsx"
    assert main(["segments", str(retrieval_study), "--xlsx", str(book)]) == 0
    sheet = openpyxl.load_workbook(book)["segments"]
    values = list(sheet.values)
    assert len(values) == 7 and values[1][:3] == ("op-ed", values[1][1], "Ana")


def test_an_empty_project_gives_an_empty_list_and_a_csv_with_its_header(tmp_path, capsys):
    path = tmp_path / "empty.annot"
    Project.create(path).close()
    assert rows(capsys, path) == []
    out = tmp_path / "none.csv"
    assert main(["segments", str(path), "--csv", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("document,document_sha256,coder,code,code_path,start,end")


def test_the_output_never_replaces_the_project(retrieval_study, capsys):
    before = retrieval_study.read_bytes()
    assert main(["segments", str(retrieval_study), "--csv", str(retrieval_study)]) == 1
    assert retrieval_study.read_bytes() == before


def test_plain_output_shows_context_on_one_line(retrieval_study, capsys):
    assert main(["segments", str(retrieval_study), "--coder", "Ana", "--context", "4"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "op-ed [12-30] blame > insult (Ana): ...ll. [They lie about it.] We ...", lines
    assert lines[-1] == "3 segments."


@pytest.mark.parametrize("collecting", [True, False])
def test_reading_every_segment_at_once_gives_the_stream_and_leaves_the_collector_as_it_was(retrieval_study,
                                                                                          collecting):
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        with Project.open(retrieval_study) as project:
            conn = project.store.conn
            segments = read_segments(conn, resolve_scope(conn), context=5, text="the")
            assert segments == list(coded_segments(conn, resolve_scope(conn), context=5, text="the"))
            assert [(s.document, s.start, s.coder, s.left) for s in segments] == [
                ("op-ed", 12, "Ana", "ell. "), ("op-ed", 12, "Ben", "ell. "), ("speech", 13, "Ana", " up. ")]
            first = segments[0].as_json()
            assert first["code_path"] == "blame > insult" and list(first) == list(FIELDS)
        assert gc.isenabled() == collecting
    finally:
        (gc.enable if was else gc.disable)()
