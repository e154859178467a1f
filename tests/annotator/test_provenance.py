"""Provenance travels, suggestions never do: a package carries the provenance of the annotations it
carries and no suggestions or models; a merge brings in the provenance of what it adds or updates,
never a package's suggestions, and its undo takes the provenance out again."""
import sqlite3

import pytest
from helpers import dump

from annotator import Project
from annotator.merging import merge
from annotator.packages import make_package

TEXT = "The unfair tax hurt families. Crime has fallen. They called it an unfair tax, twice."
OTHER = "Nobody liked the unfair tax. Crime has fallen again."


def _rows(path, sql):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(conn.execute(sql).fetchall())
    finally:
        conn.close()


def provenance(path):
    return _rows(path, "SELECT a.start, c.name, p.method, p.model_version, p.score FROM annotation_provenance p "
                       "JOIN annotations a ON a.uuid = p.annotation_uuid JOIN coders c ON c.id = a.coder_id")


@pytest.fixture
def assisted_lead(tmp_path):
    """Two texts; Ana accepted one propagated suggestion in the lead's project and has one open;
    a model row for Ana."""
    project = Project.create(tmp_path / "lead.annot", name="Assisted study")
    project.import_text(TEXT, "t0.txt")
    project.import_text(OTHER, "t1.txt")
    project.add_coder("Ana")
    project.add_coder("Ben")
    project.annotate("t0.txt", 4, 14, "attack", "Ana")
    project.annotate("t0.txt", 30, 35, "claim", "Ben")
    project.suggest("propagate", "Ana")
    first = project.suggestions("Ana")[0]
    project.decide_suggestions([first.id], accept=True)
    project.store.conn.execute(
        "INSERT INTO models(version, coder_id, created, scheme_version, seed, metrics, model) "
        "VALUES ('ana-1', ?, '2026-01-01', 1, 7, '{}', x'00')", (project.coder("Ana").id,))
    project.store.conn.commit()
    yield project
    project.close()


def test_a_package_carries_the_provenance_of_its_annotations_and_no_suggestions_or_models(assisted_lead, tmp_path):
    ana, ben = tmp_path / "ana.annot", tmp_path / "ben.annot"
    make_package(assisted_lead, "Ana", ana)
    make_package(assisted_lead, "Ben", ben)            # blind: none of Ana's annotations, so none of their provenance
    lead = provenance(assisted_lead.path)
    assert len(lead) == 1 and lead[0][1:] == ("Ana", "propagate", "", 1.0)
    assert provenance(ana) == lead
    assert provenance(ben) == []
    for path in (ana, ben):
        assert _rows(path, "SELECT count(*) FROM suggestions") == [(0,)]
        assert _rows(path, "SELECT count(*) FROM models") == [(0,)]
    everything = tmp_path / "all.annot"
    make_package(assisted_lead, "Ben", everything, include_annotations=True)
    assert provenance(everything) == lead              # Ana's annotation comes along, with its provenance


def test_a_merge_brings_the_provenance_of_what_it_adds_never_suggestions_and_undo_takes_it_out(assisted_lead,
                                                                                                 tmp_path):
    path = tmp_path / "ana.annot"
    make_package(assisted_lead, "Ana", path)
    with Project.open(path) as package:
        package.annotate("t0.txt", 30, 35, "claim", "Ana")           # "Crime", by hand
        package.annotate("t0.txt", 40, 46, "claim", "Ana")           # "fallen", by hand
        package.suggest("propagate", "Ana")
        offers = package.suggestions("Ana", "open")
        crime = next(s for s in offers if s.document == "t1.txt" and s.code == "claim")
        package.decide_suggestions([crime.id], accept=True)
        tax = next(s for s in offers if s.document == "t1.txt" and s.code == "attack")
        package.decide_suggestions([tax.id], accept=False)
        assert [(s.document, s.start) for s in package.suggestions("Ana", "open")] == [("t1.txt", 39)]
    lead_suggestions = _rows(assisted_lead.path, "SELECT * FROM suggestions")
    before = dump(assisted_lead.path)
    report = merge(assisted_lead, [path])
    assert report.packages[0].added == 3
    merged = provenance(assisted_lead.path)
    assert [row[1:] for row in merged] == [("Ana", "propagate", "", 1.0)] * 2
    assert _rows(assisted_lead.path, "SELECT * FROM suggestions") == lead_suggestions   # none of the package's
    by_hand = _rows(assisted_lead.path, "SELECT count(*) FROM annotations a WHERE NOT EXISTS "
                                        "(SELECT 1 FROM annotation_provenance p WHERE p.annotation_uuid = a.uuid)")
    assert by_hand == [(4,)]                                         # 2 of the lead's, 2 hand-coded in the package
    assisted_lead.apply(report.undo)
    assert dump(assisted_lead.path) == before


def test_an_update_brings_the_packages_provenance_and_undo_puts_the_projects_back(assisted_lead, tmp_path):
    path = tmp_path / "ana.annot"
    make_package(assisted_lead, "Ana", path)
    with Project.open(path) as package:
        [accepted] = package.store.conn.execute("SELECT annotation_uuid FROM annotation_provenance").fetchall()
        package.store.conn.execute("UPDATE annotation_provenance SET model_version = 'moved' ")
        package.store.conn.execute("UPDATE annotations SET modified = '2999-01-01T00:00:00.000Z' WHERE uuid = ?",
                                   accepted)
        package.store.conn.commit()
    before = dump(assisted_lead.path)
    report = merge(assisted_lead, [path])
    assert report.packages[0].updated == 1
    assert [row[3] for row in provenance(assisted_lead.path)] == ["moved"]
    assisted_lead.apply(report.undo)
    assert dump(assisted_lead.path) == before


def test_a_package_made_before_provenance_merges_without_it(assisted_lead, tmp_path):
    path = tmp_path / "old.annot"
    make_package(assisted_lead, "Ben", path)
    with Project.open(path) as package:
        package.annotate("t1.txt", 0, 6, "claim", "Ben")
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE annotation_provenance")                 # as a file before migration 8 has it
    conn.commit()
    conn.close()
    report = merge(assisted_lead, [path])
    assert report.packages[0].added == 1
    assert len(provenance(assisted_lead.path)) == 1                  # the lead's own, untouched
