"""Tools › Co-occurrence…: every unit reaches the table (compared with the core's counts for the
same choices) and is stated above it, counts or coefficients, heat map colours readable in light
and dark palettes, a cell listing exactly as many pairs or units as it counts, a listed pair
shown in the coding window (emoji before it: UTF-16 positions), export, refilling, and the models
under qtmodeltester."""
from __future__ import annotations

import csv
import threading
import time

import pytest
from analysis_study import new_study
from analysis_windows import coding_window, refilled
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from annotator.analysis.count_tables import cooccurrence_long
from annotator.analysis.describe import cooccurrence_title
from annotator.analysis.scope import Scope
from annotator.commands import AddAnnotation
from annotator.packages import EMPTY_SCHEME
from ui.analysis import cooccurrence_window as cw
from ui.analysis.background_fill import PROGRESS_AFTER_MS
from ui.shared import theme
from ui.shared.jobs import wait_for_jobs

COOC_TEXTS = {
    "op-ed": "Crime fell. They lie about it.\nWe will fix it. Crime is down.",
    "tweet": "😀 Great 👍🏽 news: they lie again. Vote now.",
}
TWEET = COOC_TEXTS["tweet"]
LIE = (TWEET.index("they"), TWEET.index("they") + 8)          # after three astral characters
NEWS = (TWEET.index("news"), TWEET.index("again") + 5)
UNITS = ["overlap", "sentence", "paragraph", "document", "window:2", "followed-by:1"]


@pytest.fixture
def cooc_study(tmp_path):
    path = tmp_path / "cooccurrence.annot"
    outlets = {"op-ed": {"outlet": "Daily"}, "tweet": {"outlet": "Weekly"}}
    with new_study(path, COOC_TEXTS, outlets, scheme=EMPTY_SCHEME) as project:
        for name in ("claim", "attack", "fairness"):
            project.add_code(name)
        ana, ben = project.add_coder("Ana"), project.add_coder("Ben")
        project.annotate("op-ed", 0, 11, "claim", ana)                 # Crime fell.
        project.annotate("op-ed", 6, 21, "attack", ana)                # fell. They lie
        project.annotate("op-ed", 12, 30, "attack", ben)               # They lie about it.
        project.annotate("op-ed", 31, 46, "claim", ben)                # We will fix it.
        project.annotate("op-ed", 47, 61, "fairness", ben)             # Crime is down.
        project.annotate("tweet", *NEWS, "claim", ana)
        project.annotate("tweet", *LIE, "attack", ana)
    return path


@pytest.fixture
def cooc_main(qtbot, qt_settings, cooc_study):
    with coding_window(qtbot, cooc_study) as window:
        yield window


@pytest.fixture
def cooc_view(qtbot, cooc_main):
    view = cw.show_cooccurrence(cooc_main)
    qtbot.waitUntil(lambda: view.counted is not None and view.job is None, timeout=20000)
    yield view
    wait_for_jobs()


def shown_table(view):
    model = view.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def core(project, unit, coders=("Ana", "Ben")):
    scope = Scope(frozenset(c.id for c in project.codes()), frozenset(project.coder(n).id for n in coders), None)
    return project.cooccurrence(scope, unit)


def listed(qtbot, view, a, b):
    with qtbot.waitSignal(view.pairs_listed, timeout=20000):
        view.table.setCurrentIndex(view.model.index(a, b))
        view.table.setFocus()
        qtbot.keyClick(view.table, Qt.Key_Return)
    return view.pair_model


# ---------------------------------------------------------------- units

