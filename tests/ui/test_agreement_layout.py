"""The agreement window as it is read (issue 14, item 7): headings aligned like their values,
one column per table taking the rest of the width (none in the confusion matrix), the documents
without a horizontal scroll bar at 1024 pixels, the coders in one line of ticks, and the
disagreements in text order with every position in full."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from ui.agreement.agreement_window import AgreementWindow
from ui.shared import cells
from ui.shared.jobs import wait_for_jobs

HORIZONTAL = int(Qt.AlignLeft | Qt.AlignRight | Qt.AlignHCenter)


@pytest.fixture
def laid_out_agreement(qtbot, window):
    """The agreement window at 1024x700 with a report shown."""
    view = AgreementWindow(window.session, window.text_view, parent=window)
    qtbot.addWidget(view)
    view.resize(1024, 700)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.computed, timeout=30000):
        view.compute(seed=7)
    yield view
    wait_for_jobs()


def side(alignment) -> int:
    return int(alignment) & HORIZONTAL


def cell_sides(model, column: int, parent=None) -> set[int]:
    """The horizontal alignment of every written cell of a column (a tree's too)."""
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    out = set()
    for row in range(model.rowCount(parent)):
        index = model.index(row, column, parent)
        if index.data():
            out.add(side(index.data(Qt.TextAlignmentRole)))
        out |= cell_sides(model, column, model.index(row, 0, parent))
    return out


def test_every_heading_is_aligned_like_its_values(laid_out_agreement):
    view = laid_out_agreement
    for model in (view.overall_model, view.code_model, view.document_model, view.confusion_model,
                  view.disagreement_model, view.heat_model):
        for column in range(model.columnCount()):
            values = cell_sides(model, column)
            heading = side(model.headerData(column, Qt.Horizontal, Qt.TextAlignmentRole))
            assert values in (set(), {heading}), (model.headerData(column, Qt.Horizontal), values, heading)
    right = {int(Qt.AlignRight)}
    numbers = [c for c in range(view.code_model.columnCount()) if cell_sides(view.code_model, c) == right]
    assert len(numbers) >= 4                                     # the per-code values are right-aligned, headings too
    confusion = view.confusion_model
    assert side(confusion.headerData(0, Qt.Vertical, Qt.TextAlignmentRole)) == int(Qt.AlignLeft)


def test_one_column_per_table_takes_the_rest_and_the_matrix_none(laid_out_agreement):
    view = laid_out_agreement

    def stretched(table):
        header = table.horizontalHeader() if hasattr(table, "horizontalHeader") else table.header()
        modes = [header.sectionResizeMode(c) for c in range(header.count())]
        assert QHeaderView.ResizeToContents not in modes          # measured once, not on every paint
        return [c for c, mode in enumerate(modes) if mode == QHeaderView.Stretch], header.stretchLastSection()

    assert stretched(view.confusion_view) == ([], False)
    assert stretched(view.document_view) == ([], False)          # figures: numbers stay beside their names
    assert stretched(view.code_view) == ([], False)
    assert stretched(view.overall_view) == ([view.overall_model.columnCount() - 1], False)        # notes
    assert stretched(view.disagreement_view) == ([view.disagreement_model.columnCount() - 1], False)   # text
    confusion = view.confusion_view
    widths = [confusion.columnWidth(c) for c in range(view.confusion_model.columnCount())]
    assert max(widths) < 2.5 * confusion.fontMetrics().horizontalAdvance("claim + appeal to fairness")


def test_the_documents_need_no_horizontal_scrolling_at_1024_and_keep_their_widths_wider(qtbot, laid_out_agreement):
    view = laid_out_agreement
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.document_view.parentWidget()))
    qtbot.waitUntil(lambda: view.document_view.isVisible())
    table, header = view.document_view, view.document_view.horizontalHeader()
    assert header.length() <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
    for column in range(1, view.document_model.columnCount()):   # the numbers themselves are never cut
        assert table.columnWidth(column) >= table.sizeHintForColumn(column)
    names = max(table.fontMetrics().horizontalAdvance(view.document_model.index(r, 0).data())
                for r in range(view.document_model.rowCount()))
    view.resize(900, 700)
    qtbot.waitUntil(lambda: table.columnWidth(0) < names)       # narrower still, the long names give up width
    assert table.horizontalScrollBar().maximum() == 0
    view.resize(1700, 700)
    qtbot.waitUntil(lambda: table.columnWidth(0) >= names)       # and take it back when there is room …
    assert header.length() < table.viewport().width() - 100     # … but no more: the rest is left blank


