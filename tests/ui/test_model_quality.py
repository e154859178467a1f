"""Tools › Train Model… and Model Quality… (issue 15): training off the GUI thread with progress and
Cancel, the figures of the stored model by code name, and the minimum held-out F1 in Suggest Codes….

The study: Ana codes, in 14 documents, every sentence holding a made-up word as "marker" (the model
learns it exactly) and a random third of the sentences as "noise" (it cannot); Ben codes nothing."""
from __future__ import annotations

import random
import shutil
import threading

import pytest
from analysis_windows import coding_window
from PySide6.QtWidgets import QDialog, QPushButton

from annotator import Project
from ui.suggesting import model_quality, train_flow
from ui.suggesting.learning_curve import LearningCurveView
from ui.suggesting.model_quality import ModelQualityWindow
from ui.suggesting.quality_figures import figure_text
from ui.suggesting.suggest_dialog import SuggestDialog
from ui.suggesting.train_dialog import TrainDialog

WORDS = ("the minister promised reform and budget cuts are unfair to families who deserve better while "
         "opposition claims that evidence shows otherwise in every region today").split()
MARK = "zorblat"


def marker_text(rng: random.Random) -> tuple[str, list[tuple[int, int, bool]]]:
    parts, places, pos = [], [], 0
    for _ in range(10):
        words = [rng.choice(WORDS) for _ in range(rng.randint(7, 12))]
        marked = rng.random() < 0.35
        if marked:
            words.insert(rng.randrange(1, len(words)), MARK)
        sentence = " ".join(words).capitalize() + "."
        parts.append(sentence)
        places.append((pos, pos + len(sentence), marked))
        pos += len(sentence) + 1
    return " ".join(parts) + "\n", places


def build_marker_noise_study(path) -> None:
    rng = random.Random(11)
    project = Project.create(path)
    for name in ("Ana", "Ben"):
        project.add_coder(name)
    project.add_code("marker", color="#1f77b4")
    project.add_code("noise", color="#d62728")
    with project.batch():
        for i in range(20):
            text, places = marker_text(rng)
            doc_id = project.import_text(text, f"d{i:02}.txt").document_id
            for start, end, marked in places if i < 14 else ():
                if marked:
                    project.annotate(doc_id, start, end, "marker", "Ana")
                if rng.random() < 0.33:
                    project.annotate(doc_id, start, end, "noise", "Ana")
    project.close()


@pytest.fixture(scope="module")
def marker_noise_files(tmp_path_factory):
    """(untrained study, the same study with Ana's model stored), built once for the module."""
    folder = tmp_path_factory.mktemp("model_study")
    plain, trained = folder / "plain.annot", folder / "trained.annot"
    build_marker_noise_study(plain)
    shutil.copy(plain, trained)
    with Project.open(trained) as project:
        project.train("Ana")
    return plain, trained


@pytest.fixture
def untrained_window(qtbot, qt_settings, marker_noise_files, tmp_path):
    path = tmp_path / "study.annot"
    shutil.copy(marker_noise_files[0], path)
    with coding_window(qtbot, path) as window:
        yield window


@pytest.fixture
def trained_window(qtbot, qt_settings, marker_noise_files, tmp_path):
    path = tmp_path / "study.annot"
    shutil.copy(marker_noise_files[1], path)
    with coding_window(qtbot, path) as window:
        yield window


@pytest.fixture
def train_threads(monkeypatch):
    """Records the thread every ``Project.train`` runs on; ``hold`` makes it wait for Cancel."""
    record = {"threads": [], "hold": False}
    original = Project.train

    def recorded(self, *args, cancelled=None, **kwargs):
        record["threads"].append(threading.get_ident())
        while record["hold"] and not cancelled():
            threading.Event().wait(0.01)
        return original(self, *args, cancelled=cancelled, **kwargs)

    monkeypatch.setattr(Project, "train", recorded)
    yield record
    record["hold"] = False


