"""A model per coder (annotator/assist): examples from the coder's own rows only, a seeded and
repeatable spaCy classifier, held-out figures, suggestions on uncoded sentences, storage."""
import random

import pytest

from annotator import Project
from annotator.adjudication import AcceptAnnotation, gold_coder
from annotator.assist import model as assist
from annotator.assist.examples import CoderRows, NothingToLearnError, document_examples, training_data
from annotator.assist.quality import split_documents
from annotator.errors import AnnotatorError, Cancelled

FILLER = ("the minister promised reform and budget cuts are unfair to families who deserve better while "
          "opposition claims that evidence shows otherwise in every region today").split()
MARKER = "zorblat"
CODED, UNCODED = 14, 6          # documents Ana codes, documents left for prediction
EPOCHS = 6


def sentence(rng: random.Random, marked: bool, extra: str = "") -> str:
    words = [rng.choice(FILLER) for _ in range(rng.randint(7, 12))]
    if marked:
        words.insert(rng.randrange(1, len(words)), MARKER)
    if extra:
        words.insert(rng.randrange(1, len(words)), extra)
    return " ".join(words).capitalize() + "."


def document(rng: random.Random, extra: str = ""):
    """A text of ten sentences and, per sentence, (start, end, has the marker)."""
    parts, places, pos = [], [], 0
    for _ in range(10):
        marked = rng.random() < 0.35
        text = sentence(rng, marked, extra if marked else "")
        parts.append(text)
        places.append((pos, pos + len(text), marked))
        pos += len(text) + 1
    return " ".join(parts) + "\n", places


def build_study(path, rejections_on: str = ""):
    """Ana codes every sentence with the marker as 'marker' in the first CODED documents. With
    ``rejections_on``, one uncoded document has marker sentences that also hold that word, and
    Ana rejected 'marker' suggestions on each of them."""
    rng = random.Random(7)
    project = Project.create(path)
    project.add_coder("Ana")
    project.add_coder("Ben")
    project.add_code("marker")
    truth = {}
    with project.batch():   # one transaction
        add_documents(project, rng, truth, rejections_on)
    return project, truth


def add_documents(project, rng, truth, rejections_on):
    for i in range(CODED + UNCODED):
        text, places = document(rng, rejections_on if i == CODED else "")
        doc_id = project.import_text(text, f"d{i:02}.txt").document_id
        truth[doc_id] = places
        for start, end, marked in places:
            if marked and i < CODED:
                project.annotate(doc_id, start, end, "marker", "Ana")
            if rejections_on and marked and i == CODED:
                reject(project, doc_id, start, end, "marker", "Ana")


def reject(project, doc_id, start, end, code, coder):
    """A test helper: a rejected model suggestion (the suggestion commands are not this module's)."""
    with project.store.write() as conn:
        conn.execute("INSERT INTO suggestions(uuid, document_id, coder_id, code_id, start, \"end\", method, score, "
                     "status, created) VALUES (lower(hex(randomblob(16))), ?, ?, ?, ?, ?, 'model', 0.9, 'rejected', "
                     "'2026-01-01T00:00:00.000Z')",
                     (doc_id, project.coder(coder).id, project.code(code).id, start, end))


def train(project, coder="Ana", **options):
    options.setdefault("epochs", EPOCHS)
    options.setdefault("curve", (1.0,))    # one held-out point: the whole curve is its own test
    return assist.train_model(project.store.conn, project.text_services(), project.coder(coder).id, **options)


def uncoded_ids(project):
    return [d.id for d in project.documents()][CODED:]


@pytest.fixture
def marker_study(tmp_path):
    project, truth = build_study(tmp_path / "marker.annot")
    yield project, truth
    project.close()


def test_suggestions_find_the_marker_on_held_out_documents(marker_study):
    project, truth = marker_study
    model = train(project)
    found = assist.predict(project.store.conn, project.text_services(), model, uncoded_ids(project))
    suggested = {(doc, start, end) for doc, start, end, _, _ in found.spans}
    actual = {(doc, start, end) for doc in uncoded_ids(project) for start, end, marked in truth[doc] if marked}
    true_positives = len(suggested & actual)
    f1 = 2 * true_positives / (len(suggested) + len(actual))
    assert len(actual) > 10 and f1 >= 0.9
    assert found.version == model.version
    assert {code for *_, code, _ in found.spans} == {project.code("marker").id}
    assert all(0.5 <= score <= 1 for *_, score in found.spans)