def test_the_menu_opens_the_window_with_overlap_first(qtbot, cooc_main):
    action = next(a for a in cooc_main.menu("Tools").actions() if a.text() == "Co-&occurrence…")
    action.trigger()
    view = cooc_main.findChild(cw.CooccurrenceWindow, "cooccurrenceWindow")
    assert view.job is not None and view.job.thread.isRunning()
    with qtbot.waitSignal(view.filled, timeout=20000):
        pass
    assert view.table.objectName() == "cooccurrenceTable"
    assert [view.model.headerData(i, Qt.Vertical) for i in range(3)] == ["1 claim", "2 attack", "3 fairness"]
    assert shown_table(view) == [["0", "2", "0"], ["2", "0", "0"], ["0", "0", "0"]]      # op-ed a, tweet
    assert view.unit_label.text() == "Co-occurrence counted in pairs of overlapping annotations (c-coefficient), " \
                                     "per coder; coders pooled: Ana, Ben."


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_shows_the_cores_numbers_and_says_what_it_counted(qtbot, cooc_view, unit):
    if unit != "overlap":
        refilled(qtbot, cooc_view, lambda: cooc_view.picker.set_unit(unit))
    expected = core(cooc_view.session.project, unit)
    assert shown_table(cooc_view) == [[f"{n:,}" for n in row] for row in expected.counts]
    assert cooc_view.unit_label.text() == cooccurrence_title(unit, ["Ana", "Ben"])
    assert cooc_view.picker.n.isEnabled() == (":" in unit)
    cooc_view.picker.shown_as.setCurrentIndex(cooc_view.picker.shown_as.findData("jaccard"))
    size = range(len(expected.codes))
    assert shown_table(cooc_view) == [["–" if expected.jaccard(a, b) is None else f"{expected.jaccard(a, b):.2f}"
                                       for b in size] for a in size]


def test_n_counts_tokens_or_sentences_and_is_refused_below_its_least(qtbot, cooc_view):
    refilled(qtbot, cooc_view, lambda: cooc_view.picker.set_unit("window:1"))
    n = cooc_view.picker.n
    assert n.minimum() == 1 and n.suffix() == " tokens"
    refilled(qtbot, cooc_view, lambda: n.setValue(9))
    assert cooc_view.request().unit == "window:9"
    expected = core(cooc_view.session.project, "window:9").counts
    assert shown_table(cooc_view) == [[f"{x:,}" for x in row] for row in expected]
    refilled(qtbot, cooc_view, lambda: cooc_view.picker.set_unit("followed-by:0"))
    assert n.minimum() == 0 and n.value() == 0 and n.suffix() == " sentences"


# ---------------------------------------------------------------- the heat map

def contrast(a: QColor, b: QColor) -> float:
    def luminance(c):
        return sum(w * (x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4)
                   for w, x in zip((0.2126, 0.7152, 0.0722), (c.redF(), c.greenF(), c.blueF())))
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", [theme.LIGHT, theme.DARK])
def test_heat_map_colours_every_counted_cell_readably_in_both_palettes(qtbot, qapp, cooc_view, scheme):
    theme.apply_scheme(qapp, scheme)
    try:
        refilled(qtbot, cooc_view, lambda: cooc_view.picker.set_unit("sentence"))
        palette, model = cooc_view.table.palette(), cooc_view.model
        table = cooc_view.cooccurrence
        coloured = set()
        for a in range(model.rowCount()):
            for b in range(model.columnCount()):
                index = model.index(a, b)
                background, foreground = index.data(Qt.BackgroundRole), index.data(Qt.ForegroundRole)
                assert index.data() == f"{table.counts[a][b]:,}"              # the number is always written
                if background is None:
                    assert foreground is None and (a == b or table.counts[a][b] == 0)
                    background, foreground = palette.color(QPalette.Base), palette.color(QPalette.Text)
                else:
                    coloured.add((a, b))
                assert contrast(background, foreground) >= 4.5
        assert coloured == {(a, b) for a in range(3) for b in range(3) if a != b and table.counts[a][b]} != set()
        assert model.index(0, 0).data(Qt.FontRole).italic()                     # the diagonal
    finally:
        theme.apply_scheme(qapp, theme.LIGHT)


# ---------------------------------------------------------------- what a cell counts

@pytest.mark.parametrize("unit", UNITS)
def test_a_cell_lists_exactly_as_many_items_as_it_counts(qtbot, cooc_view, unit):
    if unit != "overlap":
        refilled(qtbot, cooc_view, lambda: cooc_view.picker.set_unit(unit))
    table = cooc_view.cooccurrence
    for a in range(3):
        for b in range(3):
            assert listed(qtbot, cooc_view, a, b).rowCount() == table.counts[a][b]
    assert sum(map(sum, table.counts)) > 0


def test_pairs_name_both_codes_and_units_their_text(qtbot, cooc_view):
    model = listed(qtbot, cooc_view, 0, 1)
    assert [model.headerData(i, Qt.Horizontal) for i in range(4)] == ["Document", "Coder", "claim", "attack"]
    assert [[model.index(r, c).data() for c in range(4)] for r in range(2)] == [
        ["op-ed", "Ana", "Crime fell.", "fell. They lie"], ["tweet", "Ana", "news: they lie again", "they lie"]]
    refilled(qtbot, cooc_view, lambda: cooc_view.picker.set_unit("sentence"))
    qtbot.waitUntil(lambda: cooc_view.listing.job is None and cooc_view.pair_model.columnCount() == 3, timeout=20000)
    assert cooc_view.pair_model.headerData(2, Qt.Horizontal) == "Sentence"      # the same cell, listed again
    assert cooc_view.pair_model.index(0, 2).data() == "Crime fell."


