"""Disagreements have stable ids, and a codebook change can cite them (issue 16): the change log keeps a
snapshot of each, and the trend across rounds shows it under the change."""
import csv
import json
import uuid

import pytest

from annotator import Project
from annotator.adjudication import AcceptAnnotation
from annotator.cited import TEXT_LIMIT, CitedDisagreement, disagreement_id
from annotator.cli import main
from annotator.codebook import RenameCode
from annotator.errors import AnnotatorError
from annotator.merging import merge
from annotator.report import as_json, as_text, build_report, write_csv, write_html
from annotator.report.disagreements import cite
from annotator.rounds import make_round
from annotator.trend_data import trend

TEXT = "Crime has fallen by a third since we took office. They lied about the buses. " * 6 + "\n"


@pytest.fixture
def cited_study(tmp_path):
    """Two coders who disagree in two documents, and agree on one span."""
    with Project.create(tmp_path / "cited.annot", name="Cited") as project:
        for name in ("a.txt", "b.txt"):
            project.import_text(TEXT + name, name)
        for coder in ("Ana", "Ben"):
            project.add_coder(coder)
        for doc in ("a.txt", "b.txt"):
            project.annotate(doc, 0, 5, "claim", "Ana")
            project.annotate(doc, 0, 5, "claim", "Ben")            # an agreement: no id needed
            project.annotate(doc, 6, 30, "claim", "Ana")
            project.annotate(doc, 6, 60, "attack", "Ben")
        project.annotate("a.txt", 50, 400, "attack", "Ana")       # overlaps Ben's: one long disagreement
        yield project


def test_the_id_is_d_and_8_hex_of_the_document_and_the_sorted_annotation_uuids():
    one = disagreement_id("doc", ["b", "a"])
    assert one == disagreement_id("doc", ["a", "b"]) and len(one) == 9 and one[0] == "D"
    int(one[1:], 16)
    assert one != disagreement_id("doc", ["a"]) and one != disagreement_id("other", ["a", "b"])


