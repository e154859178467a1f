"""Importing documents into a project: batches, duplicates, refusals, folders, long texts."""
import time

from annotator import Project
from annotator.exporting import export
from annotator.textio import sha256_text


def test_batch_imports_good_files_and_reports_each(tmp_path, empty_project):
    folder = tmp_path / "texts"
    (folder / "sub" / "deeper").mkdir(parents=True)
    (folder / "a.txt").write_bytes("Ünïcode — “quoted” text\r\nline two\r\n".encode("utf-8-sig"))
    (folder / "sub" / "b.txt").write_bytes("Fran\xe7ais \x80 cp1252 text with enough words to detect".encode("latin-1"))
    (folder / "sub" / "deeper" / "c.md").write_text("# Title\n\nMarkdown body.\n", encoding="utf-8")
    (folder / "sub" / "empty.txt").write_bytes(b"")
    (folder / "sub" / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "picture.png").write_bytes(b"\x89PNG")  # not a text type: skipped when walking a folder
    (folder / ".hidden.txt").write_text("hidden")
    before = time.time()
    results = empty_project.import_files([folder])
    by_name = {r.path.split("/")[-1]: r for r in results}
    assert sorted(by_name) == ["a.txt", "b.txt", "binary.txt", "c.md", "empty.txt"]
    assert {n for n, r in by_name.items() if r.status == "imported"} == {"a.txt", "b.txt", "c.md"}
    assert by_name["empty.txt"].status == "refused" and "empty.txt" in by_name["empty.txt"].message
    assert by_name["binary.txt"].status == "refused" and "binary.txt" in by_name["binary.txt"].message
    docs = {d.name: d for d in empty_project.documents()}
    assert docs["a.txt"].text == "Ünïcode — “quoted” text\nline two\n"
    assert "\r" not in docs["a.txt"].text and not docs["a.txt"].text.startswith("\ufeff")
    assert docs["b.txt"].text.startswith("Français €")
    assert docs["a.txt"].sha256 == sha256_text(docs["a.txt"].text)
    assert docs["a.txt"].language == "en" and docs["a.txt"].source_path.endswith("a.txt")
    assert docs["a.txt"].imported_at[:4].isdigit() and time.time() >= before


def test_same_text_twice_is_a_duplicate(tmp_path, empty_project):
    (tmp_path / "one.txt").write_text("Same words.\n")
    (tmp_path / "two.txt").write_bytes(b"Same words.\r\n")  # same once normalised
    first = empty_project.import_files([tmp_path / "one.txt"])
    second = empty_project.import_files([tmp_path / "two.txt", tmp_path / "one.txt"])
    assert first[0].status == "imported"
    assert [r.status for r in second] == ["duplicate", "duplicate"]
    assert "one.txt" in second[0].message
    assert len(empty_project.documents()) == 1


def test_missing_file_is_refused_and_others_still_import(tmp_path, empty_project):
    (tmp_path / "ok.txt").write_text("fine text")
    results = empty_project.import_files([tmp_path / "gone.txt", tmp_path / "ok.txt"])
    assert [r.status for r in results] == ["refused", "imported"]
    assert "gone.txt" in results[0].message


def test_text_is_kept_exactly_apart_from_line_ends(empty_project):
    text = "a\u00a0b\tc 😊 שלום مرحبا e\u0301 \u2028 end"
    result = empty_project.import_text(text + "\r\nx\ry", "odd.txt")
    assert empty_project.document(result.document_id).text == text + "\nx\ny"


def test_three_million_character_book_imports_and_annotates(tmp_path, empty_project):
    paragraph = "It was the best of times, it was the worst of times. " * 20 + "\n\n"
    book = (paragraph * (3_000_000 // len(paragraph) + 1))[:3_000_000]
    (tmp_path / "book.txt").write_text(book)
    [result] = empty_project.import_files([tmp_path / "book.txt"])
    assert result.status == "imported"
    doc = empty_project.document(result.document_id)
    assert doc.length == 3_000_000
    ann = empty_project.annotate(doc, 2_999_990, 3_000_000, "claim", empty_project.add_coder("Ana"))
    assert doc.text[ann.start:ann.end] == book[-10:]
    starts, ends = empty_project.text_services().tokens(doc.text)
    assert len(starts) > 500_000 and ends[-1] <= 3_000_000


def test_progress_and_cancel(tmp_path, empty_project):
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"text number {i}")
    seen = []
    results = empty_project.import_files([tmp_path], progress=lambda done, total, path: seen.append((done, total)),
                                   cancelled=lambda: len(seen) >= 2)
    assert seen[-1] == (2, 5)
    assert len(results) == 2 and len(empty_project.documents()) == 2


def test_documents_survive_reopen(tmp_path):
    path = tmp_path / "p.annot"
    with Project.create(path) as project:
        project.import_text("kept", "k.txt")
    with Project.open(path) as project:
        assert [d.text for d in project.documents()] == ["kept"]


def test_a_csv_with_a_stray_nul_is_refused_as_binary_before_its_columns_are_read(tmp_path, empty_project):
    path = tmp_path / "corpus.csv"
    path.write_bytes(b"name,text\nr1,Some words here.\nr2,Mo\x00re words.\n")
    [result] = empty_project.import_files([path])
    assert result.status == "refused"
    assert result.message == f"{path.name} looks like a binary file, not plain text."


def test_a_stray_nul_in_a_text_file_is_refused_not_imported_as_cjk(tmp_path, empty_project):
    path = tmp_path / "speech.txt"
    path.write_bytes(b"We will cut taxes and raise wages; that is our promise to you\x00 all.\n" * 2)
    [result] = empty_project.import_files([path])
    assert (result.status, empty_project.counts()["documents"]) == ("refused", 0)


def test_our_own_codings_export_is_not_guessed_into_a_corpus(tmp_path, empty_project):
    """Importing annotator's CSV export without naming a column would turn every coded passage
    into a document of its own; it is refused unless the text column is named."""
    doc = empty_project.import_text("We must act now. The minister lied.", "t.txt").document_id
    empty_project.add_coder("Ana")
    empty_project.annotate(doc, 0, 16, "claim", "Ana")
    export(empty_project, "csv", tmp_path / "codings.csv")
    with Project.create(tmp_path / "other.annot") as other:
        [refused] = other.import_files([tmp_path / "codings.csv"])
        assert refused.status == "refused" and "an annotator export of codings" in refused.message
        assert other.documents() == []
        [named] = other.import_files([tmp_path / "codings.csv"], text_column="text")
        assert named.status == "imported" and other.documents()[0].text == "We must act now."
