"""A codebook edit that changes nothing is refused: no new codebook version, no change-log entry (with its
reason and cited disagreements), the project file byte-identical. Importing the codebook the project already
has says so and succeeds; an import counts as updated only the codes it really changed."""
import json

import pytest

from annotator import Project
from annotator.cli import main
from annotator.codebook import CodebookUnchangedError, RecolourCode, RenameCode, SetRules
from annotator.codebook.files import export_codebook, import_codebook
from annotator.report import build_report


@pytest.fixture
def unchanged_study(tmp_path):
    """Two coders who disagree once, so a change can cite a disagreement."""
    path = tmp_path / "same.annot"
    with Project.create(path) as project:
        project.import_text("Crime has fallen by a third. They lied about the buses.\n", "a.txt")
        for coder in ("Ana", "Ben"):
            project.add_coder(coder)
        project.annotate("a.txt", 0, 27, "claim", "Ana")
        project.annotate("a.txt", 29, 55, "attack", "Ben")
        cited = [d.id for d in build_report(project, bootstrap=0, seed=1).disagreements]
    return path, cited[0]


def _state(path):
    with Project.open(path, read_only=True) as project:
        return project.scheme_version, len(project.scheme_log())


@pytest.mark.parametrize("change", [["--clear"], ["--add", "keyword: crime"]])
def test_rules_that_would_stay_as_they_are_are_refused_and_the_file_is_untouched(unchanged_study, change, capsys):
    path, cited = unchanged_study
    if change[0] == "--add":
        assert main(["rules", str(path), "--code", "claim", *change]) == 0
    before, state = path.read_bytes(), _state(path)
    assert main(["rules", str(path), "--code", "claim", *change, "--because", "x", "--disagreement", cited]) == 1
    err = capsys.readouterr().err
    assert err.startswith("annotator: 'claim' ") and "nothing was changed." in err and err.count("\n") == 1
    assert path.read_bytes() == before and _state(path) == state


@pytest.mark.parametrize("suffix", ["json", "qdc"])
def test_importing_the_codebook_the_project_has_changes_nothing_and_says_so(unchanged_study, suffix, capsys):
    path, cited = unchanged_study
    book = path.parent / f"book.{suffix}"
    with Project.open(path) as project:
        project.set_code_rules("claim", [{"kind": "keyword", "pattern": "crime"}])
        export_codebook(project, book)
    before, (version, log) = path.read_bytes(), _state(path)
    assert main(["scheme", "import", str(path), str(book), "--because", "nothing", "--disagreement", cited]) == 0
    out = capsys.readouterr().out
    assert f"Nothing changed: book.{suffix} holds the codebook as the project has it (codebook version " \
           f"{version})." in out and "updated" not in out
    assert path.read_bytes() == before and _state(path) == (version, log)


def test_an_import_counts_as_updated_only_the_codes_it_changed(unchanged_study, tmp_path):
    path, _ = unchanged_study
    with Project.open(path) as project:
        data = project.scheme()
        data["codes"][1]["color"] = "#123456"
        book = tmp_path / "one.json"
        book.write_text(json.dumps(data), "utf-8")
        version = project.scheme_version
        report = import_codebook(project, book)
        assert (report.added, report.updated) == (0, 1) and project.scheme_version == version + 1
        assert project.scheme_log()[-1].details["updated"] == 1
        assert project.import_scheme(data) == (0, 0) and project.scheme_version == version + 1


@pytest.mark.parametrize("command", [
    lambda p: SetRules(p.code("attack").uuid, ()),
    lambda p: RenameCode(p.code("claim").uuid, "claim"),
    lambda p: RecolourCode(p.code("claim").uuid, p.code("claim").color),
])
def test_every_codebook_command_that_changes_nothing_is_refused_before_it_is_logged(unchanged_study, command):
    path, _ = unchanged_study
    state = _state(path)
    with Project.open(path) as project:
        with pytest.raises(CodebookUnchangedError, match="nothing was changed"):
            project.apply(command(project))
    assert _state(path) == state
