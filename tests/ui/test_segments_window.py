"""Tools › Coded Segments…: filters (codes with sub-codes, coders, gold, attributes, text, memo),
concordance sorts by the left and right context, Compare coders, a click showing the passage in
the coding window (emoji before it), export of what is shown, reading off the GUI thread with
progress, refreshing on changes, and the model under qtmodeltester. Expected rows are written
out by hand from the study below, not computed by the code under test."""
from __future__ import annotations

import csv
import threading
import time

import openpyxl
import pytest
from analysis_study import code_blame_study, new_study
from analysis_windows import coding_window, refilled
from lxml import html as lxml_html
from PySide6.QtCore import Qt

from annotator.changes import Change, ChangeKind
from annotator.commands import AddAnnotation
from ui.analysis.background_fill import PROGRESS_AFTER_MS
from ui.analysis.segment_columns import words_before
from ui.analysis.segment_fill import retrieve
from ui.analysis.segments_window import SegmentsWindow
from ui.shared.jobs import wait_for_jobs

TEXTS = {
    "op-ed": "Crime fell. They lie about it.\nWe will fix it.",
    "speech": "Jobs are up. The rivals failed us.",
    "tweet": "😀 Great 👍🏽 news: they lie again.",
}
TWEET_SPAN = (TEXTS["tweet"].index("they lie"), TEXTS["tweet"].index("they lie") + len("they lie"))
KWIC = "a red cat sat. the big cat ran. one big dog sat. a red dog ran."


@pytest.fixture
def segments_study(tmp_path):
    path = tmp_path / "segments.annot"
    attributes = {"op-ed": {"outlet": "Daily", "date": "2024-03-01"}, "speech": {"outlet": "Weekly"},
                  "tweet": {"outlet": "Daily"}}
    with new_study(path, TEXTS, attributes) as project:
        _, _, ana, _ = code_blame_study(project, memos=("crime stats", "Rivals named"))
        project.annotate("tweet", *TWEET_SPAN, "insult", ana)
    return path


@pytest.fixture
def segments_main(qtbot, qt_settings, segments_study):
    """The coding window on the study, coding as Ana."""
    with coding_window(qtbot, segments_study) as window:
        yield window


@pytest.fixture
def segments_view(qtbot, segments_main):
    view = SegmentsWindow(segments_main.session, segments_main.text_view, parent=segments_main)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    with qtbot.waitSignal(view.filled, timeout=20000):
        view.show()
    yield view
    wait_for_jobs()


def brief(view):
    return [(r.document, r.coder, r.code_path, r.text) for r in view.model.rows()]


def item(widget, text):
    """The tree or list item showing ``text``."""
    if hasattr(widget, "findItems") and hasattr(widget, "topLevelItemCount"):
        return widget.findItems(text, Qt.MatchExactly | Qt.MatchRecursive)[0]
    return widget.findItems(text, Qt.MatchExactly)[0]


def column(view, header):
    return [c.header for c in view.model.columns()].index(header)


OP_ED = [("op-ed", "Ana", "assertion", "Crime fell."), ("op-ed", "Ana", "blame > insult", "They lie about it."),
         ("op-ed", "Ben", "blame", "They lie about it.")]
SPEECH = [("speech", "Ben", "assertion", "Jobs are up."), ("speech", "Ana", "blame", "The rivals failed us.")]
TWEET = [("tweet", "Ana", "blame > insult", "they lie")]


# ---------------------------------------------------------------- opening and reading

def test_the_menu_opens_the_window_reading_off_the_gui_thread(qtbot, segments_main):
    action = next(a for a in segments_main.menu("Tools").actions() if a.text() == "Coded &Segments…")
    action.trigger()
    view = segments_main.findChild(SegmentsWindow, "segmentsWindow")
    assert view.isVisible() and view.job is not None and view.job.thread.isRunning()
    with qtbot.waitSignal(view.filled, timeout=20000):
        pass
    assert view.table.objectName() == "segmentTable" and view.table.model() is view.model
    assert brief(view) == OP_ED + SPEECH + TWEET          # gold starts unticked
    assert view.status.text().startswith("6 segments in 3 documents.")
    action.trigger()
    assert segments_main.findChildren(SegmentsWindow) == [view]      # one window, not a second
    wait_for_jobs()


def test_the_table_has_uniform_rows_and_no_measured_columns(segments_view):
    from PySide6.QtWidgets import QHeaderView

    table = segments_view.table
    assert table.verticalHeader().sectionResizeMode(0) == QHeaderView.Fixed
    assert table.horizontalHeader().sectionResizeMode(0) == QHeaderView.Interactive
    assert [c.header for c in segments_view.model.columns()] == [
        "Document", "Coder", "Code", "Left context", "Segment", "Right context", "Memo", "date", "outlet"]


