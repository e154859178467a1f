"""Tools › Code Frequencies…: every choice reaches the table (compared with the core's crosstab for
the same choices), percentages (worked out by hand below), the chart (bars, lines over time) and
its files (PNG, SVG, PDF; never over a project), a cell opening exactly its segments in the Coded
Segments window, export, counting off the GUI thread with progress and Cancel, refilling on
changes, and the model under qtmodeltester."""
from __future__ import annotations

import csv
import math
import threading
import time
from datetime import date

import openpyxl
import pytest
from analysis_study import code_blame_study, new_study
from analysis_windows import coding_window, refilled
from lxml import etree
from lxml import html as lxml_html
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, num2date
from matplotlib.figure import Figure
from PySide6.QtCore import Qt

from annotator.analysis.count_tables import crosstab_long
from annotator.analysis.describe import crosstab_title
from annotator.analysis.scope import Scope
from annotator.changes import Change, ChangeKind
from annotator.commands import AddAnnotation
from annotator.packages import EMPTY_SCHEME
from ui.analysis import frequency_window as fw
from ui.analysis.background_fill import PROGRESS_AFTER_MS
from ui.analysis.frequency_chart import PAPER, PAPER_SIZE, chart_data, draw, paper_figure
from ui.analysis.frequency_model import shown
from ui.analysis.segments_window import SegmentsWindow
from ui.shared.jobs import wait_for_jobs

FREQ_TEXTS = {
    "op-ed": "Crime fell. They lie about it.\nWe will fix it.",
    "speech": "Jobs are up. The rivals failed us.",
    "tweet": "😀 Great 👍🏽 news: they lie again.",
    "note": "Nothing coded here.",
}
# Ana: op-ed assertion, op-ed insult, speech blame, tweet insult, tweet assertion; Ben: op-ed blame,
# speech assertion (accepted: gold has it too). Outlets: Daily (op-ed, tweet, note), Weekly (speech).
OUTLET_SEGMENTS = [["2", "1"], ["3", "1"], ["2", "0"]]        # assertion, blame (with insult), insult


@pytest.fixture
def freq_study(tmp_path):
    path = tmp_path / "frequencies.annot"
    tweet = FREQ_TEXTS["tweet"]
    attributes = {"op-ed": {"outlet": "Daily", "date": "2024-03-01"},
                  "speech": {"outlet": "Weekly", "date": "2024-04-15"},
                  "tweet": {"outlet": "Daily", "date": "2024-04-20"}, "note": {"outlet": "daily"}}
    with new_study(path, FREQ_TEXTS, attributes, scheme=EMPTY_SCHEME) as project:
        assertion, _, ana, _ = code_blame_study(project, colors=("#0072B2", "#D55E00", "#CC79A7"))
        project.annotate("tweet", tweet.index("they"), tweet.index("they") + 8, "insult", ana)
        project.annotate("tweet", tweet.index("news"), len(tweet) - 1, assertion, ana)
    return path


@pytest.fixture
def freq_main(qtbot, qt_settings, freq_study):
    with coding_window(qtbot, freq_study) as window:
        yield window


@pytest.fixture
def freq_view(qtbot, freq_main):
    view = fw.show_code_frequencies(freq_main)
    qtbot.waitUntil(lambda: view.counted is not None and view.job is None, timeout=20000)
    yield view
    wait_for_jobs()


def choose(qtbot, view, combo, data):
    refilled(qtbot, view, lambda: view.picker.set_choice(combo, data))


def shown_table(view):
    model = view.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def headers(model, orientation=Qt.Horizontal):
    count = model.columnCount() if orientation == Qt.Horizontal else model.rowCount()
    return [model.headerData(i, orientation) for i in range(count)]


def item(widget, text):
    if hasattr(widget, "topLevelItemCount"):
        return widget.findItems(text, Qt.MatchExactly | Qt.MatchRecursive)[0]
    return widget.findItems(text, Qt.MatchExactly)[0]


def core_table(project, columns, count, codes=None, coders=("Ana", "Ben"), where=()):
    documents = project.scope(where=where).document_ids if where else None
    code_ids = frozenset(c.id for c in project.codes()) if codes is None else \
        frozenset(project.code(name).id for name in codes)
    return project.crosstab(Scope(code_ids, frozenset(project.coder(n).id for n in coders), documents), columns,
                            count)