@pytest.fixture
def shown_errors(monkeypatch):
    shown = []
    monkeypatch.setattr(train_flow.dialogs, "show_error", lambda _parent, text, _title: shown.append(text))
    monkeypatch.setattr(model_quality.dialogs, "show_error", lambda _parent, text, _title: shown.append(text))
    return shown


def quality_window(window) -> ModelQualityWindow:
    view = window.findChild(ModelQualityWindow, "modelQualityWindow")
    assert view is not None and view.isVisible()
    return view


def table_rows(view: ModelQualityWindow) -> dict[str, dict[str, str]]:
    table = view.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return {table.item(r, 0).text(): {h: table.item(r, c).text() for c, h in enumerate(headers)}
            for r in range(table.rowCount())}


def plotted(view: LearningCurveView) -> dict[str, list]:
    return {line.get_label(): list(line.get_ydata()) for line in view.figure.axes[0].get_lines()}


# ---------------------------------------------------------------------------------------------- training
def test_train_model_runs_off_the_gui_thread_stores_the_model_and_shows_it(untrained_window, qtbot, train_threads,
                                                                          monkeypatch):
    window = untrained_window
    tools = window.suggestion_tools
    monkeypatch.setattr(TrainDialog, "exec", lambda dialog: QDialog.Accepted)     # the default kind: sentences
    assert window.project.model("Ana") is None
    percents = []
    with qtbot.waitSignal(tools.train.trained, timeout=60000) as blocker:
        tools.train_action.trigger()
        tools.train.job.progress_reported.connect(percents.append)
    assert train_threads["threads"] and threading.get_ident() not in train_threads["threads"]
    stored = window.project.model("Ana")
    assert stored is not None and stored.version == blocker.args[0].version and stored.kind == "sentence"
    assert percents and percents == sorted(set(percents)) and percents[-1] == 100
    view = quality_window(window)
    assert stored.version in view.summary.text() and view.windowTitle() == "Model Quality — Ana"


def test_cancel_stores_no_model(untrained_window, qtbot, train_threads, shown_errors):
    window = untrained_window
    flow = window.suggestion_tools.train
    train_threads["hold"] = True
    job = flow.run()
    qtbot.waitUntil(lambda: bool(train_threads["threads"]))
    with qtbot.waitSignal(job.cancelled, timeout=20000):
        job.dialog.findChild(QPushButton).click()            # the progress dialog's Cancel
    assert flow.job is None and window.project.model("Ana") is None and shown_errors == []
    assert window.findChild(ModelQualityWindow, "modelQualityWindow") is None
    assert "no model" in window.statusBar().currentMessage()


def test_a_coder_with_nothing_coded_gets_the_cores_sentence(untrained_window, qtbot, shown_errors):
    window = untrained_window
    window.session.select_coder(window.project.coder("Ben").id)
    with qtbot.waitSignal(window.suggestion_tools.train.refused, timeout=20000) as blocker:
        window.suggestion_tools.train.run()
    assert shown_errors == [blocker.args[0]] == ["Ben has not coded any document yet, so there is nothing to train "
                                                 "a model on."]
    window.suggestion_tools.quality_action.trigger()           # no model to show: one sentence, no window
    assert "Ben has no trained model yet" in shown_errors[-1]
    assert window.findChild(ModelQualityWindow, "modelQualityWindow") is None


