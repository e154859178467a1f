"""`import --main-text`: a web page stored as the article trafilatura extracts, with the page's
whole text kept beside it so that what was left out can be shown (issue 15, method 4)."""
import subprocess
import sys

from annotator.formats import webpage

ARTICLE = [
    "Minister resigns after weeks of pressure 📰",
    "The minister for housing resigned on Tuesday after weeks of pressure from her own party and from the "
    "opposition benches in parliament.",
    "She said the decision had been hard but necessary, and thanked her staff for years of work. 😀 Café "
    "owners in her constituency said they were surprised.",
    "Her successor is expected to be named by the prime minister later this week, according to officials.",
]
PAGE = f"""<!DOCTYPE html>\r
<html lang="en"><head><meta charset="utf-8"><title>Minister resigns | Daily Post</title>\r
<script>var tracking = "never text";</script></head>\r
<body>\r
<header><div>Daily Post 🗞️</div><nav><ul><li><a href="/">Home</a></li><li><a href="/p">Politics</a></li>\r
</ul></nav></header>\r
<main><article>\r
<h1>{ARTICLE[0]}</h1>\r
<p>{ARTICLE[1]}</p>\r
<p>{ARTICLE[2]}</p>\r
<p>{ARTICLE[3]}</p>\r
</article></main>\r
<aside><h2>You may also like</h2><ul><li><a href="/a">Ten gardens to visit this spring</a></li></ul></aside>\r
<footer><p>© 2024 Daily Post Ltd. All rights reserved.</p></footer>\r
</body></html>\r
"""


def write_page(tmp_path, name="resigns.html", page=PAGE):
    path = tmp_path / name
    path.write_bytes(page.encode("utf-8"))
    return path


def test_main_text_keeps_the_article_and_records_what_was_left_out(tmp_path, empty_project):
    [result] = empty_project.import_files([write_page(tmp_path)], main_text=True)
    assert result.status == "imported", result.message
    text = empty_project.document(result.document_id).text
    assert text == "\n".join(ARTICLE)
    found = empty_project.extraction(result.document_id)
    assert found.method.startswith("trafilatura ")
    assert found.passages() == ["Daily Post 🗞️\nHome\nPolitics",
                                "You may also like\nTen gardens to visit this spring\n"
                                "© 2024 Daily Post Ltd. All rights reserved."]
    assert result.removed == found.removed_characters == sum(map(len, found.passages())) > 0
    assert all(line in found.page_text for line in ARTICLE) and "never text" not in found.page_text


def test_a_kept_paragraph_written_with_combining_marks_is_not_reported_left_out(tmp_path, empty_project):
    decomposed = PAGE.replace("Café", "Cafe\u0301")       # the page spells é as e + U+0301
    assert decomposed != PAGE
    [result] = empty_project.import_files([write_page(tmp_path, page=decomposed)], main_text=True)
    found = empty_project.extraction(result.document_id)
    assert "Cafe\u0301" in found.page_text                   # the page as it was written
    assert found.passages() == ["Daily Post 🗞️\nHome\nPolitics",
                                "You may also like\nTen gardens to visit this spring\n"
                                "© 2024 Daily Post Ltd. All rights reserved."]
    assert result.removed == found.removed_characters == sum(map(len, found.passages()))


def test_stored_texts_are_normalised_and_removed_spans_are_code_points(tmp_path, empty_project):
    [result] = empty_project.import_files([write_page(tmp_path)], main_text=True)
    found = empty_project.extraction(result.document_id)
    text = empty_project.document(result.document_id).text
    assert "\r" not in text and "\r" not in found.page_text
    start, end = found.removed[1]
    assert found.page_text[start:end].startswith("You may also like")
    assert start == found.page_text.index("You may also like")   # code points: emoji before it count once
    assert len(found.page_text[:start].encode("utf-16-le")) // 2 > start


def test_default_import_is_unchanged_and_keeps_no_page(tmp_path, empty_project):
    path = write_page(tmp_path)
    [result] = empty_project.import_files([path])
    assert result.removed is None
    assert empty_project.document(result.document_id).text == webpage.read(path).replace("\r", "")
    assert empty_project.extraction(result.document_id) is None


def test_the_same_page_twice_is_a_duplicate_with_one_record(tmp_path, empty_project):
    path = write_page(tmp_path)
    first, second = empty_project.import_files([path, path], main_text=True)
    assert (first.status, second.status) == ("imported", "duplicate")
    rows = empty_project.store.conn.execute("SELECT document_id FROM extractions").fetchall()
    assert rows == [(first.document_id,)]


def test_damaged_and_empty_pages_are_refused_in_one_sentence_and_nothing_is_stored(tmp_path, empty_project):
    binary = tmp_path / "binary.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    no_tags = tmp_path / "notes.html"
    no_tags.write_text("Just some words, saved with the wrong name.")
    empty = write_page(tmp_path, "picture.html", "<html><body><img src='x.png'></body></html>")
    results = empty_project.import_files([binary, no_tags, empty], main_text=True)
    assert [r.status for r in results] == ["refused"] * 3
    assert results[0].message == "binary.html is not a web page: it holds binary data."
    assert results[1].message == "notes.html is not a web page: it holds no HTML tags."
    assert results[2].message == ("No main text was found in picture.html; import it without --main-text to keep "
                                  "the whole page.")
    conn = empty_project.store.conn
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM extractions").fetchone()[0] == 0


def test_other_files_in_a_main_text_import_are_read_as_always(tmp_path, empty_project):
    (tmp_path / "speech.txt").write_text("We will cut crime.\r\nThey never did.\n")
    results = empty_project.import_files([tmp_path / "speech.txt"], main_text=True)
    assert empty_project.document(results[0].document_id).text == "We will cut crime.\nThey never did.\n"
    assert results[0].removed is None


def run(*args):
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def test_command_line_import_main_text_and_removed(tmp_path):
    project, page = tmp_path / "study.annot", write_page(tmp_path)
    assert run("new", project).returncode == 0
    imported = run("import", project, page, "--main-text")
    assert imported.returncode == 0, imported.stderr
    assert f"imported: {page} (main text; " in imported.stdout and "characters of the page left out" in imported.stdout
    assert f"annotator removed {project} DOCUMENT" in imported.stderr
    shown = run("removed", project, "resigns.html")
    assert shown.returncode == 0, shown.stderr
    assert "  You may also like" in shown.stdout.splitlines() and "  Home" in shown.stdout.splitlines()
    assert ARTICLE[1] not in shown.stdout
    assert ARTICLE[1] in run("removed", project, "1", "--page").stdout
    (tmp_path / "whole.txt").write_text("A text imported whole.")
    run("import", project, tmp_path / "whole.txt")
    refused = run("removed", project, "whole.txt")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.strip() == ("annotator: whole.txt was not imported with --main-text, so no page text is "
                                      "kept for it.")
