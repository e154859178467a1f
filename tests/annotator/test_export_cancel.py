"""Exports report how far they got and stop when cancelled: nothing written, an existing file
left as it was, no temporary file left behind (annotator.steps, every writer)."""
import os

import pytest

from annotator import Project
from annotator.errors import Cancelled
from annotator.exporting import export
from annotator.formats.registry import WRITERS, writer

FORMATS = [w.name for w in WRITERS]


@pytest.fixture
def three_documents(tmp_path):
    with Project.create(tmp_path / "study.annot") as project:
        project.add_coder("Ana")
        for number in range(3):
            result = project.import_text(f"Text number {number} says something. Then more.\n", f"t{number}.txt")
            project.annotate(project.document(result.document_id), 0, 4, "claim", "Ana")
        yield project


def _target(tmp_path, fmt):
    folder = tmp_path / "out"
    folder.mkdir()
    if writer(fmt).folder:
        return folder / fmt, None
    target = folder / f"export.{fmt}"
    target.write_bytes(b"an earlier export the user keeps")
    return target, target.read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_cancelled_export_writes_nothing_and_keeps_the_file_it_would_replace(three_documents, tmp_path, fmt):
    target, before = _target(tmp_path, fmt)
    seen = []
    with pytest.raises(Cancelled, match="cancelled; nothing was written"):
        export(three_documents, fmt, target, progress=lambda *step: seen.append(step), cancelled=lambda: bool(seen))
    assert seen, "the export reported no progress before it was cancelled"
    if before is None:
        assert not target.exists()
    else:
        assert target.read_bytes() == before
    assert os.listdir(target.parent) == ([] if before is None else [target.name])   # no temporary file or folder


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_cancelled_before_it_starts_creates_nothing(three_documents, tmp_path, fmt):
    out = tmp_path / ("new" if writer(fmt).folder else f"new.{fmt}")
    with pytest.raises(Cancelled):
        export(three_documents, fmt, out, cancelled=lambda: True)
    assert os.listdir(tmp_path) == ["study.annot"]


def test_progress_counts_documents_up_to_their_number(three_documents, tmp_path):
    seen = []
    export(three_documents, "html", tmp_path / "o.html", progress=lambda *step: seen.append(step))
    assert seen == [(1, 3, "documents"), (2, 3, "documents"), (3, 3, "documents")]
    seen.clear()
    export(three_documents, "csv", tmp_path / "o.csv", coders=["Ana"], progress=lambda *step: seen.append(step))
    assert seen == [(3, 3, "annotations")]


def test_a_cancelled_xlsx_export_leaves_no_openpyxl_temporary_file(three_documents, tmp_path):
    from openpyxl.worksheet import _writer

    before = list(_writer.ALL_TEMP_FILES)
    seen = []
    with pytest.raises(Cancelled):
        export(three_documents, "xlsx", tmp_path / "o.xlsx", progress=lambda *step: seen.append(step),
               cancelled=lambda: bool(seen))
    assert _writer.ALL_TEMP_FILES == before
    assert not (tmp_path / "o.xlsx").exists()