def test_the_coders_stand_in_one_line_of_ticks_centred_in_their_box(laid_out_agreement):
    ticks = laid_out_agreement.coder_list
    rects = [ticks.visualItemRect(ticks.item(i)) for i in range(ticks.count())]
    assert ticks.count() >= 2 and len({r.top() for r in rects}) == 1           # side by side, not stacked
    middle = ticks.viewport().height() / 2
    assert all(abs(r.center().y() - middle) <= 2 for r in rects)                 # not stuck at the top
    assert not ticks.verticalScrollBar().isVisible()
    assert ticks.height() <= laid_out_agreement.unit_combo.height() + 8


def test_narrow_coder_ticks_wrap_onto_more_lines_and_grow(qtbot):
    from types import SimpleNamespace

    from ui.shared.coder_ticks import CoderTicks

    ticks = CoderTicks("narrowTicks")
    qtbot.addWidget(ticks)
    ticks.reload([SimpleNamespace(id=i, name=f"Coder number {i}") for i in range(6)])
    ticks.resize(1000, ticks.height())
    ticks.show()
    one_line = ticks.height()
    ticks.resize(260, ticks.height())
    qtbot.waitUntil(lambda: ticks.height() > one_line)
    rects = [ticks.visualItemRect(ticks.item(i)) for i in range(ticks.count())]
    assert len({r.top() for r in rects}) > 1 and ticks.height() < 4 * one_line


def test_coder_ticks_laid_out_one_a_line_keep_the_height_their_window_gave(qtbot):
    from types import SimpleNamespace

    from PySide6.QtWidgets import QListWidget

    from ui.shared.coder_ticks import CoderTicks

    ticks = CoderTicks("columnTicks")
    qtbot.addWidget(ticks)
    ticks.reload([SimpleNamespace(id=i, name=f"Coder {i}") for i in range(5)])
    ticks.setFlow(QListWidget.TopToBottom)             # as File › Export… lists them
    ticks.setWrapping(False)
    ticks.setFixedHeight(150)
    ticks.show()
    ticks.resize(300, 150)
    ticks.resize(500, 150)
    assert ticks.height() == 150


def test_disagreements_are_listed_in_text_order(laid_out_agreement):
    model = laid_out_agreement.disagreement_view.model()
    places = [model.index(r, 0).data(cells.PAYLOAD_ROLE) for r in range(model.rowCount())]
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert len(places) > 10
    keys = [(name, start) for name, (_doc, start, _end) in zip(names, places)]
    assert keys == sorted(keys)                                  # documents A→Z, then where in the text
    assert laid_out_agreement.disagreement_view.horizontalHeader().sortIndicatorOrder() == Qt.AscendingOrder


def test_no_position_of_a_disagreement_is_cut_off(laid_out_agreement):
    view = laid_out_agreement
    table, model = view.disagreement_view, view.disagreement_view.model()
    metrics = table.fontMetrics()
    coders = range(2, 2 + len(view.report.coders))
    multi = 0
    for row in range(model.rowCount()):
        for column in (1, *coders):
            lines = str(model.index(row, column).data()).split("\n")
            widest = max(metrics.horizontalAdvance(line) for line in lines)
            assert widest <= table.columnWidth(column), (row, column, lines)
            assert table.rowHeight(row) >= len(lines) * metrics.lineSpacing()
            multi += len(lines) > 1
            assert all(re.search(r"\d–\d", line) for line in lines if line != "(nothing)")
    assert multi > 0                                             # the sample has coders with two spans in one place


def test_coder_ticks_leave_gold_and_a_retest_s_re_coding_unticked_at_first(qtbot):
    from types import SimpleNamespace

    from ui.shared.coder_ticks import ASIDE_TIP, CoderTicks

    ticks = CoderTicks("asideTicks")
    qtbot.addWidget(ticks)
    ana, gold, again = (SimpleNamespace(id=i, name=n) for i, n in enumerate(["Ana", "gold", "Ana (retest r2)"]))
    ticks.reload([ana, gold, again], gold, aside=[again])
    assert ticks.chosen() == ["Ana"] and ticks.item(2).toolTip() == ASIDE_TIP
    ticks.set_chosen(["Ana", "Ana (retest r2)"])
    ticks.reload([ana, gold, again], gold, aside=[again])        # a tick given stays
    assert ticks.chosen() == ["Ana", "Ana (retest r2)"]
