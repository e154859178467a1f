"""Files that must not be written: damaged pages (SQLite's quick_check), read-only files and
folders, packages with a hot journal, stored texts that are not UTF-8. Each is refused with
one sentence (exit 1) and left byte for byte as it was; reading keeps working where it can."""
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
from helpers import damage

from annotator import Project, store
from annotator.cli import main
from annotator.errors import DamagedProjectError, NotAProjectError, ProjectLockedError, ReadOnlyProjectError
from annotator.merging import merge
from annotator.packages import make_package
from annotator.store import integrity_ok, writable

TEXT = "Crime has fallen by a third since we took office. They lied about the buses.\n"


@pytest.fixture
def lead_file(tmp_path):
    path = tmp_path / "lead.annot"
    with Project.create(path, name="Bus study") as project:
        for i in range(3):
            project.import_text(f"Speech {i}. {TEXT}", f"speech{i}.txt")
        for coder in ("Ana", "Ben"):
            project.add_coder(coder)
            for doc in project.documents():
                project.annotate(doc, 0, 9, "claim", coder)
                project.annotate(doc, 10, 30, "attack" if coder == "Ben" else "claim", coder)
    (tmp_path / "new.txt").write_text("A text to import.\n")
    return path


def cli(capsys, *args):
    """Run the command line in this process: (exit status, stdout, stderr lines)."""
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err.splitlines()


def refused(capsys, *args, words=""):
    status, out, err = cli(capsys, *args)
    assert status == 1 and len(err) == 1 and err[0].startswith("annotator: ") and "unexpected" not in err[0], err
    assert words in err[0]
    return err[0]


# ----------------------------------------------------------------------------- damaged pages
def test_a_damaged_project_is_never_written_and_says_how_to_save_what_is_readable(lead_file, tmp_path, capsys):
    damage(lead_file)
    before = lead_file.read_bytes()
    for args in (("import", lead_file, tmp_path / "new.txt"),
                 ("export", lead_file, "--format", "csv", "-o", tmp_path / "out.csv"),
                 ("package", lead_file, "--coder", "Ana", "-o", tmp_path / "ana.annot"),
                 ("merge", lead_file, tmp_path / "ana.annot"),
                 ("agreement", lead_file)):
        message = refused(capsys, *args, words="lead.annot is damaged (SQLite's check found: ")
        assert "annotator copy lead.annot" in message
        assert lead_file.read_bytes() == before
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "ana.annot").exists()
    assert cli(capsys, "info", lead_file)[0] == 0                      # reading still works
    status, out, _ = cli(capsys, "copy", lead_file, "-o", tmp_path / "saved.annot")
    assert status == 0 and "rebuilt" in out and integrity_ok(tmp_path / "saved.annot")
    assert lead_file.read_bytes() == before
    with Project.open(tmp_path / "saved.annot") as saved:         # everything readable, and writable
        assert saved.count_annotations() == 12
        saved.import_text("More.", "more.txt")


def test_the_first_write_of_a_session_checks_the_file_once(lead_file, monkeypatch):
    calls = []
    real = store.quick_check
    monkeypatch.setattr(store, "quick_check", lambda conn, schema="main": calls.append(schema) or real(conn, schema))
    with Project.open(lead_file) as project:
        assert calls == []                                         # opening only reads
        project.add_coder("Cleo")
        project.add_coder("Dan")
    assert calls == ["main"]