def test_held_out_figures_and_learning_curve(marker_study):
    project, _ = marker_study
    model = train(project, seed=3, test_share=0.25, curve=(0.25, 0.5, 0.75, 1.0))
    figures = model.metrics["codes"][project.code("marker").uuid]
    assert figures["f1"] >= 0.9 and figures["precision"] >= 0.9 and figures["recall"] >= 0.9
    assert figures["positive"] > 0 and figures["negative"] > 0
    assert 0 < figures["held_out"]["positive"] < figures["positive"]
    assert model.metrics["seed"] == 3
    assert model.metrics["held_out_documents"] == round(model.metrics["documents"] * 0.25)
    sizes = [point["examples"] for point in model.metrics["curve"]]
    assert len(sizes) == 4 and sizes == sorted(sizes) and sizes[-1] < model.metrics["examples"]


def test_only_coded_sentences_are_left_alone(marker_study):
    project, _ = marker_study
    model = train(project)
    coded = project.documents()[0].id
    found = assist.predict(project.store.conn, project.text_services(), model, [coded], thresholds={}, min_f1=0.0)
    annotations = [(a.start, a.end) for a in project.annotations(document=coded)]
    assert annotations and not any(s < e2 and s2 < e for _, s, e, _, _ in found.spans for s2, e2 in annotations)


def test_the_same_seed_gives_the_same_model(marker_study):
    project, _ = marker_study
    first, second = train(project, seed=5), train(project, seed=5)
    assert first.data == second.data and first.metrics == second.metrics
    assert train(project, seed=6).data != first.data


def test_another_coders_work_never_reaches_the_model(marker_study):
    """By construction: Ana's examples, model, figures and suggestions are the same before and
    after Ben codes the opposite of what she did everywhere and rejects what she coded."""
    project, truth = marker_study
    services, ana = project.text_services(), project.coder("Ana").id

    def ana_sees():
        model = train(project)
        found = assist.predict(project.store.conn, services, model)
        return training_data(project.store.conn, services, ana), model.data, model.metrics, found.spans

    before = ana_sees()
    with project.batch():
        for doc, places in truth.items():
            for start, end, marked in places:
                if marked:
                    reject(project, doc, start, end, "marker", "Ben")
                else:
                    project.annotate(doc, start, end, "marker", "Ben")
    assert len(project.annotations(coder="Ben")) > 100
    assert ana_sees() == before


def test_rejections_are_negatives(tmp_path):
    project, truth = build_study(tmp_path / "rejected.annot", rejections_on="glim")
    rejected_doc = uncoded_ids(project)[0]
    data = training_data(project.store.conn, project.text_services(), project.coder("Ana").id)
    marker = project.code("marker").uuid
    negatives = [e for e in data.examples if e.document_id == rejected_doc]
    assert negatives and all(e.cats == {marker: 0.0} and "glim" in e.text for e in negatives)
    model = train(project)
    found = assist.predict(project.store.conn, project.text_services(), model, [rejected_doc])
    assert found.spans == []    # never suggested again where the coder said no
    scores = list(assist.classifier.scores(model.pipeline(), [e.text for e in negatives]))
    assert all(score[marker] < 0.5 for score in scores)


def test_the_sentence_rule():
    text = "Alpha beta gamma delta epsilon. Zeta eta. Theta iota kappa lambda mu nu."
    sentences = [(0, 31), (32, 41), (42, len(text))]
    rows = CoderRows(1, annotations={9: [(0, 17, "A"), (35, 38, "B"), (36, 45, "C")]}, rejections={9: [(40, 60, "B")]})
    cats = [e.cats for e in document_examples(9, text, sentences, rows, ["A", "B", "C"])]
    assert cats[0] == {"A": 1.0, "B": 0.0, "C": 0.0}        # "Alpha beta gamma" is over half
    assert cats[1] == {"A": 0.0, "B": 1.0, "C": 1.0}        # inside it; more than half; rejection loses
    assert cats[2] == {"A": 0.0, "B": 0.0}                  # C covers a little: unknown, not negative


def test_a_coder_without_coding_is_told_so(marker_study):
    project, _ = marker_study
    project.add_coder("Cleo")
    with pytest.raises(NothingToLearnError, match="Cleo has not coded any document yet"):
        train(project, coder="Cleo")


def test_bad_settings_are_one_sentence(marker_study):
    project, _ = marker_study
    with pytest.raises(AnnotatorError, match="held-out share"):
        train(project, test_share=1.0)
    model = train(project)
    with pytest.raises(AnnotatorError, match="minimum F1"):
        assist.predict(project.store.conn, project.text_services(), model, min_f1=1.5)
    with pytest.raises(AnnotatorError, match="no document 999"):
        assist.predict(project.store.conn, project.text_services(), model, [999])


