"""`annotator crosstab`: code frequencies by document, coder, attribute value and date bin, in
segments, documents, characters and segments per 1,000 words.

Expected tables are worked out by hand on the study described in counting_studies.py (each
number explained beside it), and on random studies by the naive count at the end of this file,
which looks at every annotation and every character and shares no code with the module."""
import csv
import json
from datetime import date

import openpyxl
import pytest
from counting_studies import D1, D2, D3, build_hand_study, build_random_study
from helpers import dump

from annotator.adjudication import AcceptAnnotation
from annotator.analysis.crosstab import crosstab
from annotator.analysis.retrieval import coded_segments
from annotator.analysis.scope import resolve_scope
from annotator.attributes import all_attributes, is_date
from annotator.cli import main
from annotator.nlp import get_services
from annotator.packages import EMPTY_SCHEME
from annotator.project import Project
from annotator.records import code_path

ROWS = ["claim", "attack", "attack > insult", "fairness"]


@pytest.fixture
def crosstab_study(tmp_path):
    return build_hand_study(tmp_path / "hand.annot")


def table(capsys, path, *options):
    assert main(["crosstab", str(path), "--json", *options]) == 0
    return json.loads(capsys.readouterr().out)


def grid(result):
    """{row: [value per column]} from the JSON cells, checking they come row by row, column by column."""
    cells = result["cells"]
    assert [(c["row"], c["column"]) for c in cells] == [(r, c) for r in result["rows"] for c in result["columns"]]
    return {row: [c["value"] for c in cells if c["row"] == row] for row in result["rows"]}


def test_the_fixture_cuts_text_as_the_tables_assume():
    services = get_services("en")
    assert services.sentences(D1) == [(0, 11), (12, 28), (29, 47), (49, 67)]
    assert [services.word_count(t) for t in (D1, D2, D3)] == [13, 5, 3]


def test_segments_by_document_roll_sub_codes_up(crosstab_study, capsys):
    result = table(capsys, crosstab_study, "--columns", "document")
    assert (result["rows"], result["columns"], result["count"]) == (ROWS, ["d1", "d2", "d3"], "segments")
    assert grid(result) == {
        "claim": [4, 1, 0],  # d1: a1, a6, a4, b1; d2: b4
        "attack": [4, 1, 0],  # d1: a2, a3 (insult), b2 (insult), b3; d2: a5
        "attack > insult": [2, 0, 0],  # d1: a3, b2
        "fairness": [0, 1, 0],  # d2: b5
    }
    assert result["documents"] == {"d1": 1, "d2": 1, "d3": 1}


def test_documents_count_each_document_once(crosstab_study, capsys):
    assert grid(table(capsys, crosstab_study, "--columns", "document", "--count", "documents")) == {
        "claim": [1, 1, 0], "attack": [1, 1, 0], "attack > insult": [1, 0, 0], "fairness": [0, 1, 0]}
    by_coder = table(capsys, crosstab_study, "--columns", "coder", "--count", "documents")
    assert by_coder["columns"] == ["Ana", "Ben"]
    assert grid(by_coder) == {
        "claim": [1, 2],  # Ana: d1; Ben: d1, d2
        "attack": [2, 1],  # Ana: d1 (a2, a3), d2 (a5); Ben: d1 (b2 insult, b3)
        "attack > insult": [1, 1],
        "fairness": [0, 1],
    }
    assert by_coder["documents"] == {"Ana": 3, "Ben": 3}  # every coder's column holds all documents


def test_segments_by_coder(crosstab_study, capsys):
    assert grid(table(capsys, crosstab_study, "--columns", "coder")) == {
        "claim": [3, 2],  # Ana: a1, a6, a4; Ben: b1, b4
        "attack": [3, 2],  # Ana: a2, a3, a5; Ben: b2, b3
        "attack > insult": [1, 1],
        "fairness": [0, 1],
    }


def test_characters_unite_overlaps_per_coder_then_add_coders(crosstab_study, capsys):
    assert grid(table(capsys, crosstab_study, "--columns", "document", "--count", "characters")) == {
        # d1: Ana a1 [0,11) + a6 [6,21) united = [0,21) 21, + a4 18 = 39; Ben b1 11: 50. d2: Ben b4 12
        "claim": [50, 12, 0],
        # d1: Ana a2 [12,28) with a3 [17,21) inside = 16; Ben b2 16 + b3 18 = 34: 50. d2: Ana a5 11
        "attack": [50, 11, 0],
        "attack > insult": [20, 0, 0],  # d1: Ana a3 4 + Ben b2 16
        "fairness": [0, 24, 0],  # d2: Ben b5, the whole text
    }


