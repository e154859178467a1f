"""The suggestion layer (annotator/suggestions.py): offers kept apart from annotations, accepted
into ordinary annotations with their provenance, rejected and kept, every step undoable; and the
first method, propagate (annotator/assist/propagate.py)."""
import pytest

from annotator.changes import ChangeKind
from annotator.errors import AnnotatorError, InvalidSpanError
from annotator.packages import make_package
from annotator.project import Project
from annotator.suggestions import AddSuggestions, Decide, Offer
from tests.helpers import dump, span_of

SPEECH = "Crime has fallen. The unfair tax hurt families.\nThey called it an Unfair  Tax, twice."
OTHER = "Nobody liked the unfair\ntax. An unfair taxation is something else."


@pytest.fixture
def suggesting_study(tmp_path):
    path = tmp_path / "suggesting_study.annot"
    with Project.create(path) as project:
        project.import_text(SPEECH, "speech.txt")
        project.import_text(OTHER, "other.txt")
        project.add_coder("Ana")
        project.add_coder("Ben")
    return path



def _offer(project, doc="speech.txt", words="Crime", code="claim", score=0.8):
    document = project.document(doc)
    return Offer(document.id, *span_of(document.text, words), project.code(code).id, score)


def test_suggestions_are_not_annotations_and_are_offered_once(suggesting_study):
    with Project.open(suggesting_study) as project:
        ana = project.coder("Ana").id
        command = AddSuggestions(ana, "rules", [_offer(project), _offer(project)], "codebook 1")
        project.apply(command)
        assert command.result.added == 1 and command.result.offered == 2
        assert project.annotations() == []
        [only] = project.suggestions("Ana")
        assert (only.code, only.method, only.model_version, only.score, only.status) == \
            ("claim", "rules", "codebook 1", 0.8, "open")
        again = AddSuggestions(ana, "model", [_offer(project)])   # the same span and code, another method
        project.apply(again)
        assert again.result.added == 0
        assert project.suggestions("Ben") == []                   # another coder is offered nothing


def test_a_span_the_coder_already_coded_is_not_offered(suggesting_study):
    with Project.open(suggesting_study) as project:
        doc = project.document("speech.txt")
        project.annotate(doc, *span_of(doc.text, "Crime"), "claim", "Ana")
        assert project.apply(AddSuggestions(project.coder("Ana").id, "rules", [_offer(project)]))
        assert project.suggestions("Ana") == []
        ben = AddSuggestions(project.coder("Ben").id, "rules", [_offer(project)])
        project.apply(ben)
        assert ben.result.added == 1          # Ben has not coded it


def test_accepting_makes_an_annotation_with_its_provenance_and_undo_redo_are_exact(suggesting_study):
    with Project.open(suggesting_study) as project:
        project.apply(AddSuggestions(project.coder("Ana").id, "model", [_offer(project, score=0.75)], "m-1"))
        [offer] = project.suggestions("Ana")
        before = dump(project.path)
        inverse, change = project.apply(Decide([offer.id], accept=True))
        [made] = project.annotations(coder="Ana")
        assert (made.start, made.end, project.code(made.code_id).name) == (offer.start, offer.end, "claim")
        assert change.annotation_uuids == (made.uuid,) and change.kind is ChangeKind.ANNOTATION
        provenance = project.store.conn.execute(
            "SELECT suggestion_uuid, method, model_version, score, scheme_version FROM annotation_provenance "
            "WHERE annotation_uuid = ?", (made.uuid,)).fetchone()
        assert provenance == (offer.uuid, "model", "m-1", 0.75, project.scheme_version)
        [accepted] = project.suggestions("Ana", "accepted")
        assert accepted.annotation_uuid == made.uuid
        after = dump(project.path)
        redo, _ = project.apply(inverse)
        assert _without_tombstones(dump(project.path)) == _without_tombstones(before)
        project.apply(redo)
        assert dump(project.path)["annotations"] == after["annotations"]      # the same UUID again
        assert dump(project.path)["annotation_provenance"] == after["annotation_provenance"]


def _without_tombstones(tables):
    return {name: rows for name, rows in tables.items() if name != "deleted_annotations"}