# ---------------------------------------------------------------- choices reach the table

def test_the_menu_opens_one_window_counting_off_the_gui_thread(qtbot, freq_main):
    action = next(a for a in freq_main.menu("Tools").actions() if a.text() == "Code &Frequencies…")
    action.trigger()
    view = freq_main.findChild(fw.FrequencyWindow, "frequencyWindow")
    assert view.isVisible() and view.job is not None and view.job.thread.isRunning()
    with qtbot.waitSignal(view.filled, timeout=20000):
        pass
    assert view.table.objectName() == "crosstabTable" and view.table.model() is view.model
    assert headers(view.model) == ["op-ed", "speech", "tweet", "note"]
    assert headers(view.model, Qt.Vertical) == ["assertion", "blame", "blame > insult"]
    assert shown_table(view) == [["1", "1", "1", "0"], ["2", "1", "1", "0"], ["1", "0", "1", "0"]]
    action.trigger()
    assert freq_main.findChildren(fw.FrequencyWindow) == [view]
    wait_for_jobs()


def test_the_columns_offer_the_projects_keys_and_date_bins(freq_view):
    combo = freq_view.picker.columns
    assert [combo.itemData(i) for i in range(combo.count())] == [
        "document", "coder", "attr:date", "year:date", "month:date", "week:date", "attr:outlet"]


@pytest.mark.parametrize("columns", ["document", "coder", "attr:outlet", "year:date", "month:date", "week:date"])
@pytest.mark.parametrize("count", ["segments", "documents", "characters", "per1000"])
def test_every_choice_shows_the_cores_numbers(qtbot, freq_view, columns, count):
    if columns != "document":
        choose(qtbot, freq_view, freq_view.picker.columns, columns)
    if count != "segments":
        choose(qtbot, freq_view, freq_view.picker.count, count)
    expected = core_table(freq_view.session.project, columns, count)
    assert headers(freq_view.model) == expected.labels
    assert shown_table(freq_view) == [[shown(v, False) for v in row] for row in expected.values]
    assert freq_view.unit_label.text() == crosstab_title(count, columns, ["Ana", "Ben"])
    assert any(v not in (0, None) for row in expected.values for v in row)


def test_codes_coders_gold_and_conditions_narrow_the_count(qtbot, freq_view):
    choose(qtbot, freq_view, freq_view.picker.columns, "attr:outlet")
    assert shown_table(freq_view) == OUTLET_SEGMENTS
    project = freq_view.session.project
    refilled(qtbot, freq_view, lambda: item(freq_view.filters.codes, "insult").setCheckState(0, Qt.Unchecked))
    assert shown_table(freq_view) == [["2", "1"], ["1", "1"]]            # blame without its sub-code
    refilled(qtbot, freq_view, lambda: item(freq_view.filters.coders, "gold (consensus)")
              .setCheckState(Qt.Checked))
    expected = core_table(project, "attr:outlet", "segments", ("assertion", "blame"), ("Ana", "Ben", "gold"))
    assert shown_table(freq_view) == [[shown(v, False) for v in row] for row in expected.values]
    assert shown_table(freq_view)[0] == ["2", "2"]                       # gold's assertion in the speech
    freq_view.picker.where.setText("outlet=Weekly")
    refilled(qtbot, freq_view, freq_view.picker.where.editingFinished.emit)
    assert headers(freq_view.model) == ["Weekly"] and "Documents where outlet=Weekly." in freq_view.unit_label.text()


def test_a_mistaken_condition_is_said_in_one_sentence_and_clears_the_table(qtbot, freq_view):
    freq_view.picker.where.setText("outlt=Daily")
    with qtbot.waitSignal(freq_view.fill_failed, timeout=20000):
        freq_view.picker.where.editingFinished.emit()
    assert 'Did you mean "outlet"?' in freq_view.status.text() and "Traceback" not in freq_view.status.text()
    assert freq_view.model.rowCount() == 0 and not freq_view.chart.axes.collections
    assert not freq_view.export_button.isEnabled() and not freq_view.save_chart_button.isEnabled()