def test_a_listed_pair_is_selected_in_the_coding_window_after_emoji(qtbot, cooc_main, cooc_view):
    model = listed(qtbot, cooc_view, 0, 1)
    index = model.index(1, 0)                                                # the tweet's pair
    cooc_view.pairs.scrollTo(index)
    with qtbot.waitSignal(cooc_view.span_shown):
        qtbot.mouseClick(cooc_view.pairs.viewport(), Qt.LeftButton, pos=cooc_view.pairs.visualRect(index).center())
    text_view = cooc_main.text_view
    assert cooc_main.session.document_id == cooc_main.project.document("tweet").id
    assert text_view.selected_span(exact=True) == NEWS                        # both annotations, in code points
    assert text_view.textCursor().selectedText() == "news: they lie again"


# ---------------------------------------------------------------- export, refilling, models

def test_csv_is_the_command_lines_long_table(qtbot, cooc_view, tmp_path):
    header, rows = cooccurrence_long(cooc_view.cooccurrence)
    with qtbot.waitSignal(cooc_view.exported):
        cooc_view.export(tmp_path / "c.csv")
    with open(tmp_path / "c.csv", newline="", encoding="utf-8") as stream:
        assert list(csv.reader(stream)) == [header] + [["" if v is None else str(v) for v in row] for row in rows]
    assert rows[1][:3] == ["claim", "attack", 2]


def test_a_change_to_the_project_counts_again_and_filters_narrow(qtbot, cooc_main, cooc_view):
    project = cooc_main.project
    doc, ana = project.document("op-ed").id, project.coder("Ana").id
    refilled(qtbot, cooc_view, lambda: cooc_main.session.push(AddAnnotation(doc, ana, project.code("fairness").id,
                                                                             0, 5)))
    assert shown_table(cooc_view)[0] == ["0", "2", "1"]
    refilled(qtbot, cooc_view, lambda: cooc_view.filters.coders.findItems("Ana", Qt.MatchExactly)[0]
              .setCheckState(Qt.Unchecked))
    assert shown_table(cooc_view) == [[f"{n:,}" for n in row] for row in core(project, "overlap", ("Ben",)).counts]
    cooc_view.picker.where.setText("outlet=Weekly")
    refilled(qtbot, cooc_view, cooc_view.picker.where.editingFinished.emit)
    assert "Documents where outlet=Weekly." in cooc_view.unit_label.text()


def test_a_slow_count_shows_progress_and_cancel_keeps_the_table(qtbot, cooc_view, monkeypatch):
    gate, real = threading.Event(), cw.count_cooccurrence

    def slow(project, request, progress, cancelled):
        progress((1, 2))
        gate.wait(10)
        return real(project, request, progress, cancelled)

    monkeypatch.setattr(cw, "count_cooccurrence", slow)
    before = shown_table(cooc_view)
    cooc_view.picker.set_unit("document")                      # counts again once changes pause
    with qtbot.waitSignal(cooc_view.filling.pause.timeout, timeout=5000):
        pass
    started = time.monotonic()
    assert cooc_view.job is not None and not cooc_view.filling.busy.isVisible()
    qtbot.waitUntil(cooc_view.filling.busy.isVisible, timeout=5000)
    assert time.monotonic() - started >= PROGRESS_AFTER_MS / 1000 - 0.02   # started just after the count did
    assert cooc_view.status.text() == "Counting co-occurrences… 1 of 2 documents"
    cooc_view.filling.cancel_button.click()
    assert cooc_view.job is None and "Cancelled" in cooc_view.status.text() and shown_table(cooc_view) == before
    gate.set()
    wait_for_jobs()
    assert shown_table(cooc_view) == before


def test_the_models_pass_qtmodeltester(qtmodeltester, qtbot, cooc_view):
    qtmodeltester.check(cooc_view.model, force_py=True)
    listed(qtbot, cooc_view, 0, 1)
    qtmodeltester.check(cooc_view.pair_model, force_py=True)
