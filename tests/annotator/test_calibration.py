"""Calibration against gold and test-retest, end to end with round packages and merges (issue 16)."""
import json
import shutil
import sqlite3

import pytest

from annotator import Project, migrations
from annotator.adjudication import AcceptAnnotation
from annotator.calibration import calibrate
from annotator.calibration_out import calibration_json
from annotator.cli import main
from annotator.codebook.restructure import MergeCodes
from annotator.errors import AnnotatorError
from annotator.merging import merge
from annotator.report import build_report
from annotator.round_store import find_round
from annotator.rounds import make_round

TEXT = "Crime has fallen by a third. They lied about the buses. Every town deserves a bus.\n"
CLAIM = (0, TEXT.index("."))                                             # "Crime has fallen by a third" (0-27)
ATTACK = (TEXT.index("They"), TEXT.index("buses.") + 5)                  # "They lied about the buses"
FAIR = (TEXT.index("Every"), TEXT.index("bus.\n") + 3)                   # "Every town deserves a bus"


@pytest.fixture
def calibration_lead(tmp_path):
    """Three speeches; Ada coded the first two and gold accepted her claim and attack there."""
    with Project.create(tmp_path / "lead.annot", name="Bus study") as project:
        for i in range(3):
            project.import_text(f"{TEXT}{i}\n", f"speech{i}.txt")
        for name in ("Ada", "Ana", "Ben"):
            project.add_coder(name)
        for doc in project.documents()[:2]:
            for span, code in ((CLAIM, "claim"), (ATTACK, "attack")):
                project.apply(AcceptAnnotation(project.annotate(doc, *span, code, "Ada").uuid))
        yield project


def code_package(path, spans):
    with Project.open(path) as package:
        coder = package.coders()[0]
        for doc in package.documents():
            for (start, end), code in spans:
                package.annotate(doc, start, end, code, coder)
            package.set_status(doc, coder, "done")


def training(project, tmp_path):
    made = make_round(project, "training", tmp_path / "training", ["Cara"], documents=["speech0.txt", "speech1.txt"],
                      kind="calibration")
    # Cara: claim too short ("Crime has fallen"), attack exact, fairness where gold has none
    code_package(made.packages[0][1], [((0, 16), "claim"), (ATTACK, "attack"), (FAIR, "appeal to fairness")])
    merge(project, [made.packages[0][1]])
    return made


def test_a_calibration_round_scores_a_new_coder_against_gold_per_code(calibration_lead, tmp_path):
    made = training(calibration_lead, tmp_path)
    gold = calibration_lead.coder("gold")
    assert made.coders_created == ("Cara",) and made.round.details == {
        "against": gold.uuid, "earlier": sorted(a.uuid for a in calibration_lead.annotations(coder=gold))}
    result = calibrate(calibration_lead, round="training")
    (cara,) = result.coders
    assert (result.gold, result.round, cara.coder) == ("gold", "training", "Cara")
    assert cara.documents == ("speech0.txt", "speech1.txt")
    codes = {c.code: c for c in cara.codes}
    claim, attack, fair = codes["claim"], codes["attack"], codes["appeal to fairness"]
    assert (claim.f1["exact"].value, claim.f1["overlap"].value) == (0.0, 1.0)
    assert (attack.f1["exact"].value, attack.f1["overlap"].value) == (1.0, 1.0)
    assert fair.f1["exact"].value == 0.0 and fair.spans == (2, 0)
    tail = TEXT[16:CLAIM[1]]                                            # " by a third"
    assert (claim.under.characters, claim.under.spans, claim.over.characters) == (2 * len(tail), 0, 0)
    assert [(e.document, e.start, e.end, e.text) for e in claim.under.examples] == [
        ("speech0.txt", 16, CLAIM[1], tail), ("speech1.txt", 16, CLAIM[1], tail)]
    assert (fair.over.characters, fair.over.spans, fair.under.characters) == (2 * (FAIR[1] - FAIR[0]), 2, 0)
    assert fair.over.examples[0].text == "Every town deserves a bus"
    assert attack.over.characters == attack.under.characters == 0
    # α per code is the report's, for Cara and gold on the round's documents
    report = build_report(calibration_lead, round="training", bootstrap=0, seed=0)
    assert report.coders == ("Cara", "gold") and "gold layer" in report.round.sentence
    mine = {f.key: f.value for f in claim.figures}
    theirs = {f.key: f.value for f in next(r for r in report.by_code if r.label == "claim").figures}
    assert mine == theirs and mine["code_u_alpha"] < 1.0
    assert {f.key: f.value for f in attack.figures}["code_u_alpha"] == pytest.approx(1.0)


