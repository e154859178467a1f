"""The analysis bundle (`annotator export --format bundle`): tidy tables for R and pandas.
Expected values are written out by hand from the fixture (sentence_code also by brute force)."""
import csv
import json
import random
from datetime import date

import pandas as pd
import pyarrow.parquet as pq
import pytest

from annotator.cli import main
from annotator.errors import AnnotatorError
from annotator.formats.bundle import covered
from annotator.project import Project

TEXT = "Crime fell. They lie!\nWe act."  # sentences [0,11) [12,21) [22,29)


@pytest.fixture
def bundle_study(tmp_path):
    path = tmp_path / "bundle.annot"
    with Project.create(path) as project:
        project.import_text(TEXT, "op-ed")
        project.import_text("Nobody coded this.", "untouched")
        project.set_document_attributes("op-ed", {"outlet": "Daily", "pages": 2})
        project.set_document_attributes("untouched", {"outlet": "=cmd"})
        group = project.add_code("stance", codable=False)
        pro = project.add_code("pro", parent=group)
        ana, ben = project.add_coder("Ana"), project.add_coder("Ben")
        project.annotate("op-ed", 0, 11, "claim", ana)
        project.annotate("op-ed", 6, 16, "claim", ana)       # overlaps the first: characters 0..16 = 16
        project.annotate("op-ed", 12, 21, "attack", ana, memo="-note")
        project.annotate("op-ed", 22, 29, pro, ben)
    return path