# ---------------------------------------------------------------- filters

def test_a_ticked_code_brings_its_sub_codes_which_can_be_unticked(qtbot, segments_view):
    codes = segments_view.filters.codes
    refilled(qtbot, segments_view, lambda: codes.set_all(False))
    assert brief(segments_view) == [] and "Tick at least one code" in segments_view.status.text()
    refilled(qtbot, segments_view, lambda: item(codes, "blame").setCheckState(0, Qt.Checked))
    assert item(codes, "insult").checkState(0) == Qt.Checked
    assert brief(segments_view) == OP_ED[1:] + SPEECH[1:] + TWEET
    refilled(qtbot, segments_view, lambda: item(codes, "insult").setCheckState(0, Qt.Unchecked))
    assert brief(segments_view) == [OP_ED[2], SPEECH[1]]
    assert item(codes, "blame").checkState(0) == Qt.Checked      # the parent's own segments stay


def test_coders_and_gold(qtbot, segments_view):
    coders = segments_view.filters.coders
    refilled(qtbot, segments_view, lambda: item(coders, "Ben").setCheckState(Qt.Unchecked))
    assert brief(segments_view) == [OP_ED[0], OP_ED[1], SPEECH[1]] + TWEET
    refilled(qtbot, segments_view, lambda: item(coders, "Ana").setCheckState(Qt.Unchecked))
    assert brief(segments_view) == [] and "Tick at least one coder" in segments_view.status.text()
    refilled(qtbot, segments_view, lambda: item(coders, "gold (consensus)").setCheckState(Qt.Checked))
    assert brief(segments_view) == [("speech", "gold", "assertion", "Jobs are up.")]


def test_attribute_conditions_and_their_errors_in_plain_words(qtbot, segments_view):
    where = segments_view.fields.where
    where.setText("outlet=daily")
    refilled(qtbot, segments_view, lambda: qtbot.keyClick(where, Qt.Key_Return))
    assert brief(segments_view) == OP_ED + TWEET
    where.setText("outlet=Daily; date>=2024-01-01")
    refilled(qtbot, segments_view, lambda: qtbot.keyClick(where, Qt.Key_Return))
    assert brief(segments_view) == OP_ED
    for text, words in (("outlet", '"outlet" is not KEY=VALUE'), ("outlt=Daily", 'Did you mean "outlet"?')):
        where.setText(text)
        with qtbot.waitSignal(segments_view.fill_failed, timeout=20000):
            qtbot.keyClick(where, Qt.Key_Return)
        assert words in segments_view.status.text() and "Traceback" not in segments_view.status.text()
        assert segments_view.model.rowCount() == 0 and segments_view.isVisible()


def test_text_and_memo_contain(qtbot, segments_view):
    refilled(qtbot, segments_view, lambda: qtbot.keyClicks(segments_view.fields.text, "LIE"))
    assert brief(segments_view) == OP_ED[1:] + TWEET
    segments_view.fields.text.clear()
    refilled(qtbot, segments_view, lambda: qtbot.keyClicks(segments_view.fields.memo, "named"))
    assert brief(segments_view) == SPEECH[1:]


def test_the_context_length(qtbot, segments_view):
    refilled(qtbot, segments_view, lambda: segments_view.fields.context.setValue(5))
    row = segments_view.model.rows()[1]
    assert (row.left, row.text, row.right) == ("ell. ", "They lie about it.", "\nWe w")
    shown = [segments_view.model.index(1, column(segments_view, h)).data()
             for h in ("Left context", "Segment", "Right context")]
    assert shown == ["ell. ", "They lie about it.", "¶We w"]       # a line break is shown, not a second line
    left = segments_view.model.index(1, column(segments_view, "Left context"))
    assert left.data(Qt.TextAlignmentRole) == int(Qt.AlignRight | Qt.AlignVCenter)
    right = segments_view.model.index(1, column(segments_view, "Right context"))
    assert right.data(Qt.TextAlignmentRole) == int(Qt.AlignLeft | Qt.AlignVCenter)


# ---------------------------------------------------------------- sorting by the contexts

