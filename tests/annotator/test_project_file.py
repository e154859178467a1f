"""The project file: creation, reopening, refusals of foreign/newer/damaged files (untouched)."""
import hashlib
import sqlite3

import pytest

from annotator import Project
from annotator.errors import AnnotatorError, NewerVersionError, NotAProjectError
from annotator.migrations import APPLICATION_ID, SCHEMA_VERSION
from annotator.store import integrity_ok


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_project_has_default_scheme_and_settings(tmp_path):
    path = tmp_path / "s.annot"
    with Project.create(path, language="de") as project:
        assert [c.name for c in project.codes()] == ["claim", "attack", "appeal to fairness", "boilerplate"]
        assert [c.shortcut for c in project.codes()] == ["1", "2", "3", "4"]
        assert all(c.description.strip() and c.color.startswith("#") for c in project.codes())
        assert project.language == "de"
        assert project.setting("scheme_version") == "1"
    with Project.open(path) as project:
        assert project.language == "de"
    assert not (tmp_path / "s.annot-journal").exists(), "a closed project must be one file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.annot"]
    assert integrity_ok(path)


def test_default_scheme_uuids_are_stable_across_projects(tmp_path):
    with Project.create(tmp_path / "a.annot") as a, Project.create(tmp_path / "b.annot") as b:
        assert [c.uuid for c in a.codes()] == [c.uuid for c in b.codes()]


def test_create_refuses_existing_file(tmp_path):
    path = tmp_path / "x.annot"
    path.write_text("keep me")
    with pytest.raises(AnnotatorError, match="already exists"):
        Project.create(path)
    assert path.read_text() == "keep me"


def test_file_stores_schema_version_and_application_id(tmp_path):
    path = tmp_path / "s.annot"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_newer_version_is_refused_and_untouched(tmp_path):
    path = tmp_path / "future.annot"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NewerVersionError, match="newer version of annotator"):
        Project.open(path)
    assert digest(path) == before


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02" * 1000, b"just some text\n" * 50,
                                     b"SQLite format 3\x00" + b"\xff" * 50])
def test_non_projects_are_refused_and_untouched(tmp_path, content):
    path = tmp_path / "thing.annot"
    path.write_bytes(content)
    with pytest.raises(NotAProjectError, match="thing.annot"):
        Project.open(path)
    assert path.read_bytes() == content


def test_another_apps_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, text TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotAProjectError, match="another program"):
        Project.open(path)
    assert digest(path) == before


def test_truncated_project_is_refused_untouched(tmp_path):
    path = tmp_path / "t.annot"
    with Project.create(path) as project:
        project.import_text("word " * 20000, "long.txt")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = digest(path)
    with pytest.raises(NotAProjectError, match="truncated|damaged"):
        Project.open(path)
    assert digest(path) == before


def test_missing_file_and_folder_give_plain_errors(tmp_path):
    with pytest.raises(NotAProjectError, match="no project file"):
        Project.open(tmp_path / "nope.annot")
    with pytest.raises(NotAProjectError, match="folder"):
        Project.open(tmp_path)


def test_older_file_is_migrated_on_open(tmp_path, monkeypatch):
    """A file at schema N-1 gets migration N applied on open (simulated with an extra migration)."""
    from annotator import migrations, store

    path = tmp_path / "old.annot"
    Project.create(path).close()

    def add_column(conn):
        conn.execute("ALTER TABLE coders ADD COLUMN email TEXT")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_column])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(store, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    Project.open(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert "email" in [row[1] for row in conn.execute("PRAGMA table_info(coders)")]
    conn.close()


def test_document_text_cannot_be_changed_even_with_sql(empty_project):
    doc_id = empty_project.import_text("Original text.", "a.txt").document_id
    with pytest.raises(sqlite3.IntegrityError, match="never changes"):
        empty_project.store.conn.execute("UPDATE documents SET text = 'x' WHERE id = ?", (doc_id,))
    assert empty_project.document(doc_id).text == "Original text."


def test_a_read_only_open_counts_without_writing_or_reading_texts(tmp_path):
    from annotator.errors import ReadOnlyProjectError

    path = tmp_path / "p.annot"
    with Project.create(path) as project:
        document = project.import_text("Arrests are up 50% this year.", "a")
        project.annotate(document.document_id, 0, 7, project.codes()[0], project.add_coder("Ana"))
    before = digest(path), path.stat().st_mtime_ns
    with Project.open(path, read_only=True) as project:
        assert (project.count_documents(), project.count_annotations()) == (1, 1)
        plan = " ".join(row[-1] for row in project.store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM documents"))
        assert "COVERING INDEX" in plan                              # the texts are not read to count them
        with pytest.raises(ReadOnlyProjectError):
            project.add_coder("Ben")
    assert (digest(path), path.stat().st_mtime_ns) == before