def test_ids_are_stable_across_recomputation_and_the_report_s_formats(cited_study, tmp_path):
    first = build_report(cited_study, bootstrap=20, seed=1)
    again = build_report(cited_study, bootstrap=30, seed=9)
    ids = [d.id for d in first.disagreements]
    assert ids == [d.id for d in again.disagreements] and len(set(ids)) == len(ids) == 2
    doc = cited_study.document("a.txt")
    assert first.disagreements[0].id == disagreement_id(doc.uuid, first.disagreements[0].annotation_uuids)
    assert [d["id"] for d in as_json(first)["disagreements"]] == ids
    text = as_text(first)
    assert all(f"  {i}  " in text for i in ids)
    write_csv(first, tmp_path / "csv")
    with open(tmp_path / "csv" / "disagreements.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][0] == "id" and [r[0] for r in rows[1:]] == ids
    html = write_html(first, tmp_path / "r.html").read_text("utf-8")
    assert all(f"<td class=\"\">{i}</td>" in html for i in ids)


def test_an_edit_keeps_a_snapshot_of_each_cited_disagreement_and_undo_redo_follow_the_log(cited_study):
    report = build_report(cited_study, bootstrap=0, seed=1)
    wanted = [d.id for d in report.disagreements]
    cited = cite(cited_study, [wanted[0].lower(), wanted[1], wanted[0]])    # case ignored; each once
    assert [c.id for c in cited] == [wanted[0], wanted[1]]
    long = cited[0]
    assert long.document == "a.txt" and long.document_uuid == cited_study.document("a.txt").uuid
    assert (long.start, long.end, long.round) == (6, 400, None)
    assert long.text == TEXT[6:6 + TEXT_LIMIT - 1] + "…" and len(long.text) == TEXT_LIMIT
    assert dict(long.coded) == {"Ana": ((6, 30, "claim"), (50, 400, "attack")), "Ben": ((6, 60, "attack"),)}
    claim = cited_study.code("claim")
    inverse, _ = cited_study.apply(RenameCode(claim.uuid, "assertion", because="confused", disagreements=cited))
    entry = cited_study.scheme_log()[-1]
    assert entry.details["because"] == "confused"
    assert [CitedDisagreement.from_json(d) for d in entry.details["disagreements"]] == list(cited)
    for annotation in cited_study.annotations():        # the snapshot does not follow later edits
        cited_study.delete_annotation(annotation.uuid)
    assert CitedDisagreement.from_json(cited_study.scheme_log()[-1].details["disagreements"][0]) == long
    count = len(cited_study.scheme_log())
    redo, _ = cited_study.apply(inverse)
    assert len(cited_study.scheme_log()) == count + 1 and cited_study.code(claim.uuid).name == "claim"
    assert cited_study.scheme_log()[-1].action == "undo rename"
    cited_study.apply(redo)
    assert cited_study.scheme_log()[-1].details["disagreements"] == entry.details["disagreements"]


def test_an_unknown_or_malformed_id_is_one_sentence_saying_how_to_list_them(cited_study):
    with pytest.raises(AnnotatorError, match=r"no disagreement D00000000 in Cited's report or any round's; "
                                             r".*`annotator agreement PROJECT.*--from-coders or --from-codes"):
        cite(cited_study, ["D00000000"])
    with pytest.raises(AnnotatorError, match=r"'claim' is not a disagreement id"):
        cite(cited_study, ["claim"])


# --------------------------------------------------------------------------- the command line, end to end
def _code(folder, spans):
    for package in sorted(folder.iterdir()):
        with Project.open(package) as project:
            coder = project.coders()[0].name
            for doc in project.documents():
                for start, end, code in spans[coder]:
                    project.annotate(doc, start, end, code, coder)
                project.set_status(doc, coder, "done")


def test_cli_round_agreement_scheme_import_with_a_disagreement_and_the_trend_shows_it(tmp_path, capsys):
    path = str(tmp_path / "lead.annot")
    assert main(["new", path]) == 0
    with Project.open(path) as project:
        for i in range(3):
            project.import_text(f"Speech {i}. Crime has fallen by a third. They lied about the buses.\n", f"s{i}.txt")
        for coder in ("Ana", "Ben"):
            project.add_coder(coder)
    assert main(["round", "new", path, "pilot", "--documents", "s0.txt", "s1.txt", "--coders", "Ana", "Ben",
                 "-o", str(tmp_path / "pilot")]) == 0
    _code(tmp_path / "pilot", {"Ana": [(0, 9, "claim")], "Ben": [(0, 20, "attack")]})
    assert main(["merge", path, *map(str, sorted((tmp_path / "pilot").iterdir()))]) == 0
    capsys.readouterr()
    assert main(["agreement", path, "--round", "pilot", "--json", "--bootstrap", "0"]) == 0
    disagreement = json.loads(capsys.readouterr().out)["disagreements"][0]
    book = tmp_path / "book.json"
    assert main(["scheme", "export", path, "-o", str(book)]) == 0
    data = json.loads(book.read_text("utf-8"))
    data["codes"].append({"uuid": str(uuid.uuid4()), "name": "promise", "color": "#123456"})
    book.write_text(json.dumps(data), "utf-8")
    before = (tmp_path / "lead.annot").read_bytes()
    assert main(["scheme", "import", path, str(book), "--disagreement", "D12345678"]) == 1
    assert "no disagreement D12345678" in capsys.readouterr().err
    assert (tmp_path / "lead.annot").read_bytes() == before            # refused: the file untouched
    assert main(["scheme", "import", path, str(book), "--because", "claims or promises?",
                 "--disagreement", disagreement["id"]]) == 0
    assert main(["round", "new", path, "main", "--documents", "s2.txt", "--coders", "Ana", "Ben",
                 "-o", str(tmp_path / "main")]) == 0
    capsys.readouterr()
    assert main(["round", "trend", path, "--bootstrap", "0"]) == 0
    text = capsys.readouterr().out
    assert "because: claims or promises?" in text
    assert f"disagreement {disagreement['id']} in {disagreement['document']} [0, 20) (round pilot): " \
           "Ana: claim [0, 9); Ben: attack [0, 20)" in text
    assert main(["round", "trend", path, "--bootstrap", "0", "--json"]) == 0
    change = json.loads(capsys.readouterr().out)["reliability"][1]["changes_before"][-1]
    assert change["disagreements"][0]["id"] == disagreement["id"] and "disagreements" not in str(change["because"])
    assert change["disagreements"][0]["coded"] == {"Ana": [{"start": 0, "end": 9, "code": "claim"}],
                                                   "Ben": [{"start": 0, "end": 20, "code": "attack"}]}
    assert main(["round", "trend", path, "--bootstrap", "0", "--html", str(tmp_path / "t.html")]) == 0
    html = (tmp_path / "t.html").read_text("utf-8")
    assert f"<b>{disagreement['id']} in {disagreement['document']} [0, 20) (round pilot)</b>" in html


def test_the_trend_reads_the_cited_disagreements_of_a_change(cited_study, tmp_path):
    # new coders: a round codes afresh
    made = make_round(cited_study, "pilot", tmp_path / "pilot", ["Cy", "Dee"], documents=["a.txt"])
    _code(tmp_path / "pilot", {"Cy": [(0, 9, "claim")], "Dee": [(0, 20, "attack")]})
    merge(cited_study, [p for _, p in made.packages])
    cited = cite(cited_study, [build_report(cited_study, round="pilot", bootstrap=0).disagreements[0].id])
    assert cited[0].round == "pilot"
    cited_study.apply(RenameCode(cited_study.code("claim").uuid, "assertion", disagreements=cited))
    later = make_round(cited_study, "main", tmp_path / "main", ["Cy", "Dee"], documents=["b.txt"])
    assert later.round.scheme_version == cited_study.scheme_version
    rows = trend(cited_study, bootstrap=0)
    assert rows[1].changes_before[-1].disagreements == cited and rows[1].changes_before[-1].because == ""


def test_rules_and_anchors_take_the_reason_too_and_only_with_a_change(cited_study, capsys):
    path = str(cited_study.path)
    ident = build_report(cited_study, bootstrap=0).disagreements[0].id
    assert main(["rules", path, "--code", "claim", "--add", "keyword: crime", "--because", "crime talk",
                 "--disagreement", ident]) == 0
    entry = cited_study.scheme_log()[-1]
    assert entry.action == "rules" and entry.details["because"] == "crime talk"
    assert [d["id"] for d in entry.details["disagreements"]] == [ident]
    accept = AcceptAnnotation(cited_study.annotations(coder="Ana")[0].uuid)
    cited_study.apply(accept)
    assert main(["anchors", path, "--add", accept.uuid, "--disagreement", ident]) == 0
    assert [d["id"] for d in cited_study.scheme_log()[-1].details["disagreements"]] == [ident]
    assert main(["anchors", path, "--remove", accept.uuid, "--because", "not typical"]) == 0
    assert cited_study.scheme_log()[-1].details == {**cited_study.scheme_log()[-1].details, "because": "not typical"}
    before = cited_study.path.read_bytes()
    capsys.readouterr()
    for args in (["rules", path, "--because", "x"], ["anchors", path, "--disagreement", ident],
                 ["rules", path, "--code", "claim", "--clear", "--disagreement", "D00000000"]):
        assert main(args) == 1
        assert capsys.readouterr().err.count("\n") == 1
    assert cited_study.path.read_bytes() == before


def _listed(path, capsys, *options) -> list[str]:
    """The disagreement ids `annotator agreement` lists with these options."""
    capsys.readouterr()
    assert main(["agreement", path, "--seed", "1", "--bootstrap", "0", "--json", *options]) == 0
    return [d["id"] for d in json.loads(capsys.readouterr().out)["disagreements"]]


def test_an_id_of_a_report_narrowed_by_coders_or_codes_is_cited_with_the_same_choice(cited_study, capsys):
    cited_study.add_coder("Cara")
    cited_study.annotate("a.txt", 6, 30, "claim", "Cara")           # in a.txt's disagreement of all coders
    path = str(cited_study.path)
    default = set(_listed(path, capsys))
    pair = [i for i in _listed(path, capsys, "--coders", "Ana", "Ben") if i not in default]
    claims = [i for i in _listed(path, capsys, "--codes", "claim") if i not in default]
    assert pair and claims
    before = cited_study.path.read_bytes()
    for ident in (pair[0], claims[0]):                               # refused, saying how to cite it
        assert main(["rules", path, "--code", "claim", "--add", "keyword: crime", "--disagreement", ident]) == 1
        assert "--from-coders or --from-codes" in capsys.readouterr().err
    assert cited_study.path.read_bytes() == before
    assert main(["rules", path, "--code", "claim", "--add", "keyword: crime", "--disagreement", pair[0],
                 "--from-coders", "Ana", "Ben"]) == 0
    assert [d["id"] for d in cited_study.scheme_log()[-1].details["disagreements"]] == [pair[0]]
    assert main(["rules", path, "--code", "claim", "--add", "keyword: third", "--disagreement", claims[0],
                 "--from-codes", "claim"]) == 0
    assert [d["id"] for d in cited_study.scheme_log()[-1].details["disagreements"]] == [claims[0]]
    accept = AcceptAnnotation(cited_study.annotations(document="a.txt", coder="Ana")[1].uuid)   # claim 6-30
    cited_study.apply(accept)
    with_gold = [i for i in _listed(path, capsys, "--coders", "Ana", "gold", "Ben") if i not in default]
    assert main(["anchors", path, "--add", accept.uuid, "--disagreement", with_gold[0], "--from-coders", "Ana",
                 "gold", "Ben"]) == 0
    assert [d["id"] for d in cited_study.scheme_log()[-1].details["disagreements"]] == [with_gold[0]]

def test_a_narrowed_citation_that_does_not_fit_is_one_sentence_and_changes_nothing(cited_study, capsys):
    path = str(cited_study.path)
    ident = _listed(path, capsys, "--codes", "claim")[0]
    before = cited_study.path.read_bytes()
    for args, said in ((["--disagreement", ident, "--from-coders", "Ana", "Ben"],
                        f"no disagreement {ident} in Cited's report with --coders Ana Ben; list its disagreements "
                        "and their ids with `annotator agreement PROJECT --coders Ana Ben`."),
                       (["--from-codes", "claim"], "--from-coders, --from-codes and --from-round go with "
                                                   "--disagreement."),
                       (["--disagreement", ident, "--from-coders", "Nobody", "Ben"], "No coder named 'Nobody'"),
                       (["--disagreement", ident, "--from-round", "pilot"], "There is no round 'pilot'")):
        assert main(["rules", path, "--code", "claim", "--add", "keyword: crime", *args]) == 1
        err = capsys.readouterr().err
        assert said in err and err.count("\n") == 1
    assert cited_study.path.read_bytes() == before