@pytest.fixture
def kwic_view(qtbot, segments_view):
    """Four segments in one document: sat, ran, sat, ran after cat/cat/dog/dog."""
    project = segments_view.session.project
    project.import_text(KWIC, "kwic")
    project.set_document_attributes("kwic", {"corpus": "kwic"})
    for at in (KWIC.index("sat"), KWIC.index("ran"), KWIC.rindex("sat"), KWIC.rindex("ran")):
        project.annotate("kwic", at, at + 3, "assertion", "Ana")
    segments_view.fields.where.setText("corpus=kwic")
    refilled(qtbot, segments_view, segments_view.fields.where.editingFinished.emit)
    return segments_view


def starts(view):
    return [r.start for r in view.model.rows()]


def test_the_left_context_sorts_by_the_words_nearest_the_segment(qtbot, kwic_view):
    natural = starts(kwic_view)             # [sat after "red cat", ran after "big cat", sat "big dog", ran "red dog"]
    kwic_view.table.sortByColumn(column(kwic_view, "Left context"), Qt.AscendingOrder)
    assert starts(kwic_view) == [natural[1], natural[0], natural[2], natural[3]]   # cat big, cat red, dog big, dog red
    kwic_view.table.sortByColumn(column(kwic_view, "Left context"), Qt.DescendingOrder)
    assert starts(kwic_view) == [natural[3], natural[2], natural[0], natural[1]]
    assert words_before("a red cat ") == "cat\0red\0a" and words_before("the cats") > words_before("a cat")


def test_the_right_context_sorts_by_its_words_in_reading_order(qtbot, kwic_view):
    natural = starts(kwic_view)   # right contexts start: "the big", "one big", "a red", "" (end of text)
    kwic_view.table.sortByColumn(column(kwic_view, "Right context"), Qt.AscendingOrder)
    assert starts(kwic_view) == [natural[3], natural[2], natural[1], natural[0]]
    kwic_view.table.sortByColumn(-1, Qt.AscendingOrder)
    assert starts(kwic_view) == natural                                            # back to reading order


# ---------------------------------------------------------------- compare coders

def test_compare_coders_puts_each_passage_on_one_row(qtbot, segments_view):
    project = segments_view.session.project
    project.annotate("op-ed", 5, 15, "assertion", "Ben")     # chains 0-11 and 12-30 into one passage
    refilled(qtbot, segments_view, lambda: item(segments_view.filters.coders, "gold (consensus)")
             .setCheckState(Qt.Checked))
    segments_view.fields.compare.setChecked(True)
    model = segments_view.model
    headers = [c.header for c in model.columns()]
    assert headers == ["Document", "Left context", "Passage", "Right context", "Ana", "Ben", "gold", "date", "outlet"]
    cells = [[model.index(r, c).data() for c in range(1, 7)] for r in range(model.rowCount())]
    assert cells == [
        ["", "Crime fell. They lie about it.", "¶We will fix it.", "assertion; blame > insult",
         "assertion; blame", ""],
        ["", "Jobs are up.", " The rivals failed us.", "", "assertion", "assertion"],
        ["Jobs are up. ", "The rivals failed us.", "", "blame", "", ""],
        ["😀 Great 👍🏽 news: ", "they lie", " again.", "blame > insult", "", ""],
    ]
    assert "4 passages (8 segments in 3 documents)" in segments_view.status.text()
    segments_view.fields.compare.setChecked(False)
    assert model.rowCount() == 8 and headers != [c.header for c in model.columns()]


# ---------------------------------------------------------------- showing the passage

def row_of(view, document, coder=None):
    return next(r for r, x in enumerate(view.model.rows()) if x.document == document and
                (coder is None or getattr(x, "coder", None) == coder))


def test_a_click_selects_the_span_in_the_coding_window_after_emoji(qtbot, segments_main, segments_view):
    index = segments_view.model.index(row_of(segments_view, "tweet"), column(segments_view, "Segment"))
    segments_view.table.scrollTo(index)
    with qtbot.waitSignal(segments_view.span_shown):
        qtbot.mouseClick(segments_view.table.viewport(), Qt.LeftButton,
                         pos=segments_view.table.visualRect(index).center())
    text_view = segments_main.text_view
    assert segments_main.session.document_id == segments_main.project.document("tweet").id
    assert text_view.textCursor().selectedText() == "they lie"          # 3 astral characters before it
    assert text_view.selected_span(exact=True) == TWEET_SPAN


def test_enter_shows_the_passage_of_the_current_row(qtbot, segments_main, segments_view):
    segments_main.session.select_document(segments_main.project.document("tweet").id)
    segments_view.fields.compare.setChecked(True)
    table = segments_view.table
    table.setFocus()
    table.setCurrentIndex(segments_view.model.index(0, 0))      # op-ed's first passage
    with qtbot.waitSignal(segments_view.span_shown):
        qtbot.keyClick(table, Qt.Key_Return)
    assert segments_main.text_view.document_id == segments_main.project.document("op-ed").id
    assert segments_main.text_view.textCursor().selectedText() == "Crime fell."