def test_a_lock_held_too_long_is_not_taken_for_damage(lead_file, monkeypatch):
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 100)
    with Project.open(lead_file) as project:
        other = sqlite3.connect(lead_file, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(ProjectLockedError, match="lead.annot could not be checked"):
                project.add_coder("Cleo")
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert project.add_coder("Cleo").name == "Cleo"


def test_save_a_copy_of_a_damaged_project_rebuilds_what_is_readable(lead_file, tmp_path):
    damage(lead_file)
    with Project.open(lead_file) as project:
        with pytest.raises(DamagedProjectError, match="nothing was changed"):
            project.add_coder("Cleo")
        project.save_copy(tmp_path / "copy.annot")
    assert integrity_ok(tmp_path / "copy.annot")


def test_a_damaged_package_is_refused_and_both_files_are_untouched(lead_file, tmp_path):
    package = tmp_path / "ana.annot"
    with Project.open(lead_file) as project:
        make_package(project, "Ana", package)
        damage(package)
        files = lead_file.read_bytes(), package.read_bytes()
        with pytest.raises(NotAProjectError, match="ana.annot is damaged .*; nothing was merged"):
            merge(project, [package])
    assert (lead_file.read_bytes(), package.read_bytes()) == files


HOT_JOURNAL = textwrap.dedent("""
    import os, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA cache_size = 1")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE documents SET attributes = hex(randomblob(20000))")
    os._exit(0)      # killed mid-transaction: pages written, journal left behind
""")


def test_a_package_left_with_a_hot_journal_is_refused_with_the_unfinished_change_message(lead_file, tmp_path):
    package = tmp_path / "ana.annot"
    with Project.open(lead_file) as project:
        make_package(project, "Ana", package)
    subprocess.run([sys.executable, "-c", HOT_JOURNAL, str(package)], check=True, timeout=60)
    journal = tmp_path / "ana.annot-journal"
    assert journal.read_bytes()[:8] == bytes.fromhex("d9d505f920a163d7")      # a hot journal's header
    files = lead_file.read_bytes(), package.read_bytes(), journal.read_bytes()
    with Project.open(lead_file) as project:
        with pytest.raises(NotAProjectError, match="ana.annot has an unfinished change from a program that stopped"):
            merge(project, [package])
    assert (lead_file.read_bytes(), package.read_bytes(), journal.read_bytes()) == files


# ----------------------------------------------------------------------------- read-only files
def really_writable(path):
    """Ask the operating system, not os.access: can this process write the file and make its journal?"""
    try:
        with open(path, "r+b"):
            pass
        probe = path.with_name(path.name + "-probe")
        probe.touch()
        probe.unlink()
    except PermissionError:
        return False
    return True


@pytest.mark.parametrize("what", ["file", "folder"])
def test_writable_says_what_the_operating_system_allows(lead_file, what):
    target = lead_file if what == "file" else lead_file.parent
    mode = target.stat().st_mode
    target.chmod(0o444 if what == "file" else 0o555)
    try:
        assert writable(lead_file) == really_writable(lead_file)             # as root both are True
    finally:
        target.chmod(mode)
    assert writable(lead_file)


def test_a_read_only_project_is_read_but_never_written(lead_file, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(store, "writable", lambda path: False)    # opened with SQLite's mode=ro
    before = lead_file.read_bytes()
    for args in (("import", lead_file, tmp_path / "new.txt"), ("merge", lead_file, tmp_path / "new.txt"),
                 ("package", lead_file, "--coder", "Cleo", "-o", tmp_path / "cleo.annot")):
        refused(capsys, *args, words="lead.annot is read-only (the file or its folder cannot be written), so ")
    assert lead_file.read_bytes() == before
    assert cli(capsys, "info", lead_file)[0] == 0
    assert cli(capsys, "export", lead_file, "--format", "csv", "-o", tmp_path / "out.csv")[0] == 0
    assert cli(capsys, "agreement", lead_file, "--bootstrap", "0")[0] == 0
    assert lead_file.read_bytes() == before


def test_a_read_only_project_from_an_older_version_says_why_it_cannot_be_read(lead_file, monkeypatch):
    conn = sqlite3.connect(lead_file)
    conn.execute("PRAGMA user_version = 3")                        # before migration 4
    conn.commit()
    conn.close()
    before = lead_file.read_bytes()
    monkeypatch.setattr(store, "writable", lambda path: False)
    with pytest.raises(ReadOnlyProjectError, match="older version of annotator .* but it is read-only"):
        Project.open(lead_file)
    assert lead_file.read_bytes() == before


def test_a_write_that_sqlite_refuses_is_one_sentence(lead_file):
    with Project.open(lead_file) as project:
        project.store.conn.close()
        project.store.conn = store.connect(lead_file, read_only=True)   # not detected up front
        with pytest.raises(ReadOnlyProjectError, match="lead.annot cannot be written"):
            project.add_coder("Cleo")


def test_reading_needs_no_write_lock(lead_file, capsys):
    other = sqlite3.connect(lead_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO coders(uuid, name) VALUES ('u-1', 'Writer')")   # another process mid-write
    try:
        started = time.monotonic()
        status, out, _ = cli(capsys, "info", lead_file)
        assert status == 0 and "Writer" not in out and time.monotonic() - started < 5
    finally:
        other.execute("ROLLBACK")
        other.close()


# ----------------------------------------------------------------------------- stored text
@pytest.mark.parametrize("stored", ["CAST(text AS BLOB)", "CAST(CAST(text AS BLOB) || X'FF' AS TEXT)"])
def test_a_stored_text_that_is_not_utf8_is_named_by_export_and_agreement(lead_file, tmp_path, capsys, stored):
    conn = sqlite3.connect(lead_file)                                   # another tool wrote bytes
    conn.execute("DROP TRIGGER documents_text_is_immutable")
    conn.execute(f"UPDATE documents SET text = {stored} WHERE name = 'speech1.txt'")
    conn.commit()
    conn.close()
    before = lead_file.read_bytes()
    for args in (("export", lead_file, "--format", "csv", "-o", tmp_path / "out.csv"),
                 ("export", lead_file, "--format", "jsonl", "-o", tmp_path / "out.jsonl"),
                 ("agreement", lead_file, "--bootstrap", "0")):
        refused(capsys, *args, words="the stored text of document 'speech1.txt' (id 2) is not valid UTF-8, so ")
    assert lead_file.read_bytes() == before
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "out.jsonl").exists()


# ----------------------------------------------------------------------------- stored values
def flip_bytes(path, needle: bytes, replacement: bytes) -> None:
    """Overwrite the first ``needle`` in the file's bytes, as a bad disk sector or another tool would."""
    data = path.read_bytes()
    at = data.index(needle)
    path.write_bytes(data[:at] + replacement + data[at + len(replacement):])


def test_a_changed_byte_in_a_stored_text_is_named_by_the_damage_check(lead_file, tmp_path, capsys):
    flip_bytes(lead_file, b"Speech 1. Crime", b"Speech 1. Crimf")      # valid UTF-8, pages intact
    assert integrity_ok(lead_file)
    before = lead_file.read_bytes()
    for args in (("export", lead_file, "--format", "csv", "-o", tmp_path / "out.csv"),
                 ("agreement", lead_file, "--bootstrap", "0"),
                 ("import", lead_file, tmp_path / "new.txt"),
                 ("package", lead_file, "--coder", "Ana", "-o", tmp_path / "ana.annot"),
                 ("merge", lead_file, tmp_path / "ana.annot")):
        refused(capsys, *args, words="lead.annot is damaged: the stored text of document 'speech1.txt' (id 2) does "
                                     "not match the SHA-256 checksum stored with it")
        assert lead_file.read_bytes() == before
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "ana.annot").exists()
    status, out, _ = cli(capsys, "copy", lead_file, "-o", tmp_path / "copy.annot")
    assert status == 0 and "'speech1.txt' (id 2) does not match" in out and "so is the copy" in out


def test_the_hashes_are_compared_once_with_the_first_check(lead_file, monkeypatch):
    calls = []
    real = store._document_damage
    monkeypatch.setattr(store, "_document_damage", lambda conn: calls.append(1) or real(conn))
    with Project.open(lead_file) as project:
        project.add_coder("Cleo")
        project.add_coder("Dan")
        project.store.check_intact("nothing was exported")
    assert calls == [1]


def test_a_full_disk_during_a_write_is_one_sentence_and_changes_nothing(lead_file, tmp_path, capsys, monkeypatch):
    real = store.connect

    def small_disk(path, read_only=False):  # SQLite's own limit stands in for a full disk: SQLITE_FULL
        conn = real(path, read_only)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return conn

    monkeypatch.setattr(store, "connect", small_disk)
    (tmp_path / "long.txt").write_text("A long speech about buses. " * 20000)
    before = lead_file.read_bytes()
    status, out, err = cli(capsys, "import", lead_file, tmp_path / "long.txt")
    assert status == 1 and len(err) == 1 and "lead.annot could not be written (database or disk is full)" in err[0], err
    assert lead_file.read_bytes() == before
    refused(capsys, "package", lead_file, "--coder", "Ana", "-o", tmp_path / "ana.annot",
            words="The package " + str(tmp_path / "ana.annot") + " could not be written (database or disk is full)")
    refused(capsys, "new", tmp_path / "n.annot", words="could not be created (database or disk is full)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lead.annot", "long.txt", "new.txt"]


# ----------------------------------------------------------------------------- damaged headers and schema
def _negative_version(path):
    data = bytearray(path.read_bytes())
    data[60] ^= 0xFF                                                # user_version becomes negative
    path.write_bytes(bytes(data))


def _page_one_header(path):
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF                                               # page 1's b-tree header
    path.write_bytes(bytes(data))


def _schema_text(path):
    flip_bytes(path, b"CREATE TABLE coders", b"CREATE TABLE \xffoders")  # sqlite_master's SQL, not UTF-8


def _meta_page(path):
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'meta'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * size + 4] ^= 0xFF                             # meta's page: a cell offset out of range
    path.write_bytes(bytes(data))


