"""Tools › Train Model… asks which kind of model (whole sentences, or phrases inside sentences), remembers
the choice per project and trains that kind; Model Quality words a span model's figures by exact span.

The study: Ana codes "unfair tax" on the phrase itself ("grossly unfair tax") inside half the sentences of
six short documents; a span model learns it in a few seconds."""
from __future__ import annotations

import dataclasses
import random
import shutil

import pytest
from analysis_windows import coding_window
from PySide6.QtWidgets import QDialog

from annotator import Project
from ui.suggesting.model_quality import ModelQualityWindow
from ui.suggesting.train_dialog import TrainDialog

FILLER = ("the minister promised reform and budget cuts to families who deserve better while opposition claims "
          "that evidence shows otherwise in every region today").split()
PHRASES = ("unfair tax", "unfair taxes", "grossly unfair tax")


def phrase_document(rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """Five sentences of filler, about half with a phrase inside; the phrases' offsets."""
    parts, spans, pos = [], [], 0
    for _ in range(5):
        words = [rng.choice(FILLER) for _ in range(rng.randint(6, 10))]
        if rng.random() < 0.5:
            at, phrase = rng.randrange(1, len(words)), rng.choice(PHRASES)
            start = pos + len(" ".join(words[:at])) + 1
            spans.append((start, start + len(phrase)))
            words = words[:at] + [phrase] + words[at:]
        parts.append(" ".join(words).capitalize() + ".")
        pos += len(parts[-1]) + 1
    return " ".join(parts) + "\n", spans


def build_phrase_coding_study(path) -> None:
    rng = random.Random(5)
    project = Project.create(path)
    project.add_coder("Ana")
    project.add_code("unfair tax", color="#1f77b4")
    with project.batch():
        for i in range(6):
            text, spans = phrase_document(rng)
            doc_id = project.import_text(text, f"p{i}.txt").document_id
            for start, end in spans:
                project.annotate(doc_id, start, end, "unfair tax", "Ana")
    project.close()


@pytest.fixture(scope="module")
def phrase_coding_files(tmp_path_factory):
    """(untrained study, the same study with Ana's span model stored), built once for the module."""
    folder = tmp_path_factory.mktemp("span_study")
    plain, trained = folder / "plain.annot", folder / "trained.annot"
    build_phrase_coding_study(plain)
    shutil.copy(plain, trained)
    with Project.open(trained) as project:
        project.train("Ana", kind="span")
    return plain, trained


@pytest.fixture
def phrase_window(qtbot, qt_settings, phrase_coding_files, tmp_path):
    path = tmp_path / "study.annot"
    shutil.copy(phrase_coding_files[0], path)
    with coding_window(qtbot, path) as window:
        yield window


@pytest.fixture
def span_model_window(qtbot, qt_settings, phrase_coding_files, tmp_path):
    path = tmp_path / "study.annot"
    shutil.copy(phrase_coding_files[1], path)
    with coding_window(qtbot, path) as window:
        yield window


@pytest.fixture
def train_calls(monkeypatch):
    """The keyword arguments of every ``Project.train`` (which then trains as usual)."""
    calls = []
    original = Project.train

    def recorded(self, *args, **kwargs):
        calls.append(kwargs)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Project, "train", recorded)
    return calls


def answer_train_dialog(monkeypatch, kind=None):
    """The dialog answers itself: ``kind`` chosen and Train pressed, or Cancel when ``kind`` is None."""
    def answer(dialog):
        if kind is None:
            return QDialog.Rejected
        dialog.buttons[kind].setChecked(True)
        dialog.accept()
        return QDialog.Accepted

    monkeypatch.setattr(TrainDialog, "exec", answer)


def headers(view: ModelQualityWindow) -> list[str]:
    return [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]


def header_tips(view: ModelQualityWindow) -> str:
    return " ".join(view.table.horizontalHeaderItem(c).toolTip() for c in range(view.table.columnCount()))


def f1_axis(view: ModelQualityWindow) -> str:
    return view.chart.figure.axes[0].get_ylabel()


# ---------------------------------------------------------------------------------------------- training
def test_the_kind_chosen_in_train_model_reaches_the_core_and_a_span_model_is_stored(phrase_window, qtbot,
                                                                                       train_calls, monkeypatch):
    window = phrase_window
    tools = window.suggestion_tools
    answer_train_dialog(monkeypatch, "span")
    with qtbot.waitSignal(tools.train.trained, timeout=60000) as blocker:
        tools.train_action.trigger()
    assert [call["kind"] for call in train_calls] == ["span"]
    stored = window.project.model("Ana")
    assert stored.version == blocker.args[0].version and stored.kind == "span"
    assert stored.metrics["codes"][window.project.code("unfair tax").uuid]["f1"] is not None
    view = window.findChild(ModelQualityWindow, "modelQualityWindow")
    assert view.isVisible() and "phrases inside sentences" in view.summary.text()


def test_cancelling_the_kind_trains_nothing(phrase_window, train_calls, monkeypatch):
    window = phrase_window
    answer_train_dialog(monkeypatch, None)
    window.suggestion_tools.train_action.trigger()
    assert train_calls == [] and window.suggestion_tools.train.job is None and window.project.model("Ana") is None


def test_the_train_dialog_offers_sentences_first_and_remembers_the_kind_per_project(qt_settings, tmp_path):
    first, second = Project.create(tmp_path / "a.annot"), Project.create(tmp_path / "b.annot")
    for project in (first, second):
        project.add_coder("Ana")
    ana = first.coder("Ana").id
    dialog = TrainDialog(first, ana)
    assert dialog.kind() == "sentence"
    assert [button.text().replace("&", "") for button in dialog.buttons.values()] == [
        "Whole sentences (default)", "Phrases inside sentences (slower)"]
    dialog.buttons["span"].setChecked(True)
    dialog.reject()                                   # Cancel remembers nothing
    assert TrainDialog(first, ana).kind() == "sentence"
    dialog.buttons["span"].setChecked(True)
    dialog.accept()
    assert TrainDialog(first, ana).kind() == "span"
    assert TrainDialog(second, second.coder("Ana").id).kind() == "sentence"
    first.close()
    second.close()


# --------------------------------------------------------------------------------------------- the figures
def test_model_quality_words_a_span_models_figures_by_exact_span(span_model_window):
    window = span_model_window
    window.suggestion_tools.quality_action.trigger()
    view = window.findChild(ModelQualityWindow, "modelQualityWindow")
    summary = view.summary.text()
    assert "which suggests phrases inside sentences" in summary and "by exact span" in summary
    assert "with a span of the code or without" in summary
    assert headers(view)[4:7] == ["Exact precision", "Exact recall", "Exact F1"]
    assert "same start and end" in header_tips(view) and "held-out sentences" not in header_tips(view)
    assert "by exact span" in view.caption.text() and f1_axis(view) == "Held-out F1 (exact spans)"
    assert view.chart.figure.axes[0].get_xlabel() == "Training sentences"   # a span model learns from sentences


def test_a_model_stored_before_kinds_is_worded_as_sentences(span_model_window):
    from ui.suggesting.model_quality import show_model_quality

    window = span_model_window
    stored = window.project.model("Ana")
    older = dataclasses.replace(stored, metrics={k: v for k, v in stored.metrics.items() if k != "kind"})
    view = show_model_quality(window, older)
    assert "which suggests whole sentences" in view.summary.text() and "exact" not in view.summary.text()
    assert headers(view)[4:7] == ["Precision", "Recall", "F1"] and "held-out sentences" in header_tips(view)
    assert "exact" not in view.caption.text() and f1_axis(view) == "Held-out F1"