def test_per_1000_words_of_the_columns_documents(crosstab_study, capsys):
    result = table(capsys, crosstab_study, "--columns", "document", "--count", "per1000")
    assert result["words"] == {"d1": 13, "d2": 5, "d3": 3}
    expected = {"claim": [4 / 13, 1 / 5, 0], "attack": [4 / 13, 1 / 5, 0], "attack > insult": [2 / 13, 0, 0],
                "fairness": [0, 1 / 5, 0]}
    assert grid(result) == {row: pytest.approx([v * 1000 for v in values]) for row, values in expected.items()}
    by_outlet = table(capsys, crosstab_study, "--columns", "attr:outlet", "--count", "per1000")
    assert by_outlet["words"] == {"Daily": 16, "Weekly": 5}  # "daily" (d3) is Daily: 13 + 3 words
    assert grid(by_outlet)["claim"] == pytest.approx([4 / 16 * 1000, 1 / 5 * 1000])


def test_attribute_values_group_as_where_compares_them(crosstab_study, capsys):
    result = table(capsys, crosstab_study, "--columns", "attr:outlet")
    assert result["columns"] == ["Daily", "Weekly"]  # d3's "daily" joins d1's "Daily"
    assert result["documents"] == {"Daily": 2, "Weekly": 1}
    assert grid(result) == {"claim": [4, 1], "attack": [4, 1], "attack > insult": [2, 0], "fairness": [0, 1]}


def test_the_number_3_and_the_text_3_are_one_column_and_one_where_value(tmp_path, capsys):
    path = tmp_path / "waves.annot"
    with Project.create(path) as project:
        for name, text in (("a", "One two three."), ("b", "Six seven. Eight."), ("c", "Nine ten.")):
            project.import_text(text, name)
        for name, wave in (("a", 3), ("b", "3"), ("c", True)):
            project.set_document_attributes(name, {"wave": wave})
        project.add_coder("Ana")
        for name, start, end in (("a", 0, 3), ("b", 0, 3), ("b", 4, 9)):
            project.annotate(name, start, end, "claim", "Ana")
    result = table(capsys, path, "--columns", "attr:wave", "--code", "claim")
    assert (result["columns"], result["documents"]) == (["3", "true"], {"3": 2, "true": 1})
    assert grid(result) == {"claim": [3, 0]}
    assert main(["segments", str(path), "--json", "--where", "wave=3"]) == 0
    assert {row["document"] for row in json.loads(capsys.readouterr().out)} == {"a", "b"}


@pytest.mark.parametrize("option, columns, claim", [
    ("year:date", ["2024", "(no date)"], [5, 0]),
    ("month:date", ["2024-03", "(no date)"], [5, 0]),  # d1 and d2 are both March
    ("week:date", ["2024-W09", "2024-W11", "(no date)"], [4, 1, 0]),  # 1 and 15 March 2024
])
def test_dates_are_binned_and_undated_documents_warned_about(crosstab_study, capsys, option, columns, claim):
    assert main(["crosstab", str(crosstab_study), "--json", "--columns", option]) == 0
    out, err = capsys.readouterr()
    result = json.loads(out)
    assert result["columns"] == columns and grid(result)["claim"] == claim
    assert result["documents"]["(no date)"] == 1
    assert 'warning: 1 document has no date in "date" ("d3")' in err


def test_iso_weeks_and_months_across_the_new_year(tmp_path, capsys):
    path = tmp_path / "weeks.annot"
    with Project.create(path, scheme=EMPTY_SCHEME) as project:
        project.add_code("claim")
        project.add_coder("Ana")
        for name, day in (("a", "2021-01-03"), ("b", "2024-12-30"), ("c", "2024-12-29")):
            project.import_text(f"Text {name}.", name)
            project.set_document_attributes(name, {"date": day})
            project.annotate(name, 0, 4, "claim", "Ana")
    # 3 Jan 2021 is a Sunday of ISO week 53 of 2020; Monday 30 Dec 2024 starts week 1 of 2025
    assert table(capsys, path, "--columns", "week:date")["columns"] == ["2020-W53", "2024-W52", "2025-W01"]
    assert table(capsys, path, "--columns", "month:date")["columns"] == ["2021-01", "2024-12"]
    assert grid(table(capsys, path, "--columns", "year:date"))["claim"] == [1, 2]


def test_documents_of_the_same_name_keep_columns_of_their_own(tmp_path, capsys):
    path = tmp_path / "twins.annot"
    with Project.create(path, scheme=EMPTY_SCHEME) as project:
        project.add_code("claim")
        project.add_coder("Ana")
        for text in ("One text.", "Another text."):
            project.import_text(text, "speech")
        project.import_text("A third.", "memo")
        project.annotate(2, 0, 7, "claim", "Ana")
    result = table(capsys, path, "--columns", "document")
    assert result["columns"] == ["speech [1]", "speech [2]", "memo"]
    assert grid(result) == {"claim": [0, 1, 0]}