def test_dates_without_a_value_are_named_in_a_warning(qtbot, freq_view):
    choose(qtbot, freq_view, freq_view.picker.columns, "month:date")
    assert headers(freq_view.model) == ["2024-03", "2024-04", "(no date)"]
    assert '1 document has no date in "date" ("note")' in freq_view.status.text()


# ---------------------------------------------------------------- percentages

def test_row_and_column_percentages(qtbot, freq_view):
    choose(qtbot, freq_view, freq_view.picker.columns, "attr:outlet")
    freq_view.picker.set_choice(freq_view.picker.shown_as, "row")
    assert shown_table(freq_view) == [["66.7%", "33.3%"], ["75.0%", "25.0%"], ["100.0%", "0.0%"]]
    freq_view.picker.set_choice(freq_view.picker.shown_as, "column")
    # Daily: assertion 2 + blame 3 (its insults inside) = 5 segments; Weekly 1 + 1 = 2
    assert shown_table(freq_view) == [["40.0%", "50.0%"], ["60.0%", "50.0%"], ["40.0%", "0.0%"]]
    assert "Shown as column percentages." in freq_view.unit_label.text()
    choose(qtbot, freq_view, freq_view.picker.count, "documents")
    # of the column's documents: Daily has op-ed, tweet and note; Weekly the speech
    assert shown_table(freq_view) == [["66.7%", "100.0%"], ["66.7%", "100.0%"], ["66.7%", "0.0%"]]


def test_rates_have_no_percentages(qtbot, freq_view):
    freq_view.picker.set_choice(freq_view.picker.shown_as, "row")
    choose(qtbot, freq_view, freq_view.picker.count, "per1000")
    show = freq_view.picker.shown_as
    assert show.currentData() == "counts" and not show.model().item(show.findData("row")).isEnabled()
    assert "%" not in "".join(map("".join, shown_table(freq_view)))


# ---------------------------------------------------------------- the chart

def bar_heights(axes):
    """Per code (one collection of rectangles each), the height of each bar drawn (none for a zero)."""
    return [[round(float(path.vertices[:, 1].max()), 1) for path in bars.get_paths()] for bars in axes.collections]


def test_grouped_bars_one_per_code_and_column_in_the_codes_colours(qtbot, freq_view):
    choose(qtbot, freq_view, freq_view.picker.columns, "attr:outlet")
    axes = freq_view.chart.axes
    assert bar_heights(axes) == [[2, 1], [3, 1], [2]]                      # insult × Weekly is 0: no bar
    assert all(float(tick).is_integer() for tick in axes.get_yticks())     # counts: no ticks between whole numbers
    colours = [tuple(round(x, 3) for x in bars.get_facecolor()[0][:3]) for bars in axes.collections]
    assert colours[0] == (0.0, round(0x72 / 255, 3), round(0xB2 / 255, 3))          # assertion's #0072B2
    assert [t.get_text() for t in axes.get_legend().get_texts()] == ["assertion", "blame", "blame > insult"]
    freq_view.picker.set_choice(freq_view.picker.shown_as, "row")
    assert bar_heights(freq_view.chart.axes)[1] == [75.0, 25.0]


def test_a_line_over_time_for_months(qtbot, freq_view):
    choose(qtbot, freq_view, freq_view.picker.columns, "month:date")
    assert freq_view.picker.chart.currentData() == "line"
    axes = freq_view.chart.axes
    assert len(axes.get_lines()) == 3 and not axes.collections
    assert [list(line.get_ydata()) for line in axes.get_lines()] == [[1, 2], [2, 2], [1, 1]]   # no "(no date)"
    choose(qtbot, freq_view, freq_view.picker.columns, "attr:outlet")
    line = freq_view.picker.chart.model().item(freq_view.picker.chart.findData("line"))
    assert freq_view.picker.chart.currentData() == "bars" and not line.isEnabled()


def test_the_window_titles_the_x_axis_and_gives_the_saved_chart_its_unit(qtbot, freq_view):
    choose(qtbot, freq_view, freq_view.picker.columns, "attr:outlet")
    assert freq_view.chart.axes.get_xlabel() == "Outlet"
    figure = paper_figure(freq_view.chart_data())
    assert figure.axes[0].get_xlabel() == "Outlet"
    subtitle = " ".join(figure.get_suptitle().split())
    assert "coders pooled: Ana, Ben" in subtitle and subtitle.startswith("Segments (annotations")


