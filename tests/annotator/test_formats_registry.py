"""One registry of formats: readers by suffix, writers by name; readers of project files return
records, and the core stores them (formats/ runs no SQL and calls no private project method)."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.exporting import export
from annotator.formats.records import ImportedProject
from annotator.formats.registry import READERS, WRITERS, dialog_filter, reader_for, writer

FORMATS = Path(__file__).resolve().parents[2] / "annotator" / "formats"


def test_formats_hold_no_sql_and_no_private_project_calls():
    found = [f"{path.name}:{number}: {line.strip()}"
             for path in sorted(FORMATS.glob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if re.search(r"\.execute\(|\bstore\.|project\._", line)]
    assert found == []


def test_every_suffix_has_one_reader_and_every_writer_one_name():
    suffixes = [suffix for reader in READERS for suffix in reader.suffixes]
    assert len(suffixes) == len(set(suffixes)) and all(s == s.lower() and s.startswith(".") for s in suffixes)
    assert reader_for("A.DOCX").name == "docx" and reader_for("x.htm").name == "html"
    assert reader_for("x.qdpx").kind == reader_for("x.jsonl").kind == "project"
    assert reader_for("x.csv").kind == "corpus" and reader_for("notes.log") is None
    assert [writer(w.name) for w in WRITERS] == list(WRITERS) and writer("brat").folder
    assert dialog_filter("corpus") == "Spreadsheet corpus, one text per row (*.csv *.xlsx)"


def test_the_cli_offers_exactly_the_registered_writers():
    result = subprocess.run([sys.executable, "-m", "annotator", "export", "--help"], capture_output=True,
                            text=True, timeout=120)
    choices = re.search(r"--format \{([^}]*)\}", result.stdout).group(1).split(",")
    assert choices == [w.name for w in WRITERS]


def test_a_project_file_reader_returns_records_and_writes_nothing(coded, tmp_path):
    project, doc = coded
    project.annotate(doc, 0, 5, "claim", "Ana", memo="first")
    out = tmp_path / "out.jsonl"
    export(project, "jsonl", out)
    before = project.counts()
    imported = reader_for(out).read(out)
    assert isinstance(imported, ImportedProject) and project.counts() == before
    [document] = imported.documents
    assert document.text == doc.text and [(c.coder, c.code, c.start, c.end, c.memo) for c in document.codings] == [
        ("Ana", "claim", 0, 5, "first")]


def test_import_files_takes_project_files_in_the_order_given(coded, tmp_path):
    project, doc = coded
    project.annotate(doc, 0, 5, "claim", "Ana")
    jsonl, qdpx, text = tmp_path / "a.jsonl", tmp_path / "b.qdpx", tmp_path / "c.txt"
    export(project, "jsonl", jsonl)
    export(project, "qdpx", qdpx)
    text.write_text("A new text.\n", encoding="utf-8")
    results = project.import_files([jsonl, qdpx, text])
    assert [(Path(r.path).name, r.status) for r in results] == [("a.jsonl", "imported"), ("b.qdpx", "imported"),
                                                                 ("c.txt", "imported")]
    assert "annotations: 0 added, 1 already present" in results[0].lines
    assert results[1].lines[0].startswith("written by: ") and results[2].lines == ()


def test_the_cli_reports_files_in_the_order_given(coded, tmp_path):
    project, doc = coded
    project.annotate(doc, 0, 5, "claim", "Ana")
    jsonl, text = tmp_path / "z.jsonl", tmp_path / "a.txt"
    export(project, "jsonl", jsonl)
    text.write_text("Another text.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "annotator", "import", project.path, text, jsonl],
                            capture_output=True, text=True, timeout=120)
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stderr
    assert lines[:2] == [f"imported: {text}", f"imported: {jsonl}"] and lines[2].startswith("  documents:")


@pytest.mark.parametrize("name", ["hostile.jsonl", "hostile.qdpx"])
def test_a_refused_project_file_does_not_stop_the_batch(empty_project, tmp_path, name):
    bad, good = tmp_path / name, tmp_path / "good.txt"
    bad.write_text(json.dumps({"text": 1}) + "\n", encoding="utf-8")
    good.write_text("Fine.\n", encoding="utf-8")
    refused, imported = empty_project.import_files([bad, good])
    assert refused.status == "refused" and name in refused.message and imported.status == "imported"