def test_save_and_load_round_trip(marker_study):
    project, _ = marker_study
    ana = project.coder("Ana").id
    assert assist.load_model(project.store.conn, ana) is None
    model = train(project, thresholds={project.code("marker").id: 0.7})
    assist.save_model(project.store, model)
    loaded = assist.load_model(project.store.conn, ana)
    assert loaded == model and loaded.thresholds == {project.code("marker").uuid: 0.7}
    assert loaded.scheme_version == project.scheme_version and loaded.seed == 0
    services = project.text_services()
    assert (assist.predict(project.store.conn, services, loaded)
            == assist.predict(project.store.conn, services, model))
    assert all(score >= 0.7 for *_, score in assist.predict(project.store.conn, services, loaded).spans)


def test_codes_below_the_minimum_f1_get_nothing(marker_study):
    project, _ = marker_study
    model = train(project)
    services = project.text_services()
    assert assist.predict(project.store.conn, services, model, min_f1=0.9).spans
    model.metrics["codes"][project.code("marker").uuid]["f1"] = 0.5
    assert assist.predict(project.store.conn, services, model, min_f1=0.9).spans == []


def test_progress_and_cancel(marker_study):
    project, _ = marker_study
    seen = []
    train(project, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0
    with pytest.raises(Cancelled, match="Training was cancelled"):
        train(project, progress=seen.append, cancelled=lambda: len(seen) > 40)
    model = train(project)
    with pytest.raises(Cancelled, match="Suggesting was cancelled"):
        assist.predict(project.store.conn, project.text_services(), model, cancelled=lambda: True)
    assert project.store.conn.execute("SELECT count(*) FROM models").fetchone()[0] == 0


def test_the_gold_layer_is_trained_like_any_coder(marker_study):
    """Gold is an ordinary coder row: its model is the same call, on gold's annotations only."""
    project, _ = marker_study
    for annotation in project.annotations(coder="Ana"):
        project.apply(AcceptAnnotation(annotation.uuid))
    gold = gold_coder(project)
    services = project.text_services()
    ana = training_data(project.store.conn, services, project.coder("Ana").id)
    from_gold = training_data(project.store.conn, services, gold.id)
    assert from_gold.examples == ana.examples and from_gold.coder_id == gold.id
    model = assist.train_model(project.store.conn, services, gold.id, epochs=EPOCHS, curve=(1.0,))
    assert model.coder_id == gold.id and model.metrics == train(project).metrics


def test_the_split_is_by_document_and_seeded():
    train_ids, test_ids = split_documents(range(1, 11), seed=0)
    assert len(test_ids) == 2 and train_ids | test_ids == set(range(1, 11)) and not train_ids & test_ids
    assert split_documents(range(1, 11), seed=0) == (train_ids, test_ids)
    assert split_documents([1, 2], seed=0, test_share=0.2)[1]            # at least one held out
    assert split_documents(range(1, 11), seed=0, test_share=0.0)[1] == frozenset()
    assert split_documents([4], seed=0) == (frozenset({4}), frozenset())


def test_train_and_suggest_from_the_command_line_then_accept_with_provenance(tmp_path, capsys):
    import json

    from annotator.cli import main
    path = tmp_path / "cli_model.annot"
    project, truth = build_study(path)
    project.close()
    assert main(["train", str(path), "--coder", "Ana", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["seed"] == 0 and figures["coder"] == "Ana" and figures["held_out_documents"] >= 1
    assert set(figures["codes"]) == {"marker"} and figures["codes"]["marker"]["f1"] >= 0.9
    assert main(["suggest", str(path), "--coder", "Ana", "--method", "model", "--min-f1", "0.5"]) == 0
    with Project.open(path) as project:
        offered = project.suggestions("Ana")
        version = project.model("Ana").version
        assert offered and {(s.method, s.model_version, s.code) for s in offered} == {("model", version, "marker")}
        uncoded = set(uncoded_ids(project))
        assert {s.document_id for s in offered} <= uncoded        # coded sentences are left alone
        project.decide_suggestions([offered[0].id], accept=True)
        made = project.suggestions("Ana", "accepted")[0].annotation_uuid
        row = project.store.conn.execute("SELECT method, model_version FROM annotation_provenance "
                                         "WHERE annotation_uuid = ?", (made,)).fetchone()
        assert row == ("model", version)
    assert main(["suggest", str(path), "--coder", "Ben", "--method", "model"]) == 1
    assert "Ben has no trained model yet" in capsys.readouterr().err
