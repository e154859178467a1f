"""`.qdpx` files in the shapes real tools write them (built by qdpx_writers.py): every imported
coding quotes exactly the text its writer shows, whatever unit the writer counted in; what
cannot be placed or read is left out and reported per source, never imported shifted."""
import subprocess
import sys

import pytest
from qdpx_writers import (
    ATLAS_TI,
    CODES,
    MAXQDA,
    NVIVO_MAC,
    NVIVO_WINDOWS,
    QUALCODER,
    build,
    comment_docs,
    find,
    with_writer,
)

from annotator.importing import import_project

WRITERS = {"NVivo for Windows": NVIVO_WINDOWS, "NVivo for Mac": NVIVO_MAC, "ATLAS.ti": ATLAS_TI, "MAXQDA": MAXQDA,
           "QualCoder 1.3.2": QUALCODER}
MEDIA = (("PDFSource", "minutes.pdf", "Populism"), ("PictureSource", "poster.jpg", "Hostility"),
         ("AudioSource", "interview.mp3", "Support"), ("VideoSource", "rally.mp4", "Populism"))


def imported(project) -> list:
    return sorted((project.document(a.document_id).name, project.code(a.code_id).name,
                   project.document(a.document_id).text[a.start:a.end]) for a in project.annotations())


def test_the_fixtures_code_passages_after_astral_characters_and_line_breaks():
    """Otherwise the tests below could not tell the units apart."""
    after = [doc.text[:find(doc.text, c.passage, c.occurrence)] for doc in comment_docs() for c in doc.codings]
    assert sum(any(ord(ch) > 0xFFFF for ch in before) for before in after) >= 10
    assert sum(before.count("\n") >= 2 for before in after) >= 8
    assert any("\n" in c.passage for doc in comment_docs() for c in doc.codings)


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_every_coding_quotes_the_text_its_writer_shows(empty_project, tmp_path, writer):
    built = build(tmp_path / "study.qdpx", writer, comment_docs(), CODES)
    report = import_project(empty_project, built.path)
    assert imported(empty_project) == sorted(built.shown)
    assert report.annotations_added == built.codings == 13 and report.status == "imported", report.lines()
    unit = "UTF-16 code units" if writer.unit == "utf-16" else "code points"
    assert report.positions.startswith(f"{unit}, a CRLF line break counted as {'two' if writer.crlf_as_two else 'one'}")
    docs = {d.name: d for d in empty_project.documents()}
    assert empty_project.document_attributes(docs["comments_2019.txt"]) == {"platform": "Facebook", "year": "2019"}
    assert "\r" not in docs["comments_2019.txt"].text and not docs["comments_2019.txt"].text.startswith("\ufeff")


def test_codes_keep_their_colours_and_descriptions(empty_project, tmp_path):
    import_project(empty_project, build(tmp_path / "maxqda.qdpx", MAXQDA, comment_docs(), CODES).path)
    codes = {c.name: c for c in empty_project.codes()}
    assert {name: (codes[name].color, codes[name].description) for name in CODES} == CODES


@pytest.mark.parametrize("origin", ["QualCoder 3.0", "SomeTool 2.1", ""])
def test_the_unit_comes_from_the_text_not_from_the_writers_name(empty_project, tmp_path, origin):
    """NVivo's positions under another tool's name, or none: the edges still decide."""
    built = build(tmp_path / "renamed.qdpx", with_writer(NVIVO_WINDOWS, origin=origin), comment_docs(), CODES)
    report = import_project(empty_project, built.path)
    assert imported(empty_project) == sorted(built.shown)
    assert report.positions.startswith("UTF-16 code units, a CRLF line break counted as two")


def test_positions_no_reading_fits_are_left_out_and_counted_not_shifted(empty_project, tmp_path):
    """A writer counting UTF-8 bytes: every selection after the first accent would be shifted."""
    built = build(tmp_path / "bytes.qdpx", with_writer(NVIVO_WINDOWS, unit="utf-8", origin="ByteTool 1"),
                  comment_docs(), CODES)
    report = import_project(empty_project, built.path)
    assert set(imported(empty_project)) <= set(built.shown)
    left_out = built.codings - report.annotations_added
    assert left_out >= 12 and report.codings_left_out == left_out and report.status == "warning"
    assert report.positions.startswith("not decided (no reading puts the selections")
    assert any(line == f"warning: {left_out} of the file's 13 codings were not imported" for line in report.lines())
    assert any(f"{left_out} codings that have positions that no reading places" in item
               for item in report.not_represented)


