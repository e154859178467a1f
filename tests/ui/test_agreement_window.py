"""Tools › Agreement…: the report computed off the GUI thread on the sample project (Ana, Ben),
the same numbers as ``build_report``, the heat map's numbers, a disagreement shown in the
coding window, export, Cancel, and the item models under qtmodeltester."""
from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtCore import Qt

from annotator import Project
from annotator.report import build_report
from ui.agreement.agreement_window import AgreementWindow, show_agreement_window
from ui.shared import cells
from ui.shared.jobs import wait_for_jobs

SEED = 7


@pytest.fixture
def agreement(qtbot, window):
    """The agreement window of the main window, with a report computed (seeded)."""
    view = AgreementWindow(window.session, window.text_view, parent=window)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.computed, timeout=30000):
        view.compute(seed=SEED)
    yield view
    wait_for_jobs()


def row_of(model, key):
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data(cells.PAYLOAD_ROLE) == key)


def test_the_menu_opens_the_window_and_computes_off_the_gui_thread(qtbot, window):
    action = next(a for a in window.menu("Tools").actions() if a.text() == "&Agreement…")
    action.trigger()
    view = window.findChild(AgreementWindow, "agreementWindow")
    assert view.isVisible() and view.job is not None and view.busy.isVisible()
    assert view.job.thread.isRunning() or view.report is not None   # work happens in its own thread
    with qtbot.waitSignal(view.computed, timeout=30000):
        pass
    assert not view.busy.isVisible() and view.compute_button.isEnabled()
    assert show_agreement_window(window) is view       # one window, not a second
    wait_for_jobs()


def test_the_window_shows_the_same_values_as_build_report(agreement, sample_project):
    expected = build_report(sample_project, coders=["Ben", "Ana"], seed=SEED)
    model = agreement.overall_model
    assert sorted(agreement.report.coders) == ["Ana", "Ben"]
    for key in ("u_alpha", "alpha_none", "alpha_excluded"):
        row = row_of(model, key)
        figure = expected.figure(key)
        assert model.index(row, 2).data() == f"{figure.value:.3f}"
        assert model.index(row, 3).data() == f"[{figure.ci.low:.3f}, {figure.ci.high:.3f}]"   # same seed
        assert model.index(row, 4).data().split()[1] == figure.verdict
        assert figure.explanation in model.index(row, 0).data(Qt.ToolTipRole)
    assert f"{expected.figure('u_alpha').result.n_units:,}" in model.index(row_of(model, "u_alpha"), 5).data()
    assert agreement.code_model.rowCount() == len(expected.by_code)
    assert agreement.disagreement_model.rowCount() == len(expected.disagreements)
    assert "seed 7" in agreement.status_label.text()


def test_the_window_names_the_cu_alpha_variant_it_used(agreement):
    assert agreement.report.cu_variant == "mass"
    assert "cuα variant: mass" in agreement.status_label.text()
    assert agreement.report.cu_variant_note == agreement.status_label.toolTip()
    agreement.overall_view.selectRow(row_of(agreement.overall_model, "cu_alpha"))
    shown = agreement.explanation.text().replace("&#x27;", "'")  # rich text escapes the quotes
    assert "self-pairing variant 'mass'" in shown


def test_undefined_values_say_why(qtbot, window, sample_project):
    from annotator.commands import DeleteAnnotation

    # Ben's layer reduced to one span of one code: κ and α over coded text only lose their variation.
    ben = sample_project.annotations(coder="Ben")
    for a in ben[1:]:
        sample_project.apply(DeleteAnnotation(a.uuid))
    view = AgreementWindow(window.session, parent=window)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.computed, timeout=30000):
        view.compute(seed=1)
    undefined = [f for f in view.report.overall if f.value is None]
    assert undefined, "this layer should make some measure undefined"
    row = row_of(view.overall_model, undefined[0].key)
    assert view.overall_model.index(row, 2).data() == "undefined"
    assert view.overall_model.index(row, 6).data().startswith(f"undefined, because {undefined[0].reason}")
    wait_for_jobs()