# ---------------------------------------------------------------- export

EXPECTED_HEADER = ["Document", "Coder", "Code", "Left context", "Segment", "Right context", "Memo",
                   "attr:date", "attr:outlet"]


def shown_for_export(qtbot, view):
    """Text filter "lie", context 5, sorted by coder, descending: what the export must hold."""
    refilled(qtbot, view, lambda: view.fields.context.setValue(5))
    refilled(qtbot, view, lambda: qtbot.keyClicks(view.fields.text, "lie"))
    view.table.sortByColumn(column(view, "Coder"), Qt.DescendingOrder)
    return [["op-ed", "Ben", "blame", "ell. ", "They lie about it.", "\nWe w", "", "2024-03-01", "Daily"],
            ["op-ed", "Ana", "blame > insult", "ell. ", "They lie about it.", "\nWe w", "", "2024-03-01", "Daily"],
            ["tweet", "Ana", "blame > insult", "ews: ", "they lie", " agai", "", "", "Daily"]]


def exported(qtbot, view, path):
    with qtbot.waitSignal(view.exported, timeout=20000):
        view.export(path)
    return path


def test_csv_and_xlsx_hold_exactly_the_rows_shown(qtbot, segments_view, tmp_path):
    expected = shown_for_export(qtbot, segments_view)
    for row in expected:
        row[5] = "'" + row[5] if row[5].startswith("\n") else row[5]    # a leading line break is neutralised
    with open(exported(qtbot, segments_view, tmp_path / "s.csv"), newline="", encoding="utf-8") as stream:
        assert list(csv.reader(stream)) == [EXPECTED_HEADER] + expected
    book = openpyxl.load_workbook(exported(qtbot, segments_view, tmp_path / "s.xlsx"))
    values = [[v if v is not None else "" for v in row] for row in book.active.iter_rows(values_only=True)]
    assert values == [EXPECTED_HEADER] + expected
    assert "Wrote 3 rows to" in segments_view.status.text()


def test_html_holds_the_rows_shown_escaped(qtbot, segments_view, tmp_path):
    segments_view.session.project.annotate("speech", 0, 4, "assertion", "Ana", memo="<b>lie</b> & more")
    refilled(qtbot, segments_view, lambda: qtbot.keyClicks(segments_view.fields.memo, "<b>"))
    page = exported(qtbot, segments_view, tmp_path / "s.html").read_text("utf-8")
    assert "<b>lie" not in page and "&lt;b&gt;lie&lt;/b&gt; &amp; more" in page
    refilled(qtbot, segments_view, segments_view.fields.memo.clear)
    expected = shown_for_export(qtbot, segments_view)
    tree = lxml_html.fromstring(exported(qtbot, segments_view, tmp_path / "t.html").read_text("utf-8"))
    assert [th.text_content() for th in tree.iter("th")] == EXPECTED_HEADER
    rows = [[td.text_content() for td in tr.iter("td")] for tr in tree.iter("tr") if tr.find("td") is not None]
    assert rows == expected
    assert "text contains “lie”" in tree.text_content() and "sorted by Coder" in tree.text_content()