def drawn_axes(data, size=PAPER_SIZE):
    figure = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(figure)
    draw(figure, data, PAPER)
    figure.canvas.draw()
    return figure.axes[0]


@pytest.mark.parametrize("spec, labels, firsts", [
    ("month:date", ["2020-12", "2021-01", "2024-01"], [date(2020, 12, 1), date(2021, 1, 1), date(2024, 1, 1)]),
    ("week:date", ["2020-W53", "2021-W01", "2021-W10"], [date(2020, 12, 28), date(2021, 1, 4), date(2021, 3, 8)]),
    ("year:date", ["2019", "2020", "2024"], [date(2019, 1, 1), date(2020, 1, 1), date(2024, 1, 1)]),
])
def test_periods_sit_at_their_dates_and_the_line_breaks_over_periods_without_documents(spec, labels, firsts):
    data = chart_data("line", [*labels, "(no date)"], ["claim"], ["#999999"], [[1, 2, 3, 9]], "Segments", spec=spec)
    [line] = drawn_axes(data).get_lines()
    points = list(zip(line.get_xdata(), line.get_ydata()))
    assert [(x, y) for x, y in points if not math.isnan(y)] == list(zip(firsts, [1, 2, 3]))
    # one break, right after the second period (the third is years or weeks later), none between neighbours
    assert [i for i, (_, y) in enumerate(points) if math.isnan(y)] == [2]
    assert firsts[1] < points[2][0] < firsts[2]
    low, high = num2date(line.axes.get_xlim()[0]).date(), num2date(line.axes.get_xlim()[1]).date()
    assert low < firsts[0] and firsts[2] < high and isinstance(line.axes.xaxis.get_major_locator(), AutoDateLocator)


@pytest.mark.parametrize("kind, spec", [("bars", "document"), ("line", "month:date")])
def test_codes_sharing_a_colour_are_drawn_apart_and_so_is_their_legend(kind, spec):
    labels = ["2024-01", "2024-02", "2024-03"]
    colours = ["#999999"] * 12 + ["#0072B2", "#0072b2"]
    names = [f"code {i}" for i in range(len(colours))]
    axes = drawn_axes(chart_data(kind, labels, names, colours, [[1, 2, 3]] * len(colours), "Segments", spec=spec))
    legend = axes.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == names
    if kind == "bars":
        looks = [(tuple(bars.get_facecolor()[0]), bars.get_hatch()) for bars in axes.collections]
        assert [handle.get_hatch() for handle in legend.legend_handles] == [hatch for _, hatch in looks]
    else:
        looks = [(line.get_color(), line.get_linestyle(), line.get_marker()) for line in axes.get_lines()]
        assert [(h.get_linestyle(), h.get_marker()) for h in legend.legend_handles] == [look[1:] for look in looks]
    assert len(set(looks)) == len(colours)


def visible_tick_labels(axes):
    low, high = sorted(axes.get_xlim())
    renderer = axes.figure.canvas.get_renderer()
    return [label.get_window_extent(renderer) for x, label in zip(axes.get_xticks(), axes.get_xticklabels())
            if low <= x <= high and label.get_text()]


@pytest.mark.parametrize("size", [(4.5, 3.5), PAPER_SIZE, (12, 6)])
@pytest.mark.parametrize("kind, spec, count", [("bars", "document", 8), ("bars", "document", 30),
                                               ("bars", "attr:outlet", 400), ("line", "month:date", 120)])
def test_tick_labels_never_overlap_and_stay_on_the_figure(size, kind, spec, count):
    labels = ([f"{2000 + i // 12}-{i % 12 + 1:02d}" for i in range(count)] if kind == "line"
              else [f"Document number {i} with a long title" for i in range(count)])
    axes = drawn_axes(chart_data(kind, labels, ["a", "b"], ["#0072B2", "#D55E00"],
                                 [[1] * count, [2] * count], "Segments", spec=spec), size)
    boxes = sorted(visible_tick_labels(axes), key=lambda box: box.x0)
    assert len(boxes) >= 2
    assert not any(left.overlaps(right) for left, right in zip(boxes, boxes[1:]))
    width = axes.figure.bbox.width
    assert all(0 <= box.x0 and box.x1 <= width for box in boxes)