def read(folder, name):
    with open(folder / f"{name}.csv", newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture
def bundle(bundle_study, tmp_path):
    out = tmp_path / "bundle"
    assert main(["export", str(bundle_study), "--format", "bundle", "-o", str(out)]) == 0
    return out


def test_documents_have_characters_words_and_attribute_columns(bundle):
    rows = read(bundle, "documents")
    # words: "Crime fell They lie We act" (6) and "Nobody coded this" (3); punctuation is not a word;
    # "=cmd" is neutralised like every CSV cell
    assert [(r["name"], r["characters"], r["words"], r["attr:outlet"], r["attr:pages"]) for r in rows] == [
        ("op-ed", "29", "6", "Daily", "2"), ("untouched", "18", "3", "'=cmd", "")]


def test_codes_and_coders(bundle):
    codes = {r["path"]: r for r in read(bundle, "codes")}
    assert codes["stance > pro"]["depth"] == "1" and codes["stance > pro"]["parent_uuid"] == codes["stance"]["uuid"]
    assert codes["stance"]["codable"] == "false"
    coders = {r["name"]: r for r in read(bundle, "coders")}
    assert (coders["Ana"]["annotations"], coders["Ben"]["annotations"], coders["Ana"]["is_gold"]) == ("3", "1", "false")


def test_segments_carry_the_codebook_version_and_attributes(bundle):
    rows = read(bundle, "segments")
    assert [(r["coder"], r["code_path"], r["start"], r["end"], r["text"]) for r in rows] == [
        ("Ana", "claim", "0", "11", "Crime fell."), ("Ana", "claim", "6", "16", "fell. They"),
        ("Ana", "attack", "12", "21", "They lie!"), ("Ben", "stance > pro", "22", "29", "We act.")]
    assert all(r["scheme_version"].isdigit() for r in rows)
    assert rows[2]["memo"] == "'-note" and rows[0]["attr:outlet"] == "Daily"


def test_document_code_is_a_full_grid_for_coders_who_coded_the_document(bundle):
    rows = read(bundle, "document_code")
    assert {r["document"] for r in rows} == {"op-ed"}          # nobody coded "untouched"
    cells = {(r["coder"], r["code_path"]): (r["segments"], r["characters"]) for r in rows}
    assert cells[("Ana", "claim")] == ("2", "16")             # [0,11) and [6,16) overlap: 16 characters
    assert cells[("Ana", "attack")] == ("1", "9")
    assert cells[("Ana", "stance > pro")] == ("0", "0")
    assert cells[("Ben", "stance > pro")] == ("1", "7")
    assert len(rows) == 2 * 6                                 # 2 coders x 6 codes (4 default + stance + pro)


def test_sentence_code_marks_codes_sharing_a_character_with_the_sentence(bundle):
    rows = read(bundle, "sentence_code")
    table = {(r["coder"], r["sentence"]): (r["code:claim"], r["code:attack"], r["code:stance > pro"]) for r in rows}
    assert table == {
        ("Ana", "1"): ("1", "0", "0"), ("Ana", "2"): ("1", "1", "0"),  # [6,16) reaches into sentence 2
        ("Ana", "3"): ("0", "0", "0"),
        ("Ben", "1"): ("0", "0", "0"), ("Ben", "2"): ("0", "0", "0"), ("Ben", "3"): ("0", "0", "1"),
    }
    assert [r["text"] for r in rows if r["coder"] == "Ana"] == ["Crime fell.", "They lie!", "We act."]


def test_parquet_tables_are_typed_and_exact(bundle):
    segments = pq.read_table(bundle / "segments.parquet").to_pandas()
    assert segments["start"].dtype.kind == "i" and segments["memo"].tolist()[2] == "-note"  # never neutralised
    documents = pq.read_table(bundle / "documents.parquet").to_pandas()
    assert documents["attr:pages"].tolist()[0] == 2


def test_parquet_types_dates_and_empty_tables_from_the_dictionary(tmp_path):
    empty = tmp_path / "empty.annot"
    Project.create(empty).close()
    assert main(["export", str(empty), "--format", "bundle", "-o", str(tmp_path / "empty")]) == 0
    schema = pq.read_schema(tmp_path / "empty" / "segments.parquet")
    assert (str(schema.field("start").type), str(schema.field("code").type)) == ("int64", "string")
    assert str(pq.read_schema(tmp_path / "empty" / "codes.parquet").field("codable").type) == "bool"
    dated = tmp_path / "dated.annot"
    with Project.create(dated) as project:
        for name, day in (("a", "2024-03-01"), ("b", None), ("c", "2021-01-03")):
            project.import_text(f"Some text {name}.", name)
            if day:
                project.set_document_attributes(name, {"date": day, "note": day + " or so"})
    assert main(["export", str(dated), "--format", "bundle", "-o", str(tmp_path / "dated")]) == 0
    documents = pq.read_table(tmp_path / "dated" / "documents.parquet")
    assert str(documents.schema.field("attr:date").type) == "date32[day]"
    assert documents.column("attr:date").to_pylist() == [date(2024, 3, 1), None, date(2021, 1, 3)]
    assert str(documents.schema.field("attr:note").type) == "string"


def test_the_readme_describes_every_column_and_its_pandas_lines_run(bundle, monkeypatch):
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    for name in ("documents", "codes", "coders", "segments", "document_code", "sentence_code"):
        header = next(csv.reader(open(bundle / f"{name}.csv", encoding="utf-8")))
        section = readme.split(f"## {name}.csv")[1].split("\n## ")[0]
        assert all(f"| `{column}` |" in section for column in header), name
    code = readme.split("```python\n")[1].split("```")[0]
    monkeypatch.chdir(bundle)
    exec(compile(code, "README.md", "exec"), {"pd": pd})


def test_the_readme_rate_per_1000_words_is_crosstabs(bundle, bundle_study, capsys, monkeypatch):
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    names: dict = {"pd": pd}
    monkeypatch.chdir(bundle)
    exec(compile(readme.split("```python\n")[1].split("```")[0], "README.md", "exec"), names)
    capsys.readouterr()
    assert main(["crosstab", str(bundle_study), "--json", "--columns", "coder", "--count", "per1000"]) == 0
    cells = json.loads(capsys.readouterr().out)["cells"]
    pooled = {row: sum(c["value"] for c in cells if c["row"] == row) for row in {c["row"] for c in cells}}
    assert pooled["claim"] == pytest.approx(2 / 9 * 1000) and pooled["stance"] == pytest.approx(1 / 9 * 1000)
    assert names["per_1000_words"].to_dict() == pytest.approx(pooled)


def test_the_bundle_wants_a_new_or_empty_folder_and_leaves_nothing_behind(bundle_study, tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine")
    with Project.open(bundle_study) as project, pytest.raises(AnnotatorError, match="not an empty folder"):
        from annotator.exporting import export
        export(project, "bundle", busy)
    assert [p.name for p in busy.iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_covered_counts_overlaps_once_against_brute_force():
    rng = random.Random(7)
    for _ in range(300):
        spans = [(a, a + rng.randint(1, 9)) for a in (rng.randint(0, 30) for _ in range(rng.randint(0, 6)))]
        assert covered(spans) == len({i for a, b in spans for i in range(a, b)})


def test_a_code_name_with_the_path_separator_keeps_its_own_path_column_and_depth(tmp_path, capsys):
    path = tmp_path / "separator.annot"
    with Project.create(path, scheme={"format": "annotator-scheme", "version": 1, "codes": []}) as project:
        project.import_text("One two three. Four five.", "doc")
        project.add_coder("Ana")
        project.add_code("A")
        child = project.add_code("B", parent="A")
        top = project.add_code("A > B")
        project.annotate(1, 0, 3, child, "Ana")
        project.annotate(1, 4, 7, top, "Ana")
        project.annotate(1, 15, 19, top, "Ana")
    out = tmp_path / "separator"
    assert main(["export", str(path), "--format", "bundle", "-o", str(out)]) == 0
    assert {r["path"]: r["depth"] for r in read(out, "codes")} == {"A": "0", "A > B": "1", r"A \> B": "0"}
    sentences = pq.read_table(out / "sentence_code.parquet").to_pandas()
    assert sentences["code:A > B"].tolist() == [1, 0] and sentences[r"code:A \> B"].tolist() == [1, 1]
    capsys.readouterr()
    assert main(["cooccurrence", str(path), "--unit", "document", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"] == {"A": 0, "A > B": 1, r"A \> B": 1}
    assert main(["crosstab", str(path), "--columns", "document", "--json", "--code", r"A \> B"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == [r"A \> B"]


def test_sentence_code_puts_a_whitespace_only_annotation_in_the_earlier_sentence(tmp_path):
    path = tmp_path / "gap.annot"
    with Project.create(path) as project:
        project.import_text(TEXT, "op-ed")  # sentences [0,11) [12,21) [22,29)
        project.annotate("op-ed", 11, 12, "claim", project.add_coder("Ana"))  # the space after "Crime fell."
    assert main(["export", str(path), "--format", "bundle", "-o", str(tmp_path / "gap")]) == 0
    assert [r["code:claim"] for r in read(tmp_path / "gap", "sentence_code")] == ["1", "0", "0"]