def test_rejections_are_kept_undone_and_an_accepted_suggestion_is_not_rejected(suggesting_study):
    with Project.open(suggesting_study) as project:
        ana = project.coder("Ana").id
        project.apply(AddSuggestions(ana, "rules", [_offer(project), _offer(project, words="fallen")]))
        first, second = project.suggestions("Ana")
        assert project.decide_suggestions([first.id], accept=False) == 1
        assert [s.status for s in project.suggestions("Ana")] == ["rejected", "open"]
        assert project.decide_suggestions([first.id], accept=False) == 0      # already rejected
        inverse, change = project.apply(Decide([second.id], accept=False))
        assert change.kind is ChangeKind.SUGGESTIONS and change.annotation_uuids == ()
        project.apply(inverse)
        assert project.suggestions("Ana", "open") == [second]
        project.decide_suggestions([second.id], accept=True)
        before = dump(project.path)
        with pytest.raises(AnnotatorError, match="delete its annotation"):
            project.decide_suggestions([second.id], accept=False)
        assert dump(project.path) == before
        project.decide_suggestions([first.id], accept=True)      # a rejected one can still be accepted
        assert len(project.annotations(coder="Ana")) == 2
        again = AddSuggestions(ana, "rules", [_offer(project, words="fallen")])
        project.apply(again)
        assert again.result.added == 0        # decided suggestions are not offered again


def test_accepting_what_the_coder_coded_by_hand_links_it_without_provenance(suggesting_study):
    with Project.open(suggesting_study) as project:
        project.apply(AddSuggestions(project.coder("Ana").id, "rules", [_offer(project)]))
        [offer] = project.suggestions("Ana")
        made = project.annotate(offer.document_id, offer.start, offer.end, "claim", "Ana")
        project.decide_suggestions([offer.id], accept=True)
        assert [a.uuid for a in project.annotations(coder="Ana")] == [made.uuid]
        assert project.suggestions("Ana")[0].annotation_uuid == made.uuid
        assert project.store.conn.execute("SELECT count(*) FROM annotation_provenance").fetchone()[0] == 0


@pytest.mark.parametrize("offer, message", [
    (lambda p: Offer(p.document("speech.txt").id, 5, 500, p.code("claim").id), "does not fit"),
    (lambda p: Offer(p.document("speech.txt").id, 5, 5, p.code("claim").id), "does not fit"),
    (lambda p: Offer(p.document("speech.txt").id, 0, 5, p.code("claim").id, 1.5), "between 0 and 1"),
    (lambda p: Offer(999, 0, 5, p.code("claim").id), "no document 999"),
])
def test_impossible_offers_are_refused_and_nothing_is_written(suggesting_study, offer, message):
    with Project.open(suggesting_study) as project:
        before = dump(project.path)
        with pytest.raises((AnnotatorError, InvalidSpanError), match=message):
            project.apply(AddSuggestions(project.coder("Ana").id, "rules", [offer(project)]))
        assert dump(project.path) == before


def test_unknown_methods_statuses_and_suggestions_are_one_sentence(suggesting_study):
    with Project.open(suggesting_study) as project:
        with pytest.raises(AnnotatorError, match="method must be one of"):
            project.suggest("magic", "Ana")
        with pytest.raises(AnnotatorError, match="status must be one of"):
            project.suggestions("Ana", "pending")
        with pytest.raises(AnnotatorError, match="no suggestion 42"):
            project.decide_suggestions([42], accept=True)


def test_in_a_coder_package_suggestions_are_only_for_its_coder(suggesting_study, tmp_path):
    with Project.open(suggesting_study) as project:
        make_package(project, "Ana", tmp_path / "ana.annot")
    with Project.open(tmp_path / "ana.annot") as package:
        package.add_coder("Ben")
        with pytest.raises(AnnotatorError, match="Ana's coder package: suggestions here are for Ana only, not for Ben"):
            package.apply(AddSuggestions(package.coder("Ben").id, "rules", [_offer(package)]))


def test_a_package_carries_no_suggestions(suggesting_study, tmp_path):
    with Project.open(suggesting_study) as project:
        project.apply(AddSuggestions(project.coder("Ana").id, "rules", [_offer(project)]))
        make_package(project, "Ana", tmp_path / "ana.annot")
    with Project.open(tmp_path / "ana.annot") as package:
        assert package.suggestions("Ana") == []


