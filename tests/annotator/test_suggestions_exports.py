"""Suggestions in what leaves the project: every export format and the agreement report are the
same bytes with and without open and rejected suggestions (issue 15's test), and an accepted one
is marked in the tables analysts filter (CSV, XLSX, the bundle's segments: ``suggested_by``)."""
import csv
import io
import json
import re
import zipfile

import pytest

from annotator.cli import main
from annotator.formats.registry import WRITERS
from annotator.project import Project
from tests.helpers import dump, span_of

SPEECH = "Crime has fallen. The unfair tax hurt families.\nThey called it an Unfair  Tax, twice. Crime pays."
OTHER = "Nobody liked the unfair\ntax. Crime is down. An unfair taxation is something else."
# An archive (.xlsx, .qdpx) stamps its entries, and .xlsx its properties, with the time it was written.
WRITTEN = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*")



@pytest.fixture
def export_study(tmp_path):
    """Ana and Ben code both texts by hand."""
    path = tmp_path / "export_study.annot"
    with Project.create(path) as project:
        project.import_text(SPEECH, "speech.txt")
        project.import_text(OTHER, "other.txt")
        project.add_coder("Ana")
        project.add_coder("Ben")
        project.annotate("speech.txt", *span_of(SPEECH, "unfair tax"), "attack", "Ana")
        project.annotate("speech.txt", *span_of(SPEECH, "Crime"), "claim", "Ana")
        project.annotate("speech.txt", *span_of(SPEECH, "Crime has fallen"), "claim", "Ben")
        project.annotate("other.txt", *span_of(OTHER, "Crime"), "claim", "Ben")
        project.annotate("other.txt", *span_of(OTHER, "unfair\ntax"), "attack", "Ben")
        project.annotate("other.txt", *span_of(OTHER, "Nobody liked"), "attack", "Ana")
        project.set_status("other.txt", "Ana", "done")
    return path


