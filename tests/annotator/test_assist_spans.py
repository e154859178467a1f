"""A coder's span model (annotator train --kind span): a spancat that finds the short phrases the
coder codes inside longer sentences, where the sentence classifier can only offer the sentence."""
import random

import pytest

from annotator import Project
from annotator.assist import model as assist
from annotator.assist.examples import CoderRows, span_examples
from annotator.cli import main
from annotator.errors import AnnotatorError

FILLER = ("the minister promised reform and budget cuts to families who deserve better while opposition claims "
          "that evidence shows otherwise in every region today tax unfair burden rises").split()
PHRASES = ("unfair tax", "unfair taxes", "this unfair tax burden", "grossly unfair tax rises")
CODED, UNCODED = 24, 6
EPOCHS = 3


def phrase_sentence(rng: random.Random) -> tuple[str, tuple[int, int] | None]:
    """A sentence of filler words, a third of them with a phrase; the phrase's offsets in it."""
    words = [rng.choice(FILLER) for _ in range(rng.randint(8, 14))]
    if rng.random() >= 0.35:
        return " ".join(words).capitalize() + ".", None
    at = rng.randrange(1, len(words))
    phrase = rng.choice(PHRASES)
    start = len(" ".join(words[:at])) + 1
    return " ".join(words[:at] + [phrase] + words[at:]).capitalize() + ".", (start, start + len(phrase))


def build_phrase_study(path):
    """Ana codes each phrase as 'unfair tax' in the first CODED documents of ten sentences."""
    rng = random.Random(3)
    project = Project.create(path)
    project.add_coder("Ana")
    project.add_code("unfair tax")
    truth = {}
    with project.batch():
        for i in range(CODED + UNCODED):
            parts, spans, pos = [], [], 0
            for _ in range(10):
                text, phrase = phrase_sentence(rng)
                parts.append(text)
                spans += [(pos + phrase[0], pos + phrase[1])] if phrase else []
                pos += len(text) + 1
            doc_id = project.import_text(" ".join(parts) + "\n", f"p{i:02}.txt").document_id
            truth[doc_id] = spans
            for start, end in spans if i < CODED else []:
                project.annotate(doc_id, start, end, "unfair tax", "Ana")
    return project, truth


@pytest.fixture
def phrase_study(tmp_path):
    project, truth = build_phrase_study(tmp_path / "phrases.annot")
    yield project, truth
    project.close()


def train_spans(project, **options):
    options.setdefault("epochs", EPOCHS)
    options.setdefault("curve", (1.0,))
    return assist.train_model(project.store.conn, project.text_services(), project.coder("Ana").id, kind="span",
                              **options)


def test_the_span_model_finds_the_phrases_in_held_out_documents(phrase_study):
    project, truth = phrase_study
    model = train_spans(project)
    assert model.kind == "span" and model.metrics["kind"] == "span"
    assert model.metrics["codes"][project.code("unfair tax").uuid]["f1"] >= 0.9     # exact spans, held out
    uncoded = [d.id for d in project.documents()][CODED:]
    found = assist.predict(project.store.conn, project.text_services(), model, uncoded)
    suggested = {(doc, start, end) for doc, start, end, _, _ in found.spans}
    actual = {(doc, start, end) for doc in uncoded for start, end in truth[doc]}
    f1 = 2 * len(suggested & actual) / (len(suggested) + len(actual))
    assert len(actual) > 10 and f1 >= 0.9
    assert all(0.5 <= score <= 1 for *_, score in found.spans)


def test_the_sentence_model_offers_only_whole_sentences_there(phrase_study):
    """What the span model is for: the same coding taught to the sentence classifier matches no phrase."""
    project, truth = phrase_study
    model = assist.train_model(project.store.conn, project.text_services(), project.coder("Ana").id, epochs=6,
                               curve=(1.0,))
    uncoded = [d.id for d in project.documents()][CODED:]
    found = assist.predict(project.store.conn, project.text_services(), model, uncoded)
    actual = {(doc, start, end) for doc in uncoded for start, end in truth[doc]}
    assert found.spans and not {(doc, start, end) for doc, start, end, _, _ in found.spans} & actual


def test_the_same_seed_gives_the_same_span_model(phrase_study):
    project, _ = phrase_study
    first, second = train_spans(project, seed=4, epochs=1), train_spans(project, seed=4, epochs=1)
    assert first.data == second.data and first.metrics == second.metrics
    assert train_spans(project, seed=5, epochs=1).data != first.data


def test_a_stored_span_model_predicts_as_it_did(phrase_study):
    project, _ = phrase_study
    model = train_spans(project, epochs=1)
    assist.save_model(project.store, model)
    loaded = project.model("Ana")
    assert loaded is not None and loaded.kind == "span"
    conn, services = project.store.conn, project.text_services()
    assert assist.predict(conn, services, loaded).spans == assist.predict(conn, services, model).spans


def test_span_examples_keep_spans_inside_sentences_and_leave_out_crossed_ones():
    text = "One unfair tax here. Two words. Three more."
    sentences = [(0, 20), (21, 31), (32, 43)]
    rows = CoderRows(1, annotations={1: [(4, 14, "u"), (25, 36, "v")]})
    examples = span_examples(1, text, sentences, rows, ("u", "v"))
    assert [(e.start, e.end, e.spans, e.cats) for e in examples] == [(0, 20, ((4, 14, "u"),), {"u": 1.0, "v": 0.0})]


def test_an_unknown_kind_is_one_sentence(phrase_study):
    project, _ = phrase_study
    with pytest.raises(AnnotatorError, match="kind sentence or span"):
        assist.train_model(project.store.conn, project.text_services(), project.coder("Ana").id, kind="phrase")


def test_annotator_train_kind_span_then_suggest_offers_phrases(tmp_path, capsys):
    path = tmp_path / "cli_phrases.annot"
    project, truth = build_phrase_study(path)
    project.close()
    assert main(["train", str(path), "--coder", "Ana", "--kind", "span"]) == 0
    assert "(spans) for Ana" in capsys.readouterr().out
    assert main(["suggest", str(path), "--coder", "Ana", "--method", "model"]) == 0
    with Project.open(path) as reopened:
        assert reopened.model("Ana").kind == "span"
        offered = {(s.document_id, s.start, s.end) for s in reopened.suggestions("Ana")}
    uncoded = sorted(truth)[CODED:]
    actual = {(doc, start, end) for doc in uncoded for start, end in truth[doc]}
    assert 2 * len(offered & actual) / (len(offered) + len(actual)) >= 0.8      # the default recipe, exact spans


def test_an_unknown_kind_on_the_command_line_is_one_sentence(tmp_path, capsys):
    path = tmp_path / "kind.annot"
    with Project.create(path) as project:
        project.add_coder("Ana")
    assert main(["train", str(path), "--coder", "Ana", "--kind", "phrase"]) == 1
    err = capsys.readouterr().err
    assert "A model is of kind sentence or span, not 'phrase'." in err and "usage:" not in err
