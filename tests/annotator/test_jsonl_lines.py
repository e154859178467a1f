"""JSON Lines ends records at \\n only: texts and memos holding other Unicode line boundaries
survive export -> import -> export, and a document's text is still normalised only at \\r."""
import json

from annotator import Project
from annotator.exporting import export
from annotator.importing import import_project
from annotator.textio import normalise

# What str.splitlines() also splits on: VT, FF, FS, GS, RS, NEL, LINE and PARAGRAPH SEPARATOR.
BOUNDARIES = ["\u000b", "\u000c", "\u001c", "\u001d", "\u001e", "\u0085", "\u2028", "\u2029"]


def test_export_import_export_is_identical_with_unicode_line_boundaries(tmp_path):
    """json.dumps escapes the C0 controls but writes NEL, LS and PS raw: splitting lines on
    them broke the project's own export ("line 2: not valid JSON")."""
    text = "Scraped headline" + "".join(f"{c}part {i}" for i, c in enumerate(BOUNDARIES)) + "\nLast line."
    memo = "memo" + "".join(f"{c}line {i}" for i, c in enumerate(BOUNDARIES))
    with Project.create(tmp_path / "a.annot") as first:
        doc = first.import_text(text, "web.txt").document_id
        assert first.document(doc).text == text  # normalisation leaves every one of them alone
        ana = first.add_coder("Ana")
        first.annotate(doc, 0, 16, "claim", ana, memo=memo)
        first.annotate(doc, 20, 40, "attack", ana, memo=f"short{BOUNDARIES[-1]}")
        first.import_text("A plain second text.", "plain.txt")
        export(first, "jsonl", tmp_path / "first.jsonl")
    with Project.create(tmp_path / "b.annot") as second:
        report = import_project(second, tmp_path / "first.jsonl")
        assert (report.documents_added, report.annotations_added) == (2, 2)
        assert second.documents()[0].text == text
        assert sorted(a.memo for a in second.annotations()) == [memo, f"short{BOUNDARIES[-1]}"]
        export(second, "jsonl", tmp_path / "second.jsonl")
    assert (tmp_path / "second.jsonl").read_bytes() == (tmp_path / "first.jsonl").read_bytes()


def test_a_crlf_jsonl_file_still_reads_and_only_cr_is_normalised_in_texts(tmp_path, empty_project):
    texts = ["one\r\ntwo\rthree\u2028four\u0085five", "second\u000bline"]
    lines = [json.dumps({"document": f"d{i}", "text": t, "spans": []}, ensure_ascii=False) for i, t in enumerate(texts)]
    path = tmp_path / "windows.jsonl"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    assert import_project(empty_project, path).documents_added == 2
    assert [d.text for d in empty_project.documents()] == [normalise(t) for t in texts]
    assert empty_project.documents()[0].text == "one\ntwo\nthree\u2028four\u0085five"
