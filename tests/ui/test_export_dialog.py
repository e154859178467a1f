"""File › Export… and File › Export Codebook…: every registered format, coder and code choices
read back from the files, Cancel and refusals that leave every file as it was, the result with
Show in Folder (the opener is replaced: nothing is launched)."""
from __future__ import annotations

import csv
import json
import threading
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton

from annotator.formats.registry import WRITERS, writer
from ui.exporting import places, running

FAMILIES = ("csv", "xlsx", "jsonl", "qdpx", "brat", "bundle", "prodigy", "spacy", "html")


def open_export(qtbot, window, action="exportAction"):
    from PySide6.QtGui import QAction

    window.findChild(QAction, action).trigger()
    dialog = window.export_dialog if action == "exportAction" else window.codebook_export_dialog
    assert dialog.isVisible()
    return dialog


def answer_file(monkeypatch, path: Path, asked: list | None = None):
    def choose_file(parent, title, suggested, file_filter, suffix):
        if asked is not None:
            asked.append((suggested, file_filter, suffix))
        return path
    monkeypatch.setattr(places, "choose_file", choose_file)
    monkeypatch.setattr(places, "choose_folder", lambda parent, title, start: path)


def run_export(qtbot, dialog) -> str:
    dialog.export_button.click()
    run = dialog.run
    assert run is not None, "the Export button started nothing"
    with qtbot.waitSignal(run.ended, timeout=60_000) as ended:
        pass
    return ended.args[0]


def done_dialog(window):
    dialog = window.findChild(QDialog, "exportDone")
    assert dialog is not None and dialog.isVisible()
    return dialog


def expected(project, coder: str, left_out: str) -> Counter:
    """(document, code, start, end) of one coder's annotations, without one code."""
    names = {d.id: d.name for d in project.documents()}
    codes = {c.id: c.name for c in project.codes()}
    return Counter((names[a.document_id], codes[a.code_id], a.start, a.end)
                   for a in project.annotations(coder=coder) if codes[a.code_id] != left_out)


def read_back(fmt: str, out: Path, project) -> tuple[set, Counter]:
    """(coders, Counter of (document, code, start, end)) in an export."""
    return READERS[fmt](out, project)


def _csv(out, _project):
    rows = list(csv.DictReader(open(out, encoding="utf-8", newline="")))
    return {r["coder"] for r in rows}, Counter((r["document"], r["code"], int(r["start"]), int(r["end"])) for r in rows)


def _xlsx(out, _project):
    from openpyxl import load_workbook

    rows = list(load_workbook(out, read_only=True)["segments"].iter_rows(values_only=True))
    header = rows[0]
    rows = [dict(zip(header, row)) for row in rows[1:]]
    return {r["coder"] for r in rows}, Counter((r["document"], r["code"], r["start"], r["end"]) for r in rows)


def _jsonl(out, _project):
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    spans = [(line["document"], s) for line in lines for s in line["spans"]]
    return {s["coder"] for _d, s in spans}, Counter((d, s["code"], s["start"], s["end"]) for d, s in spans)


def _prodigy(out, _project):
    tasks = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    return ({t["meta"]["coder"] for t in tasks},
            Counter((t["meta"]["source"], s["label"], s["start"], s["end"]) for t in tasks for s in t["spans"]))


def _spacy(out, project):
    import spacy
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(out).get_docs(spacy.blank(project.language).vocab))
    data = [doc.user_data["annotator"] for doc in docs]
    return {d["coder"] for d in data}, Counter((d["document"], s[2], s[0], s[1]) for d in data for s in d["spans"])


def _qdpx(out, _project):
    from annotator.formats.qdpx_import import read_qdpx

    imported = read_qdpx(out)
    codes = {c.key: c.name for c in imported.codes}
    coders = {key: coder.name for key, coder in imported.coders.items()}
    codings = [(d.name, c) for d in imported.documents for c in d.codings]
    return ({coders.get(c.coder, c.coder) for _d, c in codings},
            Counter((d, codes[c.code], c.start, c.end) for d, c in codings))


