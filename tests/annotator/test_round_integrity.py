"""A round's coding stays the round's (attack on issue 16): no second coding in a coder's layer, no round
coding into gold or a retest row, coders named as `coders --add` names them, and a round's report says
what its data lacks."""
import hashlib
import json
import re
import unicodedata

import pytest

from annotator import Project
from annotator.adjudication import AcceptAnnotation
from annotator.cli import main
from annotator.codebook.restructure import DeleteCode
from annotator.errors import AnnotatorError
from annotator.merging import merge
from annotator.report import as_json, build_report
from annotator.round_store import find_round
from annotator.rounds import make_round
from annotator.trend_data import trend

TEXT = "Crime has fallen by a third. They lied about the buses. Every town deserves a bus.\n"


@pytest.fixture
def kept_lead(tmp_path):
    """Four speeches; Ana and Ben coded speech0 and speech1 and marked them done; gold took Ana's on speech0."""
    with Project.create(tmp_path / "lead.annot", name="Bus study") as project:
        for i in range(4):
            project.import_text(f"{TEXT}{i}\n", f"speech{i}.txt")
        for name in ("Ana", "Ben"):
            project.add_coder(name)
        for doc in ("speech0.txt", "speech1.txt"):
            for name in ("Ana", "Ben"):
                project.annotate(doc, 0, 27, "claim", name)
                project.annotate(doc, 29, 54, "attack", name)
                project.set_status(doc, name, "done")
        for a in project.annotations(document="speech0.txt", coder="Ana"):
            project.apply(AcceptAnnotation(a.uuid))
        yield project


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def coded(made, spans, status="done"):
    """Each coder codes their package: ``spans[coder]`` (start, end, code) on every document."""
    for name, path in made.packages:
        with Project.open(path) as package:
            for doc in package.documents():
                for start, end, code in spans.get(name, ()):
                    package.annotate(doc, start, end, code, name)
                package.set_status(doc, name, status)


# ------------------------------------------------------------------ a second coding in a coder's layer
@pytest.mark.parametrize("kind, coders, documents", [
    ("reliability", ["Cara", "Ana", "Ben"], ["speech0.txt", "speech2.txt"]), ("calibration", ["Ana"], ["speech0.txt"]),
])
def test_round_new_refuses_documents_a_named_coder_has_coded(kept_lead, tmp_path, capsys, kind, coders, documents):
    before = digest(kept_lead.path)
    args = ["round", "new", str(kept_lead.path), "r", "--documents", *documents,
            "--coders", *coders, "--kind", kind, "-o", str(tmp_path / "out")]
    assert main(args) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "Ana already coded 1 of the round's documents ('speech0.txt' 2 annotations)" in err
    assert ("and Ben 1 ('speech0.txt' 2 annotations)" in err) == (kind == "reliability") and "Cara" not in err
    assert "choose other documents or coders, or make a retest round (--kind retest)" in err
    assert digest(kept_lead.path) == before and not (tmp_path / "out").exists()
    assert "Cara" not in [c.name for c in kept_lead.coders()]


def test_a_retest_still_re_codes_documents_the_coder_coded(kept_lead, tmp_path):
    made = make_round(kept_lead, "again", tmp_path / "again", ["Ana"], documents=["speech0.txt"], kind="retest")
    assert made.packages[0][0] == "Ana (retest again)"