@pytest.mark.parametrize("suffix, check", [
    (".png", lambda data: data.startswith(b"\x89PNG\r\n\x1a\n")),
    (".pdf", lambda data: data.startswith(b"%PDF-")),
    (".svg", lambda data: etree.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg"),
])
def test_the_chart_is_saved_for_a_paper(qtbot, freq_view, tmp_path, suffix, check):
    path = tmp_path / f"chart{suffix}"
    with qtbot.waitSignal(freq_view.chart_saved):
        assert freq_view.save_chart(path) == path
    assert check(path.read_bytes()) and f"Saved the chart to {path}" in freq_view.status.text()


def test_the_chart_never_replaces_a_project(qtbot, freq_view, freq_study, tmp_path):
    before = freq_study.read_bytes()
    copy, link = tmp_path / "copy.png", tmp_path / "link.svg"
    copy.write_bytes(before)
    link.symlink_to(freq_study)
    for target, words in ((copy, "is an annotator project"), (link, "is the project that is open")):
        with qtbot.waitSignal(freq_view.chart_failed) as failed:
            assert freq_view.save_chart(target) is None
        assert words in failed.args[0] and words in freq_view.status.text()
    assert freq_view.save_chart(freq_study) is None and "does not end in .png, .svg or .pdf" in freq_view.status.text()
    assert copy.read_bytes() == before and freq_study.read_bytes() == before


# ---------------------------------------------------------------- a cell opens its segments

def click(qtbot, view, index):
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.visualRect(index).center())


def segments_window(main):
    return main.findChild(SegmentsWindow, "segmentsWindow")


def test_a_cell_click_opens_exactly_its_segments(qtbot, freq_main, freq_view):
    choose(qtbot, freq_view, freq_view.picker.columns, "attr:outlet")
    click(qtbot, freq_view.table, freq_view.model.index(1, 0))         # blame × Daily: 3 segments
    segments = segments_window(freq_main)
    qtbot.waitUntil(lambda: segments.job is None and segments.retrieved is not None, timeout=20000)
    rows = [(r.document, r.coder, r.code_path) for r in segments.model.rows()]
    assert len(rows) == 3 == int(freq_view.model.index(1, 0).data())
    assert rows == [("op-ed", "Ana", "blame > insult"), ("op-ed", "Ben", "blame"), ("tweet", "Ana", "blame > insult")]
    assert "Only the 3 documents of the cell blame × Daily" in segments.scope_note.label.text()
    segments.scope_note.findChild(type(segments.export_button), "segmentScopeClear").click()
    qtbot.waitUntil(lambda: segments.job is None and len(segments.model.rows()) == 4, timeout=20000)
    assert not segments.scope_note.isVisible()                          # all documents again: + the speech


@pytest.mark.parametrize("columns", ["document", "coder", "month:date"])
def test_enter_on_every_cell_opens_as_many_segments_as_it_counts(qtbot, freq_main, freq_view, columns):
    if columns != "document":
        choose(qtbot, freq_view, freq_view.picker.columns, columns)
    freq_view.table.setFocus()
    for row in range(freq_view.model.rowCount()):
        for column in range(freq_view.model.columnCount()):
            freq_view.table.setCurrentIndex(freq_view.model.index(row, column))
            qtbot.keyClick(freq_view.table, Qt.Key_Return)
            segments = segments_window(freq_main)
            qtbot.waitUntil(lambda: segments.job is None, timeout=20000)
            assert len(segments.model.rows()) == int(freq_view.model.index(row, column).data())
            freq_view.activateWindow()


# ---------------------------------------------------------------- export