def test_the_compare_table_exports_as_shown(qtbot, segments_view, tmp_path):
    segments_view.fields.compare.setChecked(True)
    segments_view.table.sortByColumn(column(segments_view, "Ana"), Qt.AscendingOrder)
    with open(exported(qtbot, segments_view, tmp_path / "c.csv"), newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["Document", "Left context", "Passage", "Right context", "Ana", "Ben", "attr:date",
                       "attr:outlet"]
    assert [(r[0], r[2], r[4], r[5]) for r in rows[1:]] == [
        ("op-ed", "Crime fell.", "assertion", ""), ("speech", "The rivals failed us.", "blame", ""),
        ("op-ed", "They lie about it.", "blame > insult", "blame"), ("tweet", "they lie", "blame > insult", ""),
        ("speech", "Jobs are up.", "", "assertion")]         # empty cells last


def test_export_never_writes_over_a_project(qtbot, segments_view, segments_study, tmp_path):
    before = segments_study.read_bytes()
    copy, link = tmp_path / "copy.csv", tmp_path / "link.xlsx"
    copy.write_bytes(before)                  # a project under a table's name
    link.symlink_to(segments_study)           # the open project, through a link
    for target, words in ((copy, "is an annotator project; annotator never writes over a project"),
                          (link, "is the project that is open")):
        with qtbot.waitSignal(segments_view.export_failed, timeout=20000) as failed:
            segments_view.export(target)
        assert words in failed.args[0] and words in segments_view.status.text()
    assert copy.read_bytes() == before and segments_study.read_bytes() == before
    segments_view.export(str(segments_study))            # .annot is not a table: refused before writing
    assert "does not end in .csv, .xlsx or .html" in segments_view.status.text()
    assert segments_study.read_bytes() == before and segments_view.export_button.isEnabled()


# ---------------------------------------------------------------- reading off the GUI thread, refreshing

def test_a_slow_reading_shows_progress_after_a_fifth_of_a_second(qtbot, segments_main):
    gate = threading.Event()

    def slow(project, request, progress, cancelled):
        progress(2000)                  # a first count arrives at once: still no bar before 0.2 s
        gate.wait(10)
        return retrieve(project, request, progress, cancelled)

    view = SegmentsWindow(segments_main.session, segments_main.text_view, parent=segments_main, reader=slow)
    qtbot.addWidget(view)
    started = time.monotonic()
    with qtbot.assertNotEmitted(view.filled):
        view.show()
        assert view.job is not None and not view.busy.isVisible()
        with qtbot.waitSignal(view.job.progress_reported, timeout=5000):
            pass
        assert view.busy.isVisible() == (time.monotonic() - started >= PROGRESS_AFTER_MS / 1000)
        qtbot.waitUntil(view.busy.isVisible, timeout=5000)     # the GUI thread runs meanwhile
    assert time.monotonic() - started >= PROGRESS_AFTER_MS / 1000 and view.cancel_button.isVisible()
    assert view.status.text() == "Reading the coded segments… 2,000 so far"
    with qtbot.waitSignal(view.filled, timeout=20000):
        gate.set()
    assert not view.busy.isVisible() and view.model.rowCount() == 6
    wait_for_jobs()


def test_cancel_keeps_the_previous_table(qtbot, segments_view):
    gate = threading.Event()
    segments_view._reader = lambda project, *args: (gate.wait(10), retrieve(project, *args))[1]
    segments_view.fill()
    qtbot.waitUntil(segments_view.busy.isVisible, timeout=5000)
    segments_view.cancel_button.click()
    assert not segments_view.busy.isVisible() and segments_view.job is None
    assert "Cancelled" in segments_view.status.text() and segments_view.model.rowCount() == 6
    gate.set()
    wait_for_jobs()
    assert segments_view.model.rowCount() == 6


def test_a_change_refills_keeping_sort_and_current_row(qtbot, segments_main, segments_view):
    session, model = segments_main.session, segments_view.model
    segments_view.table.sortByColumn(column(segments_view, "Segment"), Qt.AscendingOrder)
    current = row_of(segments_view, "speech", "Ana")
    segments_view.table.setCurrentIndex(model.index(current, 0))
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    refilled(qtbot, segments_view, lambda: session.announce(Change(None, (), (), ChangeKind.DOCUMENTS)))
    assert resets == []                                   # nothing shown changed: the table is left alone
    doc = segments_main.project.document("speech").id
    ana = segments_main.project.coder("Ana").id
    refilled(qtbot, segments_view, lambda: session.push(AddAnnotation(doc, ana, segments_main.project.code("blame").id,
                                                                      0, 4)))
    assert resets == [1] and model.sort_state()[0] == "Segment"
    assert [r.text for r in model.rows()] == sorted((r.text for r in model.rows()), key=str.casefold)
    assert "Jobs" in [r.text for r in model.rows()]
    assert model.row(segments_view.table.currentIndex().row()).text == "The rivals failed us."
    assert segments_view.table.horizontalHeader().sortIndicatorSection() == column(segments_view, "Segment")


def test_the_model_passes_qtmodeltester_through_sorts_and_both_modes(qtmodeltester, segments_view):
    """One check: the tester stays connected and checks every sort (a layout change) and reset after it."""
    table = segments_view.table
    table.setCurrentIndex(segments_view.model.index(2, 4))
    qtmodeltester.check(segments_view.model, force_py=True)
    current = segments_view.model.row(2)
    table.sortByColumn(column(segments_view, "Left context"), Qt.DescendingOrder)
    assert segments_view.model.row(table.currentIndex().row()) == current      # the selection moved with its row
    segments_view.fields.compare.setChecked(True)
    table.sortByColumn(column(segments_view, "Ana"), Qt.AscendingOrder)
    segments_view.fields.compare.setChecked(False)
