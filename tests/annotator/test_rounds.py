"""Coding rounds end to end (issue 16): packages made for a round, merged back, reported alone, and the
trend across rounds with the codebook changes between them."""
import hashlib
import json
import random
import shutil
import sqlite3

import pytest
from lxml import etree

from annotator import Project, migrations, store
from annotator.agreement.sample_size import (
    KRIPPENDORFF,
    LACY_RIFFE,
    krippendorff_sample_size,
    lacy_riffe_sample_size,
)
from annotator.cli import main
from annotator.codebook import DescribeCode, RenameCode
from annotator.codebook.restructure import DeleteCode
from annotator.errors import AnnotatorError
from annotator.merging import merge
from annotator.report import as_json, build_report
from annotator.round_store import find_round, round_annotations
from annotator.rounds import make_round
from annotator.trend_data import trend

TEXTS = [f"Speech {i}. Crime has fallen by a third since we took office. They lied about the buses.\n"
         for i in range(8)]


@pytest.fixture
def round_lead(tmp_path):
    with Project.create(tmp_path / "lead.annot", name="Bus study") as project:
        for i, text in enumerate(TEXTS):
            project.import_text(text, f"speech{i}.txt")
        for name in ("Ana", "Ben", "Ida", "Jo"):
            project.add_coder(name)
        for doc in project.documents():   # earlier coding, before any round, by coders the rounds do not name
            project.annotate(doc, 0, 6, "claim", "Ida")
            project.annotate(doc, 40, 50, "attack", "Jo")
        yield project


def code_round(made, spans):
    """Each coder codes their round package: ``spans[coder]`` is a list of (start, end, code) per document."""
    for name, path in made.packages:
        with Project.open(path) as package:
            for doc in package.documents():
                for start, end, code in spans[name]:
                    package.annotate(doc, start, end, code, name)
                package.set_status(doc, name, "done")


PILOT = {"Ana": [(0, 6, "claim"), (7, 12, "attack")], "Ben": [(0, 8, "claim"), (20, 30, "attack")]}


def pilot(project, tmp_path, name="pilot", spans=PILOT, **kwargs):
    kwargs = kwargs or {"sample": 4, "seed": 7}
    made = make_round(project, name, tmp_path / name, ["Ana", "Ben"], **kwargs)
    code_round(made, spans)
    merge(project, [path for _, path in made.packages])
    return made


def test_round_packages_hold_the_sample_with_the_codebook_locked_and_none_of_the_earlier_work(round_lead, tmp_path):
    made = make_round(round_lead, "pilot", tmp_path / "out", ["Ana", "Ben"], sample=4, seed=7)
    ids = sorted(random.Random(7).sample([d.id for d in round_lead.document_summaries()], 4))  # reproducible
    expected = [round_lead.document(i).uuid for i in ids]
    assert list(made.round.documents) == expected
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["Ana.annot", "Ben.annot"]
    for name, path in made.packages:
        with Project.open(path) as package:
            assert package.codebook_locked
            assert package.setting("round_uuid") == made.round.uuid and package.setting("round_name") == "pilot"
            assert [d.uuid for d in package.documents()] == expected
            assert package.annotations() == []   # the earlier annotations on these documents stay at home
            assert package.coders() == [round_lead.coder(name)]
    stored = find_round(round_lead.store.conn, "PILOT")
    assert stored == made.round and stored.scheme_version == round_lead.scheme_version
    assert (stored.sample_size, stored.seed, stored.kind) == (4, 7, "reliability")


def test_round_report_equals_the_report_on_just_those_annotations(round_lead, tmp_path):
    made = pilot(round_lead, tmp_path)
    report = build_report(round_lead, round="pilot", bootstrap=200, seed=3)
    kept = round_annotations(round_lead.store.conn, made.round.uuid)
    assert len(kept) == 4 * 4
    shutil.copy(round_lead.path, tmp_path / "only.annot")
    with Project.open(tmp_path / "only.annot") as only:
        for a in only.annotations():
            if a.uuid not in kept:
                only.delete_annotation(a.uuid)
        names = [only.document(u).name for u in made.round.documents]
        alone = build_report(only, coders=["Ana", "Ben"], documents=names, bootstrap=200, seed=3)
    mine, theirs = as_json(report), as_json(alone)
    assert mine.pop("round")["name"] == "pilot"
    assert mine == theirs
    assert build_report(round_lead, bootstrap=200, seed=3).figure("u_alpha").value != report.figure("u_alpha").value