def test_heat_map_cells_carry_the_numbers(agreement):
    model = agreement.heat_model
    coders = agreement.report.coders
    assert model.rowCount() == model.columnCount() == 2
    value = agreement.report.pair_matrix("u_alpha")[0][1]
    assert model.index(0, 1).data() == model.index(1, 0).data() == f"{value:.3f}"
    assert model.index(0, 0).data() == "—"
    assert model.index(0, 1).data(Qt.BackgroundRole) is not None
    assert f"{coders[0]} × {coders[1]}" in model.index(0, 1).data(Qt.ToolTipRole)
    combo = agreement.pair_measure
    combo.setCurrentIndex(combo.findData("percent_none"))
    percent = agreement.report.pair_matrix("percent_none")[0][1]
    assert model.index(0, 1).data() == f"{percent:.3f}"


def test_heat_text_contrasts_with_its_colour():
    for value in (0.0, 0.25, 0.5, 0.75, 1.0):
        back = cells.heat_colour(value)
        fore = cells.text_on(back)
        lum = lambda c: 0.2126 * c.redF() ** 2.2 + 0.7152 * c.greenF() ** 2.2 + 0.0722 * c.blueF() ** 2.2  # noqa: E731
        hi, lo = max(lum(back), lum(fore)), min(lum(back), lum(fore))
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, value   # WCAG AA for normal text


def test_clicking_a_disagreement_shows_its_document_and_span(qtbot, window, agreement):
    view = agreement.disagreement_view
    model = view.model()
    # One in a document other than the one open in the coding window.
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data(cells.PAYLOAD_ROLE)[0] != window.session.document_id)
    document_id, start, end = model.index(row, 0).data(cells.PAYLOAD_ROLE)
    view.scrollTo(model.index(row, 2))
    rect = view.visualRect(model.index(row, 2))
    with qtbot.waitSignal(agreement.span_requested) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.center())
    assert blocker.args == [document_id, start, end]
    assert window.session.document_id == document_id
    assert window.text_view.document_id == document_id
    assert window.text_view.textCursor().selectedText() == window.text_view.text[start:end].replace("\n", "\u2029")


