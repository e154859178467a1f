"""Our own .qdpx reads back exactly although XML cannot carry every character a coded passage
holds (the exporter writes U+FFFD in a selection's name for a form feed or vertical tab), and
one selection whose name does not quote its place is left out alone, not the whole file."""
import re
import zipfile

from annotator import Project
from annotator.exporting import export
from annotator.importing import import_project

PAGE = "Caf\u00e9 \U0001F600 report.\fPage two: the minister said taxes will fall\vand critics disagree.\n"


def coded(tmp_path):
    project = Project.create(tmp_path / "a.annot")
    doc = project.import_text(PAGE * 3, "pdf-extract").document_id
    ana = project.add_coder("Ana")
    text = project.document(doc).text
    for match in re.finditer("inister sai|axes wil|ritics disagre|rt.\fPage|fall\vand", text):
        project.annotate(doc, match.start(), match.end(), "claim", ana)
    export(project, "qdpx", tmp_path / "a.qdpx")
    spans = sorted((a.start, a.end) for a in project.annotations())
    project.close()
    return spans


def test_own_export_with_form_feeds_and_vertical_tabs_in_coded_passages_reads_back(tmp_path):
    spans = coded(tmp_path)
    with Project.create(tmp_path / "b.annot") as copy:
        report = import_project(copy, tmp_path / "a.qdpx")
        assert report.codings_left_out == 0 and report.warnings == []
        assert sorted((a.start, a.end) for a in copy.annotations()) == spans


def test_one_name_that_does_not_quote_leaves_out_only_its_codings(tmp_path):
    spans = coded(tmp_path)
    with zipfile.ZipFile(tmp_path / "a.qdpx") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    qde = members["project.qde"].decode("utf-8")
    edited = re.sub(r'name="axes wil"', 'name="an edited name"', qde, count=1)
    assert edited != qde
    members["project.qde"] = edited.encode("utf-8")
    with zipfile.ZipFile(tmp_path / "edited.qdpx", "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with Project.create(tmp_path / "c.annot") as copy:
        report = import_project(copy, tmp_path / "edited.qdpx")
        assert report.codings_left_out == 1
        assert any("do not quote" in line for line in report.lines())
        assert len(copy.annotations()) == len(spans) - 1
        assert {(a.start, a.end) for a in copy.annotations()} < set(spans)  # the rest, unshifted