def test_merging_a_round_package_keeps_the_coders_own_status_and_warns_of_coding_outside_the_round(kept_lead,
                                                                                                  tmp_path):
    made = make_round(kept_lead, "pilot", tmp_path / "p", ["Ana", "Ben"], documents=["speech2.txt", "speech3.txt"])
    kept_lead.annotate("speech2.txt", 60, 70, "attack", "Ana")     # meanwhile, outside the round
    kept_lead.annotate("speech3.txt", 60, 70, "attack", "Ana")
    kept_lead.set_status("speech2.txt", "Ana", "done")
    coded(made, {"Ana": [(0, 27, "claim")], "Ben": [(0, 27, "claim")]}, status="in progress")
    report = merge(kept_lead, [path for _, path in made.packages])
    assert kept_lead.status("speech2.txt", "Ana") == "done"            # her own status, not the package's
    assert kept_lead.status("speech3.txt", "Ana") == "in progress"     # none of her own there: the package's
    assert kept_lead.status("speech2.txt", "Ben") == "in progress"
    conn = kept_lead.store.conn
    recorded = dict(conn.execute("SELECT d.name, s.status FROM round_statuses s JOIN documents d ON d.uuid = "
                                 "s.document_uuid JOIN coders c ON c.uuid = s.coder_uuid WHERE c.name = 'Ana'"))
    assert recorded == {"speech2.txt": "in progress", "speech3.txt": "in progress"}
    lines = report.lines()
    assert "  1 document status recorded as the round's only: Ana's own status on it in the project was kept." \
        in lines
    assert ("  warning: Ana also has 2 annotations outside the round on 2 documents of it: that layer now holds "
            "two codings there (the round's report reads only the round's).") in lines
    assert not any(line.startswith("  warning: Ben") for line in lines)
    again = merge(kept_lead, [made.packages[0][1]])                    # the same package again: still kept
    assert kept_lead.status("speech2.txt", "Ana") == "done" and "Nothing new" in again.lines()[-1]
    kept_lead.apply(report.undo)
    assert conn.execute("SELECT count(*) FROM document_status s JOIN documents d ON d.id = s.document_id WHERE "
                        "d.name = 'speech3.txt'").fetchone()[0] == 0


# ------------------------------------------------------------------------------------- gold as a coder
@pytest.mark.parametrize("kind, coders", [
    ("reliability", ["gold", "Ben"]), ("reliability", ["Ben", "@GOLD"]), ("calibration", ["Gold"]),
    ("retest", ["gold"]), ("retest", ["@gold"]),
])
def test_the_gold_layer_is_no_round_coder(kept_lead, tmp_path, capsys, kind, coders):
    before = digest(kept_lead.path)
    assert main(["round", "new", str(kept_lead.path), "g", "--documents", "speech2.txt", "--coders", *coders,
                 "--kind", kind, "-o", str(tmp_path / "g")]) == 1
    err = capsys.readouterr().err
    assert "is the gold layer, not a coder" in err and len(err.strip().splitlines()) == 1
    assert digest(kept_lead.path) == before and not (tmp_path / "g").exists()


def test_before_there_is_gold_a_coder_called_gold_is_refused_too(tmp_path):
    with Project.create(tmp_path / "nogold.annot") as project:   # adjudication would adopt a coder called "gold"
        project.import_text(TEXT, "speech0.txt")
        with pytest.raises(AnnotatorError, match="'gold' is the gold layer, not a coder"):
            make_round(project, "g", tmp_path / "g", ["Ana", "gold"], documents=["speech0.txt"])
        assert [c.name for c in project.coders()] == []


# ------------------------------------------------------------------------------------- coders' names
def test_round_coders_are_matched_as_coders_add_matches_them(kept_lead, tmp_path, capsys):
    made = make_round(kept_lead, "case", tmp_path / "case", ["ANA", " ben "], documents=["speech2.txt"])
    assert made.coders_created == () and [n for n, _ in made.packages] == ["Ana", "Ben"]
    assert [c.coder_uuid for c in made.round.coders] == [kept_lead.coder("Ana").uuid, kept_lead.coder("Ben").uuid]
    with Project.open(made.packages[0][1]) as package:
        assert package.coders() == [kept_lead.coder("Ana")]
    composed, decomposed = unicodedata.normalize("NFC", "Åsa"), unicodedata.normalize("NFD", "Åsa")
    for coders, named in ((["Ana", "ana"], "('Ana' and 'ana')"), ([composed, decomposed], f"({composed!r} and "
                                                                                            f"{decomposed!r})")):
        with pytest.raises(AnnotatorError, match=re.escape(f"A coder is named twice {named}")):
            make_round(kept_lead, "twice", tmp_path / "twice", coders, documents=["speech3.txt"])
    assert "Åsa" not in [unicodedata.normalize("NFC", c.name) for c in kept_lead.coders()]
    make_round(kept_lead, "re1", tmp_path / "re1", ["Ana"], documents=["speech1.txt"], kind="retest")
    with pytest.raises(AnnotatorError, match="'Ana [(]retest re1[)]' is itself a retest"):
        make_round(kept_lead, "y14", tmp_path / "y14", ["ana (RETEST re1)", "Ben"], documents=["speech3.txt"])
    Project.open(kept_lead.path).close()
    assert main(["coders", str(kept_lead.path), "--add", decomposed, "--add", composed]) == 1   # --add: the same rule
    assert "given twice" in capsys.readouterr().err
    assert not (tmp_path / "twice").exists() and not (tmp_path / "y14").exists()