# ----------------------------------------------------------------- propagate
def test_propagate_offers_every_other_occurrence_of_the_same_words_as_whole_words(suggesting_study):
    with Project.open(suggesting_study) as project:
        speech, other = project.document("speech.txt"), project.document("other.txt")
        coded = project.annotate(speech, *span_of(speech.text, "unfair tax"), "attack", "Ana")
        project.annotate(speech, *span_of(speech.text, "Crime"), "claim", "Ben")        # Ben's: not Ana's to spread
        added = project.suggest("propagate", "Ana")
        found = sorted((s.document, s.document_id and _text(project, s), s.code) for s in project.suggestions("Ana"))
        assert found == [("other.txt", "unfair\ntax", "attack"), ("speech.txt", "Unfair  Tax", "attack")]
        assert added.added == 2 and added.by_code == {project.code("attack").id: 2}
        assert all(s.method == "propagate" and s.score == 1.0 for s in project.suggestions("Ana"))
        assert "unfair taxation" in other.text        # not a whole-word match: not offered
        assert (coded.start, coded.end) not in [(s.start, s.end) for s in project.suggestions("Ana")]
        assert project.suggest("propagate", "Ana").added == 0          # twice adds nothing


def _text(project, suggestion):
    return project.document(suggestion.document_id).text[suggestion.start:suggestion.end]


def test_propagate_within_chosen_documents_and_from_chosen_annotations(suggesting_study):
    with Project.open(suggesting_study) as project:
        speech = project.document("speech.txt")
        project.annotate(speech, *span_of(speech.text, "unfair tax"), "attack", "Ana")
        fallen = project.annotate(speech, *span_of(speech.text, "fallen"), "claim", "Ana")
        command = project.suggest_command("propagate", "Ana", documents=["other.txt"], annotations=[fallen.uuid])
        assert command.offers == []           # "fallen" is not in other.txt; "unfair tax" was not asked for
        command = project.suggest_command("propagate", "Ana", documents=["other.txt"])
        assert [(o.document_id, o.code_id) for o in command.offers] == \
            [(project.document("other.txt").id, project.code("attack").id)]


def test_open_and_rejected_suggestions_change_no_export(suggesting_study, tmp_path):
    from annotator.cli import main
    with Project.open(suggesting_study) as project:
        speech = project.document("speech.txt")
        project.annotate(speech, *span_of(speech.text, "unfair tax"), "attack", "Ana")
        project.annotate(speech, *span_of(speech.text, "Crime"), "claim", "Ben")

    def outputs(tag):
        out = {}
        for fmt in ("csv", "jsonl", "brat"):
            target = tmp_path / f"{tag}.{fmt}"
            assert main(["export", str(suggesting_study), "-o", str(target), "--format", fmt]) == 0
            out[fmt] = sorted(p.read_bytes() for p in ([target] if target.is_file() else target.rglob("*.*")))
        return out

    before = outputs("before")
    with Project.open(suggesting_study) as project:
        project.suggest("propagate", "Ana")
        project.suggest("propagate", "Ben")
        first = project.suggestions("Ana")[0]
        project.decide_suggestions([first.id], accept=False)
    assert outputs("after") == before


# ----------------------------------------------------------------- the command line
def run(capsys, *args):
    from annotator.cli import main
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_suggest_list_accept_and_reject(suggesting_study, capsys):
    import json
    with Project.open(suggesting_study) as project:
        speech = project.document("speech.txt")
        project.annotate(speech, *span_of(speech.text, "unfair tax"), "attack", "Ana")
    code, out, err = run(capsys, "suggest", suggesting_study, "--coder", "Ana", "--method", "propagate")
    assert code == 0 and "attack: 2" in out + err and "2 new suggestions for Ana (propagate)" in out + err
    code, out, _ = run(capsys, "suggestions", suggesting_study, "--coder", "Ana", "--json")
    listed = json.loads(out)
    assert code == 0 and [(s["document"], s["code"], s["method"], s["score"], s["status"]) for s in listed] == [
        ("speech.txt", "attack", "propagate", 1.0, "open"), ("other.txt", "attack", "propagate", 1.0, "open")]
    assert {"id", "document", "start", "end", "code", "method", "score", "status"} <= set(listed[0])
    first, second = (s["id"] for s in listed)
    code, out, _ = run(capsys, "suggestions", suggesting_study, "--coder", "Ana")
    assert out.splitlines()[0].split("\t") == [str(first), "open", f"speech.txt:{listed[0]['start']}-"
                                              f"{listed[0]['end']}", "attack", "propagate", "1.00"]
    assert run(capsys, "suggestions", suggesting_study, "--coder", "Ana", "--reject", first)[0] == 0
    code, out, err = run(capsys, "suggestions", suggesting_study, "--coder", "Ana", "--accept-all")
    assert code == 0 and "1 suggestion accepted" in out + err
    with Project.open(suggesting_study) as project:
        assert [s.status for s in project.suggestions("Ana")] == ["rejected", "accepted"]
        assert len(project.annotations(coder="Ana")) == 2


