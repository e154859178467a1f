"""Import readers: one small fixture per format, written for this project (built here or in
tests/fixtures/formats/), and the per-file report (imported, duplicate, refused and why)."""
import zipfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


# ----------------------------------------------------------------- fixture builders
def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Budget debate", level=1)
    document.add_paragraph("The minister said: \u201cWe won\u2019t cut pensions\u201d \u2014 twice.")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Speaker", "Claim"), ("Ana", "\u201cCrime fell\u201d")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("After the table. 😊")
    document.save(path)
    return path


def make_pdf(path: Path, text: str | None = "Hello from a PDF text layer.") -> Path:
    """A minimal one-page PDF with a Helvetica text layer (or none: a 'scan')."""
    content = f"BT /F1 18 Tf 72 700 Td ({text}) Tj ET".encode() if text else b"0 0 m 10 10 l S"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">
 <office:body><office:text>
  <text:h text:outline-level="1">Interview</text:h>
  <text:p>Q: Why<text:s text:c="2"/>now?<text:tab/>\u201cBecause.\u201d<text:note><text:note-body>
   <text:p>a footnote</text:p></text:note-body></text:note></text:p>
  <text:list><text:list-item><text:p>first <text:span>point</text:span></text:p></text:list-item></text:list>
  <table:table><table:table-row><table:table-cell><text:p>A1</text:p></table:table-cell>
   <table:table-cell><text:p>B1</text:p></table:table-cell></table:table-row></table:table>
 </office:text></office:body></office:document-content>"""


def make_zip(path: Path, members: dict, compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return path


def make_odt(path: Path, content: str = ODT_CONTENT) -> Path:
    return make_zip(path, {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content})


def make_xlsx(path: Path) -> Path:
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Headline", "Body", "Outlet", "Published"])
    sheet.append(["Cuts", "Pensions will not be cut.\nThe minister said so.", "Daily Post", datetime.date(2026, 1, 5)])
    sheet.append(["Crime", "=1+1 is not a formula here", "Weekly Star", datetime.date(2026, 1, 6)])
    sheet["B3"].data_type = "s"  # a text cell that looks like a formula
    book.save(path)
    return path


# ----------------------------------------------------------------- readers
def test_docx_keeps_smart_quotes_and_reads_tables_in_order(tmp_path, empty_project):
    [result] = empty_project.import_files([make_docx(tmp_path / "debate.docx")])
    assert result.status == "imported", result.message
    doc = empty_project.document(result.document_id)
    assert doc.text == ("Budget debate\nThe minister said: \u201cWe won\u2019t cut pensions\u201d \u2014 twice.\n"
                        "Speaker\tClaim\nAna\t\u201cCrime fell\u201d\nAfter the table. 😊")
    assert doc.source_type == "docx" and doc.source_path.endswith("debate.docx") and doc.name == "debate.docx"


def test_odt_built_by_hand(tmp_path, empty_project):
    [result] = empty_project.import_files([make_odt(tmp_path / "interview.odt")])
    assert result.status == "imported", result.message
    text = empty_project.document(result.document_id).text
    assert text == "Interview\nQ: Why  now?\t\u201cBecause.\u201d\nfirst point\nA1\tB1"
    assert "footnote" not in text


def test_rtf(empty_project):
    [result] = empty_project.import_files([FIXTURES / "speech.rtf"])
    assert result.status == "imported", result.message
    text = empty_project.document(result.document_id).text
    assert "We must act now, she said. \u201cQuoted\u201d words \u2014 and caf\u00e9." in text
    assert "Second paragraph with bold text." in text and "{" not in text and "\\" not in text


def test_pdf_text_layer_and_scan_refused(tmp_path, empty_project):
    from pypdf import PdfReader

    pdf = make_pdf(tmp_path / "report.pdf")
    assert "Hello from a PDF" in PdfReader(pdf).pages[0].extract_text()  # the generator is sound
    scan = make_pdf(tmp_path / "scan.pdf", text=None)
    results = empty_project.import_files([pdf, scan])
    assert [r.status for r in results] == ["imported", "refused"]
    assert empty_project.document(results[0].document_id).text == "Hello from a PDF text layer."
    assert "scan.pdf has no text layer" in results[1].message and "OCR" in results[1].message


def test_html_main_text_without_navigation_or_footer(empty_project):
    [result] = empty_project.import_files([FIXTURES / "page.html"])
    assert result.status == "imported", result.message
    text = empty_project.document(result.document_id).text
    assert text == ("Minister defends the budget\n"
                    "The minister said: \u201cWe will not cut pensions.\u201d Caf\u00e9 owners were not convinced.\n"
                    "Second\u00a0paragraph & more.\nAfter a break.\nYear\tSpend\n2024\t1.2bn")
    for boilerplate in ("Daily Post", "Subscribe", "Politics", "Skip", "tracking", "color", "rights", "Related"):
        assert boilerplate not in text


def test_utf16_text_and_markdown(tmp_path, empty_project):
    (tmp_path / "wide.txt").write_bytes("Zitat: \u201eNein\u201c 😊\r\nzweite Zeile".encode("utf-16"))
    (tmp_path / "notes.md").write_text("# Notes\n\n*emphasis* kept as written\n", encoding="utf-8")
    results = empty_project.import_files([tmp_path / "wide.txt", tmp_path / "notes.md"])
    assert [r.status for r in results] == ["imported", "imported"]
    docs = {d.name: d for d in empty_project.documents()}
    assert docs["wide.txt"].text == "Zitat: \u201eNein\u201c 😊\nzweite Zeile"
    assert docs["notes.md"].text.startswith("# Notes") and docs["notes.md"].source_type == "md"


def test_csv_corpus_one_document_per_row_with_attributes(empty_project):
    results = empty_project.import_files([FIXTURES / "corpus.csv"], text_column="text", name_column="name")
    assert [r.status for r in results] == ["imported", "imported", "refused"]
    assert "third" in results[2].message and "empty" in results[2].message
    first, second = empty_project.documents()
    assert first.name == "first" and first.text == "Line one of the article.\nLine two, with a comma."
    assert second.text == 'He said "no".' and first.source_type == "csv"
    assert empty_project.document_attributes(first) == {"outlet": "Daily Post", "date": "2026-01-05", "source_row": 2}
    assert [d.name for d in empty_project.documents(where={"outlet": "Weekly Star"})] == ["second"]


def test_csv_without_a_text_column_is_refused_with_the_columns(tmp_path, empty_project):
    (tmp_path / "meta.csv").write_text("headline;outlet\nA;B\n", encoding="utf-8")
    [result] = empty_project.import_files([tmp_path / "meta.csv"])
    assert result.status == "refused" and "--text-column" in result.message and "headline, outlet" in result.message
    [result] = empty_project.import_files([tmp_path / "meta.csv"], text_column="body")
    assert result.status == "refused" and "no column 'body'" in result.message


def test_xlsx_corpus(tmp_path, empty_project):
    results = empty_project.import_files([make_xlsx(tmp_path / "news.xlsx")], text_column="Body",
                                         name_column="Headline")
    assert [r.status for r in results] == ["imported", "imported"], [r.message for r in results]
    cuts, crime = empty_project.documents()
    assert cuts.name == "Cuts" and cuts.text == "Pensions will not be cut.\nThe minister said so."
    assert crime.text == "=1+1 is not a formula here"
    assert empty_project.document_attributes(cuts)["Published"] == "2026-01-05"
    assert len(empty_project.documents(where={"Outlet": "Daily Post"})) == 1


def test_a_bad_file_never_stops_the_batch_and_duplicates_are_reported(tmp_path, empty_project):
    good = make_docx(tmp_path / "a.docx")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "copy.docx").write_bytes(good.read_bytes())
    paths = [good, tmp_path / "broken.docx", tmp_path / "copy.docx", FIXTURES / "page.html"]
    results = empty_project.import_files(paths)
    assert [r.status for r in results] == ["imported", "refused", "duplicate", "imported"]
    assert "broken.docx" in results[1].message


def test_folder_walk_picks_up_the_new_formats_but_not_spreadsheets(tmp_path, empty_project):
    make_docx(tmp_path / "a.docx")
    make_odt(tmp_path / "b.odt")
    (tmp_path / "c.csv").write_text("text\nrow\n")
    results = empty_project.import_files([tmp_path])
    assert sorted(Path(r.path).name for r in results) == ["a.docx", "b.odt"]


def test_a_reader_that_crashes_is_reported_and_the_batch_goes_on(tmp_path, empty_project, monkeypatch):
    from annotator.formats import webpage

    def crash(soup):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(webpage, "main_text", crash)
    (tmp_path / "deep.html").write_text("<p>x</p>")
    (tmp_path / "ok.txt").write_text("fine")
    results = empty_project.import_files([tmp_path / "deep.html", tmp_path / "ok.txt"])
    assert [r.status for r in results] == ["refused", "imported"]
    assert "deep.html could not be read as HTML (RecursionError" in results[0].message
