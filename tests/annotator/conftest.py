import pytest

from annotator import Project


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "study.annot") as project:
        yield project


@pytest.fixture
def coded(project):
    """A project with one document, two coders and the default scheme."""
    result = project.import_text("Crime has fallen by a third since we took office. 😊 They lied.\n", "speech.txt")
    project.add_coder("Ana")
    project.add_coder("Ben")
    return project, project.document(result.document_id)