@pytest.mark.parametrize("args, message", [
    (["suggest", "--coder", "Ana", "--method", "magic"], "method must be one of"),
    (["suggest", "--coder", "Nobody", "--method", "propagate"], 'no coder "Nobody". The coders are: Ana, Ben.'),
    (["suggest", "--coder", "Ana", "--method", "model", "--threshold", "2"], "between 0 and 1"),
    (["suggestions", "--coder", "Ana", "--status", "maybe"], "status must be one of"),
    (["suggestions", "--coder", "Ana", "--accept", "x1"], "by its id"),
    (["suggestions", "--coder", "Ana", "--accept", "77"], "not one of Ana's"),
])
def test_cli_bad_input_is_one_sentence_and_changes_nothing(suggesting_study, capsys, args, message):
    before = dump(suggesting_study)
    code, out, err = run(capsys, args[0], suggesting_study, *args[1:])
    assert code == 1 and message in err and "Traceback" not in err
    assert dump(suggesting_study) == before


# ----------------------------------------------------------------- boilerplate through the suggestion layer
FOOTER = "Subscribe to our daily newsletter for more stories."


def test_boilerplate_is_suggested_with_the_boilerplate_code_for_one_coder(tmp_path, capsys):
    path = tmp_path / "boilerplate_study.annot"
    with Project.create(path) as project:
        for n, outlet in enumerate(("Daily", "Daily", "Daily", "Weekly")):
            body = f"Story {n} about the budget and the vote.\n{FOOTER}\n"
            body += "".join(f"Line {k} of story {n} says something new.\n" for k in range(8))
            body += "You may also like\nTen recipes for summer\n"
            doc = project.import_text(body, f"d{n}.txt").document_id
            project.set_document_attributes(doc, {"outlet": outlet})
        project.add_coder("Ana")
    code, out, err = run(capsys, "suggest", path, "--coder", "Ana", "--method", "boilerplate")
    assert code == 0, err
    with Project.open(path) as project:
        found = project.suggestions("Ana")
        assert {s.code for s in found} == {"boilerplate"} and all(0 < s.score <= 1 for s in found)
        texts = {(s.document, project.document(s.document_id).text[s.start:s.end]) for s in found}
        for name in ("d0.txt", "d1.txt", "d2.txt"):
            assert (name, FOOTER) in texts                       # repeated within Daily
        assert ("d3.txt", FOOTER) not in texts                   # Weekly shares it with no one
        assert any(t.startswith("You may also like") for n, t in texts if n == "d3.txt")   # its tail still is


def test_boilerplate_without_a_boilerplate_code_is_one_sentence(tmp_path):
    scheme = {"format": "annotator-scheme", "version": 1, "name": "tiny",
              "codes": [{"name": "claim", "color": "#0072B2"}]}
    with Project.create(tmp_path / "no_boilerplate.annot", scheme=scheme) as project:
        project.import_text(f"One.\n{FOOTER}\n", "a.txt")
        project.add_coder("Ana")
        with pytest.raises(AnnotatorError, match="code named \"boilerplate\""):
            project.suggest("boilerplate", "Ana")


def test_gold_is_named_gold_on_the_command_line_like_everywhere(suggesting_study, capsys):
    from annotator.adjudication import AcceptAnnotation, gold_coder
    with Project.open(suggesting_study) as project:
        speech = project.document("speech.txt")
        made = project.annotate(speech, *span_of(speech.text, "unfair tax"), "attack", "Ana")
        project.apply(AcceptAnnotation(made.uuid))
        gold = gold_coder(project)
    code, out, err = run(capsys, "suggest", suggesting_study, "--coder", "@gold", "--method", "propagate")
    assert code == 0, err
    with Project.open(suggesting_study) as project:
        assert {s.coder_id for s in project.suggestions("@gold")} == {gold.id}
        assert len(project.suggestions("gold")) == 2 and project.suggestions("Ana") == []
