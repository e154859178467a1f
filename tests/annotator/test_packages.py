"""Coder packages: what a package holds, blind by default, and the coders' progress table."""
import errno
import sqlite3

import pytest

from annotator import Project, packages
from annotator.errors import AnnotatorError, NotFoundError, WriteFailedError
from annotator.packages import coder_progress, make_package

TEXTS = [f"Speech {i}. Crime has fallen by a third since we took office. They lied about the buses.\n"
         for i in range(6)]


@pytest.fixture
def lead_project(tmp_path):
    with Project.create(tmp_path / "lead.annot", language="de", name="Bus study") as project:
        for i, text in enumerate(TEXTS):
            project.import_text(text, f"speech{i}.txt")
        stance = project.add_code("stance", color="#112233", codable=False)
        project.add_code("for", color="#445566", shortcut="f", parent=stance)
        project.add_coder("Lead")
        for doc in project.documents():
            project.annotate(doc, 0, 6, "claim", "Lead", memo="lead's own")
        yield project


def codebook(project):
    by_id = {c.id: c for c in project.codes()}
    return sorted((c.uuid, c.name, c.color, c.description, c.shortcut, c.position, c.codable,
                   by_id[c.parent_id].uuid if c.parent_id else None) for c in by_id.values())


def test_package_holds_documents_codebook_coder_and_settings_but_no_other_coders_work(lead_project, tmp_path):
    report = make_package(lead_project, "Ana", tmp_path / "ana.annot")
    ana = lead_project.coder("Ana")  # created in the lead's project
    assert report.coder == ana and report.coder_created and report.documents == len(TEXTS)
    with Project.open(tmp_path / "ana.annot") as package:
        assert [(d.uuid, d.text, d.sha256) for d in package.documents()] == \
            [(d.uuid, d.text, d.sha256) for d in lead_project.documents()]
        assert codebook(package) == codebook(lead_project)
        assert package.coders() == [ana]
        assert package.annotations() == []                       # blind: not the lead's codings
        assert package.language == "de" and package.setting("project_uuid") == lead_project.setting("project_uuid")
        assert package.setting("package_of_project") == lead_project.setting("project_uuid")
        assert package.setting("package_coder_uuid") == ana.uuid
        assert package.setting("package_uuid") == report.package_uuid
        assert package.setting("package_made") == report.made
        assert not package.codebook_locked
        # it is a normal project: a coder can code in it
        package.annotate(package.documents()[0], 0, 6, "claim", "Ana")
    assert not list(tmp_path.glob(".*part"))


def test_include_annotations_copies_other_coders_and_own_work_always_comes(lead_project, tmp_path):
    ana = lead_project.add_coder("Ana")
    doc = lead_project.documents()[0]
    own = lead_project.annotate(doc, 7, 12, "attack", ana)
    make_package(lead_project, "Ana", tmp_path / "blind.annot")
    make_package(lead_project, "Ana", tmp_path / "open.annot", include_annotations=True)
    with Project.open(tmp_path / "blind.annot") as package:
        assert [a.uuid for a in package.annotations()] == [own.uuid]
    with Project.open(tmp_path / "open.annot") as package:
        assert {a.uuid for a in package.annotations()} == {a.uuid for a in lead_project.annotations()}
        assert {c.name for c in package.coders()} == {"Ana", "Lead"}


def test_documents_by_reference_and_seeded_sample(lead_project, tmp_path):
    names = ["speech1.txt", "speech4.txt"]
    report = make_package(lead_project, "Ana", tmp_path / "two.annot", documents=names)
    with Project.open(report.path) as package:
        assert [d.name for d in package.documents()] == names
    picks = []
    for name in ("s1", "s2", "s3"):
        make_package(lead_project, "Ana", tmp_path / f"{name}.annot", sample=3, seed=7 if name != "s3" else 8)
        with Project.open(tmp_path / f"{name}.annot") as package:
            picks.append([d.uuid for d in package.documents()])
    assert picks[0] == picks[1] and len(picks[0]) == 3          # the same seed, the same sample
    with pytest.raises(AnnotatorError, match="only 6"):
        make_package(lead_project, "Ana", tmp_path / "big.annot", sample=7, seed=1)
    assert not (tmp_path / "big.annot").exists()


def test_locked_codebook_is_recorded_for_the_codebook_editor(lead_project, tmp_path):
    make_package(lead_project, "Ana", tmp_path / "locked.annot", lock_codebook=True)
    with Project.open(tmp_path / "locked.annot") as package:
        assert package.codebook_locked and package.setting("codebook_locked") == "1"
    assert not lead_project.codebook_locked


def test_existing_output_is_never_replaced(lead_project, tmp_path):
    target = tmp_path / "taken.annot"
    target.write_bytes(b"someone's file")
    with pytest.raises(AnnotatorError, match="already exists"):
        make_package(lead_project, "Ana", target)
    assert target.read_bytes() == b"someone's file"