def test_exports_write_html_json_and_csv(agreement, tmp_path):
    html = agreement.export_html(tmp_path / "report.html")
    assert html.exists() and "<table" in html.read_text(encoding="utf-8")
    assert "Ana" in html.read_text(encoding="utf-8")
    data = json.loads(agreement.export_json(tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["bootstrap"]["seed"] == SEED
    assert next(f for f in data["overall"] if f["key"] == "u_alpha")["value"] == pytest.approx(
        agreement.report.figure("u_alpha").value)
    folder = agreement.export_csv(tmp_path / "csv")
    assert any(p.suffix == ".csv" for p in folder.iterdir())
    assert "Wrote" in agreement.status_label.text()


def test_no_export_of_the_window_replaces_the_open_project(agreement, window):
    project_file = window.project.path
    before = project_file.read_bytes()
    for export in (agreement.export_html, agreement.export_json, agreement.export_csv):
        assert export(project_file) is None
        assert "is the project that is open" in agreement.status_label.text()
    assert project_file.read_bytes() == before


def test_cancel_abandons_the_run_and_keeps_the_window_responsive(qtbot, window):
    release, started = threading.Event(), threading.Event()

    def slow(project, **options):
        started.set()
        release.wait(30)
        return build_report(project, **options)

    view = AgreementWindow(window.session, compute=slow, parent=window)
    qtbot.addWidget(view)
    view.show()
    job = view.compute(seed=1)
    try:
        qtbot.waitUntil(started.is_set)
        assert view.cancel_button.isVisible() and not view.compute_button.isEnabled()
        with qtbot.waitSignal(view.cancelled):
            qtbot.mouseClick(view.cancel_button, Qt.LeftButton)
        assert view.compute_button.isEnabled() and not view.busy.isVisible()
        assert "Cancelled" in view.status_label.text()
        with qtbot.assertNotEmitted(view.computed):
            with qtbot.waitSignal(job.thread.finished, timeout=30000):
                release.set()
        assert view.report is None            # the abandoned result was thrown away
    finally:
        release.set()
        wait_for_jobs()


def test_fewer_than_two_coders_is_refused_before_computing(qtbot, window):
    view = AgreementWindow(window.session, parent=window)
    qtbot.addWidget(view)
    view.set_coders(["Ana"])
    assert view.compute() is None
    assert "two coders" in view.status_label.text()


def test_the_coder_list_leaves_gold_unticked_and_updates_when_gold_appears(qtbot, window, sample_project):
    from annotator.adjudication import AcceptAnnotation

    view = AgreementWindow(window.session, parent=window)
    qtbot.addWidget(view)
    assert sorted(view.chosen_coders()) == ["Ana", "Ben"]
    ana = sample_project.annotations(coder="Ana")[0]
    with qtbot.waitSignal(window.session.changed):
        window.session.push(AcceptAnnotation(ana.uuid))
    names = [view.coder_list.item(i).data(Qt.UserRole) for i in range(view.coder_list.count())]
    assert "gold" in names and "gold" not in view.chosen_coders()


def test_models_pass_qtmodeltester(qtmodeltester, agreement):
    for model in (agreement.overall_model, agreement.code_model, agreement.heat_model, agreement.document_model,
                  agreement.confusion_model, agreement.disagreement_model):
        qtmodeltester.check(model)


def test_tree_model_nests_groups(qtmodeltester):
    rows = [(0, [cells.Cell("group")]), (1, [cells.Cell("a")]), (1, [cells.Cell("b")]), (2, [cells.Cell("b1")]),
            (0, [cells.Cell("c")])]
    model = cells.CellTreeModel(["Code"], rows)
    qtmodeltester.check(model)
    group = model.index(0, 0)
    assert model.rowCount() == 2 and model.rowCount(group) == 2
    b = model.index(1, 0, group)
    assert b.data() == "b" and model.index(0, 0, b).data() == "b1" and model.parent(b) == group


def test_sorting_documents_by_a_value_orders_by_the_number(qtbot, agreement):
    view = agreement.document_view
    column = next(c for c in range(view.model().columnCount()) if view.model().headerData(c, Qt.Horizontal) == "uα")
    view.sortByColumn(column, Qt.DescendingOrder)
    values = [float(view.model().index(r, column).data().split()[0]) for r in range(view.model().rowCount())]
    assert values == sorted(values, reverse=True) and len(values) == 6
    disagreements = agreement.disagreement_view
    disagreements.sortByColumn(1, Qt.AscendingOrder)
    where = [disagreements.model().index(r, 0).data(cells.PAYLOAD_ROLE)
             for r in range(disagreements.model().rowCount())]
    assert where == sorted(where, key=lambda w: (agreement.session.project.document(w[0]).name, w[1]))


def test_the_document_table_reads_the_table_of_measures(sample_project, monkeypatch):
    """A measure added to the table's document level is a column of the app's document table,
    under its short heading; the counting column reads the table, not the key's spelling."""
    from annotator import agreement as ag
    from annotator.report import measures
    from ui.agreement import agreement_models as am

    scott = measures.Measure("scott_none", "Scott's π", "Scott's pi.", "document",
                             lambda s: measures.safe(ag.scott_pi, s.matrices["none"], "Scott's pi"), "scott",
                             counting="none", short="π")
    monkeypatch.setattr(measures, "MEASURES", measures.MEASURES + (scott,))
    report = build_report(sample_project, seed=SEED, bootstrap=0)
    headers = am.document_headers(report)
    shown = [h.replace("\n", " ").removesuffix(" (coverage)") for h in headers[3:]]   # two lines, coverage said
    assert shown == [m.short or m.label for m in measures.at("document")] and headers[-1] == "π"
    rows = am.document_rows(report)
    assert all(row[-1].text not in ("", "undefined") for row in rows)
    figure = next(f for f in report.by_document[0].figures if f.key == "scott_none")
    assert am.counting(figure) == "uncoded text as a value"


def test_the_assisted_coding_tab_shows_shares_and_figures_without_suggested(qtbot, window, sample_project):
    view = AgreementWindow(window.session, window.text_view, parent=window)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.computed, timeout=30000):
        view.compute(seed=SEED)
    assert view.assisted_view.isHidden() and "No annotation" in view.assisted_note.text()
    from annotator.suggestions import AddSuggestions, Offer
    anas = {(a.document_id, a.start, a.end, a.code_id) for a in sample_project.annotations(coder="Ana")}
    ben = [a for a in sample_project.annotations(coder="Ben")          # Ben's spans offered to Ana, as rules
           if (a.document_id, a.start, a.end, a.code_id) not in anas][:3]
    sample_project.apply(AddSuggestions(sample_project.coder("Ana").id, "rules",
                                        [Offer(a.document_id, a.start, a.end, a.code_id) for a in ben]))
    accepted = [s.id for s in sample_project.suggestions("Ana")][:3]
    assert sample_project.decide_suggestions(accepted, accept=True) == 3
    with qtbot.waitSignal(view.computed, timeout=30000):
        view.compute(seed=SEED)
    wait_for_jobs()
    expected = build_report(sample_project, coders=["Ben", "Ana"], seed=SEED)
    ana = next(r for r in range(view.assisted_model.rowCount()) if view.assisted_model.index(r, 0).data() == "Ana")
    assert [view.assisted_model.index(ana, c).data() for c in (2, 4)] == ["3", "rules 3"]
    model = view.comparison_model
    row = row_of(model, "u_alpha")
    without = next(f for f in expected.assistance.without if f.key == "u_alpha")
    assert model.index(row, 2).data() == f"{expected.figure('u_alpha').value:.3f}"
    assert model.index(row, 3).data() == f"{without.value:.3f}"
    counted = [model.index(r, 1).data() for r in range(model.rowCount())
               if model.index(r, 0).data() == "percent agreement"]
    assert counted == ["uncoded text as a value", "coded text only"]      # each variant says which it is
    assert not view.comparison_view.isHidden() and "without suggested" in view.assisted_note.text()


def test_the_round_selector_reports_one_round_as_build_report_does(qtbot, window, sample_project, tmp_path):
    from annotator.merging import merge
    from annotator.rounds import make_round

    made = make_round(sample_project, "pilot", tmp_path / "pilot", ["Cleo", "Dev"], sample=3, seed=4)  # new coders
    for name, path in made.packages:
        with Project.open(path) as package:
            for i, doc in enumerate(package.documents()):
                package.annotate(doc, 0, 10 + (i if name == "Dev" else 0), "claim", name)
    merge(sample_project, [path for _, path in made.packages])
    view = AgreementWindow(window.session, window.text_view, parent=window)
    qtbot.addWidget(view)
    view.show()
    combo = view.round_combo
    assert [combo.itemData(i) for i in range(combo.count())] == [None, "pilot"] and view.coder_list.isEnabled()
    view.set_round("pilot")
    assert not view.coder_list.isEnabled()      # the round's coders are compared
    with qtbot.waitSignal(view.computed, timeout=30000):
        view.compute(seed=SEED)
    expected = build_report(sample_project, round="pilot", seed=SEED)
    assert view.report.round == expected.round and view.report.documents == expected.documents
    row = row_of(view.overall_model, "u_alpha")
    assert view.overall_model.index(row, 2).data() == f"{expected.figure('u_alpha').value:.3f}"
    assert "Round 'pilot'" in view.status_label.text()
    wait_for_jobs()


def test_compute_gamma_adds_gamma_overall_and_per_document_with_seed_and_samples(qtbot, window, sample_project,
                                                                                 monkeypatch):
    from ui.agreement import agreement_window

    monkeypatch.setattr(agreement_window, "GAMMA_SAMPLES", 3)   # few samples: the test stays quick
    view = AgreementWindow(window.session, window.text_view, parent=window)
    qtbot.addWidget(view)
    view.show()
    assert not view.gamma_check.isChecked()                     # off by default: γ takes time
    view.gamma_check.setChecked(True)
    with qtbot.waitSignal(view.computed, timeout=60000):
        job = view.compute(seed=SEED)
    assert job is not None and view.report.gamma.n_samples == 3
    expected = build_report(sample_project, coders=["Ben", "Ana"], seed=SEED, bootstrap=1000, gamma_samples=3)
    model = view.overall_model
    for key in ("gamma", "gamma_cat"):
        row = row_of(model, key)
        assert model.index(row, 2).data() == f"{expected.figure(key).value:.3f}"
        assert model.index(row, 1).data() == f"3 chance continua, seed {SEED}"
    headers = [model_header.replace("\n", " ") for model_header in
               (view.document_model.headerData(c, Qt.Horizontal) for c in range(view.document_model.columnCount()))]
    assert headers[-2:] == ["γ", "γ-cat"]
    first = expected.by_document[0]
    gamma = next(f for f in first.figures if f.key == "gamma")
    source = view.document_model
    row = next(r for r in range(source.rowCount()) if source.index(r, 0).data(cells.PAYLOAD_ROLE) == first.id)
    assert source.index(row, source.columnCount() - 2).data() == f"{gamma.value:.3f}"
    assert f"γ: 3 chance continua, seed {SEED}" in view.status_label.text()
    codes = view.code_model
    code_headers = [str(codes.headerData(c, Qt.Horizontal)) for c in range(codes.columnCount())]
    assert code_headers[-1] == "γ-k"                                  # per code, beside the code's other figures
    shown = {codes.index(r, 0).data(): codes.index(r, codes.columnCount() - 1) for r in range(codes.rowCount())}
    leaf = next(c for c in expected.by_code if c.depth == 0 and not c.is_group
                and next(f for f in c.figures if f.key == "gamma_k").value is not None)
    gamma_k = next(f for f in leaf.figures if f.key == "gamma_k")
    aligned = f"{gamma_k.result.coverage:.0%}"                         # the share of its spans γ aligned
    assert shown[leaf.label].data() == f"{gamma_k.value:.3f}  ({aligned} aligned)"
    assert "γ-k" in shown[leaf.label].data(Qt.ToolTipRole) and f"{aligned} of the code's spans" in \
        shown[leaf.label].data(Qt.ToolTipRole)
    view.gamma_check.setChecked(False)
    with qtbot.waitSignal(view.computed, timeout=60000):
        view.compute(seed=SEED)
    assert view.report.gamma is None and "γ" not in "".join(
        str(view.document_model.headerData(c, Qt.Horizontal)) for c in range(view.document_model.columnCount()))
    assert "γ-k" not in [str(codes.headerData(c, Qt.Horizontal)) for c in range(codes.columnCount())]
    wait_for_jobs()


def test_the_trend_button_shows_two_rounds_as_a_table_and_a_chart(qtbot, window, sample_project, tmp_path):
    from annotator.merging import merge
    from annotator.rounds import make_round
    from annotator.trend_data import trend

    for name, seed, coders in (("pilot", 4, ["Cleo", "Dev"]), ("main", 5, ["Eli", "Fay"])):   # each codes afresh
        made = make_round(sample_project, name, tmp_path / name, coders, sample=3, seed=seed)
        for coder, path in made.packages:
            with Project.open(path) as package:
                for i, doc in enumerate(package.documents()):
                    package.annotate(doc, 0, 10 + (i if coder == coders[1] else 0), "claim", coder)
        merge(sample_project, [path for _, path in made.packages])
    view = AgreementWindow(window.session, window.text_view, parent=window)
    qtbot.addWidget(view)
    view.show()
    qtbot.mouseClick(view.trend_button, Qt.LeftButton)   # opens the window; the seed is drawn
    shown = view.trend_window
    with qtbot.waitSignal(shown.shown, timeout=60000):
        view.show_trend(seed=SEED)
    assert shown.isVisible()
    expected = trend(sample_project, bootstrap=1000, seed=SEED)
    table = shown.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["pilot", "main"]
    u_alpha = [row.report.figure("u_alpha") for row in expected]
    assert [table.item(r, 2).text() for r in range(2)] == \
        [f"{f.value:.3f} [{f.ci.low:.3f}, {f.ci.high:.3f}]" for f in u_alpha]
    [axes] = shown.figure.axes
    [points] = [line for line in axes.get_lines() if line.get_gid() == "trend-u_alpha"]
    assert list(points.get_ydata()) == [f.value for f in u_alpha]
    assert [t.get_text() for t in axes.get_xticklabels()] == ["pilot", "main"]
    assert f"seed {SEED}" in shown.note.text()
    wait_for_jobs()
