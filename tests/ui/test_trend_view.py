"""The Trend… window (ui/agreement/trend_view.py) on four rounds (two reliability, a calibration, a retest):
the trend's table and chart hold the reliability rounds, the other two are listed apart; light and dark
palettes (text in the palette's colour, series legible on its Base), 1024x700 and 800x600 (no row hidden,
no horizontal scroll bar), read-only tables."""
from __future__ import annotations

import pytest
from matplotlib.colors import to_hex
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QPushButton

from annotator import Project
from annotator.adjudication import AcceptAnnotation
from annotator.merging import merge
from annotator.rounds import make_round
from annotator.trend_data import trend
from ui.shared import theme
from ui.shared.contrast import GRAPHICS, contrast_ratio


def _code(path, coder, shift):
    with Project.open(path) as package:
        for i, doc in enumerate(package.documents()):
            package.annotate(doc, 0, 12 + (i * shift) % 5, "claim", coder)
            package.annotate(doc, 20, 40 + shift, "attack", coder)
            package.set_status(doc, coder, "done")


@pytest.fixture
def four_rounds(sample_project, tmp_path):
    """pilot, training (calibration: Cara against gold), "main revised codebook", again (Ana re-tested)."""
    project = sample_project
    for name, seed, coders in (("pilot", 4, ["Cleo", "Dev"]), ("main revised codebook", 5, ["Eli", "Fay"])):
        made = make_round(project, name, tmp_path / name, coders, sample=3, seed=seed)   # new coders code afresh
        for coder, path in made.packages:
            _code(path, coder, 3 if coder == coders[1] else 0)
        merge(project, [path for _, path in made.packages])
        if name == "pilot":
            for a in project.annotations(coder="Ana")[:4]:
                project.apply(AcceptAnnotation(a.uuid))
            made = make_round(project, "training", tmp_path / "training", ["Cara"], sample=1, seed=0,
                              kind="calibration")
            _code(made.packages[0][1], "Cara", 2)
            merge(project, [made.packages[0][1]])
    made = make_round(project, "again", tmp_path / "again", ["Ana"], sample=2, seed=0, kind="retest")
    _code(made.packages[0][1], made.packages[0][0], 1)
    merge(project, [made.packages[0][1]])
    return trend(project, bootstrap=50, seed=1)


def trend_window(qtbot, session, rows, size, palette=None):
    from ui.agreement.trend_view import TrendWindow

    view = TrendWindow(session, 50)
    qtbot.addWidget(view)
    if palette is not None:
        view.setPalette(palette)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.show_rows(rows, "95% CI")
    view.canvas.draw()
    return view


def texts(table, column):
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_the_trend_holds_reliability_rounds_and_lists_calibration_and_retest_apart(qtbot, session, four_rounds):
    view = trend_window(qtbot, session, four_rounds, (1280, 800))
    assert texts(view.table, 0) == ["pilot", "main revised codebook"]
    headers = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
    assert len(set(headers)) == len(headers)                      # α and α (excl.) are told apart
    [axes] = view.figure.axes
    assert [t.get_text() for t in axes.get_xticklabels()] == ["pilot", "main revised\ncodebook"]
    assert all(len(line.get_xdata()) == 2 for line in axes.get_lines())
    assert texts(view.others, 0) == ["training", "again"] and texts(view.others, 1) == ["calibration", "retest"]
    assert texts(view.others, 2) == ["Cara against gold", "Ana: earlier against re-coding"]
    cara = four_rounds[1].calibration.coders[0]
    assert view.others.item(0, 6).text() == f"{cara.overall[[f.key for f in cara.overall].index('f1_exact')].value:.3f}"
    assert "claim: span F1 exact" in view.others.item(0, 0).toolTip()
    assert "Intra-coder agreement" in view.others.item(1, 0).toolTip()
    for table in (view.table, view.others):
        assert table.editTriggers() == QAbstractItemView.NoEditTriggers


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_chart_is_drawn_in_the_palette_and_its_series_are_legible(qtbot, session, four_rounds, scheme):
    palette = theme.dark_palette() if scheme == "dark" else theme.light_palette()
    view = trend_window(qtbot, session, four_rounds, (1024, 700), palette)
    ink, base = palette.color(QPalette.Text), palette.color(QPalette.Base)
    [axes] = view.figure.axes
    shown = [t for t in axes.get_xticklabels() + axes.get_yticklabels() if t.get_text()]
    shown += axes.get_legend().get_texts() + [axes.yaxis.label]
    assert shown and {to_hex(t.get_color()) for t in shown} == {ink.name()}
    assert to_hex(axes.get_facecolor()) == base.name()
    for line in axes.get_lines():
        assert contrast_ratio(QColor(to_hex(line.get_color())), base) >= GRAPHICS, line.get_gid()