def test_packaging_does_not_change_the_lead_beyond_a_new_coder(lead_project, tmp_path):
    def dump():
        conn = sqlite3.connect(lead_project.path)
        try:
            return [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                    for t in ("documents", "codes", "annotations", "meta", "document_status")]
        finally:
            conn.close()
    before = dump()
    make_package(lead_project, "Lead", tmp_path / "p.annot", sample=2, seed=3)
    assert dump() == before


def test_coder_progress_reports_status_and_counts(lead_project):
    ana = lead_project.add_coder("Ana")
    docs = lead_project.document_summaries()
    lead_project.annotate(docs[0].id, 0, 6, "claim", ana)
    lead_project.annotate(docs[0].id, 7, 12, "attack", ana)
    lead_project.set_status(docs[1].id, ana, "done")
    rows = {(r.coder.name, r.document.name): (r.status, r.annotations) for r in coder_progress(lead_project)}
    assert len(rows) == 2 * len(docs)
    assert rows[("Ana", "speech0.txt")] == ("in progress", 2)
    assert rows[("Ana", "speech1.txt")] == ("done", 0)
    assert rows[("Ana", "speech2.txt")] == ("not started", 0)
    assert rows[("Lead", "speech2.txt")] == ("in progress", 1)


def test_a_package_that_fails_does_not_add_its_new_coder_to_the_lead(lead_project, tmp_path, monkeypatch):
    def fail(*args):
        raise OSError(errno.ENOSPC, "No space left on device")
    before = (tmp_path / "lead.annot").read_bytes()
    monkeypatch.setattr(packages, "_copy", fail)
    with pytest.raises(WriteFailedError, match="could not be written .No space left on device."):
        make_package(lead_project, "Newcomer", tmp_path / "new.annot")
    assert (tmp_path / "lead.annot").read_bytes() == before and not list(tmp_path.glob("*new.annot*"))
    monkeypatch.undo()
    report = make_package(lead_project, "Newcomer", tmp_path / "new.annot")
    with Project.open(report.path) as package:
        assert package.coders() == [lead_project.coder("Newcomer")] == [report.coder]


def test_a_document_number_past_sqlites_integers_is_not_in_the_project(lead_project, tmp_path):
    for number in (2 ** 63, -2 ** 63 - 1, 99999999999999999999999):
        with pytest.raises(NotFoundError, match=f"There is no document {number} in this project"):
            make_package(lead_project, "Ana", tmp_path / "p.annot", documents=[number])
    assert "Ana" not in {c.name for c in lead_project.coders()}


def test_coders_add_makes_coders_a_new_project_can_autocode_with(tmp_path, capsys):
    from annotator.cli import main

    path = tmp_path / "scripted.annot"
    with Project.create(path) as project:
        project.import_text("Crime fell.", "one.txt")
    assert main(["autocode", str(path), "crime", "--code", "claim", "--coder", "Ana"]) == 1
    assert capsys.readouterr().err == ("annotator: There is no coder 'Ana' in this project; add one with "
                                       "`annotator coders PROJECT --add NAME`.\n")
    assert main(["coders", str(path), "--add", " Ana  Silva ", "--add", "Ben"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("Added coders: Ana Silva, Ben.\n", "")
    assert main(["autocode", str(path), "crime", "--code", "claim", "--coder", "Ana Silva"]) == 0
    with Project.open(path) as project:
        assert [c.name for c in project.coders()] == ["Ana Silva", "Ben"]
        assert project.count_annotations(coder="Ana Silva") == 1


@pytest.mark.parametrize("names, message", [
    (["ben"], "There is already a coder named 'Ben' in this project."),
    (["Cy", "cy"], "'cy' is given twice."),
    (["  "], "A coder needs a name; give one after --add."),
])
def test_coders_add_refuses_a_name_taken_in_one_sentence_and_adds_nothing(tmp_path, capsys, names, message):
    from annotator.cli import main

    path = tmp_path / "taken.annot"
    with Project.create(path) as project:
        project.add_coder("Ben")
    args = [arg for name in names for arg in ("--add", name)]
    assert main(["coders", str(path), *args]) == 1
    assert capsys.readouterr().err == f"annotator: {message}\n"
    with Project.open(path) as project:
        assert [c.name for c in project.coders()] == ["Ben"]


def test_coders_add_warns_about_a_placeholder_name_as_the_app_does(tmp_path, capsys):
    from annotator.cli import main

    path = tmp_path / "placeholder.annot"
    Project.create(path).close()
    assert main(["coders", str(path), "--add", "Coder 1"]) == 0
    out, err = capsys.readouterr()
    assert out == "Added coder Coder 1.\n"
    assert err == ("warning: \"Coder 1\" looks like a placeholder; agreement reports and exports name each coder, "
                   "so a real name (or initials) is better.\n")