def _created_column(path):
    conn = sqlite3.connect(path)
    created = conn.execute("SELECT created FROM annotations ORDER BY id LIMIT 1").fetchone()[0]
    conn.close()
    flip_bytes(path, created.encode(), b"\xff")                    # a timestamp that is not UTF-8


@pytest.mark.parametrize("spoil, words", [
    (_negative_version, "lead.annot is damaged: its header holds an impossible file format number"),
    (_page_one_header, "lead.annot is damaged"),
    (_schema_text, "lead.annot is damaged"),
    (_meta_page, "lead.annot is damaged"),
    (_created_column, "lead.annot is damaged"),
], ids=["user_version", "page-1", "sqlite_master", "meta-page", "created-column"])
def test_damaged_headers_and_values_are_one_sentence_for_every_command(lead_file, tmp_path, capsys, spoil, words):
    spoil(lead_file)
    before = lead_file.read_bytes()
    for args in (("info", lead_file), ("coders", lead_file),
                 ("scheme", "export", lead_file, "-o", tmp_path / "s.json"),
                 ("import", lead_file, tmp_path / "new.txt"),
                 ("export", lead_file, "--format", "csv", "-o", tmp_path / "o.csv"),
                 ("agreement", lead_file, "--bootstrap", "0"),
                 ("package", lead_file, "--coder", "Ana", "-o", tmp_path / "p.annot")):
        status, out, err = cli(capsys, *args)
        if status == 0 and args[0] not in ("import", "export"):    # some reads do not touch the damage
            continue
        assert status == 1 and len(err) == 1 and words in err[0] and "unexpected" not in err[0], (args, err)
        assert "annotator copy" in err[0] or ".recover" in err[0] or "backup" in err[0], err
        assert lead_file.read_bytes() == before
    status, out, err = cli(capsys, "copy", lead_file, "-o", tmp_path / "saved.annot")  # the recovery route itself
    assert status in (0, 1) and "unexpected" not in " ".join(err), err
    if status == 1:
        assert ".recover" in err[0] and not (tmp_path / "saved.annot").exists()
    assert lead_file.read_bytes() == before