def test_csv_and_xlsx_as_the_command_line_writes_them(qtbot, freq_view, tmp_path):
    choose(qtbot, freq_view, freq_view.picker.columns, "attr:outlet")
    header, rows = crosstab_long(freq_view.crosstab)
    with qtbot.waitSignal(freq_view.exported):
        freq_view.export(tmp_path / "t.csv")
    with open(tmp_path / "t.csv", newline="", encoding="utf-8") as stream:
        assert list(csv.reader(stream)) == [header] + [[str(v) for v in row] for row in rows]
    assert rows[0] == ["assertion", "Daily", 2, "segments", 3]
    freq_view.export(tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["crosstab", "long"]
    assert [list(r) for r in book["crosstab"].iter_rows(values_only=True)] == [
        ["segments by code \\ attr:outlet", "Daily", "Weekly"], ["assertion", 2, 1], ["blame", 3, 1],
        ["blame > insult", 2, 0]]


def test_html_holds_the_table_as_shown_with_its_unit(qtbot, freq_view, tmp_path):
    choose(qtbot, freq_view, freq_view.picker.columns, "attr:outlet")
    freq_view.picker.set_choice(freq_view.picker.shown_as, "row")
    freq_view.export(tmp_path / "t.html")
    tree = lxml_html.fromstring((tmp_path / "t.html").read_text("utf-8"))
    assert [th.text_content() for th in tree.iter("th")] == ["Code", "Daily", "Weekly"]
    rows = [[td.text_content() for td in tr.iter("td")] for tr in tree.iter("tr") if tr.find("td") is not None]
    assert rows == [["assertion", "66.7%", "33.3%"], ["blame", "75.0%", "25.0%"], ["blame > insult", "100.0%", "0.0%"]]
    assert "by code and outlet" in tree.text_content() and "Shown as row percentages" in tree.text_content()


def test_export_never_writes_over_a_project(qtbot, freq_view, freq_study, tmp_path):
    before = freq_study.read_bytes()
    copy = tmp_path / "copy.csv"
    copy.write_bytes(before)
    with qtbot.waitSignal(freq_view.export_failed):
        freq_view.export(copy)
    assert "annotator never writes over a project" in freq_view.status.text() and copy.read_bytes() == before


# ---------------------------------------------------------------- off the GUI thread, refilling

def test_a_slow_count_shows_progress_after_a_fifth_of_a_second_and_cancel_keeps_the_table(
        qtbot, freq_view, monkeypatch):
    gate, real = threading.Event(), fw.count_frequencies

    def slow(project, request, progress, cancelled):
        progress((1, 4))
        gate.wait(10)
        return real(project, request, progress, cancelled)

    monkeypatch.setattr(fw, "count_frequencies", slow)
    before = shown_table(freq_view)
    started = time.monotonic()
    freq_view.fill()
    assert not freq_view.filling.busy.isVisible()
    qtbot.waitUntil(freq_view.filling.busy.isVisible, timeout=5000)
    assert time.monotonic() - started >= PROGRESS_AFTER_MS / 1000
    assert freq_view.status.text() == "Counting the codes… 1 of 4 documents"
    assert (freq_view.filling.busy.value(), freq_view.filling.busy.maximum()) == (1, 4)
    freq_view.filling.cancel_button.click()
    assert not freq_view.filling.busy.isVisible() and freq_view.job is None
    assert "Cancelled" in freq_view.status.text() and shown_table(freq_view) == before
    gate.set()
    wait_for_jobs()
    assert shown_table(freq_view) == before


def test_a_change_to_the_project_counts_again(qtbot, freq_main, freq_view):
    project = freq_main.project
    doc, ana, blame = project.document("note").id, project.coder("Ana").id, project.code("blame").id
    refilled(qtbot, freq_view, lambda: freq_main.session.push(AddAnnotation(doc, ana, blame, 0, 7)))
    assert shown_table(freq_view)[1] == ["2", "1", "1", "1"]
    choose(qtbot, freq_view, freq_view.picker.columns, "attr:outlet")
    project.set_document_attributes("note", {"outlet": "Monthly", "place": "Leeds"})
    refilled(qtbot, freq_view, lambda: freq_main.session.announce(Change(None, (), (), ChangeKind.DOCUMENTS)))
    assert headers(freq_view.model) == ["Daily", "Monthly", "Weekly"]
    assert freq_view.picker.columns.findData("attr:place") >= 0          # the new key is offered


def test_the_model_passes_qtmodeltester(qtmodeltester, qtbot, freq_view):
    qtmodeltester.check(freq_view.model, force_py=True)
    choose(qtbot, freq_view, freq_view.picker.columns, "month:date")
    freq_view.picker.set_choice(freq_view.picker.shown_as, "column")
    qtmodeltester.check(freq_view.model, force_py=True)