def _zip_entries(data: bytes) -> dict:
    """An archive's entries by name, the times it was written normalised."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: WRITTEN.sub(rb"\1TIME", archive.read(info)) for info in archive.infolist()}


def _outputs(project_path, folder):
    """Every export format, and the agreement report as JSON, HTML and CSV: name -> bytes (or, for a
    folder or an archive, path -> bytes)."""
    out = {}
    for writer in WRITERS:
        target = folder / f"{writer.name}{writer.suffix}"
        assert main(["export", str(project_path), "-o", str(target), "--format", writer.name]) == 0, writer.name
        if target.is_dir():
            out[writer.name] = {str(p.relative_to(target)): p.read_bytes() for p in sorted(target.rglob("*"))
                                if p.is_file()}
        elif zipfile.is_zipfile(target):
            out[writer.name] = _zip_entries(target.read_bytes())
        else:
            out[writer.name] = target.read_bytes()
    seed = ["--seed", "5", "--bootstrap", "20"]
    assert main(["agreement", str(project_path), *seed, "--html", str(folder / "agreement.html")]) == 0
    assert main(["agreement", str(project_path), *seed, "--csv", str(folder / "agreement")]) == 0
    out["agreement html"] = (folder / "agreement.html").read_bytes()
    out["agreement csv"] = {p.name: p.read_bytes() for p in sorted((folder / "agreement").iterdir())}
    return out


def test_exports_and_the_agreement_report_are_identical_with_and_without_open_suggestions(export_study, tmp_path,
                                                                                          capsys):
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()
    before = _outputs(export_study, tmp_path / "before")
    capsys.readouterr()
    assert main(["agreement", str(export_study), "--seed", "5", "--bootstrap", "20", "--json"]) == 0
    report_before = capsys.readouterr().out
    with Project.open(export_study) as project:
        assert project.suggest("propagate", "Ana").added > 0
        assert project.suggest("propagate", "Ben").added > 0
        for coder in ("Ana", "Ben"):
            first = project.suggestions(coder)[0]
            project.decide_suggestions([first.id], accept=False)
            assert project.suggestions(coder, "open") and project.suggestions(coder, "rejected")
    after = _outputs(export_study, tmp_path / "after")
    capsys.readouterr()
    assert main(["agreement", str(export_study), "--seed", "5", "--bootstrap", "20", "--json"]) == 0
    assert capsys.readouterr().out == report_before
    assert set(after) == {w.name for w in WRITERS} | {"agreement html", "agreement csv"}
    for name in after:
        assert after[name] == before[name], name


def _csv_rows(path):
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def test_an_accepted_suggestion_is_marked_suggested_by_in_csv_xlsx_and_the_bundle(export_study, tmp_path):
    from openpyxl import load_workbook
    with Project.open(export_study) as project:
        project.suggest("propagate", "Ana")
        offer = next(s for s in project.suggestions("Ana") if s.document == "other.txt" and s.code == "claim")
        project.decide_suggestions([offer.id], accept=True)
        accepted = project.suggestions("Ana", "accepted")[0].annotation_uuid
    for fmt, target in (("csv", tmp_path / "out.csv"), ("xlsx", tmp_path / "out.xlsx"), ("bundle", tmp_path / "b")):
        assert main(["export", str(export_study), "-o", str(target), "--format", fmt]) == 0
    rows = _csv_rows(tmp_path / "out.csv")
    assert list(rows[0])[-1] == "suggested_by"
    assert {r["annotation_uuid"]: r["suggested_by"] for r in rows if r["suggested_by"]} == {accepted: "propagate"}
    assert sum(r["suggested_by"] == "" for r in rows) == 6
    sheet = list(load_workbook(tmp_path / "out.xlsx")["segments"].iter_rows(values_only=True))
    header = list(sheet[0])
    marked = {row[header.index("annotation_uuid")]: row[-1] for row in sheet[1:] if row[-1] is not None}
    assert header[-1] == "suggested_by" and marked == {accepted: "propagate"}
    segments = _csv_rows(tmp_path / "b" / "segments.csv")
    assert list(segments[0])[-1] == "suggested_by"
    assert {r["annotation_uuid"]: r["suggested_by"] for r in segments if r["suggested_by"]} == {accepted: "propagate"}
    assert "`suggested_by`" in (tmp_path / "b" / "README.md").read_text(encoding="utf-8")


def _accept_one(project_path):
    with Project.open(project_path) as project:
        project.suggest("propagate", "Ana")
        offer = next(s for s in project.suggestions("Ana") if s.document == "other.txt" and s.code == "claim")
        project.decide_suggestions([offer.id], accept=True)
        return offer


def test_jsonl_carries_what_suggested_a_span_and_reads_it_back_as_provenance(export_study, tmp_path):
    offer = _accept_one(export_study)
    with Project.open(export_study) as project:
        version = project.scheme_version
    out = tmp_path / "out.jsonl"
    assert main(["export", str(export_study), "-o", str(out), "--format", "jsonl"]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    spans = [span for line in lines for span in line["spans"]]
    marked = [span for span in spans if "suggested" in span]
    assert marked == [{"start": offer.start, "end": offer.end, "code": "claim", "coder": "Ana", "memo": None,
                       "suggested": {"method": "propagate", "model_version": "", "score": 1.0,
                                     "scheme_version": version}}]
    assert len(spans) == 7
    fresh = tmp_path / "fresh.annot"
    Project.create(fresh).close()
    assert main(["import", str(fresh), str(out)]) == 0
    with Project.open(fresh) as project:
        rows = project.store.conn.execute(
            "SELECT a.start, c.name, p.suggestion_uuid, p.method, p.model_version, p.score, p.scheme_version "
            "FROM annotation_provenance p JOIN annotations a ON a.uuid = p.annotation_uuid "
            "JOIN coders c ON c.id = a.coder_id").fetchall()
        assert rows == [(offer.start, "Ana", "", "propagate", "", 1.0, project.scheme_version)]
    again = tmp_path / "again.jsonl"
    assert main(["export", str(fresh), "-o", str(again), "--format", "jsonl"]) == 0
    assert again.read_bytes() == out.read_bytes()
    assert main(["import", str(fresh), str(out)]) == 0                 # twice: nothing new, no second record
    with Project.open(fresh) as project:
        assert project.store.conn.execute("SELECT count(*) FROM annotation_provenance").fetchone()[0] == 1


def _provenance_versions(path):
    with Project.open(path) as project:
        return project.scheme_version, project.store.conn.execute(
            "SELECT scheme_version FROM annotation_provenance").fetchall()


def test_jsonl_keeps_the_codebook_version_a_suggestion_was_accepted_under(export_study, tmp_path):
    with Project.open(export_study) as project:
        project.set_code_rules("claim", [{"kind": "keyword", "pattern": "tax"}])   # codebook version 2, 3
        project.set_code_rules("claim", [])
    _accept_one(export_study)
    version, rows = _provenance_versions(export_study)
    assert version > 1 and rows == [(version,)]
    out = tmp_path / "out.jsonl"
    assert main(["export", str(export_study), "-o", str(out), "--format", "jsonl"]) == 0
    fresh = tmp_path / "fresh.annot"
    Project.create(fresh).close()
    assert main(["import", str(fresh), str(out)]) == 0
    assert _provenance_versions(fresh) == (1, [(version,)])           # the version it was accepted under
    older = tmp_path / "older.jsonl"                                   # a file from before it was carried
    older.write_text(out.read_text(encoding="utf-8").replace(f', "scheme_version": {version}', ""), encoding="utf-8")
    assert "scheme_version" not in older.read_text(encoding="utf-8")
    oldest = tmp_path / "oldest.annot"
    Project.create(oldest).close()
    assert main(["import", str(oldest), str(older)]) == 0
    assert _provenance_versions(oldest) == (1, [(1,)])                 # the annotation's, as before


@pytest.mark.parametrize("suggested, message", [
    ({"method": "magic"}, "must be an object with a method"),
    ({"method": "rules", "score": 2}, "must be an object with a method"),
    ({"method": "rules", "score": True}, "must be an object with a method"),
    ({"method": "rules", "model_version": 3}, "must be an object with a method"),
    ("rules", "must be an object with a method"),
    ({"method": "rules", "by": "me"}, "fields annotator's JSONL does not ('by')"),
    ({"method": "rules", "scheme_version": 0}, "scheme_version of 1 or more"),
    ({"method": "rules", "scheme_version": "2"}, "scheme_version of 1 or more"),
])
def test_a_span_whose_suggested_is_not_ours_refuses_the_file(tmp_path, capsys, suggested, message):
    path = tmp_path / "bad.jsonl"
    span = {"start": 0, "end": 4, "code": "claim", "coder": "Ana", "suggested": suggested}
    path.write_text(json.dumps({"document": "a.txt", "text": "Some text.", "spans": [span]}) + "\n", encoding="utf-8")
    project = tmp_path / "target.annot"
    Project.create(project).close()
    before = dump(project)
    assert main(["import", str(project), str(path)]) == 1
    out, err = capsys.readouterr()
    assert message in out + err and "Traceback" not in out + err
    assert dump(project) == before
