"""Outputs never replace a study: every export, report, codebook, package and copy refuses a
project file (the one being read, another one, a coder package), a folder and a pipe with one
sentence and exit status 1, leaving the file byte for byte as it was; symlinks are written
through; new files follow the umask."""
import errno
import os
import stat

import pytest

from annotator import Project
from annotator.cli import main
from annotator.errors import AnnotatorError
from annotator.formats.registry import WRITERS
from annotator.outputs import write_atomically
from annotator.packages import make_package

EXPORT_FORMATS = [writer.name for writer in WRITERS]


@pytest.fixture
def output_study(tmp_path):
    """A coded project, another project and a coder package. Their names carry export
    suffixes, so a suffix check cannot be what protects them."""
    path = tmp_path / "study.annot"
    with Project.create(path) as project:
        doc = project.document(project.import_text("Crime has fallen. They lied.\n", "speech.txt").document_id)
        project.add_coder("Ana")
        project.add_coder("Ben")
        project.annotate(doc, 0, 5, "claim", "Ana")
        project.annotate(doc, 0, 5, "attack", "Ben")
        make_package(project, "Ana", tmp_path / "ana-package.qdc")
    Project.create(tmp_path / "other.json").close()
    return path


def cli(capsys, *args):
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def assert_refused(capsys, args, target, *words):
    before = target.read_bytes()
    status, out, err = cli(capsys, *args)
    assert status == 1, (args, out, err)
    assert err.startswith("annotator: ") and err.count("\n") == 1, err
    assert all(word in err for word in words), err
    assert target.read_bytes() == before
    return err


COMMANDS = [["export", "{study}", "--format", fmt, "-o", "{target}"] for fmt in EXPORT_FORMATS] + [
    ["agreement", "{study}", "--html", "{target}"],
    ["agreement", "{study}", "--csv", "{target}"],
    ["scheme", "export", "{study}", "-o", "{target}"],
]
COMMAND_IDS = [f"export-{fmt}" for fmt in EXPORT_FORMATS] + ["agreement-html", "agreement-csv", "scheme-export"]


@pytest.mark.parametrize("target_name", ["study.annot", "other.json", "ana-package.qdc"])
@pytest.mark.parametrize("command", COMMANDS, ids=COMMAND_IDS)
def test_no_output_replaces_a_project(output_study, capsys, command, target_name):
    target = output_study.parent / target_name
    args = [part.format(study=output_study, target=target) for part in command]
    assert_refused(capsys, args, target, target_name)
    assert sorted(p.name for p in output_study.parent.iterdir()) == ["ana-package.qdc", "other.json", "study.annot"]


@pytest.mark.parametrize("target_name", ["study.annot", "other.json", "ana-package.qdc"])
def test_packages_and_copies_never_replace_a_project(output_study, target_name):
    target = output_study.parent / target_name
    before = target.read_bytes()
    with Project.open(output_study) as project:
        for write in (lambda: project.save_copy(target), lambda: make_package(project, "Ben", target)):
            with pytest.raises(AnnotatorError, match="project"):
                write()
    assert target.read_bytes() == before


def test_a_symlink_is_written_through_and_a_link_to_a_project_refused(output_study, capsys):
    folder = output_study.parent
    (folder / "real.csv").write_text("old export")
    (folder / "link.csv").symlink_to(folder / "real.csv")
    (folder / "dangling.csv").symlink_to(folder / "new.csv")
    for name in ("link.csv", "dangling.csv"):
        status, out, err = cli(capsys, "export", output_study, "--format", "csv", "-o", folder / name)
        assert status == 0, err
        assert os.path.islink(folder / name)
    assert (folder / "real.csv").read_text("utf-8").startswith("document,")
    assert (folder / "new.csv").read_text("utf-8").startswith("document,")
    (folder / "to-study.csv").symlink_to(output_study)
    assert_refused(capsys, ["export", output_study, "--format", "csv", "-o", folder / "to-study.csv"],
                   output_study, "project")
    assert os.path.islink(folder / "to-study.csv")