def test_later_coding_on_the_round_documents_does_not_change_the_round(round_lead, tmp_path):
    made = pilot(round_lead, tmp_path)
    before = as_json(build_report(round_lead, round="pilot", bootstrap=100, seed=1))
    for uuid in made.round.documents:            # more coding on the same documents, outside the round
        round_lead.annotate(uuid, 60, 70, "attack", "Ana")
    later = make_round(round_lead, "later", tmp_path / "later", ["Cara", "Dan"], documents=list(made.round.documents))
    code_round(later, {"Cara": [(1, 9, "attack")], "Dan": [(2, 9, "claim")]})
    merge(round_lead, [path for _, path in later.packages])
    assert as_json(build_report(round_lead, round="pilot", bootstrap=100, seed=1)) == before
    assert as_json(build_report(round_lead, round="later", bootstrap=100, seed=1))["overall"] != before["overall"]


def test_a_second_round_after_a_codebook_edit_and_the_trend_between_them(round_lead, tmp_path, capsys):
    first = pilot(round_lead, tmp_path)
    claim = round_lead.code("claim")
    round_lead.apply(RenameCode(claim.uuid, "assertion", because="pilot: claim and attack confused at 7-12"))
    round_lead.apply(DescribeCode(claim.uuid, description="A statement put forward as true."))
    second = pilot(round_lead, tmp_path, "main", spans={"Ana": [(0, 6, "assertion")], "Ben": [(0, 6, "assertion")]},
                   documents=["speech6.txt", "speech7.txt"])
    assert second.round.scheme_version == first.round.scheme_version + 2 == round_lead.scheme_version
    rows = trend(round_lead, bootstrap=100, seed=2)
    assert [r.round.name for r in rows] == ["pilot", "main"]
    assert rows[0].changes_before == ()
    changes = rows[1].changes_before
    assert [(c.action, c.code) for c in changes] == [("rename", "assertion"), ("describe", "assertion")]
    assert changes[0].because == "pilot: claim and attack confused at 7-12" and changes[1].because == ""
    assert rows[0].report.figure("u_alpha").ci is not None
    assert rows[1].report.figure("u_alpha").value == 1.0
    assert main(["round", "trend", str(round_lead.path), "--seed", "2", "--bootstrap", "100", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in data["reliability"]] == ["pilot", "main"]
    assert {f["key"] for f in data["reliability"][0]["overall"]} == {"u_alpha", "alpha_none", "alpha_excluded"}
    assert data["reliability"][1]["changes_before"][0]["because"].startswith("pilot:")
    assert main(["round", "trend", str(round_lead.path), "--seed", "2", "--bootstrap", "100"]) == 0
    text = capsys.readouterr().out
    assert "Codebook changes before round 'main'" in text and "because: pilot: claim" in text
    assert main(["round", "trend", str(round_lead.path), "--bootstrap", "0", "--html", str(tmp_path / "t.html")]) == 0
    assert "because:</i> pilot: claim and attack confused at 7-12" in (tmp_path / "t.html").read_text()


def test_round_list_says_which_coders_work_was_merged(round_lead, tmp_path, capsys):
    made = make_round(round_lead, "pilot", tmp_path / "p", ["Ana", "Ben", "Cleo"], documents=["speech1.txt"])
    code_round(made, {"Ana": [(0, 6, "claim")], "Ben": [(0, 6, "claim"), (7, 12, "attack")], "Cleo": []})
    merge(round_lead, [tmp_path / "p" / "Ben.annot"])
    assert made.coders_created == ("Cleo",) and round_lead.coder("Cleo").uuid == made.round.coders[2].coder_uuid
    assert main(["round", "list", str(round_lead.path), "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["documents"] == ["speech1.txt"] and listed["sample"]["size"] is None
    assert [(c["name"], c["merged"] is not None, c["annotations"]) for c in listed["coders"]] == \
        [("Ana", False, 0), ("Ben", True, 2), ("Cleo", False, 0)]
    with pytest.raises(AnnotatorError, match="merge at least two of its packages first"):
        build_report(round_lead, round="pilot")


def file_state(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("args, message", [
    (["next", "--sample", "9", "--seed", "1"], "A sample of 9 documents was asked for, but there are only 8."),
    (["PILOT", "--sample", "2"], "There is already a round named 'pilot'"),
    (["next", "--sample", "2", "--to-file"], "is a file, not a folder"),
    (["next", "--sample", "2", "--to-project"], "is an annotator project"),
    (["next", "--sample", "2", "--coders-one"], "needs at least two coders"),
    (["next", "--documents", "speech1.txt", "nonesuch"], "There is no document 'nonesuch'"),
    (["next", "--sample", "2", "--alpha-min", "x"], '--alpha-min takes a number between 0 and 1, such as 0.8, not "x"'),
    (["next", "--sample", "2", "--alpha-min", "1.3"], "The smallest acceptable alpha must lie between 0 and 1"),
    (["next", "--sample", "2", "--confidence", "0.2"], "The confidence must lie between 0.5 and 1"),
])
def test_bad_round_input_is_one_sentence_and_writes_nothing(round_lead, tmp_path, capsys, args, message):
    make_round(round_lead, "pilot", tmp_path / "first", ["Ana", "Ben"], sample=2, seed=1)
    (tmp_path / "a file").write_text("keep me")
    Project.create(tmp_path / "other.annot").close()
    output = {"--to-file": tmp_path / "a file", "--to-project": tmp_path / "other.annot"}
    target = next((output[a] for a in args if a in output), tmp_path / "new")
    coders = ["Cara"] if "--coders-one" in args else ["Cara", "Dan"]   # not the pilot's, whose packages are out
    args = [a for a in args if not a.startswith("--to-") and a != "--coders-one"]
    before, project = file_state(round_lead.path), str(round_lead.path)
    assert main(["round", "new", project, *args, "--coders", *coders, "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert file_state(round_lead.path) == before and not (tmp_path / "new").exists()
    assert (tmp_path / "a file").read_text() == "keep me"


def test_unknown_round_in_the_report_is_one_sentence(round_lead, tmp_path, capsys):
    pilot(round_lead, tmp_path)
    assert main(["agreement", str(round_lead.path), "--round", "pilto"]) == 1
    assert capsys.readouterr().err.strip() == \
        "annotator: There is no round 'pilto' in this project. Did you mean 'pilot'?"
    assert main(["agreement", str(round_lead.path), "--round", "pilot", "--coders", "Ana", "Lead"]) == 1
    assert "No coder named 'Lead'" in capsys.readouterr().err
    assert main(["agreement", str(round_lead.path), "--round", "pilot", "--bootstrap", "0"]) == 0
    assert "Round 'pilot' (reliability), coded under codebook version" in capsys.readouterr().out


def test_undoing_the_merge_removes_the_rounds_records(round_lead, tmp_path):
    made = make_round(round_lead, "pilot", tmp_path / "p", ["Ana", "Ben"], sample=3, seed=5)
    code_round(made, PILOT)
    conn = round_lead.store.conn
    report = merge(round_lead, [path for _, path in made.packages])
    assert [p.round_annotations for p in report.packages] == [6, 6]
    assert all(c.merged for c in find_round(conn, "pilot").coders)
    assert conn.execute("SELECT count(*) FROM round_statuses").fetchone()[0] == 6
    redo, _ = round_lead.apply(report.undo)
    assert round_annotations(conn, made.round.uuid) == set()
    assert not any(c.merged for c in find_round(conn, "pilot").coders)
    assert conn.execute("SELECT count(*) FROM round_statuses").fetchone()[0] == 0
    round_lead.apply(redo)
    assert len(round_annotations(conn, made.round.uuid)) == 12


def test_a_package_of_a_round_the_project_does_not_know_merges_as_ordinary_coding(round_lead, tmp_path):
    shutil.copy(round_lead.path, tmp_path / "copy.annot")       # same study; the round is made in the copy only
    with Project.open(tmp_path / "copy.annot") as copy:
        made = make_round(copy, "elsewhere", tmp_path / "p", ["Ana", "Ben"], sample=2, seed=1)
    code_round(made, PILOT)
    report = merge(round_lead, [path for _, path in made.packages])
    assert [p.added for p in report.packages] == [4, 4]
    assert "round 'elsewhere', which this project does not know; its work was merged as ordinary coding" in \
        " ".join(report.lines())
    assert round_lead.store.conn.execute("SELECT count(*) FROM round_annotations").fetchone()[0] == 0


def test_a_round_packages_codebook_is_frozen_in_the_merge(round_lead, tmp_path):
    made = make_round(round_lead, "pilot", tmp_path / "p", ["Ana", "Ben"], sample=2, seed=1)
    version = round_lead.scheme_version
    with Project.open(made.packages[0][1]) as package:   # a coder who unlocked the codebook and renamed a code
        package.store.conn.execute("UPDATE meta SET value = '0' WHERE key = 'codebook_locked'")
        package.store.conn.commit()
        package.apply(RenameCode(package.code("claim").uuid, "my claim"))
    code_round(made, {"Ana": [(0, 6, "attack")], "Ben": [(0, 6, "attack")]})
    report = merge(round_lead, [path for _, path in made.packages])
    assert report.codes == [] and round_lead.scheme_version == version
    assert round_lead.code("claim").name == "claim"
    assert [p.round_annotations for p in report.packages] == [2, 2]


def test_a_project_from_before_rounds_gains_them_on_open(tmp_path, monkeypatch):
    path = tmp_path / "old.annot"
    with monkeypatch.context() as old:   # a file written by the version before migration 10
        old.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:9])
        old.setattr(migrations, "SCHEMA_VERSION", 9)
        old.setattr(store, "SCHEMA_VERSION", 9)
        with Project.create(path) as project:
            for i, text in enumerate(TEXTS[:3]):
                project.import_text(text, f"speech{i}.txt")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 9
    with Project.open(path) as project:
        assert project.rounds() == []
        make_round(project, "pilot", tmp_path / "p", ["Ana", "Ben"], documents=["speech0.txt", "speech2.txt"])
        [made] = project.rounds()
        assert (made.name, len(made.documents), made.sample_size, made.seed) == ("pilot", 2, None, None)


def test_the_report_files_name_the_round(round_lead, tmp_path, capsys):
    pilot(round_lead, tmp_path)
    assert main(["agreement", str(round_lead.path), "--round", "pilot", "--bootstrap", "0",
                 "--html", str(tmp_path / "r.html")]) == 0
    assert "Round &#x27;pilot&#x27; (reliability)" in (tmp_path / "r.html").read_text()
    assert main(["agreement", str(round_lead.path), "--round", "pilot", "--bootstrap", "0",
                 "--csv", str(tmp_path / "csv")]) == 0
    assert "Round 'pilot' (reliability)" in (tmp_path / "csv" / "README.txt").read_text()


def test_a_coder_who_marked_a_round_document_done_without_coding_it_said_nothing_there(round_lead, tmp_path):
    made = make_round(round_lead, "pilot", tmp_path / "p", ["Ana", "Ben"], documents=["speech1.txt", "speech2.txt"])
    code_round(made, {"Ana": [(0, 6, "claim")], "Ben": []})     # Ben read both and coded nothing
    merge(round_lead, [path for _, path in made.packages])
    report = build_report(round_lead, round="pilot", bootstrap=0)
    assert [d.coders for d in report.by_document] == [("Ana", "Ben"), ("Ana", "Ben")]
    assert report.figure("u_alpha").value < 0.5


def test_round_new_says_how_big_the_sample_should_be_and_whether_it_is(round_lead, tmp_path, capsys):
    round_lead.annotate("speech0.txt", 60, 70, "boilerplate", "Jo")   # the rarest code: 1 of 17 annotations
    needed = lacy_riffe_sample_size(8, noun="documents").units
    assert 3 < needed <= 8
    project = str(round_lead.path)
    assert main(["round", "new", project, "small", "--sample", "3", "--coders", "Ana", "Ben",
                 "-o", str(tmp_path / "small"), "--alpha-min", "0.667"]) == 0
    out = capsys.readouterr().out
    expected = krippendorff_sample_size(0.667, 1 / 17)
    assert f"{KRIPPENDORFF}: at least {expected.units:,} units coded by each of 2 coders" in out
    assert f"{expected.values:,} codings by the 2 coders" in out
    assert "α ≥ 0.667" in out and "'boilerplate' has the fewest annotations, 1 of 17" in out
    assert f"{LACY_RIFFE}: at least {needed} of 8 documents" in out and "SE = 0.030398" in out
    assert f"The round's sample of 3 documents is too small: Lacy & Riffe's n is {needed}, {needed - 3} more" in out
    assert out.index("Wrote 2 packages") < out.index("Sample size")
    documents = [f"speech{i}.txt" for i in range(needed)]
    assert main(["round", "new", project, "enough", "--documents", *documents, "--coders", "Cara", "Dan",
                 "-o", str(tmp_path / "enough")]) == 0
    out = capsys.readouterr().out
    assert f"The round's sample of {needed} documents reaches Lacy & Riffe's n = {needed}." in out
    assert "α ≥ 0.8 " in out and "too small" not in out


def test_the_html_trend_charts_one_point_per_reported_round_with_its_interval(round_lead, tmp_path, capsys):
    pilot(round_lead, tmp_path)
    pilot(round_lead, tmp_path, "main", documents=["speech6.txt", "speech7.txt"])
    make_round(round_lead, "unmerged", tmp_path / "unmerged", ["Ana", "Ben"], documents=["speech2.txt"])
    page = tmp_path / "trend.html"
    assert main(["round", "trend", str(round_lead.path), "--bootstrap", "50", "--seed", "1", "--html", str(page)]) == 0
    html = page.read_text()
    svg = etree.fromstring(html[html.index("<svg"):html.index("</svg>") + 6].encode())
    ns = {"svg": "http://www.w3.org/2000/svg"}
    for key in ("u_alpha", "alpha_none", "alpha_excluded"):
        [points] = svg.xpath(f"//svg:g[@id='trend-{key}']", namespaces=ns)
        xs = [float(u.get("x")) for u in points.xpath(".//svg:use", namespaces=ns)]
        assert len(xs) == 2 and xs[0] < xs[1]   # pilot and main; the unmerged round has no point
        [bars] = svg.xpath(f"//svg:g[@id='trend-{key}-ci']", namespaces=ns)
        assert len(bars.xpath("svg:path", namespaces=ns)) == 2
    assert [t.text for t in svg.xpath("//svg:text", namespaces=ns)][:3] == ["pilot", "main", "unmerged"]


# ------------------------------------------------------------------------ a round's figures are frozen (snapshot)
def round_json(project, name="pilot"):
    return as_json(build_report(project, round=name, bootstrap=50, seed=2))


def by_code(project, name="pilot"):
    return {row.label: row.figures for row in build_report(project, round=name, bootstrap=0, seed=2).by_code}


def test_editing_or_deleting_a_round_annotation_later_does_not_move_the_round(round_lead, tmp_path):
    made = pilot(round_lead, tmp_path)
    before, everything = round_json(round_lead), as_json(build_report(round_lead, bootstrap=50, seed=2))
    first, second, third, *_ = sorted(round_annotations(round_lead.store.conn, made.round.uuid))
    round_lead.update_annotation(first, start=0, end=60)
    round_lead.update_annotation(second, code="appeal to fairness")
    round_lead.delete_annotation(third)
    assert as_json(build_report(round_lead, bootstrap=50, seed=2)) != everything   # the edits are in the project
    assert round_json(round_lead) == before


def test_a_retest_compares_the_coding_as_it_was_when_the_round_was_made(round_lead, tmp_path):
    docs = ["speech1.txt", "speech2.txt", "speech3.txt"]
    made = make_round(round_lead, "again", tmp_path / "again", ["Ida"], documents=docs, kind="retest")
    code_round(made, {"Ida (retest again)": [(0, 6, "claim"), (7, 12, "attack")]})
    merge(round_lead, [path for _, path in made.packages])
    before = round_json(round_lead, "again")
    earlier = [round_lead.annotations(document=d, coder="Ida")[0] for d in docs]
    round_lead.update_annotation(earlier[0].uuid, start=20, end=70)   # Ida edits her main layer afterwards
    round_lead.update_annotation(earlier[1].uuid, code="attack")
    round_lead.delete_annotation(earlier[2].uuid)
    round_lead.annotate(docs[0], 40, 50, "attack", "Ida")
    assert round_json(round_lead, "again") == before


def test_a_round_still_shows_a_code_merged_into_another_after_it(round_lead, tmp_path):
    pilot(round_lead, tmp_path)
    before, codes = round_json(round_lead), by_code(round_lead)
    assert {"claim", "attack"} <= set(codes)
    round_lead.apply(DeleteCode(round_lead.code("attack").uuid, annotations="move",
                                move_to=round_lead.code("claim").uuid))
    assert "attack" not in {c.name for c in round_lead.codes()}
    assert by_code(round_lead) == codes                   # 'attack' by its name then, with the same figures
    after = round_json(round_lead)
    assert after["overall"] == before["overall"] and after["by_document"] == before["by_document"]
    assert build_report(round_lead, round="pilot", codes=["attack"], bootstrap=0).by_code[0].label == "attack"


def test_the_round_snapshot_is_in_the_merge_undo_and_a_re_merge_follows_the_package(round_lead, tmp_path):
    made = make_round(round_lead, "pilot", tmp_path / "p", ["Ana", "Ben"], sample=3, seed=5)
    code_round(made, PILOT)
    conn = round_lead.store.conn
    count = "SELECT count(*) FROM round_snapshot WHERE round_uuid = ?"
    report = merge(round_lead, [path for _, path in made.packages])
    recorded = round_json(round_lead)
    assert conn.execute(count, (made.round.uuid,)).fetchone()[0] == 12
    redo, _ = round_lead.apply(report.undo)
    assert conn.execute(count, (made.round.uuid,)).fetchone()[0] == 0
    round_lead.apply(redo)
    assert conn.execute(count, (made.round.uuid,)).fetchone()[0] == 12 and round_json(round_lead) == recorded
    with Project.open(made.packages[1][1]) as package:    # Ben corrects his round coding and sends it again
        ben = package.annotations()
        package.delete_annotation(ben[0].uuid)
        package.update_annotation(ben[1].uuid, start=1, end=9)
    merge(round_lead, [made.packages[1][1]])
    ben_rows = conn.execute('SELECT annotation_uuid, start, "end" FROM round_snapshot WHERE coder_uuid = ?',
                            (round_lead.coder("Ben").uuid,)).fetchall()
    assert len(ben_rows) == 5 and (ben[1].uuid, 1, 9) in ben_rows and ben[0].uuid not in {r[0] for r in ben_rows}
    assert round_json(round_lead) != recorded


def test_a_project_from_before_round_snapshots_gains_them_from_its_annotations_on_open(round_lead, tmp_path):
    made = pilot(round_lead, tmp_path)
    again = make_round(round_lead, "again", tmp_path / "again", ["Ida"], documents=["speech7.txt"], kind="retest")
    code_round(again, {"Ida (retest again)": [(0, 9, "attack")]})
    merge(round_lead, [path for _, path in again.packages])
    reports = round_json(round_lead), round_json(round_lead, "again")
    shutil.copy(round_lead.path, tmp_path / "old.annot")
    with sqlite3.connect(tmp_path / "old.annot") as conn:   # as a file before migration 12 has it
        conn.execute("DROP TABLE round_snapshot")
        conn.execute("PRAGMA user_version = 11")
    conn.close()
    with Project.open(tmp_path / "old.annot") as project:
        conn = project.store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION >= 12
        rows = conn.execute('SELECT round_uuid, annotation_uuid, start, "end", code_name, code_path '
                            "FROM round_snapshot").fetchall()
        assert {u for r, u, *_ in rows if r == made.round.uuid} == round_annotations(conn, made.round.uuid)
        earlier = project.annotations(document="speech7.txt", coder="Ida")[0]
        assert (again.round.uuid, earlier.uuid, 0, 6, "claim", "claim") in rows      # the retest's earlier coding
        assert (round_json(project), round_json(project, "again")) == reports
        project.update_annotation(earlier.uuid, start=10, end=20)
        assert round_json(project, "again") == reports[1]


def test_a_copy_of_the_project_keeps_the_rounds_snapshot(round_lead, tmp_path):
    pilot(round_lead, tmp_path)
    recorded = round_json(round_lead)
    for uuid in round_annotations(round_lead.store.conn, find_round(round_lead.store.conn, "pilot").uuid):
        round_lead.delete_annotation(uuid)
    assert main(["copy", str(round_lead.path), "-o", str(tmp_path / "copy.annot")]) == 0
    with Project.open(tmp_path / "copy.annot") as copy:
        assert round_json(copy) == recorded


def table_rows(conn):
    """Every row of every table, with its rowid where it has one: the whole stored state."""
    tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {t: conn.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall() for t in tables}


def test_round_delete_removes_the_record_and_keeps_the_merged_annotations(round_lead, tmp_path, capsys):
    made = pilot(round_lead, tmp_path)
    make_round(round_lead, "later", tmp_path / "later", ["Ana", "Ben"], documents=["speech7.txt"])
    annotations = round_lead.annotations()
    assert main(["round", "delete", str(round_lead.path), "PILOT"]) == 0
    out = capsys.readouterr().out
    assert "Deleted round 'pilot' (reliability; 4 documents, 2 coders)" in out
    assert "The 16 annotations merged from its packages stay in the project as ordinary coding (Ana 8; Ben 8)." in out
    assert [r.name for r in round_lead.rounds()] == ["later"] and round_lead.annotations() == annotations
    conn = round_lead.store.conn
    for table in ("round_documents", "round_coders", "round_annotations", "round_statuses"):
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE round_uuid = ?", (made.round.uuid,)).fetchone() \
            == (0,)
    assert [r.round.name for r in trend(round_lead, bootstrap=0)] == ["later"]
    assert main(["round", "delete", str(round_lead.path), "later"]) == 0
    assert "No annotation had been merged from its packages" in capsys.readouterr().out


def test_deleting_an_unknown_round_is_one_sentence_and_changes_nothing(round_lead, tmp_path, capsys):
    pilot(round_lead, tmp_path)
    before = file_state(round_lead.path)
    assert main(["round", "delete", str(round_lead.path), "pilto"]) == 1
    assert capsys.readouterr().err.strip() == \
        "annotator: There is no round 'pilto' in this project. Did you mean 'pilot'?"
    assert file_state(round_lead.path) == before


def test_delete_round_and_its_inverse_restore_the_round_exactly(round_lead, tmp_path):
    from annotator.round_delete import DeleteRound

    made = pilot(round_lead, tmp_path)
    others = [d.name for d in round_lead.documents() if d.uuid not in made.round.documents][:2]
    pilot(round_lead, tmp_path, "main", documents=others)   # documents Ana and Ben have not coded
    conn = round_lead.store.conn
    state, report = table_rows(conn), as_json(build_report(round_lead, round="pilot", bootstrap=50, seed=1))
    stored = find_round(conn, "pilot")
    inverse, change = round_lead.apply(DeleteRound(made.round.uuid))
    assert change.kind.name == "ROUNDS" and [r.name for r in round_lead.rounds()] == ["main"]
    redo, _ = round_lead.apply(inverse)
    assert table_rows(conn) == state                          # same UUID, rows, row ids: membership and merged state
    assert find_round(conn, "pilot") == stored and all(c.merged for c in stored.coders)
    assert as_json(build_report(round_lead, round="pilot", bootstrap=50, seed=1)) == report
    round_lead.apply(redo)
    assert [r.name for r in round_lead.rounds()] == ["main"]


def test_a_package_of_a_deleted_round_merges_as_ordinary_coding_and_says_so(round_lead, tmp_path):
    made = make_round(round_lead, "pilot", tmp_path / "p", ["Ana", "Ben"], documents=["speech1.txt", "speech2.txt"])
    round_lead.delete_round("pilot")
    code_round(made, PILOT)
    report = merge(round_lead, [path for _, path in made.packages])
    assert [p.added for p in report.packages] == [4, 4]
    assert "round 'pilot', which this project does not know; its work was merged as ordinary coding" in \
        " ".join(report.lines())
    assert round_lead.store.conn.execute("SELECT count(*) FROM round_annotations").fetchone()[0] == 0