def _brat(out, project):
    from annotator.formats.brat import parse_ann

    found = Counter()
    by_stem = {Path(d.name).stem: d.name for d in project.documents()}
    for ann in out.glob("*/*.ann"):
        for item in parse_ann(ann.read_text("utf-8")):
            found[(by_stem[ann.stem], item["type"].replace("_", " "), item["fragments"][0][0],
                   item["fragments"][-1][1])] += 1
    return {folder.name for folder in out.iterdir() if folder.is_dir()}, found


def _html(out, project):
    import re

    page = out.read_text("utf-8")
    titles = re.findall(r'title="([^"]*)"', page)
    coders = {m for title in titles for m in re.findall(r"\(([^)]*)\)", title)}
    codes = {m.strip() for title in titles for part in title.split(";") for m in [part.rsplit("(", 1)[0]]}
    return coders, Counter({(None, code, 0, 0): 1 for code in codes})


def _bundle(out, _project):
    return _csv(out / "segments.csv", _project)


READERS = {"csv": _csv, "xlsx": _xlsx, "jsonl": _jsonl, "prodigy": _prodigy, "spacy": _spacy, "qdpx": _qdpx,
           "brat": _brat, "bundle": _bundle, "html": _html}


# ---------------------------------------------------------------- the dialog

def test_ctrl_e_opens_the_export_dialog_with_every_registered_writer(qtbot, window):
    keys = [key.toString() for action in window.actions() for key in action.shortcuts()]
    assert keys.count("Ctrl+E") == 1, "Ctrl+E clashes with another action"
    qtbot.keyClick(window, Qt.Key_E, Qt.ControlModifier)
    dialog = window.findChild(QDialog, "exportDialog")
    assert dialog is not None and dialog.isVisible()
    formats = dialog.formats
    rows = [(formats.topLevelItem(i).text(0), formats.topLevelItem(i).text(2))
            for i in range(formats.topLevelItemCount())]
    assert rows == [(w.name, w.label) for w in WRITERS]
    file_menu = [a.objectName() for a in window.menu("File").actions()]
    assert file_menu.index("exportAction") + 1 == file_menu.index("exportCodebookAction")


def test_each_format_shows_only_its_own_options(qtbot, window):
    dialog = open_export(qtbot, window)
    shown = {}
    for w in WRITERS:
        dialog.choose_format(w.name)
        options = dialog.options
        shown[w.name] = {name for name, part in (("raw", options.raw), ("positions", options.positions),
                                                 ("span_key", options.span_key)) if part.isVisibleTo(options)}
    assert shown == {w.name: set(w.options) for w in WRITERS}
    assert shown["csv"] == shown["xlsx"] == {"raw"} and shown["qdpx"] == {"positions"}


def test_raw_cells_warn_in_plain_words_and_reach_the_file(qtbot, window, tmp_path, monkeypatch):
    project = window.project
    document = project.documents()[0]
    project.annotate(document, 0, 4, "claim", "Ana", memo="=HYPERLINK(\"x\")")
    dialog = open_export(qtbot, window)
    assert not dialog.options.raw_warning.isVisibleTo(dialog)
    dialog.options.raw_check.setChecked(True)
    assert dialog.options.raw_warning.isVisibleTo(dialog) and "formula" in dialog.options.raw_warning.text()
    out = tmp_path / "raw.csv"
    answer_file(monkeypatch, out)
    assert run_export(qtbot, dialog) == "written"
    memos = [row["memo"] for row in csv.DictReader(open(out, encoding="utf-8", newline=""))]
    assert "=HYPERLINK(\"x\")" in memos