def test_a_pipe_is_refused_not_replaced(output_study, capsys):
    fifo = output_study.parent / "pipe.csv"
    os.mkfifo(fifo)
    for fmt in ("csv", "xlsx", "html"):
        status, out, err = cli(capsys, "export", output_study, "--format", fmt, "-o", fifo)
        assert status == 1 and err.count("\n") == 1 and "not an ordinary file" in err, err
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    status, out, err = cli(capsys, "agreement", output_study, "--html", fifo)
    assert status == 1 and "not an ordinary file" in err and stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("fmt", [w.name for w in WRITERS if not w.folder])
def test_an_existing_folder_is_refused_in_one_sentence(output_study, capsys, fmt):
    folder = output_study.parent / "out"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    status, out, err = cli(capsys, "export", output_study, "--format", fmt, "-o", folder)
    assert status == 1 and err.count("\n") == 1 and "is a folder" in err, err
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]


@pytest.mark.parametrize("fmt, written", [("brat", "annotation.conf"), ("bundle", "README.md")])
def test_folder_formats_want_a_new_or_empty_folder(output_study, capsys, fmt, written):
    full = output_study.parent / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    status, out, err = cli(capsys, "export", output_study, "--format", fmt, "-o", full)
    assert status == 1 and "not an empty folder" in err and [p.name for p in full.iterdir()] == ["keep.txt"]
    (output_study.parent / "empty").mkdir()
    assert cli(capsys, "export", output_study, "--format", fmt, "-o", output_study.parent / "empty")[0] == 0
    assert (output_study.parent / "empty" / written).exists()


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_new_outputs_follow_the_umask(output_study, capsys, umask):
    old = os.umask(umask)
    try:
        write_atomically(output_study.parent / "direct.bin", b"x")
        for fmt, name in (("csv", "out.csv"), ("xlsx", "out.xlsx"), ("brat", "brat")):
            assert cli(capsys, "export", output_study, "--format", fmt, "-o", output_study.parent / name)[0] == 0
        assert cli(capsys, "agreement", output_study, "--csv", output_study.parent / "report",
                   "--bootstrap", "0")[0] == 0
    finally:
        os.umask(old)
    files = [output_study.parent / n for n in ("direct.bin", "out.csv", "out.xlsx", "brat/annotation.conf")]
    files += list((output_study.parent / "report").iterdir())
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path
    for folder in (output_study.parent / "brat", output_study.parent / "report"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask, folder
    assert not [p.name for p in output_study.parent.iterdir() if p.name.endswith(".part")]


def test_a_negative_seed_is_refused_in_one_sentence(output_study, capsys):
    before = output_study.read_bytes()
    status, out, err = cli(capsys, "agreement", output_study, "--seed", "-1")
    assert status == 1 and err.count("\n") == 1 and "seed" in err and "-1" in err, err
    assert output_study.read_bytes() == before


@pytest.fixture
def unwritable(monkeypatch):
    """Make a folder refuse new entries as a read-only disk, `chattr +i` or a folder of someone
    else's does (the tests may run as root, where chmod would not stop them)."""
    folders = []
    real_open, real_mkdir, real_replace = os.open, os.mkdir, os.replace

    def refuse(path):
        if os.path.realpath(os.path.dirname(os.fspath(path))) in folders:
            raise PermissionError(errno.EPERM, "Operation not permitted", os.fspath(path))

    monkeypatch.setattr(os, "open", lambda path, *a, **k: refuse(path) or real_open(path, *a, **k))
    monkeypatch.setattr(os, "mkdir", lambda path, *a, **k: refuse(path) or real_mkdir(path, *a, **k))
    monkeypatch.setattr(os, "replace", lambda src, dst, *a, **k: refuse(dst) or real_replace(src, dst, *a, **k))
    return lambda folder: folders.append(os.path.realpath(folder)) or folder


OUTPUTS = [["export", "{study}", "--format", fmt, "-o", "{folder}/out"] for fmt in EXPORT_FORMATS] + [
    ["agreement", "{study}", "--bootstrap", "0", "--html", "{folder}/out.html"],
    ["agreement", "{study}", "--bootstrap", "0", "--csv", "{folder}/report"],
    ["scheme", "export", "{study}", "-o", "{folder}/codes.json"],
    ["package", "{study}", "--coder", "Ana", "-o", "{folder}/ana.annot"],
    ["copy", "{study}", "-o", "{folder}/copy.annot"],
    ["new", "{folder}/new.annot"],
]


OUTPUT_IDS = [f"export-{fmt}" for fmt in EXPORT_FORMATS] + ["agreement-html", "agreement-csv", "scheme-export",
                                                             "package", "copy", "new"]


@pytest.mark.parametrize("command", OUTPUTS, ids=OUTPUT_IDS)
def test_a_folder_that_cannot_be_written_is_one_sentence(output_study, capsys, unwritable, command):
    folder = unwritable(output_study.parent / "locked")
    folder.mkdir() if not folder.exists() else None
    before = output_study.read_bytes()
    args = [a.format(study=output_study, folder=folder) for a in command]
    status, out, err = cli(capsys, *args)
    assert status == 1 and err.startswith("annotator: ") and err.count("\n") == 1, err
    assert "unexpected" not in err and "Operation not permitted" in err, err
    assert list(folder.iterdir()) == [] and output_study.read_bytes() == before


def test_a_full_disk_while_writing_an_output_is_one_sentence_and_leaves_nothing(output_study, capsys, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    (output_study.parent / "out.csv").write_text("an earlier export")
    status, out, err = cli(capsys, "export", output_study, "--format", "csv", "-o", output_study.parent / "out.csv")
    assert status == 1 and "out.csv could not be written (No space left on device)" in err and err.count("\n") == 1
    assert (output_study.parent / "out.csv").read_text() == "an earlier export"
    assert not [p.name for p in output_study.parent.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_new_projects_packages_and_copies_follow_the_umask(output_study, capsys, umask):
    old = os.umask(umask)
    try:
        assert cli(capsys, "new", output_study.parent / "new.annot")[0] == 0
        assert cli(capsys, "package", output_study, "--coder", "Ben", "-o", output_study.parent / "ben.annot")[0] == 0
        assert cli(capsys, "copy", output_study, "-o", output_study.parent / "copy.annot")[0] == 0
        with Project.open(output_study) as project:
            project.save_copy(output_study.parent / "saved.annot")
    finally:
        os.umask(old)
    for name in ("new.annot", "ben.annot", "copy.annot", "saved.annot"):
        assert stat.S_IMODE((output_study.parent / name).stat().st_mode) == 0o666 & ~umask, name


@pytest.mark.parametrize("args", [
    ["import", "{study}", ""],
    ["export", "{study}", "--format", "csv", "-o", "-"],
    ["agreement", "{study}", "--bootstrap", "0", "--html", "-"],
    ["agreement", "{study}", "--bootstrap", "0", "--csv", ""],
    ["new", "-"],
    ["copy", "{study}", "-o", ""],
], ids=["import-empty", "export-dash", "html-dash", "csv-empty", "new-dash", "copy-empty"])
def test_empty_and_dash_paths_are_refused_in_one_sentence(output_study, capsys, monkeypatch, args):
    monkeypatch.chdir(output_study.parent)
    (output_study.parent / "stray.txt").write_text("A text in the current folder.")
    before = {p.name: p.read_bytes() for p in output_study.parent.iterdir()}
    status, out, err = cli(capsys, *[a.format(study=output_study) for a in args])
    assert status == 1 and err.count("\n") == 1 and ("empty path" in err or "'-' is not a file name" in err), err
    assert {p.name: p.read_bytes() for p in output_study.parent.iterdir()} == before
