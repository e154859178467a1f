"""The sample project: invented op-eds, speeches and a scraped article, coded by two coders.

Built on demand from the corpus in ``resources/sample`` (found through importlib.resources,
so it works from an installed wheel), so the sample always matches this version's format.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from .importing import import_project
from .project import Project
from .textio import decode_bytes


def sample_files():
    return resources.files("resources").joinpath("sample")


def build_sample_project(path: Path) -> Project:
    """Create the sample project at ``path`` (which must not exist) and return it open."""
    project = Project.create(path, language="en", name="Sample study")
    try:
        corpus = sorted(sample_files().joinpath("corpus").iterdir(), key=lambda entry: entry.name)
        with project.batch():
            for entry in corpus:
                if entry.name.endswith(".txt"):
                    text = decode_bytes(entry.read_bytes(), entry.name).text
                    project.import_text(text, entry.name, source_path=f"sample/{entry.name}", source_type="txt")
        with resources.as_file(sample_files().joinpath("annotations.jsonl")) as jsonl:
            import_project(project, jsonl)
    except BaseException:
        project.close()
        path.unlink(missing_ok=True)
        raise
    return project


def demo_path() -> Path:
    """Where ``annotator demo`` keeps its own copy (the user's data folder)."""
    from platformdirs import user_data_path

    return user_data_path("annotator", appauthor=False) / "sample.annot"


def ensure_demo_project(fresh: bool = False) -> Path:
    path = demo_path()
    if fresh and path.exists():
        path.unlink()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        build_sample_project(path).close()
    return path