@pytest.mark.parametrize("fmt", FAMILIES)
def test_an_export_through_the_dialog_takes_only_the_chosen_coder_and_codes(qtbot, window, tmp_path, monkeypatch,
                                                                             fmt):
    project = window.project
    folder = writer(fmt).folder
    out = tmp_path / "exports" / (fmt if folder else f"ana.{fmt}")
    out.parent.mkdir()
    if folder:
        (out.parent / "other file.txt").write_text("a folder in use")   # not empty: a new folder goes inside
    dialog = open_export(qtbot, window)
    dialog.choose_format(fmt)
    dialog.coders.choose(["Ana"])
    dialog.codes.chosen_button.setChecked(True)
    dialog.codes.set_checked(project.code("attack").id, False)
    assert "by the chosen coders" in dialog.summary.text()
    answer_file(monkeypatch, out.parent if folder else out)
    assert run_export(qtbot, dialog) == "written"
    written = out.parent / f"s {fmt}" if folder else out
    coders, found = read_back(fmt, written, project)
    assert coders == {"Ana"}
    want = expected(project, "Ana", "attack")
    if fmt == "html":      # the page holds marks, not offsets per annotation: the codes shown are the test
        assert {code for _d, code, _s, _e in found} == {code for _d, code, _s, _e in want}
    else:
        assert found == want
    done = done_dialog(window)
    assert Path(done.path_edit.text()) == written and not dialog.isVisible()
    assert f"({fmt})" in done.headline.text()


def test_sub_codes_follow_their_parent_and_can_then_be_chosen_alone(qtbot, window, tmp_path, monkeypatch):
    project = window.project
    stance = project.add_code("stance", codable=False)
    support, oppose = project.add_code("support", parent=stance), project.add_code("oppose", parent=stance)
    document = project.documents()[0]
    project.annotate(document, 0, 4, support, "Ana")
    project.annotate(document, 5, 9, oppose, "Ana")
    dialog = open_export(qtbot, window)
    codes = dialog.codes
    codes.chosen_button.setChecked(True)
    checked = lambda: {item.text(0) for item in codes.items() if item.checkState(0) == Qt.Checked}  # noqa: E731
    codes.set_checked(stance.id, False)
    assert not {"stance", "support", "oppose"} & checked()
    codes.set_checked(stance.id, True)
    assert {"stance", "support", "oppose"} <= checked()
    for code in project.codes():
        codes.set_checked(code.id, False)
    codes.set_checked(oppose.id, True)                     # a sub-code alone, its parent left unticked
    assert checked() == {"oppose"}
    out = tmp_path / "oppose.csv"
    answer_file(monkeypatch, out)
    assert run_export(qtbot, dialog) == "written"
    rows = list(csv.DictReader(open(out, encoding="utf-8", newline="")))
    assert [(r["code_path"], r["start"]) for r in rows] == [("stance > oppose", "5")]


def test_nothing_ticked_is_refused_before_asking_for_a_file(qtbot, window, monkeypatch):
    asked = []
    answer_file(monkeypatch, Path("unused.csv"), asked)
    dialog = open_export(qtbot, window)
    dialog.coders.choose([])
    assert not dialog.export_button.isEnabled() and "Tick at least one coder" in dialog.summary.text()
    dialog.coders.all_button.setChecked(True)
    dialog.codes.chosen_button.setChecked(True)
    for code in window.project.codes():
        dialog.codes.set_checked(code.id, False)
    assert not dialog.export_button.isEnabled() and "Tick at least one code" in dialog.summary.text()
    assert dialog.export() is None and asked == []