# ------------------------------------------------------------------------- what a round's data lacks
def test_the_round_report_and_trend_say_which_packages_are_unmerged_and_what_the_merge_refused(kept_lead, tmp_path,
                                                                                              capsys):
    made = make_round(kept_lead, "pilot", tmp_path / "p", ["Ana", "Ben", "Cara"],
                      documents=["speech2.txt", "speech3.txt"])
    coded(made, {name: [(0, 27, "claim"), (29, 54, "attack")] for name in ("Ana", "Ben", "Cara")})
    kept_lead.apply(DeleteCode(kept_lead.code("attack").uuid, annotations="delete"))   # after the round was made
    report = merge(kept_lead, [tmp_path / "p" / "Ana.annot", tmp_path / "p" / "Ben.annot"])
    assert [sum(p.refused.values()) for p in report.packages] == [2, 2]
    unmerged = ("The round's data is incomplete: 1 of its 3 packages not merged yet (Cara); the figures are without "
                "that coder.")
    refused = ("The round's data is incomplete: merging refused 2 of Ana's and 2 of Ben's round annotations (see "
               "the merge report); the figures are without them.")
    figures = build_report(kept_lead, round="pilot", bootstrap=0)
    assert unmerged in figures.warnings and refused in figures.warnings
    assert main(["agreement", str(kept_lead.path), "--round", "pilot", "--bootstrap", "0", "--json"]) == 0
    assert {unmerged, refused} <= set(json.loads(capsys.readouterr().out)["warnings"])
    assert main(["round", "trend", str(kept_lead.path), "--bootstrap", "0", "--seed", "1"]) == 0
    text = capsys.readouterr().out
    assert f"  note: {unmerged}" in text and f"  note: {refused}" in text
    assert main(["round", "trend", str(kept_lead.path), "--bootstrap", "0", "--seed", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["reliability"][0]["incomplete"] == [unmerged, refused]
    kept_lead.apply(report.undo)                          # the merge undone: nothing refused, nothing merged
    assert "refused" not in find_round(kept_lead.store.conn, "pilot").details
    assert [r.gaps for r in trend(kept_lead, bootstrap=0)] == [
        ("The round's data is incomplete: 3 of its 3 packages not merged yet (Ana, Ben and Cara); the figures "
         "are without them.",)]


def test_a_complete_round_has_no_such_warning(kept_lead, tmp_path):
    made = make_round(kept_lead, "pilot", tmp_path / "p", ["Ana", "Ben"], documents=["speech2.txt", "speech3.txt"])
    coded(made, {"Ana": [(0, 27, "claim")], "Ben": [(0, 20, "claim")]})
    merge(kept_lead, [path for _, path in made.packages])
    assert not any("incomplete" in w for w in as_json(build_report(kept_lead, round="pilot", bootstrap=0))["warnings"])
    assert trend(kept_lead, bootstrap=0)[0].gaps == ()


# ------------------------------------------------------------------------------------ the merged time
def test_a_re_merge_that_brings_nothing_keeps_the_merged_time(kept_lead, tmp_path):
    made = make_round(kept_lead, "pilot", tmp_path / "p", ["Ana", "Ben"], documents=["speech2.txt"])
    coded(made, {"Ana": [(0, 27, "claim")], "Ben": [(0, 27, "claim")]}, status="in progress")
    conn = kept_lead.store.conn
    merge(kept_lead, [path for _, path in made.packages])
    assert all(c.merged for c in find_round(conn, "pilot").coders)
    conn.execute("UPDATE round_coders SET merged = '2020-01-01T00:00:00Z'")   # as if merged long ago
    conn.commit()
    assert "Nothing new" in merge(kept_lead, [made.packages[1][1]]).lines()[-1]
    assert find_round(conn, "pilot").coders[1].merged == "2020-01-01T00:00:00Z"
    with Project.open(made.packages[1][1]) as package:     # Ben finishes: the next merge brings something
        package.set_status("speech2.txt", "Ben", "done")
    merge(kept_lead, [made.packages[1][1]])
    assert find_round(conn, "pilot").coders[1].merged not in ("2020-01-01T00:00:00Z", None)


# ------------------------------------------------------ packages out, "nothing" as a coding (attack 16b)
def test_round_new_refuses_documents_a_coder_holds_in_another_rounds_package_not_merged_yet(kept_lead, tmp_path,
                                                                                          capsys):
    first = make_round(kept_lead, "p1", tmp_path / "p1", ["Cara", "Eve"], documents=["speech2.txt", "speech3.txt"])
    before = digest(kept_lead.path)
    args = ["round", "new", str(kept_lead.path), "p2", "--documents", "speech2.txt", "--coders", "Fay", "Cara",
            "-o", str(tmp_path / "p2")]
    assert main(args) == 1
    err = capsys.readouterr().err.strip()
    assert err == ("annotator: Cara has 1 of the round's documents ('speech2.txt') in a package of round 'p1', not "
                   "merged yet; a reliability round's package would add a second, fresh coding of those documents to "
                   "the same layer: choose other documents or coders.")
    assert digest(kept_lead.path) == before and not (tmp_path / "p2").exists()
    coded(first, {"Cara": [(0, 27, "claim")], "Eve": [(0, 27, "claim")]})
    merge(kept_lead, [path for _, path in first.packages])       # merged: now refused as coded, like any coding
    with pytest.raises(AnnotatorError, match=r"^Cara already coded 1 of the round's documents \('speech2.txt' 1 "):
        make_round(kept_lead, "p2", tmp_path / "p2", ["Fay", "Cara"], documents=["speech2.txt"])
    assert make_round(kept_lead, "p3", tmp_path / "p3", ["Fay", "Eve"], documents=["speech0.txt"]).round.name == "p3"


@pytest.mark.parametrize("status", ["done", "in progress"])
def test_a_document_marked_done_with_no_annotations_counts_as_coded(kept_lead, tmp_path, status):
    kept_lead.set_status("speech3.txt", "Ana", status)              # Ana read it and found nothing to code
    kept_lead.set_status("speech2.txt", "Ben", "not started")       # not a coding
    before = digest(kept_lead.path)
    with pytest.raises(AnnotatorError, match=rf"^Ana already coded 1 of the round's documents \('speech3.txt' "
                                             rf"marked {status} with no annotations\); a reliability round's package"):
        make_round(kept_lead, "pd", tmp_path / "pd", ["Ana", "Ben"], documents=["speech2.txt", "speech3.txt"])
    assert digest(kept_lead.path) == before and not (tmp_path / "pd").exists()
    assert make_round(kept_lead, "ok", tmp_path / "ok", ["Ben", "Cara"], documents=["speech2.txt", "speech3.txt"])


def test_a_package_of_a_round_made_again_under_its_name_says_so_and_warns_of_a_second_coding(kept_lead, tmp_path):
    old = make_round(kept_lead, "pilot", tmp_path / "old", ["Ana", "Cara"], documents=["speech2.txt", "speech3.txt"])
    coded(old, {"Ana": [(0, 27, "claim")], "Cara": [(0, 27, "claim")]})
    kept_lead.delete_round("pilot")
    kept_lead.annotate("speech2.txt", 60, 70, "attack", "Ana")       # Ana codes speech2 in the main study
    new = make_round(kept_lead, "PILOT", tmp_path / "new", ["Cara", "Eve"], documents=["speech3.txt"])
    lines = merge(kept_lead, [path for _, path in old.packages]).lines()
    made = new.round.created
    assert (f"  It was made for a round named 'pilot' that is not this project's round 'PILOT' (made {made}): the "
            "package's round was deleted, or made for a copy of the project; its work was merged as ordinary coding, "
            "in no round.") in lines
    assert ("  warning: Ana also has 1 annotation outside the round on 1 document of it: that layer now holds two "
            "codings there (neither is recorded as a round's).") in lines
    assert ("  warning: Cara's package of round 'PILOT', not merged yet, holds 1 document of it: merging that "
            "package will put a second coding there.") in lines
    assert not any(line.startswith("  warning: Ana's") or line.startswith("  warning: Cara also") for line in lines)


def test_a_package_of_a_deleted_retest_round_is_not_merged(kept_lead, tmp_path, capsys):
    # Deleting an unmerged retest round removes its empty row; merging its package afterwards would bring the row
    # back as an ordinary coder, counted in agreement and calibration (review of session 5).
    made = make_round(kept_lead, "re1", tmp_path / "re1", ["Ana"], documents=["speech0.txt"], kind="retest")
    coded(made, {"Ana (retest re1)": [(0, 27, "claim")]})
    assert main(["round", "delete", str(kept_lead.path), "re1"]) == 0
    capsys.readouterr()
    before = digest(kept_lead.path)
    assert main(["merge", str(kept_lead.path), str(made.packages[0][1])]) == 1
    err = capsys.readouterr().err.strip()
    assert "re-tests a coder for round 're1', which this project does not have" in err and "nothing was merged" in err
    assert digest(kept_lead.path) == before and "Ana (retest re1)" not in [c.name for c in kept_lead.coders()]


def test_a_retest_round_holding_its_re_coding_is_not_deleted(kept_lead, tmp_path, capsys):
    made = make_round(kept_lead, "re1", tmp_path / "re1", ["Ana"], documents=["speech0.txt"], kind="retest")
    coded(made, {"Ana (retest re1)": [(0, 27, "claim")]})
    merge(kept_lead, [made.packages[0][1]])
    before = digest(kept_lead.path)
    assert main(["round", "delete", str(kept_lead.path), "re1"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("annotator: Round 're1' is a retest whose re-coding was merged")
    assert len(err.splitlines()) == 1
    assert digest(kept_lead.path) == before
    assert [c.name for c in kept_lead.retest_coders()] == ["Ana (retest re1)"]


def test_a_re_merge_after_a_code_was_deleted_drops_the_refused_from_the_round_and_says_it_changed(kept_lead,
                                                                                                 tmp_path):
    from annotator.round_store import snapshot

    made = make_round(kept_lead, "pilot", tmp_path / "p", ["Cara", "Eve"], documents=["speech2.txt", "speech3.txt"])
    coded(made, {"Cara": [(0, 27, "claim"), (29, 54, "attack")], "Eve": [(0, 27, "claim")]})
    merge(kept_lead, [path for _, path in made.packages])
    conn, cara = kept_lead.store.conn, kept_lead.coder("Cara").uuid
    codes = lambda: sorted(s.code_name for s in snapshot(conn, made.round.uuid) if s.coder_uuid == cara)  # noqa: E731
    assert codes() == ["attack", "attack", "claim", "claim"]
    kept_lead.apply(DeleteCode(kept_lead.code("attack").uuid, annotations="delete"))
    assert codes() == ["attack", "attack", "claim", "claim"]         # frozen: the round measured them
    lines = merge(kept_lead, [made.packages[0][1]]).lines()            # Cara's package merged again
    assert "  2 annotations refused: its code is not in the project (deleted there, or refused)." in lines
    assert "  Round 'pilot': 2 annotations recorded as the round's." in lines
    assert not any(line.startswith("Nothing new") for line in lines)
    assert codes() == ["claim", "claim"]                             # the figures are without the refused, as said
    figures = build_report(kept_lead, round="pilot", bootstrap=0)
    assert ("The round's data is incomplete: merging refused 2 of Cara's round annotations (see the merge report); "
            "the figures are without them.") in figures.warnings
    assert "Nothing new: the project already had all of this work." in merge(kept_lead, [made.packages[0][1]]).lines()