def test_the_calibration_package_holds_gold_documents_without_gold(calibration_lead, tmp_path):
    made = make_round(calibration_lead, "training", tmp_path / "t", ["Cara", "Dan"], sample=2, seed=3,
                      kind="calibration")
    assert sorted(calibration_lead.document(u).name for u in made.round.documents) == ["speech0.txt", "speech1.txt"]
    for _, path in made.packages:
        with Project.open(path) as package:
            assert package.annotations() == [] and [c.name for c in package.coders()] != ["gold"]


def test_calibration_outside_rounds_uses_all_coding_and_the_cli_prints_examples(calibration_lead, tmp_path, capsys):
    doc = calibration_lead.document("speech0.txt")
    calibration_lead.annotate(doc, *FAIR, "appeal to fairness", "Ana")
    calibration_lead.set_status(doc, "Ana", "done")
    (ana,) = calibrate(calibration_lead, coders=["Ana"]).coders
    codes = {c.code: c for c in ana.codes}
    assert ana.documents == ("speech0.txt",) and codes["claim"].under.spans == 1
    assert codes["appeal to fairness"].over.examples[0].text == "Every town deserves a bus"
    assert main(["calibration", str(calibration_lead.path), "--coder", "Ana"]) == 0
    out = capsys.readouterr().out
    assert "'Every town deserves a bus' (speech0.txt" in out and "recall" in out
    assert main(["calibration", str(calibration_lead.path), "--coder", "Ana", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    claim = next(c for c in data["coders"][0]["codes"] if c["code"] == "claim")
    assert claim["under"]["characters"] == CLAIM[1] - CLAIM[0] and claim["span_f1"]["exact"]["recall"] == 0.0
    assert main(["calibration", str(calibration_lead.path), "--html", str(tmp_path / "c.html")]) == 0
    assert "Every town deserves a bus" in (tmp_path / "c.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (["round", "new", "{p}", "t", "--documents", "speech0.txt", "speech2.txt", "--coders", "Cara", "--kind",
      "calibration", "-o", "{o}"], "only documents the gold layer has coded; not 'speech2.txt'"),
    (["round", "new", "{p}", "t", "--documents", "speech0.txt", "--coders", "gold", "--kind", "calibration",
      "-o", "{o}"], "'gold' is the gold layer"),
    (["round", "new", "{p}", "t", "--documents", "speech0.txt", "--coders", "Ana", "--kind", "pilot", "-o", "{o}"],
     "not 'pilot'"),
    (["calibration", "{p}", "--round", "nope"], "There is no round 'nope'"),
    (["calibration", "{p}", "--coder", "gold"], "is the gold layer"),
    (["calibration", "{p}", "--round", "training", "--coder", "Ana"], "'Ana' is not a coder of round 'training'"),
    (["calibration", "{p}", "--round", "training"], "has the work of 0 of its coders merged"),
])
def test_bad_calibration_input_is_one_sentence(calibration_lead, tmp_path, capsys, args, message):
    if "training" in args:
        make_round(calibration_lead, "training", tmp_path / "t", ["Cara"], sample=1, seed=0, kind="calibration")
    path = str(calibration_lead.path)
    before = (tmp_path / "lead.annot").read_bytes()
    assert main([a.format(p=path, o=tmp_path / "out") for a in args]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert (tmp_path / "lead.annot").read_bytes() == before and not (tmp_path / "out").exists()


def test_calibration_of_a_document_outside_the_round_exits_1_like_agreement(calibration_lead, tmp_path, capsys):
    training(calibration_lead, tmp_path)
    path = str(calibration_lead.path)
    assert main(["calibration", path, "--round", "training", "--documents", "speech2.txt"]) == 1
    err = capsys.readouterr().err
    assert "'speech2.txt' is not a document of round 'training'" in err and len(err.strip().splitlines()) == 1
    assert main(["calibration", path, "--round", "training", "--documents", "speech1.txt"]) == 0


def test_calibration_needs_gold_and_a_calibration_round(empty_project, calibration_lead, tmp_path):
    with pytest.raises(AnnotatorError, match="no gold layer yet"):
        calibrate(empty_project)
    make_round(calibration_lead, "pilot", tmp_path / "pilot", ["Ana", "Ben"], documents=["speech0.txt"])
    with pytest.raises(AnnotatorError, match="is a reliability round"):
        calibrate(calibration_lead, round="pilot")


# ------------------------------------------------------------------------------------------ test-retest
@pytest.fixture
def retest_lead(calibration_lead):
    """Ana and Ben coded every speech (claim and attack) and marked them done."""
    for doc in calibration_lead.documents():
        for coder in ("Ana", "Ben"):
            calibration_lead.annotate(doc, *CLAIM, "claim", coder)
            calibration_lead.annotate(doc, *ATTACK, "attack", coder)
            calibration_lead.set_status(doc, coder, "done")
    return calibration_lead


def ana_layer(project):
    conn = project.store.conn
    ana = project.coder("Ana").id
    return (conn.execute("SELECT * FROM annotations WHERE coder_id = ? ORDER BY id", (ana,)).fetchall(),
            conn.execute("SELECT * FROM document_status WHERE coder_id = ? ORDER BY document_id", (ana,)).fetchall())


def test_a_retest_compares_earlier_and_recoded_and_leaves_the_coder_layer_alone(retest_lead, tmp_path, capsys):
    before = ana_layer(retest_lead)
    made = make_round(retest_lead, "again", tmp_path / "again", ["Ana"], documents=["speech0.txt", "speech1.txt"],
                      kind="retest")
    (name, path), = made.packages
    assert name == "Ana (retest again)" and path.name == "Ana (retest again).annot"
    ids = {retest_lead.document(n).id for n in ("speech0.txt", "speech1.txt")}
    earlier = {a.uuid for a in retest_lead.annotations(coder="Ana") if a.document_id in ids}
    assert set(made.round.details["earlier"]) == earlier and len(earlier) == 4
    with Project.open(path) as package:
        assert package.annotations() == []                      # her earlier coding is hidden
    code_package(path, [(CLAIM, "claim"), ((ATTACK[0], ATTACK[1] - 4), "attack")])   # attack a little shorter
    result = merge(retest_lead, [path])
    assert ana_layer(retest_lead) == before                     # the re-coding is not in Ana's layer
    report = build_report(retest_lead, round="again", bootstrap=0, seed=0)
    assert report.coders == ("Ana", "Ana (retest again)") and "Intra-coder agreement" in report.round.sentence
    assert report.figure("f1_exact").value == pytest.approx(2 * 2 / 8)     # the claims match, the attacks do not
    assert report.figure("f1_overlap").value == 1.0
    assert "Ana (retest again)" not in build_report(retest_lead, bootstrap=0, seed=0).coders
    assert [c.name for c in retest_lead.retest_coders()] == ["Ana (retest again)"]   # the app's lists leave it unticked
    assert main(["agreement", str(retest_lead.path), "--round", "again", "--bootstrap", "0"]) == 0
    assert "Intra-coder agreement: Ana's coding" in capsys.readouterr().out
    retest_lead.apply(result.undo)                             # undo the merge: the round is as before it
    assert ana_layer(retest_lead) == before and retest_lead.annotations(coder="Ana (retest again)") == []
    assert find_round(retest_lead.store.conn, "again").coders[0].merged is None
    with pytest.raises(AnnotatorError, match="merge its package first"):
        build_report(retest_lead, round="again", bootstrap=0)


@pytest.mark.parametrize("coders, documents, message", [
    (["Ana", "Ben"], ["speech0.txt"], "A retest round re-tests one coder; 2 were named"),
    (["Zoe"], ["speech0.txt"], "There is no coder 'Zoe' to re-test"),
    (["Ada"], ["speech0.txt", "speech2.txt"], "only documents Ada has coded; not 'speech2.txt'"),
])
def test_bad_retest_input_is_one_sentence(retest_lead, tmp_path, coders, documents, message):
    with pytest.raises(AnnotatorError, match=message):
        make_round(retest_lead, "again", tmp_path / "again", coders, documents=documents, kind="retest")
    assert not (tmp_path / "again").exists() and "Zoe" not in [c.name for c in retest_lead.coders()]


def test_a_retest_row_cannot_be_retested(retest_lead, tmp_path):
    make_round(retest_lead, "again", tmp_path / "again", ["Ana"], sample=1, seed=0, kind="retest")
    with pytest.raises(AnnotatorError, match="is itself a retest"):
        make_round(retest_lead, "twice", tmp_path / "twice", ["Ana (retest again)"], sample=1, kind="retest")


def test_deleting_a_retest_round_removes_its_empty_coder_row_and_keeps_one_that_holds_work(retest_lead, tmp_path):
    from annotator.round_delete import DeleteRound

    conn = retest_lead.store.conn
    made = make_round(retest_lead, "again", tmp_path / "again", ["Ana"], documents=["speech0.txt"], kind="retest")
    row = conn.execute("SELECT * FROM coders WHERE name = 'Ana (retest again)'").fetchall()
    inverse, _ = retest_lead.apply(DeleteRound(made.round.uuid))
    assert "Ana (retest again)" not in [c.name for c in retest_lead.coders()]
    retest_lead.apply(inverse)
    assert conn.execute("SELECT * FROM coders WHERE name = 'Ana (retest again)'").fetchall() == row   # same id
    assert find_round(conn, "again") == made.round
    deletion = retest_lead.delete_round("again")
    assert deletion.retest_removed == ("Ana (retest again)",) and deletion.retest_kept == ()
    assert "The empty retest coder 'Ana (retest again)' was removed." in deletion.lines()
    assert "Ana (retest again)" not in [c.name for c in retest_lead.coders()]
    assert retest_lead.rounds() == []
    again = make_round(retest_lead, "twice", tmp_path / "twice", ["Ana"], documents=["speech1.txt"], kind="retest")
    code_package(again.packages[0][1], [(CLAIM, "claim")])
    merge(retest_lead, [again.packages[0][1]])
    state = conn.execute("SELECT count(*) FROM rounds").fetchone(), retest_lead.path.read_bytes()
    for delete in (lambda: retest_lead.delete_round("twice"), lambda: retest_lead.apply(DeleteRound(again.round.uuid))):
        with pytest.raises(AnnotatorError, match=r"^Round 'twice' is a retest whose re-coding was merged \('Ana "
                           r"\(retest twice\)' holds its coding of 1 document, 1 annotation\), and without the round "
                           "that row would count as one more coder in agreement and calibration; delete the re-coding "
                           r"first \(that row's annotations and statuses\), or keep the round\.$"):
            delete()
    assert (conn.execute("SELECT count(*) FROM rounds").fetchone(), retest_lead.path.read_bytes()) == state
    assert [c.name for c in retest_lead.retest_coders()] == ["Ana (retest twice)"]
    for a in retest_lead.annotations(coder="Ana (retest twice)"):     # the re-coding removed: the round may go
        retest_lead.delete_annotation(a.uuid)
    retest_lead.set_status("speech1.txt", "Ana (retest twice)", "not started")
    deletion = retest_lead.delete_round("twice")
    assert deletion.retest_kept == (("Ana (retest twice)", 0),) and deletion.retest_removed == ()
    assert ("The retest coder 'Ana (retest twice)' stays: it holds no coding, but statuses, memos, suggestions or a "
            "model refer to it.") in deletion.lines()
    assert retest_lead.coder("Ana (retest twice)") and retest_lead.rounds() == []


def test_the_trend_series_holds_reliability_rounds_and_reports_calibration_and_retest_on_their_own(
        retest_lead, tmp_path, capsys):
    from lxml import etree

    from annotator.codebook import RenameCode
    from annotator.round_chart import trend_series
    from annotator.trend_data import trend

    def reliability(name, documents, attack="attack"):
        # new coders: Ana and Ben coded every speech, and a reliability round codes afresh
        made = make_round(retest_lead, name, tmp_path / name, ["Dan", "Eve"], documents=documents)
        for coder, path in made.packages:
            code_package(path, [(CLAIM, "claim"), ((ATTACK[0], ATTACK[1] - (4 if coder == "Eve" else 0)), attack)])
        merge(retest_lead, [path for _, path in made.packages])

    reliability("pilot", ["speech0.txt", "speech1.txt"])
    training(retest_lead, tmp_path)                                   # calibration: Cara against gold
    retest_lead.apply(RenameCode(retest_lead.code("attack").uuid, "accusation", because="clearer"))
    again = make_round(retest_lead, "again", tmp_path / "again", ["Ana"], documents=["speech0.txt", "speech1.txt"],
                       kind="retest")
    code_package(again.packages[0][1], [(CLAIM, "claim")])           # Ana re-codes her claims only
    merge(retest_lead, [again.packages[0][1]])
    reliability("main", ["speech2.txt"], "accusation")
    rows = trend(retest_lead, bootstrap=0, seed=1)
    assert [(r.round.name, r.round.kind) for r in rows] == [("pilot", "reliability"), ("training", "calibration"),
                                                            ("again", "retest"), ("main", "reliability")]
    [u_alpha] = [s for s in trend_series(rows) if s.key == "u_alpha"]
    assert len(u_alpha.values) == 2                                   # pilot and main only
    # the calibration round is calibrate()'s figures; the retest round is Ana against herself
    cara = rows[1].calibration.coders[0]
    assert rows[1].report is None and cara == calibrate(retest_lead, round="training", examples=0).coders[0]
    assert rows[2].report.coders == ("Ana", "Ana (retest again)")
    earlier = len(again.round.details["earlier"])          # her own coding of the two speeches: 4 spans
    assert rows[2].report.figure("f1_exact").value == pytest.approx(2 * 2 / (earlier + 2)) and earlier == 4
    # codebook changes are shown since the previous round of the same kind: the rename before 'main' and 'again'
    assert [c.because for c in rows[3].changes_before] == ["clearer"] and rows[2].changes_before == ()
    assert main(["round", "trend", str(retest_lead.path), "--bootstrap", "0", "--seed", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in data["reliability"]] == ["pilot", "main"]
    assert [r["name"] for r in data["retest"]] == ["again"] and "Intra-coder" in data["retest"][0]["compares"]
    [cal] = data["calibration"]
    assert cal["gold"] == "gold" and cal["coders"][0]["coder"] == "Cara"
    claim = next(c for c in cal["coders"][0]["by_code"] if c["code"] == "claim")
    assert (claim["span_f1"]["exact"]["f1"], claim["span_f1"]["overlap"]["f1"]) == (0.0, 1.0)
    assert {f["key"] for f in cal["coders"][0]["overall"]} == {"alpha_none", "u_alpha", "f1_exact", "f1_overlap"}
    assert main(["round", "trend", str(retest_lead.path), "--bootstrap", "0", "--seed", "1"]) == 0
    text = capsys.readouterr().out
    reliable, calibrating, retesting = (text.index(t) for t in ("Reliability rounds:", "Calibration rounds:",
                                                                "Retest rounds:"))
    assert reliable < text.index("Round 'main'") < calibrating < text.index("Cara (2 documents)") < retesting
    assert "Intra-coder agreement: Ana's coding" in text[retesting:]
    page = tmp_path / "trend.html"
    assert main(["round", "trend", str(retest_lead.path), "--bootstrap", "0", "--html", str(page)]) == 0
    html = page.read_text()
    svg = etree.fromstring(html[html.index("<svg"):html.index("</svg>") + 6].encode())
    ticks = [t.text for t in svg.xpath("//svg:text", namespaces={"svg": "http://www.w3.org/2000/svg"})]
    assert ticks[:2] == ["pilot", "main"] and "training" not in ticks and "again" not in ticks
    assert "<h2>Calibration rounds</h2>" in html and "<h2>Retest rounds</h2>" in html


def calibration_figures(project, **options):
    """A calibration as JSON, each coder's codes by name (a code merged away since is listed after the codebook's)."""
    data = calibration_json(calibrate(project, **options))
    return [{**coder, "codes": {c["code"]: c for c in coder["codes"]}} for coder in data["coders"]]


def exact_training(project, tmp_path):
    """A calibration round in which Cara codes exactly what gold has (claim and attack on speech0 and speech1)."""
    made = make_round(project, "training", tmp_path / "training", ["Cara"], documents=["speech0.txt", "speech1.txt"],
                      kind="calibration")
    code_package(made.packages[0][1], [(CLAIM, "claim"), (ATTACK, "attack")])
    merge(project, [made.packages[0][1]])
    return made


def test_a_calibration_round_compares_with_gold_as_it_was_when_made(calibration_lead, tmp_path):
    exact_training(calibration_lead, tmp_path)
    recorded = calibration_figures(calibration_lead, round="training")
    assert recorded[0]["codes"]["attack"]["span_f1"]["exact"]["f1"] == 1.0
    calibration_lead.apply(MergeCodes(calibration_lead.code("attack").uuid, calibration_lead.code("claim").uuid))
    assert calibration_figures(calibration_lead, round="training") == recorded      # gold re-coded, Cara's snapshot not
    gold = calibration_lead.annotations(document="speech0.txt", coder="gold")
    calibration_lead.update_annotation(gold[0].uuid, start=0, end=5)
    calibration_lead.delete_annotation(gold[1].uuid)
    assert calibration_figures(calibration_lead, round="training") == recorded
    assert calibration_figures(calibration_lead, coders=["Cara"]) != recorded        # without --round: gold now


def test_calibration_without_a_round_reads_gold_as_it_is_now(calibration_lead, tmp_path):
    exact_training(calibration_lead, tmp_path)
    (cara,) = calibrate(calibration_lead, coders=["Cara"]).coders
    assert {c.code: c.f1["exact"].value for c in cara.codes} == {"claim": 1.0, "attack": 1.0}
    calibration_lead.update_annotation(calibration_lead.annotations(document="speech0.txt", coder="gold")[0].uuid,
                                       start=0, end=5)
    (cara,) = calibrate(calibration_lead, coders=["Cara"]).coders
    assert {c.code: c.f1["exact"].value for c in cara.codes}["claim"] == 0.5


def test_a_calibration_round_made_before_gold_was_kept_gains_gold_as_it_is_on_open(calibration_lead, tmp_path):
    made = exact_training(calibration_lead, tmp_path)
    recorded = calibration_figures(calibration_lead, round="training")
    gold = calibration_lead.coder("gold")
    shutil.copy(calibration_lead.path, tmp_path / "old.annot")
    with sqlite3.connect(tmp_path / "old.annot") as conn:   # as a file of migration 12 has a calibration round
        conn.execute("DELETE FROM round_snapshot WHERE coder_uuid = ?", (gold.uuid,))
        conn.execute("UPDATE rounds SET details = json_remove(details, '$.earlier')")
        conn.execute("PRAGMA user_version = 12")
    conn.close()
    with Project.open(tmp_path / "old.annot") as project:
        conn = project.store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION >= 13
        theirs = sorted(a.uuid for a in project.annotations(coder=gold))
        assert find_round(conn, "training").details == {"against": gold.uuid, "earlier": theirs}
        kept = conn.execute("SELECT annotation_uuid FROM round_snapshot WHERE round_uuid = ? AND coder_uuid = ?",
                            (made.round.uuid, gold.uuid)).fetchall()
        assert sorted(u for (u,) in kept) == theirs
        assert calibration_figures(project, round="training") == recorded
        project.apply(MergeCodes(project.code("attack").uuid, project.code("claim").uuid))
        assert calibration_figures(project, round="training") == recorded