def test_the_gold_layer_alone_is_offered_once_the_project_has_one(qtbot, window, tmp_path, monkeypatch):
    from annotator.adjudication import AcceptAnnotation

    dialog = open_export(qtbot, window)
    assert not dialog.coders.gold_button.isVisibleTo(dialog)
    dialog.reject()
    ana = window.project.annotations(coder="Ana")[:3]
    for annotation in ana:
        window.session.push(AcceptAnnotation(annotation.uuid))
    dialog = open_export(qtbot, window)
    assert dialog.coders.gold_button.isVisibleTo(dialog)
    dialog.coders.gold_button.setChecked(True)
    out = tmp_path / "gold.csv"
    answer_file(monkeypatch, out)
    assert run_export(qtbot, dialog) == "written"
    rows = list(csv.DictReader(open(out, encoding="utf-8", newline="")))
    assert {r["coder"] for r in rows} == {"gold"} and len(rows) == 3


def test_show_in_folder_opens_the_folder_of_the_file_and_the_folder_is_remembered(qtbot, window, tmp_path,
                                                                                  monkeypatch):
    out = tmp_path / "kept here" / "first.jsonl"
    out.parent.mkdir()
    asked = []
    answer_file(monkeypatch, out, asked)
    dialog = open_export(qtbot, window)
    dialog.choose_format("jsonl")
    assert run_export(qtbot, dialog) == "written"
    assert asked[0][0] == window.project.path.parent / "s.jsonl" and asked[0][2] == ".jsonl"
    done = done_dialog(window)
    opened = []
    done.opener = opened.append
    done.show_button.click()
    assert opened == [QUrl.fromLocalFile(str(out.parent))]
    done.close()
    dialog = open_export(qtbot, window)
    dialog.choose_format("prodigy")
    run_export(qtbot, dialog)
    assert asked[1][0] == out.parent / "s prodigy.jsonl"          # the folder last written to


def test_the_writers_notes_are_shown_with_the_result(qtbot, window, tmp_path, monkeypatch):
    project = window.project
    document = project.documents()[0]
    project.annotate(document, 1, 3, "claim", "Ana")           # cuts a word: spaCy widens it to the token
    out = tmp_path / "o.spacy"
    answer_file(monkeypatch, out)
    dialog = open_export(qtbot, window)
    dialog.choose_format("spacy")
    dialog.options.span_key_edit.setText("claims")
    assert run_export(qtbot, dialog) == "written"
    notes = done_dialog(window).notes
    assert notes.isVisibleTo(done_dialog(window)) and "token boundaries" in notes.toPlainText()
    assert 'doc.spans["claims"]' in notes.toPlainText()


# ---------------------------------------------------------------- Cancel and refusals

def test_cancel_writes_nothing_and_leaves_the_file_it_would_replace(qtbot, window, tmp_path, monkeypatch):
    out = tmp_path / "kept.xlsx"
    out.write_bytes(b"last week's export")
    reached, go_on = threading.Event(), threading.Event()
    real = running.export

    def slowly(project, fmt, target, progress, cancelled, **options):
        def step(*report):           # the user presses Cancel while the first document is reported
            progress(*report)
            reached.set()
            go_on.wait(30)
        return real(project, fmt, target, progress=step, cancelled=cancelled, **options)

    monkeypatch.setattr(running, "export", slowly)
    answer_file(monkeypatch, out)
    dialog = open_export(qtbot, window)
    dialog.choose_format("xlsx")
    dialog.export_button.click()
    run = dialog.run
    qtbot.waitUntil(reached.is_set, timeout=30_000)
    with qtbot.waitSignal(run.ended, timeout=30_000) as ended:
        run.job.dialog.findChild(QPushButton).click()          # the progress dialog's Cancel button
        go_on.set()
    assert ended.args == ["cancelled"]
    assert out.read_bytes() == b"last week's export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.xlsx", "s.annot"]   # no temporary file left
    assert window.findChild(QDialog, "exportDone") is None and dialog.isVisible()
    assert window.statusBar().currentMessage() == running.CANCELLED_NOTE