def test_scope_narrows_rows_coders_and_documents(crosstab_study, capsys):
    result = table(capsys, crosstab_study, "--columns", "document", "--code", "attack", "--coder", "Ben",
                   "--where", "outlet=daily")
    assert (result["rows"], result["columns"]) == (["attack", "attack > insult"], ["d1", "d3"])
    assert grid(result) == {"attack": [2, 0], "attack > insult": [1, 0]}  # Ben's b2 (insult) and b3


def test_gold_is_a_layer_of_its_own(crosstab_study, capsys):
    with Project.open(crosstab_study) as project:
        ben_claim = next(a for a in project.annotations() if a.start == 0 and a.end == 12)
        project.apply(AcceptAnnotation(ben_claim.uuid))
    assert grid(table(capsys, crosstab_study, "--columns", "document", "--coder", "gold")) == {
        "claim": [0, 1, 0], "attack": [0, 0, 0], "attack > insult": [0, 0, 0], "fairness": [0, 0, 0]}
    assert table(capsys, crosstab_study, "--columns", "coder")["columns"] == ["Ana", "Ben", "gold"]


def test_the_human_table_states_its_unit(crosstab_study, capsys):
    assert main(["crosstab", str(crosstab_study), "--columns", "document", "--count", "characters"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Characters covered") and "by code and document" in lines[0]
    assert lines[1].split() == ["code", "d1", "d2", "d3"]
    assert lines[2].split() == ["claim", "50", "12", "0"]
    assert lines[-1] == "documents: d1 1, d2 1, d3 1"


def test_csv_is_long_with_the_unit_and_xlsx_has_both_shapes(crosstab_study, tmp_path, capsys):
    out = tmp_path / "counts.csv"
    assert main(["crosstab", str(crosstab_study), "--columns", "coder", "--count", "documents", "--csv", str(out)]) == 0
    with open(out, newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["row", "column", "value", "count", "documents"]
    assert rows[1:3] == [["claim", "Ana", "1", "documents", "3"], ["claim", "Ben", "2", "documents", "3"]]
    assert len(rows) == 1 + 4 * 2
    book = tmp_path / "counts.xlsx"
    assert main(["crosstab", str(crosstab_study), "--columns", "document", "--xlsx", str(book)]) == 0
    sheets = openpyxl.load_workbook(book)
    wide = list(sheets["crosstab"].values)
    assert wide[0] == ("segments by code \\ document", "d1", "d2", "d3")
    assert wide[1] == ("claim", 4, 1, 0)
    assert list(sheets["long"].values)[1] == ("claim", "d1", 4, "segments", 1)


def test_an_empty_project_gives_empty_tables_with_headers(tmp_path, capsys):
    path = tmp_path / "empty.annot"
    Project.create(path, scheme=EMPTY_SCHEME).close()
    assert table(capsys, path, "--columns", "document") == {
        "rows": [], "columns": [], "count": "segments", "cells": [], "documents": {}}
    out = tmp_path / "empty.csv"
    assert main(["crosstab", str(path), "--columns", "coder", "--csv", str(out)]) == 0
    assert out.read_text("utf-8").splitlines() == ["row,column,value,count,documents"]
    capsys.readouterr()
    assert main(["crosstab", str(path), "--columns", "document", "--count", "per1000"]) == 0
    assert capsys.readouterr().out.splitlines()[1].split() == ["code"]


@pytest.mark.parametrize("options, words", [
    (["--columns", "attr:outlit"], ['"outlit"', 'Did you mean "outlet"?', "date, outlet"]),
    (["--columns", "month:outlet"], ['No document has a date in "outlet"', "attr:outlet"]),
    (["--columns", "outlet"], ['"outlet" is not a kind of column', "week:KEY"]),
    (["--columns", "attr:"], ["is not a kind of column"]),
    (["--columns", "document", "--code", "atack"], ['no code "atack"', 'Did you mean "attack"?', "attack > insult"]),
    (["--columns", "document", "--coder", "Bem"], ['no coder "Bem"', 'Did you mean "Ben"?', "Ana, Ben"]),
    (["--columns", "document", "--where", "outle=Daily"], ['"outle"', 'Did you mean "outlet"?']),
])
def test_bad_input_is_one_sentence_and_changes_nothing(crosstab_study, capsys, options, words):
    before = dump(crosstab_study)
    assert main(["crosstab", str(crosstab_study), *options]) == 1
    err = capsys.readouterr().err
    assert all(word in err for word in words), err
    assert "Traceback" not in err and err.count("\n") == 1
    assert dump(crosstab_study) == before


@pytest.mark.parametrize("columns", ["document", "coder", "attr:outlet"])
def test_a_cell_opens_exactly_the_segments_it_counts(crosstab_study, columns):
    with Project.open(crosstab_study) as project:
        conn = project.store.conn
        result = crosstab(conn, resolve_scope(conn, coders=["Ben"] if columns != "coder" else ()), columns)
        opened = [[len(list(coded_segments(conn, result.cell_scope(r, c)))) for c in range(len(result.labels))]
                  for r in range(len(result.rows))]
    assert opened == [list(values) for values in result.values] and sum(map(sum, opened)) > 0


def test_progress_is_reported_per_document(crosstab_study):
    seen = []
    with Project.open(crosstab_study) as project:
        crosstab(project.store.conn, resolve_scope(project.store.conn), "document", "per1000",
                 progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2), (1, 3), (2, 3), (3, 3)]  # two coded documents, then words of three


# ----------------------------------------------------------------- a naive count on random studies
@pytest.fixture(scope="module", params=[1, 2, 3])
def random_crosstab_study(request, tmp_path_factory):
    return build_random_study(tmp_path_factory.mktemp("random") / "random.annot", request.param)


@pytest.mark.parametrize("columns", ["document", "coder", "attr:outlet", "year:date", "month:date", "week:date"])
@pytest.mark.parametrize("count", ["segments", "documents", "characters", "per1000"])
def test_random_studies_match_a_naive_count(random_crosstab_study, columns, count):
    with Project.open(random_crosstab_study) as project:
        conn = project.store.conn
        for codes, coders in (((), ()), (("attack",), ("Ana", "Cleo"))):
            result = crosstab(conn, resolve_scope(conn, codes, coders), columns, count)
            got = {(row, column): value for row, column, value in result.cells()}
            assert got == pytest.approx(naive_crosstab(project, columns, count, codes, coders))


def naive_crosstab(project, columns, count, codes, coders):
    conn = project.store.conn
    by_id = {c.id: c for c in project.codes()}
    shown = [c.id for c in by_id.values() if not codes or any(by_id[i].name in codes for i in ancestry(by_id, c.id))]
    annotations = [a for a in project.annotations() if a.code_id in shown
                   and (not coders or project.coder(a.coder_id).name in coders)]
    texts = {d.id: d.text for d in project.documents()}
    columns_of = naive_columns(conn, project, columns, coders)
    out = {}
    for code in shown:
        counted = [a for a in annotations if code in ancestry(by_id, a.code_id)]
        for label, (docs, coder) in columns_of.items():
            mine = [a for a in counted if a.document_id in docs and coder in (None, a.coder_id)]
            out[code_path(by_id, code), label] = naive_value(count, mine, docs, texts)
    return out


def ancestry(by_id, code_id):
    chain = [code_id]
    while by_id[chain[-1]].parent_id is not None:
        chain.append(by_id[chain[-1]].parent_id)
    return chain


def naive_columns(conn, project, columns, coders):
    """{label: (document ids, coder id or None)}."""
    documents = all_attributes(conn)
    if columns == "document":
        return {name: ({doc}, None) for doc, name, _ in documents}
    if columns == "coder":
        return {c.name: ({doc for doc, _, _ in documents}, c.id) for c in project.coders()
                if not coders or c.name in coders}
    kind, key = columns.split(":")
    out: dict = {}
    for doc, _, attributes in documents:
        value = attributes.get(key)
        label = naive_label(kind, value)
        match = next((known for known in out if naive_same(known, label)), label)
        out.setdefault(match, (set(), None))[0].add(doc)
    return out


def naive_label(kind, value):
    if kind == "attr":
        return "(no value)" if value is None else str(value)
    if not is_date(value):
        return "(no date)"
    day = date.fromisoformat(value)
    return {"year": str(day.year), "month": value[:7], "week": "%d-W%02d" % day.isocalendar()[:2]}[kind]


def naive_same(a, b):
    try:
        return float(a) == float(b)
    except ValueError:
        return a.casefold() == b.casefold()


def naive_value(count, annotations, docs, texts):
    if count == "segments":
        return len(annotations)
    if count == "documents":
        return len({a.document_id for a in annotations})
    if count == "characters":
        return len({(a.coder_id, a.document_id, i) for a in annotations for i in range(a.start, a.end)})
    nlp = get_services("en").nlp
    words = sum(1 for doc in docs for t in nlp.tokenizer(texts[doc]) if not (t.is_punct or t.is_space))
    return None if words == 0 else len(annotations) * 1000 / words
