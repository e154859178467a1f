"""The codebook owns codes: only annotator/codebook/ writes the codes table, with one name
rule (names equal ignoring case by ``casefold``, whitespace collapsed) for every writer, and
the app reads codes through ``Project``, never through the connection."""
import re
import zipfile
from pathlib import Path

from annotator import Project
from annotator.codebook import RenameCode
from annotator.codebook.names import name_key
from annotator.importing import import_project
from annotator.merging import merge
from annotator.packages import make_package

ROOT = Path(__file__).resolve().parents[2]
WRITES_CODES = re.compile(r"\b(INSERT(\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(\s+OR\s+\w+)?|DELETE\s+FROM)"
                          r"\s+(main\.)?\"?codes\"?[\s(]", re.IGNORECASE)


def _writers(folder: Path) -> set[str]:
    return {str(path.relative_to(ROOT)) for path in folder.rglob("*.py")
            if WRITES_CODES.search(path.read_text("utf-8"))}


def test_only_the_codebook_writes_the_codes_table():
    writers = _writers(ROOT / "annotator") | _writers(ROOT / "ui")
    assert "annotator/codebook/store.py" in writers     # the scan does find writes
    assert {w for w in writers if not w.startswith("annotator/codebook/")} == set()


def test_the_app_never_reaches_into_the_projects_connection():
    reaching = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "ui").rglob("*.py"))
                for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                if re.search(r"\bstore\s*\.\s*conn\b|\._store\b", line)]
    assert reaching == []


def test_the_project_answers_what_the_app_asked_the_connection(tmp_path):
    with Project.create(tmp_path / "p.annot") as project:
        doc = project.import_text("We must act now.", "a.txt").document_id
        project.add_coder("Ana")
        project.annotate(doc, 0, 2, "claim", "Ana")
        assert [r.name for r in project.code_rows()] == [c.name for c in project.codes()]
        counts = project.annotation_counts()
        assert counts[project.code("claim").uuid] == 1 and counts[project.code("attack").uuid] == 0
        assert project.check_file() is None


def test_names_compare_by_casefold_beyond_ascii():
    assert name_key("Ärger") == name_key("ärger") == name_key(" ärger ")
    assert name_key("Straße") == name_key("STRASSE")
    assert name_key("two  words") == name_key("Two words") != name_key("twowords")


def test_a_merged_rename_onto_a_sibling_name_in_another_case_is_a_conflict(tmp_path):
    """SQL lower() folds only ASCII, so a merge used to let "Ärger" in beside "ärger"."""
    with Project.create(tmp_path / "lead.annot") as lead:
        lead.import_text("We must act now.", "a.txt")
        claim = lead.code("claim")
        make_package(lead, "Ana", tmp_path / "ana.annot")
        with Project.open(tmp_path / "ana.annot") as package:
            package.apply(RenameCode(claim.uuid, "Ärger"))
        lead.add_code("ärger")     # meanwhile, in the lead's project
        report = merge(lead, [tmp_path / "ana.annot"])
        assert lead.code(claim.uuid).name == "claim"
        [result] = report.codes
        assert result.outcome == "conflict" and "'Ärger' is already used at that level" in result.detail


def test_a_refi_code_named_like_a_project_code_in_another_case_is_matched(tmp_path):
    """The .qdpx import matches by GUID, then by name at the same place, with the same rule."""
    text = "We must act now, she said."
    body = ('<CodeBook><Codes><Code guid="c0000000-0000-0000-0000-000000000001" name="Ärger" isCodable="true"/>'
            '</Codes></CodeBook><Sources><TextSource guid="b0000000-0000-0000-0000-000000000001" name="s.txt" '
            'plainTextPath="internal://s.txt"><PlainTextSelection guid="50000000-0000-0000-0000-000000000001" '
            'name="she said" startPosition="17" endPosition="25"><Coding guid="60000000-0000-0000-0000-000000000001">'
            '<CodeRef targetGUID="c0000000-0000-0000-0000-000000000001"/></Coding></PlainTextSelection></TextSource>'
            '</Sources>')
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", f'<Project xmlns="urn:QDA-XML:project:1.0" name="p">{body}</Project>')
        archive.writestr("sources/s.txt", text)
    with Project.create(tmp_path / "p.annot") as project:
        anger = project.add_code("ärger")
        before = len(project.codes())
        report = import_project(project, path)
        assert report.codes_created == [] and report.codes_matched == 1
        assert len(project.codes()) == before
        [annotation] = project.annotations()
        assert annotation.code_id == anger.id


def test_scheme_names_are_stored_with_whitespace_collapsed(tmp_path):
    scheme = {"format": "annotator-scheme", "version": 1, "codes": [{"name": " two   words "}]}
    with Project.create(tmp_path / "p.annot", scheme=scheme) as project:
        assert [c.name for c in project.codes()] == ["two words"]