@pytest.mark.parametrize("size", [(1024, 700), (800, 600)])
def test_small_windows_show_every_row_without_a_horizontal_scroll_bar(qtbot, session, four_rounds, size):
    view = trend_window(qtbot, session, four_rounds, size)
    for table in (view.table, view.others):
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        assert table.viewport().height() >= rows, table.objectName()
        assert not table.verticalScrollBar().isVisible()
        if size[0] >= 1024:
            assert not table.horizontalScrollBar().isVisible()
    assert view.canvas.height() >= view.fontMetrics().height() * 14


def test_deleting_a_round_in_the_app_leaves_the_round_box_and_undo_brings_it_back(qtbot, window, four_rounds):
    from annotator.round_delete import DeleteRound
    from ui.agreement.agreement_window import AgreementWindow

    view = AgreementWindow(window.session, window.text_view, parent=window)
    qtbot.addWidget(view)
    names = lambda: [view.round_combo.itemData(i) for i in range(1, view.round_combo.count())]  # noqa: E731
    assert names() == ["pilot", "training", "main revised codebook", "again"]
    coders = [c.name for c in window.session.project.coders()]
    errors = []
    window.session.error_raised.connect(errors.append)
    assert not window.session.push(DeleteRound(window.session.project.rounds()[3].uuid, "Delete round 'again'"))
    assert "is a retest whose re-coding was merged" in errors[0]     # its row would count as one more coder
    assert window.session.push(DeleteRound(window.session.project.rounds()[1].uuid, "Delete round 'training'"))
    assert names() == ["pilot", "main revised codebook", "again"]
    window.session.undo()
    assert names() == ["pilot", "training", "main revised codebook", "again"]
    assert [c.name for c in window.session.project.coders()] == coders


def test_delete_round_in_the_agreement_window_asks_then_deletes_as_one_undo_step(qtbot, window, four_rounds,
                                                                               monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.agreement.agreement_window import AgreementWindow

    view = AgreementWindow(window.session, window.text_view, parent=window)
    qtbot.addWidget(view)
    names = lambda: [view.round_combo.itemData(i) for i in range(1, view.round_combo.count())]  # noqa: E731
    button = view.findChild(QPushButton, "deleteRoundButton")
    assert not button.isEnabled()                                   # "All coding" is no round
    asked, answers = [], [QMessageBox.No, QMessageBox.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kw: asked.append(args[2]) or answers.pop(0))
    view.set_round("training")
    assert button.isEnabled()
    button.click()                                                  # No: nothing happens
    assert names() == ["pilot", "training", "main revised codebook", "again"]
    assert "Delete round 'training' (calibration" in asked[0] and "stay in the project as ordinary coding" in asked[0]
    button.click()                                                  # Yes
    assert names() == ["pilot", "main revised codebook", "again"] and not button.isEnabled()
    window.session.undo()
    assert names() == ["pilot", "training", "main revised codebook", "again"]
    errors = []
    window.session.error_raised.connect(errors.append)
    view.set_round("again")                                         # a retest holding its re-coding
    button.click()
    assert len(asked) == 2 and "is a retest whose re-coding was merged" in errors[0]
    assert names() == ["pilot", "training", "main revised codebook", "again"]