# --------------------------------------------------------------------------------------------- the figures
def test_model_quality_shows_the_stored_figures_by_code_name(trained_window):
    window = trained_window
    project = window.project
    model = project.model("Ana")
    window.suggestion_tools.quality_action.trigger()
    view = quality_window(window)
    rows = table_rows(view)
    assert set(rows) == {"marker", "noise"}
    for name in rows:
        figures = model.metrics["codes"][project.code(name).uuid]
        assert rows[name]["F1"] == figure_text(figures["f1"])
        assert rows[name]["Precision"] == figure_text(figures["precision"])
        assert rows[name]["Positive"] == str(figures["positive"])
        assert rows[name]["Held-out positive"] == str(figures["held_out"]["positive"])
    assert rows["marker"]["F1"] == "1.00" and rows["noise"]["F1"] != "1.00"
    held = model.metrics["held_out_documents"]
    assert f"measured on {held} of the 14 coded documents" in view.summary.text()
    assert "seed 0" in view.summary.text() and project.code("marker").uuid not in view.summary.text()
    lines = plotted(view.chart)
    sizes = [point["examples"] for point in model.metrics["curve"]]
    assert set(lines) == {"marker", "noise"} and list(view.chart.figure.axes[0].get_lines()[0].get_xdata()) == sizes
    assert lines["marker"][-1] == model.metrics["codes"][project.code("marker").uuid]["f1"]


def test_model_quality_shows_the_share_accepted_per_method(trained_window):
    window = trained_window
    project = window.project
    added = project.suggest("model", "Ana", min_f1=0.9)
    [first, second, *_] = project.suggestions("Ana", "open")
    project.decide_suggestions([first.id], accept=True)
    project.decide_suggestions([second.id], accept=False)
    assert added.added >= 2
    window.suggestion_tools.quality_action.trigger()
    rows = table_rows(quality_window(window))
    assert rows["marker"]["Accepted (model)"] == "1 of 2 (50%)" and rows["noise"]["Accepted (model)"] == ""


# ------------------------------------------------------------------------------------------- minimum F1
def test_the_minimum_f1_names_the_codes_it_leaves_out_and_only_the_others_are_suggested(trained_window, qtbot):
    window = trained_window
    project, ana = window.project, window.project.coder("Ana").id
    noise_f1 = project.model("Ana").metrics["codes"][project.code("noise").uuid]["f1"]
    assert noise_f1 is not None and noise_f1 < 0.9
    dialog = SuggestDialog(project, ana, None, window)
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData("model"))
    options = dialog.model_options
    assert options.min_f1.isVisibleTo(dialog) and options.excluded.text().startswith("Every code of the model")
    assert options.options() == {"threshold": None, "min_f1": 0.0}
    options.min_f1.setValue(0.9)
    assert options.excluded.text() == f"Leaves out 1 of the model's 2 codes: noise (F1 {noise_f1:.2f})."
    dialog.accept()
    method, all_documents, chosen = dialog.choice()
    assert (method, all_documents, chosen) == ("model", True, {"threshold": None, "min_f1": 0.9})
    again = SuggestDialog(project, ana, None, window)          # remembered for this project
    assert again.model_options.options() == chosen
    flow = window.suggestion_tools.flow
    with qtbot.waitSignal(flow.suggested, timeout=60000) as blocker:
        flow.run(method, all_documents, **chosen)
    assert blocker.args[0].added and {s.code for s in project.suggestions("Ana")} == {"marker"}


def test_the_model_method_needs_a_model(untrained_window):
    window = untrained_window
    dialog = SuggestDialog(window.project, window.project.coder("Ana").id, None, window)
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData("model"))
    assert not dialog.suggest_button.isEnabled()
    assert dialog.model_options.excluded.text().startswith("Ana has no trained model yet")
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData("propagate"))
    assert dialog.suggest_button.isEnabled() and not dialog.model_options.min_f1.isVisibleTo(dialog)


def test_cancelling_model_suggestions_is_a_cancel_not_an_error(trained_window, qtbot, monkeypatch):
    """The core's ``Cancelled`` (raised by prediction) ends the job as cancelled, without a message box."""
    from ui.suggesting import suggest_flow

    shown = []
    monkeypatch.setattr(suggest_flow.dialogs, "show_error", lambda _parent, text, _title: shown.append(text))
    flow = trained_window.suggestion_tools.flow
    job = flow.run("model", True)
    job.cancel()
    with qtbot.waitSignal(job.cancelled, timeout=60000):
        pass
    assert shown == [] and trained_window.project.suggestions("Ana") == []