def test_missing_sources_are_reported_per_source_with_their_codings(empty_project, tmp_path):
    """The ATLAS.ti 8.4 standard project references sources whose files are not in the archive."""
    docs = comment_docs()
    docs[1].missing = True
    built = build(tmp_path / "atlas.qdpx", ATLAS_TI, docs, CODES, media=MEDIA)
    report = import_project(empty_project, built.path)
    assert imported(empty_project) == sorted(built.shown) and len(built.shown) == 8
    listed = report.not_represented
    assert any(line.startswith("text source 'comments_2020.txt' (its file internal://") and
               line.endswith(".txt is not in the archive; 5 codings left out)") for line in listed), listed
    for kind, name, _code in MEDIA:
        what = {"PDFSource": "PDF", "PictureSource": "picture", "AudioSource": "audio", "VideoSource": "video"}[kind]
        assert any(line.startswith(f"{what} source '{name}' ({what} sources are not imported; its file internal://")
                   and line.endswith("is not in the archive; 1 codings left out)") for line in listed), listed
    assert built.codings == 17 and report.codings_left_out == 9 == built.codings - report.annotations_added
    assert report.problems() == ["9 of the file's 17 codings were not imported"] and report.status == "warning"


def test_rich_text_is_read_when_the_plain_text_is_a_single_byte(empty_project, tmp_path):
    """NVivo for Mac writes one-byte .txt files beside the .docx."""
    docs = comment_docs()
    docs[1].rich_only = True
    built = build(tmp_path / "mac.qdpx", with_writer(NVIVO_MAC, line_end="\n"), docs, CODES)
    report = import_project(empty_project, built.path)
    assert imported(empty_project) == sorted(built.shown)
    [note] = [n for n in report.notes if "rich text" in n]
    assert note.startswith("text source 'comments_2020.txt': read from its rich text sources/") and \
        note.endswith(".docx (its plain text sources/" + note.split("plain text sources/")[1])
    assert "is empty)" in note


def test_codings_that_do_not_fit_the_rebuilt_rich_text_are_left_out(empty_project, tmp_path):
    """The writer counted on a plain text with CRLF it did not ship; our text from the .docx has
    \\n: its codings would be shifted by one per line, so they are left out and said so."""
    docs = comment_docs()
    docs[1].rich_only = True
    built = build(tmp_path / "mac.qdpx", NVIVO_MAC, docs, CODES)
    report = import_project(empty_project, built.path)
    assert imported(empty_project) == sorted(s for s in built.shown if s[0] == "comments_2019.txt")
    assert "5 codings that do not fit the text read from their source's rich text" in report.not_represented
    assert report.status == "warning"


@pytest.mark.parametrize("writer", [NVIVO_WINDOWS, NVIVO_MAC, ATLAS_TI, QUALCODER], ids=lambda w: w.origin)
def test_the_archive_as_each_writer_shapes_it(tmp_path, writer):
    """Sources/ and sources/, Project.qde, an empty .root, stored members, one-line XML with
    standalone="no", no XML declaration, bare paths."""
    import zipfile

    built = build(tmp_path / "shape.qdpx", writer, comment_docs(), CODES)
    with zipfile.ZipFile(built.path) as archive:
        names = archive.namelist()
        qde = archive.read(writer.qde_name)
        kinds = {info.compress_type for info in archive.infolist()}
    assert names[0] == writer.qde_name and any(n.startswith(f"{writer.sources_dir}/") for n in names)
    assert qde.startswith(b"<?xml") == bool(writer.declaration) and (qde.count(b"\n") == 0) == writer.one_line
    assert kinds == {writer.compression}
    assert (f"{writer.sources_dir}/.root" in names) == writer.root_marker
    assert (b'plainTextPath="comments_2019.txt"' in qde) == writer.bare_paths


def run(*args):
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def test_an_import_without_documents_says_warning_not_imported(tmp_path):
    """A .qdpx whose sources are all missing: codes come in, but the command must not say "imported"."""
    docs = comment_docs()
    for doc in docs:
        doc.missing = True
    built = build(tmp_path / "empty.qdpx", QUALCODER, docs, CODES)
    study = tmp_path / "study.annot"
    assert run("new", study).returncode == 0
    result = run("import", study, built.path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"warning: {built.path}\n")
    assert not any(line.startswith("imported") for line in result.stdout.splitlines())
    assert "  warning: no documents were imported\n" in result.stdout
    assert "  warning: 13 of the file's 13 codings were not imported\n" in result.stdout


def test_qualcoder_bare_paths_import_both_documents_through_the_app_path(empty_project, tmp_path):
    """Trust issue 9: plainTextPath="board_2017.txt" with the text in sources/board_2017.txt."""
    built = build(tmp_path / "qualcoder.qdpx", QUALCODER, comment_docs(), CODES)
    [result] = empty_project.import_files([built.path])
    assert result.status == "imported" and "documents: 2 added" in result.message
    assert imported(empty_project) == sorted(built.shown)


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_the_fixtures_follow_the_schema(tmp_path, writer):
    """The fixtures are what a conforming writer produces (the tolerance tests are elsewhere)."""
    import zipfile

    from annotator.formats.refi import schema_errors
    from annotator.formats.safety import parse_xml

    docs = comment_docs()
    docs[1].missing = True
    built = build(tmp_path / "valid.qdpx", writer, docs, CODES, media=MEDIA)
    with zipfile.ZipFile(built.path) as archive:
        assert schema_errors(parse_xml(archive.read(writer.qde_name), "fixture")) == []
