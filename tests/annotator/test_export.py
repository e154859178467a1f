"""CSV and JSONL exports: offsets re-slice, quoting survives newlines, formulas are neutralised."""
import csv
import json

from annotator.formats.csv_export import export_csv
from annotator.formats.jsonl_export import export_jsonl
from annotator.outputs import neutralise


def test_csv_rows_re_slice_and_survive_newlines_and_emoji(coded, tmp_path):
    project, doc = coded
    project.import_text("=SUM(A1)\n-minus line\n+plus, \"quoted\"\n@at 😊 end", "formula.txt")
    tricky = project.documents()[1]
    project.annotate(tricky, 0, len(tricky.text), "claim", "Ana", memo="=cmd|' /C calc'!A0")
    start = doc.text.index("They")
    project.annotate(doc, start, start + 10, "attack", "Ben")
    out = tmp_path / "out.csv"
    assert export_csv(project, out) == 2
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(open(out, encoding="utf-8", newline="")))
    by_doc = {r["document"]: r for r in rows}
    assert by_doc["speech.txt"]["text"] == "They lied."
    assert by_doc["formula.txt"]["text"] == "'" + tricky.text  # neutralised, newlines kept
    assert by_doc["formula.txt"]["memo"].startswith("'=")
    raw_out = tmp_path / "raw.csv"
    export_csv(project, raw_out, raw=True)
    for row in csv.DictReader(open(raw_out, encoding="utf-8", newline="")):
        text = project.document(row["document"]).text
        assert text[int(row["start"]):int(row["end"])] == row["text"]


def test_neutralise_only_formula_starts():
    assert neutralise("=1+1") == "'=1+1" and neutralise("\tx") == "'\tx" and neutralise("-") == "'-"
    assert neutralise("plain") == "plain" and neutralise("") == "" and neutralise(None) is None


def test_code_path_and_coder_filter(coded, tmp_path):
    project, doc = coded
    group = project.add_code("stance", codable=False)
    project.add_code("support", parent=group)
    project.annotate(doc, 0, 5, "support", "Ana")
    project.annotate(doc, 0, 5, "claim", "Ben")
    out = tmp_path / "o.csv"
    export_csv(project, out, coders=["Ana"])
    [row] = list(csv.DictReader(open(out, encoding="utf-8", newline="")))
    assert row["code_path"] == "stance > support" and row["coder"] == "Ana"


def test_jsonl_has_one_line_per_document(coded, tmp_path):
    project, doc = coded
    project.import_text("uncoded text", "u.txt")
    project.annotate(doc, 0, 5, "claim", "Ana", memo="m")
    out = tmp_path / "o.jsonl"
    assert export_jsonl(project, out) == 2
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert lines[0]["spans"] == [{"start": 0, "end": 5, "code": "claim", "coder": "Ana", "memo": "m"}]
    assert lines[1]["spans"] == [] and lines[1]["sha256"] == project.documents()[1].sha256


def test_failed_export_leaves_no_partial_file(coded, tmp_path, monkeypatch):
    project, doc = coded
    project.annotate(doc, 0, 5, "claim", "Ana")
    out = tmp_path / "o.csv"
    out.write_text("previous export")
    import annotator.outputs as outputs

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(outputs, "neutralise", boom)
    try:
        export_csv(project, out)
    except RuntimeError:
        pass
    assert out.read_text() == "previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".o.csv")] == []


def test_every_csv_and_xlsx_cell_is_neutralised_uuids_and_header_included(coded, tmp_path):
    """Identifiers are checked where they enter, but a file written before that check (or
    edited by hand) may hold anything: the export neutralises every cell, not chosen columns."""
    from openpyxl import load_workbook

    from annotator.exporting import export

    project, doc = coded
    project.annotate(doc, 0, 5, "claim", "Ana")
    conn = project.store.conn
    conn.execute("UPDATE coders SET uuid = '=HYPERLINK(\"http://x\")' WHERE name = 'Ana'")
    conn.execute("UPDATE annotations SET uuid = '@SUM(1)'")
    export(project, "csv", tmp_path / "safe.csv")
    export(project, "xlsx", tmp_path / "safe.xlsx")
    export(project, "csv", tmp_path / "raw.csv", raw=True)
    with open(tmp_path / "safe.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    book = load_workbook(tmp_path / "safe.xlsx", read_only=True)
    rows += [[c for c in row if isinstance(c, str)] for sheet in book for row in sheet.iter_rows(values_only=True)]
    risky = [cell for row in rows for cell in row if cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))]
    assert risky == []
    [row] = list(csv.DictReader(open(tmp_path / "safe.csv", encoding="utf-8", newline="")))
    assert row["coder_uuid"] == "'=HYPERLINK(\"http://x\")" and row["annotation_uuid"] == "'@SUM(1)"
    [raw] = list(csv.DictReader(open(tmp_path / "raw.csv", encoding="utf-8", newline="")))
    assert raw["coder_uuid"] == "=HYPERLINK(\"http://x\")" and raw["annotation_uuid"] == "@SUM(1)"