def test_the_project_file_as_output_is_refused_in_one_sentence_and_left_as_it_was(qtbot, window, monkeypatch):
    path = window.project.path
    before = path.read_bytes()
    answer_file(monkeypatch, path)
    dialog = open_export(qtbot, window)
    assert run_export(qtbot, dialog) == "failed"
    box = dialog.findChild(QMessageBox, "exportError")
    assert box is not None and box.isVisible()
    assert "project" in box.text() and "Traceback" not in box.text() and box.text().count("\n") == 0
    assert path.read_bytes() == before and dialog.isVisible()


def test_a_folder_given_as_a_file_is_refused_with_a_message(qtbot, window, tmp_path, monkeypatch):
    answer_file(monkeypatch, tmp_path)
    dialog = open_export(qtbot, window)
    assert run_export(qtbot, dialog) == "failed"
    assert "is a folder" in dialog.findChild(QMessageBox, "exportError").text()


# ---------------------------------------------------------------- Export Codebook

@pytest.mark.parametrize("fmt", ["qdc", "json", "md", "html"])
def test_export_codebook_writes_each_format(qtbot, window, tmp_path, monkeypatch, fmt):
    out = tmp_path / f"book.{fmt}"
    asked = []
    answer_file(monkeypatch, out, asked)
    dialog = open_export(qtbot, window, "exportCodebookAction")
    dialog.choose_format(fmt)
    assert run_export(qtbot, dialog) == "written"
    assert asked[0][0].name == f"s codebook.{fmt}" and asked[0][2] == f".{fmt}"
    names = [c.name for c in window.project.codes()]
    text = out.read_text("utf-8")
    if fmt == "json":
        assert [c["name"] for c in json.loads(text)["codes"]] == names
    else:
        assert all(name in text for name in names)
    done = done_dialog(window)
    assert f"{len(names)} codes ({fmt})" in done.headline.text()
    if fmt == "qdc":           # the sample's code keys have no place in REFI-QDA: said, not dropped in silence
        assert "Not in this format" in done.notes.toPlainText()


def test_export_codebook_refuses_a_project_file_even_with_a_codebook_suffix(qtbot, window, tmp_path, monkeypatch):
    from annotator import Project

    path = tmp_path / "other study.qdc"
    Project.create(path).close()
    before = path.read_bytes()
    answer_file(monkeypatch, path)
    dialog = open_export(qtbot, window, "exportCodebookAction")
    assert run_export(qtbot, dialog) == "failed"
    assert "is an annotator project" in dialog.findChild(QMessageBox, "exportError").text()
    assert path.read_bytes() == before


# ---------------------------------------------------------------- places

def test_a_brat_folder_goes_into_an_empty_folder_or_a_new_one_inside(tmp_path, qt_settings, monkeypatch):
    project = tmp_path / "study.annot"
    empty, used = tmp_path / "empty", tmp_path / "used"
    empty.mkdir()
    used.mkdir()
    (used / "study brat").mkdir()
    monkeypatch.setattr(places, "choose_folder", lambda parent, title, start: empty)
    assert places.folder_output(None, places.EXPORT_KEY, project, "brat") == empty
    monkeypatch.setattr(places, "choose_folder", lambda parent, title, start: used)
    assert places.folder_output(None, places.EXPORT_KEY, project, "brat") == used / "study brat 2"
    assert places.last_folder(places.EXPORT_KEY, project) == used


def test_zip_of_a_qdpx_export_is_whole(qtbot, window, tmp_path, monkeypatch):
    out = tmp_path / "whole.qdpx"
    answer_file(monkeypatch, out)
    dialog = open_export(qtbot, window)
    dialog.choose_format("qdpx")
    dialog.options.codepoints_button.setChecked(True)
    assert run_export(qtbot, dialog) == "written"
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None and "code-point positions" in archive.read("project.qde").decode()


def test_the_shortcut_is_in_the_shortcut_table(window):
    rows = window.shortcut_rows(codes=False)
    assert ("File", "Export", QKeySequence("Ctrl+E").toString(QKeySequence.NativeText)) in rows
